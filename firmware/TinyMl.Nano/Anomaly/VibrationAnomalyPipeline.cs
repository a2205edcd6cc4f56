using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// One window of accelerometer samples in, one decision out: vibration features quantized
    /// straight into the autoencoder's input, the model run, the reconstruction error scored,
    /// the detector updated. The device app feeds it from an ImuSampler, `tinyml demo` from the
    /// vibration generator; both run exactly this code. Allocates nothing per window.
    /// </summary>
    public sealed class VibrationAnomalyPipeline : IAnomalyPipeline
    {
        private readonly VibrationFeatures _features;
        private readonly AnomalyScorer _scorer;
        private readonly AnomalyDetector _detector;

        /// <summary>Wires the pieces; the model input must hold exactly the features' count.</summary>
        /// <exception cref="ArgumentException">The feature count and the model input differ.</exception>
        public VibrationAnomalyPipeline(VibrationFeatures features, AnomalyScorer scorer, AnomalyDetector detector)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            if (scorer == null)
            {
                throw new ArgumentNullException("scorer");
            }
            if (detector == null)
            {
                throw new ArgumentNullException("detector");
            }
            if (features.FeatureCount != scorer.FeatureCount)
            {
                throw new ArgumentException("the features give " + features.FeatureCount.ToString() + " values per window (" + features.BandCount.ToString()
                    + " bands x 3 axes) but the model takes " + scorer.FeatureCount.ToString());
            }
            _features = features;
            _scorer = scorer;
            _detector = detector;
        }

        /// <summary>The feature extractor.</summary>
        public VibrationFeatures Features { get { return _features; } }

        /// <summary>Samples per window (per axis).</summary>
        public int WindowSamples { get { return _features.WindowSamples; } }

        /// <summary>Floats of one window (x, y, z interleaved).</summary>
        public int WindowValues { get { return _features.WindowValues; } }

        /// <summary>The model scorer.</summary>
        public AnomalyScorer Scorer { get { return _scorer; } }

        /// <summary>The decision logic (alarm, calibration, events).</summary>
        public AnomalyDetector Detector { get { return _detector; } }

        /// <summary>
        /// Processes samples[offset .. + 3 × WindowSamples) (g, x/y/z interleaved) and returns
        /// the window's score; the decision is in <see cref="Detector"/>.
        /// </summary>
        public double ProcessWindow(float[] samples, int offset)
        {
            _features.ComputeQuantized(samples, offset, _scorer.InputScale, _scorer.InputZeroPoint, _scorer.InputBuffer, 0);
            double score = _scorer.ScoreInputBuffer();
            _detector.Update(score);
            return score;
        }
    }
}
