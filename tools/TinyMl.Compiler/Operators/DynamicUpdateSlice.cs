using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>DYNAMIC_UPDATE_SLICE (TFLM dynamic_update_slice.cc): the operand with the update
    /// written at the start indices, each clamped by the runtime into [0, operand dim - update dim]
    /// as TFLM clamps it (no start is an error). Operand, update and output int8, int16, int32 or
    /// float32 (TFLM's types), one type and one quantization (the bytes are copied); the operand
    /// and the update from the model or constant. Start int32 from the model or a constant, or a
    /// constant int64 (narrowed to int32 by clamping, the same result: the blob carries no
    /// int64 tensor).</summary>
    [Lowers(BuiltinOperator.DynamicUpdateSlice, "DYNAMIC_UPDATE_SLICE", MaxRank = 6)]
    internal sealed class DynamicUpdateSliceLowering : IOperatorLowering
    {
        private static readonly TensorType[] Types = { TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Float32 };

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 3, 3);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor operand = ctx.RequiredInput(op, 0, "operand");
            TfliteTensor update = ctx.RequiredInput(op, 1, "update");
            TfliteTensor start = ctx.RequiredInput(op, 2, "start indices");
            TfliteTensor output = ctx.Output(op);
            if (!Types.Contains(operand.Type))
                throw ctx.Fail(op, $"operand type {TensorTypes.Name(operand.Type)} is not supported: TFLM's DYNAMIC_UPDATE_SLICE takes int8, int16, int32 or float32 ({LoweringContext.Describe(operand)})");
            ctx.RequireSameQuantization(op, operand, "operand", update, "update");
            ctx.RequireSameQuantization(op, operand, "operand", output, "output");
            GraphTensor operandValue = Data(ctx, op, operand, "operand");
            GraphTensor updateValue = Data(ctx, op, update, "update");
            ctx.CheckActivationTensor(op, output, "output");
            int[] shape = ctx.StaticShape(op, operand, "operand");
            int rank = shape.Length;
            if (rank < 1) throw ctx.Fail(op, "operand is a scalar; DYNAMIC_UPDATE_SLICE needs rank 1 or more");
            int[] updateShape = ctx.StaticShape(op, update, "update");
            if (updateShape.Length != rank || Enumerable.Range(0, rank).Any(i => updateShape[i] > shape[i]))
                throw ctx.Fail(op, $"update shape {LoweringContext.ShapeText(updateShape)} does not fit in operand shape {LoweringContext.ShapeText(shape)} (same rank, no dim larger)");
            if (!output.Shape.SequenceEqual(shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from operand shape {LoweringContext.ShapeText(shape)}");
            if (start.Shape.Length != 1 || start.Shape[0] != rank)
                throw ctx.Fail(op, $"start indices shape {LoweringContext.ShapeText(start.Shape)} is not [{rank}] (one index per operand dim)");
            GraphTensor startValue;
            if (start.Type != TensorType.Int32 && start.Type != TensorType.Int64)
                throw ctx.Fail(op, $"start indices type {TensorTypes.Name(start.Type)} is not supported: int32 or int64 ({LoweringContext.Describe(start)})");
            if (ctx.IsConstant(op, start))
            {
                byte[] data = ctx.ConstantData(op, start, "start indices", start.Type, rank);
                var narrowed = new byte[4 * rank];
                for (int i = 0; i < rank; i++)
                {
                    long v = start.Type == TensorType.Int64 ? BitConverter.ToInt64(data, 8 * i) : BitConverter.ToInt32(data, 4 * i);
                    // clamped as TFLM clamps it, in int64, before narrowing: the same box
                    long clamped = Math.Min(Math.Max(0L, v), (long)shape[i] - updateShape[i]);
                    BitConverter.GetBytes((int)clamped).CopyTo(narrowed, 4 * i);
                }
                startValue = ctx.Constant(start.Name, TensorType.Int32, new[] { rank }, narrowed, 0f, 0);
            }
            else
            {
                if (start.Type != TensorType.Int32)
                    throw ctx.Fail(op, $"start indices {LoweringContext.Describe(start)} are int64 computed at run time; not supported (the blob carries no int64 tensor: int32, or a constant)");
                ctx.CheckActivationTensor(op, start, "start indices");
                startValue = ctx.Value(start);
            }
            LayerPlan layer = ctx.Emit("DYNAMIC_UPDATE_SLICE", op);
            layer.Inputs.Add(operandValue);
            layer.Inputs.Add(updateValue);
            layer.Inputs.Add(startValue);
            layer.Outputs.Add(ctx.Value(output));
        }

        /// <summary>The operand or the update: an activation, or a constant of its bytes.</summary>
        private static GraphTensor Data(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            if (!ctx.IsConstant(op, t))
            {
                ReshapeLowering.CheckTensor(ctx, op, t, role);
                return ctx.Value(t);
            }
            if (t.Type == TensorType.Int8 || t.Type == TensorType.Int16) ctx.QuantParams(op, t, role);
            return ctx.ConstantOf(t, ctx.ConstantData(op, t, role, t.Type, LoweringContext.Product(ctx.StaticShape(op, t, role))));
        }
    }
}
