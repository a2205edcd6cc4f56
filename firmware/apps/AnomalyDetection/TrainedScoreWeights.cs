namespace TinyMl.Nano.Apps.AnomalyDetection
{
    /// <summary>
    /// Per-feature score weights of the flashed model (AnomalyScorer.UseWeights). `tinyml
    /// train-anomaly ... -o anomaly.tflite` writes anomaly.weights.cs with the weights of that
    /// model: copy it over this file. null (this default): the plain mean squared error.
    /// </summary>
    internal static class TrainedScoreWeights
    {
        /// <summary>One weight per feature of the model, or null.</summary>
        public static readonly float[] Values = null;
    }
}
