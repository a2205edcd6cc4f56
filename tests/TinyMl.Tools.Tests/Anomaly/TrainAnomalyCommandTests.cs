using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Compiler;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Audio;
using TinyMl.Nano.Host;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>`tinyml train-anomaly`: a good recording gives a .tflite our compiler compiles; bad CSV gives one clear line naming the line (and column).</summary>
[TestClass]
public class TrainAnomalyCommandTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "tinyml-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(string csvName, string csvText, string? output = null, int epochs = 10)
    {
        string csv = Path.Combine(_dir, csvName);
        File.WriteAllText(csv, csvText);
        var outw = new StringWriter();
        var err = new StringWriter();
        int code = TrainAnomalyCommand.Run(csv, output, 7, epochs, 256, 8, outw, err);
        return (code, outw.ToString(), err.ToString());
    }

    [TestMethod]
    public void NormalRecordingGivesACompilableModel()
    {
        var gen = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, 3);
        var csv = new StringWriter();
        CsvSampleFile.Write(csv, gen.Generate(256 * 40), "ax", "ay", "az");
        string model = Path.Combine(_dir, "model.tflite");

        var (code, outText, errText) = Run("normal.csv", csv.ToString(), model);

        Assert.AreEqual(0, code, errText);
        Assert.AreEqual("", errText);
        StringAssert.Contains(outText, "40 windows of 256 samples, 24 features");
        StringAssert.Contains(outText, "24-32-8-32-24");
        StringAssert.Contains(outText, "wrote " + model);
        byte[] tflite = File.ReadAllBytes(model);
        CompiledModel compiled = ModelCompiler.Compile(tflite);
        Assert.AreEqual(4, compiled.Layers.Count);

        // The per-feature score weights: one per feature in the settings and the app's C# file,
        // equal to 1 / the int8 model's mean squared residual on the training windows.
        AnomalyModelSettings settings = AnomalyModelSettings.Read(AnomalyModelSettings.PathFor(model), out string settingsError);
        Assert.IsNotNull(settings, settingsError);
        Assert.AreEqual(24, settings.ScoreWeights.Length);
        var features = VibrationFeatureSet.Extract(CsvSamplesOf(csv.ToString()), new FeatureOptions());
        var scorer = new AnomalyScorer(new TinyMl.Nano.Interpreter(new TinyMl.Nano.Model(compiled.Blob)));
        double residual = 0;
        for (int w = 0; w < 40; w++)
        {
            scorer.ScoreFeatures(features, w * 24);
            double d = scorer.InputScale * (scorer.InputBuffer[5] - scorer.InputZeroPoint) - scorer.OutputScale * (scorer.OutputBuffer[5] - scorer.OutputZeroPoint);
            residual += d * d / 40;
        }
        Assert.AreEqual(1 / Math.Max(residual, 1e-3), settings.ScoreWeights[5], 1e-3 / Math.Max(residual, 1e-3));
        string source = File.ReadAllText(AnomalyModelSettings.PipelineSourcePathFor(model));
        StringAssert.Contains(source, "internal static class TrainedPipeline");
        StringAssert.Contains(source, "public static readonly bool Orders = false;");
        StringAssert.Contains(source, settings.ScoreWeights[5].ToString("R", CultureInfo.InvariantCulture) + "f,");
        scorer.UseWeights(settings.ScoreWeights);
        Assert.IsTrue(scorer.Weighted);
        Assert.ThrowsExactly<ArgumentException>(() => scorer.UseWeights(new float[23]));

        // Same data, same seed: the same file.
        var again = Run("normal2.csv", csv.ToString(), Path.Combine(_dir, "again.tflite"));
        Assert.AreEqual(0, again.Code);
        CollectionAssert.AreEqual(tflite, File.ReadAllBytes(Path.Combine(_dir, "again.tflite")));
    }

    [TestMethod]
    public void OrdersTrainTheWholePipelineAndWriteTheNormalizer()
    {
        // A machine that changes speed (20-60 Hz): order features, the speed normalizer, the model.
        float[] samples = new MachineSimulator(new MachineProperties(91), 2, FaultKind.None, FaultSeverity.Severe).Generate(256 * 60);
        string csv = Path.Combine(_dir, "machine.csv");
        CsvSampleFile.Write(csv, samples, "ax", "ay", "az");
        string model = Path.Combine(_dir, "orders.tflite");
        var outw = new StringWriter();
        var err = new StringWriter();
        int code = TrainAnomalyCommand.Run(csv, model, 5, 3, 256, 8, outw, err, 1000, false, BenchmarkFeatures.Orders, 20, 60);
        Assert.AreEqual(0, code, err.ToString());
        StringAssert.Contains(outw.ToString(), "60 windows of 256 samples, 49 features");

        AnomalyModelSettings settings = AnomalyModelSettings.Read(AnomalyModelSettings.PathFor(model), out string error);
        Assert.IsNotNull(settings, error);
        Assert.IsTrue(settings.Orders);
        Assert.AreEqual(49, settings.Features);
        Assert.AreEqual(16, settings.ScoreTopCount);
        // The written coefficients are the normalizer fitted on the recording's order features.
        var features = new OrderFeatures(256, 1000, 20, 60, 8);
        float[] raw = OrderPipelineTrainer.Extract(CsvSamplesOf(File.ReadAllText(csv)), features);
        SpeedNormalizer fitted = SpeedNormalizer.Fit(raw, 49, 60, OrderPipelineTrainer.MinSpread);
        var offset = new float[49];
        var slope = new float[49];
        var inverse = new float[49];
        fitted.CopyTo(offset, slope, inverse);
        CollectionAssert.AreEqual(offset, settings.NormalizerOffset);
        CollectionAssert.AreEqual(slope, settings.NormalizerSlope);
        CollectionAssert.AreEqual(inverse, settings.NormalizerInverseScale);
        // The model takes the normalized features; the device settings file carries everything.
        var scorer = new AnomalyScorer(new TinyMl.Nano.Interpreter(new TinyMl.Nano.Model(ModelCompiler.Compile(File.ReadAllBytes(model)).Blob)));
        Assert.AreEqual(49, scorer.FeatureCount);
        scorer.UseWeights(settings.ScoreWeights, settings.ScoreTopCount);
        string source = File.ReadAllText(AnomalyModelSettings.PipelineSourcePathFor(model));
        StringAssert.Contains(source, "public static readonly bool Orders = true;");
        StringAssert.Contains(source, "public const int ScoreTopCount = 16;");
        StringAssert.Contains(source, "NormalizerSlope = new float[]");
        StringAssert.Contains(source, settings.NormalizerSlope[7].ToString("R", CultureInfo.InvariantCulture) + "f,");

        // A speed range the window cannot resolve is refused before any work.
        var err2 = new StringWriter();
        Assert.AreEqual(1, TrainAnomalyCommand.Run(csv, Path.Combine(_dir, "bad.tflite"), 5, 3, 256, 8, new StringWriter(), err2, 1000, false, BenchmarkFeatures.Orders, 20, 120));
        StringAssert.Contains(err2.ToString(), "--min-speed/--max-speed");
    }

    [TestMethod]
    public void DefaultOutputIsTheCsvPathWithTflite()
    {
        var gen = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, 4);
        var csv = new StringWriter();
        CsvSampleFile.Write(csv, gen.Generate(256 * 20), "az", "ax", "ay"); // any column order
        var (code, _, errText) = Run("machine7.csv", csv.ToString(), epochs: 2);
        Assert.AreEqual(0, code, errText);
        Assert.IsTrue(File.Exists(Path.Combine(_dir, "machine7.tflite")));
    }

    [DataTestMethod]
    [DataRow("ax,ay\n0.1,0.2\n", "line 1", "missing column 'az'")]
    [DataRow("ax,ay,az\n0.1,0.2,1.0\n0.1,abc,1.0\n", "line 3, column 2", "'abc' is not a number")]
    [DataRow("ax,ay,az\n0.1,0.2,1.0\n0.1,0.2\n", "line 3, column 3", "missing value")]
    [DataRow("", "", "the file is empty")]
    [DataRow("\n\n  \n", "", "the file is empty")]
    [DataRow("ax,ay,az\n", "", "no data rows")]
    [DataRow("ax,ay,az\n0.1,0.2,1.0\n0.1,0.2,NaN\n", "line 3, column 3", "not a finite number")]
    public void BadCsvGivesOneClearLineWithTheLocation(string text, string where, string problem)
    {
        var (code, outText, errText) = Run("bad.csv", text);

        Assert.AreEqual(1, code);
        Assert.AreEqual("", outText);
        string[] lines = errText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, errText);
        StringAssert.StartsWith(lines[0], "tinyml: bad.csv");
        StringAssert.Contains(lines[0], where);
        StringAssert.Contains(lines[0], problem);
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "bad.tflite")));
    }

    [TestMethod]
    public void TooShortRecordingSaysHowMuchIsNeeded()
    {
        string rows = string.Concat(Enumerable.Repeat("0.01,0.02,1.0\n", 1000));
        var (code, _, errText) = Run("short.csv", "ax,ay,az\n" + rows);
        Assert.AreEqual(1, code);
        StringAssert.Contains(errText, "1000 samples");
        StringAssert.Contains(errText, "at least 16 windows");
        StringAssert.Contains(errText, "4096 samples");
    }

    [TestMethod]
    public void MissingFileIsAClearError()
    {
        var outw = new StringWriter();
        var err = new StringWriter();
        int code = TrainAnomalyCommand.Run(Path.Combine(_dir, "nope.csv"), null, 1, 1, 256, 8, outw, err);
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(err.ToString(), "tinyml: cannot read");
    }

    [TestMethod]
    public void HostCalibrationStoreKeepsTheRecordAcrossInstances()
    {
        string path = Path.Combine(_dir, "anomaly.cal");
        var store = new FileCalibrationStore(path);
        Assert.IsNull(store.Load());
        store.Save(new AnomalyCalibration(42, 120, 1.5, 0.25, 2.5, 2.0));

        AnomalyCalibration? back = new FileCalibrationStore(path).Load();
        Assert.IsNotNull(back);
        Assert.AreEqual(42, back.ModelFingerprint);
        Assert.AreEqual(2.5, back.EnterThreshold);
        var detector = new AnomalyDetector(new AnomalySettings(), 42, new FileCalibrationStore(path));
        Assert.AreEqual(DetectorState.Monitoring, detector.State);

        File.WriteAllBytes(path, new byte[] { 1, 2, 3 }); // truncated by a power cut
        Assert.IsNull(store.Load());
        store.Clear();
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void LogMelFrontendThroughTheHostGlue()
    {
        var frontend = new LogMelFrontend(1f / 32768);
        short[] samples = new short[1100];
        float[] melA = new float[128];
        float[] melB = new float[140];
        frontend.ComputeFrame(samples, 0, melA, 0);
        double eps = 10 * Math.Log10(2.220446049250313e-16);
        Assert.IsTrue(melA.All(v => Math.Abs(v - eps) < 0.01), "silence gives 10 log10(eps)");

        for (int i = 0; i < samples.Length; i++) samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / 16000.0));
        frontend.ComputeFrame(samples, 30, melA, 0);
        frontend.ComputeFrame(samples, 30, melB, 12);
        CollectionAssert.AreEqual(melA, melB.Skip(12).ToArray());
        int peak = Array.IndexOf(melA, melA.Max());
        Assert.IsTrue(peak >= 40 && peak <= 50, $"a 1 kHz tone peaks in Slaney mel band 40..50, got {peak}"); // 1000 Hz = mel 15 of 45.2 at 8 kHz -> band ~42

        sbyte[] q = new sbyte[128];
        frontend.ComputeFrameQuantized(samples, 30, 0.391015f, 89, q, 0);
        for (int m = 0; m < 128; m++) Assert.AreEqual(TinyMl.Nano.Quantization.Quantize(melA[m], 0.391015f, 89), q[m]);

        var e = Assert.ThrowsExactly<ArgumentException>(() => frontend.ComputeFrame(samples, 200, melA, 0));
        StringAssert.Contains(e.Message, "offset");
    }

    private static float[] CsvSamplesOf(string text)
    {
        var values = new List<float>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Trim().Split(',');
            if (!float.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue; // header
            foreach (string f in fields) values.Add(float.Parse(f, CultureInfo.InvariantCulture));
        }
        return values.ToArray();
    }
}
