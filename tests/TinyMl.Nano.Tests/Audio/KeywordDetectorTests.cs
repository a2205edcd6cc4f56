using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Tests.Audio
{
    /// <summary>Averaging, threshold, re-arming, suppression and minimum count on hand-made scores.</summary>
    [TestClass]
    public class KeywordDetectorTests
    {
        // Labels: 0 silence, 1 unknown, 2 yes, 3 no.
        private static readonly bool[] Keywords = new bool[] { false, false, true, true };

        private static KeywordDetector Create(int windowMs, float threshold, int suppressionMs, int minimumCount)
        {
            KeywordSettings settings = new KeywordSettings();
            settings.AverageWindowMs = windowMs;
            settings.Threshold = threshold;
            settings.SuppressionMs = suppressionMs;
            settings.MinimumCount = minimumCount;
            return new KeywordDetector(Keywords, settings, 20);
        }

        private static float[] Scores(float silence, float unknown, float yes, float no)
        {
            return new float[] { silence, unknown, yes, no };
        }

        [TestMethod]
        public void AveragesOverTheWindowBeforeDeciding()
        {
            KeywordDetector detector = Create(100, 0.7f, 0, 1);
            float[] low = Scores(0.5f, 0.1f, 0.4f, 0.0f);
            float[] high = Scores(0.0f, 0.0f, 1.0f, 0.0f);
            Assert.AreEqual(-1, detector.Update(low, 0, 0));
            Assert.AreEqual(-1, detector.Update(low, 0, 20));
            Assert.AreEqual(-1, detector.Update(low, 0, 40));
            Assert.AreEqual(-1, detector.Update(low, 0, 60));
            Assert.AreEqual(-1, detector.Update(low, 0, 80));
            // Window (0, 100]: 4 low + 1 high -> yes average 0.52.
            Assert.AreEqual(-1, detector.Update(high, 0, 100));
            Assert.AreEqual(5, detector.WindowCount);
            Assert.IsTrue(Math.Abs(detector.GetAverage(2) - 0.52f) < 1e-5f, detector.GetAverage(2).ToString());
            Assert.AreEqual(-1, detector.Update(high, 0, 120)); // 0.64
            Assert.AreEqual(2, detector.Update(high, 0, 140)); // 0.76 >= 0.7
            Assert.IsTrue(Math.Abs(detector.GetAverage(2) - 0.76f) < 1e-5f, detector.GetAverage(2).ToString());
            Assert.AreEqual(100L, detector.GetOnsetMs(2)); // the first inference where yes had the top raw score
        }

        [TestMethod]
        public void BackgroundLabelsAreNeverDetected()
        {
            KeywordDetector detector = Create(0, 0.5f, 0, 1);
            Assert.AreEqual(-1, detector.Update(Scores(1.0f, 0.0f, 0.0f, 0.0f), 0, 0));
            Assert.AreEqual(-1, detector.Update(Scores(0.0f, 1.0f, 0.0f, 0.0f), 0, 20));
            Assert.AreEqual(3, detector.Update(Scores(0.0f, 0.0f, 0.0f, 1.0f), 0, 40));
            Assert.IsTrue(KeywordDetector.IsBackgroundLabel("_silence_"));
            Assert.IsTrue(KeywordDetector.IsBackgroundLabel("Unknown"));
            Assert.IsFalse(KeywordDetector.IsBackgroundLabel("yes"));
        }

        [TestMethod]
        public void SameKeywordFiresOncePerCrossing()
        {
            KeywordDetector detector = Create(0, 0.7f, 0, 1);
            float[] yes = Scores(0.0f, 0.0f, 0.9f, 0.1f);
            float[] quiet = Scores(0.9f, 0.0f, 0.1f, 0.0f);
            Assert.AreEqual(2, detector.Update(yes, 0, 0));
            Assert.AreEqual(-1, detector.Update(yes, 0, 20));
            Assert.AreEqual(-1, detector.Update(yes, 0, 5000)); // still the same utterance
            Assert.AreEqual(-1, detector.Update(quiet, 0, 5020)); // re-arms
            Assert.AreEqual(2, detector.Update(yes, 0, 5040));
        }

        [TestMethod]
        public void SuppressionBlocksEveryKeywordForItsDuration()
        {
            KeywordDetector detector = Create(0, 0.7f, 1000, 1);
            float[] yes = Scores(0.0f, 0.0f, 0.9f, 0.1f);
            float[] no = Scores(0.0f, 0.0f, 0.1f, 0.9f);
            Assert.AreEqual(2, detector.Update(yes, 0, 100));
            Assert.AreEqual(-1, detector.Update(no, 0, 600));
            Assert.AreEqual(-1, detector.Update(no, 0, 1099));
            Assert.AreEqual(3, detector.Update(no, 0, 1100));
        }

        [TestMethod]
        public void MinimumCountNeedsThatManyInferencesInTheWindow()
        {
            KeywordDetector detector = Create(100, 0.7f, 0, 3);
            float[] yes = Scores(0.0f, 0.0f, 1.0f, 0.0f);
            Assert.AreEqual(-1, detector.Update(yes, 0, 0));
            Assert.AreEqual(-1, detector.Update(yes, 0, 20));
            Assert.AreEqual(2, detector.Update(yes, 0, 40));

            detector.Reset();
            // Inferences 200 ms apart never put 3 in a 100 ms window.
            for (int t = 0; t < 2000; t += 200)
            {
                Assert.AreEqual(-1, detector.Update(yes, 0, t));
                Assert.AreEqual(1, detector.WindowCount);
            }
        }

        [TestMethod]
        public void RingCapacityBoundsTheAverage()
        {
            // Window 1000 ms, interval 20 ms: capacity 52. Inferences every 1 ms keep only the last 52.
            KeywordSettings settings = new KeywordSettings();
            settings.AverageWindowMs = 1000;
            KeywordDetector detector = new KeywordDetector(Keywords, settings, 20);
            Assert.AreEqual(52, detector.Capacity);
            float[] scores = Scores(1.0f, 0.0f, 0.0f, 0.0f);
            for (int t = 0; t < 200; t++)
            {
                detector.Update(scores, 0, t);
            }
            Assert.AreEqual(52, detector.WindowCount);
        }

        [TestMethod]
        public void RejectsBadArguments()
        {
            KeywordDetector detector = Create(100, 0.7f, 0, 1);
            bool threw = false;
            try
            {
                detector.Update(new float[3], 0, 0);
            }
            catch (ArgumentOutOfRangeException)
            {
                threw = true;
            }
            Assert.IsTrue(threw, "too few scores");

            detector.Update(new float[4], 0, 100);
            threw = false;
            try
            {
                detector.Update(new float[4], 0, 99);
            }
            catch (ArgumentException e)
            {
                threw = e.Message.IndexOf("back") >= 0;
            }
            Assert.IsTrue(threw, "time going back");

            threw = false;
            try
            {
                new KeywordSettings().Threshold = 1.5f;
            }
            catch (ArgumentOutOfRangeException)
            {
                threw = true;
            }
            Assert.IsTrue(threw, "threshold above 1");
        }
    }
}
