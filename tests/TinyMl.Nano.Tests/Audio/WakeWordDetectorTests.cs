using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Tests.Audio
{
    /// <summary>
    /// microWakeWord's decision on hand-made uint8 probabilities: sliding-window average over the
    /// last N (zeros after a reset), strictly above the cutoff, warm-up after a reset, refractory
    /// time and a cleared window after a detection; the settings text format.
    /// </summary>
    [TestClass]
    public class WakeWordDetectorTests
    {
        private static WakeWordSettings Settings(float cutoff, int window, int refractoryMs, int warmUpMs)
        {
            WakeWordSettings settings = new WakeWordSettings();
            settings.WakeWord = "Okay Nabu";
            settings.ProbabilityCutoff = cutoff;
            settings.SlidingWindowSize = window;
            settings.RefractoryMs = refractoryMs;
            settings.WarmUpMs = warmUpMs;
            return settings;
        }

        [TestMethod]
        public void AverageOfTheLastNMustBeAboveTheCutoff()
        {
            // 0.97 * 255 * 5 = 1236.75: sums of 1237 and more detect.
            WakeWordDetector detector = new WakeWordDetector(Settings(0.97f, 5, 0, 0));
            Assert.IsFalse(detector.Update(255, 0));
            Assert.IsFalse(detector.Update(255, 30));
            Assert.IsFalse(detector.Update(255, 60));
            Assert.IsFalse(detector.Update(255, 90)); // 4 x 255 + one zero from the reset: 0.8
            Assert.IsTrue(detector.Update(217, 120)); // 4 x 255 + 217 = 1237 > 1236.75
            Assert.AreEqual(1237.0f / 1275.0f, detector.Average);
        }

        [TestMethod]
        public void CutoffIsStrictAndComparedOnTheAverage()
        {
            WakeWordDetector detector = new WakeWordDetector(Settings(0.97f, 5, 0, 0));
            for (int i = 0; i < 4; i++)
            {
                Assert.IsFalse(detector.Update(255, i * 30));
            }
            // 4 x 255 + 216 = 1236 -> 0.96941 (not above 0.97).
            Assert.IsFalse(detector.Update(216, 120));
            Assert.AreEqual(1236.0f / 1275.0f, detector.Average);
            // Window now 255 255 255 216 + 217 = 1198: no; fill with 255 until 1237.
            Assert.IsFalse(detector.Update(217, 150));
            Assert.IsFalse(detector.Update(255, 180)); // 255 255 216 217 255 = 1198
            Assert.IsFalse(detector.Update(255, 210)); // 255 216 217 255 255 = 1198
            Assert.IsFalse(detector.Update(255, 240)); // 216 217 255 255 255 = 1198
            Assert.IsTrue(detector.Update(255, 270));  // 217 255 255 255 255 = 1237 -> 0.97019
        }

        [TestMethod]
        public void RefractoryTimeAndClearedWindowAfterADetection()
        {
            WakeWordDetector detector = new WakeWordDetector(Settings(0.5f, 2, 1000, 0));
            Assert.IsFalse(detector.Update(255, 0)); // (255 + 0) / 510 = 0.5: not above
            Assert.IsTrue(detector.Update(255, 30));
            Assert.AreEqual(1.0f, detector.Average);
            // Cleared: one 255 gives 0.5 again, and the refractory time holds until 1030 ms.
            Assert.IsFalse(detector.Update(255, 60));
            Assert.IsFalse(detector.Update(255, 90));
            Assert.IsFalse(detector.Update(255, 1000));
            Assert.IsTrue(detector.Update(255, 1030));
        }

        [TestMethod]
        public void WarmUpAfterReset()
        {
            WakeWordDetector detector = new WakeWordDetector(Settings(0.5f, 1, 0, 740));
            Assert.IsFalse(detector.Update(255, 0));
            Assert.IsFalse(detector.Update(255, 720));
            Assert.IsTrue(detector.Update(255, 750));
            detector.Reset();
            Assert.AreEqual(0.0f, detector.Average);
            Assert.IsFalse(detector.Update(255, 30));
        }

        [TestMethod]
        public void SettingsTextRoundTripsAndNamesBadLines()
        {
            WakeWordSettings settings = Settings(0.97f, 5, 2000, 740);
            string text = settings.ToText();
            Assert.IsTrue(text.IndexOf("probability_cutoff=0.9700") >= 0);
            WakeWordSettings parsed = WakeWordSettings.Parse("# from okay_nabu_v2.json\n" + text);
            Assert.AreEqual("Okay Nabu", parsed.WakeWord);
            Assert.AreEqual(0.97f, parsed.ProbabilityCutoff);
            Assert.AreEqual(5, parsed.SlidingWindowSize);
            Assert.AreEqual(10, parsed.FeatureStepMs);
            Assert.AreEqual(2000, parsed.RefractoryMs);
            Assert.AreEqual(740, parsed.WarmUpMs);
            Assert.IsTrue(ParseFails("sliding_window_size=0", "line 1"));
            Assert.IsTrue(ParseFails("wake_word=x\nprobability_cutoff=1.5", "line 2"));
            Assert.IsTrue(ParseFails("probability_cutoff=0,97", "decimal"));
            Assert.IsTrue(ParseFails("colour=blue", "unknown key"));
            Assert.IsTrue(ParseFails("feature_step_ms=15", "10 or 20"));
        }

        private static bool ParseFails(string text, string expected)
        {
            try
            {
                WakeWordSettings.Parse(text);
                return false;
            }
            catch (ArgumentException e)
            {
                return e.Message.IndexOf(expected) >= 0;
            }
        }
    }
}
