using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// An <see cref="ICalibrationStore"/> in RAM, holding the serialized record exactly as a
    /// persistent store would (so it exercises the same format). For boards without storage and
    /// for tests; <see cref="Record"/> lets a test corrupt it.
    /// </summary>
    public sealed class MemoryCalibrationStore : ICalibrationStore
    {
        private byte[] _record;

        /// <summary>The stored record (null when empty); settable to simulate a damaged store.</summary>
        public byte[] Record
        {
            get { return _record; }
            set { _record = value; }
        }

        /// <inheritdoc/>
        public AnomalyCalibration Load()
        {
            byte[] record = _record;
            return record == null ? null : AnomalyCalibration.FromBytes(record, 0, record.Length);
        }

        /// <inheritdoc/>
        public void Save(AnomalyCalibration calibration)
        {
            if (calibration == null)
            {
                throw new ArgumentNullException("calibration");
            }
            _record = calibration.ToBytes();
        }

        /// <inheritdoc/>
        public void Clear()
        {
            _record = null;
        }
    }
}
