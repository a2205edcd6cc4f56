using System;
using System.Collections.Generic;

namespace TinyMl.Tflite
{
    /// <summary>TFLite TensorType numbering (schema.fbs).</summary>
    public enum TensorType : byte
    {
        Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, String = 5, Bool = 6, Int16 = 7,
        Complex64 = 8, Int8 = 9, Float64 = 10, Complex128 = 11, UInt64 = 12, Resource = 13,
        Variant = 14, UInt32 = 15, UInt16 = 16, Int4 = 17, BFloat16 = 18, Int2 = 19, UInt4 = 20,
        Float8E4M3FN = 21, Float8E5M2 = 22,
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

        /// <summary>The code of a builtin operator as the converter writes it: builtin_code, and
        /// deprecated_builtin_code capped at 127 (PLACEHOLDER_FOR_GREATER_OP_CODES).</summary>
        public static TfliteOperatorCode Builtin(int code, int version = 1) => new()
        {
            BuiltinCode = code,
            RawBuiltinCode = code,
            DeprecatedBuiltinCode = Math.Min(code, BuiltinOperator.PlaceholderForGreaterOpCodes),
            Version = version,
        };
    }

    public sealed class TfliteQuantization
    {
        public float[] Min { get; init; } = Array.Empty<float>();
        public float[] Max { get; init; } = Array.Empty<float>();
        public float[] Scale { get; init; } = Array.Empty<float>();
        public long[] ZeroPoint { get; init; } = Array.Empty<long>();
        /// <summary>QuantizationDetails union type (0 = none; 1 = custom, ...). Its table is not
        /// modelled; the writer writes an empty one.</summary>
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
        /// <summary>The tensor has sparsity parameters (not modelled further: the compiler rejects
        /// sparse tensors; the writer writes an empty SparsityParameters table).</summary>
        public bool HasSparsity { get; init; }
        /// <summary>shape_signature: the shape with -1 for dynamic dims; null when absent.</summary>
        public int[]? ShapeSignature { get; init; }
        public bool HasRank { get; init; }
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
        /// <summary>The BuiltinOptions union type (<see cref="Tflite.BuiltinOptionsType"/>). The
        /// writer takes it from <see cref="BuiltinOptions"/> when it is left 0.</summary>
        public byte BuiltinOptionsType { get; init; }
        /// <summary>One of the *Options classes (BuiltinOptions.cs), or null (absent or a type we
        /// do not model; the writer writes a set type without options as an empty table).</summary>
        public object? BuiltinOptions { get; init; }
        /// <summary>The custom_options bytes (a slice of the file when read); empty when none.</summary>
        public ReadOnlyMemory<byte> CustomOptions { get; init; }
        public int CustomOptionsLength => CustomOptions.Length;
        public int[] Intermediates { get; init; } = Array.Empty<int>();
        /// <summary>One flag per input: the operator mutates that (variable) input; empty = none.</summary>
        public bool[] MutatingVariableInputs { get; init; } = Array.Empty<bool>();
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

    /// <summary>A Metadata entry: a name and the buffer that holds its bytes.</summary>
    public sealed class TfliteMetadata
    {
        public string Name { get; init; } = "";
        public uint Buffer { get; init; }
    }

    /// <summary>A SignatureDef: named inputs and outputs of one subgraph.</summary>
    public sealed class TfliteSignatureDef
    {
        public string SignatureKey { get; init; } = "";
        public uint SubgraphIndex { get; init; }
        public IReadOnlyList<TfliteTensorMap> Inputs { get; init; } = Array.Empty<TfliteTensorMap>();
        public IReadOnlyList<TfliteTensorMap> Outputs { get; init; } = Array.Empty<TfliteTensorMap>();
    }

    public sealed class TfliteTensorMap
    {
        public string Name { get; init; } = "";
        public uint TensorIndex { get; init; }
    }

    /// <summary>
    /// A TFLite model: <see cref="Read"/> parses a flatbuffer with every offset bounds-checked and
    /// every cross-reference (opcode, tensor, buffer and subgraph indices) validated; malformed
    /// input throws <see cref="TfliteFormatException"/> naming the field path, nothing else
    /// escapes. <see cref="Write"/> serializes a model (read, or built in code) back to a .tflite
    /// that reads back to the same model.
    /// </summary>
    public sealed class TfliteModel
    {
        public uint Version { get; init; }
        public string? Description { get; init; }
        public IReadOnlyList<TfliteOperatorCode> OperatorCodes { get; init; } = Array.Empty<TfliteOperatorCode>();
        public IReadOnlyList<TfliteSubgraph> Subgraphs { get; init; } = Array.Empty<TfliteSubgraph>();
        public IReadOnlyList<TfliteBuffer> Buffers { get; init; } = Array.Empty<TfliteBuffer>();
        /// <summary>metadata_buffer (deprecated form of <see cref="Metadata"/>); null when absent.</summary>
        public int[]? MetadataBuffer { get; init; }
        /// <summary>Named metadata buffers ("min_runtime_version", ...).</summary>
        public IReadOnlyList<TfliteMetadata> Metadata { get; init; } = Array.Empty<TfliteMetadata>();
        public IReadOnlyList<TfliteSignatureDef> SignatureDefs { get; init; } = Array.Empty<TfliteSignatureDef>();

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
                return new TfliteReader(tflite).Parse();
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

        /// <summary>The model as a .tflite flatbuffer (file identifier "TFL3").</summary>
        public byte[] Write() => TfliteWriter.Write(this);
    }
}
