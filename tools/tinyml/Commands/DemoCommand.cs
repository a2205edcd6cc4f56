using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using TinyMl.Nano.Anomaly;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml demo [--report out.html] [--seed N]`: the anomaly-detection loop end to end on
    /// synthetic vibration (<see cref="AnomalyDemo"/>), with a text timeline, the alarm moments,
    /// the detection figures, and with --report a hand-written SVG/HTML plot of the scores.
    /// Exit code 0 when the figures meet the bar (≥ 95 % of fault windows and ≤ 1 % of healthy
    /// windows flagged), 1 otherwise.
    /// </summary>
    public static class DemoCommand
    {
        /// <summary>Fault windows that must be flagged (%).</summary>
        public const double RequiredFaultFlaggedPercent = 95.0;

        /// <summary>Healthy windows that may be flagged at most (%).</summary>
        public const double AllowedHealthyFlaggedPercent = 1.0;

        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>The System.CommandLine command; actions write to outw / err.</summary>
        public static Command Create(TextWriter outw, TextWriter err)
        {
            var report = new Option<string>("--report") { Description = "also write an HTML page with an SVG plot of the scores, thresholds and alarms" };
            var seed = new Option<int>("--seed") { Description = "seed of the training and test machines", DefaultValueFactory = _ => 1 };
            var force = new Option<bool>("--force") { Description = "replace an existing --report file that tinyml did not write" };
            var command = new Command("demo", "Train, quantize, compile and run the anomaly-detection loop on synthetic machine vibration (healthy, imbalance, bearing defect, looseness).")
            {
                report, seed, force,
            };
            command.SetAction(r => Run(r.GetValue(seed), r.GetValue(report), outw, err, r.GetValue(force)));
            return command;
        }

        /// <summary>Runs the demo; returns the exit code.</summary>
        public static int Run(int seed, string reportPath, TextWriter outw, TextWriter err, bool force = false)
        {
            string bad = string.IsNullOrEmpty(reportPath) ? null : CliFiles.CheckOutput("--report", reportPath, force, CliFiles.HtmlMarker);
            if (bad != null)
            {
                return CliText.Fail(err, bad);
            }
            DemoResult result;
            try
            {
                result = AnomalyDemo.Run(new DemoOptions { Seed = seed });
            }
            catch (Exception e)
            {
                err.WriteLine("tinyml: internal error in the demo: " + e.GetType().Name + ": " + CliText.OneLine(e.Message));
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
            return Passed(result) ? 0 : 1;
        }

        /// <summary>True when the detection figures meet the bar.</summary>
        public static bool Passed(DemoResult r) =>
            r.FaultFlaggedPercent >= RequiredFaultFlaggedPercent && r.HealthyFlaggedPercent <= AllowedHealthyFlaggedPercent;

        private static double WindowSeconds(DemoResult r) => r.Options.Features.HopSamples / r.Options.Machine.SampleRateHz;

        private static string Label(MachineCondition c) => c switch
        {
            MachineCondition.Healthy => "healthy",
            MachineCondition.Imbalance => "imbalance",
            MachineCondition.BearingDefect => "bearing defect",
            MachineCondition.Looseness => "looseness",
            _ => c.ToString(),
        };

        /// <summary>The text the command prints.</summary>
        public static string FormatText(DemoResult r)
        {
            DemoOptions o = r.Options;
            FeatureOptions f = o.Features;
            var text = new StringBuilder();
            text.AppendLine(string.Format(Inv, "TinyMl.Nano anomaly detection demo (seed {0})", o.Seed));
            text.AppendLine(string.Format(Inv, "training: {0} healthy machines x {1} windows of {2} samples at {3} Hz -> {4} features ({5} bands x 3 axes)",
                o.TrainingMachines, o.TrainingWindowsPerMachine, f.WindowSamples, o.Machine.SampleRateHz, f.FeatureCount, f.BandCount));
            text.AppendLine(string.Format(Inv, "model: {0} autoencoder, {1} epochs, loss {2:0.000} -> {3:0.000}; int8 .tflite {4} bytes -> .tnm {5} bytes, arena {6} bytes, {7} MACs",
                string.Join("-", r.Model.FloatModel.Sizes), r.Model.Training.Epochs, r.Model.EpochLoss[0], r.Model.EpochLoss[^1],
                CliText.Number(r.Model.Tflite.Length), CliText.Number(r.Compiled.Blob.Length), CliText.Number(r.Compiled.ArenaSize), CliText.Number(r.Compiled.TotalMacs)));
            text.AppendLine(string.Format(Inv, "detector: calibrate on {0} windows, enter = mean + {1} sigma, exit = {2} x enter, raise after {3}, clear after {4} windows",
                o.Detector.CalibrationWindows, o.Detector.K, o.Detector.ExitFraction, o.Detector.RaiseAfter, o.Detector.ClearAfter));
            text.AppendLine();
            text.AppendLine("timeline, one character per window (" + WindowSeconds(r).ToString("0.000", Inv) + " s): c calibrating, . normal, ! over the threshold, # alarm active (! when both)");

            for (int m = 0; m < o.TestMachines; m++)
            {
                var windows = r.Timeline.Where(w => w.Machine == m).ToList();
                AnomalyCalibration cal = r.Calibrations.Count > m ? r.Calibrations[m] : null;
                text.AppendLine();
                text.Append(string.Format(Inv, "machine {0} (seed {1})", m + 1, AnomalyDemo.TestSeed(o, m)));
                if (cal != null)
                {
                    text.Append(string.Format(Inv, ": calibration mean {0:0.000}, sigma {1:0.000} -> enter {2:0.000}, exit {3:0.000}",
                        cal.Mean, cal.Sigma, cal.EnterThreshold, cal.ExitThreshold));
                }
                text.AppendLine();
                foreach (var segment in Segments(windows))
                {
                    var line = new StringBuilder();
                    if (segment[0].Calibrating)
                    {
                        line.Append("ccc... (" + segment.Count.ToString(Inv) + " windows)");
                    }
                    else
                    {
                        foreach (DemoWindow w in segment)
                        {
                            line.Append(w.Anomalous ? '!' : w.AlarmActive ? '#' : '.');
                        }
                    }
                    string label = segment[0].Calibrating ? "healthy, calibrating" : Label(segment[0].Condition);
                    text.AppendLine(string.Format(Inv, "  {0,6:0.0} s {1,-28} {2}", segment[0].Window * WindowSeconds(r), label, line));
                }
                foreach (DemoEvent e in r.Events.Where(e => e.Machine == m && e.Kind != AnomalyEventKind.Calibrated))
                {
                    text.AppendLine(string.Format(Inv, "  {0,6:0.0} s alarm {1} during {2} (window {3}, score {4:0.000})",
                        e.Window * WindowSeconds(r), e.Kind == AnomalyEventKind.AlarmRaised ? "RAISED" : "cleared", Label(e.Condition), e.Window, e.Score));
                }
            }

            text.AppendLine();
            var table = new TextTable("condition", "windows", "flagged", "flagged %", "mean score");
            foreach (ConditionFigures c in r.Figures)
            {
                table.Add(Label(c.Condition), c.Windows.ToString(Inv), c.Flagged.ToString(Inv), c.FlaggedPercent.ToString("0.00", Inv), c.MeanScore.ToString("0.000", Inv));
            }
            table.RightAlign(1, 2, 3, 4);
            table.WriteTo(text);
            text.AppendLine();
            text.AppendLine(string.Format(Inv, "fault windows flagged:   {0,6:0.00} % (required >= {1} %) {2}",
                r.FaultFlaggedPercent, RequiredFaultFlaggedPercent, r.FaultFlaggedPercent >= RequiredFaultFlaggedPercent ? "ok" : "FAILED"));
            text.AppendLine(string.Format(Inv, "healthy windows flagged: {0,6:0.00} % (required <= {1} %) {2}",
                r.HealthyFlaggedPercent, AllowedHealthyFlaggedPercent, r.HealthyFlaggedPercent <= AllowedHealthyFlaggedPercent ? "ok" : "FAILED"));
            text.AppendLine(string.Format(Inv, "alarms: {0} of {1} fault episodes detected, {2} false alarms",
                r.DetectedFaultSegments, r.FaultSegments, r.FalseAlarms));
            text.AppendLine(string.Format(Inv, "int8 vs float model scores: Pearson {0:0.0000}, Spearman {1:0.0000}", r.Pearson, r.Spearman));
            text.AppendLine(string.Format(Inv, "runtime: {0:0.00} s (training {1:0.00} s)", r.TotalTime.TotalSeconds, r.TrainingTime.TotalSeconds));
            return text.ToString();
        }

        /// <summary>Consecutive windows of one condition (the calibration period is its own segment).</summary>
        private static List<List<DemoWindow>> Segments(List<DemoWindow> windows)
        {
            var segments = new List<List<DemoWindow>>();
            foreach (DemoWindow w in windows)
            {
                if (segments.Count == 0 || segments[^1][0].Condition != w.Condition || segments[^1][0].Calibrating != w.Calibrating)
                {
                    segments.Add(new List<DemoWindow>());
                }
                segments[^1].Add(w);
            }
            return segments;
        }

        /// <summary>A self-contained HTML page: one SVG chart per machine plus the figures.</summary>
        public static string FormatHtml(DemoResult r)
        {
            var html = new StringBuilder();
            html.AppendLine("<!DOCTYPE html>");
            html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">" + CliFiles.HtmlGenerator + "<title>TinyMl.Nano anomaly detection demo</title>");
            html.AppendLine("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}pre{background:#f6f6f6;padding:1em;overflow-x:auto}</style>");
            html.AppendLine("</head><body>");
            html.AppendLine("<h1>TinyMl.Nano anomaly detection demo</h1>");
            html.AppendLine(string.Format(Inv, "<p>Seed {0}. Reconstruction error of the int8 autoencoder per {1:0.000} s window (log scale), the calibrated enter (red, dashed) and exit (orange, dotted) thresholds, fault periods shaded, alarm periods marked in red under the axis.</p>",
                r.Options.Seed, WindowSeconds(r)));
            for (int m = 0; m < r.Options.TestMachines; m++)
            {
                html.AppendLine(string.Format(Inv, "<h2>Machine {0} (seed {1})</h2>", m + 1, AnomalyDemo.TestSeed(r.Options, m)));
                html.AppendLine(Svg(r, m));
            }
            html.AppendLine("<h2>Figures</h2><table><tr><th>condition</th><th>windows</th><th>flagged</th><th>flagged %</th><th>mean score</th></tr>");
            foreach (ConditionFigures c in r.Figures)
            {
                html.AppendLine(string.Format(Inv, "<tr><td style=\"text-align:left\">{0}</td><td>{1}</td><td>{2}</td><td>{3:0.00}</td><td>{4:0.000}</td></tr>",
                    WebUtility.HtmlEncode(Label(c.Condition)), c.Windows, c.Flagged, c.FlaggedPercent, c.MeanScore));
            }
            html.AppendLine("</table>");
            html.AppendLine("<pre>" + WebUtility.HtmlEncode(FormatText(r)) + "</pre>");
            html.AppendLine("</body></html>");
            return html.ToString();
        }

        private static readonly Dictionary<MachineCondition, string> Shade = new()
        {
            [MachineCondition.Healthy] = "none",
            [MachineCondition.Imbalance] = "#fde9c8",
            [MachineCondition.BearingDefect] = "#e3d7f5",
            [MachineCondition.Looseness] = "#d4eedc",
        };

        private static string Svg(DemoResult r, int machine)
        {
            var windows = r.Timeline.Where(w => w.Machine == machine).ToList();
            AnomalyCalibration cal = r.Calibrations.Count > machine ? r.Calibrations[machine] : null;
            const int width = 960, height = 300, left = 60, right = 20, top = 20, bottom = 50;
            int plotW = width - left - right, plotH = height - top - bottom;
            double minScore = Math.Max(1e-3, windows.Min(w => w.Score));
            double maxScore = Math.Max(windows.Max(w => w.Score), cal?.EnterThreshold ?? 0) * 1.5;
            double lo = Math.Floor(Math.Log10(minScore)), hi = Math.Ceiling(Math.Log10(maxScore));
            if (hi <= lo) hi = lo + 1;
            double X(int i) => left + plotW * (i + 0.5) / windows.Count;
            double Y(double s) => top + plotH * (1 - (Math.Log10(Math.Max(s, Math.Pow(10, lo))) - lo) / (hi - lo));
            string F(double v) => v.ToString("0.0", Inv);

            var svg = new StringBuilder();
            svg.AppendLine(string.Format(Inv, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-size=\"11\">", width, height));
            // Condition shading and labels.
            foreach (var seg in Segments(windows))
            {
                double x0 = X(seg[0].Window) - plotW * 0.5 / windows.Count, x1 = X(seg[^1].Window) + plotW * 0.5 / windows.Count;
                string fill = seg[0].Calibrating ? "#eef3fb" : Shade[seg[0].Condition];
                if (fill != "none")
                {
                    svg.AppendLine($"<rect x=\"{F(x0)}\" y=\"{top}\" width=\"{F(x1 - x0)}\" height=\"{plotH}\" fill=\"{fill}\"/>");
                }
                if (seg[0].Calibrating || seg[0].Condition != MachineCondition.Healthy)
                {
                    string label = seg[0].Calibrating ? "calibration" : Label(seg[0].Condition);
                    svg.AppendLine($"<text x=\"{F((x0 + x1) / 2)}\" y=\"{top + 12}\" text-anchor=\"middle\" fill=\"#555\">{WebUtility.HtmlEncode(label)}</text>");
                }
            }
            // Axes and decades.
            for (double d = lo; d <= hi; d++)
            {
                double y = Y(Math.Pow(10, d));
                svg.AppendLine($"<line x1=\"{left}\" y1=\"{F(y)}\" x2=\"{left + plotW}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>");
                svg.AppendLine($"<text x=\"{left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Math.Pow(10, d).ToString("G3", Inv)}</text>");
            }
            svg.AppendLine($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#888\"/>");
            double seconds = WindowSeconds(r);
            int tickEvery = Math.Max(1, (int)Math.Ceiling(windows.Count * seconds / 10 / 10) * 10);
            for (int t = 0; t <= windows.Count * seconds; t += tickEvery)
            {
                double x = left + plotW * (t / seconds) / windows.Count;
                svg.AppendLine($"<text x=\"{F(x)}\" y=\"{top + plotH + 28}\" text-anchor=\"middle\">{t} s</text>");
            }
            svg.AppendLine($"<text x=\"14\" y=\"{top + plotH / 2}\" transform=\"rotate(-90 14 {top + plotH / 2})\" text-anchor=\"middle\">reconstruction error (dB²)</text>");
            // Thresholds.
            if (cal != null)
            {
                svg.AppendLine($"<line x1=\"{left}\" y1=\"{F(Y(cal.EnterThreshold))}\" x2=\"{left + plotW}\" y2=\"{F(Y(cal.EnterThreshold))}\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>");
                svg.AppendLine($"<line x1=\"{left}\" y1=\"{F(Y(cal.ExitThreshold))}\" x2=\"{left + plotW}\" y2=\"{F(Y(cal.ExitThreshold))}\" stroke=\"#ff7f0e\" stroke-dasharray=\"2 3\"/>");
            }
            // Scores.
            var points = string.Join(" ", windows.Select((w, i) => F(X(i)) + "," + F(Y(w.Score))));
            svg.AppendLine($"<polyline points=\"{points}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\"/>");
            // Alarm periods under the axis.
            for (int i = 0; i < windows.Count; i++)
            {
                if (windows[i].AlarmActive)
                {
                    svg.AppendLine($"<rect x=\"{F(X(i) - plotW * 0.5 / windows.Count)}\" y=\"{top + plotH + 4}\" width=\"{F((double)plotW / windows.Count)}\" height=\"8\" fill=\"#d62728\"/>");
                }
            }
            svg.AppendLine("</svg>");
            return svg.ToString();
        }
    }
}
