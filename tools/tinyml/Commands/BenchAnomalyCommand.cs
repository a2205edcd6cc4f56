using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml bench-anomaly [--seed N] [--report out.html]`: the harder anomaly benchmark
    /// (<see cref="AnomalyBenchmark"/>): per fault and severity the ROC AUC, the detection rate at
    /// a 1 % false-alarm rate and the time to the first alarm of the int8 autoencoder, an ISO
    /// 10816-style RMS velocity threshold and a k-means distance model, on held-out machines.
    /// </summary>
    public static class BenchAnomalyCommand
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static Command Create(TextWriter outw, TextWriter err)
        {
            var report = new Option<string>("--report") { Description = "also write an HTML page with the ROC curves of every fault and severity" };
            var seed = new Option<int>("--seed") { Description = "seed of the machines, profiles and training (the published table uses 14)", DefaultValueFactory = _ => 14 };
            var bands = new Option<int>("--bands") { Description = "bands per axis of the autoencoder's and k-means' features (the device default is 8)", DefaultValueFactory = _ => 8 };
            var featureSet = new Option<BenchmarkFeatures>("--features") { Description = "features of the autoencoder and k-means: Orders (speed-tracked orders + bands, the default) or Bands (the demo's band energies)", DefaultValueFactory = _ => BenchmarkFeatures.Orders };
            var standardized = new Option<bool>("--plain-score") { Description = "score the autoencoder by the plain mean squared error (default: each feature's error in units of its normal error on the training data)" };
            var trainingMachines = new Option<int>("--training-machines") { Description = "healthy machines to train on", DefaultValueFactory = _ => new BenchmarkOptions().TrainingMachines };
            var hidden = new Option<string>("--hidden") { Description = "hidden layer sizes of the autoencoder", DefaultValueFactory = _ => string.Join(",", new BenchmarkOptions().Training.HiddenSizes) };
            var speedNormalized = new Option<bool>("--raw-levels") { Description = "feed the autoencoder the order features as they are (default: each one's distance from the healthy level at the window's speed, in healthy spreads)" };
            var oneSided = new Option<bool>("--one-sided") { Description = "score only residuals where the input is above its reconstruction" };
            var scoreTop = new Option<double>("--score-top") { Description = "share of the features whose largest weighted errors the autoencoder's score averages (1 = all)", DefaultValueFactory = _ => new BenchmarkOptions().ScoreTopShare };
            var augment = new Option<double>("--augment-db") { Description = "mounting gain augmentation of the autoencoder's training windows: each axis's levels moved by up to this many dB (0 = none)", DefaultValueFactory = _ => new BenchmarkOptions().AxisGainAugmentDb };
            var testMachines = new Option<int>("--test-machines") { Description = "machines the figures are measured on", DefaultValueFactory = _ => new BenchmarkOptions().TestMachines };
            var validation = new Option<bool>("--validation") { Description = "measure on the validation machines instead of the test machines (for choosing features without looking at the test)" };
            var command = new Command("bench-anomaly",
                "Benchmark anomaly detection on simulated machines that change speed and load, against an RMS threshold and k-means: ROC AUC, detection at 1 % false alarms, time to alarm.")
            {
                report, seed, bands, featureSet, standardized, trainingMachines, hidden, validation, speedNormalized, oneSided, testMachines, scoreTop, augment,
            };
            command.SetAction(r =>
            {
                int[] sizes = ParseSizes(r.GetValue(hidden));
                if (sizes == null)
                {
                    return CliText.Fail(err, "--hidden must be layer sizes separated by commas, e.g. 32,8,32; got '" + r.GetValue(hidden) + "'");
                }
                return Run(new BenchmarkOptions
                {
                    Seed = r.GetValue(seed),
                    Validation = r.GetValue(validation),
                    FeatureSet = r.GetValue(featureSet),
                    StandardizedScore = !r.GetValue(standardized),
                    TrainingMachines = r.GetValue(trainingMachines),
                    TestMachines = r.GetValue(testMachines),
                    SpeedNormalized = !r.GetValue(speedNormalized),
                    OneSidedScore = r.GetValue(oneSided),
                    ScoreTopShare = r.GetValue(scoreTop),
                    AxisGainAugmentDb = r.GetValue(augment),
                    Training = new BenchmarkOptions().Training with { HiddenSizes = sizes },
                    Features = new FeatureOptions { BandCount = r.GetValue(bands) },
                }, r.GetValue(report), outw, err);
            });
            return command;
        }

        /// <summary>Runs the benchmark and prints the table; returns the exit code (0, or 1/2 on errors).</summary>
        public static int Run(BenchmarkOptions options, string reportPath, TextWriter outw, TextWriter err)
        {
            BenchmarkResult result;
            try
            {
                int lastPercent = -10;
                result = AnomalyBenchmark.Run(options, (fraction, phase) =>
                {
                    int percent = (int)(fraction * 100);
                    if (percent >= lastPercent + 10)
                    {
                        lastPercent = percent - percent % 10;
                        err.WriteLine(string.Format(Inv, "bench-anomaly: {0,3}% {1}", percent, phase));
                    }
                });
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, CliText.OneLine(e.Message));
            }
            catch (Exception e)
            {
                err.WriteLine("tinyml: internal error in the benchmark: " + e.GetType().Name + ": " + CliText.OneLine(e.Message));
                return 2;
            }

            outw.Write(FormatText(result));
            if (!string.IsNullOrEmpty(reportPath))
            {
                try
                {
                    File.WriteAllText(reportPath, FormatHtml(result), new UTF8Encoding(false));
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + reportPath + ": " + e.Message);
                }
                outw.WriteLine("report: " + reportPath);
            }
            return 0;
        }

        private static int[] ParseSizes(string text)
        {
            var sizes = (text ?? "").Split(',').Select(x => int.TryParse(x.Trim(), NumberStyles.None, Inv, out int v) ? v : -1).ToArray();
            return sizes.Length == 0 || sizes.Any(v => v < 1) ? null : sizes;
        }

        public static string Label(FaultKind f) => f switch
        {
            FaultKind.Imbalance => "imbalance",
            FaultKind.Misalignment => "misalignment",
            FaultKind.BearingOuterRace => "bearing outer race",
            FaultKind.Looseness => "looseness",
            _ => "healthy",
        };

        public static string Label(FaultSeverity s) => s.ToString().ToLowerInvariant();

        public static string Label(BenchmarkMethod m) => m switch
        {
            BenchmarkMethod.Autoencoder => "autoencoder (int8)",
            BenchmarkMethod.RmsVelocity => "RMS velocity",
            _ => "k-means",
        };

        private static string Time(MethodFigures m) =>
            m.MachinesAlarmed == 0 ? "never" : m.MedianSecondsToAlarm.ToString("0.0", Inv) + " s" + (m.MachinesAlarmed < m.Machines ? string.Format(Inv, " ({0}/{1})", m.MachinesAlarmed, m.Machines) : "");

        /// <summary>The text the command prints: settings, the AUC table, detection and time to alarm.</summary>
        public static string FormatText(BenchmarkResult r)
        {
            BenchmarkOptions o = r.Options;
            var text = new StringBuilder();
            text.AppendLine(string.Format(Inv, "TinyMl.Nano anomaly benchmark (seed {0}){1}", o.Seed, o.Validation ? ", VALIDATION machines" : ""));
            text.AppendLine(string.Format(Inv,
                "machines: speed {0}-{1} Hz (holds, ramps, steps), load 0.2-1, per-machine levels, mounting gain and resonance, sensor noise and drift; {2} kHz",
                MachineProperties.MinSpeedHz, MachineProperties.MaxSpeedHz, MachineProperties.SampleRateHz / 1000));
            text.AppendLine(string.Format(Inv, "training: {0} healthy machines x {1} windows ({2} windows); test: {3} other machines, {4} healthy windows each, {5} windows per fault and severity",
                o.TrainingMachines, o.TrainingWindowsPerMachine, r.TrainingWindows, o.TestMachines, o.HealthyWindows, o.FaultWindows));
            text.AppendLine(string.Format(Inv, "features ({0}): {1}-sample windows ({2:0.000} s), {3}; autoencoder .tnm {4} bytes; k-means {5} clusters",
                r.FeatureCount, o.Features.WindowSamples, r.WindowSeconds,
                o.FeatureSet == BenchmarkFeatures.Orders
                    ? string.Format(Inv, "speed + {0} orders + {1} bands per axis", TinyMl.Nano.Anomaly.OrderFeatures.OrderCount, o.Features.BandCount)
                    : string.Format(Inv, "{0} bands x 3 axes", o.Features.BandCount),
                CliText.Number(r.ModelBytes), o.Clusters));
            text.AppendLine("autoencoder input: " + (o.FeatureSet == BenchmarkFeatures.Orders && o.SpeedNormalized ? "each feature's distance from the healthy level at the window's speed, in healthy spreads (fitted on the training windows)" : "the features as they are")
                + (o.FeatureSet == BenchmarkFeatures.Orders && o.SpeedNormalized && o.StandardizedScore && !o.OneSidedScore && o.AxisGainAugmentDb > 0
                    ? string.Format(Inv, "; trained also on each window with each axis's levels moved by up to ±{0:0.#} dB (mounting gain)", o.AxisGainAugmentDb) : ""));
            int top = AnomalyBenchmark.ScoreTopCount(o, r.FeatureCount);
            text.AppendLine("autoencoder score: " + (o.StandardizedScore
                ? (top < r.FeatureCount ? "mean of the " + top.ToString(Inv) + " largest of" : "mean of") + " each feature's squared error / its mean on the training windows"
                : "mean squared reconstruction error") + (o.OneSidedScore ? ", only where the input is above its reconstruction" : ""));
            text.AppendLine();
            text.AppendLine("ROC AUC of the window score (healthy vs faulty windows of the test machines):");
            text.AppendLine();
            text.Append(MarkdownTable(r));
            text.AppendLine();
            text.AppendLine(string.Format(Inv, "ROC AUC with per-machine calibration on the machine's first {0} healthy windows (left out): every score standardized by them; {1}",
                o.CalibrationWindows, o.FeatureSet == BenchmarkFeatures.Orders
                    ? string.Format(Inv, "the autoencoder also subtracts the machine's mean features (its healthy baseline); adapting: the baseline then follows windows scoring below mean + {0:0.#} sigma (rate {1:0.###}, at most {2:0.###} healthy spreads per window):",
                        o.AdaptBelowSigmas, o.AdaptationRate, o.AdaptationMaxStep)
                    : "(no feature baseline with band features):"));
            text.AppendLine();
            text.Append(MarkdownTable(r, calibrated: true));
            text.AppendLine();
            text.AppendLine(string.Format(Inv, "detection rate at {0:0.#} % false alarms on healthy windows, and median time to the first alarm ({1} windows in a row over that threshold):",
                100 * o.FalseAlarmRate, o.RaiseAfter));
            text.AppendLine();
            var table = new TextTable(new[] { "fault", "severity" }.Concat(AnomalyBenchmark.Methods.Select(Label)).ToArray());
            foreach (BenchmarkRow row in r.Rows)
            {
                table.Add(new[] { Label(row.Fault), Label(row.Severity) }.Concat(row.Methods.Select(m =>
                    string.Format(Inv, "{0,5:0.0} %  {1}", 100 * m.DetectionRate, Time(m)))).ToArray());
            }
            table.WriteTo(text);
            text.AppendLine();
            var lost = r.Rows.Where(x => x.Severity != FaultSeverity.Incipient)
                .Where(x => x.Methods.Any(m => m.Method != BenchmarkMethod.Autoencoder && Math.Round(m.Auc, 3) > Math.Round(x.Of(BenchmarkMethod.Autoencoder).Auc, 3))).ToList();
            text.AppendLine(lost.Count == 0
                ? "autoencoder AUC >= both baselines (3 decimals) on every fault at moderate and severe"
                : "autoencoder AUC below a baseline (3 decimals) at moderate/severe: " + string.Join(", ", lost.Select(x => Label(x.Fault) + " " + Label(x.Severity))));
            text.AppendLine(string.Format(Inv, "runtime: {0:0.0} s", r.TotalTime.TotalSeconds));
            return text.ToString();
        }

        /// <summary>
        /// The AUC table in Markdown (the README carries it). calibrated: the per-machine figures,
        /// with a column for the autoencoder whose baseline adapts, when the run has it.
        /// </summary>
        public static string MarkdownTable(BenchmarkResult r, bool calibrated = false)
        {
            double Of(MethodFigures m) => calibrated ? m.CalibratedAuc : m.Auc;
            bool adapting = calibrated && r.Rows.All(x => !double.IsNaN(x.Of(BenchmarkMethod.Autoencoder).AdaptedAuc));
            var text = new StringBuilder();
            text.AppendLine("| fault | severity | " + string.Join(" | ", AnomalyBenchmark.Methods.Select(Label)) + (adapting ? " | autoencoder, adapting |" : " |"));
            text.AppendLine("|---|---|" + string.Concat(AnomalyBenchmark.Methods.Select(_ => "---:|")) + (adapting ? "---:|" : ""));
            foreach (BenchmarkRow row in r.Rows)
            {
                var values = row.Methods.Select(Of).ToList();
                if (adapting) values.Add(row.Of(BenchmarkMethod.Autoencoder).AdaptedAuc);
                double best = values.Max(v => Math.Round(v, 3));
                text.AppendLine("| " + Label(row.Fault) + " | " + Label(row.Severity) + " | " + string.Join(" | ", values.Select(v =>
                {
                    string t = v.ToString("0.000", Inv);
                    return Math.Round(v, 3) == best ? "**" + t + "**" : t;
                })) + " |");
            }
            return text.ToString();
        }

        private static readonly string[] Colours = { "#1f77b4", "#d62728", "#2ca02c" };

        /// <summary>A self-contained HTML page: ROC curves per fault and severity, the tables.</summary>
        public static string FormatHtml(BenchmarkResult r)
        {
            var html = new StringBuilder();
            html.AppendLine("<!DOCTYPE html>");
            html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TinyMl.Nano anomaly benchmark</title>");
            html.AppendLine("<style>body{font-family:sans-serif;margin:2em;color:#222}pre{background:#f6f6f6;padding:1em;overflow-x:auto}.grid{display:grid;grid-template-columns:repeat(3,260px);gap:12px}</style>");
            html.AppendLine("</head><body>");
            html.AppendLine(string.Format(Inv, "<h1>TinyMl.Nano anomaly benchmark (seed {0})</h1>", r.Options.Seed));
            html.Append("<p>ROC curves: false-alarm rate on healthy windows (x) against the share of fault windows flagged (y), test machines pooled. ");
            for (int i = 0; i < AnomalyBenchmark.Methods.Length; i++)
            {
                html.Append(string.Format(Inv, "<span style=\"color:{0}\">&#9632; {1}</span> ", Colours[i], WebUtility.HtmlEncode(Label(AnomalyBenchmark.Methods[i]))));
            }
            html.AppendLine("</p>");
            foreach (FaultKind fault in AnomalyBenchmark.Faults)
            {
                html.AppendLine("<h2>" + WebUtility.HtmlEncode(Label(fault)) + "</h2><div class=\"grid\">");
                foreach (BenchmarkRow row in r.Rows.Where(x => x.Fault == fault))
                {
                    html.AppendLine(RocSvg(row));
                }
                html.AppendLine("</div>");
            }
            html.AppendLine("<pre>" + WebUtility.HtmlEncode(FormatText(r)) + "</pre>");
            html.AppendLine("</body></html>");
            return html.ToString();
        }

        private static string RocSvg(BenchmarkRow row)
        {
            const int size = 260, margin = 34, plot = size - 2 * margin;
            string F(double v) => v.ToString("0.0", Inv);
            double X(double fpr) => margin + plot * fpr;
            double Y(double tpr) => margin + plot * (1 - tpr);
            var svg = new StringBuilder();
            svg.AppendLine(string.Format(Inv, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" viewBox=\"0 0 {0} {0}\" font-size=\"10\">", size));
            svg.AppendLine($"<text x=\"{size / 2}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{WebUtility.HtmlEncode(Label(row.Severity))}</text>");
            svg.AppendLine($"<rect x=\"{margin}\" y=\"{margin}\" width=\"{plot}\" height=\"{plot}\" fill=\"none\" stroke=\"#888\"/>");
            svg.AppendLine($"<line x1=\"{margin}\" y1=\"{margin + plot}\" x2=\"{margin + plot}\" y2=\"{margin}\" stroke=\"#ddd\" stroke-dasharray=\"3 3\"/>");
            svg.AppendLine($"<text x=\"{size / 2}\" y=\"{size - 6}\" text-anchor=\"middle\">false-alarm rate</text>");
            svg.AppendLine($"<text x=\"10\" y=\"{size / 2}\" transform=\"rotate(-90 10 {size / 2})\" text-anchor=\"middle\">detection rate</text>");
            for (int i = 0; i < row.Methods.Count; i++)
            {
                MethodFigures m = row.Methods[i];
                var points = string.Join(" ", m.RocFpr.Select((x, k) => F(X(x)) + "," + F(Y(m.RocTpr[k]))));
                svg.AppendLine($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{Colours[i]}\" stroke-width=\"1.5\"/>");
                svg.AppendLine(string.Format(Inv, "<text x=\"{0}\" y=\"{1}\" fill=\"{2}\">AUC {3:0.000}</text>", margin + plot - 60, margin + plot - 8 - 12 * (row.Methods.Count - 1 - i), Colours[i], m.Auc));
            }
            svg.AppendLine("</svg>");
            return svg.ToString();
        }
    }
}
