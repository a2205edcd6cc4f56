using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tools.Tests.Golden;
using TensorType = TinyMl.Tflite.TensorType;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// CUMSUM lowering: the options and a negative axis reach the layer and run (TFLM's extra
    /// -zero point term included); refused by name: int16, an axis computed at run time or out
    /// of range, an output of another shape. TFLM's bytes: OperatorGoldenTests (tests/data/cumsum).
    /// </summary>
    [TestClass]
    public class CumsumLoweringTests
    {
        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        private static FbTableNode Options(bool exclusive, bool reverse) => new FbTableNode().Set(0, exclusive).Set(1, reverse);

        [TestMethod]
        public void ReverseExclusiveAlongANegativeAxis()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 3 }, 0.5f, 0, "x");
            int y = g.Int8(new[] { 2, 3 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.Cumsum, new[] { x, g.Int32Constant(Array.Empty<int>(), new[] { -1 }, "axis") }, new[] { y },
                 BuiltinOptionsType.CumsumOptions, Options(true, true));
            g.Io(new[] { x }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("CUMSUM", c.Layers[0].Op);
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            interpreter.Input.CopyFrom(new sbyte[] { 1, 2, 3, 10, 20, 30 });
            interpreter.Invoke();
            var got = new sbyte[6];
            interpreter.Output.CopyTo(got, 0);
            // each row from its end, without the value itself: (2 + 3, 3, 0), (20 + 30, 30, 0)
            CollectionAssert.AreEqual(new sbyte[] { 5, 3, 0, 50, 30, 0 }, got);
        }

        [TestMethod]
        public void RefusesWhatIsNotSupported()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int16(new[] { 4 }, 0.01f, 0, "x");
            int y = g.Int16(new[] { 4 }, 0.01f, 0, "y");
            g.Op(BuiltinOperator.Cumsum, new[] { x, g.Int32Constant(new[] { 1 }, new[] { 0 }, "axis") }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "input type int16 is not supported: TFLM's CUMSUM takes int8 or float32");

            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 4 }, 0.5f, 0, "x");
            int a = g.Int32(new[] { 1 }, "axis");
            y = g.Int8(new[] { 4 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.Cumsum, new[] { x, a }, new[] { y });
            g.Io(new[] { x, a }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "computed at run time; a constant is required");

            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 4 }, 0.5f, 0, "x");
            y = g.Int8(new[] { 4 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.Cumsum, new[] { x, g.Int32Constant(new[] { 1 }, new[] { 1 }, "axis") }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "axis 1 is outside [-1, 0]");

            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 4 }, 0.5f, 0, "x");
            y = g.Int8(new[] { 2, 2 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.Cumsum, new[] { x, g.Int32Constant(new[] { 1 }, new[] { 0 }, "axis") }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "output shape [2, 2] differs from input shape [4]");
        }
    }
}
