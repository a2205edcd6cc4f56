using System;
using System.Collections.Generic;
using TinyMl.Compiler.FlatBuffers;

namespace TinyMl.Compiler.Tflite
{
    /// <summary>TFLite TensorType numbering (schema.fbs).</summary>
    public enum TensorType : byte
    {
        Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, String = 5, Bool = 6, Int16 = 7,
        Complex64 = 8, Int8 = 9, Float64 = 10, Complex128 = 11, UInt64 = 12, Resource = 13,
        Variant = 14, UInt32 = 15, UInt16 = 16, Int4 = 17, BFloat16 = 18, Int2 = 19, UInt4 = 20,
        Float8E4M3FN = 21, Float8E5M2 = 22,
    }

    public enum Padding : byte { Same = 0, Valid = 1 }

    public enum ActivationFunction : byte { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5 }

    /// <summary>BuiltinOptions union member numbers (schema.fbs) of the options tables we parse.</summary>
    public static class BuiltinOptionsType
    {
        public const byte None = 0;
        public const byte Conv2DOptions = 1;
        public const byte DepthwiseConv2DOptions = 2;
        public const byte Pool2DOptions = 5;
        public const byte FullyConnectedOptions = 8;
        public const byte SoftmaxOptions = 9;
        public const byte AddOptions = 11;
        public const byte ReshapeOptions = 17;
        public const byte MulOptions = 21;
        public const byte ConcatenationOptions = 10;
        public const byte PadOptions = 22;
        public const byte TransposeOptions = 26;
        public const byte ReducerOptions = 27;
        public const byte SubOptions = 28;
        public const byte SqueezeOptions = 30;
        public const byte StridedSliceOptions = 32;
        public const byte SplitOptions = 35;
        public const byte DequantizeOptions = 38;
        public const byte MaximumMinimumOptions = 39;
        public const byte PadV2Options = 43;
        public const byte SliceOptions = 48;
        public const byte TransposeConvOptions = 49;
        public const byte ExpandDimsOptions = 52;
        public const byte PackOptions = 59;
        public const byte UnpackOptions = 64;
        public const byte UnidirectionalSequenceLSTMOptions = 71;
        public const byte ResizeNearestNeighborOptions = 74;
        public const byte LeakyReluOptions = 75;
        public const byte SplitVOptions = 79;
        public const byte QuantizeOptions = 89;
        public const byte HardSwishOptions = 91;
        public const byte CallOnceOptions = 103;
        public const byte VarHandleOptions = 111;
        public const byte ReadVariableOptions = 112;
        public const byte AssignVariableOptions = 113;
    }

    public static class TensorTypes
    {
        /// <summary>Lower-case type name as TFLite prints it ("int8", "float32").</summary>
        public static string Name(TensorType t) => t switch
        {
            TensorType.Float32 => "float32", TensorType.Float16 => "float16", TensorType.Int32 => "int32",
            TensorType.UInt8 => "uint8", TensorType.Int64 => "int64", TensorType.String => "string",
            TensorType.Bool => "bool", TensorType.Int16 => "int16", TensorType.Complex64 => "complex64",
            TensorType.Int8 => "int8", TensorType.Float64 => "float64", TensorType.Complex128 => "complex128",
            TensorType.UInt64 => "uint64", TensorType.Resource => "resource", TensorType.Variant => "variant",
            TensorType.UInt32 => "uint32", TensorType.UInt16 => "uint16", TensorType.Int4 => "int4",
            TensorType.BFloat16 => "bfloat16", TensorType.Int2 => "int2", TensorType.UInt4 => "uint4",
            TensorType.Float8E4M3FN => "float8_e4m3fn", TensorType.Float8E5M2 => "float8_e5m2",
            _ => "type" + (int)t,
        };

        /// <summary>Bytes per element, or 0 for types without a fixed byte size.</summary>
        public static int ElementSize(TensorType t) => t switch
        {
            TensorType.Float32 or TensorType.Int32 or TensorType.UInt32 => 4,
            TensorType.Int8 or TensorType.UInt8 or TensorType.Bool => 1,
            TensorType.Int16 or TensorType.UInt16 or TensorType.Float16 or TensorType.BFloat16 => 2,
            TensorType.Int64 or TensorType.UInt64 or TensorType.Float64 or TensorType.Complex64 => 8,
            TensorType.Complex128 => 16,
            _ => 0,
        };
    }

