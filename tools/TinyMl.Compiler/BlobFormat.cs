namespace TinyMl.Compiler
{
    /// <summary>Constants of the .tnm blob format (native-kernels/include/tnm/tnm_model.h is the spec).</summary>
    public static class BlobFormat
    {
        public const int Version = 1;
        public const int HeaderSize = 48;
        public const int TensorRecordSize = 28;
        public const int LayerRecordSize = 80;
        public const int LayerParamCount = 13;
        public const int MaxTensors = 1024;
        public const int MaxLayers = 1024;
        public const int MaxRank = 4;
        public const int NoTensor = 0xFFFF;

        public const int TypeFloat32 = 0;
        public const int TypeInt32 = 2;
        public const int TypeInt8 = 9;

        public const int OpConv2D = 1;
        public const int OpDepthwiseConv2D = 2;
        public const int OpFullyConnected = 3;
        public const int OpAveragePool2D = 4;
        public const int OpMaxPool2D = 5;
        public const int OpSoftmax = 6;
        public const int OpAdd = 7;
        public const int OpMul = 8;
        public const int OpReshape = 9;
        public const int OpQuantize = 10;
        public const int OpDequantize = 11;

        /// <summary>Name of a blob op code, as tnm_op_name returns it.</summary>
        public static string OpName(int op) => op switch
        {
            OpConv2D => "CONV_2D",
            OpDepthwiseConv2D => "DEPTHWISE_CONV_2D",
            OpFullyConnected => "FULLY_CONNECTED",
            OpAveragePool2D => "AVERAGE_POOL_2D",
            OpMaxPool2D => "MAX_POOL_2D",
            OpSoftmax => "SOFTMAX",
            OpAdd => "ADD",
            OpMul => "MUL",
            OpReshape => "RESHAPE",
            OpQuantize => "QUANTIZE",
            OpDequantize => "DEQUANTIZE",
            _ => "UNKNOWN",
        };
    }
}
