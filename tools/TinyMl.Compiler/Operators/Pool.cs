using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>AVERAGE_POOL_2D, MAX_POOL_2D (TFLM pooling_common.cc PoolingPrepare), int8; over int16 as POOL_2D_16X8
    /// (the int8 pools, in the KWS set, stay without the int16 code).</summary>
    [Lowers(BuiltinOperator.AveragePool2D, "AVERAGE_POOL_2D", "POOL_2D_16X8", Variant = "AVERAGE_POOL_2D")]
    [Lowers(BuiltinOperator.MaxPool2D, "MAX_POOL_2D", "POOL_2D_16X8", Variant = "MAX_POOL_2D")]
    internal sealed class PoolLowering : IOperatorLowering
    {
        private readonly string _op;

        public PoolLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var o = ctx.Options<Pool2DOptions>(op, BuiltinOptionsType.Pool2DOptions);
            // both pools also over int16 (TFLM's int16 AveragePool and MaxPool)
            bool s16 = input.Type == TensorType.Int16;
            var (inScale, inZp) = s16 ? ctx.Activation16(op, input, "input") : ctx.Activation(op, input, "input");
            var (outScale, outZp) = s16 ? ctx.Activation16(op, output, "output") : ctx.Activation(op, output, "output");
            int[] inShape = input.Shape, outShape = output.Shape;
            if (inShape.Length != 4) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(inShape)} is not 4-D (NHWC)");
            if (outShape.Length != 4) throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(outShape)} is not 4-D (NHWC)");
            if (LoweringContext.Product(inShape) == 0 || LoweringContext.Product(outShape) == 0) throw ctx.Fail(op, "a tensor has a zero dimension");
            if (outShape[0] != inShape[0] || outShape[3] != inShape[3])
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(outShape)} must keep the batch and channels of input {LoweringContext.ShapeText(inShape)}");
            if (o.FilterHeight < 1 || o.FilterWidth < 1 || o.FilterHeight > 65535 || o.FilterWidth > 65535)
                throw ctx.Fail(op, $"filter {o.FilterHeight}x{o.FilterWidth} is not supported");
            var (padH, padW) = ctx.Windowed(op, o.Padding, o.StrideH, o.StrideW, 1, 1,
                inShape[1], inShape[2], o.FilterHeight, o.FilterWidth, outShape[1], outShape[2]);

            // PoolingPrepare: input and output quantization must agree (float difference).
            double scaleDiff = (double)Math.Abs(inScale - outScale);
            if (!(scaleDiff <= 1.0e-6) || inZp != outZp)
                throw ctx.Fail(op, $"input quantization ({inScale:R}, {inZp}) and output quantization ({outScale:R}, {outZp}) must be the same");
            var (actMin, actMax) = s16 ? QuantizationMath.ActivationRange(o.Activation, outScale, outZp, short.MinValue, short.MaxValue, ctx.What(op))
                                       : QuantizationMath.ActivationRangeInt8(o.Activation, outScale, outZp, ctx.What(op));

            LayerPlan layer = ctx.Emit(s16 ? "POOL_2D_16X8" : _op, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            if (s16) layer.Param("average", _op == "AVERAGE_POOL_2D" ? 1 : 0);
            layer.Param("act_min", actMin).Param("act_max", actMax)
                .Param("stride_h", o.StrideH).Param("stride_w", o.StrideW)
                .Param("pad_h", padH).Param("pad_w", padW)
                .Param("filter_h", o.FilterHeight).Param("filter_w", o.FilterWidth);
        }
    }
}
