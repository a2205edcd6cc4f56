#nullable enable
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Tensors of rank 5 and 6 (blob format 3): compiled, run, and their shapes read back whole
    /// through the device library; and each operator's rank limit (TFLite Micro's kernel) refused
    /// by the compiler with a message naming the operator, the tensor and the rank.
    /// </summary>
    [TestClass]
    public class RankTests
    {
        private static FbTableNode Axis(int axis) => new FbTableNode().Set(0, axis);

        [TestMethod]
        public void SixDimensionalConcatenationAndAddRunAndReportAllDims()
        {
            int[] da = { 2, 1, 2, 1, 3, 2 }, db = { 2, 1, 1, 1, 3, 2 }, dout = { 2, 1, 3, 1, 3, 2 };
            var g = new TfliteGraphBuilder();
            int a = g.Int8(da, 0.5f, 0, "a");
            int b = g.Int8(db, 0.5f, 0, "b");
            int joined = g.Int8(dout, 0.5f, 0, "joined");
            int sum = g.Int8(dout, 0.5f, 0, "sum");
            g.Op(BuiltinOperator.Concatenation, new[] { a, b }, new[] { joined }, BuiltinOptionsType.ConcatenationOptions, Axis(2));
            // joined + b, b broadcast along axis 2 (a 6-D broadcast; same scales: exact sums)
            g.Op(BuiltinOperator.Add, new[] { joined, b }, new[] { sum }, BuiltinOptionsType.AddOptions, new FbTableNode());
            g.Io(new[] { a, b }, new[] { joined, sum });

            CompiledModel c = ModelCompiler.Compile(g.Build());
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(c.Blob));
            Tensor ta = interpreter.GetInput(0);
            Assert.AreEqual(6, ta.Rank);
            CollectionAssert.AreEqual(da, ta.Shape);
            CollectionAssert.AreEqual(dout, interpreter.GetOutput(1).Shape);
            Assert.AreEqual(36, interpreter.GetOutput(0).ElementCount);
            Assert.AreEqual("[2,1,3,1,3,2]", interpreter.Model.GetTensorInfo(c.Outputs[0]).ShapeText);

            sbyte[] va = Enumerable.Range(0, 24).Select(i => (sbyte)(i - 12)).ToArray();
            sbyte[] vb = Enumerable.Range(0, 12).Select(i => (sbyte)(3 * i - 20)).ToArray();
            ta.CopyFrom(va, 0, va.Length);
            interpreter.GetInput(1).CopyFrom(vb, 0, vb.Length);
            interpreter.Invoke();
            // the reference: outer index o (dims 0..1) = 2, along axis 2: 2 rows of a then 1 of b, rows of 6
            var expectJoined = new sbyte[36];
            var expectSum = new sbyte[36];
            for (int o = 0; o < 2; o++)
            {
                for (int r = 0; r < 3; r++)
                {
                    for (int k = 0; k < 6; k++)
                    {
                        sbyte v = r < 2 ? va[(o * 2 + r) * 6 + k] : vb[o * 6 + k];
                        expectJoined[(o * 3 + r) * 6 + k] = v;
                        expectSum[(o * 3 + r) * 6 + k] = (sbyte)System.Math.Clamp(v + vb[o * 6 + k], -128, 127);
                    }
                }
            }
            var got = new sbyte[36];
            interpreter.GetOutput(0).CopyTo(got, 0);
            CollectionAssert.AreEqual(expectJoined, got);
            interpreter.GetOutput(1).CopyTo(got, 0);
            CollectionAssert.AreEqual(expectSum, got);
        }

        [TestMethod]
        public void RanksBeyondTheOperatorsLimitAreRefusedNamingOperatorAndRank()
        {
            // TRANSPOSE: TFLM's kernel takes 1-D to 5-D
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 1, 2, 1, 2, 1, 2 }, 0.5f, 0, "x");
            int y = g.Int8(new[] { 2, 1, 2, 1, 2, 1 }, 0.5f, 0, "y");
            int perm = g.Int32Constant(new[] { 6 }, new[] { 5, 4, 3, 2, 1, 0 }, "perm");
            g.Op(BuiltinOperator.Transpose, new[] { x, perm }, new[] { y }, BuiltinOptionsType.TransposeOptions, new FbTableNode());
            g.Io(new[] { x }, new[] { y });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(g.Build()));
            StringAssert.Contains(e.Message, "operator 0 (TRANSPOSE)");
            StringAssert.Contains(e.Message, "has rank 6 [1, 2, 1, 2, 1, 2]; TRANSPOSE takes at most 5 dimensions");

            // RELU takes 6-D but no 7-D tensor fits the blob
            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 1, 2, 1, 2, 1, 2, 1 }, 0.5f, 0, "x");
            y = g.Int8(new[] { 1, 2, 1, 2, 1, 2, 1 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.Relu, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(g.Build()));
            StringAssert.Contains(e.Message, "RELU takes at most 6 dimensions");

            // AVERAGE_POOL_2D: 4-D only
            g = new TfliteGraphBuilder();
            x = g.Int8(new[] { 1, 2, 2, 2, 1 }, 0.5f, 0, "x");
            y = g.Int8(new[] { 1, 2, 2, 2, 1 }, 0.5f, 0, "y");
            g.Op(BuiltinOperator.AveragePool2D, new[] { x }, new[] { y });
            g.Io(new[] { x }, new[] { y });
            e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(g.Build()));
            StringAssert.Contains(e.Message, "AVERAGE_POOL_2D takes at most 4 dimensions");
        }
    }
}
