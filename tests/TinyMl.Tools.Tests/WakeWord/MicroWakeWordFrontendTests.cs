using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;
using TinyMl.Tools.Tests.Golden;
using TinyMl.Tools.Tests.Kws;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>
    /// The microWakeWord front end through the C# wrapper (MicroFrontend.ForMicroWakeWord, the
    /// native code the device runs): every clip of ../shared/audio, window by window 10 ms apart,
    /// equals the microfrontend library's features in native-kernels/tests/data/mww_features
    /// (README there) byte for byte, frame by frame.
    /// </summary>
    [TestClass]
    public class MicroWakeWordFrontendTests
    {
        public static string FeaturePath(string clip)
        {
            return Path.Combine(SharedData.SourceRoot(), "native-kernels", "tests", "data", "mww_features", clip + ".bin");
        }

        [DataTestMethod]
        [DataRow("yes_1000ms")]
        [DataRow("no_1000ms")]
        [DataRow("silence_1000ms")]
        [DataRow("noise_1000ms")]
        [DataRow("yes_30ms")]
        [DataRow("no_30ms")]
        public void FeaturesEqualTheMicrofrontendLibrary(string clip)
        {
            short[] samples = KwsTestData.Samples(clip);
            byte[] expected = File.ReadAllBytes(FeaturePath(clip));
            MicroFrontend frontend = MicroFrontend.ForMicroWakeWord();
            Assert.AreEqual(160, frontend.StrideSamples);
            Assert.IsTrue(frontend.IsMicroWakeWord);
            int frames = (samples.Length - AudioFrame.WindowSamples) / frontend.StrideSamples + 1;
            Assert.AreEqual(expected.Length, frames * MicroFrontend.Features, "frames of " + clip);
            var row = new sbyte[MicroFrontend.Features];
            for (int f = 0; f < frames; f++)
            {
                frontend.ProcessFrame(samples, f * frontend.StrideSamples, row, 0);
                for (int c = 0; c < row.Length; c++)
                {
                    Assert.AreEqual((sbyte)expected[f * row.Length + c], row[c], clip + " frame " + f + " channel " + c);
                }
            }
        }

        [TestMethod]
        public void MicroSpeechSettingsGiveOtherFeatures()
        {
            short[] samples = KwsTestData.Samples("yes_1000ms");
            byte[] expected = File.ReadAllBytes(FeaturePath("yes_1000ms"));
            var frontend = new MicroFrontend();
            Assert.AreEqual(320, frontend.StrideSamples);
            var row = new sbyte[MicroFrontend.Features];
            int differing = 0;
            for (int f = 0; f < 98; f++)
            {
                frontend.ProcessFrame(samples, f * 160, row, 0);
                for (int c = 0; c < row.Length; c++)
                {
                    differing += (sbyte)expected[f * row.Length + c] != row[c] ? 1 : 0;
                }
            }
            Assert.IsTrue(differing > 0, "the two settings must differ somewhere on yes_1000ms");
        }
    }
}
