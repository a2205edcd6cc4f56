using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>TRANSPOSE_CONV int8 per channel, or 16x8 (int16 activations, int64 or int16 bias as TFLM
    /// widens it) (TFLM transpose_conv.cc Prepare): padding from the output size. An int8 layer
    /// runs as convolutions where its geometry allows (<see cref="TransposeConvPhases"/>), else on
    /// the TRANSPOSE_CONV kernel.</summary>
    [Lowers(BuiltinOperator.TransposeConv, "TRANSPOSE_CONV", "CONV_2D", "PAD", "CONCATENATION", "BATCH_TO_SPACE_ND")]
    internal sealed class TransposeConvLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 3, 4);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.Options<TransposeConvOptions>(op, BuiltinOptionsType.TransposeConvOptions);
            TfliteTensor filter = ctx.RequiredInput(op, 1, "filter");
            TfliteTensor input = ctx.RequiredInput(op, 2, "input");
            TfliteTensor? bias = op.Inputs.Length > 3 && op.Inputs[3] >= 0 ? ctx.Tensor(op.Inputs[3]) : null;
            TfliteTensor output = ctx.Output(op);
            // 16x8: int16 activations, zero points 0 (TFLM's int16 kernel takes no offsets)
            bool s16 = input.Type == TensorType.Int16;
            var (si, zi) = s16 ? ctx.Activation16(op, input, "input") : ctx.Activation(op, input, "input");
            var (so, zo) = s16 ? ctx.Activation16(op, output, "output") : ctx.Activation(op, output, "output");
            if (s16 && (zi != 0 || zo != 0))
                throw ctx.Fail(op, $"int16 zero points must be 0 (input {zi}, output {zo}): TFLite's 16x8 quantization");
            int[] fs = ctx.StaticShape(op, filter, "filter");
            int[] ins = input.Shape, outs = output.Shape;
            if (fs.Length != 4 || ins.Length != 4 || outs.Length != 4) throw ctx.Fail(op, "input, filter and output must be 4-D");
            int outC = outs[3];
            if (fs[0] != outC || fs[3] != ins[3] || outs[0] != ins[0])
                throw ctx.Fail(op, $"filter {LoweringContext.ShapeText(fs)} does not match input {LoweringContext.ShapeText(ins)} and output {LoweringContext.ShapeText(outs)}");
            if (o.StrideH < 1 || o.StrideW < 1) throw ctx.Fail(op, $"stride {o.StrideH}x{o.StrideW} is not supported");
            if (o.Padding != Padding.Same && o.Padding != Padding.Valid) throw ctx.Fail(op, $"padding {(int)o.Padding} is not SAME or VALID");
            byte[] weights = ctx.ConstantData(op, filter, "filter", TensorType.Int8, LoweringContext.Product(fs));
            float[] scales = ctx.FilterScales(op, filter, fs, 0, outC, requireZeroZp: true);
            byte[]? biasData = null;
            if (bias != null)
            {
                if (LoweringContext.Product(ctx.StaticShape(op, bias, "bias")) != outC) throw ctx.Fail(op, $"bias does not have {outC} elements");
                if (s16 && bias.Type == TensorType.Int16)
                {
                    // TFLM widens an int16 bias to int64 before the int64 sums
                    byte[] b16 = ctx.ConstantData(op, bias, "bias", TensorType.Int16, outC);
                    biasData = new byte[4 * outC];
                    for (int c = 0; c < outC; c++) BitConverter.GetBytes((int)BitConverter.ToInt16(b16, 2 * c)).CopyTo(biasData, 4 * c);
                }
                else
                {
                    // 16x8 takes int64 (TFLM reads any other bias of a 16x8 layer as int64)
                    biasData = s16 ? Conv2DLowering.Int64BiasAsInt32(ctx, op, bias, outC) : ctx.ConstantData(op, bias, "bias", TensorType.Int32, outC);
                }
            }
            var multipliers = new int[outC];
            var shifts = new int[outC];
            for (int c = 0; c < outC; c++)
            {
                double real = (double)si * (double)(scales.Length > 1 ? scales[c] : scales[0]) / (double)so;
                (multipliers[c], shifts[c]) = QuantizationMath.QuantizeMultiplierChecked(real, $"{ctx.What(op)}: channel {c}");
                if (s16 && shifts[c] > 7)
                    throw ctx.Fail(op, $"channel {c}: effective scale {real:R} needs a left shift of {shifts[c]}; TFLite's 64-bit requantization takes at most 7");
            }
            var (actMin, actMax) = s16 ? QuantizationMath.ActivationRange(o.Activation, so, 0, short.MinValue, short.MaxValue, ctx.What(op))
                                       : QuantizationMath.ActivationRangeInt8(o.Activation, so, zo, ctx.What(op));
            int Pad(int stride, int image, int k)
            {
                long outSize = LoweringContext.OutSize(o.Padding, image, k, stride, 1);
                return LoweringContext.PadBefore(stride, 1, image, k, (int)outSize);
            }
            int padH = Pad(o.StrideH, outs[1], fs[1]), padW = Pad(o.StrideW, outs[2], fs[2]);
            if (!s16 && ctx.TransposeConvAsConvolutions &&
                TransposeConvPhases.TryLower(ctx, op, input, output, fs, weights, scales[0], ctx.BiasOf(bias, biasData, output.Name, outC),
                                             multipliers, shifts, new[] { -zi, zo, actMin, actMax }, o.StrideH, o.StrideW, padH, padW))
                return;
            LayerPlan layer = ctx.Emit("TRANSPOSE_CONV", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Inputs.Add(ctx.ConstantOf(filter, weights));
            layer.Inputs.Add(bias == null ? null
                             : s16 ? ctx.Constant(bias.Name, TensorType.Int32, new[] { outC }, biasData!, 0f, 0)
                                   : ctx.ConstantOf(bias, biasData!));
            layer.Outputs.Add(ctx.Value(output));
            layer.Multipliers = multipliers;
            layer.Shifts = shifts;
            layer.Param("input_offset", -zi).Param("output_offset", zo).Param("act_min", actMin).Param("act_max", actMax)
                .Param("stride_h", o.StrideH).Param("stride_w", o.StrideW)
                .Param("pad_h", padH).Param("pad_w", padW);
            layer.Macs = LoweringContext.Product(ins) * outC * fs[1] * fs[2];
        }
    }

    /// <summary>One axis of one output phase of a transposed convolution.</summary>
    /// <param name="First">The first filter tap of the phase.</param>
    /// <param name="Taps">How many taps its convolution has (every stride-th from First, reversed;
    /// indices past the filter are taps of weight 0).</param>
    /// <param name="Pad">The leading pad of its stride-1 convolution.</param>
    internal readonly record struct PhaseAxis(int First, int Taps, int Pad);

    /// <summary>
    /// An int8 TRANSPOSE_CONV as ordinary convolutions (the sub-pixel decomposition), so it runs on
    /// the convolution kernels (their fast paths on every core) instead of a loop of its own.
    /// TFLite's transposed convolution puts input pixel i times tap f on output o = i * s - pad + f.
    /// Output row o = q * s + r (phase r) therefore gathers the taps f = f0 + s * j, f0 = (r + pad)
    /// mod s, from input rows q + c - j, c = (r + pad) / s: a stride-1 convolution of the input with
    /// those taps reversed, g[t] = w[f0 + s * (K - 1 - t)], at leading pad K - 1 - c. Both axes
    /// alike (strides s_h and s_w): s_h x s_w convolutions [n, ceil(out_h / s_h), ceil(out_w / s_w),
    /// c] (flagged explicit geometry, TNM_LAYER_STRIP) writing into one tensor along the batch in
    /// phase order (or, where a phase's bytes are not a multiple of 4, gathered there by a
    /// CONCATENATION along the batch), and BATCH_TO_SPACE_ND with block s_h x s_w, which puts phase
    /// (ry, rx) at (q * s_h + ry, p * s_w + rx) and drops what lies past out_h x out_w. The int32 sums hold
    /// the same products (a sum modulo 2^32 does not depend on the order) plus the bias, and the
    /// requantization per channel is the same (TFLM's transpose conv and conv share
    /// MultiplyByQuantizedMultiplier), so the bytes are TFLM's. Windows that would lie wholly past
    /// the input (VALID padding with a filter that is not a multiple of the stride: rows the slice
    /// drops) get rows of the zero point appended by a PAD, which add nothing; a window that would
    /// start inside the input (an output trimmed at the start) gets leading taps of weight 0, and so
    /// does a phase no tap reaches (a filter smaller than the stride: its outputs are the bias's).
    /// Left on the TRANSPOSE_CONV kernel: more than 32 phases (a CONCATENATION's inputs).
    /// </summary>
    internal static class TransposeConvPhases
    {
        /// <summary>The phases of one axis (null for a negative pad), the rows each phase computes,
        /// and the rows of zero point the input needs appended so that every phase's last window
        /// touches it. A phase's taps may start with some of weight 0 (tap index First + s *
        /// (Taps - 1 - t) past the filter), where its window would start inside the input or where
        /// no tap of the filter reaches the phase.</summary>
        internal static PhaseAxis[]? Plan(int inSize, int filter, int stride, int pad, int outSize, out int rows, out int extra)
        {
            rows = (outSize + stride - 1) / stride;
            extra = 0;
            if (pad < 0) return null;
            var axis = new PhaseAxis[stride];
            for (int r = 0; r < stride; r++)
            {
                int first = (r + pad) % stride, c = (r + pad) / stride;
                // no tap reaches the phase (filter < stride): one of weight 0 (index first >= filter)
                int taps = first < filter ? (filter - 1 - first) / stride + 1 : 1;
                int lead = taps - 1 - c;
                if (lead < 0)
                {
                    // the window starts -lead rows into the input (an output trimmed at the start,
                    // Keras' output_padding): as many taps of weight 0 in front, at pad 0
                    taps -= lead;
                    lead = 0;
                }
                // the last window starts at rows - 1 - lead; it must be inside the (extended) input
                extra = Math.Max(extra, rows - 1 - lead - (inSize - 1));
                axis[r] = new PhaseAxis(first, taps, lead);
            }
            return axis;
        }

        /// <summary>Emits the layers; false (nothing emitted) where the geometry is left to the
        /// TRANSPOSE_CONV kernel. q: input offset, output offset, activation minimum and maximum.</summary>
        internal static bool TryLower(LoweringContext ctx, TfliteOperator op, TfliteTensor input, TfliteTensor output, int[] fs,
            byte[] weights, float filterScale, GraphTensor bias, int[] multipliers, int[] shifts, int[] q,
            int strideH, int strideW, int padH, int padW)
        {
            int sh = strideH, sw = strideW, count = sh * sw;
            if (sh < 1 || sw < 1 || (long)sh * sw > BlobFormat.MaxLayerInputs) return false;
            int[] ins = input.Shape, outs = output.Shape;
            int n = ins[0], ic = ins[3], oc = outs[3], kh = fs[1], kw = fs[2];
            PhaseAxis[]? ay = Plan(ins[1], kh, sh, padH, outs[1], out int rows, out int extraH);
            PhaseAxis[]? ax = Plan(ins[2], kw, sw, padW, outs[2], out int cols, out int extraW);
            if (ay == null || ax == null) return false;

            GraphTensor x = ctx.Value(input), y = ctx.Value(output);
            int[] phaseIn = { n, ins[1] + extraH, ins[2] + extraW, ic };
            if (extraH > 0 || extraW > 0)
            {
                GraphTensor padded = ctx.Intermediate(x, phaseIn, $"{output.Name}/input_extended");
                LayerPlan pad = ctx.Emit("PAD", op);
                pad.Inputs.Add(x);
                pad.Outputs.Add(padded);
                pad.Param("pad_value", -q[0]).Param("count", 4).ParamArray("before", new int[4])
                   .ParamArray("after", new[] { 0, extraH, extraW, 0 });
                x = padded;
            }
            int[] phaseOut = { n, rows, cols, oc };
            var phases = new GraphTensor[count];
            // phase (ry, rx) as images (ry * sw + rx) * n .. + n - 1: the layout BATCH_TO_SPACE_ND
            // reads. The convolutions write their parts of it in place where the parts stay
            // 4-byte aligned, else a CONCATENATION along the batch gathers them.
            long phaseBytes = LoweringContext.Product(phaseOut);
            GraphTensor? stacked = count == 1 ? null : ctx.Intermediate(y, new[] { count * n, rows, cols, oc }, $"{output.Name}/phases");
            bool inPlace = stacked != null && phaseBytes % ArenaPlanner.Alignment == 0 && phaseBytes * count <= int.MaxValue;
            for (int ry = 0; ry < sh; ry++)
            {
                for (int rx = 0; rx < sw; rx++)
                {
                    PhaseAxis py = ay[ry], px = ax[rx];
                    string name = $"{output.Name}/phase{ry}_{rx}";
                    GraphTensor result = count == 1 ? y : ctx.Intermediate(y, phaseOut, name);
                    phases[ry * sw + rx] = result;
                    if (inPlace) ctx.Aliases[result] = (stacked!, (int)(phaseBytes * (ry * sw + rx)));
                    int[] filterDims = { oc, py.Taps, px.Taps, ic };
                    var taps = new byte[oc * py.Taps * px.Taps * ic];
                    for (int c = 0; c < oc; c++)
                        for (int ty = 0; ty < py.Taps; ty++)
                            for (int tx = 0; tx < px.Taps; tx++)
                            {
                                int fy = py.First + sh * (py.Taps - 1 - ty), fx = px.First + sw * (px.Taps - 1 - tx);
                                if (fy < kh && fx < kw) // else a leading tap of weight 0 (Plan)
                                    Array.Copy(weights, ((c * kh + fy) * kw + fx) * ic, taps, ((c * py.Taps + ty) * px.Taps + tx) * ic, ic);
                            }
                    int scratch = Conv2DLowering.ScratchFor(false, phaseIn, filterDims, phaseOut);
                    if (scratch < 0)
                        throw ctx.Fail(op, $"the convolution's scratch size is out of range (filter {LoweringContext.ShapeText(filterDims)})");
                    LayerPlan conv = ctx.Emit("CONV_2D", op);
                    conv.Inputs.Add(x);
                    conv.Inputs.Add(ctx.Constant(name + "/filter", TensorType.Int8, filterDims, taps, filterScale, 0));
                    conv.Inputs.Add(bias);
                    conv.Outputs.Add(result);
                    conv.Multipliers = multipliers;
                    conv.Shifts = shifts;
                    conv.Param("input_offset", q[0]).Param("output_offset", q[1]).Param("act_min", q[2]).Param("act_max", q[3])
                        .Param("stride_h", 1).Param("stride_w", 1).Param("pad_h", py.Pad).Param("pad_w", px.Pad)
                        .Param("dilation_h", 1).Param("dilation_w", 1).Param("filter_h", py.Taps).Param("filter_w", px.Taps);
                    conv.ExplicitWindow = true;
                    conv.Macs = LoweringContext.Product(phaseOut) * py.Taps * px.Taps * ic;
                    conv.ScratchBytes = scratch;
                }
            }
            if (stacked == null) return true; // one phase: rows = out_h, cols = out_w
            if (!inPlace)
            {
                LayerPlan concat = ctx.Emit("CONCATENATION", op);
                foreach (GraphTensor t in phases) concat.Inputs.Add(t);
                concat.Outputs.Add(stacked);
                concat.Param("axis", 0);
            }
            // interleaves them, row q * s_h + ry, column p * s_w + rx, and drops what lies past out_h, out_w
            LayerPlan interleave = ctx.Emit("BATCH_TO_SPACE_ND", op);
            interleave.Inputs.Add(stacked);
            interleave.Outputs.Add(y);
            interleave.Param("block_h", sh).Param("block_w", sw).Param("top", 0).Param("left", 0);
            return true;
        }
    }
}
