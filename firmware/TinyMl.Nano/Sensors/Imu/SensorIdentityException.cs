using System;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// The chip at the address answered with another WHO_AM_I value than the driver expects:
    /// a different chip (e.g. an MPU6886 driven as an MPU6050), a clone, or another device at
    /// the same address.
    /// </summary>
    public class SensorIdentityException : Exception
    {
        private readonly int _expected;
        private readonly int _actual;

        /// <summary>Creates the error; the message names both values in hex.</summary>
        public SensorIdentityException(string chip, int register, int expected, int actual)
            : base(chip + ": WHO_AM_I (register 0x" + register.ToString("X2") + ") reads 0x"
                + actual.ToString("X2") + ", expected 0x" + expected.ToString("X2")
                + " - another chip is answering at this address")
        {
            _expected = expected;
            _actual = actual;
        }

        /// <summary>WHO_AM_I value the driver expects.</summary>
        public int Expected
        {
            get { return _expected; }
        }

        /// <summary>WHO_AM_I value the chip returned.</summary>
        public int Actual
        {
            get { return _actual; }
        }
    }
}
