using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using TinyMl.Compiler;
using TinyMl.Nano;
using TfliteFormatException = TinyMl.Tflite.TfliteFormatException;

namespace TinyMl.Fuzz
{
    /// <summary>
    /// Seeded, structure-aware mutation fuzzing of the .tflite reader, the model compiler
    /// and the runtime (Model, Interpreter.Invoke). Every mutant must end in a typed error
    /// (TfliteFormatException, ModelCompileException other than "internal compiler error",
    /// TinyMlException) or run; anything else is a finding, saved with its input.
    ///   dotnet run --project tools/TinyMl.Fuzz -c Release -- --seconds 600
    ///   options: --seconds N | --iterations N, --seed N, --models DIR, --findings DIR
    /// Prints one line "tflite_compiler: N executions, N findings" and exits 1 on findings.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            double seconds = 60;
            long iterations = long.MaxValue;
            int seed = 1;
            string? models = null;
            string findings = Path.Combine("build", "fuzz", "findings-tflite");
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(a + " needs a value");
                try
                {
                    switch (a)
                    {
                        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); iterations = long.MaxValue; break;
                        case "--iterations": iterations = long.Parse(Next(), CultureInfo.InvariantCulture); seconds = double.MaxValue; break;
                        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--models": models = Next(); break;
                        case "--findings": findings = Next(); break;
                        default: Console.Error.WriteLine("tinyml-fuzz: unknown argument " + a); return 2;
                    }
                }
                catch (Exception e) when (e is FormatException || e is OverflowException || e is ArgumentException)
                {
                    Console.Error.WriteLine("tinyml-fuzz: " + a + ": " + e.Message);
                    return 2;
                }
            }
            models ??= FindSharedModels();
            if (models == null || !Directory.Exists(models))
            {
                Console.WriteLine("tflite_compiler: skipped (no ../shared/models; set TINYML_SHARED or --models)");
                return 0;
            }
            var seeds = LoadSeeds(models);
            if (seeds.Count == 0)
            {
                Console.Error.WriteLine("tinyml-fuzz: no .tflite seed in " + models);
                return 2;
            }
            var run = new FuzzRun(seeds, seed, findings);
            return run.Run(iterations, TimeSpan.FromSeconds(Math.Min(seconds, 1e7)));
        }

        private static string? FindSharedModels()
        {
            string? env = Environment.GetEnvironmentVariable("TINYML_SHARED");
            if (!string.IsNullOrEmpty(env)) return Path.Combine(env, "models");
            for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
            {
                string candidate = Path.Combine(dir, "..", "shared", "models");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir, "TinyMl.Nano.sln"))) return candidate;
            }
            string cwd = Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "models");
            return Directory.Exists(cwd) ? cwd : null;
        }

        /// <summary>The int8 models under 1 MB, smaller ones repeated so they are picked more often.</summary>
        private static List<(string Name, byte[] Bytes, List<Site> Sites)> LoadSeeds(string dir)
        {
            var seeds = new List<(string, byte[], List<Site>)>();
            foreach (string path in Directory.GetFiles(dir, "*.tflite"))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (name.Contains("float", StringComparison.Ordinal)) continue;
                byte[] bytes = File.ReadAllBytes(path);
                if (bytes.Length > 1 << 20) continue;
                var sites = TfliteSites.Find(bytes);
                int weight = bytes.Length < 64 * 1024 ? 4 : bytes.Length < 160 * 1024 ? 2 : 1;
                for (int w = 0; w < weight; w++) seeds.Add((name, bytes, sites));
            }
            seeds.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            return seeds;
        }
    }

    internal sealed class FuzzRun
    {
        private readonly List<(string Name, byte[] Bytes, List<Site> Sites)> _seeds;
        private readonly Mutator _mutator;
        private readonly Random _rng;
        private readonly string _findings;
        private readonly Dictionary<string, long> _outcomes = new Dictionary<string, long>();
        private int _found;

        public FuzzRun(List<(string, byte[], List<Site>)> seeds, int seed, string findings)
        {
            _seeds = seeds;
            _mutator = new Mutator(seed);
            _rng = new Random(seed ^ 0x5EED);
            _findings = findings;
        }

        public int Run(long iterations, TimeSpan budget)
        {
            var watch = Stopwatch.StartNew();
            long n = 0;
            TimeSpan nextReport = TimeSpan.FromSeconds(30);
            while (n < iterations && watch.Elapsed < budget)
            {
                var (name, bytes, sites) = _seeds[_rng.Next(_seeds.Count)];
                byte[] other = _seeds[_rng.Next(_seeds.Count)].Bytes;
                byte[] mutant = _mutator.Mutate(bytes, sites, other);
                var one = Stopwatch.StartNew();
                string outcome = RunOne(mutant, name);
                if (one.Elapsed > TimeSpan.FromSeconds(5)) Save(mutant, name, "slow: " + one.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s (" + outcome + ")");
                _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
                n++;
                if (watch.Elapsed > nextReport)
                {
                    Console.WriteLine("  ... " + n.ToString("N0", CultureInfo.InvariantCulture) + " executions, " + _found + " findings");
                    nextReport += TimeSpan.FromSeconds(30);
                }
            }
            double rate = n / Math.Max(watch.Elapsed.TotalSeconds, 1e-3);
            var parts = new List<string>();
            foreach (var kv in _outcomes) parts.Add(kv.Key + " " + kv.Value.ToString("N0", CultureInfo.InvariantCulture));
            parts.Sort(StringComparer.Ordinal);
            Console.WriteLine("  outcomes: " + string.Join(", ", parts));
            Console.WriteLine("tflite_compiler: " + n.ToString(CultureInfo.InvariantCulture) + " executions (" +
                              rate.ToString("F0", CultureInfo.InvariantCulture) + "/s), " + _found + " findings" +
                              (_found > 0 ? " saved in " + _findings : ""));
            return _found == 0 ? 0 : 1;
        }

        /// <summary>Read, compile, load and run one mutant; returns the outcome's name.</summary>
        private string RunOne(byte[] mutant, string seedName)
        {
            CompiledModel compiled;
            try
            {
                compiled = ModelCompiler.Compile(mutant);
            }
            catch (TfliteFormatException)
            {
                return "format error";
            }
            catch (ModelCompileException e)
            {
                if (e.Message.StartsWith("internal compiler error", StringComparison.Ordinal))
                {
                    Save(mutant, seedName, e.ToString());
                    return "FINDING";
                }
                return "compile error";
            }
            catch (Exception e)
            {
                Save(mutant, seedName, e.ToString());
                return "FINDING";
            }
            try
            {
                var model = new Model(compiled.Blob);
                var interpreter = new Interpreter(model);
                Tensor first = interpreter.Input;
                if (first.Type == TensorType.Int8)
                {
                    sbyte[] input = new sbyte[first.ElementCount];
                    for (int i = 0; i < input.Length; i++) input[i] = (sbyte)_rng.Next(256);
                    first.CopyFrom(input, 0, input.Length);
                }
                interpreter.Invoke();
                return "compiled and ran";
            }
            catch (TinyMlException e)
            {
                // The compiler wrote a blob the runtime refuses: a disagreement worth keeping.
                Save(mutant, seedName, "runtime refused a compiled blob: " + e.GetType().Name + ": " + e.Message);
                return "FINDING";
            }
            catch (Exception e)
            {
                Save(mutant, seedName, e.ToString());
                return "FINDING";
            }
        }

        private void Save(byte[] mutant, string seedName, string what)
        {
            _found++;
            Directory.CreateDirectory(_findings);
            string hash = Convert.ToHexString(SHA1.HashData(mutant)).Substring(0, 16).ToLowerInvariant();
            string stem = Path.Combine(_findings, seedName + "-" + hash);
            File.WriteAllBytes(stem + ".tflite", mutant);
            File.WriteAllText(stem + ".txt", what + Environment.NewLine);
            Console.WriteLine("  finding: " + stem + ".tflite: " + what.Split('\n')[0]);
        }
    }
}
