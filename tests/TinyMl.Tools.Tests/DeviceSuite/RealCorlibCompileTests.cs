#nullable enable
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.DeviceCheck;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.DeviceSuite;

/// <summary>
/// The device projects compile against the real nanoFramework mscorlib (nanoFramework.CoreLibrary
/// 1.17.11) with no .NET standard library, NANOFRAMEWORK_1_0 and C# 10 (CorlibCompiler), and the
/// compile fails on an API that mscorlib lacks or on a type the compiler would synthesize.
/// </summary>
[TestClass]
public class RealCorlibCompileTests
{
    [TestMethod]
    public void DeviceProjectsCompileAgainstTheRealMscorlib()
    {
        IReadOnlyList<CorlibProjectResult> results = DeviceCompile.All;
        string root = SharedData.SourceRoot();
        string Rel(string f) => Path.GetRelativePath(root, f).Replace('\\', '/');

        string errors = string.Join(Environment.NewLine, results.SelectMany(r => r.Errors));
        Assert.AreEqual(0, results.Sum(r => r.Errors.Count),
            $"Device code does not compile against nanoFramework mscorlib {CorlibCompiler.CorlibVersion}:{Environment.NewLine}{errors}");
        Assert.IsTrue(results.All(r => r.Image != null));
        Assert.IsTrue(results.All(r => CorlibCompiler.ConstantDataBytes(r.Image!) <= CorlibCompiler.ConstantDataLimit));

        // What the compile covers: the whole library but its hardware adapters, the interop
        // assembly and every shared test source.
        CorlibProjectResult library = DeviceCompile.Project("TinyMl.Nano");
        CorlibProjectResult interop = DeviceCompile.Project("TinyMl.Nano.Interop");
        CorlibProjectResult tests = DeviceCompile.Project("NFUnitTest");
        CollectionAssert.Contains(library.Compiled.Select(Rel).ToArray(), "firmware/TinyMl.Nano/Model.cs");
        CollectionAssert.Contains(library.Compiled.Select(Rel).ToArray(), "firmware/TinyMl.Nano/NativeStatus.cs");     // System.Text
        CollectionAssert.Contains(library.Compiled.Select(Rel).ToArray(), "firmware/TinyMl.Nano/Quantization.cs");     // System.Math
        CollectionAssert.Contains(interop.Compiled.Select(Rel).ToArray(), "native-kernels/nanoframework/managed/NativeMethods.cs");
        Assert.AreEqual(0, tests.Excluded.Count, string.Join(", ", tests.Excluded.Select(e => e.File)));
        Assert.AreEqual(0, interop.Excluded.Count);
        Assert.IsTrue(library.Excluded.All(e => Rel(e.File).StartsWith("firmware/TinyMl.Nano/Device/", StringComparison.Ordinal)),
            string.Join(", ", library.Excluded.Select(e => Rel(e.File))));
        Assert.AreEqual(library.Project!.SourceFiles.Count, library.Compiled.Count + library.Excluded.Count);
    }

