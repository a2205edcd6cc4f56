using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// BATCH_MATMUL (TFLM batch_matmul.cc BatchMatMulPrepare, batch_matmul_common.cc
    /// ReshapeOutputTensor): lhs and rhs of rank 2 to 5 and one type, int8 (any zero points) or
    /// int16 (zero points 0), each an activation or a constant (kept in the blob as the model
    /// holds it: the runtime reads adj_x / adj_y in place, so nothing is transposed or copied);
    /// batch dims broadcast both ways; the output shape TFLite computes. The multiplier is
    /// GetQuantizedConvolutionMultipler's: lhs scale x rhs scale in float, widened, over the
    /// output scale in double.
    /// </summary>
    [Lowers(BuiltinOperator.BatchMatMul, "BATCH_MATMUL", MaxRank = 5)]
    internal sealed class BatchMatMulLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.OptionalOptions(op, () => new BatchMatMulOptions());
            TfliteTensor lhs = ctx.RequiredInput(op, 0, "lhs");
            TfliteTensor rhs = ctx.RequiredInput(op, 1, "rhs");
            TfliteTensor output = ctx.Output(op);

            // TFLM: float32, int8 or int16, both inputs and the output of one type
            if (lhs.Type == TensorType.Float32 && rhs.Type != TensorType.Float32)
            {
                throw ctx.Fail(op, $"hybrid BATCH_MATMUL (float32 lhs, {TensorTypes.Name(rhs.Type)} rhs" +
                                   (o.AsymmetricQuantizeInputs ? ", asymmetric_quantize_inputs" : "") +
                                   ") is not supported: TFLite Micro requires both inputs of one type");
            }
            if (rhs.Type != lhs.Type)
                throw ctx.Fail(op, $"rhs type {TensorTypes.Name(rhs.Type)} differs from lhs type {TensorTypes.Name(lhs.Type)} (TFLite Micro requires one type)");
            if (output.Type != lhs.Type)
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} differs from the inputs' {TensorTypes.Name(lhs.Type)} (TFLite Micro requires the inputs' type)");
            if (lhs.Type != TensorType.Int8 && lhs.Type != TensorType.Int16)
                throw ctx.Fail(op, $"{TensorTypes.Name(lhs.Type)} BATCH_MATMUL is not supported (int8, int16)");
            TensorType type = lhs.Type;
            bool int16 = type == TensorType.Int16;

            var (sl, zl) = Operand(ctx, op, lhs, "lhs");
            var (sr, zr) = Operand(ctx, op, rhs, "rhs");
            ctx.RequireType(op, output, "output", type);
            ctx.CheckActivationTensor(op, output, "output");
            var (so, zo) = Quantization(ctx, op, output, "output");
            if (int16)
            {
                foreach (var (zp, role) in new[] { (zl, "lhs"), (zr, "rhs"), (zo, "output") })
                {
                    if (zp != 0) throw ctx.Fail(op, $"int16 BATCH_MATMUL needs zero point 0 on lhs, rhs and output (TFLite Micro); {role} has {zp}");
                }
            }

            int[] ls = ctx.StaticShape(op, lhs, "lhs"), rs = ctx.StaticShape(op, rhs, "rhs");
            if (ls.Length < 2) throw ctx.Fail(op, $"lhs shape {LoweringContext.ShapeText(ls)} has rank {ls.Length}; BATCH_MATMUL takes rank 2 to 5");
            if (rs.Length < 2) throw ctx.Fail(op, $"rhs shape {LoweringContext.ShapeText(rs)} has rank {rs.Length}; BATCH_MATMUL takes rank 2 to 5");
            if (ls.Contains(0) || rs.Contains(0)) throw ctx.Fail(op, "a tensor has a zero dimension");
            int rank = Math.Max(ls.Length, rs.Length);
            int[] expected = new int[rank];
            for (int i = 0; i < rank - 2; i++)
            {
                int l = i - (rank - ls.Length) >= 0 ? ls[i - (rank - ls.Length)] : 1;
                int r = i - (rank - rs.Length) >= 0 ? rs[i - (rank - rs.Length)] : 1;
                if (l != r && l != 1 && r != 1)
                    throw ctx.Fail(op, $"batch dims of lhs {LoweringContext.ShapeText(ls)} and rhs {LoweringContext.ShapeText(rs)} do not broadcast ({l} and {r} at output dim {i})");
                expected[i] = l == 1 ? r : l;
            }
            int rows = o.AdjX ? ls[^1] : ls[^2], lhsDepth = o.AdjX ? ls[^2] : ls[^1];
            int rhsDepth = o.AdjY ? rs[^1] : rs[^2], cols = o.AdjY ? rs[^2] : rs[^1];
            if (lhsDepth != rhsDepth)
                throw ctx.Fail(op, $"lhs {LoweringContext.ShapeText(ls)} (adj_x {(o.AdjX ? "true" : "false")}) has depth {lhsDepth}, rhs {LoweringContext.ShapeText(rs)} (adj_y {(o.AdjY ? "true" : "false")}) has {rhsDepth}; they must agree");
            if (int16 && lhsDepth > 65536)
                throw ctx.Fail(op, $"depth {lhsDepth} is above 65536 (int16: TFLite's int64 sum must stay within 2^47)");
            expected[rank - 2] = rows;
            expected[rank - 1] = cols;
            if (!output.Shape.SequenceEqual(expected))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from BATCH_MATMUL's {LoweringContext.ShapeText(expected)}");

            // GetQuantizedConvolutionMultipler (the bias-less one): the product in float, then double
            string what = ctx.What(op);
            double real = (double)(float)(sl * sr) / (double)so;
            var (multiplier, shift) = QuantizationMath.QuantizeMultiplierChecked(real, what);
            if (int16 && shift > 14)
            {
                throw ctx.Fail(op, $"effective scale {real:R} needs a left shift of {shift}; int16 BATCH_MATMUL takes at most 14 " +
                                   "(TFLite's int64 MultiplyByQuantizedMultiplier shifts right by 15 - shift)");
            }

            LayerPlan layer = ctx.Emit("BATCH_MATMUL", op);
            layer.Inputs.Add(OperandTensor(ctx, op, lhs, "lhs"));
            layer.Inputs.Add(OperandTensor(ctx, op, rhs, "rhs"));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("lhs_offset", -zl).Param("rhs_offset", -zr).Param("output_offset", zo)
                .Param("output_multiplier", multiplier).Param("output_shift", shift)
                .Param("adj_x", o.AdjX ? 1 : 0).Param("adj_y", o.AdjY ? 1 : 0);
            layer.Macs = LoweringContext.Product(expected) * lhsDepth;
        }

        /// <summary>An operand (activation or constant) of the layer's type: its scale and zero point.</summary>
        private static (float Scale, int ZeroPoint) Operand(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            if (!ctx.IsConstant(op, t)) ctx.CheckActivationTensor(op, t, role);
            return Quantization(ctx, op, t, role);
        }

        /// <summary>One scale and zero point (TFLM reads params.scale: a per-channel tensor would be misread).</summary>
        private static (float Scale, int ZeroPoint) Quantization(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            var q = ctx.QuantParams(op, t, role);
            if (t.Quantization!.Scale.Length > 1 || t.Quantization.ZeroPoint.Length > 1)
            {
                throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} is quantized per channel ({t.Quantization.Scale.Length} scales); " +
                                   "BATCH_MATMUL takes one scale and zero point per tensor (TFLite Micro reads only the first)");
            }
            return q;
        }

        private static GraphTensor OperandTensor(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role) =>
            ctx.IsConstant(op, t)
                ? ctx.ConstantOf(t, ctx.ConstantData(op, t, role, t.Type, LoweringContext.Product(ctx.StaticShape(op, t, role))))
                : ctx.Value(t);
    }
}
