using System;
using System.Collections.Generic;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>CONV_2D and DEPTHWISE_CONV_2D (TFLM conv.cc / depthwise_conv.cc Prepare).</summary>
    [Lowers(BuiltinOperator.Conv2D, "CONV_2D", "CONV_2D_16X8", "SPLIT_V", "CONCATENATION", Variant = "CONV_2D")]
    [Lowers(BuiltinOperator.DepthwiseConv2D, "DEPTHWISE_CONV_2D", "CONV_2D", "CONV_2D_16X8", Variant = "DEPTHWISE_CONV_2D")]
    internal sealed class Conv2DLowering : IOperatorLowering
    {
        private readonly bool _depthwise;

        public Conv2DLowering(string variant)
        {
            _depthwise = variant == "DEPTHWISE_CONV_2D";
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            bool depthwise = _depthwise;
            ctx.CheckInputCount(op, 2, 3);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor filter = ctx.RequiredInput(op, 1, "filter");
            TfliteTensor? bias = op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? ctx.Tensor(op.Inputs[2]) : null;
            TfliteTensor output = ctx.Output(op);
            if (input.Type == TensorType.Int16)
            {
                Lower16x8(ctx, op, depthwise, input, filter, bias, output);
                return;
            }

            var (inScale, inZp) = ctx.Activation(op, input, "input");
            var (outScale, outZp) = ctx.Activation(op, output, "output");
            int[] inShape = input.Shape, outShape = output.Shape;
            int[] fShape = ctx.StaticShape(op, filter, "filter");
            if (inShape.Length != 4) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(inShape)} is not 4-D (NHWC)");
            if (outShape.Length != 4) throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(outShape)} is not 4-D (NHWC)");
            if (fShape.Length != 4) throw ctx.Fail(op, $"filter shape {LoweringContext.ShapeText(fShape)} is not 4-D");
            if (LoweringContext.Product(inShape) == 0 || LoweringContext.Product(fShape) == 0 || LoweringContext.Product(outShape) == 0)
                throw ctx.Fail(op, "a tensor has a zero dimension");

            int inC = inShape[3], outC = outShape[3];
            int filterH = fShape[1], filterW = fShape[2];
            Padding padding; int strideH, strideW, dilH, dilW, depthMultiplier;
            ActivationFunction activation;
            int groups = 1;
            if (depthwise)
            {
                var o = ctx.Options<DepthwiseConv2DOptions>(op, BuiltinOptionsType.DepthwiseConv2DOptions);
                padding = o.Padding; strideH = o.StrideH; strideW = o.StrideW;
                dilH = o.DilationH; dilW = o.DilationW; activation = o.Activation;
                depthMultiplier = o.DepthMultiplier;
                if (fShape[0] != 1) throw ctx.Fail(op, $"filter shape {LoweringContext.ShapeText(fShape)} must be [1, h, w, channels]");
                if (fShape[3] != outC) throw ctx.Fail(op, $"filter has {fShape[3]} channels, output has {outC}");
                if (depthMultiplier < 1 || (long)inC * depthMultiplier != outC)
                    throw ctx.Fail(op, $"depth_multiplier {depthMultiplier} x input channels {inC} != output channels {outC}");
            }
            else
            {
                var o = ctx.Options<Conv2DOptions>(op, BuiltinOptionsType.Conv2DOptions);
                padding = o.Padding; strideH = o.StrideH; strideW = o.StrideW;
                dilH = o.DilationH; dilW = o.DilationW; activation = o.Activation;
                depthMultiplier = 1;
                if (fShape[0] != outC) throw ctx.Fail(op, $"filter has {fShape[0]} output channels, output has {outC}");
                if (fShape[3] != inC)
                {
                    // Grouped (TFLM conv.cc: groups = input depth / filter depth, each group's
                    // output channels see only its slice of the input channels).
                    if (inC % fShape[3] != 0)
                        throw ctx.Fail(op, $"filter has {fShape[3]} input channels, input has {inC}: not a whole number of groups");
                    groups = inC / fShape[3];
                    if (outC % groups != 0)
                        throw ctx.Fail(op, $"{outC} output channels do not split into {groups} groups (input {inC} / filter {fShape[3]} channels)");
                    int most = Math.Min(OpTable.Get("SPLIT_V").Outputs, OpTable.Get("CONCATENATION").Inputs);
                    if (most >= 0 && groups > most)
                        throw ctx.Fail(op, $"grouped convolution of {groups} groups; at most {most} are supported");
                }
            }
            if (outShape[0] != inShape[0]) throw ctx.Fail(op, $"batch of output {outShape[0]} != batch of input {inShape[0]}");
            var (padH, padW) = ctx.Windowed(op, padding, strideH, strideW, dilH, dilW,
                inShape[1], inShape[2], filterH, filterW, outShape[1], outShape[2]);

            byte[] weights = ctx.ConstantData(op, filter, "filter", TensorType.Int8, LoweringContext.Product(fShape));
            int quantDim = depthwise ? 3 : 0;
            float[] filterScales = ctx.FilterScales(op, filter, fShape, quantDim, outC, requireZeroZp: true);
            byte[]? biasData = null;
            if (bias != null)
            {
                int[] bShape = ctx.StaticShape(op, bias, "bias");
                if (LoweringContext.Product(bShape) != outC) throw ctx.Fail(op, $"bias shape {LoweringContext.ShapeText(bShape)} does not have {outC} elements");
                biasData = ctx.ConstantData(op, bias, "bias", TensorType.Int32, outC);
            }

            // PopulateConvolutionQuantizationParams: (double)input_scale * (double)filter_scale / (double)output_scale.
            var multipliers = new int[outC];
            var shifts = new int[outC];
            for (int c = 0; c < outC; c++)
            {
                float scale = filterScales.Length > 1 ? filterScales[c] : filterScales[0];
                double effective = (double)inScale * (double)scale / (double)outScale;
                (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplierChecked(effective, $"{ctx.What(op)}: channel {c}");
            }
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(activation, outScale, outZp, ctx.What(op));
            if (groups > 1)
            {
                LowerGrouped(ctx, op, input, output, groups, fShape, weights, filterScales[0], biasData, multipliers, shifts,
                    new[] { -inZp, outZp, actMin, actMax, strideH, strideW, padH, padW, dilH, dilW });
                return;
            }

            // A depthwise convolution of one input channel (micro_speech's first layer: 1 channel,
            // depth multiplier 8) is a full convolution whose filter is the transpose,
            // out[c] = bias[c] + sum over ky, kx of in[ky, kx, 0] * w[ky, kx, c]. The int32 sums are
            // exact whatever the order, and the per-channel requantization is the same, so storing
            // it as CONV_2D [c, kh, kw, 1] gives the same bytes and runs on the blocked conv kernels.
            bool asConv = !depthwise || (inC == 1 && outC > 1 && ctx.LowerSingleChannelDepthwise);
            GraphTensor filterTensor;
            if (depthwise && asConv)
            {
                filterTensor = ctx.Constant(filter.Name, TensorType.Int8, new[] { outC, filterH, filterW, 1 }, ByChannel(weights, filterH, filterW, outC), filterScales[0], 0);
            }
            else
            {
                filterTensor = ctx.ConstantOf(filter, weights);
            }

            LayerPlan layer = ctx.Emit(asConv ? "CONV_2D" : "DEPTHWISE_CONV_2D", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Inputs.Add(filterTensor);
            layer.Inputs.Add(ctx.BiasOf(bias, biasData, output.Name, outC));
            layer.Outputs.Add(ctx.Value(output));
            layer.Multipliers = multipliers;
            layer.Shifts = shifts;
            layer.Param("input_offset", -inZp).Param("output_offset", outZp)
                .Param("act_min", actMin).Param("act_max", actMax)
                .Param("stride_h", strideH).Param("stride_w", strideW)
                .Param("pad_h", padH).Param("pad_w", padW)
                .Param("dilation_h", dilH).Param("dilation_w", dilW)
                .Param("filter_h", filterH).Param("filter_w", filterW);
            if (!asConv) layer.Param("depth_multiplier", depthMultiplier);
            long perOutput = depthwise ? (long)filterH * filterW : (long)filterH * filterW * inC;
            layer.Macs = LoweringContext.Product(outShape) * perOutput;
            // The blob is target-independent: the arena holds the largest scratch any kernel
            // variant asks for (tnm_conv_s8_scratch_size_max), computed by the native code itself.
            int[] filterDims = asConv ? new[] { outC, filterH, filterW, depthwise ? 1 : fShape[3] } : new[] { 1, filterH, filterW, outC };
            int scratch = asConv ? ConvScratchSizeMax(0, inShape, filterDims, outShape)
                                 : DepthwiseScratchWithBands(inShape, filterDims, outShape, strideH, padH, dilH);
            if (scratch < 0)
                throw ctx.Fail(op, $"the convolution's scratch size is out of range (filter {LoweringContext.ShapeText(filterDims)})");
            layer.ScratchBytes = scratch;
        }
    
        /// <summary>CONV_2D over int16 activations with int8 weights (TFLite's 16x8 quantization; TFLM
        /// runs reference_integer_ops::ConvPerChannel for int16): CONV_2D_16X8. Zero points 0
        /// (TFLite's converter writes no other; TFLM's int16 kernel takes no offsets), grouped
        /// filters, a bias of int64 (the sums in int64, TFLite's 64-bit requantization) or int32
        /// (the sums in int32, TFLM's int32-bias path); without a bias the options'
        /// quantized_bias_type decides, int64 unless it says int32, as TFLM does. A 16x8
        /// DEPTHWISE_CONV_2D is the same loop grouped by input channel (TFLM's int16 depthwise kernel:
        /// int64 sums, an int64 bias): its filter [1, h, w, out_c] stored as [out_c, h, w, 1].</summary>
        private static void Lower16x8(LoweringContext ctx, TfliteOperator op, bool depthwise, TfliteTensor input, TfliteTensor filter,
                                      TfliteTensor? bias, TfliteTensor output)
        {
            var (inScale, inZp) = ctx.Activation16(op, input, "input");
            var (outScale, outZp) = ctx.Activation16(op, output, "output");
            if (inZp != 0 || outZp != 0)
                throw ctx.Fail(op, $"int16 zero points must be 0 (input {inZp}, output {outZp}): TFLite's 16x8 quantization");
            int[] inShape = input.Shape, outShape = output.Shape;
            int[] fShape = ctx.StaticShape(op, filter, "filter");
            if (inShape.Length != 4 || outShape.Length != 4 || fShape.Length != 4)
                throw ctx.Fail(op, $"input {LoweringContext.ShapeText(inShape)}, filter {LoweringContext.ShapeText(fShape)} and output {LoweringContext.ShapeText(outShape)} must be 4-D");
            if (LoweringContext.Product(inShape) == 0 || LoweringContext.Product(fShape) == 0 || LoweringContext.Product(outShape) == 0)
                throw ctx.Fail(op, "a tensor has a zero dimension");
            int inC = inShape[3], outC = outShape[3], filterH = fShape[1], filterW = fShape[2], groupC = depthwise ? 1 : fShape[3];
            Padding padding; int strideH, strideW, dilH, dilW;
            ActivationFunction activation;
            TensorType quantizedBiasType;
            if (depthwise)
            {
                var d = ctx.Options<DepthwiseConv2DOptions>(op, BuiltinOptionsType.DepthwiseConv2DOptions);
                (padding, strideH, strideW, dilH, dilW, activation) = (d.Padding, d.StrideH, d.StrideW, d.DilationH, d.DilationW, d.Activation);
                quantizedBiasType = TensorType.Int64; // TFLM's int16 depthwise sums in int64 only
                if (fShape[0] != 1 || fShape[3] != outC) throw ctx.Fail(op, $"filter shape {LoweringContext.ShapeText(fShape)} must be [1, h, w, {outC}]");
                if (d.DepthMultiplier < 1 || (long)inC * d.DepthMultiplier != outC)
                    throw ctx.Fail(op, $"depth_multiplier {d.DepthMultiplier} x input channels {inC} != output channels {outC}");
            }
            else
            {
                var c2 = ctx.Options<Conv2DOptions>(op, BuiltinOptionsType.Conv2DOptions);
                (padding, strideH, strideW, dilH, dilW, activation) = (c2.Padding, c2.StrideH, c2.StrideW, c2.DilationH, c2.DilationW, c2.Activation);
                quantizedBiasType = c2.QuantizedBiasType;
                if (fShape[0] != outC) throw ctx.Fail(op, $"filter has {fShape[0]} output channels, output has {outC}");
            }
            if (inC % groupC != 0 || outC % (inC / groupC) != 0)
                throw ctx.Fail(op, $"filter of {groupC} input channels does not divide the input's {inC} into groups that divide the {outC} output channels");
            if (outShape[0] != inShape[0]) throw ctx.Fail(op, $"batch of output {outShape[0]} != batch of input {inShape[0]}");
            if ((long)filterH * filterW * groupC > 1 << 24)
                throw ctx.Fail(op, $"a window of {(long)filterH * filterW * groupC} values is more than 2^24 (the 64-bit sums' range)");
            var (padH, padW) = ctx.Windowed(op, padding, strideH, strideW, dilH, dilW,
                inShape[1], inShape[2], filterH, filterW, outShape[1], outShape[2]);

            byte[] weights = ctx.ConstantData(op, filter, "filter", TensorType.Int8, LoweringContext.Product(fShape));
            float[] filterScales = ctx.FilterScales(op, filter, fShape, depthwise ? 3 : 0, outC, requireZeroZp: true);
            bool wide;
            byte[]? biasData = null;
            if (bias != null)
            {
                int[] bShape = ctx.StaticShape(op, bias, "bias");
                if (LoweringContext.Product(bShape) != outC) throw ctx.Fail(op, $"bias shape {LoweringContext.ShapeText(bShape)} does not have {outC} elements");
                // (TFLM reads a 16x8 depthwise layer's bias as int64 whatever its type)
                wide = depthwise || bias.Type == TensorType.Int64;
                biasData = wide ? Int64BiasAsInt32(ctx, op, bias, outC) : ctx.ConstantData(op, bias, "bias", TensorType.Int32, outC);
            }
            else
            {
                wide = quantizedBiasType != TensorType.Int32;
            }

            var multipliers = new int[outC];
            var shifts = new int[outC];
            for (int c = 0; c < outC; c++)
            {
                float scale = filterScales.Length > 1 ? filterScales[c] : filterScales[0];
                double effective = (double)inScale * (double)scale / (double)outScale;
                (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplierChecked(effective, $"{ctx.What(op)}: channel {c}");
                if (wide && shifts[c] > 7)
                    throw ctx.Fail(op, $"channel {c}: effective scale {effective:R} needs a left shift of {shifts[c]}; TFLite's 64-bit requantization takes at most 7");
            }
            var (actMin, actMax) = QuantizationMath.ActivationRange(activation, outScale, 0, short.MinValue, short.MaxValue, ctx.What(op));

            LayerPlan layer = ctx.Emit("CONV_2D_16X8", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Inputs.Add(depthwise ? ctx.Constant(filter.Name, TensorType.Int8, new[] { outC, filterH, filterW, 1 }, ByChannel(weights, filterH, filterW, outC), filterScales[0], 0)
                                       : ctx.ConstantOf(filter, weights));
            // an int64 bias is stored as the int32 values it holds (checked above)
            layer.Inputs.Add(bias == null ? ctx.BiasOf(null, null, output.Name, outC)
                                          : ctx.Constant(bias.Name, TensorType.Int32, new[] { outC }, biasData!, 0f, 0));
            layer.Outputs.Add(ctx.Value(output));
            layer.Multipliers = multipliers;
            layer.Shifts = shifts;
            layer.Param("act_min", actMin).Param("act_max", actMax)
                .Param("stride_h", strideH).Param("stride_w", strideW)
                .Param("pad_h", padH).Param("pad_w", padW)
                .Param("dilation_h", dilH).Param("dilation_w", dilW)
                .Param("filter_h", filterH).Param("filter_w", filterW)
                .Param("wide_accumulator", wide ? 1 : 0);
            layer.Macs = LoweringContext.Product(outShape) * (long)filterH * filterW * groupC;
            layer.ScratchBytes = Scratch16x8(ctx, op, input.Shape, new[] { outC, filterH, filterW, groupC });
        }

        /// <summary>CONV_2D_16X8's scratch, the kernel's own query (native code): one output pixel's window.</summary>
        internal static int Scratch16x8(LoweringContext ctx, TfliteOperator op, int[] input4, int[] filter4)
        {
            int scratch = Conv16x8ScratchSize(input4, filter4);
            if (scratch < 0) throw ctx.Fail(op, $"input {LoweringContext.ShapeText(input4)} and filter {LoweringContext.ShapeText(filter4)} are out of the 16x8 kernel's range");
            return scratch;
        }

        [System.Runtime.InteropServices.DllImport("tinyml_native", EntryPoint = "tnm_host_conv_16x8_scratch_size")]
        private static extern int Conv16x8ScratchSize(int[] input4, int[] filter4);

        /// <summary>A depthwise filter [1, h, w, c] as the convolution filter [c, h, w, 1].</summary>
        /// <summary>A grouped int8 CONV_2D as one SPLIT_V of the input's channels into the groups, a
        /// CONV_2D per group (its rows of the filter, bias, multipliers and shifts) and a
        /// CONCATENATION of their outputs: the same sums and requantization per output channel
        /// as TFLM's grouped ConvPerChannel, on the ungrouped kernels.</summary>
        private static void LowerGrouped(LoweringContext ctx, TfliteOperator op, TfliteTensor input, TfliteTensor output, int groups,
            int[] fShape, byte[] weights, float filterScale, byte[]? biasData, int[] multipliers, int[] shifts, int[] p)
        {
            int[] inShape = input.Shape, outShape = output.Shape;
            int fic = fShape[3], ocg = outShape[3] / groups, filterH = fShape[1], filterW = fShape[2];
            int perFilter = filterH * filterW * fic;
            int[] partShape = { inShape[0], inShape[1], inShape[2], fic };
            int[] resultShape = { outShape[0], outShape[1], outShape[2], ocg };
            int[] filterDims = { ocg, filterH, filterW, fic };
            int scratch = ConvScratchSizeMax(0, partShape, filterDims, resultShape);
            if (scratch < 0)
                throw ctx.Fail(op, $"the convolution's scratch size is out of range (filter {LoweringContext.ShapeText(filterDims)})");
            GraphTensor whole = ctx.Value(input), result = ctx.Value(output);
            var parts = new GraphTensor[groups];
            var results = new GraphTensor[groups];
            for (int g = 0; g < groups; g++)
            {
                parts[g] = ctx.Intermediate(whole, partShape, $"{input.Name}/group{g}");
                results[g] = ctx.Intermediate(result, resultShape, $"{output.Name}/group{g}");
            }
            LayerPlan split = ctx.Emit("SPLIT_V", op);
            split.Inputs.Add(whole);
            foreach (GraphTensor t in parts) split.Outputs.Add(t);
            split.Param("axis", 3);
            for (int g = 0; g < groups; g++)
            {
                byte[] w = new byte[ocg * perFilter];
                Array.Copy(weights, g * ocg * perFilter, w, 0, w.Length);
                byte[] b = new byte[4 * ocg];
                if (biasData != null) Array.Copy(biasData, 4 * g * ocg, b, 0, b.Length);
                LayerPlan layer = ctx.Emit("CONV_2D", op);
                layer.Inputs.Add(parts[g]);
                layer.Inputs.Add(ctx.Constant($"{output.Name}/filter{g}", TensorType.Int8, filterDims, w, filterScale, 0));
                layer.Inputs.Add(ctx.Constant($"{output.Name}/bias{g}", TensorType.Int32, new[] { ocg }, b, 0f, 0));
                layer.Outputs.Add(results[g]);
                layer.Multipliers = multipliers[(g * ocg)..((g + 1) * ocg)];
                layer.Shifts = shifts[(g * ocg)..((g + 1) * ocg)];
                layer.Param("input_offset", p[0]).Param("output_offset", p[1])
                    .Param("act_min", p[2]).Param("act_max", p[3])
                    .Param("stride_h", p[4]).Param("stride_w", p[5])
                    .Param("pad_h", p[6]).Param("pad_w", p[7])
                    .Param("dilation_h", p[8]).Param("dilation_w", p[9])
                    .Param("filter_h", filterH).Param("filter_w", filterW);
                layer.Macs = LoweringContext.Product(resultShape) * (long)perFilter;
                layer.ScratchBytes = scratch;
            }
            LayerPlan concat = ctx.Emit("CONCATENATION", op);
            foreach (GraphTensor t in results) concat.Inputs.Add(t);
            concat.Outputs.Add(result);
            concat.Param("axis", 3);
        }

        private static byte[] ByChannel(byte[] weights, int filterH, int filterW, int channels)
        {
            var byChannel = new byte[weights.Length];
            for (int ky = 0; ky < filterH; ky++)
                for (int kx = 0; kx < filterW; kx++)
                    for (int c = 0; c < channels; c++)
                        byChannel[(c * filterH + ky) * filterW + kx] = weights[(ky * filterW + kx) * channels + c];
            return byChannel;
        }

        /// <summary>A 16x8 layer's int64 bias as the int32 values it holds (the runtime's bias is
        /// int32; the sums stay int64): a value beyond int32 is refused by name.</summary>
        internal static byte[] Int64BiasAsInt32(LoweringContext ctx, TfliteOperator op, TfliteTensor bias, int outC)
        {
            byte[] b64 = ctx.ConstantData(op, bias, "bias", TensorType.Int64, outC);
            var data = new byte[4 * outC];
            for (int c = 0; c < outC; c++)
            {
                long v = BitConverter.ToInt64(b64, 8 * c);
                if (v < int.MinValue || v > int.MaxValue)
                    throw ctx.Fail(op, $"int64 bias value {v} of channel {c} is outside int32; not supported");
                BitConverter.GetBytes((int)v).CopyTo(data, 4 * c);
            }
            return data;
        }

        /// <summary>A depthwise layer's scratch: the whole call's and that of every one-row band the
        /// runtime may run it in when it runs in place (tnm_op_conv.c, in_place_plan: the band's
        /// input rows clipped to the image). A band may need more than the whole call: the
        /// Cortex-M padded copy (DW_PADDED) takes small images, and a band is one.</summary>
        internal static int DepthwiseScratchWithBands(int[] input4, int[] filter4, int[] output4, int strideH, int padH, int dilH)
        {
            int best = ConvScratchSizeMax(1, input4, filter4, output4);
            if (best < 0 || input4[0] != 1) return best;
            int inH = input4[1], outH = output4[1], filterH = filter4[1];
            var seen = new HashSet<int>();
            for (int u = 0; u < outH; u++)
            {
                long first = (long)u * strideH - padH, last = first + (long)(filterH - 1) * dilH;
                long lo = Math.Clamp(first, 0, inH), hi = Math.Min(last, inH - 1);
                int rows = (int)(hi - lo + 1);
                if (rows < 1 || !seen.Add(rows)) continue;
                int need = ConvScratchSizeMax(1, new[] { 1, rows, input4[2], input4[3] }, filter4, new[] { 1, 1, output4[2], output4[3] });
                if (need < 0) return need;
                best = Math.Max(best, need);
            }
            return best;
        }

        /// <summary>The largest scratch any kernel variant takes for this shape (native code), &lt; 0 when out of range.</summary>
        internal static int ScratchFor(bool depthwise, int[] input4, int[] filter4, int[] output4) =>
            ConvScratchSizeMax(depthwise ? 1 : 0, input4, filter4, output4);

        [System.Runtime.InteropServices.DllImport("tinyml_native", EntryPoint = "tnm_host_conv_scratch_size_max")]
        private static extern int ConvScratchSizeMax(int depthwise, int[] input4, int[] filter4, int[] output4);
    }
}
