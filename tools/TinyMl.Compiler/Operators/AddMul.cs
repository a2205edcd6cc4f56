using System;
using TinyMl.Compiler.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>Shape checks of the broadcasting binary operators (up to 4-D).</summary>
    internal static class Binary
    {
        public static (TfliteTensor A, TfliteTensor B, TfliteTensor Out) Operands(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor a = ctx.RequiredInput(op, 0, "input 1");
            TfliteTensor b = ctx.RequiredInput(op, 1, "input 2");
            TfliteTensor output = ctx.Output(op);
            int[] sa = a.Shape, sb = b.Shape, so = output.Shape;
            if (sa.Length > 4 || sb.Length > 4 || so.Length > 4)
                throw ctx.Fail(op, "tensors of more than 4 dimensions are not supported");
            int rank = Math.Max(sa.Length, sb.Length);
            if (so.Length != rank)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(so)} is not the broadcast of {LoweringContext.ShapeText(sa)} and {LoweringContext.ShapeText(sb)}");
            for (int i = 0; i < rank; i++)
            {
                int da = i - (rank - sa.Length) >= 0 ? sa[i - (rank - sa.Length)] : 1;
                int db = i - (rank - sb.Length) >= 0 ? sb[i - (rank - sb.Length)] : 1;
                int expect = da == 1 ? db : (db == 1 || db == da ? da : -1);
                if (expect < 0 || expect != so[i])
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(so)} is not the broadcast of {LoweringContext.ShapeText(sa)} and {LoweringContext.ShapeText(sb)}");
            }
            return (a, b, output);
        }
    }

    /// <summary>ADD int8 (TFLM add_common.cc CalculateOpDataAdd).</summary>
    internal sealed class AddLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            var o = ctx.OptionalOptions(op, () => new AddOptions());
            var (s1, z1) = ctx.Activation(op, a, "input 1");
            var (s2, z2) = ctx.Activation(op, b, "input 2");
            var (so, zo) = ctx.Activation(op, output, "output");
            string what = ctx.What(op);

            const int leftShift = 20;
            double twiceMaxInputScale = 2 * (double)Math.Max(s1, s2);
            double realInput1 = (double)s1 / twiceMaxInputScale;
            double realInput2 = (double)s2 / twiceMaxInputScale;
            double realOutput = twiceMaxInputScale / ((1 << leftShift) * (double)so);
            var (m1, sh1) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput1, what + ": input 1");
            var (m2, sh2) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput2, what + ": input 2");
            var (mo, sho) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realOutput, what + ": output");
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, so, zo, what);

            LayerPlan layer = ctx.Emit("ADD", op);
            layer.Inputs.Add(ctx.Value(a));
            layer.Inputs.Add(ctx.Value(b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", -z1).Param("input2_offset", -z2)
                .Param("act_min", actMin).Param("act_max", actMax).Param("output_offset", zo)
                .Param("left_shift", leftShift)
                .Param("input1_multiplier", m1).Param("input1_shift", sh1)
                .Param("input2_multiplier", m2).Param("input2_shift", sh2)
                .Param("output_multiplier", mo).Param("output_shift", sho);
        }
    }

    /// <summary>MUL int8 (TFLM mul_common.cc CalculateOpDataMul).</summary>
    internal sealed class MulLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            var o = ctx.OptionalOptions(op, () => new MulOptions());
            var (s1, z1) = ctx.Activation(op, a, "input 1");
            var (s2, z2) = ctx.Activation(op, b, "input 2");
            var (so, zo) = ctx.Activation(op, output, "output");
            string what = ctx.What(op);

            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, so, zo, what);
            double real = (double)s1 * (double)s2 / (double)so;
            var (m, sh) = QuantizationMath.QuantizeMultiplierChecked(real, what);

            LayerPlan layer = ctx.Emit("MUL", op);
            layer.Inputs.Add(ctx.Value(a));
            layer.Inputs.Add(ctx.Value(b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", -z1).Param("input2_offset", -z2)
                .Param("act_min", actMin).Param("act_max", actMax).Param("output_offset", zo)
                .Param("output_multiplier", m).Param("output_shift", sh);
        }
    }
}
