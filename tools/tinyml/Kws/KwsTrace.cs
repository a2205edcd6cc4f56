using System;
using System.Collections.Generic;
using TinyMl.Nano.Audio;

namespace TinyMl.Cli.Kws
{
    /// <summary>One detection, copied out of the recognizer's reused event object.</summary>
    public sealed record KwsDetection(string Label, int LabelIndex, long TimeMs, long OnsetMs, float Score);

    /// <summary>
    /// Everything one `tinyml kws` run saw: per inference its time, raw and averaged scores,
    /// and the detections. Host-only (it allocates per inference, the recognizer does not).
    /// </summary>
    public sealed class KwsTrace
    {
        public KwsTrace(string[] labels, bool[] isKeyword, float threshold, long durationMs)
        {
            Labels = labels;
            IsKeyword = isKeyword;
            Threshold = threshold;
            DurationMs = durationMs;
        }

        public string[] Labels { get; }
        public bool[] IsKeyword { get; }
        public float Threshold { get; }
        public long DurationMs { get; }
        public List<long> Times { get; } = new List<long>();
        public List<float[]> Raw { get; } = new List<float[]>();
        public List<float[]> Average { get; } = new List<float[]>();
        public List<KwsDetection> Detections { get; } = new List<KwsDetection>();

        /// <summary>Subscribes to the recognizer's events and records into this trace.</summary>
        public void Attach(KeywordRecognizer recognizer)
        {
            recognizer.InferenceCompleted += (sender, timeMs) =>
            {
                var raw = new float[Labels.Length];
                var average = new float[Labels.Length];
                for (int i = 0; i < raw.Length; i++)
                {
                    raw[i] = recognizer.GetScore(i);
                    average[i] = recognizer.GetAverageScore(i);
                }
                Times.Add(timeMs);
                Raw.Add(raw);
                Average.Add(average);
            };
            recognizer.KeywordDetected += (sender, d) =>
                Detections.Add(new KwsDetection(d.Label, d.LabelIndex, d.TimeMs, d.OnsetMs, d.Score));
        }
    }
}
