#nullable enable
using System;
using System.Collections.Generic;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Crafts .tflite files of any graph: tensors (int8 activations with scale/zero point, int32
    /// constants), operators with options, several inputs and outputs, extra subgraphs. Builds a
    /// <see cref="TfliteModel"/>; written by TinyMl.Tflite.
    /// </summary>
    internal sealed class TfliteGraphBuilder
    {
        private readonly List<TfliteBuffer> _buffers = new() { new TfliteBuffer { Index = 0 } };
        private readonly List<int> _opcodes = new();
        private readonly List<SubgraphParts> _subgraphs = new() { new SubgraphParts() };

        private sealed class SubgraphParts
        {
            public readonly List<TfliteTensor> Tensors = new();
            public readonly List<TfliteOperator> Operators = new();
            public int[] Inputs = Array.Empty<int>();
            public int[] Outputs = Array.Empty<int>();
        }

        /// <summary>The subgraph new tensors and operators go to (0 = main).</summary>
        public int Current;

        public int AddSubgraph()
        {
            _subgraphs.Add(new SubgraphParts());
            return _subgraphs.Count - 1;
        }

        private uint Buffer(byte[]? data)
        {
            _buffers.Add(new TfliteBuffer { Index = _buffers.Count, Data = data ?? ReadOnlyMemory<byte>.Empty });
            return (uint)(_buffers.Count - 1);
        }

        private int Tensor(int[] shape, TensorType type, byte[]? data, string name, TfliteQuantization? quant)
        {
            var tensors = _subgraphs[Current].Tensors;
            tensors.Add(new TfliteTensor { Index = tensors.Count, Shape = shape, Type = type, Buffer = Buffer(data), Name = name, Quantization = quant });
            return tensors.Count - 1;
        }

        private static TfliteQuantization Quant(float scale, long zeroPoint) => new() { Scale = new[] { scale }, ZeroPoint = new[] { zeroPoint } };

        public int Int8(int[] shape, float scale, long zeroPoint, string name) =>
            Tensor(shape, TensorType.Int8, null, name, Quant(scale, zeroPoint));

        public int UInt8(int[] shape, float scale, long zeroPoint, string name) =>
            Tensor(shape, TensorType.UInt8, null, name, Quant(scale, zeroPoint));

        public int Int16(int[] shape, float scale, long zeroPoint, string name) =>
            Tensor(shape, TensorType.Int16, null, name, Quant(scale, zeroPoint));

        public int Int8Constant(int[] shape, sbyte[] values, float scale, long zeroPoint, string name)
        {
            var data = new byte[values.Length];
            for (int i = 0; i < values.Length; i++) data[i] = unchecked((byte)values[i]);
            return Tensor(shape, TensorType.Int8, data, name, Quant(scale, zeroPoint));
        }

        public int Int32Constant(int[] shape, int[] values, string name)
        {
            var data = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BitConverter.GetBytes(values[i]).CopyTo(data, 4 * i);
            return Tensor(shape, TensorType.Int32, data, name, null);
        }

        public int Int16Constant(int[] shape, short[] values, string name)
        {
            var data = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++) BitConverter.GetBytes(values[i]).CopyTo(data, 2 * i);
            return Tensor(shape, TensorType.Int16, data, name, null);
        }

        /// <summary>A constant int64 tensor (a 16x8 bias), quantized when scale &gt; 0.</summary>
        public int Int64Constant(int[] shape, long[] values, string name, float scale = 0f)
        {
            var data = new byte[values.Length * 8];
            for (int i = 0; i < values.Length; i++) BitConverter.GetBytes(values[i]).CopyTo(data, 8 * i);
            return Tensor(shape, TensorType.Int64, data, name, scale > 0f ? Quant(scale, 0) : null);
        }

        public int Resource(string name) => Tensor(Array.Empty<int>(), TensorType.Resource, null, name, null);

        /// <summary>A computed int32 tensor (no quantization).</summary>
        public int Int32(int[] shape, string name) => Tensor(shape, TensorType.Int32, null, name, null);
        /// <summary>An activation of any type without quantization parameters (a CAST's operands).</summary>
        public int Plain(int[] shape, TensorType type, string name) => Tensor(shape, type, null, name, null);
        public int Int64(int[] shape, string name) => Tensor(shape, TensorType.Int64, null, name, null);
        /// <summary>A computed bool tensor (a comparison's output, SELECT_V2's condition).</summary>
        public int Bool(int[] shape, string name) => Tensor(shape, TensorType.Bool, null, name, null);
        /// <summary>A computed float32 tensor.</summary>
        public int Float32(int[] shape, string name) => Tensor(shape, TensorType.Float32, null, name, null);
        /// <summary>A computed int32 tensor with affine quantization.</summary>
        public int QuantizedInt32(int[] shape, float scale, long zeroPoint, string name) =>
            Tensor(shape, TensorType.Int32, null, name, Quant(scale, zeroPoint));

        /// <summary>An operator whose options are spelled field by field (or none).</summary>
        public void Op(int builtinCode, int[] inputs, int[] outputs, byte optionsType = 0, FbTableNode? options = null) =>
            Add(builtinCode, inputs, outputs, options == null ? (byte)0 : optionsType, options == null ? null : OptionsOf(optionsType, options));

        /// <summary>An operator with typed options (Conv2DOptions, ...; EmptyOptions for a table without fields).</summary>
        public void Op(int builtinCode, int[] inputs, int[] outputs, object options) =>
            Add(builtinCode, inputs, outputs, 0, options);

        private void Add(int builtinCode, int[] inputs, int[] outputs, byte optionsType, object? options)
        {
            int opcode = _opcodes.IndexOf(builtinCode);
            if (opcode < 0)
            {
                _opcodes.Add(builtinCode);
                opcode = _opcodes.Count - 1;
            }
            var ops = _subgraphs[Current].Operators;
            ops.Add(new TfliteOperator
            {
                Index = ops.Count,
                Subgraph = Current,
                OpcodeIndex = (uint)opcode,
                Inputs = inputs,
                Outputs = outputs,
                BuiltinOptionsType = optionsType,
                BuiltinOptions = options,
            });
        }

        /// <summary>An options table spelled field by field, read as the reader reads it (null
        /// for an options type the library does not model: written as an empty table of that type).</summary>
        internal static object? OptionsOf(byte optionsType, FbTableNode options)
        {
            byte[] table = FlatBufferBuilder.Finish(options, null);
            return BuiltinOptionsCodec.Read(optionsType, new FlatBufferReader(table, 1 << 20).Root("builtin_options"));
        }

        public void Io(int[] inputs, int[] outputs)
        {
            _subgraphs[Current].Inputs = inputs;
            _subgraphs[Current].Outputs = outputs;
        }

        public TfliteModel Model()
        {
            var opcodes = new List<TfliteOperatorCode>();
            foreach (int code in _opcodes) opcodes.Add(TfliteOperatorCode.Builtin(code));
            var subgraphs = new List<TfliteSubgraph>();
            foreach (SubgraphParts sg in _subgraphs)
            {
                subgraphs.Add(new TfliteSubgraph
                {
                    Index = subgraphs.Count,
                    Tensors = sg.Tensors,
                    Inputs = sg.Inputs,
                    Outputs = sg.Outputs,
                    Operators = sg.Operators,
                });
            }
            return new TfliteModel { Version = 3, OperatorCodes = opcodes, Subgraphs = subgraphs, Buffers = _buffers };
        }

        public byte[] Build() => Model().Write();
    }
}
