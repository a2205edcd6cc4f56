#nullable enable
using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Nano;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Small crafted models through the compiler and the device library: several inputs and
    /// outputs, the data-movement operators and their lowerings (PACK, UNPACK, SPLIT, SLICE,
    /// SQUEEZE, EXPAND_DIMS), resource variables with an init subgraph, QUANTIZE to uint8.
    /// Expected bytes are worked out by hand (data movement copies bytes; requantization by
    /// exactly 1.0 shifts by the zero points).
    /// </summary>
    [TestClass]
    public class OperatorLoweringTests
    {
        private static FbTableNode Axis(int axis) => new FbTableNode().Set(0, axis);

        private static sbyte[] Read(Tensor t)
        {
            var v = new sbyte[t.ElementCount];
            t.CopyTo(v, 0);
            return v;
        }

        private static Interpreter Load(CompiledModel c) => new Interpreter(SharedData.LoadOrInconclusive(c.Blob));

        [TestMethod]
        public void TwoInputsAndTwoOutputsAreReachableByIndex()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 1, 4 }, 0.5f, 0, "a");
            int b = g.Int8(new[] { 1, 4 }, 0.5f, 0, "b");
            int joined = g.Int8(new[] { 1, 8 }, 0.5f, 0, "joined");
            int middle = g.Int8(new[] { 1, 2 }, 0.5f, 0, "middle");
            g.Op(BuiltinOperator.Concatenation, new[] { a, b }, new[] { joined }, BuiltinOptionsType.ConcatenationOptions, Axis(-1));
            int begin = g.Int32Constant(new[] { 2 }, new[] { 0, 1 }, "begin");
            int end = g.Int32Constant(new[] { 2 }, new[] { 1, 3 }, "end");
            int strides = g.Int32Constant(new[] { 2 }, new[] { 1, 1 }, "strides");
            g.Op(BuiltinOperator.StridedSlice, new[] { b, begin, end, strides }, new[] { middle }, BuiltinOptionsType.StridedSliceOptions, new FbTableNode());
            g.Io(new[] { a, b }, new[] { joined, middle });

            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual(2, c.Inputs.Length);
            Assert.AreEqual(2, c.Outputs.Length);
            CollectionAssert.AreEqual(new[] { 1 }, c.Layers.Where(l => l.Op == "CONCATENATION").Select(l => l.Param("axis")).ToArray(), "axis -1 normalized");
            CompiledLayer slice = c.Layers.Single(l => l.Op == "STRIDED_SLICE");
            Assert.AreEqual(2, slice.Param("count"));
            CollectionAssert.AreEqual(new[] { "begin[0]", "begin[1]", "end[0]", "end[1]", "strides[0]", "strides[1]" }, slice.ParamNames.Skip(7).ToArray());
            CollectionAssert.AreEqual(new[] { 0, 1, 1, 3, 1, 1 }, slice.Params.Skip(7).ToArray());

            Interpreter interpreter = Load(c);
            Model model = interpreter.Model;
            Assert.AreEqual(2, interpreter.InputCount);
            Assert.AreEqual(2, interpreter.OutputCount);
            Assert.AreEqual(c.Inputs[1], model.GetInputIndex(1));
            Assert.AreEqual(c.Outputs[1], model.GetOutputIndex(1));
            interpreter.GetInput(0).CopyFrom(new sbyte[] { 1, 2, 3, 4 }, 0, 4);
            interpreter.GetInput(1).CopyFrom(new sbyte[] { -5, -6, -7, -8 }, 0, 4);
            interpreter.Invoke();
            CollectionAssert.AreEqual(new sbyte[] { 1, 2, 3, 4, -5, -6, -7, -8 }, Read(interpreter.GetOutput(0)));
            CollectionAssert.AreEqual(new sbyte[] { -6, -7 }, Read(interpreter.GetOutput(1)));
            Assert.AreSame(interpreter.GetOutput(1), interpreter.GetTensor(model.GetOutputIndex(1)));
            Assert.AreSame(interpreter.Output, interpreter.GetOutput(0));
        }

        [TestMethod]
        public void PackUnpackSplitSliceSqueezeAndExpandDims()
        {
            var g = new TfliteGraphBuilder();
            const float s = 0.25f;
            int x = g.Int8(new[] { 2, 3 }, s, 3, "x");
            int u0 = g.Int8(new[] { 3 }, s, 3, "u0");
            int u1 = g.Int8(new[] { 3 }, s, 3, "u1");
            g.Op(BuiltinOperator.Unpack, new[] { x }, new[] { u0, u1 }, BuiltinOptionsType.UnpackOptions, new FbTableNode().Set(0, 2).Set(1, 0));
            int packed = g.Int8(new[] { 3, 2 }, s, 3, "packed");
            g.Op(BuiltinOperator.Pack, new[] { u1, u0 }, new[] { packed }, BuiltinOptionsType.PackOptions, new FbTableNode().Set(0, 2).Set(1, 1));
            int axis0 = g.Int32Constant(Array.Empty<int>(), new[] { 0 }, "axis0");
            int s0 = g.Int8(new[] { 1, 2 }, s, 3, "s0");
            int s1 = g.Int8(new[] { 1, 2 }, s, 3, "s1");
            int s2 = g.Int8(new[] { 1, 2 }, s, 3, "s2");
            g.Op(BuiltinOperator.Split, new[] { axis0, packed }, new[] { s0, s1, s2 }, BuiltinOptionsType.SplitOptions, new FbTableNode().Set(0, 3));
            int begin = g.Int32Constant(new[] { 2 }, new[] { 1, 0 }, "begin");
            int size = g.Int32Constant(new[] { 2 }, new[] { 2, -1 }, "size");
            int sliced = g.Int8(new[] { 2, 2 }, s, 3, "sliced");
            g.Op(BuiltinOperator.Slice, new[] { packed, begin, size }, new[] { sliced });
            int expanded = g.Int8(new[] { 1, 1, 2 }, s, 3, "expanded");
            g.Op(BuiltinOperator.ExpandDims, new[] { s2, axis0 }, new[] { expanded });
            int squeezed = g.Int8(new[] { 2 }, s, 3, "squeezed");
            g.Op(BuiltinOperator.Squeeze, new[] { expanded }, new[] { squeezed });
            g.Io(new[] { x }, new[] { packed, s0, sliced, squeezed });

            CompiledModel c = ModelCompiler.Compile(g.Build());
            CollectionAssert.AreEqual(
                new[] { "SPLIT_V", "RESHAPE", "RESHAPE", "RESHAPE", "RESHAPE", "CONCATENATION", "SPLIT_V", "STRIDED_SLICE", "RESHAPE", "RESHAPE" },
                c.Layers.Select(l => l.Op).ToArray());
            // UNPACK's and PACK's reshapes alias their inputs: no bytes copied, no arena used.
            foreach (CompiledLayer r in c.Layers.Where(l => l.Op == "RESHAPE"))
                Assert.AreEqual(c.Tensors[r.InputTensor].Offset, r.OutputOffset, "RESHAPE layer " + r.Index);

            Interpreter interpreter = Load(c);
            // x = [[1,2,3],[4,5,6]] -> u0 [1,2,3], u1 [4,5,6] -> packed (axis 1) [[4,1],[5,2],[6,3]]
            interpreter.Input.CopyFrom(new sbyte[] { 1, 2, 3, 4, 5, 6 }, 0, 6);
            interpreter.Invoke();
            CollectionAssert.AreEqual(new sbyte[] { 4, 1, 5, 2, 6, 3 }, Read(interpreter.GetOutput(0)));
            CollectionAssert.AreEqual(new sbyte[] { 4, 1 }, Read(interpreter.GetOutput(1)));
            CollectionAssert.AreEqual(new sbyte[] { 5, 2, 6, 3 }, Read(interpreter.GetOutput(2)));
            CollectionAssert.AreEqual(new sbyte[] { 6, 3 }, Read(interpreter.GetOutput(3)));
        }

        /// <summary>
        /// The microWakeWord pattern: an init subgraph assigns a constant to a variable (CALL_ONCE);
        /// each inference reads the variable, joins the new input, outputs the window and stores its tail.
        /// </summary>
        private static byte[] StreamingWindowModel()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 1, 2 }, 0.5f, 0, "x");
            int handle = g.Resource("state_handle");
            int state = g.Int8(new[] { 1, 2 }, 0.5f, 0, "state");
            int window = g.Int8(new[] { 1, 4 }, 0.5f, 0, "window");
            int tail = g.Int8(new[] { 1, 2 }, 0.5f, 0, "tail");
            int begin = g.Int32Constant(new[] { 2 }, new[] { 0, -2 }, "begin");
            int end = g.Int32Constant(new[] { 2 }, new[] { 1, 0 }, "end");
            int strides = g.Int32Constant(new[] { 2 }, new[] { 1, 1 }, "strides");
            g.Op(BuiltinOperator.CallOnce, Array.Empty<int>(), Array.Empty<int>(), BuiltinOptionsType.CallOnceOptions, new FbTableNode().Set(0, 1));
            var varOptions = new FbTableNode().Set(1, new FbStringNode("window/state"));
            g.Op(BuiltinOperator.VarHandle, Array.Empty<int>(), new[] { handle }, BuiltinOptionsType.VarHandleOptions, varOptions);
            g.Op(BuiltinOperator.ReadVariable, new[] { handle }, new[] { state });
            g.Op(BuiltinOperator.Concatenation, new[] { state, x }, new[] { window }, BuiltinOptionsType.ConcatenationOptions, Axis(1));
            g.Op(BuiltinOperator.StridedSlice, new[] { window, begin, end, strides }, new[] { tail }, BuiltinOptionsType.StridedSliceOptions,
                new FbTableNode().Set(1, 2)); // end_mask bit 1: to the end of dimension 1
            g.Op(BuiltinOperator.AssignVariable, new[] { handle, tail }, Array.Empty<int>());
            g.Io(new[] { x }, new[] { window });

            g.Current = g.AddSubgraph();
            int initHandle = g.Resource("init_handle");
            int initial = g.Int8Constant(new[] { 1, 2 }, new sbyte[] { 7, -7 }, 0.5f, 0, "initial");
            g.Op(BuiltinOperator.VarHandle, Array.Empty<int>(), new[] { initHandle }, BuiltinOptionsType.VarHandleOptions,
                new FbTableNode().Set(1, new FbStringNode("window/state")));
            g.Op(BuiltinOperator.AssignVariable, new[] { initHandle, initial }, Array.Empty<int>());
            return g.Build();
        }

        [TestMethod]
        public void ResourceVariablesKeepStateAndTheInitSubgraphRunsOncePerStream()
        {
            CompiledModel c = ModelCompiler.Compile(StreamingWindowModel());
            Assert.AreEqual(1, c.InitLayerCount, "the init subgraph's ASSIGN_VARIABLE leads the table");
            Assert.AreEqual("ASSIGN_VARIABLE", c.Layers[0].Op);
            Assert.AreEqual(1, c.Layers[0].Subgraph);
            Assert.AreEqual("CALL_ONCE", c.Layers[1].Op);
            Assert.AreEqual(1, c.Layers[1].Param("subgraph"));
            Assert.AreEqual(4 + 4, c.StateSize, "init flag + one 2-byte variable, 4-aligned");
            CompiledTensor variable = c.Tensors.Single(t => t.IsVariable);
            Assert.AreEqual("window/state", variable.Name);
            Assert.AreEqual(variable.Index, c.Layers[0].Inputs[0]);
            Assert.AreEqual(variable.Index, c.Layers.Single(l => l.Op == "READ_VARIABLE").Inputs[0]);
            Assert.IsTrue(c.Tensors.Where(t => !t.IsVariable && !t.IsConstant).All(t => t.Offset >= c.StateSize), "activations outside the state region");

            Interpreter interpreter = Load(c);
            Assert.IsTrue(interpreter.Model.KeepsState);
            Assert.AreEqual(1, interpreter.Model.VariableCount);
            Assert.AreEqual(1, interpreter.Model.InitLayerCount);
            Assert.IsTrue(interpreter.Model.UsesOperator(LayerOp.CallOnce));
            for (int stream = 0; stream < 2; stream++)
            {
                interpreter.Input.CopyFrom(new sbyte[] { 1, 2 }, 0, 2);
                interpreter.Invoke();
                CollectionAssert.AreEqual(new sbyte[] { 7, -7, 1, 2 }, Read(interpreter.Output), "stream " + stream + " step 0: the init value");
                interpreter.Input.CopyFrom(new sbyte[] { 3, 4 }, 0, 2);
                interpreter.Invoke();
                CollectionAssert.AreEqual(new sbyte[] { 1, 2, 3, 4 }, Read(interpreter.Output), "stream " + stream + " step 1: the state");
                interpreter.Input.CopyFrom(new sbyte[] { 5, 6 }, 0, 2);
                interpreter.Invoke();
                CollectionAssert.AreEqual(new sbyte[] { 3, 4, 5, 6 }, Read(interpreter.Output), "stream " + stream + " step 2");
                interpreter.ResetState();
            }
        }

        [TestMethod]
        public void QuantizeInt8ToUInt8ShiftsByTheZeroPoints()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 4 }, 0.5f, -128, "x");
            int y = g.UInt8(new[] { 4 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.Quantize, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            CompiledLayer q = c.Layers.Single();
            // Scale ratio exactly 1.0 = 2^30 / 2^31 * 2^1.
            Assert.AreEqual((1 << 30, 1, -128, 0), (q.Param("multiplier"), q.Param("shift"), q.Param("input_zero_point"), q.Param("output_zero_point")));
            Interpreter interpreter = Load(c);
            Assert.AreEqual(TinyMl.Nano.TensorType.UInt8, interpreter.Output.Type);
            interpreter.Input.CopyFrom(new sbyte[] { -128, -1, 0, 127 }, 0, 4);
            interpreter.Invoke();
            var bytes = new byte[4];
            interpreter.Output.CopyToBytes(bytes, 0);
            CollectionAssert.AreEqual(new byte[] { 0, 127, 128, 255 }, bytes);
        }

        [TestMethod]
        public void DequantizeTakesTflmsThreeInputTypes()
        {
            // int8, int16 and uint8 -> float32 (TFLM dequantize.cc; the fuzz campaign's DEQUANTIZE class
            // found int16 and uint8 refused): scale * (q - zero point) in float, as TFLM's double product rounds
            var g = new TfliteGraphBuilder();
            int x16 = g.Int16(new[] { 4 }, 0.25f, 1000, "x16");
            int xu8 = g.UInt8(new[] { 3 }, 0.5f, 128, "xu8");
            int y16 = g.Float32(new[] { 4 }, "y16");
            int yu8 = g.Float32(new[] { 3 }, "yu8");
            g.Op(BuiltinOperator.Dequantize, new[] { x16 }, new[] { y16 });
            g.Op(BuiltinOperator.Dequantize, new[] { xu8 }, new[] { yu8 });
            g.Io(new[] { x16, xu8 }, new[] { y16, yu8 });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("DEQUANTIZE,DEQUANTIZE", string.Join(",", c.Layers.Select(l => l.Op)));
            Interpreter interpreter = Load(c);
            var a = new byte[8];
            Buffer.BlockCopy(new short[] { -32768, 32767, 1000, 999 }, 0, a, 0, 8);
            interpreter.GetInput(0).CopyFromBytes(a, 0, 8);
            interpreter.GetInput(1).CopyFromBytes(new byte[] { 0, 255, 128 }, 0, 3);
            interpreter.Invoke();
            var f16 = new byte[16];
            var fu8 = new byte[12];
            interpreter.GetOutput(0).CopyToBytes(f16, 0);
            interpreter.GetOutput(1).CopyToBytes(fu8, 0);
            var got16 = new float[4];
            var gotU8 = new float[3];
            Buffer.BlockCopy(f16, 0, got16, 0, 16);
            Buffer.BlockCopy(fu8, 0, gotU8, 0, 12);
            CollectionAssert.AreEqual(new[] { -8442f, 7941.75f, 0f, -0.25f }, got16);
            CollectionAssert.AreEqual(new[] { -64f, 63.5f, 0f }, gotU8);

            var h = new TfliteGraphBuilder();
            int x32 = h.Int32(new[] { 4 }, "x32");
            int y32 = h.Float32(new[] { 4 }, "y32");
            h.Op(BuiltinOperator.Dequantize, new[] { x32 }, new[] { y32 });
            h.Io(new[] { x32 }, new[] { y32 });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.Contains(e.Problems[0], "input type int32 is not supported, int8, int16 or uint8 required");
        }

        [TestMethod]
        public void ReduceMaxAndMinTakeTheAxesAsAMaskAndKeepTheQuantization()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 3, 4 }, 0.5f, -3, "x");
            int axes = g.Int32Constant(new[] { 2 }, new[] { -1, 0 }, "axes");
            int max = g.Int8(new[] { 3 }, 0.5f, -3, "max");
            int min = g.Int8(new[] { 1, 3, 1 }, 0.5f, -3, "min");
            g.Op(BuiltinOperator.ReduceMax, new[] { x, axes }, new[] { max }, new ReducerOptions { KeepDims = false });
            g.Op(BuiltinOperator.ReduceMin, new[] { x, axes }, new[] { min }, new ReducerOptions { KeepDims = true });
            g.Io(new[] { x }, new[] { max, min });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual(5, c.Layers[0].Param("axis_mask"));
            Assert.AreEqual(5, c.Layers[1].Param("axis_mask"));
            var interpreter = Load(c);
            var input = new sbyte[24];
            for (int i = 0; i < 24; i++) input[i] = (sbyte)((i * 37 % 23) - 11);
            interpreter.Input.CopyFrom(input, 0, 24);
            interpreter.Invoke();
            var expectedMax = new sbyte[3];
            var expectedMin = new sbyte[3];
            for (int j = 0; j < 3; j++)
            {
                expectedMax[j] = sbyte.MinValue;
                expectedMin[j] = sbyte.MaxValue;
                for (int b = 0; b < 2; b++)
                    for (int k = 0; k < 4; k++)
                    {
                        sbyte v = input[(b * 3 + j) * 4 + k];
                        expectedMax[j] = Math.Max(expectedMax[j], v);
                        expectedMin[j] = Math.Min(expectedMin[j], v);
                    }
            }
            CollectionAssert.AreEqual(expectedMax, Read(interpreter.GetOutput(0)));
            CollectionAssert.AreEqual(expectedMin, Read(interpreter.GetOutput(1)));

            // TFLM compares raw bytes: another output quantization is refused by name
            var h = new TfliteGraphBuilder();
            int y = h.Int8(new[] { 2, 3 }, 0.5f, 0, "y");
            int ax = h.Int32Constant(new[] { 1 }, new[] { 1 }, "ax");
            int o = h.Int8(new[] { 2 }, 0.25f, 0, "o");
            h.Op(BuiltinOperator.ReduceMax, new[] { y, ax }, new[] { o }, new ReducerOptions());
            h.Io(new[] { y }, new[] { o });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (REDUCE_MAX): output tensor 2 'o' quantization (0.25, 0) differs from input tensor 0 'y' (0.5, 0)");
        }

        [TestMethod]
        public void ArgMaxGivesInt32IndicesAndRefusesInt64()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 3 }, 0.5f, 0, "x");
            int axis = g.Int32Constant(new[] { 1 }, new[] { -1 }, "axis");
            int index = g.Int32(new[] { 2 }, "index");
            g.Op(BuiltinOperator.ArgMax, new[] { x, axis }, new[] { index }, new ArgMaxOptions { OutputType = TinyMl.Tflite.TensorType.Int32 });
            g.Io(new[] { x }, new[] { index });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual(1, c.Layers.Single().Param("axis"));
            var interpreter = Load(c);
            interpreter.Input.CopyFrom(new sbyte[] { 3, 9, 9, -4, -8, -8 }, 0, 6);
            interpreter.Invoke();
            var bytes = new byte[8];
            interpreter.Output.CopyToBytes(bytes, 0);
            // the first of two equal largest values: index 1, then 0
            CollectionAssert.AreEqual(new[] { 1, 0 }, new[] { BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4) });

            var h = new TfliteGraphBuilder();
            int y = h.Int8(new[] { 2, 3 }, 0.5f, 0, "y");
            int ax = h.Int32Constant(new[] { 1 }, new[] { 1 }, "ax");
            int wide = h.Int64(new[] { 2 }, "wide");
            h.Op(BuiltinOperator.ArgMin, new[] { y, ax }, new[] { wide }, new ArgMinOptions { OutputType = TinyMl.Tflite.TensorType.Int64 });
            h.Io(new[] { y }, new[] { wide });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (ARG_MIN): output type int64 is not supported, int32 required");
        }

        [TestMethod]
        public void LogSoftmaxParamsAreTflmsAndTheOutputMustBeSixteenOver256()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 2 }, 0.5f, 0, "x");
            int y = g.Int8(new[] { 2, 2 }, 16f / 256, 127, "y");
            g.Op(BuiltinOperator.LogSoftmax, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            var layer = c.Layers.Single();
            // scale 0.5: 0.5 * 2^26 = 2^25 is 2^30 with a left shift of 26; its inverse 2^5 / 2^30
            // is 2^30 with a shift of -24; diff_min -floor(31 * 2^26 / 2^26) (the device vector's words)
            CollectionAssert.AreEqual(new[] { 1 << 30, 26, 1 << 30, -24, -31 },
                new[] { layer.Param("input_multiplier"), layer.Param("input_left_shift"), layer.Param("reverse_scaling_divisor"),
                        layer.Param("reverse_scaling_left_shift"), layer.Param("diff_min") });

            var h = new TfliteGraphBuilder();
            int a = h.Int8(new[] { 4 }, 0.5f, 0, "a");
            int b = h.Int8(new[] { 4 }, 1f / 256, -128, "b");
            h.Op(BuiltinOperator.LogSoftmax, new[] { a }, new[] { b });
            h.Io(new[] { a }, new[] { b });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (LOG_SOFTMAX): output quantization must be scale 16/256, zero point 127");
        }

        [TestMethod]
        public void EluBecomesATableWithinOneStepOfRealEluForRandomQuantizations()
        {
            var rng = new Random(1111);
            for (int iter = 0; iter < 200; iter++)
            {
                float si = (float)Math.Pow(2, rng.NextDouble() * 10 - 9), so = (float)Math.Pow(2, rng.NextDouble() * 10 - 9);
                int zi = rng.Next(-128, 128), zo = rng.Next(-128, 128);
                byte[] table = TinyMl.Compiler.Operators.EluLowering.Table(si, zi, so, zo);
                for (int v = -128; v <= 127; v++)
                {
                    double x = (double)si * (v - zi);
                    double y = x < 0 ? Math.Exp(x) - 1 : x;
                    double want = Math.Clamp(Math.Round(y / so, MidpointRounding.AwayFromZero) + zo, -128, 127);
                    int got = (sbyte)table[(byte)(sbyte)v];
                    Assert.IsTrue(Math.Abs(got - want) <= 1, $"scale {si}/{so} zp {zi}/{zo} value {v}: {got} vs {want}");
                }
            }

            // through the compiler: a LUT layer with that table; an int16 ELU is refused by name
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 1, 4 }, 0.5f, 0, "a");
            int b = g.Int8(new[] { 1, 4 }, 0.25f, 0, "b");
            g.Op(BuiltinOperator.Elu, new[] { a }, new[] { b });
            g.Io(new[] { a }, new[] { b });
            var interpreter = Load(ModelCompiler.Compile(g.Build()));
            interpreter.Input.CopyFrom(new sbyte[] { -2, -1, 0, 3 }, 0, 4);
            interpreter.Invoke();
            var outBytes = new sbyte[4];
            interpreter.Output.CopyTo(outBytes, 0);
            // exp(-1) - 1 = -0.632 -> -2.53 -> -3; exp(-0.5) - 1 = -0.393 -> -1.57 -> -2; 0; 1.5 -> 6
            CollectionAssert.AreEqual(new sbyte[] { -3, -2, 0, 6 }, outBytes);

            var h = new TfliteGraphBuilder();
            int c = h.Int16(new[] { 4 }, 0.001f, 0, "c");
            int d = h.Int16(new[] { 4 }, 0.001f, 0, "d");
            h.Op(BuiltinOperator.Elu, new[] { c }, new[] { d });
            h.Io(new[] { c }, new[] { d });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (ELU):");
        }

        [TestMethod]
        public void Conv16x8AndDepthwise16x8TakeAnInt64BiasAsInt32ValuesAndRefuseZeroPointsAndWideBiases()
        {
            static byte[] Model(long zeroPoint, long bias0, int op = BuiltinOperator.Conv2D)
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int16(new[] { 1, 1, 1, 2 }, 0.5f, zeroPoint, "x");
                int w = op == BuiltinOperator.Conv2D ? g.Int8Constant(new[] { 2, 1, 1, 2 }, new sbyte[] { 3, 1, -2, 5 }, 1f, 0, "w")
                                                     : g.Int8Constant(new[] { 1, 1, 1, 2 }, new sbyte[] { 3, -2 }, 1f, 0, "w");
                int b = g.Int64Constant(new[] { 2 }, new[] { bias0, -100L }, "b");
                int y = g.Int16(new[] { 1, 1, 1, 2 }, 1f, 0, "y");
                g.Op(op, new[] { x, w, b }, new[] { y }, op == BuiltinOperator.Conv2D
                    ? new Conv2DOptions { Padding = Padding.Valid, StrideH = 1, StrideW = 1 }
                    : new DepthwiseConv2DOptions { Padding = Padding.Valid, StrideH = 1, StrideW = 1, DepthMultiplier = 1 });
                g.Io(new[] { x }, new[] { y });
                return g.Build();
            }
            // scales 0.5 x 1 / 1: sums halved by TFLite's 64-bit requantization (1500 -> 750, -12100 -> -6050)
            CompiledModel c = ModelCompiler.Compile(Model(0, 500));
            Assert.AreEqual("CONV_2D_16X8", c.Layers.Single().Op);
            Assert.AreEqual(1, c.Layers.Single().Param("wide_accumulator"));
            var interpreter = Load(c);
            interpreter.Input.CopyFromBytes(new byte[] { 0xE8, 0x03, 0x30, 0xF8 }, 0, 4); // 1000, -2000
            interpreter.Invoke();
            var bytes = new byte[4];
            interpreter.Output.CopyToBytes(bytes, 0);
            CollectionAssert.AreEqual(new short[] { 750, -6050 }, new[] { BitConverter.ToInt16(bytes, 0), BitConverter.ToInt16(bytes, 2) });

            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(Model(5, 500)));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (CONV_2D): int16 zero points must be 0 (input 5, output 0)");
            e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(Model(0, 1L << 33)));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (CONV_2D): int64 bias value 8589934592 of channel 0 is outside int32");
            // DEPTHWISE_CONV_2D 16x8 runs as CONV_2D_16X8 grouped by channel: 1000 x 3 + 500 = 3500 -> 1750,
            // -2000 x -2 - 100 = 3900 -> 1950
            c = ModelCompiler.Compile(Model(0, 500, BuiltinOperator.DepthwiseConv2D));
            Assert.AreEqual("CONV_2D_16X8", c.Layers.Single().Op);
            interpreter = Load(c);
            interpreter.Input.CopyFromBytes(new byte[] { 0xE8, 0x03, 0x30, 0xF8 }, 0, 4);
            interpreter.Invoke();
            interpreter.Output.CopyToBytes(bytes, 0);
            CollectionAssert.AreEqual(new short[] { 1750, 1950 }, new[] { BitConverter.ToInt16(bytes, 0), BitConverter.ToInt16(bytes, 2) });
        }

        [TestMethod]
        public void FullyConnected16x8RunsAsAOneByOneConvolutionBetweenReshapes()
        {
            static byte[] Model(long weightZeroPoint)
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int16(new[] { 1, 2 }, 0.5f, 0, "x");
                int w = g.Int8Constant(new[] { 2, 2 }, new sbyte[] { 3, 1, -2, 5 }, 1f, weightZeroPoint, "w");
                int b = g.Int64Constant(new[] { 2 }, new[] { 500L, -100L }, "b", 0.5f);
                int y = g.Int16(new[] { 1, 2 }, 1f, 0, "y");
                g.Op(BuiltinOperator.FullyConnected, new[] { x, w, b }, new[] { y }, new FullyConnectedOptions());
                g.Io(new[] { x }, new[] { y });
                return g.Build();
            }
            CompiledModel c = ModelCompiler.Compile(Model(0));
            CollectionAssert.AreEqual(new[] { "RESHAPE", "CONV_2D_16X8", "RESHAPE" }, c.Layers.Select(l => l.Op).ToArray());
            var interpreter = Load(c);
            interpreter.Input.CopyFromBytes(new byte[] { 0xE8, 0x03, 0x30, 0xF8 }, 0, 4); // 1000, -2000
            interpreter.Invoke();
            var bytes = new byte[4];
            interpreter.Output.CopyToBytes(bytes, 0);
            // the rows (3, 1) and (-2, 5): 1500 / 2 = 750 and -12100 / 2 = -6050, as the convolution
            CollectionAssert.AreEqual(new short[] { 750, -6050 }, new[] { BitConverter.ToInt16(bytes, 0), BitConverter.ToInt16(bytes, 2) });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(Model(3)));
            StringAssert.Contains(e.Problems[0], "16x8 weights");
        }

        [TestMethod]
        public void TransposeConv16x8WidensAnInt16BiasAndRefusesAnInt32One()
        {
            static byte[] Model(bool int16Bias)
            {
                var g = new TfliteGraphBuilder();
                int shape = g.Int32Constant(new[] { 4 }, new[] { 1, 1, 1, 2 }, "shape");
                int w = g.Int8Constant(new[] { 2, 1, 1, 2 }, new sbyte[] { 3, 1, -2, 5 }, 1f, 0, "w");
                int x = g.Int16(new[] { 1, 1, 1, 2 }, 0.5f, 0, "x");
                int b = int16Bias ? g.Int16Constant(new[] { 2 }, new short[] { 500, -100 }, "b")
                                  : g.Int32Constant(new[] { 2 }, new[] { 500, -100 }, "b");
                int y = g.Int16(new[] { 1, 1, 1, 2 }, 1f, 0, "y");
                g.Op(BuiltinOperator.TransposeConv, new[] { shape, w, x, b }, new[] { y },
                     new TransposeConvOptions { Padding = Padding.Valid, StrideH = 1, StrideW = 1 });
                g.Io(new[] { x }, new[] { y });
                return g.Build();
            }
            // a 1x1 transpose convolution is the 1x1 convolution: 1500 / 2 = 750, -12100 / 2 = -6050
            var interpreter = Load(ModelCompiler.Compile(Model(true)));
            interpreter.Input.CopyFromBytes(new byte[] { 0xE8, 0x03, 0x30, 0xF8 }, 0, 4); // 1000, -2000
            interpreter.Invoke();
            var bytes = new byte[4];
            interpreter.Output.CopyToBytes(bytes, 0);
            CollectionAssert.AreEqual(new short[] { 750, -6050 }, new[] { BitConverter.ToInt16(bytes, 0), BitConverter.ToInt16(bytes, 2) });

            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(Model(false)));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (TRANSPOSE_CONV): bias type int32 is not supported, int64 required");
        }

        [TestMethod]
        public void GatherLooksUpAConstantTableAndRefusesPositionsOutOfRange()
        {
            // an embedding: a constant table [4, 2] indexed by a model input
            var g = new TfliteGraphBuilder();
            int table = g.Int8Constant(new[] { 4, 2 }, new sbyte[] { 10, 11, 20, 21, 30, 31, 40, 41 }, 0.5f, 0, "table");
            int ids = g.Int32(new[] { 3 }, "ids");
            int rows = g.Int8(new[] { 3, 2 }, 0.5f, 0, "rows");
            g.Op(BuiltinOperator.Gather, new[] { table, ids }, new[] { rows }, new GatherOptions { Axis = 0 });
            g.Io(new[] { ids }, new[] { rows });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            var interpreter = Load(c);
            var id = new byte[12];
            foreach (var (k, v) in new[] { (0, 3), (1, 0), (2, 3) }) BitConverter.GetBytes(v).CopyTo(id, 4 * k);
            interpreter.Input.CopyFromBytes(id, 0, 12);
            interpreter.Invoke();
            CollectionAssert.AreEqual(new sbyte[] { 40, 41, 10, 11, 40, 41 }, Read(interpreter.Output));
            // a position from the input past the table: a typed error naming it, not a read outside
            BitConverter.GetBytes(4).CopyTo(id, 4);
            interpreter.Input.CopyFromBytes(id, 0, 12);
            var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
            StringAssert.Contains(e.Message, "reads position 4 of an axis of 4 elements");

            // a constant position out of range is a compile error
            var h = new TfliteGraphBuilder();
            int x = h.Int8(new[] { 2, 3 }, 0.5f, 0, "x");
            int at = h.Int32Constant(new[] { 2 }, new[] { 1, 3 }, "at");
            int picked = h.Int8(new[] { 2, 2 }, 0.5f, 0, "picked");
            h.Op(BuiltinOperator.Gather, new[] { x, at }, new[] { picked }, new GatherOptions { Axis = -1 });
            h.Io(new[] { x }, new[] { picked });
            var ce = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.StartsWith(ce.Problems[0], "operator 0 (GATHER): position 3 (element 1 of positions) is outside [0, 3) of axis 1");
        }

        [TestMethod]
        public void AddAndSubOverInt16UseALeftShiftOf15AndSubDividesInFloat()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int16(new[] { 1, 4 }, 0.0005f, 0, "a");
            int b = g.Int16(new[] { 1, 4 }, 0.0002f, 0, "b");
            int sum = g.Int16(new[] { 1, 4 }, 0.0008f, 0, "sum");
            int diff = g.Int16(new[] { 1, 4 }, 0.0006f, 0, "diff");
            g.Op(BuiltinOperator.Add, new[] { a, b }, new[] { sum }, new AddOptions());
            g.Op(BuiltinOperator.Sub, new[] { a, b }, new[] { diff }, new SubOptions());
            g.Io(new[] { a, b }, new[] { sum, diff });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual(15, c.Layers[0].Param("left_shift"));
            Assert.AreEqual((-32768, 32767), (c.Layers[0].Param("act_min"), c.Layers[0].Param("act_max")));
            // 0.0002f / 0.001f: in double 0.19999999... -> 1717986793 (ADD), in float 0.2f -> 1717986816 (SUB)
            Assert.AreEqual(1717986793, c.Layers[0].Param("input2_multiplier"));
            Assert.AreEqual(1717986816, c.Layers[1].Param("input2_multiplier"));

            var h = new TfliteGraphBuilder();
            int x = h.Int16(new[] { 4 }, 0.001f, 0, "x");
            int y = h.Int8(new[] { 4 }, 0.5f, 0, "y");
            int z = h.Int16(new[] { 4 }, 0.001f, 0, "z");
            h.Op(BuiltinOperator.Add, new[] { x, y }, new[] { z }, new AddOptions());
            h.Io(new[] { x, y }, new[] { z });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(h.Build()));
            StringAssert.StartsWith(e.Problems[0], "operator 0 (ADD): input 2 type int8 is not supported, int16 required");
        }

        [TestMethod]
        public void LoweringErrorsNameTheOperatorAndWhatIsWrong()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 1, 2 }, 0.5f, 0, "a");
            int b = g.Int8(new[] { 1, 2 }, 0.25f, 0, "b");
            int joined = g.Int8(new[] { 1, 4 }, 0.5f, 0, "joined");
            int wrong = g.Int8(new[] { 1, 3 }, 0.5f, 0, "wrong");
            g.Op(BuiltinOperator.Concatenation, new[] { a, b }, new[] { joined }, BuiltinOptionsType.ConcatenationOptions, Axis(1));
            int begin = g.Int32Constant(new[] { 2 }, new[] { 0, 0 }, "begin");
            int end = g.Int32Constant(new[] { 2 }, new[] { 1, 2 }, "end");
            int strides = g.Int32Constant(new[] { 2 }, new[] { 1, 1 }, "strides");
            g.Op(BuiltinOperator.StridedSlice, new[] { a, begin, end, strides }, new[] { wrong }, BuiltinOptionsType.StridedSliceOptions, new FbTableNode());
            g.Io(new[] { a, b }, new[] { joined, wrong });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(g.Build()));
            Assert.AreEqual(2, e.Problems.Count, e.Message);
            StringAssert.StartsWith(e.Problems[0], "operator 0 (CONCATENATION): input 1 tensor 1 'b' quantization (0.25, 0) differs from output tensor 2 'joined' (0.5, 0)");
            StringAssert.StartsWith(e.Problems[1], "operator 1 (STRIDED_SLICE): output shape [1, 3] differs from the slice's [1, 2]");
        }

        [TestMethod]
        public void LstmParamsEqualTheRecordProvenBitExactByTheKernelTest()
        {
            // native-kernels/tests/data/lstm/trained_lstm_int8.params.txt: the 35 words the C
            // kernel test derived and proved bit-exact with TFLM (written by that test, not by us).
            string record = System.IO.Path.Combine(SharedData.SourceRoot(), "native-kernels", "tests", "data", "lstm", "trained_lstm_int8.params.txt");
            var expected = System.IO.File.ReadAllLines(record)
                .Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal))
                .Select(l => l.Split(' '))
                .Where(w => w[0] != "batch" && w[0] != "time" && w[0] != "input_size" && w[0] != "hidden_size")
                .Select(w => int.Parse(w[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.AreEqual(35, expected.Length);
            CompiledModel c = ModelCompiler.Compile(SharedData.ReadModel("trained_lstm_int8"));
            CompiledLayer lstm = c.Layers[0];
            Assert.AreEqual("UNIDIRECTIONAL_SEQUENCE_LSTM", lstm.Op);
            CollectionAssert.AreEqual(expected, lstm.Params);
            Assert.AreEqual(15, lstm.Inputs.Length);
            Assert.IsTrue(c.Tensors[lstm.Inputs[13]].IsVariable && c.Tensors[lstm.Inputs[14]].IsVariable, "states in the state region");
            Assert.AreEqual("int16", c.Tensors[lstm.Inputs[14]].Type);
        }

        [TestMethod]
        public void ReadingAVariableNoVarHandleNamed_IsAnError()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 1, 2 }, 0.5f, 0, "x");
            int handle = g.Resource("loose_handle");
            int state = g.Int8(new[] { 1, 2 }, 0.5f, 0, "state");
            g.Op(BuiltinOperator.ReadVariable, new[] { handle }, new[] { state });
            g.Io(new[] { x }, new[] { state });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(g.Build()));
            StringAssert.StartsWith(e.Message, "operator 0 (READ_VARIABLE): resource tensor 1 'loose_handle' is not written by a VAR_HANDLE before it");
        }
    }
}
