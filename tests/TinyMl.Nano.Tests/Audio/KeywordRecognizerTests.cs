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

        // Static, reset by the test that uses them: nanoFramework's launcher calls test methods
        // without an instance, so a test class keeps no instance state and subscribes only
        // static handlers (DeviceSuite/TestInstanceState checks it on the compiled assembly).
        private static int s_inferences;
        private static int s_detections;
        private static long s_detectionTime;
        private static string s_detectionLabel;
        private static string s_inputLog;
        private static Interpreter s_interpreter;

        [TestMethod]
        public void FramesEvery20MsAndInfersOnTheLastRowsOldestFirst()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            s_interpreter = interpreter;
            s_inferences = 0;
            s_detections = 0;
            s_detectionTime = -1;
            s_detectionLabel = null;
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

            s_inputLog = "";
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
            Assert.AreEqual(3, s_inferences);
            // Rows oldest first: windows 0,1 then 3,4 then 6,7 (feature 0 = window index + 1).
            Assert.AreEqual("50:1,1,2,1;110:4,1,5,1;170:7,1,8,1;", s_inputLog);
            Assert.AreEqual(170L, recognizer.LastInferenceMs);

            // Class 2 (all weights 10) saturates at 127 -> score (127 + 2) * 0.25 = 32.25: detected
            // at the first inference, then never again (it never falls below the threshold).
            Assert.AreEqual(1, s_detections);
            Assert.AreEqual("go", s_detectionLabel);
            Assert.AreEqual(50L, s_detectionTime);
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

        private static void OnInference(object sender, long timeMs)
        {
            s_inferences++;
            // The FC model's arena keeps the input after the inference, so it shows what was copied in.
            Tensor input = s_interpreter.Input;
            s_inputLog += timeMs.ToString() + ":";
            for (int i = 0; i < input.ElementCount; i++)
            {
                s_inputLog += (i == 0 ? "" : ",") + input.GetInt8(i).ToString();
            }
            s_inputLog += ";";
        }

        private static void OnDetection(object sender, KeywordDetection detection)
        {
            s_detections++;
            s_detectionTime = detection.TimeMs;
            s_detectionLabel = detection.Label;
        }
    }
}
