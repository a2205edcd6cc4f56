using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TinyMl.DeviceCheck;

/// <summary>One device project compiled against the real nanoFramework mscorlib.</summary>
public sealed class CorlibProjectResult
{
    /// <summary>Null for loose sources.</summary>
    public NfProject? Project { get; init; }

    /// <summary>Files compiled (full paths).</summary>
    public required IReadOnlyList<string> Compiled { get; init; }

    /// <summary>Files left to the subset check because they need a package the registry does not serve (full path, reason).</summary>
    public required IReadOnlyList<(string File, string Reason)> Excluded { get; init; }

    /// <summary>Errors and the compiler-generated-type findings, as violations (rule "corlib").</summary>
    public required IReadOnlyList<Violation> Errors { get; init; }

    /// <summary>The emitted assembly when there were no errors.</summary>
    public byte[]? Image { get; init; }

    public required CSharpCompilation Compilation { get; init; }
}

/// <summary>
/// Compiles the device projects' sources the way nanoFramework's own build does, against the
/// real nanoFramework mscorlib (package nanoFramework.CoreLibrary 1.17.11, copied beside this tool)
/// and nothing else of .NET: no standard library, NANOFRAMEWORK_1_0 defined, C# 10. Packages the
/// registry does not serve are handled two ways: files that need the hardware and file-system
/// packages (Gpio, I2c, I2s, Esp32, Runtime.Events, System.IO: every Device/ adapter and any file
/// with such a using) are left to <see cref="SubsetChecker"/>, and reported as excluded; the pure
/// managed packages the library and tests use (System.Math, System.Text, TestFramework) are
/// replaced by compile-only declarations of their surface (CompileOnly/*.cs). Any compiler error
/// is a failure, and so are initialized data above <see cref="ConstantDataLimit"/> and a type the compiler had to synthesize (EmbeddedAttribute,
/// RefSafetyRulesAttribute, NullableAttribute ...): nanoFramework's metadata processor drops
/// those, which silently shifts attributes and lookup rows on the device (issue 11).
/// </summary>
public static class CorlibCompiler
{
    public const string Rule = "corlib";
    public const string CorlibVersion = "1.17.11";
    public static readonly LanguageVersion Language = LanguageVersion.CSharp10;

    /// <summary>Most initialized data (array initializers) one device assembly may carry. nanoFramework
    /// limits an assembly's constant data to about 64 KB, and an initialized array is copied into the
    /// managed heap anyway: models ship in the firmware flash table or as files, never as C# arrays.
    /// This budget is well below the platform limit and below the smallest model blob (17 KB).</summary>
    public const int ConstantDataLimit = 16 * 1024;

    /// <summary>Namespaces of packages the registry does not serve and that have no compile-only declaration.</summary>
    private static readonly string[] UnservedNamespaces =
    {
        "System.Device", "nanoFramework.Hardware", "nanoFramework.Runtime", "System.IO",
    };

