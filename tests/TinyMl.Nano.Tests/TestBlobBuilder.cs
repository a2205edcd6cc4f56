using System;
using System.Collections;

namespace TinyMl.Nano.Tests
{
    /// <summary>
    /// Writes small .tnm blobs by hand (format v2, native-kernels/include/tnm/tnm_model.h) so
    /// the device tests can run the interpreter on models whose results are computed by hand.
    /// Kept to the nanoFramework C# subset: it runs on the device too.
    /// </summary>
    internal sealed class TestBlobBuilder
    {
        public const int HeaderSize = 64;
        public const int TensorRecordSize = 32;
        /// <summary>Dims per tensor record (TNM_MAX_RANK) and the record's field offsets.</summary>
        public const int MaxRank = 6;
        public const int TensorOffsetField = 16;
        public const int FormatVersion = 3;
        public const int LayerRecordSize = 20;
        /// <summary>Words of the v1-style parameter array AddLayer takes (translated to each op's block).</summary>
        public const int ParamCount = 13;
        public const int NoTensor = 0xFFFF;

        public const int TypeFloat32 = 0;
        public const int TypeInt32 = 2;
        public const int TypeUInt8 = 3;
        public const int TypeBool = 6;
        public const int TypeInt16 = 7;
        public const int TypeInt8 = 9;

        public const int FlagConstant = 1;
        public const int FlagVariable = 2;

        // Operator codes (tnm_ops.def).
        public const int OpConv2D = LayerOp.Conv2D;
        public const int OpDepthwiseConv2D = LayerOp.DepthwiseConv2D;
        public const int OpFullyConnected = LayerOp.FullyConnected;
        public const int OpAveragePool2D = LayerOp.AveragePool2D;
        public const int OpMaxPool2D = LayerOp.MaxPool2D;
        public const int OpSoftmax = LayerOp.Softmax;
        public const int OpAdd = LayerOp.Add;
        public const int OpMul = LayerOp.Mul;
        public const int OpReshape = LayerOp.Reshape;
        public const int OpQuantize = LayerOp.Quantize;
        public const int OpConcatenation = LayerOp.Concatenation;
        public const int OpStridedSlice = LayerOp.StridedSlice;
        public const int OpSplitV = LayerOp.SplitV;
        public const int OpReadVariable = LayerOp.ReadVariable;
        public const int OpAssignVariable = LayerOp.AssignVariable;
        public const int OpCallOnce = LayerOp.CallOnce;

        /// <summary>
        /// 2^30: the Q31 multiplier 0.5. With TFLite's shift k it scales by 2^(k-1), so shift 1
        /// is an exact x1, shift 2 an exact x2, and shift 0 halves with one rounding (half up).
        /// </summary>
        public const int MultiplierHalf = 1 << 30;

        /// <summary>IEEE-754 bits of 0.5f, 0.25f and 1.0f (scales in the tensor records).</summary>
        public const int ScaleBitsHalf = 0x3F000000;
        public const int ScaleBitsQuarter = 0x3E800000;
        public const int ScaleBitsOne = 0x3F800000;

        /// <summary>IEEE-754 bits of 0.125f and of 1/256 (the int8 SOFTMAX output scale).</summary>
        public const int ScaleBitsEighth = 0x3E000000;
        public const int ScaleBitsSoftmaxOutput = 0x3B800000;

        private readonly ArrayList _tensors = new ArrayList();
        private readonly ArrayList _layers = new ArrayList();

        private sealed class TensorRecord
        {
            public int Type;
            public int[] Dims;
            public int Flags;
            public int Offset;
            public int Size;
            public int ZeroPoint;
            public int ScaleBits;
            public byte[] Data; // constants
        }

        private sealed class LayerRecord
        {
            public int Op;
            public int[] Inputs;
            public int[] Outputs;
            public int[] Params;
            public int[] Multipliers;
            public int[] Shifts;
        }

        /// <summary>Blob offset of layer i's list block and of each constant, after <see cref="Build"/>.</summary>
        public int[] LayerListOffsets;

        public int AddTensor(int type, int[] dims, int arenaOffset, int sizeBytes, int zeroPoint, int scaleBits)
        {
            TensorRecord t = new TensorRecord();
            t.Type = type;
            t.Dims = dims;
            t.Offset = arenaOffset;
            t.Size = sizeBytes;
            t.ZeroPoint = zeroPoint;
            t.ScaleBits = scaleBits;
            _tensors.Add(t);
            return _tensors.Count - 1;
        }

        /// <summary>An int8 tensor of the given shape (size = product of the dims).</summary>
        public int AddInt8Tensor(int[] dims, int arenaOffset, int zeroPoint, int scaleBits)
        {
            return AddTensor(TypeInt8, dims, arenaOffset, Product(dims), zeroPoint, scaleBits);
        }

