using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>Shared checks of the int8 -> int8 element-wise activations.</summary>
    internal static class Unary
    {
        public static (TfliteTensor In, TfliteTensor Out, float Si, int Zi, float So, int Zo) Operands(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var (si, zi) = ctx.Activation(op, input, "input");
            var (so, zo) = ctx.Activation(op, output, "output");
            if (!System.Linq.Enumerable.SequenceEqual(input.Shape, output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            return (input, output, si, zi, so, zo);
        }

        public static LayerPlan Emit(LoweringContext ctx, TfliteOperator op, string name, TfliteTensor input, TfliteTensor output)
        {
            LayerPlan layer = ctx.Emit(name, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            return layer;
        }

        /// <summary>The layer just emitted as a LUT (tnm_ops.def): its own kernel evaluated over
        /// the 256 input bytes by the native library (so the bytes are the kernel's), a constant
        /// table in the blob. One load and store per value at run time instead of the
        /// fixed-point arithmetic (LOGISTIC ~350 instructions a value on the M4), and the
        /// firmware links the small LUT kernel instead of the activation's.</summary>
        public static LayerPlan AsTable(LoweringContext ctx, TfliteOperator op, LayerPlan layer)
        {
            if (ctx.Layers.Count == 0 || ctx.Layers[^1] != layer)
                throw new InvalidOperationException("internal: only the layer just emitted becomes a table");
            int[] p = layer.ParamBlock();
            var table = new byte[256];
            int status = UnaryTable(layer.Entry.Code, p, p.Length, table);
            if (status != 0)
                throw ctx.Fail(op, $"{layer.Op} parameters {string.Join(" ", p)} are outside its kernel's range (status {status})");
            ctx.Layers.RemoveAt(ctx.Layers.Count - 1);
            return EmitTable(ctx, op, layer.Inputs[0], layer.Outputs[0], layer.Op, table);
        }

        /// <summary>A LUT layer: output = table[input byte], the table a constant named after the
        /// output and the operator.</summary>
        public static LayerPlan EmitTable(LoweringContext ctx, TfliteOperator op, GraphTensor input, GraphTensor output, string name, byte[] table)
        {
            LayerPlan lut = ctx.Emit("LUT", op);
            lut.Inputs.Add(input);
            lut.Inputs.Add(ctx.Constant(output.Name + "/" + name.ToLowerInvariant() + "_table",
                                        TensorType.Int8, new[] { 256 }, table, 1f, 0));
            lut.Outputs.Add(output);
            return lut;
        }

        [System.Runtime.InteropServices.DllImport("tinyml_native", EntryPoint = "tnm_host_unary_table")]
        private static extern int UnaryTable(int op, int[] parameters, int count, byte[] table);

        /// <summary>QuantizeMultiplier with the runtime's range (shift in [-31, 30]).</summary>
        public static (int M, int S) Qm(LoweringContext ctx, TfliteOperator op, double real, string what)
        {
            var (m, s) = QuantizationMath.QuantizeMultiplier(real);
            if (s > 30 || s < -31) throw ctx.Fail(op, $"{what}: effective scale {real:R} is out of range");
            return (m, s);
        }
    }

    /// <summary>TANH int8: LOGISTIC's parameters (TFLM tanh_common.cc), output scale 1/128, zero point 0;
    /// emitted as its table (LUT), as are RELU, LEAKY_RELU, HARD_SWISH and LOGISTIC.</summary>
    [Lowers(BuiltinOperator.Tanh, "LUT", MaxRank = 6)]
    internal sealed class TanhLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            if (zo != 0 || so != 1.0f / 128)
                throw ctx.Fail(op, $"output quantization must be scale 1/128, zero point 0 (is {so:R}, {zo})");
            var (m, shift, radius) = LogisticLowering.InputParams(ctx, op, si);
            Unary.AsTable(ctx, op, Unary.Emit(ctx, op, "TANH", input, output)
                .Param("input_zero_point", zi).Param("input_range_radius", radius)
                .Param("input_multiplier", m).Param("input_left_shift", shift));
        }
    }

    /// <summary>RELU int8 (TFLM ReluPrepare): requantize, clamp at the output zero point.</summary>
    [Lowers(BuiltinOperator.Relu, "LUT", MaxRank = 6)]
    internal sealed class ReluLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            var (m, s) = Unary.Qm(ctx, op, (double)(si / so), ctx.What(op));
            int actMin = Math.Max(-128, zo + (int)MathF.Round(0f / so, MidpointRounding.AwayFromZero));
            Unary.AsTable(ctx, op, Unary.Emit(ctx, op, "RELU", input, output)
                .Param("input_zero_point", zi).Param("output_zero_point", zo)
                .Param("output_multiplier", m).Param("output_shift", s)
                .Param("act_min", actMin).Param("act_max", 127));
        }
    }

    /// <summary>RELU6 int8: TFLM clamps in the input's quantization (Relu6Prepare).</summary>
    [Lowers(BuiltinOperator.Relu6, "RELU6", MaxRank = 6)]
    internal sealed class Relu6Lowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (input, output, si, zi, _, _) = Unary.Operands(ctx, op);
            int six = (int)Math.Clamp(MathF.Round(6.0f / si, MidpointRounding.AwayFromZero) + (long)zi, -128, 127);
            Unary.Emit(ctx, op, "RELU6", input, output).Param("zero", zi).Param("six", six);
        }
    }

    /// <summary>ELU int8 (TFLM elu.cc): TFLM itself runs it as a 256-entry table filled at Prepare
    /// in float arithmetic (x &lt; 0 ? exp(x) - 1 : x, rounded half away from zero); the same
    /// table, computed the same way in single precision, becomes a LUT layer.</summary>
    [Lowers(BuiltinOperator.Elu, "LUT", MaxRank = 6)]
    internal sealed class EluLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            Unary.EmitTable(ctx, op, ctx.Value(input), ctx.Value(output), "ELU", Table(si, zi, so, zo));
        }

        /// <summary>TFLM's PopulateLookupTable with ELU's transform: every step in float as there.</summary>
        internal static byte[] Table(float si, int zi, float so, int zo)
        {
            var table = new byte[256];
            float inverseScale = 1f / so;
            for (int v = -128; v <= 127; v++)
            {
                float x = si * (float)(v - zi);
                float y = x < 0f ? MathF.Exp(x) - 1f : x;
                float rescaled = MathF.Round(y * inverseScale, MidpointRounding.AwayFromZero);
                float shifted = rescaled + (float)zo;
                // float -> int32 as C++'s cast (truncation); the clamp makes out-of-range values moot
                int q = shifted >= 2147483647f ? int.MaxValue : shifted <= -2147483648f ? int.MinValue : (int)shifted;
                table[(byte)(sbyte)v] = (byte)(sbyte)Math.Clamp(q, -128, 127);
            }
            return table;
        }
    }

    /// <summary>LEAKY_RELU int8 (TFLM CalculateOpDataLeakyRelu, float arithmetic).</summary>
    [Lowers(BuiltinOperator.LeakyRelu, "LUT", MaxRank = 6)]
    internal sealed class LeakyReluLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var o = ctx.Options<LeakyReluOptions>(op, BuiltinOptionsType.LeakyReluOptions);
            if (ctx.RequiredInput(op, 0, "input").Type == TensorType.Int16)
            {
                LowerInt16(ctx, op, o);
                return;
            }
            var (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            var (mi, shi) = Unary.Qm(ctx, op, (double)(si / so), ctx.What(op) + ": identity");
            var (ma, sha) = Unary.Qm(ctx, op, (double)(si * o.Alpha / so), ctx.What(op) + ": alpha");
            if (ma == int.MinValue) throw ctx.Fail(op, $"alpha {o.Alpha:R} gives a multiplier of -2^31");
            Unary.AsTable(ctx, op, Params(Unary.Emit(ctx, op, "LEAKY_RELU", input, output), zi, zo, mi, shi, ma, sha));
        }

        private static LayerPlan Params(LayerPlan layer, int zi, int zo, int mi, int shi, int ma, int sha) =>
            layer.Param("input_zero_point", zi).Param("output_zero_point", zo)
                .Param("identity_multiplier", mi).Param("identity_shift", shi)
                .Param("alpha_multiplier", ma).Param("alpha_shift", sha);

        /// <summary>int16 in and out (TFLM's int16 path): the same multipliers, run by the LEAKY_RELU
        /// kernel (a table of 65,536 entries would not pay).</summary>
        private static void LowerInt16(LoweringContext ctx, TfliteOperator op, LeakyReluOptions o)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.RequireType(op, output, "output", TensorType.Int16);
            ctx.CheckActivationTensor(op, input, "input");
            ctx.CheckActivationTensor(op, output, "output");
            var (si, zi) = ctx.QuantParams(op, input, "input");
            var (so, zo) = ctx.QuantParams(op, output, "output");
            if (!input.Shape.SequenceEqual(output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from the input's {LoweringContext.ShapeText(input.Shape)}");
            var (mi, shi) = Unary.Qm(ctx, op, (double)(si / so), ctx.What(op) + ": identity");
            var (ma, sha) = Unary.Qm(ctx, op, (double)(si * o.Alpha / so), ctx.What(op) + ": alpha");
            if (ma == int.MinValue) throw ctx.Fail(op, $"alpha {o.Alpha:R} gives a multiplier of -2^31");
            LayerPlan layer = ctx.Emit("LEAKY_RELU", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            Params(layer, zi, zo, mi, shi, ma, sha);
        }
    }

    /// <summary>HARD_SWISH int8 (TFLM HardSwishPrepare: float hires scale, int16 multipliers).</summary>
    [Lowers(BuiltinOperator.HardSwish, "LUT", MaxRank = 6)]
    internal sealed class HardSwishLowering : IOperatorLowering
    {
        private static int DownScale(int m) => m >= int.MaxValue - (1 << 15) ? 32767 : (m + (1 << 15)) >> 16;

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var (input, output, si, zi, so, zo) = Unary.Operands(ctx, op);
            float hires = (1.0f / 128.0f) * si;
            var (mo, eo) = QuantizationMath.QuantizeMultiplier((double)(hires / so));
            if (eo > 0) throw ctx.Fail(op, $"output scale {so:R} is too small for TFLite's HARD_SWISH (needs a left shift of {eo})");
            var (mr, er) = QuantizationMath.QuantizeMultiplier((double)(hires / (3.0f / 32768.0f)));
            if (er > 31 || er < -31) throw ctx.Fail(op, $"input scale {si:R} is out of range");
            Unary.AsTable(ctx, op, Unary.Emit(ctx, op, "HARD_SWISH", input, output)
                .Param("input_zero_point", zi).Param("output_zero_point", zo)
                .Param("reluish_multiplier", DownScale(mr)).Param("reluish_shift", er)
                .Param("output_multiplier", DownScale(mo)).Param("output_shift", eo));
        }
    }
}
