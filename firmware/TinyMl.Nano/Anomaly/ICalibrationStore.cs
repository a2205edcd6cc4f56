namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// Keeps an <see cref="AnomalyCalibration"/> across reboots where the board has storage.
    /// Implementations: <see cref="MemoryCalibrationStore"/> (no storage: lost at reset, and
    /// tests), Device/FileCalibrationStore (nanoFramework internal flash file system), the
    /// host's FileCalibrationStore (tools/TinyMl.Nano.Host).
    /// </summary>
    public interface ICalibrationStore
    {
        /// <summary>The stored calibration, or null when there is none or it is unreadable.</summary>
        AnomalyCalibration Load();

        /// <summary>Replaces the stored calibration.</summary>
        void Save(AnomalyCalibration calibration);

        /// <summary>Forgets the stored calibration.</summary>
        void Clear();
    }
}
