using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TinyMl.Tflite.FlatBuffers;

namespace TinyMl.Tflite
{
    public enum Padding : byte { Same = 0, Valid = 1 }

    public enum ActivationFunction : byte { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5 }

    /// <summary>BuiltinOptions union member numbers (schema.fbs) of the options tables we model.</summary>
    public static class BuiltinOptionsType
    {
        public const byte None = 0;
        public const byte Conv2DOptions = 1;
        public const byte DepthwiseConv2DOptions = 2;
        public const byte Pool2DOptions = 5;
        public const byte SVDFOptions = 6;
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
        public const byte ArgMaxOptions = 40;
        public const byte GatherOptions = 23;
        public const byte SpaceToDepthOptions = 19;
        public const byte ResizeBilinearOptions = 15;
        public const byte MirrorPadOptions = 77;
        public const byte L2NormOptions = 12;
        public const byte BatchMatMulOptions = 101;
        public const byte CumsumOptions = 102;
        public const byte DepthToSpaceOptions = 94;
        public const byte ArgMinOptions = 57;
        public const byte PadV2Options = 43;
        public const byte SliceOptions = 48;
        public const byte TransposeConvOptions = 49;
        public const byte ExpandDimsOptions = 52;
        public const byte PackOptions = 59;
        public const byte UnpackOptions = 64;
        public const byte UnidirectionalSequenceLSTMOptions = 71;
        public const byte ResizeNearestNeighborOptions = 74;
        public const byte LeakyReluOptions = 75;
        public const byte SquaredDifferenceOptions = 76;
        public const byte AbsOptions = 78;
        public const byte DivOptions = 29;
        public const byte LessOptions = 41;
        public const byte GreaterOptions = 44;
        public const byte GreaterEqualOptions = 45;
        public const byte LessEqualOptions = 46;
        public const byte EqualOptions = 53;
        public const byte NotEqualOptions = 54;
        public const byte ReverseV2Options = 81;
        public const byte SelectV2Options = 98;
        public const byte SplitVOptions = 79;
        public const byte QuantizeOptions = 89;
        public const byte HardSwishOptions = 91;
        public const byte CallOnceOptions = 103;
        public const byte VarHandleOptions = 111;
        public const byte ReadVariableOptions = 112;
        public const byte AssignVariableOptions = 113;
    }

    /// <summary>Marks an options class as the table of one BuiltinOptions union member.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class BuiltinOptionsTableAttribute : Attribute
    {
        public BuiltinOptionsTableAttribute(byte type) => Type = type;
        public byte Type { get; }
    }

    /// <summary>
    /// Marks a property of an options class as field `Id` (schema declaration order) named
    /// `Name` in schema.fbs. The property's initial value is the schema default. Supported
    /// property types: int, float, bool, byte, byte-sized enums, string, int[].
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class FbFieldAttribute : Attribute
    {
        public FbFieldAttribute(int id, string name)
        {
            Id = id;
            Name = name;
        }

        public int Id { get; }
        public string Name { get; }
    }

    // ---- the options tables: one class each, its fields described once for reading and writing

