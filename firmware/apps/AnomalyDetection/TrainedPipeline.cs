namespace TinyMl.Nano.Apps.AnomalyDetection
{
    /// <summary>
    /// The pipeline settings of the flashed model. `tinyml train-anomaly normal.csv --features
    /// Orders -o anomaly.tflite` writes anomaly.pipeline.cs with those of that model (speed range,
    /// the SpeedNormalizer coefficients, score weights and top count): copy it over this file.
    /// This default selects the order pipeline (the one `tinyml bench-anomaly` shows best) but
    /// holds no trained coefficients yet: the app asks for them at start.
    /// </summary>
    internal static class TrainedPipeline
    {
        /// <summary>True: order tracking (OrderAnomalyPipeline); false: band energies (VibrationAnomalyPipeline).</summary>
        public static readonly bool Orders = true;
        public const int SampleRateHz = 1000;
        public const int WindowSamples = 256;
        public const int Bands = 8;
        public const double MinSpeedHz = 20;
        public const double MaxSpeedHz = 60;
        /// <summary>The score averages the largest this many weighted terms (0: all).</summary>
        public const int ScoreTopCount = 0;
        /// <summary>One score weight per feature (AnomalyScorer.UseWeights).</summary>
        public static readonly float[] ScoreWeights = null;
        /// <summary>SpeedNormalizer coefficients (orders only).</summary>
        public static readonly float[] NormalizerOffset = null;
        public static readonly float[] NormalizerSlope = null;
        public static readonly float[] NormalizerInverseScale = null;
    }
}
