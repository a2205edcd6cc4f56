using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Anomaly;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>Speed-conditioned normalization, the machine's healthy baseline and its slow adaptation, persisted in the calibration record.</summary>
[TestClass]
public class HealthyBaselineTests
{
    [TestMethod]
    public void SpeedNormalizerRemovesTheSpeedSquaredGrowth()
    {
        // Feature 1 grows 2 dB per dB of speed (an imbalance-like 1x) with ±1 dB noise; feature 2 is flat.
        var random = new Random(3);
        int n = 400;
        float[] rows = new float[n * 3];
        for (int r = 0; r < n; r++)
        {
            float speed = (float)(20 * Math.Log10(20 + 40 * random.NextDouble()));
            rows[r * 3] = speed;
            rows[r * 3 + 1] = -60 + 2 * speed + (float)(random.NextDouble() * 2 - 1);
            rows[r * 3 + 2] = -30 + (float)(random.NextDouble() * 2 - 1);
        }
        SpeedNormalizer normalizer = SpeedNormalizer.Fit(rows, 3, n, 0.05f);
        float[] offset = new float[3], slope = new float[3], inverse = new float[3];
        normalizer.CopyTo(offset, slope, inverse);
        Assert.AreEqual(2.0, slope[1], 0.05, "slope of the 1x-like feature");
        Assert.AreEqual(0.0, slope[2], 0.05, "flat feature");
        Assert.AreEqual(Math.Sqrt(3), inverse[1], 0.15, "uniform ±1 noise has a spread of 1/sqrt(3)");

        // A window 6 dB above the healthy level at its speed reads about 6·sqrt(3) spreads at any speed.
        foreach (double hz in new[] { 20.0, 60.0 })
        {
            float speed = (float)(20 * Math.Log10(hz));
            float[] row = { speed, -60 + 2 * speed + 6, -30 };
            normalizer.Apply(row, 0);
            Assert.AreEqual(6 * Math.Sqrt(3), row[1], 0.8, $"at {hz} Hz");
            Assert.AreEqual(0, row[2], 0.3);
        }
        Assert.ThrowsExactly<ArgumentException>(() => new SpeedNormalizer(new float[3], new float[3], new float[] { 1, 0, 1 }));
        Assert.ThrowsExactly<ArgumentException>(() => normalizer.Apply(new float[2], 0));
    }

    [TestMethod]
    public void BaselineCalibratesAdaptsWithBoundedStepsAndAllocatesNothing()
    {
        var baseline = new HealthyBaseline(3);
        baseline.BeginCalibration();
        baseline.Accumulate(new float[] { 5, 1, -2 }, 0);
        baseline.Accumulate(new float[] { 7, 3, -4 }, 0);
        baseline.EndCalibration();
        Assert.AreEqual(0f, baseline.LevelOf(0), "the speed is never shifted");
        Assert.AreEqual(2f, baseline.LevelOf(1));
        Assert.AreEqual(-3f, baseline.LevelOf(2));

        float[] row = { 9, 2.5f, -3 };
        baseline.Subtract(row, 0);
        CollectionAssert.AreEqual(new[] { 9f, 0.5f, 0f }, row);

        // A jump of 10 spreads moves the level by at most maxStep per window, however high the rate.
        float[] far = { 0, 12, -3 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) baseline.Adapt(far, 0, 0.5f, 0.01f);
        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "Adapt allocates nothing");
        Assert.AreEqual(3f, baseline.LevelOf(1), 1e-4, "100 windows x 0.01 = 1 spread of drift");
        Assert.AreEqual(-3f, baseline.LevelOf(2), 1e-6);
        Assert.AreEqual(100, baseline.Adaptations);
        // A small difference is followed at the rate.
        baseline.Adapt(new float[] { 0, 3.01f, -3 }, 0, 0.5f, 0.01f);
        Assert.AreEqual(3.005f, baseline.LevelOf(1), 1e-4);
        // The device rule: only windows scoring at most mean + 1 sigma of the calibration adapt.
        var calibration = new AnomalyCalibration(1, 120, 1.0, 0.1, 1.4, 1.12);
        Assert.IsFalse(baseline.AdaptIfFarBelow(far, 0, 1.11, calibration, 1.0, 0.5f, 0.01f), "1.11 > mean + 1 sigma");
        Assert.AreEqual(3.005f, baseline.LevelOf(1), 1e-4, "unchanged");
        Assert.IsTrue(baseline.AdaptIfFarBelow(far, 0, 1.05, calibration, 1.0, 0.5f, 0.01f));
        Assert.AreEqual(3.015f, baseline.LevelOf(1), 1e-4);
        Assert.IsFalse(baseline.AdaptIfFarBelow(far, 0, 1.05, calibration, 2.0, 0.5f, 0.01f), "mean + 2 sigma reaches the exit threshold: never adapt");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => baseline.Adapt(far, 0, 0, 0.01f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => baseline.Adapt(far, 0, 0.1f, 0));
        Assert.ThrowsExactly<InvalidOperationException>(() => { var b = new HealthyBaseline(3); b.BeginCalibration(); b.EndCalibration(); });
    }

    [TestMethod]
    public void CalibrationRecordCarriesTheBaselineThroughTheStore()
    {
        var baseline = new HealthyBaseline(new float[] { 0, 1.5f, -2.25f, 7 });
        var calibration = new AnomalyCalibration(1234, 120, 1.0, 0.25, 2.0, 1.5, baseline);
        var store = new MemoryCalibrationStore();
        store.Save(calibration);
        Assert.AreEqual(56 + 4 * 4, store.Record.Length, "version 2: 48 bytes, count + levels, CRC");

        AnomalyCalibration back = store.Load()!;
        Assert.IsNotNull(back);
        Assert.AreEqual(1234, back.ModelFingerprint);
        Assert.AreEqual(2.0, back.EnterThreshold);
        Assert.IsNotNull(back.Baseline);
        Assert.AreEqual(4, back.Baseline.FeatureCount);
        Assert.AreEqual(-2.25f, back.Baseline.LevelOf(2));
        Assert.AreEqual(7f, back.Baseline.LevelOf(3));

        // A flipped byte anywhere (CRC) or a truncated record is no calibration.
        for (int i = 0; i < store.Record.Length; i += 7)
        {
            byte[] bad = (byte[])calibration.ToBytes().Clone();
            bad[i] ^= 0x10;
            Assert.IsNull(AnomalyCalibration.FromBytes(bad, 0, bad.Length), $"byte {i} flipped");
        }
        byte[] record = calibration.ToBytes();
        Assert.IsNull(AnomalyCalibration.FromBytes(record, 0, record.Length - 4));

        // Version 1 records (no baseline) still read and stay 52 bytes.
        var plain = new AnomalyCalibration(1, 10, 1, 0.1, 1.4, 1.2);
        Assert.AreEqual(AnomalyCalibration.SerializedSize, plain.ToBytes().Length);
        Assert.IsNull(AnomalyCalibration.FromBytes(plain.ToBytes(), 0, AnomalyCalibration.SerializedSize)!.Baseline);
    }
}
