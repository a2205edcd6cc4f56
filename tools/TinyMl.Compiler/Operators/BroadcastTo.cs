using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>BROADCAST_TO (TFLM broadcast_to.cc): the input repeated to the output's shape, a byte
    /// copy of any type (int8, uint8, int16, int32, float32, bool), input and output one quantization.
    /// The shape operand must be constant (TFLM's Prepare), int32 or int64, and equal the output's
    /// shape; it is checked here and left out of the blob. Input and output up to 5-D (TFLM's kMaxDims).
    /// The input may be a constant.</summary>
    [Lowers(BuiltinOperator.BroadcastTo, "BROADCAST_TO", MaxRank = 5)]
    internal sealed class BroadcastToLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor shape = ctx.RequiredInput(op, 1, "shape");
            TfliteTensor output = ctx.Output(op);
            ctx.RequireCopyType(op, input, "input");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            GraphTensor inputValue = Data(ctx, op, input, "input");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            long[] dims = ShapeValues(ctx, op, shape, "shape", new[] { TensorType.Int32, TensorType.Int64 });
            if (dims.Length != output.Shape.Length || dims.Where((d, i) => d != output.Shape[i]).Any())
                throw ctx.Fail(op, $"shape [{string.Join(", ", dims)}] differs from the output shape {LoweringContext.ShapeText(output.Shape)}");
            CheckBroadcast(ctx, op, input.Shape, output.Shape);
            LayerPlan layer = ctx.Emit("BROADCAST_TO", op);
            layer.Inputs.Add(inputValue);
            layer.Outputs.Add(ctx.Value(output));
        }

        /// <summary>The input's dims, right-aligned to the output's, each 1 or the output's.</summary>
        internal static void CheckBroadcast(LoweringContext ctx, TfliteOperator op, int[] from, int[] to)
        {
            int shift = to.Length - from.Length;
            if (shift < 0 || from.Where((d, i) => d != 1 && d != to[shift + i]).Any())
                throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(from)} does not broadcast to the output shape {LoweringContext.ShapeText(to)}");
        }

        /// <summary>An activation, or a constant of its bytes.</summary>
        internal static GraphTensor Data(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            if (!ctx.IsConstant(op, t))
            {
                ReshapeLowering.CheckTensor(ctx, op, t, role);
                return ctx.Value(t);
            }
            if (t.Type == TensorType.Int8 || t.Type == TensorType.UInt8 || t.Type == TensorType.Int16) ctx.QuantParams(op, t, role);
            return ctx.ConstantOf(t, ctx.ConstantData(op, t, role, t.Type, LoweringContext.Product(ctx.StaticShape(op, t, role))));
        }

        /// <summary>The values of a constant 1-D integer operand (a shape).</summary>
        internal static long[] ShapeValues(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role, TensorType[] types)
        {
            if (!types.Contains(t.Type))
                throw ctx.Fail(op, $"{role} type {TensorTypes.Name(t.Type)} is not supported ({string.Join(", ", types.Select(TensorTypes.Name))}) ({LoweringContext.Describe(t)})");
            if (!ctx.IsConstant(op, t))
                throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} is computed at run time; TFLM requires a constant");
            if (t.Shape.Length != 1)
                throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} has shape {LoweringContext.ShapeText(t.Shape)}; a 1-D tensor is required");
            byte[] data = ctx.ConstantData(op, t, role, t.Type, t.Shape[0]);
            int size = TensorTypes.ElementSize(t.Type);
            var values = new long[t.Shape[0]];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = t.Type switch
                {
                    TensorType.Int8 => (sbyte)data[i],
                    TensorType.Int16 => BitConverter.ToInt16(data, 2 * i),
                    TensorType.Int32 => BitConverter.ToInt32(data, 4 * i),
                    _ => BitConverter.ToInt64(data, 8 * i),
                };
            }
            return values;
        }
    }

    /// <summary>FILL (TFLM fill.cc) as a BROADCAST_TO of its scalar value: int8, int32 or float32
    /// (TFLM's FillEval types; int16 is refused as TFLM refuses it), the value a scalar from the
    /// model or constant, of the output's type; dims a constant (int8, int16, int32 or int64, TFLM's
    /// EnsureEq) equal to the output's shape. The bytes are copied unchanged: a constant value takes
    /// the output's quantization (TFLM does not compare them), a value from the model must have it.
    /// No rank limit in TFLM: the blob's 6.</summary>
    [Lowers(BuiltinOperator.Fill, "BROADCAST_TO", MaxRank = 6)]
    internal sealed class FillLowering : IOperatorLowering
    {
        private static readonly TensorType[] Types = { TensorType.Int8, TensorType.Int32, TensorType.Float32 };

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor dims = ctx.RequiredInput(op, 0, "dims");
            TfliteTensor value = ctx.RequiredInput(op, 1, "value");
            TfliteTensor output = ctx.Output(op);
            if (!Types.Contains(output.Type))
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} is not supported: TFLM's FILL writes int8, int32 or float32 ({LoweringContext.Describe(output)})");
            if (value.Type != output.Type)
                throw ctx.Fail(op, $"value type {TensorTypes.Name(value.Type)} differs from the output type {TensorTypes.Name(output.Type)}");
            if (value.Shape.Length != 0)
                throw ctx.Fail(op, $"value {LoweringContext.Describe(value)} has shape {LoweringContext.ShapeText(value.Shape)}; a scalar is required");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            long[] shape = BroadcastToLowering.ShapeValues(ctx, op, dims, "dims", new[] { TensorType.Int8, TensorType.Int16, TensorType.Int32, TensorType.Int64 });
            if (shape.Length != output.Shape.Length || shape.Where((d, i) => d != output.Shape[i]).Any())
                throw ctx.Fail(op, $"dims [{string.Join(", ", shape)}] differ from the output shape {LoweringContext.ShapeText(output.Shape)}");
            GraphTensor valueTensor;
            if (ctx.IsConstant(op, value))
            {
                byte[] data = ctx.ConstantData(op, value, "value", value.Type, 1);
                GraphTensor o = ctx.Value(output);
                valueTensor = ctx.Constant(value.Name, value.Type, Array.Empty<int>(), data, o.Scale, o.ZeroPoint);
            }
            else
            {
                ctx.RequireSameQuantization(op, value, "value", output, "output");
                valueTensor = BroadcastToLowering.Data(ctx, op, value, "value");
            }
            LayerPlan layer = ctx.Emit("BROADCAST_TO", op);
            layer.Inputs.Add(valueTensor);
            layer.Outputs.Add(ctx.Value(output));
        }
    }

    /// <summary>ZEROS_LIKE (TFLM zeros_like.cc) as a BROADCAST_TO of a constant zero scalar: int8,
    /// int32 or float32 (TFLM's types but int64, which the blob does not carry); raw zeros (an int8
    /// output holds 0, not its zero point, as TFLM writes it). The input is not read.</summary>
    [Lowers(BuiltinOperator.ZerosLike, "BROADCAST_TO", MaxRank = 6)]
    internal sealed class ZerosLikeLowering : IOperatorLowering
    {
        private static readonly TensorType[] Types = { TensorType.Int8, TensorType.Int32, TensorType.Float32 };

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            if (!Types.Contains(input.Type))
                throw ctx.Fail(op, $"input type {TensorTypes.Name(input.Type)} is not supported: TFLM's ZEROS_LIKE takes int8, int32, float32 or int64, the blob no int64 ({LoweringContext.Describe(input)})");
            if (output.Type != input.Type)
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} differs from the input type {TensorTypes.Name(input.Type)}");
            if (!input.Shape.SequenceEqual(output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            GraphTensor o = ctx.Value(output);
            GraphTensor zero = ctx.Constant(output.Name + "/zero", output.Type, Array.Empty<int>(),
                                            new byte[TensorTypes.ElementSize(output.Type)], o.Scale, o.ZeroPoint);
            LayerPlan layer = ctx.Emit("BROADCAST_TO", op);
            layer.Inputs.Add(zero);
            layer.Outputs.Add(o);
        }
    }
}
