namespace TinyMl.DeviceCheck;

/// <summary>
/// The part of the .NET API that nanoFramework has, as far as device code may rely on it:
/// the assemblies the device projects reference (nanoFramework.CoreLibrary 1.17.11,
/// nanoFramework.System.Math, nanoFramework.System.Text) with the same namespace and name as in
/// .NET. A type from the .NET reference assemblies that is not listed here does not exist on the
/// device (or needs a package the projects do not reference). For the types whose overloads
/// differ most from .NET, the members are listed too: a call that binds on .NET to an overload
/// nanoFramework lacks either does not compile for the device or, worse, silently binds to
/// another overload there (Math.Max(long, long) becomes Math.Max(double, double)).
/// Members are written "Name(type,type)" with C# keyword type names; fields and properties by
/// name alone. Extend the lists only after checking the nanoFramework API.
/// </summary>
public static class NanoApi
{
    /// <summary>Types the device can use anywhere (namespace-qualified, generic arity 0).</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        // System
        "System.Object", "System.String", "System.Boolean", "System.Char", "System.SByte", "System.Byte",
        "System.Int16", "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64",
        "System.Single", "System.Double", "System.IntPtr", "System.UIntPtr", "System.Void", "System.ValueType",
        "System.Enum", "System.Array", "System.Delegate", "System.MulticastDelegate", "System.Type",
        "System.Attribute", "System.AttributeTargets", "System.AttributeUsageAttribute", "System.FlagsAttribute",
        "System.ObsoleteAttribute", "System.CLSCompliantAttribute", "System.SerializableAttribute",
        "System.NonSerializedAttribute", "System.ParamArrayAttribute", "System.STAThreadAttribute", "System.MTAThreadAttribute",
        "System.Action", "System.AsyncCallback", "System.EventHandler", "System.EventArgs", "System.IAsyncResult",
        "System.IDisposable", "System.IComparable", "System.ICloneable", "System.IFormattable", "System.IFormatProvider",
        "System.ICustomFormatter", "System.BitConverter", "System.Convert", "System.Base64FormattingOptions", "System.Math",
        "System.Console", "System.GC", "System.Guid", "System.Random", "System.TimeSpan", "System.DateTime",
        "System.DateTimeKind", "System.DayOfWeek", "System.DBNull", "System.TypeCode", "System.Version",
        "System.WeakReference", "System.MarshalByRefObject", "System.RuntimeTypeHandle", "System.RuntimeFieldHandle",
        "System.RuntimeMethodHandle", "System.RuntimeArgumentHandle", "System.TypedReference",
        "System.Exception", "System.SystemException", "System.ApplicationException", "System.ArgumentException",
        "System.ArgumentNullException", "System.ArgumentOutOfRangeException", "System.IndexOutOfRangeException",
        "System.InvalidCastException", "System.InvalidOperationException", "System.NotImplementedException",
        "System.NotSupportedException", "System.NullReferenceException", "System.ObjectDisposedException",
        "System.OutOfMemoryException", "System.PlatformNotSupportedException", "System.TimeoutException",
        "System.FormatException", "System.AppDomainUnloadedException", "System.IO.IOException",

        // System.Collections (Hashtable, Queue, Stack live in nanoFramework.System.Collections, not referenced)
        "System.Collections.ArrayList", "System.Collections.ICollection", "System.Collections.IComparer",
        "System.Collections.IEnumerable", "System.Collections.IEnumerator", "System.Collections.IEqualityComparer",
        "System.Collections.IList",