    /// <summary>Compile-only declarations: assembly name as referenced by a .nfproj to embedded source.</summary>
    private static readonly IReadOnlyDictionary<string, string> CompileOnlyPackages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Math"] = "CompileOnly/System.Math.cs",
        ["nanoFramework.System.Text"] = "CompileOnly/nanoFramework.System.Text.cs",
        ["nanoFramework.TestFramework"] = "CompileOnly/nanoFramework.TestFramework.cs",
    };

    /// <summary>The nanoFramework mscorlib.dll: beside this tool (the build copies it), else
    /// $TINYML_NANO_MSCORLIB, else the NuGet cache. Null when none exists.</summary>
    public static string? FindMscorlib()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "nanoFramework", "mscorlib.dll") };
        if (Environment.GetEnvironmentVariable("TINYML_NANO_MSCORLIB") is { Length: > 0 } env)
        {
            candidates.Insert(0, env);
        }

        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(packages, "nanoframework.corelibrary", CorlibVersion, "lib", "mscorlib.dll"));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Why a device file cannot be compiled against mscorlib alone, or null when it can.</summary>
    public static string? NeedsUnservedPackage(string path, string text)
    {
        if (new SourceFile(path, text).IsDeviceAdapter)
        {
            return "device adapter (Device/ folder: Gpio, I2c, I2s, Esp32, IO packages)";
        }

        // Using directives the device compiles (code under #if !NANOFRAMEWORK_1_0 does not count).
        SyntaxNode root = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(Language, preprocessorSymbols: new[] { SubsetChecker.DeviceSymbol })).GetRoot();
        foreach (UsingDirectiveSyntax directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
        {
            string ns = directive.Name?.ToString() ?? "";
            if (UnservedNamespaces.Any(u => ns == u || ns.StartsWith(u + ".", StringComparison.Ordinal)))
            {
                return $"using {ns} (package not served by the registry)";
            }
        }

        return null;
    }

    /// <summary>Compiles every .nfproj under <paramref name="repoRoot"/>, referenced projects first.</summary>
    public static IReadOnlyList<CorlibProjectResult> CompileRepository(string repoRoot, string mscorlibPath)
    {
        string root = Path.GetFullPath(repoRoot);
        IReadOnlyList<NfProject> projects = NfProject.FindAll(root);
        var byPath = projects.ToDictionary(p => p.ProjectFile, StringComparer.Ordinal);
        var done = new Dictionary<string, CorlibProjectResult>(StringComparer.Ordinal);
        var context = new Context(root, MetadataReference.CreateFromFile(mscorlibPath));
        foreach (NfProject project in projects)
        {
            Compile(project, byPath, done, context, new HashSet<string>(StringComparer.Ordinal));
        }

        return projects.Select(p => done[p.ProjectFile]).ToArray();
    }

    /// <summary>Compiles loose sources as one device assembly against mscorlib and the given
    /// compile-only packages (tests: a snippet must fail or pass exactly as on the device).</summary>
    public static CorlibProjectResult CompileSources(string mscorlibPath, IEnumerable<SourceFile> files, params string[] packages)
    {
        var context = new Context("", MetadataReference.CreateFromFile(mscorlibPath));
        var references = new List<MetadataReference> { context.Mscorlib };
        references.AddRange(packages.Select(context.Package));
        List<SourceFile> list = files.ToList();
        return Build("Snippets", list.Select(f => (f.Path, f.Text)).ToList(), Array.Empty<(string, string)>(), Array.Empty<string>(), references, null, context);
    }

    internal sealed class Context
    {
        private readonly Dictionary<string, MetadataReference> _packages = new(StringComparer.OrdinalIgnoreCase);

        public Context(string root, MetadataReference mscorlib)
        {
            Root = root;
            Mscorlib = mscorlib;
        }

        public string Root { get; }

        public MetadataReference Mscorlib { get; }

        public MetadataReference Package(string assembly)
        {
            if (_packages.TryGetValue(assembly, out MetadataReference? existing))
            {
                return existing;
            }

            string resource = CompileOnlyPackages.TryGetValue(assembly, out string? name)
                ? name
                : throw new ArgumentException($"No compile-only declaration for {assembly}.", nameof(assembly));
            using Stream stream = typeof(CorlibCompiler).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
            string text = new StreamReader(stream).ReadToEnd();
            CSharpCompilation compilation = CSharpCompilation.Create(assembly,
                new[] { CSharpSyntaxTree.ParseText(SourceText.From(text), new CSharpParseOptions(Language), resource) },
                new[] { Mscorlib }, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var pe = new MemoryStream();
            var result = compilation.Emit(pe);
            if (!result.Success)
            {
                throw new InvalidOperationException($"{resource} does not compile against the nanoFramework mscorlib:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            MetadataReference reference = MetadataReference.CreateFromImage(pe.ToArray());
            _packages[assembly] = reference;
            return reference;
        }
    }

    private static CorlibProjectResult Compile(NfProject project, Dictionary<string, NfProject> byPath,
        Dictionary<string, CorlibProjectResult> done, Context context, HashSet<string> visiting)
    {
        if (done.TryGetValue(project.ProjectFile, out CorlibProjectResult? existing))
        {
            return existing;
        }

        visiting.Add(project.ProjectFile);
        var references = new List<MetadataReference> { context.Mscorlib };
        references.AddRange(project.References.Where(CompileOnlyPackages.ContainsKey).Select(context.Package));
        foreach (string reference in project.ProjectReferences)
        {
            if (byPath.TryGetValue(reference, out NfProject? referenced) && !visiting.Contains(reference))
            {
                references.Add(Compile(referenced, byPath, done, context, visiting).Compilation.ToMetadataReference());
            }
        }

        var compiled = new List<(string, string)>();
        var excluded = new List<(string, string)>();
        foreach (string file in project.SourceFiles)
        {
            string text = File.ReadAllText(file);
            if (NeedsUnservedPackage(file, text) is string reason)
            {
                excluded.Add((file, reason));
            }
            else
            {
                compiled.Add((file, text));
            }
        }

        CorlibProjectResult result = Build(project.AssemblyName, compiled, excluded, project.DefineConstants, references, project, context);
        done[project.ProjectFile] = result;
        return result;
    }

    private static CorlibProjectResult Build(string assemblyName, IReadOnlyList<(string Path, string Text)> files,
        IReadOnlyList<(string, string)> excluded, IEnumerable<string> defines, IEnumerable<MetadataReference> references,
        NfProject? project, Context context)
    {
        var options = new CSharpParseOptions(Language, DocumentationMode.None,
            preprocessorSymbols: defines.Where(d => d != SubsetChecker.DeviceSymbol).Append(SubsetChecker.DeviceSymbol));
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text), options, f.Path)).ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create(assemblyName, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        var errors = new List<Violation>();
        byte[]? image = null;
        var pe = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(pe);
        foreach (Diagnostic diagnostic in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
            errors.Add(new Violation(Relative(context.Root, span.Path ?? assemblyName), span.StartLinePosition.Line + 1,
                span.StartLinePosition.Character + 1, Rule, $"{diagnostic.Id}: {diagnostic.GetMessage()} (nanoFramework mscorlib {CorlibVersion}, C# 10)"));
        }

        if (emitted.Success)
        {
            image = pe.ToArray();
            int constantData = ConstantDataBytes(image);
            if (constantData > ConstantDataLimit)
            {
                errors.Add(new Violation(assemblyName, 1, 1, Rule,
                    $"{assemblyName} carries {constantData} bytes of initialized data (array initializers), more than the {ConstantDataLimit} bytes allowed: "
                    + "nanoFramework limits an assembly's constant data to about 64 KB and copies initialized arrays into the managed heap; "
                    + "ship models in the firmware flash table or as files (boards/README.md), never as C# arrays."));
            }

            foreach (string synthesized in SynthesizedTypes(image, compilation))
            {
                errors.Add(new Violation(assemblyName, 1, 1, Rule,
                    $"the compiler synthesized {synthesized} into {assemblyName}; nanoFramework's metadata processor drops such types and shifts what follows. Remove the language feature that needs it."));
            }
        }

        return new CorlibProjectResult
        {
            Project = project,
            Compiled = files.Select(f => f.Path).ToArray(),
            Excluded = excluded,
            Errors = errors,
            Image = image,
            Compilation = compilation,
        };
    }

    /// <summary>Bytes of initialized data the image carries (array initializers and other field RVA
    /// data, the constant data nanoFramework limits per assembly).</summary>
    /// <summary>
    /// Writes the assembly of every project that compiled without errors to
    /// <paramref name="directory"/> as &lt;AssemblyName&gt;.dll (created if missing) and returns the
    /// paths: what nanoFramework's metadata processor turns into .pe files for a nanoCLR.
    /// </summary>
    public static IReadOnlyList<string> WriteAssemblies(IEnumerable<CorlibProjectResult> results, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (CorlibProjectResult result in results)
        {
            if (result.Image == null || result.Errors.Count > 0 || result.Project == null)
            {
                continue;
            }

            string path = Path.Combine(directory, result.Project.AssemblyName + ".dll");
            File.WriteAllBytes(path, result.Image);
            written.Add(path);
        }

        return written;
    }

    public static int ConstantDataBytes(byte[] image)
    {
        using var reader = new PEReader(ImmutableArray.Create(image));
        MetadataReader metadata = reader.GetMetadataReader();
        int total = 0;
        foreach (FieldDefinitionHandle handle in metadata.FieldDefinitions)
        {
            FieldDefinition field = metadata.GetFieldDefinition(handle);
            if ((field.Attributes & FieldAttributes.HasFieldRVA) == 0)
            {
                continue;
            }

            BlobReader signature = metadata.GetBlobReader(field.Signature);
            signature.ReadSignatureHeader();
            SignatureTypeCode code = signature.ReadSignatureTypeCode();
            total += code switch
            {
                SignatureTypeCode.Boolean or SignatureTypeCode.SByte or SignatureTypeCode.Byte => 1,
                SignatureTypeCode.Char or SignatureTypeCode.Int16 or SignatureTypeCode.UInt16 => 2,
                SignatureTypeCode.Int32 or SignatureTypeCode.UInt32 or SignatureTypeCode.Single => 4,
                SignatureTypeCode.Int64 or SignatureTypeCode.UInt64 or SignatureTypeCode.Double => 8,
                SignatureTypeCode.TypeHandle when signature.ReadTypeHandle() is { Kind: HandleKind.TypeDefinition } type
                    => metadata.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout().Size,
                _ => 0,
            };
        }

        return total;
    }

    /// <summary>Type definitions in the image that no source declares (besides &lt;Module&gt; and
    /// the compiler's own nested closure/lambda classes, which the device handles).</summary>
    private static IEnumerable<string> SynthesizedTypes(byte[] image, CSharpCompilation compilation)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        void Collect(INamespaceOrTypeSymbol symbol)
        {
            foreach (ISymbol member in symbol.GetMembers())
            {
                if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
                {
                    declared.Add(type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName);
                }
                else if (member is INamespaceSymbol ns)
                {
                    Collect(ns);
                }
            }
        }

        Collect(compilation.Assembly.GlobalNamespace);
        using var reader = new PEReader(ImmutableArray.Create(image));
        MetadataReader metadata = reader.GetMetadataReader();
        foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
        {
            TypeDefinition type = metadata.GetTypeDefinition(handle);
            if (!type.GetDeclaringType().IsNil)
            {
                continue;
            }

            string ns = metadata.GetString(type.Namespace);
            string name = metadata.GetString(type.Name);
            string full = ns.Length == 0 ? name : ns + "." + name;
            if (name == "<Module>" || name.StartsWith("<PrivateImplementationDetails>", StringComparison.Ordinal) || declared.Contains(full))
            {
                continue;
            }

            yield return full;
        }
    }

    private static string Relative(string root, string path) =>
        root.Length > 0 && Path.IsPathRooted(path) && path.StartsWith(root, StringComparison.Ordinal)
            ? Path.GetRelativePath(root, path).Replace('\\', '/')
            : path.Replace('\\', '/');
}
