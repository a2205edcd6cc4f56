using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// InvenSense MPU-6886 accelerometer (M5Stack Core2/StickC/Atom IMU; the gyroscope is left at
    /// its reset settings). Facts from the MPU-6886 datasheet: WHO_AM_I 0x19; the accelerometer
    /// has its own low-pass filter in ACCEL_CONFIG2 (A_DLPF_CFG, ACCEL_FCHOICE_B = 0), while
    /// SMPLRT_DIV only applies when the gyroscope filter CONFIG.DLPF_CFG is 1..6 (1 kHz base);
    /// the FIFO writes accelerometer and temperature together (8 bytes per sample); and
    /// ACCEL_INTEL_CTRL.OUTPUT_LIMIT must be set after power-up or outputs stop at 0x7F7F.
    /// See README.md for wiring.
    /// </summary>
    public class Mpu6886 : MpuAccelerometer
    {
        /// <summary>WHO_AM_I of the MPU-6886.</summary>
        public const int Identity = 0x19;

        internal const byte RegAccelConfig2 = 0x1D;
        internal const byte RegAccelIntelControl = 0x69;
        internal const byte AccelIntelOutputLimit = 0x02;

        // Accelerometer -3 dB bandwidth for A_DLPF_CFG 1..6 (index 0: 218.1 Hz as well).
        private static readonly double[] Bandwidths = new double[] { 218.1, 218.1, 99.0, 44.8, 21.2, 10.2, 5.1 };

        /// <summary>Binds to the chip behind <paramref name="bus"/>; waits with Thread.Sleep.</summary>
        public Mpu6886(II2cBus bus)
            : this(bus, new ThreadDelay())
        {
        }

        /// <summary>Binds to the chip behind <paramref name="bus"/>, waiting through <paramref name="delay"/>.</summary>
        public Mpu6886(II2cBus bus, IDelay delay)
            : base(bus, delay)
        {
        }

        /// <inheritdoc/>
        public override string ChipName
        {
            get { return "MPU6886"; }
        }

        /// <inheritdoc/>
        public override int ExpectedIdentity
        {
            get { return Identity; }
        }

        /// <inheritdoc/>
        protected override int FifoPacketBytes
        {
            get { return 8; }
        }

        /// <inheritdoc/>
        protected override double[] LowPassBandwidthsHz
        {
            get { return Bandwidths; }
        }

        /// <inheritdoc/>
        protected override void AfterWake()
        {
            WriteRegister(RegAccelIntelControl, AccelIntelOutputLimit);
        }

        /// <inheritdoc/>
        protected override void WriteLowPassFilter(int setting)
        {
            // CONFIG: FIFO_MODE = 0 (full FIFO overwrites, like the 6050), gyro DLPF = setting so
            // SMPLRT_DIV divides 1 kHz. ACCEL_CONFIG2: DEC2_CFG = 0, ACCEL_FCHOICE_B = 0, A_DLPF_CFG = setting.
            WriteRegister(RegConfig, (byte)setting);
            WriteRegister(RegAccelConfig2, (byte)setting);
        }
    }
}
