namespace TinyMl.Nano.Hardware
{
    /// <summary>Why an I2C transfer failed (mirrors System.Device.I2c.I2cTransferStatus).</summary>
    public enum I2cFault
    {
        /// <summary>Nobody answered at the address: wiring, power, or wrong address. No data moved.</summary>
        AddressNotAcknowledged = 0,

        /// <summary>The peripheral held the clock low for too long.</summary>
        ClockStretchTimeout = 1,

        /// <summary>The transfer stopped part-way (a data byte was not acknowledged).</summary>
        PartialTransfer = 2,

        /// <summary>The controller reported an error it did not explain.</summary>
        Unknown = 3
    }
}
