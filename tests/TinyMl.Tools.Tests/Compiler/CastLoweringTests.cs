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
    /// CAST lowering: tensors without quantization (a CAST's usual operands) compile as plain
    /// integers, the types TFLM's CAST does not take are refused by name, and an operator that
    /// needs quantization refuses a CAST's unquantized output. Every type pair is checked byte for
    /// byte against TFLM by OperatorGoldenTests (native-kernels/tests/data/cast).
    /// </summary>
    [TestClass]
    public class CastLoweringTests
    {
        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void UnquantizedIntegersCompileAndConvertByTheLowBits()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int32(new[] { 1, 3 }, "x");
            int y = g.Plain(new[] { 1, 3 }, TensorType.Int8, "y");
            g.Op(BuiltinOperator.Cast, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("CAST", c.Layers[0].Op);
            CollectionAssert.AreEqual(new[] { LayerOp.Cast }, System.Linq.Enumerable.ToArray(c.OpCodes));
            Assert.IsTrue(LayerOp.Cast >= 64, "CAST is a code of the second op-set word");

            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            Assert.IsTrue(interpreter.Model.UsesOperator(LayerOp.Cast));
            CollectionAssert.AreEqual(new[] { LayerOp.Cast }, interpreter.Model.GetOperators());
            var input = new byte[12];
            BitConverter.GetBytes(511).CopyTo(input, 0);   // low byte 0xFF: -1
            BitConverter.GetBytes(-200).CopyTo(input, 4);  // 0x...38: 56
            BitConverter.GetBytes(100).CopyTo(input, 8);
            interpreter.Input.CopyFromBytes(input, 0, 12);
            interpreter.Invoke();
            var got = new sbyte[3];
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { -1, 56, 100 }, got);
        }

        [TestMethod]
        public void RefusesWhatTflmsCastDoesNotTake()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int32(new[] { 4 }, "x");
            int y = g.Plain(new[] { 4 }, TensorType.Bool, "y");
            g.Op(BuiltinOperator.Cast, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "output type bool is not supported: TFLM's CAST writes int8, int16, int32 or float32");

            g = new TfliteGraphBuilder();
            x = g.UInt8(new[] { 4 }, 1f, 0, "x");
            y = g.Int32(new[] { 4 }, "y");
            g.Op(BuiltinOperator.Cast, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "input type uint8 is not supported: TFLM's CAST takes int8, int16, int32, float32 or bool");

            g = new TfliteGraphBuilder();
            x = g.Int32(new[] { 4 }, "x");
            y = g.Int32(new[] { 2, 2 }, "y");
            g.Op(BuiltinOperator.Cast, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(g.Build()), "output shape [2, 2] differs from input shape [4]");
        }

        [TestMethod]
        public void AnOperatorThatNeedsQuantizationRefusesACastsPlainOutput()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int32(new[] { 4 }, "x");
            int y = g.Plain(new[] { 4 }, TensorType.Int8, "y");
            int z = g.Int8(new[] { 4 }, 0.5f, 0, "z");
            g.Op(BuiltinOperator.Cast, new[] { x }, new[] { y });
            g.Op(BuiltinOperator.Relu, new[] { y }, new[] { z });
            g.Io(new[] { x }, new[] { z });
            string problem = Problem(g.Build());
            StringAssert.Contains(problem, "operator 1 (RELU)");
            StringAssert.Contains(problem, "quantization");
        }
    }
}
