using System.Text;
using Mono.Cecil;

namespace TinyMl.InteropCheck;

/// <summary>One row of the native method lookup table: a method of the assembly in metadata order.</summary>
public sealed record LookupEntry(string ClassName, string MethodName, bool IsNative, string ManagedName)
{
    /// <summary>The C++ handler name the table holds for a native method.</summary>
    public string HandlerName(string projectName) => $"Library_{projectName}_{ClassName}::{MethodName}";
}

/// <summary>
/// What the nanoCLR needs to accept an interop assembly: its name, native version, native
/// checksum and the lookup table with one entry per method (NULL for managed methods), all
/// computed from a compiled assembly as nanoFramework's metadata processor computes them:
/// <list type="bullet">
/// <item>types in the order of its type table: by full name, each type after its declaring
/// type, the interfaces it implements and the types its method calls use (from this assembly);
/// <c>&lt;Module&gt;</c> and the types it always excludes are left out;</item>
/// <item>methods of a type: virtual, then other instance, then static, each group in
/// declaration order;</item>
/// <item>a method is native when it has no body and is not abstract;</item>
/// <item>checksum: for each method of each class or struct (delegates excluded), the CRC-32
/// (<see cref="NanoCrc32"/>) is continued over the assembly name, class name and method name
/// of a native method, or over "NULL" for a managed one. The running value reads as 0 until the
/// first native method has been counted, so the entries before it, and the assembly and class
/// names of the first native method itself, do not change the result (a quirk inherited from
/// .NET Micro Framework that must be reproduced to get the same number).</item>
/// </list>
/// </summary>
public sealed class InteropTable
{
    private static readonly string[] AlwaysExcluded =
    {
        "ThisAssembly",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Runtime.CompilerServices.AccessedThroughPropertyAttribute",
    };

    private static readonly byte[] NullEntry = Encoding.ASCII.GetBytes("NULL");

    private InteropTable(string assemblyName, Version nativeVersion, uint checksum, IReadOnlyList<LookupEntry> entries)
    {
        AssemblyName = assemblyName;
        NativeVersion = nativeVersion;
        Checksum = checksum;
        Entries = entries;
    }

    public string AssemblyName { get; }

    /// <summary>From [assembly: AssemblyNativeVersion("a.b.c.d")].</summary>
    public Version NativeVersion { get; }

    public uint Checksum { get; }

    public IReadOnlyList<LookupEntry> Entries { get; }

    public IEnumerable<LookupEntry> NativeMethods => Entries.Where(e => e.IsNative);

    /// <summary>The assembly name with dots replaced, as in g_CLR_AssemblyNative_&lt;name&gt;.</summary>
    public string SafeAssemblyName => AssemblyName.Replace('.', '_');

    public static InteropTable FromImage(byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(stream);
        return FromAssembly(assembly);
    }

    public static InteropTable FromFile(string path)
    {
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(path);
        return FromAssembly(assembly);
    }

    public static InteropTable FromAssembly(AssemblyDefinition assembly)
    {
        string name = assembly.Name.Name;
        Version version = ReadNativeVersion(assembly);
        List<TypeDefinition> types = OrderTypes(assembly.MainModule)
            .Where(t => !IsExcluded(t))
            .ToList();

        byte[] nameBytes = Encoding.ASCII.GetBytes(name);
        uint crc = 0;
        int nativeCount = 0;
        var entries = new List<LookupEntry>();

        foreach (TypeDefinition type in types)
        {
            bool inStub = IncludeInStub(type);
            string className = NativeNames.ClassName(type);
            foreach (MethodDefinition method in OrderMethods(type.Methods))
            {
                bool native = inStub && !method.HasBody && !method.IsAbstract;
                entries.Add(new LookupEntry(className, NativeNames.MethodName(method), native, type.FullName + "::" + method.Name));
                if (!inStub)
                {
                    continue; // such types only reserve NULL rows; they are not in the checksum
                }

                uint running = nativeCount > 0 ? crc : 0;
                if (native)
                {
                    crc = NanoCrc32.Compute(nameBytes, running);
                    crc = NanoCrc32.Compute(Encoding.ASCII.GetBytes(className), nativeCount > 0 ? crc : 0);
                    crc = NanoCrc32.Compute(Encoding.ASCII.GetBytes(NativeNames.MethodName(method)), nativeCount > 0 ? crc : 0);
                    nativeCount++;
                }
                else
                {
                    crc = NanoCrc32.Compute(NullEntry, running);
                }
            }
        }

        return new InteropTable(name, version, nativeCount > 0 ? crc : 0, entries);
    }

