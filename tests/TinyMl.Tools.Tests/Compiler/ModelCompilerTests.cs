#nullable enable
using System;
using System.Buffers.Binary;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    [TestClass]
    public class ModelCompilerTests
    {
        private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
        private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
        private static int I32(byte[] b, int at) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));

        /// <summary>Checks the blob against the format spec (tnm_model.h), reading it independently.</summary>
        private static void CheckBlobStructure(CompiledModel c)
        {
            byte[] b = c.Blob;
            Assert.AreEqual("TNMB", System.Text.Encoding.ASCII.GetString(b, 0, 4));
            Assert.AreEqual(1, U16(b, 4));
            Assert.AreEqual(48, U16(b, 6));
            Assert.AreEqual((uint)b.Length, U32(b, 8));
            Assert.AreEqual(TinyMl.Nano.Crc32.Compute(b, 16, b.Length - 16), U32(b, 12));
            Assert.AreEqual((uint)c.ArenaSize, U32(b, 16));
            int tensors = U16(b, 20), layers = U16(b, 22);
            Assert.AreEqual(c.Tensors.Count, tensors);
            Assert.AreEqual(c.Layers.Count, layers);
            uint tt = U32(b, 24), lt = U32(b, 28), data = U32(b, 32), dataSize = U32(b, 36);
            Assert.AreEqual(48u, tt);
            Assert.AreEqual(tt + 28u * (uint)tensors, lt);
            Assert.AreEqual(lt + 80u * (uint)layers, data);
            Assert.AreEqual((uint)b.Length, data + dataSize);
            Assert.AreEqual(0u, U32(b, 44));
            Assert.IsTrue(U16(b, 40) < tensors && U16(b, 42) < tensors);
            for (int t = 0; t < tensors; t++)
            {
                int r = (int)tt + 28 * t;
                int rank = b[r + 1];
                Assert.IsTrue(rank >= 1 && rank <= 4);
                long elements = 1;
                for (int d = 0; d < 4; d++) elements *= U16(b, r + 4 + 2 * d);
                int elemSize = b[r] == 9 ? 1 : b[r] == 0 ? 4 : -1;
                Assert.IsTrue(elemSize > 0, $"tensor {t} type {b[r]}");
                uint offset = U32(b, r + 12), size = U32(b, r + 16);
                Assert.AreEqual(0u, offset % 4, $"tensor {t} offset");
                Assert.AreEqual(elements * elemSize, (long)size, $"tensor {t} size");
                Assert.IsTrue(offset + size <= (uint)c.ArenaSize, $"tensor {t} outside the arena");
            }
            for (int l = 0; l < layers; l++)
            {
                int r = (int)lt + 80 * l;
                Assert.AreEqual(c.Layers[l].OpCode, b[r]);
                foreach (int off in new[] { 8, 16, 20 })
                {
                    uint o = U32(b, r + off);
                    Assert.IsTrue(o == 0 || (o % 4 == 0 && o >= data && o < b.Length), $"layer {l} field {off}: offset {o}");
                }
                uint quant = U32(b, r + 20), count = U32(b, r + 24);
                if (quant != 0) Assert.IsTrue(quant + 5 * count <= b.Length);
                uint w = U32(b, r + 8), ws = U32(b, r + 12);
                if (w != 0) Assert.IsTrue(w + ws <= b.Length);
            }
        }

        [TestMethod]
        public void Kws_FitsTheArenaAndSizeTargets()
        {
            byte[] tflite = SharedData.ReadModel("kws_ref_model");
            CompiledModel c = ModelCompiler.Compile(tflite);
            CheckBlobStructure(c);
            Assert.AreEqual(53936, c.TfliteSize);
            // Two 1x25x5x64 int8 tensors are live at once: 16,000 bytes is the floor.
            Assert.IsTrue(c.ArenaSize >= 16000 && c.ArenaSize <= 16896, $"arena {c.ArenaSize}");
            Assert.IsTrue(c.Blob.Length <= 0.55 * tflite.Length, $"blob {c.Blob.Length} > 0.55 x {tflite.Length}");
            // conv 25*5*64*(10*4*1) + 4 x dw 8000*9 + 4 x pw 8000*64 + fc 64*12
            Assert.AreEqual(320000L + 4 * 72000 + 4 * 512000 + 768, c.TotalMacs);
            Assert.AreEqual(13, c.Layers.Count);
            Assert.AreEqual(c.Layers.Sum(l => l.Macs), c.TotalMacs);
        }

        [TestMethod]
        public void Kws_ParametersMatchTfliteMicro()
        {
            CompiledModel c = ModelCompiler.Compile(SharedData.ReadModel("kws_ref_model"));
            CompiledLayer conv = c.Layers[0];
            Assert.AreEqual("CONV_2D", conv.Op);
            CollectionAssert.AreEqual(new[] { 1, 49, 10, 1 }, conv.InputShape);
            CollectionAssert.AreEqual(new[] { 1, 25, 5, 64 }, conv.OutputShape);
            // 10x4 filter, stride 2, SAME over 49x10 -> 25x5; total padding (24*2+10-49)=9 and (4*2+4-10)=2.
            int[] p = conv.Params;
            Assert.AreEqual(-83, p[0]);            // -input zero point
            Assert.AreEqual(-128, p[1]);           // output zero point
            Assert.AreEqual((-128, 127), (p[2], p[3])); // RELU with zero point -128
            Assert.AreEqual((2, 2), (p[4], p[5]));
            Assert.AreEqual((4, 1), (p[6], p[7]));
            Assert.AreEqual((10, 4, 1), (p[10], p[11], p[12]));
            Assert.AreEqual(64 * 40 + 64 * 4 + 64 * 5, conv.WeightBytes);
            // Multipliers of the first three channels, as TFLM's QuantizeMultiplier computes them
            // (values produced by TFLM's quantization_util.cc on the same scales).
            CollectionAssert.AreEqual(new[] { 1359514674, 1510897544, 1926649374 }, conv.Multipliers.Take(3).ToArray());
            CollectionAssert.AreEqual(new[] { -6, -7, -8 }, conv.Shifts.Take(3).ToArray());
            Assert.AreEqual(64, conv.Multipliers.Length);

            CompiledLayer fc = c.Layers[11];
            Assert.AreEqual("FULLY_CONNECTED", fc.Op);
            CollectionAssert.AreEqual(new[] { 1278221461 }, fc.Multipliers);
            CollectionAssert.AreEqual(new[] { -7 }, fc.Shifts);
            Assert.AreEqual((64, 12), (fc.Params[5], fc.Params[6]));

            CompiledLayer softmax = c.Layers[12];
            Assert.AreEqual("SOFTMAX", softmax.Op);
            Assert.AreEqual(1242899200, softmax.Params[0]);
            Assert.AreEqual(24, softmax.Params[1]);
            Assert.AreEqual(-124, softmax.Params[2]);

            CompiledLayer pool = c.Layers[9];
            Assert.AreEqual("AVERAGE_POOL_2D", pool.Op);
            Assert.AreEqual((25, 5), (pool.Params[10], pool.Params[11]));
            Assert.AreEqual((0, 0), (pool.Params[6], pool.Params[7]));

            // RESHAPE output shares its input's bytes.
            CompiledLayer reshape = c.Layers[10];
            Assert.AreEqual("RESHAPE", reshape.Op);
            Assert.AreEqual(c.Tensors[reshape.InputTensor].Offset, reshape.OutputOffset);

            CompiledTensor input = c.Tensors[c.InputTensor];
            Assert.AreEqual(0, input.TfliteIndex);
            Assert.AreEqual(83, input.ZeroPoint);
            Assert.AreEqual("int8", input.Type);
            CollectionAssert.AreEqual(new[] { 1, 12 }, c.Tensors[c.OutputTensor].Shape);
        }

        [TestMethod]
        public void Anomaly_FitsTheArenaTarget()
        {
            CompiledModel c = ModelCompiler.Compile(SharedData.ReadModel("ad01_int8"));
            CheckBlobStructure(c);
            // Input (640) and output (640) must never overlap a live 128-byte layer output.
            Assert.IsTrue(c.ArenaSize <= 1536, $"arena {c.ArenaSize}");
            Assert.IsTrue(c.ArenaSize >= 640 + 128);
            Assert.AreEqual(10, c.Layers.Count);
            Assert.AreEqual(2L * 640 * 128 + 6L * 128 * 128 + 2L * 128 * 8, c.TotalMacs);
        }

        [TestMethod]
        public void MicroSpeech_CompilesWithReshapeAlias()
        {
            CompiledModel c = ModelCompiler.Compile(SharedData.ReadModel("micro_speech_quantized"));
            CheckBlobStructure(c);
            // The single-channel depthwise layer is stored as the equivalent CONV_2D (DepthwiseLoweringTests).
            CollectionAssert.AreEqual(new[] { "RESHAPE", "CONV_2D", "FULLY_CONNECTED", "SOFTMAX" }, c.Layers.Select(l => l.Op).ToArray());
            Assert.AreEqual(c.Tensors[c.Layers[0].InputTensor].Offset, c.Layers[0].OutputOffset);
            CompiledLayer dw = c.Layers[1];
            Assert.AreEqual(1, dw.Params[12]); // was depth multiplier 8 on 1 input channel: now 8 conv filters
            Assert.AreEqual(10, dw.Params[10]);
            Assert.AreEqual(8, dw.Params[11]);
            Assert.AreEqual(1575942400, c.Layers[3].Params[0]);
            Assert.AreEqual(23, c.Layers[3].Params[1]);
            Assert.AreEqual(-248, c.Layers[3].Params[2]);
        }

        // ---- crafted models

        [TestMethod]
        public void TinyFc_HandComputedParameters()
        {
            CompiledModel c = ModelCompiler.Compile(new TinyModelBuilder().Build());
            CheckBlobStructure(c);
            CompiledLayer fc = c.Layers.Single();
            // 0.5 * 0.25 / 0.125 = 1.0 = 0.5 * 2^1 -> (2^30, 1)
            CollectionAssert.AreEqual(new[] { 1 << 30 }, fc.Multipliers);
            CollectionAssert.AreEqual(new[] { 1 }, fc.Shifts);
            CollectionAssert.AreEqual(new[] { 0, 0, -128, 127, 0, 4, 3, 0, 0, 0, 0, 0, 0 }, fc.Params);
            Assert.AreEqual(12L, fc.Macs);
            Assert.AreEqual(12 + 12 + 5, fc.WeightBytes);

            // The weights, bias and quantization are in the data section, 4-aligned, as given.
            byte[] b = c.Blob;
            int rec = 48 + 28 * c.Tensors.Count;
            int w = I32(b, rec + 8), bias = I32(b, rec + 16), quant = I32(b, rec + 20);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 255, 254, 253, 252, 5, 6, 7, 8 }, b.AsSpan(w, 12).ToArray());
            Assert.AreEqual(12, I32(b, rec + 12));
            CollectionAssert.AreEqual(new[] { 10, -20, 30 }, new[] { I32(b, bias), I32(b, bias + 4), I32(b, bias + 8) });
            Assert.AreEqual(1 << 30, I32(b, quant));
            Assert.AreEqual(1, (sbyte)b[quant + 4]);
            Assert.AreEqual(1u, U32(b, rec + 24));
            Assert.AreEqual(BlobFormat.NoTensor, U16(b, rec + 4));
        }

        [TestMethod]
        public void TinyFc_PerChannelWeights()
        {
            var c = ModelCompiler.Compile(new TinyModelBuilder { WeightScales = new[] { 0.25f, 0.125f, 0.5f } }.Build());
            CompiledLayer fc = c.Layers.Single();
            // 0.5 * s / 0.125 = 1.0, 0.5, 2.0
            CollectionAssert.AreEqual(new[] { 1 << 30, 1 << 30, 1 << 30 }, fc.Multipliers);
            CollectionAssert.AreEqual(new[] { 1, 0, 2 }, fc.Shifts);
        }

        [TestMethod]
        public void IdenticalConstantsAreStoredOnce()
        {
            var data = new DataSection(100);
            int a = data.Add(new byte[] { 1, 2, 3 });
            int b = data.Add(new byte[] { 9, 9, 9, 9, 9 });
            int c = data.Add(new byte[] { 1, 2, 3 });
            Assert.AreEqual(100, a);
            Assert.AreEqual(104, b);
            Assert.AreEqual(a, c);
            Assert.AreEqual(12, data.ToArray().Length);
        }

        [TestMethod]
        public void UnsupportedOperator_NamesIndexOpAndSupportedList()
        {
            var e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { DeprecatedCode = 16, BuiltinCode = 16 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (LSTM): not supported by TinyMl.Nano; supported: CONV_2D, DEPTHWISE_CONV_2D,");
            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { SecondOpCode = 28 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 1 (TANH): not supported by TinyMl.Nano");
        }

        [TestMethod]
        public void UnsupportedTypes_NameOperatorAndType()
        {
            var e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { InputType = 0 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (FULLY_CONNECTED): input type float32 is not supported, int8 required");
            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { InputType = 7 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (FULLY_CONNECTED): input type int16 is not supported, int8 required");
        }

        [TestMethod]
        public void UnsupportedDetails_AreNamed()
        {
            var e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { Activation = 4 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (FULLY_CONNECTED): fused activation Tanh is not supported");

            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { ExternalWeights = true }.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (FULLY_CONNECTED): tensor 1 'weights' keeps its data in buffer 2 outside the flatbuffer");

            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { OutputScale = 1e-12f }.Build()));
            StringAssert.Contains(e.Message, "too large");

            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { Weights = new sbyte[10] }.Build()));
            StringAssert.Contains(e.Message, "holds 10 bytes");

            // SOFTMAX output must be scale 1/256, zero point -128: ours is, so it compiles ...
            var ok = ModelCompiler.Compile(new TinyModelBuilder
            {
                SecondOpCode = 25,
                SecondOptionsType = 9,
                SecondOptions = new FbTableNode().Set(0, 1.0f),
            }.Build());
            Assert.AreEqual("SOFTMAX", ok.Layers[1].Op);
            // ... and without its options it is rejected by name.
            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { SecondOpCode = 25 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 1 (SOFTMAX): builtin options are none, SoftmaxOptions");
        }
    }
}
