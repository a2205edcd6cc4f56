using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>SOFTMAX int8 -> int8 or int16 (TFLM softmax_common.cc CalculateSoftmaxParams).</summary>
    [Lowers(BuiltinOperator.Softmax, "SOFTMAX", MaxRank = 6)]
    internal sealed class SoftmaxLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var o = ctx.Options<SoftmaxOptions>(op, BuiltinOptionsType.SoftmaxOptions);
            var (inScale, _) = ctx.Activation(op, input, "input");
            // int8 -> int8, or int8 -> int16 (TFLM: zero point -32768, scale 1/65536 within 0.1 %)
            bool out16 = output.Type == TensorType.Int16;
            float outScale;
            int outZp;
            if (out16)
            {
                ctx.CheckActivationTensor(op, output, "output");
                (outScale, outZp) = ctx.QuantParams(op, output, "output");
            }
            else
            {
                (outScale, outZp) = ctx.Activation(op, output, "output");
            }
            if (input.Shape.Length < 1 || LoweringContext.Product(input.Shape) == 0) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(input.Shape)} is empty");
            if (!System.Linq.Enumerable.SequenceEqual(input.Shape, output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            if (!out16 && (outZp != -128 || outScale != 1.0f / 256))
                throw ctx.Fail(op, $"output quantization must be scale 1/256, zero point -128 (is {outScale:R}, {outZp})");
            if (out16 && (outZp != -32768 || !(Math.Abs(outScale - 1.0f / 65536) <= 0.001f * 1.0f / 65536)))
                throw ctx.Fail(op, $"int16 output quantization must be scale 1/65536, zero point -32768 (is {outScale:R}, {outZp})");

            const int scaledDiffIntegerBits = 5;
            var (multiplier, leftShift) = QuantizationMath.PreprocessSoftmaxScaling(
                (double)o.Beta, (double)inScale, scaledDiffIntegerBits, ctx.What(op));
            int diffMin = (int)(-1.0 * QuantizationMath.CalculateInputRadius(scaledDiffIntegerBits, leftShift));

            LayerPlan layer = ctx.Emit("SOFTMAX", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_multiplier", multiplier).Param("input_left_shift", leftShift).Param("diff_min", diffMin);
        }
    }

    /// <summary>LOG_SOFTMAX int8 -> int8 over the last axis (TFLM log_softmax.cc): the output at
    /// exactly 16/256 with zero point 127 as TFLM's Prepare requires; the parameters are
    /// PreprocessLogSoftmaxScalingExp's with beta 1 and 5 integer bits.</summary>
    [Lowers(BuiltinOperator.LogSoftmax, "LOG_SOFTMAX", MaxRank = 6)]
    internal sealed class LogSoftmaxLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var (inScale, _) = ctx.Activation(op, input, "input");
            var (outScale, outZp) = ctx.Activation(op, output, "output");
            if (input.Shape.Length < 1 || LoweringContext.Product(input.Shape) == 0) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(input.Shape)} is empty");
            if (!System.Linq.Enumerable.SequenceEqual(input.Shape, output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            if (outZp != 127 || outScale != 16.0f / 256)
                throw ctx.Fail(op, $"output quantization must be scale 16/256, zero point 127 (is {outScale:R}, {outZp})");

            const int scaledDiffIntegerBits = 5;
            string what = ctx.What(op);
            var (multiplier, leftShift) = QuantizationMath.PreprocessSoftmaxScaling(1.0, (double)inScale, scaledDiffIntegerBits, what);
            // the inverse of the input scaling (TFLM: (1 << (31 - left_shift)) / multiplier)
            double reverse = (1L << (31 - leftShift)) / (double)multiplier;
            var (divisor, divisorShift) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(reverse, what);
            int diffMin = -QuantizationMath.CalculateInputRadius(scaledDiffIntegerBits, leftShift);

            LayerPlan layer = ctx.Emit("LOG_SOFTMAX", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_multiplier", multiplier).Param("input_left_shift", leftShift)
                 .Param("reverse_scaling_divisor", divisor).Param("reverse_scaling_left_shift", divisorShift)
                 .Param("diff_min", diffMin);
        }
    }
}
