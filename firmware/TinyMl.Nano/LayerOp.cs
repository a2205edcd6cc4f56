namespace TinyMl.Nano
{
    /// <summary>Operator codes of the model blob (TNM_OP_* in tnm_model.h).</summary>
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
        /// <summary>Quantize (float32 to int8, or int8 requantize).</summary>
        public const int Quantize = 10;
        /// <summary>Dequantize (int8 to float32).</summary>
        public const int Dequantize = 11;

        private static readonly string[] Names = new string[]
        {
            "UNKNOWN", "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D",
            "MAX_POOL_2D", "SOFTMAX", "ADD", "MUL", "RESHAPE", "QUANTIZE", "DEQUANTIZE"
        };

        /// <summary>The TensorFlow Lite name of an op code ("CONV_2D", ...), or "UNKNOWN".</summary>
        public static string Name(int op)
        {
            if (op <= 0 || op >= Names.Length)
            {
                return "UNKNOWN";
            }
            return Names[op];
        }
    }
}
