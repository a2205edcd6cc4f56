using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// InvenSense MPU-6050 accelerometer (the gyroscope is left at its reset settings). Facts from
    /// the MPU-6000/6050 register map rev 4.2: WHO_AM_I 0x68; CONFIG.DLPF_CFG sets one low-pass
    /// filter for accelerometer and gyroscope and, when 1..6, a 1 kHz base rate for SMPLRT_DIV;
    /// the FIFO takes 6 bytes per accelerometer sample and drops the oldest bytes when full.
    /// See README.md for wiring.
    /// </summary>
    public class Mpu6050 : MpuAccelerometer
    {
        /// <summary>WHO_AM_I of a genuine MPU-6050.</summary>
        public const int Identity = 0x68;

        // Accelerometer -3 dB bandwidth for DLPF_CFG 1..6 (index 0 unused: filter off, 260 Hz).
        private static readonly double[] Bandwidths = new double[] { 260, 184, 94, 44, 21, 10, 5 };

        /// <summary>Binds to the chip behind <paramref name="bus"/>; waits with Thread.Sleep.</summary>
        public Mpu6050(II2cBus bus)
            : this(bus, new ThreadDelay())
        {
        }

        /// <summary>Binds to the chip behind <paramref name="bus"/>, waiting through <paramref name="delay"/>.</summary>
        public Mpu6050(II2cBus bus, IDelay delay)
            : base(bus, delay)
        {
        }

        /// <inheritdoc/>
        public override string ChipName
        {
            get { return "MPU6050"; }
        }

        /// <inheritdoc/>
        public override int ExpectedIdentity
        {
            get { return Identity; }
        }

        /// <inheritdoc/>
        protected override int FifoPacketBytes
        {
            get { return 6; }
        }

        /// <inheritdoc/>
        protected override double[] LowPassBandwidthsHz
        {
            get { return Bandwidths; }
        }

        /// <inheritdoc/>
        protected override void WriteLowPassFilter(int setting)
        {
            // CONFIG: EXT_SYNC_SET = 0 (FSYNC unused), DLPF_CFG = setting.
            WriteRegister(RegConfig, (byte)setting);
        }
    }
}
