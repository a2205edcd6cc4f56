using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// DIV, the comparisons (one COMPARISON operator) and SELECT_V2: the parameters TFLM's Prepare computes (the
    /// expected words computed apart from the compiler, from div.cc and comparisons.cc with float32 scales), the
    /// refusals TFLM makes or that TinyMl.Nano makes where TFLM is undefined, and DIV's run-time error. Outputs are
    /// checked byte for byte against TFLM by OperatorGoldenTests (native-kernels/tests/data/div, comparison,
    /// select_v2).
    /// </summary>
    [TestClass]
    public class DivCompareSelectLoweringTests
    {
        private static Interpreter Load(CompiledModel c) => new Interpreter(SharedData.LoadOrInconclusive(c.Blob));

        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        private static int Bool(TfliteGraphBuilder g, int[] shape, string name) => g.Bool(shape, name);

        [TestMethod]
        public void DivTakesTflmsMultiplierAndRefusesAZeroDivisorWhenItRuns()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(new[] { 2, 2 }, 0.05f, -3, "a");
            int b = g.Int8(new[] { 2 }, 0.02f, 9, "b");
            int o = g.Int8(new[] { 2, 2 }, 0.03f, 5, "o");
            g.Op(BuiltinOperator.Div, new[] { a, b }, new[] { o }, new DivOptions { Activation = ActivationFunction.Relu });
            g.Io(new[] { a, b }, new[] { o });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            CompiledLayer l = c.Layers[0];
            Assert.AreEqual("DIV", l.Op);
            // float(0.05f / (0.02f * 0.03f)) = 83.33333587646484 -> QuantizeMultiplier
            Assert.AreEqual((3, -9, 5), (l.Param("input1_offset"), l.Param("input2_offset"), l.Param("output_offset")));
            Assert.AreEqual((1398101376, 7), (l.Param("output_multiplier"), l.Param("output_shift")));
            Assert.AreEqual((5, 127), (l.Param("act_min"), l.Param("act_max")));

            var interpreter = Load(c);
            // 1.0 / 0.3 = 3.33 -> 111 steps of 0.03 over 5; 0 / 0.3 -> the zero point; -1.0 / 0.3 -> RELU's 5;
            // 2.0 / -0.2 = -10 -> RELU's 5
            interpreter.Input.CopyFromBytes(new byte[] { 17, unchecked((byte)-3), unchecked((byte)-23), 37 }, 0, 4);
            interpreter.GetInput(1).CopyFromBytes(new byte[] { 24, unchecked((byte)-1) }, 0, 2);
            interpreter.Invoke();
            var got = new sbyte[4];
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 116, 5, 5, 5 }, got);
            // a divisor at its zero point: a typed error naming it, the output left as it was
            interpreter.GetInput(1).CopyFromBytes(new byte[] { 24, 9 }, 0, 2);
            var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
            StringAssert.Contains(e.Message, "layer 0 divides by input 2 value 9, its zero point 9: a division by zero");
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 116, 5, 5, 5 }, got);
        }

        [TestMethod]
        public void DivOverInt32IsAnIntegerDivisionAndRefusesMinByMinusOne()
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int32(new[] { 4 }, "a");
            int b = g.Int32(new[] { 4 }, "b");
            int o = g.Int32(new[] { 4 }, "o");
            g.Op(BuiltinOperator.Div, new[] { a, b }, new[] { o }, new DivOptions { Activation = ActivationFunction.Relu6 });
            g.Io(new[] { a, b }, new[] { o });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            Assert.AreEqual((0, 6), (c.Layers[0].Param("act_min"), c.Layers[0].Param("act_max")));
            var interpreter = Load(c);
            interpreter.Input.CopyFromBytes(Ints(7, -7, 100, int.MinValue), 0, 16);
            interpreter.GetInput(1).CopyFromBytes(Ints(2, 2, 3, -1), 0, 16);
            var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
            StringAssert.Contains(e.Message, "layer 0 divides -2147483648 by -1: the quotient does not fit in int32");
            interpreter.Input.CopyFromBytes(Ints(7, -7, 100, int.MinValue + 1), 0, 16);
            interpreter.Invoke();
            var got = new byte[16];
            interpreter.Output.CopyToBytes(got, 0);
            CollectionAssert.AreEqual(Ints(3, 0, 6, 6), got); // 3, -3 -> 0, 33 -> 6, 2147483647 -> 6
        }

        private static byte[] Ints(params int[] v)
        {
            var bytes = new byte[v.Length * 4];
            Buffer.BlockCopy(v, 0, bytes, 0, bytes.Length);
            return bytes;
        }

        [TestMethod]
        public void DivRefusesWhatTflmCannotRun()
        {
            // float32 (TinyMl.Nano runs full-integer models)
            var g = new TfliteGraphBuilder();
            int fa = g.Float32(new[] { 4 }, "fa");
            int fb = g.Float32(new[] { 4 }, "fb");
            int fo = g.Float32(new[] { 4 }, "fo");
            g.Op(BuiltinOperator.Div, new[] { fa, fb }, new[] { fo }, new DivOptions());
            g.Io(new[] { fa, fb }, new[] { fo });
            StringAssert.StartsWith(Problem(g.Build()), "operator 0 (DIV): input 1 type float32 is not supported");

            // a multiplier needing a shift above 23
            var h = new TfliteGraphBuilder();
            int a = h.Int8(new[] { 4 }, 1f, 0, "a");
            int b = h.Int8(new[] { 4 }, 1e-4f, 0, "b");
            int o = h.Int8(new[] { 4 }, 1e-4f, 0, "o");
            h.Op(BuiltinOperator.Div, new[] { a, b }, new[] { o }, new DivOptions());
            h.Io(new[] { a, b }, new[] { o });
            StringAssert.Contains(Problem(h.Build()), "TFLM's DIV arithmetic is defined for shifts up to 23");

            // a constant divisor at its zero point
            var k = new TfliteGraphBuilder();
            int x = k.Int8(new[] { 3 }, 0.05f, 0, "x");
            int d = k.Int8Constant(new[] { 3 }, new sbyte[] { 4, 7, 5 }, 0.05f, 7, "d");
            int y = k.Int8(new[] { 3 }, 0.5f, 0, "y");
            k.Op(BuiltinOperator.Div, new[] { x, d }, new[] { y }, new DivOptions());
            k.Io(new[] { x }, new[] { y });
            StringAssert.Contains(Problem(k.Build()), "holds its zero point 7 at element 1: a division by zero");

            // a quantized int32 input (TFLM's int32 DIV takes none)
            var q = new TfliteGraphBuilder();
            int qa = q.QuantizedInt32(new[] { 2 }, 0.5f, 0, "qa");
            int qb = q.Int32(new[] { 2 }, "qb");
            int qo = q.Int32(new[] { 2 }, "qo");
            q.Op(BuiltinOperator.Div, new[] { qa, qb }, new[] { qo }, new DivOptions());
            q.Io(new[] { qa, qb }, new[] { qo });
            StringAssert.Contains(Problem(q.Build()), "is quantized; TFLM's int32 DIV takes unquantized int32 only");
        }

        [TestMethod]
        public void ComparisonsTakeTflmsScalingAndRefuseInt16()
        {
            var g = new TfliteGraphBuilder();
            int p = g.Int8(new[] { 2, 3 }, 0.1f, 0, "p");
            int q = g.Int8(new[] { 3 }, 0.2f, 3, "q");
            int o1 = Bool(g, new[] { 2, 3 }, "o1");
            int o2 = Bool(g, new[] { 2, 3 }, "o2");
            g.Op(BuiltinOperator.LessEqual, new[] { p, q }, new[] { o1 }, new EmptyOptions { Type = BuiltinOptionsType.LessEqualOptions });
            g.Op(BuiltinOperator.NotEqual, new[] { p, q }, new[] { o2 });
            g.Io(new[] { p, q }, new[] { o1, o2 });
            CompiledModel c = ModelCompiler.Compile(g.Build());
            CompiledLayer l = c.Layers[0];
            Assert.AreEqual("COMPARISON", l.Op);
            Assert.AreEqual((3, 0, -3, 8), (l.Param("kind"), l.Param("input1_offset"), l.Param("input2_offset"), l.Param("left_shift")));
            // QuantizeMultiplierSmallerThanOneExp(double(0.1f)), (double(0.2f))
            Assert.AreEqual((1717986944, -3), (l.Param("input1_multiplier"), l.Param("input1_shift")));
            Assert.AreEqual((1717986944, -2), (l.Param("input2_multiplier"), l.Param("input2_shift")));
            Assert.AreEqual(1, c.Layers[1].Param("kind"));

            var interpreter = Load(c);
            // p = 0.6, 0.3, -0.1 | 0.2, 0.4, 0.0 against q = 0.4, 0.4, 0.0 (q raw 5, 5, 3), compared as TFLM's
            // rescaled int32s: 154, 77, -26 | 51, 102, 0 against 103, 103, 0
            interpreter.Input.CopyFromBytes(new byte[] { 6, 3, 255, 2, 4, 0 }, 0, 6);
            interpreter.GetInput(1).CopyFromBytes(new byte[] { 5, 5, 3 }, 0, 3);
            interpreter.Invoke();
            var le = new byte[6];
            var ne = new byte[6];
            interpreter.GetOutput(0).CopyToBytes(le, 0);
            interpreter.GetOutput(1).CopyToBytes(ne, 0);
            CollectionAssert.AreEqual(new byte[] { 0, 1, 1, 1, 1, 1 }, le);
            // 0.4 (p raw 4) and 0.4 (q raw 5) differ after TFLM's rescaling: 1024 * 0.8 / 8 = 102.375 -> 102, but
            // 512 * 0.8 = 409.6 rounds to 410 first, / 4 = 102.5 -> 103 (two roundings)
            CollectionAssert.AreEqual(new byte[] { 1, 1, 1, 1, 1, 0 }, ne);

            var h = new TfliteGraphBuilder();
            int a16 = h.Int16(new[] { 4 }, 0.001f, 0, "a16");
            int b16 = h.Int16(new[] { 4 }, 0.001f, 0, "b16");
            int o16 = Bool(h, new[] { 4 }, "o16");
            h.Op(BuiltinOperator.Greater, new[] { a16, b16 }, new[] { o16 });
            h.Io(new[] { a16, b16 }, new[] { o16 });
            StringAssert.StartsWith(Problem(h.Build()), "operator 0 (GREATER): int16 inputs are not supported: TFLM's GREATER reads int16 with rescaling parameters its Prepare never sets");

            var k = new TfliteGraphBuilder();
            int x = k.Int8(new[] { 4 }, 1.5f, 0, "x");
            int y = k.Int8(new[] { 4 }, 0.5f, 0, "y");
            int z = Bool(k, new[] { 4 }, "z");
            k.Op(BuiltinOperator.Equal, new[] { x, y }, new[] { z });
            k.Io(new[] { x, y }, new[] { z });
            StringAssert.Contains(Problem(k.Build()), "TFLM's comparison takes each scale as a multiplier below 1");

            var m = new TfliteGraphBuilder();
            int u = m.Int8(new[] { 4 }, 0.5f, 0, "u");
            int v = m.Int8(new[] { 4 }, 0.5f, 0, "v");
            int w = m.Int8(new[] { 4 }, 0.5f, 0, "w");
            m.Op(BuiltinOperator.Less, new[] { u, v }, new[] { w });
            m.Io(new[] { u, v }, new[] { w });
            StringAssert.StartsWith(Problem(m.Build()), "operator 0 (LESS): output type int8 is not supported, bool required");
        }

        [TestMethod]
        public void SelectV2CopiesTheChosenBytesAndRefusesMixedTypes()
        {
            var g = new TfliteGraphBuilder();
            int c = Bool(g, new[] { 2, 1 }, "c");
            int x = g.Int8(new[] { 2, 3 }, 0.1f, 0, "x");
            int y = g.Int8Constant(new[] { 3 }, new sbyte[] { -1, -2, -3 }, 0.1f, 0, "y");
            int o = g.Int8(new[] { 2, 3 }, 0.1f, 0, "o");
            g.Op(BuiltinOperator.SelectV2, new[] { c, x, y }, new[] { o }, new EmptyOptions { Type = BuiltinOptionsType.SelectV2Options });
            g.Io(new[] { c, x }, new[] { o });
            CompiledModel compiled = ModelCompiler.Compile(g.Build());
            Assert.AreEqual("SELECT_V2", compiled.Layers[0].Op);
            var interpreter = Load(compiled);
            interpreter.Input.CopyFromBytes(new byte[] { 1, 0 }, 0, 2);
            interpreter.GetInput(1).CopyFromBytes(new byte[] { 1, 2, 3, 4, 5, 6 }, 0, 6);
            interpreter.Invoke();
            var got = new sbyte[6];
            interpreter.Output.CopyTo(got, 0);
            CollectionAssert.AreEqual(new sbyte[] { 1, 2, 3, -1, -2, -3 }, got);

            var h = new TfliteGraphBuilder();
            int hc = Bool(h, new[] { 4 }, "c");
            int hx = h.Int8(new[] { 4 }, 0.1f, 0, "x");
            int hy = h.Int16(new[] { 4 }, 0.1f, 0, "y");
            int ho = h.Int8(new[] { 4 }, 0.1f, 0, "o");
            h.Op(BuiltinOperator.SelectV2, new[] { hc, hx, hy }, new[] { ho });
            h.Io(new[] { hc, hx, hy }, new[] { ho });
            StringAssert.Contains(Problem(h.Build()), "y type int16 differs from x type int8; TFLM requires one type");

            var k = new TfliteGraphBuilder();
            int kc = Bool(k, new[] { 2, 1 }, "c");
            int kx = k.Int8(new[] { 2, 3 }, 0.1f, 0, "x");
            int ky = k.Int8(new[] { 4 }, 0.1f, 0, "y");
            int ko = k.Int8(new[] { 2, 3 }, 0.1f, 0, "o");
            k.Op(BuiltinOperator.SelectV2, new[] { kc, kx, ky }, new[] { ko });
            k.Io(new[] { kc, kx, ky }, new[] { ko });
            StringAssert.Contains(Problem(k.Build()), "do not broadcast");

            // SELECT (version 1) has no TFLM kernel
            var s = new TfliteGraphBuilder();
            int sc = Bool(s, new[] { 4 }, "c");
            int sx = s.Int8(new[] { 4 }, 0.1f, 0, "x");
            int sy = s.Int8(new[] { 4 }, 0.1f, 0, "y");
            int so = s.Int8(new[] { 4 }, 0.1f, 0, "o");
            s.Op(BuiltinOperator.Select, new[] { sc, sx, sy }, new[] { so });
            s.Io(new[] { sc, sx, sy }, new[] { so });
            StringAssert.Contains(Problem(s.Build()), "SELECT");
        }
    }
}
