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
    /// ADD_N lowering: TFLM's Prepare parameters (input multiplier 2^30 shift 0, the output's from
    /// 2 s_in / (2^20 s_out)) and its extra (-zero point) term through the interpreter; refused by
    /// name: inputs of another quantization or shape, int16, an output multiplier of 1 or more.
    /// TFLM's bytes: OperatorGoldenTests (tests/data/add_n).
    /// </summary>
    [TestClass]
    public class AddNLoweringTests
    {
        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void ParametersAsTflmsPrepareAndItsExtraTerm()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 2 }, 0.5f, 10, "a");
            int b = g.Int8(new[] { 2 }, 0.5f, 10, "b");
            int y = g.Int8(new[] { 2 }, 1.0f, 0, "y");
            g.Op(BuiltinOperator.AddN, new[] { a, b }, new[] { y });
            g.Io(new[] { a, b }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("ADD_N", c.Layers[0].Op);
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            interpreter.GetInput(0).CopyFrom(new sbyte[] { 13, 10 });
            interpreter.GetInput(1).CopyFrom(new sbyte[] { 14, 10 });
            interpreter.Invoke();
            var got = new sbyte[2];
            interpreter.Output.CopyTo(got, 0);
            // (3 + 4 - 10) * 0.5 = -1.5 -> -2, and (0 + 0 - 10) * 0.5 = -5: TFLM's sum starts from the
            // scaled input offset (-zero point), not 0
            CollectionAssert.AreEqual(new sbyte[] { -2, -5 }, got);
        }

        [TestMethod]
        public void RefusesWhatTflmRefuses()
        {
            StringAssert.Contains(Problem(Model(0.5f, 1, new[] { 2 }, 1.0f)), "'b' quantization (0.5, 1) differs from input 0's (0.5, 0); TFLM's ADD_N requires one scale and zero point");
            StringAssert.Contains(Problem(Model(0.5f, 0, new[] { 3 }, 1.0f)), "input 1 shape [3] differs from input 0's [2]");
            StringAssert.Contains(Problem(Model(0.5f, 0, new[] { 2 }, 1e-7f)), "output multiplier");

            var g = new TfliteGraphBuilder();
            int a = g.Int16(new[] { 2 }, 0.01f, 0, "a");
            int y = g.Int16(new[] { 2 }, 0.01f, 0, "y");
            g.Op(BuiltinOperator.AddN, new[] { a, a }, new[] { y });
            g.Io(new[] { a }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "output type int16 is not supported: TFLM's ADD_N writes int8 or float32");
        }

        private static byte[] Model(float bScale, int bZp, int[] bShape, float outScale)
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 2 }, 0.5f, 0, "a");
            int b = g.Int8(bShape, bScale, bZp, "b");
            int y = g.Int8(new[] { 2 }, outScale, 0, "y");
            g.Op(BuiltinOperator.AddN, new[] { a, b }, new[] { y });
            g.Io(new[] { a, b }, new[] { y });
            return g.Build();
        }
    }
}
