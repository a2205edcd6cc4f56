using System;

namespace TinyMl.Nano
{
    /// <summary>
    /// Description of one activation tensor of a model (from the blob's tensor table):
    /// type, shape, quantization and where it lives in the arena.
    /// </summary>
    public sealed class TensorInfo
    {
        /// <summary>Largest rank a tensor has.</summary>
        public const int MaxRank = 6;

        // Word positions in the native tensor info (TNM_TENSOR_* in tnm_model.h).
        internal const int WordType = 0;
        internal const int WordRank = 1;
        internal const int WordDim0 = 2;
        internal const int WordOffset = 8;
        internal const int WordSize = 9;
        internal const int WordZeroPoint = 10;
        internal const int WordFlags = 11;
        internal const int Words = 12;
        /// <summary>Flag bits of <see cref="WordFlags"/> (TNM_TENSOR_CONSTANT, TNM_TENSOR_VARIABLE).</summary>
        internal const int FlagConstant = 1;
        internal const int FlagVariable = 2;

        private readonly int _index;
        private readonly TensorType _type;
        private readonly int _rank;
        private readonly int[] _dims;
        private readonly int _offset;
        private readonly int _size;
        private readonly int _zeroPoint;
        private readonly int _flags;
        private readonly float _scale;
        private readonly int _elementCount;

        internal TensorInfo(int index, int[] words, float scale)
        {
            _index = index;
            _type = (TensorType)words[WordType];
            _rank = words[WordRank];
            _dims = new int[_rank];
            int count = 1;
            for (int i = 0; i < _rank; i++)
            {
                _dims[i] = words[WordDim0 + i];
                count *= _dims[i];
            }
            _elementCount = count;
            _offset = words[WordOffset];
            _size = words[WordSize];
            _zeroPoint = words[WordZeroPoint];
            _flags = words[WordFlags];
            _scale = scale;
        }

        /// <summary>True for constant data in the blob (weights, biases): not in the arena.</summary>
        public bool IsConstant { get { return (_flags & FlagConstant) != 0; } }

        /// <summary>True for a resource variable: state kept in the arena between inferences.</summary>
        public bool IsVariable { get { return (_flags & FlagVariable) != 0; } }

        /// <summary>Index in the model's tensor table.</summary>
        public int Index { get { return _index; } }

        /// <summary>Element type.</summary>
        public TensorType Type { get { return _type; } }

        /// <summary>Number of dimensions (0..6; 0 = a scalar of one element).</summary>
        public int Rank { get { return _rank; } }

        /// <summary>Size of dimension i, outermost first.</summary>
        public int GetDimension(int i)
        {
            if (i < 0 || i >= _rank)
            {
                throw new ArgumentOutOfRangeException("i", "tensor " + _index.ToString() + " has rank " + _rank.ToString() + ", dimension " + i.ToString() + " does not exist");
            }
            return _dims[i];
        }

        /// <summary>A copy of the shape, outermost first.</summary>
        public int[] Shape
        {
            get
            {
                int[] copy = new int[_rank];
                for (int i = 0; i < _rank; i++)
                {
                    copy[i] = _dims[i];
                }
                return copy;
            }
        }

        /// <summary>Product of the dimensions.</summary>
        public int ElementCount { get { return _elementCount; } }

        /// <summary>Bytes the tensor occupies in the arena.</summary>
        public int ByteLength { get { return _size; } }

        /// <summary>Byte offset of the tensor in the arena (for a constant: in the blob).</summary>
        public int ArenaOffset { get { return _offset; } }

        /// <summary>Quantization scale (0 for float tensors).</summary>
        public float Scale { get { return _scale; } }

        /// <summary>Quantization zero point.</summary>
        public int ZeroPoint { get { return _zeroPoint; } }

        /// <summary>The shape as text, e.g. "[1,49,10,1]".</summary>
        public string ShapeText
        {
            get
            {
                string text = "[";
                for (int i = 0; i < _rank; i++)
                {
                    if (i > 0)
                    {
                        text += ",";
                    }
                    text += _dims[i].ToString();
                }
                return text + "]";
            }
        }
    }
}
