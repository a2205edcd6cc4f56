using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TinyMl.DeviceCheck;

/// <summary>
/// What nanoFramework has, read from the real assemblies instead of a hand-written list: the public
/// types and members of nanoFramework's mscorlib (package nanoFramework.CoreLibrary 1.17.11) and of
/// the compile-only declarations of the pure managed packages the registry does not serve
/// (System.Math, nanoFramework.System.Text: CompileOnly/*.cs). <see cref="NanoApi"/> keeps only
/// what these cannot answer. Member keys are written like <see cref="NanoApi"/>'s: "Name(type,type)"
/// with C# keyword type names, fields and properties by name, and members of base types included.
/// </summary>
public sealed class NanoPlatform
{
    /// <summary>Packages with a compile-only declaration whose surface the subset check reads.</summary>
    private static readonly string[] DeclaredPackages = { "System.Math", "nanoFramework.System.Text" };

    private static readonly Lazy<NanoPlatform> Shared = new(() => Load(CorlibCompiler.FindMscorlib()
        ?? throw new InvalidOperationException(
            $"nanoFramework mscorlib {CorlibCompiler.CorlibVersion} not found beside TinyMl.DeviceCheck: restore and build it (package nanoFramework.CoreLibrary), or set TINYML_NANO_MSCORLIB.")));

    private readonly Dictionary<string, (INamedTypeSymbol Type, string Assembly)> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> _members = new(StringComparer.Ordinal);

    private NanoPlatform()
    {
    }

    /// <summary>The platform read from the mscorlib beside this tool (loaded once).</summary>
    public static NanoPlatform Current => Shared.Value;

    public static NanoPlatform Load(string mscorlibPath)
    {
        var platform = new NanoPlatform();
        var context = new CorlibCompiler.Context("", MetadataReference.CreateFromFile(mscorlibPath));
        var references = new List<MetadataReference> { context.Mscorlib };
        references.AddRange(DeclaredPackages.Select(context.Package));
        CSharpCompilation probe = CSharpCompilation.Create("Probe", references: references);
        foreach (MetadataReference reference in references)
        {
            if (probe.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)
            {
                platform.Collect(assembly.GlobalNamespace, assembly.Name);
            }
        }

        return platform;
    }

    /// <summary>The nanoFramework assembly declaring a public type ("mscorlib", "System.Math" ...), or null.</summary>
    public string? AssemblyOf(string fullName) => _types.TryGetValue(fullName, out var entry) ? entry.Assembly : null;

    public bool HasType(string fullName) => _types.ContainsKey(fullName);

    /// <summary>Namespaces that hold at least one public type.</summary>
    public IEnumerable<string> Namespaces => _types.Values
        .Select(t => t.Type.ContainingNamespace.ToDisplayString())
        .Distinct(StringComparer.Ordinal);

    /// <summary>Member keys of a type and its base types, or null when nanoFramework has no such type.</summary>
    public IReadOnlySet<string>? Members(string fullName)
    {
        if (_members.TryGetValue(fullName, out IReadOnlySet<string>? cached))
        {
            return cached;
        }

        if (!_types.TryGetValue(fullName, out var entry))
        {
            return null;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? type = entry.Type; type != null; type = type.BaseType)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
                    && member is not INamedTypeSymbol
                    && member is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.StaticConstructor })
                {
                    keys.Add(SubsetChecker.ApiKey(member, entry.Type));
                }
            }
        }

        _members[fullName] = keys;
        return keys;
    }

    private void Collect(INamespaceOrTypeSymbol container, string assembly)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    Collect(ns, assembly);
                    break;
                case INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type:
                    _types.TryAdd(SubsetChecker.ApiName(type), (type, assembly));
                    Collect(type, assembly);
                    break;
            }
        }
    }
}
