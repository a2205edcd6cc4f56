using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// Speed-normalized vibration features for machines whose speed changes (order tracking
    /// from the dominant frequency). From the native per-bin power spectrum of each axis
    /// (<see cref="VibrationFeatures"/> with one band per FFT bin) it
    /// <list type="number">
    /// <item>estimates the shaft speed: the candidate f0 in [minSpeedHz, maxSpeedHz] (0.25 Hz
    /// steps) whose harmonics f0, 2·f0, 3·f0 carry the most power, all axes summed, refined by
    /// the power centroid of the bins around those harmonics;</item>
    /// <item>measures, per axis, the power at the orders 0.5, 1, 1.5, 2, 2.5, 3, 4, 5 of that
    /// speed (the bins within ±1 of each order's frequency), in dB re 1 g²;</item>
    /// <item>adds, per axis, <c>bandCount</c> fixed-frequency bands over 0..Nyquist in dB (structural
    /// resonances and bearing impacts do not move with the speed);</item>
    /// <item>and the speed itself as 20·log10(speed / 1 Hz), so a model can learn how the
    /// levels grow with the speed.</item>
    /// </list>
    /// Layout: speed, then per axis (x, y, z) the orders then the bands. All buffers are
    /// allocated by the constructor; <see cref="Compute"/> allocates nothing.
    /// </summary>
    public sealed class OrderFeatures
    {
        /// <summary>Values per sample (x, y, z).</summary>
        public const int Axes = 3;

        /// <summary>Orders measured per axis: 0.5, 1, 1.5, 2, 2.5, 3, 4, 5 (times two, to stay integral).</summary>
        private static readonly int[] DoubledOrders = new int[] { 1, 2, 3, 4, 5, 6, 8, 10 };

        private const double Floor = 1e-10;

        private readonly VibrationFeatures _spectrum;
        private readonly int _bins;
        private readonly int _bandCount;
        private readonly double _binHz;
        private readonly double _minSpeedHz;
        private readonly double _maxSpeedHz;
        private readonly float[] _db;      // 3 × bins, dB per bin (bin k+1 at index k)
        private readonly double[] _power;  // 3 × bins, linear
        private readonly double[] _sum;    // bins, all axes
        private double _speedHz;

        /// <summary>
        /// Creates the extractor for windows of <paramref name="windowSamples"/> samples at
        /// <paramref name="sampleRateHz"/>, speeds in [minSpeedHz, maxSpeedHz] and
        /// <paramref name="bandCount"/> fixed bands per axis (dividing windowSamples / 2).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A size, the rate or the speed range cannot work (the message says why).</exception>
        public OrderFeatures(int windowSamples, double sampleRateHz, double minSpeedHz, double maxSpeedHz, int bandCount)
        {
            if (!(sampleRateHz > 0 && sampleRateHz < 1e7))
            {
                throw new ArgumentOutOfRangeException("sampleRateHz", "the sample rate is " + sampleRateHz.ToString() + " Hz; it must be > 0");
            }
            _spectrum = new VibrationFeatures(windowSamples, windowSamples / 2);
            _bins = windowSamples / 2;
            if (bandCount < 1 || _bins % bandCount != 0)
            {
                throw new ArgumentOutOfRangeException("bandCount", "the band count is " + bandCount.ToString() + "; it must be at least 1 and divide " + _bins.ToString() + " (half the window)");
            }
            _binHz = sampleRateHz / windowSamples;
            double nyquist = sampleRateHz / 2;
            if (!(minSpeedHz > 2 * _binHz) || !(maxSpeedHz >= minSpeedHz) || 5 * maxSpeedHz + _binHz >= nyquist)
            {
                throw new ArgumentOutOfRangeException("maxSpeedHz", "the speed range " + minSpeedHz.ToString() + ".." + maxSpeedHz.ToString()
                    + " Hz does not fit: the lowest speed must be above two FFT bins (" + (2 * _binHz).ToString() + " Hz) and 5 x the highest below Nyquist (" + nyquist.ToString() + " Hz)");
            }
            _bandCount = bandCount;
            _minSpeedHz = minSpeedHz;
            _maxSpeedHz = maxSpeedHz;
            _db = new float[Axes * _bins];
            _power = new double[Axes * _bins];
            _sum = new double[_bins];
        }

        /// <summary>Orders per axis.</summary>
        public static int OrderCount { get { return DoubledOrders.Length; } }

        /// <summary>Samples per window (per axis).</summary>
        public int WindowSamples { get { return _spectrum.WindowSamples; } }

        /// <summary>Fixed bands per axis.</summary>
        public int BandCount { get { return _bandCount; } }

        /// <summary>Features per window: 1 + 3 × (OrderCount + BandCount).</summary>
        public int FeatureCount { get { return 1 + Axes * (DoubledOrders.Length + _bandCount); } }

        /// <summary>Floats of one window: 3 × <see cref="WindowSamples"/> (x, y, z interleaved).</summary>
        public int WindowValues { get { return _spectrum.WindowValues; } }

        /// <summary>The speed estimated from the last window (Hz).</summary>
        public double SpeedHz { get { return _speedHz; } }

        /// <summary>
        /// Features of samples[sampleOffset .. + 3 × WindowSamples) (g, x/y/z interleaved) into
        /// features[featureOffset .. + FeatureCount).
        /// </summary>
        /// <exception cref="ArgumentException">An array is too short, an offset is out of range, or a sample is not finite.</exception>
        public void Compute(float[] samples, int sampleOffset, float[] features, int featureOffset)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            if (featureOffset < 0 || featureOffset > features.Length || features.Length - featureOffset < FeatureCount)
            {
                throw new ArgumentException("features has " + features.Length.ToString() + " values; offset " + featureOffset.ToString() + " + " + FeatureCount.ToString() + " goes past it");
            }
            _spectrum.Compute(samples, sampleOffset, _db, 0);
            for (int k = 0; k < _bins; k++)
            {
                _sum[k] = 0;
            }
            for (int i = 0; i < _db.Length; i++)
            {
                double p = Math.Pow(10.0, _db[i] / 10.0);
                _power[i] = p;
                _sum[i % _bins] += p;
            }

            // Speed: the candidate whose first three harmonics carry the most power.
            double bestSpeed = _minSpeedHz;
            double bestPower = -1;
            for (double f0 = _minSpeedHz; f0 <= _maxSpeedHz + 1e-9; f0 += 0.25)
            {
                double p = 0;
                for (int h = 1; h <= 3; h++)
                {
                    p += PeakOf(_sum, 0, h * f0);
                }
                if (p > bestPower)
                {
                    bestPower = p;
                    bestSpeed = f0;
                }
            }
            // The comb is coarse (bins are sampleRate / window apart): refine with the power
            // centroid of the bins around each harmonic, each divided by its order.
            double weighted = 0;
            double total = 0;
            for (int h = 1; h <= 3; h++)
            {
                int k = IndexOf(h * bestSpeed);
                for (int i = k - 1; i <= k + 1; i++)
                {
                    if (i >= 0 && i < _bins)
                    {
                        weighted += _sum[i] * (i + 1) * _binHz / h;
                        total += _sum[i];
                    }
                }
            }
            if (total > 0)
            {
                bestSpeed = weighted / total;
            }
            if (bestSpeed < _minSpeedHz)
            {
                bestSpeed = _minSpeedHz;
            }
            if (bestSpeed > _maxSpeedHz)
            {
                bestSpeed = _maxSpeedHz;
            }
            _speedHz = bestSpeed;

            int o = featureOffset;
            features[o++] = (float)(20.0 * Math.Log10(bestSpeed));
            int perBand = _bins / _bandCount;
            for (int axis = 0; axis < Axes; axis++)
            {
                int start = axis * _bins;
                for (int j = 0; j < DoubledOrders.Length; j++)
                {
                    features[o++] = Db(AroundOf(_power, start, DoubledOrders[j] * bestSpeed / 2));
                }
                for (int b = 0; b < _bandCount; b++)
                {
                    double e = 0;
                    for (int k = b * perBand; k < (b + 1) * perBand; k++)
                    {
                        e += _power[start + k];
                    }
                    features[o++] = Db(e);
                }
            }
        }

        private static float Db(double power)
        {
            return (float)(10.0 * Math.Log10(power + Floor));
        }

        /// <summary>Bin of frequency hz as an index into a bins array (bin k+1 is at index k), clamped.</summary>
        private int IndexOf(double hz)
        {
            int k = (int)(hz / _binHz + 0.5) - 1;
            if (k < 0)
            {
                return 0;
            }
            return k >= _bins ? _bins - 1 : k;
        }

        /// <summary>The larger of the two bins around hz.</summary>
        private double PeakOf(double[] p, int start, double hz)
        {
            int lo = (int)(hz / _binHz) - 1;
            if (lo < 0)
            {
                lo = 0;
            }
            int hi = lo + 1 < _bins ? lo + 1 : lo;
            double a = p[start + lo];
            double b = p[start + hi];
            return a > b ? a : b;
        }

        /// <summary>Power of the bins within ±1 of hz.</summary>
        private double AroundOf(double[] p, int start, double hz)
        {
            int k = IndexOf(hz);
            double e = 0;
            for (int i = k - 1; i <= k + 1; i++)
            {
                if (i >= 0 && i < _bins)
                {
                    e += p[start + i];
                }
            }
            return e;
        }
    }
}
