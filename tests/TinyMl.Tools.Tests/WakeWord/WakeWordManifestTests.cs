using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Nano.Audio;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>The microWakeWord manifest becomes WakeWordSettings; bad manifests name the field.</summary>
    [TestClass]
    public class WakeWordManifestTests
    {
        [TestMethod]
        public void OkayNabuManifest()
        {
            WakeWordSettings s = WakeWordManifest.Parse(File.ReadAllText(SharedData.Require(Path.Combine("models", "okay_nabu_v2.json"))));
            Assert.AreEqual("Okay Nabu", s.WakeWord);
            Assert.AreEqual(0.97f, s.ProbabilityCutoff);
            Assert.AreEqual(5, s.SlidingWindowSize);
            Assert.AreEqual(10, s.FeatureStepMs);
            // The text written beside the blob reads back the same on the device side.
            WakeWordSettings back = WakeWordSettings.Parse(s.ToText());
            Assert.AreEqual(s.ToText(), back.ToText());
        }

        [TestMethod]
        public void VersionOneManifestUsesTheAverageSizeAnd20Ms()
        {
            WakeWordSettings s = WakeWordManifest.Parse(
                "{\"type\":\"micro\",\"wake_word\":\"Hey Jarvis\",\"version\":1,\"micro\":{\"probability_cutoff\":0.5,\"sliding_window_average_size\":10}}");
            Assert.AreEqual("Hey Jarvis", s.WakeWord);
            Assert.AreEqual(10, s.SlidingWindowSize);
            Assert.AreEqual(20, s.FeatureStepMs);
        }

        [DataTestMethod]
        [DataRow("[1]", "not a JSON object")]
        [DataRow("{\"type\":\"openwakeword\",\"wake_word\":\"x\",\"micro\":{}}", "only microWakeWord")]
        [DataRow("{\"type\":\"micro\",\"wake_word\":\"x\",\"version\":2,\"micro\":{\"probability_cutoff\":0.9,\"feature_step_size\":10}}", "sliding_window_size")]
        [DataRow("{\"type\":\"micro\",\"wake_word\":\"x\",\"version\":2,\"micro\":{\"probability_cutoff\":1.9,\"sliding_window_size\":5,\"feature_step_size\":10}}", "ProbabilityCutoff")]
        [DataRow("{\"type\":\"micro\",\"version\":2,\"micro\":{}}", "wake_word")]
        [DataRow("{oops", "not JSON")]
        public void BadManifestsNameTheField(string json, string expected)
        {
            try
            {
                WakeWordManifest.Parse(json);
                Assert.Fail("accepted " + json);
            }
            catch (FormatException e)
            {
                StringAssert.Contains(e.Message, expected);
            }
        }
    }
}
