using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Compiler.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>
    /// Compiles an int8 TFLite model into a .tnm blob: validates every operator, type, shape and
    /// quantization parameter, computes the kernel parameters exactly as TFLite Micro's Prepare
    /// functions do, plans the arena offline and writes the blob.
    /// Throws only <see cref="TfliteFormatException"/> (malformed file) and
    /// <see cref="ModelCompileException"/> (valid file we cannot compile).
    /// </summary>
    public static class ModelCompiler
    {
        public static readonly IReadOnlyList<string> SupportedOperators = new[]
        {
            "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D", "MAX_POOL_2D",
            "SOFTMAX", "ADD", "MUL", "RESHAPE", "QUANTIZE", "DEQUANTIZE",
        };

        public static CompiledModel Compile(byte[] tflite)
        {
            if (tflite == null) throw new ArgumentNullException(nameof(tflite));
            TfliteModel model = TfliteModel.Read(tflite);
            return Compile(model, tflite.Length);
        }

        public static CompiledModel Compile(TfliteModel model, int tfliteSize) => Compile(model, tfliteSize, lowerSingleChannelDepthwise: true);

        /// <param name="lowerSingleChannelDepthwise">
        /// Store a DEPTHWISE_CONV_2D of one input channel as the equivalent CONV_2D (see LowerConv);
        /// off only in the test that proves the two give the same bytes.
        /// </param>
        internal static CompiledModel Compile(TfliteModel model, int tfliteSize, bool lowerSingleChannelDepthwise)
        {
            try
            {
                return new Compilation(model, tfliteSize, lowerSingleChannelDepthwise).Run();
            }
            catch (Exception e) when (e is not ModelCompileException && e is not TfliteFormatException
                                      && e is not OutOfMemoryException)
            {
                // Every input is validated before use, so this is a compiler bug; the caller still
                // gets a typed error instead of a crash.
                throw new ModelCompileException("internal compiler error (please report): " + e.GetType().Name + ": " + e.Message);
            }
        }
    }

    /// <summary>One layer as lowered from a TFLite operator, before placement.</summary>
    internal sealed class LayerPlan
    {
        public int Op;
        public TfliteOperator Source = null!;
        public int Input;
        public int Input2 = -1;
        public int Output;
        public byte[]? Weights;
        public byte[]? Bias;
        public int[]? Multipliers;
        public int[]? Shifts;
        public readonly int[] Params = new int[BlobFormat.LayerParamCount];
        public long Macs;
    }

    internal sealed class Compilation
    {
        private readonly TfliteModel _model;
        private readonly TfliteSubgraph _sg;
        private readonly int _tfliteSize;
        private readonly bool _lowerSingleChannelDepthwise;

        public Compilation(TfliteModel model, int tfliteSize, bool lowerSingleChannelDepthwise)
        {
            _lowerSingleChannelDepthwise = lowerSingleChannelDepthwise;
            _model = model;
            _sg = model.MainSubgraph;
            _tfliteSize = tfliteSize;
        }

        public CompiledModel Run()
        {
            if (_sg.Inputs.Length != 1)
                throw new ModelCompileException($"the model has {_sg.Inputs.Length} inputs; TinyMl.Nano supports exactly one");
            if (_sg.Outputs.Length != 1)
                throw new ModelCompileException($"the model has {_sg.Outputs.Length} outputs; TinyMl.Nano supports exactly one");
            if (_sg.Operators.Count == 0)
                throw new ModelCompileException("the model has no operators");
            if (_sg.Operators.Count > BlobFormat.MaxLayers)
                throw new ModelCompileException($"the model has {_sg.Operators.Count} operators; at most {BlobFormat.MaxLayers} are supported");

            // Report the first unsupported operator before looking at details of the others.
            foreach (TfliteOperator op in _sg.Operators)
            {
                if (OpCodeOf(op) < 0)
                {
                    throw new ModelCompileException(
                        $"operator {op.Index} ({OpName(op)}): not supported by TinyMl.Nano; supported: {string.Join(", ", ModelCompiler.SupportedOperators)}");
                }
            }

            var layers = new List<LayerPlan>();
            foreach (TfliteOperator op in _sg.Operators) layers.Add(Lower(op));

            return new BlobBuilder(_model, layers, _sg.Inputs[0], _sg.Outputs[0], _tfliteSize).Build();
        }

        // ---------------------------------------------------------------- operator dispatch

        private int OpCodeOf(TfliteOperator op) => _model.OperatorCodeOf(op).BuiltinCode switch
        {
            BuiltinOperator.Conv2D => BlobFormat.OpConv2D,
            BuiltinOperator.DepthwiseConv2D => BlobFormat.OpDepthwiseConv2D,
            BuiltinOperator.FullyConnected => BlobFormat.OpFullyConnected,
            BuiltinOperator.AveragePool2D => BlobFormat.OpAveragePool2D,
            BuiltinOperator.MaxPool2D => BlobFormat.OpMaxPool2D,
            BuiltinOperator.Softmax => BlobFormat.OpSoftmax,
            BuiltinOperator.Add => BlobFormat.OpAdd,
            BuiltinOperator.Mul => BlobFormat.OpMul,
            BuiltinOperator.Reshape => BlobFormat.OpReshape,
            BuiltinOperator.Quantize => BlobFormat.OpQuantize,
            BuiltinOperator.Dequantize => BlobFormat.OpDequantize,
            _ => -1,
        };

        private string OpName(TfliteOperator op)
        {
            TfliteOperatorCode code = _model.OperatorCodeOf(op);
            return code.BuiltinCode == BuiltinOperator.Custom
                ? "CUSTOM " + (code.CustomCode ?? "?")
                : BuiltinOperator.Name(code.BuiltinCode);
        }

        private ModelCompileException Fail(TfliteOperator op, string message) =>
            new ModelCompileException($"operator {op.Index} ({OpName(op)}): {message}");

        private LayerPlan Lower(TfliteOperator op)
        {
            var layer = new LayerPlan { Op = OpCodeOf(op), Source = op };
            if (op.Outputs.Length != 1)
                throw Fail(op, $"has {op.Outputs.Length} outputs, 1 expected");
            if (op.Intermediates.Length != 0)
                throw Fail(op, "intermediate tensors are not supported");
            layer.Output = op.Outputs[0];
            switch (layer.Op)
            {
                case BlobFormat.OpConv2D: LowerConv(op, layer, depthwise: false); break;
                case BlobFormat.OpDepthwiseConv2D: LowerConv(op, layer, depthwise: true); break;
                case BlobFormat.OpFullyConnected: LowerFullyConnected(op, layer); break;
                case BlobFormat.OpAveragePool2D:
                case BlobFormat.OpMaxPool2D: LowerPool(op, layer); break;
                case BlobFormat.OpSoftmax: LowerSoftmax(op, layer); break;
                case BlobFormat.OpAdd: LowerAdd(op, layer); break;
                case BlobFormat.OpMul: LowerMul(op, layer); break;
                case BlobFormat.OpReshape: LowerReshape(op, layer); break;
                case BlobFormat.OpQuantize: LowerQuantize(op, layer); break;
                case BlobFormat.OpDequantize: LowerDequantize(op, layer); break;
                default: throw Fail(op, "not supported");
            }
            return layer;
        }

        // ---------------------------------------------------------------- tensor checks

        private TfliteTensor Tensor(int index) => _sg.Tensors[index];

        private static string Describe(TfliteTensor t) =>
            t.Name.Length > 0 ? $"tensor {t.Index} '{t.Name}'" : $"tensor {t.Index}";

        private static string ShapeText(int[] s) => "[" + string.Join(", ", s) + "]";

        private void CheckInputCount(TfliteOperator op, int min, int max)
        {
            if (op.Inputs.Length < min || op.Inputs.Length > max)
            {
                string expected = min == max ? $"{min}" : $"{min} to {max}";
                throw Fail(op, $"has {op.Inputs.Length} inputs, {expected} expected");
            }
        }

        private TfliteTensor RequiredInput(TfliteOperator op, int slot, string role)
        {
            int idx = op.Inputs[slot];
            if (idx < 0) throw Fail(op, $"{role} (input {slot}) is missing");
            return Tensor(idx);
        }

        private bool IsConstant(TfliteOperator? op, TfliteTensor t)
        {
            if (t.Buffer < (uint)_model.Buffers.Count)
            {
                TfliteBuffer b = _model.Buffers[(int)t.Buffer];
                if (b.IsExternal)
                {
                    string msg = $"{Describe(t)} keeps its data in buffer {b.Index} outside the flatbuffer (offset {b.Offset}, size {b.Size}: a model over 2 GB); not supported";
                    throw op != null ? Fail(op, msg) : new ModelCompileException(msg);
                }
                if (b.Data.Length > 0) return true;
            }
            if (t.ExternalBuffer != 0)
            {
                string msg = $"{Describe(t)} uses external buffer {t.ExternalBuffer}; not supported";
                throw op != null ? Fail(op, msg) : new ModelCompileException(msg);
            }
            return false;
        }

        private int[] StaticShape(TfliteOperator op, TfliteTensor t, string role)
        {
            foreach (int d in t.Shape)
            {
                if (d < 0) throw Fail(op, $"{role} {Describe(t)} has a dynamic shape {ShapeText(t.Shape)}; static shapes required");
            }
            if (t.ElementCount > int.MaxValue / 4)
                throw Fail(op, $"{role} {Describe(t)} is too large ({ShapeText(t.Shape)})");
            return t.Shape;
        }

        private static bool IsInt8(TfliteTensor t) => t.Type == TensorType.Int8;

        private void RequireType(TfliteOperator op, TfliteTensor t, string role, TensorType type)
        {
            if (t.Type != type)
            {
                throw Fail(op, $"{role} type {TensorTypes.Name(t.Type)} is not supported, {TensorTypes.Name(type)} required ({Describe(t)})");
            }
        }

        /// <summary>A non-constant int8 activation with per-tensor affine quantization.</summary>
        private (float Scale, int ZeroPoint) Activation(TfliteOperator op, TfliteTensor t, string role)
        {
            RequireType(op, t, role, TensorType.Int8);
            if (IsConstant(op, t))
                throw Fail(op, $"{role} {Describe(t)} is a constant; constant activations are not supported");
            if (t.IsVariable)
                throw Fail(op, $"{role} {Describe(t)} is a variable tensor; not supported");
            if (t.HasSparsity)
                throw Fail(op, $"{role} {Describe(t)} is sparse; not supported");
            StaticShape(op, t, role);
            return QuantParams(op, t, role);
        }

        /// <summary>params.scale / params.zero_point as TFLM sets them (element 0), validated for int8.</summary>
        private (float Scale, int ZeroPoint) QuantParams(TfliteOperator op, TfliteTensor t, string role)
        {
            TfliteQuantization? q = t.Quantization;
            if (q == null || !q.IsAffine)
                throw Fail(op, $"{role} {Describe(t)} has no quantization parameters (scale and zero point required)");
            if (q.DetailsType != 0)
                throw Fail(op, $"{role} {Describe(t)} uses custom quantization details; not supported");
            float scale = q.Scale[0];
            long zp = q.ZeroPoint[0];
            if (!(scale > 0f) || float.IsInfinity(scale))
                throw Fail(op, $"{role} {Describe(t)} has scale {scale:R}; a finite positive scale is required");
            if (zp < -128 || zp > 127)
                throw Fail(op, $"{role} {Describe(t)} has zero point {zp}, outside the int8 range");
            return (scale, (int)zp);
        }

        /// <summary>Constant data of a tensor of `type` with exactly `elements` elements.</summary>
        private byte[] ConstantData(TfliteOperator op, TfliteTensor t, string role, TensorType type, long elements)
        {
            RequireType(op, t, role, type);
            if (t.HasSparsity) throw Fail(op, $"{role} {Describe(t)} is sparse; not supported");
            if (!IsConstant(op, t))
                throw Fail(op, $"{role} {Describe(t)} is not a constant; computed {role}s are not supported");
            ReadOnlyMemory<byte> data = _model.DataOf(t);
            long need = elements * TensorTypes.ElementSize(type);
            if (data.Length != need)
            {
                throw Fail(op, $"{role} {Describe(t)} holds {data.Length} bytes, its shape {ShapeText(t.Shape)} of {TensorTypes.Name(type)} needs {need}");
            }
            return data.ToArray();
        }

        private static long Product(int[] shape)
        {
            long n = 1;
            foreach (int d in shape) n *= d;
            return n;
        }

        // ---------------------------------------------------------------- padding

        /// <summary>ComputeOutSize of tensorflow/lite/kernels/padding.h, or -1 when invalid.</summary>
        private static long OutSize(Padding padding, int image, int filter, int stride, int dilation)
        {
            if (image < 0 || filter <= 0 || stride <= 0 || dilation <= 0) return -1;
            long effective = (filter - 1L) * dilation + 1;
            long value = padding switch
            {
                Padding.Same => (image + (long)stride - 1) / stride,
                Padding.Valid => (image + (long)stride - effective) / stride,
                _ => -1,
            };
            return value < 0 ? -1 : value;
        }

        /// <summary>The top (left) padding of ComputePaddingWithOffset: floor(total / 2).</summary>
        private static int PadBefore(int stride, int dilation, int image, int filter, int output)
        {
            long effective = (filter - 1L) * dilation + 1;
            long total = (output - 1L) * stride + effective - image;
            return (int)(Math.Max(total, 0) / 2);
        }

        private (int PadH, int PadW) Windowed(TfliteOperator op, Padding padding, int strideH, int strideW,
            int dilationH, int dilationW, int inH, int inW, int filterH, int filterW, int outH, int outW)
        {
            if (padding != Padding.Same && padding != Padding.Valid)
                throw Fail(op, $"padding {(int)padding} is not SAME or VALID");
            if (strideH < 1 || strideW < 1 || strideH > 65535 || strideW > 65535)
                throw Fail(op, $"stride {strideH}x{strideW} is not supported (1..65535)");
            if (dilationH < 1 || dilationW < 1 || dilationH > 65535 || dilationW > 65535)
                throw Fail(op, $"dilation {dilationH}x{dilationW} is not supported (1..65535)");
            long expectH = OutSize(padding, inH, filterH, strideH, dilationH);
            long expectW = OutSize(padding, inW, filterW, strideW, dilationW);
            if (expectH != outH || expectW != outW || outH < 1 || outW < 1)
            {
                throw Fail(op, $"output is {outH}x{outW} but {padding.ToString().ToUpperInvariant()} padding with a {filterH}x{filterW} window, stride {strideH}x{strideW}, dilation {dilationH}x{dilationW} over {inH}x{inW} gives {expectH}x{expectW}");
            }
            return (PadBefore(strideH, dilationH, inH, filterH, outH), PadBefore(strideW, dilationW, inW, filterW, outW));
        }

        private T Options<T>(TfliteOperator op, byte expectedType) where T : class
        {
            if (op.BuiltinOptions is T t) return t;
            string got = op.BuiltinOptionsType == 0 ? "none" : $"union type {op.BuiltinOptionsType}";
            throw Fail(op, $"builtin options are {got}, {typeof(T).Name} (union type {expectedType}) required");
        }

        // ---------------------------------------------------------------- CONV_2D, DEPTHWISE_CONV_2D

        private void LowerConv(TfliteOperator op, LayerPlan layer, bool depthwise)
        {
            CheckInputCount(op, 2, 3);
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor filter = RequiredInput(op, 1, "filter");
            TfliteTensor? bias = op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? Tensor(op.Inputs[2]) : null;
            TfliteTensor output = Tensor(op.Outputs[0]);

            var (inScale, inZp) = Activation(op, input, "input");
            var (outScale, outZp) = Activation(op, output, "output");
            int[] inShape = input.Shape, outShape = output.Shape;
            int[] fShape = StaticShape(op, filter, "filter");
            if (inShape.Length != 4) throw Fail(op, $"input shape {ShapeText(inShape)} is not 4-D (NHWC)");
            if (outShape.Length != 4) throw Fail(op, $"output shape {ShapeText(outShape)} is not 4-D (NHWC)");
            if (fShape.Length != 4) throw Fail(op, $"filter shape {ShapeText(fShape)} is not 4-D");
            if (Product(inShape) == 0 || Product(fShape) == 0 || Product(outShape) == 0)
                throw Fail(op, "a tensor has a zero dimension");

            int inC = inShape[3], outC = outShape[3];
            int filterH = fShape[1], filterW = fShape[2];
            Padding padding; int strideH, strideW, dilH, dilW, depthMultiplier;
            ActivationFunction activation;
            if (depthwise)
            {
                var o = Options<DepthwiseConv2DOptions>(op, BuiltinOptionsType.DepthwiseConv2DOptions);
                padding = o.Padding; strideH = o.StrideH; strideW = o.StrideW;
                dilH = o.DilationH; dilW = o.DilationW; activation = o.Activation;
                depthMultiplier = o.DepthMultiplier;
                if (fShape[0] != 1) throw Fail(op, $"filter shape {ShapeText(fShape)} must be [1, h, w, channels]");
                if (fShape[3] != outC) throw Fail(op, $"filter has {fShape[3]} channels, output has {outC}");
                if (depthMultiplier < 1 || (long)inC * depthMultiplier != outC)
                    throw Fail(op, $"depth_multiplier {depthMultiplier} x input channels {inC} != output channels {outC}");
            }
            else
            {
                var o = Options<Conv2DOptions>(op, BuiltinOptionsType.Conv2DOptions);
                padding = o.Padding; strideH = o.StrideH; strideW = o.StrideW;
                dilH = o.DilationH; dilW = o.DilationW; activation = o.Activation;
                depthMultiplier = 1;
                if (fShape[0] != outC) throw Fail(op, $"filter has {fShape[0]} output channels, output has {outC}");
                if (fShape[3] != inC)
                    throw Fail(op, $"filter has {fShape[3]} input channels, input has {inC} (grouped convolution is not supported)");
            }
            if (outShape[0] != inShape[0]) throw Fail(op, $"batch of output {outShape[0]} != batch of input {inShape[0]}");
            var (padH, padW) = Windowed(op, padding, strideH, strideW, dilH, dilW,
                inShape[1], inShape[2], filterH, filterW, outShape[1], outShape[2]);

            layer.Weights = ConstantData(op, filter, "filter", TensorType.Int8, Product(fShape));
            int quantDim = depthwise ? 3 : 0;
            float[] filterScales = FilterScales(op, filter, fShape, quantDim, outC, requireZeroZp: true);
            if (bias != null)
            {
                int[] bShape = StaticShape(op, bias, "bias");
                if (Product(bShape) != outC) throw Fail(op, $"bias shape {ShapeText(bShape)} does not have {outC} elements");
                layer.Bias = ConstantData(op, bias, "bias", TensorType.Int32, outC);
            }

            // PopulateConvolutionQuantizationParams: (double)input_scale * (double)filter_scale / (double)output_scale.
            layer.Multipliers = new int[outC];
            layer.Shifts = new int[outC];
            for (int c = 0; c < outC; c++)
            {
                float scale = filterScales.Length > 1 ? filterScales[c] : filterScales[0];
                double effective = (double)inScale * (double)scale / (double)outScale;
                var (m, s) = QuantizationMath.QuantizeMultiplierChecked(effective, $"operator {op.Index} ({OpName(op)}): channel {c}");
                layer.Multipliers[c] = m;
                layer.Shifts[c] = s;
            }
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(activation, outScale, outZp, $"operator {op.Index} ({OpName(op)})");

            layer.Input = input.Index;
            int[] p = layer.Params;
            p[0] = -inZp; p[1] = outZp; p[2] = actMin; p[3] = actMax;
            p[4] = strideH; p[5] = strideW; p[6] = padH; p[7] = padW;
            p[8] = dilH; p[9] = dilW; p[10] = filterH; p[11] = filterW; p[12] = depthMultiplier;
            long perOutput = depthwise ? (long)filterH * filterW : (long)filterH * filterW * inC;
            layer.Macs = Product(outShape) * perOutput;

            // A depthwise convolution of one input channel (micro_speech's first layer: 1 channel,
            // depth multiplier 8) is a full convolution whose filter is the transpose,
            // out[c] = bias[c] + sum over ky, kx of in[ky, kx, 0] * w[ky, kx, c]. The int32 sums are
            // exact whatever the order, and the per-channel requantization is the same, so storing
            // it as CONV_2D [c, kh, kw, 1] gives the same bytes and runs on the blocked conv kernels.
            if (depthwise && inC == 1 && outC > 1 && _lowerSingleChannelDepthwise)
            {
                byte[] byTap = layer.Weights;
                var byChannel = new byte[byTap.Length];
                for (int ky = 0; ky < filterH; ky++)
                    for (int kx = 0; kx < filterW; kx++)
                        for (int c = 0; c < outC; c++)
                            byChannel[(c * filterH + ky) * filterW + kx] = byTap[(ky * filterW + kx) * outC + c];
                layer.Weights = byChannel;
                layer.Op = BlobFormat.OpConv2D;
                p[12] = 1;
            }
        }

        /// <summary>Filter scales (1 = per tensor, or one per output channel along `quantDim`).</summary>
        private float[] FilterScales(TfliteOperator op, TfliteTensor filter, int[] fShape, int quantDim, int channels, bool requireZeroZp)
        {
            TfliteQuantization? q = filter.Quantization;
            if (q == null || !q.IsAffine)
                throw Fail(op, $"filter {Describe(filter)} has no quantization parameters (scale and zero point required)");
            if (q.DetailsType != 0)
                throw Fail(op, $"filter {Describe(filter)} uses custom quantization details; not supported");
            float[] scales = q.Scale;
            if (scales.Length > 1)
            {
                if (scales.Length != channels)
                    throw Fail(op, $"filter {Describe(filter)} has {scales.Length} scales for {channels} output channels");
                if (q.QuantizedDimension < 0 || q.QuantizedDimension >= fShape.Length || fShape[q.QuantizedDimension] != channels)
                    throw Fail(op, $"filter {Describe(filter)} is quantized along dimension {q.QuantizedDimension}, channels are dimension {quantDim}");
            }
            foreach (float s in scales)
            {
                if (!(s > 0f) || float.IsInfinity(s))
                    throw Fail(op, $"filter {Describe(filter)} has scale {s:R}; finite positive scales required");
            }
            if (requireZeroZp)
            {
                foreach (long zp in q.ZeroPoint)
                {
                    if (zp != 0) throw Fail(op, $"filter {Describe(filter)} has zero point {zp}; int8 weights must be symmetric (zero point 0)");
                }
            }
            return scales;
        }

        // ---------------------------------------------------------------- FULLY_CONNECTED

        private void LowerFullyConnected(TfliteOperator op, LayerPlan layer)
        {
            CheckInputCount(op, 2, 3);
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor weights = RequiredInput(op, 1, "weights");
            TfliteTensor? bias = op.Inputs.Length > 2 && op.Inputs[2] >= 0 ? Tensor(op.Inputs[2]) : null;
            TfliteTensor output = Tensor(op.Outputs[0]);
            var o = op.BuiltinOptions as FullyConnectedOptions ?? new FullyConnectedOptions();
            if (op.BuiltinOptionsType != 0 && op.BuiltinOptions is not FullyConnectedOptions)
                throw Fail(op, $"builtin options are union type {op.BuiltinOptionsType}, FullyConnectedOptions required");
            if (o.WeightsFormat != 0) throw Fail(op, $"weights format {o.WeightsFormat} is not supported (DEFAULT only)");

            var (inScale, inZp) = Activation(op, input, "input");
            var (outScale, outZp) = Activation(op, output, "output");
            int[] wShape = StaticShape(op, weights, "weights");
            if (wShape.Length != 2) throw Fail(op, $"weights shape {ShapeText(wShape)} is not 2-D [outputs, depth]");
            int outDepth = wShape[0], accumDepth = wShape[1];
            if (outDepth < 1 || accumDepth < 1) throw Fail(op, $"weights shape {ShapeText(wShape)} has a zero dimension");
            long inElements = Product(input.Shape);
            if (inElements == 0 || inElements % accumDepth != 0)
                throw Fail(op, $"input shape {ShapeText(input.Shape)} is not a whole number of rows of {accumDepth}");
            long batches = inElements / accumDepth;
            if (Product(output.Shape) != batches * outDepth)
                throw Fail(op, $"output shape {ShapeText(output.Shape)} should hold {batches} x {outDepth} elements");
            if (output.Shape.Length == 0 || output.Shape[^1] != outDepth)
                throw Fail(op, $"output shape {ShapeText(output.Shape)} must end in {outDepth}");

            layer.Weights = ConstantData(op, weights, "weights", TensorType.Int8, Product(wShape));
            float[] scales = FilterScales(op, weights, wShape, 0, outDepth, requireZeroZp: false);
            long wZp = weights.Quantization!.ZeroPoint[0];
            if (wZp < -128 || wZp > 127) throw Fail(op, $"weights {Describe(weights)} zero point {wZp} is outside the int8 range");
            if (scales.Length > 1 && weights.Quantization.ZeroPoint.Any(z => z != 0))
                throw Fail(op, $"per-channel weights {Describe(weights)} must have zero point 0");
            if (bias != null)
            {
                int[] bShape = StaticShape(op, bias, "bias");
                if (Product(bShape) != outDepth) throw Fail(op, $"bias shape {ShapeText(bShape)} does not have {outDepth} elements");
                layer.Bias = ConstantData(op, bias, "bias", TensorType.Int32, outDepth);
            }

            string what = $"operator {op.Index} ({OpName(op)})";
            if (scales.Length > 1)
            {
                // Per-channel: as CONV, (double)input_scale * (double)filter_scale / (double)output_scale.
                layer.Multipliers = new int[outDepth];
                layer.Shifts = new int[outDepth];
                for (int c = 0; c < outDepth; c++)
                {
                    double effective = (double)inScale * (double)scales[c] / (double)outScale;
                    (layer.Multipliers[c], layer.Shifts[c]) = QuantizationMath.QuantizeMultiplierChecked(effective, $"{what}: channel {c}");
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
                        throw Fail(op, $"bias scale {biasScale:R} does not match input scale x weights scale {inputProductScale:R} (TFLite requires the difference / output scale <= 0.02)");
                    }
                }
                double product = (double)(float)(inScale * scales[0]);
                double real = product / (double)outScale;
                var (m, s) = QuantizationMath.QuantizeMultiplierChecked(real, what);
                layer.Multipliers = new[] { m };
                layer.Shifts = new[] { s };
            }
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, outScale, outZp, what);

            layer.Input = input.Index;
            int[] p = layer.Params;
            p[0] = -inZp; p[1] = outZp; p[2] = actMin; p[3] = actMax;
            p[4] = (int)-wZp; p[5] = accumDepth; p[6] = outDepth;
            layer.Macs = batches * outDepth * accumDepth;
        }

        // ---------------------------------------------------------------- pooling

        private void LowerPool(TfliteOperator op, LayerPlan layer)
        {
            CheckInputCount(op, 1, 1);
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor output = Tensor(op.Outputs[0]);
            var o = Options<Pool2DOptions>(op, BuiltinOptionsType.Pool2DOptions);
            var (inScale, inZp) = Activation(op, input, "input");
            var (outScale, outZp) = Activation(op, output, "output");
            int[] inShape = input.Shape, outShape = output.Shape;
            if (inShape.Length != 4) throw Fail(op, $"input shape {ShapeText(inShape)} is not 4-D (NHWC)");
            if (outShape.Length != 4) throw Fail(op, $"output shape {ShapeText(outShape)} is not 4-D (NHWC)");
            if (Product(inShape) == 0 || Product(outShape) == 0) throw Fail(op, "a tensor has a zero dimension");
            if (outShape[0] != inShape[0] || outShape[3] != inShape[3])
                throw Fail(op, $"output shape {ShapeText(outShape)} must keep the batch and channels of input {ShapeText(inShape)}");
            if (o.FilterHeight < 1 || o.FilterWidth < 1 || o.FilterHeight > 65535 || o.FilterWidth > 65535)
                throw Fail(op, $"filter {o.FilterHeight}x{o.FilterWidth} is not supported");
            var (padH, padW) = Windowed(op, o.Padding, o.StrideH, o.StrideW, 1, 1,
                inShape[1], inShape[2], o.FilterHeight, o.FilterWidth, outShape[1], outShape[2]);

            // PoolingPrepare: input and output quantization must agree (float difference).
            double scaleDiff = (double)Math.Abs(inScale - outScale);
            if (!(scaleDiff <= 1.0e-6) || inZp != outZp)
                throw Fail(op, $"input quantization ({inScale:R}, {inZp}) and output quantization ({outScale:R}, {outZp}) must be the same");
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, outScale, outZp, $"operator {op.Index} ({OpName(op)})");

            layer.Input = input.Index;
            int[] p = layer.Params;
            p[2] = actMin; p[3] = actMax; p[4] = o.StrideH; p[5] = o.StrideW; p[6] = padH; p[7] = padW;
            p[10] = o.FilterHeight; p[11] = o.FilterWidth;
        }

        // ---------------------------------------------------------------- SOFTMAX

        private void LowerSoftmax(TfliteOperator op, LayerPlan layer)
        {
            CheckInputCount(op, 1, 1);
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor output = Tensor(op.Outputs[0]);
            var o = Options<SoftmaxOptions>(op, BuiltinOptionsType.SoftmaxOptions);
            var (inScale, _) = Activation(op, input, "input");
            var (outScale, outZp) = Activation(op, output, "output");
            if (input.Shape.Length < 1 || Product(input.Shape) == 0) throw Fail(op, $"input shape {ShapeText(input.Shape)} is empty");
            if (!input.Shape.SequenceEqual(output.Shape))
                throw Fail(op, $"output shape {ShapeText(output.Shape)} differs from input shape {ShapeText(input.Shape)}");
            if (outZp != -128 || outScale != 1.0f / 256)
                throw Fail(op, $"output quantization must be scale 1/256, zero point -128 (is {outScale:R}, {outZp})");

            const int scaledDiffIntegerBits = 5;
            string what = $"operator {op.Index} ({OpName(op)})";
            var (multiplier, leftShift) = QuantizationMath.PreprocessSoftmaxScaling(
                (double)o.Beta, (double)inScale, scaledDiffIntegerBits, what);
            int diffMin = (int)(-1.0 * QuantizationMath.CalculateInputRadius(scaledDiffIntegerBits, leftShift));

            layer.Input = input.Index;
            layer.Params[0] = multiplier;
            layer.Params[1] = leftShift;
            layer.Params[2] = diffMin;
        }

        // ---------------------------------------------------------------- ADD, MUL

        private (TfliteTensor A, TfliteTensor B, TfliteTensor Out) Binary(TfliteOperator op)
        {
            CheckInputCount(op, 2, 2);
            TfliteTensor a = RequiredInput(op, 0, "input 1");
            TfliteTensor b = RequiredInput(op, 1, "input 2");
            TfliteTensor output = Tensor(op.Outputs[0]);
            int[] sa = a.Shape, sb = b.Shape, so = output.Shape;
            if (sa.Length > 4 || sb.Length > 4 || so.Length > 4)
                throw Fail(op, "tensors of more than 4 dimensions are not supported");
            int rank = Math.Max(sa.Length, sb.Length);
            if (so.Length != rank)
                throw Fail(op, $"output shape {ShapeText(so)} is not the broadcast of {ShapeText(sa)} and {ShapeText(sb)}");
            for (int i = 0; i < rank; i++)
            {
                int da = i - (rank - sa.Length) >= 0 ? sa[i - (rank - sa.Length)] : 1;
                int db = i - (rank - sb.Length) >= 0 ? sb[i - (rank - sb.Length)] : 1;
                int expect = da == 1 ? db : (db == 1 || db == da ? da : -1);
                if (expect < 0 || expect != so[i])
                    throw Fail(op, $"output shape {ShapeText(so)} is not the broadcast of {ShapeText(sa)} and {ShapeText(sb)}");
            }
            return (a, b, output);
        }

        private void LowerAdd(TfliteOperator op, LayerPlan layer)
        {
            var (a, b, output) = Binary(op);
            if (op.BuiltinOptionsType != 0 && op.BuiltinOptions is not AddOptions)
                throw Fail(op, $"builtin options are union type {op.BuiltinOptionsType}, AddOptions required");
            var o = op.BuiltinOptions as AddOptions ?? new AddOptions();
            var (s1, z1) = Activation(op, a, "input 1");
            var (s2, z2) = Activation(op, b, "input 2");
            var (so, zo) = Activation(op, output, "output");
            string what = $"operator {op.Index} ({OpName(op)})";

            // CalculateOpDataAdd, int8 path.
            const int leftShift = 20;
            double twiceMaxInputScale = 2 * (double)Math.Max(s1, s2);
            double realInput1 = (double)s1 / twiceMaxInputScale;
            double realInput2 = (double)s2 / twiceMaxInputScale;
            double realOutput = twiceMaxInputScale / ((1 << leftShift) * (double)so);
            var (m1, sh1) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput1, what + ": input 1");
            var (m2, sh2) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realInput2, what + ": input 2");
            var (mo, sho) = QuantizationMath.QuantizeMultiplierSmallerThanOneExp(realOutput, what + ": output");
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, so, zo, what);

            layer.Input = a.Index;
            layer.Input2 = b.Index;
            int[] p = layer.Params;
            p[0] = -z1; p[1] = -z2; p[2] = actMin; p[3] = actMax; p[4] = zo; p[5] = leftShift;
            p[6] = m1; p[7] = sh1; p[8] = m2; p[9] = sh2; p[10] = mo; p[11] = sho;
        }

        private void LowerMul(TfliteOperator op, LayerPlan layer)
        {
            var (a, b, output) = Binary(op);
            if (op.BuiltinOptionsType != 0 && op.BuiltinOptions is not MulOptions)
                throw Fail(op, $"builtin options are union type {op.BuiltinOptionsType}, MulOptions required");
            var o = op.BuiltinOptions as MulOptions ?? new MulOptions();
            var (s1, z1) = Activation(op, a, "input 1");
            var (s2, z2) = Activation(op, b, "input 2");
            var (so, zo) = Activation(op, output, "output");
            string what = $"operator {op.Index} ({OpName(op)})";

            // CalculateOpDataMul, int8 path.
            var (actMin, actMax) = QuantizationMath.ActivationRangeInt8(o.Activation, so, zo, what);
            double real = (double)s1 * (double)s2 / (double)so;
            var (m, sh) = QuantizationMath.QuantizeMultiplierChecked(real, what);

            layer.Input = a.Index;
            layer.Input2 = b.Index;
            int[] p = layer.Params;
            p[0] = -z1; p[1] = -z2; p[2] = actMin; p[3] = actMax; p[4] = zo; p[5] = m; p[6] = sh;
        }

        // ---------------------------------------------------------------- RESHAPE, QUANTIZE, DEQUANTIZE

        private void LowerReshape(TfliteOperator op, LayerPlan layer)
        {
            CheckInputCount(op, 1, 2); // the optional second input is the (constant) shape
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor output = Tensor(op.Outputs[0]);
            Activation(op, input, "input");
            Activation(op, output, "output");
            // TFLM can resolve a -1 in the output shape; converters write static shapes, and the
            // blob needs them, so we require them.
            StaticShape(op, output, "output");
            long inElements = Product(input.Shape), outElements = Product(output.Shape);
            if (outElements != inElements)
                throw Fail(op, $"output shape {ShapeText(output.Shape)} has {outElements} elements, input {ShapeText(input.Shape)} has {inElements}");
            layer.Input = input.Index;
        }

        private void LowerQuantize(TfliteOperator op, LayerPlan layer)
        {
            CheckInputCount(op, 1, 1);
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor output = Tensor(op.Outputs[0]);
            var (outScale, outZp) = Activation(op, output, "output");
            if (output.Quantization!.Scale.Length != 1)
                throw Fail(op, $"output {Describe(output)} must be quantized per tensor (has {output.Quantization.Scale.Length} scales)");
            if (Product(StaticShape(op, input, "input")) != Product(output.Shape))
                throw Fail(op, $"output shape {ShapeText(output.Shape)} differs from input shape {ShapeText(input.Shape)}");
            layer.Input = input.Index;
            if (input.Type == TensorType.Float32)
            {
                if (IsConstant(op, input)) throw Fail(op, $"input {Describe(input)} is a constant");
                layer.Params[0] = BitConverter.SingleToInt32Bits(outScale);
                layer.Params[1] = outZp;
            }
            else if (input.Type == TensorType.Int8)
            {
                var (inScale, inZp) = Activation(op, input, "input");
                double effective = (double)inScale / (double)outScale;
                var (m, s) = QuantizationMath.QuantizeMultiplierChecked(effective, $"operator {op.Index} ({OpName(op)})");
                layer.Params[0] = m; layer.Params[1] = s; layer.Params[2] = inZp; layer.Params[3] = outZp;
            }
            else
            {
                throw Fail(op, $"input type {TensorTypes.Name(input.Type)} is not supported, float32 or int8 required ({Describe(input)})");
            }
        }

        private void LowerDequantize(TfliteOperator op, LayerPlan layer)
        {
            CheckInputCount(op, 1, 1);
            TfliteTensor input = RequiredInput(op, 0, "input");
            TfliteTensor output = Tensor(op.Outputs[0]);
            var (inScale, inZp) = Activation(op, input, "input");
            RequireType(op, output, "output", TensorType.Float32);
            if (IsConstant(op, output)) throw Fail(op, $"output {Describe(output)} is a constant");
            if (Product(StaticShape(op, output, "output")) != Product(input.Shape))
                throw Fail(op, $"output shape {ShapeText(output.Shape)} differs from input shape {ShapeText(input.Shape)}");
            layer.Input = input.Index;
            layer.Params[0] = inZp;
            layer.Params[1] = BitConverter.SingleToInt32Bits(inScale);
        }
    }
}
