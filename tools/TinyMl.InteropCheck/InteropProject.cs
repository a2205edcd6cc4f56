using System.Xml.Linq;

namespace TinyMl.InteropCheck;

/// <summary>
/// Where the interop assembly lives in this repository: its device project (whose Compile items
/// are the sources to check) and the committed native files.
/// </summary>
public sealed class InteropProject
{
    public const string AssemblyName = "TinyMl.Nano.Interop";

    /// <summary>NF_GenerateSkeletonProjectName of the .nfproj: prefix of file and struct names.</summary>
    public const string ProjectName = "TinyMl_Nano_Interop";

    public InteropProject(string repoRoot)
    {
        RepoRoot = Path.GetFullPath(repoRoot);
        NativeDirectory = Path.Combine(RepoRoot, "native-kernels", "nanoframework");
        ProjectFile = Path.Combine(NativeDirectory, "managed", AssemblyName + ".nfproj");
    }

    public string RepoRoot { get; }

    /// <summary>native-kernels/nanoframework: generated header and table, stubs, CMake module.</summary>
    public string NativeDirectory { get; }

    public string ProjectFile { get; }

    public string HeaderFile(string directory) => Path.Combine(directory, ProjectName + ".h");

    public string TableFile(string directory) => Path.Combine(directory, ProjectName + ".cpp");

    /// <summary>The hand-written marshalling code: one file per native class.</summary>
    public string StubsFile(string directory, string className) => Path.Combine(directory, $"{ProjectName}_{className}.cpp");

    /// <summary>Walks up from <paramref name="start"/> to the folder holding TinyMl.Nano.sln.</summary>
    public static InteropProject FindFrom(string start)
    {
        for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyMl.Nano.sln")))
            {
                return new InteropProject(dir.FullName);
            }
        }

        throw new InvalidOperationException($"No TinyMl.Nano.sln above {start}; pass --repo <path>.");
    }

    /// <summary>The C# files the device project compiles (its Compile items), with their text.</summary>
    public IReadOnlyList<(string Path, string Text)> ReadSources()
    {
        if (!File.Exists(ProjectFile))
        {
            throw new InvalidOperationException($"Interop device project not found: {ProjectFile}");
        }

        string projectDir = Path.GetDirectoryName(ProjectFile)!;
        XDocument project = XDocument.Load(ProjectFile);
        var sources = project.Descendants()
            .Where(e => e.Name.LocalName == "Compile")
            .Select(e => (string?)e.Attribute("Include"))
            .Where(include => !string.IsNullOrEmpty(include))
            .Select(include => Path.GetFullPath(Path.Combine(projectDir, include!.Replace('\\', Path.DirectorySeparatorChar))))
            .Select(path => (path, File.ReadAllText(path)))
            .ToList();
        if (sources.Count == 0)
        {
            throw new InvalidOperationException($"{ProjectFile} compiles no C# files.");
        }

        return sources;
    }

    /// <summary>Compiles the device project's sources and reads its table.</summary>
    public InteropTable BuildTable() => BuildTable(ReadSources());

    public static InteropTable BuildTable(IEnumerable<(string Path, string Text)> sources) =>
        InteropTable.FromImage(DeclarationCompiler.Compile(AssemblyName, sources));
}
