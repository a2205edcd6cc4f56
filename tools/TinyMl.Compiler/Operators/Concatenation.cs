using System.Collections.Generic;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>CONCATENATION (TFLM concatenation.cc): same type everywhere, int8 inputs share the output's quantization.</summary>
    [Lowers(BuiltinOperator.Concatenation, "CONCATENATION", MaxRank = 6)]
    internal sealed class ConcatenationLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var o = ctx.Options<ConcatenationOptions>(op, BuiltinOptionsType.ConcatenationOptions);
            if (o.Activation != ActivationFunction.None)
                throw ctx.Fail(op, $"fused activation {o.Activation} is not supported (TFLite requires NONE)");
            ctx.CheckOutputCount(op, 1);
            var inputs = new List<TfliteTensor>();
            for (int i = 0; i < op.Inputs.Length; i++) inputs.Add(ctx.RequiredInput(op, i, $"input {i}"));
            Emit(ctx, op, inputs, ctx.Output(op), o.Axis);
        }

        /// <summary>Checks and emits one CONCATENATION of `inputs` into `output` along `axis`.</summary>
        internal static void Emit(LoweringContext ctx, TfliteOperator op, IReadOnlyList<TfliteTensor> inputs, TfliteTensor output, int axis,
            IReadOnlyList<GraphTensor>? graphInputs = null)
        {
            int max = OpTable.Get("CONCATENATION").Inputs;
            if (inputs.Count < 1) throw ctx.Fail(op, "has no inputs");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            int rank = output.Shape.Length;
            int a = ctx.Axis(op, axis, rank, "axis");
            long along = 0;
            for (int i = 0; i < inputs.Count; i++)
            {
                TfliteTensor t = inputs[i];
                string role = $"input {i}";
                if (graphInputs == null)
                {
                    // A constant input (a learned token or padding block) is read where it lies in
                    // the blob, as TFLM reads it from the flatbuffer.
                    if (ctx.IsConstant(op, t)) ctx.RequireCopyType(op, t, role);
                    else ReshapeLowering.CheckTensor(ctx, op, t, role);
                }
                ctx.RequireSameQuantization(op, output, "output", t, role);
                int[] s = graphInputs != null ? graphInputs[i].Shape : t.Shape;
                if (s.Length != rank)
                    throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(s)} has rank {s.Length}, the output {rank}");
                for (int d = 0; d < rank; d++)
                {
                    if (d != a && s[d] != output.Shape[d])
                        throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(s)} differs from output {LoweringContext.ShapeText(output.Shape)} outside axis {a}");
                }
                along += s[a];
            }
            if (along != output.Shape[a])
                throw ctx.Fail(op, $"inputs add up to {along} along axis {a}, the output has {output.Shape[a]}");
            if (max >= 0 && inputs.Count > max)
                throw ctx.Fail(op, $"has {inputs.Count} inputs; at most {max} are supported");

            LayerPlan layer = ctx.Emit("CONCATENATION", op);
            for (int i = 0; i < inputs.Count; i++)
            {
                TfliteTensor t = inputs[i];
                if (graphInputs != null) layer.Inputs.Add(graphInputs[i]);
                else if (ctx.IsConstant(op, t))
                    layer.Inputs.Add(ctx.ConstantOf(t, ctx.ConstantData(op, t, $"input {i}", t.Type, LoweringContext.Product(ctx.StaticShape(op, t, $"input {i}")))));
                else layer.Inputs.Add(ctx.Value(t));
            }
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("axis", a);
        }
    }

    /// <summary>PACK: each input reshaped (aliased, no copy) to have a 1 at `axis`, then one CONCATENATION.</summary>
    [Lowers(BuiltinOperator.Pack, "CONCATENATION", "RESHAPE", MaxRank = 6)]
    internal sealed class PackLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var o = ctx.Options<PackOptions>(op, BuiltinOptionsType.PackOptions);
            ctx.CheckOutputCount(op, 1);
            if (o.ValuesCount != op.Inputs.Length)
                throw ctx.Fail(op, $"values_count {o.ValuesCount} differs from the {op.Inputs.Length} inputs");
            TfliteTensor output = ctx.Output(op);
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            int a = ctx.Axis(op, o.Axis, output.Shape.Length, "axis");
            var inputs = new List<TfliteTensor>();
            var expanded = new List<GraphTensor>();
            for (int i = 0; i < op.Inputs.Length; i++)
            {
                TfliteTensor t = ctx.RequiredInput(op, i, $"input {i}");
                if (ctx.IsConstant(op, t)) throw ctx.Fail(op, $"input {i} {LoweringContext.Describe(t)} is a constant; not supported");
                ReshapeLowering.CheckTensor(ctx, op, t, $"input {i}");
                if (t.Shape.Length + 1 != output.Shape.Length)
                    throw ctx.Fail(op, $"input {i} shape {LoweringContext.ShapeText(t.Shape)} must have rank {output.Shape.Length - 1}");
                var shape = new List<int>(t.Shape);
                shape.Insert(a, 1);
                inputs.Add(t);
                GraphTensor source = ctx.Value(t);
                GraphTensor middle = ctx.Intermediate(source, shape.ToArray(), t.Name + "/packed");
                expanded.Add(middle);
            }
            // Check first (nothing emitted on error), then emit the reshapes and the concatenation.
            int first = ctx.Layers.Count;
            for (int i = 0; i < inputs.Count; i++)
            {
                LayerPlan reshape = ctx.Emit("RESHAPE", op);
                reshape.Inputs.Add(ctx.Value(inputs[i]));
                reshape.Outputs.Add(expanded[i]);
            }
            try
            {
                ConcatenationLowering.Emit(ctx, op, inputs, output, a, expanded);
            }
            catch (ModelCompileException)
            {
                ctx.Layers.RemoveRange(first, ctx.Layers.Count - first);
                throw;
            }
        }
    }
}
