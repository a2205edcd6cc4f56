using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Nano.Host;
using TinyMl.Simulation;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>
/// `tinyml train-anomaly` then `tinyml score-anomaly` on the user's own recordings: the settings
/// travel with the model, a recording at another rate is refused, a healthy recording raises no
/// alarm and a bearing defect does, and a saved calibration is reused.
/// </summary>
[TestClass]
public class ScoreAnomalyCommandTests
{
    private static string _dir = null!;
    private static string _model = null!;

    private static (int Code, string Out, string Err) Tinyml(params string[] args)
    {
        var outw = new StringWriter();
        var err = new StringWriter();
        int code = Program.Run(args, outw, err);
        return (code, outw.ToString(), err.ToString());
    }

    private static string Csv(string name, params (MachineCondition Condition, int Windows, int Seed)[] parts)
    {
        var values = new List<float>();
        foreach (var part in parts)
        {
            values.AddRange(new VibrationGenerator(new VibrationSettings(), part.Condition, part.Seed).Generate(256 * part.Windows));
        }
        string path = Path.Combine(_dir, name);
        CsvSampleFile.Write(path, values.ToArray(), "ax", "ay", "az");
        return path;
    }

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _dir = Path.Combine(Path.GetTempPath(), "tinyml-score-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        string normal = Csv("normal.csv", (MachineCondition.Healthy, 200, 11));
        _model = Path.Combine(_dir, "model.tflite");
        var r = Tinyml("train-anomaly", normal, "-o", _model, "--epochs", "20");
        Assert.AreEqual(0, r.Code, r.Err);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void TrainAnomalyRecordsTheRateAndFeatureSettings()
    {
        string json = File.ReadAllText(Path.Combine(_dir, "model.anomaly.json"));
        StringAssert.Contains(json, "\"sampleRateHz\": 1000");
        StringAssert.Contains(json, "\"windowSamples\": 256");
        StringAssert.Contains(json, "\"bands\": 8");
        var settings = AnomalyModelSettings.Read(Path.Combine(_dir, "model.anomaly.json"), out string error);
        Assert.IsNotNull(settings, error);
        Assert.IsTrue(settings!.TrainingErrorSigma > 0);
    }

    [TestMethod]
    public void ACsvAtAnotherRateIsRefused()
    {
        // A time column at 500 Hz against a model trained at 1000 Hz.
        var text = new StringBuilder("t,ax,ay,az\n");
        var values = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, 3).Generate(256 * 130);
        for (int i = 0; i < values.Length / 3; i++)
        {
            text.Append(string.Format(CultureInfo.InvariantCulture, "{0},{1},{2},{3}\n", i / 500.0, values[3 * i], values[3 * i + 1], values[3 * i + 2]));
        }
        string csv = Path.Combine(_dir, "slow.csv");
        File.WriteAllText(csv, text.ToString());
        var r = Tinyml("score-anomaly", "--model", _model, "--csv", csv);
        Assert.AreEqual(1, r.Code, r.Out);
        StringAssert.Contains(r.Err, "500 Hz");
        StringAssert.Contains(r.Err, "1000 Hz");

        // train-anomaly refuses it too when told the rate differs.
        var train = Tinyml("train-anomaly", csv, "-o", Path.Combine(_dir, "slow.tflite"), "--sample-rate", "1000", "--epochs", "2");
        Assert.AreEqual(1, train.Code);
        StringAssert.Contains(train.Err, "500 Hz");
    }

