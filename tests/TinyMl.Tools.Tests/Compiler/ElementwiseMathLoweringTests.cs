using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// SQUARED_DIFFERENCE, RSQRT and ABS lowerings: the parameters TFLM's Prepare computes (the
    /// expected words were computed apart from the compiler, from squared_difference.cc and
    /// elementwise.cc with float32 scales), the refusals TFLM makes, and RSQRT's run-time error.
    /// The outputs themselves are checked byte for byte against TFLM by OperatorGoldenTests
    /// (native-kernels/tests/data/squared_difference, rsqrt_abs).
    /// </summary>
    [TestClass]
    public class ElementwiseMathLoweringTests
    {
        private static Interpreter Load(CompiledModel c) => new Interpreter(SharedData.LoadOrInconclusive(c.Blob));

        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void SquaredDifferenceTakesTflmsLeftShiftsAndMultipliers()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 1, 2, 4 }, 0.05f, -3, "a");
            int b = g.Int8(new[] { 4 }, 0.03f, 7, "b");
            int o = g.Int8(new[] { 1, 2, 4 }, 0.45f, -128, "o");
            int a16 = g.Int16(new[] { 2, 4 }, 0.0005f, 0, "a16");
            int b16 = g.Int16(new[] { 2, 4 }, 0.0007f, 0, "b16");
            int o16 = g.Int16(new[] { 2, 4 }, 0.05f, 0, "o16");
            g.Op(BuiltinOperator.SquaredDifference, new[] { a, b }, new[] { o }, new EmptyOptions { Type = BuiltinOptionsType.SquaredDifferenceOptions });
            g.Op(BuiltinOperator.SquaredDifference, new[] { a16, b16 }, new[] { o16 });
            g.Io(new[] { a, b, a16, b16 }, new[] { o, o16 });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            CompiledLayer l = c.Layers[0];
            Assert.AreEqual("SQUARED_DIFFERENCE", l.Op);
            Assert.AreEqual((3, -7, -128, 7), (l.Param("input1_offset"), l.Param("input2_offset"), l.Param("output_offset"), l.Param("left_shift")));
            Assert.AreEqual((1073741824, 0), (l.Param("input1_multiplier"), l.Param("input1_shift")));
            Assert.AreEqual((1288490141, -1), (l.Param("input2_multiplier"), l.Param("input2_shift")));
            Assert.AreEqual((1527099569, -19), (l.Param("output_multiplier"), l.Param("output_shift")));
            l = c.Layers[1];
            Assert.AreEqual(0, l.Param("left_shift"));
            Assert.AreEqual((1533917019, -1), (l.Param("input1_multiplier"), l.Param("input1_shift")));
            Assert.AreEqual((1073741824, 0), (l.Param("input2_multiplier"), l.Param("input2_shift")));
            Assert.AreEqual((1379227267, -14), (l.Param("output_multiplier"), l.Param("output_shift")));

            // (1.0 - 0.3)^2 = 0.49 -> 1 step of 0.45 over -128; equal values -> the zero point
            var interpreter = Load(c);
            var x = new byte[8];
            var y = new byte[4];
            x[0] = unchecked((byte)17);  // a = 1.0
            y[0] = 17;                   // b = 0.3
            x[1] = unchecked((byte)-3);  // a = 0
            y[1] = 7;                    // b = 0
            interpreter.Input.CopyFromBytes(x, 0, 8);
            interpreter.GetInput(1).CopyFromBytes(y, 0, 4);
            interpreter.Invoke();
            var got = new sbyte[8];
            interpreter.GetOutput(0).CopyTo(got, 0);
            Assert.AreEqual(-127, got[0]);
            Assert.AreEqual(-128, got[1]);
        }

        [TestMethod]
        public void SquaredDifferenceRefusesWhatTflmRefuses()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int16(new[] { 4 }, 0.001f, 3, "a");
            int b = g.Int16(new[] { 4 }, 0.001f, 0, "b");
            int o = g.Int16(new[] { 4 }, 0.001f, 0, "o");
            g.Op(BuiltinOperator.SquaredDifference, new[] { a, b }, new[] { o });
            g.Io(new[] { a, b }, new[] { o });
            StringAssert.StartsWith(Problem(g.Build()), "operator 0 (SQUARED_DIFFERENCE): int16 zero points must be 0 (TFLM's int16 SQUARED_DIFFERENCE requires it): input 1 3");

            var h = new TfliteGraphBuilder();
            int x = h.Int8(new[] { 4 }, 0.5f, 0, "x");
            int y = h.Int16(new[] { 4 }, 0.001f, 0, "y");
            int z = h.Int8(new[] { 4 }, 0.5f, 0, "z");
            h.Op(BuiltinOperator.SquaredDifference, new[] { x, y }, new[] { z });
            h.Io(new[] { x, y }, new[] { z });
            StringAssert.StartsWith(Problem(h.Build()), "operator 0 (SQUARED_DIFFERENCE): input 2 type int16 is not supported, int8 required");

            var k = new TfliteGraphBuilder();
            int p = k.Int8(new[] { 2, 3 }, 0.5f, 0, "p");
            int q = k.Int8(new[] { 2, 1 }, 0.5f, 0, "q");
            int r = k.Int8(new[] { 2, 2 }, 0.5f, 0, "r");
            k.Op(BuiltinOperator.SquaredDifference, new[] { p, q }, new[] { r });
            k.Io(new[] { p, q }, new[] { r });
            StringAssert.Contains(Problem(k.Build()), "is not the broadcast of [2, 3] and [2, 1]");
        }

        [TestMethod]
        public void RsqrtRefusesValuesBelowTheZeroPointWhenItRuns()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 2, 2 }, 0.02f, 5, "x");
            int o = g.Int8(new[] { 2, 2 }, 0.05f, -128, "o");
            g.Op(BuiltinOperator.Rsqrt, new[] { x }, new[] { o });
            g.Io(new[] { x }, new[] { o });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            CompiledLayer l = c.Layers[0];
            Assert.AreEqual("RSQRT", l.Op);
            // 1 / double(sqrtf(0.02f) * 0.05f)
            Assert.AreEqual((5, -128, 1186328359, 8), (l.Param("input_zero_point"), l.Param("output_zero_point"), l.Param("multiplier"), l.Param("shift")));
            var interpreter = Load(c);
            // x = 5 (0: TFLM's maximum), 6 (0.02: 1/sqrt = 7.07, 141 steps), 55 (1.0: 20 steps), 105 (2.0: 14)
            interpreter.Input.CopyFromBytes(new byte[] { 5, 6, 55, 105 }, 0, 4);
            interpreter.Invoke();
            var got = new sbyte[4];
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 127, 13, -108, -114 }, got);
            // a value below the zero point: a typed error naming it, the output left as it was
            interpreter.Input.CopyFromBytes(new byte[] { 5, 4, 55, 105 }, 0, 4);
            var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
            StringAssert.Contains(e.Message, "layer 0 reads input value 4, below its zero point 5");
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 127, 13, -108, -114 }, got);
        }

        [TestMethod]
        public void RsqrtRefusesInt16AndScalesOutsideTflmsShifts()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int16(new[] { 4 }, 0.001f, 0, "x");
            int o = g.Int16(new[] { 4 }, 0.001f, 0, "o");
            g.Op(BuiltinOperator.Rsqrt, new[] { x }, new[] { o });
            g.Io(new[] { x }, new[] { o });
            StringAssert.StartsWith(Problem(g.Build()), "operator 0 (RSQRT): input type int16 is not supported: TFLM's RSQRT takes int8 only");

            // 1 / (sqrt(100) * 1000) = 2^-13.3: TFLM would shift right by 33
            var h = new TfliteGraphBuilder();
            int y = h.Int8(new[] { 4 }, 100f, -128, "y");
            int z = h.Int8(new[] { 4 }, 1000f, -128, "z");
            h.Op(BuiltinOperator.Rsqrt, new[] { y }, new[] { z });
            h.Io(new[] { y }, new[] { z });
            StringAssert.Contains(Problem(h.Build()), "needs a shift of -13; TFLM's RSQRT arithmetic is defined for shifts -11 to 50");
        }

        [TestMethod]
        public void AbsRequantizesOnlyWhenTheScalesDiffer()
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 4 }, 0.05f, -5, "x");
            int same = g.Int8(new[] { 4 }, 0.05f, 3, "same");
            int other = g.Int8(new[] { 4 }, 0.03f, -128, "other");
            g.Op(BuiltinOperator.Abs, new[] { x }, new[] { same }, new EmptyOptions { Type = BuiltinOptionsType.AbsOptions });
            g.Op(BuiltinOperator.Abs, new[] { x }, new[] { other });
            g.Io(new[] { x }, new[] { same, other });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual((-5, 3, 0, 0, 0), (c.Layers[0].Param("input_zero_point"), c.Layers[0].Param("output_zero_point"),
                c.Layers[0].Param("rescale"), c.Layers[0].Param("multiplier"), c.Layers[0].Param("shift")));
            // double(0.05f / 0.03f)
            Assert.AreEqual((1, 1789569792, 1), (c.Layers[1].Param("rescale"), c.Layers[1].Param("multiplier"), c.Layers[1].Param("shift")));
            var interpreter = Load(c);
            interpreter.Input.CopyFromBytes(new byte[] { unchecked((byte)-128), unchecked((byte)-5), 0, 127 }, 0, 4);
            interpreter.Invoke();
            var got = new sbyte[4];
            interpreter.GetOutput(0).CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 126, 3, 8, 127 }, got); // |x + 5| + 3, clamped
            interpreter.GetOutput(1).CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 77, -128, -120, 92 }, got); // |x + 5| * 5/3 - 128

            var h = new TfliteGraphBuilder();
            int a = h.Int16(new[] { 4 }, 0.001f, 2, "a");
            int b = h.Int16(new[] { 4 }, 0.001f, 0, "b");
            h.Op(BuiltinOperator.Abs, new[] { a }, new[] { b });
            h.Io(new[] { a }, new[] { b });
            StringAssert.StartsWith(Problem(h.Build()), "operator 0 (ABS): int16 zero points must be 0 (TFLM's int16 ABS requires it): input 2");
        }
    }
}
