#nullable enable
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.DeviceCheck;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.DeviceSuite;

/// <summary>
/// The device test suite runs completely on nanoFramework (issue 11): every .nfproj pins C# 10,
/// the shared test sources keep no instance state, the expected number of device tests is
/// recorded and matches the sources.
/// </summary>
[TestClass]
public class DeviceTestSuiteTests
{
    /// <summary>.nfproj files (relative paths) whose LangVersion is not exactly 10, with what they say.</summary>
    internal static IReadOnlyList<string> NotPinnedToCSharp10(string root) =>
        NfProject.FindAll(root)
            .Where(p => p.LangVersion != "10")
            .Select(p => $"{Path.GetRelativePath(root, p.ProjectFile).Replace('\\', '/')}: LangVersion '{p.LangVersion}'")
            .ToArray();

    [TestMethod]
    public void EveryNanoFrameworkProjectPinsCSharp10()
    {
        string root = SharedData.SourceRoot();
        Assert.IsTrue(NfProject.FindAll(root).Count >= 5, "the device projects were not found");
        IReadOnlyList<string> wrong = NotPinnedToCSharp10(root);
        Assert.AreEqual(0, wrong.Count,
            "Every .nfproj must say <LangVersion>10</LangVersion>: C# 11 and later add compiler-generated attribute types "
            + "that nanoFramework's metadata processor drops, so tests go undiscovered and interop lookup rows shift (issue 11):"
            + Environment.NewLine + string.Join(Environment.NewLine, wrong));
    }

