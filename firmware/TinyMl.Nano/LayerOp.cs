namespace TinyMl.Nano
{
    /// <summary>
    /// Operator codes of the model blob. The one list is native-kernels/include/tnm/tnm_ops.def;
    /// this mirror is checked against it, code and name, by OpTableMirrorTests.
    /// </summary>
    public static class LayerOp
    {
        /// <summary>2-D convolution.</summary>
        public const int Conv2D = 1;
        /// <summary>Depthwise 2-D convolution.</summary>
        public const int DepthwiseConv2D = 2;
        /// <summary>Fully connected (dense).</summary>
        public const int FullyConnected = 3;
        /// <summary>Average pooling.</summary>
        public const int AveragePool2D = 4;
        /// <summary>Max pooling.</summary>
        public const int MaxPool2D = 5;
        /// <summary>Softmax.</summary>
        public const int Softmax = 6;
        /// <summary>Element-wise add with broadcast.</summary>
        public const int Add = 7;
        /// <summary>Element-wise multiply with broadcast.</summary>
        public const int Mul = 8;
        /// <summary>Reshape (a copy unless in place).</summary>
        public const int Reshape = 9;
        /// <summary>Quantize (float32 to int8/uint8, or requantize int8/uint8).</summary>
        public const int Quantize = 10;
        /// <summary>Dequantize (int8/uint8 to float32).</summary>
        public const int Dequantize = 11;
        /// <summary>Concatenation along one axis.</summary>
        public const int Concatenation = 12;
        /// <summary>Strided slice (begin, end, strides, masks).</summary>
        public const int StridedSlice = 13;
        /// <summary>Split into equal parts.</summary>
        public const int Split = 14;
        /// <summary>Split into parts of given sizes.</summary>
        public const int SplitV = 15;
        /// <summary>Copy a resource variable out of the state region.</summary>
        public const int ReadVariable = 16;
        /// <summary>Copy a tensor into a resource variable.</summary>
        public const int AssignVariable = 17;
        /// <summary>Run the init subgraph once.</summary>
        public const int CallOnce = 18;
        /// <summary>Logistic (sigmoid).</summary>
        public const int Logistic = 19;

        /// <summary>The TensorFlow Lite name of an op code ("CONV_2D", ...), or "UNKNOWN".</summary>
        public static string Name(int op)
        {
            switch (op)
            {
                case Conv2D: return "CONV_2D";
                case DepthwiseConv2D: return "DEPTHWISE_CONV_2D";
                case FullyConnected: return "FULLY_CONNECTED";
                case AveragePool2D: return "AVERAGE_POOL_2D";
                case MaxPool2D: return "MAX_POOL_2D";
                case Softmax: return "SOFTMAX";
                case Add: return "ADD";
                case Mul: return "MUL";
                case Reshape: return "RESHAPE";
                case Quantize: return "QUANTIZE";
                case Dequantize: return "DEQUANTIZE";
                case Concatenation: return "CONCATENATION";
                case StridedSlice: return "STRIDED_SLICE";
                case Split: return "SPLIT";
                case SplitV: return "SPLIT_V";
                case ReadVariable: return "READ_VARIABLE";
                case AssignVariable: return "ASSIGN_VARIABLE";
                case CallOnce: return "CALL_ONCE";
                case Logistic: return "LOGISTIC";
                default: return "UNKNOWN";
            }
        }
    }
}
