#nullable enable
using System;
using System.Buffers.Binary;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    [TestClass]
    public class TfliteReaderTests
    {
        private static string[] OpNames(TfliteModel m) => m.Operators.Select(o => m.OperatorCodeOf(o).Name).ToArray();

        [TestMethod]
        public void ReadsKwsModel()
        {
            TfliteModel m = TfliteModel.Read(SharedData.ReadModel("kws_ref_model"));
            Assert.AreEqual(3u, m.Version);
            CollectionAssert.AreEqual(new[]
            {
                "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D",
                "CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX",
            }, OpNames(m));
            TfliteTensor input = m.Tensors[m.MainSubgraph.Inputs[0]];
            CollectionAssert.AreEqual(new[] { 1, 49, 10, 1 }, input.Shape);
            Assert.AreEqual(TensorType.Int8, input.Type);
            Assert.AreEqual(0.584703f, input.Quantization!.Scale[0], 1e-6f);
            Assert.AreEqual(83L, input.Quantization.ZeroPoint[0]);
            CollectionAssert.AreEqual(new[] { 1, 12 }, m.Tensors[m.MainSubgraph.Outputs[0]].Shape);

            // First convolution: filter [64, 10, 4, 1], per-channel along dimension 0, 2560 bytes.
            TfliteOperator conv = m.Operators[0];
            TfliteTensor filter = m.Tensors[conv.Inputs[1]];
            CollectionAssert.AreEqual(new[] { 64, 10, 4, 1 }, filter.Shape);
            Assert.AreEqual(64, filter.Quantization!.Scale.Length);
            Assert.AreEqual(0, filter.Quantization.QuantizedDimension);
            Assert.AreEqual(2560, m.DataOf(filter).Length);
            var co = (Conv2DOptions)conv.BuiltinOptions!;
            Assert.AreEqual(Padding.Same, co.Padding);
            Assert.AreEqual(2, co.StrideH);
            Assert.AreEqual(2, co.StrideW);
            Assert.AreEqual(ActivationFunction.Relu, co.Activation);
            Assert.AreEqual(TensorType.Int32, m.Tensors[conv.Inputs[2]].Type);
            Assert.AreEqual(64 * 4, m.DataOf(m.Tensors[conv.Inputs[2]]).Length);

            // Depthwise filters are quantized along dimension 3.
            TfliteTensor dw = m.Tensors[m.Operators[1].Inputs[1]];
            CollectionAssert.AreEqual(new[] { 1, 3, 3, 64 }, dw.Shape);
            Assert.AreEqual(3, dw.Quantization!.QuantizedDimension);
            Assert.AreEqual(1, ((DepthwiseConv2DOptions)m.Operators[1].BuiltinOptions!).DepthMultiplier);
            Assert.AreEqual(1.0f, ((SoftmaxOptions)m.Operators[12].BuiltinOptions!).Beta);
            var pool = (Pool2DOptions)m.Operators[9].BuiltinOptions!;
            Assert.AreEqual((25, 5), (pool.FilterHeight, pool.FilterWidth));
        }

        [TestMethod]
        public void ReadsAnomalyModel()
        {
            TfliteModel m = TfliteModel.Read(SharedData.ReadModel("ad01_int8"));
            Assert.AreEqual(10, m.Operators.Count);
            Assert.IsTrue(OpNames(m).All(n => n == "FULLY_CONNECTED"));
            CollectionAssert.AreEqual(new[] { 1, 640 }, m.Tensors[m.MainSubgraph.Inputs[0]].Shape);
            CollectionAssert.AreEqual(new[] { 1, 640 }, m.Tensors[m.MainSubgraph.Outputs[0]].Shape);
            int[] widths = m.Operators.Select(o => m.Tensors[o.Outputs[0]].Shape[1]).ToArray();
            CollectionAssert.AreEqual(new[] { 128, 128, 128, 128, 8, 128, 128, 128, 128, 640 }, widths);
            TfliteTensor w0 = m.Tensors[m.Operators[0].Inputs[1]];
            CollectionAssert.AreEqual(new[] { 128, 640 }, w0.Shape);
            Assert.AreEqual(128 * 640, m.DataOf(w0).Length);
        }

        [TestMethod]
        public void ReadsMicroSpeechModel()
        {
            TfliteModel m = TfliteModel.Read(SharedData.ReadModel("micro_speech_quantized"));
            CollectionAssert.AreEqual(new[] { "RESHAPE", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX" }, OpNames(m));
            CollectionAssert.AreEqual(new[] { 1, 1960 }, m.Tensors[m.MainSubgraph.Inputs[0]].Shape);
            CollectionAssert.AreEqual(new[] { 1, 4 }, m.Tensors[m.MainSubgraph.Outputs[0]].Shape);
            var rs = (ReshapeOptions)m.Operators[0].BuiltinOptions!;
            CollectionAssert.AreEqual(new[] { -1, 49, 40, 1 }, rs.NewShape); // resolved by TFLM from the input
        }

        [TestMethod]
        public void OperatorCode_IsMaxOfBuiltinAndDeprecatedCodes()
        {
            // v3 models: only deprecated_builtin_code is set.
            var m = TfliteModel.Read(new TinyModelBuilder { DeprecatedCode = 9, BuiltinCode = null }.Build());
            Assert.AreEqual(BuiltinOperator.FullyConnected, m.OperatorCodes[0].BuiltinCode);
            // Codes above 127: deprecated_builtin_code holds 127 (placeholder), builtin_code the real one.
            m = TfliteModel.Read(new TinyModelBuilder { DeprecatedCode = 127, BuiltinCode = 150 }.Build());
            Assert.AreEqual(150, m.OperatorCodes[0].BuiltinCode);
            Assert.AreEqual(127, m.OperatorCodes[0].DeprecatedBuiltinCode);
            Assert.AreEqual("GELU", m.OperatorCodes[0].Name);
            Assert.AreEqual("QUANTIZE", BuiltinOperator.Name(114));
        }

        [TestMethod]
        public void CraftedModel_RoundTripsEveryField()
        {
            var b = new TinyModelBuilder { WeightScales = new[] { 0.25f, 0.5f, 0.125f }, OutputZeroPoint = -3, Activation = 1 };
            var m = TfliteModel.Read(b.Build());
            Assert.AreEqual("TinyModelBuilder", m.Description);
            Assert.AreEqual("main", m.MainSubgraph.Name);
            Assert.AreEqual(4, m.Tensors.Count);
            Assert.AreEqual("weights", m.Tensors[1].Name);
            CollectionAssert.AreEqual(new[] { 0.25f, 0.5f, 0.125f }, m.Tensors[1].Quantization!.Scale);
            Assert.AreEqual(-3L, m.Tensors[3].Quantization!.ZeroPoint[0]);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 255, 254, 253, 252, 5, 6, 7, 8 }, m.DataOf(m.Tensors[1]).ToArray());
            CollectionAssert.AreEqual(new[] { 0, 1, 2 }, m.Operators[0].Inputs);
            Assert.AreEqual(ActivationFunction.Relu, ((FullyConnectedOptions)m.Operators[0].BuiltinOptions!).Activation);
            Assert.IsFalse(m.Buffers[2].IsExternal);
            Assert.IsTrue(TfliteModel.Read(new TinyModelBuilder { ExternalWeights = true }.Build()).Buffers[2].IsExternal);
        }

        // ---- malformed files: the message names the field path

        /// <summary>Position of the shape vector of tensor `t` of subgraph 0 (via the internal reader).</summary>
        private static int ShapeVectorPos(byte[] file, int t)
        {
            var r = new FlatBufferReader(file, 1 << 20);
            FbTable root = r.Root("model");
            FbTable sg = root.Vector(2, 4, "subgraphs")!.Value.Table(0);
            FbTable tensor = sg.Vector(0, 4, "tensors")!.Value.Table(t);
            int field = tensor.FieldPos(0, 4, "shape");
            return r.FollowOffset(field, "shape");
        }

        [TestMethod]
        public void VectorRunningPastTheEnd_NamesThePath()
        {
            byte[] file = new TinyModelBuilder().Build();
            int pos = ShapeVectorPos(file, 2);
            BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(pos), 1_000_000);
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(file));
            Assert.AreEqual($"subgraphs[0].tensors[2].shape: vector at offset {pos} (1000000 elements of 4 bytes) runs past the end of the file (length {file.Length})", e.Message);
        }

        [TestMethod]
        public void OffsetOutsideTheFile_NamesThePath()
        {
            byte[] file = new TinyModelBuilder().Build();
            var r = new FlatBufferReader(file, 1 << 20);
            FbTable root = r.Root("model");
            int field = root.FieldPos(4, 4, "buffers");
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(field), 0x7FFFFF00);
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(file));
            StringAssert.StartsWith(e.Message, "buffers: offset");
            StringAssert.Contains(e.Message, "outside the file");
        }

        [TestMethod]
        public void TensorIndexOutOfRange_NamesTheOperatorInput()
        {
            byte[] file = new TinyModelBuilder().Build();
            var r = new FlatBufferReader(file, 1 << 20);
            FbTable op = r.Root("model").Vector(2, 4, "subgraphs")!.Value.Table(0).Vector(3, 4, "operators")!.Value.Table(0);
            int inputs = r.FollowOffset(op.FieldPos(1, 4, "inputs"), "inputs");
            BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(inputs + 4 + 4), 99);
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(file));
            Assert.AreEqual("subgraphs[0].operators[0].inputs[1]: tensor index 99 is out of range (4 tensors)", e.Message);
        }

        [TestMethod]
        public void WrongIdentifier_IsNotATfliteModel()
        {
            byte[] file = new TinyModelBuilder().Build();
            file[4] = (byte)'X';
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(file));
            StringAssert.Contains(e.Message, "not a TFLite model");
            Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(new byte[3]));
            Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(Array.Empty<byte>()));
        }
    }
}
