using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>CAST (TFLM cast.cc): the element type changes as C++'s static_cast changes it, the
    /// quantization is not applied (the raw values are converted). Inputs int8, int16, int32, float32
    /// and bool; outputs int8, int16, int32 and float32 (TFLM's lists, without uint32). An int8 or int16
    /// tensor without quantization parameters (a CAST's usual output) is carried with scale 1 and zero
    /// point 0: its values are plain integers, and an operator that needs real quantization refuses it.</summary>
    [Lowers(BuiltinOperator.Cast, "CAST", MaxRank = 6)]
    internal sealed class CastLowering : IOperatorLowering
    {
        private static readonly TensorType[] Inputs = { TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Float32, TensorType.Bool };
        private static readonly TensorType[] Outputs = { TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Float32 };

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            if (!Inputs.Contains(input.Type))
                throw ctx.Fail(op, $"input type {TensorTypes.Name(input.Type)} is not supported: TFLM's CAST takes int8, int16, int32, float32 or bool ({LoweringContext.Describe(input)})");
            if (!Outputs.Contains(output.Type))
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} is not supported: TFLM's CAST writes int8, int16, int32 or float32 ({LoweringContext.Describe(output)})");
            ctx.CheckActivationTensor(op, input, "input");
            ctx.CheckActivationTensor(op, output, "output");
            if (!input.Shape.SequenceEqual(output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            LayerPlan layer = ctx.Emit("CAST", op);
            layer.Inputs.Add(PlainIntegers(ctx.Value(input)));
            layer.Outputs.Add(PlainIntegers(ctx.Value(output)));
        }

        /// <summary>An int8/int16 tensor without a usable scale: scale 1, zero point 0.</summary>
        private static GraphTensor PlainIntegers(GraphTensor t)
        {
            if ((t.Type == TensorType.Int8 || t.Type == TensorType.Int16) && !(t.Scale > 0f && !float.IsInfinity(t.Scale)))
            {
                t.Scale = 1f;
                t.ZeroPoint = 0;
            }
            return t;
        }
    }
}
