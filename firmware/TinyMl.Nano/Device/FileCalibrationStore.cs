using System;
using System.IO;
using TinyMl.Nano.Anomaly;

namespace TinyMl.Nano.Device
{
    /// <summary>
    /// <see cref="ICalibrationStore"/> on the nanoFramework file system (ESP32: the internal
    /// flash partition mounted as "I:\"; STM32 boards with an SD card: "D:\"). Needs the
    /// nanoFramework.System.IO.FileSystem package. The record carries a CRC-32, so a write cut
    /// by a power loss reads back as "no calibration" and the detector calibrates again.
    /// Device build only.
    /// </summary>
    public sealed class FileCalibrationStore : ICalibrationStore
    {
        /// <summary>Default file on the ESP32 internal flash.</summary>
        public const string DefaultPath = "I:\\anomaly.cal";

        private readonly string _path;

        /// <summary>Keeps the calibration in the file at path.</summary>
        public FileCalibrationStore(string path)
        {
            if (path == null || path.Length == 0)
            {
                throw new ArgumentException("path must name a file, e.g. " + DefaultPath);
            }
            _path = path;
        }

        /// <summary>The file used.</summary>
        public string Path { get { return _path; } }

        /// <inheritdoc/>
        public AnomalyCalibration Load()
        {
            if (!File.Exists(_path))
            {
                return null;
            }
            byte[] record;
            int read = 0;
            using (FileStream stream = new FileStream(_path, FileMode.Open, FileAccess.Read))
            {
                // Version 1 records are 52 bytes; version 2 (with the machine's feature levels) longer.
                if (stream.Length < AnomalyCalibration.SerializedSize || stream.Length > AnomalyCalibration.MaxSerializedSize)
                {
                    return null;
                }
                record = new byte[(int)stream.Length];
                while (read < record.Length)
                {
                    int n = stream.Read(record, read, record.Length - read);
                    if (n <= 0)
                    {
                        break;
                    }
                    read += n;
                }
            }
            return AnomalyCalibration.FromBytes(record, 0, read);
        }

        /// <inheritdoc/>
        public void Save(AnomalyCalibration calibration)
        {
            if (calibration == null)
            {
                throw new ArgumentNullException("calibration");
            }
            byte[] record = calibration.ToBytes();
            using (FileStream stream = new FileStream(_path, FileMode.Create, FileAccess.Write))
            {
                stream.Write(record, 0, record.Length);
                stream.Flush();
            }
        }

        /// <inheritdoc/>
        public void Clear()
        {
            if (File.Exists(_path))
            {
                File.Delete(_path);
            }
        }
    }
}