    public sealed class TfliteOperatorCode
    {
        /// <summary>The effective builtin code: max(builtin_code, deprecated_builtin_code), as
        /// TFLite's GetBuiltinCode computes it.</summary>
        public int BuiltinCode { get; init; }
        public int DeprecatedBuiltinCode { get; init; }
        public int RawBuiltinCode { get; init; }
        public string? CustomCode { get; init; }
        public int Version { get; init; } = 1;
        /// <summary>"CONV_2D", or the custom code for CUSTOM operators.</summary>
        public string Name => BuiltinCode == BuiltinOperator.Custom && CustomCode != null
            ? CustomCode : BuiltinOperator.Name(BuiltinCode);
    }

    public sealed class TfliteQuantization
    {
        public float[] Min { get; init; } = Array.Empty<float>();
        public float[] Max { get; init; } = Array.Empty<float>();
        public float[] Scale { get; init; } = Array.Empty<float>();
        public long[] ZeroPoint { get; init; } = Array.Empty<long>();
        /// <summary>QuantizationDetails union type (0 = none; 1 = custom, ...).</summary>
        public byte DetailsType { get; init; }
        public int QuantizedDimension { get; init; }
        /// <summary>Affine quantization is present (TFLM uses it only when both scale and
        /// zero_point are non-empty).</summary>
        public bool IsAffine => Scale.Length > 0 && ZeroPoint.Length > 0;
    }

    public sealed class TfliteTensor
    {
        public int Index { get; init; }
        public string Name { get; init; } = "";
        public TensorType Type { get; init; }
        /// <summary>Dims, outermost first; empty for scalars (or when the shape is absent).</summary>
        public int[] Shape { get; init; } = Array.Empty<int>();
        public uint Buffer { get; init; }
        public TfliteQuantization? Quantization { get; init; }
        public bool IsVariable { get; init; }
        public bool HasSparsity { get; init; }
        public uint ExternalBuffer { get; init; }

        /// <summary>Element count, or -1 when a dim is negative (dynamic).</summary>
        public long ElementCount
        {
            get
            {
                long n = 1;
                foreach (int d in Shape)
                {
                    if (d < 0) return -1;
                    n *= d;
                    if (n > int.MaxValue) return int.MaxValue + 1L;
                }
                return n;
            }
        }
    }

    public sealed class TfliteOperator
    {
        /// <summary>Index in its subgraph's operator list.</summary>
        public int Index { get; init; }
        /// <summary>Index of the subgraph the operator belongs to.</summary>
        public int Subgraph { get; init; }
        public uint OpcodeIndex { get; init; }
        /// <summary>Tensor indices; -1 = optional input left out.</summary>
        public int[] Inputs { get; init; } = Array.Empty<int>();
        public int[] Outputs { get; init; } = Array.Empty<int>();
        public byte BuiltinOptionsType { get; init; }
        /// <summary>One of the *Options classes below, or null (absent or a type we do not parse).</summary>
        public object? BuiltinOptions { get; init; }
        public int CustomOptionsLength { get; init; }
        public int[] Intermediates { get; init; } = Array.Empty<int>();
    }

    public sealed class TfliteSubgraph
    {
        public int Index { get; init; }
        public string? Name { get; init; }
        public IReadOnlyList<TfliteTensor> Tensors { get; init; } = Array.Empty<TfliteTensor>();
        public int[] Inputs { get; init; } = Array.Empty<int>();
        public int[] Outputs { get; init; } = Array.Empty<int>();
        public IReadOnlyList<TfliteOperator> Operators { get; init; } = Array.Empty<TfliteOperator>();
    }

    public sealed class TfliteBuffer
    {
        public int Index { get; init; }
        /// <summary>The bytes inside the flatbuffer (a slice of the file, no copy); empty when none.</summary>
        public ReadOnlyMemory<byte> Data { get; init; }
        /// <summary>Offset/size of data stored after the flatbuffer (models over 2 GB).</summary>
        public ulong Offset { get; init; }
        public ulong Size { get; init; }
        /// <summary>Data lives outside the flatbuffer (offset > 1, per schema.fbs); not supported.</summary>
        public bool IsExternal => Offset > 1;
    }

