using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;
using TensorType = TinyMl.Tflite.TensorType;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// BROADCAST_TO, FILL and ZEROS_LIKE, all lowered onto the one BROADCAST_TO kernel: what each
    /// emits, ZEROS_LIKE's raw zeros (not the zero point) through the interpreter, and the
    /// refusals by name (TFLM's types and Prepare checks). TFLM's bytes: OperatorGoldenTests
    /// (tests/data/broadcast_to).
    /// </summary>
    [TestClass]
    public class BroadcastToLoweringTests
    {
        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void ZerosLikeWritesRawZerosAndFillItsValue()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 3 }, 0.5f, -7, "x");
            int z = g.Int8(new[] { 2, 3 }, 0.5f, -7, "z");
            int v = g.Int8Constant(Array.Empty<int>(), new sbyte[] { 42 }, 0.25f, 3, "v");
            int f = g.Int8(new[] { 3, 2 }, 0.5f, -7, "f");
            g.Op(BuiltinOperator.ZerosLike, new[] { x }, new[] { z });
            g.Op(BuiltinOperator.Fill, new[] { g.Int32Constant(new[] { 2 }, new[] { 3, 2 }, "dims"), v }, new[] { f });
            g.Io(new[] { x }, new[] { z, f });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("BROADCAST_TO", c.Layers[0].Op);
            Assert.AreEqual("BROADCAST_TO", c.Layers[1].Op);
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            interpreter.Input.CopyFrom(new sbyte[] { 1, 2, 3, 4, 5, 6 });
            interpreter.Invoke();
            var got = new sbyte[6];
            interpreter.GetOutput(0).CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[6], got, "ZEROS_LIKE: raw 0, not the zero point -7");
            interpreter.GetOutput(1).CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 42, 42, 42, 42, 42, 42 }, got, "FILL: the constant's byte, as TFLM copies it");
        }

        [TestMethod]
        public void RefusesWhatTflmRefuses()
        {
            // FILL over int16: TFLM's FillEval has no int16 case
            var g = new TfliteGraphBuilder();
            int v = g.Int16(Array.Empty<int>(), 0.01f, 0, "v");
            int f = g.Int16(new[] { 4 }, 0.01f, 0, "f");
            g.Op(BuiltinOperator.Fill, new[] { g.Int32Constant(new[] { 1 }, new[] { 4 }, "dims"), v }, new[] { f });
            g.Io(new[] { v }, new[] { f });
            StringAssert.Contains(Problem(g.Build()), "output type int16 is not supported: TFLM's FILL writes int8, int32 or float32");

            // FILL of a value that is not a scalar
            g = new TfliteGraphBuilder();
            v = g.Int32(new[] { 1 }, "v");
            f = g.Int32(new[] { 4 }, "f");
            g.Op(BuiltinOperator.Fill, new[] { g.Int32Constant(new[] { 1 }, new[] { 4 }, "dims"), v }, new[] { f });
            g.Io(new[] { v }, new[] { f });
            StringAssert.Contains(Problem(g.Build()), "a scalar is required");

            // FILL whose dims differ from its output
            g = new TfliteGraphBuilder();
            v = g.Int32(Array.Empty<int>(), "v");
            f = g.Int32(new[] { 4 }, "f");
            g.Op(BuiltinOperator.Fill, new[] { g.Int32Constant(new[] { 1 }, new[] { 5 }, "dims"), v }, new[] { f });
            g.Io(new[] { v }, new[] { f });
            StringAssert.Contains(Problem(g.Build()), "dims [5] differ from the output shape [4]");

            // BROADCAST_TO with a shape computed at run time
            g = new TfliteGraphBuilder();
            int x = g.Int32(new[] { 1, 3 }, "x");
            int s = g.Int32(new[] { 2 }, "s");
            int y = g.Int32(new[] { 2, 3 }, "y");
            g.Op(BuiltinOperator.BroadcastTo, new[] { x, s }, new[] { y });
            g.Io(new[] { x, s }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "computed at run time; TFLM requires a constant");

            // BROADCAST_TO of a dim that is neither 1 nor the output's
            g = new TfliteGraphBuilder();
            x = g.Int32(new[] { 2, 3 }, "x");
            y = g.Int32(new[] { 4, 3 }, "y");
            g.Op(BuiltinOperator.BroadcastTo, new[] { x, g.Int32Constant(new[] { 2 }, new[] { 4, 3 }, "s") }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "input shape [2, 3] does not broadcast to the output shape [4, 3]");

            // BROADCAST_TO of another quantization
            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 1, 3 }, 0.5f, 0, "x");
            y = g.Int8(new[] { 2, 3 }, 0.25f, 0, "y");
            g.Op(BuiltinOperator.BroadcastTo, new[] { x, g.Int32Constant(new[] { 2 }, new[] { 2, 3 }, "s") }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "requantization is not supported here");

            // ZEROS_LIKE over int64: TFLM takes it, the blob carries no int64
            g = new TfliteGraphBuilder();
            x = g.Int64(new[] { 3 }, "x");
            y = g.Int64(new[] { 3 }, "y");
            g.Op(BuiltinOperator.ZerosLike, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "input type int64 is not supported");
        }
    }
}
