using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>
    /// Speech and noise the wake-word tests make themselves: espeak-ng speaks English sentences
    /// and words in several voices, variants and speeds; sox converts each utterance to 16 kHz
    /// mono int16; noise (white, pink, brown, mains hum, babble of other utterances) is added
    /// here at several signal-to-noise ratios with a seeded generator. Built once into
    /// build/wakeword-corpus/&lt;hash of the recipe&gt; and reused (the hash covers every text,
    /// voice and parameter below, so changing the recipe rebuilds it).
    /// </summary>
    internal static class WakeWordCorpus
    {
        public const int SampleRate = 16000;

        /// <summary>Everyday English: none of it is the wake word.</summary>
        private static readonly string[] Sentences =
        {
            "The weather tomorrow looks cloudy with a chance of rain in the afternoon.",
            "Could you turn off the lights in the kitchen please?",
            "I think we should leave a little earlier to avoid the traffic.",
            "Okay, let's start the meeting with a quick review of last week.",
            "My favourite book is about a sailor who crosses the ocean alone.",
            "Please remind me to call my mother at six o'clock.",
            "The train to the city centre leaves from platform four.",
            "We need milk, eggs, bread and a bag of apples.",
            "Set a timer for twenty minutes while the pasta cooks.",
            "The children are playing football in the garden.",
            "Have you seen my keys? I left them on the table.",
            "It is surprisingly warm for the middle of November.",
            "Okay, that sounds good to me, see you at noon.",
            "The museum is closed on Mondays and public holidays.",
            "Turn the music down a little, the baby is sleeping.",
            "He fixed the bicycle with a spanner and some wire.",
            "What time does the bakery open on Sunday morning?",
            "Our neighbours bought a new car last week.",
            "Please add olive oil and salt to the shopping list.",
            "The river flooded the fields after the storm.",
            "I would like a cup of tea with lemon, thank you.",
            "Remember to water the plants before you go on holiday.",
            "The library has a large collection of old maps.",
            "Okay everyone, dinner is ready, come and sit down.",
            "Can you tell me how far it is to the nearest station?",
            "The printer in the office is out of paper again.",
            "She plays the violin in the city orchestra.",
            "Lock the front door and close the windows upstairs.",
            "Tomorrow is my brother's birthday, we are baking a cake.",
            "The garage door is open, somebody should close it.",
            "Napoleon was a French emperor in the nineteenth century.",
            "A banana, an orange and two peaches, please.",
            "Nobody knew the answer to the last question.",
            "The news said the bridge will be closed for repairs.",
            "Okay, now play the next song on the list.",
            "I cannot find the remote control for the television.",
            "The cat is sleeping on the sofa in the living room.",
            "Let me know when the washing machine has finished.",
            "Good morning, how did you sleep last night?",
            "The new restaurant on the corner serves great noodles.",
        };

        /// <summary>Single words and short phrases, some near the wake word's sounds.</summary>
        private static readonly string[] Words =
        {
            "hello", "okay", "nobody", "navy", "bamboo", "taboo", "cocoa", "kebab", "nobel", "know",
            "hey", "alright", "maybe", "tomorrow", "window", "garden", "coffee", "music", "stop", "go",
            "yes", "no", "left", "right", "up", "down", "on", "off", "seven", "twelve",
            "a new boat", "okay then", "knock knock", "nice view", "hey there", "oh no",
        };

        /// <summary>The wake word as a person might type it for the synthesizer.</summary>
        private static readonly string[] WakePhrases = { "Okay Nabu", "Okay, Nabu.", "OK Nabu", "okay nabu" };

        private static readonly string[] Voices =
        {
            "en-us", "en-us+f2", "en-us+m3", "en-gb", "en-gb+f4", "en-gb-x-rp+m1", "en-gb-scotland", "en-029+f3", "en-gb-x-gbclan+m7",
        };

        private static readonly int[] Speeds = { 140, 165, 190 };

        /// <summary>Whether espeak-ng and sox are installed (tests are inconclusive without them).</summary>
        public static void RequireTools()
        {
            foreach (string tool in new[] { "espeak-ng", "sox" })
            {
                if (!OnPath(tool))
                {
                    Assert.Inconclusive(tool + " not found: apt-get install espeak-ng sox (.ci/run installs them)");
                }
            }
        }

        /// <summary>At least minSeconds of other speech and noise, 16 kHz int16 (cached).</summary>
        public static short[] Negatives(int minSeconds)
        {
            RequireTools();
            string dir = CacheDir();
            string path = Path.Combine(dir, "negatives_" + minSeconds + "s.raw");
            if (File.Exists(path))
            {
                return ReadRaw(path);
            }
            var rng = new Random(1234);
            var utterances = new List<short[]>();
            for (int v = 0; v < Voices.Length; v++)
            {
                // Each sentence and word once per voice, the speed rotating.
                for (int i = 0; i < Sentences.Length; i++)
                {
                    utterances.Add(Speak(dir, Voices[v], Speeds[(i + v) % Speeds.Length], Sentences[i]));
                }
                for (int i = 0; i < Words.Length; i++)
                {
                    utterances.Add(Speak(dir, Voices[v], Speeds[(i + 2 * v) % Speeds.Length], Words[i]));
                }
            }
            // Interleave voices so that any stretch of the stream has several of them.
            var shuffled = new List<short[]>(utterances);
            for (int i = shuffled.Count - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            utterances = shuffled;
            var stream = new List<short>();
            int target = minSeconds * SampleRate;
            int index = 0;
            while (stream.Count < target)
            {
                // A stretch of pure noise now and then; otherwise speech, gaps of 0.2..1.5 s.
                if (index % 25 == 24)
                {
                    AppendNoise(stream, rng, 3 * SampleRate, rng.Next(2000, 12000));
                }
                short[] u = utterances[index % utterances.Count];
                double gain = 0.15 + 0.8 * rng.NextDouble();
                int gap = rng.Next(SampleRate / 5, SampleRate * 3 / 2);
                AppendMixed(stream, rng, u, gain, gap, NoiseDb(rng), utterances);
                index++;
            }
            short[] result = stream.ToArray();
            WriteRaw(path, result);
            return result;
        }

        /// <summary>The synthesized wake word: one clip per voice, speed and spelling, with 1 s of context each side.</summary>
        public static List<short[]> Positives()
        {
            RequireTools();
            string dir = CacheDir();
            var rng = new Random(99);
            var clips = new List<short[]>();
            foreach (string voice in Voices)
            {
                foreach (int speed in Speeds)
                {
                    string phrase = WakePhrases[clips.Count % WakePhrases.Length];
                    short[] u = Speak(dir, voice, speed, phrase);
                    var stream = new List<short>();
                    AppendNoise(stream, rng, SampleRate, 300);
                    AppendMixed(stream, rng, u, 0.3 + 0.6 * rng.NextDouble(), SampleRate, clips.Count % 3 == 0 ? 99 : 20, null);
                    clips.Add(stream.ToArray());
                }
            }
            return clips;
        }

        public static int PositiveCount { get { return Voices.Length * Speeds.Length; } }

        public static string Recipe()
        {
            return "v1|" + string.Join("|", Sentences) + "|" + string.Join("|", Words) + "|" + string.Join("|", WakePhrases) + "|" +
                   string.Join("|", Voices) + "|" + string.Join(",", Speeds);
        }

        // Signal-to-noise ratio in dB for the next utterance; 99 = clean.
        private static int NoiseDb(Random rng)
        {
            int[] choices = { 99, 99, 30, 20, 15, 10, 5 };
            return choices[rng.Next(choices.Length)];
        }

        private static void AppendMixed(List<short> stream, Random rng, short[] speech, double gain, int gapSamples, int snrDb, List<short[]> babble)
        {
            double peak = 1;
            foreach (short s in speech)
            {
                peak = Math.Max(peak, Math.Abs((int)s));
            }
            double scale = gain * 32767.0 / peak;
            double rms = 0;
            foreach (short s in speech)
            {
                rms += (s * scale) * (s * scale);
            }
            rms = Math.Sqrt(rms / Math.Max(1, speech.Length));
            double noiseRms = snrDb >= 99 ? 30.0 : rms / Math.Pow(10.0, snrDb / 20.0);
            int kind = rng.Next(5);
            var noise = new NoiseSource(rng, kind, noiseRms, babble);
            for (int i = 0; i < speech.Length + gapSamples; i++)
            {
                double v = (i < speech.Length ? speech[i] * scale : 0.0) + noise.Next();
                stream.Add(Clip(v));
            }
        }

        private static void AppendNoise(List<short> stream, Random rng, int samples, double noiseRms)
        {
            var noise = new NoiseSource(rng, rng.Next(4), noiseRms, null);
            for (int i = 0; i < samples; i++)
            {
                stream.Add(Clip(noise.Next()));
            }
        }

        private static short Clip(double v)
        {
            return (short)Math.Max(-32768, Math.Min(32767, Math.Round(v)));
        }

        /// <summary>White, pink (three-pole approximation), brown, mains hum with harmonics, or babble.</summary>
        private sealed class NoiseSource
        {
            private readonly Random _rng;
            private readonly int _kind;
            private readonly double _rms;
            private readonly short[] _babble;
            private double _b0, _b1, _b2, _brown;
            private long _t;

            public NoiseSource(Random rng, int kind, double rms, List<short[]> babble)
            {
                _rng = rng;
                _kind = kind == 4 && (babble == null || babble.Count == 0) ? 0 : kind;
                _rms = rms;
                _babble = _kind == 4 ? babble[rng.Next(babble.Count)] : null;
                _t = rng.Next(100000);
            }

            public double Next()
            {
                _t++;
                double white = Gaussian();
                switch (_kind)
                {
                    case 1:
                        _b0 = 0.99765 * _b0 + white * 0.0990460;
                        _b1 = 0.96300 * _b1 + white * 0.2965164;
                        _b2 = 0.57000 * _b2 + white * 1.0526913;
                        return (_b0 + _b1 + _b2 + white * 0.1848) * 0.25 * _rms;
                    case 2:
                        _brown = 0.995 * _brown + 0.1 * white;
                        return _brown * _rms;
                    case 3:
                        double phase = 2 * Math.PI * 50.0 * _t / SampleRate;
                        return (Math.Sin(phase) + 0.5 * Math.Sin(3 * phase) + 0.25 * Math.Sin(5 * phase)) * _rms + 0.1 * white * _rms;
                    case 4:
                        return _babble[_t % _babble.Length] * (_rms / 3000.0);
                    default:
                        return white * _rms;
                }
            }

            private double Gaussian()
            {
                double u1 = 1.0 - _rng.NextDouble();
                double u2 = _rng.NextDouble();
                return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }

        private static short[] Speak(string dir, string voice, int speed, string text)
        {
            string key = Hash(voice + "|" + speed + "|" + text).Substring(0, 16);
            string raw = Path.Combine(dir, "utt_" + key + ".raw");
            if (!File.Exists(raw))
            {
                string wav = Path.Combine(dir, "utt_" + key + ".wav");
                Run("espeak-ng", "-v", voice, "-s", speed.ToString(), "-w", wav, text);
                Run("sox", wav, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw);
                File.Delete(wav);
            }
            return ReadRaw(raw);
        }

        private static void Run(string tool, params string[] args)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }
            using Process p = Process.Start(start);
            string error = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException(tool + " " + string.Join(" ", args) + " failed: " + error);
            }
        }

        private static string CacheDir()
        {
            string root = SharedData.RepoRoot() ?? Path.GetTempPath();
            string dir = Path.Combine(root, "build", "wakeword-corpus", Hash(Recipe()).Substring(0, 12));
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static string Hash(string text)
        {
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        }

        private static bool OnPath(string tool)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
                {
                    return true;
                }
            }
            return false;
        }

        public static short[] ReadRaw(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            return samples;
        }

        private static void WriteRaw(string path, short[] samples)
        {
            var bytes = new byte[samples.Length * 2];
            Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(path + ".tmp", bytes);
            File.Move(path + ".tmp", path, true);
        }
    }
}
