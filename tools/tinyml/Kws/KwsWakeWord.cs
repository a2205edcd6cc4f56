using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using TinyMl.Nano;
using TinyMl.Nano.Audio;

namespace TinyMl.Cli.Kws
{
    /// <summary>
    /// `tinyml kws` for streaming wake-word models (microWakeWord: int8 input 1 x S x 40, one
    /// uint8 probability out, state kept between inferences): the device's WakeWordRecognizer
    /// with the microWakeWord front end and the manifest's decision settings.
    /// </summary>
    public static class KwsWakeWord
    {
        /// <summary>Whether the model looks like a streaming wake-word model.</summary>
        public static bool IsWakeWordModel(Interpreter interpreter)
        {
            Tensor input = interpreter.Input;
            Tensor output = interpreter.Output;
            return output.Type == TensorType.UInt8 && output.ElementCount == 1 && input.Type == TensorType.Int8 &&
                   input.Rank == 3 && input.GetDimension(2) == MicroFrontend.Features;
        }

        /// <summary>
        /// The settings: --manifest (a microWakeWord .json, or the .wakeword.txt that
        /// `tinyml compile --manifest` writes), else model.wakeword.txt or model.json beside the model.
        /// </summary>
        public static WakeWordSettings LoadSettings(string manifest, string modelPath, out string source)
        {
            var candidates = new List<string>();
            if (!string.IsNullOrEmpty(manifest))
            {
                candidates.Add(manifest);
            }
            else
            {
                candidates.Add(Path.ChangeExtension(modelPath, ".wakeword.txt"));
                candidates.Add(Path.ChangeExtension(modelPath, ".json"));
            }
            foreach (string path in candidates)
            {
                if (!File.Exists(path))
                {
                    continue;
                }
                string text = File.ReadAllText(path);
                source = path;
                if (text.TrimStart().StartsWith("{", StringComparison.Ordinal))
                {
                    return WakeWordManifest.Parse(text);
                }
                try
                {
                    return WakeWordSettings.Parse(text);
                }
                catch (ArgumentException e)
                {
                    throw new FormatException(e.Message);
                }
            }
            if (!string.IsNullOrEmpty(manifest))
            {
                throw new FileNotFoundException("cannot read " + manifest);
            }
            throw new FileNotFoundException("a wake-word model needs its manifest: pass --manifest model.json (microWakeWord's JSON) or compile with " +
                                            "`tinyml compile --manifest` to get " + Path.GetFileName(candidates[0]) + " beside the model");
        }

        public static int Run(KwsOptions options, Interpreter interpreter, string modelKind, WavAudioSource wav, List<string> audioNotes,
                              TextWriter outw, TextWriter err)
        {
            WakeWordSettings settings;
            string settingsSource;
            try
            {
                settings = LoadSettings(options.Manifest, options.ModelPath, out settingsSource);
            }
            catch (Exception e) when (e is FormatException || CliText.IsFileError(e))
            {
                return CliText.Fail(err, CliText.OneLine(e.Message));
            }

            MicroFrontend frontend = MicroFrontend.ForMicroWakeWord(settings.FeatureStepMs);
            WakeWordRecognizer recognizer;
            try
            {
                recognizer = new WakeWordRecognizer(interpreter, frontend, settings);
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, options.ModelPath + ": " + e.Message);
            }

            long durationMs = wav.DurationMs + options.TailMs;
            var trace = new KwsTrace(new[] { settings.WakeWord }, new[] { true }, settings.ProbabilityCutoff, durationMs);
            recognizer.InferenceCompleted += (sender, timeMs) =>
            {
                trace.Times.Add(timeMs);
                trace.Raw.Add(new[] { recognizer.Probability });
                trace.Average.Add(new[] { recognizer.Average });
            };
            recognizer.KeywordDetected += (sender, d) => trace.Detections.Add(new KwsDetection(d.Label, d.LabelIndex, d.TimeMs, d.OnsetMs, d.Score));

            int tailSamples = (int)((long)options.TailMs * wav.SampleRate / 1000);
            IAudioSource audio = tailSamples > 0
                ? new ConcatenatedAudioSource(new IAudioSource[] { wav, new ArrayAudioSource(new short[tailSamples], 0, tailSamples, wav.SampleRate) })
                : wav;
            var buffer = new short[frontend.StrideSamples];
            try
            {
                while (true)
                {
                    int n = audio.Read(buffer, 0, buffer.Length);
                    if (n <= 0)
                    {
                        break;
                    }
                    recognizer.Process(buffer, 0, n);
                }
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, options.ModelPath + ": " + e.Message);
            }

            var summary = new StringBuilder();
            summary.AppendLine("model: " + options.ModelPath + " (" + modelKind + "), streaming wake-word model, input " + CliText.Shape(interpreter.Input.Shape) +
                               " (" + recognizer.SliceFrames.ToString(CultureInfo.InvariantCulture) + " new feature frames per inference, every " +
                               recognizer.InferenceIntervalMs.ToString(CultureInfo.InvariantCulture) + " ms), output uint8 probability");
            summary.AppendLine("front end: microWakeWord (TFLM microfrontend as ESPHome configures it, 40 features per " +
                               settings.FeatureStepMs.ToString(CultureInfo.InvariantCulture) + " ms)");
            summary.AppendLine("settings (" + settingsSource + "): " + WakeWordManifest.Describe(settings));
            summary.AppendLine("audio: " + options.WavPath + ", " + Seconds(wav.DurationMs) + " s, then " +
                               options.TailMs.ToString(CultureInfo.InvariantCulture) + " ms of silence (--tail-ms)");
            foreach (string note in audioNotes)
            {
                summary.AppendLine("note: " + note);
            }
            summary.Append(recognizer.FrameCount.ToString(CultureInfo.InvariantCulture) + " frames, " +
                           recognizer.InferenceCount.ToString(CultureInfo.InvariantCulture) + " inferences");

            var text = new StringBuilder();
            text.AppendLine(summary.ToString());
            text.AppendLine();
            if (trace.Detections.Count == 0)
            {
                text.AppendLine("no wake word detected");
            }
            else
            {
                var table = new TextTable("time (s)", "wake word", "average");
                foreach (KwsDetection d in trace.Detections)
                {
                    table.Add(Seconds(d.TimeMs), d.Label, d.Score.ToString("0.000", CultureInfo.InvariantCulture));
                }
                table.RightAlign(0, 2);
                table.WriteTo(text);
                text.AppendLine(trace.Detections.Count.ToString(CultureInfo.InvariantCulture) + " detection(s); time = end of the audio the deciding inference saw");
            }
            text.AppendLine();
            text.AppendLine("probability timeline (sliding-window average; cutoff " + settings.ProbabilityCutoff.ToString("0.00", CultureInfo.InvariantCulture) + "):");
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

        private static string Seconds(long ms)
        {
            return (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        }
    }
}
