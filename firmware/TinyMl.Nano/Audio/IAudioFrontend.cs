namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Turns one 30 ms window of 16 kHz mono audio (480 samples) into one row of int8 model
    /// input features. Consecutive windows start 20 ms (320 samples) apart; the
    /// <see cref="KeywordRecognizer"/> does that framing. Implementations keep their state
    /// between frames (noise estimates), so feed frames in order and call
    /// <see cref="Reset"/> at the start of a new, unrelated stream.
    /// </summary>
    public interface IAudioFrontend
    {
        /// <summary>Features written per frame (40 for micro_speech, 10 for the MLPerf MFCC).</summary>
        int FeatureCount { get; }

        /// <summary>Forgets everything learned from earlier frames.</summary>
        void Reset();

        /// <summary>
        /// Reads samples[sampleOffset .. sampleOffset + 480) and writes
        /// features[featureOffset .. featureOffset + FeatureCount). Allocates nothing.
        /// </summary>
        void ProcessFrame(short[] samples, int sampleOffset, sbyte[] features, int featureOffset);
    }
}
