namespace TinyMl.Tflite
{
    /// <summary>TFLite BuiltinOperator codes (schema.fbs) that TinyMl.Nano knows, and the names of all.</summary>
    public static class BuiltinOperator
    {
        public const int Add = 0;
        public const int AveragePool2D = 1;
        public const int Conv2D = 3;
        public const int DepthwiseConv2D = 4;
        public const int Dequantize = 6;
        public const int FullyConnected = 9;
        public const int MaxPool2D = 17;
        public const int Mul = 18;
        public const int Reshape = 22;
        public const int Softmax = 25;
        public const int Custom = 32;
        public const int Quantize = 114;
        public const int Concatenation = 2;
        public const int Logistic = 14;
        public const int Relu = 19;
        public const int Relu6 = 21;
        public const int Svdf = 27;
        public const int Tanh = 28;
        public const int Pad = 34;
        public const int Transpose = 39;
        public const int Mean = 40;
        public const int Sub = 41;
        public const int Squeeze = 43;
        public const int UnidirectionalSequenceLstm = 44;
        public const int StridedSlice = 45;
        public const int Split = 49;
        public const int Prelu = 54;
        public const int Maximum = 55;
        public const int Minimum = 57;
        public const int PadV2 = 60;
        public const int Slice = 65;
        public const int TransposeConv = 67;
        public const int ExpandDims = 70;
        public const int Sum = 74;
        public const int Pack = 83;
        public const int Unpack = 88;
        public const int ResizeNearestNeighbor = 97;
        public const int LeakyRelu = 98;
        public const int SplitV = 102;
        public const int HardSwish = 117;
        public const int ReduceMax = 82;
        public const int ReduceMin = 89;
        public const int ArgMax = 56;
        public const int ArgMin = 79;
        public const int Gather = 36;
        public const int DepthToSpace = 5;
        public const int SpaceToDepth = 26;
        public const int ResizeBilinear = 23;
        public const int SpaceToBatchNd = 38;
        public const int BatchToSpaceNd = 37;
        public const int MirrorPad = 100;
        public const int L2Normalization = 11;
        public const int BatchMatMul = 126;
        public const int LogSoftmax = 50;
        public const int Elu = 111;
        public const int Cast = 53;
        public const int DynamicUpdateSlice = 151;
        public const int BroadcastTo = 130;
        public const int Fill = 94;
        public const int ZerosLike = 93;
        public const int GatherNd = 107;
        public const int AddN = 106;
        public const int Cumsum = 128;
        public const int SquaredDifference = 99;
        public const int Rsqrt = 76;
        public const int Abs = 101;
        public const int Div = 42;
        public const int Less = 58;
        public const int Greater = 61;
        public const int GreaterEqual = 62;
        public const int LessEqual = 63;
        public const int Select = 64;
        public const int Equal = 71;
        public const int NotEqual = 72;
        public const int SelectV2 = 123;
        public const int EmbeddingLookup = 7;
        public const int ReverseV2 = 105;
        public const int CallOnce = 129;
        public const int VarHandle = 142;
        public const int ReadVariable = 143;
        public const int AssignVariable = 144;
        /// <summary>deprecated_builtin_code (a byte) uses this value to say "see builtin_code".</summary>
        public const int PlaceholderForGreaterOpCodes = 127;

        /// <summary>Schema name of a builtin code ("CONV_2D"), or "BUILTIN_&lt;n&gt;" when unknown.</summary>
        public static string Name(int code)
        {
            if (code >= 0 && code < Names.Length && Names[code] != null) return Names[code]!;
            return "BUILTIN_" + code;
        }

