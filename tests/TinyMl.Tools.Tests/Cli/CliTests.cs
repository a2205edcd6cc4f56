using System.Buffers.Binary;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Cli
{
    /// <summary>The tinyml commands, in-process, on the real KWS model and its TFLM golden data.</summary>
    [TestClass]
    public class CliTests
    {
        private string _dir;

        [TestInitialize]
        public void CreateTempDir()
        {
            _dir = Path.Combine(Path.GetTempPath(), "tinyml-cli-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TestCleanup]
        public void DeleteTempDir()
        {
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        private sealed class Outcome
        {
            public int Code;
            public string Out;
            public string Err;
        }

        private static Outcome Tinyml(params string[] args)
        {
            var outw = new StringWriter();
            var err = new StringWriter();
            int code = Program.Run(args, outw, err);
            return new Outcome { Code = code, Out = outw.ToString(), Err = err.ToString() };
        }

        private string CompileKws()
        {
            string tflite = SharedData.ModelPath("kws_ref_model");
            string tnm = Path.Combine(_dir, "kws.tnm");
            Outcome compile = Tinyml("compile", tflite, "-o", tnm);
            Assert.AreEqual(0, compile.Code, compile.Err);
            return tnm;
        }

        [TestMethod]
        public void CompileWritesTheBlobAndPrintsTheLayerTable()
        {
            string tflite = SharedData.ModelPath("kws_ref_model");
            string tnm = Path.Combine(_dir, "kws.tnm");
            Outcome compile = Tinyml("compile", tflite, "-o", tnm);
            Assert.AreEqual(0, compile.Code, compile.Err);
            Assert.AreEqual("", compile.Err);

            byte[] blob = File.ReadAllBytes(tnm);
            Assert.AreEqual((byte)'T', blob[0]);
            Assert.AreEqual(SharedData.Compile("kws_ref_model").Blob.Length, blob.Length);
            StringAssert.Contains(compile.Out, "CONV_2D");
            StringAssert.Contains(compile.Out, "DEPTHWISE_CONV_2D");
            StringAssert.Contains(compile.Out, "AVERAGE_POOL_2D");
            StringAssert.Contains(compile.Out, "[1,49,10,1]");
            StringAssert.Contains(compile.Out, "arena: ");
            StringAssert.Contains(compile.Out, "blob: " + blob.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes");
            StringAssert.Contains(compile.Out, "MACs: ");
            // KWS's depthwise and pointwise layers run in place; --no-in-place turns it off.
            StringAssert.Contains(compile.Out, "in place: layers 1 (1 rows)");
            int inPlaceArena = SharedData.Compile("kws_ref_model").ArenaSize;
            StringAssert.Contains(compile.Out, "arena: " + inPlaceArena.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes");
            Outcome plain = Tinyml("compile", tflite, "-o", Path.Combine(_dir, "kws-plain.tnm"), "--no-in-place", "--patches", "off");
            Assert.AreEqual(0, plain.Code, plain.Err);
            StringAssert.Contains(plain.Out, "in place: none; patches: none");
            int plainArena = TinyMl.Compiler.ModelCompiler.Compile(File.ReadAllBytes(tflite), new TinyMl.Compiler.CompileOptions { InPlace = false, Patches = TinyMl.Compiler.PatchMode.Off }).ArenaSize;
            Assert.IsTrue(plainArena > inPlaceArena);
            StringAssert.Contains(plain.Out, "arena: " + plainArena.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes");
            // --patches force: the first stage in row strips, the arena without them beside it.
            Outcome strips = Tinyml("compile", tflite, "-o", Path.Combine(_dir, "kws-strips.tnm"), "--patches", "force");
            Assert.AreEqual(0, strips.Code, strips.Err);
            StringAssert.Contains(strips.Out, "patches: the first stage (layers 0, 1, 2");
            StringAssert.Contains(strips.Out, inPlaceArena.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " without patches");
            Outcome wrong = Tinyml("compile", tflite, "-o", Path.Combine(_dir, "kws-wrong.tnm"), "--patches", "sometimes");
            Assert.AreNotEqual(0, wrong.Code);
            StringAssert.Contains(wrong.Err, "--patches takes auto, off or force");
        }

        [TestMethod]
        public void CompileEmitsTheFlashModelTable()
        {
            string tflite = SharedData.ModelPath("ad01_int8");
            string tnm = Path.Combine(_dir, "ad.tnm");
            string c = Path.Combine(_dir, "models.c");
            Outcome compile = Tinyml("compile", tflite, "-o", tnm, "--emit-c", c, "--name", "ad01");
            Assert.AreEqual(0, compile.Code, compile.Err);
            StringAssert.Contains(compile.Out, "Model.FromFlash(\"ad01\")");
            string source = File.ReadAllText(c);
            StringAssert.Contains(source, "\"ad01\"");
            // Every blob byte appears in the table, in order, as the C initializer.
            byte[] blob = File.ReadAllBytes(tnm);
            var hex = System.Text.RegularExpressions.Regex.Matches(source, "0x([0-9a-fA-F]{2})");
            Assert.AreEqual(blob.Length, hex.Count, "one 0xNN literal per blob byte");
            for (int i = 0; i < blob.Length; i += 997)
            {
                Assert.AreEqual(blob[i], Convert.ToByte(hex[i].Groups[1].Value, 16), "byte " + i);
            }

            Outcome badName = Tinyml("compile", tflite, "-o", tnm, "--emit-c", c, "--name", "has space");
            Assert.AreEqual(1, badName.Code);
            StringAssert.Contains(badName.Err, "--name \"has space\"");
        }

        [TestMethod]
        public void InspectDescribesTheCompiledBlob()
        {
            string tnm = CompileKws();
            Outcome inspect = Tinyml("inspect", tnm);
            Assert.AreEqual(0, inspect.Code, inspect.Err);
            var model = new TinyMl.Nano.Model(File.ReadAllBytes(tnm));
            StringAssert.Contains(inspect.Out, "format version 3");
            StringAssert.Contains(inspect.Out, "arena: " + model.ArenaSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes");
            StringAssert.Contains(inspect.Out, "layers: " + model.LayerCount);
            StringAssert.Contains(inspect.Out, "DEPTHWISE_CONV_2D");
            StringAssert.Contains(inspect.Out, "FULLY_CONNECTED");
            StringAssert.Contains(inspect.Out, "0.584703"); // input scale
        }

        [TestMethod]
        public void RunReproducesTheGoldenOutput()
        {
            string tnm = CompileKws();
            foreach (int seed in new[] { 1, 2, 3 })
            {
                string golden = SharedData.Require(Path.Combine("golden", "kws_ref_model", "seed" + seed));
                string output = Path.Combine(_dir, "out" + seed + ".bin");
                Outcome run = Tinyml("run", tnm, "--input", Path.Combine(golden, "input.bin"), "--output", output);
                Assert.AreEqual(0, run.Code, run.Err);
                byte[] expected = File.ReadAllBytes(Path.Combine(golden, "output.bin"));
                string difference = SharedData.Difference(expected, File.ReadAllBytes(output));
                Assert.IsNull(difference, "seed" + seed + ": " + difference);
                StringAssert.Contains(run.Out, "int8: " + string.Join(" ", expected.Select(b => ((sbyte)b).ToString())));
            }
        }

        [TestMethod]
        public void RunInvokesAStreamingModelFiveTimesFromOneFreshState()
        {
            string stream = SharedData.Require(Path.Combine("golden", "okay_nabu_v2", "stream5"));
            string tnm = Path.Combine(_dir, "okay_nabu.tnm");
            Outcome compile = Tinyml("compile", SharedData.ModelPath("okay_nabu_v2"), "-o", tnm);
            Assert.AreEqual(0, compile.Code, compile.Err);
            StringAssert.Contains(compile.Out, "CALL_ONCE");
            StringAssert.Contains(compile.Out, "state: ");
            SharedData.LoadOrInconclusive(File.ReadAllBytes(tnm));

            Outcome run = Tinyml("run", tnm, "--invokes", "5", "--input", Path.Combine(stream, "input_{k}.bin"), "--output", Path.Combine(_dir, "out_{k}.bin"));
            Assert.AreEqual(0, run.Code, run.Err);
            for (int k = 0; k < 5; k++)
            {
                byte[] expected = File.ReadAllBytes(Path.Combine(stream, "output_" + k + ".bin"));
                byte[] actual = File.ReadAllBytes(Path.Combine(_dir, "out_" + k + ".bin"));
                Assert.IsNull(SharedData.Difference(expected, actual, signed: false), "step " + k);
                StringAssert.Contains(run.Out, "step " + k + ": output tensor");
                StringAssert.Contains(run.Out, "uint8: " + expected[0]);
            }

            Outcome inspect = Tinyml("inspect", tnm);
            Assert.AreEqual(0, inspect.Code, inspect.Err);
            StringAssert.Contains(inspect.Out, "6 variables, kept between inferences");
            StringAssert.Contains(inspect.Out, "axis=1");            // CONCATENATION, named from tnm_ops.def
            StringAssert.Contains(inspect.Out, "begin_mask=13");     // STRIDED_SLICE
            StringAssert.Contains(inspect.Out, "begin[1]=-2");
        }

        [TestMethod]
        public void InspectNamesEveryParameter()
        {
            string tnm = CompileKws();
            Outcome inspect = Tinyml("inspect", tnm);
            Assert.AreEqual(0, inspect.Code, inspect.Err);
            StringAssert.Contains(inspect.Out, "input_offset=-83 output_offset=-128 act_min=-128 act_max=127 stride_h=2 stride_w=2 pad_h=4 pad_w=1");
            StringAssert.Contains(inspect.Out, "input_multiplier=1242899200 input_left_shift=24 diff_min=-124");
        }

        [TestMethod]
        public void RunWithFloatQuantizesInputAndDequantizesOutput()
        {
            string tnm = CompileKws();
            string golden = SharedData.Require(Path.Combine("golden", "kws_ref_model", "seed1"));
            var model = new TinyMl.Nano.Model(File.ReadAllBytes(tnm));
            TinyMl.Nano.TensorInfo inTensor = model.GetTensorInfo(model.InputIndex);
            TinyMl.Nano.TensorInfo outTensor = model.GetTensorInfo(model.OutputIndex);

            // Float input that quantizes back exactly to the golden int8 input.
            byte[] input = File.ReadAllBytes(Path.Combine(golden, "input.bin"));
            var floats = new byte[input.Length * 4];
            for (int i = 0; i < input.Length; i++)
            {
                float value = inTensor.Scale * ((sbyte)input[i] - inTensor.ZeroPoint);
                BinaryPrimitives.WriteSingleLittleEndian(floats.AsSpan(i * 4), value);
            }
            string floatInput = Path.Combine(_dir, "in.f32");
            File.WriteAllBytes(floatInput, floats);
            string output = Path.Combine(_dir, "out.f32");

            Outcome run = Tinyml("run", tnm, "--input", floatInput, "--output", output, "--float");
            Assert.AreEqual(0, run.Code, run.Err);

            byte[] expected = File.ReadAllBytes(Path.Combine(golden, "output.bin"));
            byte[] actual = File.ReadAllBytes(output);
            Assert.AreEqual(expected.Length * 4, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                float want = (float)((double)outTensor.Scale * ((sbyte)expected[i] - outTensor.ZeroPoint));
                float got = BinaryPrimitives.ReadSingleLittleEndian(actual.AsSpan(i * 4));
                Assert.AreEqual(want, got, "output " + i);
            }
        }

        [TestMethod]
        public void RunRejectsAnInputOfTheWrongSize()
        {
            string tnm = CompileKws();
            string input = Path.Combine(_dir, "short.bin");
            File.WriteAllBytes(input, new byte[400]);
            Outcome run = Tinyml("run", tnm, "--input", input);
            Assert.AreEqual(1, run.Code);
            AssertOneLine(run.Err);
            StringAssert.Contains(run.Err, "490");
            StringAssert.Contains(run.Err, "400");

            Outcome runFloat = Tinyml("run", tnm, "--input", input, "--float");
            Assert.AreEqual(1, runFloat.Code);
            AssertOneLine(runFloat.Err);
            StringAssert.Contains(runFloat.Err, "1960");
        }

        [TestMethod]
        public void InspectRejectsADamagedBlobInOneLine()
        {
            string tnm = CompileKws();
            byte[] blob = File.ReadAllBytes(tnm);
            blob[blob.Length / 2] ^= 0x40;
            string damaged = Path.Combine(_dir, "damaged.tnm");
            File.WriteAllBytes(damaged, blob);
            Outcome inspect = Tinyml("inspect", damaged);
            Assert.AreEqual(1, inspect.Code);
            AssertOneLine(inspect.Err);
            StringAssert.Contains(inspect.Err, "CRC32");

            Outcome missing = Tinyml("inspect", Path.Combine(_dir, "missing.tnm"));
            Assert.AreEqual(1, missing.Code);
            AssertOneLine(missing.Err);
        }

        [TestMethod]
        public void CompileRejectsMissingAndTruncatedModelsInOneLine()
        {
            Outcome missing = Tinyml("compile", Path.Combine(_dir, "missing.tflite"), "-o", Path.Combine(_dir, "x.tnm"));
            Assert.AreEqual(1, missing.Code);
            AssertOneLine(missing.Err);

            byte[] tflite = SharedData.ReadModel("kws_ref_model");
            foreach (int length in new[] { 0, 3, 8, 64, 1000, tflite.Length / 2 })
            {
                string path = Path.Combine(_dir, "cut" + length + ".tflite");
                File.WriteAllBytes(path, tflite.AsSpan(0, length).ToArray());
                Outcome compile = Tinyml("compile", path, "-o", Path.Combine(_dir, "cut.tnm"));
                Assert.AreEqual(1, compile.Code, "length " + length + ": " + compile.Err + compile.Out);
                AssertOneLine(compile.Err);
            }
        }

        [TestMethod]
        public void CompileListsEveryUnsupportedOperatorOnItsOneLine()
        {
            // Two operators refused: the compiler's list joins with "; " on the CLI's one line.
            string path = Path.Combine(_dir, "two_unsupported.tflite");
            File.WriteAllBytes(path, new TinyMl.Tools.Tests.Compiler.TinyModelBuilder { DeprecatedCode = 16, BuiltinCode = 16, SecondOpCode = 8 }.Build());
            Outcome compile = Tinyml("compile", path, "-o", Path.Combine(_dir, "two.tnm"));
            Assert.AreEqual(1, compile.Code);
            AssertOneLine(compile.Err);
            StringAssert.Contains(compile.Err, "2 operators cannot be compiled: operator 0 (LSTM): not supported by TinyMl.Nano; operator 1 (FLOOR): not supported by TinyMl.Nano");
        }

        [TestMethod]
        public void CompileOfBitFlippedModelsFailsCleanlyOrSucceeds()
        {
            byte[] tflite = SharedData.ReadModel("kws_ref_model");
            var rng = new Random(5);
            int failures = 0;
            for (int i = 0; i < 150; i++)
            {
                byte[] damaged = (byte[])tflite.Clone();
                // Half the flips in the first 2 KB, where the flatbuffer tables and offsets are.
                int at = i % 2 == 0 ? rng.Next(Math.Min(2048, damaged.Length)) : rng.Next(damaged.Length);
                damaged[at] ^= (byte)(1 << rng.Next(8));
                string path = Path.Combine(_dir, "flip.tflite");
                File.WriteAllBytes(path, damaged);
                Outcome compile = Tinyml("compile", path, "-o", Path.Combine(_dir, "flip.tnm"));
                Assert.IsTrue(compile.Code == 0 || compile.Code == 1, "flip at " + at + ": exit " + compile.Code + ": " + compile.Err);
                if (compile.Code == 1)
                {
                    AssertOneLine(compile.Err);
                    failures++;
                }
            }
            Assert.IsTrue(failures > 0, "no bit flip was detected");
        }

        [TestMethod]
        public void MissingRequiredOptionIsAUsageError()
        {
            Outcome run = Tinyml("run", "model.tnm");
            Assert.AreNotEqual(0, run.Code);
            StringAssert.Contains(run.Err, "--input");
        }

        private static void AssertOneLine(string err)
        {
            string trimmed = err.TrimEnd('\r', '\n');
            Assert.IsTrue(trimmed.Length > 0, "no error message");
            Assert.IsFalse(trimmed.Contains('\n'), "more than one line: " + err);
            StringAssert.StartsWith(trimmed, "tinyml: ");
            Assert.IsFalse(trimmed.Contains("   at "), "stack trace: " + err);
        }
    }
}
