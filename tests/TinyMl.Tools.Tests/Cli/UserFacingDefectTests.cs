using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Nano.Host;
using TinyMl.Simulation;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Cli
{
    /// <summary>
    /// The defects of issue 12 (the tool as a new user meets it), each through the whole command
    /// line as `tinyml` parses it: outputs never replace inputs, impossible settings are refused,
    /// arguments are checked before any work, messages name the option or the line.
    /// </summary>
    [TestClass]
    public class UserFacingDefectTests
    {
        private string _dir = null!;

        [TestInitialize]
        public void Setup()
        {
            _dir = Path.Combine(Path.GetTempPath(), "tinyml-user-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TestCleanup]
        public void Cleanup()
        {
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        private static (int Code, string Out, string Err) Tinyml(params string[] args)
        {
            var outw = new StringWriter();
            var err = new StringWriter();
            int code = Program.Run(args, outw, err);
            return (code, outw.ToString(), err.ToString());
        }

        private string Copy(string source, string name)
        {
            string path = Path.Combine(_dir, name);
            File.Copy(source, path);
            return path;
        }

        private string NormalCsv(string name = "normal.csv", int windows = 20)
        {
            var gen = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, 3);
            var csv = new StringWriter();
            CsvSampleFile.Write(csv, gen.Generate(256 * windows), "ax", "ay", "az");
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, csv.ToString());
            return path;
        }

        private static void AssertOneLine(string err)
        {
            Assert.AreEqual(1, err.TrimEnd().Split('\n').Length, "one error line: " + err);
            StringAssert.StartsWith(err, "tinyml: ");
            Assert.IsFalse(err.Contains("(Parameter '"), "no .NET parameter names: " + err);
            Assert.IsFalse(err.Contains("   at "), "no stack trace: " + err);
        }

        // 1. Output silently overwrites input.

        [TestMethod]
        public void CompileRefusesToWriteOverItsInput()
        {
            string model = Copy(SharedData.ModelPath("ad01_int8"), "same.tflite");
            byte[] before = File.ReadAllBytes(model);
            var r = Tinyml("compile", model, "-o", model);
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "is also an input");
            CollectionAssert.AreEqual(before, File.ReadAllBytes(model), "the model is untouched");

            // The same file reached through another spelling of the path.
            string other = Path.Combine(_dir, ".", "sub", "..", "same.tflite");
            Directory.CreateDirectory(Path.Combine(_dir, "sub"));
            Assert.AreEqual(1, Tinyml("compile", model, "-o", other).Code);
            CollectionAssert.AreEqual(before, File.ReadAllBytes(model));
        }

        [TestMethod]
        public void RunRefusesToWriteOverItsInputOrModel()
        {
            string blob = Path.Combine(_dir, "ad.tnm");
            File.WriteAllBytes(blob, SharedData.Compile("ad01_int8").Blob);
            string input = Copy(SharedData.Require(Path.Combine("golden", "ad01_int8", "seed1", "input.bin")), "in.bin");
            byte[] inputBefore = File.ReadAllBytes(input), blobBefore = File.ReadAllBytes(blob);
            var r = Tinyml("run", blob, "--input", input, "--output", input);
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "is also an input");
            Assert.AreEqual(1, Tinyml("run", blob, "--input", input, "--output", blob).Code);
            CollectionAssert.AreEqual(inputBefore, File.ReadAllBytes(input), "the input is untouched");
            CollectionAssert.AreEqual(blobBefore, File.ReadAllBytes(blob), "the model is untouched");
            Assert.AreEqual(0, Tinyml("run", blob, "--input", input, "--output", Path.Combine(_dir, "out.bin")).Code);
        }

        [TestMethod]
        public void TrainAnomalyRefusesToWriteOverItsCsv()
        {
            string csv = NormalCsv();
            string before = File.ReadAllText(csv);
            var r = Tinyml("train-anomaly", csv, "-o", csv, "--epochs", "2");
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "is also an input");
            Assert.AreEqual(before, File.ReadAllText(csv));
        }

        [TestMethod]
        public void KwsRefusesToWriteTheReportOverTheWav()
        {
            string wav = Copy(SharedData.Require("audio/yes_1000ms.wav"), "yes.wav");
            byte[] before = File.ReadAllBytes(wav);
            var r = Tinyml("kws", "-m", SharedData.ModelPath("micro_speech_quantized"), "-w", wav, "--report", wav);
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "--report");
            CollectionAssert.AreEqual(before, File.ReadAllBytes(wav));
        }

        [TestMethod]
        public void AnExistingFileNeedsForceUnlessItIsAnEarlierOutput()
        {
            string model = SharedData.ModelPath("ad01_int8");
            string notes = Path.Combine(_dir, "notes.tnm");
            File.WriteAllText(notes, "my notes");
            var refused = Tinyml("compile", model, "-o", notes);
            Assert.AreEqual(1, refused.Code);
            StringAssert.Contains(refused.Err, "--force");
            Assert.AreEqual("my notes", File.ReadAllText(notes));

            Assert.AreEqual(0, Tinyml("compile", model, "-o", notes, "--force").Code);
            // Now it is a blob this command wrote: a second run replaces it without --force.
            var again = Tinyml("compile", model, "-o", notes);
            Assert.AreEqual(0, again.Code, again.Err);

            string dir = Path.Combine(_dir, "adir");
            Directory.CreateDirectory(dir);
            var directory = Tinyml("compile", model, "-o", dir);
            Assert.AreEqual(1, directory.Code);
            StringAssert.Contains(directory.Err, "is a directory");
        }

        // 2. Settings that can never detect anything.

        private (int Code, string Out, string Err) MicroSpeechKws(params string[] extra)
        {
            var args = new List<string> { "kws", "-m", SharedData.ModelPath("micro_speech_quantized"), "-w", SharedData.Require("audio/yes_1000ms.wav") };
            args.AddRange(extra);
            return Tinyml(args.ToArray());
        }

        [TestMethod]
        public void KwsRefusesSettingsThatCanNeverDetect()
        {
            var zeroWindow = MicroSpeechKws("--average-ms", "0", "--min-count", "3");
            Assert.AreEqual(1, zeroWindow.Code, zeroWindow.Out);
            AssertOneLine(zeroWindow.Err);
            StringAssert.Contains(zeroWindow.Err, "--min-count 3 can never be met");
            StringAssert.Contains(zeroWindow.Err, "--average-ms");

            var hugeCount = MicroSpeechKws("--min-count", "1000");
            Assert.AreEqual(1, hugeCount.Code);
            StringAssert.Contains(hugeCount.Err, "--min-count 1000");

            var rare = MicroSpeechKws("--every", "1000");
            Assert.AreEqual(1, rare.Code);
            StringAssert.Contains(rare.Err, "--every 1000");

            var wrongFrontend = MicroSpeechKws("--frontend", "mfcc");
            Assert.AreEqual(1, wrongFrontend.Code);
            StringAssert.Contains(wrongFrontend.Err, "--frontend mfcc does not fit");

            // The settings right at the edge still run: 41 ms holds 3 inferences 20 ms apart.
            var edge = MicroSpeechKws("--average-ms", "41", "--min-count", "3");
            Assert.AreEqual(0, edge.Code, edge.Err);
        }

        [TestMethod]
        public void KwsSaysAnAnomalyModelIsNotAKeywordModel()
        {
            string tnm = Path.Combine(_dir, "ad.tnm");
            Assert.AreEqual(0, Tinyml("compile", SharedData.ModelPath("ad01_int8"), "-o", tnm).Code);
            var r = Tinyml("kws", "-m", tnm, "-w", SharedData.Require("audio/yes_1000ms.wav"));
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "is not a keyword-spotting model");
            Assert.IsFalse(r.Err.Contains("--labels"), r.Err);
        }

        // 3. Flat data.

        [TestMethod]
        public void TrainAnomalyRefusesAFlatRecording()
        {
            string csv = Path.Combine(_dir, "flat.csv");
            var text = new StringBuilder("ax,ay,az\n");
            for (int i = 0; i < 6000; i++)
            {
                text.Append("0,0,1\n");
            }
            File.WriteAllText(csv, text.ToString());
            string output = Path.Combine(_dir, "flat.tflite");
            var r = Tinyml("train-anomaly", csv, "-o", output, "--epochs", "2");
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "every row is the same");
            Assert.IsFalse(File.Exists(output));
        }

        // 6. Work done before arguments are checked.

        [TestMethod]
        public void CompileChecksTheFlashNameBeforeWritingAnything()
        {
            string model = Copy(SharedData.ModelPath("ad01_int8"), "ad.tflite");
            string c = Path.Combine(_dir, "x.c");
            var r = Tinyml("compile", model, "--emit-c", c, "--name", "bad name!");
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "--name \"bad name!\"");
            Assert.AreEqual("", r.Out, "no layer table before the error");
            Assert.IsFalse(File.Exists(Path.Combine(_dir, "ad.tnm")), "no blob written");
            Assert.IsFalse(File.Exists(c));
        }

        [TestMethod]
        public void DemoAndTrainAnomalyCheckOutputFoldersFirst()
        {
            string missing = Path.Combine(_dir, "missing");
            var demo = Tinyml("demo", "--report", Path.Combine(missing, "d.html"));
            Assert.AreEqual(1, demo.Code);
            AssertOneLine(demo.Err);
            StringAssert.Contains(demo.Err, "does not exist");
            Assert.AreEqual("", demo.Out, "the demo did not run");

            var train = Tinyml("train-anomaly", NormalCsv(), "-o", Path.Combine(missing, "x.tflite"));
            Assert.AreEqual(1, train.Code);
            AssertOneLine(train.Err);
            StringAssert.Contains(train.Err, "does not exist");
            Assert.AreEqual("", train.Out);
        }

        // 7. Messages that leak internals or mislead.

        [TestMethod]
        public void OptionRangeMessagesNameTheOption()
        {
            string csv = NormalCsv();
            var window = Tinyml("train-anomaly", csv, "--window", "0");
            Assert.AreEqual(1, window.Code);
            AssertOneLine(window.Err);
            StringAssert.Contains(window.Err, "--window");

            var epochs = Tinyml("train-anomaly", csv, "--epochs", "0");
            Assert.AreEqual(1, epochs.Code);
            AssertOneLine(epochs.Err);
            StringAssert.Contains(epochs.Err, "--epochs");

            var bands = Tinyml("train-anomaly", csv, "--bands", "7");
            Assert.AreEqual(1, bands.Code);
            StringAssert.Contains(bands.Err, "--bands");

            var gain = MicroSpeechKws("--mfcc-gain", "0");
            Assert.AreEqual(1, gain.Code);
            AssertOneLine(gain.Err);
            StringAssert.Contains(gain.Err, "--mfcc-gain");
        }

        [TestMethod]
        public void AnAbsurdCsvValueNamesItsLine()
        {
            string csv = NormalCsv(windows: 20);
            var lines = File.ReadAllLines(csv);
            lines[100] = "0.1,1e30,0.9"; // line 101 of the file
            File.WriteAllLines(csv, lines);
            var r = Tinyml("train-anomaly", csv, "-o", Path.Combine(_dir, "m.tflite"), "--epochs", "2");
            Assert.AreEqual(1, r.Code);
            AssertOneLine(r.Err);
            StringAssert.Contains(r.Err, "line 101, column ay");
            Assert.IsFalse(r.Err.Contains("Infinity"), r.Err);
        }

        [TestMethod]
        public void ADirectoryGivenAsAFileIsNamedSo()
        {
            var compile = Tinyml("compile", _dir);
            Assert.AreEqual(1, compile.Code);
            AssertOneLine(compile.Err);
            StringAssert.Contains(compile.Err, "is a directory");
            Assert.IsFalse(compile.Err.Contains("denied"), compile.Err);

            var train = Tinyml("train-anomaly", _dir);
            Assert.AreEqual(1, train.Code);
            StringAssert.Contains(train.Err, "is a directory");
        }

        // 5. Several models in one flash table.

        [TestMethod]
        public void CompileWritesSeveralModelsIntoOneFlashTable()
        {
            string ad = Copy(SharedData.ModelPath("ad01_int8"), "ad01.tflite");
            string kws = Copy(SharedData.ModelPath("kws_ref_model"), "kws.tflite");
            string c = Path.Combine(_dir, "models.c");
            var r = Tinyml("compile", kws, ad, "--emit-c", c, "--name", "kws", "--name", "ad");
            Assert.AreEqual(0, r.Code, r.Err);
            StringAssert.Contains(r.Out, "Model.FromFlash(\"kws\")");
            StringAssert.Contains(r.Out, "Model.FromFlash(\"ad\")");
            string source = File.ReadAllText(c);
            Assert.AreEqual(1, Regex.Matches(source, @"tnm_flash_models\[\] =").Count, "one table");
            StringAssert.Contains(source, "tnm_flash_model_count = 2;");
            byte[] kwsBlob = File.ReadAllBytes(Path.Combine(_dir, "kws.tnm"));
            byte[] adBlob = File.ReadAllBytes(Path.Combine(_dir, "ad01.tnm"));
            StringAssert.Contains(source, "{ \"kws\", tnm_flash_model_0.bytes, " + kwsBlob.Length.ToString(CultureInfo.InvariantCulture) + "u }");
            StringAssert.Contains(source, "{ \"ad\", tnm_flash_model_1.bytes, " + adBlob.Length.ToString(CultureInfo.InvariantCulture) + "u }");
            Assert.AreEqual(kwsBlob.Length + adBlob.Length, Regex.Matches(source, "0x[0-9A-F]{2}").Count, "every byte of both blobs");

            var names = Tinyml("compile", kws, ad, "--emit-c", c, "--name", "kws");
            Assert.AreEqual(1, names.Code);
            StringAssert.Contains(names.Err, "--name was given 1 time(s) for 2 model(s)");

            var same = Tinyml("compile", kws, ad, "--emit-c", c, "--name", "m", "--name", "m");
            Assert.AreEqual(1, same.Code);
            StringAssert.Contains(same.Err, "both called \"m\"");

            var output = Tinyml("compile", kws, ad, "-o", Path.Combine(_dir, "one.tnm"));
            Assert.AreEqual(1, output.Code);
            StringAssert.Contains(output.Err, "--output names one blob");
        }
    }
}
