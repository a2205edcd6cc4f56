using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>SOFTMAX int8 -> int8 or int16, int16 -> int16 (TFLM softmax_common.cc CalculateSoftmaxParams).</summary>
    [Lowers(BuiltinOperator.Softmax, "SOFTMAX", "SOFTMAX_INT16", MaxRank = 6)]
    internal sealed class SoftmaxLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var o = ctx.Options<SoftmaxOptions>(op, BuiltinOptionsType.SoftmaxOptions);
            if (input.Type == TensorType.Int16)
            {
                LowerInt16(ctx, op, input, output, o.Beta);
                return;
            }
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

        /// <summary>int16 -> int16 (TFLM softmax_common.cc: zero points 0, output 1/32768 within 0.1 %):
        /// SOFTMAX_INT16 with TFLite's exp and 1 / (1 + x) tables as constants, the input scaled so
        /// that [-65535, 0] is [-10, 0].</summary>
        private static void LowerInt16(LoweringContext ctx, TfliteOperator op, TfliteTensor input, TfliteTensor output, float beta)
        {
            var (inScale, inZp) = ctx.Activation16(op, input, "input");
            var (outScale, outZp) = ctx.Activation16(op, output, "output");
            if (inZp != 0 || outZp != 0)
                throw ctx.Fail(op, $"int16 zero points must be 0 (input {inZp}, output {outZp}), as TFLM requires");
            if (!(Math.Abs(outScale - 1.0f / 32768) <= 0.001f * 1.0f / 32768))
                throw ctx.Fail(op, $"int16 output quantization must be scale 1/32768 (is {outScale:R})");
            if (input.Shape.Length < 1 || LoweringContext.Product(input.Shape) == 0) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(input.Shape)} is empty");
            if (!System.Linq.Enumerable.SequenceEqual(input.Shape, output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            if (input.Shape[^1] > 65536) throw ctx.Fail(op, $"rows of {input.Shape[^1]} values; at most 65536 keep the sum of exps exact");
            double real = (double)inScale * (double)beta / (10.0 / 65535.0);
            var (multiplier, shift) = QuantizationMath.QuantizeMultiplierChecked(real, ctx.What(op));
            const int range = 65535;
            LayerPlan layer = ctx.Emit("SOFTMAX_INT16", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Inputs.Add(ctx.Constant(output.Name + "/exp_lut", TensorType.Int16, new[] { 513 },
                Int16Lut(10.0f / range, 32767, 2.0f / range, 0, v => MathF.Exp(v)), 0f, 0));
            layer.Inputs.Add(ctx.Constant(output.Name + "/one_over_one_plus_x_lut", TensorType.Int16, new[] { 513 },
                Int16Lut(1.0f / range, -32768, 2.0f / range, 0, v => 1.0f / (1.0f + v)), 0f, 0));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_multiplier", multiplier).Param("input_shift", shift);
        }

        /// <summary>TFLite's LUTPopulate&lt;int16_t&gt; (common.h LUTPopulateInt16, in float): 512 steps over
        /// the input range, each entry the rounded sample corrected by half the midpoint error, the
        /// 513th the end of the range; little-endian bytes.</summary>
        internal static byte[] Int16Lut(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Func<float, float> transform)
        {
            static float Round(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);
            float inputMin = inputScale * (float)(short.MinValue - inputZeroPoint);
            float inputMax = inputScale * (float)(short.MaxValue - inputZeroPoint);
            float outputMin = outputScale * (float)(short.MinValue - outputZeroPoint);
            float outputMax = outputScale * (float)(short.MaxValue - outputZeroPoint);
            const int steps = 512;
            float step = (inputMax - inputMin) / steps;
            float halfStep = step / 2;
            float scalingInv = (float)(short.MaxValue - short.MinValue + 1) / (outputMax - outputMin);
            var lut = new byte[2 * (steps + 1)];
            for (int i = 0; i < steps; i++)
            {
                float val = transform(inputMin + (float)i * step);
                float valMid = transform(inputMin + (float)i * step + halfStep);
                float valNext = transform(inputMin + (float)(i + 1) * step);
                float sample = Round(val * scalingInv);
                float midInterp = Round((valNext * scalingInv + Round(val * scalingInv)) / 2);
                float mid = Round(valMid * scalingInv);
                float bias = Round((midInterp - mid) / 2);
                BitConverter.GetBytes((short)Math.Min(Math.Max(sample - bias, short.MinValue), short.MaxValue)).CopyTo(lut, 2 * i);
            }
            float last = Round(transform(inputMax) * scalingInv);
            BitConverter.GetBytes((short)Math.Min(Math.Max(last, short.MinValue), short.MaxValue)).CopyTo(lut, 2 * steps);
            return lut;
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
