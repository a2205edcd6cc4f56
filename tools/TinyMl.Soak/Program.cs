using TinyMl.Soak;

// dotnet run --project tools/TinyMl.Soak -c Release -- --minutes 60 [--imu-minutes N] [--seed 1] [--only kws|imu]
int minutes = 60, imuMinutes = 0, seed = 1;
string only = "";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--minutes" when i + 1 < args.Length && int.TryParse(args[i + 1], out minutes) && minutes >= 2: i++; break;
        case "--imu-minutes" when i + 1 < args.Length && int.TryParse(args[i + 1], out imuMinutes) && imuMinutes >= 2: i++; break;
        case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out seed): i++; break;
        case "--only" when i + 1 < args.Length && (args[i + 1] == "kws" || args[i + 1] == "imu"): only = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: TinyMl.Soak [--minutes N (at least 2, default 60)] [--imu-minutes N (default: --minutes)] [--seed S] [--only kws|imu]");
            return 2;
    }
}
string? shared = SoakOptions.FindShared();
if (shared == null)
{
    Console.Error.WriteLine("soak: ../shared (models and WAVs) not found; set TINYML_SHARED");
    return 2;
}
var options = new SoakOptions { Minutes = minutes, ImuMinutes = imuMinutes, Seed = seed, SharedDir = shared };
var report = new SoakReport();
var clock = System.Diagnostics.Stopwatch.StartNew();
if (only != "imu")
{
    KeywordSoak.Run(options, report);
}
if (only != "kws")
{
    AnomalySoak.Run(options, report);
}
Console.Write(report.ToString());
Console.WriteLine($"wall time {clock.Elapsed.TotalSeconds:F1} s");
return report.Passed ? 0 : 1;
