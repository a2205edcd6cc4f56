using System;
using System.Globalization;

namespace TinyMl.Training
{
    /// <summary>Everything `tinyml train-anomaly` produces.</summary>
    public sealed class AnomalyModel
    {
        public FeatureOptions Features { get; init; } = new();
        public TrainingOptions Training { get; init; } = new();
        /// <summary>Windows the model was trained (and calibrated) on.</summary>
        public int WindowCount { get; init; }
        /// <summary>The training feature rows.</summary>
        public float[] TrainingFeatures { get; init; } = Array.Empty<float>();
        /// <summary>The float network (raw features in, raw features out).</summary>
        public DenseAutoencoder FloatModel { get; init; } = null!;
        public double[] EpochLoss { get; init; } = Array.Empty<double>();
        public QuantizedDenseModel QuantizedModel { get; init; } = null!;
        /// <summary>The .tflite file.</summary>
        public byte[] Tflite { get; init; } = Array.Empty<byte>();
    }

    /// <summary>
    /// Recording of normal running -> features -> trained float autoencoder -> int8
    /// (calibrated on the training features) -> .tflite.
    /// </summary>
    public static class AnomalyModelTrainer
    {
        /// <summary>Trains on samples (x, y, z interleaved, in g).</summary>
        /// <exception cref="ArgumentException">Too little data or bad options (the message says what).</exception>
        public static AnomalyModel Train(float[] samples, FeatureOptions features, TrainingOptions training, bool perChannel = true)
        {
            ArgumentNullException.ThrowIfNull(samples);
            ArgumentNullException.ThrowIfNull(features);
            features.Validate();
            int sampleCount = samples.Length / 3;
            int windows = VibrationFeatureSet.WindowCount(sampleCount, features);
            if (windows < MinimumWindows)
            {
                throw new ArgumentException(
                    $"{sampleCount} samples make {windows} whole {(windows == 1 ? "window" : "windows")} of {features.WindowSamples} samples (hop {features.HopSamples}); training needs at least {MinimumWindows} windows, " +
                    $"i.e. {features.WindowSamples + (MinimumWindows - 1) * features.HopSamples} samples");
            }
            return TrainOnFeatures(VibrationFeatureSet.Extract(samples, features), features, training, perChannel);
        }

        /// <summary>Windows a training set needs at least.</summary>
        public const int MinimumWindows = 16;

        /// <summary>Trains on feature rows already extracted (several recordings concatenated row-wise).</summary>
        public static AnomalyModel TrainOnFeatures(float[] rows, FeatureOptions features, TrainingOptions training, bool perChannel = true)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(features);
            ArgumentNullException.ThrowIfNull(training);
            features.Validate();
            training.Validate();
            if (rows.Length % features.FeatureCount != 0)
                throw new ArgumentException($"{rows.Length} values are not whole rows of {features.FeatureCount} features");
            int windows = rows.Length / features.FeatureCount;
            if (windows < MinimumWindows)
                throw new ArgumentException($"training needs at least {MinimumWindows} windows, got {windows}");
            AutoencoderTrainer.Result result = AutoencoderTrainer.Train(rows, features.FeatureCount, training);
            QuantizedDenseModel q = PostTrainingQuantizer.Quantize(result.Model, rows, perChannel);
            string description = string.Format(CultureInfo.InvariantCulture,
                "TinyMl.Nano vibration autoencoder: {0}-sample windows, {1} bands x 3 axes, layers {2}, seed {3}, {4} epochs",
                features.WindowSamples, features.BandCount, string.Join("-", result.Model.Sizes), training.Seed, training.Epochs);
            byte[] tflite = QuantizedDenseTflite.Write(q, description);
            return new AnomalyModel
            {
                Features = features,
                Training = training,
                WindowCount = windows,
                TrainingFeatures = rows,
                FloatModel = result.Model,
                EpochLoss = result.EpochLoss,
                QuantizedModel = q,
                Tflite = tflite,
            };
        }
    }
}