    [TestMethod]
    public void TheCompiledAssembliesAreWrittenForTheMetadataProcessor()
    {
        // --corlib --emit <dir>: one <AssemblyName>.dll per project, referencing the real mscorlib.
        string dir = Path.Combine(Path.GetTempPath(), "tinyml-emit-" + Guid.NewGuid().ToString("N"));
        try
        {
            IReadOnlyList<string> written = CorlibCompiler.WriteAssemblies(DeviceCompile.All, Path.Combine(dir, "out"));
            string[] names = written.Select(Path.GetFileName).ToArray()!;
            CollectionAssert.IsSubsetOf(new[] { "TinyMl.Nano.dll", "TinyMl.Nano.Interop.dll", "NFUnitTest.dll" }, names);
            Assert.AreEqual(DeviceCompile.All.Count, written.Count);
            foreach (string path in written)
            {
                using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
                System.Reflection.Metadata.MetadataReader md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                Assert.AreEqual(Path.GetFileNameWithoutExtension(path), md.GetString(md.GetAssemblyDefinition().Name));
                var mscorlib = md.AssemblyReferences.Select(md.GetAssemblyReference).Single(r => md.GetString(r.Name) == "mscorlib");
                Assert.AreEqual(new Version(1, 17, 11, 0), mscorlib.Version, path);
            }

            // A project with compile errors is not written.
            CorlibProjectResult bad = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(), new[] { new SourceFile("Bad.cs", "class Bad { int X() { return \"s\"; } }") });
            Assert.AreNotEqual(0, bad.Errors.Count);
            CorlibProjectResult library = DeviceCompile.Project("TinyMl.Nano");
            var broken = new CorlibProjectResult
            {
                Project = library.Project, Compiled = library.Compiled, Excluded = library.Excluded,
                Errors = bad.Errors, Image = library.Image, Compilation = library.Compilation,
            };
            Assert.AreEqual(0, CorlibCompiler.WriteAssemblies(new[] { broken }, Path.Combine(dir, "bad")).Count);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void OnlyFilesNeedingAnUnservedPackageAreLeftOut()
    {
        Assert.IsNotNull(CorlibCompiler.NeedsUnservedPackage("Lib/Device/Pin.cs", "class Pin { }"));
        Assert.IsNotNull(CorlibCompiler.NeedsUnservedPackage("Lib/Led.cs", "using System;\nusing System.Device.Gpio;\nclass Led { }"));
        Assert.IsNotNull(CorlibCompiler.NeedsUnservedPackage("Lib/Store.cs", "namespace N { using System.IO; class Store { } }"));
        Assert.IsNotNull(CorlibCompiler.NeedsUnservedPackage("App/Program.cs", "using nanoFramework.Hardware.Esp32;\nclass P { }"));
        Assert.IsNull(CorlibCompiler.NeedsUnservedPackage("Lib/Crc.cs", "using System;\nclass Crc { }"));
        Assert.IsNull(CorlibCompiler.NeedsUnservedPackage("Lib/DeviceInfo.cs", "using System.Text;\nclass DeviceInfo { }"));
        // Host-only usings do not count: the device never compiles them.
        Assert.IsNull(CorlibCompiler.NeedsUnservedPackage("Lib/Both.cs", "#if !NANOFRAMEWORK_1_0\nusing System.IO;\n#endif\nclass Both { }"));
    }

    [TestMethod]
    public void AnApiThatMscorlibLacksFailsTheCompile()
    {
        const string source = """
            namespace Device
            {
                internal static class UsesDotNetOnly
                {
                    internal static int Items()
                    {
                        System.Collections.Generic.List<int> items = new System.Collections.Generic.List<int>();
                        return items.Count;
                    }

                    internal static float Root(float x) { return System.MathF.Sqrt(x); }

                    internal static string Upper(string s) { return s.ToUpperInvariant(); }
                }
            }
            """;
        CorlibProjectResult result = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(), new[] { new SourceFile("Device.cs", source) });

        string all = string.Join(Environment.NewLine, result.Errors);
        Assert.IsNull(result.Image);
        Assert.IsTrue(result.Errors.Any(e => e.Line == 7 && e.Message.Contains("Generic", StringComparison.Ordinal)), all);
        Assert.IsTrue(result.Errors.Any(e => e.Line == 11 && e.Message.Contains("MathF", StringComparison.Ordinal)), all);
        Assert.IsTrue(result.Errors.Any(e => e.Line == 13 && e.Message.Contains("ToUpperInvariant", StringComparison.Ordinal)), all);
        Assert.IsTrue(result.Errors.All(e => e.Rule == CorlibCompiler.Rule && e.Path == "Device.cs"), all);
    }

