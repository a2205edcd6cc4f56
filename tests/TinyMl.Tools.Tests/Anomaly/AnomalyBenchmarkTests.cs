using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Anomaly;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>
/// The harder benchmark's pieces: the machine simulator (deterministic, speed in range,
/// fault = healthy + fault component), the speed tracking of <see cref="OrderFeatures"/>, the
/// figures (AUC, threshold at a false-alarm rate, first alarm, RMS velocity) and a small run.
/// </summary>
[TestClass]
public class AnomalyBenchmarkTests
{
    [TestMethod]
    public void SimulatorIsDeterministicAndFaultsAddToTheHealthySignal()
    {
        var machine = new MachineProperties(501);
        float[] a = new MachineSimulator(machine, 9, FaultKind.None, FaultSeverity.Severe).Generate(3000);
        float[] b = new MachineSimulator(new MachineProperties(501), 9, FaultKind.None, FaultSeverity.Incipient).Generate(3000);
        CollectionAssert.AreEqual(a, b, "same machine and run seed: same healthy signal (severity ignored without a fault)");
        float[] other = new MachineSimulator(new MachineProperties(502), 9, FaultKind.None, FaultSeverity.Severe).Generate(3000);
        Assert.IsTrue(MaxAbs(a, other) > 0.01, "another machine differs");

        foreach (FaultKind fault in AnomalyBenchmark.Faults)
        {
            double previous = 0;
            foreach (FaultSeverity severity in AnomalyBenchmark.Severities)
            {
                float[] faulty = new MachineSimulator(machine, 9, fault, severity).Generate(3000);
                double rmsDiff = RmsDifference(faulty, a);
                Assert.IsTrue(rmsDiff > previous * 1.5, $"{fault} {severity}: the fault grows with the severity ({rmsDiff} after {previous})");
                previous = rmsDiff;
            }
        }
    }

    [TestMethod]
    public void ProfileStaysInTheSpeedAndLoadRangeAndChangesSpeed()
    {
        var profile = new OperatingProfile(77);
        double min = double.MaxValue, max = double.MinValue;
        for (double t = 0; t < 120; t += 0.05)
        {
            profile.At(t, out double speed, out double load);
            Assert.IsTrue(speed >= MachineProperties.MinSpeedHz && speed <= MachineProperties.MaxSpeedHz, $"speed {speed} at {t} s");
            Assert.IsTrue(load >= 0.2 && load <= 1, $"load {load} at {t} s");
            min = Math.Min(min, speed);
            max = Math.Max(max, speed);
        }
        Assert.IsTrue(max - min > 15, $"two minutes of running cover more than 15 Hz of speed ({min}..{max})");
    }

    [TestMethod]
    public void OrderFeaturesTrackTheSpeedOfASimulatedMachine()
    {
        var machine = new MachineProperties(503);
        var sim = new MachineSimulator(machine, 3, FaultKind.None, FaultSeverity.Severe);
        var features = new OrderFeatures(256, MachineProperties.SampleRateHz, MachineProperties.MinSpeedHz, MachineProperties.MaxSpeedHz, 8);
        Assert.AreEqual(1 + 3 * (8 + 8), features.FeatureCount);
        var row = new float[features.FeatureCount];
        var errors = new List<double>();
        for (int w = 0; w < 120; w++)
        {
            double start = sim.Time;
            float[] window = sim.Generate(256);
            sim.Profile.At(start + 0.128, out double speed, out _);
            features.Compute(window, 0, row, 0);
            errors.Add(Math.Abs(features.SpeedHz - speed));
            Assert.AreEqual(20 * Math.Log10(features.SpeedHz), row[0], 1e-4);
        }
        errors.Sort();
        Assert.IsTrue(errors[errors.Count / 2] < 1.5, $"median speed error {errors[errors.Count / 2]} Hz");
        Assert.IsTrue(errors[(int)(errors.Count * 0.9)] < 4, $"90th percentile speed error {errors[(int)(errors.Count * 0.9)]} Hz");
    }

