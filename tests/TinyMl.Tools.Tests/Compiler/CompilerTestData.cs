#nullable enable
using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>The reference models in ../shared (or $TINYML_SHARED); inconclusive when absent.</summary>
    internal static class CompilerTestData
    {
        public static string? SharedRoot()
        {
            string? env = Environment.GetEnvironmentVariable("TINYML_SHARED");
            if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "TinyMl.Nano.sln")))
                    {
                        string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                        return Directory.Exists(shared) ? shared : null;
                    }
                }
            }
            return null;
        }

        public static byte[] Model(string name)
        {
            string? root = SharedRoot();
            if (root == null)
                Assert.Inconclusive("reference data not found: set TINYML_SHARED or put the shared folder at ../shared beside the repo root");
            string path = Path.Combine(root!, "models", name + ".tflite");
            if (!File.Exists(path)) Assert.Inconclusive("reference model not found: " + path);
            return File.ReadAllBytes(path);
        }
    }
}
