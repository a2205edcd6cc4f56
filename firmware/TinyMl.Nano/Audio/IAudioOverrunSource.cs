namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// An audio source that can tell when it lost samples: a microphone whose DMA buffers were
    /// overwritten because the reader fell behind (an overrun), or a test source that drops
    /// samples on purpose. <see cref="KeywordSpottingLoop"/> asks after every read and passes
    /// a loss to <see cref="KeywordRecognizer.ReportOverrun"/>, so the recognizer never treats
    /// the audio before and after the gap as one contiguous window.
    /// </summary>
    public interface IAudioOverrunSource : IAudioSource
    {
        /// <summary>
        /// Samples lost since the previous call (0 when none), and clears the count. Lost
        /// samples came before the ones returned by the <see cref="IAudioSource.Read"/> that
        /// preceded this call. Allocates nothing.
        /// </summary>
        int TakeLostSamples();
    }

    /// <summary>
    /// Handler of <see cref="KeywordRecognizer.AudioOverrun"/>: samplesLost samples were lost at
    /// stream time timeMs (the time before the gap).
    /// </summary>
    public delegate void AudioOverrunEventHandler(object sender, long timeMs, int samplesLost);
}
