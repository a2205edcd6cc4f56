using System;
using System.Device.Gpio;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Device
{
    /// <summary>
    /// <see cref="IDigitalInput"/> on a GPIO pin. A button to ground uses the internal pull-up
    /// and reads active when low. Device build only.
    /// </summary>
    public sealed class GpioDigitalInput : IDigitalInput, IDisposable
    {
        private readonly bool _activeLow;
        private GpioPin _pin;

        /// <summary>
        /// Opens <paramref name="pinNumber"/> as an input. <paramref name="activeLow"/> true: pull-up
        /// enabled, low = active (button to GND); false: pull-down enabled, high = active.
        /// </summary>
        public GpioDigitalInput(GpioController controller, int pinNumber, bool activeLow)
        {
            if (controller == null)
            {
                throw new ArgumentNullException("controller");
            }

            _activeLow = activeLow;
            _pin = controller.OpenPin(pinNumber, activeLow ? PinMode.InputPullUp : PinMode.InputPullDown);
        }

        /// <inheritdoc/>
        public bool Read()
        {
            if (_pin == null)
            {
                throw new ObjectDisposedException("GpioDigitalInput");
            }

            bool high = _pin.Read() == PinValue.High;
            return high != _activeLow;
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
