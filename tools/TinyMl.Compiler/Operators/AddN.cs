using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>ADD_N (TFLM add_n.cc), int8 and float32 (TFLM's types): two or more inputs (the blob's
    /// 32 at most), from the model or constant, of one type and shape, and for int8 one scale and zero
    /// point (TFLM's Prepare); the output of that type and shape. int8 parameters as TFLM's Prepare
    /// computes them: left shift 20, the input multiplier of s_in / (2 s_in) = 0.5 and the output
    /// multiplier of 2 s_in / (2^20 s_out), each by QuantizeMultiplierSmallerThanOneExp (an output
    /// multiplier of 1 or more, s_out at most s_in / 2^19, fails TFLM's check too); float32: six
    /// zero words (the sum in order in single precision).</summary>
    [Lowers(BuiltinOperator.AddN, "ADD_N", MaxRank = 6)]
    internal sealed class AddNLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, BlobFormat.MaxLayerInputs);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor output = ctx.Output(op);
            if (output.Type == TensorType.Float32)
            {
                LowerFloat(ctx, op, output);
                return;
            }
            if (output.Type != TensorType.Int8)
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} is not supported: TFLM's ADD_N writes int8 or float32 ({LoweringContext.Describe(output)})");
            var (outScale, outZp) = ctx.Activation(op, output, "output");
            TfliteTensor first = ctx.RequiredInput(op, 0, "input 0");
            var inputs = new GraphTensor[op.Inputs.Length];
            float inScale = 0f;
            int inZp = 0;
            for (int k = 0; k < op.Inputs.Length; k++)
            {
                string role = $"input {k}";
                TfliteTensor t = ctx.RequiredInput(op, k, role);
                ctx.RequireType(op, t, role, TensorType.Int8);
                var (scale, zp) = ctx.QuantParams(op, t, role);
                if (k == 0)
                {
                    inScale = scale;
                    inZp = zp;
                }
                else
                {
                    if (!t.Shape.SequenceEqual(first.Shape))
                        throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(t.Shape)} differs from input 0's {LoweringContext.ShapeText(first.Shape)}");
                    if (scale != inScale || zp != inZp)
                        throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} quantization ({scale:R}, {zp}) differs from input 0's ({inScale:R}, {inZp}); TFLM's ADD_N requires one scale and zero point");
                }
                inputs[k] = BroadcastToLowering.Data(ctx, op, t, role);
            }
            if (!output.Shape.SequenceEqual(first.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from the inputs' {LoweringContext.ShapeText(first.Shape)}");
            double twice = 2 * (double)inScale;
            var (inMult, inShift) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp((double)inScale / twice, $"{ctx.What(op)}: input multiplier");
            var (outMult, outShift) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(twice / ((1 << 20) * (double)outScale), $"{ctx.What(op)}: output multiplier");
            LayerPlan layer = ctx.Emit("ADD_N", op);
            foreach (GraphTensor g in inputs) layer.Inputs.Add(g);
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_offset", -inZp).Param("output_offset", outZp)
                 .Param("input_multiplier", inMult).Param("input_shift", inShift)
                 .Param("output_multiplier", outMult).Param("output_shift", outShift);
        }

        private static void LowerFloat(LoweringContext ctx, TfliteOperator op, TfliteTensor output)
        {
            ctx.CheckActivationTensor(op, output, "output");
            TfliteTensor first = ctx.RequiredInput(op, 0, "input 0");
            var inputs = new GraphTensor[op.Inputs.Length];
            for (int k = 0; k < op.Inputs.Length; k++)
            {
                string role = $"input {k}";
                TfliteTensor t = ctx.RequiredInput(op, k, role);
                ctx.RequireType(op, t, role, TensorType.Float32);
                if (!t.Shape.SequenceEqual(first.Shape))
                    throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(t.Shape)} differs from input 0's {LoweringContext.ShapeText(first.Shape)}");
                inputs[k] = BroadcastToLowering.Data(ctx, op, t, role);
            }
            if (!output.Shape.SequenceEqual(first.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from the inputs' {LoweringContext.ShapeText(first.Shape)}");
            LayerPlan layer = ctx.Emit("ADD_N", op);
            foreach (GraphTensor g in inputs) layer.Inputs.Add(g);
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_offset", 0).Param("output_offset", 0).Param("input_multiplier", 0).Param("input_shift", 0)
                 .Param("output_multiplier", 0).Param("output_shift", 0);
        }
    }
}
