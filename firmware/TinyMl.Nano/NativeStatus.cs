using System;
using System.Text;
using TinyMl.Nano.Native;

namespace TinyMl.Nano
{
    /// <summary>
    /// Status codes of the native runtime (tnm_status.h), as found in
    /// <see cref="TinyMlException.Status"/>.
    /// </summary>
    public static class NativeStatus
    {
        /// <summary>Success.</summary>
        public const int Ok = 0;
        /// <summary>A null or out-of-range argument of the call itself.</summary>
        public const int Argument = -1;
        /// <summary>The model blob is malformed (a field is out of range).</summary>
        public const int Format = -2;
        /// <summary>Unknown magic or format version.</summary>
        public const int Version = -3;
        /// <summary>The blob's CRC32 does not match its bytes.</summary>
        public const int Checksum = -4;
        /// <summary>Valid, but an operator, type or shape this build does not run.</summary>
        public const int Unsupported = -5;
        /// <summary>The arena is smaller than the model needs.</summary>
        public const int Arena = -6;
        /// <summary>A buffer is not 4-byte aligned.</summary>
        public const int Alignment = -7;
        /// <summary>A caller buffer is too small.</summary>
        public const int Buffer = -8;

        // tnm_field values used by checks made on the managed side.
        internal const int FieldBlobLength = 1;
        internal const int FieldArena = 32;

        private const int MessageBytes = 200;

        /// <summary>
        /// Turns a failed native call into the typed exception, with the native sentence as
        /// the message. error holds the tnm_error words the call filled.
        /// </summary>
        internal static Exception ToException(int status, int[] error, string context)
        {
            if (error[0] != status)
            {
                // The call failed before filling the detail (should not happen): keep the status.
                error[0] = status;
                error[1] = 0;
                error[2] = -1;
                error[3] = 0;
                error[4] = 0;
            }

            string message = Describe(error);
            if (context != null && context.Length > 0)
            {
                message = context + ": " + message;
            }

            int field = error[1];
            int index = error[2];
            int value = error[3];
            int limit = error[4];
            switch (status)
            {
                case Format:
                case Version:
                case Checksum:
                    return new ModelFormatException(message, status, field, index, value, limit);
                case Unsupported:
                    return new ModelNotSupportedException(message, status, field, index, value, limit);
                case Arena:
                    return new ArenaTooSmallException(message, status, field, index, value, limit);
                case Argument:
                    return new ArgumentException(message);
                default:
                    return new TinyMlException(message, status, field, index, value, limit);
            }
        }

        /// <summary>The native sentence for an error detail.</summary>
        internal static string Describe(int[] error)
        {
            byte[] buffer = new byte[MessageBytes];
            int length = NativeMethods.ErrorFormat(error, buffer, buffer.Length);
            if (length <= 0)
            {
                return "native error " + error[0].ToString() + " (field " + error[1].ToString() + ")";
            }
            if (length > buffer.Length)
            {
                length = buffer.Length;
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