    [BuiltinOptionsTable(BuiltinOptionsType.Conv2DOptions)]
    public sealed class Conv2DOptions
    {
        [FbField(0, "padding")]
        public Padding Padding { get; init; }
        [FbField(1, "stride_w")]
        public int StrideW { get; init; }
        [FbField(2, "stride_h")]
        public int StrideH { get; init; }
        [FbField(3, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        [FbField(4, "dilation_w_factor")]
        public int DilationW { get; init; } = 1;
        [FbField(5, "dilation_h_factor")]
        public int DilationH { get; init; } = 1;
        /// <summary>Version 8 on: the bias and accumulator type of a quantized model without bias
        /// (int32 or int64 for 16x8; FLOAT32, the default, when unset).</summary>
        [FbField(6, "quantized_bias_type")]
        public TensorType QuantizedBiasType { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.DepthwiseConv2DOptions)]
    public sealed class DepthwiseConv2DOptions
    {
        [FbField(0, "padding")]
        public Padding Padding { get; init; }
        [FbField(1, "stride_w")]
        public int StrideW { get; init; }
        [FbField(2, "stride_h")]
        public int StrideH { get; init; }
        [FbField(3, "depth_multiplier")]
        public int DepthMultiplier { get; init; }
        [FbField(4, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        [FbField(5, "dilation_w_factor")]
        public int DilationW { get; init; } = 1;
        [FbField(6, "dilation_h_factor")]
        public int DilationH { get; init; } = 1;
    }

    [BuiltinOptionsTable(BuiltinOptionsType.Pool2DOptions)]
    public sealed class Pool2DOptions
    {
        [FbField(0, "padding")]
        public Padding Padding { get; init; }
        [FbField(1, "stride_w")]
        public int StrideW { get; init; }
        [FbField(2, "stride_h")]
        public int StrideH { get; init; }
        [FbField(3, "filter_width")]
        public int FilterWidth { get; init; }
        [FbField(4, "filter_height")]
        public int FilterHeight { get; init; }
        [FbField(5, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.FullyConnectedOptions)]
    public sealed class FullyConnectedOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        /// <summary>0 = DEFAULT, 1 = SHUFFLED4x16INT8.</summary>
        [FbField(1, "weights_format")]
        public byte WeightsFormat { get; init; }
        [FbField(2, "keep_num_dims")]
        public bool KeepNumDims { get; init; }
        [FbField(3, "asymmetric_quantize_inputs")]
        public bool AsymmetricQuantizeInputs { get; init; }
        /// <summary>Version 12 on: the bias and accumulator type of a quantized model without bias.</summary>
        [FbField(4, "quantized_bias_type")]
        public TensorType QuantizedBiasType { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.SoftmaxOptions)]
    public sealed class SoftmaxOptions
    {
        [FbField(0, "beta")]
        public float Beta { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.AddOptions)]
    public sealed class AddOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        [FbField(1, "pot_scale_int16")]
        public bool PotScaleInt16 { get; init; } = true;
    }

    [BuiltinOptionsTable(BuiltinOptionsType.MulOptions)]
    public sealed class MulOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.ReshapeOptions)]
    public sealed class ReshapeOptions
    {
        [FbField(0, "new_shape")]
        public int[]? NewShape { get; init; }
    }

    /// <summary>An options table without fields (PadOptions, TransposeOptions, ...): only its union type.</summary>
    public sealed class EmptyOptions
    {
        public byte Type { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.ConcatenationOptions)]
    public sealed class ConcatenationOptions
    {
        [FbField(0, "axis")]
        public int Axis { get; init; }
        [FbField(1, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.StridedSliceOptions)]
    public sealed class StridedSliceOptions
    {
        [FbField(0, "begin_mask")]
        public int BeginMask { get; init; }
        [FbField(1, "end_mask")]
        public int EndMask { get; init; }
        [FbField(2, "ellipsis_mask")]
        public int EllipsisMask { get; init; }
        [FbField(3, "new_axis_mask")]
        public int NewAxisMask { get; init; }
        [FbField(4, "shrink_axis_mask")]
        public int ShrinkAxisMask { get; init; }
        /// <summary>The end tensor is an offset from begin.</summary>
        [FbField(5, "offset")]
        public bool Offset { get; init; }
    }

