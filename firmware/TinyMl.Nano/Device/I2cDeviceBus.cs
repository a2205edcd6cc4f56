using System;
using System.Device.I2c;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Device
{
    /// <summary>
    /// <see cref="II2cBus"/> on a nanoFramework <see cref="I2cDevice"/>. The only place where
    /// the I2C arrays become SpanByte. Device build only (Device/ is left out of the host build).
    /// </summary>
    /// <example>
    /// Configuration.SetPinFunction(21, DeviceFunction.I2C1_DATA);   // ESP32: pick SDA/SCL first
    /// Configuration.SetPinFunction(22, DeviceFunction.I2C1_CLOCK);
    /// var bus = new I2cDeviceBus(I2cDevice.Create(new I2cConnectionSettings(1, 0x68, I2cBusSpeed.FastMode)));
    /// </example>
    public sealed class I2cDeviceBus : II2cBus, IDisposable
    {
        private I2cDevice _device;

        /// <summary>Wraps an opened device; this object disposes it.</summary>
        public I2cDeviceBus(I2cDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException("device");
            }

            _device = device;
        }

        /// <inheritdoc/>
        public void Write(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count, "data");
            I2cTransferResult result = Device().Write(new SpanByte(data, offset, count));
            Check(result, "write");
        }

        /// <inheritdoc/>
        public void WriteRead(byte[] write, int writeOffset, int writeCount, byte[] read, int readOffset, int readCount)
        {
            CheckRange(write, writeOffset, writeCount, "write");
            CheckRange(read, readOffset, readCount, "read");
            I2cTransferResult result = Device().WriteRead(
                new SpanByte(write, writeOffset, writeCount),
                new SpanByte(read, readOffset, readCount));
            Check(result, "write-read");
        }

        /// <summary>Closes the device.</summary>
        public void Dispose()
        {
            if (_device != null)
            {
                _device.Dispose();
                _device = null;
            }
        }

        private I2cDevice Device()
        {
            if (_device == null)
            {
                throw new ObjectDisposedException("I2cDeviceBus");
            }

            return _device;
        }

        private void Check(I2cTransferResult result, string what)
        {
            I2cFault fault;
            switch (result.Status)
            {
                case I2cTransferStatus.FullTransfer:
                    return;
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    fault = I2cFault.AddressNotAcknowledged;
                    break;
                case I2cTransferStatus.ClockStretchTimeout:
                    fault = I2cFault.ClockStretchTimeout;
                    break;
                case I2cTransferStatus.PartialTransfer:
                    fault = I2cFault.PartialTransfer;
                    break;
                default:
                    fault = I2cFault.Unknown;
                    break;
            }

            throw new I2cException(fault, "I2C " + what + " to address 0x"
                + _device.ConnectionSettings.DeviceAddress.ToString("X2") + " failed: "
                + I2cException.Describe(fault) + " after " + result.BytesTransferred.ToString() + " bytes");
        }

        private static void CheckRange(byte[] array, int offset, int count, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > array.Length - count)
            {
                throw new ArgumentOutOfRangeException(name, "offset/count outside the array");
            }
        }
    }
}
