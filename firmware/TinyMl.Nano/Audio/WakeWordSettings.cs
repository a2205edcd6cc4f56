using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// How a microWakeWord model's probabilities become detections, as microWakeWord and
    /// ESPHome's micro_wake_word define it: the model outputs a probability (uint8, 0..255)
    /// per inference; the last <see cref="SlidingWindowSize"/> of them are averaged, and the
    /// wake word is detected when the average exceeds <see cref="ProbabilityCutoff"/>. The
    /// values come from the model's manifest (<c>tinyml compile --manifest model.json</c>
    /// writes them as text that <see cref="Parse"/> reads, beside the compiled model).
    /// <para>
    /// After a detection the averaging window is cleared and nothing is detected for
    /// <see cref="RefractoryMs"/>; after a reset nothing is detected during the first
    /// <see cref="WarmUpMs"/> (ESPHome ignores the first 74 feature slices, 740 ms, while the
    /// front end's noise estimate and the model's state settle).
    /// </para>
    /// </summary>
    public sealed class WakeWordSettings
    {
        private string _wakeWord = "wake word";
        private float _probabilityCutoff = 0.97f;
        private int _slidingWindowSize = 5;
        private int _featureStepMs = 10;
        private int _refractoryMs = 2000;
        private int _warmUpMs = 740;

        /// <summary>The wake word (the manifest's wake_word); it becomes the detection's label.</summary>
        public string WakeWord
        {
            get { return _wakeWord; }
            set
            {
                if (value == null || value.Trim().Length == 0)
                {
                    throw new ArgumentException("WakeWord must not be empty");
                }
                _wakeWord = value.Trim();
            }
        }

        /// <summary>Detected when the averaged probability is above this (manifest micro.probability_cutoff), in (0, 1).</summary>
        public float ProbabilityCutoff
        {
            get { return _probabilityCutoff; }
            set
            {
                if (!(value > 0.0f && value < 1.0f))
                {
                    throw new ArgumentOutOfRangeException("value", "ProbabilityCutoff must be in (0, 1), got " + value.ToString());
                }
                _probabilityCutoff = value;
            }
        }

        /// <summary>Probabilities averaged (manifest micro.sliding_window_size), 1..100.</summary>
        public int SlidingWindowSize
        {
            get { return _slidingWindowSize; }
            set
            {
                if (value < 1 || value > 100)
                {
                    throw new ArgumentOutOfRangeException("value", "SlidingWindowSize must be 1..100, got " + value.ToString());
                }
                _slidingWindowSize = value;
            }
        }

        /// <summary>
        /// Milliseconds between feature frames the model was trained with (manifest
        /// micro.feature_step_size): 10 for v2 models, 20 for v1. The front end must step the same.
        /// </summary>
        public int FeatureStepMs
        {
            get { return _featureStepMs; }
            set
            {
                if (value != 10 && value != 20)
                {
                    throw new ArgumentOutOfRangeException("value", "FeatureStepMs must be 10 or 20 (the steps microWakeWord models use), got " + value.ToString());
                }
                _featureStepMs = value;
            }
        }

        /// <summary>
        /// No detection for this many milliseconds after one (0..60000; default 2000, the
        /// refractory time of microWakeWord's Python runtime; ESPHome instead stops listening
        /// until the voice assistant restarts it).
        /// </summary>
        public int RefractoryMs
        {
            get { return _refractoryMs; }
            set
            {
                if (value < 0 || value > 60000)
                {
                    throw new ArgumentOutOfRangeException("value", "RefractoryMs must be 0..60000, got " + value.ToString());
                }
                _refractoryMs = value;
            }
        }

        /// <summary>No detection during this many milliseconds of audio after a reset (0..60000).</summary>
        public int WarmUpMs
        {
            get { return _warmUpMs; }
            set
            {
                if (value < 0 || value > 60000)
                {
                    throw new ArgumentOutOfRangeException("value", "WarmUpMs must be 0..60000, got " + value.ToString());
                }
                _warmUpMs = value;
            }
        }

        /// <summary>A copy.</summary>
        public WakeWordSettings Clone()
        {
            WakeWordSettings copy = new WakeWordSettings();
            copy._wakeWord = _wakeWord;
            copy._probabilityCutoff = _probabilityCutoff;
            copy._slidingWindowSize = _slidingWindowSize;
            copy._featureStepMs = _featureStepMs;
            copy._refractoryMs = _refractoryMs;
            copy._warmUpMs = _warmUpMs;
            return copy;
        }

        /// <summary>
        /// The settings as text, one <c>key=value</c> per line (wake_word, probability_cutoff,
        /// sliding_window_size, feature_step_ms, refractory_ms, warm_up_ms): what
        /// <c>tinyml compile --manifest</c> writes and <see cref="Parse"/> reads.
        /// </summary>
        public string ToText()
        {
            return "wake_word=" + _wakeWord + "\n" +
                   "probability_cutoff=" + FormatFraction(_probabilityCutoff) + "\n" +
                   "sliding_window_size=" + _slidingWindowSize.ToString() + "\n" +
                   "feature_step_ms=" + _featureStepMs.ToString() + "\n" +
                   "refractory_ms=" + _refractoryMs.ToString() + "\n" +
                   "warm_up_ms=" + _warmUpMs.ToString() + "\n";
        }

        /// <summary>
        /// Reads settings written by <see cref="ToText"/> (keys in any order; missing keys keep
        /// their defaults; blank lines and lines starting with # are skipped).
        /// </summary>
        /// <exception cref="ArgumentException">An unknown key, a line without '=', or a value out of range (the message names the line).</exception>
        public static WakeWordSettings Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }
            WakeWordSettings settings = new WakeWordSettings();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    throw new ArgumentException("wake-word settings line " + (i + 1).ToString() + ": expected key=value, got '" + line + "'");
                }
                string key = line.Substring(0, eq).Trim();
                string value = line.Substring(eq + 1).Trim();
                try
                {
                    if (key == "wake_word")
                    {
                        settings.WakeWord = value;
                    }
                    else if (key == "probability_cutoff")
                    {
                        settings.ProbabilityCutoff = ParseFraction(value);
                    }
                    else if (key == "sliding_window_size")
                    {
                        settings.SlidingWindowSize = int.Parse(value);
                    }
                    else if (key == "feature_step_ms")
                    {
                        settings.FeatureStepMs = int.Parse(value);
                    }
                    else if (key == "refractory_ms")
                    {
                        settings.RefractoryMs = int.Parse(value);
                    }
                    else if (key == "warm_up_ms")
                    {
                        settings.WarmUpMs = int.Parse(value);
                    }
                    else
                    {
                        throw new ArgumentException("unknown key '" + key + "'");
                    }
                }
                catch (Exception e)
                {
                    throw new ArgumentException("wake-word settings line " + (i + 1).ToString() + " (" + key + "): " + e.Message);
                }
            }
            return settings;
        }

        // "0.9700": four decimals, whatever the culture (the file is read on the device too).
        private static string FormatFraction(float value)
        {
            int tenThousandths = (int)(value * 10000.0f + 0.5f);
            string digits = (tenThousandths % 10000).ToString();
            while (digits.Length < 4)
            {
                digits = "0" + digits;
            }
            return (tenThousandths / 10000).ToString() + "." + digits;
        }

        // A non-negative decimal such as "0.97" or "1", with '.' as the separator.
        private static float ParseFraction(string text)
        {
            int dot = text.IndexOf('.');
            string whole = dot < 0 ? text : text.Substring(0, dot);
            string fraction = dot < 0 ? "" : text.Substring(dot + 1);
            if ((whole.Length == 0 && fraction.Length == 0) || fraction.Length > 9 || !AllDigits(whole) || !AllDigits(fraction))
            {
                throw new ArgumentException("'" + text + "' is not a decimal number such as 0.97");
            }
            double denominator = 1.0;
            for (int i = 0; i < fraction.Length; i++)
            {
                denominator *= 10.0;
            }
            double value = (whole.Length == 0 ? 0 : int.Parse(whole)) + (fraction.Length == 0 ? 0 : int.Parse(fraction)) / denominator;
            return (float)value;
        }

        private static bool AllDigits(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }
            return true;
        }
    }
}
