using System;
using System.IO;
using TinyMl.Nano;
using TinyMl.Nano.Audio;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>Clips, models and labels of the keyword-spotting tests (from ../shared).</summary>
    internal static class KwsTestData
    {
        public static readonly string[] MicroSpeechLabels = { "silence", "unknown", "yes", "no" };

        /// <summary>MLPerf Tiny KWS class order (mlcommons/tiny benchmark/training/keyword_spotting, word_labels).</summary>
        public static readonly string[] MlperfLabels = { "down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes", "silence", "unknown" };

        public static byte[] ReadWav(string clip)
        {
            return File.ReadAllBytes(SharedData.Require(Path.Combine("audio", clip + ".wav")));
        }

        public static short[] Samples(string clip)
        {
            return new WavAudioSource(ReadWav(clip)).ToArray();
        }

        public static Interpreter MicroSpeech()
        {
            return new Interpreter(new Model(SharedData.Compile("micro_speech_quantized").Blob));
        }

        public static Interpreter KwsRef()
        {
            return new Interpreter(new Model(SharedData.Compile("kws_ref_model").Blob));
        }

        /// <summary>
        /// The 49-row feature matrix of a clip as the golden files were made: a fresh front end,
        /// 30 ms windows every 20 ms, rows past the end of the clip left zero.
        /// </summary>
        public static sbyte[] ClipFeatures(IAudioFrontend frontend, short[] samples, int rows)
        {
            int featureCount = frontend.FeatureCount;
            var features = new sbyte[rows * featureCount];
            frontend.Reset();
            for (int row = 0; row < rows; row++)
            {
                int start = row * AudioFrame.StrideSamples;
                if (start + AudioFrame.WindowSamples > samples.Length)
                {
                    break;
                }
                frontend.ProcessFrame(samples, start, features, row * featureCount);
            }
            return features;
        }

        public static int ArgMax(sbyte[] values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (values[i] > values[best])
                {
                    best = i;
                }
            }
            return best;
        }

        public static sbyte[] Classify(Interpreter interpreter, sbyte[] features)
        {
            interpreter.Input.CopyFrom(features, 0, features.Length);
            interpreter.Invoke();
            var scores = new sbyte[interpreter.Output.ElementCount];
            interpreter.Output.CopyTo(scores, 0);
            return scores;
        }

        public static string Join(sbyte[] values)
        {
            return string.Join(" ", Array.ConvertAll(values, v => v.ToString()));
        }
    }
}
