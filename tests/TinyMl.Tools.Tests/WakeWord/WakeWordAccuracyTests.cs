using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>
    /// okay_nabu_v2 on audio the test makes itself (WakeWordCorpus: espeak-ng voices, sox, noise),
    /// through the device's WakeWordRecognizer at the manifest's settings:
    /// - false accepts: none over 11 minutes of other speech and noise, one continuous stream;
    /// - the synthesized wake word: detections counted and reported (a TTS voice is not a person:
    ///   the rate is reported, not tuned for; the test only requires that the path detects some).
    /// The corpus is built once into build/wakeword-corpus (about a minute) and reused.
    /// </summary>
    [TestClass]
    public class WakeWordAccuracyTests
    {
        public TestContext TestContext { get; set; }

        private const int NegativeSeconds = 660;

        [TestMethod]
        public void NoFalseAcceptOverElevenMinutesOfOtherSpeechAndNoise()
        {
            short[] audio = WakeWordCorpus.Negatives(NegativeSeconds);
            Assert.IsTrue(audio.Length >= 600 * WakeWordCorpus.SampleRate, "at least 10 minutes");
            var recognizer = new WakeWordRecognizer(WakeWordStreamingTests.OkayNabu(), MicroFrontend.ForMicroWakeWord(), WakeWordStreamingTests.OkayNabuSettings());
            var detections = new List<string>();
            float highest = 0;
            long highestAt = 0;
            recognizer.InferenceCompleted += (s, t) =>
            {
                if (recognizer.Average > highest)
                {
                    highest = recognizer.Average;
                    highestAt = t;
                }
            };
            recognizer.KeywordDetected += (s, d) => detections.Add((d.TimeMs / 1000.0).ToString("0.00", CultureInfo.InvariantCulture) + " s (" + d.Score.ToString("0.000", CultureInfo.InvariantCulture) + ")");
            for (int offset = 0; offset < audio.Length; offset += 160)
            {
                recognizer.Process(audio, offset, Math.Min(160, audio.Length - offset));
            }
            string report = "okay_nabu_v2 false accepts: " + detections.Count + " over " + (audio.Length / WakeWordCorpus.SampleRate) + " s of synthesized speech and noise (" +
                            recognizer.InferenceCount + " inferences); highest sliding-window average " + highest.ToString("0.000", CultureInfo.InvariantCulture) +
                            " at " + (highestAt / 1000.0).ToString("0.00", CultureInfo.InvariantCulture) + " s (cutoff 0.97)";
            Console.WriteLine(report);
            TestContext?.WriteLine(report);
            Assert.AreEqual(0, detections.Count, report + ": " + string.Join(", ", detections));
        }

        [TestMethod]
        public void SynthesizedWakeWordDetectionsAreCountedAndReported()
        {
            List<short[]> clips = WakeWordCorpus.Positives();
            var recognizer = new WakeWordRecognizer(WakeWordStreamingTests.OkayNabu(), MicroFrontend.ForMicroWakeWord(), WakeWordStreamingTests.OkayNabuSettings());
            int detected = 0;
            var missed = new List<int>();
            for (int i = 0; i < clips.Count; i++)
            {
                recognizer.Reset();
                int n = 0;
                for (int offset = 0; offset < clips[i].Length; offset += 160)
                {
                    n += recognizer.Process(clips[i], offset, Math.Min(160, clips[i].Length - offset));
                }
                if (n > 0)
                {
                    detected++;
                }
                else
                {
                    missed.Add(i);
                }
                Assert.IsTrue(n <= 1, "clip " + i + ": one utterance gave " + n + " detections");
            }
            string report = "okay_nabu_v2 on synthesized \"Okay Nabu\" (espeak-ng, " + clips.Count + " clips: 9 voices x 3 speeds, some with noise): " +
                            detected + " of " + clips.Count + " detected (" + (100.0 * detected / clips.Count).ToString("0", CultureInfo.InvariantCulture) + " %)" +
                            (missed.Count > 0 ? "; missed clips " + string.Join(",", missed) : "");
            Console.WriteLine(report);
            TestContext?.WriteLine(report);
            Assert.AreEqual(WakeWordCorpus.PositiveCount, clips.Count);
            Assert.IsTrue(detected > 0, report);
        }
    }
}
