using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Hardware;
using TinyMl.Nano.Host;
using TinyMl.Nano.Sensors;
using TinyMl.Nano.Tests.Sensors;
using TinyMl.Simulation;

namespace TinyMl.Tools.Tests.Cli;

/// <summary>
/// `tinyml capture` over a real serial device: socat links two pseudo-terminals, the test feeds
/// one end with the device's stream format (<see cref="ImuCsvStream"/>) from the host vibration
/// simulator, the command reads the other end through System.IO.Ports. Needs socat (.ci/run
/// installs it); skipped with a message without it.
/// </summary>
[TestClass]
public class CaptureCommandTests
{
    private sealed class Pty : IDisposable
    {
        public readonly string Dir = Path.Combine(Path.GetTempPath(), "tinyml-pty-" + Guid.NewGuid().ToString("N"));
        public Process Socat = null!;
        public string Port => Path.Combine(Dir, "port");
        public string Feed => Path.Combine(Dir, "feed");

        public static Pty Start()
        {
            if (OperatingSystem.IsWindows()) Assert.Inconclusive("pseudo-terminals need Linux or macOS");
            string? socat = new[] { "/usr/bin/socat", "/usr/local/bin/socat", "/bin/socat" }.FirstOrDefault(File.Exists);
            if (socat == null) Assert.Inconclusive("socat is not installed (apt-get install socat); the capture test needs it");
            var pty = new Pty();
            Directory.CreateDirectory(pty.Dir);
            var info = new ProcessStartInfo(socat!) { UseShellExecute = false, RedirectStandardError = true };
            info.ArgumentList.Add("pty,raw,echo=0,link=" + pty.Port);
            info.ArgumentList.Add("pty,raw,echo=0,link=" + pty.Feed);
            pty.Socat = Process.Start(info)!;
            var wait = Stopwatch.StartNew();
            while (!(File.Exists(pty.Port) && File.Exists(pty.Feed)))
            {
                if (wait.ElapsedMilliseconds > 10000) Assert.Fail("socat did not create the pseudo-terminals: " + pty.Socat.StandardError.ReadToEnd());
                Thread.Sleep(20);
            }
            return pty;
        }

        public void Kill()
        {
            if (!Socat.HasExited)
            {
                Socat.Kill();
                Socat.WaitForExit(5000);
            }
        }

        public void Dispose()
        {
            Kill();
            Socat.Dispose();
            try { Directory.Delete(Dir, true); } catch (IOException) { }
        }
    }

    private sealed class WriterSink : ILineSink
    {
        public readonly TextWriter Writer;
        public readonly List<string> Lines = new();
        public WriterSink(TextWriter writer) { Writer = writer; }
        public void WriteLine(string line) { Lines.Add(line); Writer.Write(line + "\n"); }
    }

    // The rows the sink sent (header lines left out), parsed as the text they were.
    private static List<float[]> SentRows(WriterSink sink) =>
        sink.Lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();

