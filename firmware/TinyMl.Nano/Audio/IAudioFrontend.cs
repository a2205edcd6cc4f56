namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Turns one 30 ms window of 16 kHz mono audio (480 samples) into one row of int8 model
    /// input features. Consecutive windows start <see cref="StrideSamples"/> apart (20 ms for
    /// micro_speech and the MFCC, 10 ms for microWakeWord); the <see cref="KeywordRecognizer"/>
    /// and <see cref="WakeWordRecognizer"/> do that framing. Implementations keep their state
    /// between frames (noise estimates), so feed frames in order and call
    /// <see cref="Reset"/> at the start of a new, unrelated stream.
    /// </summary>
    public interface IAudioFrontend
    {
        /// <summary>Features written per frame (40 for micro_speech, 10 for the MLPerf MFCC).</summary>
        int FeatureCount { get; }

        /// <summary>
        /// Samples between the starts of consecutive windows, the step the model was trained
        /// with (320 = 20 ms, 160 = 10 ms at 16 kHz).
        /// </summary>
        int StrideSamples { get; }

        /// <summary>Forgets everything learned from earlier frames.</summary>
        void Reset();

        /// <summary>
        /// Reads samples[sampleOffset .. sampleOffset + 480) and writes
        /// features[featureOffset .. featureOffset + FeatureCount). Allocates nothing.
        /// </summary>
        void ProcessFrame(short[] samples, int sampleOffset, sbyte[] features, int featureOffset);
    }
}
