namespace TinyMl.Nano.Audio
{
    /// <summary>Framing shared by the audio front ends (native-kernels/include/tnm/tnm_frontend.h).</summary>
    public static class AudioFrame
    {
        /// <summary>Sample rate every front end expects, in Hz.</summary>
        public const int SampleRate = 16000;

        /// <summary>Samples in one window (30 ms).</summary>
        public const int WindowSamples = 480;

        /// <summary>
        /// Samples between the starts of consecutive windows of micro_speech and the MFCC
        /// (20 ms). The step belongs to the front end: see <see cref="IAudioFrontend.StrideSamples"/>
        /// (microWakeWord steps 10 ms).
        /// </summary>
        public const int StrideSamples = 320;

        /// <summary>Milliseconds between the starts of consecutive windows.</summary>
        public const int StrideMs = 20;

        /// <summary>Milliseconds of one window.</summary>
        public const int WindowMs = 30;

        /// <summary>Samples per millisecond.</summary>
        public const int SamplesPerMs = 16;
    }
}
