using System;

namespace TinyMl.Compiler
{
    /// <summary>The bytes are not a well-formed TFLite flatbuffer (truncated, corrupt, offsets
    /// outside the file, inconsistent indices). The message names the field path.</summary>
    public sealed class TfliteFormatException : Exception
    {
        public TfliteFormatException(string message) : base(message) { }
    }

    /// <summary>The model is well-formed but TinyMl.Nano cannot compile it (unsupported
    /// operator, type, shape or quantization). The message names the operator and what is missing.</summary>
    public sealed class ModelCompileException : Exception
    {
        public ModelCompileException(string message) : base(message) { }
    }
}
