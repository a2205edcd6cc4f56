namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Replays samples held in an array (a reference, not a copy). Finite: returns 0 at the end.
    /// </summary>
    public sealed class ArrayAudioSource : IAudioSource
    {
        private readonly short[] _samples;
        private readonly int _start;
        private readonly int _count;
        private readonly int _sampleRate;
        private int _position;

        /// <summary>Replays all of samples at 16 kHz.</summary>
        public ArrayAudioSource(short[] samples)
            : this(samples, 0, samples == null ? 0 : samples.Length, AudioFrame.SampleRate)
        {
        }

        /// <summary>Replays samples[start .. start + count) at sampleRate.</summary>
        public ArrayAudioSource(short[] samples, int start, int count, int sampleRate)
        {
            AudioSourceArguments.CheckRead(samples, start, count);
            if (sampleRate <= 0)
            {
                throw new System.ArgumentOutOfRangeException("sampleRate", "sample rate must be positive, got " + sampleRate.ToString());
            }
            _samples = samples;
            _start = start;
            _count = count;
            _sampleRate = sampleRate;
        }

        /// <inheritdoc/>
        public int SampleRate { get { return _sampleRate; } }

        /// <summary>Samples in the source.</summary>
        public int SampleCount { get { return _count; } }

        /// <summary>Samples already read.</summary>
        public int Position { get { return _position; } }

        /// <summary>Starts again from the first sample.</summary>
        public void Rewind()
        {
            _position = 0;
        }

        /// <inheritdoc/>
        public int Read(short[] buffer, int offset, int count)
        {
            AudioSourceArguments.CheckRead(buffer, offset, count);
            int n = _count - _position;
            if (n > count)
            {
                n = count;
            }
            System.Array.Copy(_samples, _start + _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
