using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TinyMl.DeviceCheck;

/// <summary>
/// What a nanoFramework project file (.nfproj, old-style MSBuild) tells us: the C# files it
/// compiles (Compile items with their wildcards and excludes, and those of imported shared
/// .projitems), its preprocessor symbols, language version and project references. Only the
/// MSBuild subset the device projects use is understood; anything else in an Include is taken
/// literally, so a file that does not exist is reported rather than silently skipped.
/// </summary>
public sealed class NfProject
{
    private NfProject(string path)
    {
        ProjectFile = Path.GetFullPath(path);
        Directory = Path.GetDirectoryName(ProjectFile)!;
    }

    public string ProjectFile { get; }

    public string Directory { get; }

    public string AssemblyName { get; private set; } = "";

    /// <summary>LangVersion as written ("default", "10", "latest"), or empty.</summary>
    public string LangVersion { get; private set; } = "";

    /// <summary>DefineConstants without $(DefineConstants); the project system adds NANOFRAMEWORK_1_0.</summary>
    public IReadOnlyList<string> DefineConstants { get; private set; } = Array.Empty<string>();

    public bool AllowUnsafeBlocks { get; private set; }

    /// <summary>Full paths of the C# files compiled, in item order, without duplicates.</summary>
    public IReadOnlyList<string> SourceFiles { get; private set; } = Array.Empty<string>();

    /// <summary>Compile items naming a file that does not exist (full paths).</summary>
    public IReadOnlyList<string> MissingFiles { get; private set; } = Array.Empty<string>();

    /// <summary>Assembly names of the Reference items (mscorlib, System.Math, nanoFramework.System.Text ...).</summary>
    public IReadOnlySet<string> References { get; private set; } = new HashSet<string>();

    /// <summary>Full paths of referenced projects.</summary>
    public IReadOnlyList<string> ProjectReferences { get; private set; } = Array.Empty<string>();

    public static NfProject Load(string path)
    {
        var project = new NfProject(path);
        XDocument doc = XDocument.Load(project.ProjectFile);
        project.AssemblyName = Property(doc, "AssemblyName") ?? Path.GetFileNameWithoutExtension(path);
        project.LangVersion = Property(doc, "LangVersion") ?? "";
        project.AllowUnsafeBlocks = string.Equals(Property(doc, "AllowUnsafeBlocks"), "true", StringComparison.OrdinalIgnoreCase);
        project.DefineConstants = (Property(doc, "DefineConstants") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => !s.StartsWith("$(", StringComparison.Ordinal))
            .ToArray();

        var sources = new List<string>();
        var missing = new List<string>();
        project.AddCompileItems(doc, project.Directory, sources, missing);
        foreach (XElement import in doc.Descendants().Where(e => e.Name.LocalName == "Import"))
        {
            string? target = (string?)import.Attribute("Project");
            if (target != null && target.EndsWith(".projitems", StringComparison.OrdinalIgnoreCase))
            {
                string itemsFile = Path.GetFullPath(Path.Combine(project.Directory, Normalize(target)));
                if (File.Exists(itemsFile))
                {
                    project.AddCompileItems(XDocument.Load(itemsFile), Path.GetDirectoryName(itemsFile)!, sources, missing);
                }
                else
                {
                    missing.Add(itemsFile);
                }
            }
        }

        project.SourceFiles = sources.Distinct(StringComparer.Ordinal).ToArray();
        project.MissingFiles = missing;
        project.References = doc.Descendants()
            .Where(e => e.Name.LocalName == "Reference")
            .Select(e => ((string?)e.Attribute("Include") ?? "").Split(',')[0].Trim())
            .Where(s => s.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        project.ProjectReferences = doc.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => Path.GetFullPath(Path.Combine(project.Directory, Normalize(s!))))
            .ToArray();
        return project;
    }

