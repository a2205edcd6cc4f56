using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using TinyMl.Cli.Kws;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Audio;
using TinyMl.Tflite;

namespace TinyMl.Cli
{
    /// <summary>Settings of one `tinyml kws` run (the command-line options).</summary>
    public sealed class KwsOptions
    {
        public string ModelPath { get; set; } = "";
        public string WavPath { get; set; } = "";
        /// <summary>Comma-separated class names in output order; null picks them from the class count (4: micro_speech, 12: MLPerf Tiny).</summary>
        public string Labels { get; set; }
        public string ReportPath { get; set; }
        /// <summary>Wake-word models: microWakeWord manifest (.json) or the .wakeword.txt of `tinyml compile --manifest`.</summary>
        public string Manifest { get; set; }
        /// <summary>"auto", "micro" or "mfcc".</summary>
        public string Frontend { get; set; } = "auto";
        /// <summary>MFCC sample gain; 0 = 1 / the file's largest sample (the MLPerf training normalization).</summary>
        public float MfccGain { get; set; }
        public int Every { get; set; } = 1;
        public int AverageMs { get; set; } = 500;
        public float Threshold { get; set; } = 0.7f;
        public int SuppressionMs { get; set; } = 1000;
        public int MinimumCount { get; set; } = 3;
        /// <summary>Silence appended after the file so a word at its very end is still decided, as in a live stream.</summary>
        public int TailMs { get; set; } = 1000;
        /// <summary>Milliseconds per column of the text timeline.</summary>
        public int TimelineStepMs { get; set; } = 100;
        /// <summary>Replace an existing --report file that is not an earlier tinyml report.</summary>
        public bool Force { get; set; }
    }

    /// <summary>
    /// `tinyml kws --model m.tnm --wav clip.wav [--labels ...] [--report out.html]`: runs the
    /// device's streaming keyword recognizer (TinyMl.Nano.Audio.KeywordRecognizer, the same code
    /// as firmware/apps/KeywordSpotting) over a 16 kHz mono WAV on the host, and prints the
    /// detections with their times and a text timeline of the scores; --report also writes an
    /// HTML page with an SVG plot. The model may be a .tnm blob or a .tflite (compiled in memory).
    /// </summary>
    public static class KwsCommand
    {
        public static readonly string[] MicroSpeechLabels = { "silence", "unknown", "yes", "no" };

        /// <summary>MLPerf Tiny KWS order (mlcommons/tiny benchmark/training/keyword_spotting, word_labels).</summary>
        public static readonly string[] MlperfLabels = { "down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes", "silence", "unknown" };

