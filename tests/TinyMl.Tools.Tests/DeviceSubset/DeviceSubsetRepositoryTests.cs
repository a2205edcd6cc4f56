using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.DeviceCheck;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.DeviceSubset;

/// <summary>
/// Every C# file a nanoFramework project (.nfproj) compiles keeps to the nanoFramework subset,
/// and the check really sees those files: the projects' wildcards pick up new files by themselves.
/// </summary>
[TestClass]
public class DeviceSubsetRepositoryTests
{
    [TestMethod]
    public void DeviceCodeKeepsToTheNanoFrameworkSubset()
    {
        IReadOnlyList<Violation> violations = SubsetChecker.CheckRepository(SharedData.SourceRoot());

        Assert.AreEqual(0, violations.Count,
            $"Device-side C# uses what nanoFramework does not have (DEVELOPERS.md, Rules of the platform):{Environment.NewLine}"
            + string.Join(Environment.NewLine, violations));
    }

    [TestMethod]
    public void TheCheckCoversEveryDeviceProjectAndTheirSharedSources()
    {
        string root = SharedData.SourceRoot();
        IReadOnlyList<NfProject> projects = NfProject.FindAll(root);
        var files = projects.SelectMany(p => p.SourceFiles).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToHashSet();

        CollectionAssert.IsSubsetOf(
            new[] { "TinyMl.Nano", "TinyMl.Nano.Interop", "KeywordSpotting", "AnomalyDetection", "NFUnitTest" },
            projects.Select(p => p.AssemblyName).ToArray());
        foreach (string expected in new[]
        {
            "native-kernels/nanoframework/managed/NativeMethods.cs", // interop assembly, in its own folder
            "firmware/TinyMl.Nano/Model.cs",                         // library, by wildcard
            "firmware/apps/Shared/BoardPinRouting.cs",               // apps, by linked wildcard
            "tests/TinyMl.Nano.Tests/InterpreterTests.cs",           // shared test sources, by linked wildcard
            "tests/NFUnitTest/MSTestShim.cs",
        })
        {
            Assert.IsTrue(files.Contains(expected), expected + " is not among the device sources");
        }

        // Host-only files stay out: the library project excludes them, tests' bin/obj are skipped.
        Assert.IsFalse(files.Contains("firmware/TinyMl.Nano/Native/HostFlashModels.cs"));
        Assert.IsFalse(files.Any(f => f.Contains("/obj/", StringComparison.Ordinal) || f.Contains("/bin/", StringComparison.Ordinal)));
        Assert.IsFalse(files.Any(f => f.StartsWith("tools/", StringComparison.Ordinal)));
        Assert.IsTrue(projects.All(p => p.MissingFiles.Count == 0),
            string.Join(Environment.NewLine, projects.SelectMany(p => p.MissingFiles)));
    }

    [TestMethod]
    public void NewFilesUnderAWildcardAreCheckedWithoutTouchingTheProject()
    {
        string dir = Path.Combine(Path.GetTempPath(), "devcheck-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "Lib", "Sub"));
            Directory.CreateDirectory(Path.Combine(dir, "Lib", "obj"));
            Directory.CreateDirectory(Path.Combine(dir, "Shared"));
            File.WriteAllText(Path.Combine(dir, "Lib", "Lib.nfproj"), """
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <PropertyGroup><AssemblyName>Lib</AssemblyName></PropertyGroup>
                  <ItemGroup>
                    <Compile Include="**\*.cs" Exclude="bin\**;obj\**;Sub\HostOnly.cs" />
                    <Compile Include="..\Shared\**\*.cs"><Link>Shared\%(RecursiveDir)%(Filename)%(Extension)</Link></Compile>
                    <Compile Include="Gone.cs" />
                  </ItemGroup>
                  <ItemGroup><Reference Include="mscorlib, Version=1.17.11.0"><HintPath>x</HintPath></Reference></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Lib", "Good.cs"), "class Good { int[] _a = new int[4]; }");
            File.WriteAllText(Path.Combine(dir, "Lib", "Sub", "New.cs"), "class New\n{\n    System.Collections.Generic.List<int> _items;\n}\n");
            File.WriteAllText(Path.Combine(dir, "Lib", "Sub", "HostOnly.cs"), "class HostOnly { System.Collections.Generic.List<int> _x; }");
            File.WriteAllText(Path.Combine(dir, "Lib", "obj", "Generated.cs"), "class Generated { int? _x; }");
            File.WriteAllText(Path.Combine(dir, "Shared", "Linked.cs"), "class Linked { string M(System.Text.StringBuilder b) { return b.ToString(); } }");

            IReadOnlyList<Violation> found = SubsetChecker.CheckRepository(dir);

            string all = string.Join(Environment.NewLine, found);
            Assert.IsTrue(found.Any(v => v.Path == "Lib/Sub/New.cs" && v.Line == 3 && v.Rule == Rules.Generic), all);
            Assert.IsTrue(found.Any(v => v.Path == "Shared/Linked.cs" && v.Rule == Rules.Project && v.Message.Contains("nanoFramework.System.Text", StringComparison.Ordinal)), all);
            Assert.IsTrue(found.Any(v => v.Path == "Lib/Lib.nfproj" && v.Rule == Rules.Project && v.Message.Contains("Gone.cs", StringComparison.Ordinal)), all);
            Assert.IsFalse(found.Any(v => v.Path.Contains("HostOnly", StringComparison.Ordinal) || v.Path.Contains("Generated", StringComparison.Ordinal) || v.Path.Contains("Good", StringComparison.Ordinal)), all);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
