using System;

namespace TinyMl.Training
{
    /// <summary>One int8 FULLY_CONNECTED layer with its quantization.</summary>
    public sealed class QuantizedDenseLayer
    {
        public int Inputs { get; init; }
        public int Outputs { get; init; }
        /// <summary>[Outputs, Inputs] row-major, symmetric (zero point 0), in [-127, 127].</summary>
        public sbyte[] Weights { get; init; } = Array.Empty<sbyte>();
        /// <summary>One scale (per-tensor) or one per output channel (quantized dimension 0).</summary>
        public float[] WeightScales { get; init; } = Array.Empty<float>();
        /// <summary>int32 bias, scale = input scale × weight scale (one or per channel, as the weights), zero point 0.</summary>
        public int[] Bias { get; init; } = Array.Empty<int>();
        public float[] BiasScales { get; init; } = Array.Empty<float>();
        /// <summary>Fused RELU (FULLY_CONNECTED fused_activation_function).</summary>
        public bool Relu { get; init; }
        public float OutputScale { get; init; }
        public int OutputZeroPoint { get; init; }
        /// <summary>Calibration range of the output (stored as the tensor's min/max).</summary>
        public float OutputMin { get; init; }
        public float OutputMax { get; init; }
    }

    /// <summary>An int8 dense network: int8 input and output, int8 weights, int32 biases.</summary>
    public sealed class QuantizedDenseModel
    {
        public float InputScale { get; init; }
        public int InputZeroPoint { get; init; }
        public float InputMin { get; init; }
        public float InputMax { get; init; }
        public QuantizedDenseLayer[] Layers { get; init; } = Array.Empty<QuantizedDenseLayer>();
        public int InputSize => Layers[0].Inputs;
        public int OutputSize => Layers[^1].Outputs;
        public float OutputScale => Layers[^1].OutputScale;
        public int OutputZeroPoint => Layers[^1].OutputZeroPoint;
    }

    /// <summary>
    /// Post-training int8 quantization with TensorFlow Lite's conventions (the full-integer
    /// converter with a representative dataset):
    /// <list type="bullet">
    /// <item>activations (the model input and every layer output): per-tensor asymmetric; the
    /// range observed over the calibration data is widened to include 0, scale = (max - min)
    /// / 255, zero point = round(-128 - min / scale) clamped to [-128, 127];</item>
    /// <item>weights: symmetric int8 in [-127, 127], zero point 0, per tensor (scale = max|w|
    /// / 127) or per output channel (quantized dimension 0);</item>
    /// <item>biases: int32 with scale = input scale × weight scale, zero point 0.</item>
    /// </list>
    /// Rounding is half away from zero (std::round).
    /// </summary>
    public static class PostTrainingQuantizer
    {
        public static QuantizedDenseModel Quantize(DenseAutoencoder net, float[] calibration, bool perChannel)
        {
            ArgumentNullException.ThrowIfNull(net);
            ArgumentNullException.ThrowIfNull(calibration);
            int n = net.InputSize;
            if (calibration.Length == 0 || calibration.Length % n != 0)
                throw new ArgumentException($"calibration data ({calibration.Length} values) is not whole rows of {n}");
            int rows = calibration.Length / n;

            // Observe the ranges.
            var min = new float[net.Sizes.Length];
            var max = new float[net.Sizes.Length];
            for (int l = 0; l < min.Length; l++)
            {
                min[l] = float.PositiveInfinity;
                max[l] = float.NegativeInfinity;
            }
            float[][] act = net.NewActivations();
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> x = calibration.AsSpan(r * n, n);
                foreach (float v in x) Observe(v, ref min[0], ref max[0]);
                net.Forward(x, act);
                for (int l = 1; l < act.Length; l++)
                {
                    foreach (float v in act[l]) Observe(v, ref min[l], ref max[l]);
                }
            }

            var (inScale, inZp) = ActivationParams(min[0], max[0]);
            var layers = new QuantizedDenseLayer[net.LayerCount];
            float prevScale = inScale;
            for (int l = 0; l < net.LayerCount; l++)
            {
                int inputs = net.Sizes[l], outputs = net.Sizes[l + 1];
                float[] w = net.Weights[l];
                var wScales = new float[perChannel ? outputs : 1];
                for (int c = 0; c < wScales.Length; c++)
                {
                    float m = 0;
                    int from = perChannel ? c * inputs : 0, to = perChannel ? (c + 1) * inputs : w.Length;
                    for (int i = from; i < to; i++) m = Math.Max(m, Math.Abs(w[i]));
                    wScales[c] = m > 0 ? m / 127f : 1e-9f;
                }
                var qw = new sbyte[w.Length];
                for (int o = 0; o < outputs; o++)
                {
                    float s = wScales[perChannel ? o : 0];
                    for (int i = 0; i < inputs; i++)
                    {
                        qw[o * inputs + i] = (sbyte)Math.Clamp(Math.Round(w[o * inputs + i] / (double)s, MidpointRounding.AwayFromZero), -127, 127);
                    }
                }
                var biasScales = new float[wScales.Length];
                for (int c = 0; c < biasScales.Length; c++) biasScales[c] = prevScale * wScales[c];
                var qb = new int[outputs];
                for (int o = 0; o < outputs; o++)
                {
                    double q = Math.Round(net.Biases[l][o] / (double)biasScales[perChannel ? o : 0], MidpointRounding.AwayFromZero);
                    qb[o] = (int)Math.Clamp(q, int.MinValue, int.MaxValue);
                }
                var (outScale, outZp) = ActivationParams(min[l + 1], max[l + 1]);
                layers[l] = new QuantizedDenseLayer
                {
                    Inputs = inputs,
                    Outputs = outputs,
                    Weights = qw,
                    WeightScales = wScales,
                    Bias = qb,
                    BiasScales = biasScales,
                    Relu = net.HasRelu(l),
                    OutputScale = outScale,
                    OutputZeroPoint = outZp,
                    OutputMin = Math.Min(min[l + 1], 0),
                    OutputMax = Math.Max(max[l + 1], 0),
                };
                prevScale = outScale;
            }
            return new QuantizedDenseModel
            {
                InputScale = inScale,
                InputZeroPoint = inZp,
                InputMin = Math.Min(min[0], 0),
                InputMax = Math.Max(max[0], 0),
                Layers = layers,
            };
        }

        private static void Observe(float v, ref float min, ref float max)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }

        /// <summary>TFLite's asymmetric int8 parameters of a real range (widened to include 0).</summary>
        public static (float Scale, int ZeroPoint) ActivationParams(float min, float max)
        {
            if (!float.IsFinite(min) || !float.IsFinite(max)) throw new ArgumentException($"calibration range [{min}, {max}] is not finite");
            double lo = Math.Min(min, 0.0), hi = Math.Max(max, 0.0);
            if (hi - lo < 1e-6) hi = lo + 1e-6; // a constant-zero tensor still needs a valid scale
            double scale = (hi - lo) / 255.0;
            double zp = Math.Round(-128 - lo / scale, MidpointRounding.AwayFromZero);
            return ((float)scale, (int)Math.Clamp(zp, -128, 127));
        }
    }
}
