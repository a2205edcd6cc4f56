using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>GATHER_ND (TFLM gather_nd.cc): params int8 or float32 (TFLM's types), an activation
    /// or a constant table; indices int32 [.., depth], depth at most the params' rank and 5 (TFLM's
    /// MAX_INDICES_ND), an activation or a constant (checked here, each index against its own dim;
    /// indices from the arena are checked by the runtime at each invoke, before any byte is written).
    /// The output is the indices' dims but the last, then the params' dims after the first depth,
    /// with the params' quantization.</summary>
    [Lowers(BuiltinOperator.GatherNd, "GATHER_ND", MaxRank = 6)]
    internal sealed class GatherNdLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor parameters = ctx.RequiredInput(op, 0, "params");
            TfliteTensor indices = ctx.RequiredInput(op, 1, "indices");
            TfliteTensor output = ctx.Output(op);
            if (parameters.Type != TensorType.Int8 && parameters.Type != TensorType.Float32)
                throw ctx.Fail(op, $"params type {TensorTypes.Name(parameters.Type)} is not supported: TFLM's GATHER_ND takes int8 or float32 ({LoweringContext.Describe(parameters)})");
            ctx.RequireType(op, indices, "indices", TensorType.Int32);
            ctx.RequireSameQuantization(op, parameters, "params", output, "output");
            GraphTensor paramsValue = BroadcastToLowering.Data(ctx, op, parameters, "params");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            int[] pShape = ctx.StaticShape(op, parameters, "params");
            int[] iShape = ctx.StaticShape(op, indices, "indices");
            if (pShape.Length < 1) throw ctx.Fail(op, "params is a scalar; GATHER_ND needs rank 1 or more");
            if (iShape.Length < 1) throw ctx.Fail(op, "indices is a scalar; GATHER_ND needs rank 1 or more");
            int depth = iShape[^1];
            if (depth < 1 || depth > pShape.Length)
                throw ctx.Fail(op, $"indices' last dim {depth} is outside [1, params rank {pShape.Length}]");
            if (depth > 5)
                throw ctx.Fail(op, $"indices' last dim {depth} is above 5, TFLM's MAX_INDICES_ND");
            int[] expected = iShape.Take(iShape.Length - 1).Concat(pShape.Skip(depth)).ToArray();
            if (!output.Shape.SequenceEqual(expected))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from GATHER_ND's {LoweringContext.ShapeText(expected)}");
            GraphTensor indicesValue;
            if (ctx.IsConstant(op, indices))
            {
                byte[] data = ctx.ConstantData(op, indices, "indices", TensorType.Int32, LoweringContext.Product(iShape));
                for (int i = 0; i < data.Length / 4; i++)
                {
                    int v = BitConverter.ToInt32(data, 4 * i), dim = pShape[i % depth];
                    if (v < 0 || v >= dim)
                        throw ctx.Fail(op, $"index {v} (element {i} of indices) is outside [0, {dim}) of params dim {i % depth}");
                }
                indicesValue = ctx.ConstantOf(indices, data);
            }
            else
            {
                ctx.CheckActivationTensor(op, indices, "indices");
                indicesValue = ctx.Value(indices);
            }
            LayerPlan layer = ctx.Emit("GATHER_ND", op);
            layer.Inputs.Add(paramsValue);
            layer.Inputs.Add(indicesValue);
            layer.Outputs.Add(ctx.Value(output));
        }
    }
}
