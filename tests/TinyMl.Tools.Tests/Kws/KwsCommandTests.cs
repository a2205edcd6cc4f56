using System;
using System.CommandLine;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Nano.Audio;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>`tinyml kws` on a WAV of the concatenated clips, through System.CommandLine as the CLI parses it.</summary>
    [TestClass]
    public class KwsCommandTests
    {
        public TestContext TestContext { get; set; }

        private string _dir;

        [TestInitialize]
        public void Setup()
        {
            _dir = Path.Combine(Path.GetTempPath(), "tinyml-kws-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TestCleanup]
        public void Cleanup()
        {
            Directory.Delete(_dir, true);
        }

        private static (int Code, string Out, string Err) Kws(params string[] args)
        {
            var outw = new StringWriter();
            var err = new StringWriter();
            var root = new RootCommand { KwsCommand.Create(outw, err) };
            var all = new string[args.Length + 1];
            all[0] = "kws";
            args.CopyTo(all, 1);
            int code = root.Parse(all).Invoke(new InvocationConfiguration { Output = outw, Error = err });
            return (code, outw.ToString(), err.ToString());
        }

        /// <summary>silence, yes, noise, no, silence as one 5 s WAV.</summary>
        private string WriteStreamWav()
        {
            var source = StreamingTests.Stream();
            var samples = new short[5 * 16000];
            int n = 0, r;
            while ((r = source.Read(samples, n, samples.Length - n)) > 0)
            {
                n += r;
            }
            Assert.AreEqual(samples.Length, n);
            string path = Path.Combine(_dir, "stream.wav");
            File.WriteAllBytes(path, WavBytes(samples, 16000, 1));
            return path;
        }

        internal static byte[] WavBytes(short[] samples, int rate, int channels)
        {
            var ms = new MemoryStream();
            var w = new BinaryWriter(ms);
            w.Write("RIFF"u8.ToArray());
            w.Write(36 + samples.Length * 2);
            w.Write("WAVEfmt "u8.ToArray());
            w.Write(16);
            w.Write((short)1);
            w.Write((short)channels);
            w.Write(rate);
            w.Write(rate * channels * 2);
            w.Write((short)(channels * 2));
            w.Write((short)16);
            w.Write("data"u8.ToArray());
            w.Write(samples.Length * 2);
            foreach (short s in samples)
            {
                w.Write(s);
            }
            return ms.ToArray();
        }

        [TestMethod]
        public void PrintsOneYesAndOneNoWithTimesAndATimelineFromATflite()
        {
            string wav = WriteStreamWav();
            string report = Path.Combine(_dir, "report.html");
            var (code, outText, errText) = Kws("--model", SharedData.ModelPath("micro_speech_quantized"), "--wav", wav, "--report", report);
            TestContext.WriteLine(outText);
            Assert.AreEqual(0, code, errText);
            Assert.AreEqual("", errText);

            // Detection rows: "  time  label  score  onset".
            MatchCollection rows = Regex.Matches(outText, @"^\s*(\d+\.\d{3})\s+(yes|no)\s+(\d\.\d\d)\s+(\d+\.\d{3})\s*$", RegexOptions.Multiline);
            Assert.AreEqual(2, rows.Count, outText);
            Assert.AreEqual("yes", rows[0].Groups[2].Value);
            Assert.AreEqual("no", rows[1].Groups[2].Value);
            double yesOnset = double.Parse(rows[0].Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
            double noOnset = double.Parse(rows[1].Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(yesOnset >= 1.0 && yesOnset < 2.0, "yes onset " + yesOnset);
            Assert.IsTrue(noOnset >= 3.0 && noOnset < 4.0, "no onset " + noOnset);
            StringAssert.Contains(outText, "2 detection(s)");
            StringAssert.Contains(outText, "compiled in memory");

            // Timeline: one row per label and a detection row with exactly two marks.
            Match detected = Regex.Match(outText, @"^detected\s\|([ ^]*)\|$", RegexOptions.Multiline);
            Assert.IsTrue(detected.Success, outText);
            Assert.AreEqual(60, detected.Groups[1].Value.Length, "5 s of audio + 1 s of appended silence (--tail-ms) at 100 ms per column");
            Assert.AreEqual(2, detected.Groups[1].Value.Split('^').Length - 1);
            Match yesRow = Regex.Match(outText, @"^yes\s+\|(.{60})\|$", RegexOptions.Multiline);
            Assert.IsTrue(yesRow.Success, outText);
            Match noRow = Regex.Match(outText, @"^no\s+\|(.{60})\|$", RegexOptions.Multiline);
            Assert.IsTrue(noRow.Success, outText);
            Assert.AreEqual("         ", yesRow.Groups[1].Value.Substring(0, 9), "no inference before the model input is full (0.99 s)");
            // '@' (averaged score >= 0.9) for yes within its clip and the averaging lag after it (1-2.7 s) and never later; for no only after 3 s.
            Assert.IsTrue(yesRow.Groups[1].Value.Substring(10, 15).Contains('@'), yesRow.Value);
            Assert.IsFalse(noRow.Groups[1].Value.Substring(10, 15).Contains('@'), noRow.Value);
            Assert.IsTrue(noRow.Groups[1].Value.Substring(30, 15).Contains('@'), noRow.Value);
            Assert.IsFalse(yesRow.Groups[1].Value.Substring(27, 23).Contains('@'), yesRow.Value);

            string html = File.ReadAllText(report);
            StringAssert.Contains(html, "<svg");
            string overview = Regex.Match(html, "<svg .*?</svg>", RegexOptions.Singleline).Value;
            Assert.AreEqual(8, Regex.Matches(overview, "<polyline").Count, "raw and averaged line per label in the overview");
            Assert.AreEqual(3, Regex.Matches(html, "<svg ").Count, "the overview and one zoomed panel per detection");
            StringAssert.Contains(html, "<td>yes</td>");
            StringAssert.Contains(html, "<td>no</td>");
            StringAssert.Contains(outText, "wrote " + report);
        }

        [TestMethod]
        public void AWordAtTheEndOfTheFileIsDecidedThanksToTheSilenceTail()
        {
            // A one-second clip fills the model input exactly once; only the appended silence
            // gives the averaging window the inferences it needs, as a live stream would.
            string clip = SharedData.Require(Path.Combine("audio", "yes_1000ms.wav"));
            string model = SharedData.ModelPath("micro_speech_quantized");
            var (code, outText, errText) = Kws("--model", model, "--wav", clip);
            Assert.AreEqual(0, code, errText);
            MatchCollection rows = Regex.Matches(outText, @"^\s*(\d+\.\d{3})\s+(yes|no)\s+(\d\.\d\d)\s+(\d+\.\d{3})\s*$", RegexOptions.Multiline);
            Assert.AreEqual(1, rows.Count, outText);
            Assert.AreEqual("yes", rows[0].Groups[2].Value);

            // Without the tail only one inference fits: fewer than --min-count, so the settings
            // are refused up front instead of reporting "no keyword detected".
            var (codeNoTail, outNoTail, errNoTail) = Kws("--model", model, "--wav", clip, "--tail-ms", "0");
            Assert.AreEqual(1, codeNoTail, outNoTail);
            StringAssert.Contains(errNoTail, "fewer than --min-count 3");
            var (codeOne, outOne, errOne) = Kws("--model", model, "--wav", clip, "--tail-ms", "0", "--min-count", "1");
            Assert.AreEqual(0, codeOne, errOne);
            StringAssert.Contains(outOne, "1 inferences");

            var (codeBad, _, errBad) = Kws("--model", model, "--wav", clip, "--tail-ms", "-5");
            Assert.AreEqual(1, codeBad);
            StringAssert.Contains(errBad, "--tail-ms");
        }

        [TestMethod]
        public void RunsTheMfccModelWithMlperfLabels()
        {
            string wav = Path.Combine(_dir, "yes.wav");
            File.Copy(SharedData.Require(Path.Combine("audio", "yes_1000ms.wav")), wav);
            var (code, outText, errText) = Kws("-m", SharedData.ModelPath("kws_ref_model"), "-w", wav, "--min-count", "1");
            TestContext.WriteLine(outText);
            Assert.AreEqual(0, code, errText);
            StringAssert.Contains(outText, "MLPerf Tiny MFCC");
            StringAssert.Contains(outText, "down, go, left, no, off, on, right, stop, up, yes, silence, unknown");
            // A 1 s clip gives one inference (49 frames), on the same input as the end-to-end test: yes.
            StringAssert.Contains(outText, "1 inferences");
            Assert.IsTrue(Regex.IsMatch(outText, @"^\s*0\.990\s+yes\s+1\.00\s+0\.990\s*$", RegexOptions.Multiline), outText);
        }

        [TestMethod]
        public void HelpListsTheOptions()
        {
            var (code, outText, _) = Kws("--help");
            Assert.AreEqual(0, code);
            foreach (string option in new[] { "--model", "--wav", "--labels", "--report", "--every", "--average-ms", "--threshold", "--suppression-ms", "--min-count", "--frontend", "--mfcc-gain" })
            {
                StringAssert.Contains(outText, option);
            }
        }

        [TestMethod]
        public void ReportsBadInputsInOneLine()
        {
            string stereo = Path.Combine(_dir, "stereo.wav");
            File.WriteAllBytes(stereo, WavBytes(new short[3200], 16000, 2));
            string model = SharedData.ModelPath("micro_speech_quantized");

            // Stereo (and 44.1/48 kHz) files are converted on the host, with a note saying so.
            var r = Kws("--model", model, "--wav", stereo);
            Assert.AreEqual(0, r.Code, r.Err);
            StringAssert.Contains(r.Out, "converted on the host: 16000 Hz, 2 channel(s), 16-bit PCM -> 16000 Hz mono 16-bit");

            string notWav = Path.Combine(_dir, "not.wav");
            File.WriteAllBytes(notWav, new byte[100]);
            r = Kws("--model", model, "--wav", notWav);
            Assert.AreEqual(1, r.Code);
            StringAssert.Contains(r.Err, "not a RIFF/WAVE file");

            string wav = WriteStreamWav();
            r = Kws("--model", model, "--wav", wav, "--labels", "a,b,c");
            Assert.AreEqual(1, r.Code);
            StringAssert.Contains(r.Err, "--labels names 3 classes, the model has 4");

            r = Kws("--model", model, "--wav", wav, "--threshold", "1.5");
            Assert.AreEqual(1, r.Code);
            StringAssert.Contains(r.Err, "--threshold must be in (0, 1], got 1.5");

            r = Kws("--model", model, "--wav", wav, "--every", "0");
            Assert.AreEqual(1, r.Code);
            StringAssert.Contains(r.Err, "--every must be at least 1");

            r = Kws("--model", Path.Combine(_dir, "missing.tnm"), "--wav", wav);
            Assert.AreEqual(1, r.Code);
            StringAssert.StartsWith(r.Err, "tinyml: cannot read");

            r = Kws("--model", SharedData.ModelPath("kws_ref_model"), "--wav", wav, "--frontend", "micro");
            Assert.AreEqual(1, r.Code);
            StringAssert.Contains(r.Err, "--frontend micro does not fit");
            Assert.AreEqual(1, r.Err.TrimEnd().Split('\n').Length, r.Err);
        }
    }
}
