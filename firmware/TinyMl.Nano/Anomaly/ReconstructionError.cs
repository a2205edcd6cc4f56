using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// The anomaly score of an autoencoder: the mean squared difference between its input and
    /// its reconstruction, in the dequantized (real) domain, as MLPerf Tiny scores its
    /// anomaly-detection model (mean over the window of (x - x̂)²):
    /// <code>
    /// score = (1 / n) Σ (inScale·(in[i] - inZeroPoint) - outScale·(out[i] - outZeroPoint))²
    /// </code>
    /// computed from the int8 values in double precision, without allocating.
    /// </summary>
    public static class ReconstructionError
    {
        /// <summary>Mean squared error over count values of two int8 arrays with their quantization.</summary>
        /// <exception cref="ArgumentException">A range does not fit its array, or count &lt; 1.</exception>
        public static double MeanSquared(sbyte[] input, int inputOffset, float inputScale, int inputZeroPoint,
                                         sbyte[] output, int outputOffset, float outputScale, int outputZeroPoint, int count)
        {
            CheckArguments(input, inputOffset, output, outputOffset, count);
            return WeightedMean(input, inputOffset, inputScale, inputZeroPoint,
                                output, outputOffset, outputScale, outputZeroPoint, null, 0, count, false);
        }

        /// <summary>
        /// Mean of weights[i]·(x - x̂)² over count values of two int8 arrays with their
        /// quantization: with weights = 1 / (each feature's mean squared residual on healthy
        /// data) every feature counts in units of its own normal error, so a feature the model
        /// reconstructs closely (the 1x level given the speed) is not drowned by noisy ones.
        /// </summary>
        /// <exception cref="ArgumentException">A range does not fit its array, or count &lt; 1.</exception>
        public static double WeightedMeanSquared(sbyte[] input, int inputOffset, float inputScale, int inputZeroPoint,
                                                 sbyte[] output, int outputOffset, float outputScale, int outputZeroPoint,
                                                 float[] weights, int weightOffset, int count)
        {
            CheckArguments(input, inputOffset, output, outputOffset, count);
            CheckWeights(weights, weightOffset, count);
            return WeightedMean(input, inputOffset, inputScale, inputZeroPoint,
                                output, outputOffset, outputScale, outputZeroPoint, weights, weightOffset, count, false);
        }

        /// <summary>
        /// As <see cref="WeightedMeanSquared"/>, but only where the input lies above its
        /// reconstruction (x &gt; x̂): faults add vibration energy, so a level below what the
        /// model expects is not counted.
        /// </summary>
        /// <exception cref="ArgumentException">A range does not fit its array, or count &lt; 1.</exception>
        public static double WeightedMeanSquaredExcess(sbyte[] input, int inputOffset, float inputScale, int inputZeroPoint,
                                                       sbyte[] output, int outputOffset, float outputScale, int outputZeroPoint,
                                                       float[] weights, int weightOffset, int count)
        {
            CheckArguments(input, inputOffset, output, outputOffset, count);
            CheckWeights(weights, weightOffset, count);
            return WeightedMean(input, inputOffset, inputScale, inputZeroPoint,
                                output, outputOffset, outputScale, outputZeroPoint, weights, weightOffset, count, true);
        }

        /// <summary>
        /// Mean of the topCount largest weights[i]·(x - x̂)² terms (see <see cref="WeightedMeanSquared"/>):
        /// a fault that moves a few features (a rise of one order on two axes) is not averaged away
        /// by the many features it leaves alone, while faults that move many features still count
        /// them all up to topCount. topCount = count is the weighted mean. scratch (at least count
        /// values) holds the terms; nothing is allocated.
        /// </summary>
        /// <exception cref="ArgumentException">A range does not fit its array, count &lt; 1, topCount not in 1..count, or scratch too short.</exception>
        public static double WeightedTopMeanSquared(sbyte[] input, int inputOffset, float inputScale, int inputZeroPoint,
                                                    sbyte[] output, int outputOffset, float outputScale, int outputZeroPoint,
                                                    float[] weights, int weightOffset, int count, int topCount, double[] scratch)
        {
            CheckArguments(input, inputOffset, output, outputOffset, count);
            CheckWeights(weights, weightOffset, count);
            if (topCount < 1 || topCount > count)
            {
                throw new ArgumentOutOfRangeException("topCount", "topCount must be 1.." + count.ToString() + ", is " + topCount.ToString());
            }
            if (scratch == null)
            {
                throw new ArgumentNullException("scratch");
            }
            if (scratch.Length < count)
            {
                throw new ArgumentException("scratch has " + scratch.Length.ToString() + " values; it needs " + count.ToString());
            }
            double inScale = inputScale;
            double outScale = outputScale;
            for (int i = 0; i < count; i++)
            {
                double d = inScale * (input[inputOffset + i] - inputZeroPoint) - outScale * (output[outputOffset + i] - outputZeroPoint);
                scratch[i] = weights[weightOffset + i] * d * d;
            }
            // Partial selection: the t-th largest moves to scratch[t].
            double sum = 0;
            for (int t = 0; t < topCount; t++)
            {
                int best = t;
                for (int i = t + 1; i < count; i++)
                {
                    if (scratch[i] > scratch[best])
                    {
                        best = i;
                    }
                }
                double v = scratch[best];
                scratch[best] = scratch[t];
                scratch[t] = v;
                sum += v;
            }
            return sum / topCount;
        }

        /// <summary>Mean squared error of two float arrays (the float model's score).</summary>
        public static double MeanSquared(float[] input, int inputOffset, float[] output, int outputOffset, int count)
        {
            CheckArguments(input, inputOffset, output, outputOffset, count);
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                double d = (double)input[inputOffset + i] - output[outputOffset + i];
                sum += d * d;
            }
            return sum / count;
        }

        // Mean of w·(x - x̂)² over checked ranges (excessOnly: the terms with x > x̂ only); weights
        // null: every w is 1 (1.0·d is exactly d, so the unweighted score is the plain mean
        // squared error to the bit).
        private static double WeightedMean(sbyte[] input, int inputOffset, float inputScale, int inputZeroPoint,
                                           sbyte[] output, int outputOffset, float outputScale, int outputZeroPoint,
                                           float[] weights, int weightOffset, int count, bool excessOnly)
        {
            double inScale = inputScale;
            double outScale = outputScale;
            bool weighted = weights != null;
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                double d = inScale * (input[inputOffset + i] - inputZeroPoint) - outScale * (output[outputOffset + i] - outputZeroPoint);
                if (excessOnly && !(d > 0))
                {
                    continue;
                }
                double w = weighted ? weights[weightOffset + i] : 1.0;
                sum += w * d * d;
            }
            return sum / count;
        }

        private static void CheckArguments(Array input, int inputOffset, Array output, int outputOffset, int count)
        {
            if (input == null)
            {
                throw new ArgumentNullException("input");
            }
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }
            if (count < 1)
            {
                throw new ArgumentException("count must be at least 1, got " + count.ToString());
            }
            CheckRange(input.Length, inputOffset, count, "input");
            CheckRange(output.Length, outputOffset, count, "output");
        }

        private static void CheckWeights(float[] weights, int weightOffset, int count)
        {
            if (weights == null)
            {
                throw new ArgumentNullException("weights");
            }
            CheckRange(weights.Length, weightOffset, count, "weights");
        }

        private static void CheckRange(int length, int offset, int count, string name)
        {
            if (offset < 0 || offset > length || length - offset < count)
            {
                throw new ArgumentException(name + " has " + length.ToString() + " values; offset " + offset.ToString() + " + " + count.ToString() + " goes past it");
            }
        }
    }
}