    [TestMethod]
    public void TheCompileOnlyPackagesAnswerWhatDeviceCodeUses()
    {
        const string source = """
            using System;
            using System.Text;

            internal static class UsesPackages
            {
                internal static double Floor(double x) { return Math.Floor(x) + Math.Sqrt(x) + Math.Max(1, 2); }

                internal static string Text(byte[] b) { return Encoding.UTF8.GetString(b, 0, b.Length); }
            }
            """;
        CorlibProjectResult with = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(),
            new[] { new SourceFile("Packages.cs", source) }, "System.Math", "nanoFramework.System.Text");
        CorlibProjectResult without = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(), new[] { new SourceFile("Packages.cs", source) });

        Assert.AreEqual(0, with.Errors.Count, string.Join(Environment.NewLine, with.Errors));
        // Without the package declarations mscorlib alone has neither (Math lives in nanoFramework.System.Math).
        Assert.IsTrue(without.Errors.Any(e => e.Message.Contains("'Math'", StringComparison.Ordinal)), string.Join(Environment.NewLine, without.Errors));
        Assert.IsTrue(without.Errors.Any(e => e.Message.Contains("'Text'", StringComparison.Ordinal) || e.Message.Contains("Encoding", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ATypeTheCompilerWouldSynthesizeFailsTheCompile()
    {
        // `in` parameters need IsReadOnlyAttribute, which nanoFramework's mscorlib lacks: the
        // compiler embeds its own copy, a type the metadata processor drops.
        const string source = "internal static class ReadOnlyRef { internal static int Get(in int x) { return x; } }";
        CorlibProjectResult result = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(), new[] { new SourceFile("Ref.cs", source) });

        string all = string.Join(Environment.NewLine, result.Errors);
        Assert.IsTrue(result.Errors.Any(e => e.Message.Contains("synthesized", StringComparison.Ordinal)
            && e.Message.Contains("IsReadOnlyAttribute", StringComparison.Ordinal)), all);
    }

    [TestMethod]
    public void AModelAsACSharpArrayFailsTheCompile()
    {
        // 20,000 bytes of array initializer, the size of a small model blob.
        string values = string.Join(",", Enumerable.Range(0, 20_000).Select(i => (i % 251 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string source = "internal static class EmbeddedModel { internal static byte[] Blob() { return new byte[] { " + values + " }; } }";
        CorlibProjectResult big = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(), new[] { new SourceFile("Model.cs", source) });
        CorlibProjectResult small = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(),
            new[] { new SourceFile("Table.cs", "internal static class Table { internal static byte[] Get() { return new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }; } }") });

        string all = string.Join(Environment.NewLine, big.Errors);
        Assert.IsTrue(big.Errors.Any(e => e.Message.Contains("20000 bytes of initialized data", StringComparison.Ordinal)
            && e.Message.Contains("flash table", StringComparison.Ordinal)), all);
        Assert.AreEqual(0, small.Errors.Count, string.Join(Environment.NewLine, small.Errors));
        Assert.AreEqual(9, CorlibCompiler.ConstantDataBytes(small.Image!));
    }

    [TestMethod]
    public void ARepositoryWithADeviceFileUsingADotNetOnlyApiFails()
    {
        // A scratch copy of the device projects with one bad file added to the library.
        string root = SharedData.SourceRoot();
        string dir = Path.Combine(Path.GetTempPath(), "corlib-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (string folder in new[] { "firmware/TinyMl.Nano", "native-kernels/nanoframework/managed", "tests/NFUnitTest", "tests/TinyMl.Nano.Tests" })
            {
                CopySources(Path.Combine(root, folder), Path.Combine(dir, folder));
            }

            File.WriteAllText(Path.Combine(dir, "firmware/TinyMl.Nano/Anomaly/Scratch.cs"),
                "namespace TinyMl.Nano.Anomaly\n{\n    internal static class Scratch\n    {\n        internal static float Half(float x) { return System.MathF.Round(x / 2); }\n    }\n}\n");

            IReadOnlyList<CorlibProjectResult> results = CorlibCompiler.CompileRepository(dir, DeviceCompile.Mscorlib());

            Violation[] errors = results.SelectMany(r => r.Errors).ToArray();
            Assert.AreEqual(1, errors.Length, string.Join(Environment.NewLine, errors));
            Assert.AreEqual("firmware/TinyMl.Nano/Anomaly/Scratch.cs", errors[0].Path);
            Assert.AreEqual(5, errors[0].Line);
            StringAssert.Contains(errors[0].Message, "MathF");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void CopySources(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
