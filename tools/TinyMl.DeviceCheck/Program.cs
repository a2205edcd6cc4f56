namespace TinyMl.DeviceCheck;

/// <summary>
/// Command line: TinyMl.DeviceCheck [--repo &lt;root&gt;] [file.cs ...]
/// Without files it checks every C# file the repository's .nfproj projects compile; with files it
/// checks just those (as one compilation). Prints one line per violation (path:line:col: [rule]
/// message); exit 0 when there are none, 1 when there are, 2 on bad arguments.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? repo = null;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repo" when i + 1 < args.Length:
                    repo = args[++i];
                    break;
                case "--help" or "-h":
                    Console.WriteLine("Usage: TinyMl.DeviceCheck [--repo <root>] [file.cs ...]");
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || !File.Exists(args[i]))
                    {
                        Console.Error.WriteLine($"Unknown argument or missing file '{args[i]}'. Try --help.");
                        return 2;
                    }

                    files.Add(args[i]);
                    break;
            }
        }

        IReadOnlyList<Violation> violations;
        if (files.Count > 0)
        {
            violations = SubsetChecker.CheckSources(files.Select(f => new SourceFile(f, File.ReadAllText(f))));
        }
        else
        {
            string? root = repo ?? FindRepoRoot(Directory.GetCurrentDirectory());
            if (root == null)
            {
                Console.Error.WriteLine("No TinyMl.Nano.sln above the current folder; pass --repo <root>.");
                return 2;
            }

            violations = SubsetChecker.CheckRepository(root);
        }

        foreach (Violation violation in violations)
        {
            Console.WriteLine(violation);
        }

        Console.WriteLine(violations.Count == 0
            ? "Device code keeps to the nanoFramework subset."
            : $"{violations.Count} use(s) of something nanoFramework does not have.");
        return violations.Count == 0 ? 0 : 1;
    }

    public static string? FindRepoRoot(string start)
    {
        for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyMl.Nano.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
