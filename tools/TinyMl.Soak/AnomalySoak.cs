using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Hardware;
using TinyMl.Nano.Sensors;
using TinyMl.Nano.Tests.Sensors;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Soak
{
    /// <summary>
    /// Streams simulated minutes of accelerometer data through <see cref="VibrationAnomalyLoop"/>
    /// (an MPU-6886 driver on the register-level <see cref="SimulatedMpu"/>, <see cref="ImuSampler"/>,
    /// native features, an autoencoder trained on healthy data) twice: with I2C NACK bursts and
    /// spans of garbage samples injected, and without (the reference replay), and compares.
    /// The machine is healthy except every tenth minute (minute 5, 15, ...: imbalance, bearing
    /// defect, looseness in turn), which the detector should flag.
    /// </summary>
    public static class AnomalySoak
    {
        private const int Rate = 1000;
        private const int MinuteSamples = 60 * Rate;
        private const double CountsPerG = 8192.0; // ±4 g range

        /// <summary>Alarm changes closer than this after a fault may differ from the replay
        /// (samples of the restart lost, RaiseAfter/ClearAfter windows to settle).</summary>
        public const int SettleSamples = 5 * Rate;

        /// <summary>A restarted sensor starts its windows at another sample, so an alarm
        /// change may move by this much between the runs.</summary>
        public const int ToleranceSamples = 3 * 256;

        private static readonly MachineCondition[] Faulty = { MachineCondition.Imbalance, MachineCondition.BearingDefect, MachineCondition.Looseness };

        public static void Run(SoakOptions options, SoakReport report)
        {
            string name = "anomaly loop";
            int minutesTotal = options.ImuMinutes > 0 ? options.ImuMinutes : options.Minutes;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var f = new FeatureOptions();
            float[] training = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, options.Seed + 1000).Generate(f.WindowSamples * 200);
            AnomalyModel trained = AnomalyModelTrainer.TrainOnFeatures(VibrationFeatureSet.Extract(training, f), f, new TrainingOptions { Seed = options.Seed, Epochs = 8 });
            byte[] blob = ModelCompiler.Compile(trained.Tflite).Blob;

            long total = (long)minutesTotal * MinuteSamples;
            short[] raw = new short[total * 3];
            for (int m = 0; m < minutesTotal; m++)
            {
                MachineCondition c = m % 10 == 5 ? Faulty[(m / 10) % Faulty.Length] : MachineCondition.Healthy;
                float[] g = new VibrationGenerator(new VibrationSettings(), c, options.Seed * 7919 + m).Generate(MinuteSamples);
                for (int i = 0; i < g.Length; i++)
                {
                    raw[(long)m * MinuteSamples * 3 + i] = (short)Math.Clamp(Math.Round(g[i] * CountsPerG), short.MinValue, short.MaxValue);
                }
            }
            double setupSeconds = clock.Elapsed.TotalSeconds;

            // Faults: NACK bursts every 30-90 s (3-12 failing transfers; the driver retries twice),
            // and 5 s of garbage samples 20 s into every minute 2, 12, 22, ... (healthy minutes).
            var rng = new Random(options.Seed);
            var nackAt = new List<long>();
            var nackCount = new List<int>();
            for (long at = Rate * (long)rng.Next(30, 90); at < total - 10 * Rate; at += Rate * (long)rng.Next(30, 90))
            {
                nackAt.Add(at);
                nackCount.Add(rng.Next(3, 13));
            }
            var garbage = new List<long>();
            for (int m = 2; m < minutesTotal; m += 10)
            {
                garbage.Add((long)m * MinuteSamples + 20 * Rate);
            }
            const int GarbageSamples = 5 * Rate;

            RunResult clean = Stream(blob, raw, total, null, null, minutesTotal);
            var noise = new Random(options.Seed + 1);
            foreach (long start in garbage)
            {
                for (long i = start * 3; i < (start + GarbageSamples) * 3; i++)
                {
                    raw[i] = (short)noise.Next(short.MinValue, short.MaxValue + 1);
                }
            }
            RunResult faulty = Stream(blob, raw, total, nackAt, nackCount, minutesTotal);

            report.Figure(name, "simulated", $"{minutesTotal} min at {Rate} Hz ({faulty.Windows} windows scored; replay {clean.Windows})");
            report.Figure(name, "wall time", $"{faulty.WallSeconds:F1} s faulty run + {clean.WallSeconds:F1} s replay (+ {setupSeconds:F1} s training and generation); {minutesTotal * 60 / faulty.WallSeconds:F0}x real time");
            report.Figure(name, "CPU time", $"{faulty.CpuSeconds:F1} s faulty run + {clean.CpuSeconds:F1} s replay; {minutesTotal * 60 / Math.Max(faulty.CpuSeconds, 0.001):F0}x real time per core");
            report.Figure(name, "alarms", $"{faulty.Events.Count(e => e.Kind == AnomalyEventKind.AlarmRaised)} raised (replay {clean.Events.Count(e => e.Kind == AnomalyEventKind.AlarmRaised)}; faulty-machine minutes {Enumerable.Range(0, minutesTotal).Count(m => m % 10 == 5)})");
            report.Check(name, "no exception escaped", faulty.Error == null && clean.Error == null, faulty.Error ?? clean.Error ?? "");
            report.Check(name, "replay: no sensor fault", clean.Faults.Count == 0, $"{clean.Faults.Count} faults");

            // Each NACK burst produced a bus-error event before the next burst.
            int nacksSeen = 0;
            for (int i = 0; i < faulty.NacksInjected; i++)
            {
                long from = faulty.NackInjectedAt[i];
                long to = i + 1 < faulty.NacksInjected ? faulty.NackInjectedAt[i + 1] : long.MaxValue;
                if (faulty.Faults.Any(x => x.Kind == SensorFaultKind.BusError && x.At >= from && x.At <= to))
                {
                    nacksSeen++;
                }
            }
            string faultDetail = $"{faulty.NacksInjected} NACK bursts ({faulty.Faults.Count} SensorFault events: {string.Join(", ", faulty.Faults.GroupBy(x => x.Kind).Select(g => g.Count() + " " + g.Key))}), {garbage.Count} garbage spans of {GarbageSamples / Rate} s";
            report.Figure(name, "faults", faultDetail);
            report.Check(name, "every NACK burst raised a bus-error SensorFault", faulty.NacksInjected > 0 && nacksSeen == faulty.NacksInjected, $"{nacksSeen} of {faulty.NacksInjected}");

            // Each garbage span raised an alarm inside it, cleared after it.
            int garbageSeen = 0;
            foreach (long start in garbage)
            {
                var raised = faulty.Events.FirstOrDefault(e => e.Kind == AnomalyEventKind.AlarmRaised && e.At >= start && e.At <= start + GarbageSamples + ToleranceSamples);
                bool cleared = raised != null && faulty.Events.Any(e => e.Kind == AnomalyEventKind.AlarmCleared && e.At > raised.At && e.At <= start + GarbageSamples + SettleSamples);
                garbageSeen += cleared ? 1 : 0;
            }
            report.Check(name, "every garbage span raised an alarm, cleared once the sensor recovered", garbage.Count > 0 && garbageSeen == garbage.Count, $"{garbageSeen} of {garbage.Count}");

            // Outside the faulty windows, the alarm changes are the replay's.
            var excluded = new List<(long From, long To)>();
            for (int i = 0; i < faulty.NacksInjected; i++)
            {
                excluded.Add((faulty.NackInjectedAt[i], faulty.NackInjectedAt[i] + SettleSamples));
            }
            foreach (long start in garbage)
            {
                excluded.Add((start, start + GarbageSamples + SettleSamples));
            }
            bool Outside(Change e) => !excluded.Any(w => e.At + ToleranceSamples >= w.From && e.At - ToleranceSamples <= w.To);
            var a = faulty.Events.Where(e => e.Kind != AnomalyEventKind.Calibrated).Where(Outside).ToList();
            var b = clean.Events.Where(e => e.Kind != AnomalyEventKind.Calibrated).Where(Outside).ToList();
            var onlyFaulty = a.Where(x => !b.Any(y => y.Kind == x.Kind && Math.Abs(y.At - x.At) <= ToleranceSamples)).ToList();
            var onlyClean = b.Where(y => !a.Any(x => y.Kind == x.Kind && Math.Abs(y.At - x.At) <= ToleranceSamples)).ToList();
            report.Check(name, "alarm changes outside the faulty windows equal the fault-free replay's",
                onlyFaulty.Count == 0 && onlyClean.Count == 0 && b.Count > 0,
                $"{a.Count} compared (within {ToleranceSamples} samples); only in the faulty run: {Describe(onlyFaulty)}; only in the replay: {Describe(onlyClean)}");

            MemoryCheck(report, name, faulty);
            MemoryCheck(report, name + " (replay)", clean);
        }

        private static void MemoryCheck(SoakReport report, string name, RunResult run)
        {
            long quietMax = 0, eventBytes = 0;
            int quiet = 0, events = 0;
            for (int m = 1; m < run.BytesPerMinute.Length; m++)
            {
                if (run.EventsPerMinute[m] == 0)
                {
                    quiet++;
                    quietMax = Math.Max(quietMax, run.BytesPerMinute[m]);
                }
                else
                {
                    events += run.EventsPerMinute[m];
                    eventBytes += run.BytesPerMinute[m];
                }
            }
            report.Figure(name, "managed allocation", $"0 expected in the {quiet} minutes without an event after the first: max {quietMax} bytes; {events} events (faults, alarm changes) in the others, {(events > 0 ? eventBytes / events : 0)} bytes per event");
            report.Check(name, "managed memory flat after warm-up", quiet > 0 && quietMax == 0, $"max {quietMax} bytes in an event-free simulated minute");
        }

        private static string Describe(List<Change> list) =>
            list.Count == 0 ? "none" : string.Join(", ", list.Take(10).Select(e => $"{e.Kind}@{e.At / (double)Rate:F1}s")) + (list.Count > 10 ? ", ..." : "");

        private sealed class Change
        {
            public AnomalyEventKind Kind;
            public long At;
        }

        private sealed class Fault
        {
            public SensorFaultKind Kind;
            public long At;
        }

        private sealed class RunResult
        {
            public List<Change> Events = new();
            public List<Fault> Faults = new();
            public long[] NackInjectedAt = Array.Empty<long>();
            public int NacksInjected;
            public long Windows;
            public long[] BytesPerMinute = Array.Empty<long>();
            public int[] EventsPerMinute = Array.Empty<int>();
            public double WallSeconds;
            public double CpuSeconds;
            public string? Error;
        }

        private static RunResult Stream(byte[] blob, short[] raw, long total, List<long>? nackAt, List<int>? nackCount, int minutesTotal)
        {
            var run = new RunResult();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            int minutes = minutesTotal;
            run.BytesPerMinute = new long[minutes];
            run.EventsPerMinute = new int[minutes + 1];
            run.NackInjectedAt = new long[nackAt?.Count ?? 0];
            try
            {
                var model = new Model(blob);
                var detector = new AnomalyDetector(new AnomalySettings(), AnomalyCalibration.FingerprintOf(model), new MemoryCalibrationStore());
                var f = new FeatureOptions();
                var pipeline = new VibrationAnomalyPipeline(new VibrationFeatures(f.WindowSamples, f.BandCount), new AnomalyScorer(new Interpreter(model)), detector);
                SimulatedMpu chip = SimulatedMpu.Mpu6886();
                chip.SetSamples(raw);
                var sampler = new ImuSampler(new Mpu6886(chip, chip), AccelerometerRange.Range4G, Rate, chip);
                detector.Changed += (s, e) =>
                {
                    run.Events.Add(new Change { Kind = e.Kind, At = chip.SamplesProduced });
                    run.EventsPerMinute[Math.Min(chip.SamplesProduced / MinuteSamples, minutes)]++;
                };
                sampler.SensorFault += (s, e) =>
                {
                    run.Faults.Add(new Fault { Kind = e.Kind, At = chip.SamplesProduced });
                    run.EventsPerMinute[Math.Min(chip.SamplesProduced / MinuteSamples, minutes)]++;
                };
                var loop = new VibrationAnomalyLoop(sampler, pipeline, null, null);
                long before = GC.GetAllocatedBytesForCurrentThread();
                int minute = 0;
                while (chip.SamplesProduced < total)
                {
                    if (nackAt != null && run.NacksInjected < nackAt.Count && chip.SamplesProduced >= nackAt[run.NacksInjected])
                    {
                        run.NackInjectedAt[run.NacksInjected] = chip.SamplesProduced;
                        chip.FailNext(nackCount![run.NacksInjected], run.NacksInjected % 2 == 0 ? I2cFault.AddressNotAcknowledged : I2cFault.PartialTransfer);
                        run.NacksInjected++;
                    }
                    loop.Step();
                    if (chip.SamplesProduced >= (minute + 1L) * MinuteSamples && minute < minutes)
                    {
                        long now = GC.GetAllocatedBytesForCurrentThread();
                        run.BytesPerMinute[minute] = now - before;
                        before = now;
                        minute++;
                    }
                }
                run.Windows = loop.WindowsProcessed;
            }
            catch (Exception e)
            {
                run.Error = e.GetType().Name + ": " + e.Message;
            }
            run.WallSeconds = clock.Elapsed.TotalSeconds;
            run.CpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            return run;
        }
    }
}