    /// <summary>SplitOptions and SplitVOptions (one field each, num_splits).</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.SplitOptions)]
    public sealed class SplitOptions
    {
        [FbField(0, "num_splits")]
        public int NumSplits { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.SplitVOptions)]
    public sealed class SplitVOptions
    {
        [FbField(0, "num_splits")]
        public int NumSplits { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.PackOptions)]
    public sealed class PackOptions
    {
        [FbField(0, "values_count")]
        public int ValuesCount { get; init; }
        [FbField(1, "axis")]
        public int Axis { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.UnpackOptions)]
    public sealed class UnpackOptions
    {
        [FbField(0, "num")]
        public int Num { get; init; }
        [FbField(1, "axis")]
        public int Axis { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.SqueezeOptions)]
    public sealed class SqueezeOptions
    {
        /// <summary>Dims to drop; empty = every dim of size 1.</summary>
        [FbField(0, "squeeze_dims")]
        public int[] SqueezeDims { get; init; } = Array.Empty<int>();
    }

    /// <summary>MEAN, SUM and the other reductions.</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.ReducerOptions)]
    public sealed class ReducerOptions
    {
        [FbField(0, "keep_dims")]
        public bool KeepDims { get; init; }
    }

    /// <summary>BATCH_MATMUL: adj_x / adj_y transpose the last two dims of lhs / rhs;
    /// asymmetric_quantize_inputs concerns the hybrid (float32 lhs, int8 rhs) kernel only.</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.BatchMatMulOptions)]
    public sealed class BatchMatMulOptions
    {
        [FbField(0, "adj_x")]
        public bool AdjX { get; init; }
        [FbField(1, "adj_y")]
        public bool AdjY { get; init; }
        [FbField(2, "asymmetric_quantize_inputs")]
        public bool AsymmetricQuantizeInputs { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.DepthToSpaceOptions)]
    public sealed class DepthToSpaceOptions
    {
        [FbField(0, "block_size")]
        public int BlockSize { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.SpaceToDepthOptions)]
    public sealed class SpaceToDepthOptions
    {
        [FbField(0, "block_size")]
        public int BlockSize { get; init; }
    }

    /// <summary>MIRROR_PAD: mode 0 REFLECT (the edge element is not repeated), 1 SYMMETRIC (it is).</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.MirrorPadOptions)]
    public sealed class MirrorPadOptions
    {
        [FbField(0, "mode")]
        public byte Mode { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.L2NormOptions)]
    public sealed class L2NormOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.GatherOptions)]
    public sealed class GatherOptions
    {
        [FbField(0, "axis")]
        public int Axis { get; init; }
        /// <summary>Leading dims shared by the input and the positions (GATHER version 5).</summary>
        [FbField(1, "batch_dims")]
        public int BatchDims { get; init; }
    }

    /// <summary>ARG_MAX: the index type (TFLite's default int64; TFLM takes int32 only).</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.ArgMaxOptions)]
    public sealed class ArgMaxOptions
    {
        [FbField(0, "output_type")]
        public TensorType OutputType { get; init; }
    }

    /// <summary>ARG_MIN: as ARG_MAX.</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.ArgMinOptions)]
    public sealed class ArgMinOptions
    {
        [FbField(0, "output_type")]
        public TensorType OutputType { get; init; }
    }

    /// <summary>CUMSUM: an exclusive sum (each output without its own value), a reverse one (from the end).</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.CumsumOptions)]
    public sealed class CumsumOptions
    {
        [FbField(0, "exclusive")]
        public bool Exclusive { get; init; }
        [FbField(1, "reverse")]
        public bool Reverse { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.LeakyReluOptions)]
    public sealed class LeakyReluOptions
    {
        [FbField(0, "alpha")]
        public float Alpha { get; init; }
    }

