namespace TinyMl.DeviceCheck;

/// <summary>
/// What the real nanoFramework assemblies cannot tell <see cref="SubsetChecker"/>. Everything else
/// (the types of nanoFramework's mscorlib and their members, and those of System.Math and
/// nanoFramework.System.Text through their compile-only declarations) is read from the assemblies
/// by <see cref="NanoPlatform"/>. What is left: the System.IO types of the packages only device
/// adapters use (not served by the registry, no declaration here), the .NET overloads that
/// nanoFramework binds to another overload with the same result, and the numeric format
/// specifiers nanoFramework's ToString understands (behaviour, not API).
/// Extend the lists only after checking the nanoFramework API.
/// </summary>
public static class NanoApi
{
    /// <summary>Types device adapters (files under a Device/ folder) may use besides nanoFramework's
    /// mscorlib and the declared packages: nanoFramework.System.IO.Streams and
    /// nanoFramework.System.IO.FileSystem and nanoFramework.System.IO.Ports. The project that compiles them must reference those packages.</summary>
    public static readonly IReadOnlySet<string> DeviceAdapterTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "System.IO.Stream", "System.IO.MemoryStream", "System.IO.SeekOrigin", "System.IO.StreamReader",
        "System.IO.StreamWriter", "System.IO.TextReader", "System.IO.TextWriter", "System.IO.File",
        "System.IO.FileStream", "System.IO.FileMode", "System.IO.FileAccess", "System.IO.FileShare",
        "System.IO.FileAttributes", "System.IO.FileInfo", "System.IO.FileSystemInfo", "System.IO.Directory",
        "System.IO.DirectoryInfo", "System.IO.DriveInfo", "System.IO.DriveType", "System.IO.Path",
        "System.IO.Ports.SerialPort", "System.IO.Ports.Parity", "System.IO.Ports.StopBits", "System.IO.Ports.Handshake",
    };

    /// <summary>The nanoFramework assembly (NuGet package lib) of a device adapter type
    /// (<see cref="DeviceAdapterTypes"/>); null for anything else (ask <see cref="NanoPlatform"/>).</summary>
    public static string? AssemblyOf(string type) => type switch
    {
        "System.IO.Stream" or "System.IO.MemoryStream" or "System.IO.SeekOrigin" or "System.IO.StreamReader"
            or "System.IO.StreamWriter" or "System.IO.TextReader" or "System.IO.TextWriter" => "System.IO.Streams",
        "System.IO.Ports.SerialPort" or "System.IO.Ports.Parity" or "System.IO.Ports.StopBits" or "System.IO.Ports.Handshake" => "System.IO.Ports",
        _ when DeviceAdapterTypes.Contains(type) => "System.IO.FileSystem",
        _ => null,
    };

    /// <summary>.NET overloads (member keys as <see cref="NanoPlatform"/> writes them) that nanoFramework
    /// does not have but whose calls it binds to another overload with the same result.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> SameResultOverloads = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["System.String"] = Set(
            // nanoFramework has only the params char[] overloads:
            "Trim(char)", "TrimStart(char)", "TrimEnd(char)", "Split(char)",
            // C# interpolation without DefaultInterpolatedStringHandler binds to these; nanoFramework
            // has Format(string, params object[]):
            "Format(string,object)", "Format(string,object,object)", "Format(string,object,object,object)"),
    };

    /// <summary>Format specifiers nanoFramework's numeric ToString(string) understands (with optional precision).</summary>
    public const string FormatSpecifierPattern = "^[DdFfGgNnXx][0-9]{0,2}$";

    private static IReadOnlySet<string> Set(params string[] items) => new HashSet<string>(items, StringComparer.Ordinal);
}
