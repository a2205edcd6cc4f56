using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// Speed-conditioned normalization of a feature row whose first value is the speed
    /// (<see cref="OrderFeatures"/>: 20·log10(speed)): every other feature becomes its distance
    /// from the level healthy machines show at that speed, in units of the healthy spread,
    /// <code>
    /// z[j] = (f[j] - offset[j] - slope[j]·f[0]) · inverseScale[j]    (j ≥ 1)
    /// z[0] = (f[0] - offset[0]) · inverseScale[0]
    /// </code>
    /// so an imbalance (1x growing with the speed squared, slope 2 in dB per dB) reads as "so
    /// many healthy spreads above what this speed gives" at every speed. The coefficients are a
    /// least-squares line per feature over healthy training windows (`tinyml train-anomaly`
    /// writes them). Applied in place; allocates nothing.
    /// </summary>
    public sealed class SpeedNormalizer
    {
        private readonly float[] _offset;
        private readonly float[] _slope;
        private readonly float[] _inverseScale;

        /// <summary>Creates the normalizer; the three arrays have one value per feature (at least 2), finite, inverse scales &gt; 0.</summary>
        /// <exception cref="ArgumentException">Lengths differ, fewer than 2 features, or a value is not finite / a scale not positive.</exception>
        public SpeedNormalizer(float[] offset, float[] slope, float[] inverseScale)
        {
            if (offset == null)
            {
                throw new ArgumentNullException("offset");
            }
            if (slope == null)
            {
                throw new ArgumentNullException("slope");
            }
            if (inverseScale == null)
            {
                throw new ArgumentNullException("inverseScale");
            }
            if (offset.Length < 2 || slope.Length != offset.Length || inverseScale.Length != offset.Length)
            {
                throw new ArgumentException("offset, slope and inverseScale need one value per feature (at least 2); they have "
                    + offset.Length.ToString() + ", " + slope.Length.ToString() + " and " + inverseScale.Length.ToString());
            }
            for (int j = 0; j < offset.Length; j++)
            {
                if (!IsFinite(offset[j]) || !IsFinite(slope[j]) || !IsFinite(inverseScale[j]) || !(inverseScale[j] > 0))
                {
                    throw new ArgumentException("feature " + j.ToString() + ": offset " + offset[j].ToString() + ", slope " + slope[j].ToString()
                        + ", inverse scale " + inverseScale[j].ToString() + "; all must be finite and the inverse scale > 0");
                }
            }
            _offset = (float[])offset.Clone();
            _slope = (float[])slope.Clone();
            _inverseScale = (float[])inverseScale.Clone();
        }

        /// <summary>Features per row.</summary>
        public int FeatureCount { get { return _offset.Length; } }

        /// <summary>Normalizes features[offset .. + FeatureCount) in place.</summary>
        /// <exception cref="ArgumentException">The range does not fit the array.</exception>
        public void Apply(float[] features, int offset)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            int n = _offset.Length;
            if (offset < 0 || offset > features.Length || features.Length - offset < n)
            {
                throw new ArgumentException("features has " + features.Length.ToString() + " values; offset " + offset.ToString() + " + " + n.ToString() + " goes past it");
            }
            float speed = features[offset];
            features[offset] = (speed - _offset[0]) * _inverseScale[0];
            for (int j = 1; j < n; j++)
            {
                features[offset + j] = (features[offset + j] - _offset[j] - _slope[j] * speed) * _inverseScale[j];
            }
        }

        /// <summary>
        /// Least-squares coefficients from healthy rows (count rows of featureCount values, the
        /// speed first): per feature the line over the speed and 1 / the residual RMS (floor
        /// minSpread); the speed itself is centred and scaled by its spread.
        /// </summary>
        /// <exception cref="ArgumentException">Fewer than 2 rows or features, or the rows do not fit.</exception>
        public static SpeedNormalizer Fit(float[] rows, int featureCount, int count, float minSpread)
        {
            if (rows == null)
            {
                throw new ArgumentNullException("rows");
            }
            if (featureCount < 2 || count < 2 || rows.Length / featureCount < count)
            {
                throw new ArgumentException("fitting needs at least 2 rows of at least 2 features; got " + count.ToString() + " rows of " + featureCount.ToString()
                    + " in " + rows.Length.ToString() + " values");
            }
            if (!(minSpread > 0))
            {
                throw new ArgumentOutOfRangeException("minSpread", "must be > 0");
            }
            double ms = 0;
            for (int r = 0; r < count; r++)
            {
                ms += rows[r * featureCount];
            }
            ms /= count;
            double vs = 0;
            for (int r = 0; r < count; r++)
            {
                double d = rows[r * featureCount] - ms;
                vs += d * d;
            }
            float[] offset = new float[featureCount];
            float[] slope = new float[featureCount];
            float[] inverse = new float[featureCount];
            offset[0] = (float)ms;
            inverse[0] = (float)(1.0 / Math.Max(Math.Sqrt(vs / count), minSpread));
            for (int j = 1; j < featureCount; j++)
            {
                double mf = 0;
                double cov = 0;
                for (int r = 0; r < count; r++)
                {
                    mf += rows[r * featureCount + j];
                }
                mf /= count;
                for (int r = 0; r < count; r++)
                {
                    cov += (rows[r * featureCount] - ms) * (rows[r * featureCount + j] - mf);
                }
                double b = vs > 0 ? cov / vs : 0;
                double a = mf - b * ms;
                double e2 = 0;
                for (int r = 0; r < count; r++)
                {
                    double e = rows[r * featureCount + j] - a - b * rows[r * featureCount];
                    e2 += e * e;
                }
                offset[j] = (float)a;
                slope[j] = (float)b;
                inverse[j] = (float)(1.0 / Math.Max(Math.Sqrt(e2 / count), minSpread));
            }
            return new SpeedNormalizer(offset, slope, inverse);
        }

        /// <summary>Copies the coefficients out (for writing them to a settings file).</summary>
        public void CopyTo(float[] offset, float[] slope, float[] inverseScale)
        {
            Array.Copy(_offset, offset, _offset.Length);
            Array.Copy(_slope, slope, _slope.Length);
            Array.Copy(_inverseScale, inverseScale, _inverseScale.Length);
        }

        private static bool IsFinite(float v)
        {
            return v <= float.MaxValue && v >= -float.MaxValue;
        }
    }
}
