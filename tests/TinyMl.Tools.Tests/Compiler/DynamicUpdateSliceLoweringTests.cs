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
    /// DYNAMIC_UPDATE_SLICE lowering: a constant int64 start compiles (narrowed to int32 after
    /// TFLM's clamp) and runs; the operands TFLM's kernel does not take, an update of another
    /// quantization or too large, a start of the wrong length and an int64 start computed at run
    /// time are refused by name. The TFLM bytes: OperatorGoldenTests (tests/data/dynamic_update_slice).
    /// </summary>
    [TestClass]
    public class DynamicUpdateSliceLoweringTests
    {
        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void AConstantInt64StartIsClampedAndRuns()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 4 }, 0.5f, 1, "x");
            int u = g.Int8(new[] { 1, 2 }, 0.5f, 1, "u");
            int s = g.Int64Constant(new[] { 2 }, new long[] { 7, -(1L << 40) }, "s");
            int y = g.Int8(new[] { 2, 4 }, 0.5f, 1, "y");
            g.Op(BuiltinOperator.DynamicUpdateSlice, new[] { x, u, s }, new[] { y });
            g.Io(new[] { x, u }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("DYNAMIC_UPDATE_SLICE", c.Layers[0].Op);
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            interpreter.GetInput(0).CopyFrom(new sbyte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            interpreter.GetInput(1).CopyFrom(new sbyte[] { -1, -2 });
            interpreter.Invoke();
            var got = new sbyte[8];
            interpreter.Output.CopyTo(got, 0);
            // start (7, -2^40) clamped to (1, 0)
            CollectionAssert.AreEqual(new sbyte[] { 1, 2, 3, 4, -1, -2, 7, 8 }, got);
        }

        [TestMethod]
        public void RefusesWhatTflmDoesNotTake()
        {
            StringAssert.Contains(Problem(Model(TensorType.Bool, 0.5f, new[] { 1, 2 }, new[] { 2 }, TensorType.Int32, false)),
                "operand type bool is not supported: TFLM's DYNAMIC_UPDATE_SLICE takes int8, int16, int32 or float32");
            StringAssert.Contains(Problem(Model(TensorType.Int8, 0.25f, new[] { 1, 2 }, new[] { 2 }, TensorType.Int32, false)),
                "update");
            StringAssert.Contains(Problem(Model(TensorType.Int8, 0.5f, new[] { 1, 5 }, new[] { 2 }, TensorType.Int32, false)),
                "update shape [1, 5] does not fit in operand shape [2, 4]");
            StringAssert.Contains(Problem(Model(TensorType.Int8, 0.5f, new[] { 1, 2 }, new[] { 3 }, TensorType.Int32, false)),
                "start indices shape [3] is not [2]");
            StringAssert.Contains(Problem(Model(TensorType.Int8, 0.5f, new[] { 1, 2 }, new[] { 2 }, TensorType.Int64, false)),
                "int64 computed at run time; not supported");
            StringAssert.Contains(Problem(Model(TensorType.Int8, 0.5f, new[] { 1, 2 }, new[] { 2 }, TensorType.Int16, false)),
                "start indices type int16 is not supported");
        }

        /// <summary>x int8 [2, 4] (0.5, 1) or another type, an update of updateScale, a start
        /// activation of the type and shape given.</summary>
        private static byte[] Model(TensorType type, float updateScale, int[] updateShape, int[] startShape, TensorType startType, bool constantStart)
        {
            var g = new TfliteGraphBuilder();
            bool quantized = type == TensorType.Int8;
            int x = quantized ? g.Int8(new[] { 2, 4 }, 0.5f, 1, "x") : g.Plain(new[] { 2, 4 }, type, "x");
            int u = quantized ? g.Int8(updateShape, updateScale, 1, "u") : g.Plain(updateShape, type, "u");
            int s = constantStart ? g.Int32Constant(startShape, new int[startShape[0]], "s") : g.Plain(startShape, startType, "s");
            int y = quantized ? g.Int8(new[] { 2, 4 }, 0.5f, 1, "y") : g.Plain(new[] { 2, 4 }, type, "y");
            g.Op(BuiltinOperator.DynamicUpdateSlice, new[] { x, u, s }, new[] { y });
            g.Io(new[] { x, u, s }, new[] { y });
            return g.Build();
        }
    }
}
