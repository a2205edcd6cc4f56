namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// What the <see cref="KeywordSpottingLoop"/> needs from a recognizer: audio in, detection
    /// events out. <see cref="KeywordRecognizer"/> serves classifier models (micro_speech, MLPerf
    /// KWS) over a ring of feature frames; <see cref="WakeWordRecognizer"/> serves streaming
    /// wake-word models (microWakeWord) that keep their own state.
    /// </summary>
    public interface IKeywordRecognizer
    {
        /// <summary>Raised for every detection (on the thread that feeds the audio).</summary>
        event KeywordDetectedEventHandler KeywordDetected;

        /// <summary>Milliseconds of audio consumed since the start (or the last reset).</summary>
        long StreamTimeMs { get; }

        /// <summary>Starts a new stream: forgets all audio, features, model state and scores.</summary>
        void Reset();

        /// <summary>Feeds samples[offset .. offset + count) (16 kHz mono); returns the detections during this call.</summary>
        int Process(short[] samples, int offset, int count);

        /// <summary>
        /// samplesLost samples are missing before the next ones fed (an audio overrun, see
        /// <see cref="IAudioOverrunSource"/>): nothing is decided across the gap, the stream
        /// clock advances by the lost samples, and the AudioOverrun event is raised.
        /// </summary>
        void ReportOverrun(int samplesLost);
    }
}
