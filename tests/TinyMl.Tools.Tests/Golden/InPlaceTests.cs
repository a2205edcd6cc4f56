using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// In-place execution (blob layer flag TNM_LAYER_IN_PLACE): every shared model compiled with
    /// and without it gives the same bytes in every layer output, and the runtime refuses flags
    /// that would let a layer overwrite input it still reads.
    /// </summary>
    [TestClass]
    public class InPlaceTests
    {
        private static byte[] Input(string model, int length, int seed)
        {
            // Random bytes: the comparison is between two blobs of the same model.
            var rng = new Random(seed * 7919 + model.Length);
            var b = new byte[length];
            rng.NextBytes(b);
            return b;
        }

        /// <summary>Random inputs (floats in [-1, 1) for a float input).</summary>
        private static void FillInputs(Interpreter interpreter, string name, int seed)
        {
            for (int i = 0; i < interpreter.InputCount; i++)
            {
                Tensor t = interpreter.GetInput(i);
                byte[] input = Input(name + i, t.ByteLength, seed);
                if (t.Type == TensorType.Float32)
                {
                    var f = new float[t.ByteLength / 4];
                    var rng = new Random(seed + i);
                    for (int k = 0; k < f.Length; k++) f[k] = (float)(rng.NextDouble() * 2 - 1);
                    Buffer.BlockCopy(f, 0, input, 0, input.Length);
                }
                t.CopyFromBytes(input, 0, t.ByteLength);
            }
        }

        /// <summary>Runs the blob layer by layer; every layer's output bytes, right after it ran.</summary>
        private static List<byte[]> Run(CompiledModel compiled, int seed, string name, byte[]? blob = null, Model? opened = null,
                                        bool prepare = false)
        {
            Model model = opened ?? SharedData.LoadOrInconclusive(blob ?? compiled.Blob);
            var interpreter = new Interpreter(model);
            if (prepare) interpreter.PrepareLayers();
            Assert.AreEqual(prepare, interpreter.IsPrepared);
            FillInputs(interpreter, name, seed);
            var outputs = new List<byte[]>();
            for (int i = 0; i < interpreter.LayerCount; i++)
            {
                interpreter.InvokeLayer(i);
                foreach (int o in compiled.Layers[i].Outputs)
                {
                    Tensor t = interpreter.GetTensor(o);
                    var b = new byte[t.ByteLength];
                    t.CopyToBytes(b, 0);
                    outputs.Add(b);
                }
            }
            outputs.Add(GoldenTests.Outputs(interpreter));
            return outputs;
        }

        /// <summary>The seven shared models the execution paths are compared on.</summary>
        public static IEnumerable<object[]> SharedModels => new[] { "kws_ref_model", "ad01_int8", "micro_speech_quantized",
            "vww_96_int8", "pretrainedResnet_quant", "trained_lstm_int8", "okay_nabu_v2" }.Select(n => new object[] { n });

        /// <summary>Every layer output of two runs of the model, seeds 1..seeds, byte for byte.</summary>
        private static void SameRuns(string name, int seeds, CompiledModel a, CompiledModel b, Model? bOpened = null,
                                     bool bPrepared = false)
        {
            for (int seed = 1; seed <= seeds; seed++)
            {
                List<byte[]> x = Run(a, seed, name), y = Run(b, seed, name, null, bOpened, bPrepared);
                Assert.AreEqual(x.Count, y.Count);
                for (int k = 0; k < x.Count; k++)
                    Assert.IsNull(SharedData.Difference(x[k], y[k]), $"{name} seed {seed} output {k}");
            }
        }

        [TestMethod]
        [DynamicData(nameof(SharedModels))]
        public void InPlaceGivesTheSameBytesAsOrdinaryExecution(string name)
        {
            byte[] tflite = SharedData.ReadModel(name);
            CompiledModel ordinary = ModelCompiler.Compile(tflite, new CompileOptions { InPlace = false, Patches = PatchMode.Off });
            CompiledModel inPlace = ModelCompiler.Compile(tflite, new CompileOptions { InPlace = true, Patches = PatchMode.Off });
            Assert.IsFalse(ordinary.Layers.Any(l => l.InPlace), "in place although switched off");
            Assert.IsTrue(inPlace.ArenaSize <= ordinary.ArenaSize, $"in place {inPlace.ArenaSize} > ordinary {ordinary.ArenaSize}");
            if (inPlace.ArenaSize == ordinary.ArenaSize)
                Assert.IsFalse(inPlace.Layers.Any(l => l.InPlace), "in place without a smaller arena");
            SameRuns(name, 3, ordinary, inPlace);
        }

        /// <summary>
        /// A flash model runs through the native read-only path (tnm_layer_invoke_readonly: the
        /// blob checked once when opened, its layers parsed without re-validation); a byte[]
        /// model re-checks every layer. Both give the same bytes in every layer output.
        /// </summary>
        [TestMethod]
        [DynamicData(nameof(SharedModels))]
        public void FlashReadOnlyPathGivesTheSameBytesAsTheCheckedPath(string name)
        {
            CompiledModel compiled = SharedData.Compile(name);
            SharedData.LoadOrInconclusive(compiled.Blob);
            string flashName = "readonly-" + name;
            TinyMl.Nano.Native.HostFlashModels.Register(flashName, compiled.Blob);
            Model flash = Model.FromFlash(flashName);
            Assert.IsTrue(flash.IsInFlash);
            SameRuns(name, 2, compiled, compiled, flash);
        }

        /// <summary>
        /// A flash model with its layers prepared once (tnm_layer_prepare: TFLM's Prepare / Eval
        /// split) gives the bytes of the checked path in every layer output, and keeps giving
        /// them over several inferences of one interpreter (streaming state included).
        /// </summary>
        [TestMethod]
        [DynamicData(nameof(SharedModels))]
        public void PreparedLayersGiveTheSameBytesAsTheCheckedPath(string name)
        {
            CompiledModel compiled = SharedData.Compile(name);
            Model checkedModel = SharedData.LoadOrInconclusive(compiled.Blob);
            string flashName = "prepared-" + name;
            TinyMl.Nano.Native.HostFlashModels.Register(flashName, compiled.Blob);
            Model flash = Model.FromFlash(flashName);
            SameRuns(name, 2, compiled, compiled, flash, bPrepared: true);

            var a = new Interpreter(checkedModel);
            var b = new Interpreter(flash);
            b.PrepareLayers();
            for (int run = 0; run < 3; run++)
            {
                FillInputs(a, name, run + 10);
                FillInputs(b, name, run + 10);
                a.Invoke();
                b.Invoke();
                Assert.IsNull(SharedData.Difference(GoldenTests.Outputs(a), GoldenTests.Outputs(b)), $"{name} inference {run}");
            }
        }

        [TestMethod]
        public void PrepareLayersRefusesAByteArrayModel()
        {
            CompiledModel compiled = SharedData.Compile("ad01_int8");
            var interpreter = new Interpreter(SharedData.LoadOrInconclusive(compiled.Blob));
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => interpreter.PrepareLayers());
            StringAssert.Contains(e.Message, "flash table");
            Assert.IsFalse(interpreter.IsPrepared);
        }

        [TestMethod]
        public void ArenaGoalsOfIssue10()
        {
            CompiledModel vww = SharedData.Compile("vww_96_int8");
            Assert.IsTrue(vww.ArenaSize <= 40000, $"VWW arena {vww.ArenaSize}");
            Assert.IsTrue(vww.Layers.Count(l => l.InPlace) > 0);
            // The planner alone (layer 1's output no longer above the dead input): 56,980 with the
            // depthwise plane path's scratch (was 65,716 before the planner fix).
            CompiledModel vwwOrdinary = ModelCompiler.Compile(SharedData.ReadModel("vww_96_int8"), new CompileOptions { InPlace = false, Patches = PatchMode.Off });
            Assert.IsTrue(vwwOrdinary.ArenaSize <= 57000, $"VWW arena without in place {vwwOrdinary.ArenaSize}");
            CompiledModel kws = SharedData.Compile("kws_ref_model");
            Assert.IsTrue(kws.ArenaSize < 10000, $"KWS arena {kws.ArenaSize}");
        }

        private static void FixCrc(byte[] blob) =>
            BitConverter.TryWriteBytes(blob.AsSpan(12, 4), Crc32.Compute(blob, 16, blob.Length - 16));

        private static int LayerRecord(byte[] blob, int layer) => BitConverter.ToInt32(blob, 44) + layer * BlobFormat.LayerRecordSize;

        private static void ExpectFlagsError(byte[] blob, int layer, int flags, string what)
        {
            byte[] damaged = (byte[])blob.Clone();
            BitConverter.TryWriteBytes(damaged.AsSpan(LayerRecord(damaged, layer) + 6, 2), (ushort)flags);
            FixCrc(damaged);
            var e = Assert.ThrowsExactly<ModelFormatException>(() => new Model(damaged), what);
            StringAssert.Contains(e.Message, "flags", what);
            Assert.AreEqual(layer, e.Index, what);
        }

        [TestMethod]
        public void MalformedInPlaceFlagsAreTypedErrorsNamingTheField()
        {
            CompiledModel vww = SharedData.Compile("vww_96_int8");
            byte[] blob = vww.Blob;
            SharedData.LoadOrInconclusive(blob);
            int softmax = vww.Layers.First(l => l.Op == "SOFTMAX").Index;
            ExpectFlagsError(blob, softmax, BlobFormat.LayerInPlace, "in place on SOFTMAX");
            ExpectFlagsError(blob, 0, 4, "unknown bit");
            ExpectFlagsError(blob, 0, BlobFormat.LayerInPlaceReverse, "reverse without in place");
            // Every in-place layer with its direction turned round overwrites input it still reads
            // (refused, naming the flags), unless it is safe both ways (depthwise rows or pointwise
            // pixels right over their own input, tnm_model.h): then it gives the same bytes.
            int refused = 0, same = 0;
            List<byte[]>? reference = null;
            foreach (CompiledLayer l in vww.Layers.Where(l => l.InPlace))
            {
                int flipped = BlobFormat.LayerInPlace | (l.InPlaceReverse ? 0 : BlobFormat.LayerInPlaceReverse) |
                              (l.Strip >= 0 ? BlobFormat.LayerStrip : 0);
                byte[] damaged = (byte[])blob.Clone();
                BitConverter.TryWriteBytes(damaged.AsSpan(LayerRecord(damaged, l.Index) + 6, 2), (ushort)flipped);
                FixCrc(damaged);
                try
                {
                    _ = new Model(damaged);
                }
                catch (ModelFormatException e)
                {
                    Assert.AreEqual(typeof(ModelFormatException), e.GetType(), "layer " + l.Index);
                    StringAssert.Contains(e.Message, "would overwrite input");
                    refused++;
                    continue;
                }
                Assert.IsTrue(l.Op == "DEPTHWISE_CONV_2D" || l.InPlacePixels, $"layer {l.Index} {l.Op} accepted turned round");
                reference ??= Run(vww, 1, "vww_96_int8");
                List<byte[]> got = Run(vww, 1, "vww_96_int8", damaged);
                for (int k = 0; k < reference.Count; k++) CollectionAssert.AreEqual(reference[k], got[k], $"layer {l.Index} turned round");
                same++;
            }
            Assert.IsTrue(refused > 0 && refused + same > 1);
            // Without its flag, an in-place layer's output overlapping its input is an arena error.
            CompiledLayer first = vww.Layers.First(l => l.InPlace);
            byte[] cleared = (byte[])blob.Clone();
            BitConverter.TryWriteBytes(cleared.AsSpan(LayerRecord(cleared, first.Index) + 6, 2), (ushort)0);
            FixCrc(cleared);
            Assert.ThrowsExactly<ModelFormatException>(() => new Model(cleared));
        }
    }
}
