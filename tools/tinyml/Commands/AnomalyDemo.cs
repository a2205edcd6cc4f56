using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Cli
{
    /// <summary>Settings of <see cref="AnomalyDemo"/>; the defaults run in a few seconds.</summary>
    public sealed record DemoOptions
    {
        /// <summary>Seeds everything: training machines are Seed·1000 + k, held-out machines Seed·1000 + 500 + m.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>Healthy machines recorded for training.</summary>
        public int TrainingMachines { get; init; } = 4;

        /// <summary>Windows recorded per training machine.</summary>
        public int TrainingWindowsPerMachine { get; init; } = 150;

        /// <summary>Held-out machines the loop runs on (each: calibration, then healthy and each fault).</summary>
        public int TestMachines { get; init; } = 3;

        /// <summary>Windows of each healthy segment between faults.</summary>
        public int HealthyWindows { get; init; } = 60;

        /// <summary>Windows of each fault segment.</summary>
        public int FaultWindows { get; init; } = 40;

        public FeatureOptions Features { get; init; } = new();

        public TrainingOptions Training { get; init; } = new() { Epochs = 30 };

        /// <summary>Per-output-channel weight scales instead of one per tensor.</summary>
        public bool PerChannelWeights { get; init; } = true;

        public AnomalySettings Detector { get; init; } = new();

        public VibrationSettings Machine { get; init; } = new();
    }

    /// <summary>One window of the timeline.</summary>
    public readonly record struct DemoWindow(
        int Machine, int Window, MachineCondition Condition, bool Calibrating,
        double Score, double FloatScore, bool Anomalous, bool AlarmActive);

    /// <summary>An alarm change or a calibration, with where it happened.</summary>
    public readonly record struct DemoEvent(int Machine, int Window, AnomalyEventKind Kind, double Score, MachineCondition Condition);

    /// <summary>Per-condition detection figures over the monitoring windows.</summary>
    public readonly record struct ConditionFigures(MachineCondition Condition, int Windows, int Flagged, double MeanScore)
    {
        public double FlaggedPercent => Windows == 0 ? 0 : 100.0 * Flagged / Windows;
    }

    public sealed class DemoResult
    {
        public required DemoOptions Options { get; init; }
        public required AnomalyModel Model { get; init; }
        public required CompiledModel Compiled { get; init; }
        public required IReadOnlyList<DemoWindow> Timeline { get; init; }
        public required IReadOnlyList<DemoEvent> Events { get; init; }
        /// <summary>The calibration of each held-out machine.</summary>
        public required IReadOnlyList<AnomalyCalibration> Calibrations { get; init; }
        public required IReadOnlyList<ConditionFigures> Figures { get; init; }
        /// <summary>Monitoring windows of healthy running scoring over the enter threshold (%).</summary>
        public double HealthyFlaggedPercent { get; init; }
        /// <summary>Fault windows (all three faults) scoring over the enter threshold (%).</summary>
        public double FaultFlaggedPercent { get; init; }
        /// <summary>Alarms raised while the machine was healthy.</summary>
        public int FalseAlarms { get; init; }
        /// <summary>Fault segments during which an alarm was raised (or was already active).</summary>
        public int DetectedFaultSegments { get; init; }
        public int FaultSegments { get; init; }
        /// <summary>Pearson and Spearman correlation of the int8 scores with the float model's scores (monitoring windows).</summary>
        public double Pearson { get; init; }
        public double Spearman { get; init; }
        public TimeSpan TrainingTime { get; init; }
        public TimeSpan TotalTime { get; init; }
    }

    /// <summary>
    /// The whole anomaly-detection story on the host, with nothing but the repo: healthy
    /// training data from the vibration generator, C# training, int8 quantization, .tflite
    /// written and read back, compiled by our compiler, then the firmware's own loop
    /// (<see cref="VibrationAnomalyPipeline"/>: native features, the TinyMl.Nano interpreter,
    /// calibration, hysteresis) on held-out machines running healthy and with each fault.
    /// </summary>
    public static class AnomalyDemo
    {
        private static readonly MachineCondition[] FaultOrder =
            { MachineCondition.Imbalance, MachineCondition.BearingDefect, MachineCondition.Looseness };

        public static DemoResult Run(DemoOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var total = Stopwatch.StartNew();
            FeatureOptions f = options.Features;
            f.Validate();

            // 1. Healthy training data from several machines of the same type.
            var rows = new List<float>();
            for (int k = 0; k < options.TrainingMachines; k++)
            {
                var gen = new VibrationGenerator(options.Machine, MachineCondition.Healthy, TrainingSeed(options, k));
                int samples = f.WindowSamples + (options.TrainingWindowsPerMachine - 1) * f.HopSamples;
                rows.AddRange(VibrationFeatureSet.Extract(gen.Generate(samples), f));
            }

            // 2. Train, quantize, write the .tflite.
            var trainWatch = Stopwatch.StartNew();
            AnomalyModel model = AnomalyModelTrainer.TrainOnFeatures(rows.ToArray(), f, options.Training with { Seed = options.Seed }, options.PerChannelWeights);
            trainWatch.Stop();

            // 3. Read it back and compile it with our compiler, as `tinyml compile` does.
            TfliteModel.Read(model.Tflite);
            CompiledModel compiled = ModelCompiler.Compile(model.Tflite);
            var tnm = new Model(compiled.Blob);
            var interpreter = new Interpreter(tnm);
            var scorer = new AnomalyScorer(interpreter);
            var features = new VibrationFeatures(f.WindowSamples, f.BandCount);
            int fingerprint = AnomalyCalibration.FingerprintOf(tnm);

            var timeline = new List<DemoWindow>();
            var events = new List<DemoEvent>();
            var calibrations = new List<AnomalyCalibration>();
            float[] window = new float[f.WindowSamples * 3];
            float[] floatFeatures = new float[f.FeatureCount];
            int faultSegments = 0, detectedSegments = 0, falseAlarms = 0;

            // 4. Each held-out machine: calibrate on healthy running, then healthy and faults.
            for (int m = 0; m < options.TestMachines; m++)
            {
                int seed = TestSeed(options, m);
                var store = new MemoryCalibrationStore();
                var detector = new AnomalyDetector(options.Detector, fingerprint, store);
                var pipeline = new VibrationAnomalyPipeline(features, scorer, detector);
                MachineCondition current = MachineCondition.Healthy;
                int machine = m, windowIndex = 0;
                detector.Changed += (s, e) =>
                {
                    events.Add(new DemoEvent(machine, (int)e.Window, e.Kind, e.Score, current));
                    if (e.Kind == AnomalyEventKind.Calibrated) calibrations.Add(e.Calibration);
                    if (e.Kind == AnomalyEventKind.AlarmRaised && current == MachineCondition.Healthy) falseAlarms++;
                };

                // One generator per condition, advanced in lockstep: a fault segment continues the
                // same machine at the same moment, with the fault component added.
                var generators = new Dictionary<MachineCondition, VibrationGenerator>();
                foreach (MachineCondition c in Enum.GetValues<MachineCondition>())
                {
                    generators[c] = new VibrationGenerator(options.Machine, c, seed);
                }

                var schedule = new List<(MachineCondition Condition, int Windows)>
                {
                    (MachineCondition.Healthy, options.Detector.CalibrationWindows + options.HealthyWindows),
                };
                foreach (MachineCondition fault in FaultOrder)
                {
                    schedule.Add((fault, options.FaultWindows));
                    schedule.Add((MachineCondition.Healthy, options.HealthyWindows));
                }

                foreach (var (condition, count) in schedule)
                {
                    current = condition;
                    bool detected = false;
                    for (int i = 0; i < count; i++)
                    {
                        foreach (var kv in generators)
                        {
                            if (kv.Key == condition) kv.Value.Generate(window);
                            else kv.Value.Generate(f.WindowSamples); // keep in step
                        }
                        bool calibrating = detector.State == DetectorState.Calibrating;
                        double score = pipeline.ProcessWindow(window, 0);
                        features.Compute(window, 0, floatFeatures, 0);
                        float[] recon = model.FloatModel.Reconstruct(floatFeatures);
                        double floatScore = ReconstructionError.MeanSquared(floatFeatures, 0, recon, 0, floatFeatures.Length);
                        timeline.Add(new DemoWindow(m, windowIndex++, condition, calibrating, score, floatScore,
                            detector.LastWindowAnomalous, detector.AlarmActive));
                        detected |= detector.AlarmActive;
                    }
                    if (condition != MachineCondition.Healthy)
                    {
                        faultSegments++;
                        if (detected) detectedSegments++;
                    }
                }
            }

            var monitoring = timeline.Where(w => !w.Calibrating).ToList();
            var figures = Enum.GetValues<MachineCondition>().Select(c =>
            {
                var ws = monitoring.Where(w => w.Condition == c).ToList();
                return new ConditionFigures(c, ws.Count, ws.Count(w => w.Anomalous), ws.Count == 0 ? 0 : ws.Average(w => w.Score));
            }).ToList();
            var healthy = monitoring.Where(w => w.Condition == MachineCondition.Healthy).ToList();
            var faulty = monitoring.Where(w => w.Condition != MachineCondition.Healthy).ToList();
            total.Stop();
            return new DemoResult
            {
                Options = options,
                Model = model,
                Compiled = compiled,
                Timeline = timeline,
                Events = events,
                Calibrations = calibrations,
                Figures = figures,
                HealthyFlaggedPercent = healthy.Count == 0 ? 0 : 100.0 * healthy.Count(w => w.Anomalous) / healthy.Count,
                FaultFlaggedPercent = faulty.Count == 0 ? 0 : 100.0 * faulty.Count(w => w.Anomalous) / faulty.Count,
                FalseAlarms = falseAlarms,
                DetectedFaultSegments = detectedSegments,
                FaultSegments = faultSegments,
                Pearson = Statistics.Pearson(monitoring.Select(w => w.Score).ToArray(), monitoring.Select(w => w.FloatScore).ToArray()),
                Spearman = Statistics.Spearman(monitoring.Select(w => w.Score).ToArray(), monitoring.Select(w => w.FloatScore).ToArray()),
                TrainingTime = trainWatch.Elapsed,
                TotalTime = total.Elapsed,
            };
        }

        /// <summary>Seed of training machine k.</summary>
        public static int TrainingSeed(DemoOptions o, int k) => unchecked(o.Seed * 1000 + k);

        /// <summary>Seed of held-out machine m (never a training seed).</summary>
        public static int TestSeed(DemoOptions o, int m) => unchecked(o.Seed * 1000 + 500 + m);
    }
}
