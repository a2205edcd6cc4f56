#nullable enable
using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TfliteFormatException = TinyMl.Tflite.TfliteFormatException;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Inputs the C# fuzzer (tools/TinyMl.Fuzz) found where the compiler wrote a blob the
    /// runtime then refused. Each is a shared model with the fuzzer's byte changes (offset,
    /// new value), so the test holds the input without copying the model. Every one must now
    /// end in a typed compile error or compile into a blob that loads and runs.
    /// </summary>
    [TestClass]
    public class FuzzRegressionTests
    {
        /// <summary>Compile, load and run; fails on anything but a typed error or success.</summary>
        private static string Outcome(byte[] file, string what)
        {
            CompiledModel compiled;
            try
            {
                compiled = ModelCompiler.Compile(file);
            }
            catch (TfliteFormatException)
            {
                return "format";
            }
            catch (ModelCompileException e)
            {
                Assert.IsFalse(e.Message.StartsWith("internal compiler error", StringComparison.Ordinal), what + ": " + e.Message);
                return "compile";
            }
            try
            {
                var interpreter = new Interpreter(new Model(compiled.Blob));
                interpreter.Invoke();
                return "ran";
            }
            catch (TinyMlException e)
            {
                Assert.Fail(what + ": the compiler wrote a blob the runtime refuses: " + e.Message);
                return "";
            }
        }

        private static byte[] Patched(string model, params int[] offsetValuePairs)
        {
            byte[] file = SharedData.ReadModel(model);
            for (int i = 0; i < offsetValuePairs.Length; i += 2)
            {
                file[offsetValuePairs[i]] = (byte)offsetValuePairs[i + 1];
            }
            return file;
        }

        [TestMethod]
        public void StridedSliceMasksWithBitsBeyondTheRank_AreDroppedAsTflmIgnoresThem()
        {
            // begin_mask / end_mask bytes of okay_nabu_v2's STRIDED_SLICE options set to values
            // with bits above the input's rank (the runtime refuses those bits).
            Assert.AreEqual("ran", Outcome(Patched("okay_nabu_v2", 33685, 16), "begin_mask 16"));
            Assert.AreEqual("ran", Outcome(Patched("okay_nabu_v2", 34555, 151), "mask byte 151"));
            string both = Outcome(Patched("okay_nabu_v2", 31335, 18, 35445, 102), "two mask bytes");
            Assert.IsTrue(both == "ran" || both == "compile", both);
        }

        [TestMethod]
        public void LstmBiasWhoseShapeDisagreesWithTheHiddenSize_IsACompileError()
        {
            // A gate bias whose shape says 130 (or 1) values while its buffer holds 20.
            Assert.AreEqual("compile", Outcome(Patched("trained_lstm_int8", 13296, 130), "bias shape [130]"));
            Assert.AreEqual("compile", Outcome(Patched("trained_lstm_int8", 4784, 227, 13384, 1), "bias shape [1]"));
        }

        [TestMethod]
        public void LstmScalesThatNeedAShiftBeyondTheRuntimesRange_AreACompileError()
        {
            // Four bytes of trained_lstm_int8 changed by the fuzzer: the hidden state's scale
            // came out so small that its effective multiplier needed a shift of 120.
            Assert.AreEqual("compile", Outcome(Patched("trained_lstm_int8", 3282, 63, 4707, 94, 12229, 0, 12231, 0), "hidden_shift 120"));
            // input_cell_shift 70 and cell_scale_power 100: the cell state's scale out of range.
            Assert.AreEqual("compile", Outcome(Patched("trained_lstm_int8", 4563, 46, 12112, 96, 12113, 66, 12114, 162, 12115, 13), "input_cell_shift 70"));
            Assert.AreEqual("compile", Outcome(Patched("trained_lstm_int8", 4230, 255, 4332, 17, 12112, 202, 12113, 242, 12114, 73, 12115, 113), "cell_scale_power 100"));
        }

        [TestMethod]
        public void CallOnceOfAnInitSubgraphWithoutLayers_CompilesAndRuns()
        {
            // Two bytes of okay_nabu_v2 changed by the fuzzer: the compiler wrote a CALL_ONCE
            // layer although the init subgraph lowered to no layers (the runtime refused it).
            string outcome = Outcome(Patched("okay_nabu_v2", 13658, 179, 31441, 64), "empty init subgraph");
            Assert.IsTrue(outcome == "ran" || outcome == "compile" || outcome == "format", outcome);
        }
    }
}
