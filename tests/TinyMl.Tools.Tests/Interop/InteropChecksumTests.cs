using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.InteropCheck;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Interop;

/// <summary>
/// The guard that keeps a user from flashing a firmware that refuses TinyMl.Nano.Interop with
/// "Invalid native checksum": the committed native lookup table and checksum
/// (native-kernels/nanoframework) must be what nanoFramework computes from the device-side
/// declarations in native-kernels/nanoframework/managed/NativeMethods.cs.
/// </summary>
[TestClass]
public class InteropChecksumTests
{
    private static readonly InteropProject Project = new(SharedData.SourceRoot());

    [TestMethod]
    public void CommittedTableAndChecksumMatchTheDeclarations()
    {
        InteropTable table = Project.BuildTable();

        IReadOnlyList<string> problems = NativeFiles.Verify(table, Project, Project.NativeDirectory);

        Assert.AreEqual(0, problems.Count, "Run: dotnet run --project tools/TinyMl.InteropCheck -- --write\n" + string.Join("\n", problems));
        Assert.AreEqual("TinyMl.Nano.Interop", table.AssemblyName);
        Assert.AreNotEqual(0u, table.Checksum);
        CollectionAssert.Contains(
            table.NativeMethods.Select(m => m.MethodName).ToList(),
            "LayerInvoke___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4__SZARRAY_I4");
    }

