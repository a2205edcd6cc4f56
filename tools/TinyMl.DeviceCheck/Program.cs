namespace TinyMl.DeviceCheck;

/// <summary>
/// Command line: TinyMl.DeviceCheck [--repo &lt;root&gt;] [--corlib | --write-test-count] [file.cs ...]
/// Without files it checks every C# file the repository's .nfproj projects compile; with files it
/// checks just those (as one compilation). Prints one line per violation (path:line:col: [rule]
/// message); exit 0 when there are none, 1 when there are, 2 on bad arguments.
/// --corlib compiles the device projects against the real nanoFramework mscorlib instead
/// (<see cref="CorlibCompiler"/>) and checks the recorded device test count; --write-test-count
/// compiles NFUnitTest the same way and records its test count (<see cref="DeviceTests"/>).
/// --emit &lt;dir&gt; (with --corlib) also writes each project's assembly there as
/// &lt;AssemblyName&gt;.dll, the input nanoFramework's metadata processor turns into a .pe.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? repo = null;
        string mode = "subset";
        string? emit = null;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repo" when i + 1 < args.Length:
                    repo = args[++i];
                    break;
                case "--corlib":
                    mode = "corlib";
                    break;
                case "--emit" when i + 1 < args.Length:
                    emit = args[++i];
                    break;
                case "--write-test-count":
                    mode = "write-test-count";
                    break;
                case "--help" or "-h":
                    Console.WriteLine("Usage: TinyMl.DeviceCheck [--repo <root>] [--corlib [--emit <dir>] | --write-test-count] [file.cs ...]");
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

        if (mode != "subset")
        {
            string? root = repo ?? FindRepoRoot(Directory.GetCurrentDirectory());
            if (root == null || files.Count > 0 || (emit != null && mode != "corlib"))
            {
                Console.Error.WriteLine(root == null ? "No TinyMl.Nano.sln above the current folder; pass --repo <root>."
                    : files.Count > 0 ? "--corlib and --write-test-count take no files." : "--emit goes with --corlib.");
                return 2;
            }

            return mode == "corlib" ? RunCorlib(root, emit) : WriteTestCount(root);
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

    private static int RunCorlib(string root, string? emit)
    {
        string? mscorlib = CorlibCompiler.FindMscorlib();
        if (mscorlib == null)
        {
            Console.WriteLine($"nanoFramework mscorlib {CorlibCompiler.CorlibVersion} not found (restore tools/TinyMl.DeviceCheck or set TINYML_NANO_MSCORLIB).");
            return 1;
        }

        IReadOnlyList<CorlibProjectResult> results = CorlibCompiler.CompileRepository(root, mscorlib);
        int errors = 0;
        foreach (CorlibProjectResult result in results)
        {
            Console.WriteLine($"{result.Project!.AssemblyName}: {result.Compiled.Count} files compiled against nanoFramework mscorlib {CorlibCompiler.CorlibVersion} (C# 10, NANOFRAMEWORK_1_0), "
                + $"{result.Errors.Count} error(s), {result.Excluded.Count} left to the subset check"
                + (result.Image != null ? $", {CorlibCompiler.ConstantDataBytes(result.Image)} bytes of initialized data" : ""));
            foreach ((string file, string reason) in result.Excluded)
            {
                Console.WriteLine($"   excluded {Path.GetRelativePath(root, file).Replace('\\', '/')}: {reason}");
            }

            foreach (Violation error in result.Errors)
            {
                Console.WriteLine(error);
            }

            errors += result.Errors.Count;
        }

        if (emit != null)
        {
            foreach (string path in CorlibCompiler.WriteAssemblies(results, emit))
            {
                Console.WriteLine($"Wrote {path}");
            }
        }

        CorlibProjectResult? tests = results.FirstOrDefault(r => r.Project!.AssemblyName == DeviceTests.AssemblyName);
        bool countOk = false;
        if (tests != null)
        {
            int count = DeviceTests.TestMethods(tests).Count;
            int? expected = DeviceTests.ReadExpectedCount(root);
            countOk = expected == count;
            Console.WriteLine(countOk
                ? $"Device tests: {count}. A complete device run prints {count} \"Test passed,\" lines and no \"Test failed,\" or \"Test skipped,\" line."
                : $"Device tests: NFUnitTest compiles {count} test methods but {DeviceTests.ExpectedCountFile} says {expected?.ToString() ?? "nothing"}. "
                  + $"If that change is intended, regenerate it: {DeviceTests.RegenerateCommand}");
        }
        else
        {
            Console.WriteLine("Device tests: no NFUnitTest project found.");
        }

        Console.WriteLine(errors == 0
            ? "All device projects compile against the real nanoFramework mscorlib."
            : $"{errors} error(s) compiling device code against the real nanoFramework mscorlib.");
        return errors == 0 && countOk ? 0 : 1;
    }

    private static int WriteTestCount(string root)
    {
        string? mscorlib = CorlibCompiler.FindMscorlib();
        CorlibProjectResult? tests = mscorlib == null ? null
            : CorlibCompiler.CompileRepository(root, mscorlib).FirstOrDefault(r => r.Project!.AssemblyName == DeviceTests.AssemblyName);
        if (tests == null)
        {
            Console.Error.WriteLine(mscorlib == null ? "nanoFramework mscorlib not found." : "No NFUnitTest project found.");
            return 1;
        }

        int count = DeviceTests.TestMethods(tests).Count;
        DeviceTests.WriteExpectedCount(root, count);
        Console.WriteLine($"{DeviceTests.ExpectedCountFile}: {count} device tests.");
        if (tests.Errors.Count > 0)
        {
            Console.WriteLine($"Warning: NFUnitTest has {tests.Errors.Count} compile error(s) against the real mscorlib; run --corlib.");
        }

        return 0;
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
