namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// A 3-axis accelerometer that samples on its own clock into a FIFO. This is what
    /// <see cref="ImuSampler"/> needs; MPU6050 and MPU6886 implement it.
    /// </summary>
    public interface IAccelerometerFifo
    {
        /// <summary>
        /// Checks the chip identity, resets it, configures range and sample rate, and starts
        /// filling the FIFO with accelerometer samples. Also the way to recover after a fault.
        /// Throws I2cException (bus) or SensorIdentityException (wrong chip).
        /// </summary>
        void Start(AccelerometerRange range, int sampleRateHz);

        /// <summary>The sample rate the chip actually runs at after <see cref="Start"/> (Hz).</summary>
        double SampleRateHz { get; }

        /// <summary>How many samples the FIFO holds before it overflows.</summary>
        int FifoCapacitySamples { get; }

        /// <summary>
        /// Moves up to <paramref name="maxSamples"/> samples from the FIFO into
        /// <paramref name="destination"/> as g, interleaved x, y, z (3 floats per sample) from
        /// <paramref name="offset"/>. Returns how many samples were read (0 when none are
        /// waiting), or <see cref="MpuAccelerometer.FifoDataLost"/> when samples were lost
        /// (overflow or a broken transfer): the FIFO was then reset and the stream restarts.
        /// </summary>
        int ReadFifo(float[] destination, int offset, int maxSamples);
    }
}
