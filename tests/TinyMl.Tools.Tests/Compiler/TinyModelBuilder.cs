#nullable enable
using System.Collections.Generic;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Crafts small .tflite files: one FULLY_CONNECTED (input [1,4] scale 0.5, weights [3,4]
    /// scale 0.25, bias [3], output [1,3] scale 0.125), optionally followed by a second
    /// operator [1,3] -> [1,3]. Fields can be changed to produce unsupported variants.
    /// Written by TinyMl.Tflite.
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
        /// <summary>The second operator's options spelled field by field (read into the typed options).</summary>
        public FbTableNode? SecondOptions;
        public sbyte[] Weights = { 1, 2, 3, 4, -1, -2, -3, -4, 5, 6, 7, 8 };
        public int[] Bias = { 10, -20, 30 };

        private static TfliteQuantization Quant(float[] scales, long zp)
        {
            var zps = new long[scales.Length];
            for (int i = 0; i < zps.Length; i++) zps[i] = zp;
            return new TfliteQuantization { Scale = scales, ZeroPoint = zps };
        }

        private static TfliteTensor Tensor(int index, int[] shape, TensorType type, uint buffer, string name, TfliteQuantization quant) =>
            new() { Index = index, Shape = shape, Type = type, Buffer = buffer, Name = name, Quantization = quant };

        public TfliteModel Model()
        {
            var weightBytes = new byte[Weights.Length];
            for (int i = 0; i < Weights.Length; i++) weightBytes[i] = unchecked((byte)Weights[i]);
            var biasBytes = new byte[Bias.Length * 4];
            for (int i = 0; i < Bias.Length; i++) System.BitConverter.GetBytes(Bias[i]).CopyTo(biasBytes, 4 * i);

            var buffers = new List<TfliteBuffer>
            {
                new() { Index = 0 },
                new() { Index = 1 },
                ExternalWeights
                    ? new() { Index = 2, Offset = 4096, Size = (ulong)weightBytes.Length }
                    : new() { Index = 2, Data = weightBytes },
                new() { Index = 3, Data = biasBytes },
                new() { Index = 4 },
                new() { Index = 5 },
            };
            var tensors = new List<TfliteTensor>
            {
                Tensor(0, new[] { 1, 4 }, (TensorType)InputType, 1, "input", Quant(new[] { InputScale }, 0)),
                Tensor(1, new[] { 3, 4 }, TensorType.Int8, 2, "weights", Quant(WeightScales, 0)),
                Tensor(2, new[] { 3 }, TensorType.Int32, 3, "bias", Quant(new[] { InputScale * WeightScales[0] }, 0)),
                Tensor(3, new[] { 1, 3 }, TensorType.Int8, 4, "fc_out", Quant(new[] { OutputScale }, OutputZeroPoint)),
            };
            int raw = BuiltinCode ?? 0;
            var opcodes = new List<TfliteOperatorCode>
            {
                new() { DeprecatedBuiltinCode = DeprecatedCode, RawBuiltinCode = raw, BuiltinCode = System.Math.Max(raw, DeprecatedCode) },
            };
            var ops = new List<TfliteOperator>
            {
                new()
                {
                    Index = 0,
                    OpcodeIndex = 0,
                    Inputs = new[] { 0, 1, 2 },
                    Outputs = new[] { 3 },
                    BuiltinOptionsType = BuiltinOptionsType.FullyConnectedOptions,
                    BuiltinOptions = new FullyConnectedOptions { Activation = (ActivationFunction)Activation },
                },
            };
            int output = 3;
            if (SecondOpCode.HasValue)
            {
                opcodes.Add(TfliteOperatorCode.Builtin(SecondOpCode.Value));
                tensors.Add(Tensor(4, new[] { 1, 3 }, TensorType.Int8, 5, "second_out", Quant(new[] { 1.0f / 256 }, -128)));
                ops.Add(new TfliteOperator
                {
                    Index = 1,
                    OpcodeIndex = 1,
                    Inputs = new[] { 3 },
                    Outputs = new[] { 4 },
                    BuiltinOptionsType = SecondOptions == null ? (byte)0 : SecondOptionsType,
                    BuiltinOptions = SecondOptions == null ? null : TfliteGraphBuilder.OptionsOf(SecondOptionsType, SecondOptions),
                });
                output = 4;
            }
            return new TfliteModel
            {
                Version = 3,
                Description = "TinyModelBuilder",
                OperatorCodes = opcodes,
                Subgraphs = new[] { new TfliteSubgraph { Name = "main", Tensors = tensors, Inputs = new[] { 0 }, Outputs = new[] { output }, Operators = ops } },
                Buffers = buffers,
            };
        }

        public byte[] Build() => Model().Write();
    }
}
