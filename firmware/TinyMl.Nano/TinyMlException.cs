using System;

namespace TinyMl.Nano
{
    /// <summary>
    /// Base of the errors the TinyMl.Nano runtime reports about a model or an arena.
    /// The message is the native runtime's sentence (it names the field that is wrong);
    /// the detail is also kept as numbers so code can react to it.
    /// </summary>
    public class TinyMlException : Exception
    {
        private readonly int _status;
        private readonly int _field;
        private readonly int _index;
        private readonly int _value;
        private readonly int _limit;

        /// <summary>Creates an error with a message and native detail.</summary>
        public TinyMlException(string message, int status, int field, int index, int value, int limit)
            : base(message)
        {
            _status = status;
            _field = field;
            _index = index;
            _value = value;
            _limit = limit;
        }

        /// <summary>Native status code (negative; see NativeStatus).</summary>
        public int Status { get { return _status; } }

        /// <summary>Native field code of the value that was wrong (tnm_field).</summary>
        public int Field { get { return _field; } }

        /// <summary>Tensor or layer index the error is about, or -1.</summary>
        public int Index { get { return _index; } }

        /// <summary>The offending value.</summary>
        public int Value { get { return _value; } }

        /// <summary>The bound the value broke, or the value expected.</summary>
        public int Limit { get { return _limit; } }
    }

    /// <summary>
    /// The model blob is malformed: bad magic or format version, checksum mismatch, or a
    /// field out of range. Recompile the model with `tinyml compile`.
    /// </summary>
    public class ModelFormatException : TinyMlException
    {
        /// <summary>Creates the error.</summary>
        public ModelFormatException(string message, int status, int field, int index, int value, int limit)
            : base(message, status, field, index, value, limit)
        {
        }
    }

    /// <summary>
    /// The model blob is well formed but uses an operator, type or shape this build does not run.
    /// </summary>
    public class ModelNotSupportedException : TinyMlException
    {
        /// <summary>Creates the error.</summary>
        public ModelNotSupportedException(string message, int status, int field, int index, int value, int limit)
            : base(message, status, field, index, value, limit)
        {
        }
    }

    /// <summary>The arena is smaller than the model needs.</summary>
    public class ArenaTooSmallException : TinyMlException
    {
        /// <summary>Creates the error.</summary>
        public ArenaTooSmallException(string message, int status, int field, int index, int value, int limit)
            : base(message, status, field, index, value, limit)
        {
        }

        /// <summary>Bytes the model needs.</summary>
        public int RequiredBytes { get { return Limit; } }

        /// <summary>Bytes the arena has.</summary>
        public int ActualBytes { get { return Value; } }
    }
}
