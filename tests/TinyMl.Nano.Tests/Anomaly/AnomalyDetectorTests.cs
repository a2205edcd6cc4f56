using System;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Hardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace TinyMl.Nano.Tests.Anomaly
{
    [TestClass]
    public class AnomalyDetectorTests
    {
        private sealed class RecordingOutput : IDigitalOutput
        {
            public bool State;
            public int Writes;

            public void Write(bool active)
            {
                State = active;
                Writes++;
            }
        }

        private sealed class EventLog
        {
            public int Calibrated;
            public int Raised;
            public int Cleared;
            public long LastWindow = -1;

            public void OnChanged(object sender, AnomalyEventArgs e)
            {
                LastWindow = e.Window;
                if (e.Kind == AnomalyEventKind.Calibrated)
                {
                    Calibrated++;
                }
                else if (e.Kind == AnomalyEventKind.AlarmRaised)
                {
                    Raised++;
                }
                else
                {
                    Cleared++;
                }
            }
        }

        private static AnomalySettings Settings()
        {
            AnomalySettings s = new AnomalySettings();
            s.CalibrationWindows = 10;
            s.K = 3;
            s.ExitFraction = 0.5;
            s.RaiseAfter = 3;
            s.ClearAfter = 2;
            return s;
        }

        // Calibration scores 1, 2, 1, 2, ...: mean 1.5, sigma 0.5, enter 1.5 + 3 * 0.5 = 3.0, exit 1.5.
        private static void Calibrate(AnomalyDetector d)
        {
            for (int i = 0; i < 10; i++)
            {
                Assert.IsFalse(d.Update(i % 2 == 0 ? 1.0 : 2.0));
            }
        }

        [TestMethod]
        public void CalibrationGivesMeanPlusKSigmaAndExitFraction()
        {
            MemoryCalibrationStore store = new MemoryCalibrationStore();
            AnomalyDetector d = new AnomalyDetector(Settings(), 1234, store);
            EventLog log = new EventLog();
            d.Changed += log.OnChanged;
            Assert.AreEqual(DetectorState.Calibrating, d.State);

            Calibrate(d);

            Assert.AreEqual(DetectorState.Monitoring, d.State);
            Assert.AreEqual(1, log.Calibrated);
            Assert.AreEqual(9L, log.LastWindow);
            AnomalyCalibration c = d.Calibration;
            Assert.AreEqual(1.5, c.Mean);
            Assert.AreEqual(0.5, c.Sigma);
            Assert.AreEqual(3.0, c.EnterThreshold);
            Assert.AreEqual(1.5, c.ExitThreshold);
            Assert.AreEqual(10, c.WindowCount);
            Assert.AreEqual(1234, c.ModelFingerprint);
            Assert.IsNotNull(store.Record);
        }

        [TestMethod]
        public void AlarmNeedsConsecutiveWindowsAndClearsWithHysteresis()
        {
            AnomalyDetector d = new AnomalyDetector(Settings(), 1, null);
            RecordingOutput led = new RecordingOutput();
            RecordingOutput buzzer = new RecordingOutput();
            d.AttachAlarmOutput(led);
            d.AttachAlarmOutput(buzzer);
            EventLog log = new EventLog();
            d.Changed += log.OnChanged;
            Calibrate(d);

            // Two windows over 3.0, then one under: no alarm (RaiseAfter = 3 consecutive).
            Assert.IsFalse(d.Update(5));
            Assert.IsTrue(d.LastWindowAnomalous);
            Assert.IsFalse(d.Update(5));
            Assert.IsFalse(d.Update(2.9));
            Assert.IsFalse(d.LastWindowAnomalous);
            Assert.AreEqual(0, log.Raised);
            Assert.IsFalse(led.State);

            // Three in a row raise it, on both outputs.
            Assert.IsFalse(d.Update(4));
            Assert.IsFalse(d.Update(4));
            Assert.IsTrue(d.Update(4));
            Assert.AreEqual(1, log.Raised);
            Assert.AreEqual(15L, log.LastWindow);
            Assert.IsTrue(led.State);
            Assert.IsTrue(buzzer.State);

            // Scores between exit (1.5) and enter (3.0) keep it raised; two under 1.5 clear it.
            Assert.IsTrue(d.Update(2.0));
            Assert.IsTrue(d.Update(1.0));
            Assert.IsTrue(d.Update(2.0)); // breaks the run of low scores
            Assert.IsTrue(d.Update(1.0));
            Assert.IsFalse(d.Update(1.0));
            Assert.AreEqual(1, log.Cleared);
            Assert.IsFalse(led.State);
            Assert.IsFalse(buzzer.State);
            Assert.AreEqual(3, led.Writes); // off when attached, on, off
        }

        [TestMethod]
        public void CalibrationSurvivesARebootOfTheSameModelOnly()
        {
            MemoryCalibrationStore store = new MemoryCalibrationStore();
            AnomalyDetector first = new AnomalyDetector(Settings(), 77, store);
            Calibrate(first);

            // Reboot: a new detector with the same store starts monitoring at once.
            AnomalyDetector again = new AnomalyDetector(Settings(), 77, store);
            Assert.AreEqual(DetectorState.Monitoring, again.State);
            Assert.AreEqual(3.0, again.Calibration.EnterThreshold);
            again.Update(10);
            Assert.IsTrue(again.LastWindowAnomalous);

            // Another model (retrained): the stored thresholds do not apply.
            AnomalyDetector other = new AnomalyDetector(Settings(), 78, store);
            Assert.AreEqual(DetectorState.Calibrating, other.State);
            Assert.IsNull(other.Calibration);

            // A damaged record: calibrate again, no exception.
            store.Record[20] ^= 0x40;
            AnomalyDetector damaged = new AnomalyDetector(Settings(), 77, store);
            Assert.AreEqual(DetectorState.Calibrating, damaged.State);
        }

        [TestMethod]
        public void StartCalibrationClearsTheAlarmAndRecalibrates()
        {
            AnomalyDetector d = new AnomalyDetector(Settings(), 1, null);
            RecordingOutput led = new RecordingOutput();
            d.AttachAlarmOutput(led);
            EventLog log = new EventLog();
            d.Changed += log.OnChanged;
            Calibrate(d);
            d.Update(9);
            d.Update(9);
            d.Update(9);
            Assert.IsTrue(d.AlarmActive);

            d.StartCalibration();

            Assert.IsFalse(d.AlarmActive);
            Assert.IsFalse(led.State);
            Assert.AreEqual(1, log.Cleared);
            Assert.AreEqual(DetectorState.Calibrating, d.State);
            for (int i = 0; i < 10; i++)
            {
                d.Update(10 + (i % 2)); // a louder machine: mean 10.5, sigma 0.5
            }
            Assert.AreEqual(12.0, d.Calibration.EnterThreshold);
            Assert.AreEqual(2, log.Calibrated);
            Assert.IsFalse(d.Update(11.9));
            Assert.IsFalse(d.LastWindowAnomalous);
        }

        [TestMethod]
        public void PercentileMethodUsesNearestRankTimesMargin()
        {
            ThresholdCalibrator calibrator = new ThresholdCalibrator(20);
            for (int i = 20; i >= 1; i--)
            {
                Assert.IsTrue(calibrator.Add(i)); // 1..20, added in reverse
            }
            Assert.IsFalse(calibrator.Add(100)); // full: ignored
            AnomalySettings s = new AnomalySettings();
            s.Method = ThresholdMethod.Percentile;
            s.Percentile = 90; // rank ceil(0.9 * 20) = 18 -> 18
            s.PercentileMargin = 1.5;
            s.ExitFraction = 0.5;

            AnomalyCalibration c = calibrator.Compute(s, 5);

            Assert.AreEqual(27.0, c.EnterThreshold);
            Assert.AreEqual(13.5, c.ExitThreshold);
            Assert.AreEqual(10.5, c.Mean);
            Assert.AreEqual(20, c.WindowCount);
        }

        [TestMethod]
        public void BadScoresAndSettingsAreRefused()
        {
            AnomalyDetector d = new AnomalyDetector(Settings(), 1, null);
            Assert.IsTrue(Throws(delegate { d.Update(-1); }));
            Assert.IsTrue(Throws(delegate { d.Update(double.NaN); }));
            Assert.IsTrue(Throws(delegate { d.Update(double.PositiveInfinity); }));
            AnomalySettings s = new AnomalySettings();
            Assert.IsTrue(Throws(delegate { s.CalibrationWindows = 5; }));
            Assert.IsTrue(Throws(delegate { s.K = 0; }));
            Assert.IsTrue(Throws(delegate { s.ExitFraction = 1.5; }));
            Assert.IsTrue(Throws(delegate { s.RaiseAfter = 0; }));
            Assert.IsTrue(Throws(delegate { s.Percentile = 0; }));
            Assert.AreEqual(0L, d.WindowCount);
        }

        [TestMethod]
        public void CalibrationRecordRoundTripsAndRejectsDamage()
        {
            AnomalyCalibration c = new AnomalyCalibration(-559038737, 120, 1.25, 0.5, 3.25, 2.6);
            byte[] record = c.ToBytes();
            Assert.AreEqual(AnomalyCalibration.SerializedSize, record.Length);
            Assert.AreEqual((byte)'T', record[0]);
            Assert.AreEqual((byte)'C', record[3]);

            AnomalyCalibration back = AnomalyCalibration.FromBytes(record, 0, record.Length);
            Assert.IsNotNull(back);
            Assert.AreEqual(-559038737, back.ModelFingerprint);
            Assert.AreEqual(120, back.WindowCount);
            Assert.AreEqual(1.25, back.Mean);
            Assert.AreEqual(0.5, back.Sigma);
            Assert.AreEqual(3.25, back.EnterThreshold);
            Assert.AreEqual(2.6, back.ExitThreshold);

            for (int i = 0; i < record.Length; i++)
            {
                byte[] damaged = c.ToBytes();
                damaged[i] ^= 1;
                Assert.IsNull(AnomalyCalibration.FromBytes(damaged, 0, damaged.Length));
            }
            Assert.IsNull(AnomalyCalibration.FromBytes(record, 0, 51));
            Assert.IsNull(AnomalyCalibration.FromBytes(null, 0, 52));
        }

        private delegate void Action0();

        private static bool Throws(Action0 action)
        {
            try
            {
                action();
            }
            catch (ArgumentException)
            {
                return true;
            }
            return false;
        }
    }
}
