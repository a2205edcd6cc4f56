using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// Runs an int8 autoencoder on one window and returns its reconstruction error
    /// (<see cref="ReconstructionError"/>). The quantized input is kept in
    /// <see cref="InputBuffer"/>, because the arena planner may reuse the model's input tensor
    /// for later layers. Everything is allocated by the constructor; scoring allocates nothing.
    /// </summary>
    public sealed class AnomalyScorer
    {
        private readonly Interpreter _interpreter;
        private readonly Tensor _input;
        private readonly Tensor _output;
        private readonly sbyte[] _inputValues;
        private readonly sbyte[] _outputValues;
        private readonly int _count;
        private readonly float[] _weights;
        private readonly double[] _terms;
        private bool _weighted;
        private int _topCount;

        /// <summary>Scores with the interpreter's model, whose input and output must be int8 tensors of the same element count.</summary>
        /// <exception cref="ArgumentException">The model is not an int8 autoencoder (the message says what differs).</exception>
        public AnomalyScorer(Interpreter interpreter)
        {
            if (interpreter == null)
            {
                throw new ArgumentNullException("interpreter");
            }
            Tensor input = interpreter.Input;
            Tensor output = interpreter.Output;
            if (input.Type != TensorType.Int8 || output.Type != TensorType.Int8)
            {
                throw new ArgumentException("an autoencoder scorer needs int8 input and output; the model has " + TensorTypes.Name(input.Type) + " input and " + TensorTypes.Name(output.Type) + " output");
            }
            if (input.ElementCount != output.ElementCount)
            {
                throw new ArgumentException("an autoencoder reconstructs its input: the model input has " + input.ElementCount.ToString() + " values but its output " + output.ElementCount.ToString());
            }
            _interpreter = interpreter;
            _input = input;
            _output = output;
            _count = input.ElementCount;
            _inputValues = new sbyte[_count];
            _outputValues = new sbyte[_count];
            _weights = new float[_count];
            _terms = new double[_count];
            _topCount = _count;
        }

        /// <summary>True when the score weighs each feature (<see cref="UseWeights"/>).</summary>
        public bool Weighted { get { return _weighted; } }

        /// <summary>
        /// Scores with <see cref="ReconstructionError.WeightedMeanSquared"/> from now on: weights[i]
        /// = 1 / feature i's mean squared residual on the training windows, as
        /// `tinyml train-anomaly` writes them (model.anomaly.json, and a C# file for the app).
        /// The values are copied; null goes back to the plain mean squared error.
        /// </summary>
        /// <exception cref="ArgumentException">Not one weight per feature, or a weight not finite and &gt; 0.</exception>
        public void UseWeights(float[] weights)
        {
            UseWeights(weights, _count);
        }

        /// <summary>
        /// As <see cref="UseWeights(float[])"/>, but the score is the mean of the topCount largest
        /// weighted terms (<see cref="ReconstructionError.WeightedTopMeanSquared"/>); topCount =
        /// <see cref="FeatureCount"/> is the weighted mean. `tinyml train-anomaly` writes it
        /// (scoreTopCount) beside the weights.
        /// </summary>
        /// <exception cref="ArgumentException">Not one weight per feature, a weight not finite and &gt; 0, or topCount not in 1..FeatureCount.</exception>
        public void UseWeights(float[] weights, int topCount)
        {
            if (weights == null)
            {
                _weighted = false;
                _topCount = _count;
                return;
            }
            if (topCount < 1 || topCount > _count)
            {
                throw new ArgumentOutOfRangeException("topCount", "the score's top count must be 1.." + _count.ToString() + ", is " + topCount.ToString());
            }
            if (weights.Length != _count)
            {
                throw new ArgumentException("the model has " + _count.ToString() + " features but " + weights.Length.ToString() + " score weights were given");
            }
            for (int i = 0; i < weights.Length; i++)
            {
                if (!(weights[i] > 0 && weights[i] <= float.MaxValue))
                {
                    throw new ArgumentException("score weight " + i.ToString() + " is " + weights[i].ToString() + "; weights must be finite and > 0");
                }
            }
            Array.Copy(weights, _weights, _count);
            _weighted = true;
            _topCount = topCount;
        }

        /// <summary>Terms the weighted score averages: the largest TopCount (FeatureCount: all of them).</summary>
        public int TopCount { get { return _topCount; } }

        /// <summary>Values per window (the model's input element count).</summary>
        public int FeatureCount { get { return _count; } }

        /// <summary>Quantization scale of the model input.</summary>
        public float InputScale { get { return _input.Scale; } }

        /// <summary>Quantization zero point of the model input.</summary>
        public int InputZeroPoint { get { return _input.ZeroPoint; } }

        /// <summary>Quantization scale of the model output.</summary>
        public float OutputScale { get { return _output.Scale; } }

        /// <summary>Quantization zero point of the model output.</summary>
        public int OutputZeroPoint { get { return _output.ZeroPoint; } }

        /// <summary>The quantized input of the next (or last) window: write features here, then call <see cref="ScoreInputBuffer"/>.</summary>
        public sbyte[] InputBuffer { get { return _inputValues; } }

        /// <summary>The model output of the last window.</summary>
        public sbyte[] OutputBuffer { get { return _outputValues; } }

        /// <summary>Runs the model on <see cref="InputBuffer"/> and returns the reconstruction error (weighted after <see cref="UseWeights"/>).</summary>
        public double ScoreInputBuffer()
        {
            _input.CopyFrom(_inputValues, 0, _count);
            _interpreter.Invoke();
            _output.CopyTo(_outputValues, 0);
            if (_weighted && _topCount < _count)
            {
                return ReconstructionError.WeightedTopMeanSquared(_inputValues, 0, _input.Scale, _input.ZeroPoint,
                                                                  _outputValues, 0, _output.Scale, _output.ZeroPoint, _weights, 0, _count, _topCount, _terms);
            }
            if (_weighted)
            {
                return ReconstructionError.WeightedMeanSquared(_inputValues, 0, _input.Scale, _input.ZeroPoint,
                                                               _outputValues, 0, _output.Scale, _output.ZeroPoint, _weights, 0, _count);
            }
            return ReconstructionError.MeanSquared(_inputValues, 0, _input.Scale, _input.ZeroPoint,
                                                   _outputValues, 0, _output.Scale, _output.ZeroPoint, _count);
        }

        /// <summary>Copies FeatureCount int8 values from values[offset..], runs the model and returns the error.</summary>
        public double Score(sbyte[] values, int offset)
        {
            if (values == null)
            {
                throw new ArgumentNullException("values");
            }
            if (offset < 0 || offset > values.Length || values.Length - offset < _count)
            {
                throw new ArgumentException("values has " + values.Length.ToString() + " entries; offset " + offset.ToString() + " + " + _count.ToString() + " goes past it");
            }
            Array.Copy(values, offset, _inputValues, 0, _count);
            return ScoreInputBuffer();
        }

        /// <summary>Quantizes FeatureCount floats from features[offset..] with the input quantization, runs the model and returns the error.</summary>
        public double ScoreFeatures(float[] features, int offset)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            if (offset < 0 || offset > features.Length || features.Length - offset < _count)
            {
                throw new ArgumentException("features has " + features.Length.ToString() + " values; offset " + offset.ToString() + " + " + _count.ToString() + " goes past it");
            }
            float scale = _input.Scale;
            int zeroPoint = _input.ZeroPoint;
            for (int i = 0; i < _count; i++)
            {
                _inputValues[i] = Quantization.Quantize(features[offset + i], scale, zeroPoint);
            }
            return ScoreInputBuffer();
        }
    }
}
