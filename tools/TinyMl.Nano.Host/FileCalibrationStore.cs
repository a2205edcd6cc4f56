using System;
using System.IO;
using TinyMl.Nano.Anomaly;

namespace TinyMl.Nano.Host
{
    /// <summary>
    /// Host <see cref="ICalibrationStore"/>: the 52-byte calibration record in a file (the host
    /// twin of the device's Device/FileCalibrationStore), so a simulated reboot keeps the
    /// calibration. A missing, short or damaged file loads as "no calibration".
    /// </summary>
    public sealed class FileCalibrationStore : ICalibrationStore
    {
        public FileCalibrationStore(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("path must name a file", nameof(path));
            Path = path;
        }

        public string Path { get; }

        public AnomalyCalibration? Load()
        {
            if (!File.Exists(Path)) return null;
            byte[] record = File.ReadAllBytes(Path);
            return AnomalyCalibration.FromBytes(record, 0, record.Length);
        }

        public void Save(AnomalyCalibration calibration)
        {
            ArgumentNullException.ThrowIfNull(calibration);
            string temp = Path + ".tmp";
            File.WriteAllBytes(temp, calibration.ToBytes());
            File.Move(temp, Path, overwrite: true);
        }

        public void Clear()
        {
            if (File.Exists(Path)) File.Delete(Path);
        }
    }
}
