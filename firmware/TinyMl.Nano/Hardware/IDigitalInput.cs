namespace TinyMl.Nano.Hardware
{
    /// <summary>A digital input such as a button (device adapter: Device/GpioDigitalInput).</summary>
    public interface IDigitalInput
    {
        /// <summary>True while the input is at its active level (a button: pressed).</summary>
        bool Read();
    }
}
