using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.DeviceCheck;

namespace TinyMl.Tools.Tests.DeviceSubset;

/// <summary>
/// Each rule of the nanoFramework subset check fires on a small snippet that breaks it, at the
/// right line, and stays silent on code nanoFramework does compile and run.
/// </summary>
[TestClass]
public class DeviceSubsetRuleTests
{
    // Each snippet breaks one rule on the line marked //!
    [DataRow(Rules.Generic, "class C<T> { } //!")]
    [DataRow(Rules.Generic, "class C { void M<T>(T x) { } } //!")]
    [DataRow(Rules.Generic, "using System.Collections.Generic;\nclass C { object M() { return new List<int>(); } } //!")]
    [DataRow(Rules.Generic, "class C { object M() { var d = new System.Collections.Generic.Dictionary<string, int>(); //!\n return d; } }")]
    [DataRow(Rules.Generic, "class C { void M() { System.Action<int> a = x => { }; } } //!")]
    [DataRow(Rules.Generic, "class C { void M() { System.Func<int> f = () => 1; } } //!")]
    [DataRow(Rules.Generic, "class C { int[] M() { return System.Array.Empty<int>(); } } //!")]
    [DataRow(Rules.Generic, "class C { void M(int[] a) { System.Array.Resize(ref a, 4); } } //!")]
    [DataRow(Rules.Generic, "class C { void M(int[] a) { System.Array.Fill(a, 4); } } //!")]
    [DataRow(Rules.Generic, "class C { int? M() { return null; } } //!")]
    [DataRow(Rules.Generic, "class C { object M(string s) { return s?.Length; } } //!")]
    [DataRow(Rules.Generic, "class C { void M() { var f = (int x) => x + 1; } } //!")]
    [DataRow(Rules.Generic, "class C { void M(System.Collections.IEnumerable e) { var x = System.Linq.Enumerable.Cast<int>(e); } } //!")]
    [DataRow(Rules.Generic, "class C { void M(byte[] b) { System.Span<byte> s = b; } } //!")]
    [DataRow(Rules.Generic, "using L = System.Collections.Generic.List<int>; //!\nclass C { }")]
    [DataRow(Rules.Generic, "using L = System.Collections.Generic.List<int>;\nclass C { object M() { return new L(); } } //!")]
    [DataRow(Rules.Generic, "interface IThing<T> { } //!")]
    [DataRow(Rules.Generic, "delegate T Maker<T>(); //!")]
    [DataRow(Rules.Generic, "class C { string M() { return nameof(System.Collections.Generic.List<int>); } } //!")]
    [DataRow(Rules.Linq, "using System.Linq; //!\nclass C { }")]
    [DataRow(Rules.Linq, "class C { object M(int[] a) { return from x in a select x; } } //!")]
    [DataRow(Rules.Async, "class C { async void M() { } } //!")]
    [DataRow(Rules.Async, "class C { object M() { return System.Threading.Tasks.Task.Delay(1); } } //!")]
    [DataRow(Rules.Async, "using System.Threading.Tasks; //!\nclass C { }")]
    [DataRow(Rules.Tuple, "class C { (int, int) M() { return (1, 2); } } //!")]
    [DataRow(Rules.Tuple, "class C { void M() { var (a, b) = (1, 2); } } //!")]
    [DataRow(Rules.Record, "record R(int X); //!")]
    [DataRow(Rules.Record, "record struct R(int X); //!")]
    [DataRow(Rules.StackAlloc, "class C { void M() { System.Span<int> s = stackalloc int[4]; } } //!")]
    [DataRow(Rules.Unsafe, "class C { unsafe void M() { } } //!")]
    [DataRow(Rules.Unsafe, "class C { void M() { unsafe { int x = 1; int* p = &x; } } } //!")]
    [DataRow(Rules.Unsafe, "unsafe struct S { fixed byte b[4]; } //!")]
    [DataRow(Rules.MultiDimensionalArray, "class C { int[,] M() { return new int[2, 3]; } } //!")]
    [DataRow(Rules.MathF, "class C { float M(float x) { return System.MathF.Sqrt(x); } } //!")]
    [DataRow(Rules.Dynamic, "class C { dynamic M() { return 1; } } //!")]
    [DataRow(Rules.Format, "class C { string M(float x) { return x.ToString(\"0.00\"); } } //!")]
    [DataRow(Rules.Format, "class C { string M(float x) { return x.ToString(\"E3\"); } } //!")]
    [DataRow(Rules.Format, "class C { string M(float x) { return $\"{x:P1}\"; } } //!")]
    [DataRow(Rules.Format, "class C { string M(double x) { return string.Format(\"{0,6:0.0#}\", x); } } //!")]
    [DataRow(Rules.DefaultInterfaceMember, "interface I { int M() { return 1; } } //!")]
    [DataRow(Rules.DefaultInterfaceMember, "interface I { static int M() => 1; } //!")]
    [DataRow(Rules.Init, "class C { public int X { get; init; } } //!")]
    [DataRow(Rules.Required, "class C { public required int X; } //!")]
    [DataRow(Rules.Iterator, "class C { System.Collections.IEnumerable M() { yield return 1; } } //!")]
    [DataRow(Rules.AnonymousType, "class C { object M() { return new { A = 1 }; } } //!")]
    [DataRow(Rules.Range, "class C { int M(int[] a) { return a[^1]; } } //!")]
    [DataRow(Rules.Range, "class C { int[] M(int[] a) { return a[1..3]; } } //!")]
    [DataRow(Rules.RefStruct, "ref struct S { } //!")]
    [DataRow(Rules.Api, "class C { string M() { return System.Environment.NewLine; } } //!")]
    [DataRow(Rules.Api, "class C { object M() { return new System.Collections.Hashtable(); } } //!")]
    [DataRow(Rules.Api, "class C { object M() { return new System.Diagnostics.Stopwatch(); } } //!")]
    [DataRow(Rules.Api, "class C { decimal M() { return 1m; } } //!")]
    [DataRow(Rules.Api, "class C { long M(long a, long b) { return System.Math.Max(a, b); } } //!")]
    [DataRow(Rules.Api, "class C { double M(double a) { return System.Math.Round(a, 2); } } //!")]
    [DataRow(Rules.Api, "class C { int M(int a) { return System.Math.Clamp(a, 0, 9); } } //!")]
    [DataRow(Rules.Api, "class C { string M(string s) { return s.Replace(\"a\", \"b\"); } } //!")]
    [DataRow(Rules.Api, "class C { string[] M(string s) { return s.Split(',', System.StringSplitOptions.RemoveEmptyEntries); } } //!")]
    [DataRow(Rules.Api, "class C { string M(string[] s) { return string.Join(\",\", s); } } //!")]
    [DataRow(Rules.Api, "class C { string M(int x) { return x.ToString(System.Globalization.CultureInfo.InvariantCulture); } } //!")]
    [DataRow(Rules.Api, "class C { int M(int a, int b) { return a.CompareTo(b); } } //!")]
    [DataRow(Rules.Api, "class C { bool M(float a) { return float.IsFinite(a); } } //!")]
    [DataRow(Rules.Api, "class C { void M(byte[] b) { System.Array.Clear(b); } } //!")]
    [DataRow(Rules.Api, "class C { object M() { return new System.IO.MemoryStream(); } } //!")]
    [DataRow(Rules.Api, "using System.Runtime.InteropServices;\nclass C { [DllImport(\"x\")] static extern int F(); } //!")]
    [DataRow(Rules.Api, "class C { void M() { System.Threading.Thread.Yield(); } } //!")]
    [DataRow(Rules.Api, "using System.Buffers; //!\nclass C { }")]
    [DataRow(Rules.Api, "class C { bool M(char c) { return char.IsDigit(c); } } //!")]
    [DataRow(Rules.Api, "class C { bool M(string s) { return bool.Parse(s); } } //!")]
    [DataRow(Rules.Api, "class C { void M() { throw new System.ObjectDisposedException(\"C\", \"closed\"); } } //!")]
    [DataTestMethod]
    public void RuleFiresOnTheMarkedLine(string rule, string snippet)
    {
        int line = MarkedLine(snippet);
        IReadOnlyList<Violation> found = SubsetChecker.CheckSources(new[] { new SourceFile("Snippet.cs", snippet) });

        Assert.IsTrue(found.Any(v => v.Rule == rule && v.Line == line),
            $"expected [{rule}] on line {line}; found:{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
    }

    // nanoFramework compiles and runs all of these.
    [DataRow("class C { int M(int[] a) { int s = 0; foreach (int x in a) { s += x; } return s; } }")]
    [DataRow("class C { int[] M() { return new int[] { 1, 2, 3 }; } }")]
    [DataRow("class C { int[][] M() { return new int[][] { new int[2], new int[3] }; } }")]
    [DataRow("class C { object M() { var l = new System.Collections.ArrayList(); l.Add(1); return l.ToArray(typeof(int)); } }")]
    [DataRow("class C { void M() { System.Threading.Thread t = new System.Threading.Thread(() => { }); t.Start(); System.Threading.Thread.Sleep(10); } }")]
    [DataRow("delegate void Handler(object sender, int value);\nclass C { event Handler Changed; void M() { Changed += (s, v) => { }; Changed?.Invoke(this, 1); } }")]
    [DataRow("class C { event System.EventHandler Done; void M() { Done?.Invoke(this, System.EventArgs.Empty); } }")]
    [DataRow("class C { string M(object o) { return o is string s ? s : o switch { int i when i > 0 => \"pos\", int => \"int\", null => \"null\", _ => \"other\" }; } }")]
    [DataRow("class C { string M(string name) { return nameof(M) + nameof(name.Length) + nameof(System.Math); } }")]
    [DataRow("class C { string M(float x, int n) { return $\"{x:F2} {n:X4} {n:D} {n,5} {x:N1} {x:G}\" + x.ToString(\"F3\") + n.ToString(\"x8\"); } }")]
    [DataRow("class C { string M(double x) { return string.Format(\"{0:F1} {1,-4} {2}\", x, 1, \"a\"); } }")]
    [DataRow("class C { double M(double a, int b, int c, float f) { return System.Math.Max(b, c) + System.Math.Sqrt(a) + System.Math.Abs(f) + System.Math.Round(a) + System.Math.Min(f, 1f); } }")]
    [DataRow("class C { void M(byte[] a, byte[] b) { System.Array.Copy(a, 0, b, 0, 4); System.Array.Clear(b, 0, b.Length); } }")]
    [DataRow("class C { int M(int[] a) { return System.Array.IndexOf(a, 3); } }")]
    [DataRow("class C { float M(byte[] b) { return float.IsNaN(float.NaN) ? 0 : System.BitConverter.ToSingle(b, 0) + float.Parse(\"1\"); } }")]
    [DataRow("class C { bool M(string s, out int v) { return int.TryParse(s, out v) && s.Trim(' ').Split(',').Length > 0 && s.IndexOf(\"a\") >= 0; } }")]
    [DataRow("class C { string M(byte[] b) { return System.Text.Encoding.UTF8.GetString(b, 0, b.Length); } }")]
    [DataRow("class C { readonly object _lock = new object(); int _n; void M() { lock (_lock) { _n++; } } }")]
    [DataRow("class C : System.IDisposable { public void Dispose() { } void M() { using (var c = new C()) { } using var d = new C(); } }")]
    [DataRow("class C { void M(int x) { try { if (x < 0) throw new System.ArgumentOutOfRangeException(nameof(x), \"negative\"); } catch (System.ArgumentException e) when (e.Message != null) { } finally { } } }")]
    [DataRow("class C { int M(int n) { return Twice(n); static int Twice(int v) => v * 2; } }")]
    [DataRow("class C { long M(long a) { return checked(a * 2) + (long)System.Math.Abs((double)a); } }")]
    [DataRow("interface IShape { double Area { get; } double Scale(double f); }\nsealed class Square : IShape { public double Area => 1; public double Scale(double f) => f; }")]
    [DataRow("enum Mode : byte { A = 1, B = 2 }\nclass C { Mode M(Mode m) { return m == Mode.A ? Mode.B : m; } }")]
    [DataRow("struct P { public readonly int X; public P(int x) { X = x; } }\nclass C { P M() { return new P(1) ; } }")]
    [DataRow("class C { string M(char[] c) { return new string(c, 0, c.Length).Substring(1).ToUpper(); } }")]
    [DataRow("using System.Diagnostics;\nclass C { void M() { Debug.WriteLine(\"x\"); Debug.Assert(true); } }")]
    [DataRow("using System.Runtime.CompilerServices;\nclass C { [MethodImpl(MethodImplOptions.InternalCall)] static extern int F(byte[] b); }")]
    [DataRow("class C { void M(int x) { System.ArgumentNullException.ThrowIfNull(this, nameof(x)); } }")]
    [DataRow("class C { int M(int x) { const int K = 3; return x switch { 0 => 1, < K => 2, _ => 3 }; } }")]
    [DataTestMethod]
    public void SupportedCodeIsNotFlagged(string snippet)
    {
        IReadOnlyList<Violation> found = SubsetChecker.CheckSources(new[] { new SourceFile("Snippet.cs", snippet) });

        Assert.AreEqual(0, found.Count, string.Join(Environment.NewLine, found));
    }

    [TestMethod]
    public void HostOnlyBlocksAreNotChecked()
    {
        const string snippet = """
            using System.Runtime.InteropServices;
            class C
            {
            #if NANOFRAMEWORK_1_0
                static int Count(int[] a) { return a.Length; }
            #else
                [DllImport("tinyml_native")] static extern int F();
                static int Count(int[] a) { return System.Linq.Enumerable.Count(new System.Collections.Generic.List<int>(a)); }
            #endif
            }
            """;

        IReadOnlyList<Violation> found = SubsetChecker.CheckSources(new[] { new SourceFile("Snippet.cs", snippet) });

        Assert.AreEqual(0, found.Count, string.Join(Environment.NewLine, found));
    }

    [TestMethod]
    public void DeviceOnlyBlocksAreChecked()
    {
        const string snippet = "class C\n{\n#if NANOFRAMEWORK_1_0\n    System.Collections.Generic.List<int> _items;\n#endif\n}\n";

        IReadOnlyList<Violation> found = SubsetChecker.CheckSources(new[] { new SourceFile("Snippet.cs", snippet) });

        Assert.IsTrue(found.Any(v => v.Rule == Rules.Generic && v.Line == 4), string.Join(Environment.NewLine, found));
    }

    [TestMethod]
    public void FileSystemTypesAreAllowedInDeviceAdaptersOnly()
    {
        const string snippet = "class C { bool M(string p) { return System.IO.File.Exists(p); } }";

        IReadOnlyList<Violation> adapter = SubsetChecker.CheckSources(new[] { new SourceFile("firmware/TinyMl.Nano/Device/Store.cs", snippet) });
        IReadOnlyList<Violation> library = SubsetChecker.CheckSources(new[] { new SourceFile("firmware/TinyMl.Nano/Store.cs", snippet) });

        Assert.AreEqual(0, adapter.Count, string.Join(Environment.NewLine, adapter));
        Assert.IsTrue(library.Any(v => v.Rule == Rules.Api && v.Message.StartsWith("System.IO.File:", StringComparison.Ordinal)), string.Join(Environment.NewLine, library));
    }

    [TestMethod]
    public void ViolationNamesFileLineAndColumn()
    {
        IReadOnlyList<Violation> found = SubsetChecker.CheckSources(new[] { new SourceFile("src/A.cs", "class A\n{\n    int? _x;\n}\n") });

        Violation first = found.Single();
        Assert.AreEqual("src/A.cs", first.Path);
        Assert.AreEqual(3, first.Line);
        Assert.AreEqual(5, first.Column);
        StringAssert.StartsWith(first.ToString(), "src/A.cs:3:5: [generic] ");
    }

    private static int MarkedLine(string snippet)
    {
        string[] lines = snippet.Split('\n');
        int index = Array.FindIndex(lines, l => l.Contains("//!", StringComparison.Ordinal));
        Assert.IsTrue(index >= 0, "snippet has no //! marker");
        return index + 1;
    }
}
