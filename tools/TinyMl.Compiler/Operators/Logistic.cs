using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>LOGISTIC int8 -> int8 (TFLM logistic_common.cc CalculateArithmeticOpDataLogistic), emitted as
    /// its table (LUT: the kernel evaluated over the 256 input bytes, Unary.AsTable).</summary>
    [Lowers(BuiltinOperator.Logistic, "LUT", MaxRank = 6)]
    internal sealed class LogisticLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var (inScale, inZp) = ctx.Activation(op, input, "input");
            var (outScale, outZp) = ctx.Activation(op, output, "output");
            if (outZp != -128 || outScale != 1.0f / 256)
                throw ctx.Fail(op, $"output quantization must be scale 1/256, zero point -128 (is {outScale:R}, {outZp})");
            if (LoweringContext.Product(input.Shape) != LoweringContext.Product(output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");

            var (multiplier, leftShift, radius) = InputParams(ctx, op, inScale);
            LayerPlan layer = ctx.Emit("LOGISTIC", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_zero_point", inZp).Param("input_range_radius", radius)
                .Param("input_multiplier", multiplier).Param("input_left_shift", leftShift);
            Unary.AsTable(ctx, op, layer);
        }

        /// <summary>The input rescaling of TFLM's int8 LOGISTIC and TANH (4 integer bits).</summary>
        internal static (int Multiplier, int LeftShift, int Radius) InputParams(LoweringContext ctx, TfliteOperator op, float inScale)
        {
            const int inputIntegerBits = 4;
            double realMultiplier = (double)inScale * (double)(1 << (31 - inputIntegerBits));
            double q = QuantizationMath.Frexp(realMultiplier, out int leftShift);
            // From input scale 2^4 on, TFLM's radius floor(15 * 2^27 / 2^shift) is 0: every input at or
            // below the zero point gives -128 and every one above 127 (its range tests come before the
            // rescale), whatever the multiplier. The same layer with shift 31 and radius 0 does that.
            if (leftShift < 0 || leftShift > 62)
                throw ctx.Fail(op, $"input scale {inScale:R} is outside [2^-28, 2^35), where TFLite's input radius is defined");
            if (leftShift > 31)
                return (int.MaxValue, 31, 0);
            double rounded = QuantizationMath.Round(q * (1L << 31));
            if (rounded > int.MaxValue)
                throw ctx.Fail(op, $"input scale {inScale:R} gives a multiplier of 2^31, which TFLite's int8 kernel cannot represent");
            int radius = QuantizationMath.CalculateInputRadius(inputIntegerBits, leftShift, 31);
            return ((int)rounded, leftShift, radius);
        }
    }
}
