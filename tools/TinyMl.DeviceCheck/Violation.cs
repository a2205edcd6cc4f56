namespace TinyMl.DeviceCheck;

/// <summary>One use of something nanoFramework does not have.</summary>
/// <param name="Path">File path (relative to the repository root when the check knows it, '/' separated).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Rule">Short rule name, see <see cref="Rules"/>.</param>
/// <param name="Message">What is wrong and, where there is one, what to write instead.</param>
public sealed record Violation(string Path, int Line, int Column, string Rule, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: [{Rule}] {Message}";
}

/// <summary>The rule names a <see cref="Violation"/> carries.</summary>
public static class Rules
{
    public const string Generic = "generic";
    public const string Linq = "linq";
    public const string Async = "async";
    public const string Tuple = "tuple";
    public const string Record = "record";
    public const string StackAlloc = "stackalloc";
    public const string Unsafe = "unsafe";
    public const string MultiDimensionalArray = "multidim-array";
    public const string MathF = "mathf";
    public const string Dynamic = "dynamic";
    public const string Format = "format";
    public const string DefaultInterfaceMember = "interface-body";
    public const string Init = "init";
    public const string Required = "required";
    public const string Iterator = "iterator";
    public const string AnonymousType = "anonymous-type";
    public const string Range = "range";
    public const string RefStruct = "ref-struct";
    public const string Api = "api";
    public const string Project = "project";
}
