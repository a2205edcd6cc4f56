using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// This machine's healthy level of every (speed-normalized, <see cref="SpeedNormalizer"/>)
    /// feature: machines of one type differ in levels and mounting, so the device learns where
    /// its own machine sits while it calibrates (the mean of the calibration windows) and
    /// subtracts that before the model, which then sees departures from this machine's normal.
    /// Optionally the level follows the machine slowly (<see cref="Adapt"/>): each step moves
    /// it by rate × (window − level), at most maxStep per feature, and the caller adapts only
    /// on windows scoring far below the alarm threshold, so a developing fault is not learned
    /// as normal faster than maxStep per window allows. <see cref="ToBytes"/> /
    /// <see cref="FromBytes"/> give the record <see cref="AnomalyCalibration"/> carries to the
    /// calibration store. Feature 0 (the speed) is never shifted. Allocates nothing after the
    /// constructor.
    /// </summary>
    public sealed class HealthyBaseline
    {
        private readonly float[] _level;
        private readonly double[] _sum;
        private int _count;
        private long _adaptations;

        /// <summary>A baseline of featureCount features (at least 2), all levels 0, nothing accumulated.</summary>
        public HealthyBaseline(int featureCount)
        {
            if (featureCount < 2)
            {
                throw new ArgumentOutOfRangeException("featureCount", "a baseline needs the speed and at least one feature; got " + featureCount.ToString());
            }
            _level = new float[featureCount];
            _sum = new double[featureCount];
        }

        /// <summary>A baseline with the given levels (e.g. read back from the store).</summary>
        public HealthyBaseline(float[] levels)
            : this(levels == null ? 0 : levels.Length)
        {
            SetLevels(levels);
        }

        /// <summary>Features per row.</summary>
        public int FeatureCount { get { return _level.Length; } }

        /// <summary>Windows accumulated since <see cref="BeginCalibration"/>.</summary>
        public int CalibrationCount { get { return _count; } }

        /// <summary>Adaptation steps taken since the levels were set.</summary>
        public long Adaptations { get { return _adaptations; } }

        /// <summary>The level of feature j.</summary>
        public float LevelOf(int j)
        {
            return _level[j];
        }

        /// <summary>Copies the levels into destination[0 .. FeatureCount).</summary>
        public void CopyLevels(float[] destination)
        {
            Array.Copy(_level, destination, _level.Length);
        }

        /// <summary>Replaces the levels (finite, one per feature).</summary>
        public void SetLevels(float[] levels)
        {
            if (levels == null || levels.Length != _level.Length)
            {
                throw new ArgumentException("levels must have " + _level.Length.ToString() + " values");
            }
            for (int j = 0; j < levels.Length; j++)
            {
                if (!(levels[j] <= float.MaxValue && levels[j] >= -float.MaxValue))
                {
                    throw new ArgumentException("level " + j.ToString() + " is not finite");
                }
            }
            Array.Copy(levels, _level, levels.Length);
            _level[0] = 0;
            _adaptations = 0;
        }

        /// <summary>Starts a new calibration (the levels stay until <see cref="EndCalibration"/>).</summary>
        public void BeginCalibration()
        {
            for (int j = 0; j < _sum.Length; j++)
            {
                _sum[j] = 0;
            }
            _count = 0;
        }

        /// <summary>Adds one normalized window (before <see cref="Subtract"/>) to the calibration.</summary>
        public void Accumulate(float[] features, int offset)
        {
            Check(features, offset);
            for (int j = 1; j < _sum.Length; j++)
            {
                _sum[j] += features[offset + j];
            }
            _count++;
        }

        /// <summary>Sets the levels to the mean of the accumulated windows.</summary>
        /// <exception cref="InvalidOperationException">No window was accumulated.</exception>
        public void EndCalibration()
        {
            if (_count == 0)
            {
                throw new InvalidOperationException("no calibration window was accumulated");
            }
            for (int j = 1; j < _level.Length; j++)
            {
                _level[j] = (float)(_sum[j] / _count);
            }
            _adaptations = 0;
        }

        /// <summary>features[offset + j] -= level[j] for every feature but the speed.</summary>
        public void Subtract(float[] features, int offset)
        {
            Check(features, offset);
            for (int j = 1; j < _level.Length; j++)
            {
                features[offset + j] -= _level[j];
            }
        }

        /// <summary>
        /// Moves each level towards this window's normalized feature (before <see cref="Subtract"/>)
        /// by rate × the difference, at most maxStep. The caller decides that the window is
        /// healthy enough (far below the threshold).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">rate not in (0, 1] or maxStep not &gt; 0.</exception>
        public void Adapt(float[] features, int offset, float rate, float maxStep)
        {
            Check(features, offset);
            if (!(rate > 0 && rate <= 1))
            {
                throw new ArgumentOutOfRangeException("rate", "must be in (0, 1], is " + rate.ToString());
            }
            if (!(maxStep > 0))
            {
                throw new ArgumentOutOfRangeException("maxStep", "must be > 0, is " + maxStep.ToString());
            }
            for (int j = 1; j < _level.Length; j++)
            {
                float step = rate * (features[offset + j] - _level[j]);
                if (step > maxStep)
                {
                    step = maxStep;
                }
                else if (step < -maxStep)
                {
                    step = -maxStep;
                }
                _level[j] += step;
            }
            _adaptations++;
        }

        /// <summary>
        /// The device's adaptation rule: adapts (<see cref="Adapt"/>) only when the window's
        /// score lies far below the alarm, at most the calibration's mean + belowSigmas × sigma
        /// (the alarm threshold is mean + 4 sigma by default), and returns whether it did.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">belowSigmas is negative or not finite, or rate / maxStep as in <see cref="Adapt"/>.</exception>
        public bool AdaptIfFarBelow(float[] features, int offset, double score, AnomalyCalibration calibration, double belowSigmas, float rate, float maxStep)
        {
            if (calibration == null)
            {
                throw new ArgumentNullException("calibration");
            }
            if (!(belowSigmas >= 0 && belowSigmas <= 1e6))
            {
                throw new ArgumentOutOfRangeException("belowSigmas", "must be 0 or more, is " + belowSigmas.ToString());
            }
            double limit = calibration.Mean + belowSigmas * calibration.Sigma;
            if (!(score <= limit) || limit >= calibration.ExitThreshold)
            {
                return false; // not far below, or the limit would reach the alarm's own thresholds
            }
            Adapt(features, offset, rate, maxStep);
            return true;
        }

        /// <summary>Bytes of the record for featureCount features.</summary>
        public static int SerializedSizeOf(int featureCount)
        {
            return 4 + 4 * featureCount;
        }

        /// <summary>The record: feature count (int32), then the levels (IEEE single), little-endian.</summary>
        public void WriteTo(byte[] b, int at)
        {
            int n = _level.Length;
            PutInt(b, at, n);
            for (int j = 0; j < n; j++)
            {
                PutInt(b, at + 4 + 4 * j, FloatBits(_level[j]));
            }
        }

        /// <summary>Reads a record written by <see cref="WriteTo"/>; null when the count is out of range or a level is not finite.</summary>
        public static HealthyBaseline ReadFrom(byte[] b, int at, int available)
        {
            if (b == null || at < 0 || available < 4 || at > b.Length - 4)
            {
                return null;
            }
            int n = GetInt(b, at);
            if (n < 2 || n > 4096 || available < SerializedSizeOf(n) || at > b.Length - SerializedSizeOf(n))
            {
                return null;
            }
            float[] levels = new float[n];
            for (int j = 0; j < n; j++)
            {
                float v = BitsToFloat(GetInt(b, at + 4 + 4 * j));
                if (!(v <= float.MaxValue && v >= -float.MaxValue))
                {
                    return null;
                }
                levels[j] = v;
            }
            return new HealthyBaseline(levels);
        }

        private void Check(float[] features, int offset)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            if (offset < 0 || offset > features.Length || features.Length - offset < _level.Length)
            {
                throw new ArgumentException("features has " + features.Length.ToString() + " values; offset " + offset.ToString() + " + " + _level.Length.ToString() + " goes past it");
            }
        }

        private static int FloatBits(float v)
        {
            // BitConverter.SingleToInt32Bits is missing on nanoFramework; GetBytes is on both.
            byte[] bytes = BitConverter.GetBytes(v);
            return bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24);
        }

        private static float BitsToFloat(int bits)
        {
            byte[] bytes = new byte[] { (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24) };
            return BitConverter.ToSingle(bytes, 0);
        }

        private static void PutInt(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static int GetInt(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }
    }
}
