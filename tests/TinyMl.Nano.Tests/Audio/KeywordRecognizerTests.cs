using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Tests.Audio
{
    /// <summary>
    /// Framing, the feature ring and the inference schedule of the recognizer, on the
    /// hand-computed FULLY_CONNECTED model (input [1,4] = 2 frames x 2 features, 3 classes)
    /// with a front end that writes where each window came from.
    /// </summary>
    [TestClass]
    public class KeywordRecognizerTests
    {
        /// <summary>
        /// Feature 0 = window index + 1 (the stream is a ramp, sample value = sample index);
        /// feature 1 = 1 when the window holds 480 consecutive samples.
        /// </summary>
        private sealed class WindowIndexFrontend : IAudioFrontend
        {
            public int Resets;

            public int FeatureCount { get { return 2; } }

            public int StrideSamples { get { return 320; } }

            public void Reset()
            {
                Resets++;
            }

            public void ProcessFrame(short[] samples, int sampleOffset, sbyte[] features, int featureOffset)
            {
                features[featureOffset] = (sbyte)(samples[sampleOffset] / 320 + 1);
                bool contiguous = true;
                for (int i = 1; i < 480; i++)
                {
                    contiguous = contiguous && samples[sampleOffset + i] == samples[sampleOffset + i - 1] + 1;
                }
                features[featureOffset + 1] = (sbyte)(contiguous ? 1 : 0);
            }
        }

        private int _inferences;
        private int _detections;
        private long _detectionTime;
        private string _detectionLabel;
        private string _inputLog;
        private Interpreter _interpreter;

        [TestMethod]
        public void FramesEvery20MsAndInfersOnTheLastRowsOldestFirst()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            _interpreter = interpreter;
            KeywordSettings settings = new KeywordSettings();
            settings.InferenceEveryFrames = 3;
            settings.AverageWindowMs = 0;
            settings.MinimumCount = 1;
            settings.SuppressionMs = 0;
            KeywordRecognizer recognizer = new KeywordRecognizer(interpreter, new WindowIndexFrontend(), new string[] { "silence", "unknown", "go" }, settings);
            Assert.AreEqual(2, recognizer.InputFrames);
            Assert.AreEqual(50, recognizer.InputWindowMs);
            Assert.IsFalse(recognizer.IsKeyword(0));
            Assert.IsTrue(recognizer.IsKeyword(2));

            _inputLog = "";
            recognizer.InferenceCompleted += OnInference;
            recognizer.KeywordDetected += OnDetection;

            // 10 windows: 480 + 9 * 320 samples, fed in awkward chunks of 7.
            short[] ramp = TestWav.Ramp(480 + 9 * 320);
            int offset = 0;
            while (offset < ramp.Length)
            {
                int n = ramp.Length - offset < 7 ? ramp.Length - offset : 7;
                recognizer.Process(ramp, offset, n);
                offset += n;
            }

            Assert.AreEqual(10L, recognizer.FrameCount);
            Assert.AreEqual(210L, recognizer.StreamTimeMs);
            // First inference once both rows hold audio (window 1), then every 3rd window: 1, 4, 7.
            Assert.AreEqual(3, recognizer.InferenceCount);
            Assert.AreEqual(3, _inferences);
            // Rows oldest first: windows 0,1 then 3,4 then 6,7 (feature 0 = window index + 1).
            Assert.AreEqual("50:1,1,2,1;110:4,1,5,1;170:7,1,8,1;", _inputLog);
            Assert.AreEqual(170L, recognizer.LastInferenceMs);

            // Class 2 (all weights 10) saturates at 127 -> score (127 + 2) * 0.25 = 32.25: detected
            // at the first inference, then never again (it never falls below the threshold).
            Assert.AreEqual(1, _detections);
            Assert.AreEqual("go", _detectionLabel);
            Assert.AreEqual(50L, _detectionTime);
            Assert.AreEqual("go", recognizer.LastDetection.Label);

            recognizer.Reset();
            Assert.AreEqual(0L, recognizer.FrameCount);
            Assert.AreEqual(0L, recognizer.StreamTimeMs);
            Assert.IsNull(recognizer.LastDetection);
        }

        [TestMethod]
        public void RejectsModelsThatDoNotFitTheFrontendOrLabels()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            Assert.IsTrue(CreateFails(interpreter, new WindowIndexFrontend(), new string[] { "a", "b" }, "3 output classes"));
            Assert.IsTrue(CreateFails(interpreter, new WindowIndexFrontend(), new string[] { "silence", "unknown", "_silence_" }, "no label is a keyword"));
            Assert.IsTrue(CreateFails(interpreter, new MicroFrontend(), new string[] { "a", "b", "c" }, "40-feature"));
        }

        private static bool CreateFails(Interpreter interpreter, IAudioFrontend frontend, string[] labels, string expected)
        {
            try
            {
                new KeywordRecognizer(interpreter, frontend, labels, null);
                return false;
            }
            catch (ArgumentException e)
            {
                return e.Message.IndexOf(expected) >= 0;
            }
        }

        private void OnInference(object sender, long timeMs)
        {
            _inferences++;
            // The FC model's arena keeps the input after the inference, so it shows what was copied in.
            Tensor input = _interpreter.Input;
            _inputLog += timeMs.ToString() + ":";
            for (int i = 0; i < input.ElementCount; i++)
            {
                _inputLog += (i == 0 ? "" : ",") + input.GetInt8(i).ToString();
            }
            _inputLog += ";";
        }

        private void OnDetection(object sender, KeywordDetection detection)
        {
            _detections++;
            _detectionTime = detection.TimeMs;
            _detectionLabel = detection.Label;
        }
    }
}
