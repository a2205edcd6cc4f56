using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// Collects the scores of a calibration period of normal running in a fixed-size buffer
    /// (allocated once) and turns them into an <see cref="AnomalyCalibration"/>:
    /// <list type="bullet">
    /// <item><see cref="ThresholdMethod.MeanPlusKSigma"/>: enter = mean + K·sigma
    /// (population sigma of the calibration scores).</item>
    /// <item><see cref="ThresholdMethod.Percentile"/>: enter = PercentileMargin × the p-th
    /// percentile, nearest rank: the ceil(p/100 · n)-th smallest score.</item>
    /// </list>
    /// exit = ExitFraction × enter, but never below the calibration mean.
    /// </summary>
    public sealed class ThresholdCalibrator
    {
        private readonly double[] _scores;
        private int _count;

        /// <summary>Creates a calibrator holding up to capacity scores.</summary>
        public ThresholdCalibrator(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException("capacity", "capacity must be at least 1, got " + capacity.ToString());
            }
            _scores = new double[capacity];
        }

        /// <summary>Scores the buffer holds at most.</summary>
        public int Capacity { get { return _scores.Length; } }

        /// <summary>Scores added since the last <see cref="Reset"/>.</summary>
        public int Count { get { return _count; } }

        /// <summary>True when the buffer is full.</summary>
        public bool IsComplete { get { return _count == _scores.Length; } }

        /// <summary>Forgets the scores.</summary>
        public void Reset()
        {
            _count = 0;
        }

        /// <summary>Adds one score; returns false (and ignores it) when the buffer is full.</summary>
        /// <exception cref="ArgumentException">score is negative, NaN or infinite.</exception>
        public bool Add(double score)
        {
            if (!(score >= 0 && score < double.MaxValue))
            {
                throw new ArgumentException("a reconstruction error is finite and >= 0, got " + score.ToString());
            }
            if (_count == _scores.Length)
            {
                return false;
            }
            _scores[_count++] = score;
            return true;
        }

        /// <summary>
        /// The calibration of the scores added so far. Sorts the buffer in place (for the
        /// percentile), so call it once at the end of the period.
        /// </summary>
        /// <exception cref="InvalidOperationException">No score was added.</exception>
        public AnomalyCalibration Compute(AnomalySettings settings, int modelFingerprint)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }
            if (_count == 0)
            {
                throw new InvalidOperationException("no calibration scores: run the machine normally for a while first");
            }
            double sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _scores[i];
            }
            double mean = sum / _count;
            double squares = 0;
            for (int i = 0; i < _count; i++)
            {
                double d = _scores[i] - mean;
                squares += d * d;
            }
            double sigma = Math.Sqrt(squares / _count);

            double enter;
            if (settings.Method == ThresholdMethod.Percentile)
            {
                SortScores();
                int rank = (int)Math.Ceiling(settings.Percentile / 100.0 * _count);
                if (rank < 1)
                {
                    rank = 1;
                }
                if (rank > _count)
                {
                    rank = _count;
                }
                enter = settings.PercentileMargin * _scores[rank - 1];
            }
            else
            {
                enter = mean + settings.K * sigma;
            }
            double exit = settings.ExitFraction * enter;
            if (exit < mean)
            {
                exit = mean < enter ? mean : enter;
            }
            return new AnomalyCalibration(modelFingerprint, _count, mean, sigma, enter, exit);
        }

        private void SortScores()
        {
            // Insertion sort: a few hundred scores once per calibration, no allocation.
            for (int i = 1; i < _count; i++)
            {
                double v = _scores[i];
                int j = i - 1;
                while (j >= 0 && _scores[j] > v)
                {
                    _scores[j + 1] = _scores[j];
                    j--;
                }
                _scores[j + 1] = v;
            }
        }
    }
}
