namespace TinyMl.Nano.Hardware
{
    /// <summary>
    /// One I2C peripheral at a fixed address (like System.Device.I2c.I2cDevice): drivers take
    /// it in their constructor and never see the controller or the address. Arrays plus
    /// offset/count keep the interface in the nanoFramework subset; the device adapter
    /// (Device/I2cDeviceBus) wraps them in SpanByte.
    /// </summary>
    /// <remarks>
    /// A transfer either completes or throws <see cref="I2cException"/> naming the fault
    /// (address not acknowledged, clock-stretch timeout, partial transfer). Throwing rather than
    /// returning a status keeps every register access in a driver one line long; faults are rare,
    /// and drivers retry and report them (see Sensors/Imu/ImuSampler).
    /// Argument errors (null array, range outside the array) throw ArgumentException.
    /// </remarks>
    public interface II2cBus
    {
        /// <summary>Writes <paramref name="count"/> bytes from <paramref name="data"/> in one transfer.</summary>
        void Write(byte[] data, int offset, int count);

        /// <summary>
        /// Writes <paramref name="writeCount"/> bytes, then (repeated start, no stop in between)
        /// reads <paramref name="readCount"/> bytes into <paramref name="read"/>.
        /// </summary>
        void WriteRead(byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount);
    }
}
