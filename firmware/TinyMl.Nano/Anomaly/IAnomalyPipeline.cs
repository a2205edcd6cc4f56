namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// What <see cref="VibrationAnomalyLoop"/> needs of a pipeline: the window it takes and one
    /// window in, one decision out. <see cref="VibrationAnomalyPipeline"/> (band energies, the
    /// demo's) and <see cref="OrderAnomalyPipeline"/> (order tracking, speed normalization, the
    /// machine's healthy levels; the one `tinyml bench-anomaly` shows best) implement it.
    /// Implementations allocate nothing per window.
    /// </summary>
    public interface IAnomalyPipeline
    {
        /// <summary>Samples per window (per axis).</summary>
        int WindowSamples { get; }

        /// <summary>Floats of one window: 3 × <see cref="WindowSamples"/> (x, y, z interleaved).</summary>
        int WindowValues { get; }

        /// <summary>The decision logic (alarm, calibration, events).</summary>
        AnomalyDetector Detector { get; }

        /// <summary>
        /// Processes samples[offset .. + WindowValues) (g, x/y/z interleaved) and returns the
        /// window's score; the decision is in <see cref="Detector"/>.
        /// </summary>
        double ProcessWindow(float[] samples, int offset);
    }
}
