using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TinyMl.InteropCheck;

/// <summary>
/// Compiles the device side of the interop declarations on the host: the same sources the
/// interop assembly's .nfproj compiles, with NANOFRAMEWORK_1_0 defined and the same language
/// version, into an assembly of the same name. The nanoFramework-only attribute
/// (AssemblyNativeVersionAttribute) comes from a separate reference assembly so that it does not
/// add a type to the compiled assembly.
/// </summary>
public static class DeclarationCompiler
{
    /// <summary>Language version of TinyMl.Nano.Interop.nfproj. C# 10 keeps the compiler from
    /// synthesizing attribute types (RefSafetyRules) into the assembly, which would shift the
    /// lookup table on the device.</summary>
    public const LanguageVersion Language = LanguageVersion.CSharp10;

    private const string DeviceShim = """
        namespace System.Reflection
        {
            [System.AttributeUsage(System.AttributeTargets.Assembly | System.AttributeTargets.Class, Inherited = false)]
            public sealed class AssemblyNativeVersionAttribute : System.Attribute
            {
                public AssemblyNativeVersionAttribute(string version) { }
            }
        }
        """;

    /// <summary>Compiles (path, text) sources into an assembly image; throws with the compiler's errors.</summary>
    public static byte[] Compile(string assemblyName, IEnumerable<(string Path, string Text)> sources)
    {
        var options = new CSharpParseOptions(Language, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });
        List<MetadataReference> references = PlatformReferences();
        references.Add(MetadataReference.CreateFromImage(Emit("TinyMl.InteropCheck.DeviceShim",
            new[] { CSharpSyntaxTree.ParseText(DeviceShim, options) }, references)));

        SyntaxTree[] trees = sources
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path))
            .ToArray();
        return Emit(assemblyName, trees, references);
    }

    private static byte[] Emit(string assemblyName, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> references)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            assemblyName,
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            IEnumerable<string> errors = result.Diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d.ToString());
            throw new InvalidOperationException(
                $"The interop declarations of {assemblyName} do not compile as device code:{Environment.NewLine}"
                + string.Join(Environment.NewLine, errors));
        }

        return image.ToArray();
    }

    private static List<MetadataReference> PlatformReferences()
    {
        string? list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string;
        if (string.IsNullOrEmpty(list))
        {
            throw new InvalidOperationException("Cannot find the .NET platform assemblies to compile against.");
        }

        return list.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }
}
