using System.Text;
using TinyMl.Nano.Native;

namespace TinyMl.Nano
{
    /// <summary>
    /// Operator codes of the model blob, for code that compares LayerInfo.OpCode. The one list
    /// is native-kernels/include/tnm/tnm_ops.def: every constant here is checked against it,
    /// code and name, by OpTableMirrorTests; a new operator needs no constant here (Name reads
    /// the native table).
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
        /// <summary>Pad with the zero point.</summary>
        public const int Pad = 20;
        /// <summary>Pad with a given value.</summary>
        public const int Padv2 = 21;
        /// <summary>Transpose (permute dimensions).</summary>
        public const int Transpose = 22;
        /// <summary>Nearest-neighbour resize.</summary>
        public const int ResizeNearestNeighbor = 23;
        /// <summary>Mean over axes.</summary>
        public const int Mean = 24;
        /// <summary>Sum over axes.</summary>
        public const int Sum = 25;
        /// <summary>Transposed 2-D convolution.</summary>
        public const int TransposeConv = 26;
        /// <summary>Hyperbolic tangent.</summary>
        public const int Tanh = 27;
        /// <summary>Hard swish.</summary>
        public const int HardSwish = 28;
        /// <summary>Leaky ReLU.</summary>
        public const int LeakyRelu = 29;
        /// <summary>Parametric ReLU.</summary>
        public const int Prelu = 30;
        /// <summary>ReLU.</summary>
        public const int Relu = 31;
        /// <summary>ReLU clamped at 6.</summary>
        public const int Relu6 = 32;
        /// <summary>Element-wise subtract with broadcast.</summary>
        public const int Sub = 33;
        /// <summary>Element-wise maximum.</summary>
        public const int Maximum = 34;
        /// <summary>Element-wise minimum.</summary>
        public const int Minimum = 35;
        /// <summary>Integer LSTM over a sequence.</summary>
        public const int UnidirectionalSequenceLstm = 36;
        /// <summary>Singular value decomposition filter (TFLM's integer SVDF), with state.</summary>
        public const int Svdf = 37;
        /// <summary>An int8 element-wise function as a 256-byte table (the compiler's form of
        /// LOGISTIC, TANH, RELU, LEAKY_RELU and HARD_SWISH).</summary>
        public const int Lut = 38;
        /// <summary>Largest value over a set of axes.</summary>
        public const int ReduceMax = 39;
        /// <summary>Smallest value over a set of axes.</summary>
        public const int ReduceMin = 40;
        /// <summary>Index of the largest value along an axis (int32 out).</summary>
        public const int ArgMax = 41;
        /// <summary>Index of the smallest value along an axis (int32 out).</summary>
        public const int ArgMin = 42;
        /// <summary>Rows of an input picked by int32 positions (an embedding lookup).</summary>
        public const int Gather = 43;
        /// <summary>Channels moved into blocks of pixels (a pixel shuffle).</summary>
        public const int DepthToSpace = 44;
        /// <summary>Blocks of pixels moved into channels.</summary>
        public const int SpaceToDepth = 45;
        /// <summary>Bilinear resize (TFLite's integer interpolation).</summary>
        public const int ResizeBilinear = 46;
        /// <summary>Blocks of pixels moved into the batch (a dilated convolution's first step).</summary>
        public const int SpaceToBatchNd = 47;
        /// <summary>The batch moved back into blocks of pixels.</summary>
        public const int BatchToSpaceNd = 48;
        /// <summary>Padding by reflection (REFLECT or SYMMETRIC).</summary>
        public const int MirrorPad = 49;
        /// <summary>Each row divided by its L2 norm.</summary>
        public const int L2Normalization = 50;
        /// <summary>Matrix products over broadcast batches (attention's Q x K^T).</summary>
        public const int BatchMatmul = 51;
        /// <summary>The logarithm of the softmax of each row.</summary>
        public const int LogSoftmax = 55;
        /// <summary>A CONV_2D over int16 activations with int8 weights (16x8 quantization).</summary>
        public const int Conv2D16X8 = 56;
        /// <summary>An AVERAGE_POOL_2D or MAX_POOL_2D over int16.</summary>
        public const int Pool2D16X8 = 57;
        /// <summary>SOFTMAX over int16 (TFLite's interpolated tables).</summary>
        public const int SoftmaxInt16 = 58;
        /// <summary>(a - b)^2, elementwise with broadcasting (a layer norm's variance).</summary>
        public const int SquaredDifference = 52;
        /// <summary>1 / sqrt(x) (a layer norm's scale); an input below its zero point is refused at run time.</summary>
        public const int Rsqrt = 53;
        /// <summary>|x|.</summary>
        public const int Abs = 54;
        /// <summary>The element type changed (int8, int16, int32, float32, bool in; not bool out), no quantization applied.</summary>
        public const int Cast = 64;
        /// <summary>a / b, elementwise with broadcasting (int8, int32); a divisor standing for 0 is refused at run time.</summary>
        public const int Div = 59;
        /// <summary>EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER or GREATER_EQUAL (its parameter `kind`), bool out.</summary>
        public const int Comparison = 60;
        /// <summary>condition ? x : y, elementwise with broadcasting.</summary>
        public const int SelectV2 = 61;
        /// <summary>The operand with the update written at the start indices (clamped so that it fits).</summary>
        public const int DynamicUpdateSlice = 65;
        /// <summary>The input repeated to the output's shape (also FILL's scalar and ZEROS_LIKE's zero).</summary>
        public const int BroadcastTo = 66;
        /// <summary>Slices of the params picked by index tuples (an index outside its dim is refused at invoke).</summary>
        public const int GatherNd = 67;
        /// <summary>The sum of two or more int8 inputs of one scale and zero point.</summary>
        public const int AddN = 68;
        /// <summary>Running int8 sums along one axis (exclusive, reverse).</summary>
        public const int Cumsum = 69;

        /// <summary>
        /// The operator's name as tnm_ops.def spells it ("CONV_2D"), or "UNKNOWN": read from the
        /// native table (tnm_op_name), so an operator added to tnm_ops.def is named here without
        /// a line in this file.
        /// </summary>
        public static string Name(int op)
        {
            // the longest name, UNIDIRECTIONAL_SEQUENCE_LSTM, has 28 characters
            byte[] buffer = new byte[48];
            int length = NativeMethods.OpName(op, buffer, buffer.Length);
            if (length <= 0 || length > buffer.Length)
            {
                return "UNKNOWN";
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
