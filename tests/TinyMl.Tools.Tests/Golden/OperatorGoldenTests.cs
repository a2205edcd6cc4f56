#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// The one-operator TFLM goldens committed beside the C tests (native-kernels/tests/data:
    /// a tiny .tflite, its input bytes and the output bytes TFLM's reference kernels produced),
    /// end to end through the compiler (this lowering's parameters) and the device library.
    /// </summary>
    [TestClass]
    public class OperatorGoldenTests
    {
        private static string DataRoot() => Path.Combine(SharedData.SourceRoot(), "native-kernels", "tests", "data");

        public static IEnumerable<object[]> Models()
        {
            string root = DataRoot();
            foreach (string dir in Directory.GetDirectories(Path.Combine(root, "ops")).Concat(Directory.GetDirectories(root)).OrderBy(d => d, StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(dir, "model.tflite")) && File.Exists(Path.Combine(dir, "output.bin")))
                    yield return new object[] { Path.GetRelativePath(root, dir) };
            }
        }

        /// <summary>
        /// Models the compiler must refuse, with the words of its message (none today: the 5-D
        /// PAD and TRANSPOSE models of pad/ and transpose/ run since blob format 3).
        /// </summary>
        private static readonly Dictionary<string, string> Refused = new();

        [TestMethod]
        [DynamicData(nameof(Models))]
        public void CompiledOperatorMatchesTflm(string folder)
        {
            string dir = Path.Combine(DataRoot(), folder);
            byte[] tflite = File.ReadAllBytes(Path.Combine(dir, "model.tflite"));
            if (Refused.TryGetValue(folder.Replace('\\', '/'), out string? reason))
            {
                var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(tflite));
                StringAssert.Contains(e.Message, reason);
                return;
            }
            CompiledModel compiled = ModelCompiler.Compile(tflite);
            var interpreter = new Interpreter(new Model(compiled.Blob));
            byte[] input = File.ReadAllBytes(Path.Combine(dir, "input.bin"));
            byte[] expected = File.ReadAllBytes(Path.Combine(dir, "output.bin"));
            // input.bin / output.bin hold K invocations in a row from one fresh state (a model
            // with state: TFLM's dump --invokes K); one for the others.
            int perInvoke = SharedData.CopyInputs(interpreter, input);
            Assert.IsTrue(perInvoke > 0 && input.Length % perInvoke == 0, $"input.bin size {input.Length} is not a multiple of {perInvoke}");
            int invokes = input.Length / perInvoke;
            Assert.IsTrue(invokes == 1 || File.Exists(Path.Combine(dir, "input_1.bin")), "several invocations without input_k.bin");
            var outputs = new List<byte>();
            for (int k = 0; k < invokes; k++)
            {
                if (k > 0) SharedData.CopyInputs(interpreter, input[(k * perInvoke)..]);
                interpreter.Invoke();
                outputs.AddRange(GoldenTests.Outputs(interpreter));
            }
            string? difference = SharedData.Difference(expected, outputs.ToArray());
            Assert.IsNull(difference, folder + ": " + difference);
        }

        [TestMethod]
        public void EveryFolderIsFound()
        {
            Assert.IsTrue(Models().Count() >= 30, Models().Count() + " models");
        }
    }
}
