using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Hardware;
using TinyMl.Nano.Sensors;
using TinyMl.Nano.Tests.Sensors;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>
/// The device anomaly loop allocates nothing per window in managed code: after a warm-up, the
/// MPU6886 driver reading its FIFO through the (simulated) I2C bus, the ImuSampler, native
/// features, the interpreter, the scorer, the detector, the button check and the blinking
/// indicator allocate 0 bytes over N windows (the scorer weighted as the app runs it), while calibrating and while monitoring
/// (GC.GetAllocatedBytesForCurrentThread, host only). Events (calibrated, alarm) may allocate.
/// </summary>
[TestClass]
public class AnomalyAllocationTests
{
    private sealed class Pin : IDigitalInput, IDigitalOutput
    {
        public bool Level;
        public int Writes;
        public bool Read() => Level;
        public void Write(bool active) { Level = active; Writes++; }
    }

    [TestMethod]
    public void VibrationLoopAllocatesNothingPerWindow()
    {
        var f = new FeatureOptions();
        float[] healthy = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, 7).Generate(f.WindowSamples * 120);
        AnomalyModel trained = AnomalyModelTrainer.TrainOnFeatures(VibrationFeatureSet.Extract(healthy, f), f, new TrainingOptions { Seed = 1, Epochs = 5 });
        var model = new Model(ModelCompiler.Compile(trained.Tflite).Blob);

        var settings = new AnomalySettings { CalibrationWindows = 40 };
        var detector = new AnomalyDetector(settings, AnomalyCalibration.FingerprintOf(model), new MemoryCalibrationStore());
        var alarm = new Pin();
        detector.AttachAlarmOutput(alarm);
        // The device app's scorer with the per-feature weights train-anomaly writes.
        var scorer = new AnomalyScorer(new Interpreter(model));
        scorer.UseWeights(AnomalyBenchmark.ResidualWeights(new AnomalyScorer(new Interpreter(model)), trained.TrainingFeatures, f.FeatureCount));
        Assert.IsTrue(scorer.Weighted);
        var pipeline = new VibrationAnomalyPipeline(new VibrationFeatures(f.WindowSamples, f.BandCount), scorer, detector);

        // The chip replays the healthy recording in counts of the ±4 g range (8192 LSB/g).
        SimulatedMpu chip = SimulatedMpu.Mpu6886();
        short[] raw = new short[healthy.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = (short)Math.Clamp(Math.Round(healthy[i] * 8192.0), short.MinValue, short.MaxValue);
        }
        chip.SetSamples(raw);
        var sampler = new ImuSampler(new Mpu6886(chip, chip), AccelerometerRange.Range4G, 1000, chip);
        int faults = 0;
        sampler.SensorFault += (s, e) => faults++;
        var button = new Pin();
        var indicator = new Pin();
        var loop = new VibrationAnomalyLoop(sampler, pipeline, button, indicator);

        // Warm up (JIT, native library, sensor start), then measure while calibrating.
        for (int i = 0; i < 5; i++)
        {
            Assert.IsTrue(loop.Step());
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Assert.IsTrue(loop.Step());
        }
        long calibrating = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(DetectorState.Calibrating, detector.State);
        Assert.IsTrue(indicator.Writes >= 20, "the indicator blinks while calibrating");

        // Finish the calibration (its event may allocate), then measure while monitoring.
        while (detector.State == DetectorState.Calibrating)
        {
            Assert.IsTrue(loop.Step());
        }
        Assert.IsTrue(loop.Step());
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Assert.IsTrue(loop.Step());
        }
        long monitoring = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(0, faults);
        Assert.AreEqual(DetectorState.Monitoring, detector.State);
        Assert.IsFalse(detector.AlarmActive, "healthy replay: no alarm event inside the measurement");
        Assert.AreEqual(0L, calibrating, "managed bytes allocated over 20 calibration windows");
        Assert.AreEqual(0L, monitoring, "managed bytes allocated over 50 monitoring windows");
    }

    [TestMethod]
    public void OrderLoopAllocatesNothingPerWindow()
    {
        // The device app's default: the order pipeline as train-anomaly --features Orders trains it, run by the same loop.
        const int window = 256;
        var features = new OrderFeatures(window, MachineProperties.SampleRateHz, MachineProperties.MinSpeedHz, MachineProperties.MaxSpeedHz, 8);
        float[] training = new MachineSimulator(new MachineProperties(81), 3, FaultKind.None, FaultSeverity.Severe).Generate(window * 120);
        OrderPipelineModel trained = OrderPipelineTrainer.Train(OrderPipelineTrainer.Extract(training, features), features.FeatureCount,
            new TrainingOptions { Seed = 1, Epochs = 3, HiddenSizes = new[] { 16, 4, 16 } }, 1.0 / 3, "test");
        var model = new Model(trained.Compiled.Blob);
        var scorer = new AnomalyScorer(new Interpreter(model));
        scorer.UseWeights(trained.ScoreWeights, trained.ScoreTopCount);
        Assert.IsTrue(trained.ScoreTopCount < features.FeatureCount);
        var detector = new AnomalyDetector(new AnomalySettings { CalibrationWindows = 30 }, AnomalyCalibration.FingerprintOf(model), new MemoryCalibrationStore());
        var pipeline = new OrderAnomalyPipeline(features, trained.Normalizer, scorer, detector, 10);
        pipeline.EnableAdaptation(0.01f, 0.005f, 1.0, 100000); // saving (which allocates) not inside the measurement

        float[] run = new MachineSimulator(new MachineProperties(82), 4, FaultKind.None, FaultSeverity.Severe).Generate(window * 130);
        SimulatedMpu chip = SimulatedMpu.Mpu6886();
        short[] raw = new short[run.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = (short)Math.Clamp(Math.Round(run[i] * 8192.0), short.MinValue, short.MaxValue);
        }
        chip.SetSamples(raw);
        var sampler = new ImuSampler(new Mpu6886(chip, chip), AccelerometerRange.Range4G, 1000, chip);
        var loop = new VibrationAnomalyLoop(sampler, pipeline, new Pin(), new Pin());
        Assert.AreSame(pipeline, loop.Pipeline);

        for (int i = 0; i < 3; i++) Assert.IsTrue(loop.Step());
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 6; i++) Assert.IsTrue(loop.Step()); // learning the machine's levels
        long learning = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsTrue(pipeline.LearningBaseline || detector.CalibrationProgress > 0);
        while (pipeline.LearningBaseline) Assert.IsTrue(loop.Step());
        Assert.IsTrue(loop.Step());
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Assert.IsTrue(loop.Step()); // calibrating the threshold
        long calibrating = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(DetectorState.Calibrating, detector.State);
        while (detector.State == DetectorState.Calibrating) Assert.IsTrue(loop.Step());
        Assert.IsTrue(loop.Step());
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Assert.IsTrue(loop.Step());
        long monitoring = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(DetectorState.Monitoring, detector.State);
        Assert.AreEqual(0L, learning, "managed bytes over 6 windows learning the levels");
        Assert.AreEqual(0L, calibrating, "managed bytes over 20 calibration windows");
        Assert.AreEqual(0L, monitoring, "managed bytes over 50 monitoring windows (adapting)");
    }
}
