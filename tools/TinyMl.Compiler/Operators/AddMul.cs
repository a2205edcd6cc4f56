using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>Shape checks of the broadcasting binary operators (up to 6-D; the rank limit is the [Lowers] MaxRank).</summary>
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

        /// <summary>
        /// An operand's quantization: an activation, or a constant (the runtime takes a constant
        /// at either input and broadcasts both ways, so a constant first operand, as in c - x,
        /// needs no swap).
        /// </summary>
        public static (float Scale, int ZeroPoint) Operand(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            if (!ctx.IsConstant(op, t)) return ctx.Activation(op, t, role);
            ctx.RequireType(op, t, role, TensorType.Int8);
            return ctx.QuantParams(op, t, role);
        }

        public static (float Scale, int ZeroPoint) Second(LoweringContext ctx, TfliteOperator op, TfliteTensor b) =>
            Operand(ctx, op, b, "input 2");

        public static GraphTensor OperandTensor(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role) =>
            ctx.IsConstant(op, t)
                ? ctx.ConstantOf(t, ctx.ConstantData(op, t, role, TensorType.Int8, LoweringContext.Product(ctx.StaticShape(op, t, role))))
                : ctx.Value(t);

        public static GraphTensor SecondTensor(LoweringContext ctx, TfliteOperator op, TfliteTensor b) =>
            OperandTensor(ctx, op, b, "input 2");

        /// <summary>An int16 operand (activation or constant) of an int16 ADD, SUB or SQUARED_DIFFERENCE: its scale
        /// and zero point.</summary>
        public static (float Scale, int ZeroPoint) Int16Operand(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            ctx.RequireType(op, t, role, TensorType.Int16);
            if (!ctx.IsConstant(op, t)) ctx.CheckActivationTensor(op, t, role);
            var (scale, zp) = ctx.QuantParams(op, t, role);
            if (zp < -32767 || zp > 32767) throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} has zero point {zp}; [-32767, 32767] required");
            return (scale, zp);
        }

        public static GraphTensor Int16Tensor(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role) =>
            ctx.IsConstant(op, t)
                ? ctx.ConstantOf(t, ctx.ConstantData(op, t, role, TensorType.Int16, LoweringContext.Product(ctx.StaticShape(op, t, role))))
                : ctx.Value(t);
    }

    /// <summary>ADD and SUB int8, and int16 in and out (TFLM add_common.cc CalculateOpDataAdd, left shift 20 or 15;
    /// SUB's Prepare is the same arithmetic).</summary>
    [Lowers(BuiltinOperator.Add, "ADD", Variant = "ADD", MaxRank = 6)]
    [Lowers(BuiltinOperator.Sub, "SUB", Variant = "SUB", MaxRank = 6)]
    internal sealed class AddLowering : IOperatorLowering
    {
        private readonly string _op;

        public AddLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            ActivationFunction activation = _op == "SUB"
                ? ctx.OptionalOptions(op, () => new SubOptions()).Activation
                : ctx.OptionalOptions(op, () => new AddOptions()).Activation;
            // int16 in and out: TFLM's int16 path, the same arithmetic with a left shift of 15
            bool int16 = output.Type == TensorType.Int16;
            var (s1, z1) = int16 ? Binary.Int16Operand(ctx, op, a, "input 1") : Binary.Operand(ctx, op, a, "input 1");
            var (s2, z2) = int16 ? Binary.Int16Operand(ctx, op, b, "input 2") : Binary.Second(ctx, op, b);
            var (so, zo) = int16 ? Binary.Int16Operand(ctx, op, output, "output") : ctx.Activation(op, output, "output");
            string what = ctx.What(op);

            int leftShift = int16 ? 15 : 20;
            double realInput1, realInput2, realOutput;
            if (_op == "SUB")
            {
                // sub_common.cc divides in float, then widens (add_common.cc works in double)
                float twiceMaxFloat = 2 * Math.Max(s1, s2);
                realInput1 = (double)(s1 / twiceMaxFloat);
                realInput2 = (double)(s2 / twiceMaxFloat);
                realOutput = (double)(twiceMaxFloat / ((1 << leftShift) * so));
            }
            else
            {
                double twiceMaxInputScale = 2 * (double)Math.Max(s1, s2);
                realInput1 = (double)s1 / twiceMaxInputScale;
                realInput2 = (double)s2 / twiceMaxInputScale;
                realOutput = twiceMaxInputScale / ((1 << leftShift) * (double)so);
            }
            var (m1, sh1) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput1, what + ": input 1");
            var (m2, sh2) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput2, what + ": input 2");
            var (mo, sho) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realOutput, what + ": output");
            var (actMin, actMax) = int16
                ? QuantizationMath.ActivationRange(activation, so, zo, -32768, 32767, what)
                : QuantizationMath.ActivationRangeInt8(activation, so, zo, what);

            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(int16 ? Binary.Int16Tensor(ctx, op, a, "input 1") : Binary.OperandTensor(ctx, op, a, "input 1"));
            layer.Inputs.Add(int16 ? Binary.Int16Tensor(ctx, op, b, "input 2") : Binary.SecondTensor(ctx, op, b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", -z1).Param("input2_offset", -z2)
                .Param("act_min", actMin).Param("act_max", actMax).Param("output_offset", zo)
                .Param("left_shift", leftShift)
                .Param("input1_multiplier", m1).Param("input1_shift", sh1)
                .Param("input2_multiplier", m2).Param("input2_shift", sh2)
                .Param("output_multiplier", mo).Param("output_shift", sho);
        }
    }

    /// <summary>MUL int8, and int16 with zero points 0 (TFLM mul_common.cc CalculateOpDataMul).</summary>
    [Lowers(BuiltinOperator.Mul, "MUL", MaxRank = 6)]
    internal sealed class MulLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            var o = ctx.OptionalOptions(op, () => new MulOptions());
            // int16 in and out: TFLM's int16 path, the same arithmetic, zero points 0
            bool int16 = output.Type == TensorType.Int16;
            var (s1, z1) = int16 ? Binary.Int16Operand(ctx, op, a, "input 1") : Binary.Operand(ctx, op, a, "input 1");
            var (s2, z2) = int16 ? Binary.Int16Operand(ctx, op, b, "input 2") : Binary.Second(ctx, op, b);
            var (so, zo) = int16 ? Binary.Int16Operand(ctx, op, output, "output") : ctx.Activation(op, output, "output");
            string what = ctx.What(op);
            if (int16 && (z1 != 0 || z2 != 0 || zo != 0))
                throw ctx.Fail(op, $"int16 zero points must be 0 (inputs {z1}, {z2}, output {zo}), as TFLM requires");

            var (actMin, actMax) = int16 ? QuantizationMath.ActivationRange(o.Activation, so, zo, -32768, 32767, what)
                                         : QuantizationMath.ActivationRangeInt8(o.Activation, so, zo, what);
            double real = (double)s1 * (double)s2 / (double)so;
            var (m, sh) = QuantizationMath.QuantizeMultiplierChecked(real, what);

            LayerPlan layer = ctx.Emit("MUL", op);
            layer.Inputs.Add(int16 ? Binary.Int16Tensor(ctx, op, a, "input 1") : Binary.OperandTensor(ctx, op, a, "input 1"));
            layer.Inputs.Add(int16 ? Binary.Int16Tensor(ctx, op, b, "input 2") : Binary.SecondTensor(ctx, op, b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", -z1).Param("input2_offset", -z2)
                .Param("act_min", actMin).Param("act_max", actMax).Param("output_offset", zo)
                .Param("output_multiplier", m).Param("output_shift", sh);
        }
    }

    /// <summary>MAXIMUM, MINIMUM int8: TFLM compares the raw values, so every quantization must agree.</summary>
    [Lowers(BuiltinOperator.Maximum, "MAXIMUM", Variant = "MAXIMUM", MaxRank = 6)]
    [Lowers(BuiltinOperator.Minimum, "MINIMUM", Variant = "MINIMUM", MaxRank = 6)]
    internal sealed class MaxMinLowering : IOperatorLowering
    {
        private readonly string _op;

        public MaxMinLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            var (s1, z1) = Binary.Operand(ctx, op, a, "input 1");
            var (s2, z2) = Binary.Second(ctx, op, b);
            var (so, zo) = ctx.Activation(op, output, "output");
            if (s1 != so || z1 != zo || s2 != so || z2 != zo)
                throw ctx.Fail(op, $"inputs ({s1:R}, {z1}) and ({s2:R}, {z2}) must share the output's quantization ({so:R}, {zo})");
            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(Binary.OperandTensor(ctx, op, a, "input 1"));
            layer.Inputs.Add(Binary.SecondTensor(ctx, op, b));
            layer.Outputs.Add(ctx.Value(output));
        }
    }

    /// <summary>PRELU int8 (TFLM CalculatePreluParams, double arithmetic); alpha may be a constant.</summary>
    [Lowers(BuiltinOperator.Prelu, "PRELU", MaxRank = 6)]
    internal sealed class PreluLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, alpha, output) = Binary.Operands(ctx, op);
            var (si, zi) = ctx.Activation(op, a, "input");
            var (sa, za) = Binary.Second(ctx, op, alpha);
            var (so, zo) = ctx.Activation(op, output, "output");
            var (m1, s1) = Unary.Qm(ctx, op, (double)si / (double)so, ctx.What(op) + ": identity");
            var (m2, s2) = Unary.Qm(ctx, op, (double)si * (double)sa / (double)so, ctx.What(op) + ": alpha");
            LayerPlan layer = ctx.Emit("PRELU", op);
            layer.Inputs.Add(ctx.Value(a));
            layer.Inputs.Add(Binary.SecondTensor(ctx, op, alpha));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_offset", -zi).Param("alpha_offset", -za).Param("output_offset", zo)
                .Param("output_multiplier_1", m1).Param("output_shift_1", s1)
                .Param("output_multiplier_2", m2).Param("output_shift_2", s2);
        }
    }
}
