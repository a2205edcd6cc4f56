using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Audio;

namespace TinyMl.Soak
{
    /// <summary>
    /// Streams simulated minutes of audio through <see cref="KeywordSpottingLoop"/>
    /// (micro_speech + <see cref="MicroFrontend"/>) twice: once with audio overruns injected
    /// and once without (the reference replay), and compares.
    /// </summary>
    public static class KeywordSoak
    {
        public static readonly string[] Labels = { "silence", "unknown", "yes", "no" };

        /// <summary>Detections closer than this after a gap may differ from the replay: the
        /// feature ring refills (990 ms), the scores average again (500 ms), suppression and the
        /// minimum count start over, and the front end's noise estimate missed the lost audio.</summary>
        public const int SettleMs = 5000;

        public static void Run(SoakOptions options, SoakReport report)
        {
            byte[] blob = ModelCompiler.Compile(File.ReadAllBytes(Path.Combine(options.SharedDir, "models", "micro_speech_quantized.tflite"))).Blob;
            SoakClips clips = SoakClips.Load(options.SharedDir);
            long total = (long)options.Minutes * 60 * AudioFrame.SampleRate;

            // The overrun schedule: one every 20-60 s, losing 1 sample to 250 ms.
            var rng = new Random(options.Seed);
            var at = new List<long>();
            var lost = new List<int>();
            long next = AudioFrame.SampleRate * (long)rng.Next(20, 60);
            while (next < total - AudioFrame.SampleRate)
            {
                at.Add(next);
                lost.Add(rng.Next(4) == 0 ? rng.Next(1, 320) : rng.Next(320, 4000));
                next += AudioFrame.SampleRate * (long)rng.Next(20, 60);
            }

            RunResult clean = Stream(blob, new SoakAudioSource(clips, total, options.Seed), null, options, total);
            var injector = new OverrunInjectingSource(new SoakAudioSource(clips, total, options.Seed), at.ToArray(), lost.ToArray());
            RunResult faulty = Stream(blob, injector, injector, options, total);

            var stream = new SoakAudioSource(clips, total, options.Seed);
            long slots = total / SoakAudioSource.SlotSamples;
            int yesSlots = 0, noSlots = 0;
            for (long s = 0; s < slots; s++)
            {
                int k = stream.KindOf(s);
                yesSlots += k == SoakAudioSource.KindYes ? 1 : 0;
                noSlots += k == SoakAudioSource.KindNo ? 1 : 0;
            }

            string name = "keyword loop";
            report.Figure(name, "simulated", $"{options.Minutes} min of audio ({slots} slots of 2 s: {yesSlots} \"yes\", {noSlots} \"no\", the rest silence or noise)");
            report.Figure(name, "wall time", $"{faulty.WallSeconds:F1} s faulty run + {clean.WallSeconds:F1} s replay; {options.Minutes * 60 / faulty.WallSeconds:F0}x real time");
            report.Figure(name, "CPU time", $"{faulty.CpuSeconds:F1} s faulty run + {clean.CpuSeconds:F1} s replay; {options.Minutes * 60 / Math.Max(faulty.CpuSeconds, 0.001):F0}x real time per core");
            report.Figure(name, "inferences", $"{faulty.Inferences} (replay {clean.Inferences})");
            report.Figure(name, "detections", $"{faulty.Detections.Count} (replay {clean.Detections.Count}: {Count(clean, 2)} yes, {Count(clean, 3)} no)");
            report.Check(name, "no exception escaped", faulty.Error == null && clean.Error == null, faulty.Error ?? clean.Error ?? "");

            // Every overrun produced its event, at the stream time it happened.
            int injected = injector.Injected;
            bool eventsOk = faulty.OverrunTimes.Count == injected;
            string detail = $"{injected} overruns injected ({lost.Take(injected).Sum()} samples lost), {faulty.OverrunTimes.Count} AudioOverrun events";
            for (int i = 0; eventsOk && i < injected; i++)
            {
                if (faulty.OverrunTimes[i] != injector.ActualAt[i] / AudioFrame.SamplesPerMs || faulty.OverrunLost[i] != lost[i])
                {
                    eventsOk = false;
                    detail += $"; overrun {i}: event at {faulty.OverrunTimes[i]} ms losing {faulty.OverrunLost[i]}, injected at {injector.ActualAt[i] / AudioFrame.SamplesPerMs} ms losing {lost[i]}";
                }
            }
            report.Check(name, "every overrun raised AudioOverrun", eventsOk && injected > 0, detail);
            report.Figure(name, "faults", detail);
            report.Figure(name, "overruns", string.Join(", ", Enumerable.Range(0, injected).Select(i => $"{injector.ActualAt[i] / AudioFrame.SamplesPerMs} ms -{lost[i]}")));

            // Outside [gap, gap + lost + SettleMs], the detections are the replay's.
            var excluded = new List<(long From, long To)>();
            for (int i = 0; i < injected; i++)
            {
                long from = injector.ActualAt[i] / AudioFrame.SamplesPerMs;
                excluded.Add((from, from + lost[i] / AudioFrame.SamplesPerMs + 1 + SettleMs));
            }
            bool Outside((int Label, long TimeMs) d) => !excluded.Any(w => d.TimeMs >= w.From && d.TimeMs <= w.To);
            var a = faulty.Detections.Where(Outside).ToList();
            var b = clean.Detections.Where(Outside).ToList();
            // Same label, same time or one inference (20 ms) apart: the front end's noise
            // estimate missed the lost audio and its integer state may keep a 1-LSB difference
            // long after a gap, which can move a borderline decision by one inference.
            bool Near((int Label, long TimeMs) x, (int Label, long TimeMs) y) => x.Label == y.Label && Math.Abs(x.TimeMs - y.TimeMs) <= AudioFrame.StrideMs;
            var onlyFaulty = a.Where(x => !b.Any(y => Near(x, y))).ToList();
            var onlyClean = b.Where(y => !a.Any(x => Near(x, y))).ToList();
            int exact = a.Count(x => b.Contains(x));
            report.Check(name, "detections outside the faulty windows equal the fault-free replay's",
                onlyFaulty.Count == 0 && onlyClean.Count == 0 && a.Count == b.Count && b.Count > 0,
                $"{a.Count} compared: {exact} at the same millisecond, {a.Count - exact - onlyFaulty.Count} one inference apart; only in the faulty run: {Describe(onlyFaulty)}; only in the replay: {Describe(onlyClean)}");

            MemoryCheck(report, name, faulty.BytesPerMinute);
            MemoryCheck(report, name + " (replay)", clean.BytesPerMinute);
        }

