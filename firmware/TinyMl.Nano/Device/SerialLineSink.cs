using System;
using System.IO.Ports;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Device
{
    /// <summary>
    /// Lines to a serial port (nanoFramework.System.IO.Ports), "\n"-terminated, for the capture
    /// mode's CSV stream. The port must not be the one the debugger uses (boards/README.md).
    /// </summary>
    public sealed class SerialLineSink : ILineSink, IDisposable
    {
        private readonly SerialPort _port;

        /// <summary>Opens portName (e.g. "COM2") at baudRate, 8N1.</summary>
        public SerialLineSink(string portName, int baudRate)
        {
            if (portName == null || portName.Length < 4)
            {
                throw new ArgumentException("portName must name a port such as COM2");
            }
            if (baudRate < 1200)
            {
                throw new ArgumentOutOfRangeException("baudRate", "must be at least 1200, is " + baudRate.ToString());
            }
            _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            _port.NewLine = "\n";
            _port.WriteBufferSize = 2048;
            _port.Open();
        }

        /// <summary>Writes the line and "\n".</summary>
        public void WriteLine(string line)
        {
            _port.WriteLine(line);
        }

        /// <summary>Closes the port.</summary>
        public void Dispose()
        {
            _port.Close();
        }
    }
}
