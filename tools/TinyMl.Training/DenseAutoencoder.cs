using System;

namespace TinyMl.Training
{
    /// <summary>
    /// A float32 dense network: layers of y = W x + b (W row-major [outputs, inputs], as
    /// TFLite FULLY_CONNECTED stores it), ReLU on every layer but the last. As an autoencoder
    /// its input and output have the same size, e.g. 48 -> 32 -> 8 -> 32 -> 48.
    /// </summary>
    public sealed class DenseAutoencoder
    {
        public DenseAutoencoder(int[] sizes)
        {
            ArgumentNullException.ThrowIfNull(sizes);
            if (sizes.Length < 2) throw new ArgumentException("a network needs at least an input and an output size", nameof(sizes));
            foreach (int s in sizes)
            {
                if (s < 1 || s > 4096) throw new ArgumentOutOfRangeException(nameof(sizes), $"layer size {s} is outside 1..4096");
            }
            Sizes = (int[])sizes.Clone();
            Weights = new float[sizes.Length - 1][];
            Biases = new float[sizes.Length - 1][];
            for (int l = 0; l < LayerCount; l++)
            {
                Weights[l] = new float[sizes[l + 1] * sizes[l]];
                Biases[l] = new float[sizes[l + 1]];
            }
        }

        /// <summary>Units per layer, input first.</summary>
        public int[] Sizes { get; }

        public int LayerCount => Sizes.Length - 1;

        public int InputSize => Sizes[0];

        public int OutputSize => Sizes[^1];

        /// <summary>Weights[l] is [Sizes[l+1], Sizes[l]] row-major.</summary>
        public float[][] Weights { get; }

        public float[][] Biases { get; }

        /// <summary>True for layers followed by ReLU (all but the last).</summary>
        public bool HasRelu(int layer) => layer < LayerCount - 1;

        /// <summary>He-uniform weights (limit sqrt(6 / fan_in)), zero biases, from a seeded generator.</summary>
        public void Initialize(Random random)
        {
            ArgumentNullException.ThrowIfNull(random);
            for (int l = 0; l < LayerCount; l++)
            {
                double limit = Math.Sqrt(6.0 / Sizes[l]);
                float[] w = Weights[l];
                for (int i = 0; i < w.Length; i++) w[i] = (float)((2 * random.NextDouble() - 1) * limit);
                Array.Clear(Biases[l]);
            }
        }

        /// <summary>Runs the network; activations[l] receives layer l's output (activations[0] is not used).</summary>
        public void Forward(ReadOnlySpan<float> input, float[][] activations)
        {
            ReadOnlySpan<float> x = input;
            for (int l = 0; l < LayerCount; l++)
            {
                int n = Sizes[l], m = Sizes[l + 1];
                float[] y = activations[l + 1];
                float[] w = Weights[l];
                float[] b = Biases[l];
                bool relu = HasRelu(l);
                for (int o = 0; o < m; o++)
                {
                    double sum = b[o];
                    int row = o * n;
                    for (int i = 0; i < n; i++) sum += w[row + i] * x[i];
                    float v = (float)sum;
                    y[o] = relu && v < 0 ? 0 : v;
                }
                x = y;
            }
        }

        /// <summary>Buffers for <see cref="Forward"/>: one per layer output (index 0 unused, empty).</summary>
        public float[][] NewActivations()
        {
            var a = new float[Sizes.Length][];
            a[0] = Array.Empty<float>();
            for (int l = 1; l < Sizes.Length; l++) a[l] = new float[Sizes[l]];
            return a;
        }

        /// <summary>The reconstruction of one input.</summary>
        public float[] Reconstruct(ReadOnlySpan<float> input)
        {
            float[][] a = NewActivations();
            Forward(input, a);
            return (float[])a[^1].Clone();
        }
    }
}
