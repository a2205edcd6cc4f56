using Microsoft.CodeAnalysis;

namespace TinyMl.DeviceCheck;

/// <summary>
/// The device test suite as nanoFramework's launcher sees it: every public method carrying
/// nanoFramework.TestFramework.TestMethodAttribute in a class carrying TestClassAttribute, in the
/// NFUnitTest assembly compiled against the real mscorlib. The expected count is recorded in
/// <see cref="ExpectedCountFile"/> so a device run that runs fewer tests is visible.
/// </summary>
public static class DeviceTests
{
    public const string AssemblyName = "NFUnitTest";
    public const string ExpectedCountFile = "tests/NFUnitTest/expected-test-count.txt";
    public const string RegenerateCommand = "dotnet run --project tools/TinyMl.DeviceCheck -- --write-test-count";
    private const string Framework = "nanoFramework.TestFramework";

    /// <summary>"Namespace.Class.Method" of each device test, sorted.</summary>
    public static IReadOnlyList<string> TestMethods(CorlibProjectResult nfUnitTest)
    {
        var found = new List<string>();
        void Visit(INamespaceOrTypeSymbol container)
        {
            foreach (ISymbol member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    Visit(ns);
                }
                else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
                {
                    if (type.TypeKind == TypeKind.Class && HasAttribute(type, "TestClassAttribute"))
                    {
                        found.AddRange(type.GetMembers().OfType<IMethodSymbol>()
                            .Where(m => m.DeclaredAccessibility == Accessibility.Public && HasAttribute(m, "TestMethodAttribute"))
                            .Select(m => type.ToDisplayString() + "." + m.Name));
                    }

                    Visit(type);
                }
            }
        }

        Visit(nfUnitTest.Compilation.Assembly.GlobalNamespace);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>The count recorded in <see cref="ExpectedCountFile"/>, or null when the file is missing or unreadable.</summary>
    public static int? ReadExpectedCount(string repoRoot)
    {
        string path = Path.Combine(repoRoot, ExpectedCountFile);
        if (!File.Exists(path))
        {
            return null;
        }

        string? line = File.ReadAllLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        return int.TryParse(line, out int count) ? count : null;
    }

    public static void WriteExpectedCount(string repoRoot, int count) =>
        File.WriteAllText(Path.Combine(repoRoot, ExpectedCountFile),
            "# Test methods nanoFramework's launcher must run from NFUnitTest: the device run prints one\n"
            + "# \"Test passed,<Class>.<Method>.0,<ticks>\" line per test (boards/README.md, device tests).\n"
            + "# Generated from the sources; after adding or removing a device test regenerate it with\n"
            + "#   " + RegenerateCommand + "\n"
            + count + "\n");

    private static bool HasAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { } c && c.Name == name && c.ContainingNamespace.ToDisplayString() == Framework);
}
