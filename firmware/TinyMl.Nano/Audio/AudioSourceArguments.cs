using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>Argument checks shared by the audio sources.</summary>
    internal static class AudioSourceArguments
    {
        internal static void CheckRead(short[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || offset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("offset", "offset " + offset.ToString() + " is outside a buffer of " + buffer.Length.ToString() + " samples");
            }
            if (count < 0 || count > buffer.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count", "count " + count.ToString() + " from offset " + offset.ToString() + " goes past a buffer of " + buffer.Length.ToString() + " samples");
            }
        }
    }
}
