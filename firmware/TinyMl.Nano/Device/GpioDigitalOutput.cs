using System;
using System.Device.Gpio;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Device
{
    /// <summary>
    /// <see cref="IDigitalOutput"/> on a GPIO pin (an LED, a relay). Device build only.
    /// </summary>
    public sealed class GpioDigitalOutput : IDigitalOutput, IDisposable
    {
        private readonly bool _activeLow;
        private GpioPin _pin;

        /// <summary>
        /// Opens <paramref name="pinNumber"/> as an output, inactive at start.
        /// <paramref name="activeLow"/>: true for an LED wired from 3V3 to the pin.
        /// </summary>
        public GpioDigitalOutput(GpioController controller, int pinNumber, bool activeLow)
        {
            if (controller == null)
            {
                throw new ArgumentNullException("controller");
            }

            _activeLow = activeLow;
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            Write(false);
        }

        /// <inheritdoc/>
        public void Write(bool active)
        {
            if (_pin == null)
            {
                throw new ObjectDisposedException("GpioDigitalOutput");
            }

            _pin.Write((active != _activeLow) ? PinValue.High : PinValue.Low);
        }

        /// <summary>Releases the pin.</summary>
        public void Dispose()
        {
            if (_pin != null)
            {
                _pin.Dispose();
                _pin = null;
            }
        }
    }
}