    [TestMethod]
    public void HealthyRecordingRaisesNoAlarmAndABearingDefectDoes()
    {
        string healthy = Csv("healthy.csv", (MachineCondition.Healthy, 300, 21));
        string calibration = Path.Combine(_dir, "cal.json");
        var ok = Tinyml("score-anomaly", "--model", _model, "--csv", healthy, "--calibration", calibration);
        Assert.AreEqual(0, ok.Code, ok.Err);
        StringAssert.Contains(ok.Out, "0 alarm(s)");
        Assert.IsTrue(File.Exists(calibration), "the calibration was saved");

        string faulty = Csv("faulty.csv", (MachineCondition.Healthy, 40, 22), (MachineCondition.BearingDefect, 60, 23));
        string report = Path.Combine(_dir, "score.html");
        var bad = Tinyml("score-anomaly", "--model", _model, "--csv", faulty, "--calibration", calibration, "--report", report);
        Assert.AreEqual(0, bad.Code, bad.Err);
        StringAssert.Contains(bad.Out, "calibration: " + calibration);
        Match raised = Regex.Match(bad.Out, @"([0-9.]+) s alarm RAISED");
        Assert.IsTrue(raised.Success, bad.Out);
        double at = double.Parse(raised.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.IsTrue(at >= 40 * 0.256, "no alarm during the healthy start: " + bad.Out);
        StringAssert.Contains(File.ReadAllText(report), "<polyline");

        // Not enough windows to calibrate without a calibration file.
        string shortCsv = Csv("short.csv", (MachineCondition.Healthy, 50, 24));
        var tooShort = Tinyml("score-anomaly", "--model", _model, "--csv", shortCsv);
        Assert.AreEqual(1, tooShort.Code);
        StringAssert.Contains(tooShort.Err, "--calibration");
    }
    [TestMethod]
    public void AnOrderModelScoresThroughTheOrderPipelineAndKeepsTheMachineLevels()
    {
        // Train on one run of a machine that changes speed; score another run that becomes loose after 240 windows.
        var machine = new MachineProperties(95);
        string normal = Path.Combine(_dir, "orders-normal.csv");
        CsvSampleFile.Write(normal, new MachineSimulator(machine, 1, FaultKind.None, FaultSeverity.Severe).Generate(256 * 150), "ax", "ay", "az");
        string model = Path.Combine(_dir, "orders.tflite");
        var train = Tinyml("train-anomaly", normal, "-o", model, "--features", "Orders", "--epochs", "10");
        Assert.AreEqual(0, train.Code, train.Err);

        const int healthyWindows = 240, faultWindows = 40;
        float[] healthy = new MachineSimulator(machine, 2, FaultKind.None, FaultSeverity.Severe).Generate(256 * (healthyWindows + faultWindows));
        float[] loose = new MachineSimulator(machine, 2, FaultKind.Looseness, FaultSeverity.Severe).Generate(256 * (healthyWindows + faultWindows));
        float[] run = (float[])healthy.Clone();
        Array.Copy(loose, 256 * 3 * healthyWindows, run, 256 * 3 * healthyWindows, 256 * 3 * faultWindows);
        string csv = Path.Combine(_dir, "orders-run.csv");
        CsvSampleFile.Write(csv, run, "ax", "ay", "az");
        string cal = Path.Combine(_dir, "orders-cal.json");
        var r = Tinyml("score-anomaly", "--model", model, "--csv", csv, "--calibration", cal);
        Assert.AreEqual(0, r.Code, r.Err);
        StringAssert.Contains(r.Out, "orders + 8 bands x 3 axes, speed-normalized");
        StringAssert.Contains(r.Out, "the first 60 windows learn the machine's levels, the next 120 the threshold");
        // The first alarm comes after the fault starts (none while healthy), at the recording's window index.
        var raised = System.Text.RegularExpressions.Regex.Matches(r.Out, @"alarm RAISED  \(window (\d+),");
        Assert.IsTrue(raised.Count >= 1, r.Out);
        Assert.IsTrue(int.Parse(raised[0].Groups[1].Value, CultureInfo.InvariantCulture) >= healthyWindows, r.Out);
        string json = File.ReadAllText(cal);
        StringAssert.Contains(json, "\"baselineLevels\"");

        // Scoring again against the saved calibration (levels included) needs no calibration windows.
        string faultOnly = Path.Combine(_dir, "orders-fault.csv");
        CsvSampleFile.Write(faultOnly, loose.AsSpan(256 * 3 * healthyWindows).ToArray(), "ax", "ay", "az");
        var again = Tinyml("score-anomaly", "--model", model, "--csv", faultOnly, "--calibration", cal);
        Assert.AreEqual(0, again.Code, again.Err);
        StringAssert.Contains(again.Out, "calibration: " + cal);
        StringAssert.Contains(again.Out, "alarm RAISED");
    }
}
