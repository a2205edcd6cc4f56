namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// Accelerometer full scale. The value is the 2-bit field written to ACCEL_CONFIG[4:3]
    /// (the same on MPU6050 and MPU6886); sensitivity is 16384 LSB/g at ±2 g, halving per step.
    /// </summary>
    public enum AccelerometerRange
    {
        /// <summary>±2 g, 16384 LSB/g.</summary>
        Range2G = 0,

        /// <summary>±4 g, 8192 LSB/g.</summary>
        Range4G = 1,

        /// <summary>±8 g, 4096 LSB/g.</summary>
        Range8G = 2,

        /// <summary>±16 g, 2048 LSB/g.</summary>
        Range16G = 3
    }
}
