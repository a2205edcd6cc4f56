using System;

namespace TinyMl.Nano
{
    /// <summary>
    /// A view of one tensor in an interpreter's arena. Reading and writing go straight to the
    /// arena without allocating. The data is valid for the output of the layer that last
    /// wrote it: the arena planner reuses memory, so read a tensor right after its layer
    /// (or the model input before the first layer and the output after the last).
    /// </summary>
    public sealed class Tensor
    {
        private readonly TensorInfo _info;
        private readonly byte[] _arena;
        private readonly int _offset;
        private readonly string _label;

        internal Tensor(TensorInfo info, byte[] arena, string role)
        {
            _info = info;
            _arena = arena;
            _offset = info.ArenaOffset;
            _label = role + " " + info.Index.ToString();
        }

        /// <summary>Description of the tensor (type, shape, quantization, arena offset).</summary>
        public TensorInfo Info { get { return _info; } }

        /// <summary>Index in the model's tensor table.</summary>
        public int Index { get { return _info.Index; } }

        /// <summary>Element type.</summary>
        public TensorType Type { get { return _info.Type; } }

        /// <summary>Number of dimensions.</summary>
        public int Rank { get { return _info.Rank; } }

        /// <summary>Size of dimension i, outermost first.</summary>
        public int GetDimension(int i) { return _info.GetDimension(i); }

        /// <summary>A copy of the shape.</summary>
        public int[] Shape { get { return _info.Shape; } }

        /// <summary>Product of the dimensions.</summary>
        public int ElementCount { get { return _info.ElementCount; } }

        /// <summary>Bytes of data.</summary>
        public int ByteLength { get { return _info.ByteLength; } }

        /// <summary>Quantization scale.</summary>
        public float Scale { get { return _info.Scale; } }

        /// <summary>Quantization zero point.</summary>
        public int ZeroPoint { get { return _info.ZeroPoint; } }

        /// <summary>
        /// Copies <paramref name="count"/> int8 values from src[srcOffset..] into the tensor;
        /// count must be the tensor's element count.
        /// </summary>
        public void CopyFrom(sbyte[] src, int srcOffset, int count)
        {
            RequireInt8("CopyFrom");
            CheckSource(src, srcOffset, count, "int8 values");
            byte[] arena = _arena;
            int at = _offset;
            for (int i = 0; i < count; i++)
            {
                arena[at + i] = (byte)src[srcOffset + i];
            }
        }

        /// <summary>Copies all of src (exactly the element count) into the tensor.</summary>
        public void CopyFrom(sbyte[] src)
        {
            if (src == null)
            {
                throw new ArgumentNullException("src");
            }
            CopyFrom(src, 0, src.Length);
        }

        /// <summary>Copies the tensor's int8 values into dst[dstOffset..].</summary>
        public void CopyTo(sbyte[] dst, int dstOffset)
        {
            RequireInt8("CopyTo");
            CheckDestination(dst, dstOffset, "int8 values");
            byte[] arena = _arena;
            int at = _offset;
            int count = _info.ElementCount;
            for (int i = 0; i < count; i++)
            {
                dst[dstOffset + i] = (sbyte)arena[at + i];
            }
        }

        /// <summary>Copies the tensor's int8 values into dst (from index 0).</summary>
        public void CopyTo(sbyte[] dst)
        {
            CopyTo(dst, 0);
        }

        /// <summary>Element i as int8.</summary>
        public sbyte GetInt8(int i)
        {
            RequireInt8("GetInt8");
            CheckElement(i);
            return (sbyte)_arena[_offset + i];
        }

        /// <summary>Sets element i.</summary>
        public void SetInt8(int i, sbyte value)
        {
            RequireInt8("SetInt8");
            CheckElement(i);
            _arena[_offset + i] = (byte)value;
        }

