using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>EMBEDDING_LOOKUP int8 (TFLM embedding_lookup.cc EvalSimple) as a GATHER along axis 0: int32 ids of rank
    /// 1 (input 0, from the model or constant), the int8 table of rank 2 or more (input 1, usually a constant), output
    /// [ids, table dims 1..] with the table's quantization (TFLM copies the rows' bytes). An id outside the table is a
    /// typed error: at compile time for constant ids, at invoke for computed ones (TFLM's Eval stops there too). The
    /// hybrid form (int8 table with zero point 0, float32 output: TFLM's EvalHybrid, each value times the table's one
    /// scale in float) is the same GATHER into an int8 tensor of the table's quantization, then a DEQUANTIZE (TFLM's
    /// reference rounds the exact product once, as the float product does). Float32 tables are refused by name.</summary>
    [Lowers(BuiltinOperator.EmbeddingLookup, "GATHER", "DEQUANTIZE", MaxRank = 6)]
    internal sealed class EmbeddingLookupLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor ids = ctx.RequiredInput(op, 0, "ids");
            TfliteTensor table = ctx.RequiredInput(op, 1, "table");
            TfliteTensor output = ctx.Output(op);
            if (table.Type != TensorType.Int8)
                throw ctx.Fail(op, $"table type {TensorTypes.Name(table.Type)} is not supported, int8 required ({LoweringContext.Describe(table)})");
            bool hybrid = output.Type == TensorType.Float32;
            ctx.RequireType(op, ids, "ids", TensorType.Int32);
            var (_, tableZeroPoint) = Binary.Operand(ctx, op, table, "table");
            if (hybrid)
            {
                if (table.Quantization!.Scale.Length > 1 || table.Quantization.ZeroPoint.Length > 1)
                    throw ctx.Fail(op, $"table {LoweringContext.Describe(table)} is quantized per channel ({table.Quantization.Scale.Length} scales); " +
                                       "the hybrid EMBEDDING_LOOKUP takes one scale (TFLite Micro reads only the first)");
                if (tableZeroPoint != 0)
                    throw ctx.Fail(op, $"table {LoweringContext.Describe(table)} has zero point {tableZeroPoint}; the hybrid EMBEDDING_LOOKUP (float32 output) requires 0, as TFLite Micro does");
                if (ctx.IsConstant(op, output)) throw ctx.Fail(op, $"output {LoweringContext.Describe(output)} is a constant");
            }
            else
            {
                ctx.Activation(op, output, "output");
                ctx.RequireSameQuantization(op, table, "table", output, "output");
            }
            int[] idShape = ctx.StaticShape(op, ids, "ids");
            int[] tableShape = ctx.StaticShape(op, table, "table");
            if (idShape.Length != 1)
                throw ctx.Fail(op, $"ids {LoweringContext.Describe(ids)} have rank {idShape.Length}; TFLM's EMBEDDING_LOOKUP takes rank 1");
            if (tableShape.Length < 2)
                throw ctx.Fail(op, $"table {LoweringContext.Describe(table)} has rank {tableShape.Length}; TFLM's EMBEDDING_LOOKUP takes rank 2 or more");
            int[] expected = idShape.Concat(tableShape.Skip(1)).ToArray();
            if (!output.Shape.SequenceEqual(expected))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from EMBEDDING_LOOKUP's {LoweringContext.ShapeText(expected)}");
            GraphTensor idsValue;
            if (ctx.IsConstant(op, ids))
            {
                int[] values = ctx.ConstantInts(op, ids, "ids");
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i] < 0 || values[i] >= tableShape[0])
                        throw ctx.Fail(op, $"id {values[i]} (element {i} of ids) is outside the table's {tableShape[0]} rows");
                }
                idsValue = ctx.ConstantOf(ids, ctx.ConstantData(op, ids, "ids", TensorType.Int32, idShape[0]));
            }
            else
            {
                ctx.CheckActivationTensor(op, ids, "ids");
                idsValue = ctx.Value(ids);
            }
            GraphTensor tableValue = Binary.OperandTensor(ctx, op, table, "table");
            GraphTensor rows = hybrid ? ctx.Intermediate(tableValue, expected, output.Name + "/int8") : ctx.Value(output);
            LayerPlan layer = ctx.Emit("GATHER", op);
            layer.Inputs.Add(tableValue);
            layer.Inputs.Add(idsValue);
            layer.Outputs.Add(rows);
            layer.Param("axis", 0).Param("batch_dims", 0);
            if (!hybrid) return;
            LayerPlan dequantize = ctx.Emit("DEQUANTIZE", op);
            dequantize.Inputs.Add(rows);
            dequantize.Outputs.Add(ctx.Value(output));
        }
    }

    /// <summary>REVERSE_V2 (TFLM reverse.cc) as a STRIDED_SLICE with stride -1 along the reversed axes (begin and end
    /// masks on every axis: the whole extent): a constant int32 axis tensor of rank 1, negative axes counted from the
    /// end, the axes contiguous once sorted, as TFLM's Eval requires (it refuses others, and reads out of bounds with
    /// none); ranks up to 6 as TFLM (kMaxSmallSize): up to 4 one STRIDED_SLICE, 5 and 6 the reversed block as the middle
    /// axis of a 3-D view between two RESHAPEs (TFLM's Reverse walks the same upper/middle/lower sizes). The output keeps the input's type and
    /// quantization (bytes moved as they are).</summary>
    [Lowers(BuiltinOperator.ReverseV2, "STRIDED_SLICE", "RESHAPE", MaxRank = 6)]
    internal sealed class ReverseV2Lowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor axisTensor = ctx.RequiredInput(op, 1, "axis");
            TfliteTensor output = ctx.Output(op);
            ReshapeLowering.CheckTensor(ctx, op, input, "input");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            int rank = input.Shape.Length;
            if (!output.Shape.SequenceEqual(input.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from the input's {LoweringContext.ShapeText(input.Shape)}");
            if (axisTensor.Shape.Length != 1)
                throw ctx.Fail(op, $"axis {LoweringContext.Describe(axisTensor)} has rank {axisTensor.Shape.Length}; TFLM takes rank 1");
            int[] axes = ctx.ConstantInts(op, axisTensor, "axis");
            if (axes.Length == 0)
                throw ctx.Fail(op, "axis is empty; TFLM's REVERSE_V2 reads its last axis even then (out of bounds)");
            if (axes.Length > rank)
                throw ctx.Fail(op, $"axis has {axes.Length} values; the input has rank {rank}");
            int[] sorted = axes.Select(a => ctx.Axis(op, a, rank, "axis")).OrderBy(a => a).ToArray();
            for (int i = 1; i < sorted.Length; i++)
            {
                if (sorted[i] != sorted[i - 1] + 1)
                    throw ctx.Fail(op, $"axes {string.Join(", ", axes)} are not contiguous; TFLM's REVERSE_V2 refuses them (\"Non-contiguous `axes` not supported\")");
            }
            if (rank <= 4)
            {
                var strides = new int[rank];
                for (int d = 0; d < rank; d++) strides[d] = sorted.Contains(d) ? -1 : 1;
                EmitReverse(ctx, op, ctx.Value(input), ctx.Value(output), strides);
                return;
            }
            // Ranks 5 and 6 (STRIDED_SLICE stops at 4): reversing contiguous axes together reverses
            // their flattened extent, so [before, reversed, after] as 3-D, as TFLM's reference
            // Reverse walks it (upper, middle, lower sizes), between two RESHAPEs.
            int first = sorted[0], last = sorted[sorted.Length - 1];
            int[] shape = input.Shape;
            int upper = 1, middle = 1, lower = 1;
            for (int d = 0; d < rank; d++)
            {
                if (d < first) upper *= shape[d];
                else if (d <= last) middle *= shape[d];
                else lower *= shape[d];
            }
            int[] flat = { upper, middle, lower };
            GraphTensor source = ctx.Intermediate(ctx.Value(input), flat, input.Name + "/3d");
            GraphTensor result = ctx.Intermediate(ctx.Value(output), flat, output.Name + "/3d");
            LayerPlan before = ctx.Emit("RESHAPE", op);
            before.Inputs.Add(ctx.Value(input));
            before.Outputs.Add(source);
            EmitReverse(ctx, op, source, result, new[] { 1, -1, 1 });
            LayerPlan after = ctx.Emit("RESHAPE", op);
            after.Inputs.Add(result);
            after.Outputs.Add(ctx.Value(output));
        }

        private static void EmitReverse(LoweringContext ctx, TfliteOperator op, GraphTensor input, GraphTensor output, int[] strides)
        {
            int rank = strides.Length;
            int all = (1 << rank) - 1;
            var zeros = new int[rank];
            LayerPlan layer = ctx.Emit("STRIDED_SLICE", op);
            layer.Inputs.Add(input);
            layer.Outputs.Add(output);
            layer.Param("begin_mask", all).Param("end_mask", all).Param("ellipsis_mask", 0)
                .Param("new_axis_mask", 0).Param("shrink_axis_mask", 0).Param("offset", 0)
                .Param("count", rank)
                .ParamArray("begin", zeros).ParamArray("end", zeros).ParamArray("strides", strides);
        }
    }
}
