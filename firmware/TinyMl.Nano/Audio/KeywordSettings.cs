using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// How the <see cref="KeywordRecognizer"/> turns model scores into detections. The defaults
    /// (inference every frame, 500 ms average, threshold 0.7, 1000 ms suppression, at least 3
    /// inferences) suit micro_speech-style models (softmax scores, a word per second of input):
    /// on the reference stream of tests/TinyMl.Tools.Tests/Kws (silence, yes, noise, no, silence)
    /// a spoken keyword's raw score stays above 0.9 for 800-900 ms, so its 500 ms average peaks
    /// at 0.95-1.0, well over 0.7, while in silence and noise no keyword's raw score passes 0.6.
    /// </summary>
    public sealed class KeywordSettings
    {
        private int _inferenceEveryFrames = 1;
        private int _averageWindowMs = 500;
        private float _threshold = 0.7f;
        private int _suppressionMs = 1000;
        private int _minimumCount = 3;

        /// <summary>
        /// Run the model once every this many new frames (one frame = 20 ms); 1 runs it on
        /// every frame. Larger values save time on the device (see the app's README for the
        /// budget) at the cost of fewer scores to average.
        /// </summary>
        public int InferenceEveryFrames
        {
            get { return _inferenceEveryFrames; }
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value", "InferenceEveryFrames must be at least 1, got " + value.ToString());
                }
                _inferenceEveryFrames = value;
            }
        }

        /// <summary>
        /// Scores are averaged over the inferences of the last this many milliseconds
        /// (0: no averaging, the latest inference alone).
        /// </summary>
        public int AverageWindowMs
        {
            get { return _averageWindowMs; }
            set
            {
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException("value", "AverageWindowMs must be 0 or more, got " + value.ToString());
                }
                _averageWindowMs = value;
            }
        }

        /// <summary>
        /// A keyword is detected when its averaged score (a probability, 0..1) reaches this.
        /// </summary>
        public float Threshold
        {
            get { return _threshold; }
            set
            {
                if (!(value > 0.0f && value <= 1.0f))
                {
                    throw new ArgumentOutOfRangeException("value", "Threshold must be in (0, 1], got " + value.ToString());
                }
                _threshold = value;
            }
        }

        /// <summary>
        /// After a detection no keyword is detected for this many milliseconds; and the same
        /// keyword is detected again only after its averaged score fell below the threshold.
        /// </summary>
        public int SuppressionMs
        {
            get { return _suppressionMs; }
            set
            {
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException("value", "SuppressionMs must be 0 or more, got " + value.ToString());
                }
                _suppressionMs = value;
            }
        }

        /// <summary>
        /// A detection needs at least this many inferences in the averaging window (guards
        /// against deciding on one score right after a reset).
        /// </summary>
        public int MinimumCount
        {
            get { return _minimumCount; }
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value", "MinimumCount must be at least 1, got " + value.ToString());
                }
                _minimumCount = value;
            }
        }

        /// <summary>A copy of these settings.</summary>
        public KeywordSettings Clone()
        {
            KeywordSettings copy = new KeywordSettings();
            copy._inferenceEveryFrames = _inferenceEveryFrames;
            copy._averageWindowMs = _averageWindowMs;
            copy._threshold = _threshold;
            copy._suppressionMs = _suppressionMs;
            copy._minimumCount = _minimumCount;
            return copy;
        }
    }
}
