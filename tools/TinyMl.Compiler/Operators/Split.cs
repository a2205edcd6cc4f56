using System.Collections.Generic;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// SPLIT (inputs: axis, value) and SPLIT_V (inputs: value, size_splits, axis), both as the
    /// runtime's SPLIT_V: the sizes are the outputs' dims along the axis.
    /// </summary>
    [Lowers(BuiltinOperator.Split, "SPLIT_V", MaxRank = 6)]
    [Lowers(BuiltinOperator.SplitV, "SPLIT_V", MaxRank = 6)]
    internal sealed class SplitLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            bool isV = ctx.Model.OperatorCodeOf(op).BuiltinCode == BuiltinOperator.SplitV;
            ctx.CheckInputCount(op, isV ? 3 : 2, isV ? 3 : 2);
            TfliteTensor input = ctx.RequiredInput(op, isV ? 0 : 1, "input");
            int[] axisValues = ctx.ConstantInts(op, ctx.RequiredInput(op, isV ? 2 : 0, "axis"), "axis");
            if (axisValues.Length != 1) throw ctx.Fail(op, $"axis has {axisValues.Length} values, 1 expected");
            ReshapeLowering.CheckTensor(ctx, op, input, "input");
            int axis = ctx.Axis(op, axisValues[0], input.Shape.Length, "axis");
            int count = isV ? ctx.Options<SplitVOptions>(op, BuiltinOptionsType.SplitVOptions).NumSplits
                            : ctx.Options<SplitOptions>(op, BuiltinOptionsType.SplitOptions).NumSplits;
            if (count != op.Outputs.Length)
                throw ctx.Fail(op, $"num_splits {count} differs from the {op.Outputs.Length} outputs");
            var outputs = new List<TfliteTensor>();
            for (int i = 0; i < op.Outputs.Length; i++) outputs.Add(ctx.Output(op, i));
            if (isV)
            {
                int[] sizes = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "size_splits"), "size_splits");
                if (sizes.Length != outputs.Count)
                    throw ctx.Fail(op, $"size_splits has {sizes.Length} values for {outputs.Count} outputs");
                for (int i = 0; i < sizes.Length; i++)
                {
                    if (sizes[i] >= 0 && outputs[i].Shape.Length == input.Shape.Length && sizes[i] != outputs[i].Shape[axis])
                        throw ctx.Fail(op, $"size_splits[{i}] = {sizes[i]}, output {i} has {outputs[i].Shape[axis]} along axis {axis}");
                }
            }
            Emit(ctx, op, input, outputs, axis, null);
        }

        /// <summary>Checks and emits one SPLIT_V of `input` into `outputs` along `axis`.</summary>
        internal static void Emit(LoweringContext ctx, TfliteOperator op, TfliteTensor input, IReadOnlyList<TfliteTensor> outputs, int axis,
            IReadOnlyList<GraphTensor>? graphOutputs)
        {
            int max = OpTable.Get("SPLIT_V").Outputs;
            if (outputs.Count < 1) throw ctx.Fail(op, "has no outputs");
            if (max >= 0 && outputs.Count > max) throw ctx.Fail(op, $"has {outputs.Count} outputs; at most {max} are supported");
            int rank = input.Shape.Length;
            long along = 0;
            for (int i = 0; i < outputs.Count; i++)
            {
                TfliteTensor t = outputs[i];
                string role = $"output {i}";
                if (graphOutputs == null) ReshapeLowering.CheckTensor(ctx, op, t, role);
                ctx.RequireSameQuantization(op, input, "input", t, role);
                int[] s = graphOutputs != null ? graphOutputs[i].Shape : t.Shape;
                if (s.Length != rank)
                    throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(s)} has rank {s.Length}, the input {rank}");
                for (int d = 0; d < rank; d++)
                {
                    if (d != axis && s[d] != input.Shape[d])
                        throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(s)} differs from input {LoweringContext.ShapeText(input.Shape)} outside axis {axis}");
                }
                along += s[axis];
            }
            if (along != input.Shape[axis])
                throw ctx.Fail(op, $"outputs add up to {along} along axis {axis}, the input has {input.Shape[axis]}");

            LayerPlan layer = ctx.Emit("SPLIT_V", op);
            layer.Inputs.Add(ctx.Value(input));
            for (int i = 0; i < outputs.Count; i++) layer.Outputs.Add(graphOutputs != null ? graphOutputs[i] : ctx.Value(outputs[i]));
            layer.Param("axis", axis);
        }
    }

    /// <summary>UNPACK: one SPLIT_V into slices with a 1 at `axis`, each then reshaped (aliased) to its output.</summary>
    [Lowers(BuiltinOperator.Unpack, "SPLIT_V", "RESHAPE", MaxRank = 6)]
    internal sealed class UnpackLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var o = ctx.Options<UnpackOptions>(op, BuiltinOptionsType.UnpackOptions);
            ctx.CheckInputCount(op, 1, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            ReshapeLowering.CheckTensor(ctx, op, input, "input");
            int axis = ctx.Axis(op, o.Axis, input.Shape.Length, "axis");
            if (o.Num != op.Outputs.Length || input.Shape[axis] != o.Num)
                throw ctx.Fail(op, $"num {o.Num}, {op.Outputs.Length} outputs and input dimension {input.Shape[axis]} along axis {axis} must agree");
            var outputs = new List<TfliteTensor>();
            var slices = new List<GraphTensor>();
            var sliceShape = (int[])input.Shape.Clone();
            sliceShape[axis] = 1;
            GraphTensor source = ctx.Value(input);
            for (int i = 0; i < op.Outputs.Length; i++)
            {
                TfliteTensor t = ctx.Output(op, i);
                ReshapeLowering.CheckTensor(ctx, op, t, $"output {i}");
                if (LoweringContext.Product(t.Shape) != LoweringContext.Product(sliceShape) || t.Shape.Length != input.Shape.Length - 1)
                    throw ctx.Fail(op, $"output {i} shape {LoweringContext.ShapeText(t.Shape)} is not the input {LoweringContext.ShapeText(input.Shape)} without axis {axis}");
                outputs.Add(t);
                slices.Add(ctx.Intermediate(source, sliceShape, t.Name + "/unpacked"));
            }
            SplitLowering.Emit(ctx, op, input, outputs, axis, slices);
            for (int i = 0; i < outputs.Count; i++)
            {
                LayerPlan reshape = ctx.Emit("RESHAPE", op);
                reshape.Inputs.Add(slices[i]);
                reshape.Outputs.Add(ctx.Value(outputs[i]));
            }
        }
    }
}
