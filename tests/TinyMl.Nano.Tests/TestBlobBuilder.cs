using System;
using System.Collections;

namespace TinyMl.Nano.Tests
{
    /// <summary>
    /// Writes small .tnm blobs by hand (format v1, native-kernels/include/tnm/tnm_model.h) so
    /// the device tests can run the interpreter on models whose results are computed by hand.
    /// Kept to the nanoFramework C# subset: it runs on the device too.
    /// </summary>
    internal sealed class TestBlobBuilder
    {
        public const int HeaderSize = 48;
        public const int TensorRecordSize = 28;
        public const int LayerRecordSize = 80;
        public const int ParamCount = 13;
        public const int NoTensor = 0xFFFF;

        public const int TypeInt8 = 9;

        // TNM_OP_* (tnm_model.h).
        public const int OpConv2D = 1;
        public const int OpDepthwiseConv2D = 2;
        public const int OpFullyConnected = 3;
        public const int OpAveragePool2D = 4;
        public const int OpMaxPool2D = 5;
        public const int OpSoftmax = 6;
        public const int OpAdd = 7;
        public const int OpMul = 8;
        public const int OpReshape = 9;
        public const int OpQuantize = 10;

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
            public int Offset;
            public int Size;
            public int ZeroPoint;
            public int ScaleBits;
        }

        private sealed class LayerRecord
        {
            public int Op;
            public int Input;
            public int Input2;
            public int Output;
            public sbyte[] Weights;
            public int[] Bias;
            public int[] Multipliers;
            public int[] Shifts;
            public int[] Params;
        }

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
            int size = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                size *= dims[i];
            }
            return AddTensor(TypeInt8, dims, arenaOffset, size, zeroPoint, scaleBits);
        }

        public void AddLayer(int op, int input, int input2, int output, sbyte[] weights, int[] bias,
                             int[] multipliers, int[] shifts, int[] parameters)
        {
            LayerRecord l = new LayerRecord();
            l.Op = op;
            l.Input = input;
            l.Input2 = input2;
            l.Output = output;
            l.Weights = weights;
            l.Bias = bias;
            l.Multipliers = multipliers;
            l.Shifts = shifts;
            l.Params = parameters;
            _layers.Add(l);
        }

        public byte[] Build(int arenaSize, int inputTensor, int outputTensor)
        {
            int tensorTable = HeaderSize;
            int layerTable = tensorTable + _tensors.Count * TensorRecordSize;
            int dataOffset = layerTable + _layers.Count * LayerRecordSize;

            // Place the constants: every array at a multiple of 4.
            int at = dataOffset;
            int[] weightsAt = new int[_layers.Count];
            int[] biasAt = new int[_layers.Count];
            int[] quantAt = new int[_layers.Count];
            for (int i = 0; i < _layers.Count; i++)
            {
                LayerRecord l = (LayerRecord)_layers[i];
                if (l.Weights != null)
                {
                    weightsAt[i] = at;
                    at = Align4(at + l.Weights.Length);
                }
                if (l.Bias != null)
                {
                    biasAt[i] = at;
                    at = Align4(at + l.Bias.Length * 4);
                }
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
            WriteU16(blob, 4, 1);
            WriteU16(blob, 6, HeaderSize);
            WriteI32(blob, 8, blobSize);
            WriteI32(blob, 16, arenaSize);
            WriteU16(blob, 20, _tensors.Count);
            WriteU16(blob, 22, _layers.Count);
            WriteI32(blob, 24, tensorTable);
            WriteI32(blob, 28, layerTable);
            WriteI32(blob, 32, dataOffset);
            WriteI32(blob, 36, blobSize - dataOffset);
            WriteU16(blob, 40, inputTensor);
            WriteU16(blob, 42, outputTensor);

            for (int i = 0; i < _tensors.Count; i++)
            {
                TensorRecord t = (TensorRecord)_tensors[i];
                int r = tensorTable + i * TensorRecordSize;
                blob[r] = (byte)t.Type;
                blob[r + 1] = (byte)t.Dims.Length;
                for (int d = 0; d < 4; d++)
                {
                    WriteU16(blob, r + 4 + d * 2, d < t.Dims.Length ? t.Dims[d] : 1);
                }
                WriteI32(blob, r + 12, t.Offset);
                WriteI32(blob, r + 16, t.Size);
                WriteI32(blob, r + 20, t.ZeroPoint);
                WriteI32(blob, r + 24, t.ScaleBits);
            }

            for (int i = 0; i < _layers.Count; i++)
            {
                LayerRecord l = (LayerRecord)_layers[i];
                int r = layerTable + i * LayerRecordSize;
                blob[r] = (byte)l.Op;
                WriteU16(blob, r + 2, l.Input);
                WriteU16(blob, r + 4, l.Input2);
                WriteU16(blob, r + 6, l.Output);
                if (l.Weights != null)
                {
                    WriteI32(blob, r + 8, weightsAt[i]);
                    WriteI32(blob, r + 12, l.Weights.Length);
                    for (int k = 0; k < l.Weights.Length; k++)
                    {
                        blob[weightsAt[i] + k] = (byte)l.Weights[k];
                    }
                }
                if (l.Bias != null)
                {
                    WriteI32(blob, r + 16, biasAt[i]);
                    for (int k = 0; k < l.Bias.Length; k++)
                    {
                        WriteI32(blob, biasAt[i] + k * 4, l.Bias[k]);
                    }
                }
                if (l.Multipliers != null)
                {
                    int count = l.Multipliers.Length;
                    WriteI32(blob, r + 20, quantAt[i]);
                    WriteI32(blob, r + 24, count);
                    for (int k = 0; k < count; k++)
                    {
                        WriteI32(blob, quantAt[i] + k * 4, l.Multipliers[k]);
                        blob[quantAt[i] + count * 4 + k] = (byte)l.Shifts[k];
                    }
                }
                for (int p = 0; p < ParamCount; p++)
                {
                    WriteI32(blob, r + 28 + p * 4, l.Params[p]);
                }
            }

            FixCrc(blob);
            return blob;
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
