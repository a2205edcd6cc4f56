#nullable enable
using System;
using System.Collections.Generic;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Crafts .tflite files of any graph: tensors (int8 activations with scale/zero point, int32
    /// constants), operators with options, several inputs and outputs, extra subgraphs.
    /// </summary>
    internal sealed class TfliteGraphBuilder
    {
        private readonly List<FbTableNode> _buffers = new() { new FbTableNode() };
        private readonly List<int> _opcodes = new();
        private readonly List<SubgraphParts> _subgraphs = new() { new SubgraphParts() };

        private sealed class SubgraphParts
        {
            public readonly List<FbTableNode> Tensors = new();
            public readonly List<FbTableNode> Operators = new();
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

        private int Buffer(byte[]? data)
        {
            _buffers.Add(data == null ? new FbTableNode() : new FbTableNode().Set(0, new FbVectorNode(data)));
            return _buffers.Count - 1;
        }

        private int Tensor(int[] shape, byte type, byte[]? data, string name, FbTableNode? quant)
        {
            var t = new FbTableNode().Set(0, new FbVectorNode(shape)).Set(1, type).Set(2, (uint)Buffer(data)).Set(3, new FbStringNode(name));
            if (quant != null) t.Set(4, quant);
            var tensors = _subgraphs[Current].Tensors;
            tensors.Add(t);
            return tensors.Count - 1;
        }

        public int Int8(int[] shape, float scale, long zeroPoint, string name) =>
            Tensor(shape, 9, null, name, new FbTableNode().Set(2, new FbVectorNode(new[] { scale })).Set(3, new FbVectorNode(new[] { zeroPoint })));

        public int UInt8(int[] shape, float scale, long zeroPoint, string name) =>
            Tensor(shape, 3, null, name, new FbTableNode().Set(2, new FbVectorNode(new[] { scale })).Set(3, new FbVectorNode(new[] { zeroPoint })));

        public int Int8Constant(int[] shape, sbyte[] values, float scale, long zeroPoint, string name)
        {
            var data = new byte[values.Length];
            for (int i = 0; i < values.Length; i++) data[i] = unchecked((byte)values[i]);
            return Tensor(shape, 9, data, name, new FbTableNode().Set(2, new FbVectorNode(new[] { scale })).Set(3, new FbVectorNode(new[] { zeroPoint })));
        }

        public int Int32Constant(int[] shape, int[] values, string name)
        {
            var data = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BitConverter.GetBytes(values[i]).CopyTo(data, 4 * i);
            return Tensor(shape, 2, data, name, null);
        }

        public int Resource(string name) => Tensor(Array.Empty<int>(), 13, null, name, null);

        public void Op(int builtinCode, int[] inputs, int[] outputs, byte optionsType = 0, FbTableNode? options = null)
        {
            int opcode = _opcodes.IndexOf(builtinCode);
            if (opcode < 0)
            {
                _opcodes.Add(builtinCode);
                opcode = _opcodes.Count - 1;
            }
            var op = new FbTableNode().Set(0, (uint)opcode).Set(1, new FbVectorNode(inputs)).Set(2, new FbVectorNode(outputs));
            if (options != null) op.Set(3, optionsType).Set(4, options);
            _subgraphs[Current].Operators.Add(op);
        }

        public void Io(int[] inputs, int[] outputs)
        {
            _subgraphs[Current].Inputs = inputs;
            _subgraphs[Current].Outputs = outputs;
        }

        public byte[] Build()
        {
            var opcodes = new List<FbTableNode>();
            foreach (int code in _opcodes) opcodes.Add(new FbTableNode().Set(0, (sbyte)Math.Min(code, 127)).Set(3, code));
            var subgraphs = new List<FbTableNode>();
            foreach (SubgraphParts sg in _subgraphs)
            {
                subgraphs.Add(new FbTableNode()
                    .Set(0, new FbVectorNode(sg.Tensors.ToArray()))
                    .Set(1, new FbVectorNode(sg.Inputs))
                    .Set(2, new FbVectorNode(sg.Outputs))
                    .Set(3, new FbVectorNode(sg.Operators.ToArray())));
            }
            var model = new FbTableNode()
                .Set(0, 3u)
                .Set(1, new FbVectorNode(opcodes.ToArray()))
                .Set(2, new FbVectorNode(subgraphs.ToArray()))
                .Set(4, new FbVectorNode(_buffers.ToArray()));
            return FlatBufferTestWriter.Serialize(model, "TFL3");
        }
    }
}
