#nullable enable
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.DeviceCheck;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.DeviceSuite;

/// <summary>The repository's device projects compiled once against the real nanoFramework mscorlib (shared by the tests here).</summary>
internal static class DeviceCompile
{
    private static readonly Lazy<IReadOnlyList<CorlibProjectResult>> Repository = new(() =>
        CorlibCompiler.CompileRepository(SharedData.SourceRoot(), Mscorlib()));

    /// <summary>The nanoFramework mscorlib.dll; the build copies it beside TinyMl.DeviceCheck, so its absence is a failure, not a skip.</summary>
    public static string Mscorlib() =>
        CorlibCompiler.FindMscorlib() ?? throw new AssertFailedException(
            $"nanoFramework mscorlib {CorlibCompiler.CorlibVersion} not found: restore tools/TinyMl.DeviceCheck (package nanoFramework.CoreLibrary).");

    public static IReadOnlyList<CorlibProjectResult> All => Repository.Value;

    public static CorlibProjectResult Project(string assemblyName) =>
        All.FirstOrDefault(r => r.Project!.AssemblyName == assemblyName)
        ?? throw new AssertFailedException($"no .nfproj builds {assemblyName}");
}
