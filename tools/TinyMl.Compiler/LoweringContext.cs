using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>
    /// What an operator lowering works with: the TFLite model, the tensors of the lowered
    /// graph, the layers emitted so far, the resource variables, and the checks every operator
    /// shares (types, quantization, constants, shapes, padding). Errors are
    /// <see cref="ModelCompileException"/>s naming the operator, its index and what is missing.
    /// </summary>
    internal sealed class LoweringContext
    {
        public readonly TfliteModel Model;
        public readonly bool LowerSingleChannelDepthwise;
        /// <summary>CompileOptions.TransposeConvAsConvolutions.</summary>
        public bool TransposeConvAsConvolutions = true;
        /// <summary>Tensors a lowering placed inside another (the parent and the byte offset, a
        /// multiple of 4): they take no bytes of their own (BlobBuilder, as row strips).</summary>
        public readonly Dictionary<GraphTensor, (GraphTensor Parent, int Rel)> Aliases = new();
        public readonly List<LayerPlan> Layers = new();
        public readonly List<GraphTensor> Tensors = new();
        /// <summary>Resource variables by (container, shared_name).</summary>
        public readonly Dictionary<(string, string), GraphTensor> Variables = new();
        private readonly Dictionary<(int Subgraph, int Tensor), GraphTensor> _byTflite = new();
        /// <summary>Resource tensors a VAR_HANDLE wrote: (subgraph, tensor) -> variable key.</summary>
        private readonly Dictionary<(int, int), (string, string)> _handles = new();
        private readonly Dictionary<(int, int), GraphTensor> _constants = new();

        /// <summary>The TFLite subgraph being lowered and its blob subgraph (0 main, 1 init).</summary>
        public TfliteSubgraph Subgraph = null!;
        public int BlobSubgraph;

        public LoweringContext(TfliteModel model, bool lowerSingleChannelDepthwise)
        {
            Model = model;
            LowerSingleChannelDepthwise = lowerSingleChannelDepthwise;
        }

        // ---------------------------------------------------------------- naming and errors

        public string OpName(TfliteOperator op)
        {
            TfliteOperatorCode code = Model.OperatorCodeOf(op);
            return code.BuiltinCode == BuiltinOperator.Custom
                ? "CUSTOM " + (code.CustomCode ?? "?")
                : BuiltinOperator.Name(code.BuiltinCode);
        }

        /// <summary>"operator 3 (CONV_2D)", with the subgraph when it is not the main one.</summary>
        public string What(TfliteOperator op) =>
            op.Subgraph == 0 ? $"operator {op.Index} ({OpName(op)})" : $"subgraph {op.Subgraph} operator {op.Index} ({OpName(op)})";

        public ModelCompileException Fail(TfliteOperator op, string message) => new($"{What(op)}: {message}");

        public static string Describe(TfliteTensor t) =>
            t.Name.Length > 0 ? $"tensor {t.Index} '{t.Name}'" : $"tensor {t.Index}";

        public static string ShapeText(int[] s) => "[" + string.Join(", ", s) + "]";

        public static long Product(int[] shape)
        {
            long n = 1;
            foreach (int d in shape) n *= d;
            return n;
        }

        // ---------------------------------------------------------------- layers and graph tensors

        public LayerPlan Emit(string op, TfliteOperator source)
        {
            var layer = new LayerPlan(op, source) { Subgraph = BlobSubgraph };
            Layers.Add(layer);
            return layer;
        }

        public TfliteTensor Tensor(int index) => Subgraph.Tensors[index];

        /// <summary>The graph tensor standing for a non-constant TFLite tensor of the current subgraph.</summary>
        public GraphTensor Value(TfliteTensor t)
        {
            if (_byTflite.TryGetValue((Subgraph.Index, t.Index), out GraphTensor? g)) return g;
            g = NewTensor(t.Name, t.Type, t.Shape);
            g.TfliteIndex = t.Index;
            g.TfliteSubgraph = Subgraph.Index;
            if (t.Quantization != null && t.Quantization.IsAffine)
            {
                g.Scale = t.Quantization.Scale[0];
                g.ZeroPoint = (int)Math.Clamp(t.Quantization.ZeroPoint[0], int.MinValue, int.MaxValue);
            }
            _byTflite[(Subgraph.Index, t.Index)] = g;
            return g;
        }

        /// <summary>A tensor the compiler makes (the middle of PACK/UNPACK), with `like`'s quantization.</summary>
        public GraphTensor Intermediate(GraphTensor like, int[] shape, string name)
        {
            GraphTensor g = NewTensor(name, like.Type, shape);
            g.Scale = like.Scale;
            g.ZeroPoint = like.ZeroPoint;
            return g;
        }

        /// <summary>A constant tensor with the given bytes.</summary>
        public GraphTensor Constant(string name, TensorType type, int[] shape, byte[] data, float scale, int zeroPoint)
        {
            GraphTensor g = NewTensor(name, type, shape);
            g.Data = data;
            g.Scale = scale;
            g.ZeroPoint = zeroPoint;
            return g;
        }

        /// <summary>The constant tensor standing for a TFLite constant (its data checked by the caller).</summary>
        /// <summary>The bias input of a CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED: the model's,
        /// or zeros when it has none (the same sums; the kernels' fast paths start from a bias, and
        /// without one a convolution would fall to the generic loop).</summary>
        public GraphTensor BiasOf(TfliteTensor? bias, byte[]? data, string layerName, int channels) =>
            bias != null ? ConstantOf(bias, data!) : Constant(layerName + "/zero_bias", TensorType.Int32, new[] { channels }, new byte[4 * channels], 0f, 0);

        public GraphTensor ConstantOf(TfliteTensor t, byte[] data)
        {
            if (_constants.TryGetValue((Subgraph.Index, t.Index), out GraphTensor? g) && g.Data!.AsSpan().SequenceEqual(data)) return g;
            float scale = 0f;
            int zp = 0;
            if (t.Quantization != null && t.Quantization.IsAffine)
            {
                scale = t.Quantization.Scale[0];
                zp = (int)Math.Clamp(t.Quantization.ZeroPoint[0], int.MinValue, int.MaxValue);
            }
            g = Constant(t.Name, t.Type, t.Shape, data, scale, zp);
            g.TfliteIndex = t.Index;
            g.TfliteSubgraph = Subgraph.Index;
            _constants[(Subgraph.Index, t.Index)] = g;
            return g;
        }

        private GraphTensor NewTensor(string name, TensorType type, int[] shape)
        {
            var g = new GraphTensor { Id = Tensors.Count, Name = name, Type = type, Shape = (int[])shape.Clone() };
            Tensors.Add(g);
            return g;
        }

        /// <summary>A TFLite variable tensor (is_variable, e.g. an LSTM's states): state kept in the arena's state region.</summary>
        public GraphTensor VariableTensor(TfliteOperator op, TfliteTensor t, string role)
        {
            if (!t.IsVariable) throw Fail(op, $"{role} {Describe(t)} is not a variable tensor");
            if (IsConstant(op, t)) throw Fail(op, $"{role} {Describe(t)} is a variable with constant data; not supported");
            StaticShape(op, t, role);
            GraphTensor g = Value(t);
            g.IsVariable = true;
            return g;
        }

        // ---------------------------------------------------------------- resource variables

        public void BindHandle(TfliteOperator op, TfliteTensor resource, VarHandleOptions o)
        {
            _handles[(Subgraph.Index, resource.Index)] = (o.Container, o.SharedName);
        }

        /// <summary>The variable a resource tensor names (written by a VAR_HANDLE of the same subgraph),
        /// typed and shaped by `value` (the tensor read into or assigned from).</summary>
        public GraphTensor Variable(TfliteOperator op, TfliteTensor resource, TfliteTensor value, string role)
        {
            if (resource.Type != TensorType.Resource)
                throw Fail(op, $"{role} {Describe(resource)} has type {TensorTypes.Name(resource.Type)}, a resource (VAR_HANDLE) is required");
            if (!_handles.TryGetValue((Subgraph.Index, resource.Index), out var key))
                throw Fail(op, $"{role} {Describe(resource)} is not written by a VAR_HANDLE before it (resource tensors must come from VAR_HANDLE)");
            int[] shape = StaticShape(op, value, "value");
            if (!Variables.TryGetValue(key, out GraphTensor? v))
            {
                string name = key.Item1.Length > 0 ? key.Item1 + "/" + key.Item2 : key.Item2;
                v = NewTensor(name, value.Type, shape);
                v.IsVariable = true;
                if (value.Quantization != null && value.Quantization.IsAffine)
                {
                    v.Scale = value.Quantization.Scale[0];
                    v.ZeroPoint = (int)Math.Clamp(value.Quantization.ZeroPoint[0], int.MinValue, int.MaxValue);
                }
                Variables[key] = v;
                return v;
            }
            if (v.Type != value.Type || Product(v.Shape) != Product(shape))
            {
                throw Fail(op, $"variable '{v.Name}' is {TensorTypes.Name(v.Type)} {ShapeText(v.Shape)} elsewhere, here {TensorTypes.Name(value.Type)} {ShapeText(shape)} ({Describe(value)})");
            }
            return v;
        }

        // ---------------------------------------------------------------- checks every operator shares

        public void CheckInputCount(TfliteOperator op, int min, int max)
        {
            if (op.Inputs.Length < min || op.Inputs.Length > max)
            {
                string expected = min == max ? $"{min}" : $"{min} to {max}";
                throw Fail(op, $"has {op.Inputs.Length} inputs, {expected} expected");
            }
        }

        public void CheckOutputCount(TfliteOperator op, int count)
        {
            if (op.Outputs.Length != count)
                throw Fail(op, $"has {op.Outputs.Length} outputs, {count} expected");
        }

        public TfliteTensor RequiredInput(TfliteOperator op, int slot, string role)
        {
            int idx = op.Inputs[slot];
            if (idx < 0) throw Fail(op, $"{role} (input {slot}) is missing");
            return Tensor(idx);
        }

        public TfliteTensor Output(TfliteOperator op, int slot = 0) => Tensor(op.Outputs[slot]);

        public bool IsConstant(TfliteOperator? op, TfliteTensor t)
        {
            if (t.Buffer < (uint)Model.Buffers.Count)
            {
                TfliteBuffer b = Model.Buffers[(int)t.Buffer];
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

        public int[] StaticShape(TfliteOperator op, TfliteTensor t, string role)
        {
            foreach (int d in t.Shape)
            {
                if (d < 0) throw Fail(op, $"{role} {Describe(t)} has a dynamic shape {ShapeText(t.Shape)}; static shapes required");
            }
            if (t.ElementCount > int.MaxValue / 4)
                throw Fail(op, $"{role} {Describe(t)} is too large ({ShapeText(t.Shape)})");
            return t.Shape;
        }

        public void RequireType(TfliteOperator op, TfliteTensor t, string role, TensorType type)
        {
            if (t.Type != type)
            {
                throw Fail(op, $"{role} type {TensorTypes.Name(t.Type)} is not supported, {TensorTypes.Name(type)} required ({Describe(t)})");
            }
        }

        /// <summary>A non-constant, non-variable tensor with a static shape.</summary>
        public void CheckActivationTensor(TfliteOperator op, TfliteTensor t, string role)
        {
            if (IsConstant(op, t))
                throw Fail(op, $"{role} {Describe(t)} is a constant; constant activations are not supported");
            if (t.IsVariable)
                throw Fail(op, $"{role} {Describe(t)} is a variable tensor; not supported");
            if (t.HasSparsity)
                throw Fail(op, $"{role} {Describe(t)} is sparse; not supported");
            StaticShape(op, t, role);
        }

        /// <summary>A non-constant int8 activation with per-tensor affine quantization.</summary>
        public (float Scale, int ZeroPoint) Activation(TfliteOperator op, TfliteTensor t, string role)
        {
            RequireType(op, t, role, TensorType.Int8);
            CheckActivationTensor(op, t, role);
            return QuantParams(op, t, role);
        }

        /// <summary>A non-constant int16 activation with per-tensor affine quantization (16x8 layers).</summary>
        public (float Scale, int ZeroPoint) Activation16(TfliteOperator op, TfliteTensor t, string role)
        {
            RequireType(op, t, role, TensorType.Int16);
            CheckActivationTensor(op, t, role);
            return QuantParams(op, t, role);
        }

        /// <summary>params.scale / params.zero_point as TFLM sets them (element 0), validated for the type.</summary>
        public (float Scale, int ZeroPoint) QuantParams(TfliteOperator op, TfliteTensor t, string role)
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
            (long lo, long hi, string range) = t.Type switch
            {
                TensorType.UInt8 => (0L, 255L, "uint8"),
                TensorType.Int16 => (-32768L, 32767L, "int16"),
                TensorType.Int32 => (int.MinValue, (long)int.MaxValue, "int32"),
                _ => (-128L, 127L, "int8"),
            };
            if (zp < lo || zp > hi)
                throw Fail(op, $"{role} {Describe(t)} has zero point {zp}, outside the {range} range");
            return (scale, (int)zp);
        }

        /// <summary>Constant data of a tensor of `type` with exactly `elements` elements.</summary>
        public byte[] ConstantData(TfliteOperator op, TfliteTensor t, string role, TensorType type, long elements)
        {
            RequireType(op, t, role, type);
            if (t.HasSparsity) throw Fail(op, $"{role} {Describe(t)} is sparse; not supported");
            if (!IsConstant(op, t))
                throw Fail(op, $"{role} {Describe(t)} is not a constant; computed {role}s are not supported");
            if (Product(t.Shape) != elements)
                throw Fail(op, $"{role} {Describe(t)} has shape {ShapeText(t.Shape)}; the operator needs {elements} values");
            ReadOnlyMemory<byte> data = Model.DataOf(t);
            long need = elements * TensorTypes.ElementSize(type);
            if (data.Length != need)
            {
                throw Fail(op, $"{role} {Describe(t)} holds {data.Length} bytes, its shape {ShapeText(t.Shape)} of {TensorTypes.Name(type)} needs {need}");
            }
            return data.ToArray();
        }

        /// <summary>The values of a constant int32 operand (shape, axis, begin/end/strides).</summary>
        public int[] ConstantInts(TfliteOperator op, TfliteTensor t, string role)
        {
            if (t.Type != TensorType.Int32)
                throw Fail(op, $"{role} {Describe(t)} has type {TensorTypes.Name(t.Type)}, int32 required");
            int[]? values;
            try
            {
                values = Model.ConstantInt32(t);
            }
            catch (TfliteFormatException e)
            {
                throw Fail(op, $"{role}: {e.Message}");
            }
            if (values == null)
                throw Fail(op, $"{role} {Describe(t)} is computed at run time; a constant is required");
            return values;
        }

        /// <summary>An axis operand or option, checked against the rank and made non-negative.</summary>
        public int Axis(TfliteOperator op, int axis, int rank, string role)
        {
            if (axis < -rank || axis >= rank)
                throw Fail(op, $"{role} {axis} is outside [-{rank}, {rank - 1}] for a tensor of rank {rank}");
            return axis < 0 ? axis + rank : axis;
        }

        /// <summary>Two int8/uint8 tensors whose bytes are copied must mean the same values.</summary>
        public void RequireSameQuantization(TfliteOperator op, TfliteTensor a, string roleA, TfliteTensor b, string roleB)
        {
            if (a.Type != b.Type)
                throw Fail(op, $"{roleB} type {TensorTypes.Name(b.Type)} differs from {roleA} type {TensorTypes.Name(a.Type)}");
            if (a.Type != TensorType.Int8 && a.Type != TensorType.UInt8 && a.Type != TensorType.Int16) return;
            var (sa, za) = QuantParams(op, a, roleA);
            var (sb, zb) = QuantParams(op, b, roleB);
            if (sa != sb || za != zb)
                throw Fail(op, $"{roleB} {Describe(b)} quantization ({sb:R}, {zb}) differs from {roleA} {Describe(a)} ({sa:R}, {za}); requantization is not supported here");
        }

        /// <summary>The types a data-movement operator copies.</summary>
        public void RequireCopyType(TfliteOperator op, TfliteTensor t, string role)
        {
            if (t.Type != TensorType.Int8 && t.Type != TensorType.UInt8 && t.Type != TensorType.Int16
                && t.Type != TensorType.Int32 && t.Type != TensorType.Float32 && t.Type != TensorType.Bool)
                throw Fail(op, $"{role} type {TensorTypes.Name(t.Type)} is not supported (int8, uint8, int16, int32, float32, bool) ({Describe(t)})");
        }

        public T Options<T>(TfliteOperator op, byte expectedType) where T : class
        {
            if (op.BuiltinOptions is T t) return t;
            string got = op.BuiltinOptionsType == 0 ? "none" : $"union type {op.BuiltinOptionsType}";
            throw Fail(op, $"builtin options are {got}, {typeof(T).Name} (union type {expectedType}) required");
        }

        /// <summary>Options that may be left out (then the schema defaults).</summary>
        public T OptionalOptions<T>(TfliteOperator op, Func<T> defaults) where T : class
        {
            if (op.BuiltinOptions is T t) return t;
            if (op.BuiltinOptionsType != 0)
                throw Fail(op, $"builtin options are union type {op.BuiltinOptionsType}, {typeof(T).Name} required");
            return defaults();
        }

        // ---------------------------------------------------------------- padding

        /// <summary>ComputeOutSize of tensorflow/lite/kernels/padding.h, or -1 when invalid.</summary>
        public static long OutSize(Padding padding, int image, int filter, int stride, int dilation)
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
        public static int PadBefore(int stride, int dilation, int image, int filter, int output)
        {
            long effective = (filter - 1L) * dilation + 1;
            long total = (output - 1L) * stride + effective - image;
            return (int)(Math.Max(total, 0) / 2);
        }

        public (int PadH, int PadW) Windowed(TfliteOperator op, Padding padding, int strideH, int strideW,
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

        /// <summary>Filter scales (1 = per tensor, or one per output channel along `quantDim`).</summary>
        public float[] FilterScales(TfliteOperator op, TfliteTensor filter, int[] fShape, int quantDim, int channels, bool requireZeroZp)
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
    }
}
