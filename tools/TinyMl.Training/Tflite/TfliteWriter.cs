using System;
using System.Collections.Generic;
using TinyMl.Training.FlatBuffers;

namespace TinyMl.Training.Tflite
{
    /// <summary>
    /// Writes a <see cref="QuantizedDenseModel"/> as a TensorFlow Lite flatbuffer (schema.fbs,
    /// file identifier "TFL3", schema version 3), as the TFLite converter writes a full-integer
    /// model with int8 input and output: one FULLY_CONNECTED (builtin 9, op version 4) per layer
    /// with FullyConnectedOptions (fused RELU or NONE, DEFAULT weights, keep_num_dims false);
    /// operator codes carry both deprecated_builtin_code and builtin_code; buffers[0] is the
    /// empty sentinel and activations use it; weights and biases each get a buffer (16-byte
    /// aligned data); every tensor has its quantization (scale, zero point, and min/max for
    /// activations; per-channel weights use quantized_dimension 0).
    /// </summary>
    public static class TfliteWriter
    {
        public const int SchemaVersion = 3;
        private const int BuiltinFullyConnected = 9;
        private const byte TensorTypeInt32 = 2;
        private const byte TensorTypeInt8 = 9;
        private const byte OptionsFullyConnected = 8;
        private const byte ActivationNone = 0;
        private const byte ActivationRelu = 1;

        public static byte[] Write(QuantizedDenseModel model, string description)
        {
            ArgumentNullException.ThrowIfNull(model);
            if (model.Layers.Length == 0) throw new ArgumentException("the model has no layers");

            var tensors = new List<FbNode>();
            var buffers = new List<FbNode> { new FbTable() }; // buffers[0]: the empty sentinel
            var operators = new List<FbNode>();

            int AddBuffer(byte[] data)
            {
                buffers.Add(new FbTable().Ref(0, FbVector.OfBytes(data, alignment: 16)));
                return buffers.Count - 1;
            }

            int AddTensor(string name, int[] shape, byte type, int buffer, FbTable quantization)
            {
                tensors.Add(new FbTable()
                    .Ref(0, FbVector.OfInts(shape))
                    .Byte(1, type)
                    .UInt(2, (uint)buffer)
                    .Ref(3, new FbString(name))
                    .Ref(4, quantization));
                return tensors.Count - 1;
            }

            int input = AddTensor("input", new[] { 1, model.InputSize }, TensorTypeInt8, 0,
                Activation(model.InputScale, model.InputZeroPoint, model.InputMin, model.InputMax));
            int current = input;
            for (int l = 0; l < model.Layers.Length; l++)
            {
                QuantizedDenseLayer layer = model.Layers[l];
                string prefix = $"dense_{l}";
                var weightBytes = new byte[layer.Weights.Length];
                Buffer.BlockCopy(layer.Weights, 0, weightBytes, 0, weightBytes.Length);
                int weights = AddTensor(prefix + "/weights", new[] { layer.Outputs, layer.Inputs }, TensorTypeInt8, AddBuffer(weightBytes),
                    Symmetric(layer.WeightScales));
                var biasBytes = new byte[layer.Bias.Length * 4];
                Buffer.BlockCopy(layer.Bias, 0, biasBytes, 0, biasBytes.Length);
                int bias = AddTensor(prefix + "/bias", new[] { layer.Outputs }, TensorTypeInt32, AddBuffer(biasBytes),
                    Symmetric(layer.BiasScales));
                bool last = l == model.Layers.Length - 1;
                int output = AddTensor(last ? "output" : prefix + (layer.Relu ? "/relu" : "/out"), new[] { 1, layer.Outputs }, TensorTypeInt8, 0,
                    Activation(layer.OutputScale, layer.OutputZeroPoint, layer.OutputMin, layer.OutputMax));
                operators.Add(new FbTable()
                    .UInt(0, 0)
                    .Ref(1, FbVector.OfInts(new[] { current, weights, bias }))
                    .Ref(2, FbVector.OfInts(new[] { output }))
                    .Byte(3, OptionsFullyConnected)
                    .Ref(4, new FbTable()
                        .SByte(0, (sbyte)(layer.Relu ? ActivationRelu : ActivationNone))
                        .SByte(1, 0)
                        .Bool(2, false)
                        .Bool(3, false)));
                current = output;
            }

            var subgraph = new FbTable()
                .Ref(0, FbVector.OfTables(tensors))
                .Ref(1, FbVector.OfInts(new[] { input }))
                .Ref(2, FbVector.OfInts(new[] { current }))
                .Ref(3, FbVector.OfTables(operators))
                .Ref(4, new FbString("main"));
            var opcode = new FbTable()
                .SByte(0, BuiltinFullyConnected)
                .Int(2, 4)
                .Int(3, BuiltinFullyConnected);
            var root = new FbTable()
                .UInt(0, SchemaVersion)
                .Ref(1, FbVector.OfTables(new FbNode[] { opcode }))
                .Ref(2, FbVector.OfTables(new FbNode[] { subgraph }))
                .Ref(3, new FbString(description ?? "TinyMl.Nano"))
                .Ref(4, FbVector.OfTables(buffers));
            return FlatBufferBuilder.Finish(root, "TFL3");
        }

        private static FbTable Activation(float scale, int zeroPoint, float min, float max) =>
            new FbTable()
                .Ref(0, FbVector.OfFloats(new[] { min }))
                .Ref(1, FbVector.OfFloats(new[] { max }))
                .Ref(2, FbVector.OfFloats(new[] { scale }))
                .Ref(3, FbVector.OfLongs(new[] { (long)zeroPoint }))
                .Int(6, 0);

        private static FbTable Symmetric(float[] scales) =>
            new FbTable()
                .Ref(2, FbVector.OfFloats(scales))
                .Ref(3, FbVector.OfLongs(new long[scales.Length]))
                .Int(6, 0);
    }
}
