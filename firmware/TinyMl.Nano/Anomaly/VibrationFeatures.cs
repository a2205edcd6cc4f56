using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// Log band energies of a window of 3-axis accelerometer samples (native, float32): per
    /// axis the mean is removed, a periodic Hann window applied, a real FFT taken, and bins
    /// 1..N/2 summed into <see cref="BandCount"/> equal bands of one-sided power normalized
    /// to g²; each feature is 10·log10(energy + 1e-10) (dB re 1 g²). Features are
    /// axis-major: x bands, then y, then z. See native-kernels/include/tnm/tnm_features.h.
    /// <para>
    /// At 1 kHz a 256-sample window with 16 bands gives 48 features of 31.25 Hz bands.
    /// The scratch is allocated once by the constructor; computing allocates nothing.
    /// </para>
    /// </summary>
    public sealed class VibrationFeatures
    {
        /// <summary>Values per sample (x, y, z).</summary>
        public const int Axes = 3;

        private readonly int _windowSamples;
        private readonly int _bandCount;
        private readonly int[] _scratch;
        private readonly int[] _error;

        /// <summary>
        /// Creates the extractor for windows of <paramref name="windowSamples"/> samples (a power
        /// of 2 from 8 to 4096) and <paramref name="bandCount"/> bands per axis (dividing
        /// windowSamples / 2).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A size is out of range (the message says why).</exception>
        public VibrationFeatures(int windowSamples, int bandCount)
        {
            int words = NativeMethods.VibrationScratchWords(windowSamples);
            if (words < 0)
            {
                throw new ArgumentOutOfRangeException("windowSamples", "the window is " + windowSamples.ToString() + " samples; it must be a power of 2 from 8 to 4096");
            }
            if (bandCount < 1 || bandCount > windowSamples / 2 || (windowSamples / 2) % bandCount != 0)
            {
                throw new ArgumentOutOfRangeException("bandCount", "the band count is " + bandCount.ToString() + "; it must be at least 1 and divide " + (windowSamples / 2).ToString() + " (half the window)");
            }

            _windowSamples = windowSamples;
            _bandCount = bandCount;
            _scratch = new int[words];
            _error = new int[NativeMethods.ErrorWords];
        }

        /// <summary>Samples per window (per axis).</summary>
        public int WindowSamples { get { return _windowSamples; } }

        /// <summary>Bands per axis.</summary>
        public int BandCount { get { return _bandCount; } }

        /// <summary>Features per window: 3 × <see cref="BandCount"/>.</summary>
        public int FeatureCount { get { return Axes * _bandCount; } }

        /// <summary>Floats of one window: 3 × <see cref="WindowSamples"/> (x, y, z interleaved).</summary>
        public int WindowValues { get { return Axes * _windowSamples; } }

        /// <summary>
        /// Features of samples[sampleOffset .. + 3 × WindowSamples) (g, x/y/z interleaved) into
        /// features[featureOffset .. + FeatureCount).
        /// </summary>
        /// <exception cref="ArgumentException">An array is too short, an offset is out of range, or a sample is not finite.</exception>
        public void Compute(float[] samples, int sampleOffset, float[] features, int featureOffset)
        {
            if (samples == null)
            {
                throw new ArgumentNullException("samples");
            }
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            int status = NativeMethods.VibrationFeaturesF32(samples, samples.Length, sampleOffset, _windowSamples, _bandCount,
                                                            features, features.Length, featureOffset, _scratch, _scratch.Length, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "vibration features");
            }
        }

        /// <summary>
        /// The same features quantized with a model input's scale and zero point (TFLite
        /// QUANTIZE rounding) into features[featureOffset .. + FeatureCount).
        /// </summary>
        /// <exception cref="ArgumentException">As <see cref="Compute"/>, or the quantization is invalid.</exception>
        public void ComputeQuantized(float[] samples, int sampleOffset, float scale, int zeroPoint, sbyte[] features, int featureOffset)
        {
            if (samples == null)
            {
                throw new ArgumentNullException("samples");
            }
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            int status = NativeMethods.VibrationFeaturesS8(samples, samples.Length, sampleOffset, _windowSamples, _bandCount, scale, zeroPoint,
                                                           features, features.Length, featureOffset, _scratch, _scratch.Length, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "vibration features");
            }
        }
    }
}
