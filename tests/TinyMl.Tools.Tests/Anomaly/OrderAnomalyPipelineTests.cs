using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>
/// The device's order-feature pipeline: the machine's levels are learned before the detector
/// calibrates, saved with the calibration, adapted slowly and saved again, read back after a
/// "reset"; per window it allocates nothing (but when it saves).
/// </summary>
[TestClass]
public class OrderAnomalyPipelineTests
{
    [TestMethod]
    public void LearnsCalibratesAdaptsPersistsAndAllocatesNothingPerWindow()
    {
        const int window = 256;
        var features = new OrderFeatures(window, MachineProperties.SampleRateHz, MachineProperties.MinSpeedHz, MachineProperties.MaxSpeedHz, 8);
        int n = features.FeatureCount;
        var training = new MachineSimulator(new MachineProperties(71), 5, FaultKind.None, FaultSeverity.Severe).Generate(window * 200);
        float[] rows = new float[200 * n];
        for (int w = 0; w < 200; w++) features.Compute(training, w * window * 3, rows, w * n);
        SpeedNormalizer normalizer = SpeedNormalizer.Fit(rows, n, 200, 0.05f);
        for (int w = 0; w < 200; w++) normalizer.Apply(rows, w * n);
        byte[] tflite = AnomalyBenchmark.TrainRows(rows, n, new TrainingOptions { Seed = 1, Epochs = 3, HiddenSizes = new[] { 16, 4, 16 } }, "test");
        var model = new Model(ModelCompiler.Compile(tflite).Blob);
        var scorer = new AnomalyScorer(new Interpreter(model));
        scorer.UseWeights(AnomalyBenchmark.ResidualWeights(new AnomalyScorer(new Interpreter(model)), rows, n));

        // Another machine, healthy: 10 windows learn the levels, 20 calibrate the threshold.
        float[] run = new MachineSimulator(new MachineProperties(72), 6, FaultKind.None, FaultSeverity.Severe).Generate(window * 160);
        var store = new MemoryCalibrationStore();
        var settings = new AnomalySettings { CalibrationWindows = 20 };
        var detector = new AnomalyDetector(settings, AnomalyCalibration.FingerprintOf(model), store);
        var pipeline = new OrderAnomalyPipeline(features, normalizer, scorer, detector, 10);
        int w0 = 0;
        for (; w0 < 10; w0++)
        {
            Assert.AreEqual(0.0, pipeline.ProcessWindow(run, w0 * window * 3), $"window {w0} learns the levels");
        }
        Assert.IsFalse(pipeline.LearningBaseline);
        Assert.AreEqual(0, detector.CalibrationProgress, "the detector was not fed while the levels were learned");
        float levelAfterLearning = pipeline.Baseline.LevelOf(5);
        Assert.AreNotEqual(0f, levelAfterLearning);
        for (; w0 < 30; w0++) pipeline.ProcessWindow(run, w0 * window * 3);
        Assert.AreEqual(DetectorState.Monitoring, detector.State);
        AnomalyCalibration saved = store.Load()!;
        Assert.IsNotNull(saved.Baseline, "the calibration was saved with the levels");
        Assert.AreEqual(levelAfterLearning, saved.Baseline.LevelOf(5));

        // Adapting, saved every 1000 adaptations (not inside the measurement): no allocation.
        pipeline.EnableAdaptation(0.05f, 0.01f, 1.0, 1000);
        pipeline.ProcessWindow(run, w0++ * window * 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 40; i++) pipeline.ProcessWindow(run, w0++ * window * 3);
        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "managed bytes over 40 monitoring windows");
        Assert.IsTrue(pipeline.Baseline.Adaptations > 0, "healthy windows far below the threshold adapted the levels");
        Assert.IsTrue(Math.Abs(pipeline.Baseline.LevelOf(5) - levelAfterLearning) <= 0.01f * pipeline.Baseline.Adaptations + 1e-5, "bounded drift");

        // Saved every 2 adaptations from now on: the store follows the levels.
        pipeline.EnableAdaptation(0.05f, 0.01f, 1.0, 2);
        for (int i = 0; i < 40; i++) pipeline.ProcessWindow(run, w0++ * window * 3);
        saved = store.Load()!;
        Assert.AreNotEqual(levelAfterLearning, saved.Baseline!.LevelOf(5), "adapted levels saved");

        // After a reset: the stored calibration and levels are used, no new calibration.
        var detector2 = new AnomalyDetector(settings, AnomalyCalibration.FingerprintOf(model), store);
        var pipeline2 = new OrderAnomalyPipeline(features, normalizer, scorer, detector2, 10);
        Assert.AreEqual(DetectorState.Monitoring, detector2.State);
        Assert.AreEqual(saved.Baseline.LevelOf(5), pipeline2.Baseline.LevelOf(5));
        Assert.IsTrue(pipeline2.ProcessWindow(run, w0 * window * 3) > 0);

        // A stored calibration without levels does not fit: calibrate again.
        store.Save(new AnomalyCalibration(AnomalyCalibration.FingerprintOf(model), 20, 1, 0.1, 1.4, 1.12));
        var detector3 = new AnomalyDetector(settings, AnomalyCalibration.FingerprintOf(model), store);
        var pipeline3 = new OrderAnomalyPipeline(features, normalizer, scorer, detector3, 10);
        Assert.AreEqual(DetectorState.Calibrating, detector3.State);
        Assert.AreEqual(0.0, pipeline3.ProcessWindow(run, 0));
        Assert.IsTrue(pipeline3.LearningBaseline);
    }
}
