namespace TinyMl.Nano.Hardware
{
    /// <summary>
    /// Where text lines go, e.g. a serial port (device adapter: the app's SerialPort wrapper;
    /// host: a pseudo-terminal or a StringWriter in tests).
    /// </summary>
    public interface ILineSink
    {
        /// <summary>Writes one line; the sink adds the line end ("\n").</summary>
        void WriteLine(string line);
    }
}
