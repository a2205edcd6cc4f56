namespace TinyMl.InteropCheck;

/// <summary>
/// Command line: checks (default) or rewrites the committed native side of the interop assembly.
///   TinyMl.InteropCheck [--repo &lt;root&gt;] [--assembly &lt;TinyMl.Nano.Interop.dll&gt;] [--write [&lt;dir&gt;]]
/// --assembly reads a device build of the assembly instead of compiling the declarations here.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            string? repo = null;
            string? assembly = null;
            string? writeTo = null;
            bool write = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--repo" when i + 1 < args.Length:
                        repo = args[++i];
                        break;
                    case "--assembly" when i + 1 < args.Length:
                        assembly = args[++i];
                        break;
                    case "--write":
                        write = true;
                        if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        {
                            writeTo = args[++i];
                        }

                        break;
                    case "--help":
                    case "-h":
                        Console.WriteLine("Usage: TinyMl.InteropCheck [--repo <root>] [--assembly <TinyMl.Nano.Interop.dll>] [--write [<dir>]]");
                        return 0;
                    default:
                        Console.Error.WriteLine($"Unknown argument '{args[i]}'. Try --help.");
                        return 2;
                }
            }

            InteropProject project = repo != null ? new InteropProject(repo) : InteropProject.FindFrom(Directory.GetCurrentDirectory());
            InteropTable table = assembly != null ? InteropTable.FromFile(assembly) : project.BuildTable();
            Console.WriteLine(
                $"{table.AssemblyName} {table.NativeVersion}: native checksum 0x{table.Checksum:X8}, " +
                $"{table.Entries.Count} methods, {table.NativeMethods.Count()} native.");

            if (write)
            {
                string directory = writeTo != null ? Path.GetFullPath(writeTo) : project.NativeDirectory;
                NativeFiles.Write(table, project, directory);
                Console.WriteLine($"Wrote {Path.GetFileName(project.HeaderFile(directory))} and {Path.GetFileName(project.TableFile(directory))} in {directory}.");
                foreach (string problem in NativeFiles.Verify(table, project, directory))
                {
                    Console.WriteLine("Still to do: " + problem);
                }

                return 0;
            }

            IReadOnlyList<string> problems = NativeFiles.Verify(table, project, project.NativeDirectory);
            foreach (string problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.WriteLine(problems.Count == 0 ? "Interop table and checksum match." : $"{problems.Count} problem(s).");
            return problems.Count == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException or BadImageFormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
