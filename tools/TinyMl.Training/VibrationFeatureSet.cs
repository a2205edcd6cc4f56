using System;
using TinyMl.Nano.Anomaly;

namespace TinyMl.Training
{
    /// <summary>How accelerometer samples become feature rows (the firmware must use the same).</summary>
    public sealed record FeatureOptions
    {
        /// <summary>Samples per window (per axis), a power of 2.</summary>
        public int WindowSamples { get; init; } = 256;

        /// <summary>Bands per axis; features per window = 3 × BandCount.</summary>
        public int BandCount { get; init; } = 8;

        /// <summary>Samples between window starts (WindowSamples = no overlap).</summary>
        public int HopSamples { get; init; } = 256;

        public int FeatureCount => VibrationFeatures.Axes * BandCount;

        public void Validate()
        {
            if (HopSamples < 1) throw new ArgumentOutOfRangeException(nameof(HopSamples), $"hop must be at least 1 sample, got {HopSamples}");
            // The native extractor validates window and bands with clear messages.
            _ = new VibrationFeatures(WindowSamples, BandCount);
        }
    }

    /// <summary>Feature rows of a recording, computed by the same native code as on the device.</summary>
    public static class VibrationFeatureSet
    {
        /// <summary>Number of whole windows in a recording of sampleCount samples.</summary>
        public static int WindowCount(int sampleCount, FeatureOptions options) =>
            sampleCount < options.WindowSamples ? 0 : 1 + (sampleCount - options.WindowSamples) / options.HopSamples;

        /// <summary>
        /// Rows of FeatureCount floats, one per window of samples (x, y, z interleaved, in g).
        /// </summary>
        public static float[] Extract(float[] samples, FeatureOptions options)
        {
            ArgumentNullException.ThrowIfNull(samples);
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            if (samples.Length % VibrationFeatures.Axes != 0)
                throw new ArgumentException($"{samples.Length} values are not whole x, y, z samples");
            int windows = WindowCount(samples.Length / VibrationFeatures.Axes, options);
            var extractor = new VibrationFeatures(options.WindowSamples, options.BandCount);
            var features = new float[windows * options.FeatureCount];
            for (int w = 0; w < windows; w++)
            {
                extractor.Compute(samples, w * options.HopSamples * VibrationFeatures.Axes, features, w * options.FeatureCount);
            }
            return features;
        }
    }
}