        // System.Diagnostics
        "System.Diagnostics.Debug", "System.Diagnostics.Debugger", "System.Diagnostics.ConditionalAttribute",
        "System.Diagnostics.DebuggableAttribute", "System.Diagnostics.DebuggerBrowsableAttribute",
        "System.Diagnostics.DebuggerBrowsableState", "System.Diagnostics.DebuggerDisplayAttribute",
        "System.Diagnostics.DebuggerHiddenAttribute", "System.Diagnostics.DebuggerNonUserCodeAttribute",
        "System.Diagnostics.DebuggerStepThroughAttribute", "System.Diagnostics.DebuggerTypeProxyAttribute",
        "System.Diagnostics.CodeAnalysis.AllowNullAttribute", "System.Diagnostics.CodeAnalysis.DisallowNullAttribute",
        "System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute", "System.Diagnostics.CodeAnalysis.DoesNotReturnIfAttribute",
        "System.Diagnostics.CodeAnalysis.MaybeNullAttribute", "System.Diagnostics.CodeAnalysis.MaybeNullWhenAttribute",
        "System.Diagnostics.CodeAnalysis.MemberNotNullAttribute", "System.Diagnostics.CodeAnalysis.MemberNotNullWhenAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullAttribute", "System.Diagnostics.CodeAnalysis.NotNullIfNotNullAttribute",
        "System.Diagnostics.CodeAnalysis.NotNullWhenAttribute",

        // System.ComponentModel, System.Globalization
        "System.ComponentModel.EditorBrowsableAttribute", "System.ComponentModel.EditorBrowsableState",
        "System.Globalization.CultureInfo", "System.Globalization.NumberFormatInfo", "System.Globalization.DateTimeFormatInfo",

        // System.Reflection
        "System.Reflection.Assembly", "System.Reflection.AssemblyName", "System.Reflection.MemberInfo",
        "System.Reflection.MethodBase", "System.Reflection.MethodInfo", "System.Reflection.ConstructorInfo",
        "System.Reflection.FieldInfo", "System.Reflection.PropertyInfo", "System.Reflection.ParameterInfo",
        "System.Reflection.BindingFlags", "System.Reflection.MemberTypes", "System.Reflection.DefaultMemberAttribute",
        "System.Reflection.AssemblyCompanyAttribute", "System.Reflection.AssemblyConfigurationAttribute",
        "System.Reflection.AssemblyCopyrightAttribute", "System.Reflection.AssemblyCultureAttribute",
        "System.Reflection.AssemblyDescriptionAttribute", "System.Reflection.AssemblyFileVersionAttribute",
        "System.Reflection.AssemblyInformationalVersionAttribute", "System.Reflection.AssemblyProductAttribute",
        "System.Reflection.AssemblyTitleAttribute", "System.Reflection.AssemblyTrademarkAttribute",
        "System.Reflection.AssemblyVersionAttribute", "System.Reflection.AssemblyKeyFileAttribute",
        "System.Reflection.AssemblyDelaySignAttribute",

        // System.Runtime.*
        "System.Runtime.CompilerServices.MethodImplAttribute", "System.Runtime.CompilerServices.MethodImplOptions",
        "System.Runtime.CompilerServices.MethodCodeType", "System.Runtime.CompilerServices.ExtensionAttribute",
        "System.Runtime.CompilerServices.CallerMemberNameAttribute", "System.Runtime.CompilerServices.CallerArgumentExpressionAttribute",
        "System.Runtime.CompilerServices.IndexerNameAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute",
        "System.Runtime.CompilerServices.RuntimeHelpers", "System.Runtime.CompilerServices.AccessedThroughPropertyAttribute",
        "System.Runtime.InteropServices.StructLayoutAttribute", "System.Runtime.InteropServices.LayoutKind",
        "System.Runtime.InteropServices.OutAttribute", "System.Runtime.InteropServices.ComVisibleAttribute",
        "System.Runtime.InteropServices.GuidAttribute", "System.Runtime.InteropServices.CharSet",
        "System.Runtime.Versioning.TargetFrameworkAttribute",

        // System.Threading
        "System.Threading.Thread", "System.Threading.ThreadStart", "System.Threading.ThreadPriority",
        "System.Threading.ThreadState", "System.Threading.ThreadAbortException", "System.Threading.Timer",
        "System.Threading.TimerCallback", "System.Threading.Timeout", "System.Threading.Monitor",
        "System.Threading.Interlocked", "System.Threading.WaitHandle", "System.Threading.AutoResetEvent",
        "System.Threading.ManualResetEvent",

