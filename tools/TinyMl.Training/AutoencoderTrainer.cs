using System;

namespace TinyMl.Training
{
    /// <summary>Hyper-parameters of <see cref="AutoencoderTrainer"/>.</summary>
    public sealed record TrainingOptions
    {
        /// <summary>Hidden layer sizes between input and output (input -> 32 -> 8 -> 32 -> output).</summary>
        public int[] HiddenSizes { get; init; } = { 32, 8, 32 };

        public int Epochs { get; init; } = 40;

        public int BatchSize { get; init; } = 32;

        /// <summary>Adam step size.</summary>
        public double LearningRate { get; init; } = 0.003;

        /// <summary>Seeds the initial weights and the shuffling: the same seed and data give the same model, bit for bit.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>Called after each epoch with its number (1-based) and loss; for progress displays.</summary>
        public Action<int, double>? EpochDone { get; init; }

        public void Validate()
        {
            if (HiddenSizes == null || HiddenSizes.Length == 0) throw new ArgumentException("at least one hidden layer is needed");
            foreach (int h in HiddenSizes)
            {
                if (h < 1 || h > 1024) throw new ArgumentOutOfRangeException(nameof(HiddenSizes), $"hidden size {h} is outside 1..1024");
            }
            if (Epochs < 1 || Epochs > 100000) throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be 1..100000, got {Epochs}");
            if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"batch size must be at least 1, got {BatchSize}");
            if (!(LearningRate > 0 && LearningRate < 1)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"learning rate must be in (0, 1), got {LearningRate}");
        }
    }

    /// <summary>
    /// Trains a <see cref="DenseAutoencoder"/> to reconstruct its input (mean squared error)
    /// with mini-batch Adam (beta1 0.9, beta2 0.999, epsilon 1e-7 as Keras). The data is
    /// standardized per feature first (mean 0, standard deviation 1, floor 1e-3) and the
    /// standardization is folded back into the first and last layers afterwards, so the
    /// returned network maps raw features to raw features, ready for quantization.
    /// Deterministic: single-threaded, seeded shuffling and initialization.
    /// </summary>
    public static class AutoencoderTrainer
    {
        /// <summary>Loss after each epoch (standardized domain), for reports.</summary>
        public sealed record Result(DenseAutoencoder Model, double[] EpochLoss, float[] FeatureMean, float[] FeatureStd);

        /// <summary>Trains on rows of <paramref name="features"/> (row-major, featureCount per row).</summary>
        public static Result Train(float[] features, int featureCount, TrainingOptions options)
        {
            ArgumentNullException.ThrowIfNull(features);
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            if (featureCount < 1 || features.Length % featureCount != 0)
                throw new ArgumentException($"{features.Length} values are not whole rows of {featureCount} features");
            int rows = features.Length / featureCount;
            if (rows < 2) throw new ArgumentException($"training needs at least 2 windows, got {rows}");

            // Standardize.
            var mean = new float[featureCount];
            var std = new float[featureCount];
            for (int f = 0; f < featureCount; f++)
            {
                double s = 0, s2 = 0;
                for (int r = 0; r < rows; r++) s += features[r * featureCount + f];
                double m = s / rows;
                for (int r = 0; r < rows; r++)
                {
                    double d = features[r * featureCount + f] - m;
                    s2 += d * d;
                }
                mean[f] = (float)m;
                std[f] = (float)Math.Max(Math.Sqrt(s2 / rows), 1e-3);
            }
            var z = new float[features.Length];
            for (int r = 0; r < rows; r++)
            {
                for (int f = 0; f < featureCount; f++) z[r * featureCount + f] = (features[r * featureCount + f] - mean[f]) / std[f];
            }

            int[] sizes = new int[options.HiddenSizes.Length + 2];
            sizes[0] = featureCount;
            Array.Copy(options.HiddenSizes, 0, sizes, 1, options.HiddenSizes.Length);
            sizes[^1] = featureCount;
            var net = new DenseAutoencoder(sizes);
            var random = new Random(options.Seed);
            net.Initialize(random);

            var adam = new Adam(net, options.LearningRate);
            var grads = new Gradients(net);
            float[][] act = net.NewActivations();
            var delta = new float[net.LayerCount + 1][];
            for (int l = 0; l < sizes.Length; l++) delta[l] = new float[sizes[l]];
            var order = new int[rows];
            for (int i = 0; i < rows; i++) order[i] = i;
            var losses = new double[options.Epochs];

            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                // Fisher-Yates with the seeded generator.
                for (int i = rows - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                double epochLoss = 0;
                for (int start = 0; start < rows; start += options.BatchSize)
                {
                    int end = Math.Min(rows, start + options.BatchSize);
                    grads.Clear();
                    for (int k = start; k < end; k++)
                    {
                        ReadOnlySpan<float> x = z.AsSpan(order[k] * featureCount, featureCount);
                        net.Forward(x, act);
                        epochLoss += Backward(net, x, act, delta, grads);
                    }
                    adam.Step(grads, end - start);
                }
                losses[epoch] = epochLoss / rows;
                options.EpochDone?.Invoke(epoch + 1, losses[epoch]);
            }

            Fold(net, mean, std);
            return new Result(net, losses, mean, std);
        }

        /// <summary>Back-propagates one example's loss mean((y - x)^2); returns the loss.</summary>
        private static double Backward(DenseAutoencoder net, ReadOnlySpan<float> x, float[][] act, float[][] delta, Gradients g)
        {
            int last = net.LayerCount;
            int n = net.OutputSize;
            float[] y = act[last];
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                float d = y[i] - x[i];
                loss += d * d;
                delta[last][i] = 2f * d / n;
            }
            for (int l = last - 1; l >= 0; l--)
            {
                int inSize = net.Sizes[l], outSize = net.Sizes[l + 1];
                ReadOnlySpan<float> input = l == 0 ? x : act[l];
                float[] w = net.Weights[l];
                float[] gw = g.Weights[l];
                float[] gb = g.Biases[l];
                float[] dOut = delta[l + 1];
                if (net.HasRelu(l))
                {
                    float[] a = act[l + 1];
                    for (int o = 0; o < outSize; o++)
                    {
                        if (a[o] <= 0) dOut[o] = 0;
                    }
                }
                for (int o = 0; o < outSize; o++)
                {
                    float d = dOut[o];
                    if (d == 0) continue;
                    gb[o] += d;
                    int row = o * inSize;
                    for (int i = 0; i < inSize; i++) gw[row + i] += d * input[i];
                }
                if (l > 0)
                {
                    float[] dIn = delta[l];
                    Array.Clear(dIn);
                    for (int o = 0; o < outSize; o++)
                    {
                        float d = dOut[o];
                        if (d == 0) continue;
                        int row = o * inSize;
                        for (int i = 0; i < inSize; i++) dIn[i] += d * w[row + i];
                    }
                }
            }
            return loss / n;
        }

        /// <summary>
        /// Makes the network take and give raw features: first layer W x_std = (W / std) x - W mean / std;
        /// last layer x = std (W h + b) + mean.
        /// </summary>
        private static void Fold(DenseAutoencoder net, float[] mean, float[] std)
        {
            int n = net.InputSize;
            float[] w0 = net.Weights[0];
            float[] b0 = net.Biases[0];
            for (int o = 0; o < net.Sizes[1]; o++)
            {
                double shift = 0;
                for (int i = 0; i < n; i++)
                {
                    float scaled = w0[o * n + i] / std[i];
                    w0[o * n + i] = scaled;
                    shift += scaled * (double)mean[i];
                }
                b0[o] = (float)(b0[o] - shift);
            }
            int last = net.LayerCount - 1;
            int inSize = net.Sizes[last];
            float[] wl = net.Weights[last];
            float[] bl = net.Biases[last];
            for (int o = 0; o < net.OutputSize; o++)
            {
                for (int i = 0; i < inSize; i++) wl[o * inSize + i] *= std[o];
                bl[o] = bl[o] * std[o] + mean[o];
            }
        }

        private sealed class Gradients
        {
            public readonly float[][] Weights;
            public readonly float[][] Biases;

            public Gradients(DenseAutoencoder net)
            {
                Weights = new float[net.LayerCount][];
                Biases = new float[net.LayerCount][];
                for (int l = 0; l < net.LayerCount; l++)
                {
                    Weights[l] = new float[net.Weights[l].Length];
                    Biases[l] = new float[net.Biases[l].Length];
                }
            }

            public void Clear()
            {
                foreach (float[] a in Weights) Array.Clear(a);
                foreach (float[] a in Biases) Array.Clear(a);
            }
        }

        private sealed class Adam
        {
            private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-7;
            private readonly DenseAutoencoder _net;
            private readonly double _rate;
            private readonly float[][] _mw, _vw, _mb, _vb;
            private int _t;

            public Adam(DenseAutoencoder net, double rate)
            {
                _net = net;
                _rate = rate;
                _mw = Like(net.Weights);
                _vw = Like(net.Weights);
                _mb = Like(net.Biases);
                _vb = Like(net.Biases);
            }

            private static float[][] Like(float[][] a)
            {
                var r = new float[a.Length][];
                for (int i = 0; i < a.Length; i++) r[i] = new float[a[i].Length];
                return r;
            }

            public void Step(Gradients g, int batch)
            {
                _t++;
                double c1 = 1 - Math.Pow(Beta1, _t), c2 = 1 - Math.Pow(Beta2, _t);
                double step = _rate * Math.Sqrt(c2) / c1;
                for (int l = 0; l < _net.LayerCount; l++)
                {
                    Update(_net.Weights[l], g.Weights[l], _mw[l], _vw[l], batch, step);
                    Update(_net.Biases[l], g.Biases[l], _mb[l], _vb[l], batch, step);
                }
            }

            private static void Update(float[] p, float[] g, float[] m, float[] v, int batch, double step)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    double gi = g[i] / batch;
                    m[i] = (float)(Beta1 * m[i] + (1 - Beta1) * gi);
                    v[i] = (float)(Beta2 * v[i] + (1 - Beta2) * gi * gi);
                    p[i] -= (float)(step * m[i] / (Math.Sqrt(v[i]) + Epsilon));
                }
            }
        }
    }
}
