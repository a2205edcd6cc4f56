using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>How the alarm threshold is derived from the calibration scores.</summary>
    public enum ThresholdMethod
    {
        /// <summary>enter = mean + K·sigma of the calibration scores (population sigma).</summary>
        MeanPlusKSigma,

        /// <summary>enter = PercentileMargin × the Percentile-th percentile (nearest rank) of the calibration scores.</summary>
        Percentile
    }

    /// <summary>
    /// Calibration and decision settings of an <see cref="AnomalyDetector"/>. Defaults suit the
    /// vibration autoencoder of `tinyml train-anomaly` at 4 windows per second: 120 calibration
    /// windows (30 s of normal running), enter at mean + 4 sigma, raise after 2 consecutive
    /// windows over it, clear after 4 consecutive windows under 0.8 × enter.
    /// </summary>
    public sealed class AnomalySettings
    {
        private int _calibrationWindows = 120;
        private ThresholdMethod _method = ThresholdMethod.MeanPlusKSigma;
        private double _k = 4.0;
        private double _percentile = 99.0;
        private double _percentileMargin = 1.5;
        private double _exitFraction = 0.8;
        private int _raiseAfter = 2;
        private int _clearAfter = 4;

        /// <summary>Windows of normal running scored to calibrate (the size of the calibration buffer), at least 10.</summary>
        public int CalibrationWindows
        {
            get { return _calibrationWindows; }
            set
            {
                if (value < 10 || value > 100000)
                {
                    throw new ArgumentOutOfRangeException("value", "calibration needs 10 to 100000 windows, got " + value.ToString());
                }
                _calibrationWindows = value;
            }
        }

        /// <summary>How the enter threshold is computed.</summary>
        public ThresholdMethod Method
        {
            get { return _method; }
            set { _method = value; }
        }

        /// <summary>K of mean + K·sigma, &gt; 0.</summary>
        public double K
        {
            get { return _k; }
            set
            {
                if (!(value > 0 && value < 1000))
                {
                    throw new ArgumentOutOfRangeException("value", "K must be in (0, 1000), got " + value.ToString());
                }
                _k = value;
            }
        }

        /// <summary>Percentile of the Percentile method, in (0, 100].</summary>
        public double Percentile
        {
            get { return _percentile; }
            set
            {
                if (!(value > 0 && value <= 100))
                {
                    throw new ArgumentOutOfRangeException("value", "the percentile must be in (0, 100], got " + value.ToString());
                }
                _percentile = value;
            }
        }

        /// <summary>Factor applied to the percentile (at least 1): headroom for scores the calibration did not see.</summary>
        public double PercentileMargin
        {
            get { return _percentileMargin; }
            set
            {
                if (!(value >= 1 && value < 1000))
                {
                    throw new ArgumentOutOfRangeException("value", "the percentile margin must be in [1, 1000), got " + value.ToString());
                }
                _percentileMargin = value;
            }
        }

        /// <summary>exit threshold = ExitFraction × enter threshold, in (0, 1]: the hysteresis band.</summary>
        public double ExitFraction
        {
            get { return _exitFraction; }
            set
            {
                if (!(value > 0 && value <= 1))
                {
                    throw new ArgumentOutOfRangeException("value", "the exit fraction must be in (0, 1], got " + value.ToString());
                }
                _exitFraction = value;
            }
        }

        /// <summary>Consecutive windows over the enter threshold that raise the alarm (at least 1).</summary>
        public int RaiseAfter
        {
            get { return _raiseAfter; }
            set
            {
                if (value < 1 || value > 10000)
                {
                    throw new ArgumentOutOfRangeException("value", "RaiseAfter must be 1 to 10000 windows, got " + value.ToString());
                }
                _raiseAfter = value;
            }
        }

        /// <summary>Consecutive windows under the exit threshold that clear the alarm (at least 1).</summary>
        public int ClearAfter
        {
            get { return _clearAfter; }
            set
            {
                if (value < 1 || value > 10000)
                {
                    throw new ArgumentOutOfRangeException("value", "ClearAfter must be 1 to 10000 windows, got " + value.ToString());
                }
                _clearAfter = value;
            }
        }
    }
}