        // nanoFramework.System.Text (referenced by TinyMl.Nano.nfproj)
        "System.Text.Encoding", "System.Text.UTF8Encoding", "System.Text.Decoder", "System.Text.StringBuilder",
    };

    /// <summary>Types device adapters (files under a Device/ folder) may use besides <see cref="Types"/>:
    /// nanoFramework.System.IO.Streams and nanoFramework.System.IO.FileSystem. The project that compiles
    /// them must reference those packages.</summary>
    public static readonly IReadOnlySet<string> DeviceAdapterTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "System.IO.Stream", "System.IO.MemoryStream", "System.IO.SeekOrigin", "System.IO.StreamReader",
        "System.IO.StreamWriter", "System.IO.TextReader", "System.IO.TextWriter", "System.IO.File",
        "System.IO.FileStream", "System.IO.FileMode", "System.IO.FileAccess", "System.IO.FileShare",
        "System.IO.FileAttributes", "System.IO.FileInfo", "System.IO.FileSystemInfo", "System.IO.Directory",
        "System.IO.DirectoryInfo", "System.IO.DriveInfo", "System.IO.DriveType", "System.IO.Path",
    };

    /// <summary>The nanoFramework assembly (NuGet package lib) that holds a type, when it is not mscorlib.
    /// A device project using the type must reference it.</summary>
    public static string AssemblyOf(string type) => type switch
    {
        "System.Math" => "System.Math",
        _ when type.StartsWith("System.Text.", StringComparison.Ordinal) => "nanoFramework.System.Text",
        "System.IO.Stream" or "System.IO.MemoryStream" or "System.IO.SeekOrigin" or "System.IO.StreamReader"
            or "System.IO.StreamWriter" or "System.IO.TextReader" or "System.IO.TextWriter" => "System.IO.Streams",
        "System.IO.IOException" => "mscorlib",
        _ when type.StartsWith("System.IO.", StringComparison.Ordinal) => "System.IO.FileSystem",
        _ => "mscorlib",
    };

    /// <summary>Types whose members are checked one by one (full name to members).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Members = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["System.Math"] = Set(
            "PI", "E", "Abs(int)", "Abs(double)", "Abs(float)", "Acos(double)", "Asin(double)", "Atan(double)",
            "Atan2(double,double)", "Cbrt(double)", "Ceiling(double)", "Clamp(double,double,double)",
            "Clamp(long,long,long)", "Clamp(float,float,float)", "Clamp(ulong,ulong,ulong)", "Cos(double)",
            "Cosh(double)", "Exp(double)", "Floor(double)", "IEEERemainder(double,double)", "Log(double)",
            "Log10(double)", "Max(int,int)", "Max(double,double)", "Max(float,float)", "Min(int,int)",
            "Min(double,double)", "Min(float,float)", "Pow(double,double)", "Round(double)", "Sign(double)",
            "Sign(float)", "Sin(double)", "Sinh(double)", "Sqrt(double)", "Tan(double)", "Tanh(double)",
            "Truncate(double)"),
        ["System.String"] = Set(
            "Empty", "Length", "Chars", "GetEnumerator()", "Equals(object)", "Equals(string,string)", "ToCharArray()",
            "ToCharArray(int,int)", "Split(char[])", "Split(char[],int)", "Substring(int)", "Substring(int,int)",
            "Trim()", "Trim(char[])", "TrimStart(char[])", "TrimEnd(char[])", ".ctor(char[],int,int)", ".ctor(char[])",
            ".ctor(char,int)", "Compare(string,string)", "CompareTo(object)", "CompareTo(string)", "IndexOf(char)",
            "IndexOf(char,int)", "IndexOf(char,int,int)", "IndexOfAny(char[])", "IndexOfAny(char[],int)",
            "IndexOfAny(char[],int,int)", "IndexOf(string)", "IndexOf(string,int)", "IndexOf(string,int,int)",
            "LastIndexOf(char)", "LastIndexOf(char,int)", "LastIndexOf(char,int,int)", "LastIndexOfAny(char[])",
            "LastIndexOfAny(char[],int)", "LastIndexOfAny(char[],int,int)", "LastIndexOf(string)",
            "LastIndexOf(string,int)", "LastIndexOf(string,int,int)", "ToLower()", "ToUpper()", "ToString()",
            "Concat(object)", "Concat(object,object)", "Concat(object,object,object)", "Concat(object[])",
            "Concat(string,string)", "Concat(string,string,string)", "Concat(string,string,string,string)",
            "Concat(string[])", "Intern(string)", "IsInterned(string)", "Format(string,object[])", "PadLeft(int,char)",
            "PadRight(int,char)", "IsNullOrEmpty(string)", "Contains(string)", "StartsWith(string)", "EndsWith(string)",
            // .NET overloads whose calls nanoFramework binds to the params char[] ones, with the same result:
            "Trim(char)", "TrimStart(char)", "TrimEnd(char)", "Split(char)",
            // C# interpolation without DefaultInterpolatedStringHandler binds to these:
            "Format(string,object)", "Format(string,object,object)", "Format(string,object,object,object)"),
        ["System.Array"] = Set(
            "CreateInstance(System.Type,int)", "Copy(System.Array,System.Array,int)", "Copy(System.Array,int,System.Array,int,int)",
            "Clear(System.Array,int,int)", "GetValue(int)", "Length", "SyncRoot", "IsReadOnly", "IsFixedSize",
            "IsSynchronized", "Clone()", "BinarySearch(System.Array,object,System.Collections.IComparer)",
            "BinarySearch(System.Array,int,int,object,System.Collections.IComparer)", "CopyTo(System.Array,int)",
            "GetEnumerator()", "IndexOf(System.Array,object)", "IndexOf(System.Array,object,int)",
            "IndexOf(System.Array,object,int,int)"),
        ["System.BitConverter"] = Set(
            "IsLittleEndian", "DoubleToInt64Bits(double)", "Int64BitsToDouble(long)", "GetBytes(bool)", "GetBytes(char)",
            "GetBytes(double)", "GetBytes(float)", "GetBytes(int)", "GetBytes(long)", "GetBytes(short)", "GetBytes(uint)",
            "GetBytes(ulong)", "GetBytes(ushort)", "ToBoolean(byte[],int)", "ToChar(byte[],int)", "ToDouble(byte[],int)",
            "ToInt16(byte[],int)", "ToInt32(byte[],int)", "ToInt64(byte[],int)", "ToSingle(byte[],int)",
            "ToString(byte[])", "ToString(byte[],int)", "ToString(byte[],int,int)", "ToUInt16(byte[],int)",
            "ToUInt32(byte[],int)", "ToUInt64(byte[],int)"),
        ["System.Convert"] = Set(
            "ToBoolean(byte)", "ToChar(ushort)", "ToSByte(string,int)", "ToByte(string,int)", "ToByte(bool)",
            "ToDateTime(string)", "ToInt16(string,int)", "ToUInt16(string,int)", "ToInt32(string,int)",
            "ToUInt32(string,int)", "ToInt64(string,int)", "ToUInt64(string,int)", "ToDouble(string)", "ToSingle(string)",
            "ToBase64String(byte[])", "ToBase64String(byte[],System.Base64FormattingOptions)", "ToBase64String(byte[],int,int)",
            "ToBase64String(byte[],int,int,System.Base64FormattingOptions)", "FromBase64String(string)",
            "FromBase64CharArray(char[],int,int)"),
        ["System.Threading.Thread"] = Set(
            ".ctor(System.Threading.ThreadStart)", "Start()", "Abort()", "Suspend()", "Resume()", "Priority", "ManagedThreadId",
            "IsAlive", "Join()", "Join(int)", "Join(System.TimeSpan)", "Sleep(int)", "Sleep(System.TimeSpan)", "SpinWait(int)",
            "CurrentThread", "ThreadState"),
        ["System.Diagnostics.Debug"] = Set(
            "Assert(bool)", "Assert(bool,string)", "Assert(bool,string,string)", "Write(string)", "WriteLine()", "WriteLine(string)"),
        ["System.Console"] = Set("Write(string)", "WriteLine()", "WriteLine(string)"),
        ["System.Text.Encoding"] = Set(
            "UTF8", "GetBytes(string)", "GetBytes(string,int,int,byte[],int)", "GetChars(byte[])", "GetChars(byte[],int,int)",
            "GetString(byte[],int,int)", "GetDecoder()"),
        ["System.Collections.ArrayList"] = Set(
            ".ctor()", "Capacity", "Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "SyncRoot", "Item", "Add(object)",
            "BinarySearch(object,System.Collections.IComparer)", "Clear()", "Clone()", "Contains(object)",
            "CopyTo(System.Array)", "CopyTo(System.Array,int)", "GetEnumerator()", "IndexOf(object)", "IndexOf(object,int)",
            "IndexOf(object,int,int)", "Insert(int,object)", "Remove(object)", "RemoveAt(int)", "ToArray()",
            "ToArray(System.Type)"),
        ["System.Exception"] = Set(".ctor()", ".ctor(string)", ".ctor(string,System.Exception)", "Message", "InnerException", "StackTrace", "HResult"),
        ["System.ArgumentException"] = Set(".ctor()", ".ctor(string)", ".ctor(string,System.Exception)", ".ctor(string,string)",
            ".ctor(string,string,System.Exception)", "Message", "ParamName", "ThrowIfNullOrEmpty(string,string)"),
        ["System.ArgumentNullException"] = Set(".ctor()", ".ctor(string)", ".ctor(string,System.Exception)", ".ctor(string,string)",
            "ThrowIfNull(object,string)"),
        ["System.ArgumentOutOfRangeException"] = Set(".ctor()", ".ctor(string)", ".ctor(string,string)"),
        ["System.InvalidOperationException"] = Set(".ctor()", ".ctor(string)", ".ctor(string,System.Exception)"),
        ["System.NotSupportedException"] = Set(".ctor()", ".ctor(string)", ".ctor(string,System.Exception)"),
        ["System.ObjectDisposedException"] = Set(".ctor()", ".ctor(string)", ".ctor(string,System.Exception)"),
        ["System.Char"] = Set("MaxValue", "MinValue", "ToString()"),
        ["System.Boolean"] = Set("TrueString", "FalseString", "ToString()"),
    };

    /// <summary>Members every numeric primitive has on nanoFramework (int.Parse, float.NaN ...).</summary>
    public static readonly IReadOnlySet<string> NumericMembers = Set(
        "MaxValue", "MinValue", "ToString()", "ToString(string)", "Parse(string)", "TryParse(string,T)",
        "NaN", "Epsilon", "PositiveInfinity", "NegativeInfinity", "IsNaN(T)", "IsInfinity(T)",
        "IsNegativeInfinity(T)", "IsPositiveInfinity(T)");

    /// <summary>Numeric types that also have CompareTo(T) on nanoFramework.</summary>
    public static readonly IReadOnlySet<string> FloatingPoint = Set("System.Single", "System.Double");

    /// <summary>Members of System.Object, callable on anything.</summary>
    public static readonly IReadOnlySet<string> ObjectMembers = Set(
        "Equals(object)", "GetHashCode()", "GetType()", "ToString()", "ReferenceEquals(object,object)", "Equals(object,object)",
        "MemberwiseClone()", ".ctor()", "Finalize()");

    /// <summary>Format specifiers nanoFramework's numeric ToString(string) understands (with optional precision).</summary>
    public const string FormatSpecifierPattern = "^[DdFfGgNnXx][0-9]{0,2}$";

    private static IReadOnlySet<string> Set(params string[] items) => new HashSet<string>(items, StringComparer.Ordinal);
}
