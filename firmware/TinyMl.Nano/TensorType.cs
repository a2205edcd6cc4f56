namespace TinyMl.Nano
{
    /// <summary>Element type of a tensor (TensorFlow Lite numbering, as in the blob).</summary>
    public enum TensorType
    {
        /// <summary>32-bit IEEE float.</summary>
        Float32 = 0,
        /// <summary>32-bit signed integer.</summary>
        Int32 = 2,
        /// <summary>8-bit unsigned integer.</summary>
        UInt8 = 3,
        /// <summary>16-bit signed integer.</summary>
        Int16 = 7,
        /// <summary>8-bit signed integer (quantized).</summary>
        Int8 = 9
    }

    /// <summary>Facts about tensor types.</summary>
    public static class TensorTypes
    {
        /// <summary>Bytes per element, or 0 for a type the runtime does not know.</summary>
        public static int ElementSize(TensorType type)
        {
            switch (type)
            {
                case TensorType.Float32:
                case TensorType.Int32:
                    return 4;
                case TensorType.Int16:
                    return 2;
                case TensorType.UInt8:
                case TensorType.Int8:
                    return 1;
                default:
                    return 0;
            }
        }

        /// <summary>Lower-case name ("int8", "float32", ...); enum ToString() is numeric on the device.</summary>
        public static string Name(TensorType type)
        {
            switch (type)
            {
                case TensorType.Float32: return "float32";
                case TensorType.Int32: return "int32";
                case TensorType.UInt8: return "uint8";
                case TensorType.Int16: return "int16";
                case TensorType.Int8: return "int8";
                default: return "type " + ((int)type).ToString();
            }
        }
    }
}
