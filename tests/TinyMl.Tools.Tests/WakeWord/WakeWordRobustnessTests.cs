using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli.Kws;
using TinyMl.Nano.Audio;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>
    /// What a user meets: a DC offset, clipping, a quiet microphone, a stream that starts in the
    /// middle of the word, and `tinyml kws` on a 48 kHz stereo recording. Uses the synthesized
    /// "Okay Nabu" clips the model detects as recorded (WakeWordCorpus.Positives).
    /// </summary>
    [TestClass]
    public class WakeWordRobustnessTests
    {
        private static int Detections(WakeWordRecognizer recognizer, short[] clip)
        {
            recognizer.Reset();
            int n = 0;
            for (int offset = 0; offset < clip.Length; offset += 160)
            {
                n += recognizer.Process(clip, offset, Math.Min(160, clip.Length - offset));
            }
            return n;
        }

        private static short[] Map(short[] clip, Func<double, double> f)
        {
            var s = new short[clip.Length];
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = (short)Math.Max(-32768, Math.Min(32767, Math.Round(f(clip[i]))));
            }
            return s;
        }

        [TestMethod]
        public void DcOffsetClippingQuietAndMidWordStart()
        {
            List<short[]> clips = WakeWordCorpus.Positives();
            var recognizer = new WakeWordRecognizer(WakeWordStreamingTests.OkayNabu(), MicroFrontend.ForMicroWakeWord(), WakeWordStreamingTests.OkayNabuSettings());
            int asIs = 0, dc = 0, clipped = 0, quiet = 0, midWord = 0, detectable = 0;
            foreach (short[] clip in clips)
            {
                if (Detections(recognizer, clip) == 0)
                {
                    continue; // only clips the model detects as synthesized
                }
                detectable++;
                asIs++;
                dc += Detections(recognizer, Map(clip, v => v + 8000)) > 0 ? 1 : 0;
                clipped += Detections(recognizer, Map(clip, v => v * 8)) > 0 ? 1 : 0;
                quiet += Detections(recognizer, Map(clip, v => v / 64)) > 0 ? 1 : 0;
                // Start in the middle of the word: from the sample where the clip is loudest, so the
                // first half of the word is lost; there must be no crash and at most one detection.
                int loudest = 0;
                for (int i = 1; i < clip.Length; i++)
                {
                    if (Math.Abs((int)clip[i]) > Math.Abs((int)clip[loudest]))
                    {
                        loudest = i;
                    }
                }
                var tail = new short[clip.Length - loudest];
                Array.Copy(clip, loudest, tail, 0, tail.Length);
                int n = Detections(recognizer, tail);
                Assert.IsTrue(n <= 1);
                midWord += n;
            }
            string report = string.Format(CultureInfo.InvariantCulture,
                "of {0} detected clips: DC offset +8000 -> {1}, 8x gain with clipping -> {2}, 1/64 gain (quiet microphone) -> {3}, started at the loudest sample (mid-word) -> {4}",
                detectable, dc, clipped, quiet, midWord);
            Console.WriteLine(report);
            Assert.IsTrue(detectable > 0);
            // The front end starts at 125 Hz: a DC offset must not cost a detection.
            Assert.AreEqual(asIs, dc, report);
        }

        [TestMethod]
        public void KwsCommandOnA48kHzStereoRecording()
        {
            short[] clip = WakeWordCorpus.Positives()[0];
            string dir = Path.Combine(Path.GetTempPath(), "tinyml-ww-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                // 48 kHz stereo 16-bit, as a phone or a PC records.
                double[] mono = new double[clip.Length];
                for (int i = 0; i < clip.Length; i++)
                {
                    mono[i] = clip[i];
                }
                double[] up = KwsAudio.Resample(mono, 16000, 48000);
                var bytes = new List<byte>();
                foreach (double v in up)
                {
                    short s = (short)Math.Max(-32768, Math.Min(32767, Math.Round(v)));
                    bytes.AddRange(BitConverter.GetBytes(s));
                    bytes.AddRange(BitConverter.GetBytes(s));
                }
                byte[] wav = Wav48kStereo(bytes.ToArray());
                string wavPath = Path.Combine(dir, "okay_nabu_48k.wav");
                File.WriteAllBytes(wavPath, wav);
                string model = Path.Combine(dir, "okay_nabu_v2.tnm");
                var outw = new StringWriter();
                var err = new StringWriter();
                int code = TinyMl.Cli.Program.Run(new[] { "compile", Golden.SharedData.ModelPath("okay_nabu_v2"), "-o", model, "--manifest",
                                                          Golden.SharedData.Require(Path.Combine("models", "okay_nabu_v2.json")) }, outw, err);
                Assert.AreEqual(0, code, err.ToString());
                StringAssert.Contains(outw.ToString(), "okay_nabu_v2.wakeword.txt");

                outw = new StringWriter();
                err = new StringWriter();
                string report = Path.Combine(dir, "kws.html");
                code = TinyMl.Cli.Program.Run(new[] { "kws", "--model", model, "--wav", wavPath, "--report", report }, outw, err);
                string text = outw.ToString();
                Assert.AreEqual(0, code, err.ToString());
                StringAssert.Contains(text, "converted on the host: 48000 Hz, 2 channel(s)");
                StringAssert.Contains(text, "streaming wake-word model, input [1,3,40]");
                StringAssert.Contains(text, "1 detection(s)");
                StringAssert.Contains(text, "Okay Nabu");
                StringAssert.Contains(text, "probability timeline");
                Assert.IsTrue(File.ReadAllText(report).Contains("<svg"));

                // Without its settings a wake-word model is refused with a sentence saying what to pass.
                File.Delete(Path.Combine(dir, "okay_nabu_v2.wakeword.txt"));
                err = new StringWriter();
                code = TinyMl.Cli.Program.Run(new[] { "kws", "--model", model, "--wav", wavPath }, new StringWriter(), err);
                Assert.AreEqual(1, code);
                StringAssert.Contains(err.ToString(), "--manifest");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static byte[] Wav48kStereo(byte[] data)
        {
            var b = new byte[44 + data.Length];
            System.Text.Encoding.ASCII.GetBytes("RIFF").CopyTo(b, 0);
            BitConverter.GetBytes(36 + data.Length).CopyTo(b, 4);
            System.Text.Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(b, 8);
            BitConverter.GetBytes(16).CopyTo(b, 16);
            BitConverter.GetBytes((short)1).CopyTo(b, 20);
            BitConverter.GetBytes((short)2).CopyTo(b, 22);
            BitConverter.GetBytes(48000).CopyTo(b, 24);
            BitConverter.GetBytes(48000 * 4).CopyTo(b, 28);
            BitConverter.GetBytes((short)4).CopyTo(b, 32);
            BitConverter.GetBytes((short)16).CopyTo(b, 34);
            System.Text.Encoding.ASCII.GetBytes("data").CopyTo(b, 36);
            BitConverter.GetBytes(data.Length).CopyTo(b, 40);
            data.CopyTo(b, 44);
            return b;
        }
    }
}
