using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// RESHAPE, SQUEEZE and EXPAND_DIMS: the same bytes under another shape, so all three become
    /// the runtime's RESHAPE, which the arena planner aliases in place (no copy). The shape or
    /// axis operand is only checked: the output tensor's static shape is what the blob stores.
    /// </summary>
    [Lowers(BuiltinOperator.Reshape, "RESHAPE", MaxRank = 6)]
    [Lowers(BuiltinOperator.Squeeze, "RESHAPE", MaxRank = 6)]
    [Lowers(BuiltinOperator.ExpandDims, "RESHAPE", MaxRank = 6)]
    internal sealed class ReshapeLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            int code = ctx.Model.OperatorCodeOf(op).BuiltinCode;
            if (code == BuiltinOperator.ExpandDims) ctx.CheckInputCount(op, 2, 2);
            else if (code == BuiltinOperator.Squeeze) ctx.CheckInputCount(op, 1, 1);
            else ctx.CheckInputCount(op, 1, 2); // the optional second input is the (constant) shape
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            CheckTensor(ctx, op, input, "input");
            CheckTensor(ctx, op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            // TFLM can resolve a -1 in the output shape; converters write static shapes, and the
            // blob needs them, so we require them.
            long inElements = LoweringContext.Product(input.Shape), outElements = LoweringContext.Product(output.Shape);
            if (outElements != inElements)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} has {outElements} elements, input {LoweringContext.ShapeText(input.Shape)} has {inElements}");

            if (code == BuiltinOperator.ExpandDims)
            {
                int[] axis = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "axis"), "axis");
                if (axis.Length != 1) throw ctx.Fail(op, $"axis has {axis.Length} values, 1 expected");
                int a = ctx.Axis(op, axis[0], input.Shape.Length + 1, "axis");
                if (output.Shape.Length != input.Shape.Length + 1 || output.Shape[a] != 1)
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} is not input {LoweringContext.ShapeText(input.Shape)} with a 1 at {a}");
            }
            else if (code == BuiltinOperator.Squeeze)
            {
                var o = ctx.OptionalOptions(op, () => new SqueezeOptions());
                int expectRank = input.Shape.Length;
                if (o.SqueezeDims.Length == 0)
                {
                    expectRank = 0;
                    foreach (int d in input.Shape) if (d != 1) expectRank++;
                }
                else
                {
                    var dropped = new bool[input.Shape.Length];
                    foreach (int d in o.SqueezeDims)
                    {
                        int a = ctx.Axis(op, d, input.Shape.Length, "squeeze_dims entry");
                        if (input.Shape[a] != 1) throw ctx.Fail(op, $"squeeze_dims names dimension {a} of size {input.Shape[a]}, not 1");
                        if (!dropped[a]) expectRank--;
                        dropped[a] = true;
                    }
                }
                if (output.Shape.Length != expectRank)
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} should have rank {expectRank}");
            }

            LayerPlan layer = ctx.Emit("RESHAPE", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
        }

        internal static void CheckTensor(LoweringContext ctx, TfliteOperator op, TfliteTensor t, string role)
        {
            ctx.RequireCopyType(op, t, role);
            ctx.CheckActivationTensor(op, t, role);
            if (t.Type == TensorType.Int8 || t.Type == TensorType.UInt8 || t.Type == TensorType.Int16) ctx.QuantParams(op, t, role);
        }
    }

    /// <summary>QUANTIZE float32 -> int8 and requantization int8 -> int8, int8 <-> uint8 (TFLM quantize_common.cc).</summary>
    [Lowers(BuiltinOperator.Quantize, "QUANTIZE", MaxRank = 6)]
    internal sealed class QuantizeLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            if (output.Type != TensorType.Int8 && output.Type != TensorType.UInt8 && output.Type != TensorType.Int16 && output.Type != TensorType.Int32)
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} is not supported, int8, uint8, int16 or int32 required ({LoweringContext.Describe(output)})");
            ctx.CheckActivationTensor(op, output, "output");
            var (outScale, outZp) = ctx.QuantParams(op, output, "output");
            if (output.Quantization!.Scale.Length != 1)
                throw ctx.Fail(op, $"output {LoweringContext.Describe(output)} must be quantized per tensor (has {output.Quantization.Scale.Length} scales)");
            if (LoweringContext.Product(ctx.StaticShape(op, input, "input")) != LoweringContext.Product(output.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");

            // The pairs TFLM's quantize takes (quantize_common.cc PrepareQuantizeReference).
            TensorType i = input.Type, o = output.Type;
            bool integerPair =
                (i == TensorType.Int8 && (o == TensorType.Int8 || o == TensorType.UInt8 || o == TensorType.Int16 || o == TensorType.Int32)) ||
                (i == TensorType.UInt8 && o == TensorType.Int8) ||
                (i == TensorType.Int16 && (o == TensorType.Int8 || o == TensorType.Int16 || o == TensorType.Int32)) ||
                (i == TensorType.Int32 && (o == TensorType.Int8 || o == TensorType.Int16));
            LayerPlan layer;
            if (i == TensorType.Float32)
            {
                if (o != TensorType.Int8 && o != TensorType.Int16)
                    throw ctx.Fail(op, $"float32 -> {TensorTypes.Name(o)} is not supported (float32 -> int8 or int16) ({LoweringContext.Describe(output)})");
                ctx.CheckActivationTensor(op, input, "input");
                layer = ctx.Emit("QUANTIZE", op);
                layer.Param("multiplier", 0).Param("shift", 0).Param("input_zero_point", 0).Param("output_zero_point", outZp);
            }
            else if (integerPair)
            {
                ctx.CheckActivationTensor(op, input, "input");
                var (inScale, inZp) = ctx.QuantParams(op, input, "input");
                double effective = (double)inScale / (double)outScale;
                var (m, s) = QuantizationMath.QuantizeMultiplierChecked(effective, ctx.What(op));
                layer = ctx.Emit("QUANTIZE", op);
                layer.Param("multiplier", m).Param("shift", s).Param("input_zero_point", inZp).Param("output_zero_point", outZp);
            }
            else
            {
                throw ctx.Fail(op, $"input type {TensorTypes.Name(i)} to {TensorTypes.Name(o)} is not supported (float32 -> int8/int16; int8 -> int8/uint8/int16/int32; uint8 -> int8; int16 -> int8/int16/int32; int32 -> int8/int16) ({LoweringContext.Describe(input)})");
            }
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
        }
    }

    /// <summary>DEQUANTIZE int8, int16 or uint8 -> float32 with the input tensor's scale and zero point (TFLM
    /// dequantize.cc: the three input types of its Prepare).</summary>
    [Lowers(BuiltinOperator.Dequantize, "DEQUANTIZE", MaxRank = 6)]
    internal sealed class DequantizeLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            if (input.Type != TensorType.Int8 && input.Type != TensorType.Int16 && input.Type != TensorType.UInt8)
                throw ctx.Fail(op, $"input type {TensorTypes.Name(input.Type)} is not supported, int8, int16 or uint8 required ({LoweringContext.Describe(input)})");
            ctx.CheckActivationTensor(op, input, "input");
            ctx.QuantParams(op, input, "input");
            ctx.RequireType(op, output, "output", TensorType.Float32);
            if (ctx.IsConstant(op, output)) throw ctx.Fail(op, $"output {LoweringContext.Describe(output)} is a constant");
            if (LoweringContext.Product(ctx.StaticShape(op, output, "output")) != LoweringContext.Product(input.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from input shape {LoweringContext.ShapeText(input.Shape)}");
            LayerPlan layer = ctx.Emit("DEQUANTIZE", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
        }
    }
}
