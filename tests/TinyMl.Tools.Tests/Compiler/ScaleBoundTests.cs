#nullable enable
using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Regression for a tools/TinyMl.Fuzz finding: the compiler accepted a tensor scale of
    /// float.MaxValue (3.4028235e38, finite) and the runtime refused the blob ("scale is
    /// 3.40282e+38; a quantized tensor needs a positive, finite scale": its bound was 3.4e38,
    /// below float.MaxValue). The compiler and the runtime must agree: a scale the compiler
    /// accepts loads and runs.
    /// </summary>
    [TestClass]
    public class ScaleBoundTests
    {
        [TestMethod]
        public void LargestFiniteScaleTheCompilerAcceptsIsAcceptedByTheRuntime()
        {
            int accepted = 0;
            foreach (string tensor in new[] { "input", "output" })
            {
                var builder = new TinyModelBuilder();
                if (tensor == "input")
                {
                    builder.InputScale = float.MaxValue;
                }
                else
                {
                    builder.OutputScale = float.MaxValue;
                }
                CompiledModel compiled;
                try
                {
                    compiled = ModelCompiler.Compile(builder.Build());
                }
                catch (ModelCompileException e)
                {
                    StringAssert.Contains(e.Message, "scale", tensor + ": a refusal names the scale");
                    continue;
                }
                accepted++;
                var interpreter = new Interpreter(new Model(compiled.Blob));
                interpreter.Invoke();
            }
            Assert.IsTrue(accepted > 0, "the compiler accepts float.MaxValue on at least one tensor (the finding)");
        }
    }
}
