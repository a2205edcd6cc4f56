namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// A stream of 16-bit mono audio samples: a microphone on the device (Device/I2sMicrophone),
    /// a WAV file replayed on the host (<see cref="WavAudioSource"/>), or several sources one
    /// after the other (<see cref="ConcatenatedAudioSource"/>).
    /// </summary>
    public interface IAudioSource
    {
        /// <summary>Samples per second.</summary>
        int SampleRate { get; }

        /// <summary>
        /// Reads up to <paramref name="count"/> samples into buffer[offset .. offset + count)
        /// and returns how many it wrote. A finite source (a file) returns fewer than count
        /// only at its end and 0 once it is exhausted; it never blocks. A live source (a
        /// microphone) blocks until it has count samples and never returns 0, so a caller
        /// reading it must keep up with the sample rate or the hardware drops samples (see
        /// firmware/apps/KeywordSpotting/README.md for the buffer budget).
        /// Reading allocates nothing.
        /// </summary>
        /// <exception cref="System.ArgumentNullException">buffer is null.</exception>
        /// <exception cref="System.ArgumentOutOfRangeException">offset or count does not fit in buffer.</exception>
        int Read(short[] buffer, int offset, int count);
    }
}
