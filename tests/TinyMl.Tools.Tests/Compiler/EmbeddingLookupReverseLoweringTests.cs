using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// EMBEDDING_LOOKUP (lowered onto GATHER along axis 0; its hybrid form also has a TFLM golden folder,
    /// native-kernels/tests/data/embedding_hybrid) and REVERSE_V2 (onto STRIDED_SLICE with stride -1): the outputs are
    /// checked against plain loops written here
    /// from TFLM's embedding_lookup.cc (EvalSimple: row ids[i] of the table, bytes as they are) and reverse.h (the
    /// element at the mirrored coordinate along each reversed axis), over random shapes of rank 1-6; plus TFLM's
    /// refusals.
    /// </summary>
    [TestClass]
    public class EmbeddingLookupReverseLoweringTests
    {
        private static Interpreter Load(CompiledModel c) => new Interpreter(SharedData.LoadOrInconclusive(c.Blob));

        private static string Problem(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        private static byte[] Ints(int[] v)
        {
            var bytes = new byte[v.Length * 4];
            Buffer.BlockCopy(v, 0, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>A random table of 1-8 rows of rank 1-4 and 1-6 ids into it.</summary>
        private static (int Rows, int[] RowShape, int RowSize, sbyte[] Table, int[] Ids) RandomLookup(Random rng)
        {
            int rows = rng.Next(1, 9), n = rng.Next(1, 7);
            int[] rowShape = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => rng.Next(1, 4)).ToArray();
            int rowSize = rowShape.Aggregate(1, (a, b) => a * b);
            var table = new sbyte[rows * rowSize];
            for (int i = 0; i < table.Length; i++) table[i] = (sbyte)rng.Next(-128, 128);
            return (rows, rowShape, rowSize, table, Enumerable.Range(0, n).Select(_ => rng.Next(0, rows)).ToArray());
        }

        [TestMethod]
        public void EmbeddingLookupCopiesTheRowsOfItsIds()
        {
            var rng = new Random(131);
            for (int iter = 0; iter < 40; iter++)
            {
                var (rows, rowShape, rowSize, table, ids) = RandomLookup(rng);
                int n = ids.Length;
                bool constantTable = iter % 3 != 0, constantIds = !constantTable && iter % 2 == 0; // a model needs an input
                var g = new TfliteGraphBuilder();
                int[] tShape = new[] { rows }.Concat(rowShape).ToArray();
                int t = constantTable ? g.Int8Constant(tShape, table, 0.05f, -3, "table") : g.Int8(tShape, 0.05f, -3, "table");
                int x = constantIds ? g.Int32Constant(new[] { n }, ids, "ids") : g.Int32(new[] { n }, "ids");
                int o = g.Int8(new[] { n }.Concat(rowShape).ToArray(), 0.05f, -3, "o");
                g.Op(BuiltinOperator.EmbeddingLookup, new[] { x, t }, new[] { o });
                int[] inputs = (constantIds ? new int[0] : new[] { x }).Concat(constantTable ? new int[0] : new[] { t }).ToArray();
                g.Io(inputs, new[] { o });
                CompiledModel c = ModelCompiler.Compile(g.Build());
                Assert.AreEqual("GATHER", c.Layers[0].Op);
                Assert.AreEqual((0, 0), (c.Layers[0].Param("axis"), c.Layers[0].Param("batch_dims")));
                var interpreter = Load(c);
                int k = 0;
                if (!constantIds) interpreter.GetInput(k++).CopyFromBytes(Ints(ids), 0, 4 * n);
                if (!constantTable) interpreter.GetInput(k).CopyFromBytes((byte[])(Array)table, 0, table.Length);
                interpreter.Invoke();
                var got = new sbyte[n * rowSize];
                interpreter.Output.CopyTo(got, 0);
                var want = new sbyte[n * rowSize];
                for (int i = 0; i < n; i++) Array.Copy(table, ids[i] * rowSize, want, i * rowSize, rowSize);
                CollectionAssert.AreEqual(want, got, $"iteration {iter}");
                if (!constantIds)
                {
                    // an id outside the table, from the model's data: a typed error at invoke (TFLM's Eval stops too)
                    ids[n - 1] = rows;
                    interpreter.GetInput(0).CopyFromBytes(Ints(ids), 0, 4 * n);
                    var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
                    StringAssert.Contains(e.Message, $"reads position {rows} of an axis of {rows} elements");
                }
            }
        }

        [TestMethod]
        public void HybridEmbeddingLookupDequantizesTheRowsOfItsIds()
        {
            // TFLM's EvalHybrid: output[i][j] = table[ids[i]][j] * scale, in float (micro_utils.h Dequantize)
            var rng = new Random(139);
            for (int iter = 0; iter < 30; iter++)
            {
                var (rows, rowShape, rowSize, table, ids) = RandomLookup(rng);
                int n = ids.Length;
                float scale = (float)Math.Exp(rng.NextDouble() * 12 - 9);
                bool constantTable = iter % 3 != 0;
                var g = new TfliteGraphBuilder();
                int[] tShape = new[] { rows }.Concat(rowShape).ToArray();
                int t = constantTable ? g.Int8Constant(tShape, table, scale, 0, "table") : g.Int8(tShape, scale, 0, "table");
                int x = g.Int32(new[] { n }, "ids");
                int o = g.Float32(new[] { n }.Concat(rowShape).ToArray(), "o");
                g.Op(BuiltinOperator.EmbeddingLookup, new[] { x, t }, new[] { o });
                g.Io(constantTable ? new[] { x } : new[] { x, t }, new[] { o });
                CompiledModel c = ModelCompiler.Compile(g.Build());
                CollectionAssert.AreEqual(new[] { "GATHER", "DEQUANTIZE" }, c.Layers.Select(l => l.Op).ToArray());
                var interpreter = Load(c);
                interpreter.GetInput(0).CopyFromBytes(Ints(ids), 0, 4 * n);
                if (!constantTable) interpreter.GetInput(1).CopyFromBytes((byte[])(Array)table, 0, table.Length);
                interpreter.Invoke();
                var got = new byte[4 * n * rowSize];
                interpreter.Output.CopyToBytes(got, 0);
                var want = new float[n * rowSize];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < rowSize; j++) want[i * rowSize + j] = table[ids[i] * rowSize + j] * scale;
                }
                var wantBytes = new byte[got.Length];
                Buffer.BlockCopy(want, 0, wantBytes, 0, wantBytes.Length);
                CollectionAssert.AreEqual(wantBytes, got, $"iteration {iter}");
                ids[0] = -1; // an id outside the table: a typed error at invoke
                interpreter.GetInput(0).CopyFromBytes(Ints(ids), 0, 4 * n);
                var e = Assert.ThrowsExactly<ArgumentException>(() => interpreter.Invoke());
                StringAssert.Contains(e.Message, "reads position -1");
            }
        }

        [TestMethod]
        public void EmbeddingLookupRefusesWhatItCannotRun()
        {
            var g = new TfliteGraphBuilder();
            int t = g.Int8Constant(new[] { 3, 2 }, new sbyte[] { 1, 2, 3, 4, 5, 6 }, 0.05f, 2, "table");
            int x = g.Int32(new[] { 2 }, "ids");
            int o = g.Float32(new[] { 2, 2 }, "o");
            g.Op(BuiltinOperator.EmbeddingLookup, new[] { x, t }, new[] { o });
            g.Io(new[] { x }, new[] { o });
            StringAssert.StartsWith(Problem(g.Build()), "operator 0 (EMBEDDING_LOOKUP): table");
            StringAssert.Contains(Problem(g.Build()), "has zero point 2; the hybrid EMBEDDING_LOOKUP (float32 output) requires 0");

            var h = new TfliteGraphBuilder();
            int ht = h.Int8(new[] { 3, 2 }, 0.05f, 0, "table");
            int hx = h.Int32Constant(new[] { 2 }, new[] { 0, 3 }, "ids");
            int ho = h.Int8(new[] { 2, 2 }, 0.05f, 0, "o");
            h.Op(BuiltinOperator.EmbeddingLookup, new[] { hx, ht }, new[] { ho });
            h.Io(new[] { ht }, new[] { ho });
            StringAssert.Contains(Problem(h.Build()), "id 3 (element 1 of ids) is outside the table's 3 rows");

            var k = new TfliteGraphBuilder();
            int kt = k.Int8Constant(new[] { 3, 2 }, new sbyte[] { 1, 2, 3, 4, 5, 6 }, 0.05f, 0, "table");
            int kx = k.Int32(new[] { 2 }, "ids");
            int ko = k.Int8(new[] { 2, 2 }, 0.1f, 0, "o");
            k.Op(BuiltinOperator.EmbeddingLookup, new[] { kx, kt }, new[] { ko });
            k.Io(new[] { kx }, new[] { ko });
            StringAssert.Contains(Problem(k.Build()), "quantization (0.1, 0) differs from table");
        }

        [TestMethod]
        public void ReverseV2MirrorsItsAxes()
        {
            var rng = new Random(137);
            for (int iter = 0; iter < 90; iter++)
            {
                int rank = rng.Next(1, 7); // 5 and 6: the reversed block as the middle axis of a 3-D view
                int[] shape = Enumerable.Range(0, rank).Select(_ => rng.Next(1, rank > 4 ? 4 : 5)).ToArray();
                int first = rng.Next(0, rank), count = rng.Next(1, rank - first + 1);
                int[] axes = Enumerable.Range(first, count).Select(a => rng.Next(2) == 0 ? a - rank : a).OrderBy(_ => rng.Next()).ToArray();
                bool int16 = iter % 3 == 2;
                int elements = shape.Aggregate(1, (a, b) => a * b), es = int16 ? 2 : 1;
                var input = new byte[elements * es];
                rng.NextBytes(input);
                var g = new TfliteGraphBuilder();
                int x = int16 ? g.Int16(shape, 0.001f, 0, "x") : g.Int8(shape, 0.05f, 4, "x");
                int a = g.Int32Constant(new[] { axes.Length }, axes, "axis");
                int o = int16 ? g.Int16(shape, 0.001f, 0, "o") : g.Int8(shape, 0.05f, 4, "o");
                g.Op(BuiltinOperator.ReverseV2, new[] { x, a }, new[] { o }, new EmptyOptions { Type = BuiltinOptionsType.ReverseV2Options });
                g.Io(new[] { x }, new[] { o });
                CompiledModel c = ModelCompiler.Compile(g.Build());
                Assert.AreEqual(rank > 4 ? "RESHAPE,STRIDED_SLICE,RESHAPE" : "STRIDED_SLICE", string.Join(",", c.Layers.Select(l => l.Op)));
                var interpreter = Load(c);
                interpreter.Input.CopyFromBytes(input, 0, input.Length);
                interpreter.Invoke();
                var got = new byte[input.Length];
                interpreter.Output.CopyToBytes(got, 0);
                var reversed = axes.Select(v => v < 0 ? v + rank : v).ToHashSet();
                var want = new byte[input.Length];
                var coord = new int[rank];
                for (int i = 0; i < elements; i++)
                {
                    int rest = i, from = 0;
                    for (int d = rank - 1; d >= 0; d--)
                    {
                        coord[d] = rest % shape[d];
                        rest /= shape[d];
                    }
                    for (int d = 0; d < rank; d++) from = from * shape[d] + (reversed.Contains(d) ? shape[d] - 1 - coord[d] : coord[d]);
                    Array.Copy(input, from * es, want, i * es, es);
                }
                CollectionAssert.AreEqual(want, got, $"iteration {iter}: shape {string.Join(",", shape)} axes {string.Join(",", axes)}");
            }
        }

        [TestMethod]
        public void ReverseV2RefusesWhatTflmRefuses()
        {
            string Refusal(int[] shape, int[] axes)
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int8(shape, 0.05f, 0, "x");
                int a = g.Int32Constant(new[] { axes.Length }, axes, "axis");
                int o = g.Int8(shape, 0.05f, 0, "o");
                g.Op(BuiltinOperator.ReverseV2, new[] { x, a }, new[] { o });
                g.Io(new[] { x }, new[] { o });
                return Problem(g.Build());
            }
            StringAssert.Contains(Refusal(new[] { 2, 3, 4 }, new[] { 0, 2 }), "are not contiguous; TFLM's REVERSE_V2 refuses them");
            StringAssert.Contains(Refusal(new[] { 2, 3, 4 }, new[] { 1, -2 }), "are not contiguous");
            // an empty axis tensor holds no data: not a constant to the reader
            StringAssert.Contains(Refusal(new[] { 2, 3 }, new int[0]), "is computed at run time; a constant is required");
            StringAssert.Contains(Refusal(new[] { 2, 3 }, new[] { 2 }), "axis 2 is outside [-2, 1]");
            StringAssert.Contains(Refusal(new[] { 1, 2, 1, 2, 3, 2 }, new[] { 1, 3 }), "are not contiguous");
        }
    }
}
