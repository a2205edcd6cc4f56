namespace TinyMl.Soak
{
    /// <summary>What a soak run is given.</summary>
    public sealed class SoakOptions
    {
        /// <summary>Simulated minutes per loop (each loop is also replayed without faults).</summary>
        public int Minutes { get; init; } = 60;

        /// <summary>Simulated minutes of the IMU loop (it runs about 1000 times faster than the
        /// keyword loop); 0 means the same as <see cref="Minutes"/>.</summary>
        public int ImuMinutes { get; init; }

        /// <summary>Seeds the audio slots, the vibration and the fault schedules.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>The reference data (../shared: models/, audio/).</summary>
        public string SharedDir { get; init; } = "";

        /// <summary>The ../shared of the repository above the working directory (or $TINYML_SHARED); null if absent.</summary>
        public static string? FindShared()
        {
            string? env = Environment.GetEnvironmentVariable("TINYML_SHARED");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
            {
                return env;
            }
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared");
                if (File.Exists(Path.Combine(dir.FullName, "TinyMl.Nano.sln")) && Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
            return null;
        }
    }

    /// <summary>Checks (pass/fail with a sentence) and figures of a soak run.</summary>
    public sealed class SoakReport
    {
        public List<(string Loop, string Name, bool Passed, string Detail)> Checks { get; } = new();
        public List<(string Loop, string Name, string Value)> Figures { get; } = new();

        public void Check(string loop, string name, bool passed, string detail) => Checks.Add((loop, name, passed, detail));
        public void Figure(string loop, string name, string value) => Figures.Add((loop, name, value));

        public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

        public override string ToString()
        {
            var text = new System.Text.StringBuilder();
            foreach (var f in Figures)
            {
                text.AppendLine($"{f.Loop}: {f.Name}: {f.Value}");
            }
            foreach (var c in Checks)
            {
                text.AppendLine($"{(c.Passed ? "PASS" : "FAIL")} {c.Loop}: {c.Name}" + (c.Detail.Length > 0 ? $" ({c.Detail})" : ""));
            }
            text.AppendLine($"{Checks.Count(c => c.Passed)} passed, {Checks.Count(c => !c.Passed)} failed");
            return text.ToString();
        }
    }
}