    public sealed class Conv2DOptions
    {
        public Padding Padding { get; init; }
        public int StrideW { get; init; }
        public int StrideH { get; init; }
        public ActivationFunction Activation { get; init; }
        public int DilationW { get; init; } = 1;
        public int DilationH { get; init; } = 1;
    }

    public sealed class DepthwiseConv2DOptions
    {
        public Padding Padding { get; init; }
        public int StrideW { get; init; }
        public int StrideH { get; init; }
        public int DepthMultiplier { get; init; }
        public ActivationFunction Activation { get; init; }
        public int DilationW { get; init; } = 1;
        public int DilationH { get; init; } = 1;
    }

    public sealed class Pool2DOptions
    {
        public Padding Padding { get; init; }
        public int StrideW { get; init; }
        public int StrideH { get; init; }
        public int FilterWidth { get; init; }
        public int FilterHeight { get; init; }
        public ActivationFunction Activation { get; init; }
    }

    public sealed class FullyConnectedOptions
    {
        public ActivationFunction Activation { get; init; }
        /// <summary>0 = DEFAULT, 1 = SHUFFLED4x16INT8.</summary>
        public byte WeightsFormat { get; init; }
        public bool KeepNumDims { get; init; }
        public bool AsymmetricQuantizeInputs { get; init; }
    }

    public sealed class SoftmaxOptions
    {
        public float Beta { get; init; }
    }

    public sealed class AddOptions
    {
        public ActivationFunction Activation { get; init; }
        public bool PotScaleInt16 { get; init; } = true;
    }

    public sealed class MulOptions
    {
        public ActivationFunction Activation { get; init; }
    }

    public sealed class ReshapeOptions
    {
        public int[]? NewShape { get; init; }
    }

    /// <summary>An options table without fields (PadOptions, TransposeOptions, ...): only its union type.</summary>
    public sealed class EmptyOptions
    {
        public byte Type { get; init; }
    }

    public sealed class ConcatenationOptions
    {
        public int Axis { get; init; }
        public ActivationFunction Activation { get; init; }
    }

    public sealed class StridedSliceOptions
    {
        public int BeginMask { get; init; }
        public int EndMask { get; init; }
        public int EllipsisMask { get; init; }
        public int NewAxisMask { get; init; }
        public int ShrinkAxisMask { get; init; }
        /// <summary>The end tensor is an offset from begin.</summary>
        public bool Offset { get; init; }
    }

    /// <summary>SplitOptions and SplitVOptions (one field each, num_splits).</summary>
    public sealed class SplitOptions
    {
        public int NumSplits { get; init; }
    }

    public sealed class SplitVOptions
    {
        public int NumSplits { get; init; }
    }

    public sealed class PackOptions
    {
        public int ValuesCount { get; init; }
        public int Axis { get; init; }
    }

    public sealed class UnpackOptions
    {
        public int Num { get; init; }
        public int Axis { get; init; }
    }

    public sealed class SqueezeOptions
    {
        /// <summary>Dims to drop; empty = every dim of size 1.</summary>
        public int[] SqueezeDims { get; init; } = Array.Empty<int>();
    }

    /// <summary>MEAN, SUM and the other reductions.</summary>
    public sealed class ReducerOptions
    {
        public bool KeepDims { get; init; }
    }

    public sealed class LeakyReluOptions
    {
        public float Alpha { get; init; }
    }

    public sealed class ResizeNearestNeighborOptions
    {
        public bool AlignCorners { get; init; }
        public bool HalfPixelCenters { get; init; }
    }

    public sealed class TransposeConvOptions
    {
        public Padding Padding { get; init; }
        public int StrideW { get; init; }
        public int StrideH { get; init; }
        public ActivationFunction Activation { get; init; }
        /// <summary>Bias/accumulator type (0 = float32 = not set).</summary>
        public TensorType QuantizedBiasType { get; init; }
    }