        /// <summary>A resource variable: int8 storage at <paramref name="stateOffset"/> inside the state region.</summary>
        public int AddInt8Variable(int[] dims, int stateOffset, int zeroPoint, int scaleBits)
        {
            int t = AddInt8Tensor(dims, stateOffset, zeroPoint, scaleBits);
            ((TensorRecord)_tensors[t]).Flags = FlagVariable;
            return t;
        }

        /// <summary>A constant tensor (placed in the data section by Build).</summary>
        public int AddConstant(int type, int[] dims, byte[] data, int zeroPoint, int scaleBits)
        {
            int t = AddTensor(type, dims, 0, data.Length, zeroPoint, scaleBits);
            TensorRecord r = (TensorRecord)_tensors[t];
            r.Flags = FlagConstant;
            r.Data = data;
            return t;
        }

        public int AddInt8Constant(int[] dims, sbyte[] values, int zeroPoint, int scaleBits)
        {
            byte[] data = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                data[i] = (byte)values[i];
            }
            return AddConstant(TypeInt8, dims, data, zeroPoint, scaleBits);
        }

        public int AddInt32Constant(int[] values)
        {
            byte[] data = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++)
            {
                WriteI32(data, i * 4, values[i]);
            }
            return AddConstant(TypeInt32, new int[] { values.Length }, data, 0, 0);
        }

        /// <summary>A layer as the v2 format stores it: input and output lists, parameter block, requantization.</summary>
        public void AddLayerV2(int op, int[] inputs, int[] outputs, int[] parameters, int[] multipliers, int[] shifts)
        {
            LayerRecord l = new LayerRecord();
            l.Op = op;
            l.Inputs = inputs;
            l.Outputs = outputs;
            l.Params = parameters == null ? new int[0] : parameters;
            l.Multipliers = multipliers;
            l.Shifts = shifts;
            _layers.Add(l);
        }

        /// <summary>
        /// A layer given the v1 way (one input, an optional second input, one output, weights,
        /// bias, 13 params): weights and bias become constant tensors, the params the op's block.
        /// </summary>
        public void AddLayer(int op, int input, int input2, int output, sbyte[] weights, int[] bias,
                             int[] multipliers, int[] shifts, int[] p)
        {
            TensorRecord inT = (TensorRecord)_tensors[input];
            TensorRecord outT = (TensorRecord)_tensors[output];
            int[] inputs;
            int[] block;
            if (op == OpConv2D || op == OpDepthwiseConv2D || op == OpFullyConnected)
            {
                int[] filterDims;
                int outC = outT.Dims[outT.Dims.Length - 1];
                if (op == OpConv2D)
                {
                    filterDims = new int[] { outC, p[10], p[11], inT.Dims[inT.Dims.Length - 1] };
                    block = Slice(p, 0, 12);
                }
                else if (op == OpDepthwiseConv2D)
                {
                    filterDims = new int[] { 1, p[10], p[11], outC };
                    block = Slice(p, 0, 13);
                }
                else
                {
                    filterDims = new int[] { p[6], p[5] };
                    block = Slice(p, 0, 7);
                }
                int filter = AddInt8Constant(filterDims, weights, 0, ScaleBitsOne);
                int biasTensor = bias == null ? NoTensor : AddInt32Constant(bias);
                inputs = new int[] { input, filter, biasTensor };
            }
            else
            {
                inputs = input2 == NoTensor ? new int[] { input } : new int[] { input, input2 };
                if (op == OpAveragePool2D || op == OpMaxPool2D)
                {
                    block = new int[] { p[2], p[3], p[4], p[5], p[6], p[7], p[10], p[11] };
                }
                else if (op == OpSoftmax)
                {
                    block = Slice(p, 0, 3);
                }
                else if (op == OpAdd)
                {
                    block = Slice(p, 0, 12);
                }
                else if (op == OpMul)
                {
                    block = Slice(p, 0, 7);
                }
                else if (op == OpQuantize)
                {
                    block = Slice(p, 0, 4);
                }
                else
                {
                    block = new int[0];
                }
            }
            AddLayerV2(op, inputs, new int[] { output }, block, multipliers, shifts);
        }

        private static int[] Slice(int[] values, int start, int count)
        {
            int[] r = new int[count];
            for (int i = 0; i < count; i++)
            {
                r[i] = values[start + i];
            }
            return r;
        }

        private static int Product(int[] dims)
        {
            int n = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                n *= dims[i];
            }
            return n;
        }

        public byte[] Build(int arenaSize, int inputTensor, int outputTensor)
        {
            return Build(arenaSize, new int[] { inputTensor }, new int[] { outputTensor }, 0, 0);
        }

        /// <summary>
        /// The blob: header, tensor table, layer table, list section (model lists, then each
        /// layer's lists and params), data section (constants, then quantization arrays).
        /// </summary>
        public byte[] Build(int arenaSize, int[] inputs, int[] outputs, int stateSize, int initLayerCount)
        {
            int tensorTable = HeaderSize;
            int layerTable = tensorTable + _tensors.Count * TensorRecordSize;
            int listOffset = layerTable + _layers.Count * LayerRecordSize;

            int at = listOffset + Align4(2 * (inputs.Length + outputs.Length));
            LayerListOffsets = new int[_layers.Count];
            for (int i = 0; i < _layers.Count; i++)
            {
                LayerRecord l = (LayerRecord)_layers[i];
                LayerListOffsets[i] = at;
                at += Align4(2 * (l.Inputs.Length + l.Outputs.Length)) + 4 * l.Params.Length;
            }
            int dataOffset = at;
            for (int t = 0; t < _tensors.Count; t++)
            {
                TensorRecord r = (TensorRecord)_tensors[t];
                if (r.Data != null)
                {
                    r.Offset = at;
                    at = Align4(at + r.Data.Length);
                }
            }
            int[] quantAt = new int[_layers.Count];
            for (int i = 0; i < _layers.Count; i++)
            {
                LayerRecord l = (LayerRecord)_layers[i];
                if (l.Multipliers != null)
                {
                    quantAt[i] = at;
                    at = Align4(at + l.Multipliers.Length * 5);
                }
            }
            int blobSize = Align4(at);
            byte[] blob = new byte[blobSize];

            blob[0] = (byte)'T';
            blob[1] = (byte)'N';
            blob[2] = (byte)'M';
            blob[3] = (byte)'B';
            WriteU16(blob, 4, FormatVersion);
            WriteU16(blob, 6, HeaderSize);
            WriteI32(blob, 8, blobSize);
            WriteI32(blob, 16, arenaSize);
            WriteI32(blob, 20, 0);
            WriteI32(blob, 24, stateSize);
            WriteU16(blob, 28, _tensors.Count);
            WriteU16(blob, 30, _layers.Count);
            WriteU16(blob, 32, inputs.Length);
            WriteU16(blob, 34, outputs.Length);
            WriteU16(blob, 36, initLayerCount);
            WriteI32(blob, 40, tensorTable);
            WriteI32(blob, 44, layerTable);
            WriteI32(blob, 48, listOffset);
            WriteI32(blob, 52, dataOffset - listOffset);
            WriteI32(blob, 56, dataOffset);
            WriteI32(blob, 60, blobSize - dataOffset);

            for (int i = 0; i < inputs.Length; i++)
            {
                WriteU16(blob, listOffset + 2 * i, inputs[i]);
            }
            for (int i = 0; i < outputs.Length; i++)
            {
                WriteU16(blob, listOffset + 2 * (inputs.Length + i), outputs[i]);
            }

            for (int i = 0; i < _tensors.Count; i++)
            {
                TensorRecord t = (TensorRecord)_tensors[i];
                int r = tensorTable + i * TensorRecordSize;
                blob[r] = (byte)t.Type;
                blob[r + 1] = (byte)t.Dims.Length;
                WriteU16(blob, r + 2, t.Flags);
                for (int d = 0; d < MaxRank; d++)
                {
                    WriteU16(blob, r + 4 + d * 2, d < t.Dims.Length ? t.Dims[d] : 1);
                }
                WriteI32(blob, r + TensorOffsetField, t.Offset);
                WriteI32(blob, r + 20, t.Size);
                WriteI32(blob, r + 24, t.ZeroPoint);
                WriteI32(blob, r + 28, t.ScaleBits);
                if (t.Data != null)
                {
                    for (int k = 0; k < t.Data.Length; k++)
                    {
                        blob[t.Offset + k] = t.Data[k];
                    }
                }
            }

            for (int i = 0; i < _layers.Count; i++)
            {
                LayerRecord l = (LayerRecord)_layers[i];
                int r = layerTable + i * LayerRecordSize;
                WriteU16(blob, r, l.Op);
                blob[r + 2] = (byte)l.Inputs.Length;
                blob[r + 3] = (byte)l.Outputs.Length;
                WriteU16(blob, r + 4, l.Params.Length);
                WriteI32(blob, r + 8, LayerListOffsets[i]);
                int list = LayerListOffsets[i];
                for (int k = 0; k < l.Inputs.Length; k++)
                {
                    WriteU16(blob, list + 2 * k, l.Inputs[k]);
                }
                for (int k = 0; k < l.Outputs.Length; k++)
                {
                    WriteU16(blob, list + 2 * (l.Inputs.Length + k), l.Outputs[k]);
                }
                int paramsAt = list + Align4(2 * (l.Inputs.Length + l.Outputs.Length));
                for (int k = 0; k < l.Params.Length; k++)
                {
                    WriteI32(blob, paramsAt + 4 * k, l.Params[k]);
                }
                if (l.Multipliers != null)
                {
                    int count = l.Multipliers.Length;
                    WriteI32(blob, r + 12, quantAt[i]);
                    WriteI32(blob, r + 16, count);
                    for (int k = 0; k < count; k++)
                    {
                        WriteI32(blob, quantAt[i] + k * 4, l.Multipliers[k]);
                        blob[quantAt[i] + count * 4 + k] = (byte)l.Shifts[k];
                    }
                }
            }

            FixCrc(blob);
            return blob;
        }

        /// <summary>Blob offset of the data of constant tensor <paramref name="tensor"/> (after Build).</summary>
        public int ConstantOffset(int tensor)
        {
            return ((TensorRecord)_tensors[tensor]).Offset;
        }

        /// <summary>Recomputes the header CRC32 over bytes [16, length).</summary>
        public static void FixCrc(byte[] blob)
        {
            WriteI32(blob, 12, (int)Crc32.Compute(blob, 16, blob.Length - 16));
        }

        public static void WriteU16(byte[] b, int at, int value)
        {
            b[at] = (byte)(value & 0xFF);
            b[at + 1] = (byte)((value >> 8) & 0xFF);
        }

        public static void WriteI32(byte[] b, int at, int value)
        {
            b[at] = (byte)(value & 0xFF);
            b[at + 1] = (byte)((value >> 8) & 0xFF);
            b[at + 2] = (byte)((value >> 16) & 0xFF);
            b[at + 3] = (byte)((value >> 24) & 0xFF);
        }

        public static int ReadI32(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        private static int Align4(int value)
        {
            return (value + 3) & ~3;
        }
    }

    /// <summary>The hand-computed models the device tests run.</summary>
    internal static class TestModels
    {
        /// <summary>Input of <see cref="FullyConnected4x3"/> (int8, zero point 1, scale 0.5).</summary>
        public static sbyte[] FcInput()
        {
            return new sbyte[] { 3, -1, 5, 11 };
        }

        /// <summary>
        /// Expected output of <see cref="FullyConnected4x3"/> on <see cref="FcInput"/>, by hand:
        /// input - zero point = [2, -2, 4, 10];
        /// row 0: 1*2 + 2*-2 + 3*4 + 4*10 = 50, + bias 11 = 61, * 0.75 = 45.75 -> 46, + zp -2 = 44;
        /// row 1: -1*2 + 0 + 2*4 - 3*10 = -24, + 3 = -21, * 0.75 = -15.75 -> -16, - 2 = -18;
        /// row 2: 10*(2 - 2 + 4 + 10) = 140, + 200 = 340, * 0.75 = 255, - 2 = 253 -> clamped 127.
        /// </summary>
        public static sbyte[] FcExpectedOutput()
        {
            return new sbyte[] { 44, -18, 127 };
        }

        /// <summary>
        /// One FULLY_CONNECTED layer, 4 inputs -> 3 outputs. Input tensor 0 [1,4] int8 scale 0.5
        /// zp 1 at arena 0; output tensor 1 [1,3] int8 scale 0.25 zp -2 at arena 4; arena 8 bytes.
        /// Requantization multiplier 0.75 = 1610612736 / 2^31, shift 0.
        /// </summary>
        public static byte[] FullyConnected4x3()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddTensor(TestBlobBuilder.TypeInt8, new int[] { 1, 4 }, 0, 4, 1, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddTensor(TestBlobBuilder.TypeInt8, new int[] { 1, 3 }, 4, 3, -2, TestBlobBuilder.ScaleBitsQuarter);
            sbyte[] weights = new sbyte[]
            {
                1, 2, 3, 4,
                -1, 0, 2, -3,
                10, 10, 10, 10
            };
            int[] bias = new int[] { 11, 3, 200 };
            int[] parameters = new int[TestBlobBuilder.ParamCount];
            parameters[0] = -1;   // input_offset = -input zero point
            parameters[1] = -2;   // output_offset = output zero point
            parameters[2] = -128; // act_min
            parameters[3] = 127;  // act_max
            parameters[4] = 0;    // filter_offset
            parameters[5] = 4;    // accum_depth
            parameters[6] = 3;    // output_depth
            b.AddLayer(TestBlobBuilder.OpFullyConnected, input, TestBlobBuilder.NoTensor, output,
                       weights, bias, new int[] { 1610612736 }, new int[] { 0 }, parameters);
            return b.Build(8, input, output);
        }
    }
}