        internal static void MemoryCheck(SoakReport report, string name, long[] perMinute)
        {
            // Minute 0 is the warm-up (JIT, first calls into the native library).
            long max = 0, sum = 0;
            for (int m = 1; m < perMinute.Length; m++)
            {
                max = Math.Max(max, perMinute[m]);
                sum += perMinute[m];
            }
            int n = Math.Max(perMinute.Length - 1, 1);
            report.Figure(name, "managed allocation", $"{sum / (double)n:F0} bytes per simulated minute after the first (max {max}; first minute {(perMinute.Length > 0 ? perMinute[0] : 0)})");
            report.Check(name, "managed memory flat after warm-up", perMinute.Length > 1 && max == 0, $"max {max} bytes in a simulated minute after the first");
        }

        private static int Count(RunResult r, int label) => r.Detections.Count(d => d.Label == label);

        private static string Describe(List<(int Label, long TimeMs)> list) =>
            list.Count == 0 ? "none" : string.Join(", ", list.Take(10).Select(d => $"{Labels[d.Label]}@{d.TimeMs}ms")) + (list.Count > 10 ? ", ..." : "");

        private sealed class RunResult
        {
            public List<(int Label, long TimeMs)> Detections = new(4096);
            public List<long> OverrunTimes = new(4096);
            public List<int> OverrunLost = new(4096);
            public int Inferences;
            public long[] BytesPerMinute = Array.Empty<long>();
            public double WallSeconds;
            public double CpuSeconds;
            public string? Error;
        }

        private static RunResult Stream(byte[] blob, IAudioSource source, OverrunInjectingSource? injector, SoakOptions options, long total)
        {
            var run = new RunResult();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            try
            {
                var recognizer = new KeywordRecognizer(new Interpreter(new Model(blob)), new MicroFrontend(), Labels, null);
                // Handlers record into lists with room reserved, so they allocate nothing.
                recognizer.KeywordDetected += (s, d) => run.Detections.Add((d.LabelIndex, d.TimeMs));
                recognizer.AudioOverrun += (s, t, n) => { run.OverrunTimes.Add(t); run.OverrunLost.Add(n); };
                var loop = new KeywordSpottingLoop(source, recognizer, null, 200, AudioFrame.StrideSamples);
                var perMinute = new long[options.Minutes + 1];
                long minuteSamples = 60L * AudioFrame.SampleRate;
                long before = GC.GetAllocatedBytesForCurrentThread();
                int minute = 0;
                while (loop.Step())
                {
                    long time = recognizer.StreamTimeMs * AudioFrame.SamplesPerMs;
                    if (time >= (minute + 1) * minuteSamples)
                    {
                        long now = GC.GetAllocatedBytesForCurrentThread();
                        perMinute[minute] = now - before;
                        before = now;
                        minute++;
                    }
                }
                run.BytesPerMinute = perMinute.Take(Math.Min(minute, options.Minutes)).ToArray();
                run.Inferences = recognizer.InferenceCount;
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
