using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// Finds the reference data (../shared beside the repo, or env TINYML_SHARED). Tests that
    /// need it call <see cref="Require"/>, which marks them inconclusive with a message when it
    /// is absent (a fresh clone), so the suite still passes there.
    /// </summary>
    internal static class SharedData
    {
        /// <summary>Copies input.bin (every model input, one after the other) into the
        /// interpreter's inputs; returns the bytes used.</summary>
        internal static int CopyInputs(TinyMl.Nano.Interpreter interpreter, byte[] input)
        {
            int at = 0;
            for (int i = 0; i < interpreter.InputCount; i++)
            {
                TinyMl.Nano.Tensor t = interpreter.GetInput(i);
                Assert.IsTrue(at + t.ByteLength <= input.Length, "input.bin is too short for input " + i);
                t.CopyFromBytes(input, at, t.ByteLength);
                at += t.ByteLength;
            }
            return at;
        }

        public static string Root()
        {
            string env = Environment.GetEnvironmentVariable("TINYML_SHARED");
            if (!string.IsNullOrEmpty(env))
            {
                return Directory.Exists(env) ? Path.GetFullPath(env) : null;
            }
            string repo = RepoRoot();
            if (repo == null)
            {
                return null;
            }
            string shared = Path.GetFullPath(Path.Combine(repo, "..", "shared"));
            return Directory.Exists(shared) ? shared : null;
        }

        /// <summary>The repository root: the first folder up from the test assembly holding TinyMl.Nano.sln.</summary>
        public static string RepoRoot()
        {
            // The build output may live outside the repo (--artifacts-path): fall back to where
            // this source file was compiled from.
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), SourceDirectory() })
            {
                if (string.IsNullOrEmpty(start) || !Directory.Exists(start))
                {
                    continue;
                }
                var dir = new DirectoryInfo(start);
                while (dir != null)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "TinyMl.Nano.sln")))
                    {
                        return dir.FullName;
                    }
                    dir = dir.Parent;
                }
            }
            return null;
        }

        /// <summary>
        /// The root of the source tree these tests were compiled from (this file is
        /// tests/TinyMl.Tools.Tests/Golden/SharedData.cs): for tests that check files of the
        /// repository itself (interop table, device subset, boards).
        /// </summary>
        public static string SourceRoot()
        {
            return Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", ".."));
        }

        private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        {
            return string.IsNullOrEmpty(path) ? null : Path.GetDirectoryName(path);
        }

        /// <summary>
        /// Loads a compiled model; inconclusive (with the runtime's sentence) when this build of
        /// the native runtime leaves out an operator the model uses (TNM_OP_SET), as for missing
        /// reference data: the test runs as soon as the runtime has the operator.
        /// </summary>
        public static TinyMl.Nano.Model LoadOrInconclusive(byte[] blob)
        {
            try
            {
                return new TinyMl.Nano.Model(blob);
            }
            catch (TinyMl.Nano.ModelNotSupportedException e) when (e.Message.Contains("leaves out", StringComparison.Ordinal))
            {
                Assert.Inconclusive(e.Message);
                return null;
            }
        }

        /// <summary>Full path of a file under the shared root; inconclusive when it is missing.</summary>
        public static string Require(string relative)
        {
            string root = Root();
            if (root == null)
            {
                Assert.Inconclusive("reference data not found: set TINYML_SHARED or put the shared folder at ../shared beside the repo root");
            }
            string path = Path.Combine(root, relative);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                Assert.Inconclusive("reference data not found: " + path);
            }
            return path;
        }

        public static string ModelPath(string model)
        {
            return Require(Path.Combine("models", model + ".tflite"));
        }

        public static byte[] ReadModel(string model)
        {
            return File.ReadAllBytes(ModelPath(model));
        }

        private static readonly object Gate = new object();
        private static readonly System.Collections.Generic.Dictionary<string, CompiledModel> Compiled = new();

        /// <summary>The compiled model (compiled once per test run).</summary>
        public static CompiledModel Compile(string model)
        {
            byte[] tflite = ReadModel(model);
            lock (Gate)
            {
                if (!Compiled.TryGetValue(model, out CompiledModel compiled))
                {
                    compiled = ModelCompiler.Compile(tflite);
                    Compiled[model] = compiled;
                }
                return compiled;
            }
        }

        /// <summary>First differing byte of two arrays, as a sentence; null when equal.</summary>
        public static string Difference(byte[] expected, byte[] actual, bool signed = true)
        {
            if (expected.Length != actual.Length)
            {
                return "length " + actual.Length + ", expected " + expected.Length;
            }
            int first = -1;
            int count = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                if (expected[i] != actual[i])
                {
                    if (first < 0)
                    {
                        first = i;
                    }
                    count++;
                }
            }
            if (first < 0)
            {
                return null;
            }
            string got = signed ? ((sbyte)actual[first]).ToString() : actual[first].ToString();
            string want = signed ? ((sbyte)expected[first]).ToString() : expected[first].ToString();
            return "first difference at byte " + first + " of " + expected.Length + ": got " + got + ", expected " + want +
                   " (" + count + " bytes differ)";
        }
    }
}
