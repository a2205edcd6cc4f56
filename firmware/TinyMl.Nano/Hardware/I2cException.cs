using System;

namespace TinyMl.Nano.Hardware
{
    /// <summary>An I2C transfer failed; <see cref="Fault"/> says how.</summary>
    public class I2cException : Exception
    {
        private readonly I2cFault _fault;

        /// <summary>Creates the error.</summary>
        public I2cException(I2cFault fault, string message)
            : base(message)
        {
            _fault = fault;
        }

        /// <summary>How the transfer failed.</summary>
        public I2cFault Fault
        {
            get { return _fault; }
        }

        /// <summary>
        /// True when no byte reached or left the peripheral, so repeating the transfer cannot
        /// duplicate or lose data (matters for reads that pop a FIFO).
        /// </summary>
        public bool NothingTransferred
        {
            get { return _fault == I2cFault.AddressNotAcknowledged; }
        }

        /// <summary>Readable name of a fault, for messages.</summary>
        public static string Describe(I2cFault fault)
        {
            switch (fault)
            {
                case I2cFault.AddressNotAcknowledged:
                    return "address not acknowledged";
                case I2cFault.ClockStretchTimeout:
                    return "clock-stretch timeout";
                case I2cFault.PartialTransfer:
                    return "partial transfer";
                default:
                    return "unknown bus error";
            }
        }
    }
}
