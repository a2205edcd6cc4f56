using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// One window in, one decision out, for machines whose speed changes: order-tracking
    /// features (<see cref="OrderFeatures"/>) -> speed-conditioned normalization
    /// (<see cref="SpeedNormalizer"/>) -> minus this machine's healthy levels
    /// (<see cref="HealthyBaseline"/>) -> the int8 autoencoder (<see cref="AnomalyScorer"/>,
    /// weighted when given weights) -> the detector. A calibration runs in two steps: the first
    /// baselineWindows windows learn the machine's levels (the detector is not fed; the
    /// returned score is 0), then the detector calibrates its threshold on scores relative to
    /// them; the levels then travel with the calibration to the store (a version 2 record) and
    /// come back from it after a reset. With <see cref="EnableAdaptation"/> the levels follow
    /// the machine slowly (<see cref="HealthyBaseline.AdaptIfFarBelow"/>, never while the alarm
    /// is on) and are saved again every saveEvery adaptations. Allocates nothing per window
    /// except when it saves (every saveEvery adaptations, and once per calibration).
    /// </summary>
    public sealed class OrderAnomalyPipeline : IAnomalyPipeline
    {
        private readonly OrderFeatures _features;
        private readonly SpeedNormalizer _normalizer;
        private readonly AnomalyScorer _scorer;
        private readonly AnomalyDetector _detector;
        private readonly HealthyBaseline _baseline;
        private readonly float[] _row;
        private readonly float[] _input;
        private readonly int _baselineWindows;
        private bool _learning;
        private bool _learned; // levels learned, the detector not fed since
        private bool _adapt;
        private float _rate;
        private float _maxStep;
        private double _belowSigmas;
        private int _saveEvery;
        private int _sinceSave;

        /// <summary>
        /// Wires the pieces; features, normalizer and model must agree on the feature count. A
        /// stored calibration without levels (or with another count) does not fit: the detector
        /// calibrates again.
        /// </summary>
        /// <exception cref="ArgumentException">The counts differ, or baselineWindows &lt; 2.</exception>
        public OrderAnomalyPipeline(OrderFeatures features, SpeedNormalizer normalizer, AnomalyScorer scorer, AnomalyDetector detector, int baselineWindows)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            if (normalizer == null)
            {
                throw new ArgumentNullException("normalizer");
            }
            if (scorer == null)
            {
                throw new ArgumentNullException("scorer");
            }
            if (detector == null)
            {
                throw new ArgumentNullException("detector");
            }
            int n = features.FeatureCount;
            if (normalizer.FeatureCount != n || scorer.FeatureCount != n)
            {
                throw new ArgumentException("the features give " + n.ToString() + " values per window, the normalizer takes " + normalizer.FeatureCount.ToString()
                    + " and the model " + scorer.FeatureCount.ToString() + "; they must be equal");
            }
            if (baselineWindows < 2)
            {
                throw new ArgumentOutOfRangeException("baselineWindows", "the baseline needs at least 2 windows, got " + baselineWindows.ToString());
            }
            _features = features;
            _normalizer = normalizer;
            _scorer = scorer;
            _detector = detector;
            _baselineWindows = baselineWindows;
            _baseline = new HealthyBaseline(n);
            _row = new float[n];
            _input = new float[n];
            AnomalyCalibration stored = detector.State == DetectorState.Monitoring ? detector.Calibration : null;
            if (stored != null && stored.Baseline != null && stored.Baseline.FeatureCount == n)
            {
                stored.Baseline.CopyLevels(_input);
                _baseline.SetLevels(_input);
            }
            else if (stored != null)
            {
                detector.StartCalibration();
            }
        }

        /// <summary>The decision logic.</summary>
        public AnomalyDetector Detector { get { return _detector; } }

        /// <summary>Samples per window (per axis).</summary>
        public int WindowSamples { get { return _features.WindowSamples; } }

        /// <summary>Floats of one window (x, y, z interleaved).</summary>
        public int WindowValues { get { return _features.WindowValues; } }

        /// <summary>The model scorer.</summary>
        public AnomalyScorer Scorer { get { return _scorer; } }

        /// <summary>This machine's healthy levels.</summary>
        public HealthyBaseline Baseline { get { return _baseline; } }

        /// <summary>True while the first step of a calibration learns the levels.</summary>
        public bool LearningBaseline { get { return _learning; } }

        /// <summary>The features extractor (window size, speed of the last window).</summary>
        public OrderFeatures Features { get { return _features; } }

        /// <summary>
        /// Lets the levels follow the machine: rate and maxStep as in <see cref="HealthyBaseline.Adapt"/>,
        /// only on windows scoring at most the calibration mean + belowSigmas × sigma, saved to
        /// the store every saveEvery adaptations (at least 1).
        /// </summary>
        public void EnableAdaptation(float rate, float maxStep, double belowSigmas, int saveEvery)
        {
            if (!(rate > 0 && rate <= 1) || !(maxStep > 0) || !(belowSigmas >= 0 && belowSigmas <= 1e6))
            {
                throw new ArgumentOutOfRangeException("rate", "rate must be in (0, 1], maxStep > 0 and belowSigmas >= 0; got " + rate.ToString() + ", " + maxStep.ToString() + ", " + belowSigmas.ToString());
            }
            if (saveEvery < 1)
            {
                throw new ArgumentOutOfRangeException("saveEvery", "must be at least 1, is " + saveEvery.ToString());
            }
            _rate = rate;
            _maxStep = maxStep;
            _belowSigmas = belowSigmas;
            _saveEvery = saveEvery;
            _adapt = true;
        }

        /// <summary>
        /// Processes samples[offset .. + 3 × WindowSamples) (g, x/y/z interleaved) and returns the
        /// window's score (0 while the levels are learned); the decision is in <see cref="Detector"/>.
        /// </summary>
        public double ProcessWindow(float[] samples, int offset)
        {
            _features.Compute(samples, offset, _row, 0);
            _normalizer.Apply(_row, 0);
            if (!_learning && !_learned && _detector.State == DetectorState.Calibrating && _detector.CalibrationProgress == 0)
            {
                _learning = true;
                _baseline.BeginCalibration();
            }
            if (_learning)
            {
                _baseline.Accumulate(_row, 0);
                if (_baseline.CalibrationCount >= _baselineWindows)
                {
                    _baseline.EndCalibration();
                    _learning = false;
                    _learned = true;
                }
                return 0;
            }
            _learned = false;

            Array.Copy(_row, _input, _row.Length);
            _baseline.Subtract(_input, 0);
            double score = _scorer.ScoreFeatures(_input, 0);
            bool calibrating = _detector.State == DetectorState.Calibrating;
            _detector.Update(score);
            if (calibrating)
            {
                if (_detector.State == DetectorState.Monitoring)
                {
                    SaveLevels(); // the new calibration and this machine's levels, together
                }
                return score;
            }
            if (_adapt && !_detector.AlarmActive
                && _baseline.AdaptIfFarBelow(_row, 0, score, _detector.Calibration, _belowSigmas, _rate, _maxStep))
            {
                _sinceSave++;
                if (_sinceSave >= _saveEvery)
                {
                    SaveLevels();
                }
            }
            return score;
        }

        private void SaveLevels()
        {
            AnomalyCalibration c = _detector.Calibration;
            float[] levels = new float[_baseline.FeatureCount];
            _baseline.CopyLevels(levels);
            _detector.UseCalibration(new AnomalyCalibration(c.ModelFingerprint, c.WindowCount, c.Mean, c.Sigma, c.EnterThreshold, c.ExitThreshold, new HealthyBaseline(levels)));
            _sinceSave = 0;
        }
    }
}
