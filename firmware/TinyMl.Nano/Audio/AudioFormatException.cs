using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Audio data that cannot be used: not a WAV file, a truncated one, or a format other
    /// than the 16 kHz mono 16-bit PCM the front ends need. The message says what was found
    /// and what is needed.
    /// </summary>
    public class AudioFormatException : Exception
    {
        /// <summary>Creates the error.</summary>
        public AudioFormatException(string message)
            : base(message)
        {
        }
    }
}
