using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano;
using TinyMl.Nano.Audio;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>
    /// Steady state allocates nothing in managed code: after a warm-up, feeding audio through
    /// the front end, the feature ring, the model and the detector (events subscribed)
    /// allocates 0 bytes, measured with GC.GetAllocatedBytesForCurrentThread (host only).
    /// </summary>
    [TestClass]
    public class AllocationTests
    {
        private int _inferences;
        private int _detections;

        private void OnInference(object sender, long timeMs)
        {
            _inferences++;
        }

        private void OnDetection(object sender, KeywordDetection detection)
        {
            _detections++;
        }

        private long MeasureSteadyState(KeywordRecognizer recognizer, short[] audio, out int inferences)
        {
            recognizer.InferenceCompleted += OnInference;
            recognizer.KeywordDetected += OnDetection;
            // Warm up: first calls JIT-compile and resolve the native library.
            recognizer.Process(audio, 0, audio.Length);
            recognizer.Process(audio, 0, audio.Length);
            _inferences = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int offset = 0; offset < audio.Length; offset += 256)
            {
                recognizer.Process(audio, offset, Math.Min(256, audio.Length - offset));
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            inferences = _inferences;
            return allocated;
        }

        [TestMethod]
        public void MicroSpeechRecognizerAllocatesNothingPerFrameOrInference()
        {
            short[] audio = KwsTestData.Samples("yes_1000ms");
            short[] noise = KwsTestData.Samples("no_1000ms");
            short[] both = new short[audio.Length + noise.Length];
            audio.CopyTo(both, 0);
            noise.CopyTo(both, audio.Length);
            var recognizer = new KeywordRecognizer(KwsTestData.MicroSpeech(), new MicroFrontend(), KwsTestData.MicroSpeechLabels,
                                                   new KeywordSettings { InferenceEveryFrames = 1 });
            long allocated = MeasureSteadyState(recognizer, both, out int inferences);
            Assert.AreEqual(100, inferences, "one inference per 20 ms over 2 s");
            Assert.IsTrue(_detections > 0, "the stream should exercise the detection path too");
            Assert.AreEqual(0L, allocated, "managed bytes allocated over " + inferences + " frames and inferences");
        }

        [TestMethod]
        public void MfccRecognizerAllocatesNothingPerFrameOrInference()
        {
            short[] audio = KwsTestData.Samples("yes_1000ms");
            Interpreter interpreter = KwsTestData.KwsRef();
            var recognizer = new KeywordRecognizer(interpreter, MfccFrontend.ForInput(interpreter.Input, 1.0f / 32768.0f), KwsTestData.MlperfLabels,
                                                   new KeywordSettings { InferenceEveryFrames = 2 });
            long allocated = MeasureSteadyState(recognizer, audio, out int inferences);
            Assert.AreEqual(25, inferences, "one inference per 40 ms over 1 s");
            Assert.AreEqual(0L, allocated, "managed bytes allocated over " + inferences + " inferences");
        }
    }
}
