namespace TinyMl.Nano.Hardware
{
    /// <summary>A digital output such as an LED or a relay (device adapter: Device/GpioDigitalOutput).</summary>
    public interface IDigitalOutput
    {
        /// <summary>Drives the output to its active level (true) or inactive level (false).</summary>
        void Write(bool active);
    }
}