    public sealed class UnidirectionalSequenceLstmOptions
    {
        public ActivationFunction Activation { get; init; }
        public float CellClip { get; init; }
        public float ProjClip { get; init; }
        public bool TimeMajor { get; init; }
        public bool AsymmetricQuantizeInputs { get; init; }
        public bool DiagonalRecurrentTensors { get; init; }
    }

    public sealed class SubOptions
    {
        public ActivationFunction Activation { get; init; }
        public bool PotScaleInt16 { get; init; } = true;
    }

    public sealed class CallOnceOptions
    {
        public int InitSubgraphIndex { get; init; }
    }

    /// <summary>A resource variable is named by (container, shared_name); TFLM keys on both.</summary>
    public sealed class VarHandleOptions
    {
        public string Container { get; init; } = "";
        public string SharedName { get; init; } = "";
    }

    /// <summary>
    /// A TFLite model read from its flatbuffer with every offset bounds-checked and every
    /// cross-reference (opcode, tensor and buffer indices) validated. Malformed input throws
    /// <see cref="TfliteFormatException"/> naming the field path; nothing else escapes.
    /// </summary>
    public sealed class TfliteModel
    {
        public uint Version { get; init; }
        public string? Description { get; init; }
        public IReadOnlyList<TfliteOperatorCode> OperatorCodes { get; init; } = Array.Empty<TfliteOperatorCode>();
        public IReadOnlyList<TfliteSubgraph> Subgraphs { get; init; } = Array.Empty<TfliteSubgraph>();
        public IReadOnlyList<TfliteBuffer> Buffers { get; init; } = Array.Empty<TfliteBuffer>();

        /// <summary>Subgraph 0, the one TFLM runs.</summary>
        public TfliteSubgraph MainSubgraph => Subgraphs[0];
        public IReadOnlyList<TfliteTensor> Tensors => MainSubgraph.Tensors;
        public IReadOnlyList<TfliteOperator> Operators => MainSubgraph.Operators;

        /// <summary>The operator code of an operator of the main subgraph.</summary>
        public TfliteOperatorCode OperatorCodeOf(TfliteOperator op) => OperatorCodes[(int)op.OpcodeIndex];

        /// <summary>The constant data of a tensor (empty when it has none, e.g. activations).</summary>
        public ReadOnlyMemory<byte> DataOf(TfliteTensor t) =>
            t.Buffer < (uint)Buffers.Count ? Buffers[(int)t.Buffer].Data : ReadOnlyMemory<byte>.Empty;

        /// <summary>
        /// The values of a constant int32 tensor (shape, axis, begin/end/strides operands), or
        /// null when the tensor has no data (it is computed at run time). A constant whose byte
        /// count does not match its shape is a malformed file.
        /// </summary>
        public int[]? ConstantInt32(TfliteTensor t)
        {
            ReadOnlyMemory<byte> data = DataOf(t);
            if (data.Length == 0) return null;
            string path = $"tensors[{t.Index}] '{t.Name}'";
            if (t.Type != TensorType.Int32)
                throw new TfliteFormatException($"{path}: type {TensorTypes.Name(t.Type)}, int32 expected for a shape or axis operand");
            long elements = t.ElementCount;
            if (elements < 0 || data.Length != elements * 4)
                throw new TfliteFormatException($"{path}: buffer {t.Buffer} holds {data.Length} bytes, shape [{string.Join(", ", t.Shape)}] of int32 needs {Math.Max(elements, 0) * 4}");
            var values = new int[elements];
            for (int i = 0; i < values.Length; i++)
                values[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data.Span.Slice(4 * i, 4));
            return values;
        }

        public static TfliteModel Read(byte[] tflite)
        {
            if (tflite == null) throw new ArgumentNullException(nameof(tflite));
            try
            {
                return new ModelParser(tflite).Parse();
            }
            catch (TfliteFormatException)
            {
                throw;
            }
            catch (Exception e) when (e is IndexOutOfRangeException || e is ArgumentException
                                      || e is OverflowException || e is InvalidCastException)
            {
                // Defence in depth: every access is checked before it is made, so this is a bug
                // in the reader, but the caller still gets the one documented exception type.
                throw new TfliteFormatException("malformed model (" + e.GetType().Name + ": " + e.Message + ")");
            }
        }
    }

