using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Several sources played one after the other (for example clips of silence, a keyword,
    /// noise, another keyword), as one stream. Every part must have the same sample rate.
    /// Finite when every part is: returns 0 after the last part ends. One call reads from one
    /// part only, so it may return fewer samples than asked at a boundary.
    /// </summary>
    public sealed class ConcatenatedAudioSource : IAudioSource
    {
        private readonly IAudioSource[] _parts;
        private int _current;

        /// <summary>Plays parts[0], then parts[1], ... (the array is copied).</summary>
        /// <exception cref="ArgumentException">parts is empty, holds null, or mixes sample rates.</exception>
        public ConcatenatedAudioSource(IAudioSource[] parts)
        {
            if (parts == null)
            {
                throw new ArgumentNullException("parts");
            }
            if (parts.Length == 0)
            {
                throw new ArgumentException("a concatenated source needs at least one part");
            }
            _parts = new IAudioSource[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i] == null)
                {
                    throw new ArgumentException("part " + i.ToString() + " is null");
                }
                if (parts[i].SampleRate != parts[0].SampleRate)
                {
                    throw new ArgumentException("part " + i.ToString() + " is " + parts[i].SampleRate.ToString() + " Hz, part 0 is " + parts[0].SampleRate.ToString() + " Hz");
                }
                _parts[i] = parts[i];
            }
        }

        /// <inheritdoc/>
        public int SampleRate { get { return _parts[0].SampleRate; } }

        /// <summary>Index of the part being read (the part count once all have ended).</summary>
        public int CurrentPart { get { return _current; } }

        /// <inheritdoc/>
        public int Read(short[] buffer, int offset, int count)
        {
            AudioSourceArguments.CheckRead(buffer, offset, count);
            if (count == 0)
            {
                return 0;
            }
            while (_current < _parts.Length)
            {
                int n = _parts[_current].Read(buffer, offset, count);
                if (n > 0)
                {
                    return n;
                }
                _current++;
            }
            return 0;
        }
    }
}
