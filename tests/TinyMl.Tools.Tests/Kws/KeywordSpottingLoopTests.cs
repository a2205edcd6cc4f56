using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;
using TinyMl.Nano.Hardware;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>The device app's loop (KeywordSpottingLoop) on the concatenated clips, with a recording LED.</summary>
    [TestClass]
    public class KeywordSpottingLoopTests
    {
        private sealed class RecordingLed : IDigitalOutput
        {
            public KeywordRecognizer Recognizer;
            public readonly List<string> Writes = new List<string>();

            public void Write(bool active)
            {
                Writes.Add((active ? "on@" : "off@") + (Recognizer == null ? -1 : Recognizer.StreamTimeMs));
            }
        }

        [TestMethod]
        public void LedLightsOnceForEachKeywordForItsDuration()
        {
            // The app's settings: inference every 3rd frame, 500 ms average, threshold 0.7.
            var settings = new KeywordSettings { InferenceEveryFrames = 3, AverageWindowMs = 500, Threshold = 0.7f, SuppressionMs = 1000, MinimumCount = 3 };
            var recognizer = new KeywordRecognizer(KwsTestData.MicroSpeech(), new MicroFrontend(), KwsTestData.MicroSpeechLabels, settings);
            var led = new RecordingLed();
            var detections = new List<long>();
            recognizer.KeywordDetected += (s, d) => detections.Add(d.TimeMs);
            var loop = new KeywordSpottingLoop(StreamingTests.Stream(), recognizer, led, 500, AudioFrame.StrideSamples);
            led.Recognizer = recognizer;

            Assert.AreEqual(2, loop.Run());
            Assert.AreEqual(2, detections.Count);
            Assert.IsFalse(loop.IndicatorOn);

            // off at start (before any audio), then on at each detection and off 500 ms of audio later
            // (checked after each 20 ms chunk, so within one chunk of the deadline).
            Assert.AreEqual(5, led.Writes.Count, string.Join(" ", led.Writes));
            Assert.AreEqual("off@-1", led.Writes[0]);
            for (int i = 0; i < 2; i++)
            {
                Assert.AreEqual("on@" + detections[i], led.Writes[1 + 2 * i]);
                long off = long.Parse(led.Writes[2 + 2 * i].Substring(4));
                Assert.IsTrue(off >= detections[i] + 500 && off < detections[i] + 520, led.Writes[2 + 2 * i] + " after a detection at " + detections[i]);
            }
        }
    }
}