        /// <summary>
        /// Quantizes values (exactly the element count) with the tensor's scale and zero point
        /// into the tensor (see <see cref="Quantization.Quantize"/>).
        /// </summary>
        public void QuantizeFrom(float[] values)
        {
            RequireInt8("QuantizeFrom");
            if (values == null)
            {
                throw new ArgumentNullException("values");
            }
            CheckSource(values.Length, 0, values.Length, "float values");
            float scale = _info.Scale;
            int zeroPoint = _info.ZeroPoint;
            byte[] arena = _arena;
            int at = _offset;
            for (int i = 0; i < values.Length; i++)
            {
                arena[at + i] = (byte)Quantization.Quantize(values[i], scale, zeroPoint);
            }
        }

        /// <summary>Dequantizes the tensor into dest[0..element count).</summary>
        public void DequantizeTo(float[] dest)
        {
            RequireInt8("DequantizeTo");
            if (dest == null)
            {
                throw new ArgumentNullException("dest");
            }
            int count = _info.ElementCount;
            if (dest.Length < count)
            {
                throw new ArgumentException(_label + " has " + count.ToString() + " values, dest has room for " + dest.Length.ToString());
            }
            float scale = _info.Scale;
            int zeroPoint = _info.ZeroPoint;
            byte[] arena = _arena;
            int at = _offset;
            for (int i = 0; i < count; i++)
            {
                dest[i] = Quantization.Dequantize((sbyte)arena[at + i], scale, zeroPoint);
            }
        }

        /// <summary>Copies raw bytes (exactly the byte length, little-endian elements) into the tensor.</summary>
        public void CopyFromBytes(byte[] src, int offset, int count)
        {
            if (src == null)
            {
                throw new ArgumentNullException("src");
            }
            if (count != _info.ByteLength)
            {
                throw new ArgumentException(_label + " needs " + _info.ByteLength.ToString() + " bytes, got " + count.ToString());
            }
            CheckRange(src.Length, offset, count, "src", "bytes");
            Array.Copy(src, offset, _arena, _offset, count);
        }

        /// <summary>Copies the tensor's raw bytes into dst[offset..].</summary>
        public void CopyToBytes(byte[] dst, int offset)
        {
            if (dst == null)
            {
                throw new ArgumentNullException("dst");
            }
            CheckRange(dst.Length, offset, _info.ByteLength, "dst", "bytes");
            Array.Copy(_arena, _offset, dst, offset, _info.ByteLength);
        }

        private void RequireInt8(string method)
        {
            if (_info.Type != TensorType.Int8)
            {
                throw new InvalidOperationException(method + " needs an int8 tensor; " + _label + " is " + TensorTypes.Name(_info.Type));
            }
        }

        private void CheckSource(sbyte[] src, int srcOffset, int count, string what)
        {
            if (src == null)
            {
                throw new ArgumentNullException("src");
            }
            CheckSource(src.Length, srcOffset, count, what);
        }

        private void CheckSource(int srcLength, int srcOffset, int count, string what)
        {
            if (count != _info.ElementCount)
            {
                throw new ArgumentException(_label + " needs " + _info.ElementCount.ToString() + " " + what + ", got " + count.ToString());
            }
            CheckRange(srcLength, srcOffset, count, "src", "values");
        }

        private void CheckDestination(sbyte[] dst, int dstOffset, string what)
        {
            if (dst == null)
            {
                throw new ArgumentNullException("dst");
            }
            CheckRange(dst.Length, dstOffset, _info.ElementCount, "dst", what);
        }

        private void CheckRange(int arrayLength, int offset, int count, string name, string what)
        {
            if (offset < 0 || offset > arrayLength || arrayLength - offset < count)
            {
                throw new ArgumentException(_label + ": " + name + " has " + arrayLength.ToString() + " " + what + ", offset " + offset.ToString() + " + " + count.ToString() + " goes past it");
            }
        }

        private void CheckElement(int i)
        {
            if (i < 0 || i >= _info.ElementCount)
            {
                throw new ArgumentOutOfRangeException("i", _label + " has elements 0.." + (_info.ElementCount - 1).ToString() + ", got " + i.ToString());
            }
        }
    }
}
