using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// TensorFlow Lite Micro's fixed-point speech front end: one 30 ms window of 16 kHz int16
    /// audio in, 40 int8 features out (Hann window, FFT, 40-channel mel filter bank
    /// 125..7500 Hz, noise reduction, PCAN gain control, log). It keeps a noise estimate
    /// between frames that adapts over about the first second after <see cref="Reset"/>.
    /// Two settings of the same native code:
    /// <list type="bullet">
    /// <item><c>new MicroFrontend()</c>: micro_speech (bit-exact with TFLM's
    /// audio_preprocessor_int8.tflite), windows 20 ms apart, the rows of
    /// micro_speech_quantized.tflite's 49 x 40 input.</item>
    /// <item><see cref="ForMicroWakeWord"/>: microWakeWord (bit-exact with TFLM's microfrontend
    /// library as ESPHome's micro_wake_word configures it, plus ESPHome's int8 conversion),
    /// windows 10 ms apart, the feature slices of microWakeWord's streaming models.</item>
    /// </list>
    /// Both expect full-scale int16 samples (a microphone that peaks near +-32767 for a loud
    /// voice close by); the PCAN gain control adapts to steady levels, but a microphone
    /// that delivers only a few hundred counts for speech loses the quiet parts of a word
    /// below the noise floor: raise its gain (or shift its 24/32-bit samples less) rather
    /// than scale the features. The state lives in an int[] owned by this object;
    /// processing allocates nothing.
    /// </summary>
    public sealed class MicroFrontend : IAudioFrontend
    {
        /// <summary>Features per frame.</summary>
        public const int Features = 40;

        /// <summary>Samples between windows for micro_speech (20 ms).</summary>
        public const int MicroSpeechStrideSamples = 320;

        /// <summary>Samples between windows for microWakeWord (10 ms).</summary>
        public const int MicroWakeWordStrideSamples = 160;

        private readonly int[] _state;
        private readonly int[] _error;
        private readonly bool _wakeWord;
        private readonly int _stride;

        /// <summary>Creates the micro_speech front end, ready for the first frame of a stream.</summary>
        public MicroFrontend() : this(false, MicroSpeechStrideSamples)
        {
        }

        private MicroFrontend(bool wakeWord, int stride)
        {
            _wakeWord = wakeWord;
            _stride = stride;
            int words = NativeMethods.MicroFrontendStateWords();
            _state = new int[words];
            _error = new int[NativeMethods.ErrorWords];
            Reset();
        }

        /// <summary>
        /// Creates the microWakeWord front end (10 ms step), ready for the first frame of a stream.
        /// </summary>
        public static MicroFrontend ForMicroWakeWord()
        {
            return new MicroFrontend(true, MicroWakeWordStrideSamples);
        }

        /// <summary>
        /// The microWakeWord front end with the feature step of the model's manifest: 10 ms (v2
        /// models) or 20 ms (v1 models). The arithmetic is the same; only the windows' spacing differs.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">stepMs is not 10 or 20.</exception>
        public static MicroFrontend ForMicroWakeWord(int stepMs)
        {
            if (stepMs != 10 && stepMs != 20)
            {
                throw new ArgumentOutOfRangeException("stepMs", "microWakeWord models step 10 or 20 ms, got " + stepMs.ToString());
            }
            return new MicroFrontend(true, stepMs * AudioFrame.SamplesPerMs);
        }

        /// <summary>True for the microWakeWord settings, false for micro_speech.</summary>
        public bool IsMicroWakeWord { get { return _wakeWord; } }

        /// <inheritdoc/>
        public int FeatureCount { get { return Features; } }

        /// <inheritdoc/>
        public int StrideSamples { get { return _stride; } }

        /// <summary>Bytes of native state this front end holds.</summary>
        public int StateBytes { get { return _state.Length * 4; } }

        /// <inheritdoc/>
        public void Reset()
        {
            int status = _wakeWord ? NativeMethods.MicroFrontendInitWakeWord(_state, _state.Length, _error)
                                   : NativeMethods.MicroFrontendInit(_state, _state.Length, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, Name);
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
                throw NativeStatus.ToException(status, _error, Name);
            }
        }

        private string Name { get { return _wakeWord ? "microWakeWord front end" : "micro_speech front end"; } }
    }
}