    /// <summary>Every .nfproj under <paramref name="root"/> (bin, obj and dot folders skipped), sorted.</summary>
    public static IReadOnlyList<NfProject> FindAll(string root) =>
        EnumerateFiles(Path.GetFullPath(root), "*.nfproj")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(Load)
            .ToArray();

    private void AddCompileItems(XDocument doc, string thisFileDirectory, List<string> sources, List<string> missing)
    {
        foreach (XElement item in doc.Descendants().Where(e => e.Name.LocalName == "Compile"))
        {
            string include = Expand((string?)item.Attribute("Include") ?? "", thisFileDirectory);
            string exclude = Expand((string?)item.Attribute("Exclude") ?? "", thisFileDirectory);
            Regex[] excludes = exclude.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(pattern => GlobRegex(Path.GetFullPath(Path.Combine(Directory, Normalize(pattern)))))
                .ToArray();
            foreach (string pattern in include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string full = Path.GetFullPath(Path.Combine(Directory, Normalize(pattern)));
                if (full.IndexOfAny(new[] { '*', '?' }) < 0)
                {
                    if (!excludes.Any(r => r.IsMatch(full)))
                    {
                        (File.Exists(full) ? sources : missing).Add(full);
                    }

                    continue;
                }

                Regex match = GlobRegex(full);
                string baseDirectory = WildcardFreePrefix(full);
                if (!System.IO.Directory.Exists(baseDirectory))
                {
                    continue;
                }

                sources.AddRange(EnumerateFiles(baseDirectory, "*")
                    .Where(f => match.IsMatch(f) && !excludes.Any(r => r.IsMatch(f)))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
        }
    }

    private string Expand(string value, string thisFileDirectory) => value
        .Replace("$(MSBuildThisFileDirectory)", thisFileDirectory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
        .Replace("$(MSBuildProjectDirectory)", Directory, StringComparison.OrdinalIgnoreCase);

    private static string? Property(XDocument doc, string name) =>
        doc.Descendants().Where(e => e.Name.LocalName == name).Select(e => e.Value.Trim()).LastOrDefault(v => v.Length > 0);

    private static string Normalize(string path) => path.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);

    private static string WildcardFreePrefix(string fullPattern)
    {
        int wildcard = fullPattern.IndexOfAny(new[] { '*', '?' });
        int separator = fullPattern.LastIndexOf(Path.DirectorySeparatorChar, wildcard);
        return fullPattern.Substring(0, Math.Max(separator, 1));
    }

    /// <summary>MSBuild wildcards: ** any number of folders, * and ? within one name; case-insensitive like Windows.</summary>
    internal static Regex GlobRegex(string fullPattern)
    {
        string sep = Regex.Escape(Path.DirectorySeparatorChar.ToString());
        var text = new System.Text.StringBuilder("^");
        for (int i = 0; i < fullPattern.Length; i++)
        {
            char c = fullPattern[i];
            if (c == '*' && i + 1 < fullPattern.Length && fullPattern[i + 1] == '*')
            {
                bool folderWise = i + 2 < fullPattern.Length && fullPattern[i + 2] == Path.DirectorySeparatorChar;
                text.Append(folderWise ? $"(?:.*{sep})?" : ".*");
                i += folderWise ? 2 : 1;
            }
            else if (c == '*')
            {
                text.Append($"[^{sep}]*");
            }
            else if (c == '?')
            {
                text.Append($"[^{sep}]");
            }
            else
            {
                text.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(text.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static IEnumerable<string> EnumerateFiles(string directory, string pattern)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            foreach (string file in System.IO.Directory.EnumerateFiles(current, pattern))
            {
                yield return file;
            }

            foreach (string sub in System.IO.Directory.EnumerateDirectories(current))
            {
                string name = Path.GetFileName(sub);
                if (name.StartsWith('.') || name.Equals("bin", StringComparison.OrdinalIgnoreCase) || name.Equals("obj", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                pending.Push(sub);
            }
        }
    }
}