        private static readonly string?[] Names = new string?[]
        {
            "ADD", // 0
            "AVERAGE_POOL_2D", // 1
            "CONCATENATION", // 2
            "CONV_2D", // 3
            "DEPTHWISE_CONV_2D", // 4
            "DEPTH_TO_SPACE", // 5
            "DEQUANTIZE", // 6
            "EMBEDDING_LOOKUP", // 7
            "FLOOR", // 8
            "FULLY_CONNECTED", // 9
            "HASHTABLE_LOOKUP", // 10
            "L2_NORMALIZATION", // 11
            "L2_POOL_2D", // 12
            "LOCAL_RESPONSE_NORMALIZATION", // 13
            "LOGISTIC", // 14
            "LSH_PROJECTION", // 15
            "LSTM", // 16
            "MAX_POOL_2D", // 17
            "MUL", // 18
            "RELU", // 19
            "RELU_N1_TO_1", // 20
            "RELU6", // 21
            "RESHAPE", // 22
            "RESIZE_BILINEAR", // 23
            "RNN", // 24
            "SOFTMAX", // 25
            "SPACE_TO_DEPTH", // 26
            "SVDF", // 27
            "TANH", // 28
            "CONCAT_EMBEDDINGS", // 29
            "SKIP_GRAM", // 30
            "CALL", // 31
            "CUSTOM", // 32
            "EMBEDDING_LOOKUP_SPARSE", // 33
            "PAD", // 34
            "UNIDIRECTIONAL_SEQUENCE_RNN", // 35
            "GATHER", // 36
            "BATCH_TO_SPACE_ND", // 37
            "SPACE_TO_BATCH_ND", // 38
            "TRANSPOSE", // 39
            "MEAN", // 40
            "SUB", // 41
            "DIV", // 42
            "SQUEEZE", // 43
            "UNIDIRECTIONAL_SEQUENCE_LSTM", // 44
            "STRIDED_SLICE", // 45
            "BIDIRECTIONAL_SEQUENCE_RNN", // 46
            "EXP", // 47
            "TOPK_V2", // 48
            "SPLIT", // 49
            "LOG_SOFTMAX", // 50
            "DELEGATE", // 51
            "BIDIRECTIONAL_SEQUENCE_LSTM", // 52
            "CAST", // 53
            "PRELU", // 54
            "MAXIMUM", // 55
            "ARG_MAX", // 56
            "MINIMUM", // 57
            "LESS", // 58
            "NEG", // 59
            "PADV2", // 60
            "GREATER", // 61
            "GREATER_EQUAL", // 62
            "LESS_EQUAL", // 63
            "SELECT", // 64
            "SLICE", // 65
            "SIN", // 66
            "TRANSPOSE_CONV", // 67
            "SPARSE_TO_DENSE", // 68
            "TILE", // 69
            "EXPAND_DIMS", // 70
            "EQUAL", // 71
            "NOT_EQUAL", // 72
            "LOG", // 73
            "SUM", // 74
            "SQRT", // 75
            "RSQRT", // 76
            "SHAPE", // 77
            "POW", // 78
            "ARG_MIN", // 79
            "FAKE_QUANT", // 80
            "REDUCE_PROD", // 81
            "REDUCE_MAX", // 82
            "PACK", // 83
            "LOGICAL_OR", // 84
            "ONE_HOT", // 85
            "LOGICAL_AND", // 86
            "LOGICAL_NOT", // 87
            "UNPACK", // 88
            "REDUCE_MIN", // 89
            "FLOOR_DIV", // 90
            "REDUCE_ANY", // 91
            "SQUARE", // 92
            "ZEROS_LIKE", // 93
            "FILL", // 94
            "FLOOR_MOD", // 95
            "RANGE", // 96
            "RESIZE_NEAREST_NEIGHBOR", // 97
            "LEAKY_RELU", // 98
            "SQUARED_DIFFERENCE", // 99
            "MIRROR_PAD", // 100
            "ABS", // 101
            "SPLIT_V", // 102
            "UNIQUE", // 103
            "CEIL", // 104
            "REVERSE_V2", // 105
            "ADD_N", // 106
            "GATHER_ND", // 107
            "COS", // 108
            "WHERE", // 109
            "RANK", // 110
            "ELU", // 111
            "REVERSE_SEQUENCE", // 112
            "MATRIX_DIAG", // 113
            "QUANTIZE", // 114
            "MATRIX_SET_DIAG", // 115
            "ROUND", // 116
            "HARD_SWISH", // 117
            "IF", // 118
            "WHILE", // 119
            "NON_MAX_SUPPRESSION_V4", // 120
            "NON_MAX_SUPPRESSION_V5", // 121
            "SCATTER_ND", // 122
            "SELECT_V2", // 123
            "DENSIFY", // 124
            "SEGMENT_SUM", // 125
            "BATCH_MATMUL", // 126
            "PLACEHOLDER_FOR_GREATER_OP_CODES", // 127
            "CUMSUM", // 128
            "CALL_ONCE", // 129
            "BROADCAST_TO", // 130
            "RFFT2D", // 131
            "CONV_3D", // 132
            "IMAG", // 133
            "REAL", // 134
            "COMPLEX_ABS", // 135
            "HASHTABLE", // 136
            "HASHTABLE_FIND", // 137
            "HASHTABLE_IMPORT", // 138
            "HASHTABLE_SIZE", // 139
            "REDUCE_ALL", // 140
            "CONV_3D_TRANSPOSE", // 141
            "VAR_HANDLE", // 142
            "READ_VARIABLE", // 143
            "ASSIGN_VARIABLE", // 144
            "BROADCAST_ARGS", // 145
            "RANDOM_STANDARD_NORMAL", // 146
            "BUCKETIZE", // 147
            "RANDOM_UNIFORM", // 148
            "MULTINOMIAL", // 149
            "GELU", // 150
            "DYNAMIC_UPDATE_SLICE", // 151
            "RELU_0_TO_1", // 152
            "UNSORTED_SEGMENT_PROD", // 153
            "UNSORTED_SEGMENT_MAX", // 154
            "UNSORTED_SEGMENT_SUM", // 155
            "ATAN2", // 156
            "UNSORTED_SEGMENT_MIN", // 157
            "SIGN", // 158
            "BITCAST", // 159
            "BITWISE_XOR", // 160
            "RIGHT_SHIFT", // 161
            "STABLEHLO_LOGISTIC", // 162
            "STABLEHLO_ADD", // 163
            "STABLEHLO_DIVIDE", // 164
            "STABLEHLO_MULTIPLY", // 165
            "STABLEHLO_MAXIMUM", // 166
            "STABLEHLO_RESHAPE", // 167
            "STABLEHLO_CLAMP", // 168
            "STABLEHLO_CONCATENATE", // 169
            "STABLEHLO_BROADCAST_IN_DIM", // 170
            "STABLEHLO_CONVOLUTION", // 171
            "STABLEHLO_SLICE", // 172
            "STABLEHLO_CUSTOM_CALL", // 173
            "STABLEHLO_REDUCE", // 174
            "STABLEHLO_ABS", // 175
            "STABLEHLO_AND", // 176
            "STABLEHLO_COSINE", // 177
            "STABLEHLO_EXPONENTIAL", // 178
            "STABLEHLO_FLOOR", // 179
            "STABLEHLO_LOG", // 180
            "STABLEHLO_MINIMUM", // 181
            "STABLEHLO_NEGATE", // 182
            "STABLEHLO_OR", // 183
            "STABLEHLO_POWER", // 184
            "STABLEHLO_REMAINDER", // 185
            "STABLEHLO_RSQRT", // 186
            "STABLEHLO_SELECT", // 187
            "STABLEHLO_SUBTRACT", // 188
            "STABLEHLO_TANH", // 189
            "STABLEHLO_SCATTER", // 190
            "STABLEHLO_COMPARE", // 191
            "STABLEHLO_CONVERT", // 192
            "STABLEHLO_DYNAMIC_SLICE", // 193
            "STABLEHLO_DYNAMIC_UPDATE_SLICE", // 194
            "STABLEHLO_PAD", // 195
            "STABLEHLO_IOTA", // 196
            "STABLEHLO_DOT_GENERAL", // 197
            "STABLEHLO_REDUCE_WINDOW", // 198
            "STABLEHLO_SORT", // 199
            "STABLEHLO_WHILE", // 200
            "STABLEHLO_GATHER", // 201
            "STABLEHLO_TRANSPOSE", // 202
            "DILATE", // 203
            "STABLEHLO_RNG_BIT_GENERATOR", // 204
            "REDUCE_WINDOW", // 205
            "STABLEHLO_COMPOSITE", // 206
            "STABLEHLO_SHIFT_LEFT", // 207
            "STABLEHLO_CBRT", // 208
            "STABLEHLO_CASE", // 209
        };
    }
}
