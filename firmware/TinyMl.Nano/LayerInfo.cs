namespace TinyMl.Nano
{
    /// <summary>
    /// What one layer of a model does (from the blob's layer table): for `tinyml inspect`,
    /// profiling and logging.
    /// </summary>
    public sealed class LayerInfo
    {
        /// <summary>Parameters per layer (TNM_LAYER_PARAM_COUNT).</summary>
        public const int ParamCount = 13;

        // Word positions in the native layer info (TNM_LAYER_* in tnm_model.h).
        internal const int WordOp = 0;
        internal const int WordInput = 1;
        internal const int WordInput2 = 2;
        internal const int WordOutput = 3;
        internal const int WordWeightsSize = 4;
        internal const int WordBiasCount = 5;
        internal const int WordQuantCount = 6;
        internal const int WordMacs = 7;
        internal const int WordParam0 = 8;
        internal const int Words = WordParam0 + ParamCount;

        private readonly int _index;
        private readonly int[] _words;

        internal LayerInfo(int index, int[] words)
        {
            _index = index;
            _words = words;
        }

        /// <summary>Position of the layer in execution order.</summary>
        public int Index { get { return _index; } }

        /// <summary>Operator code (see <see cref="LayerOp"/>).</summary>
        public int OpCode { get { return _words[WordOp]; } }

        /// <summary>Operator name, e.g. "CONV_2D".</summary>
        public string Op { get { return LayerOp.Name(_words[WordOp]); } }

        /// <summary>Index of the input tensor.</summary>
        public int InputTensor { get { return _words[WordInput]; } }

        /// <summary>Index of the second input tensor (ADD, MUL), or -1.</summary>
        public int Input2Tensor { get { return _words[WordInput2]; } }

        /// <summary>Index of the output tensor.</summary>
        public int OutputTensor { get { return _words[WordOutput]; } }

        /// <summary>Bytes of int8 weights the layer reads from the blob.</summary>
        public int WeightBytes { get { return _words[WordWeightsSize]; } }

        /// <summary>Number of int32 biases (0 when none).</summary>
        public int BiasCount { get { return _words[WordBiasCount]; } }

        /// <summary>Number of requantization multipliers (1 = per tensor, else per channel; 0 = none).</summary>
        public int QuantCount { get { return _words[WordQuantCount]; } }

        /// <summary>Multiply-accumulates of one invocation.</summary>
        public int Macs { get { return _words[WordMacs]; } }

        /// <summary>Operator parameter i (0..12); the meaning depends on the op (tnm_model.h).</summary>
        public int GetParam(int i)
        {
            if (i < 0 || i >= ParamCount)
            {
                throw new System.ArgumentOutOfRangeException("i", "layer params are numbered 0.." + (ParamCount - 1).ToString() + ", got " + i.ToString());
            }
            return _words[WordParam0 + i];
        }
    }
}
