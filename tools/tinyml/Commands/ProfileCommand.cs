using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml profile model.(tflite|tnm) [--runs N] [--input in.bin] [--cores m4,rv32] [--report p.html]`:
    /// per layer the op, MACs, the arena bytes the layer touches (its non-constant inputs and
    /// output, and the highest arena offset in use), and the median host time of N runs of that
    /// layer; with --cores the executed instructions per layer on emulated microcontroller cores
    /// (tools/qemu/bench.sh, when the cross toolchains and QEMU are installed). TFLM's
    /// MicroProfiler for our users.
    /// </summary>
    public static class ProfileCommand
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
        private static readonly string[] KnownCores = { "m4", "m7", "m33", "rv32" };

        public sealed class LayerProfile
        {
            public int Index;
            public string Op = "";
            public long Macs;
            public int ArenaBytes;
            public int ArenaHighWater;
            public double MedianMicroseconds;
            public Dictionary<string, long> Instructions = new Dictionary<string, long>();
        }

        public static Command Create(TextWriter outw, TextWriter err)
        {
            var model = new Argument<string>("model") { Description = "model to profile (.tnm, or .tflite compiled in memory)" };
            var runs = new Option<int>("--runs") { Description = "host runs; the median per layer is reported (1..10000)", DefaultValueFactory = _ => 20 };
            var input = new Option<string>("--input", "-i") { Description = "raw int8 input tensor (default: seeded random bytes)" };
            var cores = new Option<string>("--cores") { Description = "also count instructions per layer on emulated cores, comma-separated: m4, m7, m33, rv32 (needs tools/qemu/install-toolchains.sh; builds the kernels, takes minutes)" };
            var report = new Option<string>("--report", "-r") { Description = "also write an HTML page with a bar chart per layer" };
            var force = new Option<bool>("--force") { Description = "replace an existing --report file that tinyml did not write" };
            var command = new Command("profile", "Per-layer profile of a model: MACs, arena use, median host time and, with --cores, instructions on emulated microcontroller cores.")
            {
                model, runs, input, cores, report, force,
            };
            command.SetAction(r => Run(r.GetValue(model), r.GetValue(runs), r.GetValue(input), r.GetValue(cores), r.GetValue(report), r.GetValue(force), outw, err));
            return command;
        }

        public static int Run(string modelPath, int runs, string inputPath, string cores, string reportPath, bool force, TextWriter outw, TextWriter err)
        {
            if (runs < 1 || runs > 10000)
            {
                return CliText.Fail(err, "--runs must be 1..10000, got " + runs.ToString(Inv));
            }
            string[] coreList = string.IsNullOrWhiteSpace(cores) ? Array.Empty<string>() : cores.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (string core in coreList)
            {
                if (Array.IndexOf(KnownCores, core) < 0)
                {
                    return CliText.Fail(err, "--cores: unknown core '" + core + "'; use m4, m7, m33 or rv32");
                }
            }
            string bad = CliFiles.CheckInput("the model", modelPath) ?? (inputPath != null ? CliFiles.CheckInput("--input", inputPath) : null) ??
                         (string.IsNullOrEmpty(reportPath) ? null : CliFiles.CheckOutput("--report", reportPath, force, CliFiles.HtmlMarker, modelPath, inputPath));
            if (bad != null)
            {
                return CliText.Fail(err, bad);
            }

            string modelError = CliFiles.ReadModel(modelPath, out byte[] blob, out _);
            if (modelError != null)
            {
                return CliText.Fail(err, modelError);
            }

            Model model;
            Interpreter interpreter;
            try
            {
                model = new Model(blob);
                interpreter = new Interpreter(model);
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, modelPath + ": " + e.Message);
            }
            Tensor input = interpreter.Input;
            byte[] inputBytes = new byte[input.ByteLength];
            if (inputPath != null)
            {
                inputBytes = File.ReadAllBytes(inputPath);
                if (inputBytes.Length != input.ByteLength)
                {
                    return CliText.Fail(err, inputPath + ": the input tensor " + CliText.Shape(input.Shape) + " needs " + input.ByteLength.ToString(Inv) + " bytes, the file has " + inputBytes.Length.ToString(Inv));
                }
            }
            else
            {
                new Random(1).NextBytes(inputBytes);
            }

            var layers = new List<LayerProfile>();
            for (int i = 0; i < model.LayerCount; i++)
            {
                LayerInfo info = model.GetLayerInfo(i);
                var p = new LayerProfile { Index = i, Op = info.Op, Macs = info.Macs };
                foreach (int t in new[] { info.InputTensor, info.Input2Tensor, info.OutputTensor })
                {
                    if (t < 0)
                    {
                        continue;
                    }
                    TensorInfo tensor = model.GetTensorInfo(t);
                    // Tensors in the arena (constants live in the blob and have no arena offset).
                    if (tensor.ArenaOffset >= 0 && tensor.ArenaOffset + tensor.ByteLength <= model.ArenaSize)
                    {
                        p.ArenaBytes += tensor.ByteLength;
                        p.ArenaHighWater = Math.Max(p.ArenaHighWater, tensor.ArenaOffset + tensor.ByteLength);
                    }
                }
                p.ArenaHighWater = Math.Min(p.ArenaHighWater, model.ArenaSize);
                layers.Add(p);
            }

            // Host timing: every layer N times, one inference at a time (a warm-up first).
            var ticks = new long[model.LayerCount, runs];
            byte[] output = null;
            try
            {
                input.CopyFromBytes(inputBytes, 0, inputBytes.Length);
                interpreter.Invoke();
                output = new byte[interpreter.Output.ByteLength];
                interpreter.Output.CopyToBytes(output, 0);
                CliConsole.WithProgress(err, "profile: host runs", runs, progress =>
                {
                    for (int r = 0; r < runs; r++)
                    {
                        input.CopyFromBytes(inputBytes, 0, inputBytes.Length);
                        for (int i = 0; i < model.LayerCount; i++)
                        {
                            long start = Stopwatch.GetTimestamp();
                            interpreter.InvokeLayer(i);
                            ticks[i, r] = Stopwatch.GetTimestamp() - start;
                        }
                        progress(r + 1);
                    }
                    return 0;
                });
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, modelPath + ": " + e.Message);
            }
            for (int i = 0; i < model.LayerCount; i++)
            {
                var t = new long[runs];
                for (int r = 0; r < runs; r++)
                {
                    t[r] = ticks[i, r];
                }
                Array.Sort(t);
                double median = runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2.0;
                layers[i].MedianMicroseconds = median * 1e6 / Stopwatch.Frequency;
            }

            var notes = new List<string>();
            foreach (string core in coreList)
            {
                string note = CountOnCore(core, blob, inputBytes, output, layers, err);
                if (note != null)
                {
                    notes.Add(note);
                }
            }

            string text = FormatText(modelPath, model, runs, inputPath, coreList, layers, notes);
            if (!string.IsNullOrEmpty(reportPath))
            {
                try
                {
                    File.WriteAllText(reportPath, FormatHtml(Path.GetFileName(modelPath), text, coreList, layers), new UTF8Encoding(false));
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

        /// <summary>Runs tools/qemu/bench.sh for one core and fills the layers' counts; a note when it cannot.</summary>
        private static string CountOnCore(string core, byte[] blob, byte[] input, byte[] expected, List<LayerProfile> layers, TextWriter err)
        {
            string bench = FindBenchScript();
            if (bench == null)
            {
                return core + ": not counted: tools/qemu/bench.sh not found (run from the repository, or set TINYML_REPO)";
            }
            string compiler = core == "rv32" ? "riscv64-unknown-elf-gcc" : "arm-none-eabi-gcc";
            string qemu = core == "rv32" ? "qemu-system-riscv32" : "qemu-system-arm";
            if (!OnPath(compiler) || !OnPath(qemu))
            {
                return core + ": not counted: " + compiler + " or " + qemu + " is not installed (tools/qemu/install-toolchains.sh)";
            }
            string dir = Path.Combine(Path.GetTempPath(), "tinyml-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllBytes(Path.Combine(dir, "model.tnm"), blob);
                File.WriteAllBytes(Path.Combine(dir, "input.bin"), input);
                File.WriteAllBytes(Path.Combine(dir, "expected.bin"), expected);
                var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string a in new[] { bench, Path.Combine(dir, "model.tnm"), Path.Combine(dir, "input.bin"), Path.Combine(dir, "expected.bin"), core })
                {
                    start.ArgumentList.Add(a);
                }
                start.Environment["TNM_QEMU_BUILD"] = Path.Combine(dir, "build");
                string stdout = CliConsole.WithProgress(err, "profile: building and counting on " + core + " (minutes)", 1, _ =>
                {
                    using Process p = Process.Start(start);
                    var stderrTask = p.StandardError.ReadToEndAsync();
                    string o = p.StandardOutput.ReadToEnd();
                    p.WaitForExit();
                    stderrTask.Wait();
                    return p.ExitCode == 0 ? o : null;
                });
                if (stdout == null)
                {
                    return core + ": tools/qemu/bench.sh failed (output not bit-exact or build error); counts left out";
                }
                int found = 0;
                foreach (Match m in Regex.Matches(stdout, @"^\s*(\d+)\s+([A-Z0-9_]+)\s+(\d+)\s+(\d+)\s", RegexOptions.Multiline))
                {
                    int layer = int.Parse(m.Groups[1].Value, Inv);
                    if (layer < layers.Count)
                    {
                        layers[layer].Instructions[core] = long.Parse(m.Groups[4].Value, Inv);
                        found++;
                    }
                }
                return found == layers.Count ? null : core + ": bench.sh reported " + found.ToString(Inv) + " of " + layers.Count.ToString(Inv) + " layers";
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || CliText.IsFileError(e))
            {
                return core + ": not counted: " + CliText.OneLine(e.Message);
            }
            finally
            {
                try
                {
                    Directory.Delete(dir, true);
                }
                catch (IOException)
                {
                }
            }
        }

        private static bool OnPath(string program)
        {
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (folder.Length > 0 && File.Exists(Path.Combine(folder, program)))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>tools/qemu/bench.sh of the repository: $TINYML_REPO, the current folder or one above it, or above the tool.</summary>
        private static string FindBenchScript()
        {
            var starts = new List<string>();
            string repo = Environment.GetEnvironmentVariable("TINYML_REPO");
            if (!string.IsNullOrEmpty(repo))
            {
                starts.Add(repo);
            }
            starts.Add(Directory.GetCurrentDirectory());
            starts.Add(AppContext.BaseDirectory);
            foreach (string start in starts)
            {
                for (DirectoryInfo d = new DirectoryInfo(start); d != null; d = d.Parent)
                {
                    string candidate = Path.Combine(d.FullName, "tools", "qemu", "bench.sh");
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
            return null;
        }

        private static string FormatText(string modelPath, Model model, int runs, string inputPath, string[] cores, List<LayerProfile> layers, List<string> notes)
        {
            var text = new StringBuilder();
            text.AppendLine(modelPath + ": " + model.LayerCount.ToString(Inv) + " layers, arena " + CliText.Number(model.ArenaSize) + " bytes; host time = median of " +
                            runs.ToString(Inv) + " runs per layer, input " + (inputPath ?? "random (seed 1)"));
            var header = new List<string> { "#", "op", "MACs", "arena bytes", "arena high", "host us", "host %" };
            foreach (string core in cores)
            {
                header.Add(core + " insns");
                header.Add(core + " /MAC");
            }
            var table = new TextTable(header.ToArray());
            double totalUs = 0;
            long totalMacs = 0;
            var totalInsns = new Dictionary<string, long>();
            foreach (LayerProfile l in layers)
            {
                totalUs += l.MedianMicroseconds;
                totalMacs += l.Macs;
            }
            foreach (LayerProfile l in layers)
            {
                var row = new List<string>
                {
                    l.Index.ToString(Inv), l.Op, CliText.Number(l.Macs), CliText.Number(l.ArenaBytes), CliText.Number(l.ArenaHighWater),
                    l.MedianMicroseconds.ToString("0.0", Inv), (totalUs > 0 ? 100 * l.MedianMicroseconds / totalUs : 0).ToString("0.0", Inv),
                };
                foreach (string core in cores)
                {
                    if (l.Instructions.TryGetValue(core, out long n))
                    {
                        totalInsns[core] = (totalInsns.TryGetValue(core, out long s) ? s : 0) + n;
                        row.Add(CliText.Number(n));
                        row.Add(l.Macs > 0 ? (n / (double)l.Macs).ToString("0.00", Inv) : "-");
                    }
                    else
                    {
                        row.Add("-");
                        row.Add("-");
                    }
                }
                table.Add(row.ToArray());
            }
            var right = new List<int> { 0, 2, 3, 4, 5, 6 };
            for (int c = 0; c < cores.Length * 2; c++)
            {
                right.Add(7 + c);
            }
            table.RightAlign(right.ToArray());
            table.WriteTo(text);
            text.AppendLine();
            text.Append("total: " + CliText.Number(totalMacs) + " MACs, host " + (totalUs / 1000).ToString("0.000", Inv) + " ms per inference (sum of layer medians)");
            foreach (string core in cores)
            {
                if (totalInsns.TryGetValue(core, out long n))
                {
                    text.Append(", " + core + " " + CliText.Number(n) + " instructions");
                }
            }
            text.AppendLine();
            foreach (string note in notes)
            {
                text.AppendLine(note);
            }
            return text.ToString();
        }

        private static string FormatHtml(string name, string text, string[] cores, List<LayerProfile> layers)
        {
            // One horizontal bar per layer and measure (host time; instructions per core), each scaled to its own maximum.
            var measures = new List<(string Title, Func<LayerProfile, double> Value, string Unit)> { ("host time (median)", l => l.MedianMicroseconds, "us") };
            measures.Add(("MACs", l => l.Macs, ""));
            foreach (string core in cores)
            {
                string c = core;
                measures.Add((core + " instructions", l => l.Instructions.TryGetValue(c, out long n) ? n : 0, ""));
            }
            var html = new StringBuilder();
            html.AppendLine("<!DOCTYPE html>");
            html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">" + CliFiles.HtmlGenerator + "<title>tinyml profile: " + WebUtility.HtmlEncode(name) + "</title>");
            html.AppendLine("<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1240px}svg{display:block;max-width:100%;height:auto}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}</style></head><body>");
            html.AppendLine("<h1>tinyml profile: " + WebUtility.HtmlEncode(name) + "</h1>");
            foreach (var m in measures)
            {
                double max = 0;
                foreach (LayerProfile l in layers)
                {
                    max = Math.Max(max, m.Value(l));
                }
                if (max <= 0)
                {
                    continue;
                }
                const int width = 1000, label = 220, bar = 18;
                int height = layers.Count * (bar + 4) + 8;
                html.AppendLine("<h2>" + WebUtility.HtmlEncode(m.Title) + " per layer</h2>");
                html.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
                for (int i = 0; i < layers.Count; i++)
                {
                    double v = m.Value(layers[i]);
                    double w = (width - label - 160) * v / max;
                    int y = 4 + i * (bar + 4);
                    string value = m.Unit == "us" ? v.ToString("0.0", Inv) + " us" : v.ToString("N0", Inv);
                    html.AppendLine($"<text x=\"{label - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{i} {WebUtility.HtmlEncode(layers[i].Op)}</text>" +
                                    $"<rect x=\"{label}\" y=\"{y}\" width=\"{w.ToString("0.#", Inv)}\" height=\"{bar}\" fill=\"#1f77b4\"><title>{value}</title></rect>" +
                                    $"<text x=\"{(label + w + 6).ToString("0.#", Inv)}\" y=\"{y + 13}\">{value}</text>");
                }
                html.AppendLine("</svg>");
            }
            html.AppendLine("<pre>" + WebUtility.HtmlEncode(text) + "</pre>");
            html.AppendLine("</body></html>");
            return html.ToString();
        }
    }
}
