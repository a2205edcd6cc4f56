using Mono.Cecil;

namespace TinyMl.InteropCheck;

/// <summary>
/// The names nanoFramework's metadata processor gives native classes and methods. They are
/// part of the native checksum and of the C++ identifiers in the lookup table, so they must
/// match its spelling exactly: class = declaring classes, namespace and name joined with '_'
/// (dots to '_'); method = name, "___STATIC__" or "___", then the return type and each
/// parameter type joined with "__", where types use the CLR data type names (I4, U1, R4,
/// STRING, ...), arrays "SZARRAY_&lt;element&gt;", by-ref "BYREF_&lt;element&gt;" and other types
/// their full name without dots.
/// </summary>
public static class NativeNames
{
    private static readonly Dictionary<string, string> Primitive = new(StringComparer.Ordinal)
    {
        ["System.Void"] = "VOID",
        ["System.SByte"] = "I1",
        ["System.Int16"] = "I2",
        ["System.Int32"] = "I4",
        ["System.Int64"] = "I8",
        ["System.Byte"] = "U1",
        ["System.UInt16"] = "U2",
        ["System.UInt32"] = "U4",
        ["System.UInt64"] = "U8",
        ["System.Single"] = "R4",
        ["System.Double"] = "R8",
        ["System.Char"] = "CHAR",
        ["System.String"] = "STRING",
        ["System.Boolean"] = "BOOLEAN",
        ["System.Object"] = "OBJECT",
        ["System.IntPtr"] = "I4",
        ["System.UIntPtr"] = "U4",
        ["System.WeakReference"] = "WEAKCLASS",
    };

    public static string ClassName(TypeDefinition? type)
    {
        if (type == null)
        {
            return string.Empty;
        }

        return string.Join("_", ClassName(type.DeclaringType), type.Namespace, type.Name)
            .Replace(".", "_")
            .TrimStart('_');
    }

    public static string MethodName(MethodDefinition method)
    {
        var parts = new List<string> { TypeName(method.ReturnType) };
        parts.AddRange(method.Parameters.Select(p => TypeName(p.ParameterType)));
        string name = method.Name + (method.IsStatic ? "___STATIC__" : "___") + string.Join("__", parts);
        return name.Replace(".", "_").Replace("/", "");
    }

    public static string TypeName(TypeReference type)
    {
        if (type.IsArray)
        {
            return "SZARRAY_" + TypeName(type.GetElementType());
        }

        if (type.IsByReference)
        {
            TypeReference element = ((TypeSpecification)type).ElementType;
            return element.IsArray
                ? "BYREF_SZARRAY_" + TypeName(((TypeSpecification)element).ElementType)
                : "BYREF_" + SimpleTypeName(element);
        }

        return SimpleTypeName(type);
    }

    private static string SimpleTypeName(TypeReference type)
    {
        if (Primitive.TryGetValue(type.FullName, out string? name))
        {
            return name;
        }

        return type.IsGenericParameter ? "GENERICTYPE" : type.FullName.Replace(".", string.Empty);
    }
}
