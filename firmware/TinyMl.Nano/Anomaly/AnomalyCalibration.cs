using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// The result of a calibration: statistics of the normal scores and the two thresholds,
    /// tied to the model it was measured with (<see cref="ModelFingerprint"/>), so a new model
    /// never runs with an old threshold. <see cref="ToBytes"/> / <see cref="FromBytes"/> give
    /// the 52-byte record the calibration stores keep: "TNAC", version 1, fingerprint, window
    /// count, mean, sigma, enter, exit (IEEE doubles), little-endian, then a CRC-32 of the rest.
    /// A calibration that carries this machine's feature levels (<see cref="Baseline"/>) is a
    /// version 2 record: the same 48 bytes, the <see cref="HealthyBaseline"/> record, then the CRC.
    /// </summary>
    public sealed class AnomalyCalibration
    {
        /// <summary>Bytes of a serialized calibration.</summary>
        public const int SerializedSize = 52;

        private const int Magic = 0x43414E54; // "TNAC" little-endian
        private const int FormatVersion = 1;
        private const int BaselineFormatVersion = 2;

        /// <summary>Largest record a store must accept (a version 2 record of 4096 features).</summary>
        public const int MaxSerializedSize = 52 + 4 + 4 * 4096;

        private readonly int _modelFingerprint;
        private readonly int _windowCount;
        private readonly double _mean;
        private readonly double _sigma;
        private readonly double _enter;
        private readonly double _exit;
        private readonly HealthyBaseline _baseline;

        /// <summary>Creates a calibration; thresholds must be finite with 0 &lt;= exit &lt;= enter.</summary>
        public AnomalyCalibration(int modelFingerprint, int windowCount, double mean, double sigma, double enterThreshold, double exitThreshold)
            : this(modelFingerprint, windowCount, mean, sigma, enterThreshold, exitThreshold, null)
        {
        }

        /// <summary>A calibration that also carries this machine's healthy feature levels (may be null).</summary>
        public AnomalyCalibration(int modelFingerprint, int windowCount, double mean, double sigma, double enterThreshold, double exitThreshold, HealthyBaseline baseline)
        {
            if (windowCount < 1)
            {
                throw new ArgumentOutOfRangeException("windowCount", "a calibration needs at least one window, got " + windowCount.ToString());
            }
            if (!IsFinite(mean) || !IsFinite(sigma) || sigma < 0)
            {
                throw new ArgumentOutOfRangeException("sigma", "mean and sigma must be finite and sigma >= 0");
            }
            if (!IsFinite(enterThreshold) || !IsFinite(exitThreshold) || exitThreshold < 0 || exitThreshold > enterThreshold)
            {
                throw new ArgumentOutOfRangeException("exitThreshold", "thresholds must be finite with 0 <= exit <= enter; got enter " + enterThreshold.ToString() + ", exit " + exitThreshold.ToString());
            }
            _modelFingerprint = modelFingerprint;
            _windowCount = windowCount;
            _mean = mean;
            _sigma = sigma;
            _enter = enterThreshold;
            _exit = exitThreshold;
            _baseline = baseline;
        }

        /// <summary>This machine's healthy feature levels, or null (a calibration of the score only).</summary>
        public HealthyBaseline Baseline { get { return _baseline; } }

        /// <summary>Identifies the model (see <see cref="FingerprintOf"/>).</summary>
        public int ModelFingerprint { get { return _modelFingerprint; } }

        /// <summary>Windows the statistics come from.</summary>
        public int WindowCount { get { return _windowCount; } }

        /// <summary>Mean score of the calibration windows.</summary>
        public double Mean { get { return _mean; } }

        /// <summary>Population standard deviation of the calibration scores.</summary>
        public double Sigma { get { return _sigma; } }

        /// <summary>A window scoring above this is anomalous.</summary>
        public double EnterThreshold { get { return _enter; } }

        /// <summary>An alarm clears after windows scoring below this.</summary>
        public double ExitThreshold { get { return _exit; } }

        /// <summary>
        /// A model's fingerprint: the CRC-32 its .tnm header carries (<see cref="Model.Checksum"/>),
        /// which covers every weight, so retraining or recompiling changes it.
        /// </summary>
        public static int FingerprintOf(Model model)
        {
            if (model == null)
            {
                throw new ArgumentNullException("model");
            }
            return model.Checksum;
        }

        /// <summary>The 52-byte record (version 1), or the version 2 record with the baseline.</summary>
        public byte[] ToBytes()
        {
            int crcAt = _baseline == null ? 48 : 48 + HealthyBaseline.SerializedSizeOf(_baseline.FeatureCount);
            byte[] b = new byte[crcAt + 4];
            PutInt(b, 0, Magic);
            PutInt(b, 4, _baseline == null ? FormatVersion : BaselineFormatVersion);
            PutInt(b, 8, _modelFingerprint);
            PutInt(b, 12, _windowCount);
            PutLong(b, 16, BitConverter.DoubleToInt64Bits(_mean));
            PutLong(b, 24, BitConverter.DoubleToInt64Bits(_sigma));
            PutLong(b, 32, BitConverter.DoubleToInt64Bits(_enter));
            PutLong(b, 40, BitConverter.DoubleToInt64Bits(_exit));
            if (_baseline != null)
            {
                _baseline.WriteTo(b, 48);
            }
            PutInt(b, crcAt, (int)Crc32.Compute(b, 0, crcAt));
            return b;
        }

        /// <summary>
        /// Reads a record written by <see cref="ToBytes"/>; returns null when it is not one
        /// (wrong length, magic, version or CRC, or values out of range): a store then
        /// simply has no calibration and the detector calibrates again.
        /// </summary>
        public static AnomalyCalibration FromBytes(byte[] b, int offset, int count)
        {
            if (b == null || offset < 0 || count < SerializedSize || count > MaxSerializedSize || offset > b.Length - count)
            {
                return null;
            }
            int version = GetInt(b, offset + 4);
            if (GetInt(b, offset) != Magic || (version != FormatVersion && version != BaselineFormatVersion))
            {
                return null;
            }
            HealthyBaseline baseline = null;
            if (version == FormatVersion ? count != SerializedSize : count < SerializedSize + 8)
            {
                return null;
            }
            int crcAt = count - 4;
            if ((int)Crc32.Compute(b, offset, crcAt) != GetInt(b, offset + crcAt))
            {
                return null;
            }
            if (version == BaselineFormatVersion)
            {
                baseline = HealthyBaseline.ReadFrom(b, offset + 48, crcAt - 48);
                if (baseline == null || HealthyBaseline.SerializedSizeOf(baseline.FeatureCount) != crcAt - 48)
                {
                    return null;
                }
            }
            int windows = GetInt(b, offset + 12);
            double mean = BitConverter.Int64BitsToDouble(GetLong(b, offset + 16));
            double sigma = BitConverter.Int64BitsToDouble(GetLong(b, offset + 24));
            double enter = BitConverter.Int64BitsToDouble(GetLong(b, offset + 32));
            double exit = BitConverter.Int64BitsToDouble(GetLong(b, offset + 40));
            if (windows < 1 || !IsFinite(mean) || !IsFinite(sigma) || sigma < 0 || !IsFinite(enter) || !IsFinite(exit) || exit < 0 || exit > enter)
            {
                return null;
            }
            return new AnomalyCalibration(GetInt(b, offset + 8), windows, mean, sigma, enter, exit, baseline);
        }

        private static bool IsFinite(double v)
        {
            // NaN fails both comparisons (no double.IsNaN needed on the device).
            return v <= double.MaxValue && v >= -double.MaxValue;
        }

        private static void PutInt(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static void PutLong(byte[] b, int at, long v)
        {
            PutInt(b, at, (int)v);
            PutInt(b, at + 4, (int)(v >> 32));
        }

        private static int GetInt(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        private static long GetLong(byte[] b, int at)
        {
            return (uint)GetInt(b, at) | ((long)GetInt(b, at + 4) << 32);
        }
    }
}
