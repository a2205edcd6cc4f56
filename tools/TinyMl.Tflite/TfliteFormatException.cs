using System;

namespace TinyMl.Tflite
{
    /// <summary>The bytes are not a well-formed TFLite flatbuffer (truncated, corrupt, offsets
    /// outside the file, inconsistent indices). The message names the field path.</summary>
    public sealed class TfliteFormatException : Exception
    {
        public TfliteFormatException(string message) : base(message) { }
    }
}
