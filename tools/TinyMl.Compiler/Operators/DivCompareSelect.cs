using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>DIV int8 and int32 (TFLM div.cc): int8's multiplier QuantizeMultiplier(double(input 1 scale / (input 2
    /// scale * output scale))), a float quotient, the fused activation's int8 range; int32 without quantization
    /// (TFLM requires none), an integer division toward zero clamped to the activation's int32 range. Broadcast to
    /// rank 6, either input a constant. A constant divisor at its zero point (int32: 0) is refused here; the runtime
    /// refuses one from the model's data when it runs (TFLM's division is undefined there). float32 is refused.</summary>
    [Lowers(BuiltinOperator.Div, "DIV", MaxRank = 6)]
    internal sealed class DivLowering : IOperatorLowering
    {
        /// <summary>Above, TFLM's total shift (output shift - reciprocal shift - the dividend's headroom, at least 23)
        /// turns positive, where its MultiplyByQuantizedMultiplierSmallerThanOneExp is undefined.</summary>
        public const int MaxShift = 23;

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            ActivationFunction activation = ctx.OptionalOptions(op, () => new DivOptions()).Activation;
            string what = ctx.What(op);
            if (a.Type == TensorType.Int32)
            {
                LowerInt32(ctx, op, a, b, output, activation);
                return;
            }
            if (a.Type != TensorType.Int8)
                throw ctx.Fail(op, $"input 1 type {TensorTypes.Name(a.Type)} is not supported: TinyMl.Nano's DIV takes int8 (quantized) or int32 ({LoweringContext.Describe(a)})");
            var (s1, z1) = Binary.Operand(ctx, op, a, "input 1");
            var (s2, z2) = Binary.Second(ctx, op, b);
            var (so, zo) = ctx.Activation(op, output, "output");
            float quotient = s1 / (s2 * so); // TFLM divides in float, then widens
            if (float.IsInfinity(quotient))
                throw ctx.Fail(op, $"input 1 scale {s1:R} / (input 2 scale {s2:R} * output scale {so:R}) overflows float; no multiplier");
            var (m, s) = QuantizationMath.QuantizeMultiplier((double)quotient);
            if (s > MaxShift)
                throw ctx.Fail(op, $"effective scale {(double)quotient:R} (input 1 scale / (input 2 scale * output scale)) needs a shift of {s}; TFLM's DIV arithmetic is defined for shifts up to {MaxShift}");
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(activation, so, zo, what);
            if (ctx.IsConstant(op, b))
            {
                byte[] data = ctx.ConstantData(op, b, "input 2", TensorType.Int8, LoweringContext.Product(ctx.StaticShape(op, b, "input 2")));
                int at = Array.FindIndex(data, v => (sbyte)v == z2);
                if (at >= 0)
                    throw ctx.Fail(op, $"constant input 2 {LoweringContext.Describe(b)} holds its zero point {z2} at element {at}: a division by zero (undefined in TFLM)");
            }
            LayerPlan layer = ctx.Emit("DIV", op);
            layer.Inputs.Add(Binary.OperandTensor(ctx, op, a, "input 1"));
            layer.Inputs.Add(Binary.SecondTensor(ctx, op, b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", -z1).Param("input2_offset", -z2).Param("output_offset", zo)
                .Param("output_multiplier", m).Param("output_shift", s)
                .Param("act_min", actMin).Param("act_max", actMax);
        }

        private static void LowerInt32(LoweringContext ctx, TfliteOperator op, TfliteTensor a, TfliteTensor b, TfliteTensor output, ActivationFunction activation)
        {
            foreach (var (t, role) in new[] { (a, "input 1"), (b, "input 2"), (output, "output") })
            {
                ctx.RequireType(op, t, role, TensorType.Int32);
                if (role != "output" && t.Quantization != null && t.Quantization.IsAffine)
                    throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} is quantized; TFLM's int32 DIV takes unquantized int32 only");
                if (!ctx.IsConstant(op, t)) ctx.CheckActivationTensor(op, t, role);
            }
            // CalculateActivationRange<int32_t>: RELU, RELU6, RELU_N1_TO_1 clamp; any other leaves the range whole
            var (actMin, actMax) = activation switch
            {
                ActivationFunction.Relu => (0, int.MaxValue),
                ActivationFunction.Relu6 => (0, 6),
                ActivationFunction.ReluN1To1 => (-1, 1),
                _ => (int.MinValue, int.MaxValue),
            };
            GraphTensor Operand(TfliteTensor t, string role) =>
                ctx.IsConstant(op, t) ? ctx.ConstantOf(t, ctx.ConstantData(op, t, role, TensorType.Int32, LoweringContext.Product(ctx.StaticShape(op, t, role)))) : ctx.Value(t);
            if (ctx.IsConstant(op, b))
            {
                int[] divisors = ctx.ConstantInts(op, b, "input 2");
                int at = Array.IndexOf(divisors, 0);
                if (at >= 0)
                    throw ctx.Fail(op, $"constant input 2 {LoweringContext.Describe(b)} holds 0 at element {at}: a division by zero (undefined in TFLM)");
            }
            LayerPlan layer = ctx.Emit("DIV", op);
            layer.Inputs.Add(Operand(a, "input 1"));
            layer.Inputs.Add(Operand(b, "input 2"));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input1_offset", 0).Param("input2_offset", 0).Param("output_offset", 0)
                .Param("output_multiplier", 0).Param("output_shift", 0)
                .Param("act_min", actMin).Param("act_max", actMax);
        }
    }

    /// <summary>EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER and GREATER_EQUAL as one COMPARISON (its word `kind`), bool
    /// out (TFLM comparisons.cc): int8 rescaled as TFLM's Prepare does (left shift 8, each input's scale its own
    /// multiplier by QuantizeMultiplierSmallerThanOneExp, so scales must be below 1), int32 compared raw. Broadcast to
    /// rank 6, either input a constant. int16 is refused: TFLM's GREATER reads int16 with parameters its Prepare never
    /// sets, the others refuse it.</summary>
    [Lowers(BuiltinOperator.Equal, "COMPARISON", Variant = "0", MaxRank = 6)]
    [Lowers(BuiltinOperator.NotEqual, "COMPARISON", Variant = "1", MaxRank = 6)]
    [Lowers(BuiltinOperator.Less, "COMPARISON", Variant = "2", MaxRank = 6)]
    [Lowers(BuiltinOperator.LessEqual, "COMPARISON", Variant = "3", MaxRank = 6)]
    [Lowers(BuiltinOperator.Greater, "COMPARISON", Variant = "4", MaxRank = 6)]
    [Lowers(BuiltinOperator.GreaterEqual, "COMPARISON", Variant = "5", MaxRank = 6)]
    internal sealed class ComparisonLowering : IOperatorLowering
    {
        /// <summary>TFLM's left shift of both int8 operands.</summary>
        public const int LeftShift = 8;

        private readonly int _kind;

        public ComparisonLowering(string kind)
        {
            _kind = int.Parse(kind, System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (a, b, output) = Binary.Operands(ctx, op);
            ctx.RequireType(op, output, "output", TensorType.Bool);
            ctx.CheckActivationTensor(op, output, "output");
            string what = ctx.What(op);
            if (a.Type == TensorType.Int16)
                throw ctx.Fail(op, $"int16 inputs are not supported: TFLM's GREATER reads int16 with rescaling parameters its Prepare never sets, and its other comparisons refuse int16 ({LoweringContext.Describe(a)})");
            if (a.Type == TensorType.Int32)
            {
                ctx.RequireType(op, b, "input 2", TensorType.Int32);
                LayerPlan l32 = ctx.Emit("COMPARISON", op);
                l32.Inputs.Add(Int32Operand(ctx, op, a, "input 1"));
                l32.Inputs.Add(Int32Operand(ctx, op, b, "input 2"));
                l32.Outputs.Add(ctx.Value(output));
                l32.Param("kind", _kind).Param("input1_offset", 0).Param("input2_offset", 0).Param("left_shift", 0)
                    .Param("input1_multiplier", 0).Param("input1_shift", 0).Param("input2_multiplier", 0).Param("input2_shift", 0);
                return;
            }
            if (a.Type != TensorType.Int8)
                throw ctx.Fail(op, $"input 1 type {TensorTypes.Name(a.Type)} is not supported: TinyMl.Nano compares int8 (quantized) or int32 ({LoweringContext.Describe(a)})");
            var (s1, z1) = Binary.Operand(ctx, op, a, "input 1");
            var (s2, z2) = Binary.Second(ctx, op, b);
            if (!(s1 < 1f) || !(s2 < 1f))
                throw ctx.Fail(op, $"input scales {s1:R} and {s2:R}: TFLM's comparison takes each scale as a multiplier below 1 (QuantizeMultiplierSmallerThanOneExp) and stops on larger ones");
            var (m1, sh1) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp((double)s1, what + ": input 1");
            var (m2, sh2) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp((double)s2, what + ": input 2");
            LayerPlan layer = ctx.Emit("COMPARISON", op);
            layer.Inputs.Add(Binary.OperandTensor(ctx, op, a, "input 1"));
            layer.Inputs.Add(Binary.SecondTensor(ctx, op, b));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("kind", _kind).Param("input1_offset", -z1).Param("input2_offset", -z2).Param("left_shift", LeftShift)
                .Param("input1_multiplier", m1).Param("input1_shift", sh1).Param("input2_multiplier", m2).Param("input2_shift", sh2);
        }

        private static GraphTensor Int32Operand(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            if (ctx.IsConstant(op, t))
                return ctx.ConstantOf(t, ctx.ConstantData(op, t, role, TensorType.Int32, LoweringContext.Product(ctx.StaticShape(op, t, role))));
            ctx.CheckActivationTensor(op, t, role);
            return ctx.Value(t);
        }
    }

    /// <summary>SELECT_V2 (TFLM select.cc): a bool condition, x and y of one type (int8 or int16 here; TFLM also takes
    /// float32), the output of x's type; the three broadcast to rank 6 (or all of one element, TFLM's "mixed scalars").
    /// Bytes are copied as they are: TFLM neither rescales nor compares the quantization of x, y and the output, and
    /// neither does this. SELECT (version 1) is not in TFLM.</summary>
    [Lowers(BuiltinOperator.SelectV2, "SELECT_V2", MaxRank = 6)]
    internal sealed class SelectV2Lowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 3, 3);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor c = ctx.RequiredInput(op, 0, "condition");
            TfliteTensor x = ctx.RequiredInput(op, 1, "x");
            TfliteTensor y = ctx.RequiredInput(op, 2, "y");
            TfliteTensor output = ctx.Output(op);
            ctx.RequireType(op, c, "condition", TensorType.Bool);
            if (x.Type != TensorType.Int8 && x.Type != TensorType.Int16)
                throw ctx.Fail(op, $"x type {TensorTypes.Name(x.Type)} is not supported: TinyMl.Nano selects int8 or int16 ({LoweringContext.Describe(x)})");
            if (y.Type != x.Type)
                throw ctx.Fail(op, $"y type {TensorTypes.Name(y.Type)} differs from x type {TensorTypes.Name(x.Type)}; TFLM requires one type");
            ctx.RequireType(op, output, "output", x.Type);
            ctx.CheckActivationTensor(op, output, "output");
            int[][] shapes = { ctx.StaticShape(op, c, "condition"), ctx.StaticShape(op, x, "x"), ctx.StaticShape(op, y, "y") };
            int[] so = output.Shape;
            bool scalars = shapes.All(s => LoweringContext.Product(s) == 1) && LoweringContext.Product(so) == 1;
            if (!scalars)
            {
                int rank = shapes.Max(s => s.Length);
                string text = string.Join(", ", shapes.Select(LoweringContext.ShapeText));
                if (so.Length != rank)
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(so)} is not the broadcast of {text}");
                for (int i = 0; i < rank; i++)
                {
                    int want = 1;
                    foreach (int[] s in shapes)
                    {
                        int d = i - (rank - s.Length) >= 0 ? s[i - (rank - s.Length)] : 1;
                        if (d == 1) continue;
                        if (want != 1 && d != want)
                            throw ctx.Fail(op, $"shapes {text} do not broadcast (dimension {i}: {want} and {d})");
                        want = d;
                    }
                    if (so[i] != want)
                        throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(so)} is not the broadcast of {text}");
                }
            }
            LayerPlan layer = ctx.Emit("SELECT_V2", op);
            layer.Inputs.Add(Operand(ctx, op, c, "condition", TensorType.Bool));
            layer.Inputs.Add(Operand(ctx, op, x, "x", x.Type));
            layer.Inputs.Add(Operand(ctx, op, y, "y", x.Type));
            layer.Outputs.Add(ctx.Value(output));
        }

        private static GraphTensor Operand(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role, TensorType type)
        {
            if (ctx.IsConstant(op, t))
                return ctx.ConstantOf(t, ctx.ConstantData(op, t, role, type, LoweringContext.Product(ctx.StaticShape(op, t, role))));
            ctx.CheckActivationTensor(op, t, role);
            return ctx.Value(t);
        }
    }
}