    /// <summary>RESIZE_BILINEAR (fields 0 and 1, new_height/new_width, are deprecated: the size operand rules).</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.ResizeBilinearOptions)]
    public sealed class ResizeBilinearOptions
    {
        [FbField(2, "align_corners")]
        public bool AlignCorners { get; init; }
        [FbField(3, "half_pixel_centers")]
        public bool HalfPixelCenters { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.ResizeNearestNeighborOptions)]
    public sealed class ResizeNearestNeighborOptions
    {
        [FbField(0, "align_corners")]
        public bool AlignCorners { get; init; }
        [FbField(1, "half_pixel_centers")]
        public bool HalfPixelCenters { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.TransposeConvOptions)]
    public sealed class TransposeConvOptions
    {
        [FbField(0, "padding")]
        public Padding Padding { get; init; }
        [FbField(1, "stride_w")]
        public int StrideW { get; init; }
        [FbField(2, "stride_h")]
        public int StrideH { get; init; }
        [FbField(3, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        /// <summary>Bias/accumulator type (0 = float32 = not set).</summary>
        [FbField(4, "quantized_bias_type")]
        public TensorType QuantizedBiasType { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.SVDFOptions)]
    public sealed class SvdfOptions
    {
        [FbField(0, "rank")]
        public int Rank { get; init; }
        [FbField(1, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        [FbField(2, "asymmetric_quantize_inputs")]
        public bool AsymmetricQuantizeInputs { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.UnidirectionalSequenceLSTMOptions)]
    public sealed class UnidirectionalSequenceLstmOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        [FbField(1, "cell_clip")]
        public float CellClip { get; init; }
        [FbField(2, "proj_clip")]
        public float ProjClip { get; init; }
        [FbField(3, "time_major")]
        public bool TimeMajor { get; init; }
        [FbField(4, "asymmetric_quantize_inputs")]
        public bool AsymmetricQuantizeInputs { get; init; }
        [FbField(5, "diagonal_recurrent_tensors")]
        public bool DiagonalRecurrentTensors { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.SubOptions)]
    public sealed class SubOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
        [FbField(1, "pot_scale_int16")]
        public bool PotScaleInt16 { get; init; } = true;
    }

    [BuiltinOptionsTable(BuiltinOptionsType.DivOptions)]
    public sealed class DivOptions
    {
        [FbField(0, "fused_activation_function")]
        public ActivationFunction Activation { get; init; }
    }

    [BuiltinOptionsTable(BuiltinOptionsType.CallOnceOptions)]
    public sealed class CallOnceOptions
    {
        [FbField(0, "init_subgraph_index")]
        public int InitSubgraphIndex { get; init; }
    }

    /// <summary>A resource variable is named by (container, shared_name); TFLM keys on both.</summary>
    [BuiltinOptionsTable(BuiltinOptionsType.VarHandleOptions)]
    public sealed class VarHandleOptions
    {
        [FbField(0, "container")]
        public string Container { get; init; } = "";
        [FbField(1, "shared_name")]
        public string SharedName { get; init; } = "";
    }


    /// <summary>
    /// Reads and writes the builtin options tables from the one description of each (the
    /// [BuiltinOptionsTable] class and its [FbField] properties above), so that what is read and
    /// what is written cannot drift apart. A field left out reads as the property's initial value
    /// (the schema default); a field equal to it is left out when written, as flatc does.
    /// </summary>
    internal static class BuiltinOptionsCodec
    {
        private sealed class TableInfo
        {
            public TableInfo(Type type, byte unionType)
            {
                Type = type;
                UnionType = unionType;
                Fields = type.GetProperties()
                    .Select(p => (Property: p, Field: p.GetCustomAttribute<FbFieldAttribute>()))
                    .Where(x => x.Field != null)
                    .Select(x => (x.Property, x.Field!))
                    .OrderBy(x => x.Item2.Id)
                    .ToArray();
            }

            public Type Type { get; }
            public byte UnionType { get; }
            public (PropertyInfo Property, FbFieldAttribute Field)[] Fields { get; }
        }

        private static readonly Dictionary<byte, TableInfo> ByUnionType = typeof(BuiltinOptionsCodec).Assembly.GetTypes()
            .Select(t => (Type: t, Table: t.GetCustomAttribute<BuiltinOptionsTableAttribute>()))
            .Where(x => x.Table != null)
            .ToDictionary(x => x.Table!.Type, x => new TableInfo(x.Type, x.Table!.Type));

        private static readonly Dictionary<Type, TableInfo> ByClass = ByUnionType.Values.ToDictionary(t => t.Type);

        /// <summary>Options tables without fields: read as <see cref="EmptyOptions"/>.</summary>
        private static readonly HashSet<byte> EmptyTables = new()
        {
            BuiltinOptionsType.PadOptions, BuiltinOptionsType.PadV2Options, BuiltinOptionsType.TransposeOptions,
            BuiltinOptionsType.SliceOptions, BuiltinOptionsType.ExpandDimsOptions, BuiltinOptionsType.MaximumMinimumOptions,
            BuiltinOptionsType.HardSwishOptions, BuiltinOptionsType.QuantizeOptions, BuiltinOptionsType.DequantizeOptions,
            BuiltinOptionsType.ReadVariableOptions, BuiltinOptionsType.AssignVariableOptions,
            BuiltinOptionsType.SquaredDifferenceOptions, BuiltinOptionsType.AbsOptions,
            BuiltinOptionsType.LessOptions, BuiltinOptionsType.GreaterOptions, BuiltinOptionsType.GreaterEqualOptions,
            BuiltinOptionsType.LessEqualOptions, BuiltinOptionsType.EqualOptions, BuiltinOptionsType.NotEqualOptions,
            BuiltinOptionsType.ReverseV2Options, BuiltinOptionsType.SelectV2Options,
        };

        /// <summary>The options object of union type `type`, or null for a type we do not model.</summary>
        public static object? Read(byte type, FbTable table)
        {
            if (EmptyTables.Contains(type)) return new EmptyOptions { Type = type };
            if (!ByUnionType.TryGetValue(type, out TableInfo? info)) return null;
            object options = Activator.CreateInstance(info.Type)!;
            foreach (var (p, f) in info.Fields)
            {
                object? def = p.GetValue(options);
                Type t = p.PropertyType;
                object? value =
                    t == typeof(int) ? table.I32(f.Id, f.Name, (int)def!)
                    : t == typeof(float) ? table.F32(f.Id, f.Name, (float)def!)
                    : t == typeof(bool) ? table.Bool(f.Id, f.Name, (bool)def!)
                    : t == typeof(byte) ? table.U8(f.Id, f.Name, (byte)def!)
                    : t.IsEnum ? Enum.ToObject(t, table.U8(f.Id, f.Name, Convert.ToByte(def)))
                    : t == typeof(string) ? table.String(f.Id, f.Name) ?? def
                    : t == typeof(int[]) ? table.Int32Array(f.Id, f.Name) ?? def
                    : throw new InvalidOperationException($"{info.Type.Name}.{p.Name}: no flatbuffer encoding for {t.Name}");
                p.SetValue(options, value);
            }
            return options;
        }

        /// <summary>The union type of an options object (0 when it is not an options class).</summary>
        public static byte UnionTypeOf(object options) =>
            options is EmptyOptions e ? e.Type : ByClass.TryGetValue(options.GetType(), out TableInfo? info) ? info.UnionType : (byte)0;

        /// <summary>The table of an options object.</summary>
        public static FbTableNode Write(object options)
        {
            var table = new FbTableNode();
            if (options is EmptyOptions) return table;
            if (!ByClass.TryGetValue(options.GetType(), out TableInfo? info))
                throw new ArgumentException($"{options.GetType().Name} is not a builtin options table");
            object defaults = Activator.CreateInstance(info.Type)!;
            foreach (var (p, f) in info.Fields)
            {
                object? value = p.GetValue(options);
                if (value == null || (!(value is Array || value is string) && value.Equals(p.GetValue(defaults)))) continue;
                table.Set(f.Id, value switch
                {
                    int[] a => new FbVectorNode(a),
                    string s => new FbStringNode(s),
                    Enum e => Convert.ToByte(e),
                    _ => value,
                });
            }
            return table;
        }
    }
}