    internal sealed class ModelParser
    {
        private const string FileIdentifier = "TFL3";
        private readonly FlatBufferReader _r;

        public ModelParser(byte[] data)
        {
            // Every element copied or table visited costs one unit; a real model needs far
            // less than one unit per byte.
            _r = new FlatBufferReader(data, 4L * data.Length + 4096);
        }

        public TfliteModel Parse()
        {
            FbTable model = _r.Root("model");
            if (_r.Length >= 8)
            {
                string id = System.Text.Encoding.ASCII.GetString(_r.Data, 4, 4);
                if (id != FileIdentifier)
                {
                    throw new TfliteFormatException(
                        $"model: file identifier is \"{Printable(id)}\", expected \"{FileIdentifier}\" (not a TFLite model)");
                }
            }

            uint version = model.U32(0, "version");
            var opcodes = ParseOperatorCodes(model);
            string? description = model.String(3, "description");
            var buffers = ParseBuffers(model);

            FbVector? sgv = model.Vector(2, 4, "subgraphs");
            if (sgv == null || sgv.Value.Count == 0)
            {
                throw new TfliteFormatException("subgraphs: the model has no subgraph");
            }
            var subgraphs = new List<TfliteSubgraph>();
            for (int i = 0; i < sgv.Value.Count; i++)
            {
                subgraphs.Add(ParseSubgraph(sgv.Value.Table(i), i, sgv.Value.Count, opcodes.Count, buffers.Count));
            }

            return new TfliteModel
            {
                Version = version,
                Description = description,
                OperatorCodes = opcodes,
                Subgraphs = subgraphs,
                Buffers = buffers,
            };
        }

        private static string Printable(string s)
        {
            var c = s.ToCharArray();
            for (int i = 0; i < c.Length; i++) if (c[i] < 32 || c[i] > 126) c[i] = '?';
            return new string(c);
        }

        private List<TfliteOperatorCode> ParseOperatorCodes(FbTable model)
        {
            var list = new List<TfliteOperatorCode>();
            FbVector? v = model.Vector(1, 4, "operator_codes");
            if (v == null) return list;
            for (int i = 0; i < v.Value.Count; i++)
            {
                FbTable t = v.Value.Table(i);
                int deprecated = t.I8(0, "deprecated_builtin_code");
                int builtin = t.I32(3, "builtin_code");
                list.Add(new TfliteOperatorCode
                {
                    DeprecatedBuiltinCode = deprecated,
                    RawBuiltinCode = builtin,
                    BuiltinCode = Math.Max(builtin, deprecated),
                    CustomCode = t.String(1, "custom_code"),
                    Version = t.I32(2, "version", 1),
                });
            }
            return list;
        }

        private List<TfliteBuffer> ParseBuffers(FbTable model)
        {
            var list = new List<TfliteBuffer>();
            FbVector? v = model.Vector(4, 4, "buffers");
            if (v == null) return list;
            for (int i = 0; i < v.Value.Count; i++)
            {
                FbTable t = v.Value.Table(i);
                ReadOnlyMemory<byte>? data = t.Bytes(0, "data");
                list.Add(new TfliteBuffer
                {
                    Index = i,
                    Data = data ?? ReadOnlyMemory<byte>.Empty,
                    Offset = t.U64(1, "offset"),
                    Size = t.U64(2, "size"),
                });
            }
            return list;
        }

