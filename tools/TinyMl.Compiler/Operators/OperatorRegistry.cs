using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Compiler.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>Lowers one TFLite operator into layers of the blob (tnm_ops.def operators).</summary>
    internal interface IOperatorLowering
    {
        void Lower(LoweringContext ctx, TfliteOperator op);
    }

    /// <summary>
    /// The one table of TFLite operators the compiler accepts: builtin code -> its lowering and
    /// the runtime operators (tnm_ops.def) it emits. An operator whose runtime operators are not
    /// all in tnm_ops.def is not offered.
    /// </summary>
    internal static class OperatorRegistry
    {
        private sealed record Entry(int Builtin, IOperatorLowering Lowering, string[] Emits);

        private static readonly Entry[] All =
        {
            new(BuiltinOperator.Conv2D, new Conv2DLowering(depthwise: false), new[] { "CONV_2D" }),
            new(BuiltinOperator.DepthwiseConv2D, new Conv2DLowering(depthwise: true), new[] { "DEPTHWISE_CONV_2D", "CONV_2D" }),
            new(BuiltinOperator.FullyConnected, new FullyConnectedLowering(), new[] { "FULLY_CONNECTED" }),
            new(BuiltinOperator.AveragePool2D, new PoolLowering("AVERAGE_POOL_2D"), new[] { "AVERAGE_POOL_2D" }),
            new(BuiltinOperator.MaxPool2D, new PoolLowering("MAX_POOL_2D"), new[] { "MAX_POOL_2D" }),
            new(BuiltinOperator.Softmax, new SoftmaxLowering(), new[] { "SOFTMAX" }),
            new(BuiltinOperator.Add, new AddLowering(), new[] { "ADD" }),
            new(BuiltinOperator.Mul, new MulLowering(), new[] { "MUL" }),
            new(BuiltinOperator.Reshape, new ReshapeLowering(), new[] { "RESHAPE" }),
            new(BuiltinOperator.Squeeze, new ReshapeLowering(), new[] { "RESHAPE" }),
            new(BuiltinOperator.ExpandDims, new ReshapeLowering(), new[] { "RESHAPE" }),
            new(BuiltinOperator.Quantize, new QuantizeLowering(), new[] { "QUANTIZE" }),
            new(BuiltinOperator.Dequantize, new DequantizeLowering(), new[] { "DEQUANTIZE" }),
            new(BuiltinOperator.Concatenation, new ConcatenationLowering(), new[] { "CONCATENATION" }),
            new(BuiltinOperator.Pack, new PackLowering(), new[] { "CONCATENATION", "RESHAPE" }),
            new(BuiltinOperator.StridedSlice, new StridedSliceLowering(slice: false), new[] { "STRIDED_SLICE" }),
            new(BuiltinOperator.Slice, new StridedSliceLowering(slice: true), new[] { "STRIDED_SLICE" }),
            new(BuiltinOperator.Split, new SplitLowering(), new[] { "SPLIT_V" }),
            new(BuiltinOperator.SplitV, new SplitLowering(), new[] { "SPLIT_V" }),
            new(BuiltinOperator.Unpack, new UnpackLowering(), new[] { "SPLIT_V", "RESHAPE" }),
            new(BuiltinOperator.VarHandle, new VarHandleLowering(), Array.Empty<string>()),
            new(BuiltinOperator.ReadVariable, new ReadVariableLowering(), new[] { "READ_VARIABLE" }),
            new(BuiltinOperator.AssignVariable, new AssignVariableLowering(), new[] { "ASSIGN_VARIABLE" }),
            new(BuiltinOperator.CallOnce, new CallOnceLowering(), new[] { "CALL_ONCE" }),
            new(BuiltinOperator.Logistic, new LogisticLowering(), new[] { "LOGISTIC" }),
            new(BuiltinOperator.UnidirectionalSequenceLstm, new LstmLowering(), new[] { "UNIDIRECTIONAL_SEQUENCE_LSTM" }),
            new(BuiltinOperator.Tanh, new TanhLowering(), new[] { "TANH" }),
            new(BuiltinOperator.Relu, new ReluLowering(), new[] { "RELU" }),
            new(BuiltinOperator.Relu6, new Relu6Lowering(), new[] { "RELU6" }),
            new(BuiltinOperator.LeakyRelu, new LeakyReluLowering(), new[] { "LEAKY_RELU" }),
            new(BuiltinOperator.HardSwish, new HardSwishLowering(), new[] { "HARD_SWISH" }),
            new(BuiltinOperator.Sub, new AddLowering("SUB"), new[] { "SUB" }),
            new(BuiltinOperator.Maximum, new MaxMinLowering("MAXIMUM"), new[] { "MAXIMUM" }),
            new(BuiltinOperator.Minimum, new MaxMinLowering("MINIMUM"), new[] { "MINIMUM" }),
            new(BuiltinOperator.Prelu, new PreluLowering(), new[] { "PRELU" }),
            new(BuiltinOperator.Pad, new PadLowering(v2: false), new[] { "PAD" }),
            new(BuiltinOperator.PadV2, new PadLowering(v2: true), new[] { "PADV2" }),
            new(BuiltinOperator.Transpose, new TransposeLowering(), new[] { "TRANSPOSE" }),
            new(BuiltinOperator.ResizeNearestNeighbor, new ResizeNearestLowering(), new[] { "RESIZE_NEAREST_NEIGHBOR" }),
            new(BuiltinOperator.Mean, new ReduceLowering("MEAN"), new[] { "MEAN" }),
            new(BuiltinOperator.Sum, new ReduceLowering("SUM"), new[] { "SUM" }),
            new(BuiltinOperator.TransposeConv, new TransposeConvLowering(), new[] { "TRANSPOSE_CONV" }),
        };

        private static readonly Lazy<Dictionary<int, IOperatorLowering>> Available = new(() =>
        {
            var map = new Dictionary<int, IOperatorLowering>();
            foreach (Entry e in All)
            {
                if (e.Emits.All(name => OpTable.Find(name) != null)) map[e.Builtin] = e.Lowering;
            }
            return map;
        });

        public static IOperatorLowering? Find(int builtinCode) =>
            Available.Value.TryGetValue(builtinCode, out IOperatorLowering? l) ? l : null;

        /// <summary>TFLite names of the operators the compiler accepts, in table order.</summary>
        public static IReadOnlyList<string> SupportedNames =>
            All.Where(e => Available.Value.ContainsKey(e.Builtin)).Select(e => BuiltinOperator.Name(e.Builtin)).ToArray();
    }
}
