using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>SQUARED_DIFFERENCE int8 and int16 (TFLM squared_difference.cc PrepareQuantized): left shift 7
    /// (int8) or 0 (int16, zero points 0), the input multipliers in double, the output's denominator
    /// (1 &lt;&lt; 2 * left_shift) * output scale a float product; broadcast up to rank 6, either input a
    /// constant. No fused activation: the type's range.</summary>
    [Lowers(BuiltinOperator.SquaredDifference, "SQUARED_DIFFERENCE", MaxRank = 6)]
    internal sealed class SquaredDifferenceLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            // TFLM takes the path of input 1's type (both inputs of it; the output is given input 2's)
            bool int16 = a.Type == TensorType.Int16;
            var (s1, z1) = int16 ? Binary.Int16Operand(ctx, op, a, "input 1") : Binary.Operand(ctx, op, a, "input 1");
            var (s2, z2) = int16 ? Binary.Int16Operand(ctx, op, b, "input 2") : Binary.Second(ctx, op, b);
            var (so, zo) = int16 ? Binary.Int16Operand(ctx, op, output, "output") : ctx.Activation(op, output, "output");
            if (int16 && (z1 != 0 || z2 != 0 || zo != 0))
                throw ctx.Fail(op, $"int16 zero points must be 0 (TFLM's int16 SQUARED_DIFFERENCE requires it): input 1 {z1}, input 2 {z2}, output {zo}");
            string what = ctx.What(op);

            int leftShift = int16 ? 0 : 7;
            double twiceMaxInputScale = 2.0 * (double)Math.Max(s1, s2);
            double realInput1 = (double)s1 / twiceMaxInputScale;
            double realInput2 = (double)s2 / twiceMaxInputScale;
            float denominator = (float)(1 << (leftShift * 2)) * so; // int * float: a float product in C++
            double realOutput = twiceMaxInputScale * twiceMaxInputScale / (double)denominator;
            var (m1, sh1) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput1, what + ": input 1");
            var (m2, sh2) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput2, what + ": input 2");
            var (mo, sho) = QuantizationMath.QuantizeMultiplierChecked(realOutput, what + ": output");

            LayerPlan layer = ctx.Emit("SQUARED_DIFFERENCE", op);
            layer.Inputs.Add(int16 ? Binary.Int16Tensor(ctx, op, a, "input 1") : Binary.OperandTensor(ctx, op, a, "input 1"));
            layer.Inputs.Add(int16 ? Binary.Int16Tensor(ctx, op, b, "input 2") : Binary.SecondTensor(ctx, op, b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", -z1).Param("input2_offset", -z2).Param("output_offset", zo)
                .Param("left_shift", leftShift)
                .Param("input1_multiplier", m1).Param("input1_shift", sh1)
                .Param("input2_multiplier", m2).Param("input2_shift", sh2)
                .Param("output_multiplier", mo).Param("output_shift", sho);
        }
    }

    /// <summary>RSQRT int8 (TFLM elementwise.cc PrepareAbsRsqrt: QuantizeMultiplier(1 / double(sqrtf(input scale) *
    /// output scale)); int16 is refused there). The runtime refuses an input below the zero point at each invoke, as
    /// TFLM's Eval does ("Rsqrt is only defined for positive values").</summary>
    [Lowers(BuiltinOperator.Rsqrt, "RSQRT", MaxRank = 6)]
    internal sealed class RsqrtLowering : IOperatorLowering
    {
        /// <summary>TFLM shifts by shift - 20 in MultiplyByQuantizedMultiplier: defined for [-31, 30].</summary>
        public const int MinShift = -11, MaxShift = 50;

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            TfliteTensor first = ctx.RequiredInput(op, 0, "input");
            if (first.Type != TensorType.Int8)
                throw ctx.Fail(op, $"input type {TensorTypes.Name(first.Type)} is not supported: TFLM's RSQRT takes int8 only ({LoweringContext.Describe(first)})");
            var (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            float rootTimesScale = MathF.Sqrt(si) * so;
            double real = 1.0 / (double)rootTimesScale;
            if (double.IsInfinity(real))
                throw ctx.Fail(op, $"sqrt(input scale {si:R}) * output scale {so:R} is 0 in float; no multiplier");
            var (m, s) = QuantizationMath.QuantizeMultiplier(real);
            if (s < MinShift || s > MaxShift)
                throw ctx.Fail(op, $"effective scale {real:R} (1 / (sqrt(input scale) * output scale)) needs a shift of {s}; TFLM's RSQRT arithmetic is defined for shifts {MinShift} to {MaxShift}");
            Unary.Emit(ctx, op, "RSQRT", input, output)
                .Param("input_zero_point", zi).Param("output_zero_point", zo)
                .Param("multiplier", m).Param("shift", s);
        }
    }

    /// <summary>ABS int8 and int16 (TFLM elementwise.cc AbsEvalQuantized): requantized by QuantizeMultiplier(double(input
    /// scale / output scale)) only when the scales differ (otherwise the output zero point is added as it is); int16
    /// zero points 0, as TFLM requires (TFLM's unquantized int16 ABS has no quantization to carry: refused).</summary>
    [Lowers(BuiltinOperator.Abs, "ABS", MaxRank = 6)]
    internal sealed class AbsLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            TfliteTensor input, output;
            float si, so;
            int zi, zo;
            if (ctx.RequiredInput(op, 0, "input").Type == TensorType.Int16)
            {
                ctx.CheckInputCount(op, 1, 1);
                ctx.CheckOutputCount(op, 1);
                input = ctx.RequiredInput(op, 0, "input");
                output = ctx.Output(op);
                ctx.RequireType(op, output, "output", TensorType.Int16);
                ctx.CheckActivationTensor(op, input, "input");
                ctx.CheckActivationTensor(op, output, "output");
                (si, zi) = ctx.QuantParams(op, input, "input");
                (so, zo) = ctx.QuantParams(op, output, "output");
                if (zi != 0 || zo != 0)
                    throw ctx.Fail(op, $"int16 zero points must be 0 (TFLM's int16 ABS requires it): input {zi}, output {zo}");
                if (!input.Shape.SequenceEqual(output.Shape))
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            }
            else
            {
                (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            }
            bool rescale = si != so;
            var (m, s) = rescale ? Unary.Qm(ctx, op, (double)(si / so), ctx.What(op)) : (0, 0);
            Unary.Emit(ctx, op, "ABS", input, output)
                .Param("input_zero_point", zi).Param("output_zero_point", zo)
                .Param("rescale", rescale ? 1 : 0).Param("multiplier", m).Param("shift", s);
        }
    }
}