    // The recording's rows are the sent rows from one of the headers (every rate rows) on,
    // exactly; returns that start.
    private static int AssertRecordedFromAHeader(List<float[]> sent, CsvSamples csv, int rows, int rate)
    {
        int start = -1;
        for (int s = 0; s + rows <= sent.Count && start < 0; s += rate)
        {
            if (sent[s][0] == csv[0, 0] && sent[s][1] == csv[0, 1] && sent[s][2] == csv[0, 2]) start = s;
        }
        Assert.IsTrue(start >= 0, "the recording begins with the sample after a header line");
        for (int i = 0; i < rows; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.AreEqual(sent[start + i][c], csv[i, c], $"sample {i}, axis {c}");
            }
        }
        return start;
    }

    private static (int Code, string Out, string Err) RunCapture(params string[] args)
    {
        var outw = new StringWriter();
        var err = new StringWriter();
        int code = TinyMl.Cli.Program.Run(new[] { "capture" }.Concat(args).ToArray(), outw, err);
        return (code, outw.ToString(), err.ToString());
    }

    /// <summary>Starts the capture, then (once the port is open) feeds the other end.</summary>
    private static (int Code, string Out, string Err) CaptureWhileFeeding(Pty pty, Action<TextWriter> feed, Action? afterFeed, params string[] args)
    {
        var capture = Task.Run(() => RunCapture(args));
        Thread.Sleep(700);
        using (var stream = new FileStream(pty.Feed, FileMode.Open, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false })
        {
            feed(writer);
            writer.Flush();
            afterFeed?.Invoke();
        }
        Assert.IsTrue(capture.Wait(TimeSpan.FromSeconds(30)), "the capture returned");
        return capture.Result;
    }

    [TestMethod]
    public void RoundTripsASimulatedStreamExactly()
    {
        using Pty pty = Pty.Start();
        string output = Path.Combine(pty.Dir, "normal.csv");
        const int rate = 800;
        float[] samples = new VibrationGenerator(new VibrationSettings { SampleRateHz = rate, ShaftSpeedHz = 25 }, MachineCondition.BearingDefect, 5).Generate(3 * rate);
        WriterSink? sink = null;
        var r = CaptureWhileFeeding(pty, w =>
        {
            w.Write("3,0.0 boot messages and a partial line before the first header\n");
            sink = new WriterSink(w);
            var stream = new ImuCsvStream(sink, rate);
            for (int i = 0; i < samples.Length / 3; i += 100)
            {
                stream.Write(samples, 3 * i, 100);
                w.Flush();
                Thread.Sleep(5);
            }
        }, () => Thread.Sleep(500), "--port", pty.Port, "--seconds", "1.5", "-o", output, "--timeout", "3");
        Assert.AreEqual(0, r.Code, r.Err);
        StringAssert.Contains(r.Out, "captured 1200 samples at 800 Hz");
        StringAssert.Contains(r.Err, "capture: 1200 of 1200 samples (100 %)");

        Assert.AreEqual("# sample_rate_hz=800", File.ReadLines(output).First());
        CsvSamples csv = CsvSampleFile.Read(output, CsvSampleFile.AccelerometerColumns);
        Assert.AreEqual(1200, csv.RowCount);

        // What went over the wire, parsed as the text it was: the capture starts at a header.
        var sent = SentRows(sink!);
        int start = AssertRecordedFromAHeader(sent, csv, 1200, rate);
        // And the text is the simulator's value to 5 decimals.
        Assert.AreEqual(Math.Round(samples[3 * start], 5), csv[0, 0], 1e-6);
    }

    [TestMethod]
    public void DeviceCaptureModeRoundTripsThroughTheSerialPort()
    {
        // The device app's capture mode (ImuCapture) on the register-level MPU-6886 simulator:
        // the chip replays simulator vibration in counts of the ±4 g range (8192 LSB/g), the
        // sampler reads its FIFO, the capture streams CSV into the pseudo-terminal.
        using Pty pty = Pty.Start();
        string output = Path.Combine(pty.Dir, "device.csv");
        const int rate = 1000;
        float[] vibration = new VibrationGenerator(new VibrationSettings { SampleRateHz = rate }, MachineCondition.Looseness, 9).Generate(3 * rate);
        short[] counts = vibration.Select(v => (short)Math.Clamp(Math.Round(v * 8192.0), short.MinValue, short.MaxValue)).ToArray();
        SimulatedMpu chip = SimulatedMpu.Mpu6886();
        chip.SetSamples(counts);
        var sampler = new ImuSampler(new Mpu6886(chip, chip), AccelerometerRange.Range4G, rate, chip);
        WriterSink? sink = null;
        ImuCapture? capture = null;
        var r = CaptureWhileFeeding(pty, w =>
        {
            sink = new WriterSink(w);
            capture = new ImuCapture(sampler, sink, rate, 100);
            for (int block = 0; block < 25; block++)
            {
                Assert.IsTrue(capture.Step(), $"block {block}");
                w.Flush();
                Thread.Sleep(5);
            }
        }, () => Thread.Sleep(500), "--port", pty.Port, "--seconds", "1.5", "-o", output, "--timeout", "3");
        Assert.AreEqual(0, r.Code, r.Err);
        Assert.AreEqual(2500L, capture!.SamplesWritten);
        Assert.AreEqual(0L, capture.BlocksDropped);
        StringAssert.Contains(r.Out, "captured 1500 samples at 1000 Hz");

        // The parser reads back exactly what the device wrote, from a header on.
        CsvSamples csv = CsvSampleFile.Read(output, CsvSampleFile.AccelerometerColumns);
        Assert.AreEqual(1500, csv.RowCount);
        var sent = SentRows(sink!);
        Assert.AreEqual(2500, sent.Count);
        Assert.AreEqual(ImuCsvStream.Header(rate), sink.Lines[0]);
        AssertRecordedFromAHeader(sent, csv, 1500, rate);
        // And what went out is the chip's sample stream in g (counts / 8192, 5 decimals), in
        // order, without gaps: find where the sampler started in the replay, then compare all.
        int n = counts.Length / 3;
        bool Matches(int s, int k) => Enumerable.Range(0, 3).All(c => Math.Abs(Math.Round(counts[3 * ((k + s) % n) + c] / 8192.0, 5) - sent[s][c]) < 1e-6);
        int first = Enumerable.Range(0, n).FirstOrDefault(k => Enumerable.Range(0, 8).All(s => Matches(s, k)), -1);
        Assert.IsTrue(first >= 0, "the first samples sent are consecutive samples of the chip");
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.IsTrue(Matches(i, first), $"sample {i} sent is the chip's sample {(first + i) % n}");
        }
    }

    [TestMethod]
    public void GarbledStreamFailsCleanlyWithoutWritingTheFile()
    {
        using Pty pty = Pty.Start();
        string output = Path.Combine(pty.Dir, "normal.csv");
        var r = CaptureWhileFeeding(pty, w =>
        {
            w.Write(ImuCsvStream.Header(1000) + "\n");
            for (int i = 0; i < 10; i++) w.Write(ImuCsvStream.FormatSample(0.1f, 0.2f, 1f) + "\n");
            w.Write("0.10000,0.2\u00ff\u00fe0,1.00000\n"); // bytes at a wrong baud rate
        }, () => Thread.Sleep(300), "--port", pty.Port, "--seconds", "2", "-o", output, "--timeout", "3");
        Assert.AreEqual(1, r.Code, r.Err);
        StringAssert.Contains(r.Err, "line 12, column 2");
        StringAssert.Contains(r.Err, "garbled");
        Assert.IsFalse(File.Exists(output), "nothing written");
    }

    [TestMethod]
    public void DisconnectedStreamFailsCleanlyWithoutWritingTheFile()
    {
        using Pty pty = Pty.Start();
        string output = Path.Combine(pty.Dir, "normal.csv");
        var clock = Stopwatch.StartNew();
        var r = CaptureWhileFeeding(pty, w =>
        {
            w.Write(ImuCsvStream.Header(1000) + "\n");
            for (int i = 0; i < 100; i++) w.Write(ImuCsvStream.FormatSample(0.1f, 0.2f, 1f) + "\n");
            w.Flush();
            Thread.Sleep(300);
        }, pty.Kill, "--port", pty.Port, "--seconds", "5", "-o", output, "--timeout", "1.5");
        Assert.AreEqual(1, r.Code, r.Err);
        StringAssert.Contains(r.Err, "after 100");
        StringAssert.Contains(r.Err, "disconnected");
        Assert.IsFalse(File.Exists(output), "nothing written");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(20), "gave up promptly");
    }

    [TestMethod]
    public void StreamWithoutHeaderFailsCleanly()
    {
        using Pty pty = Pty.Start();
        string output = Path.Combine(pty.Dir, "normal.csv");
        var r = CaptureWhileFeeding(pty, w =>
        {
            for (int i = 0; i < 50; i++) w.Write("I (1234) boot: something else\n");
        }, null, "--port", pty.Port, "--seconds", "2", "-o", output, "--timeout", "1");
        Assert.AreEqual(1, r.Code, r.Err);
        StringAssert.Contains(r.Err, "no header line");
        StringAssert.Contains(r.Err, "50 other lines");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void MissingPortIsAClearError()
    {
        string output = Path.Combine(Path.GetTempPath(), "tinyml-capture-" + Guid.NewGuid().ToString("N") + ".csv");
        var r = RunCapture("--port", "/dev/tinyml-no-such-port", "--seconds", "1", "-o", output);
        Assert.AreEqual(1, r.Code);
        StringAssert.Contains(r.Err, "no serial port /dev/tinyml-no-such-port");
        Assert.IsFalse(File.Exists(output));

        r = RunCapture("--port", "/dev/null", "--seconds", "0", "-o", output);
        Assert.AreEqual(1, r.Code);
        StringAssert.Contains(r.Err, "--seconds must be above 0");
    }

    [TestMethod]
    public void DeviceStreamFormatIsTheDocumentedOne()
    {
        var lines = new List<string>();
        var sink = new WriterSink(TextWriter.Null);
        var stream = new ImuCsvStream(sink, 2);
        stream.Write(new float[] { 0.5f, -0.25f, 1f, 0.000004f, 0, 0, 1, 2, 3 }, 0, 3);
        CollectionAssert.AreEqual(new[]
        {
            "# TinyMl.Nano IMU capture, sample_rate_hz=2, columns=ax,ay,az, unit=g",
            "0.50000,-0.25000,1.00000",
            "0.00000,0.00000,0.00000",
            "# TinyMl.Nano IMU capture, sample_rate_hz=2, columns=ax,ay,az, unit=g",
            "1.00000,2.00000,3.00000",
        }, sink.Lines);
        Assert.AreEqual(3L, stream.SamplesWritten);
        Assert.ThrowsExactly<ArgumentException>(() => stream.Write(new float[5], 0, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ImuCsvStream(sink, 0));
    }
}
