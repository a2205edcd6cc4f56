using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>CUMSUM (TFLM cumsum.cc), int8 and float32 (TFLM's types): running sums along a constant
    /// int32 axis (a scalar or one value; negative counts from the end), exclusive and reverse from the
    /// options; input and output of one type and shape. int8: ADD_N's parameters as TFLM's Prepare
    /// makes them (left shift 20, input multiplier 0.5, output multiplier 2 s_in / (2^20 s_out));
    /// float32: those six words 0. An axis computed at run time is refused by name (TFLM reads it at
    /// Eval; the blob keeps it as a parameter).</summary>
    [Lowers(BuiltinOperator.Cumsum, "CUMSUM", MaxRank = 6)]
    internal sealed class CumsumLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.OptionalOptions(op, () => new CumsumOptions());
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor axisTensor = ctx.RequiredInput(op, 1, "axis");
            TfliteTensor output = ctx.Output(op);
            bool f32 = input.Type == TensorType.Float32;
            if (input.Type != TensorType.Int8 && !f32)
                throw ctx.Fail(op, $"input type {TensorTypes.Name(input.Type)} is not supported: TFLM's CUMSUM takes int8 or float32 ({LoweringContext.Describe(input)})");
            if (output.Type != input.Type)
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} differs from the input type {TensorTypes.Name(input.Type)}");
            ctx.CheckActivationTensor(op, input, "input");
            ctx.CheckActivationTensor(op, output, "output");
            if (!input.Shape.SequenceEqual(output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            int rank = input.Shape.Length;
            if (rank < 1) throw ctx.Fail(op, "input is a scalar; CUMSUM needs rank 1 or more");
            int[] axisValues = ctx.ConstantInts(op, axisTensor, "axis");
            if (axisValues.Length != 1) throw ctx.Fail(op, $"axis has {axisValues.Length} values, 1 expected");
            int axis = ctx.Axis(op, axisValues[0], rank, "axis");
            int[] q = new int[6];
            if (!f32)
            {
                var (inScale, inZp) = ctx.Activation(op, input, "input");
                var (outScale, outZp) = ctx.Activation(op, output, "output");
                double twice = 2 * (double)inScale;
                var (inMult, inShift) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp((double)inScale / twice, $"{ctx.What(op)}: input multiplier");
                var (outMult, outShift) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(twice / ((1 << 20) * (double)outScale), $"{ctx.What(op)}: output multiplier");
                q = new[] { -inZp, outZp, inMult, inShift, outMult, outShift };
            }
            LayerPlan layer = ctx.Emit("CUMSUM", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("axis", axis).Param("exclusive", o.Exclusive ? 1 : 0).Param("reverse", o.Reverse ? 1 : 0)
                 .Param("input_offset", q[0]).Param("output_offset", q[1])
                 .Param("input_multiplier", q[2]).Param("input_shift", q[3])
                 .Param("output_multiplier", q[4]).Param("output_shift", q[5]);
        }
    }
}
