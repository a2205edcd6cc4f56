using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano;
using TinyMl.Nano.Audio;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>
    /// okay_nabu_v2 (microWakeWord v2) through the C# streaming path, WakeWordRecognizer: each
    /// slice of 3 feature frames is fed once, the model keeps its state between inferences, and
    /// every output equals TensorFlow Lite Micro's (stream5 of ../shared/golden, and two whole
    /// utterances of synthesized "Okay Nabu" in WakeWord/Data); ResetState starts over; the
    /// steady state allocates nothing.
    /// </summary>
    [TestClass]
    public class WakeWordStreamingTests
    {
        public static Interpreter OkayNabu()
        {
            return new Interpreter(new Model(SharedData.Compile("okay_nabu_v2").Blob));
        }

        public static WakeWordSettings OkayNabuSettings()
        {
            return TinyMl.Cli.WakeWordManifest.Parse(File.ReadAllText(SharedData.Require(Path.Combine("models", "okay_nabu_v2.json"))));
        }

        public static string DataPath(string file)
        {
            return Path.Combine(SharedData.SourceRoot(), "tests", "TinyMl.Tools.Tests", "WakeWord", "Data", file);
        }

        private static sbyte[] Signed(byte[] bytes)
        {
            var s = new sbyte[bytes.Length];
            Buffer.BlockCopy(bytes, 0, s, 0, bytes.Length);
            return s;
        }

        [TestMethod]
        public void Stream5ThroughTheRecognizer()
        {
            string dir = SharedData.Require(Path.Combine("golden", "okay_nabu_v2", "stream5"));
            var recognizer = new WakeWordRecognizer(OkayNabu(), MicroFrontend.ForMicroWakeWord(), OkayNabuSettings());
            Assert.AreEqual(3, recognizer.SliceFrames);
            Assert.AreEqual(30, recognizer.InferenceIntervalMs);
            for (int pass = 0; pass < 2; pass++)
            {
                // The second pass after Reset(): ResetState must bring back the fresh state.
                recognizer.Reset();
                for (int k = 0; k < 5; k++)
                {
                    sbyte[] input = Signed(File.ReadAllBytes(Path.Combine(dir, "input_" + k + ".bin")));
                    byte[] expected = File.ReadAllBytes(Path.Combine(dir, "output_" + k + ".bin"));
                    Assert.AreEqual(120, input.Length);
                    recognizer.ProcessSlice(input, 0);
                    Assert.AreEqual(expected[0], recognizer.LastOutput, "pass " + pass + ", inference " + k);
                }
            }
        }

        [DataTestMethod]
        [DataRow("espeak_en-us")]
        [DataRow("espeak_en-gb_f4")]
        public void WholeUtteranceEqualsTflm(string stream)
        {
            sbyte[] features = Signed(File.ReadAllBytes(DataPath(stream + ".features.bin")));
            byte[] expected = File.ReadAllBytes(DataPath(stream + ".tflm_outputs.bin"));
            Assert.AreEqual(expected.Length * 120, features.Length);
            var recognizer = new WakeWordRecognizer(OkayNabu(), MicroFrontend.ForMicroWakeWord(), OkayNabuSettings());
            int top = 0;
            for (int k = 0; k < expected.Length; k++)
            {
                recognizer.ProcessSlice(features, k * 120);
                Assert.AreEqual(expected[k], recognizer.LastOutput, stream + " inference " + k);
                top = Math.Max(top, recognizer.LastOutput);
            }
            Assert.AreEqual(255, top, "the word itself reaches probability 255 in TFLM's outputs");
        }

        private int _inferences;
        private int _detections;

        [TestMethod]
        public void SteadyStateAllocatesNothing()
        {
            // The TFLM stream's features fed as audio would need the audio; feed a WAV instead and count.
            short[] audio = Kws.KwsTestData.Samples("yes_1000ms");
            var recognizer = new WakeWordRecognizer(OkayNabu(), MicroFrontend.ForMicroWakeWord(), OkayNabuSettings());
            recognizer.InferenceCompleted += (s, t) => _inferences++;
            recognizer.KeywordDetected += (s, d) => _detections++;
            recognizer.Process(audio, 0, audio.Length);
            recognizer.Process(audio, 0, audio.Length);
            _inferences = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int offset = 0; offset < audio.Length; offset += 160)
            {
                recognizer.Process(audio, offset, Math.Min(160, audio.Length - offset));
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(33, _inferences, "one inference per 3 frames of 10 ms over 1 s");
            Assert.AreEqual(0L, allocated, "managed bytes allocated over " + _inferences + " inferences");
        }

        [TestMethod]
        public void RefusesAModelOrFrontEndThatDoesNotFit()
        {
            var settings = OkayNabuSettings();
            var e = Assert.ThrowsExactly<ArgumentException>(() => new WakeWordRecognizer(OkayNabu(), new MicroFrontend(), settings));
            StringAssert.Contains(e.Message, "10 ms feature step");
            var micro = new Interpreter(new Model(SharedData.Compile("micro_speech_quantized").Blob));
            e = Assert.ThrowsExactly<ArgumentException>(() => new WakeWordRecognizer(micro, MicroFrontend.ForMicroWakeWord(), settings));
            StringAssert.Contains(e.Message, "1 x S x 40");
        }
    }
}
