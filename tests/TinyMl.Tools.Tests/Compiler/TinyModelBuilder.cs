#nullable enable
using System.Collections.Generic;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Crafts small .tflite files: one FULLY_CONNECTED (input [1,4] scale 0.5, weights [3,4]
    /// scale 0.25, bias [3], output [1,3] scale 0.125), optionally followed by a second
    /// operator [1,3] -> [1,3]. Fields can be changed to produce unsupported variants.
    /// </summary>
    internal sealed class TinyModelBuilder
    {
        public sbyte DeprecatedCode = 9;   // FULLY_CONNECTED
        public int? BuiltinCode = 9;
        public byte InputType = 9;         // int8
        public float InputScale = 0.5f;
        public float[] WeightScales = { 0.25f };
        public float OutputScale = 0.125f;
        public long OutputZeroPoint;
        public byte Activation;            // NONE
        public bool ExternalWeights;
        /// <summary>Builtin code of a second operator appended after the FC, or null for none.</summary>
        public int? SecondOpCode;
        public byte SecondOptionsType;
        public FbTableNode? SecondOptions;
        public sbyte[] Weights = { 1, 2, 3, 4, -1, -2, -3, -4, 5, 6, 7, 8 };
        public int[] Bias = { 10, -20, 30 };

        private static FbTableNode Quant(float[] scales, long zp, int quantizedDimension = 0)
        {
            var zps = new long[scales.Length];
            for (int i = 0; i < zps.Length; i++) zps[i] = zp;
            var q = new FbTableNode().Set(2, new FbVectorNode(scales)).Set(3, new FbVectorNode(zps));
            if (quantizedDimension != 0) q.Set(6, quantizedDimension);
            return q;
        }

        private static FbTableNode Tensor(int[] shape, byte type, uint buffer, string name, FbTableNode? quant)
        {
            var t = new FbTableNode().Set(0, new FbVectorNode(shape)).Set(1, type).Set(2, buffer).Set(3, new FbStringNode(name));
            if (quant != null) t.Set(4, quant);
            return t;
        }

        public byte[] Build()
        {
            var weightBytes = new byte[Weights.Length];
            for (int i = 0; i < Weights.Length; i++) weightBytes[i] = unchecked((byte)Weights[i]);
            var biasBytes = new byte[Bias.Length * 4];
            for (int i = 0; i < Bias.Length; i++) System.BitConverter.GetBytes(Bias[i]).CopyTo(biasBytes, 4 * i);

            var buffers = new List<FbTableNode>
            {
                new FbTableNode(),
                new FbTableNode(),
                ExternalWeights
                    ? new FbTableNode().Set(1, (ulong)4096).Set(2, (ulong)weightBytes.Length)
                    : new FbTableNode().Set(0, new FbVectorNode(weightBytes)),
                new FbTableNode().Set(0, new FbVectorNode(biasBytes)),
                new FbTableNode(),
                new FbTableNode(),
            };
            var tensors = new List<FbTableNode>
            {
                Tensor(new[] { 1, 4 }, InputType, 1, "input", Quant(new[] { InputScale }, 0)),
                Tensor(new[] { 3, 4 }, 9, 2, "weights", Quant(WeightScales, 0)),
                Tensor(new[] { 3 }, 2, 3, "bias", Quant(new[] { InputScale * WeightScales[0] }, 0)),
                Tensor(new[] { 1, 3 }, 9, 4, "fc_out", Quant(new[] { OutputScale }, OutputZeroPoint)),
            };
            var opcode = new FbTableNode().Set(0, DeprecatedCode);
            if (BuiltinCode.HasValue) opcode.Set(3, BuiltinCode.Value);
            var opcodes = new List<FbTableNode> { opcode };
            var fc = new FbTableNode()
                .Set(0, 0u)
                .Set(1, new FbVectorNode(new[] { 0, 1, 2 }))
                .Set(2, new FbVectorNode(new[] { 3 }))
                .Set(3, (byte)8)
                .Set(4, new FbTableNode().Set(0, Activation));
            var ops = new List<FbTableNode> { fc };
            int output = 3;
            if (SecondOpCode.HasValue)
            {
                int code = SecondOpCode.Value;
                opcodes.Add(new FbTableNode().Set(0, (sbyte)System.Math.Min(code, 127)).Set(3, code));
                tensors.Add(Tensor(new[] { 1, 3 }, 9, 5, "second_out", Quant(new[] { 1.0f / 256 }, -128)));
                var op = new FbTableNode()
                    .Set(0, 1u)
                    .Set(1, new FbVectorNode(new[] { 3 }))
                    .Set(2, new FbVectorNode(new[] { 4 }));
                if (SecondOptions != null) op.Set(3, SecondOptionsType).Set(4, SecondOptions);
                ops.Add(op);
                output = 4;
            }
            var subgraph = new FbTableNode()
                .Set(0, new FbVectorNode(tensors.ToArray()))
                .Set(1, new FbVectorNode(new[] { 0 }))
                .Set(2, new FbVectorNode(new[] { output }))
                .Set(3, new FbVectorNode(ops.ToArray()))
                .Set(4, new FbStringNode("main"));
            var model = new FbTableNode()
                .Set(0, 3u)
                .Set(1, new FbVectorNode(opcodes.ToArray()))
                .Set(2, new FbVectorNode(new[] { subgraph }))
                .Set(3, new FbStringNode("TinyModelBuilder"))
                .Set(4, new FbVectorNode(buffers.ToArray()));
            return FlatBufferTestWriter.Serialize(model, "TFL3");
        }
    }
}