        private TfliteSubgraph ParseSubgraph(FbTable sg, int index, int subgraphCount, int opcodeCount, int bufferCount)
        {
            var tensors = new List<TfliteTensor>();
            FbVector? tv = sg.Vector(0, 4, "tensors");
            if (tv != null)
            {
                for (int i = 0; i < tv.Value.Count; i++)
                {
                    tensors.Add(ParseTensor(tv.Value.Table(i), i, bufferCount));
                }
            }

            int[] inputs = sg.Int32Array(1, "inputs") ?? Array.Empty<int>();
            int[] outputs = sg.Int32Array(2, "outputs") ?? Array.Empty<int>();
            CheckTensorIndices(inputs, sg.FieldPath("inputs"), tensors.Count, allowOptional: false);
            CheckTensorIndices(outputs, sg.FieldPath("outputs"), tensors.Count, allowOptional: false);

            var ops = new List<TfliteOperator>();
            FbVector? ov = sg.Vector(3, 4, "operators");
            if (ov != null)
            {
                for (int i = 0; i < ov.Value.Count; i++)
                {
                    ops.Add(ParseOperator(ov.Value.Table(i), i, index, subgraphCount, opcodeCount, tensors.Count));
                }
            }

            return new TfliteSubgraph
            {
                Index = index,
                Name = sg.String(4, "name"),
                Tensors = tensors,
                Inputs = inputs,
                Outputs = outputs,
                Operators = ops,
            };
        }

