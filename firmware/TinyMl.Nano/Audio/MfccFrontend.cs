using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// The MLPerf Tiny keyword-spotting MFCC (float32): one 30 ms window of 16 kHz int16
    /// audio in, 10 coefficients out, quantized with the model input's scale and zero point
    /// (kws_ref_model: 0.584703, 83), the rows of its 49 x 10 input. See
    /// native-kernels/include/tnm/tnm_frontend.h for the exact pipeline.
    /// <para>
    /// sampleScale multiplies every sample first. The training pipeline divides each 1 s clip
    /// by its peak sample: pass 1 / peak to reproduce that on a whole clip, or a fixed gain
    /// (for example 1 / 32768) for a live stream. The MFCC keeps no audio state between
    /// frames; <see cref="Reset"/> only re-checks the state.
    /// </para>
    /// </summary>
    public sealed class MfccFrontend : IAudioFrontend
    {
        /// <summary>Coefficients per frame.</summary>
        public const int Features = 10;

        /// <summary>Samples between windows (20 ms).</summary>
        public const int Stride = 320;

        private readonly int[] _state;
        private readonly int[] _error;
        private readonly float _sampleScale;
        private readonly float _outputScale;
        private readonly int _outputZeroPoint;

        /// <summary>Creates the front end.</summary>
        /// <param name="sampleScale">Gain applied to every int16 sample, in (0, 1].</param>
        /// <param name="outputScale">Quantization scale of the model input (finite, &gt; 0).</param>
        /// <param name="outputZeroPoint">Quantization zero point of the model input, in [-128, 127].</param>
        /// <exception cref="ArgumentException">A parameter is out of range (the message names it).</exception>
        public MfccFrontend(float sampleScale, float outputScale, int outputZeroPoint)
        {
            _sampleScale = sampleScale;
            _outputScale = outputScale;
            _outputZeroPoint = outputZeroPoint;
            _state = new int[NativeMethods.MfccFrontendStateWords()];
            _error = new int[NativeMethods.ErrorWords];
            Reset();
        }

        /// <summary>
        /// A front end whose output quantization is the given model input tensor's.
        /// </summary>
        /// <exception cref="ArgumentException">The tensor is not int8.</exception>
        public static MfccFrontend ForInput(Tensor input, float sampleScale)
        {
            if (input == null)
            {
                throw new ArgumentNullException("input");
            }
            if (input.Type != TensorType.Int8)
            {
                throw new ArgumentException("the MFCC front end writes int8 features; input tensor " + input.Index.ToString() + " is " + TensorTypes.Name(input.Type));
            }
            return new MfccFrontend(sampleScale, input.Scale, input.ZeroPoint);
        }

        /// <inheritdoc/>
        public int FeatureCount { get { return Features; } }

        /// <inheritdoc/>
        public int StrideSamples { get { return Stride; } }

        /// <summary>Gain applied to every sample.</summary>
        public float SampleScale { get { return _sampleScale; } }

        /// <summary>Quantization scale of the output features.</summary>
        public float OutputScale { get { return _outputScale; } }

        /// <summary>Quantization zero point of the output features.</summary>
        public int OutputZeroPoint { get { return _outputZeroPoint; } }

        /// <inheritdoc/>
        public void Reset()
        {
            int status = NativeMethods.MfccFrontendInit(_state, _state.Length, _sampleScale, _outputScale, _outputZeroPoint, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "MFCC front end");
            }
        }

        /// <inheritdoc/>
        /// <exception cref="ArgumentNullException">samples or features is null.</exception>
        /// <exception cref="ArgumentException">The window or the feature row does not fit in its array (the message names which).</exception>
        public void ProcessFrame(short[] samples, int sampleOffset, sbyte[] features, int featureOffset)
        {
            if (samples == null)
            {
                throw new ArgumentNullException("samples");
            }
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            int status = NativeMethods.MfccFrontendProcess(_state, _state.Length, samples, samples.Length, sampleOffset,
                                                           features, features.Length, featureOffset, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "MFCC front end");
            }
        }
    }
}