        /// <summary>The `kws` command, writing to outw / err.</summary>
        public static Command Create(TextWriter outw, TextWriter err)
        {
            var defaults = new KwsOptions();
            var model = new Option<string>("--model", "-m") { Description = "compiled model (.tnm) or int8 TensorFlow Lite model (.tflite, compiled in memory)", Required = true };
            var wav = new Option<string>("--wav", "-w") { Description = "16 kHz mono 16-bit PCM WAV file", Required = true };
            var labels = new Option<string>("--labels", "-l") { Description = "class names in output order, comma-separated (default: silence,unknown,yes,no for 4 classes; the MLPerf Tiny words for 12)" };
            var report = new Option<string>("--report", "-r") { Description = "also write an HTML page with an SVG plot of the scores" };
            var frontend = new Option<string>("--frontend") { Description = "auto (from the input shape), micro (micro_speech, 40 features) or mfcc (MLPerf Tiny, 10 features)", DefaultValueFactory = _ => defaults.Frontend };
            frontend.AcceptOnlyFromAmong("auto", "micro", "mfcc");
            var gain = new Option<float?>("--mfcc-gain") { Description = "MFCC sample gain in (0, 1]; default: 1 / the file's largest sample, as MLPerf Tiny training normalizes each clip" };
            var every = new Option<int>("--every") { Description = "run the model every N frames of 20 ms", DefaultValueFactory = _ => defaults.Every };
            var average = new Option<int>("--average-ms") { Description = "average the scores over this many milliseconds", DefaultValueFactory = _ => defaults.AverageMs };
            var threshold = new Option<float>("--threshold") { Description = "detection threshold on the averaged score (0..1]", DefaultValueFactory = _ => defaults.Threshold };
            var suppression = new Option<int>("--suppression-ms") { Description = "no new detection for this long after one", DefaultValueFactory = _ => defaults.SuppressionMs };
            var minimum = new Option<int>("--min-count") { Description = "inferences needed in the averaging window", DefaultValueFactory = _ => defaults.MinimumCount };
            var manifest = new Option<string>("--manifest") { Description = "wake-word models: the microWakeWord manifest (.json) or model.wakeword.txt (default: beside the model)" };
            var tail = new Option<int>("--tail-ms") { Description = "silence appended after the file, so a word at its end is still decided as it would be in a live stream", DefaultValueFactory = _ => defaults.TailMs };
            var force = new Option<bool>("--force") { Description = "replace an existing --report file that tinyml did not write" };
            var command = new Command("kws", "Run the streaming keyword recognizer over a WAV file: detections with timestamps and a timeline of scores.")
            {
                model, wav, labels, report, frontend, gain, every, average, threshold, suppression, minimum, tail, force, manifest,
            };
            command.SetAction(r => r.GetValue(gain) is float g && !(g > 0.0f && g <= 1.0f)
                ? CliText.Fail(err, "--mfcc-gain must be in (0, 1] (leave it out for 1 / the file's largest sample), got " + g.ToString("G6", CultureInfo.InvariantCulture))
                : Run(new KwsOptions
            {
                ModelPath = r.GetValue(model),
                WavPath = r.GetValue(wav),
                Labels = r.GetValue(labels),
                ReportPath = r.GetValue(report),
                Frontend = r.GetValue(frontend),
                MfccGain = r.GetValue(gain) ?? 0.0f,
                Force = r.GetValue(force),
                Every = r.GetValue(every),
                AverageMs = r.GetValue(average),
                Threshold = r.GetValue(threshold),
                SuppressionMs = r.GetValue(suppression),
                TailMs = r.GetValue(tail),
                MinimumCount = r.GetValue(minimum),
                Manifest = r.GetValue(manifest),
            }, outw, err));
            return command;
        }

        /// <summary>Runs one recognition; returns the exit code (0 ok, 1 user error, 2 internal error).</summary>
        public static int Run(KwsOptions options, TextWriter outw, TextWriter err)
        {
            string bad = CheckOptions(options);
            if (bad != null)
            {
                return CliText.Fail(err, bad);
            }
            bad = CliFiles.CheckInput("--model", options.ModelPath) ?? CliFiles.CheckInput("--wav", options.WavPath) ??
                  (string.IsNullOrEmpty(options.ReportPath) ? null
                      : CliFiles.CheckOutput("--report", options.ReportPath, options.Force, CliFiles.HtmlMarker, options.ModelPath, options.WavPath));
            if (bad != null)
            {
                return CliText.Fail(err, bad);
            }
            KeywordSettings settings;
            try
            {
                settings = new KeywordSettings
                {
                    InferenceEveryFrames = options.Every,
                    AverageWindowMs = options.AverageMs,
                    Threshold = options.Threshold,
                    SuppressionMs = options.SuppressionMs,
                    MinimumCount = options.MinimumCount,
                };
            }
            catch (ArgumentOutOfRangeException e)
            {
                return CliText.Fail(err, FirstLine(e.Message));
            }

            // Model: a .tnm blob, or a .tflite compiled in memory.
            string modelError = CliFiles.ReadModel(options.ModelPath, out byte[] modelBytes, out bool compiled);
            if (modelError != null)
            {
                return CliText.Fail(err, modelError);
            }
            string modelKind = compiled ? "TensorFlow Lite, compiled in memory" : "TinyMl.Nano blob";
            Interpreter interpreter;
            try
            {
                interpreter = new Interpreter(new Model(modelBytes));
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, options.ModelPath + ": " + e.Message);
            }

            // Audio.
            // Audio: 16 kHz mono 16-bit as the device gets it; other rates and formats are converted here (with a note).
            WavAudioSource wav;
            var audioNotes = new List<string>();
            try
            {
                wav = new WavAudioSource(KwsAudio.To16kMono(File.ReadAllBytes(options.WavPath), audioNotes));
            }
            catch (FormatException e)
            {
                return CliText.Fail(err, options.WavPath + ": " + e.Message);
            }
            catch (AudioFormatException e)
            {
                return CliText.Fail(err, options.WavPath + ": " + e.Message);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + options.WavPath + ": " + e.Message);
            }

