using System;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano;
using TinyMl.Nano.Audio;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>
    /// micro_speech end to end through the C# API: our front end (through the MicroFrontend
    /// wrapper) against TFLM's feature dumps, and micro_speech_quantized.tflite's scores on
    /// those features against TFLM's (golden/micro_speech/outputs.txt).
    /// </summary>
    [TestClass]
    public class MicroSpeechTests
    {
        private static readonly string[] Clips = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms", "yes_30ms", "no_30ms" };

        [TestMethod]
        public void FeaturesThroughTheWrapperAreBitExactWithTflm()
        {
            var frontend = new MicroFrontend();
            foreach (string clip in Clips)
            {
                byte[] golden = File.ReadAllBytes(SharedData.Require(Path.Combine("golden", "micro_speech", clip + ".features.bin")));
                Assert.AreEqual(49 * 40, golden.Length, clip);
                sbyte[] ours = KwsTestData.ClipFeatures(frontend, KwsTestData.Samples(clip), 49);
                byte[] bytes = (byte[])(Array)ours;
                Assert.IsNull(SharedData.Difference(golden, bytes), clip + ": " + SharedData.Difference(golden, bytes));
            }
        }

        [TestMethod]
        public void ClassifiesYesNoAndBackgroundExactlyAsTflm()
        {
            string outputs = File.ReadAllText(SharedData.Require(Path.Combine("golden", "micro_speech", "outputs.txt")));
            Interpreter interpreter = KwsTestData.MicroSpeech();
            var frontend = new MicroFrontend();
            foreach (string clip in Clips)
            {
                sbyte[] scores = KwsTestData.Classify(interpreter, KwsTestData.ClipFeatures(frontend, KwsTestData.Samples(clip), 49));
                Assert.AreEqual(TflmScores(outputs, clip), KwsTestData.Join(scores), clip + ": int8 scores (silence unknown yes no)");
                string label = KwsTestData.MicroSpeechLabels[KwsTestData.ArgMax(scores)];
                switch (clip)
                {
                    case "yes_1000ms":
                        Assert.AreEqual("yes", label, clip);
                        break;
                    case "no_1000ms":
                        Assert.AreEqual("no", label, clip);
                        break;
                    case "silence_1000ms":
                    case "noise_1000ms":
                        Assert.IsTrue(label != "yes" && label != "no", clip + " classified as " + label);
                        break;
                }
            }
        }

        /// <summary>"a b c d" from the line "output(int8 silence,unknown,yes,no): a b c d" of the clip's section.</summary>
        private static string TflmScores(string outputs, string clip)
        {
            Match m = Regex.Match(outputs, "== " + Regex.Escape(clip) + "\\s*\\n[^\\n]*output\\(int8 silence,unknown,yes,no\\): (-?\\d+) (-?\\d+) (-?\\d+) (-?\\d+)");
            Assert.IsTrue(m.Success, "no TFLM scores for " + clip + " in outputs.txt");
            return m.Groups[1].Value + " " + m.Groups[2].Value + " " + m.Groups[3].Value + " " + m.Groups[4].Value;
        }
    }
}
