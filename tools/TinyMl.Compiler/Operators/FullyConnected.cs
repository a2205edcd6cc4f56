using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>FULLY_CONNECTED (TFLM fully_connected_common.cc CalculateOpDataFullyConnected).</summary>
    [Lowers(BuiltinOperator.FullyConnected, "FULLY_CONNECTED", MaxRank = 6)]
    internal sealed class FullyConnectedLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 3);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor weights = ctx.RequiredInput(op, 1, "weights");
            TfliteTensor? bias = op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? ctx.Tensor(op.Inputs[2]) : null;
            TfliteTensor output = ctx.Output(op);
            var o = ctx.OptionalOptions(op, () => new FullyConnectedOptions());
            if (o.WeightsFormat != 0) throw ctx.Fail(op, $"weights format {o.WeightsFormat} is not supported (DEFAULT only)");

            var (inScale, inZp) = ctx.Activation(op, input, "input");
            var (outScale, outZp) = ctx.Activation(op, output, "output");
            int[] wShape = ctx.StaticShape(op, weights, "weights");
            if (wShape.Length != 2) throw ctx.Fail(op, $"weights shape {LoweringContext.ShapeText(wShape)} is not 2-D [outputs, depth]");
            int outDepth = wShape[0], accumDepth = wShape[1];
            if (outDepth < 1 || accumDepth < 1) throw ctx.Fail(op, $"weights shape {LoweringContext.ShapeText(wShape)} has a zero dimension");
            long inElements = LoweringContext.Product(input.Shape);
            if (inElements == 0 || inElements % accumDepth != 0)
                throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(input.Shape)} is not a whole number of rows of {accumDepth}");
            long batches = inElements / accumDepth;
            if (LoweringContext.Product(output.Shape) != batches * outDepth)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} should hold {batches} x {outDepth} elements");
            if (output.Shape.Length == 0 || output.Shape[^1] != outDepth)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} must end in {outDepth}");

            byte[] weightData = ctx.ConstantData(op, weights, "weights", TensorType.Int8, LoweringContext.Product(wShape));
            float[] scales = ctx.FilterScales(op, weights, wShape, 0, outDepth, requireZeroZp: false);
            long wZp = weights.Quantization!.ZeroPoint[0];
            if (wZp < -128 || wZp > 127) throw ctx.Fail(op, $"weights {LoweringContext.Describe(weights)} zero point {wZp} is outside the int8 range");
            if (scales.Length > 1 && weights.Quantization.ZeroPoint.Any(z => z != 0))
                throw ctx.Fail(op, $"per-channel weights {LoweringContext.Describe(weights)} must have zero point 0");
            byte[]? biasData = null;
            if (bias != null)
            {
                int[] bShape = ctx.StaticShape(op, bias, "bias");
                if (LoweringContext.Product(bShape) != outDepth) throw ctx.Fail(op, $"bias shape {LoweringContext.ShapeText(bShape)} does not have {outDepth} elements");
                biasData = ctx.ConstantData(op, bias, "bias", TensorType.Int32, outDepth);
            }

            string what = ctx.What(op);
            int[] multipliers, shifts;
            if (scales.Length > 1)
            {
                // Per-channel: as CONV, (double)input_scale * (double)filter_scale / (double)output_scale.
                multipliers = new int[outDepth];
                shifts = new int[outDepth];
                for (int c = 0; c < outDepth; c++)
                {
                    double effective = (double)inScale * (double)scales[c] / (double)outScale;
                    (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplierChecked(effective, $"{what}: channel {c}");
                }
            }
            else
            {
                // GetQuantizedConvolutionMultipler: the product is taken in float, then widened.
                if (bias != null)
                {
                    double inputProductScale = (double)inScale * (double)scales[0];
                    float biasScale = bias.Quantization != null && bias.Quantization.IsAffine ? bias.Quantization.Scale[0] : 0f;
                    double scaleDiff = Math.Abs(inputProductScale - (double)biasScale);
                    if (!(scaleDiff / (double)outScale <= 0.02))
                    {
                        throw ctx.Fail(op, $"bias scale {biasScale:R} does not match input scale x weights scale {inputProductScale:R} (TFLite requires the difference / output scale <= 0.02)");
                    }
                }
                double product = (double)(float)(inScale * scales[0]);
                double real = product / (double)outScale;
                var (m, s) = QuantizationMath.QuantizeMultiplierChecked(real, what);
                multipliers = new[] { m };
                shifts = new[] { s };
            }
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, outScale, outZp, what);

            LayerPlan layer = ctx.Emit("FULLY_CONNECTED", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Inputs.Add(ctx.ConstantOf(weights, weightData));
            layer.Inputs.Add(ctx.BiasOf(bias, biasData, output.Name, outDepth));
            layer.Outputs.Add(ctx.Value(output));
            layer.Multipliers = multipliers;
            layer.Shifts = shifts;
            layer.Param("input_offset", -inZp).Param("output_offset", outZp)
                .Param("act_min", actMin).Param("act_max", actMax)
                .Param("filter_offset", (int)-wZp).Param("accum_depth", accumDepth).Param("output_depth", outDepth);
            layer.Macs = batches * outDepth * accumDepth;
        }
    }
}
