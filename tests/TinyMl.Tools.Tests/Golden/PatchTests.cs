using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Compiler;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// Patch-based execution (PatchPlanner; blob layer flag TNM_LAYER_STRIP): a model's first
    /// stage run in row strips gives the same bytes as ordinary execution, on every shared model
    /// (patches forced, several stage lengths and strip counts) and on a model made for it,
    /// where the compiler picks the strips by itself because they lower the arena; the runtime
    /// refuses malformed strip layers with typed errors.
    /// </summary>
    [TestClass]
    public class PatchTests
    {
        private static readonly string[] Models =
            { "kws_ref_model", "ad01_int8", "micro_speech_quantized", "vww_96_int8", "pretrainedResnet_quant", "trained_lstm_int8", "okay_nabu_v2" };

        /// <summary>The model outputs for random inputs (the same for every blob of one model).</summary>
        private static byte[] Run(byte[] blob, int seed)
        {
            Model model = SharedData.LoadOrInconclusive(blob);
            var interpreter = new Interpreter(model);
            for (int i = 0; i < interpreter.InputCount; i++)
            {
                Tensor t = interpreter.GetInput(i);
                var input = new byte[t.ByteLength];
                new Random(seed * 7919 + i).NextBytes(input);
                if (t.Type == TinyMl.Nano.TensorType.Float32)
                {
                    var f = new float[t.ByteLength / 4];
                    var rng = new Random(seed + i);
                    for (int k = 0; k < f.Length; k++) f[k] = (float)(rng.NextDouble() * 2 - 1);
                    Buffer.BlockCopy(f, 0, input, 0, input.Length);
                }
                t.CopyFromBytes(input, 0, t.ByteLength);
            }
            for (int i = 0; i < interpreter.LayerCount; i++) interpreter.InvokeLayer(i);
            return GoldenTests.Outputs(interpreter);
        }

        private static void SameOutputs(byte[] ordinary, byte[] patched, string what)
        {
            for (int seed = 1; seed <= 2; seed++)
                Assert.IsNull(SharedData.Difference(Run(ordinary, seed), Run(patched, seed)), $"{what} seed {seed}");
        }

        [TestMethod]
        public void PatchesGiveTheSameBytesAsOrdinaryExecutionOnEveryGoldenModel()
        {
            int patched = 0;
            foreach (string name in Models)
            {
                byte[] tflite = SharedData.ReadModel(name);
                CompiledModel ordinary = ModelCompiler.Compile(tflite, new CompileOptions { Patches = PatchMode.Off });
                Assert.IsFalse(ordinary.Layers.Any(l => l.Strip >= 0), name);
                // The compiler's own choice is never worse than no patches.
                CompiledModel auto = ModelCompiler.Compile(tflite);
                Assert.IsTrue(auto.ArenaSize <= ordinary.ArenaSize, $"{name}: auto {auto.ArenaSize} > {ordinary.ArenaSize}");
                if (auto.PatchStage.Count == 0) CollectionAssert.AreEqual(ordinary.Blob, auto.Blob, name);
                var forced = new List<(string What, CompileOptions Options)>
                {
                    ("forced", new CompileOptions { Patches = PatchMode.Force }),
                    ("1 layer, 3 strips", new CompileOptions { Patches = PatchMode.Force, PatchLayers = 1, PatchStrips = 3 }),
                    ("2 layers, 8 strips", new CompileOptions { Patches = PatchMode.Force, PatchLayers = 2, PatchStrips = 8 }),
                    ("forced, no in place", new CompileOptions { Patches = PatchMode.Force, InPlace = false, PatchStrips = 5 }),
                };
                foreach (var (what, options) in forced)
                {
                    CompiledModel m = ModelCompiler.Compile(tflite, options);
                    if (m.PatchStage.Count == 0) continue;
                    patched++;
                    Assert.AreEqual(m.PatchStrips * m.PatchStage.Count, m.Layers.Count(l => l.Strip >= 0), $"{name} {what}");
                    Assert.AreEqual(ordinary.Layers.Count + (m.PatchStrips - 1) * m.PatchStage.Count, m.Layers.Count, $"{name} {what}");
                    SameOutputs(ordinary.Blob, m.Blob, $"{name} {what}");
                    StageOutputMatchesTflm(name, ordinary, m);
                }
            }
            Assert.IsTrue(patched >= 8, $"only {patched} patched blobs");
        }

        /// <summary>With the golden input (seed 1), the stage's output tensor right after its last
        /// strip is TFLM's, and so is every dumped tensor of the model.</summary>
        private static void StageOutputMatchesTflm(string name, CompiledModel ordinary, CompiledModel m)
        {
            string dir = Path.Combine(SharedData.Root(), "golden", name, "seed1");
            if (!Directory.Exists(dir)) return;
            Model model = SharedData.LoadOrInconclusive(m.Blob);
            var interpreter = new Interpreter(model);
            byte[] input = File.ReadAllBytes(Path.Combine(dir, "input.bin"));
            SharedData.CopyInputs(interpreter, input);
            int yTflite = ordinary.Tensors[ordinary.Layers[m.PatchStage[^1]].OutputTensor].TfliteIndex;
            int y = m.Tensors.First(t => t.TfliteIndex == yTflite && !t.IsConstant).Index;
            int lastStrip = m.Layers.Last(l => l.Strip >= 0).Index;
            int compared = 0;
            for (int i = 0; i < interpreter.LayerCount; i++)
            {
                interpreter.InvokeLayer(i);
                var check = new List<int>();
                foreach (int o in m.Layers[i].Outputs) if (m.Tensors[o].TfliteIndex >= 0 && m.Tensors[o].TfliteSubgraph == 0) check.Add(o);
                if (i == lastStrip) check.Add(y);
                foreach (int o in check)
                {
                    string path = Path.Combine(dir, "t" + m.Tensors[o].TfliteIndex.ToString("D3", CultureInfo.InvariantCulture) + ".bin");
                    if (!File.Exists(path)) continue;
                    Tensor t = interpreter.GetTensor(o);
                    var b = new byte[t.ByteLength];
                    t.CopyToBytes(b, 0);
                    Assert.IsNull(SharedData.Difference(File.ReadAllBytes(path), b), $"{name}: layer {i} tensor {o} against TFLM");
                    compared++;
                }
            }
            Assert.IsTrue(compared > 1, name);
        }

        /// <summary>A 64x64 RGB input, a stride-1 convolution to 16 channels (64 KB), a depthwise
        /// convolution (64 KB), a stride-2 convolution (16 KB), then a pool and a classifier:
        /// the first stage's intermediates dominate the arena.</summary>
        internal static byte[] WideStemModel(int inH = 64, int inW = 64)
        {
            var g = new TfliteGraphBuilder();
            var rng = new Random(5);
            sbyte[] Weights(int n) { var w = new sbyte[n]; for (int i = 0; i < n; i++) w[i] = (sbyte)rng.Next(-127, 128); return w; }
            int x = g.Int8(new[] { 1, inH, inW, 3 }, 0.02f, -3, "image");
            int a = g.Int8(new[] { 1, inH, inW, 16 }, 0.05f, 4, "stem");
            int b = g.Int8(new[] { 1, inH, inW, 16 }, 0.04f, -2, "dw");
            int c = g.Int8(new[] { 1, (inH + 1) / 2, (inW + 1) / 2, 16 }, 0.06f, 1, "down");
            int d = g.Int8(new[] { 1, 1, 1, 16 }, 0.06f, 1, "pooled");
            int w1 = g.Int8Constant(new[] { 16, 3, 3, 3 }, Weights(16 * 27), 0.01f, 0, "w1");
            int w2 = g.Int8Constant(new[] { 1, 3, 3, 16 }, Weights(16 * 9), 0.02f, 0, "w2");
            int w3 = g.Int8Constant(new[] { 16, 3, 3, 16 }, Weights(16 * 144), 0.003f, 0, "w3");
            g.Op(BuiltinOperator.Conv2D, new[] { x, w1, -1 }, new[] { a },
                 new Conv2DOptions { Padding = Padding.Same, StrideH = 1, StrideW = 1, Activation = ActivationFunction.Relu });
            g.Op(BuiltinOperator.DepthwiseConv2D, new[] { a, w2, -1 }, new[] { b },
                 new DepthwiseConv2DOptions { Padding = Padding.Same, StrideH = 1, StrideW = 1, DepthMultiplier = 1, Activation = ActivationFunction.Relu6 });
            g.Op(BuiltinOperator.Conv2D, new[] { b, w3, -1 }, new[] { c },
                 new Conv2DOptions { Padding = Padding.Same, StrideH = 2, StrideW = 2 });
            g.Op(BuiltinOperator.AveragePool2D, new[] { c }, new[] { d },
                 new Pool2DOptions { Padding = Padding.Valid, StrideH = 1, StrideW = 1, FilterHeight = (inH + 1) / 2, FilterWidth = (inW + 1) / 2 });
            g.Io(new[] { x }, new[] { d });
            return g.Build();
        }

        /// <summary>A small image through four 3x3 layers: strips of it recompute a wide halo.</summary>
        internal static byte[] DeepStemModel(int inH, int inW)
        {
            var g = new TfliteGraphBuilder();
            var rng = new Random(9);
            sbyte[] Weights(int n) { var w = new sbyte[n]; for (int i = 0; i < n; i++) w[i] = (sbyte)rng.Next(-127, 128); return w; }
            int x = g.Int8(new[] { 1, inH, inW, 3 }, 0.02f, -3, "image");
            int a = g.Int8(new[] { 1, inH, inW, 32 }, 0.05f, 4, "c1");
            int b = g.Int8(new[] { 1, inH, inW, 32 }, 0.04f, -2, "c2");
            int c = g.Int8(new[] { 1, inH, inW, 32 }, 0.04f, 3, "c3");
            int d = g.Int8(new[] { 1, (inH + 1) / 2, (inW + 1) / 2, 8 }, 0.06f, 1, "down");
            int e = g.Int8(new[] { 1, 1, 1, 8 }, 0.06f, 1, "pooled");
            int w1 = g.Int8Constant(new[] { 32, 3, 3, 3 }, Weights(32 * 27), 0.01f, 0, "w1");
            int w2 = g.Int8Constant(new[] { 32, 3, 3, 32 }, Weights(32 * 288), 0.002f, 0, "w2");
            int w3 = g.Int8Constant(new[] { 32, 3, 3, 32 }, Weights(32 * 288), 0.002f, 0, "w3");
            int w4 = g.Int8Constant(new[] { 8, 3, 3, 32 }, Weights(8 * 288), 0.002f, 0, "w4");
            var same = new Conv2DOptions { Padding = Padding.Same, StrideH = 1, StrideW = 1, Activation = ActivationFunction.Relu };
            g.Op(BuiltinOperator.Conv2D, new[] { x, w1, -1 }, new[] { a }, same);
            g.Op(BuiltinOperator.Conv2D, new[] { a, w2, -1 }, new[] { b }, same);
            g.Op(BuiltinOperator.Conv2D, new[] { b, w3, -1 }, new[] { c }, same);
            g.Op(BuiltinOperator.Conv2D, new[] { c, w4, -1 }, new[] { d },
                 new Conv2DOptions { Padding = Padding.Same, StrideH = 2, StrideW = 2 });
            g.Op(BuiltinOperator.AveragePool2D, new[] { d }, new[] { e },
                 new Pool2DOptions { Padding = Padding.Valid, StrideH = 1, StrideW = 1, FilterHeight = (inH + 1) / 2, FilterWidth = (inW + 1) / 2 });
            g.Io(new[] { x }, new[] { e });
            return g.Build();
        }

        /// <summary>
        /// A convolution without a bias gets a constant of zeros (the same sums): the kernels' fast
        /// paths start from a bias (Cortex-M: without one CONV_2D fell to the generic loop, 13
        /// instructions/MAC on this stem's first layer instead of about 2). Same bytes as TFLite.
        /// </summary>
        [TestMethod]
        public void ConvolutionsWithoutBiasGetAZeroBias()
        {
            CompiledModel m = ModelCompiler.Compile(WideStemModel(), new CompileOptions { Patches = PatchMode.Off });
            foreach (CompiledLayer l in m.Layers.Where(l => l.Op == "CONV_2D" || l.Op == "DEPTHWISE_CONV_2D"))
            {
                Assert.AreEqual(3, l.Inputs.Length, $"layer {l.Index}");
                CompiledTensor bias = m.Tensors[l.Inputs[2]];
                Assert.AreEqual("INT32", bias.Type.ToUpperInvariant(), $"layer {l.Index}");
                Assert.AreEqual(l.OutputShape[^1], bias.Shape[0], $"layer {l.Index}");
                Assert.AreEqual(-1, bias.TfliteIndex, $"layer {l.Index}: made by the compiler");
                Assert.IsTrue(bias.IsConstant, $"layer {l.Index}");
                Assert.AreEqual(4 * bias.Shape[0], bias.Size, $"layer {l.Index}");
                Assert.IsTrue(m.Blob.AsSpan(bias.Offset, bias.Size).IndexOfAnyExcept((byte)0) < 0, $"layer {l.Index}: zeros");
            }
            // the outputs: TFLite's reference semantics without a bias are the same sums
            SameOutputs(ModelCompiler.Compile(WideStemModel(), new CompileOptions { Patches = PatchMode.Off, InPlace = false }).Blob, m.Blob, "zero bias");
        }

        [TestMethod]
        public void TheCompilerChoosesPatchesWhereTheyLowerTheArena()
        {
            byte[] tflite = WideStemModel();
            CompiledModel ordinary = ModelCompiler.Compile(tflite, new CompileOptions { Patches = PatchMode.Off });
            CompiledModel auto = ModelCompiler.Compile(tflite);
            CollectionAssert.AreEqual(new[] { 0, 1, 2 }, auto.PatchStage.ToArray());
            Assert.AreEqual(ordinary.ArenaSize, auto.ArenaWithoutPatches);
            Assert.IsTrue(auto.ArenaSize * 3 < ordinary.ArenaSize * 2, $"patches {auto.ArenaSize}, ordinary {ordinary.ArenaSize}");
            SameOutputs(ordinary.Blob, auto.Blob, "auto");
            // The stage's output reuses the bytes of input rows no later strip reads.
            CompiledTensor x = auto.Tensors[auto.Inputs[0]], y = auto.Tensors.First(t => t.Name == "down" && t.TfliteIndex >= 0);
            Assert.IsTrue(y.Offset < x.Offset + x.Size && x.Offset < y.Offset + y.Size, $"input {x.Offset}+{x.Size}, output {y.Offset}+{y.Size}");
            // Every stage length and strip count, odd sizes too (a 61x37 image: strips of unequal
            // rows, the last one's bottom padding).
            foreach (byte[] model in new[] { tflite, WideStemModel(61, 37), WideStemModel(9, 6) })
            {
                byte[] plain = ModelCompiler.Compile(model, new CompileOptions { Patches = PatchMode.Off }).Blob;
                for (int layers = 1; layers <= 3; layers++)
                {
                    foreach (int strips in new[] { 2, 3, 5, 8 })
                    {
                        var options = new CompileOptions { Patches = PatchMode.Force, PatchLayers = layers, PatchStrips = strips };
                        CompiledModel m = ModelCompiler.Compile(model, options);
                        if (m.PatchStage.Count == 0) continue; // the rows cannot be split on 4-byte boundaries
                        Assert.AreEqual(layers, m.PatchStage.Count);
                        SameOutputs(plain, m.Blob, $"{model.Length} bytes: {layers} layers, {strips} strips, in place {string.Join(",", m.Layers.Where(l => l.InPlace).Select(l => l.Index + "/" + l.Strip + "/" + l.InPlaceBand + (l.InPlaceReverse ? "r" : "") + (l.InPlacePixels ? "p" : "")))}");
                    }
                }
            }
        }

        /// <summary>
        /// Auto keeps strips only where they pay for their halo: the arena falls by at least the
        /// fraction by which the multiply-accumulates grow. Checked on the stem models: Auto's
        /// choice obeys the rule, and a forced plan with a smaller arena that breaks it is not
        /// what Auto picks.
        /// </summary>
        [TestMethod]
        public void AutoKeepsStripsOnlyWhereTheArenaFallsAtLeastAsMuchAsTheMacsGrow()
        {
            int refused = 0;
            foreach (byte[] model in new[] { WideStemModel(), WideStemModel(61, 37), WideStemModel(9, 6), DeepStemModel(16, 16) })
            {
                CompiledModel plain = ModelCompiler.Compile(model, new CompileOptions { Patches = PatchMode.Off });
                CompiledModel auto = ModelCompiler.Compile(model);
                double Saved(CompiledModel m) => (plain.ArenaSize - m.ArenaSize) / (double)plain.ArenaSize;
                double Grown(CompiledModel m) => (m.TotalMacs - plain.TotalMacs) / (double)plain.TotalMacs;
                if (auto.PatchStage.Count > 0)
                    Assert.IsTrue(Saved(auto) > 0 && Saved(auto) >= Grown(auto), $"auto: arena -{Saved(auto):P1}, MACs +{Grown(auto):P1}");
                else
                    Assert.AreEqual(plain.ArenaSize, auto.ArenaSize);
                for (int layers = 1; layers <= 4; layers++)
                {
                    foreach (int strips in new[] { 2, 3, 5, 8 })
                    {
                        CompiledModel m = ModelCompiler.Compile(model, new CompileOptions { Patches = PatchMode.Force, PatchLayers = layers, PatchStrips = strips });
                        if (m.PatchStage.Count == 0 || m.ArenaSize >= auto.ArenaSize || Saved(m) >= Grown(m)) continue;
                        // smaller than Auto's arena, but the halo costs more than it saves
                        refused++;
                    }
                }
            }
            Assert.IsTrue(refused > 0, "no plan was refused for its halo: the test shows nothing");
        }

        private static void FixCrc(byte[] blob) =>
            BitConverter.TryWriteBytes(blob.AsSpan(12, 4), Crc32.Compute(blob, 16, blob.Length - 16));

        private static int LayerRecord(byte[] blob, int layer) => BitConverter.ToInt32(blob, 44) + layer * BlobFormat.LayerRecordSize;

        /// <summary>Blob offset of parameter word `word` of a layer.</summary>
        private static int ParamAt(byte[] blob, int layer, int word)
        {
            int rec = LayerRecord(blob, layer);
            int lists = BitConverter.ToInt32(blob, rec + 8);
            int entries = blob[rec + 2] + blob[rec + 3];
            return lists + ((2 * entries + 3) & ~3) + 4 * word;
        }

        private static ModelFormatException Refused(byte[] blob, Action<byte[]> damage, string what)
        {
            byte[] damaged = (byte[])blob.Clone();
            damage(damaged);
            FixCrc(damaged);
            return Assert.ThrowsExactly<ModelFormatException>(() => new Model(damaged), what);
        }

        [TestMethod]
        public void MalformedStripLayersAreTypedErrorsNamingTheField()
        {
            CompiledModel m = ModelCompiler.Compile(WideStemModel(), new CompileOptions { Patches = PatchMode.Force, PatchStrips = 4 });
            byte[] blob = m.Blob;
            SharedData.LoadOrInconclusive(blob);
            CompiledLayer top = m.Layers.First(l => l.Strip == 0 && l.Op == "CONV_2D");
            CompiledLayer middle = m.Layers.First(l => l.Strip == 1 && l.Op == "DEPTHWISE_CONV_2D");
            int padH = top.ParamNames.ToList().IndexOf("pad_h");
            void SetFlags(byte[] b, int layer, int flags) => BitConverter.TryWriteBytes(b.AsSpan(LayerRecord(b, layer) + 6, 2), (ushort)flags);
            void SetParam(byte[] b, int layer, int word, int v) => BitConverter.TryWriteBytes(b.AsSpan(ParamAt(b, layer, word), 4), v);

            // The strip flag on an operator without windows, with an unknown bit, or with in-place bits
            // but not TNM_LAYER_IN_PLACE.
            CompiledModel vww = SharedData.Compile("vww_96_int8");
            int softmax = vww.Layers.First(l => l.Op == "SOFTMAX").Index;
            var e = Refused(vww.Blob, b => SetFlags(b, softmax, BlobFormat.LayerStrip), "strip on SOFTMAX");
            StringAssert.Contains(e.Message, "flags");
            Assert.AreEqual(softmax, e.Index);
            e = Refused(blob, b => SetFlags(b, top.Index, BlobFormat.LayerStrip | 16), "unknown bit");
            StringAssert.Contains(e.Message, "flags");
            e = Refused(blob, b => SetFlags(b, top.Index, BlobFormat.LayerStrip | BlobFormat.LayerInPlaceReverse), "reverse without in place");
            StringAssert.Contains(e.Message, "flags");
            Assert.AreEqual(top.Index, e.Index);
            // Top padding beyond the window (eff - 1 = 2).
            e = Refused(blob, b => SetParam(b, top.Index, padH, 3), "pad 3 of a 3-row window");
            StringAssert.Contains(e.Message, "padding");
            Assert.AreEqual(top.Index, e.Index);
            Assert.AreEqual(3, e.Value);
            Assert.AreEqual(2, e.Limit);
            // A middle strip at stride 2: its last output rows' windows would start below its input.
            int strideH = middle.ParamNames.ToList().IndexOf("stride_h");
            int inRows = m.Tensors[middle.InputTensor].Shape[1];
            e = Refused(blob, b => SetParam(b, middle.Index, strideH, 2), "rows past the input");
            StringAssert.Contains(e.Message, "shape");
            Assert.AreEqual(middle.Index, e.Index);
            Assert.AreEqual(middle.OutputShape[1], e.Value);
            Assert.AreEqual((inRows - 1) / 2 + 1, e.Limit);
            // Without the flag, a strip's rows are neither SAME nor VALID geometry.
            e = Refused(blob, b => SetFlags(b, top.Index, 0), "strip rows without the flag");
            Assert.AreEqual(top.Index, e.Index);
            // The flag alone changes nothing on a layer of SAME geometry: the output is the same.
            CompiledModel ordinary = ModelCompiler.Compile(WideStemModel(), new CompileOptions { Patches = PatchMode.Off, InPlace = false });
            byte[] flagged = (byte[])ordinary.Blob.Clone();
            SetFlags(flagged, 1, BlobFormat.LayerStrip);
            FixCrc(flagged);
            Assert.IsNull(SharedData.Difference(Run(ordinary.Blob, 1), Run(flagged, 1)));
        }
    }
}
