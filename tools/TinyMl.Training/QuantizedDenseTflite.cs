using System;
using System.Collections.Generic;
using TinyMl.Tflite;

namespace TinyMl.Training
{
    /// <summary>
    /// A <see cref="QuantizedDenseModel"/> as a TFLite model, laid out as the TFLite converter
    /// lays out a full-integer model with int8 input and output: one FULLY_CONNECTED (op version
    /// 4) per layer with FullyConnectedOptions (fused RELU or NONE); buffers[0] is the empty
    /// sentinel and activations use it; weights and biases each get a buffer; every tensor has its
    /// quantization (scale, zero point, and min/max for activations; per-channel weights use
    /// quantized_dimension 0). Serialized by TinyMl.Tflite.
    /// </summary>
    public static class QuantizedDenseTflite
    {
        public const uint SchemaVersion = 3;
        private const int FullyConnectedVersion = 4;

        /// <summary>The .tflite bytes of the model.</summary>
        public static byte[] Write(QuantizedDenseModel model, string description) => ToModel(model, description).Write();

        public static TfliteModel ToModel(QuantizedDenseModel model, string description)
        {
            ArgumentNullException.ThrowIfNull(model);
            if (model.Layers.Length == 0) throw new ArgumentException("the model has no layers");

            var tensors = new List<TfliteTensor>();
            var buffers = new List<TfliteBuffer> { new TfliteBuffer { Index = 0 } }; // the empty sentinel
            var operators = new List<TfliteOperator>();

            uint AddBuffer(byte[] data)
            {
                buffers.Add(new TfliteBuffer { Index = buffers.Count, Data = data });
                return (uint)(buffers.Count - 1);
            }

            int AddTensor(string name, int[] shape, TensorType type, uint buffer, TfliteQuantization quantization)
            {
                tensors.Add(new TfliteTensor { Index = tensors.Count, Name = name, Shape = shape, Type = type, Buffer = buffer, Quantization = quantization });
                return tensors.Count - 1;
            }

            int input = AddTensor("input", new[] { 1, model.InputSize }, TensorType.Int8, 0,
                Activation(model.InputScale, model.InputZeroPoint, model.InputMin, model.InputMax));
            int current = input;
            for (int l = 0; l < model.Layers.Length; l++)
            {
                QuantizedDenseLayer layer = model.Layers[l];
                string prefix = $"dense_{l}";
                var weightBytes = new byte[layer.Weights.Length];
                Buffer.BlockCopy(layer.Weights, 0, weightBytes, 0, weightBytes.Length);
                int weights = AddTensor(prefix + "/weights", new[] { layer.Outputs, layer.Inputs }, TensorType.Int8, AddBuffer(weightBytes),
                    Symmetric(layer.WeightScales));
                var biasBytes = new byte[layer.Bias.Length * 4];
                Buffer.BlockCopy(layer.Bias, 0, biasBytes, 0, biasBytes.Length);
                int bias = AddTensor(prefix + "/bias", new[] { layer.Outputs }, TensorType.Int32, AddBuffer(biasBytes),
                    Symmetric(layer.BiasScales));
                bool last = l == model.Layers.Length - 1;
                int output = AddTensor(last ? "output" : prefix + (layer.Relu ? "/relu" : "/out"), new[] { 1, layer.Outputs }, TensorType.Int8, 0,
                    Activation(layer.OutputScale, layer.OutputZeroPoint, layer.OutputMin, layer.OutputMax));
                operators.Add(new TfliteOperator
                {
                    Index = l,
                    OpcodeIndex = 0,
                    Inputs = new[] { current, weights, bias },
                    Outputs = new[] { output },
                    BuiltinOptionsType = BuiltinOptionsType.FullyConnectedOptions,
                    BuiltinOptions = new FullyConnectedOptions { Activation = layer.Relu ? ActivationFunction.Relu : ActivationFunction.None },
                });
                current = output;
            }

            return new TfliteModel
            {
                Version = SchemaVersion,
                Description = description ?? "TinyMl.Nano",
                OperatorCodes = new[] { TfliteOperatorCode.Builtin(BuiltinOperator.FullyConnected, FullyConnectedVersion) },
                Subgraphs = new[]
                {
                    new TfliteSubgraph { Name = "main", Tensors = tensors, Inputs = new[] { input }, Outputs = new[] { current }, Operators = operators },
                },
                Buffers = buffers,
            };
        }

        private static TfliteQuantization Activation(float scale, int zeroPoint, float min, float max) => new()
        {
            Min = new[] { min },
            Max = new[] { max },
            Scale = new[] { scale },
            ZeroPoint = new[] { (long)zeroPoint },
        };

        private static TfliteQuantization Symmetric(float[] scales) => new()
        {
            Scale = scales,
            ZeroPoint = new long[scales.Length],
        };
    }
}
