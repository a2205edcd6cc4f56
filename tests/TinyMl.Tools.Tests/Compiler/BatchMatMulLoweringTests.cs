#nullable enable
using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;
using TensorType = TinyMl.Tflite.TensorType;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// BATCH_MATMUL's lowering: its parameters are TFLM's Prepare (the multiplier from the
    /// scales' product in float) on the committed golden model (native-kernels/tests/data/
    /// batch_matmul, which OperatorGoldenTests runs end to end); small crafted models through the
    /// compiler and the device library against bytes worked out here (multiplier exactly 1);
    /// and the models TFLM or the runtime cannot run are refused with the operator and the reason.
    /// </summary>
    [TestClass]
    public class BatchMatMulLoweringTests
    {
        private static byte[] Golden() => File.ReadAllBytes(Path.Combine(SharedData.SourceRoot(), "native-kernels", "tests", "data", "batch_matmul", "model.tflite"));

        /// <summary>The golden model with some tensors changed.</summary>
        private static byte[] Changed(Func<TfliteTensor, TfliteTensor> tensor)
        {
            TfliteModel m = TfliteModel.Read(Golden());
            TfliteSubgraph sg = m.Subgraphs[0];
            var sub = new TfliteSubgraph
            {
                Index = 0, Name = sg.Name, Inputs = sg.Inputs, Outputs = sg.Outputs,
                Tensors = sg.Tensors.Select(tensor).ToList(), Operators = sg.Operators,
            };
            return new TfliteModel { Version = m.Version, OperatorCodes = m.OperatorCodes, Buffers = m.Buffers, Subgraphs = new[] { sub } }.Write();
        }

        private static TfliteTensor With(TfliteTensor t, TensorType? type = null, TfliteQuantization? quant = null, bool dropQuant = false) => new()
        {
            Index = t.Index, Name = t.Name, Type = type ?? t.Type, Shape = t.Shape, Buffer = t.Buffer,
            Quantization = dropQuant ? null : quant ?? t.Quantization, ShapeSignature = t.ShapeSignature, HasRank = t.HasRank,
        };

        private static string Refusal(byte[] model) =>
            Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(model)).Problems[0];

        [TestMethod]
        public void ParametersAreTflmsPrepare()
        {
            TfliteModel model = TfliteModel.Read(Golden());
            TfliteSubgraph sg = model.Subgraphs[0];
            CompiledModel c = ModelCompiler.Compile(Golden());
            var layers = c.Layers.Where(l => l.Op == "BATCH_MATMUL").ToArray();
            Assert.AreEqual(11, layers.Length);
            for (int k = 0; k < 11; k++)
            {
                TfliteOperator op = sg.Operators[k];
                TfliteTensor l = sg.Tensors[op.Inputs[0]], r = sg.Tensors[op.Inputs[1]], o = sg.Tensors[op.Outputs[0]];
                float sl = l.Quantization!.Scale[0], sr = r.Quantization!.Scale[0], so = o.Quantization!.Scale[0];
                var expected = QuantizationMath.QuantizeMultiplier((double)(float)(sl * sr) / (double)so);
                var options = (BatchMatMulOptions?)op.BuiltinOptions ?? new BatchMatMulOptions();
                CompiledLayer layer = layers[k];
                Assert.AreEqual(expected.Multiplier, layer.Param("output_multiplier"), $"layer {k}");
                Assert.AreEqual(expected.Shift, layer.Param("output_shift"), $"layer {k}");
                Assert.AreEqual(-(int)l.Quantization.ZeroPoint[0], layer.Param("lhs_offset"));
                Assert.AreEqual(-(int)r.Quantization.ZeroPoint[0], layer.Param("rhs_offset"));
                Assert.AreEqual((int)o.Quantization!.ZeroPoint[0], layer.Param("output_offset"));
                Assert.AreEqual(options.AdjX ? 1 : 0, layer.Param("adj_x"));
                Assert.AreEqual(options.AdjY ? 1 : 0, layer.Param("adj_y"));
            }
            // the float product matters: 0.05f * 0.04f / 0.5f in double gives 1099511620, TFLM 1099511680
            Assert.AreEqual(1099511680, layers[0].Param("output_multiplier"));
            Assert.AreEqual(-7, layers[0].Param("output_shift"));
            Assert.AreEqual(1099511620, QuantizationMath.QuantizeMultiplier((double)0.05f * (double)0.04f / (double)0.5f).Multiplier);
            // the constants stay as the model holds them (no transposed copy): c1, c2, c3, c16
            Assert.AreEqual(20 + 15 + 20 + 16, c.Tensors.Where(t => t.IsConstant).Sum(t => t.Size));
        }

        /// <summary>out = clamp(sum (l - zl)(r - zr) + zo) with a multiplier of exactly 1.</summary>
        private static sbyte[] Expected(sbyte[] l, int[] ls, sbyte[] r, int[] rs, bool adjX, bool adjY, int zl, int zr, int zo)
        {
            // lhs [lb, rows, depth] (or [lb, depth, rows]); rhs [depth, cols] or [cols, depth], one matrix
            int rows = adjX ? ls[^1] : ls[^2], depth = adjX ? ls[^2] : ls[^1], cols = adjY ? rs[^2] : rs[^1];
            int batches = l.Length / (rows * depth);
            var o = new sbyte[batches * rows * cols];
            for (int b = 0; b < batches; b++)
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++)
                    {
                        int sum = 0;
                        for (int k = 0; k < depth; k++)
                        {
                            int lv = l[b * rows * depth + (adjX ? k * rows + i : i * depth + k)];
                            int rv = r[adjY ? j * depth + k : k * cols + j];
                            sum += (lv - zl) * (rv - zr);
                        }
                        o[(b * rows + i) * cols + j] = (sbyte)Math.Clamp(sum + zo, -128, 127);
                    }
            return o;
        }

        [TestMethod]
        public void SmallProductsGiveTheBytesWorkedOutHere()
        {
            var rng = new Random(51);
            foreach (bool constRhs in new[] { false, true })
                foreach (bool adjX in new[] { false, true })
                    foreach (bool adjY in new[] { false, true })
                    {
                        // lhs [2, 3, 4] (adj_x: [2, 4, 3]) x rhs [4, 5] (adj_y: [5, 4]) -> [2, 3, 5]; 0.5 x 0.25 / 0.125 = 1
                        int[] ls = adjX ? new[] { 2, 4, 3 } : new[] { 2, 3, 4 }, rs = adjY ? new[] { 5, 4 } : new[] { 4, 5 };
                        sbyte[] l = Enumerable.Range(0, 24).Select(_ => (sbyte)rng.Next(-6, 7)).ToArray();
                        sbyte[] r = Enumerable.Range(0, 20).Select(_ => (sbyte)rng.Next(-6, 7)).ToArray();
                        var g = new TfliteGraphBuilder();
                        int lt = g.Int8(ls, 0.5f, 1, "lhs");
                        int rt = constRhs ? g.Int8Constant(rs, r, 0.25f, -2, "rhs") : g.Int8(rs, 0.25f, -2, "rhs");
                        int ot = g.Int8(new[] { 2, 3, 5 }, 0.125f, 3, "out");
                        g.Op(BuiltinOperator.BatchMatMul, new[] { lt, rt }, new[] { ot }, new BatchMatMulOptions { AdjX = adjX, AdjY = adjY });
                        g.Io(constRhs ? new[] { lt } : new[] { lt, rt }, new[] { ot });
                        CompiledModel c = ModelCompiler.Compile(g.Build());
                        var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
                        interpreter.Input.CopyFromBytes((byte[])(Array)l, 0, l.Length);
                        if (!constRhs) interpreter.GetInput(1).CopyFromBytes((byte[])(Array)r, 0, r.Length);
                        interpreter.Invoke();
                        var got = new sbyte[30];
                        interpreter.Output.CopyTo(got, 0);
                        CollectionAssert.AreEqual(Expected(l, ls, r, rs, adjX, adjY, 1, -2, 3), got, $"const {constRhs} adj_x {adjX} adj_y {adjY}");
                    }
        }

        [TestMethod]
        public void ModelsTflmOrTheRuntimeCannotRunAreRefusedByName()
        {
            // hybrid: float32 lhs, int8 rhs (TFLM requires one type); float32 throughout
            string e = Refusal(Changed(t => t.Name == "a" ? With(t, TensorType.Float32, dropQuant: true) : t));
            StringAssert.StartsWith(e, "operator 0 (BATCH_MATMUL): hybrid BATCH_MATMUL (float32 lhs, int8 rhs) is not supported");
            e = Refusal(Changed(t => t.Name is "a" or "b" or "o0" ? With(t, TensorType.Float32, dropQuant: true) : t));
            StringAssert.StartsWith(e, "operator 0 (BATCH_MATMUL): float32 BATCH_MATMUL is not supported (int8, int16)");
            // int32 output (TFLM: the inputs' type)
            e = Refusal(Changed(t => t.Name == "o0" ? With(t, TensorType.Int32) : t));
            StringAssert.StartsWith(e, "operator 0 (BATCH_MATMUL): output type int32 differs from the inputs' int8");
            // a per-channel constant rhs (TFLM would read its first scale only)
            e = Refusal(Changed(t => t.Name == "c1"
                ? With(t, quant: new TfliteQuantization { Scale = new[] { 0.02f, 0.03f, 0.04f, 0.05f }, ZeroPoint = new long[] { 0, 0, 0, 0 }, QuantizedDimension = 2 })
                : t));
            StringAssert.StartsWith(e, "operator 1 (BATCH_MATMUL): rhs tensor 13 'c1'");
            StringAssert.Contains(e, "is quantized per channel (4 scales)");
            // int16 with a zero point
            e = Refusal(Changed(t => t.Name == "g" ? With(t, quant: new TfliteQuantization { Scale = new[] { 0.0015f }, ZeroPoint = new long[] { 3 } }) : t));
            StringAssert.StartsWith(e, "operator 9 (BATCH_MATMUL): int16 BATCH_MATMUL needs zero point 0 on lhs, rhs and output (TFLite Micro); rhs has 3");

            // shapes
            string Shapes(int[] ls, int[] rs, int[] os, bool adjX = false, bool adjY = false)
            {
                var g = new TfliteGraphBuilder();
                int lt = g.Int8(ls, 0.5f, 0, "lhs"), rt = g.Int8(rs, 0.5f, 0, "rhs"), ot = g.Int8(os, 0.5f, 0, "out");
                g.Op(BuiltinOperator.BatchMatMul, new[] { lt, rt }, new[] { ot }, new BatchMatMulOptions { AdjX = adjX, AdjY = adjY });
                g.Io(new[] { lt, rt }, new[] { ot });
                return Refusal(g.Build());
            }
            StringAssert.StartsWith(Shapes(new[] { 4 }, new[] { 4, 2 }, new[] { 2 }),
                "operator 0 (BATCH_MATMUL): lhs shape [4] has rank 1; BATCH_MATMUL takes rank 2 to 5");
            StringAssert.StartsWith(Shapes(new[] { 2, 3, 4 }, new[] { 3, 4, 5 }, new[] { 3, 3, 5 }),
                "operator 0 (BATCH_MATMUL): batch dims of lhs [2, 3, 4] and rhs [3, 4, 5] do not broadcast (2 and 3 at output dim 0)");
            StringAssert.StartsWith(Shapes(new[] { 3, 4 }, new[] { 3, 5 }, new[] { 3, 5 }),
                "operator 0 (BATCH_MATMUL): lhs [3, 4] (adj_x false) has depth 4, rhs [3, 5] (adj_y false) has 3; they must agree");
            StringAssert.StartsWith(Shapes(new[] { 3, 4 }, new[] { 5, 4 }, new[] { 3, 4 }, adjY: true),
                "operator 0 (BATCH_MATMUL): output shape [3, 4] differs from BATCH_MATMUL's [3, 5]");
            StringAssert.StartsWith(Shapes(new[] { 1, 1, 1, 1, 3, 4 }, new[] { 4, 5 }, new[] { 1, 1, 1, 1, 3, 5 }),
                "operator 0 (BATCH_MATMUL): tensor 0 'lhs' has rank 6");
        }
    }
}