    [TestMethod]
    public void ChangedNativeSignatureFailsTheCheck()
    {
        // LayerInvoke's index becomes a short in the device declarations only.
        var sources = ModifiedDeviceDeclarations(
            "internal static extern int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, int index, int[] error);",
            "internal static extern int LayerInvoke(byte[] model, int modelLength, byte[] arena, int arenaLength, short index, int[] error);");
        InteropTable committed = Project.BuildTable();

        InteropTable changed = InteropProject.BuildTable(sources);
        IReadOnlyList<string> problems = NativeFiles.Verify(changed, Project, Project.NativeDirectory);

        Assert.AreNotEqual(committed.Checksum, changed.Checksum);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Native checksum:", StringComparison.Ordinal) && p.Contains("Invalid native checksum")),
            string.Join("\n", problems));
        Assert.IsTrue(problems.Any(p => p.Contains("LayerInvoke___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I2__SZARRAY_I4")),
            string.Join("\n", problems));
    }

    [TestMethod]
    public void AddedNativeMethodWithoutHandlerFailsTheCheck()
    {
        var sources = ModifiedDeviceDeclarations(
            "internal static extern int ModelCheck(byte[] model, int modelLength, int[] error);",
            "internal static extern int ModelCheck(byte[] model, int modelLength, int[] error);\n\n" +
            "        [MethodImpl(MethodImplOptions.InternalCall)]\n" +
            "        internal static extern int ModelSize(byte[] model, int[] error);");

        InteropTable changed = InteropProject.BuildTable(sources);
        IReadOnlyList<string> problems = NativeFiles.Verify(changed, Project, Project.NativeDirectory);

        Assert.AreEqual(Project.BuildTable().Entries.Count + 1, changed.Entries.Count);
        Assert.IsTrue(problems.Any(p => p.Contains("does not implement ModelSize___STATIC__I4__SZARRAY_U1__SZARRAY_I4")),
            string.Join("\n", problems));
        Assert.IsTrue(problems.Any(p => p.StartsWith("Lookup table row 1:", StringComparison.Ordinal)), string.Join("\n", problems));
    }

    [TestMethod]
    public void HostOnlyChangesDoNotMoveTheChecksum()
    {
        // The host (DllImport) block is not part of the device assembly.
        var sources = ModifiedDeviceDeclarations(
            "private const string Library = \"tinyml_native\";",
            "private const string Library = \"tinyml_native\";\n        internal static int HostOnlyHelper() { return 1; }");

        Assert.AreEqual(Project.BuildTable().Checksum, InteropProject.BuildTable(sources).Checksum);
    }

    [TestMethod]
    public void CrcIsTheMetadataProcessorVariant()
    {
        // CRC-32/MPEG-2 check value, and the running values the metadata processor's own unit test
        // (NativeMethodsCrcTests.CrcWithMethodDefinitionTest) expects for assembly TestNFApp,
        // class TestNFApp_OneClassOverAll, native method DummyExternMethod___VOID.
        Assert.AreEqual(0x0376E6E7u, NanoCrc32.Compute(Ascii("123456789"), 0xFFFFFFFF));
        uint first = NanoCrc32.Compute(Ascii("DummyExternMethod___VOID"), 0);
        Assert.AreEqual(519713657u, first);
        uint second = NanoCrc32.Compute(Ascii("DummyExternMethod___VOID"),
            NanoCrc32.Compute(Ascii("TestNFApp_OneClassOverAll"), NanoCrc32.Compute(Ascii("TestNFApp"), first)));
        Assert.AreEqual(1574868855u, second);
        Assert.AreEqual(2748897355u, NanoCrc32.Compute(Ascii("NULL"), second));
    }

    [TestMethod]
    public void ChecksumIgnoresEntriesBeforeTheFirstNativeMethod()
    {
        // Managed DummyMethod before the native one: its NULL and the first native method's
        // assembly and class names leave the running value at 0; the implicit .ctor after it counts.
        const string source = """
            [assembly: System.Reflection.AssemblyNativeVersion("1.0.0.0")]
            namespace TestNFApp
            {
                public class OneClassOverAll
                {
                    public void DummyMethod() { }
                    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
                    public extern void DummyExternMethod();
                }
            }
            """;

        InteropTable table = InteropTable.FromImage(DeclarationCompiler.Compile("TestNFApp", new[] { ("OneClassOverAll.cs", source) }));

        Assert.AreEqual(3, table.Entries.Count);
        Assert.IsFalse(table.Entries[0].IsNative);
        Assert.AreEqual("DummyExternMethod___VOID", table.Entries[1].MethodName);
        Assert.AreEqual("_ctor___VOID", table.Entries[2].MethodName); // dots become underscores
        Assert.AreEqual(NanoCrc32.Compute(Ascii("NULL"), 519713657u), table.Checksum);
    }

    [TestMethod]
    public void MethodNamesUseClrTypeNames()
    {
        const string source = """
            [assembly: System.Reflection.AssemblyNativeVersion("2.1.0.3")]
            namespace A.B
            {
                public static class C
                {
                    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
                    public static extern float M(sbyte[] a, short[] b, float[] c, string d, bool e, ref int f, System.DateTime g);
                }
            }
            """;

        InteropTable table = InteropTable.FromImage(DeclarationCompiler.Compile("X.Y", new[] { ("C.cs", source) }));

        Assert.AreEqual(new Version(2, 1, 0, 3), table.NativeVersion);
        Assert.AreEqual("A_B_C", table.Entries[0].ClassName);
        Assert.AreEqual("M___STATIC__R4__SZARRAY_I1__SZARRAY_I2__SZARRAY_R4__STRING__BOOLEAN__BYREF_I4__SystemDateTime",
            table.Entries[0].MethodName);
        StringAssert.Contains(NativeFiles.Table(table, "X_Y"), "g_CLR_AssemblyNative_X_Y =");
        StringAssert.Contains(NativeFiles.Table(table, "X_Y"), "{ 2, 1, 0, 3 }");
    }

    private static List<(string Path, string Text)> ModifiedDeviceDeclarations(string find, string replace)
    {
        var sources = Project.ReadSources().ToList();
        int index = sources.FindIndex(s => s.Path.EndsWith("NativeMethods.cs", StringComparison.Ordinal));
        Assert.IsTrue(index >= 0, "the interop project compiles NativeMethods.cs");
        string text = sources[index].Text;
        Assert.IsTrue(text.Contains(find, StringComparison.Ordinal), "declaration to change not found: " + find);
        sources[index] = (sources[index].Path, text.Replace(find, replace, StringComparison.Ordinal));
        return sources;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
