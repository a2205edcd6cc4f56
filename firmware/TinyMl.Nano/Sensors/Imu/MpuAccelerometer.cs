using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// The accelerometer side of InvenSense MPU-6xxx chips, the part MPU6050 and MPU6886 share:
    /// identity check, reset and wake, full-scale range, sample rate (SMPLRT_DIV from a 1 kHz
    /// base with the low-pass filter on), 6-byte burst reads of ACCEL_XOUT_H..ACCEL_ZOUT_L, and
    /// the 1 KB FIFO. What differs per chip (WHO_AM_I value, where the accelerometer low-pass
    /// filter is set, FIFO packet layout) is in <see cref="Mpu6050"/> and <see cref="Mpu6886"/>.
    /// </summary>
    /// <remarks>
    /// Register accesses are retried <see cref="RetryCount"/> times on <see cref="I2cException"/>
    /// and then rethrown. FIFO data reads are retried only when nothing was transferred
    /// (address NACK): a transfer that broke part-way may have popped bytes, so the FIFO is reset
    /// on the next read and <see cref="FifoDataLost"/> is returned. No method allocates after
    /// construction; callers pass the sample buffers.
    /// </remarks>
    public abstract class MpuAccelerometer : IAccelerometerFifo
    {
        /// <summary>I2C address with AD0 low (most breakout boards, M5Stack).</summary>
        public const int DefaultAddress = 0x68;

        /// <summary>I2C address with AD0 high.</summary>
        public const int AlternateAddress = 0x69;

        /// <summary><see cref="ReadFifo"/> result: samples were lost, the FIFO was reset.</summary>
        public const int FifoDataLost = -1;

        /// <summary>FIFO size of both chips in bytes.</summary>
        public const int FifoCapacityBytes = 1024;

        /// <summary>Samples moved per I2C transfer when draining the FIFO.</summary>
        public const int MaxBurstSamples = 32;

        /// <summary>Lowest sample rate: 1 kHz / (1 + 255).</summary>
        public const int MinSampleRateHz = 4;

        /// <summary>Highest sample rate with the low-pass filter on.</summary>
        public const int MaxSampleRateHz = 1000;

        // Register map shared by both chips (MPU-6000/6050 register map rev 4.2, MPU-6886 datasheet).
        internal const byte RegSampleRateDivider = 0x19;
        internal const byte RegConfig = 0x1A;
        internal const byte RegAccelConfig = 0x1C;
        internal const byte RegFifoEnable = 0x23;
        internal const byte RegIntStatus = 0x3A;
        internal const byte RegAccelXoutH = 0x3B;
        internal const byte RegUserControl = 0x6A;
        internal const byte RegPowerManagement1 = 0x6B;
        internal const byte RegFifoCountH = 0x72;
        internal const byte RegFifoReadWrite = 0x74;
        internal const byte RegWhoAmI = 0x75;

        internal const byte PowerDeviceReset = 0x80;
        internal const byte PowerSleep = 0x40;
        internal const byte PowerClockAuto = 0x01; // CLKSEL=1: PLL (X gyro on 6050, auto-select on 6886)
        internal const byte FifoEnableAccel = 0x08; // FIFO_EN bit 3, ACCEL_FIFO_EN
        internal const byte UserFifoEnable = 0x40;  // USER_CTRL bit 6
        internal const byte UserFifoReset = 0x04;   // USER_CTRL bit 2, honoured while FIFO is disabled

        private const int ResetSettleMilliseconds = 100;
        private const int WakeSettleMilliseconds = 10;
        private const int BaseRateHz = 1000;

        private readonly II2cBus _bus;
        private readonly IDelay _delay;
        private readonly byte[] _write = new byte[2];
        private readonly byte[] _read;
        private int _retryCount = 2;
        private bool _initialized;
        private bool _fifoEnabled;
        private bool _fifoNeedsReset;
        private int _fifoDataLostCount;
        private AccelerometerRange _range;
        private int _divider;
        private int _lowPassSetting;
        private float _gPerLsb;

        /// <summary>Binds the driver to a bus; nothing is sent until <see cref="Initialize"/>.</summary>
        protected MpuAccelerometer(II2cBus bus, IDelay delay)
        {
            if (bus == null)
            {
                throw new ArgumentNullException("bus");
            }

            if (delay == null)
            {
                throw new ArgumentNullException("delay");
            }

            _bus = bus;
            _delay = delay;
            _read = new byte[MaxBurstSamples * FifoPacketBytes];
        }

        /// <summary>Chip name for messages.</summary>
        public abstract string ChipName { get; }

        /// <summary>The WHO_AM_I value of this chip.</summary>
        public abstract int ExpectedIdentity { get; }

        /// <summary>Bytes the chip writes to the FIFO per accelerometer sample.</summary>
        protected abstract int FifoPacketBytes { get; }

        /// <summary>Retries after a failed transfer before the error is thrown (0..10, default 2).</summary>
        public int RetryCount
        {
            get
            {
                return _retryCount;
            }

            set
            {
                if (value < 0 || value > 10)
                {
                    throw new ArgumentOutOfRangeException("value", "RetryCount must be 0..10");
                }

                _retryCount = value;
            }
        }

        /// <summary>Full-scale range set by <see cref="Initialize"/>.</summary>
        public AccelerometerRange Range
        {
            get { return _range; }
        }

        /// <summary>Value written to SMPLRT_DIV.</summary>
        public int SampleRateDivider
        {
            get { return _divider; }
        }

        /// <summary>Actual sample rate: 1000 / (1 + SMPLRT_DIV) Hz.</summary>
        public double SampleRateHz
        {
            get { return (double)BaseRateHz / (1 + _divider); }
        }

        /// <summary>Low-pass (DLPF) setting 1..6 chosen for the sample rate.</summary>
        public int LowPassSetting
        {
            get { return _lowPassSetting; }
        }

        /// <summary>Accelerometer -3 dB bandwidth of the chosen low-pass setting (Hz).</summary>
        public double BandwidthHz
        {
            get { return AccelerometerBandwidthHz(_lowPassSetting); }
        }

        /// <summary>g per raw count at the current range.</summary>
        public float GPerLsb
        {
            get { return _gPerLsb; }
        }

        /// <summary>Whole samples the FIFO holds.</summary>
        public int FifoCapacitySamples
        {
            get { return FifoCapacityBytes / FifoPacketBytes; }
        }

        /// <summary>How many times the FIFO lost data and was reset since construction.</summary>
        public int FifoDataLostCount
        {
            get { return _fifoDataLostCount; }
        }

        /// <summary>Reads WHO_AM_I.</summary>
        public int ReadIdentity()
        {
            ReadRegisters(RegWhoAmI, 1);
            return _read[0];
        }

        /// <summary>
        /// Checks WHO_AM_I, resets and wakes the chip, and sets the range and the sample rate.
        /// The rate is rounded to 1000 / (1 + divider) Hz (see <see cref="SampleRateHz"/>), and the
        /// low-pass filter is set to the widest bandwidth at or below half that rate, so the
        /// accelerometer does not alias. The FIFO is left off.
        /// </summary>
        public void Initialize(AccelerometerRange range, int sampleRateHz)
        {
            if ((int)range < 0 || (int)range > 3)
            {
                throw new ArgumentOutOfRangeException("range");
            }

            if (sampleRateHz < MinSampleRateHz || sampleRateHz > MaxSampleRateHz)
            {
                throw new ArgumentOutOfRangeException("sampleRateHz", "sample rate must be "
                    + MinSampleRateHz.ToString() + ".." + MaxSampleRateHz.ToString() + " Hz");
            }

            _initialized = false;
            _fifoEnabled = false;

            int identity = ReadIdentity();
            if (identity != ExpectedIdentity)
            {
                throw new SensorIdentityException(ChipName, RegWhoAmI, ExpectedIdentity, identity);
            }

            WriteRegister(RegPowerManagement1, PowerDeviceReset);
            _delay.Sleep(ResetSettleMilliseconds);
            WriteRegister(RegPowerManagement1, PowerClockAuto);
            _delay.Sleep(WakeSettleMilliseconds);
            AfterWake();

            WriteRegister(RegUserControl, 0);
            WriteRegister(RegFifoEnable, 0);
            WriteRegister(RegAccelConfig, (byte)((int)range << 3));

            int divider = (BaseRateHz + sampleRateHz / 2) / sampleRateHz - 1;
            double actualRate = (double)BaseRateHz / (1 + divider);
            int setting = ChooseLowPassSetting(actualRate / 2);
            WriteLowPassFilter(setting);
            WriteRegister(RegSampleRateDivider, (byte)divider);

            _range = range;
            _divider = divider;
            _lowPassSetting = setting;
            _gPerLsb = (float)(1 << (int)range) / 16384f;
            _fifoNeedsReset = false;
            _initialized = true;
        }

        /// <summary><see cref="Initialize"/> then <see cref="EnableFifo"/>.</summary>
        public void Start(AccelerometerRange range, int sampleRateHz)
        {
            Initialize(range, sampleRateHz);
            EnableFifo();
        }

        /// <summary>Reads one sample (6-byte burst) as raw counts into xyz[offset..offset+2].</summary>
        public void ReadAccelerationRaw(short[] xyz, int offset)
        {
            CheckBuffer(xyz == null, xyz == null ? 0 : xyz.Length, offset, 3, "xyz");
            RequireInitialized();
            ReadRegisters(RegAccelXoutH, 6);
            xyz[offset] = BigEndian(0);
            xyz[offset + 1] = BigEndian(2);
            xyz[offset + 2] = BigEndian(4);
        }

        /// <summary>Reads one sample (6-byte burst) in g into xyz[offset..offset+2].</summary>
        public void ReadAcceleration(float[] xyz, int offset)
        {
            CheckBuffer(xyz == null, xyz == null ? 0 : xyz.Length, offset, 3, "xyz");
            RequireInitialized();
            ReadRegisters(RegAccelXoutH, 6);
            xyz[offset] = BigEndian(0) * _gPerLsb;
            xyz[offset + 1] = BigEndian(2) * _gPerLsb;
            xyz[offset + 2] = BigEndian(4) * _gPerLsb;
        }

        /// <summary>Routes accelerometer samples into the FIFO, emptied, and starts it.</summary>
        public void EnableFifo()
        {
            RequireInitialized();
            WriteRegister(RegUserControl, 0);
            WriteRegister(RegFifoEnable, FifoEnableAccel);
            WriteRegister(RegUserControl, UserFifoReset);
            WriteRegister(RegUserControl, UserFifoEnable);
            _fifoEnabled = true;
            _fifoNeedsReset = false;
        }

        /// <summary>Stops the FIFO and stops routing samples into it.</summary>
        public void DisableFifo()
        {
            RequireInitialized();
            WriteRegister(RegUserControl, 0);
            WriteRegister(RegFifoEnable, 0);
            _fifoEnabled = false;
        }

        /// <summary>Empties the FIFO (disable, reset, enable: the reset bit only acts while disabled).</summary>
        public void ResetFifo()
        {
            RequireFifo();
            WriteRegister(RegUserControl, UserFifoReset);
            WriteRegister(RegUserControl, UserFifoEnable);
            _fifoNeedsReset = false;
        }

        /// <summary>Bytes waiting in the FIFO (FIFO_COUNTH:FIFO_COUNTL).</summary>
        public int ReadFifoCount()
        {
            RequireFifo();
            ReadRegisters(RegFifoCountH, 2);
            return ((_read[0] & 0x1F) << 8) | _read[1];
        }

        /// <summary>
        /// Moves up to <paramref name="maxSamples"/> samples from the FIFO into
        /// destination[offset..] as raw counts, x, y, z interleaved. Returns the samples read, or
        /// <see cref="FifoDataLost"/> (FIFO reset, samples lost).
        /// </summary>
        public int ReadFifoRaw(short[] destination, int offset, int maxSamples)
        {
            CheckBuffer(destination == null, destination == null ? 0 : destination.Length, offset, 3 * maxSamples, "destination");
            return ReadFifoSamples(destination, null, offset, maxSamples);
        }

        /// <inheritdoc/>
        public int ReadFifo(float[] destination, int offset, int maxSamples)
        {
            CheckBuffer(destination == null, destination == null ? 0 : destination.Length, offset, 3 * maxSamples, "destination");
            return ReadFifoSamples(null, destination, offset, maxSamples);
        }

        /// <summary>Accelerometer -3 dB bandwidth (Hz) of low-pass setting 1..6 on this chip.</summary>
        public double AccelerometerBandwidthHz(int setting)
        {
            if (setting < 1 || setting > 6)
            {
                throw new ArgumentOutOfRangeException("setting", "low-pass setting must be 1..6");
            }

            return LowPassBandwidthsHz[setting];
        }

        /// <summary>Accelerometer -3 dB bandwidth (Hz) of each low-pass setting, indexed by setting 0..6.</summary>
        protected abstract double[] LowPassBandwidthsHz { get; }

        /// <summary>Writes low-pass setting 1..6 where this chip keeps it (keeps the 1 kHz base rate).</summary>
        protected abstract void WriteLowPassFilter(int setting);

        /// <summary>Chip-specific set-up right after wake-up.</summary>
        protected virtual void AfterWake()
        {
        }

        /// <summary>Writes one register, with retries.</summary>
        protected void WriteRegister(byte register, byte value)
        {
            _write[0] = register;
            _write[1] = value;
            int attempt = 0;
            while (true)
            {
                try
                {
                    _bus.Write(_write, 0, 2);
                    return;
                }
                catch (I2cException)
                {
                    if (attempt >= _retryCount)
                    {
                        throw;
                    }

                    attempt++;
                }
            }
        }

        private int ChooseLowPassSetting(double nyquistHz)
        {
            // Settings 1..6 narrow the band step by step; take the widest that stays below Nyquist.
            for (int setting = 1; setting <= 6; setting++)
            {
                if (AccelerometerBandwidthHz(setting) <= nyquistHz)
                {
                    return setting;
                }
            }

            return 6;
        }

        // Reads up to maxSamples samples (x, y, z) in bursts into raw[offset..] as counts, or, when
        // raw is null, into g[offset..] in g. Returns the samples read, 0 or FifoDataLost.
        private int ReadFifoSamples(short[] raw, float[] g, int offset, int maxSamples)
        {
            int count = AvailableFifoSamples(maxSamples);
            if (count <= 0)
            {
                return count;
            }

            float scale = _gPerLsb;
            int done = 0;
            while (done < count)
            {
                int chunk = count - done;
                if (chunk > MaxBurstSamples)
                {
                    chunk = MaxBurstSamples;
                }

                ReadFifoBytes(chunk * FifoPacketBytes);
                int packet = FifoPacketBytes;
                int o = offset + 3 * done;
                for (int i = 0; i < chunk; i++)
                {
                    int b = i * packet;
                    if (raw != null)
                    {
                        raw[o++] = BigEndian(b);
                        raw[o++] = BigEndian(b + 2);
                        raw[o++] = BigEndian(b + 4);
                    }
                    else
                    {
                        g[o++] = BigEndian(b) * scale;
                        g[o++] = BigEndian(b + 2) * scale;
                        g[o++] = BigEndian(b + 4) * scale;
                    }
                }

                done += chunk;
            }

            return count;
        }

        // Samples to read now: min(waiting, maxSamples), 0 if none, FifoDataLost after an overflow.
        private int AvailableFifoSamples(int maxSamples)
        {
            RequireFifo();
            if (_fifoNeedsReset)
            {
                return LoseFifoData();
            }

            int bytes = ReadFifoCount();

            // A full FIFO has dropped (6050) or refused (6886, FIFO_MODE) samples; a count that is
            // not a whole number of packets means the packet boundaries are lost. Either way the
            // stream is broken: start it again.
            if (bytes >= FifoCapacityBytes || bytes % FifoPacketBytes != 0)
            {
                return LoseFifoData();
            }

            int samples = bytes / FifoPacketBytes;
            return samples < maxSamples ? samples : maxSamples;
        }

        private int LoseFifoData()
        {
            ResetFifo();
            _fifoDataLostCount++;
            return FifoDataLost;
        }

        private void ReadFifoBytes(int count)
        {
            _write[0] = RegFifoReadWrite;
            int attempt = 0;
            while (true)
            {
                try
                {
                    _bus.WriteRead(_write, 0, 1, _read, 0, count);
                    return;
                }
                catch (I2cException e)
                {
                    if (!e.NothingTransferred)
                    {
                        _fifoNeedsReset = true;
                        throw;
                    }

                    if (attempt >= _retryCount)
                    {
                        throw;
                    }

                    attempt++;
                }
            }
        }

        private void ReadRegisters(byte register, int count)
        {
            _write[0] = register;
            int attempt = 0;
            while (true)
            {
                try
                {
                    _bus.WriteRead(_write, 0, 1, _read, 0, count);
                    return;
                }
                catch (I2cException)
                {
                    if (attempt >= _retryCount)
                    {
                        throw;
                    }

                    attempt++;
                }
            }
        }

        private short BigEndian(int index)
        {
            return (short)((_read[index] << 8) | _read[index + 1]);
        }

        private void RequireInitialized()
        {
            if (!_initialized)
            {
                throw new InvalidOperationException(ChipName + ": call Initialize (or Start) first");
            }
        }

        private void RequireFifo()
        {
            RequireInitialized();
            if (!_fifoEnabled)
            {
                throw new InvalidOperationException(ChipName + ": the FIFO is off; call EnableFifo (or Start) first");
            }
        }

        private static void CheckBuffer(bool isNull, int length, int offset, int count, string name)
        {
            if (isNull)
            {
                throw new ArgumentNullException(name);
            }

            if (count < 0)
            {
                throw new ArgumentOutOfRangeException("maxSamples", "must not be negative");
            }

            if (offset < 0 || offset > length - count)
            {
                throw new ArgumentOutOfRangeException(name, "offset " + offset.ToString() + " + "
                    + count.ToString() + " values does not fit the buffer of " + length.ToString());
            }
        }
    }
}
