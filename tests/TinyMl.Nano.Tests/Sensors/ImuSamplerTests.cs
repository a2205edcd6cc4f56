using System;
using TinyMl.Nano.Hardware;
using TinyMl.Nano.Sensors;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace TinyMl.Nano.Tests.Sensors
{
    [TestClass]
    public class ImuSamplerTests
    {
        [TestMethod]
        public void WindowsAreContiguousSamplesInG()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            short[] source = MpuDriverTests.Ramp(50);
            sim.SetSamples(source);
            ImuSampler sampler = new ImuSampler(new Mpu6886(sim, sim), AccelerometerRange.Range2G, 1000, sim);

            float[] window = new float[3 * 256];
            Assert.IsTrue(sampler.ReadWindow(window, 0, 256));
            int first = IndexOf(source, window[0]);
            Assert.IsTrue(first >= 0);
            AssertFollows(source, first, window, 256);

            float[] next = new float[3 * 256];
            Assert.IsTrue(sampler.ReadWindow(next, 0, 256));
            AssertFollows(source, (first + 256) % 50, next, 256);

            Assert.AreEqual(2, sampler.WindowCount);
            Assert.AreEqual(0, sampler.FaultCount);
            Assert.IsTrue(sampler.IsRunning);
        }

        [TestMethod]
        public void WindowLargerThanTheFifoDoesNotOverflow()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050(); // 170 samples of FIFO
            short[] source = MpuDriverTests.Ramp(13);
            sim.SetSamples(source);
            Mpu6050 imu = new Mpu6050(sim, sim);
            ImuSampler sampler = new ImuSampler(imu, AccelerometerRange.Range8G, 1000, sim);
            FaultRecorder faults = new FaultRecorder();
            sampler.SensorFault += faults.Handle;

            float[] window = new float[3 * 1000];
            Assert.IsTrue(sampler.ReadWindow(window, 0, 1000));
            Assert.AreEqual(0, faults.Count);
            Assert.AreEqual(0, imu.FifoDataLostCount);
            float first = window[0] * 4096f;
            int start = -1;
            for (int s = 0; s < 13; s++)
            {
                if (source[3 * s] == first)
                {
                    start = s;
                }
            }

            Assert.IsTrue(start >= 0);
            for (int i = 0; i < 1000; i++)
            {
                Assert.AreEqual(source[3 * ((start + i) % 13) + 2] / 4096f, window[3 * i + 2]);
            }
        }

        [TestMethod]
        public void BusFaultIsReportedOnceAndTheNextWindowRecovers()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            ImuSampler sampler = new ImuSampler(new Mpu6050(sim, sim), AccelerometerRange.Range2G, 500, sim);
            FaultRecorder faults = new FaultRecorder();
            sampler.SensorFault += faults.Handle;
            float[] window = new float[3 * 64];

            Assert.IsTrue(sampler.ReadWindow(window, 0, 64));
            Assert.AreEqual(1, sim.ResetCount);

            sim.FailNext(3, I2cFault.AddressNotAcknowledged); // one try + 2 retries of the FIFO count read
            Assert.IsFalse(sampler.ReadWindow(window, 0, 64));
            Assert.AreEqual(1, faults.Count);
            Assert.AreEqual((int)SensorFaultKind.BusError, (int)faults.Last.Kind);
            Assert.AreEqual(1, faults.Last.ConsecutiveFaults);
            Assert.IsTrue(faults.Last.Exception is I2cException);
            Assert.IsTrue(faults.Last.Message.IndexOf("address not acknowledged") >= 0, faults.Last.Message);
            Assert.IsFalse(sampler.IsRunning);

            Assert.IsTrue(sampler.ReadWindow(window, 0, 64));
            Assert.AreEqual(2, sim.ResetCount); // restarted from scratch
            Assert.AreEqual(1, faults.Count);
            Assert.AreEqual(0, sampler.ConsecutiveFaults);
        }

        [TestMethod]
        public void MissingSensorNeverThrowsAndTheLoopGoesOn()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            ImuSampler sampler = new ImuSampler(new Mpu6886(sim, sim), AccelerometerRange.Range2G, 1000, sim);
            FaultRecorder faults = new FaultRecorder();
            sampler.SensorFault += faults.Handle;
            float[] window = new float[3 * 32];

            sim.FailNext(1000000, I2cFault.AddressNotAcknowledged);
            for (int i = 0; i < 5; i++)
            {
                Assert.IsFalse(sampler.ReadWindow(window, 0, 32));
            }

            Assert.AreEqual(5, faults.Count);
            Assert.AreEqual(5, faults.Last.ConsecutiveFaults);
            Assert.AreEqual((int)SensorFaultKind.BusError, (int)faults.Last.Kind);

            sim.FailNext(0, I2cFault.AddressNotAcknowledged); // plugged back in
            Assert.IsTrue(sampler.ReadWindow(window, 0, 32));
            Assert.AreEqual(0, sampler.ConsecutiveFaults);
            Assert.AreEqual(5, sampler.FaultCount);
        }

        [TestMethod]
        public void WrongChipIsReportedAsAnIdentityFault()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            sim.Identity = 0x70;
            ImuSampler sampler = new ImuSampler(new Mpu6050(sim, sim), AccelerometerRange.Range2G, 1000, sim);
            FaultRecorder faults = new FaultRecorder();
            sampler.SensorFault += faults.Handle;

            Assert.IsFalse(sampler.ReadWindow(new float[30], 0, 10));
            Assert.AreEqual(1, faults.Count);
            Assert.AreEqual((int)SensorFaultKind.WrongIdentity, (int)faults.Last.Kind);
            Assert.IsTrue(faults.Last.Message.IndexOf("0x70") >= 0, faults.Last.Message);
        }

        [TestMethod]
        public void SilentSensorIsReportedAsStalledWithinTheTimeoutAndRestarted()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            ImuSampler sampler = new ImuSampler(new Mpu6050(sim, sim), AccelerometerRange.Range2G, 1000, sim);
            FaultRecorder faults = new FaultRecorder();
            sampler.SensorFault += faults.Handle;
            float[] window = new float[3 * 100];
            Assert.IsTrue(sampler.ReadWindow(window, 0, 100));

            sim.SetRegister(SimulatedMpu.RegPowerManagement1, 0x40); // chip fell asleep (brown-out)
            int sleptBefore = sim.SleptMilliseconds;
            Assert.IsFalse(sampler.ReadWindow(window, 0, 100));
            int waited = sim.SleptMilliseconds - sleptBefore;

            Assert.AreEqual((int)SensorFaultKind.Stalled, (int)faults.Last.Kind);
            Assert.IsTrue(waited >= sampler.StallTimeoutMilliseconds, waited.ToString());
            Assert.IsTrue(waited <= sampler.StallTimeoutMilliseconds + 100, waited.ToString());

            Assert.IsTrue(sampler.ReadWindow(window, 0, 100));
            Assert.AreEqual(2, sim.ResetCount);
        }

        [TestMethod]
        public void SlowReaderGetsAnOverflowFaultAndTheNextWindowIsClean()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886(); // 128 samples of FIFO
            short[] source = MpuDriverTests.Ramp(11);
            sim.SetSamples(source);
            ImuSampler sampler = new ImuSampler(new Mpu6886(sim, sim), AccelerometerRange.Range2G, 1000, sim);
            FaultRecorder faults = new FaultRecorder();
            sampler.SensorFault += faults.Handle;
            float[] window = new float[3 * 64];
            Assert.IsTrue(sampler.ReadWindow(window, 0, 64));

            sim.Sleep(300); // the app was busy for 300 ms: 300 samples for a 128-sample FIFO
            Assert.IsFalse(sampler.ReadWindow(window, 0, 64));
            Assert.AreEqual((int)SensorFaultKind.FifoOverflow, (int)faults.Last.Kind);
            Assert.IsTrue(sampler.IsRunning); // only the FIFO was reset

            Assert.IsTrue(sampler.ReadWindow(window, 0, 64));
            Assert.AreEqual(1, sim.ResetCount);
            int first = IndexOf(source, window[0]);
            Assert.IsTrue(first >= 0);
            AssertFollows(source, first, window, 64);
        }

        [TestMethod]
        public void BadWindowArgumentsStillThrow()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            ImuSampler sampler = new ImuSampler(new Mpu6050(sim, sim), AccelerometerRange.Range2G, 1000, sim);

            bool nullThrown = false;
            try
            {
                sampler.ReadWindow(null, 0, 10);
            }
            catch (ArgumentNullException)
            {
                nullThrown = true;
            }

            bool rangeThrown = false;
            try
            {
                sampler.ReadWindow(new float[29], 0, 10);
            }
            catch (ArgumentOutOfRangeException)
            {
                rangeThrown = true;
            }

            Assert.IsTrue(nullThrown);
            Assert.IsTrue(rangeThrown);
            Assert.AreEqual(0, sim.TransferCount);
        }

        private static int IndexOf(short[] source, float xInG2)
        {
            for (int s = 0; s < source.Length / 3; s++)
            {
                if (source[3 * s] / 16384f == xInG2)
                {
                    return s;
                }
            }

            return -1;
        }

        private static void AssertFollows(short[] source, int first, float[] window, int samples)
        {
            int count = source.Length / 3;
            for (int i = 0; i < samples; i++)
            {
                int s = (first + i) % count;
                for (int axis = 0; axis < 3; axis++)
                {
                    Assert.AreEqual(source[3 * s + axis] / 16384f, window[3 * i + axis]);
                }
            }
        }

        private sealed class FaultRecorder
        {
            public int Count;
            public SensorFaultEventArgs Last;

            public void Handle(object sender, SensorFaultEventArgs e)
            {
                Count++;
                Last = e;
            }
        }
    }
}
