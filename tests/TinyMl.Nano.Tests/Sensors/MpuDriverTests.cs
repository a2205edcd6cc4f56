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
    public class MpuDriverTests
    {
        [TestMethod]
        public void Mpu6050WithRightIdentityInitializesAwake()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);

            imu.Initialize(AccelerometerRange.Range2G, 1000);

            Assert.AreEqual(0x68, imu.ReadIdentity());
            Assert.AreEqual(1, sim.ResetCount);
            Assert.AreEqual(0x01, sim.Register(SimulatedMpu.RegPowerManagement1)); // SLEEP clear, CLKSEL = PLL
        }

        [TestMethod]
        public void Mpu6886WithRightIdentityInitializesAwake()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            Mpu6886 imu = new Mpu6886(sim, sim);

            imu.Initialize(AccelerometerRange.Range2G, 1000);

            Assert.AreEqual(0x19, imu.ReadIdentity());
            Assert.AreEqual(1, sim.ResetCount);
            Assert.AreEqual(0x01, sim.Register(SimulatedMpu.RegPowerManagement1));
        }

        [TestMethod]
        public void WrongIdentityThrowsNamingExpectedAndActualAndTouchesNothing()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886(); // an MPU6886 driven as an MPU6050
            Mpu6050 imu = new Mpu6050(sim, sim);

            bool thrown = false;
            try
            {
                imu.Initialize(AccelerometerRange.Range2G, 1000);
            }
            catch (SensorIdentityException e)
            {
                thrown = true;
                Assert.AreEqual(0x68, e.Expected);
                Assert.AreEqual(0x19, e.Actual);
                Assert.IsTrue(e.Message.IndexOf("expected 0x68") >= 0, e.Message);
                Assert.IsTrue(e.Message.IndexOf("reads 0x19") >= 0, e.Message);
                Assert.IsTrue(e.Message.IndexOf("MPU6050") >= 0, e.Message);
            }

            Assert.IsTrue(thrown);
            Assert.AreEqual(0, sim.ResetCount);
            Assert.AreEqual(0x40, sim.Register(SimulatedMpu.RegPowerManagement1)); // still asleep
        }

        [TestMethod]
        public void CloneIdentityIsRejectedByMpu6886()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            sim.Identity = 0x70;
            Mpu6886 imu = new Mpu6886(sim, sim);

            bool thrown = false;
            try
            {
                imu.Initialize(AccelerometerRange.Range4G, 100);
            }
            catch (SensorIdentityException e)
            {
                thrown = true;
                Assert.AreEqual(0x19, e.Expected);
                Assert.AreEqual(0x70, e.Actual);
            }

            Assert.IsTrue(thrown);
        }

        [TestMethod]
        public void Mpu6050ConfigurationLandsInItsRegisters()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);

            imu.Initialize(AccelerometerRange.Range8G, 100);

            Assert.AreEqual(0x10, sim.Register(SimulatedMpu.RegAccelConfig));        // AFS_SEL = 2 in bits 4:3
            Assert.AreEqual(9, sim.Register(SimulatedMpu.RegSampleRateDivider));     // 1000 / (1 + 9) = 100 Hz
            Assert.AreEqual(3, sim.Register(SimulatedMpu.RegConfig));                // DLPF_CFG 3: 44 Hz <= 50 Hz
            Assert.AreEqual(0, sim.Register(SimulatedMpu.RegUserControl));
            Assert.AreEqual(0, sim.Register(SimulatedMpu.RegFifoEnable));
            Assert.AreEqual(0, sim.Register(SimulatedMpu.RegAccelConfig2));          // 6050 has no ACCEL_CONFIG2
            Assert.AreEqual(100.0, imu.SampleRateHz);
            Assert.AreEqual(44.0, imu.BandwidthHz);
            Assert.AreEqual(10000, sim.SamplePeriodMicros);
        }

        [TestMethod]
        public void Mpu6886ConfigurationLandsInItsRegisters()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            Mpu6886 imu = new Mpu6886(sim, sim);

            imu.Initialize(AccelerometerRange.Range16G, 100);

            Assert.AreEqual(0x18, sim.Register(SimulatedMpu.RegAccelConfig));        // ACCEL_FS_SEL = 3
            Assert.AreEqual(9, sim.Register(SimulatedMpu.RegSampleRateDivider));
            Assert.AreEqual(3, sim.Register(SimulatedMpu.RegConfig));                // gyro DLPF 1..6 enables SMPLRT_DIV; FIFO_MODE 0
            Assert.AreEqual(3, sim.Register(SimulatedMpu.RegAccelConfig2));          // A_DLPF_CFG 3 (44.8 Hz), FCHOICE_B 0
            Assert.AreEqual(0x02, sim.Register(SimulatedMpu.RegAccelIntelControl));  // OUTPUT_LIMIT
            Assert.AreEqual(44.8, imu.BandwidthHz);
        }

        [TestMethod]
        public void SampleRateRoundsToTheDividerAndFilterStaysBelowNyquist()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);

            imu.Initialize(AccelerometerRange.Range2G, 1000);
            Assert.AreEqual(0, sim.Register(SimulatedMpu.RegSampleRateDivider));
            Assert.AreEqual(1, sim.Register(SimulatedMpu.RegConfig)); // 184 Hz <= 500 Hz

            imu.Initialize(AccelerometerRange.Range2G, 400);
            Assert.AreEqual(2, sim.Register(SimulatedMpu.RegSampleRateDivider)); // 333.3 Hz is the nearest
            Assert.IsTrue(Math.Abs(imu.SampleRateHz - 1000.0 / 3) < 1e-9);
            Assert.AreEqual(2, sim.Register(SimulatedMpu.RegConfig)); // 94 Hz <= 166.7 Hz

            imu.Initialize(AccelerometerRange.Range2G, 4);
            Assert.AreEqual(249, sim.Register(SimulatedMpu.RegSampleRateDivider));
            Assert.AreEqual(6, sim.Register(SimulatedMpu.RegConfig)); // narrowest there is

            SimulatedMpu sim6886 = SimulatedMpu.Mpu6886();
            Mpu6886 imu6886 = new Mpu6886(sim6886, sim6886);
            imu6886.Initialize(AccelerometerRange.Range2G, 200);
            Assert.AreEqual(4, sim6886.Register(SimulatedMpu.RegSampleRateDivider));
            Assert.AreEqual(2, sim6886.Register(SimulatedMpu.RegAccelConfig2)); // 99 Hz <= 100 Hz
        }

        [TestMethod]
        public void InvalidSettingsThrowBeforeAnyBusTraffic()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);

            Assert.IsTrue(ThrowsArgumentOutOfRange(imu, AccelerometerRange.Range2G, 3));
            Assert.IsTrue(ThrowsArgumentOutOfRange(imu, AccelerometerRange.Range2G, 1001));
            Assert.IsTrue(ThrowsArgumentOutOfRange(imu, (AccelerometerRange)4, 100));
            Assert.AreEqual(0, sim.TransferCount);
        }

        [TestMethod]
        public void ScalesRawCountsToGAtEachRange()
        {
            for (int r = 0; r <= 3; r++)
            {
                SimulatedMpu sim = SimulatedMpu.Mpu6050();
                Mpu6050 imu = new Mpu6050(sim, sim);
                imu.Initialize((AccelerometerRange)r, 1000);

                short oneG = (short)(16384 >> r);
                sim.SetSamples(new short[] { oneG, (short)-oneG, 32767 });
                sim.Produce(1);

                float[] g = new float[5];
                imu.ReadAcceleration(g, 2);
                Assert.AreEqual(1.0f, g[2]);
                Assert.AreEqual(-1.0f, g[3]);
                Assert.AreEqual(32767f * (1 << r) / 16384f, g[4]);
                Assert.AreEqual(0f, g[0]);
                Assert.AreEqual((float)(1 << r) / 16384f, imu.GPerLsb);
            }
        }

        [TestMethod]
        public void BurstReadIsOneSixByteTransferOfBigEndianCounts()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            Mpu6886 imu = new Mpu6886(sim, sim);
            imu.Initialize(AccelerometerRange.Range2G, 1000);
            sim.SetSamples(new short[] { -12345, 4660, -1 });
            sim.Produce(1);

            short[] raw = new short[3];
            int before = sim.TransferCount;
            imu.ReadAccelerationRaw(raw, 0);

            Assert.AreEqual(1, sim.TransferCount - before);
            Assert.AreEqual((short)-12345, raw[0]);
            Assert.AreEqual((short)4660, raw[1]);
            Assert.AreEqual((short)-1, raw[2]);
        }

        [TestMethod]
        public void Mpu6050FifoReturnsSamplesInOrderInBursts()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);
            short[] source = Ramp(40);
            imu.Start(AccelerometerRange.Range2G, 1000);
            Assert.AreEqual(0x08, sim.Register(SimulatedMpu.RegFifoEnable));
            Assert.AreEqual(0x40, sim.Register(SimulatedMpu.RegUserControl));
            sim.SetSamples(source);
            sim.Produce(40);

            short[] raw = new short[3 * 100];
            int before = sim.TransferCount;
            int n = imu.ReadFifoRaw(raw, 0, 100);

            Assert.AreEqual(40, n);
            Assert.AreEqual(3, sim.TransferCount - before); // FIFO count, then 32 + 8 samples
            Assert.AreEqual(0, sim.FifoByteCount);
            for (int i = 0; i < 3 * 40; i++)
            {
                Assert.AreEqual(source[i], raw[i]);
            }

            Assert.AreEqual(0, imu.ReadFifoRaw(raw, 0, 100));
        }

        [TestMethod]
        public void Mpu6886FifoSkipsTemperatureAndScales()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            Mpu6886 imu = new Mpu6886(sim, sim);
            short[] source = Ramp(50);
            imu.Start(AccelerometerRange.Range4G, 500);
            sim.SetSamples(source);
            sim.Produce(50);
            Assert.AreEqual(400, sim.FifoByteCount); // 8 bytes per sample: accel + temperature

            float[] g = new float[3 * 60];
            int n = imu.ReadFifo(g, 30, 50);

            Assert.AreEqual(50, n);
            for (int i = 0; i < 3 * 50; i++)
            {
                Assert.AreEqual(source[i] / 8192f, g[30 + i]);
            }
        }

        [TestMethod]
        public void FifoReadStopsAtMaxSamplesAndKeepsTheRest()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);
            short[] source = Ramp(10);
            imu.Start(AccelerometerRange.Range2G, 1000);
            sim.SetSamples(source);
            sim.Produce(10);

            short[] raw = new short[30];
            Assert.AreEqual(4, imu.ReadFifoRaw(raw, 0, 4));
            Assert.AreEqual(6, imu.ReadFifoRaw(raw, 12, 6));
            for (int i = 0; i < 30; i++)
            {
                Assert.AreEqual(source[i], raw[i]);
            }
        }

        [TestMethod]
        public void FifoOverflowResetsTheFifoAndTheStreamGoesOn()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);
            short[] source = Ramp(7);
            imu.Start(AccelerometerRange.Range2G, 1000);
            sim.SetSamples(source);
            int resetsBefore = sim.FifoResetCount;
            sim.Produce(200); // 1200 bytes into a 1024-byte FIFO

            short[] raw = new short[3 * 200];
            Assert.AreEqual(MpuAccelerometer.FifoDataLost, imu.ReadFifoRaw(raw, 0, 200));
            Assert.AreEqual(1, imu.FifoDataLostCount);
            Assert.AreEqual(resetsBefore + 1, sim.FifoResetCount);
            Assert.AreEqual(0, sim.FifoByteCount);
            Assert.AreEqual(0x40, sim.Register(SimulatedMpu.RegUserControl)); // FIFO running again

            sim.Produce(5);
            Assert.AreEqual(5, imu.ReadFifoRaw(raw, 0, 200));
            for (int i = 0; i < 5; i++)
            {
                int s = (200 + i) % 7;
                Assert.AreEqual(source[3 * s], raw[3 * i]);
                Assert.AreEqual(source[3 * s + 2], raw[3 * i + 2]);
            }
        }

        [TestMethod]
        public void Mpu6886FifoOverflowIsDetected()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6886();
            Mpu6886 imu = new Mpu6886(sim, sim);
            imu.Start(AccelerometerRange.Range2G, 1000);
            sim.Produce(130);

            float[] g = new float[3 * 130];
            Assert.AreEqual(MpuAccelerometer.FifoDataLost, imu.ReadFifo(g, 0, 130));
            Assert.AreEqual(0, sim.FifoByteCount);
        }

        [TestMethod]
        public void TimeoutInsideAFifoReadIsNotRetriedAndTheNextReadResyncs()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);
            short[] source = Ramp(9);
            imu.Start(AccelerometerRange.Range2G, 1000);
            sim.SetSamples(source);
            sim.Produce(10);
            sim.FailNextFifoRead();

            short[] raw = new short[30];
            int before = sim.TransferCount;
            bool thrown = false;
            try
            {
                imu.ReadFifoRaw(raw, 0, 10);
            }
            catch (I2cException e)
            {
                thrown = true;
                Assert.AreEqual((int)I2cFault.ClockStretchTimeout, (int)e.Fault);
            }

            Assert.IsTrue(thrown);
            Assert.AreEqual(2, sim.TransferCount - before); // count + the broken data read, no retry
            Assert.AreEqual(MpuAccelerometer.FifoDataLost, imu.ReadFifoRaw(raw, 0, 10));
            Assert.AreEqual(0, sim.FifoByteCount);

            sim.Produce(3);
            Assert.AreEqual(3, imu.ReadFifoRaw(raw, 0, 10));
            Assert.AreEqual(source[3 * (10 % 9)], raw[0]);
        }

        [TestMethod]
        public void NacksAreRetriedThenThrownAsTypedErrors()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);
            imu.Initialize(AccelerometerRange.Range2G, 1000);
            sim.SetSamples(new short[] { 1, 2, 3 });
            sim.Produce(1);
            short[] raw = new short[3];

            Assert.AreEqual(2, imu.RetryCount);
            sim.FailNext(2, I2cFault.AddressNotAcknowledged);
            int before = sim.TransferCount;
            imu.ReadAccelerationRaw(raw, 0);
            Assert.AreEqual(3, sim.TransferCount - before);
            Assert.AreEqual((short)3, raw[2]);

            sim.FailNext(3, I2cFault.AddressNotAcknowledged);
            before = sim.TransferCount;
            I2cException caught = null;
            try
            {
                imu.ReadAccelerationRaw(raw, 0);
            }
            catch (I2cException e)
            {
                caught = e;
            }

            Assert.IsNotNull(caught);
            Assert.AreEqual((int)I2cFault.AddressNotAcknowledged, (int)caught.Fault);
            Assert.AreEqual(3, sim.TransferCount - before);

            imu.RetryCount = 0;
            sim.FailNext(1, I2cFault.ClockStretchTimeout);
            caught = null;
            try
            {
                imu.ReadAccelerationRaw(raw, 0);
            }
            catch (I2cException e)
            {
                caught = e;
            }

            Assert.IsNotNull(caught);
            Assert.AreEqual((int)I2cFault.ClockStretchTimeout, (int)caught.Fault);
        }

        [TestMethod]
        public void ReadingBeforeInitializeIsAnInvalidOperation()
        {
            SimulatedMpu sim = SimulatedMpu.Mpu6050();
            Mpu6050 imu = new Mpu6050(sim, sim);
            bool thrown = false;
            try
            {
                imu.ReadFifo(new float[3], 0, 1);
            }
            catch (InvalidOperationException)
            {
                thrown = true;
            }

            Assert.IsTrue(thrown);
            Assert.AreEqual(0, sim.TransferCount);
        }

        /// <summary>Distinct x, y, z per sample, some negative.</summary>
        internal static short[] Ramp(int samples)
        {
            short[] values = new short[3 * samples];
            for (int i = 0; i < samples; i++)
            {
                values[3 * i] = (short)(100 * i - 1500);
                values[3 * i + 1] = (short)(-7 * i);
                values[3 * i + 2] = (short)(16384 - 3 * i);
            }

            return values;
        }

        private static bool ThrowsArgumentOutOfRange(Mpu6050 imu, AccelerometerRange range, int rate)
        {
            try
            {
                imu.Initialize(range, rate);
            }
            catch (ArgumentOutOfRangeException)
            {
                return true;
            }

            return false;
        }
    }
}
