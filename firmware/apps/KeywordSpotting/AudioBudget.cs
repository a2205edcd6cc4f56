using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Apps.KeywordSpotting
{
    /// <summary>
    /// The real-time budget of the keyword loop (derivation and figures: README.md, "Audio budget").
    /// ESTIMATES until measured on a board: change them here when you measure.
    /// </summary>
    public static class AudioBudget
    {
        /// <summary>Samples per microphone read for micro_speech: one 20 ms stride.</summary>
        public const int ReadSamples = MicroFrontend.MicroSpeechStrideSamples;

        /// <summary>Samples per microphone read for the wake word: one 10 ms step of the microWakeWord front end.</summary>
        public const int WakeWordReadSamples = MicroFrontend.MicroWakeWordStrideSamples;

        /// <summary>Run the model every 3rd frame (every 60 ms).</summary>
        public const int InferenceEveryFrames = 3;

        /// <summary>
        /// I2S DMA descriptors of 16 ms: 12 hold 192 ms of audio (12 KB of internal RAM, outside the
        /// managed heap), about 4x the estimated worst gap between two reads (README.md).
        /// </summary>
        public const int DmaDescriptors = 12;

        /// <summary>The recognizer settings the app runs with.</summary>
        public static KeywordSettings Settings()
        {
            KeywordSettings settings = new KeywordSettings();
            settings.InferenceEveryFrames = InferenceEveryFrames;
            settings.AverageWindowMs = 500;
            settings.Threshold = 0.7f;
            settings.SuppressionMs = 1000;
            settings.MinimumCount = 3;
            return settings;
        }
    }
}
