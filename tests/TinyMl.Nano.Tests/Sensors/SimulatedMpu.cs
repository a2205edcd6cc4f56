using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Tests.Sensors
{
    /// <summary>
    /// Register-level stand-in for an MPU-6050 or MPU-6886 behind an I2C bus, written in the
    /// nanoFramework subset so the same tests run on the device. It is also the test's clock:
    /// <see cref="Sleep"/> advances simulated time and the chip produces samples at the rate its
    /// registers select, so an ImuSampler polling through it sees a real-looking FIFO.
    /// </summary>
    /// <remarks>
    /// Behaviour modelled from the register maps: WHO_AM_I; PWR_MGMT_1 DEVICE_RESET (all
    /// registers back to reset values, FIFO emptied) and SLEEP (no samples); SMPLRT_DIV with a
    /// 1 kHz base when CONFIG.DLPF_CFG is 1..6, 8 kHz otherwise; ACCEL_XOUT_H..ZOUT_L latched per
    /// sample, big-endian; auto-increment on burst reads and writes, except FIFO_R_W which pops
    /// one byte per read and repeats the last byte when empty; FIFO_COUNTH/L; USER_CTRL
    /// FIFO_RESET honoured only while FIFO_EN is 0; FIFO of 1024 bytes (6050: 6-byte packets,
    /// oldest bytes dropped when full; 6886: 8-byte packets with temperature, CONFIG.FIFO_MODE
    /// chooses drop-oldest or stop); INT_STATUS FIFO_OFLOW and DATA_RDY, cleared on read.
    /// Faults: wrong identity, NACKs and timeouts on the next N transfers, a timeout in the
    /// middle of the next FIFO read (bytes already popped).
    /// </remarks>
    public sealed class SimulatedMpu : II2cBus, IDelay
    {
        public const int RegSampleRateDivider = 0x19;
        public const int RegConfig = 0x1A;
        public const int RegAccelConfig = 0x1C;
        public const int RegAccelConfig2 = 0x1D;
        public const int RegFifoEnable = 0x23;
        public const int RegIntStatus = 0x3A;
        public const int RegAccelXoutH = 0x3B;
        public const int RegTempOutH = 0x41;
        public const int RegAccelIntelControl = 0x69;
        public const int RegUserControl = 0x6A;
        public const int RegPowerManagement1 = 0x6B;
        public const int RegFifoCountH = 0x72;
        public const int RegFifoCountL = 0x73;
        public const int RegFifoReadWrite = 0x74;
        public const int RegWhoAmI = 0x75;

        public const int FifoCapacity = 1024;

        private readonly bool _is6886;
        private readonly byte[] _registers = new byte[128];
        private readonly byte[] _fifo = new byte[FifoCapacity];
        private int _fifoHead;
        private int _fifoCount;
        private byte _lastFifoByte;
        private byte _identity;

        private short[] _source = new short[] { 0, 0, 0 };
        private int _sourceIndex;
        private int _samplesProduced;
        private long _timeMicros;
        private long _nextSampleMicros;

        private int _failRemaining;
        private I2cFault _failFault;
        private bool _failNextFifoRead;

        private int _transferCount;
        private int _failedTransfers;
        private int _resetCount;
        private int _sleptMilliseconds;
        private int _fifoResetCount;

        private SimulatedMpu(bool is6886)
        {
            _is6886 = is6886;
            _identity = (byte)(is6886 ? 0x19 : 0x68);
            PowerOnReset();
        }

        /// <summary>An MPU-6050 (WHO_AM_I 0x68, 6-byte FIFO packets).</summary>
        public static SimulatedMpu Mpu6050()
        {
            return new SimulatedMpu(false);
        }

        /// <summary>An MPU-6886 (WHO_AM_I 0x19, 8-byte FIFO packets with temperature).</summary>
        public static SimulatedMpu Mpu6886()
        {
            return new SimulatedMpu(true);
        }

        /// <summary>What WHO_AM_I returns (set it to inject a wrong chip).</summary>
        public byte Identity
        {
            get { return _identity; }
            set { _identity = value; }
        }

        /// <summary>Transfers attempted (failed ones included).</summary>
        public int TransferCount
        {
            get { return _transferCount; }
        }

        /// <summary>Transfers that failed by injection.</summary>
        public int FailedTransfers
        {
            get { return _failedTransfers; }
        }

        /// <summary>DEVICE_RESET writes seen.</summary>
        public int ResetCount
        {
            get { return _resetCount; }
        }

        /// <summary>FIFO resets that took effect.</summary>
        public int FifoResetCount
        {
            get { return _fifoResetCount; }
        }

        /// <summary>Total simulated time slept (ms).</summary>
        public int SleptMilliseconds
        {
            get { return _sleptMilliseconds; }
        }

        /// <summary>Samples the chip has produced since construction.</summary>
        public int SamplesProduced
        {
            get { return _samplesProduced; }
        }

        /// <summary>Bytes in the FIFO.</summary>
        public int FifoByteCount
        {
            get { return _fifoCount; }
        }

        /// <summary>Current register value (FIFO and WHO_AM_I registers read without side effects).</summary>
        public int Register(int address)
        {
            if (address == RegWhoAmI)
            {
                return _identity;
            }

            return _registers[address];
        }

        /// <summary>Pokes a register directly, bypassing the bus (e.g. put the chip to sleep).</summary>
        public void SetRegister(int address, int value)
        {
            _registers[address] = (byte)value;
        }

        /// <summary>
        /// Raw x, y, z counts the chip measures, in order, repeated when exhausted
        /// (length a multiple of 3). Restarts at the first sample.
        /// </summary>
        public void SetSamples(short[] rawXyz)
        {
            if (rawXyz == null || rawXyz.Length == 0 || rawXyz.Length % 3 != 0)
            {
                throw new ArgumentException("need x, y, z triples", "rawXyz");
            }

            _source = rawXyz;
            _sourceIndex = 0;
        }

        /// <summary>The next <paramref name="transfers"/> transfers fail with <paramref name="fault"/> (nothing happens in them).</summary>
        public void FailNext(int transfers, I2cFault fault)
        {
            _failRemaining = transfers;
            _failFault = fault;
        }

        /// <summary>The next read of FIFO_R_W pops half the bytes asked for, then times out.</summary>
        public void FailNextFifoRead()
        {
            _failNextFifoRead = true;
        }

        /// <summary>Current sample period in microseconds, from SMPLRT_DIV and DLPF_CFG.</summary>
        public int SamplePeriodMicros
        {
            get
            {
                int dlpf = _registers[RegConfig] & 0x07;
                int baseRate = (dlpf >= 1 && dlpf <= 6) ? 1000 : 8000;
                return 1000000 * (1 + _registers[RegSampleRateDivider]) / baseRate;
            }
        }

        /// <summary>Makes the chip take <paramref name="count"/> samples now (if awake).</summary>
        public void Produce(int count)
        {
            for (int i = 0; i < count; i++)
            {
                ProduceSample();
            }
        }

        /// <summary>Advances simulated time; samples fall due at the configured rate.</summary>
        public void Sleep(int milliseconds)
        {
            if (milliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("milliseconds");
            }

            _sleptMilliseconds += milliseconds;
            _timeMicros += 1000L * milliseconds;
            while (_nextSampleMicros <= _timeMicros)
            {
                ProduceSample();
                _nextSampleMicros += SamplePeriodMicros;
            }
        }

        /// <inheritdoc/>
        public void Write(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 1 || offset > data.Length - count)
            {
                throw new ArgumentException("bad write range");
            }

            BeginTransfer();
            int register = data[offset];
            for (int i = 1; i < count; i++)
            {
                WriteByte(register, data[offset + i]);
                if (register != RegFifoReadWrite)
                {
                    register++;
                }
            }
        }

        /// <inheritdoc/>
        public void WriteRead(byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount)
        {
            if (write == null || read == null || writeCount != 1 || readCount < 1
                || writeOffset < 0 || writeOffset >= write.Length || readOffset < 0 || readOffset > read.Length - readCount)
            {
                throw new ArgumentException("the simulated chip expects a 1-byte register address and a read of at least 1 byte");
            }

            BeginTransfer();
            int register = write[writeOffset];
            if (register == RegFifoReadWrite && _failNextFifoRead)
            {
                _failNextFifoRead = false;
                _failedTransfers++;
                for (int i = 0; i < readCount / 2; i++)
                {
                    read[readOffset + i] = PopFifo();
                }

                throw new I2cException(I2cFault.ClockStretchTimeout, "simulated timeout in a FIFO read");
            }

            for (int i = 0; i < readCount; i++)
            {
                read[readOffset + i] = ReadByte(register);
                if (register != RegFifoReadWrite)
                {
                    register++;
                }
            }
        }

        private void BeginTransfer()
        {
            _transferCount++;
            if (_failRemaining > 0)
            {
                _failRemaining--;
                _failedTransfers++;
                throw new I2cException(_failFault, "simulated " + I2cException.Describe(_failFault));
            }
        }

        private void PowerOnReset()
        {
            for (int i = 0; i < _registers.Length; i++)
            {
                _registers[i] = 0;
            }

            _registers[RegPowerManagement1] = 0x40;
            _fifoHead = 0;
            _fifoCount = 0;
        }

        private void WriteByte(int register, byte value)
        {
            switch (register)
            {
                case RegWhoAmI:
                case RegFifoCountH:
                case RegFifoCountL:
                case RegIntStatus:
                    return; // read-only
                case RegFifoReadWrite:
                    return; // host writes into the FIFO are not modelled
                case RegPowerManagement1:
                    if ((value & 0x80) != 0)
                    {
                        _resetCount++;
                        PowerOnReset();
                        return;
                    }

                    _registers[register] = value;
                    return;
                case RegUserControl:
                    if ((value & 0x04) != 0 && (value & 0x40) == 0)
                    {
                        _fifoHead = 0;
                        _fifoCount = 0;
                        _fifoResetCount++;
                    }

                    _registers[register] = (byte)(value & ~0x07); // reset bits clear themselves
                    return;
                default:
                    if (register >= 0 && register < _registers.Length)
                    {
                        _registers[register] = value;
                    }

                    return;
            }
        }

        private byte ReadByte(int register)
        {
            switch (register)
            {
                case RegWhoAmI:
                    return _identity;
                case RegFifoCountH:
                    return (byte)(_fifoCount >> 8);
                case RegFifoCountL:
                    return (byte)(_fifoCount & 0xFF);
                case RegFifoReadWrite:
                    return PopFifo();
                case RegIntStatus:
                    byte status = _registers[RegIntStatus];
                    _registers[RegIntStatus] = 0;
                    return status;
                default:
                    return (register >= 0 && register < _registers.Length) ? _registers[register] : (byte)0;
            }
        }

        private byte PopFifo()
        {
            if (_fifoCount == 0)
            {
                return _lastFifoByte;
            }

            _lastFifoByte = _fifo[_fifoHead];
            _fifoHead = (_fifoHead + 1) % FifoCapacity;
            _fifoCount--;
            return _lastFifoByte;
        }

        private void ProduceSample()
        {
            if ((_registers[RegPowerManagement1] & 0x40) != 0)
            {
                return; // asleep
            }

            _samplesProduced++;
            for (int axis = 0; axis < 3; axis++)
            {
                short v = _source[_sourceIndex + axis];
                _registers[RegAccelXoutH + 2 * axis] = (byte)((v >> 8) & 0xFF);
                _registers[RegAccelXoutH + 2 * axis + 1] = (byte)(v & 0xFF);
            }

            _registers[RegTempOutH] = 0x0A;
            _registers[RegTempOutH + 1] = 0x5B;
            _sourceIndex = (_sourceIndex + 3) % _source.Length;
            _registers[RegIntStatus] = (byte)(_registers[RegIntStatus] | 0x01);

            bool fifoOn = (_registers[RegUserControl] & 0x40) != 0 && (_registers[RegFifoEnable] & 0x08) != 0;
            if (!fifoOn)
            {
                return;
            }

            int packet = _is6886 ? 8 : 6;
            if (_fifoCount + packet > FifoCapacity)
            {
                _registers[RegIntStatus] = (byte)(_registers[RegIntStatus] | 0x10);
                bool stopWhenFull = _is6886 && (_registers[RegConfig] & 0x40) != 0;
                if (stopWhenFull)
                {
                    return;
                }

                while (_fifoCount + packet > FifoCapacity)
                {
                    PopFifo();
                }
            }

            for (int i = 0; i < packet; i++)
            {
                int tail = (_fifoHead + _fifoCount) % FifoCapacity;
                _fifo[tail] = _registers[RegAccelXoutH + i];
                _fifoCount++;
            }
        }
    }
}
