using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// The TensorFlow Lite Micro micro_speech front end (fixed point, bit-exact with TFLM):
    /// one 30 ms window of 16 kHz int16 audio in, 40 int8 features out, the rows of
    /// micro_speech_quantized.tflite's 49 x 40 input. It keeps a noise estimate between
    /// frames that adapts over about the first second after <see cref="Reset"/>.
    /// The state lives in an int[] owned by this object; processing allocates nothing.
    /// </summary>
    public sealed class MicroFrontend : IAudioFrontend
    {
        /// <summary>Features per frame.</summary>
        public const int Features = 40;

        private readonly int[] _state;
        private readonly int[] _error;

        /// <summary>Creates the front end, ready for the first frame of a stream.</summary>
        public MicroFrontend()
        {
            int words = NativeMethods.MicroFrontendStateWords();
            _state = new int[words];
            _error = new int[NativeMethods.ErrorWords];
            Reset();
        }

        /// <inheritdoc/>
        public int FeatureCount { get { return Features; } }

        /// <summary>Bytes of native state this front end holds.</summary>
        public int StateBytes { get { return _state.Length * 4; } }

        /// <inheritdoc/>
        public void Reset()
        {
            int status = NativeMethods.MicroFrontendInit(_state, _state.Length, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "micro_speech front end");
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
            int status = NativeMethods.MicroFrontendProcess(_state, _state.Length, samples, samples.Length, sampleOffset,
                                                            features, features.Length, featureOffset, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "micro_speech front end");
            }
        }
    }
}
