using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Ports;
using System.Linq;
using System.Text;
using TinyMl.Nano.Host;
using TinyMl.Nano.Sensors;
using TinyMl.Simulation;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml capture --port PORT --seconds N -o normal.csv`: records raw accelerometer samples
    /// streamed by the board (<see cref="ImuCsvStream"/>: a header line with the sample rate,
    /// then "x,y,z" lines) into a CSV that `tinyml train-anomaly` reads, with a comment line
    /// carrying the sample rate. Nothing is written unless the whole recording arrived intact.
    /// </summary>
    public static class CaptureCommand
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>The comment line the CSV starts with.</summary>
        public const string RateComment = "# sample_rate_hz=";

        public static Command Create(TextWriter outw, TextWriter err)
        {
            var port = new Option<string>("--port", "-p") { Description = "serial port of the board (/dev/ttyUSB0, /dev/ttyACM0, COM3)", Required = true };
            var seconds = new Option<double>("--seconds", "-s") { Description = "how long to record", DefaultValueFactory = _ => 60 };
            var output = new Option<string>("--output", "-o") { Description = "CSV to write (ax,ay,az in g)", Required = true };
            var baud = new Option<int>("--baud") { Description = "baud rate of the board's serial port", DefaultValueFactory = _ => 921600 };
            var timeout = new Option<double>("--timeout") { Description = "seconds without a header or without data before giving up", DefaultValueFactory = _ => 5 };
            var command = new Command("capture", "Record raw accelerometer samples streamed by the board over its serial port into a CSV for train-anomaly.")
            {
                port, seconds, output, baud, timeout,
            };
            command.SetAction(r => Run(r.GetValue(port), r.GetValue(seconds), r.GetValue(output), r.GetValue(baud), r.GetValue(timeout), outw, err));
            return command;
        }

        /// <summary>Opens the port, captures, writes the CSV; returns the exit code (0 ok, 1 error).</summary>
        public static int Run(string portName, double seconds, string outputPath, int baud, double timeoutSeconds, TextWriter outw, TextWriter err)
        {
            if (string.IsNullOrWhiteSpace(portName)) return CliText.Fail(err, "--port is empty");
            if (!(seconds > 0 && seconds <= 24 * 3600)) return CliText.Fail(err, "--seconds must be above 0 and at most 86400, got " + seconds.ToString(Inv));
            if (!(timeoutSeconds > 0 && timeoutSeconds <= 600)) return CliText.Fail(err, "--timeout must be above 0 and at most 600 s, got " + timeoutSeconds.ToString(Inv));
            if (baud < 300 || baud > 10_000_000) return CliText.Fail(err, "--baud must be 300 to 10000000, got " + baud.ToString(Inv));
            if (string.IsNullOrWhiteSpace(outputPath)) return CliText.Fail(err, "--output is empty");

            if (!PortExists(portName))
            {
                string[] names = AvailablePorts();
                return CliText.Fail(err, "no serial port " + portName + (names.Length == 0 ? " (no serial ports found: is the board plugged in?)" : " (available: " + string.Join(", ", names) + ")"));
            }

            using var port = new SerialPort(portName, baud) { NewLine = "\n", ReadTimeout = 200, Encoding = Encoding.ASCII };
            try
            {
                port.Open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                return CliText.Fail(err, "cannot open " + portName + ": " + CliText.OneLine(e.Message));
            }
            port.DiscardInBuffer();

            string ReadLine(int timeoutMs)
            {
                port.ReadTimeout = timeoutMs;
                try
                {
                    return port.ReadLine();
                }
                catch (TimeoutException)
                {
                    return null;
                }
            }

            return CaptureTo(ReadLine, portName, seconds, timeoutSeconds, outputPath, outw, err);
        }

        /// <summary>
        /// Captures from a line source (readLine(timeoutMs) returns null when no line came in
        /// time, throws IOException or InvalidOperationException when the stream is gone) and
        /// writes the CSV. Returns the exit code.
        /// </summary>
        public static int CaptureTo(Func<int, string> readLine, string sourceName, double seconds, double timeoutSeconds, string outputPath, TextWriter outw, TextWriter err)
        {
            CaptureResult result;
            try
            {
                result = Capture(readLine, sourceName, seconds, timeoutSeconds, (done, total) =>
                    err.WriteLine(string.Format(Inv, "capture: {0} of {1} samples ({2:0} %)", done, total, 100.0 * done / total)));
            }
            catch (CaptureException e)
            {
                return CliText.Fail(err, e.Message);
            }

            var text = new StringWriter(Inv) { NewLine = "\n" };
            text.Write(RateComment + result.SampleRateHz.ToString(Inv) + "\n");
            CsvSampleFile.Write(text, result.Values, CsvSampleFile.AccelerometerColumns);
            try
            {
                File.WriteAllText(outputPath, text.ToString(), new UTF8Encoding(false));
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot write " + outputPath + ": " + e.Message);
            }
            outw.WriteLine(string.Format(Inv, "captured {0} samples at {1} Hz ({2:0.0} s) from {3} -> {4}",
                result.Values.Length / 3, result.SampleRateHz, result.Values.Length / 3 / (double)result.SampleRateHz, sourceName, outputPath));
            return 0;
        }

        /// <summary>A recording: the sample rate from the header and the samples (x, y, z interleaved).</summary>
        public sealed record CaptureResult(int SampleRateHz, float[] Values);

        /// <summary>The stream is missing, stopped or malformed; the message says which and where.</summary>
        public sealed class CaptureException : Exception
        {
            public CaptureException(string message) : base(message) { }
        }

        /// <summary>
        /// Reads lines until the first header, then seconds × rate sample lines. Lines before the
        /// first header are skipped (the port may be opened in the middle of a line).
        /// </summary>
        /// <exception cref="CaptureException">No header in time, no data in time, the stream closed, a malformed line, or the rate changed.</exception>
        public static CaptureResult Capture(Func<int, string> readLine, string sourceName, double seconds, double timeoutSeconds, Action<long, long> progress = null)
        {
            ArgumentNullException.ThrowIfNull(readLine);
            int timeoutMs = (int)Math.Ceiling(timeoutSeconds * 1000);
            var clock = Stopwatch.StartNew();
            long lineNumber = 0;
            int rate = 0;
            long wanted = 0;
            float[] values = null;
            long count = 0;
            long lastData = 0;
            long lastProgress = 0;

            while (rate == 0 || count < wanted)
            {
                string line;
                try
                {
                    line = readLine(Math.Min(250, timeoutMs));
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
                {
                    throw new CaptureException(sourceName + ": the stream stopped after " + count.ToString(Inv) + " samples (" + CliText.OneLine(e.Message) + "): was the board disconnected or reset?");
                }

                if (line == null)
                {
                    if (rate == 0 && clock.ElapsedMilliseconds > timeoutMs)
                    {
                        throw new CaptureException(sourceName + ": no header line '" + ImuCsvStream.HeaderPrefix + ", " + ImuCsvStream.RateKey + "...' within "
                            + timeoutSeconds.ToString(Inv) + " s (" + lineNumber.ToString(Inv) + " other lines): is the board running the capture mode, at this baud rate?");
                    }
                    if (rate != 0 && clock.ElapsedMilliseconds - lastData > timeoutMs)
                    {
                        throw new CaptureException(sourceName + ": no data for " + timeoutSeconds.ToString(Inv) + " s after " + count.ToString(Inv) + " of "
                            + wanted.ToString(Inv) + " samples: was the board disconnected or reset?");
                    }
                    continue;
                }

                lineNumber++;
                line = line.TrimEnd('\r');
                if (line.StartsWith(ImuCsvStream.HeaderPrefix, StringComparison.Ordinal))
                {
                    int r = ParseRate(line, sourceName, lineNumber);
                    if (rate == 0)
                    {
                        rate = r;
                        wanted = (long)Math.Round(seconds * rate);
                        if (wanted < 1) wanted = 1;
                        if (wanted > 200_000_000 / 3) throw new CaptureException($"{sourceName}: {seconds} s at {rate} Hz is too many samples");
                        values = new float[wanted * 3];
                        lastData = clock.ElapsedMilliseconds;
                    }
                    else if (r != rate)
                    {
                        throw new CaptureException($"{sourceName} line {lineNumber}: the sample rate changed from {rate} Hz to {r} Hz during the recording (was the board reset?)");
                    }
                    continue;
                }
                if (rate == 0)
                {
                    continue; // before the first header: a partial line or boot messages
                }

                string[] fields = line.Split(',');
                if (fields.Length != 3)
                {
                    throw new CaptureException($"{sourceName} line {lineNumber}: '{Shorten(line)}' is not a sample (expected x,y,z: 3 numbers, got {fields.Length} fields): the stream is garbled (wrong baud rate?)");
                }
                for (int c = 0; c < 3; c++)
                {
                    if (!float.TryParse(fields[c], NumberStyles.Float, Inv, out float v) || !float.IsFinite(v))
                    {
                        throw new CaptureException($"{sourceName} line {lineNumber}, column {c + 1}: '{Shorten(fields[c])}' is not a finite number: the stream is garbled (wrong baud rate?)");
                    }
                    values[count * 3 + c] = v;
                }
                count++;
                lastData = clock.ElapsedMilliseconds;
                if (progress != null && (count - lastProgress >= rate || count == wanted))
                {
                    progress(count, wanted);
                    lastProgress = count;
                }
            }
            return new CaptureResult(rate, values);
        }

        private static int ParseRate(string line, string source, long lineNumber)
        {
            int at = line.IndexOf(ImuCsvStream.RateKey, StringComparison.Ordinal);
            if (at >= 0)
            {
                int start = at + ImuCsvStream.RateKey.Length;
                int end = start;
                while (end < line.Length && char.IsAsciiDigit(line[end])) end++;
                if (int.TryParse(line.AsSpan(start, end - start), NumberStyles.None, Inv, out int rate) && rate >= 1 && rate <= 100000)
                {
                    return rate;
                }
            }
            throw new CaptureException($"{source} line {lineNumber}: header '{Shorten(line)}' has no valid {ImuCsvStream.RateKey}N (1 to 100000)");
        }

        private static string Shorten(string s) => s.Length <= 60 ? s : s.Substring(0, 57) + "...";

        private static string[] AvailablePorts()
        {
            try
            {
                return SerialPort.GetPortNames().OrderBy(x => x, StringComparer.Ordinal).ToArray();
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }

        private static bool PortExists(string name)
        {
            if (OperatingSystem.IsWindows())
            {
                return AvailablePorts().Contains(name, StringComparer.OrdinalIgnoreCase);
            }
            return File.Exists(name);
        }
    }
}
