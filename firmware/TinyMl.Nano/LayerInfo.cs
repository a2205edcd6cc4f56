namespace TinyMl.Nano
{
    /// <summary>
    /// What one layer of a model does (from the blob's layer table): operator, input and
    /// output tensor lists, parameter block. For `tinyml inspect`, profiling and logging.
    /// </summary>
    public sealed class LayerInfo
    {
        // Word positions in the native layer info (TNM_LAYER_* in tnm_model.h); the input list,
        // output list and parameter block follow the fixed words.
        internal const int WordOp = 0;
        internal const int WordInputCount = 1;
        internal const int WordOutputCount = 2;
        internal const int WordParamCount = 3;
        internal const int WordQuantCount = 4;
        internal const int WordMacs = 5;
        internal const int WordSubgraph = 6;
        internal const int WordScratch = 7;
        internal const int Words = 8;
        /// <summary>Limits of the lists (TNM_MAX_LAYER_INPUTS, _OUTPUTS, _PARAMS).</summary>
        internal const int MaxInputs = 32;
        internal const int MaxOutputs = 16;
        internal const int MaxParams = 256;
        internal const int MaxWords = Words + MaxInputs + MaxOutputs + MaxParams;

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

        /// <summary>0 for the main subgraph, 1 for the init subgraph (runs once, see <see cref="Interpreter.ResetState"/>).</summary>
        public int Subgraph { get { return _words[WordSubgraph]; } }

        /// <summary>Entries in the input list.</summary>
        public int InputCount { get { return _words[WordInputCount]; } }

        /// <summary>Entries in the output list.</summary>
        public int OutputCount { get { return _words[WordOutputCount]; } }

        /// <summary>Tensor index of input <paramref name="i"/>, or -1 when an optional input is left out.</summary>
        public int GetInput(int i)
        {
            CheckIndex(i, InputCount, "i");
            return _words[Words + i];
        }

        /// <summary>Tensor index of output <paramref name="i"/>.</summary>
        public int GetOutput(int i)
        {
            CheckIndex(i, OutputCount, "i");
            return _words[Words + InputCount + i];
        }

        /// <summary>The first input tensor, or -1 when the layer has none.</summary>
        public int InputTensor { get { return InputCount > 0 ? _words[Words] : -1; } }

        /// <summary>The second input tensor (ADD, MUL, weights of a convolution), or -1.</summary>
        public int Input2Tensor { get { return InputCount > 1 ? _words[Words + 1] : -1; } }

        /// <summary>The first output tensor, or -1 when the layer has none (ASSIGN_VARIABLE, CALL_ONCE).</summary>
        public int OutputTensor { get { return OutputCount > 0 ? _words[Words + InputCount] : -1; } }

        /// <summary>Number of requantization multipliers (1 = per tensor, else per channel; 0 = none).</summary>
        public int QuantCount { get { return _words[WordQuantCount]; } }

        /// <summary>Multiply-accumulates of one invocation.</summary>
        public int Macs { get { return _words[WordMacs]; } }

        /// <summary>Bytes of scratch the layer uses at the top of the arena.</summary>
        public int ScratchBytes { get { return _words[WordScratch]; } }

        /// <summary>Words in the parameter block (their names: tnm_ops.def, `tinyml inspect`).</summary>
        public int ParamCount { get { return _words[WordParamCount]; } }

        /// <summary>Parameter word <paramref name="i"/> (0..ParamCount - 1); the meaning depends on the op.</summary>
        public int GetParam(int i)
        {
            CheckIndex(i, ParamCount, "i");
            return _words[Words + InputCount + OutputCount + i];
        }

        private static void CheckIndex(int i, int count, string name)
        {
            if (i < 0 || i >= count)
            {
                throw new System.ArgumentOutOfRangeException(name, "valid: 0.." + (count - 1).ToString() + ", got " + i.ToString());
            }
        }
    }
}