            // Streaming wake-word models (microWakeWord) take their own path: manifest settings, 10 ms front end.
            if (KwsWakeWord.IsWakeWordModel(interpreter))
            {
                return KwsWakeWord.Run(options, interpreter, modelKind, wav, audioNotes, outw, err);
            }

            Tensor input = interpreter.Input;
            Tensor output = interpreter.Output;
            // The front end follows from the input shape; a model that fits neither is not a
            // keyword model (e.g. the anomaly autoencoder), whatever its output looks like.
            string fits = input.ElementCount == 49 * MicroFrontend.Features ? "micro"
                : input.ElementCount == 49 * MfccFrontend.Features ? "mfcc" : null;
            string kind = options.Frontend ?? "auto";
            if (fits == null && (kind == "auto" || input.ElementCount % (kind == "micro" ? MicroFrontend.Features : MfccFrontend.Features) != 0 || output.ElementCount < 2))
            {
                return CliText.Fail(err, options.ModelPath + " is not a keyword-spotting model: its input " + CliText.Shape(input.Shape) +
                                         " is not 49 frames of 40 micro_speech features or 10 MFCC features" +
                                         (kind == "auto" ? " (for another frame count pass --frontend micro or --frontend mfcc)" : ""));
            }
            if (fits != null && kind != "auto" && kind != fits)
            {
                return CliText.Fail(err, "--frontend " + kind + " does not fit " + options.ModelPath + ": its input " + CliText.Shape(input.Shape) + " is 49 frames of " +
                                         (fits == "micro" ? "40 micro_speech features; use --frontend micro" : "10 MFCC features; use --frontend mfcc") + " (or leave --frontend out)");
            }
            if (kind == "auto")
            {
                kind = fits;
            }

            string[] labels;
            if (!string.IsNullOrWhiteSpace(options.Labels))
            {
                labels = options.Labels.Split(',', StringSplitOptions.TrimEntries);
            }
            else if (output.ElementCount == MicroSpeechLabels.Length)
            {
                labels = MicroSpeechLabels;
            }
            else if (output.ElementCount == MlperfLabels.Length)
            {
                labels = MlperfLabels;
            }
            else
            {
                return CliText.Fail(err, options.ModelPath + ": the model has " + output.ElementCount.ToString(CultureInfo.InvariantCulture) +
                                         " output classes; name them with --labels a,b,c,...");
            }
            if (labels.Length != output.ElementCount)
            {
                return CliText.Fail(err, "--labels names " + labels.Length.ToString(CultureInfo.InvariantCulture) + " classes, the model has " +
                                         output.ElementCount.ToString(CultureInfo.InvariantCulture) + " (" + CliText.Shape(output.Shape) + ")");
            }

