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
    /// GATHER_ND lowering: rows picked by indices from the model run, and an index outside its dim
    /// from the model is refused at invoke by name (TFLM checks only the flat position); refused at
    /// compile: a constant index outside its dim, params TFLM does not take, a depth above the rank,
    /// a wrong output shape. TFLM's bytes: OperatorGoldenTests (tests/data/gather_nd).
    /// </summary>
    [TestClass]
    public class GatherNdLoweringTests
    {
        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void PicksElementsAndRefusesAnIndexPastItsDimAtInvoke()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8Constant(new[] { 3, 2 }, new sbyte[] { 10, 11, 20, 21, 30, 31 }, 0.5f, 0, "x");
            int i = g.Int32(new[] { 2, 2 }, "i");
            int y = g.Int8(new[] { 2 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.GatherNd, new[] { x, i }, new[] { y });
            g.Io(new[] { i }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("GATHER_ND", c.Layers[0].Op);
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            var idx = new byte[16];
            BitConverter.GetBytes(2).CopyTo(idx, 0);
            BitConverter.GetBytes(1).CopyTo(idx, 4);
            BitConverter.GetBytes(0).CopyTo(idx, 8);
            BitConverter.GetBytes(0).CopyTo(idx, 12);
            interpreter.Input.CopyFromBytes(idx, 0, 16);
            interpreter.Invoke();
            var got = new sbyte[2];
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 31, 10 }, got);
            // (0, 2): past dim 1 (size 2), though flat position 2 is inside the params
            BitConverter.GetBytes(2).CopyTo(idx, 12);
            interpreter.Input.CopyFromBytes(idx, 0, 16);
            var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
            StringAssert.Contains(e.Message, "position 2");
        }

        [TestMethod]
        public void RefusesWhatTflmDoesNotTake()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 3, 2 }, 0.5f, 0, "x");
            int i = g.Int32Constant(new[] { 1, 2 }, new[] { 1, 2 }, "i");
            int y = g.Int8(new[] { 1 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.GatherNd, new[] { x, i }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "index 2 (element 1 of indices) is outside [0, 2) of params dim 1");

            g = new TfliteGraphBuilder();
            x = g.Int16(new[] { 3, 2 }, 0.01f, 0, "x");
            int ii = g.Int32(new[] { 1, 2 }, "i");
            y = g.Int16(new[] { 1 }, 0.01f, 0, "y");
            g.Op(BuiltinOperator.GatherNd, new[] { x, ii }, new[] { y });
            g.Io(new[] { x, ii }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "params type int16 is not supported: TFLM's GATHER_ND takes int8 or float32");

            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 3, 2 }, 0.5f, 0, "x");
            ii = g.Int32(new[] { 1, 3 }, "i");
            y = g.Int8(new[] { 1 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.GatherNd, new[] { x, ii }, new[] { y });
            g.Io(new[] { x, ii }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "indices' last dim 3 is outside [1, params rank 2]");

            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 3, 2 }, 0.5f, 0, "x");
            ii = g.Int32(new[] { 4, 1 }, "i");
            y = g.Int8(new[] { 4, 3 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.GatherNd, new[] { x, ii }, new[] { y });
            g.Io(new[] { x, ii }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "output shape [4, 3] differs from GATHER_ND's [4, 2]");
        }
    }
}