    [TestMethod]
    public void TheLanguageVersionCheckFailsOnAMissingOrOtherValue()
    {
        string dir = Path.Combine(Path.GetTempPath(), "langversion-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string Project(string property) => $"""
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <PropertyGroup><AssemblyName>X</AssemblyName>{property}</PropertyGroup>
                </Project>
                """;
            File.WriteAllText(Path.Combine(dir, "Missing.nfproj"), Project(""));
            File.WriteAllText(Path.Combine(dir, "Latest.nfproj"), Project("<LangVersion>latest</LangVersion>"));
            File.WriteAllText(Path.Combine(dir, "Eleven.nfproj"), Project("<LangVersion>11</LangVersion>"));
            File.WriteAllText(Path.Combine(dir, "Ten.nfproj"), Project("<LangVersion>10</LangVersion>"));

            IReadOnlyList<string> wrong = NotPinnedToCSharp10(dir);

            CollectionAssert.AreEquivalent(
                new[] { "Eleven.nfproj: LangVersion '11'", "Latest.nfproj: LangVersion 'latest'", "Missing.nfproj: LangVersion ''" },
                wrong.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void TheRecordedDeviceTestCountMatchesTheSources()
    {
        CorlibProjectResult tests = DeviceCompile.Project(DeviceTests.AssemblyName);
        int count = DeviceTests.TestMethods(tests).Count;
        int? expected = DeviceTests.ReadExpectedCount(SharedData.SourceRoot());

        Assert.IsTrue(count >= 99, $"NFUnitTest compiles only {count} test methods");
        Assert.AreEqual(expected, count,
            $"NFUnitTest compiles {count} test methods ([TestMethod] in [TestClass], compiled for the device), but "
            + $"{DeviceTests.ExpectedCountFile} records {expected?.ToString() ?? "nothing"}. If you added or removed device tests "
            + $"on purpose, regenerate the file from the repository root with: {DeviceTests.RegenerateCommand}");
    }

    [TestMethod]
    public void EveryTestMethodOfTheSharedSourcesIsADeviceTest()
    {
        // What MSTest runs on the host must also run on the device: no [TestMethod] hidden behind
        // #if, in a class the launcher does not see, or non-public.
        string sources = Path.Combine(SharedData.SourceRoot(), "tests", "TinyMl.Nano.Tests");
        int written = Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Sum(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"\[TestMethod\]").Count);

        Assert.AreEqual(written, DeviceTests.TestMethods(DeviceCompile.Project(DeviceTests.AssemblyName)).Count);
    }

    [TestMethod]
    public void DeviceTestClassesKeepNoInstanceState()
    {
        CorlibProjectResult tests = DeviceCompile.Project(DeviceTests.AssemblyName);
        Assert.IsNotNull(tests.Image, string.Join(Environment.NewLine, tests.Errors));

        IReadOnlyList<string> problems = TestInstanceState.Find(tests.Image);

        Assert.AreEqual(0, problems.Count,
            "Shared test sources must not use instance state (nanoFramework's launcher invokes test methods without an instance):"
            + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    [TestMethod]
    public void TheInstanceStateCheckFindsFieldsClosuresAndHandlers()
    {
        const string source = """
            using System;
            using nanoFramework.TestFramework;

            namespace Probe
            {
                public delegate void Tick(object sender, long value);

                public class Source
                {
                    public event Tick Ticked;
                    public void Raise(long v) { if (Ticked != null) Ticked(this, v); }
                }

                [TestClass]
                public class Bad
                {
                    private int _count;

                    [TestMethod]
                    public void ReadsAField() { Assert.AreEqual(0, _count); }

                    [TestMethod]
                    public void WritesAField() { _count = 3; }

                    [TestMethod]
                    public void SubscribesAnInstanceHandler() { Source s = new Source(); s.Ticked += OnTick; s.Raise(1); }

                    [TestMethod]
                    public void LambdaCapturesThis() { int local = 2; Source s = new Source(); s.Ticked += (o, v) => { _count += local; }; }

                    [TestMethod]
                    public void CallsAnInstanceHelper() { Helper(); }

                    [TestMethod]
                    public void LocalFunctionUsesThis() { int Twice() { return 2 * _count; } Assert.AreEqual(0, Twice()); }

                    private void OnTick(object sender, long value) { _count++; }

                    private void Helper() { }
                }

                [TestClass]
                public class Good
                {
                    private static int s_count;
                    private const int Limit = 3;

                    [TestMethod]
                    public void UsesStaticStateAndLocals()
                    {
                        s_count = 0;
                        int local = 0;
                        Source s = new Source();
                        s.Ticked += OnTick;
                        s.Ticked += (o, v) => { local += (int)v; };
                        int Square(int x) { return x * x + s_count * 0; }
                        s.Raise(2);
                        Assert.AreEqual(2, local);
                        Assert.AreEqual(4, Square(2));
                        Assert.IsTrue(s_count <= Limit);
                    }

                    private static void OnTick(object sender, long value) { s_count++; }
                }
            }
            """;
        CorlibProjectResult compiled = CorlibCompiler.CompileSources(DeviceCompile.Mscorlib(),
            new[] { new SourceFile("Probe.cs", source) }, "nanoFramework.TestFramework");
        Assert.IsNotNull(compiled.Image, string.Join(Environment.NewLine, compiled.Errors));

        IReadOnlyList<string> problems = TestInstanceState.Find(compiled.Image);

        string all = string.Join(Environment.NewLine, problems);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad: instance field _count", StringComparison.Ordinal)), all);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad.ReadsAField: reads instance field _count", StringComparison.Ordinal)), all);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad.WritesAField: writes instance field _count", StringComparison.Ordinal)), all);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad.SubscribesAnInstanceHandler: creates a delegate on the instance method OnTick", StringComparison.Ordinal)), all);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad.LambdaCapturesThis: a lambda or local function captures this", StringComparison.Ordinal)), all);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad.CallsAnInstanceHelper: calls the instance method Helper", StringComparison.Ordinal)), all);
        Assert.IsTrue(problems.Any(p => p.StartsWith("Probe.Bad.LocalFunctionUsesThis: a local function that uses this", StringComparison.Ordinal)), all);
        Assert.IsFalse(problems.Any(p => p.StartsWith("Probe.Good", StringComparison.Ordinal)), all);
        Assert.AreEqual(7, problems.Count, all);
    }
}
