#nullable enable
using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// The reader's view of the operators of Operators v2: every subgraph, resource variables,
    /// VAR_HANDLE names, CALL_ONCE, the builtin options of each new operator, int32 operands.
    /// </summary>
    [TestClass]
    public class TfliteOperatorOptionsTests
    {
        [TestMethod]
        public void ReadsTheStreamingWakeWordModel()
        {
            TfliteModel m = TfliteModel.Read(SharedData.ReadModel("okay_nabu_v2"));
            Assert.AreEqual(2, m.Subgraphs.Count);
            Assert.AreEqual(1, m.Subgraphs[1].Index);
            Assert.AreEqual("NoOp", m.Subgraphs[1].Name);

            TfliteOperator callOnce = m.Operators[0];
            Assert.AreEqual("CALL_ONCE", m.OperatorCodeOf(callOnce).Name);
            Assert.AreEqual(1, ((CallOnceOptions)callOnce.BuiltinOptions!).InitSubgraphIndex);

            TfliteOperator varHandle = m.Operators[1];
            Assert.AreEqual(BuiltinOperator.VarHandle, m.OperatorCodeOf(varHandle).BuiltinCode);
            var vh = (VarHandleOptions)varHandle.BuiltinOptions!;
            Assert.AreEqual("", vh.Container);
            Assert.AreEqual("stream/states", vh.SharedName);
            Assert.AreEqual(TensorType.Resource, m.Tensors[varHandle.Outputs[0]].Type);

            // The init subgraph assigns constants to the same variables, named the same way.
            TfliteSubgraph init = m.Subgraphs[1];
            Assert.AreEqual(1, init.Operators[0].Subgraph);
            var names = init.Operators.Where(o => o.BuiltinOptions is VarHandleOptions)
                .Select(o => ((VarHandleOptions)o.BuiltinOptions!).SharedName).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(new[] { "stream/states", "stream_1/states", "stream_2/states", "stream_3/states", "stream_4/states", "stream_5/states" }, names);
            Assert.AreEqual("ASSIGN_VARIABLE", m.OperatorCodes[(int)init.Operators[1].OpcodeIndex].Name);
            Assert.AreEqual(5 * 64, m.DataOf(init.Tensors[init.Operators[1].Inputs[1]]).Length);

            // STRIDED_SLICE 15: begin {0,-2,0,0}, end {0,0,0,40}, strides 1, masks 13 / 15.
            TfliteOperator slice = m.Operators[15];
            var ss = (StridedSliceOptions)slice.BuiltinOptions!;
            Assert.AreEqual((13, 15, 0, 0, 0, false), (ss.BeginMask, ss.EndMask, ss.EllipsisMask, ss.NewAxisMask, ss.ShrinkAxisMask, ss.Offset));
            CollectionAssert.AreEqual(new[] { 0, -2, 0, 0 }, m.ConstantInt32(m.Tensors[slice.Inputs[1]]));
            CollectionAssert.AreEqual(new[] { 0, 0, 0, 40 }, m.ConstantInt32(m.Tensors[slice.Inputs[2]]));
            CollectionAssert.AreEqual(new[] { 1, 1, 1, 1 }, m.ConstantInt32(m.Tensors[slice.Inputs[3]]));
            Assert.IsNull(m.ConstantInt32(m.Tensors[slice.Inputs[0]]), "an activation has no constant data");

            Assert.AreEqual(1, ((ConcatenationOptions)m.Operators[14].BuiltinOptions!).Axis);
            Assert.AreEqual(-1, ((ConcatenationOptions)m.Operators[31].BuiltinOptions!).Axis);
            TfliteOperator split = m.Operators[26];
            Assert.AreEqual(2, ((SplitVOptions)split.BuiltinOptions!).NumSplits);
            CollectionAssert.AreEqual(new[] { 32, 32 }, m.ConstantInt32(m.Tensors[split.Inputs[1]]));
            CollectionAssert.AreEqual(new[] { -1 }, m.ConstantInt32(m.Tensors[split.Inputs[2]]), "a scalar axis");
            Assert.AreEqual(2, split.Outputs.Length);
            Assert.AreEqual(TensorType.UInt8, m.Tensors[m.MainSubgraph.Outputs[0]].Type);
        }

        [TestMethod]
        public void ReadsTheLstmModel()
        {
            TfliteModel m = TfliteModel.Read(SharedData.ReadModel("trained_lstm_int8"));
            TfliteOperator lstm = m.Operators[0];
            Assert.AreEqual(BuiltinOperator.UnidirectionalSequenceLstm, m.OperatorCodeOf(lstm).BuiltinCode);
            var o = (UnidirectionalSequenceLstmOptions)lstm.BuiltinOptions!;
            Assert.AreEqual(ActivationFunction.Tanh, o.Activation);
            Assert.AreEqual(10f, o.CellClip);
            Assert.AreEqual(0f, o.ProjClip);
            Assert.IsFalse(o.TimeMajor);
            Assert.AreEqual(24, lstm.Inputs.Length);
            Assert.AreEqual(-1, lstm.Inputs[9], "optional peephole weights left out");
            Assert.AreEqual(5, lstm.Intermediates.Length);
            TfliteTensor cellState = m.Tensors[lstm.Inputs[19]];
            Assert.AreEqual(TensorType.Int16, cellState.Type);
            Assert.IsTrue(cellState.IsVariable);
        }

        // ---- every options table of the new operators, written and read back

        private static FbTableNode Op(uint opcode, byte optionsType, FbTableNode options) =>
            new FbTableNode().Set(0, opcode).Set(1, new FbVectorNode(new[] { 0 })).Set(2, new FbVectorNode(new[] { 0 }))
                .Set(3, optionsType).Set(4, options);

        private static byte[] ModelWith(FbTableNode[] ops, int subgraphs = 1, FbTableNode[]? tensors = null, FbTableNode[]? buffers = null)
        {
            tensors ??= new[] { new FbTableNode().Set(0, new FbVectorNode(new[] { 1, 4 })).Set(1, (byte)9).Set(3, new FbStringNode("x")) };
            var opcodes = new FbTableNode[ops.Length];
            for (int i = 0; i < ops.Length; i++) opcodes[i] = new FbTableNode().Set(0, (sbyte)32);
            var sgs = new FbTableNode[subgraphs];
            sgs[0] = new FbTableNode().Set(0, new FbVectorNode(tensors)).Set(1, new FbVectorNode(new[] { 0 }))
                .Set(2, new FbVectorNode(new[] { 0 })).Set(3, new FbVectorNode(ops));
            for (int i = 1; i < subgraphs; i++) sgs[i] = new FbTableNode().Set(4, new FbStringNode("init" + i));
            var model = new FbTableNode().Set(0, 3u).Set(1, new FbVectorNode(opcodes)).Set(2, new FbVectorNode(sgs))
                .Set(4, new FbVectorNode(buffers ?? new[] { new FbTableNode() }));
            return FlatBufferBuilder.Finish(model, "TFL3");
        }

        [TestMethod]
        public void ReadsEveryNewOptionsTable()
        {
            var ops = new[]
            {
                Op(0, BuiltinOptionsType.ConcatenationOptions, new FbTableNode().Set(0, -2).Set(1, (byte)3)),
                Op(1, BuiltinOptionsType.StridedSliceOptions, new FbTableNode().Set(0, 1).Set(1, 2).Set(2, 4).Set(3, 8).Set(4, 16).Set(5, true)),
                Op(2, BuiltinOptionsType.SplitOptions, new FbTableNode().Set(0, 3)),
                Op(3, BuiltinOptionsType.SplitVOptions, new FbTableNode().Set(0, 4)),
                Op(4, BuiltinOptionsType.PackOptions, new FbTableNode().Set(0, 5).Set(1, -1)),
                Op(5, BuiltinOptionsType.UnpackOptions, new FbTableNode().Set(0, 6).Set(1, 2)),
                Op(6, BuiltinOptionsType.SqueezeOptions, new FbTableNode().Set(0, new FbVectorNode(new[] { 1, -1 }))),
                Op(7, BuiltinOptionsType.ReducerOptions, new FbTableNode().Set(0, true)),
                Op(8, BuiltinOptionsType.LeakyReluOptions, new FbTableNode().Set(0, 0.2f)),
                Op(9, BuiltinOptionsType.ResizeNearestNeighborOptions, new FbTableNode().Set(0, false).Set(1, true)),
                Op(10, BuiltinOptionsType.TransposeConvOptions, new FbTableNode().Set(0, (byte)1).Set(1, 2).Set(2, 3).Set(3, (byte)1).Set(4, (byte)2)),
                Op(11, BuiltinOptionsType.UnidirectionalSequenceLSTMOptions, new FbTableNode().Set(0, (byte)4).Set(1, 10f).Set(2, 0.5f).Set(3, true).Set(4, true).Set(5, true)),
                Op(12, BuiltinOptionsType.SubOptions, new FbTableNode().Set(0, (byte)1)),
                Op(13, BuiltinOptionsType.CallOnceOptions, new FbTableNode().Set(0, 1)),
                Op(14, BuiltinOptionsType.VarHandleOptions, new FbTableNode().Set(0, new FbStringNode("c")).Set(1, new FbStringNode("state"))),
                Op(15, BuiltinOptionsType.ReshapeOptions, new FbTableNode().Set(0, new FbVectorNode(new[] { -1, 8 }))),
                Op(16, BuiltinOptionsType.PadV2Options, new FbTableNode()),
                Op(17, BuiltinOptionsType.MulOptions, new FbTableNode().Set(0, (byte)3)),
            };
            TfliteModel m = TfliteModel.Read(ModelWith(ops, subgraphs: 2));
            object?[] o = m.Operators.Select(x => x.BuiltinOptions).ToArray();

            var concat = (ConcatenationOptions)o[0]!;
            Assert.AreEqual((-2, ActivationFunction.Relu6), (concat.Axis, concat.Activation));
            var ss = (StridedSliceOptions)o[1]!;
            Assert.AreEqual((1, 2, 4, 8, 16, true), (ss.BeginMask, ss.EndMask, ss.EllipsisMask, ss.NewAxisMask, ss.ShrinkAxisMask, ss.Offset));
            Assert.AreEqual(3, ((SplitOptions)o[2]!).NumSplits);
            Assert.AreEqual(4, ((SplitVOptions)o[3]!).NumSplits);
            Assert.AreEqual((5, -1), (((PackOptions)o[4]!).ValuesCount, ((PackOptions)o[4]!).Axis));
            Assert.AreEqual((6, 2), (((UnpackOptions)o[5]!).Num, ((UnpackOptions)o[5]!).Axis));
            CollectionAssert.AreEqual(new[] { 1, -1 }, ((SqueezeOptions)o[6]!).SqueezeDims);
            Assert.IsTrue(((ReducerOptions)o[7]!).KeepDims);
            Assert.AreEqual(0.2f, ((LeakyReluOptions)o[8]!).Alpha);
            var rn = (ResizeNearestNeighborOptions)o[9]!;
            Assert.AreEqual((false, true), (rn.AlignCorners, rn.HalfPixelCenters));
            var tc = (TransposeConvOptions)o[10]!;
            Assert.AreEqual((Padding.Valid, 2, 3, ActivationFunction.Relu, TensorType.Int32),
                (tc.Padding, tc.StrideW, tc.StrideH, tc.Activation, tc.QuantizedBiasType));
            var lstm = (UnidirectionalSequenceLstmOptions)o[11]!;
            Assert.AreEqual((ActivationFunction.Tanh, 10f, 0.5f, true, true, true),
                (lstm.Activation, lstm.CellClip, lstm.ProjClip, lstm.TimeMajor, lstm.AsymmetricQuantizeInputs, lstm.DiagonalRecurrentTensors));
            var sub = (SubOptions)o[12]!;
            Assert.AreEqual((ActivationFunction.Relu, true), (sub.Activation, sub.PotScaleInt16), "pot_scale_int16 defaults to true");
            Assert.AreEqual(1, ((CallOnceOptions)o[13]!).InitSubgraphIndex);
            var vh = (VarHandleOptions)o[14]!;
            Assert.AreEqual(("c", "state"), (vh.Container, vh.SharedName));
            CollectionAssert.AreEqual(new[] { -1, 8 }, ((ReshapeOptions)o[15]!).NewShape);
            Assert.AreEqual(BuiltinOptionsType.PadV2Options, ((EmptyOptions)o[16]!).Type);
            Assert.AreEqual(ActivationFunction.Relu6, ((MulOptions)o[17]!).Activation);
        }

        [TestMethod]
        public void OptionFieldsLeftOutTakeTheSchemaDefaults()
        {
            var ops = new[]
            {
                Op(0, BuiltinOptionsType.StridedSliceOptions, new FbTableNode()),
                Op(1, BuiltinOptionsType.SqueezeOptions, new FbTableNode()),
                Op(2, BuiltinOptionsType.VarHandleOptions, new FbTableNode()),
            };
            TfliteModel m = TfliteModel.Read(ModelWith(ops));
            var ss = (StridedSliceOptions)m.Operators[0].BuiltinOptions!;
            Assert.AreEqual((0, 0, 0, 0, 0, false), (ss.BeginMask, ss.EndMask, ss.EllipsisMask, ss.NewAxisMask, ss.ShrinkAxisMask, ss.Offset));
            Assert.AreEqual(0, ((SqueezeOptions)m.Operators[1].BuiltinOptions!).SqueezeDims.Length, "no dims = squeeze every 1");
            Assert.AreEqual(("", ""), (((VarHandleOptions)m.Operators[2].BuiltinOptions!).Container, ((VarHandleOptions)m.Operators[2].BuiltinOptions!).SharedName));
        }

        [TestMethod]
        public void CallOnceOutsideTheSubgraphs_NamesTheField()
        {
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(
                ModelWith(new[] { Op(0, BuiltinOptionsType.CallOnceOptions, new FbTableNode().Set(0, 2)) }, subgraphs: 2)));
            Assert.AreEqual("subgraphs[0].operators[0].builtin_options.init_subgraph_index: subgraph index 2 is out of range (2 subgraphs)", e.Message);
            e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(
                ModelWith(new[] { Op(0, BuiltinOptionsType.CallOnceOptions, new FbTableNode().Set(0, -1)) }, subgraphs: 2)));
            StringAssert.Contains(e.Message, "subgraph index -1 is out of range");
        }

        [TestMethod]
        public void CallOnceOfItself_NamesTheField()
        {
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(
                ModelWith(new[] { Op(0, BuiltinOptionsType.CallOnceOptions, new FbTableNode().Set(0, 0)) }, subgraphs: 2)));
            Assert.AreEqual("subgraphs[0].operators[0].builtin_options.init_subgraph_index: subgraph 0 names itself as its init subgraph", e.Message);
        }

        [TestMethod]
        public void ConstantInt32Operands_AreCheckedAgainstTheirShape()
        {
            var data = new byte[12];
            BitConverter.GetBytes(7).CopyTo(data, 0);
            BitConverter.GetBytes(-3).CopyTo(data, 4);
            BitConverter.GetBytes(65536).CopyTo(data, 8);
            var tensors = new[]
            {
                new FbTableNode().Set(0, new FbVectorNode(new[] { 3 })).Set(1, (byte)2).Set(2, 1u).Set(3, new FbStringNode("good")),
                new FbTableNode().Set(0, new FbVectorNode(new[] { 4 })).Set(1, (byte)2).Set(2, 1u).Set(3, new FbStringNode("short")),
                new FbTableNode().Set(0, new FbVectorNode(new[] { 12 })).Set(1, (byte)9).Set(2, 1u).Set(3, new FbStringNode("bytes")),
            };
            var buffers = new[] { new FbTableNode(), new FbTableNode().Set(0, new FbVectorNode(data)) };
            TfliteModel m = TfliteModel.Read(ModelWith(new[] { Op(0, BuiltinOptionsType.PadOptions, new FbTableNode()) }, 1, tensors, buffers));
            CollectionAssert.AreEqual(new[] { 7, -3, 65536 }, m.ConstantInt32(m.Tensors[0]));
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => m.ConstantInt32(m.Tensors[1]));
            Assert.AreEqual("tensors[1] 'short': buffer 1 holds 12 bytes, shape [4] of int32 needs 16", e.Message);
            e = Assert.ThrowsExactly<TfliteFormatException>(() => m.ConstantInt32(m.Tensors[2]));
            StringAssert.Contains(e.Message, "type int8, int32 expected");
        }
    }
}