    [TestMethod]
    public void OrderFeaturesPutAToneAtItsOrderAndAllocateNothing()
    {
        // 37 Hz shaft, 1x of 0.1 g on x only: the 1x feature of x is far above the 3x feature
        // of x and above the 1x of y.
        const double speed = 37;
        var window = new float[3 * 256];
        for (int i = 0; i < 256; i++)
        {
            double t = i / 1000.0;
            window[3 * i] = (float)(0.1 * Math.Sin(2 * Math.PI * speed * t) + 0.03 * Math.Sin(2 * Math.PI * 2 * speed * t));
            window[3 * i + 1] = (float)(0.001 * Math.Sin(2 * Math.PI * 300 * t));
            window[3 * i + 2] = 1f;
        }
        var features = new OrderFeatures(256, 1000, 20, 60, 8);
        var row = new float[features.FeatureCount];
        features.Compute(window, 0, row, 0);
        Assert.AreEqual(speed, features.SpeedHz, 1.0);
        int x1 = 1 + 1, x3 = 1 + 5, y1 = 1 + 16 + 1;
        Assert.IsTrue(row[x1] > row[x3] + 20, $"x 1x {row[x1]} dB vs x 3x {row[x3]} dB");
        Assert.IsTrue(row[x1] > row[y1] + 20, $"x 1x {row[x1]} dB vs y 1x {row[y1]} dB");

        features.Compute(window, 0, row, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) features.Compute(window, 0, row, 0);
        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "Compute allocates nothing");

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OrderFeatures(256, 1000, 20, 120, 8), "5 x 120 Hz is above Nyquist");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OrderFeatures(256, 1000, 20, 60, 7), "7 bands do not divide 128");
        Assert.ThrowsExactly<ArgumentException>(() => features.Compute(window, 0, new float[10], 0));
    }

    [TestMethod]
    public void FiguresOnKnownScores()
    {
        Assert.AreEqual(1.0, AnomalyBenchmark.Auc(new double[] { 1, 2, 3 }, new double[] { 4, 5 }), 1e-12);
        Assert.AreEqual(0.0, AnomalyBenchmark.Auc(new double[] { 4, 5 }, new double[] { 1, 2, 3 }), 1e-12);
        Assert.AreEqual(0.5, AnomalyBenchmark.Auc(new double[] { 1, 1 }, new double[] { 1, 1 }), 1e-12);
        // healthy 1,3 vs faulty 2,4: pairs (2>1),(2<3),(4>1),(4>3) -> 3/4.
        Assert.AreEqual(0.75, AnomalyBenchmark.Auc(new double[] { 1, 3 }, new double[] { 2, 4 }), 1e-12);

        double[] healthy = Enumerable.Range(1, 200).Select(i => (double)i).ToArray();
        double threshold = AnomalyBenchmark.ThresholdAtFalseAlarmRate(healthy, 0.01);
        Assert.AreEqual(2, healthy.Count(h => h > threshold), "1 % of 200 healthy windows over the threshold");

        Assert.AreEqual(3, AnomalyBenchmark.FirstAlarm(new double[] { 5, 0, 5, 5, 5 }, 1, 2));
        Assert.AreEqual(-1, AnomalyBenchmark.FirstAlarm(new double[] { 5, 0, 5, 0, 5 }, 1, 2));

        AnomalyBenchmark.Roc(new double[] { 1, 2 }, new double[] { 3, 4 }, out double[] fpr, out double[] tpr);
        Assert.AreEqual(0, fpr[0]);
        Assert.AreEqual(1, fpr[^1]);
        Assert.AreEqual(1, tpr[^1]);
    }

    [TestMethod]
    public void RmsVelocityOfASineIsItsVelocityAmplitudeOverRootTwo()
    {
        // 0.5 g at 64 Hz (a whole number of cycles in 256 samples at 1 kHz? 16.384: not whole, the
        // Hann window handles it): v = a / (2 pi f) = 0.5 * 9806.65 / (2 pi 64) = 12.19 mm/s peak.
        var window = new float[3 * 256];
        for (int i = 0; i < 256; i++) window[3 * i + 1] = (float)(0.5 * Math.Sin(2 * Math.PI * 64 * i / 1000.0));
        double rms = new RmsVelocity(256, 1000).Score(window, 0);
        double expected = 0.5 * 9806.65 / (2 * Math.PI * 64) / Math.Sqrt(2);
        Assert.AreEqual(expected, rms, expected * 0.03);
    }

    [TestMethod]
    public void SmallBenchmarkRunsAndFindsSevereBearingDefects()
    {
        var options = new BenchmarkOptions
        {
            TrainingMachines = 2,
            TrainingWindowsPerMachine = 100,
            TestMachines = 1,
            HealthyWindows = 40,
            CalibrationWindows = 20,
            FaultWindows = 10,
            Training = new TrainingOptions { Epochs = 10, HiddenSizes = new[] { 32, 8, 32 } },
            Clusters = 4,
        };
        BenchmarkResult r = AnomalyBenchmark.Run(options);
        Assert.AreEqual(12, r.Rows.Count);
        Assert.AreEqual(200, r.TrainingWindows);
        foreach (BenchmarkRow row in r.Rows)
        {
            Assert.AreEqual(3, row.Methods.Count);
            foreach (MethodFigures m in row.Methods)
            {
                Assert.IsTrue(m.Auc >= 0 && m.Auc <= 1, $"{row.Fault} {row.Severity} {m.Method}: {m.Auc}");
                Assert.IsTrue(m.CalibratedAuc >= 0 && m.CalibratedAuc <= 1, $"{row.Fault} {row.Severity} {m.Method} calibrated: {m.CalibratedAuc}");
            }
        }
        BenchmarkRow bearing = r.Rows.Single(x => x.Fault == FaultKind.BearingOuterRace && x.Severity == FaultSeverity.Severe);
        Assert.IsTrue(bearing.Of(BenchmarkMethod.Autoencoder).Auc > 0.95, $"severe bearing defect AUC {bearing.Of(BenchmarkMethod.Autoencoder).Auc}");

        string text = TinyMl.Cli.BenchAnomalyCommand.FormatText(r);
        StringAssert.Contains(text, "| bearing outer race | severe |");
        StringAssert.Contains(TinyMl.Cli.BenchAnomalyCommand.FormatHtml(r), "<polyline");
    }

    private static double MaxAbs(float[] a, float[] b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    private static double RmsDifference(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s / a.Length);
    }
}