    private static Version ReadNativeVersion(AssemblyDefinition assembly)
    {
        CustomAttribute? attribute = assembly.CustomAttributes
            .FirstOrDefault(a => a.AttributeType.Name == "AssemblyNativeVersionAttribute");
        if (attribute == null || attribute.ConstructorArguments.Count != 1 || attribute.ConstructorArguments[0].Value is not string text)
        {
            throw new InvalidOperationException(
                $"Assembly {assembly.Name.Name} has no [assembly: AssemblyNativeVersion(\"a.b.c.d\")]; nanoFramework needs it for an interop assembly.");
        }

        return Version.Parse(text);
    }

    private static bool IsExcluded(TypeDefinition type) =>
        AlwaysExcluded.Contains(type.FullName) || AlwaysExcluded.Contains(type.Name) ||
        (type.DeclaringType != null && AlwaysExcluded.Contains(type.DeclaringType.FullName)) ||
        type.CustomAttributes.Any(a => a.AttributeType.Name == "ExcludeTypeAttribute");

    // Classes and structs get native stubs; enums, interfaces and delegates do not.
    private static bool IncludeInStub(TypeDefinition type)
    {
        string? baseName = type.BaseType?.FullName;
        if (baseName == "System.Delegate" || baseName == "System.MulticastDelegate")
        {
            return false;
        }

        return !type.IsEnum && !type.IsInterface;
    }

    private static IEnumerable<MethodDefinition> OrderMethods(IEnumerable<MethodDefinition> methods)
    {
        var list = methods.ToList();
        return list.Where(m => m.IsVirtual)
            .Concat(list.Where(m => !m.IsVirtual && !m.IsStatic))
            .Concat(list.Where(m => m.IsStatic));
    }

    private static List<TypeDefinition> OrderTypes(ModuleDefinition module)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<TypeDefinition>();
        IEnumerable<TypeDefinition> byName = module.GetTypes()
            .Where(t => t.FullName != "<Module>")
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (TypeDefinition type in byName)
        {
            Visit(type, module, done, ordered);
        }

        return ordered;
    }

    private static void Visit(TypeDefinition type, ModuleDefinition module, HashSet<string> done, List<TypeDefinition> ordered)
    {
        if (done.Contains(type.FullName))
        {
            return;
        }

        if (type.DeclaringType != null)
        {
            Visit(type.DeclaringType, module, done, ordered);
        }

        foreach (TypeDefinition itf in type.Interfaces
                     .Select(i => i.InterfaceType.Resolve())
                     .Where(t => t != null && t.Module == module))
        {
            Visit(itf, module, done, ordered);
        }

        if (!done.Add(type.FullName))
        {
            return;
        }

        IEnumerable<TypeDefinition> used = type.Methods
            .Where(m => m.HasBody)
            .SelectMany(m => m.Body.Instructions)
            .Select(i => i.Operand)
            .OfType<MethodReference>()
            .SelectMany(SignatureTypes)
            .Where(t => t.Module == module);
        foreach (TypeDefinition dependency in used.ToList())
        {
            Visit(dependency, module, done, ordered);
        }

        ordered.Add(type);
    }

    private static IEnumerable<TypeDefinition> SignatureTypes(MethodReference method)
    {
        TypeDefinition? returnType = TryResolve(method.ReturnType);
        if (returnType != null && returnType.FullName != "System.Void")
        {
            yield return returnType;
        }

        foreach (ParameterDefinition parameter in method.Parameters)
        {
            TypeDefinition? parameterType = TryResolve(parameter.ParameterType);
            if (parameterType != null)
            {
                yield return parameterType;
            }
        }
    }

    private static TypeDefinition? TryResolve(TypeReference type)
    {
        try
        {
            return type.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null; // a type of another assembly: never part of this table
        }
    }
}
