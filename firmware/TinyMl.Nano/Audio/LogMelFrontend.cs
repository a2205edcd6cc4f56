using System;
using TinyMl.Nano.Native;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// The MLPerf Tiny anomaly-detection input (ad01_int8.tflite): log-mel frames of 16 kHz
    /// audio as the training script computes them with librosa (n_fft 1024, hop 512, 128
    /// Slaney mels, power 2, 10·log10(mel + eps)). One call computes one STFT column from the
    /// 1024 samples centred on it; the model input is 5 consecutive columns (hop 512),
    /// frame-major: write column j at offset 128·j. See
    /// native-kernels/include/tnm/tnm_features.h for the exact definition and the framing.
    /// </summary>
    public sealed class LogMelFrontend
    {
        /// <summary>Samples per frame (n_fft).</summary>
        public const int FrameSamples = 1024;

        /// <summary>Samples between consecutive frames (hop_length).</summary>
        public const int HopSamples = 512;

        /// <summary>Mel bands per frame.</summary>
        public const int Mels = 128;

        /// <summary>Frames per model input (ad01: 5 × 128 = 640 values).</summary>
        public const int FramesPerInput = 5;

        private readonly float _sampleScale;
        private readonly int[] _scratch;
        private readonly int[] _error;

        /// <summary>
        /// Creates the front end; <paramref name="sampleScale"/> multiplies every int16 sample
        /// (librosa.load gives int16 / 32768: pass 1 / 32768), in (0, 1].
        /// </summary>
        public LogMelFrontend(float sampleScale)
        {
            if (!(sampleScale > 0 && sampleScale <= 1))
            {
                throw new ArgumentOutOfRangeException("sampleScale", "the sample scale is " + sampleScale.ToString() + "; it must be in (0, 1]");
            }
            _sampleScale = sampleScale;
            _scratch = new int[NativeMethods.LogMelScratchWords()];
            _error = new int[NativeMethods.ErrorWords];
        }

        /// <summary>Gain applied to every sample.</summary>
        public float SampleScale { get { return _sampleScale; } }

        /// <summary>128 log-mel values (dB) of samples[sampleOffset .. + 1024) into logMel[offset .. + 128).</summary>
        public void ComputeFrame(short[] samples, int sampleOffset, float[] logMel, int offset)
        {
            if (samples == null)
            {
                throw new ArgumentNullException("samples");
            }
            if (logMel == null)
            {
                throw new ArgumentNullException("logMel");
            }
            int status = NativeMethods.LogMelFrameF32(samples, samples.Length, sampleOffset, _sampleScale, logMel, logMel.Length, offset,
                                                      _scratch, _scratch.Length, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "log-mel front end");
            }
        }

        /// <summary>The same frame quantized with a model input's scale and zero point (ad01: 0.391015, 89).</summary>
        public void ComputeFrameQuantized(short[] samples, int sampleOffset, float scale, int zeroPoint, sbyte[] logMel, int offset)
        {
            if (samples == null)
            {
                throw new ArgumentNullException("samples");
            }
            if (logMel == null)
            {
                throw new ArgumentNullException("logMel");
            }
            int status = NativeMethods.LogMelFrameS8(samples, samples.Length, sampleOffset, _sampleScale, scale, zeroPoint, logMel, logMel.Length, offset,
                                                     _scratch, _scratch.Length, _error);
            if (status != NativeStatus.Ok)
            {
                throw NativeStatus.ToException(status, _error, "log-mel front end");
            }
        }
    }
}
