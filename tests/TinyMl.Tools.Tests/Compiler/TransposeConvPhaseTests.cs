#nullable enable
using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Compiler.Operators;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// An int8 TRANSPOSE_CONV lowered onto one convolution per output phase
    /// (TransposeConvPhases) must give the bytes of the TRANSPOSE_CONV kernel (itself checked
    /// against TFLM's goldens), on random geometry: strides 1-4, filters smaller and larger than
    /// the stride, SAME and VALID with every output size TFLite's shape arithmetic allows, batches,
    /// odd channel counts, zero points, activations.
    /// </summary>
    [TestClass]
    public class TransposeConvPhaseTests
    {
        private static byte[] Model(Random r, int n, int h, int w, int ic, int oc, int kh, int kw, int sh, int sw,
                                    Padding padding, int outH, int outW, bool withBias)
        {
            var g = new TfliteGraphBuilder();
            int shape = g.Int32Constant(new[] { 4 }, new[] { n, outH, outW, oc }, "shape");
            var wv = new sbyte[oc * kh * kw * ic];
            for (int i = 0; i < wv.Length; i++) wv[i] = (sbyte)r.Next(-127, 128);
            float inScale = (float)(0.01 + r.NextDouble() * 0.1), wScale = (float)(0.002 + r.NextDouble() * 0.02);
            int wt = g.Int8Constant(new[] { oc, kh, kw, ic }, wv, wScale, 0, "w");
            int x = g.Int8(new[] { n, h, w, ic }, inScale, r.Next(-128, 128), "x");
            // an output scale near the sums' spread, so the bytes are not all clamped
            float outScale = (float)(inScale * wScale * 60 * Math.Sqrt(Math.Max(1, kh * kw * ic / (sh * sw))) * (0.3 + r.NextDouble()));
            int y = g.Int8(new[] { n, outH, outW, oc }, outScale, r.Next(-128, 128), "y");
            int[] inputs = { shape, wt, x };
            if (withBias)
            {
                int b = g.Int32Constant(new[] { oc }, Enumerable.Range(0, oc).Select(_ => r.Next(-20000, 20000)).ToArray(), "b");
                inputs = new[] { shape, wt, x, b };
            }
            var act = new[] { ActivationFunction.None, ActivationFunction.None, ActivationFunction.Relu, ActivationFunction.Relu6 }[r.Next(4)];
            g.Op(BuiltinOperator.TransposeConv, inputs, new[] { y },
                 new TransposeConvOptions { Padding = padding, StrideH = sh, StrideW = sw, Activation = act });
            g.Io(new[] { x }, new[] { y });
            return g.Build();
        }

        private static byte[] Run(CompiledModel c, byte[] input)
        {
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            interpreter.Input.CopyFromBytes(input, 0, input.Length);
            interpreter.Invoke();
            var output = new byte[interpreter.Output.ByteLength];
            interpreter.Output.CopyToBytes(output, 0);
            return output;
        }

        [TestMethod]
        public void PhaseConvolutionsGiveTheTransposeConvKernelsBytes()
        {
            var r = new Random(20261205);
            int lowered = 0, kept = 0, padded = 0, cropped = 0, single = 0, gathered = 0, written = 0, belowStride = 0, uneven = 0;
            for (int trial = 0; trial < 160; trial++)
            {
                int n = r.Next(4) == 0 ? 2 : 1, h = r.Next(1, 8), w = r.Next(1, 8), ic = r.Next(1, 21), oc = r.Next(1, 21);
                int kh = r.Next(1, 7), kw = r.Next(1, 7);
                // strides per axis, now and then a pair with more than 32 phases (left to the kernel)
                int sh = r.Next(1, 5), sw = r.Next(4) == 0 ? r.Next(1, 5) : sh;
                if (r.Next(12) == 0) (sh, sw) = (r.Next(6, 8), r.Next(6, 8));
                Padding padding = r.Next(2) == 0 ? Padding.Same : Padding.Valid;
                // every output size whose convolution back to the input has the input's size
                int outH = padding == Padding.Same ? (h - 1) * sh + r.Next(1, sh + 1) : (h - 1) * sh + kh + r.Next(sh);
                int outW = padding == Padding.Same ? (w - 1) * sw + r.Next(1, sw + 1) : (w - 1) * sw + kw + r.Next(sw);
                string what = $"trial {trial}: {n}x{h}x{w}x{ic} -> {outH}x{outW}x{oc}, filter {kh}x{kw}, stride {sh}x{sw}, {padding}";
                byte[] tflite = Model(r, n, h, w, ic, oc, kh, kw, sh, sw, padding, outH, outW, r.Next(4) != 0);

                CompiledModel phases = ModelCompiler.Compile(tflite, new CompileOptions());
                CompiledModel direct = ModelCompiler.Compile(tflite, new CompileOptions { TransposeConvAsConvolutions = false });
                Assert.IsTrue(direct.Layers.Count == 1 && direct.Layers[0].Op == "TRANSPOSE_CONV", what);
                bool eligible = sh * sw <= 32;
                string[] ops = phases.Layers.Select(l => l.Op).ToArray();
                if (eligible)
                {
                    Assert.IsFalse(ops.Contains("TRANSPOSE_CONV"), what);
                    Assert.AreEqual(sh * sw, ops.Count(o => o == "CONV_2D"), what);
                    if (kh < sh || kw < sw) belowStride++;
                    if (sh != sw) uneven++;
                    lowered++;
                    if (ops.Contains("PAD")) padded++;
                    if (outH % sh != 0 || outW % sw != 0) cropped++;
                    if (ops.Length == 1) single++;
                    else if (ops.Contains("CONCATENATION")) gathered++; // phases of a size not a multiple of 4
                    else written++;                                      // written into the stacked tensor
                }
                else
                {
                    CollectionAssert.AreEqual(new[] { "TRANSPOSE_CONV" }, ops, what);
                    kept++;
                }

                var input = new byte[n * h * w * ic];
                for (int run = 0; run < 2; run++)
                {
                    r.NextBytes(input);
                    CollectionAssert.AreEqual(Run(direct, input), Run(phases, input), what);
                }
            }
            // the random geometry reached every form of the lowering and the kernel's leftovers
            Assert.IsTrue(lowered > 80 && kept > 5 && padded > 5 && cropped > 5 && single > 5 && gathered > 5 && written > 5
                          && belowStride > 5 && uneven > 5,
                $"lowered {lowered}, kept {kept}, padded {padded}, cropped {cropped}, single {single}, gathered {gathered}, written {written}, filter below the stride {belowStride}, uneven strides {uneven}");
        }

        [TestMethod]
        public void PhasePlanCoversEveryOutputRowOnce()
        {
            // 1-D: phase r computes rows q * s + r from taps First + s * j at leading pad Pad; the
            // union over phases of the taps each output row gathers is exactly TFLite's scatter.
            for (int s = 1; s <= 4; s++)
                for (int k = 1; k <= 7; k++)
                    for (int h = 1; h <= 6; h++)
                        for (int e = 0; e < 2 * s; e++)
                        {
                            // SAME with each output size TFLite's arithmetic allows, then VALID alike
                            bool same = e < s;
                            int outSize = same ? (h - 1) * s + 1 + e : (h - 1) * s + k + e - s;
                            int pad = same ? Math.Max(0, (h - 1) * s + k - outSize) / 2 : 0;
                            PhaseAxis[]? plan = TransposeConvPhases.Plan(h, k, s, pad, outSize, out int rows, out int extra);
                            Assert.IsNotNull(plan, $"s {s} k {k} h {h}");
                            for (int o = 0; o < outSize; o++)
                            {
                                PhaseAxis p = plan![o % s];
                                int q = o / s;
                                var gathered = Enumerable.Range(0, p.Taps)
                                    .Select(t => (Input: q - p.Pad + t, Tap: p.First + s * (p.Taps - 1 - t)))
                                    .Where(v => v.Input >= 0 && v.Input < h && v.Tap < k).OrderBy(v => v.Tap).ToArray();
                                var scattered = Enumerable.Range(0, h).SelectMany(i => Enumerable.Range(0, k).Select(f => (Input: i, Tap: f)))
                                    .Where(v => v.Input * s - pad + v.Tap == o).OrderBy(v => v.Tap).ToArray();
                                CollectionAssert.AreEqual(scattered, gathered, $"s {s} k {k} h {h} row {o}");
                            }
                            Assert.IsTrue(rows * s >= outSize && rows * s < outSize + s);
                            // every phase's last window touches the input extended by `extra` rows
                            foreach (PhaseAxis p in plan!) Assert.IsTrue(p.Pad >= 0 && p.Pad < p.Taps && rows - 1 - p.Pad <= h - 1 + Math.Max(0, extra));
                        }
            // a filter smaller than the stride leaves a phase no tap reaches: one tap of weight 0
            PhaseAxis[]? gap = TransposeConvPhases.Plan(4, 1, 2, 0, 8, out _, out _);
            Assert.IsNotNull(gap);
            Assert.IsTrue(gap![1].First >= 1 && gap[1].Taps == 1);
        }
    }
}
