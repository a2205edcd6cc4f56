#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tools.Tests.Compiler;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// The one-operator models of rank 5 and 6 in native-kernels/tests/data/ops/r5_* and r6_*,
    /// written with the project's TFLite writer (TfliteGraphBuilder over TinyMl.Tflite). Their
    /// TFLM outputs (output.bin) come from ../shared/tflm-golden's dump (README there and in
    /// data/ops); OperatorGoldenTests runs them end to end. This test holds the generator: the
    /// committed model.tflite must be exactly what it builds. With TNM_WRITE_RANK_MODELS set to
    /// a directory, it writes the models there instead (how they were made).
    /// </summary>
    [TestClass]
    public class RankGoldenModels
    {
        private static FbTableNode Axis(int axis) => new FbTableNode().Set(0, axis);

        /// <summary>The broadcast of two shapes (right-aligned).</summary>
        private static int[] Broadcast(int[] a, int[] b)
        {
            int rank = Math.Max(a.Length, b.Length);
            var o = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
                int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
                o[i] = Math.Max(da, db);
            }
            return o;
        }

        private static byte[] Binary(int builtin, int[] da, int[] db, bool sameQuant, object? options)
        {
            var g = new TfliteGraphBuilder();
            int a = g.Int8(da, 0.05f, 3, "a");
            int b = sameQuant ? g.Int8(db, 0.05f, 3, "b") : g.Int8(db, 0.04f, -7, "b");
            int o = sameQuant ? g.Int8(Broadcast(da, db), 0.05f, 3, "out") : g.Int8(Broadcast(da, db), 0.09f, 1, "out");
            if (options == null) g.Op(builtin, new[] { a, b }, new[] { o });
            else g.Op(builtin, new[] { a, b }, new[] { o }, options);
            g.Io(new[] { a, b }, new[] { o });
            return g.Build();
        }

        public static IReadOnlyDictionary<string, Func<byte[]>> Cases() => new Dictionary<string, Func<byte[]>>
        {
            ["r6_add"] = () => Binary(BuiltinOperator.Add, new[] { 2, 1, 3, 1, 2, 2 }, new[] { 1, 2, 1, 2, 1, 2 }, false, new AddOptions()),
            ["r6_sub"] = () => Binary(BuiltinOperator.Sub, new[] { 1, 2, 1, 2, 3, 1 }, new[] { 2, 1, 2, 1, 1, 2 }, false, new SubOptions()),
            ["r5_mul"] = () => Binary(BuiltinOperator.Mul, new[] { 2, 1, 3, 1, 2 }, new[] { 3, 2, 2 }, false, new MulOptions()),
            ["r6_mul_same"] = () => Binary(BuiltinOperator.Mul, new[] { 2, 1, 2, 3, 1, 2 }, new[] { 2, 1, 2, 3, 1, 2 }, false, new MulOptions()),
            ["r6_maximum"] = () => Binary(BuiltinOperator.Maximum, new[] { 2, 1, 2, 1, 3, 2 }, new[] { 1, 3, 1, 2, 1, 2 }, true, null),
            ["r6_minimum"] = () => Binary(BuiltinOperator.Minimum, new[] { 1, 2, 2, 1, 3, 1 }, new[] { 2, 1, 1, 2, 3, 2 }, true, null),
            ["r5_prelu"] = () => Binary(BuiltinOperator.Prelu, new[] { 2, 1, 2, 3, 2 }, new[] { 1, 2, 1, 3, 2 }, false, null),
            ["r6_concat"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int a = g.Int8(new[] { 2, 1, 2, 1, 2, 2 }, 0.1f, -4, "a");
                int b = g.Int8(new[] { 2, 1, 2, 3, 2, 2 }, 0.1f, -4, "b");
                int c = g.Int8(new[] { 2, 1, 2, 2, 2, 2 }, 0.1f, -4, "c");
                int o = g.Int8(new[] { 2, 1, 2, 6, 2, 2 }, 0.1f, -4, "out");
                g.Op(BuiltinOperator.Concatenation, new[] { a, b, c }, new[] { o }, new ConcatenationOptions { Axis = -3 });
                g.Io(new[] { a, b, c }, new[] { o });
                return g.Build();
            },
            ["r6_pack_unpack"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int a = g.Int8(new[] { 2, 1, 2, 3, 2 }, 0.1f, 2, "a");
                int b = g.Int8(new[] { 2, 1, 2, 3, 2 }, 0.1f, 2, "b");
                int c = g.Int8(new[] { 2, 1, 2, 3, 2 }, 0.1f, 2, "c");
                int packed = g.Int8(new[] { 2, 1, 3, 2, 3, 2 }, 0.1f, 2, "packed");
                g.Op(BuiltinOperator.Pack, new[] { a, b, c }, new[] { packed }, new PackOptions { ValuesCount = 3, Axis = 2 });
                int x = g.Int8(new[] { 2, 3, 1, 2, 2, 2 }, 0.2f, -1, "x");
                int u0 = g.Int8(new[] { 2, 3, 1, 2, 2 }, 0.2f, -1, "u0");
                int u1 = g.Int8(new[] { 2, 3, 1, 2, 2 }, 0.2f, -1, "u1");
                g.Op(BuiltinOperator.Unpack, new[] { x }, new[] { u0, u1 }, new UnpackOptions { Num = 2, Axis = 3 });
                g.Io(new[] { a, b, c, x }, new[] { packed, u0, u1 });
                return g.Build();
            },
            ["r6_split"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int8(new[] { 2, 1, 2, 1, 4, 3 }, 0.1f, 0, "x");
                int axis = g.Int32Constant(new[] { 1 }, new[] { 4 }, "axis");
                int s0 = g.Int8(new[] { 2, 1, 2, 1, 2, 3 }, 0.1f, 0, "s0");
                int s1 = g.Int8(new[] { 2, 1, 2, 1, 2, 3 }, 0.1f, 0, "s1");
                g.Op(BuiltinOperator.Split, new[] { axis, x }, new[] { s0, s1 }, new SplitOptions { NumSplits = 2 });
                int y = g.Int8(new[] { 1, 2, 2, 1, 3, 4 }, 0.1f, 5, "y");
                int sizes = g.Int32Constant(new[] { 2 }, new[] { 1, 3 }, "sizes");
                int axis2 = g.Int32Constant(new[] { 1 }, new[] { -1 }, "axis2");
                int v0 = g.Int8(new[] { 1, 2, 2, 1, 3, 1 }, 0.1f, 5, "v0");
                int v1 = g.Int8(new[] { 1, 2, 2, 1, 3, 3 }, 0.1f, 5, "v1");
                g.Op(BuiltinOperator.SplitV, new[] { y, sizes, axis2 }, new[] { v0, v1 }, new SplitVOptions { NumSplits = 2 });
                g.Io(new[] { x, y }, new[] { s0, s1, v0, v1 });
                return g.Build();
            },
            ["r6_reshape"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int8(new[] { 1, 2, 1, 3, 1, 2 }, 0.1f, 0, "x");
                int sq = g.Int8(new[] { 2, 1, 3, 2 }, 0.1f, 0, "squeezed");
                g.Op(BuiltinOperator.Squeeze, new[] { x }, new[] { sq }, new SqueezeOptions { SqueezeDims = new[] { 0, 4 } });
                int y = g.Int8(new[] { 2, 3, 2, 2, 2 }, 0.1f, 0, "y");
                int axis = g.Int32Constant(new[] { 1 }, new[] { 3 }, "axis");
                int ex = g.Int8(new[] { 2, 3, 2, 1, 2, 2 }, 0.1f, 0, "expanded");
                g.Op(BuiltinOperator.ExpandDims, new[] { y, axis }, new[] { ex });
                int z = g.Int8(new[] { 4, 3, 2 }, 0.1f, 0, "z");
                int shape = g.Int32Constant(new[] { 6 }, new[] { 1, 2, 1, 3, 2, 2 }, "shape");
                int rz = g.Int8(new[] { 1, 2, 1, 3, 2, 2 }, 0.1f, 0, "reshaped");
                g.Op(BuiltinOperator.Reshape, new[] { z, shape }, new[] { rz }, new ReshapeOptions { NewShape = new[] { 1, 2, 1, 3, 2, 2 } });
                g.Io(new[] { x, y, z }, new[] { sq, ex, rz });
                return g.Build();
            },
            ["r6_reduce"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int8(new[] { 2, 3, 2, 2, 3, 2 }, 0.05f, 3, "x");
                int axes1 = g.Int32Constant(new[] { 3 }, new[] { 1, 3, -1 }, "axes1");
                int mean = g.Int8(new[] { 2, 2, 3 }, 0.03f, -2, "mean");
                g.Op(BuiltinOperator.Mean, new[] { x, axes1 }, new[] { mean }, new ReducerOptions { KeepDims = false });
                int axes2 = g.Int32Constant(new[] { 2 }, new[] { 0, 4 }, "axes2");
                int sum = g.Int8(new[] { 1, 3, 2, 2, 1, 2 }, 0.2f, 1, "sum");
                g.Op(BuiltinOperator.Sum, new[] { x, axes2 }, new[] { sum }, new ReducerOptions { KeepDims = true });
                g.Io(new[] { x }, new[] { mean, sum });
                return g.Build();
            },
            ["r5_slice"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int x = g.Int8(new[] { 2, 3, 2, 3, 4 }, 0.1f, 0, "x");
                int begin = g.Int32Constant(new[] { 5 }, new[] { 1, 0, 1, 0, 1 }, "begin");
                int size = g.Int32Constant(new[] { 5 }, new[] { 1, -1, 1, 2, 2 }, "size");
                int o = g.Int8(new[] { 1, 3, 1, 2, 2 }, 0.1f, 0, "out");
                g.Op(BuiltinOperator.Slice, new[] { x, begin, size }, new[] { o });
                g.Io(new[] { x }, new[] { o });
                return g.Build();
            },
            ["r6_activations"] = () =>
            {
                var g = new TfliteGraphBuilder();
                int[] d = { 2, 1, 2, 3, 1, 4 };
                int x = g.Int8(d, 0.06f, -5, "x");
                var outs = new List<int>();
                int o = g.Int8(d, 1f / 256, -128, "logistic"); g.Op(BuiltinOperator.Logistic, new[] { x }, new[] { o }); outs.Add(o);
                o = g.Int8(d, 1f / 128, 0, "tanh"); g.Op(BuiltinOperator.Tanh, new[] { x }, new[] { o }); outs.Add(o);
                o = g.Int8(d, 0.05f, -20, "hard_swish"); g.Op(BuiltinOperator.HardSwish, new[] { x }, new[] { o }); outs.Add(o);
                o = g.Int8(d, 0.04f, 10, "leaky_relu"); g.Op(BuiltinOperator.LeakyRelu, new[] { x }, new[] { o }, new LeakyReluOptions { Alpha = 0.2f }); outs.Add(o);
                o = g.Int8(d, 0.03f, -128, "relu"); g.Op(BuiltinOperator.Relu, new[] { x }, new[] { o }); outs.Add(o);
                o = g.Int8(d, 0.06f, -5, "relu6"); g.Op(BuiltinOperator.Relu6, new[] { x }, new[] { o }); outs.Add(o);
                o = g.Int8(d, 1f / 256, -128, "softmax"); g.Op(BuiltinOperator.Softmax, new[] { x }, new[] { o }, new SoftmaxOptions { Beta = 1f }); outs.Add(o);
                o = g.Int8(d, 0.1f, 7, "quantize"); g.Op(BuiltinOperator.Quantize, new[] { x }, new[] { o }); outs.Add(o);
                o = g.UInt8(d, 0.05f, 120, "quantize_u8"); g.Op(BuiltinOperator.Quantize, new[] { x }, new[] { o }); outs.Add(o);
                g.Io(new[] { x }, outs.ToArray());
                return g.Build();
            },
        };

        [TestMethod]
        public void CommittedModelsAreWhatTheGeneratorBuilds()
        {
            string root = Path.Combine(SharedData.SourceRoot(), "native-kernels", "tests", "data", "ops");
            string? write = Environment.GetEnvironmentVariable("TNM_WRITE_RANK_MODELS");
            foreach (var kv in Cases())
            {
                byte[] model = kv.Value();
                if (!string.IsNullOrEmpty(write))
                {
                    Directory.CreateDirectory(Path.Combine(write, kv.Key));
                    File.WriteAllBytes(Path.Combine(write, kv.Key, "model.tflite"), model);
                    continue;
                }
                string path = Path.Combine(root, kv.Key, "model.tflite");
                Assert.IsTrue(File.Exists(path), path);
                CollectionAssert.AreEqual(File.ReadAllBytes(path), model, kv.Key);
            }
        }
    }
}
