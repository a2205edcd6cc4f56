using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Nano.Tests
{
    /// <summary>
    /// Device-runnable vectors for the operators of operators v2 (blob format 2): tiny models
    /// built with TestBlobBuilder, expected bytes worked out by hand. Data movement copies
    /// bytes, so every expected value is an input value in a known place; LOGISTIC is checked
    /// where TFLite's definition gives exact values (its midpoint and its saturation).
    /// </summary>
    [TestClass]
    public class OperatorV2VectorTests
    {
        private const int Half = TestBlobBuilder.MultiplierHalf;

        private static sbyte[] Run(byte[] blob, sbyte[] input)
        {
            Interpreter interpreter = new Interpreter(new Model(blob));
            interpreter.Input.CopyFrom(input);
            interpreter.Invoke();
            sbyte[] output = new sbyte[interpreter.Output.ElementCount];
            interpreter.Output.CopyTo(output);
            return output;
        }

        private static void AssertBytes(sbyte[] expected, sbyte[] actual, string what)
        {
            Assert.AreEqual(expected.Length, actual.Length, what + ": length");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual((int)expected[i], (int)actual[i], what + ": byte " + i.ToString());
            }
        }

        /// <summary>
        /// SPLIT_V of x [1,2,3] along axis 2 into a [1,2,1] and b [1,2,2], then CONCATENATION
        /// (b, a) along axis 2: each row [x0, x1, x2] becomes [x1, x2, x0].
        /// </summary>
        [TestMethod]
        public void SplitVThenConcatenationRotatesEachRow()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 2, 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int first = b.AddInt8Tensor(new int[] { 1, 2, 1 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            int rest = b.AddInt8Tensor(new int[] { 1, 2, 2 }, 12, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 2, 3 }, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(TestBlobBuilder.OpSplitV, new int[] { x }, new int[] { first, rest }, new int[] { 2 }, null, null);
            b.AddLayerV2(TestBlobBuilder.OpConcatenation, new int[] { rest, first }, new int[] { y }, new int[] { 2 }, null, null);
            byte[] blob = b.Build(24, x, y);
            AssertBytes(new sbyte[] { 2, 3, 1, 5, 6, 4 }, Run(blob, new sbyte[] { 1, 2, 3, 4, 5, 6 }), "SPLIT_V + CONCATENATION");
        }

        /// <summary>
        /// STRIDED_SLICE of x [1,6] with begin [0,5], end [1,0], strides [1,-2]: elements 5, 3, 1
        /// (a negative stride walks back and stops before index 0).
        /// </summary>
        [TestMethod]
        public void StridedSliceWithANegativeStride()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 6 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 3 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            // begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask, offset, count,
            // begin[2], end[2], strides[2]
            int[] p = new int[] { 0, 0, 0, 0, 0, 0, 2, 0, 5, 1, 0, 1, -2 };
            b.AddLayerV2(TestBlobBuilder.OpStridedSlice, new int[] { x }, new int[] { y }, p, null, null);
            byte[] blob = b.Build(12, x, y);
            AssertBytes(new sbyte[] { 15, 13, 11 }, Run(blob, new sbyte[] { 10, 11, 12, 13, 14, 15 }), "STRIDED_SLICE");
        }

        /// <summary>
        /// QUANTIZE int8 (scale 0.5, zero point -128) to uint8 (scale 0.5, zero point 0): the
        /// ratio is exactly 1 (multiplier 2^30, shift 1), so each value moves up by 128.
        /// </summary>
        [TestMethod]
        public void QuantizeInt8ToUInt8()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 4 }, 0, -128, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddTensor(TestBlobBuilder.TypeUInt8, new int[] { 4 }, 4, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(TestBlobBuilder.OpQuantize, new int[] { x }, new int[] { y }, new int[] { Half, 1, -128, 0 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(8, x, y)));
            Assert.AreEqual((int)TensorType.UInt8, (int)interpreter.Output.Type);
            interpreter.Input.CopyFrom(new sbyte[] { -128, -1, 0, 127 });
            interpreter.Invoke();
            byte[] bytes = new byte[4];
            interpreter.Output.CopyToBytes(bytes, 0);
            Assert.AreEqual(0, (int)bytes[0]);
            Assert.AreEqual(127, (int)bytes[1]);
            Assert.AreEqual(128, (int)bytes[2]);
            Assert.AreEqual(255, (int)bytes[3]);
        }

        /// <summary>
        /// LOGISTIC with input scale 0.5, zero point 0: TFLite's params are multiplier 2^30,
        /// left shift 27 (0.5 * 2^27 = 0.5 * 2^27), radius floor(15 * 2^27 / 2^27) = 15. At the zero
        /// point the sigmoid is 1/2 = 128/256, i.e. 0 with the output zero point -128; inputs at
        /// or beyond the radius saturate to 127 and -128.
        /// </summary>
        [TestMethod]
        public void LogisticMidpointAndSaturation()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 4 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 4 }, 4, -128, TestBlobBuilder.ScaleBitsSoftmaxOutput);
            b.AddLayerV2(LayerOp.Logistic, new int[] { x }, new int[] { y }, new int[] { 0, 15, Half, 27 }, null, null);
            byte[] blob = b.Build(8, x, y);
            AssertBytes(new sbyte[] { 0, 127, -128, 127 }, Run(blob, new sbyte[] { 0, 127, -128, 16 }), "LOGISTIC");
        }

        /// <summary>
        /// A streaming model with one resource variable v [1,2] and an init subgraph that assigns
        /// [7, -7] to it (layer 0, run once per stream). Each inference: READ_VARIABLE v -> s,
        /// CONCATENATION (s, x) -> window (the output), STRIDED_SLICE window[:, 2:4] -> tail,
        /// ASSIGN_VARIABLE v = tail. Arena: state region [0, 8) (init flag, v at 4), s at 8,
        /// x at 16, window at 20, tail at 24.
        /// </summary>
        private static byte[] StreamingWindow()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int v = b.AddInt8Variable(new int[] { 1, 2 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            int initial = b.AddInt8Constant(new int[] { 1, 2 }, new sbyte[] { 7, -7 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int s = b.AddInt8Tensor(new int[] { 1, 2 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            int x = b.AddInt8Tensor(new int[] { 1, 2 }, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            int window = b.AddInt8Tensor(new int[] { 1, 4 }, 20, 0, TestBlobBuilder.ScaleBitsHalf);
            int tail = b.AddInt8Tensor(new int[] { 1, 2 }, 24, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(TestBlobBuilder.OpAssignVariable, new int[] { v, initial }, new int[0], null, null, null);
            b.AddLayerV2(TestBlobBuilder.OpCallOnce, new int[0], new int[0], new int[] { 1 }, null, null);
            b.AddLayerV2(TestBlobBuilder.OpReadVariable, new int[] { v }, new int[] { s }, null, null, null);
            b.AddLayerV2(TestBlobBuilder.OpConcatenation, new int[] { s, x }, new int[] { window }, new int[] { 1 }, null, null);
            b.AddLayerV2(TestBlobBuilder.OpStridedSlice, new int[] { window }, new int[] { tail },
                         new int[] { 0, 0, 0, 0, 0, 0, 2, 0, 2, 1, 4, 1, 1 }, null, null);
            b.AddLayerV2(TestBlobBuilder.OpAssignVariable, new int[] { v, tail }, new int[0], null, null, null);
            return b.Build(28, new int[] { x }, new int[] { window }, 8, 1);
        }

        [TestMethod]
        public void VariablesCarryStateAndResetStartsANewStream()
        {
            Model model = new Model(StreamingWindow());
            Assert.IsTrue(model.KeepsState);
            Assert.AreEqual(1, model.VariableCount);
            Assert.AreEqual(1, model.InitLayerCount);
            Assert.IsTrue(model.UsesOperator(LayerOp.CallOnce));
            Assert.IsTrue(model.GetTensorInfo(0).IsVariable);
            Assert.AreEqual(1, model.GetLayerInfo(0).Subgraph);
            Interpreter interpreter = new Interpreter(model);
            for (int stream = 0; stream < 2; stream++)
            {
                string what = "stream " + stream.ToString();
                interpreter.Input.CopyFrom(new sbyte[] { 1, 2 });
                interpreter.Invoke();
                AssertOutput(interpreter, new sbyte[] { 7, -7, 1, 2 }, what + " step 0");
                interpreter.Input.CopyFrom(new sbyte[] { 3, 4 });
                interpreter.Invoke();
                AssertOutput(interpreter, new sbyte[] { 1, 2, 3, 4 }, what + " step 1");
                interpreter.ResetState();
            }
        }

        private static void AssertOutput(Interpreter interpreter, sbyte[] expected, string what)
        {
            sbyte[] actual = new sbyte[interpreter.Output.ElementCount];
            interpreter.Output.CopyTo(actual);
            AssertBytes(expected, actual, what);
        }

        /// <summary>
        /// SVDF with one filter (rank 1), feature weights [1, 1], time weights [1, 1], memory 2,
        /// an int8 state, zero points 0 and both requantizations exactly 1 (multiplier 2^30,
        /// shift 1). Each inference the memory moves one step and takes x0 + x1: from a fresh
        /// state, inputs [3, 4], [1, 1], [-5, 0] give memories [0, 7], [7, 2], [2, -5] and outputs
        /// 7, 9, -3; ResetState() starts from [0, 0] again. State region [0, 8) (the state at 4).
        /// </summary>
        [TestMethod]
        public void SvdfMemoryMovesEachInference()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 2 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            int feature = b.AddInt8Constant(new int[] { 1, 2 }, new sbyte[] { 1, 1 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int time = b.AddInt8Constant(new int[] { 1, 2 }, new sbyte[] { 1, 1 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int state = b.AddInt8Variable(new int[] { 1, 2 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 1 }, 12, 0, TestBlobBuilder.ScaleBitsHalf);
            // input, state and output zero points; feature and time multiplier/shift; rank
            b.AddLayerV2(LayerOp.Svdf, new int[] { x, feature, time, TestBlobBuilder.NoTensor, state }, new int[] { y },
                         new int[] { 0, 0, 0, Half, 1, Half, 1, 1 }, null, null);
            Model model = new Model(b.Build(16, new int[] { x }, new int[] { y }, 8, 0));
            Assert.IsTrue(model.KeepsState);
            Assert.IsTrue(model.UsesOperator(LayerOp.Svdf));
            Assert.AreEqual("SVDF", LayerOp.Name(LayerOp.Svdf));
            Interpreter interpreter = new Interpreter(model);
            for (int stream = 0; stream < 2; stream++)
            {
                string what = "stream " + stream.ToString();
                interpreter.Input.CopyFrom(new sbyte[] { 3, 4 });
                interpreter.Invoke();
                AssertOutput(interpreter, new sbyte[] { 7 }, what + " step 0");
                interpreter.Input.CopyFrom(new sbyte[] { 1, 1 });
                interpreter.Invoke();
                AssertOutput(interpreter, new sbyte[] { 9 }, what + " step 1");
                interpreter.Input.CopyFrom(new sbyte[] { -5, 0 });
                interpreter.Invoke();
                AssertOutput(interpreter, new sbyte[] { -3 }, what + " step 2");
                interpreter.ResetState();
            }
        }

        /// <summary>
        /// REDUCE_MAX and REDUCE_MIN of x [1,2,2,3] over axes 1 and 2 (axis mask 6: a global max
        /// pool): per channel, the largest and the smallest of its four pixels.
        /// </summary>
        [TestMethod]
        public void ReduceMaxAndMinOverHeightAndWidth()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 2, 2, 3 }, 0, 5, TestBlobBuilder.ScaleBitsHalf);
            int max = b.AddInt8Tensor(new int[] { 1, 3 }, 12, 5, TestBlobBuilder.ScaleBitsHalf);
            int min = b.AddInt8Tensor(new int[] { 1, 1, 1, 3 }, 16, 5, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.ReduceMax, new int[] { x }, new int[] { max }, new int[] { 6 }, null, null);
            b.AddLayerV2(LayerOp.ReduceMin, new int[] { x }, new int[] { min }, new int[] { 6 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(20, new int[] { x }, new int[] { max, min }, 0, 0)));
            // pixels (channel 0, 1, 2): (1, -7, 127), (-128, 3, 0), (9, 2, -1), (4, -128, 5)
            interpreter.Input.CopyFrom(new sbyte[] { 1, -7, 127, -128, 3, 0, 9, 2, -1, 4, -128, 5 });
            interpreter.Invoke();
            sbyte[] largest = new sbyte[3];
            interpreter.GetOutput(0).CopyTo(largest);
            AssertBytes(new sbyte[] { 9, 3, 127 }, largest, "REDUCE_MAX");
            sbyte[] smallest = new sbyte[3];
            interpreter.GetOutput(1).CopyTo(smallest);
            AssertBytes(new sbyte[] { -128, -128, -1 }, smallest, "REDUCE_MIN");
        }

        /// <summary>
        /// ARG_MAX and ARG_MIN of x [2,3] along axis 1: int32 indices per row, the first index
        /// when two values tie.
        /// </summary>
        [TestMethod]
        public void ArgMaxAndMinAlongTheLastAxis()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 2, 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int max = b.AddTensor(TestBlobBuilder.TypeInt32, new int[] { 2 }, 8, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            int min = b.AddTensor(TestBlobBuilder.TypeInt32, new int[] { 2 }, 16, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.ArgMax, new int[] { x }, new int[] { max }, new int[] { 1 }, null, null);
            b.AddLayerV2(LayerOp.ArgMin, new int[] { x }, new int[] { min }, new int[] { 1 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(24, new int[] { x }, new int[] { max, min }, 0, 0)));
            interpreter.Input.CopyFrom(new sbyte[] { 3, 9, 9, -4, -8, -8 });
            interpreter.Invoke();
            byte[] bytes = new byte[8];
            interpreter.GetOutput(0).CopyToBytes(bytes, 0);
            Assert.AreEqual(1, TestBlobBuilder.ReadI32(bytes, 0));
            Assert.AreEqual(0, TestBlobBuilder.ReadI32(bytes, 4));
            interpreter.GetOutput(1).CopyToBytes(bytes, 0);
            Assert.AreEqual(0, TestBlobBuilder.ReadI32(bytes, 0));
            Assert.AreEqual(1, TestBlobBuilder.ReadI32(bytes, 4));
        }

        /// <summary>
        /// GATHER from a constant table [4,2] by int32 positions from the model input (an
        /// embedding lookup): rows 3, 0, 3; then a position past the table is refused by name.
        /// </summary>
        [TestMethod]
        public void GatherRowsOfAConstantTable()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int table = b.AddInt8Constant(new int[] { 4, 2 }, new sbyte[] { 10, 11, 20, 21, 30, 31, 40, 41 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int ids = b.AddTensor(TestBlobBuilder.TypeInt32, new int[] { 3 }, 0, 12, 0, TestBlobBuilder.ScaleBitsHalf);
            int rows = b.AddInt8Tensor(new int[] { 3, 2 }, 12, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.Gather, new int[] { table, ids }, new int[] { rows }, new int[] { 0, 0 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(20, ids, rows)));
            byte[] positions = new byte[12];
            TestBlobBuilder.WriteI32(positions, 0, 3);
            TestBlobBuilder.WriteI32(positions, 4, 0);
            TestBlobBuilder.WriteI32(positions, 8, 3);
            interpreter.Input.CopyFromBytes(positions, 0, 12);
            interpreter.Invoke();
            sbyte[] output = new sbyte[6];
            interpreter.Output.CopyTo(output);
            AssertBytes(new sbyte[] { 40, 41, 10, 11, 40, 41 }, output, "GATHER");
            TestBlobBuilder.WriteI32(positions, 4, 4);
            interpreter.Input.CopyFromBytes(positions, 0, 12);
            bool refused = false;
            try
            {
                interpreter.Invoke();
            }
            catch (ArgumentException e)
            {
                refused = e.Message.IndexOf("reads position 4") >= 0;
            }
            Assert.IsTrue(refused, "a position past the table must be refused by name");
        }

        /// <summary>
        /// DEPTH_TO_SPACE of x [1,1,2,4] with block 2 gives [1,2,4,1]: pixel w's four channels
        /// (a, b, c, d) become the 2x2 block [[a, b], [c, d]]; SPACE_TO_DEPTH takes it back.
        /// </summary>
        [TestMethod]
        public void DepthToSpaceAndBack()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 1, 2, 4 }, 0, -3, TestBlobBuilder.ScaleBitsHalf);
            int space = b.AddInt8Tensor(new int[] { 1, 2, 4, 1 }, 8, -3, TestBlobBuilder.ScaleBitsHalf);
            int back = b.AddInt8Tensor(new int[] { 1, 1, 2, 4 }, 16, -3, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.DepthToSpace, new int[] { x }, new int[] { space }, new int[] { 2 }, null, null);
            b.AddLayerV2(LayerOp.SpaceToDepth, new int[] { space }, new int[] { back }, new int[] { 2 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(24, new int[] { x }, new int[] { space, back }, 0, 0)));
            sbyte[] input = new sbyte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            interpreter.Input.CopyFrom(input);
            interpreter.Invoke();
            sbyte[] output = new sbyte[8];
            interpreter.GetOutput(0).CopyTo(output);
            AssertBytes(new sbyte[] { 1, 2, 5, 6, 3, 4, 7, 8 }, output, "DEPTH_TO_SPACE");
            interpreter.GetOutput(1).CopyTo(output);
            AssertBytes(input, output, "SPACE_TO_DEPTH");
        }

        /// <summary>
        /// RESIZE_BILINEAR of a row [0, 100] to 4 pixels (no flags): positions 0, 1/2, 1 and 3/2
        /// of an input pixel give 0, 50, 100 and 100 (the last clamped to the edge).
        /// </summary>
        [TestMethod]
        public void ResizeBilinearDoublesARow()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 1, 2, 1 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 1, 4, 1 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.ResizeBilinear, new int[] { x }, new int[] { y }, new int[] { 0, 0 }, null, null);
            AssertBytes(new sbyte[] { 0, 50, 100, 100 }, Run(b.Build(8, x, y), new sbyte[] { 0, 100 }), "RESIZE_BILINEAR");
        }

        /// <summary>
        /// SPACE_TO_BATCH_ND of x [1,2,3,1] with block 2x2 and one column of padding on the left
        /// gives [4,1,2,1] (padding as TFLM writes it, 0); BATCH_TO_SPACE_ND with that crop
        /// takes it back.
        /// </summary>
        [TestMethod]
        public void SpaceToBatchAndBack()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 2, 3, 1 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int batch = b.AddInt8Tensor(new int[] { 4, 1, 2, 1 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            int back = b.AddInt8Tensor(new int[] { 1, 2, 3, 1 }, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.SpaceToBatchNd, new int[] { x }, new int[] { batch }, new int[] { 2, 2, 0, 1, 0 }, null, null);
            b.AddLayerV2(LayerOp.BatchToSpaceNd, new int[] { batch }, new int[] { back }, new int[] { 2, 2, 0, 1 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(24, new int[] { x }, new int[] { batch, back }, 0, 0)));
            sbyte[] input = new sbyte[] { 1, 2, 3, 4, 5, 6 };
            interpreter.Input.CopyFrom(input);
            interpreter.Invoke();
            // padded rows: [0, 1, 2, 3] and [0, 4, 5, 6]; batch k takes row k / 2, columns k % 2, k % 2 + 2
            sbyte[] output = new sbyte[8];
            interpreter.GetOutput(0).CopyTo(output);
            AssertBytes(new sbyte[] { 0, 2, 1, 3, 0, 5, 4, 6 }, output, "SPACE_TO_BATCH_ND");
            sbyte[] restored = new sbyte[6];
            interpreter.GetOutput(1).CopyTo(restored);
            AssertBytes(input, restored, "BATCH_TO_SPACE_ND");
        }

        /// <summary>
        /// MIRROR_PAD of [1, 2, 3] by two a side: REFLECT gives [3, 2, 1, 2, 3, 2, 1] (the edge
        /// not repeated), SYMMETRIC [2, 1, 1, 2, 3, 3, 2].
        /// </summary>
        [TestMethod]
        public void MirrorPadReflectAndSymmetric()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int reflect = b.AddInt8Tensor(new int[] { 7 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            int symmetric = b.AddInt8Tensor(new int[] { 7 }, 12, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.MirrorPad, new int[] { x }, new int[] { reflect }, new int[] { 0, 1, 2, 2 }, null, null);
            b.AddLayerV2(LayerOp.MirrorPad, new int[] { x }, new int[] { symmetric }, new int[] { 1, 1, 2, 2 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(20, new int[] { x }, new int[] { reflect, symmetric }, 0, 0)));
            interpreter.Input.CopyFrom(new sbyte[] { 1, 2, 3 });
            interpreter.Invoke();
            sbyte[] output = new sbyte[7];
            interpreter.GetOutput(0).CopyTo(output);
            AssertBytes(new sbyte[] { 3, 2, 1, 2, 3, 2, 1 }, output, "REFLECT");
            interpreter.GetOutput(1).CopyTo(output);
            AssertBytes(new sbyte[] { 2, 1, 1, 2, 3, 3, 2 }, output, "SYMMETRIC");
        }

        /// <summary>
        /// L2_NORMALIZATION of the row (3, 4): divided by its norm 5, (0.6, 0.8) in 1/128 is
        /// (77, 102).
        /// </summary>
        [TestMethod]
        public void L2NormalizationOfThreeFour()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 2 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 2 }, 4, 0, 0x3C000000); // 1/128
            b.AddLayerV2(LayerOp.L2Normalization, new int[] { x }, new int[] { y }, new int[] { 0 }, null, null);
            AssertBytes(new sbyte[] { 77, 102 }, Run(b.Build(8, x, y), new sbyte[] { 3, 4 }), "L2_NORMALIZATION");
        }

        /// <summary>
        /// LOG_SOFTMAX of the rows (4, 0) and (3, 3) at scale 0.5: log-softmax (-0.127, -2.127) and
        /// (-0.693, -0.693), in steps of 1/16 above 127: (125, 93) and (116, 116). The parameters are
        /// what the compiler derives for scale 0.5 (multiplier 2^30, left shift 26, reverse divisor
        /// 2^30 with shift -24, diff_min -31).
        /// </summary>
        [TestMethod]
        public void LogSoftmaxOfTwoRows()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 2, 2 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 2, 2 }, 4, 127, 0x3D800000); // 16/256
            b.AddLayerV2(LayerOp.LogSoftmax, new int[] { x }, new int[] { y }, new int[] { 1 << 30, 26, 1 << 30, -24, -31 }, null, null);
            AssertBytes(new sbyte[] { 125, 93, 116, 116 }, Run(b.Build(8, x, y), new sbyte[] { 4, 0, 3, 3 }), "LOG_SOFTMAX");
        }

        /// <summary>
        /// CONV_2D_16X8 (int16 activations, int8 weights) of one pixel (1000, -2000) by the 1x1
        /// filters (3, 1) and (-2, 5) with bias (500, -100): sums 1500 and -12100, halved by the
        /// 64-bit requantization (multiplier 2^30 is 2^14 in 16 bits, shift 0: x / 2 rounded
        /// half up), 750 and -6050.
        /// </summary>
        [TestMethod]
        public void Conv16x8OfOnePixel()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddTensor(TestBlobBuilder.TypeInt16, new int[] { 1, 1, 1, 2 }, 0, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddTensor(TestBlobBuilder.TypeInt16, new int[] { 1, 1, 1, 2 }, 4, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            int w = b.AddInt8Constant(new int[] { 2, 1, 1, 2 }, new sbyte[] { 3, 1, -2, 5 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int bias = b.AddInt32Constant(new int[] { 500, -100 });
            b.AddLayerV2(LayerOp.Conv2D16X8, new int[] { x, w, bias }, new int[] { y },
                         new int[] { -32768, 32767, 1, 1, 0, 0, 1, 1, 1, 1, 1 }, new int[] { 1 << 30, 1 << 30 }, new int[] { 0, 0 });
            // arena: the two tensors, then 4 bytes of the kernel's window scratch at the top
            Interpreter interpreter = new Interpreter(new Model(b.Build(12, x, y)));
            interpreter.Input.CopyFromBytes(new byte[] { 0xE8, 0x03, 0x30, 0xF8 }, 0, 4); // 1000, -2000
            interpreter.Invoke();
            byte[] output = new byte[4];
            interpreter.Output.CopyToBytes(output, 0);
            Assert.AreEqual(750, (int)(short)(output[0] | (output[1] << 8)), "channel 0");
            Assert.AreEqual(-6050, (int)(short)(output[2] | (output[3] << 8)), "channel 1");
        }

        /// <summary>
        /// BATCH_MATMUL of x [1,2,3] by a constant rhs [2,3] read with adj_y (x times its
        /// transpose), multiplier exactly 1: rows (1,2,3) and (4,5,6) against (1,0,1) and (0,1,-1)
        /// give (4,-1) and (10,-1). Then adj_y 2 is refused, naming the parameter.
        /// </summary>
        [TestMethod]
        public void BatchMatMulByAConstantTransposedRhs()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 2, 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int w = b.AddInt8Constant(new int[] { 2, 3 }, new sbyte[] { 1, 0, 1, 0, 1, -1 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 2, 2 }, 8, 0, TestBlobBuilder.ScaleBitsQuarter);
            // lhs_offset, rhs_offset, output_offset, output_multiplier (2^30 with shift 1: x 1), output_shift, adj_x, adj_y
            b.AddLayerV2(LayerOp.BatchMatmul, new int[] { x, w }, new int[] { y }, new int[] { 0, 0, 0, 1 << 30, 1, 0, 1 }, null, null);
            AssertBytes(new sbyte[] { 4, -1, 10, -1 }, Run(b.Build(12, x, y), new sbyte[] { 1, 2, 3, 4, 5, 6 }), "BATCH_MATMUL");

            TestBlobBuilder bad = new TestBlobBuilder();
            x = bad.AddInt8Tensor(new int[] { 1, 2, 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            w = bad.AddInt8Constant(new int[] { 2, 3 }, new sbyte[] { 1, 0, 1, 0, 1, -1 }, 0, TestBlobBuilder.ScaleBitsHalf);
            y = bad.AddInt8Tensor(new int[] { 1, 2, 2 }, 8, 0, TestBlobBuilder.ScaleBitsQuarter);
            bad.AddLayerV2(LayerOp.BatchMatmul, new int[] { x, w }, new int[] { y }, new int[] { 0, 0, 0, 1 << 30, 1, 0, 2 }, null, null);
            bool refused = false;
            try
            {
                new Model(bad.Build(12, x, y));
            }
            catch (ModelFormatException e)
            {
                refused = e.Message.IndexOf("adj_y") >= 0;
            }
            Assert.IsTrue(refused, "adj_y 2 must be refused by name");
        }

        /// <summary>
        /// SQUARED_DIFFERENCE of x [1,4] and a constant 2 (scales 0.5, zero points 0; output 0.5,
        /// zero point -128): TFLM's parameters are input multipliers 0.5 (equal scales) and an
        /// output multiplier 2^-13; (x - 1.0)^2 for x = 1, 2, 0, 3 is 0, 1, 1, 4, in halves 0, 2, 2, 8.
        /// </summary>
        [TestMethod]
        public void SquaredDifferenceFromAConstant()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 4 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int k = b.AddInt8Constant(new int[] { 1 }, new sbyte[] { 2 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 4 }, 4, -128, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.SquaredDifference, new int[] { x, k }, new int[] { y },
                new int[] { 0, 0, -128, 7, Half, 0, Half, 0, Half, -12 }, null, null);
            AssertBytes(new sbyte[] { -128, -126, -126, -120 }, Run(b.Build(8, x, y), new sbyte[] { 2, 4, 0, 6 }), "SQUARED_DIFFERENCE");
        }

        /// <summary>
        /// RSQRT of x [1,4] (scale 1/4, zero point 0) to scale 1/16: multiplier 1 / (0.5 * 1/16) = 32.
        /// 0 gives TFLM's 127; 1/4, 1, 4 give 2, 1, 1/2: 32, 16, 8. Then a value below the zero
        /// point is refused by name, as TFLM refuses it ("Rsqrt is only defined for positive values").
        /// </summary>
        [TestMethod]
        public void RsqrtAndItsNegativeInput()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 4 }, 0, 0, 0x3E800000);
            int y = b.AddInt8Tensor(new int[] { 1, 4 }, 4, 0, 0x3D800000);
            b.AddLayerV2(LayerOp.Rsqrt, new int[] { x }, new int[] { y }, new int[] { 0, 0, Half, 6 }, null, null);
            byte[] blob = b.Build(8, x, y);
            AssertBytes(new sbyte[] { 127, 32, 16, 8 }, Run(blob, new sbyte[] { 0, 1, 4, 16 }), "RSQRT");
            bool refused = false;
            try
            {
                Run(blob, new sbyte[] { 0, 1, -1, 16 });
            }
            catch (ArgumentException e)
            {
                refused = e.Message.IndexOf("reads input value -1, below its zero point 0") >= 0;
            }
            Assert.IsTrue(refused, "an input below the zero point must be refused by name");
        }

        /// <summary>
        /// ABS of x [1,4] (scale 0.5, zero point -2) to the same scale with zero point 0: TFLM does
        /// not requantize equal scales, |x + 2| for -10, -2, 3, 127 is 8, 0, 5, 129 (clamped to 127).
        /// </summary>
        [TestMethod]
        public void AbsWithEqualScales()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 4 }, 0, -2, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 1, 4 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.Abs, new int[] { x }, new int[] { y }, new int[] { -2, 0, 0, 0, 0 }, null, null);
            AssertBytes(new sbyte[] { 8, 0, 5, 127 }, Run(b.Build(8, x, y), new sbyte[] { -10, -2, 3, 127 }), "ABS");
        }

        /// <summary>
        /// CAST of x int32 [4] to int8 (the low byte, as C++'s static_cast: 300 -> 44, -129 -> 127,
        /// 65535 -> -1, -7 -> -7), then that int8 to int16 (sign-extended): no quantization applied.
        /// </summary>
        [TestMethod]
        public void CastNarrowsByTheLowBitsAndWidensBySign()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddTensor(TestBlobBuilder.TypeInt32, new int[] { 4 }, 0, 16, 0, 0);
            int y = b.AddInt8Tensor(new int[] { 4 }, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            int z = b.AddTensor(TestBlobBuilder.TypeInt16, new int[] { 4 }, 20, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.Cast, new int[] { x }, new int[] { y }, new int[0], null, null);
            b.AddLayerV2(LayerOp.Cast, new int[] { y }, new int[] { z }, new int[0], null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(28, x, z)));
            int[] values = new int[] { 300, -129, 65535, -7 };
            byte[] input = new byte[16];
            for (int i = 0; i < 4; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    input[4 * i + k] = (byte)((values[i] >> (8 * k)) & 0xFF);
                }
            }
            interpreter.Input.CopyFromBytes(input, 0, 16);
            interpreter.Invoke();
            byte[] output = new byte[8];
            interpreter.Output.CopyToBytes(output, 0);
            int[] expected = new int[] { 44, 127, -1, -7 };
            for (int i = 0; i < 4; i++)
            {
                short v = (short)(output[2 * i] | (output[2 * i + 1] << 8));
                Assert.AreEqual(expected[i], (int)v, "CAST int32 -> int8 -> int16, element " + i.ToString());
            }
        }

        /// <summary>
        /// DIV of x [1,4] by y [1,4] (scales 0.5, zero points 0) to scale 1/16: multiplier 0.5 / (0.5 * 1/16) = 16,
        /// 2^30 with shift 5. 2 / 1, -3 / 2, 0 / 3.5, 63.5 / -0.5 give 32, -24, 0 and -2032 (clamped to -128). Then a
        /// divisor at its zero point is refused by name (TFLM's division by zero is undefined).
        /// </summary>
        [TestMethod]
        public void DivAndAZeroDivisor()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 4 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Constant(new int[] { 1, 4 }, new sbyte[] { 2, 4, 7, -1 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int q = b.AddInt8Tensor(new int[] { 1, 4 }, 4, 0, 0x3D800000);
            b.AddLayerV2(LayerOp.Div, new int[] { x, y }, new int[] { q }, new int[] { 0, 0, 0, Half, 5, -128, 127 }, null, null);
            AssertBytes(new sbyte[] { 32, -24, 0, -128 }, Run(b.Build(8, x, q), new sbyte[] { 4, -6, 0, 127 }), "DIV");

            TestBlobBuilder z = new TestBlobBuilder();
            int zx = z.AddInt8Tensor(new int[] { 1, 2 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int zd = z.AddInt8Constant(new int[] { 1, 2 }, new sbyte[] { 2, 2 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int zq = z.AddInt8Tensor(new int[] { 1, 2 }, 4, 0, 0x3D800000);
            z.AddLayerV2(LayerOp.Div, new int[] { zd, zx }, new int[] { zq }, new int[] { 0, 0, 0, Half, 5, -128, 127 }, null, null);
            bool refused = false;
            try
            {
                Run(z.Build(8, zx, zq), new sbyte[] { 3, 0 });
            }
            catch (ArgumentException e)
            {
                refused = e.Message.IndexOf("divides by input 2 value 0, its zero point 0: a division by zero") >= 0;
            }
            Assert.IsTrue(refused, "a divisor at its zero point must be refused by name");
        }

        /// <summary>
        /// LESS (a COMPARISON of kind 2: x and a constant 3, both scale 0.5 whose multiplier is 2^30, shift 0, after
        /// TFLM's left shift of 8) into a bool tensor, then SELECT_V2 (less, x, 3): the element-wise minimum.
        /// </summary>
        [TestMethod]
        public void LessThenSelectV2IsTheMinimum()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 1, 4 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int three = b.AddInt8Constant(new int[] { 1, 4 }, new sbyte[] { 3, 3, 3, 3 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int less = b.AddTensor(TestBlobBuilder.TypeBool, new int[] { 1, 4 }, 4, 4, 0, 0);
            int min = b.AddInt8Tensor(new int[] { 1, 4 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.Comparison, new int[] { x, three }, new int[] { less }, new int[] { 2, 0, 0, 8, Half, 0, Half, 0 }, null, null);
            b.AddLayerV2(LayerOp.SelectV2, new int[] { less, x, three }, new int[] { min }, null, null, null);
            AssertBytes(new sbyte[] { 1, 3, -7, 3 }, Run(b.Build(12, x, min), new sbyte[] { 1, 5, -7, 3 }), "LESS, SELECT_V2");
        }

        /// <summary>
        /// DYNAMIC_UPDATE_SLICE of x int8 [2,4] with a constant update [1,3] at constant start
        /// (1, 3): the column start is clamped to 1 (4 - 3, TFLM's clamp) so the update fits.
        /// </summary>
        [TestMethod]
        public void DynamicUpdateSliceClampsTheStart()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 2, 4 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int u = b.AddInt8Constant(new int[] { 1, 3 }, new sbyte[] { -1, -2, -3 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int start = b.AddInt32Constant(new int[] { 1, 3 });
            int y = b.AddInt8Tensor(new int[] { 2, 4 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.DynamicUpdateSlice, new int[] { x, u, start }, new int[] { y }, new int[0], null, null);
            AssertBytes(new sbyte[] { 1, 2, 3, 4, 5, -1, -2, -3 },
                        Run(b.Build(16, x, y), new sbyte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), "DYNAMIC_UPDATE_SLICE");
        }

        /// <summary>
        /// BROADCAST_TO of x int8 [3] to [2,3]: the row repeated (the compiler's form of
        /// BROADCAST_TO, FILL and ZEROS_LIKE).
        /// </summary>
        [TestMethod]
        public void BroadcastToRepeatsTheRow()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddInt8Tensor(new int[] { 2, 3 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.BroadcastTo, new int[] { x }, new int[] { y }, new int[0], null, null);
            AssertBytes(new sbyte[] { 7, -8, 9, 7, -8, 9 }, Run(b.Build(12, x, y), new sbyte[] { 7, -8, 9 }), "BROADCAST_TO");
        }

        /// <summary>
        /// GATHER_ND of a constant table [3,2] by index pairs from the model input: (2, 1) and
        /// (0, 0); then (0, 2), past its dim though inside the table, is refused by name.
        /// </summary>
        [TestMethod]
        public void GatherNdPicksElementsAndRefusesAnIndexPastItsDim()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int table = b.AddInt8Constant(new int[] { 3, 2 }, new sbyte[] { 10, 11, 20, 21, 30, 31 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int ids = b.AddTensor(TestBlobBuilder.TypeInt32, new int[] { 2, 2 }, 0, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            int picked = b.AddInt8Tensor(new int[] { 2 }, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(LayerOp.GatherNd, new int[] { table, ids }, new int[] { picked }, new int[0], null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(20, ids, picked)));
            byte[] indices = new byte[16];
            TestBlobBuilder.WriteI32(indices, 0, 2);
            TestBlobBuilder.WriteI32(indices, 4, 1);
            interpreter.Input.CopyFromBytes(indices, 0, 16);
            interpreter.Invoke();
            sbyte[] output = new sbyte[2];
            interpreter.Output.CopyTo(output);
            AssertBytes(new sbyte[] { 31, 10 }, output, "GATHER_ND");
            TestBlobBuilder.WriteI32(indices, 12, 2);
            interpreter.Input.CopyFromBytes(indices, 0, 16);
            bool refused = false;
            try
            {
                interpreter.Invoke();
            }
            catch (ArgumentException e)
            {
                refused = e.Message.IndexOf("position 2") >= 0;
            }
            Assert.IsTrue(refused, "an index past its dim must be refused by name");
        }

        /// <summary>
        /// ADD_N of x int8 [3] (scale 0.5, zero point 0) with itself and a constant: parameters as
        /// TFLM's Prepare makes them for an output of scale 1 (input multiplier 2^30, shift 0; output
        /// 2^30, shift -19: 2 * 0.5 / 2^20), so the output is half the sum of the three, rounded.
        /// </summary>
        [TestMethod]
        public void AddNSumsItsInputs()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int k = b.AddInt8Constant(new int[] { 3 }, new sbyte[] { 1, 2, -100 }, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddTensor(TestBlobBuilder.TypeInt8, new int[] { 3 }, 4, 3, 0, 0x3F800000);
            b.AddLayerV2(LayerOp.AddN, new int[] { x, x, k }, new int[] { y }, new int[] { 0, 0, 1073741824, 0, 1073741824, -19 }, null, null);
            // (10 + 10 + 1) / 2 = 10.5 -> 11; (-3 - 3 + 2) / 2 = -2; (100 + 100 - 100) / 2 = 50
            AssertBytes(new sbyte[] { 11, -2, 50 }, Run(b.Build(8, x, y), new sbyte[] { 10, -3, 100 }), "ADD_N");
        }

        /// <summary>
        /// CUMSUM of x int8 [4] (scale 0.5, zero point 0) along axis 0 into scale 1: running sums
        /// halved and rounded (TFLM's parameters: input multiplier 2^30 shift 0, output 2^30 shift -19).
        /// </summary>
        [TestMethod]
        public void CumsumRunsAlongTheAxis()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int x = b.AddInt8Tensor(new int[] { 4 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int y = b.AddTensor(TestBlobBuilder.TypeInt8, new int[] { 4 }, 4, 4, 0, 0x3F800000);
            b.AddLayerV2(LayerOp.Cumsum, new int[] { x }, new int[] { y }, new int[] { 0, 0, 0, 0, 0, 1073741824, 0, 1073741824, -19 }, null, null);
            // 3 -> 1.5 -> 2; 3 + 4 = 7 -> 3.5 -> 4; 7 - 20 = -13 -> -6.5 -> -7; -13 + 100 = 87 -> 43.5 -> 44
            AssertBytes(new sbyte[] { 2, 4, -7, 44 }, Run(b.Build(8, x, y), new sbyte[] { 3, 4, -20, 100 }), "CUMSUM");
        }

        /// <summary>Two inputs and two outputs, each reachable by index: CONCATENATION (a, b) and SPLIT_V back.</summary>
        [TestMethod]
        public void TwoInputsAndTwoOutputsByIndex()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int a = b.AddInt8Tensor(new int[] { 1, 2 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int c = b.AddInt8Tensor(new int[] { 1, 2 }, 4, 0, TestBlobBuilder.ScaleBitsHalf);
            int joined = b.AddInt8Tensor(new int[] { 1, 4 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            int left = b.AddInt8Tensor(new int[] { 1, 3 }, 12, 0, TestBlobBuilder.ScaleBitsHalf);
            int right = b.AddInt8Tensor(new int[] { 1, 1 }, 16, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayerV2(TestBlobBuilder.OpConcatenation, new int[] { a, c }, new int[] { joined }, new int[] { 1 }, null, null);
            b.AddLayerV2(TestBlobBuilder.OpSplitV, new int[] { joined }, new int[] { left, right }, new int[] { 1 }, null, null);
            Interpreter interpreter = new Interpreter(new Model(b.Build(20, new int[] { a, c }, new int[] { right, left }, 0, 0)));
            Assert.AreEqual(2, interpreter.InputCount);
            Assert.AreEqual(2, interpreter.OutputCount);
            interpreter.GetInput(0).CopyFrom(new sbyte[] { 1, 2 });
            interpreter.GetInput(1).CopyFrom(new sbyte[] { 3, 4 });
            interpreter.Invoke();
            sbyte[] first = new sbyte[1];
            interpreter.GetOutput(0).CopyTo(first);
            AssertBytes(new sbyte[] { 4 }, first, "output 0");
            sbyte[] second = new sbyte[3];
            interpreter.GetOutput(1).CopyTo(second);
            AssertBytes(new sbyte[] { 1, 2, 3 }, second, "output 1");
            Assert.AreEqual(right, interpreter.Model.GetOutputIndex(0));
        }
    }
}