        private static void CheckTensorIndices(int[] indices, string path, int tensorCount, bool allowOptional)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                int t = indices[i];
                if (allowOptional && t == -1) continue;
                if (t < 0 || t >= tensorCount)
                {
                    throw new TfliteFormatException(
                        $"{path}[{i}]: tensor index {t} is out of range ({tensorCount} tensors)");
                }
            }
        }

        private TfliteTensor ParseTensor(FbTable t, int index, int bufferCount)
        {
            uint buffer = t.U32(2, "buffer");
            if (buffer >= bufferCount && !(buffer == 0 && bufferCount == 0))
            {
                throw new TfliteFormatException(
                    $"{t.FieldPath("buffer")}: buffer index {buffer} is out of range ({bufferCount} buffers)");
            }

            TfliteQuantization? quant = null;
            FbTable? q = t.Table(4, "quantization");
            if (q != null)
            {
                FbTable qt = q.Value;
                var (detailsType, _) = qt.Union(4, "details");
                quant = new TfliteQuantization
                {
                    Min = qt.FloatArray(0, "min") ?? Array.Empty<float>(),
                    Max = qt.FloatArray(1, "max") ?? Array.Empty<float>(),
                    Scale = qt.FloatArray(2, "scale") ?? Array.Empty<float>(),
                    ZeroPoint = qt.Int64Array(3, "zero_point") ?? Array.Empty<long>(),
                    DetailsType = detailsType,
                    QuantizedDimension = qt.I32(6, "quantized_dimension"),
                };
            }

            return new TfliteTensor
            {
                Index = index,
                Shape = t.Int32Array(0, "shape") ?? Array.Empty<int>(),
                Type = (TensorType)t.U8(1, "type"),
                Buffer = buffer,
                Name = t.String(3, "name") ?? "",
                Quantization = quant,
                IsVariable = t.Bool(5, "is_variable"),
                HasSparsity = t.Has(6),
                ExternalBuffer = t.U32(10, "external_buffer"),
            };
        }

        private TfliteOperator ParseOperator(FbTable op, int index, int subgraph, int subgraphCount, int opcodeCount, int tensorCount)
        {
            uint opcodeIndex = op.U32(0, "opcode_index");
            if (opcodeIndex >= opcodeCount)
            {
                throw new TfliteFormatException(
                    $"{op.FieldPath("opcode_index")}: operator code index {opcodeIndex} is out of range ({opcodeCount} operator codes)");
            }
            int[] inputs = op.Int32Array(1, "inputs") ?? Array.Empty<int>();
            int[] outputs = op.Int32Array(2, "outputs") ?? Array.Empty<int>();
            int[] intermediates = op.Int32Array(8, "intermediates") ?? Array.Empty<int>();
            CheckTensorIndices(inputs, op.FieldPath("inputs"), tensorCount, allowOptional: true);
            CheckTensorIndices(outputs, op.FieldPath("outputs"), tensorCount, allowOptional: false);
            CheckTensorIndices(intermediates, op.FieldPath("intermediates"), tensorCount, allowOptional: true);

            var (optType, optTable) = op.Union(3, "builtin_options");
            object? options = optTable == null ? null : ParseOptions(optType, optTable.Value);
            if (options is CallOnceOptions callOnce)
            {
                // A cross-reference like a tensor index: checked here so every reader of the model can follow it.
                string path = op.FieldPath("builtin_options.init_subgraph_index");
                int target = callOnce.InitSubgraphIndex;
                if (target < 0 || target >= subgraphCount)
                    throw new TfliteFormatException($"{path}: subgraph index {target} is out of range ({subgraphCount} subgraphs)");
                if (target == subgraph)
                    throw new TfliteFormatException($"{path}: subgraph {subgraph} names itself as its init subgraph");
            }
            FbVector? custom = op.Vector(5, 1, "custom_options");

            return new TfliteOperator
            {
                Index = index,
                Subgraph = subgraph,
                OpcodeIndex = opcodeIndex,
                Inputs = inputs,
                Outputs = outputs,
                Intermediates = intermediates,
                BuiltinOptionsType = optType,
                BuiltinOptions = options,
                CustomOptionsLength = custom?.Count ?? 0,
            };
        }

        private static object? ParseOptions(byte type, FbTable o)
        {
            switch (type)
            {
                case BuiltinOptionsType.Conv2DOptions:
                    return new Conv2DOptions
                    {
                        Padding = (Padding)o.U8(0, "padding"),
                        StrideW = o.I32(1, "stride_w"),
                        StrideH = o.I32(2, "stride_h"),
                        Activation = (ActivationFunction)o.U8(3, "fused_activation_function"),
                        DilationW = o.I32(4, "dilation_w_factor", 1),
                        DilationH = o.I32(5, "dilation_h_factor", 1),
                    };
                case BuiltinOptionsType.DepthwiseConv2DOptions:
                    return new DepthwiseConv2DOptions
                    {
                        Padding = (Padding)o.U8(0, "padding"),
                        StrideW = o.I32(1, "stride_w"),
                        StrideH = o.I32(2, "stride_h"),
                        DepthMultiplier = o.I32(3, "depth_multiplier"),
                        Activation = (ActivationFunction)o.U8(4, "fused_activation_function"),
                        DilationW = o.I32(5, "dilation_w_factor", 1),
                        DilationH = o.I32(6, "dilation_h_factor", 1),
                    };
                case BuiltinOptionsType.Pool2DOptions:
                    return new Pool2DOptions
                    {
                        Padding = (Padding)o.U8(0, "padding"),
                        StrideW = o.I32(1, "stride_w"),
                        StrideH = o.I32(2, "stride_h"),
                        FilterWidth = o.I32(3, "filter_width"),
                        FilterHeight = o.I32(4, "filter_height"),
                        Activation = (ActivationFunction)o.U8(5, "fused_activation_function"),
                    };
                case BuiltinOptionsType.FullyConnectedOptions:
                    return new FullyConnectedOptions
                    {
                        Activation = (ActivationFunction)o.U8(0, "fused_activation_function"),
                        WeightsFormat = o.U8(1, "weights_format"),
                        KeepNumDims = o.Bool(2, "keep_num_dims"),
                        AsymmetricQuantizeInputs = o.Bool(3, "asymmetric_quantize_inputs"),
                    };
                case BuiltinOptionsType.SoftmaxOptions:
                    return new SoftmaxOptions { Beta = o.F32(0, "beta") };
                case BuiltinOptionsType.AddOptions:
                    return new AddOptions
                    {
                        Activation = (ActivationFunction)o.U8(0, "fused_activation_function"),
                        PotScaleInt16 = o.Bool(1, "pot_scale_int16", true),
                    };
                case BuiltinOptionsType.MulOptions:
                    return new MulOptions { Activation = (ActivationFunction)o.U8(0, "fused_activation_function") };
                case BuiltinOptionsType.ReshapeOptions:
                    return new ReshapeOptions { NewShape = o.Int32Array(0, "new_shape") };
                case BuiltinOptionsType.ConcatenationOptions:
                    return new ConcatenationOptions
                    {
                        Axis = o.I32(0, "axis"),
                        Activation = (ActivationFunction)o.U8(1, "fused_activation_function"),
                    };
                case BuiltinOptionsType.StridedSliceOptions:
                    return new StridedSliceOptions
                    {
                        BeginMask = o.I32(0, "begin_mask"),
                        EndMask = o.I32(1, "end_mask"),
                        EllipsisMask = o.I32(2, "ellipsis_mask"),
                        NewAxisMask = o.I32(3, "new_axis_mask"),
                        ShrinkAxisMask = o.I32(4, "shrink_axis_mask"),
                        Offset = o.Bool(5, "offset"),
                    };
                case BuiltinOptionsType.SplitOptions:
                    return new SplitOptions { NumSplits = o.I32(0, "num_splits") };
                case BuiltinOptionsType.SplitVOptions:
                    return new SplitVOptions { NumSplits = o.I32(0, "num_splits") };
                case BuiltinOptionsType.PackOptions:
                    return new PackOptions { ValuesCount = o.I32(0, "values_count"), Axis = o.I32(1, "axis") };
                case BuiltinOptionsType.UnpackOptions:
                    return new UnpackOptions { Num = o.I32(0, "num"), Axis = o.I32(1, "axis") };
                case BuiltinOptionsType.SqueezeOptions:
                    return new SqueezeOptions { SqueezeDims = o.Int32Array(0, "squeeze_dims") ?? Array.Empty<int>() };
                case BuiltinOptionsType.ReducerOptions:
                    return new ReducerOptions { KeepDims = o.Bool(0, "keep_dims") };
                case BuiltinOptionsType.LeakyReluOptions:
                    return new LeakyReluOptions { Alpha = o.F32(0, "alpha") };
                case BuiltinOptionsType.ResizeNearestNeighborOptions:
                    return new ResizeNearestNeighborOptions
                    {
                        AlignCorners = o.Bool(0, "align_corners"),
                        HalfPixelCenters = o.Bool(1, "half_pixel_centers"),
                    };
                case BuiltinOptionsType.TransposeConvOptions:
                    return new TransposeConvOptions
                    {
                        Padding = (Padding)o.U8(0, "padding"),
                        StrideW = o.I32(1, "stride_w"),
                        StrideH = o.I32(2, "stride_h"),
                        Activation = (ActivationFunction)o.U8(3, "fused_activation_function"),
                        QuantizedBiasType = (TensorType)o.U8(4, "quantized_bias_type"),
                    };
                case BuiltinOptionsType.UnidirectionalSequenceLSTMOptions:
                    return new UnidirectionalSequenceLstmOptions
                    {
                        Activation = (ActivationFunction)o.U8(0, "fused_activation_function"),
                        CellClip = o.F32(1, "cell_clip"),
                        ProjClip = o.F32(2, "proj_clip"),
                        TimeMajor = o.Bool(3, "time_major"),
                        AsymmetricQuantizeInputs = o.Bool(4, "asymmetric_quantize_inputs"),
                        DiagonalRecurrentTensors = o.Bool(5, "diagonal_recurrent_tensors"),
                    };
                case BuiltinOptionsType.SubOptions:
                    return new SubOptions
                    {
                        Activation = (ActivationFunction)o.U8(0, "fused_activation_function"),
                        PotScaleInt16 = o.Bool(1, "pot_scale_int16", true),
                    };
                case BuiltinOptionsType.CallOnceOptions:
                    return new CallOnceOptions { InitSubgraphIndex = o.I32(0, "init_subgraph_index") };
                case BuiltinOptionsType.VarHandleOptions:
                    return new VarHandleOptions
                    {
                        Container = o.String(0, "container") ?? "",
                        SharedName = o.String(1, "shared_name") ?? "",
                    };
                case BuiltinOptionsType.PadOptions:
                case BuiltinOptionsType.PadV2Options:
                case BuiltinOptionsType.TransposeOptions:
                case BuiltinOptionsType.SliceOptions:
                case BuiltinOptionsType.ExpandDimsOptions:
                case BuiltinOptionsType.MaximumMinimumOptions:
                case BuiltinOptionsType.HardSwishOptions:
                case BuiltinOptionsType.QuantizeOptions:
                case BuiltinOptionsType.DequantizeOptions:
                case BuiltinOptionsType.ReadVariableOptions:
                case BuiltinOptionsType.AssignVariableOptions:
                    return new EmptyOptions { Type = type };
                default:
                    return null;
            }
        }
    }
}
