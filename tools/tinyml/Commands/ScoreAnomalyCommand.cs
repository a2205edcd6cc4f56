using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Host;
using TinyMl.Simulation;
using TinyMl.Tflite;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml score-anomaly --model m.tnm --csv recording.csv [--calibration c.json] [--report r.html]`:
    /// runs a recording through the device pipeline (VibrationAnomalyPipeline: features quantized
    /// into the model, reconstruction error, calibrated threshold with hysteresis, alarm) and lists
    /// the windows over the threshold and the alarms, so a trained model can be tried on the
    /// user's own recordings before flashing. The calibration is read from --calibration when that
    /// file exists; otherwise the first windows calibrate, as on the device at first boot, and
    /// --calibration (when given) receives the result.
    /// </summary>
    public static class ScoreAnomalyCommand
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static Command Create(TextWriter outw, TextWriter err)
        {
            var model = new Option<string>("--model", "-m") { Description = "anomaly model (.tnm, or .tflite compiled in memory), e.g. from train-anomaly", Required = true };
            var csv = new Option<string>("--csv") { Description = "recording: CSV with columns ax, ay, az in g (and optionally t / time / t_ms)", Required = true };
            var calibration = new Option<string>("--calibration") { Description = "threshold calibration (JSON): used when the file exists, else written from the recording's first windows" };
            var settings = new Option<string>("--settings") { Description = "the model's settings from train-anomaly (default: model.anomaly.json beside the model; without it: 1000 Hz, 256-sample windows)" };
            var report = new Option<string>("--report", "-r") { Description = "also write an HTML page plotting the scores, thresholds and alarms" };
            var force = new Option<bool>("--force") { Description = "replace existing output files that tinyml did not write" };
            var command = new Command("score-anomaly", "Score a vibration recording with a trained anomaly model through the device pipeline: windows over the threshold and alarms.")
            {
                model, csv, calibration, settings, report, force,
            };
            command.SetAction(r => Run(r.GetValue(model), r.GetValue(csv), r.GetValue(calibration), r.GetValue(settings), r.GetValue(report), r.GetValue(force), outw, err));
            return command;
        }

        /// <summary>The calibration file (JSON) of score-anomaly.</summary>
        public sealed class CalibrationFile
        {
            public const string GeneratorName = "tinyml score-anomaly";
            [JsonPropertyName("generator")] public string Generator { get; set; } = GeneratorName;
            [JsonPropertyName("modelFingerprint")] public int ModelFingerprint { get; set; }
            [JsonPropertyName("windowCount")] public int WindowCount { get; set; }
            [JsonPropertyName("mean")] public double Mean { get; set; }
            [JsonPropertyName("sigma")] public double Sigma { get; set; }
            [JsonPropertyName("enterThreshold")] public double EnterThreshold { get; set; }
            [JsonPropertyName("exitThreshold")] public double ExitThreshold { get; set; }
            /// <summary>Order models: the machine's healthy levels learned at calibration (absent for band models).</summary>
            [JsonPropertyName("baselineLevels")] public float[] BaselineLevels { get; set; }
        }

        /// <summary>Order models: windows that learn the machine's levels before the threshold calibrates (as the device app).</summary>
        public const int BaselineWindows = 60;

        /// <summary>One scored window.</summary>
        public sealed record Window(int Index, double StartSeconds, double Score, bool Calibrating, bool Over, bool Alarm);

        public static int Run(string modelPath, string csvPath, string calibrationPath, string settingsPath, string reportPath, bool force, TextWriter outw, TextWriter err)
        {
            // Paths first.
            settingsPath ??= File.Exists(AnomalyModelSettings.PathFor(modelPath ?? "")) ? AnomalyModelSettings.PathFor(modelPath) : null;
            bool calibrationExists = !string.IsNullOrEmpty(calibrationPath) && File.Exists(calibrationPath);
            string bad = CliFiles.CheckInput("--model", modelPath) ?? CliFiles.CheckInput("--csv", csvPath) ??
                         (settingsPath != null ? CliFiles.CheckInput("--settings", settingsPath) : null) ??
                         CliFiles.CheckOutputs(force, new[] { modelPath, csvPath, settingsPath },
                             ("--report", string.IsNullOrEmpty(reportPath) ? null : reportPath, CliFiles.HtmlMarker),
                             ("--calibration", calibrationExists || string.IsNullOrEmpty(calibrationPath) ? null : calibrationPath, null));
            if (bad != null)
            {
                return CliText.Fail(err, bad);
            }

            AnomalyModelSettings settings = null;
            if (settingsPath != null)
            {
                settings = AnomalyModelSettings.Read(settingsPath, out string settingsError);
                if (settings == null)
                {
                    return CliText.Fail(err, settingsError);
                }
            }

            // The model.
            string modelError = CliFiles.ReadModel(modelPath, out byte[] bytes, out _);
            if (modelError != null)
            {
                return CliText.Fail(err, modelError);
            }
            Model model;
            Interpreter interpreter;
            AnomalyScorer scorer;
            try
            {
                model = new Model(bytes);
                interpreter = new Interpreter(model);
                scorer = new AnomalyScorer(interpreter);
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, modelPath + ": " + e.Message);
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, modelPath + " is not an anomaly model: " + KwsCommand.FirstLine(e.Message));
            }

            int window = settings?.WindowSamples ?? 256;
            int hop = settings?.HopSamples ?? window;
            double rate = settings?.SampleRateHz ?? 1000;
            bool orders = settings != null && settings.Orders;
            int bands;
            VibrationFeatures features = null;
            OrderFeatures orderFeatures = null;
            SpeedNormalizer normalizer = null;
            string featureText;
            if (orders)
            {
                bands = settings.Bands;
                try
                {
                    orderFeatures = new OrderFeatures(window, rate, settings.MinSpeedHz, settings.MaxSpeedHz, bands);
                    normalizer = new SpeedNormalizer(settings.NormalizerOffset, settings.NormalizerSlope, settings.NormalizerInverseScale);
                }
                catch (ArgumentException e)
                {
                    return CliText.Fail(err, settingsPath + ": " + KwsCommand.FirstLine(e.Message));
                }
                if (orderFeatures.FeatureCount != scorer.FeatureCount)
                {
                    return CliText.Fail(err, settingsPath + " describes " + orderFeatures.FeatureCount.ToString(Inv) + " order features but " + modelPath + " takes " +
                                             scorer.FeatureCount.ToString(Inv) + "; they do not belong together");
                }
                featureText = string.Format(Inv, "speed {0:0.#}-{1:0.#} Hz, {2} orders + {3} bands x 3 axes, speed-normalized", settings.MinSpeedHz, settings.MaxSpeedHz, OrderFeatures.OrderCount, bands);
            }
            else
            {
                if (scorer.FeatureCount % VibrationFeatures.Axes != 0)
                {
                    return CliText.Fail(err, modelPath + " is not a vibration anomaly model: its input has " + scorer.FeatureCount.ToString(Inv) + " values, not 3 axes x bands");
                }
                bands = scorer.FeatureCount / VibrationFeatures.Axes;
                if (settings != null && settings.Bands != bands)
                {
                    return CliText.Fail(err, settingsPath + " says " + settings.Bands.ToString(Inv) + " bands but " + modelPath + " takes " + bands.ToString(Inv) + " per axis; they do not belong together");
                }
                try
                {
                    features = new VibrationFeatures(window, bands);
                }
                catch (ArgumentException e)
                {
                    return CliText.Fail(err, modelPath + ": " + KwsCommand.FirstLine(e.Message));
                }
                featureText = bands.ToString(Inv) + " bands x 3 axes";
            }
            if (settings?.ScoreWeights != null)
            {
                // as the device app with the trained weights (and top count)
                scorer.UseWeights(settings.ScoreWeights, settings.ScoreTopCount > 0 ? settings.ScoreTopCount : scorer.FeatureCount);
            }

            CsvSamples samples = AnomalyRecording.Read(csvPath, rate, settings != null ? "the model's sample rate (" + settingsPath + ")" : "the assumed sample rate (no model.anomaly.json)", out string csvError);
            if (samples == null)
            {
                return CliText.Fail(err, csvError);
            }

            int fingerprint = AnomalyCalibration.FingerprintOf(model);
            var detectorSettings = new AnomalySettings();
            var detector = new AnomalyDetector(detectorSettings, fingerprint, null);
            string calibrationText;
            if (calibrationExists)
            {
                CalibrationFile file;
                try
                {
                    file = JsonSerializer.Deserialize<CalibrationFile>(File.ReadAllText(calibrationPath));
                }
                catch (Exception e) when (e is JsonException || CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot read the calibration " + calibrationPath + ": " + CliText.OneLine(e.Message));
                }
                if (file == null || file.Generator != CalibrationFile.GeneratorName)
                {
                    return CliText.Fail(err, calibrationPath + " is not a calibration written by tinyml score-anomaly");
                }
                if (file.ModelFingerprint != fingerprint)
                {
                    return CliText.Fail(err, calibrationPath + " was made for another model (fingerprint " + file.ModelFingerprint.ToString("X8", Inv) + ", this model " +
                                             fingerprint.ToString("X8", Inv) + "); leave --calibration out or name a new file to calibrate again");
                }
                try
                {
                    if (orders && (file.BaselineLevels == null || file.BaselineLevels.Length != scorer.FeatureCount))
                    {
                        return CliText.Fail(err, calibrationPath + " has no machine levels for this order model (baselineLevels); leave --calibration out or name a new file to calibrate again");
                    }
                    detector.UseCalibration(new AnomalyCalibration(fingerprint, file.WindowCount, file.Mean, file.Sigma, file.EnterThreshold, file.ExitThreshold,
                        orders ? new HealthyBaseline(file.BaselineLevels) : null));
                }
                catch (ArgumentException e)
                {
                    return CliText.Fail(err, calibrationPath + ": " + KwsCommand.FirstLine(e.Message));
                }
                calibrationText = "calibration: " + calibrationPath;
            }
            else
            {
                calibrationText = orders
                    ? "calibration: the first " + BaselineWindows.ToString(Inv) + " windows learn the machine's levels, the next " + detectorSettings.CalibrationWindows.ToString(Inv) + " the threshold (as the device at first boot)"
                    : "calibration: the first " + detectorSettings.CalibrationWindows.ToString(Inv) + " windows of the recording (as the device at first boot)";
            }

            int windowCount = samples.RowCount < window ? 0 : 1 + (samples.RowCount - window) / hop;
            int needed = calibrationExists ? 1 : detectorSettings.CalibrationWindows + 1 + (orders ? BaselineWindows : 0);
            if (windowCount < needed)
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": " + samples.RowCount.ToString(Inv) + " samples make " + windowCount.ToString(Inv) + " windows of " + window.ToString(Inv) +
                                         "; scoring needs at least " + needed.ToString(Inv) + (calibrationExists ? "" : " (" + detectorSettings.CalibrationWindows.ToString(Inv) + " to calibrate, or pass --calibration)"));
            }

            IAnomalyPipeline pipeline = orders
                ? new OrderAnomalyPipeline(orderFeatures, normalizer, scorer, detector, BaselineWindows)
                : new VibrationAnomalyPipeline(features, scorer, detector);
            // Events with the recording's window index (an order pipeline feeds the detector only after learning the levels).
            var events = new List<(AnomalyEventArgs Event, int Window)>();
            int currentWindow = 0;
            detector.Changed += (sender, e) => events.Add((e, currentWindow));
            var windows = new List<Window>(windowCount);
            try
            {
                for (int w = 0; w < windowCount; w++)
                {
                    currentWindow = w;
                    bool calibrating = detector.State == DetectorState.Calibrating;
                    double score = pipeline.ProcessWindow(samples.Values, w * hop * VibrationFeatures.Axes);
                    windows.Add(new Window(w, w * hop / rate, score, calibrating, detector.LastWindowAnomalous, detector.AlarmActive));
                }
            }
            catch (Exception e) when (e is TinyMlException || e is ArgumentException)
            {
                return CliText.Fail(err, csvPath + ": " + KwsCommand.FirstLine(e.Message));
            }

            AnomalyCalibration cal = detector.Calibration;
            if (!calibrationExists && !string.IsNullOrEmpty(calibrationPath) && cal != null)
            {
                var file = new CalibrationFile
                {
                    ModelFingerprint = fingerprint, WindowCount = cal.WindowCount, Mean = cal.Mean, Sigma = cal.Sigma,
                    EnterThreshold = cal.EnterThreshold, ExitThreshold = cal.ExitThreshold,
                };
                if (cal.Baseline != null)
                {
                    file.BaselineLevels = new float[cal.Baseline.FeatureCount];
                    cal.Baseline.CopyLevels(file.BaselineLevels);
                }
                try
                {
                    File.WriteAllText(calibrationPath, JsonSerializer.Serialize(file, new JsonSerializerOptions { WriteIndented = true }));
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + calibrationPath + ": " + e.Message);
                }
            }

            string text = FormatText(modelPath, csvPath, rate, window, hop, featureText, calibrationText, cal, windows, events, calibrationExists ? null : calibrationPath);
            if (!string.IsNullOrEmpty(reportPath))
            {
                try
                {
                    File.WriteAllText(reportPath, FormatHtml(Path.GetFileName(csvPath), text, cal, windows, hop / rate), new UTF8Encoding(false));
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + reportPath + ": " + e.Message);
                }
                text += "report: " + reportPath + Environment.NewLine;
            }
            outw.Write(text);
            return 0;
        }

        private static string FormatText(string modelPath, string csvPath, double rate, int window, int hop, string featureText, string calibrationText, AnomalyCalibration cal,
                                         List<Window> windows, List<(AnomalyEventArgs Event, int Window)> events, string savedCalibration)
        {
            var text = new StringBuilder();
            double seconds = hop / rate;
            text.AppendLine(string.Format(Inv, "model: {0}; recording: {1}, {2} windows of {3} samples at {4:0.#} Hz ({5:0.000} s each), {6}",
                modelPath, csvPath, windows.Count, window, rate, seconds, featureText));
            text.AppendLine(calibrationText);
            if (cal != null)
            {
                text.AppendLine(string.Format(Inv, "threshold: mean {0:0.000} + k sigma {1:0.000} -> enter {2:0.000}, exit {3:0.000}", cal.Mean, cal.Sigma, cal.EnterThreshold, cal.ExitThreshold));
            }
            if (savedCalibration != null && cal != null)
            {
                text.AppendLine("wrote the calibration to " + savedCalibration + " (pass it with --calibration to score other recordings against this one)");
            }
            text.AppendLine();

            // Runs of consecutive windows over the threshold.
            var runs = new TextTable("from (s)", "to (s)", "windows", "max score");
            int over = 0, monitored = 0, runCount = 0;
            for (int i = 0; i < windows.Count; i++)
            {
                if (!windows[i].Calibrating)
                {
                    monitored++;
                }
                if (!windows[i].Over)
                {
                    continue;
                }
                int j = i;
                double max = 0;
                while (j < windows.Count && windows[j].Over)
                {
                    max = Math.Max(max, windows[j].Score);
                    j++;
                }
                over += j - i;
                runCount++;
                runs.Add(windows[i].StartSeconds.ToString("0.000", Inv), (windows[j - 1].StartSeconds + seconds).ToString("0.000", Inv),
                         (j - i).ToString(Inv), max.ToString("0.000", Inv));
                i = j - 1;
            }
            runs.RightAlign(0, 1, 2, 3);
            if (runCount == 0)
            {
                text.AppendLine("no window over the threshold");
            }
            else
            {
                text.AppendLine("windows over the threshold:");
                runs.WriteTo(text);
            }
            text.AppendLine();
            int alarms = 0;
            foreach (var (e, eventWindow) in events)
            {
                if (e.Kind == AnomalyEventKind.Calibrated)
                {
                    continue;
                }
                alarms += e.Kind == AnomalyEventKind.AlarmRaised ? 1 : 0;
                text.AppendLine(string.Format(Inv, "{0,9:0.000} s alarm {1} (window {2}, score {3:0.000})",
                    eventWindow * seconds, e.Kind == AnomalyEventKind.AlarmRaised ? "RAISED " : "cleared", eventWindow, e.Score));
            }
            text.AppendLine(string.Format(Inv, "{0} of {1} monitored windows over the threshold ({2:0.0} %), {3} alarm(s)",
                over, monitored, monitored > 0 ? 100.0 * over / monitored : 0, alarms));
            return text.ToString();
        }

        private static string FormatHtml(string name, string text, AnomalyCalibration cal, List<Window> windows, double seconds)
        {
            const int width = 1200, height = 320, left = 60, right = 16, top = 16, bottom = 40;
            double plotW = width - left - right, plotH = height - top - bottom;
            double max = 1e-3, min = double.MaxValue;
            foreach (Window w in windows)
            {
                max = Math.Max(max, w.Score);
                if (w.Score > 0)
                {
                    min = Math.Min(min, w.Score);
                }
            }
            if (cal != null)
            {
                max = Math.Max(max, cal.EnterThreshold);
            }
            double lo = Math.Floor(Math.Log10(Math.Max(1e-3, min == double.MaxValue ? 1e-3 : min))), hi = Math.Ceiling(Math.Log10(max * 1.5));
            if (hi <= lo)
            {
                hi = lo + 1;
            }
            double total = Math.Max(seconds, windows.Count * seconds);
            string X(double t) => (left + plotW * t / total).ToString("0.#", Inv);
            string Y(double s) => (top + plotH * (1 - (Math.Log10(Math.Max(s, Math.Pow(10, lo))) - lo) / (hi - lo))).ToString("0.#", Inv);

            var svg = new StringBuilder();
            svg.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
            svg.AppendLine($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fff\" stroke=\"#999\"/>");
            for (double d = lo; d <= hi; d++)
            {
                string y = Y(Math.Pow(10, d));
                svg.AppendLine($"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{y}\" text-anchor=\"end\">{Math.Pow(10, d).ToString("G3", Inv)}</text>");
            }
            long tick = Kws.KwsHtmlReport.TickStepMs((long)(total * 1000), 12);
            for (long t = 0; t <= total * 1000; t += tick)
            {
                svg.AppendLine($"<text x=\"{X(t / 1000.0)}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{Kws.KwsHtmlReport.TimeLabel(t, tick)}</text>");
            }
            // Calibration period, alarm periods.
            for (int i = 0; i < windows.Count; i++)
            {
                if (windows[i].Calibrating || windows[i].Alarm)
                {
                    string fill = windows[i].Calibrating ? "#eef3fb" : "#f9d5d5";
                    svg.AppendLine($"<rect x=\"{X(windows[i].StartSeconds)}\" y=\"{top}\" width=\"{(plotW * seconds / total).ToString("0.##", Inv)}\" height=\"{plotH}\" fill=\"{fill}\"/>");
                }
            }
            if (cal != null)
            {
                svg.AppendLine($"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{Y(cal.EnterThreshold)}\" y2=\"{Y(cal.EnterThreshold)}\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"><title>enter threshold</title></line>");
                svg.AppendLine($"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{Y(cal.ExitThreshold)}\" y2=\"{Y(cal.ExitThreshold)}\" stroke=\"#ff7f0e\" stroke-dasharray=\"2 3\"><title>exit threshold</title></line>");
            }
            var points = new StringBuilder();
            foreach (Window w in windows)
            {
                points.Append(X(w.StartSeconds + seconds / 2)).Append(',').Append(Y(w.Score)).Append(' ');
            }
            svg.AppendLine($"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"{points.ToString().TrimEnd()}\"><title>reconstruction error</title></polyline>");
            svg.AppendLine($"<text x=\"{left + plotW}\" y=\"{top + plotH + 32}\" text-anchor=\"end\" fill=\"#666\">blue: reconstruction error per window (log scale); red dashed: enter, orange dotted: exit threshold; shaded: calibration (blue), alarm (red)</text>");
            svg.Append("</svg>");

            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + CliFiles.HtmlGenerator + "<title>tinyml score-anomaly: " + WebUtility.HtmlEncode(name) + "</title>" +
                   "<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1240px}svg{display:block;max-width:100%;height:auto}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}</style></head><body>\n" +
                   "<h1>tinyml score-anomaly: " + WebUtility.HtmlEncode(name) + "</h1>\n" + svg + "\n<pre>" + WebUtility.HtmlEncode(text) + "</pre>\n</body></html>\n";
        }
    }
}
