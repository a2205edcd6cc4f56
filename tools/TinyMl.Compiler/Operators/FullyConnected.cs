using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>FULLY_CONNECTED (TFLM fully_connected_common.cc CalculateOpDataFullyConnected).</summary>
    [Lowers(BuiltinOperator.FullyConnected, "FULLY_CONNECTED", "RESHAPE", "CONV_2D_16X8", MaxRank = 6)]
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

            // 16x8: int16 activations, zero points 0 (TFLM's int16 kernel takes them as offsets, the
            // converter writes 0); run as a 1x1 CONV_2D_16X8 over [batches, 1, 1, depth] views
            bool s16 = input.Type == TensorType.Int16;
            var (inScale, inZp) = s16 ? ctx.Activation16(op, input, "input") : ctx.Activation(op, input, "input");
            var (outScale, outZp) = s16 ? ctx.Activation16(op, output, "output") : ctx.Activation(op, output, "output");
            if (s16 && (inZp != 0 || outZp != 0))
                throw ctx.Fail(op, $"int16 zero points must be 0 (input {inZp}, output {outZp}): TFLite's 16x8 quantization");
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
            if ((scales.Length > 1 || s16) && weights.Quantization.ZeroPoint.Any(z => z != 0))
                throw ctx.Fail(op, $"{(s16 ? "16x8" : "per-channel")} weights {LoweringContext.Describe(weights)} must have zero point 0");
            byte[]? biasData = null;
            bool wide = s16 && o.QuantizedBiasType != TensorType.Int32; // 16x8 without bias: TFLM's rule
            if (bias != null)
            {
                int[] bShape = ctx.StaticShape(op, bias, "bias");
                if (LoweringContext.Product(bShape) != outDepth) throw ctx.Fail(op, $"bias shape {LoweringContext.ShapeText(bShape)} does not have {outDepth} elements");
                wide = s16 && bias.Type == TensorType.Int64;
                biasData = wide ? Conv2DLowering.Int64BiasAsInt32(ctx, op, bias, outDepth) : ctx.ConstantData(op, bias, "bias", TensorType.Int32, outDepth);
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
            if (s16)
            {
                Emit16x8(ctx, op, input, weights, weightData, bias, biasData, output, batches, outDepth, accumDepth,
                         multipliers, shifts, wide, o.Activation, outScale);
                return;
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

        /// <summary>FULLY_CONNECTED 16x8 (TFLM's int16 FullyConnected: int64 sums with an int64 bias or
        /// none, int32 sums with an int32 bias) as RESHAPE to [batches, 1, 1, depth], a 1x1
        /// CONV_2D_16X8 with the weights as [outputs, 1, 1, depth] (the same sums and
        /// requantization; a per-tensor scale repeated per channel), RESHAPE back. The reshapes
        /// alias in place.</summary>
        private static void Emit16x8(LoweringContext ctx, TfliteOperator op, TfliteTensor input, TfliteTensor weights,
                                     byte[] weightData, TfliteTensor? bias, byte[]? biasData, TfliteTensor output,
                                     long batches, int outDepth, int accumDepth, int[] multipliers, int[] shifts,
                                     bool wide, ActivationFunction activation, float outScale)
        {
            var m = new int[outDepth];
            var sh = new int[outDepth];
            for (int c = 0; c < outDepth; c++)
            {
                m[c] = multipliers.Length > 1 ? multipliers[c] : multipliers[0];
                sh[c] = shifts.Length > 1 ? shifts[c] : shifts[0];
                if (wide && sh[c] > 7)
                    throw ctx.Fail(op, $"channel {c}: the output scale needs a left shift of {sh[c]}; TFLite's 64-bit requantization takes at most 7");
            }
            if (batches > int.MaxValue) throw ctx.Fail(op, $"{batches} rows are too many");
            var (actMin, actMax) = QuantizationMath.ActivationRange(activation, outScale, 0, short.MinValue, short.MaxValue, ctx.What(op));
            GraphTensor rows = ctx.Intermediate(ctx.Value(input), new[] { (int)batches, 1, 1, accumDepth }, input.Name + "/rows");
            GraphTensor columns = ctx.Intermediate(ctx.Value(output), new[] { (int)batches, 1, 1, outDepth }, output.Name + "/columns");
            LayerPlan before = ctx.Emit("RESHAPE", op);
            before.Inputs.Add(ctx.Value(input));
            before.Outputs.Add(rows);
            LayerPlan layer = ctx.Emit("CONV_2D_16X8", op);
            layer.Inputs.Add(rows);
            layer.Inputs.Add(ctx.Constant(weights.Name, TensorType.Int8, new[] { outDepth, 1, 1, accumDepth }, weightData, 0f, 0));
            layer.Inputs.Add(bias == null ? ctx.BiasOf(null, null, output.Name, outDepth)
                                          : ctx.Constant(bias.Name, TensorType.Int32, new[] { outDepth }, biasData!, 0f, 0));
            layer.Outputs.Add(columns);
            layer.Multipliers = m;
            layer.Shifts = sh;
            layer.Param("act_min", actMin).Param("act_max", actMax).Param("stride_h", 1).Param("stride_w", 1)
                .Param("pad_h", 0).Param("pad_w", 0).Param("dilation_h", 1).Param("dilation_w", 1)
                .Param("filter_h", 1).Param("filter_w", 1).Param("wide_accumulator", wide ? 1 : 0);
            layer.Macs = batches * outDepth * accumDepth;
            layer.ScratchBytes = Conv2DLowering.Scratch16x8(ctx, op, new[] { (int)batches, 1, 1, accumDepth }, new[] { outDepth, 1, 1, accumDepth });
            LayerPlan after = ctx.Emit("RESHAPE", op);
            after.Inputs.Add(columns);
            after.Outputs.Add(ctx.Value(output));
        }
    }
}