            IAudioFrontend frontend;
            string frontendText;
            KeywordRecognizer recognizer;
            try
            {
                if (kind == "micro")
                {
                    frontend = new MicroFrontend();
                    frontendText = "micro_speech (40 features per 20 ms)";
                }
                else
                {
                    float gain = options.MfccGain;
                    string gainText = gain.ToString("G6", CultureInfo.InvariantCulture);
                    if (gain == 0.0f)
                    {
                        int peak = 1;
                        for (int i = 0; i < wav.SampleCount; i++)
                        {
                            peak = Math.Max(peak, (int)wav.GetSample(i));
                        }
                        gain = 1.0f / peak;
                        gainText = "1/" + peak.ToString(CultureInfo.InvariantCulture) + " (the file's largest sample)";
                    }
                    frontend = MfccFrontend.ForInput(input, gain);
                    frontendText = "MLPerf Tiny MFCC (10 coefficients per 20 ms, gain " + gainText + ")";
                }
                recognizer = new KeywordRecognizer(interpreter, frontend, labels, settings);
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, options.ModelPath + ": " + FirstLine(e.Message));
            }

            string never = CheckReachable(options, recognizer, wav.DurationMs);
            if (never != null)
            {
                return CliText.Fail(err, never);
            }

            var isKeyword = new bool[labels.Length];
            for (int i = 0; i < labels.Length; i++)
            {
                isKeyword[i] = recognizer.IsKeyword(i);
            }
            int tailSamples = (int)((long)options.TailMs * wav.SampleRate / 1000);
            IAudioSource audio = tailSamples > 0
                ? new ConcatenatedAudioSource(new IAudioSource[] { wav, new ArrayAudioSource(new short[tailSamples], 0, tailSamples, wav.SampleRate) })
                : wav;
            var trace = new KwsTrace(labels, isKeyword, settings.Threshold, wav.DurationMs + options.TailMs);
            trace.Attach(recognizer);
            try
            {
                long totalSamples = wav.SampleCount + (long)tailSamples;
                CliConsole.WithProgress(err, "kws: audio seconds", totalSamples / (double)wav.SampleRate, progress =>
                {
                    var buffer = new short[wav.SampleRate];
                    long done = 0;
                    int n;
                    while ((n = audio.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        recognizer.Process(buffer, 0, n);
                        done += n;
                        progress(done / (double)wav.SampleRate);
                    }
                    return 0;
                });
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, options.ModelPath + ": " + e.Message);
            }

            var summary = new StringBuilder();
            summary.AppendLine("model: " + options.ModelPath + " (" + modelKind + "), input " + CliText.Shape(input.Shape) + ", " +
                               labels.Length.ToString(CultureInfo.InvariantCulture) + " classes: " + string.Join(", ", labels));
            summary.AppendLine("front end: " + frontendText);
            summary.AppendLine("audio: " + options.WavPath + ", " + Seconds(wav.DurationMs) + " s (" +
                               wav.SampleCount.ToString(CultureInfo.InvariantCulture) + " samples at 16 kHz), then " +
                               options.TailMs.ToString(CultureInfo.InvariantCulture) + " ms of silence (--tail-ms)");
            foreach (string note in audioNotes)
            {
                summary.AppendLine("note: " + note);
            }
            summary.AppendLine("settings: inference every " + settings.InferenceEveryFrames.ToString(CultureInfo.InvariantCulture) + " frame(s) of 20 ms, average " +
                               settings.AverageWindowMs.ToString(CultureInfo.InvariantCulture) + " ms, threshold " +
                               settings.Threshold.ToString("0.00", CultureInfo.InvariantCulture) + ", suppression " +
                               settings.SuppressionMs.ToString(CultureInfo.InvariantCulture) + " ms, minimum count " +
                               settings.MinimumCount.ToString(CultureInfo.InvariantCulture));
            summary.Append(recognizer.FrameCount.ToString(CultureInfo.InvariantCulture) + " frames, " +
                           recognizer.InferenceCount.ToString(CultureInfo.InvariantCulture) + " inferences (the first once " +
                           recognizer.InputWindowMs.ToString(CultureInfo.InvariantCulture) + " ms of audio fill the model input)");

            var text = new StringBuilder();
            text.AppendLine(summary.ToString());
            text.AppendLine();
            if (trace.Detections.Count == 0)
            {
                text.AppendLine("no keyword detected");
            }
            else
            {
                var table = new TextTable("time (s)", "label", "score", "onset (s)");
                foreach (KwsDetection d in trace.Detections)
                {
                    table.Add(Seconds(d.TimeMs), d.Label, d.Score.ToString("0.00", CultureInfo.InvariantCulture), Seconds(d.OnsetMs));
                }
                table.RightAlign(0, 2, 3);
                table.WriteTo(text);
                text.AppendLine(trace.Detections.Count.ToString(CultureInfo.InvariantCulture) + " detection(s); time = when decided, onset = the first inference in which that label had the top score");
            }
            text.AppendLine();
            text.Append(KwsTimeline.Format(trace, Math.Max(1, options.TimelineStepMs), 100));

            if (!string.IsNullOrEmpty(options.ReportPath))
            {
                try
                {
                    File.WriteAllText(options.ReportPath, KwsHtmlReport.Build(trace, "tinyml kws: " + Path.GetFileName(options.WavPath), summary.ToString()));
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + options.ReportPath + ": " + e.Message);
                }
                text.AppendLine("wrote " + options.ReportPath);
            }
            outw.Write(text.ToString());
            return 0;
        }

        /// <summary>The option that is out of range, as a sentence naming it; null when all are fine.</summary>
        private static string CheckOptions(KwsOptions o)
        {
            if (o.Every < 1)
            {
                return "--every must be at least 1 (frames of 20 ms), got " + o.Every.ToString(CultureInfo.InvariantCulture);
            }
            if (o.AverageMs < 0)
            {
                return "--average-ms must be 0 or more, got " + o.AverageMs.ToString(CultureInfo.InvariantCulture);
            }
            if (!(o.Threshold > 0.0f && o.Threshold <= 1.0f))
            {
                return "--threshold must be in (0, 1], got " + o.Threshold.ToString("G6", CultureInfo.InvariantCulture);
            }
            if (o.SuppressionMs < 0)
            {
                return "--suppression-ms must be 0 or more, got " + o.SuppressionMs.ToString(CultureInfo.InvariantCulture);
            }
            if (o.TailMs < 0 || o.TailMs > 10000)
            {
                return "--tail-ms must be 0..10000, got " + o.TailMs.ToString(CultureInfo.InvariantCulture);
            }
            if (o.MinimumCount < 1)
            {
                return "--min-count must be at least 1, got " + o.MinimumCount.ToString(CultureInfo.InvariantCulture);
            }
            if (!(o.MfccGain >= 0.0f && o.MfccGain <= 1.0f))
            {
                return "--mfcc-gain must be in (0, 1] (or left out for 1 / the file's largest sample), got " + o.MfccGain.ToString("G6", CultureInfo.InvariantCulture);
            }
            return null;
        }

        /// <summary>
        /// A sentence when the settings can never produce a detection on this audio (too few
        /// inferences fit in the averaging window or in the whole file for --min-count); else null.
        /// </summary>
        private static string CheckReachable(KwsOptions o, KeywordRecognizer recognizer, long audioMs)
        {
            var inv = CultureInfo.InvariantCulture;
            int intervalMs = o.Every * AudioFrame.StrideMs;
            // The window holds the inferences of the last AverageMs (the current one included).
            long inWindow = Math.Max(1, (o.AverageMs + (long)intervalMs - 1) / intervalMs);
            if (o.MinimumCount > inWindow)
            {
                long neededMs = (o.MinimumCount - 1L) * intervalMs + 1;
                return "--min-count " + o.MinimumCount.ToString(inv) + " can never be met: with an inference every " + intervalMs.ToString(inv) +
                       " ms (--every " + o.Every.ToString(inv) + ") the " + o.AverageMs.ToString(inv) + " ms averaging window (--average-ms) holds at most " +
                       inWindow.ToString(inv) + "; raise --average-ms to " + neededMs.ToString(inv) + " or more, or lower --min-count / --every";
            }
            long streamMs = audioMs + o.TailMs;
            if (streamMs < recognizer.InputWindowMs)
            {
                return "the model needs " + recognizer.InputWindowMs.ToString(inv) + " ms of audio per inference, but " + o.WavPath + " and --tail-ms give " +
                       streamMs.ToString(inv) + " ms: no inference would run";
            }
            long possible = 1 + (streamMs - recognizer.InputWindowMs) / intervalMs;
            if (possible < o.MinimumCount)
            {
                return "at most " + possible.ToString(inv) + " inference(s) fit in " + streamMs.ToString(inv) + " ms of audio with an inference every " + intervalMs.ToString(inv) +
                       " ms (--every " + o.Every.ToString(inv) + "), fewer than --min-count " + o.MinimumCount.ToString(inv) + ": nothing could be detected";
            }
            return null;
        }

        private static string Seconds(long ms)
        {
            return (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        }

        internal static string FirstLine(string message)
        {
            int newline = message.IndexOf('\n');
            string line = newline < 0 ? message : message.Substring(0, newline);
            // ArgumentException appends " (Parameter 'x')" on .NET: keep the sentence.
            int parameter = line.IndexOf(" (Parameter '", StringComparison.Ordinal);
            return (parameter < 0 ? line : line.Substring(0, parameter)).Trim();
        }
    }
}
