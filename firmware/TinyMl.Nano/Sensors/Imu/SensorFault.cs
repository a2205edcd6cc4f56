using System;

namespace TinyMl.Nano.Sensors
{
    /// <summary>What went wrong while sampling.</summary>
    public enum SensorFaultKind
    {
        /// <summary>I2C transfers kept failing (NACK, timeout) after the retries.</summary>
        BusError = 0,

        /// <summary>The chip answered with the wrong WHO_AM_I.</summary>
        WrongIdentity = 1,

        /// <summary>The FIFO overflowed (the window was read too slowly) or lost alignment; samples were lost.</summary>
        FifoOverflow = 2,

        /// <summary>No new sample arrived within the stall timeout (chip asleep or reset by a brown-out).</summary>
        Stalled = 3,

        /// <summary>Any other exception from the driver.</summary>
        Other = 4
    }

    /// <summary>Details of a fault reported by <see cref="ImuSampler.SensorFault"/>.</summary>
    public class SensorFaultEventArgs : EventArgs
    {
        private readonly SensorFaultKind _kind;
        private readonly string _message;
        private readonly Exception _exception;
        private readonly int _consecutiveFaults;

        /// <summary>Creates the details.</summary>
        public SensorFaultEventArgs(SensorFaultKind kind, string message, Exception exception, int consecutiveFaults)
        {
            _kind = kind;
            _message = message;
            _exception = exception;
            _consecutiveFaults = consecutiveFaults;
        }

        /// <summary>What went wrong.</summary>
        public SensorFaultKind Kind
        {
            get { return _kind; }
        }

        /// <summary>A sentence for a log.</summary>
        public string Message
        {
            get { return _message; }
        }

        /// <summary>The exception behind the fault, or null.</summary>
        public Exception Exception
        {
            get { return _exception; }
        }

        /// <summary>Faults in a row without a good window in between (1 for the first).</summary>
        public int ConsecutiveFaults
        {
            get { return _consecutiveFaults; }
        }
    }

    /// <summary>Handler of <see cref="ImuSampler.SensorFault"/>.</summary>
    public delegate void SensorFaultEventHandler(object sender, SensorFaultEventArgs e);
}
