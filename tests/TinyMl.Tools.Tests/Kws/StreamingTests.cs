using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano;
using TinyMl.Nano.Audio;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>
    /// The streaming recognizer on one continuous stream made of the 1 s clips
    /// silence, yes, noise, no, silence (0-1, 1-2, 2-3, 3-4, 4-5 s), with one front end and no
    /// reset between clips, as on a device.
    /// </summary>
    [TestClass]
    public class StreamingTests
    {
        public TestContext TestContext { get; set; }

        private static readonly string[] StreamClips = { "silence_1000ms", "yes_1000ms", "noise_1000ms", "no_1000ms", "silence_1000ms" };

        internal static ConcatenatedAudioSource Stream()
        {
            var parts = new IAudioSource[StreamClips.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = new WavAudioSource(KwsTestData.ReadWav(StreamClips[i]));
            }
            return new ConcatenatedAudioSource(parts);
        }

        private sealed record Detection(string Label, long TimeMs, long OnsetMs, float Score);

        private static List<Detection> Run(KeywordSettings settings, int chunk)
        {
            var recognizer = new KeywordRecognizer(KwsTestData.MicroSpeech(), new MicroFrontend(), KwsTestData.MicroSpeechLabels, settings);
            var found = new List<Detection>();
            recognizer.KeywordDetected += (s, d) => found.Add(new Detection(d.Label, d.TimeMs, d.OnsetMs, d.Score));
            int count = recognizer.ProcessAll(Stream(), new short[chunk]);
            Assert.AreEqual(found.Count, count, "ProcessAll's count matches the events");
            Assert.AreEqual(5000L, recognizer.StreamTimeMs);
            return found;
        }

        private static string Describe(List<Detection> found)
        {
            return found.Count + " detections: " + string.Join(", ", found.ConvertAll(d => $"{d.Label}@{d.TimeMs} ms (onset {d.OnsetMs}, {d.Score:0.00})"));
        }

        [TestMethod]
        [DataRow(1, 500, 0.7f, DisplayName = "defaults: every frame, 500 ms average")]
        [DataRow(3, 500, 0.7f, DisplayName = "every 3rd frame")]
        [DataRow(5, 1000, 0.7f, DisplayName = "every 5th frame, 1 s average")]
        [DataRow(10, 1000, 0.8f, DisplayName = "every 10th frame, threshold 0.8")]
        public void ConcatenatedClipsGiveOneYesAndOneNoInsideTheirClips(int every, int averageMs, float threshold)
        {
            var settings = new KeywordSettings { InferenceEveryFrames = every, AverageWindowMs = averageMs, Threshold = threshold };
            List<Detection> found = Run(settings, 320);
            TestContext.WriteLine(Describe(found));
            Assert.AreEqual(2, found.Count, Describe(found));
            AssertInClip(found[0], "yes", 1000, 2000, averageMs);
            AssertInClip(found[1], "no", 3000, 4000, averageMs);
        }

        [TestMethod]
        public void DetectionsDoNotDependOnHowTheAudioIsChunked()
        {
            string reference = Describe(Run(new KeywordSettings(), 16000));
            foreach (int chunk in new[] { 1, 7, 160, 321, 480, 4096 })
            {
                Assert.AreEqual(reference, Describe(Run(new KeywordSettings(), chunk)), "chunk " + chunk);
            }
        }

        [TestMethod]
        public void ResetStartsANewStreamWithTheSameResults()
        {
            var recognizer = new KeywordRecognizer(KwsTestData.MicroSpeech(), new MicroFrontend(), KwsTestData.MicroSpeechLabels, null);
            var log = new List<string>();
            recognizer.KeywordDetected += (s, d) => log.Add(d.Label + "@" + d.TimeMs);
            recognizer.ProcessAll(Stream(), new short[512]);
            string first = string.Join(" ", log);
            log.Clear();
            recognizer.Reset();
            recognizer.ProcessAll(Stream(), new short[512]);
            Assert.AreEqual(first, string.Join(" ", log));
            Assert.AreEqual("yes no", string.Join(" ", log.ConvertAll(x => x.Substring(0, x.IndexOf('@')))));
        }

        /// <summary>
        /// The onset (when the model first heard the whole word) lies inside the word's clip; the
        /// decision follows it by at most the averaging window, and both come after the clip starts.
        /// </summary>
        private static void AssertInClip(Detection d, string label, long clipStart, long clipEnd, int averageMs)
        {
            Assert.AreEqual(label, d.Label);
            Assert.IsTrue(d.OnsetMs >= clipStart && d.OnsetMs < clipEnd, $"{label} onset {d.OnsetMs} ms outside its clip [{clipStart}, {clipEnd})");
            Assert.IsTrue(d.TimeMs >= d.OnsetMs && d.TimeMs <= d.OnsetMs + averageMs, $"{label} decided at {d.TimeMs} ms, onset {d.OnsetMs} ms, average window {averageMs} ms");
        }
    }
}
