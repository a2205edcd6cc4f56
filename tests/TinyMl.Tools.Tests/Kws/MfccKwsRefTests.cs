using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano;
using TinyMl.Nano.Audio;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>
    /// The MLPerf Tiny MFCC front end (int8, the input tensor's scale 0.584703 and zero point 83)
    /// feeding kws_ref_model end to end. Each 1 s clip is scaled by 1 / its largest sample, as
    /// the training pipeline does (get_dataset.py: wav / tf.reduce_max(wav)). The numeric MFCC
    /// is checked against a float64 reference in native-kernels/tests/test_frontend_mfcc.c.
    /// </summary>
    [TestClass]
    public class MfccKwsRefTests
    {
        public TestContext TestContext { get; set; }

        private (string Label, string Second, sbyte[] Scores) Classify(Interpreter interpreter, string clip)
        {
            short[] samples = KwsTestData.Samples(clip);
            int peak = 1;
            foreach (short s in samples)
            {
                peak = Math.Max(peak, (int)s);
            }
            var frontend = MfccFrontend.ForInput(interpreter.Input, 1.0f / peak);
            Assert.AreEqual(0.584703f, frontend.OutputScale, 1e-6f);
            Assert.AreEqual(83, frontend.OutputZeroPoint);
            sbyte[] scores = KwsTestData.Classify(interpreter, KwsTestData.ClipFeatures(frontend, samples, 49));
            int best = KwsTestData.ArgMax(scores);
            int second = best == 0 ? 1 : 0;
            for (int i = 0; i < scores.Length; i++)
            {
                if (i != best && scores[i] > scores[second])
                {
                    second = i;
                }
            }
            TestContext.WriteLine($"{clip}: {KwsTestData.MlperfLabels[best]} (then {KwsTestData.MlperfLabels[second]}); int8 scores {KwsTestData.Join(scores)}");
            return (KwsTestData.MlperfLabels[best], KwsTestData.MlperfLabels[second], scores);
        }

        [TestMethod]
        public void YesSilenceAndNoiseAreClassifiedAsTheyShouldBe()
        {
            Interpreter interpreter = KwsTestData.KwsRef();
            Assert.AreEqual("yes", Classify(interpreter, "yes_1000ms").Label);
            Assert.AreEqual("silence", Classify(interpreter, "silence_1000ms").Label);
            string noise = Classify(interpreter, "noise_1000ms").Label;
            Assert.IsTrue(noise == "unknown" || noise == "silence", "noise classified as " + noise);
        }

        [TestMethod]
        public void NoClipScoresNoSecondBehindGo()
        {
            // Measured: kws_ref_model ranks this TFLM "no" clip as "go" (int8 86) ahead of "no"
            // (-90); every other class stays at -124 or below. "no"/"go" is the model's most
            // confusable pair; the same features give "no" on micro_speech's own model. Kept as
            // a check that "no" is at least the runner-up, so a front-end regression shows.
            var result = Classify(KwsTestData.KwsRef(), "no_1000ms");
            Assert.IsTrue(result.Label == "no" || result.Second == "no", $"no_1000ms ranked {result.Label}, then {result.Second}");
        }
    }
}
