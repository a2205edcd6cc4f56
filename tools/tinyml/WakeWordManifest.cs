using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using TinyMl.Nano.Audio;

namespace TinyMl.Cli
{
    /// <summary>
    /// A microWakeWord model manifest (the JSON shipped beside each model, e.g. okay_nabu.json)
    /// turned into the <see cref="WakeWordSettings"/> the device needs. The blob format does not
    /// change: `tinyml compile --manifest m.json` writes the settings as text beside the blob
    /// (<see cref="SettingsPath"/>), which <see cref="WakeWordSettings.Parse"/> reads on the
    /// device and `tinyml kws` reads on the host.
    /// </summary>
    public static class WakeWordManifest
    {
        /// <summary>Where the settings of a compiled model live: model.tnm -> model.wakeword.txt.</summary>
        public static string SettingsPath(string blobPath)
        {
            return Path.ChangeExtension(blobPath, ".wakeword.txt");
        }

        /// <summary>
        /// Reads a manifest (version 1 or 2, type "micro"). v1 manifests name the window
        /// sliding_window_average_size and imply a 20 ms feature step, as ESPHome reads them.
        /// </summary>
        /// <exception cref="FormatException">Not a microWakeWord manifest, or a field is missing or out of range (the message names it).</exception>
        public static WakeWordSettings Parse(string json)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json);
            }
            catch (JsonException e)
            {
                throw new FormatException("not JSON: " + e.Message);
            }
            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("the manifest is not a JSON object");
                }
                string type = String(root, "type", "type");
                if (type != "micro")
                {
                    throw new FormatException("type is \"" + type + "\"; only microWakeWord (\"micro\") models are supported");
                }
                if (!root.TryGetProperty("micro", out JsonElement micro) || micro.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("the manifest has no \"micro\" object");
                }
                int version = root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 1;
                var settings = new WakeWordSettings();
                try
                {
                    settings.WakeWord = String(root, "wake_word", "wake_word");
                    settings.ProbabilityCutoff = (float)Number(micro, "probability_cutoff");
                    settings.SlidingWindowSize = (int)Number(micro, version >= 2 ? "sliding_window_size" : "sliding_window_average_size");
                    settings.FeatureStepMs = version >= 2 ? (int)Number(micro, "feature_step_size") : 20;
                }
                catch (ArgumentException e)
                {
                    throw new FormatException(e.Message);
                }
                return settings;
            }
        }

        /// <summary>One line for reports: the decision settings.</summary>
        public static string Describe(WakeWordSettings s)
        {
            return "wake word \"" + s.WakeWord + "\": probability cutoff " + s.ProbabilityCutoff.ToString("0.###", CultureInfo.InvariantCulture) +
                   ", sliding window " + s.SlidingWindowSize + ", feature step " + s.FeatureStepMs + " ms, refractory " + s.RefractoryMs +
                   " ms, warm-up " + s.WarmUpMs + " ms";
        }

        private static string String(JsonElement obj, string name, string field)
        {
            if (!obj.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("the manifest has no string \"" + field + "\"");
            }
            return e.GetString();
        }

        private static double Number(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.Number)
            {
                throw new FormatException("the manifest has no number micro." + name);
            }
            return e.GetDouble();
        }
    }
}
