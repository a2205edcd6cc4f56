#nullable enable
using System;
using System.Buffers.Binary;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    [TestClass]
    public class ModelCompilerTests
    {
        private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));
        private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
        private static int I32(byte[] b, int at) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));

        /// <summary>Checks the blob against the format spec (tnm_model.h, v2), reading it independently.</summary>
        private static void CheckBlobStructure(CompiledModel c)
        {
            byte[] b = c.Blob;
            Assert.AreEqual("TNMB", System.Text.Encoding.ASCII.GetString(b, 0, 4));
            Assert.AreEqual(3, U16(b, 4));
            Assert.AreEqual(64, U16(b, 6));
            Assert.AreEqual((uint)b.Length, U32(b, 8));
            Assert.AreEqual(TinyMl.Nano.Crc32.Compute(b, 16, b.Length - 16), U32(b, 12));
            Assert.AreEqual((uint)c.ArenaSize, U32(b, 16));
            uint stateOffset = U32(b, 20), stateSize = U32(b, 24);
            Assert.AreEqual((uint)c.StateSize, stateSize);
            Assert.AreEqual(0u, stateSize % 4);
            int tensors = U16(b, 28), layers = U16(b, 30), inputs = U16(b, 32), outputs = U16(b, 34), init = U16(b, 36);
            Assert.AreEqual(c.Tensors.Count, tensors);
            Assert.AreEqual(c.Layers.Count, layers);
            Assert.AreEqual((c.Inputs.Length, c.Outputs.Length, c.InitLayerCount), (inputs, outputs, init));
            uint tt = U32(b, 40), lt = U32(b, 44), list = U32(b, 48), listSize = U32(b, 52), data = U32(b, 56), dataSize = U32(b, 60);
            Assert.AreEqual(64u, tt);
            Assert.AreEqual(tt + 32u * (uint)tensors, lt);
            Assert.AreEqual(lt + 20u * (uint)layers, list);
            Assert.AreEqual(list + listSize, data);
            Assert.AreEqual((uint)b.Length, data + dataSize);
            for (int i = 0; i < inputs; i++) Assert.AreEqual(c.Inputs[i], U16(b, (int)list + 2 * i));
            for (int i = 0; i < outputs; i++) Assert.AreEqual(c.Outputs[i], U16(b, (int)list + 2 * (inputs + i)));
            for (int t = 0; t < tensors; t++)
            {
                int r = (int)tt + 32 * t;
                int rank = b[r + 1], flags = U16(b, r + 2);
                Assert.IsTrue(rank <= 6);
                long elements = 1;
                for (int d = 0; d < 6; d++) elements *= U16(b, r + 4 + 2 * d);
                for (int d = rank; d < 6; d++) Assert.AreEqual(1, U16(b, r + 4 + 2 * d), $"tensor {t} dim {d} beyond rank {rank}");
                int elemSize = b[r] switch { 9 or 3 or 6 => 1, 7 => 2, 0 or 2 => 4, _ => -1 };
                Assert.IsTrue(elemSize > 0, $"tensor {t} type {b[r]}");
                uint offset = U32(b, r + 16), size = U32(b, r + 20);
                Assert.AreEqual(0u, offset % 4, $"tensor {t} offset");
                Assert.AreEqual(elements * elemSize, (long)size, $"tensor {t} size");
                Assert.IsTrue(flags <= 2, $"tensor {t} flags {flags}");
                if (flags == 1) Assert.IsTrue(offset >= data && offset + size <= data + dataSize, $"constant {t} outside the data section");
                else if (flags == 2) Assert.IsTrue(offset >= stateOffset + 4 && offset + size <= stateOffset + stateSize, $"variable {t} outside the state region");
                else
                {
                    Assert.IsTrue(offset + size <= (uint)c.ArenaSize, $"tensor {t} outside the arena");
                    Assert.IsTrue(stateSize == 0 || offset >= stateOffset + stateSize || offset + size <= stateOffset, $"tensor {t} inside the state region");
                }
            }
            for (int l = 0; l < layers; l++)
            {
                int r = (int)lt + 20 * l;
                CompiledLayer layer = c.Layers[l];
                Assert.AreEqual(layer.OpCode, U16(b, r));
                Assert.AreEqual(layer.Inputs.Length, b[r + 2]);
                Assert.AreEqual(layer.Outputs.Length, b[r + 3]);
                Assert.AreEqual(layer.Params.Length, U16(b, r + 4));
                uint at = U32(b, r + 8);
                Assert.IsTrue(at % 4 == 0 && at >= list && at <= list + listSize, $"layer {l} lists at {at}");
                for (int i = 0; i < layer.Inputs.Length; i++) Assert.AreEqual(layer.Inputs[i] < 0 ? 0xFFFF : layer.Inputs[i], U16(b, (int)at + 2 * i));
                for (int i = 0; i < layer.Outputs.Length; i++) Assert.AreEqual(layer.Outputs[i], U16(b, (int)at + 2 * (layer.Inputs.Length + i)));
                int paramsAt = (int)at + ((2 * (layer.Inputs.Length + layer.Outputs.Length) + 3) & ~3);
                for (int k = 0; k < layer.Params.Length; k++) Assert.AreEqual(layer.Params[k], I32(b, paramsAt + 4 * k), $"layer {l} param {k}");
                Assert.IsTrue(layer.Params.Length == 0 || paramsAt + 4 * layer.Params.Length <= list + listSize);
                uint quant = U32(b, r + 12), count = U32(b, r + 16);
                Assert.AreEqual((uint)layer.Multipliers.Length, count);
                if (quant != 0) Assert.IsTrue(quant % 4 == 0 && quant >= data && quant + 5 * count <= b.Length);
            }
        }

        [TestMethod]
        public void Kws_FitsTheArenaAndSizeTargets()
        {
            byte[] tflite = SharedData.ReadModel("kws_ref_model");
            CompiledModel c = ModelCompiler.Compile(tflite);
            CheckBlobStructure(c);
            Assert.AreEqual(53936, c.TfliteSize);
            // Two 1x25x5x64 int8 tensors are live at once: 16,000 bytes is the floor, unless the
            // convolutions run in place (their output over their input: the depthwise rows and
            // the pointwise pixels each over their own input, tnm_model.h): 8,000 + the depthwise
            // scratch (964) = 8,964.
            Assert.IsTrue(c.ArenaSize >= 8000 && c.ArenaSize <= 9000, $"arena {c.ArenaSize}");
            int ordinary = ModelCompiler.Compile(tflite, new CompileOptions { InPlace = false, Patches = PatchMode.Off }).ArenaSize;
            Assert.IsTrue(ordinary >= 16000 && ordinary <= 17200, $"arena without in place {ordinary}");
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
            Assert.AreEqual(-83, conv.Param("input_offset"));
            Assert.AreEqual(-128, conv.Param("output_offset"));
            Assert.AreEqual((-128, 127), (conv.Param("act_min"), conv.Param("act_max"))); // RELU with zero point -128
            Assert.AreEqual((2, 2), (conv.Param("stride_h"), conv.Param("stride_w")));
            Assert.AreEqual((4, 1), (conv.Param("pad_h"), conv.Param("pad_w")));
            Assert.AreEqual((10, 4), (conv.Param("filter_h"), conv.Param("filter_w")));
            Assert.AreEqual(12, conv.Params.Length);
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
            Assert.AreEqual((64, 12), (fc.Param("accum_depth"), fc.Param("output_depth")));

            CompiledLayer softmax = c.Layers[12];
            Assert.AreEqual("SOFTMAX", softmax.Op);
            Assert.AreEqual(1242899200, softmax.Param("input_multiplier"));
            Assert.AreEqual(24, softmax.Param("input_left_shift"));
            Assert.AreEqual(-124, softmax.Param("diff_min"));

            CompiledLayer pool = c.Layers[9];
            Assert.AreEqual("AVERAGE_POOL_2D", pool.Op);
            Assert.AreEqual((25, 5), (pool.Param("filter_h"), pool.Param("filter_w")));
            Assert.AreEqual((0, 0), (pool.Param("pad_h"), pool.Param("pad_w")));

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
            // Was depth multiplier 8 on 1 input channel: now 8 conv filters [8, 10, 8, 1].
            CollectionAssert.AreEqual(new[] { 8, 10, 8, 1 }, c.Tensors[dw.Inputs[1]].Shape);
            Assert.AreEqual(10, dw.Param("filter_h"));
            Assert.AreEqual(8, dw.Param("filter_w"));
            Assert.AreEqual(1575942400, c.Layers[3].Param("input_multiplier"));
            Assert.AreEqual(23, c.Layers[3].Param("input_left_shift"));
            Assert.AreEqual(-248, c.Layers[3].Param("diff_min"));
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
            CollectionAssert.AreEqual(new[] { 0, 0, -128, 127, 0, 4, 3 }, fc.Params);
            CollectionAssert.AreEqual(new[] { "input_offset", "output_offset", "act_min", "act_max", "filter_offset", "accum_depth", "output_depth" }, fc.ParamNames);
            Assert.AreEqual(12L, fc.Macs);
            Assert.AreEqual(12 + 12 + 5, fc.WeightBytes);

            // Weights and bias are constant tensors in the data section, as given; the
            // quantization array follows them, 4-aligned.
            byte[] b = c.Blob;
            CompiledTensor w = c.Tensors[fc.Inputs[1]], bias = c.Tensors[fc.Inputs[2]];
            Assert.IsTrue(w.IsConstant && bias.IsConstant);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 255, 254, 253, 252, 5, 6, 7, 8 }, b.AsSpan(w.Offset, 12).ToArray());
            Assert.AreEqual(12, w.Size);
            CollectionAssert.AreEqual(new[] { 10, -20, 30 }, new[] { I32(b, bias.Offset), I32(b, bias.Offset + 4), I32(b, bias.Offset + 8) });
            int rec = 64 + 32 * c.Tensors.Count;
            int quant = I32(b, rec + 12);
            Assert.AreEqual(1 << 30, I32(b, quant));
            Assert.AreEqual(1, (sbyte)b[quant + 4]);
            Assert.AreEqual(1u, U32(b, rec + 16));
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
            var data = new DataSection();
            int a = data.Add(new byte[] { 1, 2, 3 });
            int b = data.Add(new byte[] { 9, 9, 9, 9, 9 });
            int c = data.Add(new byte[] { 1, 2, 3 });
            Assert.AreEqual(0, a);
            Assert.AreEqual(4, b);
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
                ModelCompiler.Compile(new TinyModelBuilder { SecondOpCode = 8 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 1 (FLOOR): not supported by TinyMl.Nano");
        }

        [TestMethod]
        public void EveryUnsupportedOperatorIsListedAtOnce()
        {
            // FULLY_CONNECTED with an old LSTM code, then FLOOR: both reported, one line each.
            var e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { DeprecatedCode = 16, BuiltinCode = 16, SecondOpCode = 8 }.Build()));
            Assert.AreEqual(2, e.Problems.Count, e.Message);
            StringAssert.StartsWith(e.Problems[0], "operator 0 (LSTM): not supported by TinyMl.Nano");
            StringAssert.StartsWith(e.Problems[1], "operator 1 (FLOOR): not supported by TinyMl.Nano");
            StringAssert.StartsWith(e.Message, "2 operators cannot be compiled:");
            StringAssert.Contains(e.Message, "operator 1 (FLOOR)");
            // The supported operators are said once, after the list, not once per operator.
            Assert.AreEqual(1, e.Message.Split("supported: CONV_2D").Length - 1, e.Message);
            Assert.IsFalse(e.Problems[0].Contains("supported:"), e.Problems[0]);

            // Lowering problems of several supported operators are collected too.
            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { Activation = 4, SecondOpCode = 25 }.Build()));
            Assert.AreEqual(2, e.Problems.Count, e.Message);
            StringAssert.StartsWith(e.Problems[0], "operator 0 (FULLY_CONNECTED): fused activation Tanh is not supported");
            StringAssert.StartsWith(e.Problems[1], "operator 1 (SOFTMAX): builtin options are none");
        }

        [TestMethod]
        public void UnsupportedTypes_NameOperatorAndType()
        {
            var e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { InputType = 0 }.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (FULLY_CONNECTED): input type float32 is not supported, int8 required");
            // a float model is told once how to get one that runs
            StringAssert.Contains(e.Message, ModelCompiler.FloatModelNote);
            e = Assert.ThrowsExactly<ModelCompileException>(() =>
                ModelCompiler.Compile(new TinyModelBuilder { InputType = 7 }.Build()));
            // an int16 input is a 16x8 layer, whose output must be int16 too
            StringAssert.StartsWith(e.Message, "operator 0 (FULLY_CONNECTED): output type int8 is not supported, int16 required");
            Assert.IsFalse(e.Message.Contains("float32"), e.Message);
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
