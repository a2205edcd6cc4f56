#nullable enable
using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// SVDF's lowering on the committed TFLM golden model (native-kernels/tests/data/svdf, which
    /// OperatorGoldenTests runs end to end): the parameters are TFLM's Prepare, recomputed here
    /// from the tensors' scales; the states are variables of the time weights' type; and a model
    /// the runtime cannot run is refused with the operator and the reason.
    /// </summary>
    [TestClass]
    public class SvdfLoweringTests
    {
        private static byte[] Golden() => File.ReadAllBytes(Path.Combine(SharedData.SourceRoot(), "native-kernels", "tests", "data", "svdf", "model.tflite"));

        [TestMethod]
        public void ParametersAreTflmsPrepare()
        {
            TfliteModel model = TfliteModel.Read(Golden());
            CompiledModel c = ModelCompiler.Compile(Golden());
            var svdfs = c.Layers.Where(l => l.Op == "SVDF").ToArray();
            Assert.AreEqual(2, svdfs.Length);
            var ops = model.Subgraphs[0].Operators.Where(o => model.OperatorCodeOf(o).BuiltinCode == BuiltinOperator.Svdf).ToArray();
            for (int k = 0; k < 2; k++)
            {
                TfliteTensor T(int slot) => model.Subgraphs[0].Tensors[ops[k].Inputs[slot]];
                float sx = T(0).Quantization!.Scale[0], sf = T(1).Quantization!.Scale[0], st = T(2).Quantization!.Scale[0];
                float ss = T(4).Quantization!.Scale[0], so = model.Subgraphs[0].Tensors[ops[k].Outputs[0]].Quantization!.Scale[0];
                var feature = QuantizationMath.QuantizeMultiplier((double)(sx * sf / ss));
                var time = QuantizationMath.QuantizeMultiplier((double)(ss * st / so));
                CompiledLayer l = svdfs[k];
                Assert.AreEqual(feature.Multiplier, l.Param("feature_multiplier"));
                Assert.AreEqual(feature.Shift, l.Param("feature_shift"));
                Assert.AreEqual(time.Multiplier, l.Param("time_multiplier"));
                Assert.AreEqual(time.Shift, l.Param("time_shift"));
                Assert.AreEqual(((SvdfOptions)ops[k].BuiltinOptions!).Rank, l.Param("rank"));
                Assert.AreEqual((int)T(4).Quantization!.ZeroPoint[0], l.Param("state_zero_point"));
                Assert.AreEqual(5, l.Inputs.Length);
                Assert.IsTrue(c.Tensors[l.Inputs[4]].IsVariable, "the state lives in the state region");
                Assert.AreEqual(k == 0 ? "int16" : "int8", c.Tensors[l.Inputs[4]].Type);
            }
            Assert.IsTrue(c.StateSize >= 2 * 2 * 24 + 2 * 20, c.StateSize + " state bytes");
        }

        /// <summary>The golden model with one SVDF operator or tensor changed.</summary>
        private static byte[] Changed(Func<TfliteOperator, TfliteOperator>? op = null, Func<TfliteTensor, TfliteTensor>? tensor = null)
        {
            TfliteModel m = TfliteModel.Read(Golden());
            TfliteSubgraph sg = m.Subgraphs[0];
            var sub = new TfliteSubgraph
            {
                Index = 0, Name = sg.Name, Inputs = sg.Inputs, Outputs = sg.Outputs,
                Tensors = sg.Tensors.Select(t => tensor == null ? t : tensor(t)).ToList(),
                Operators = sg.Operators.Select(o => op == null || m.OperatorCodeOf(o).BuiltinCode != BuiltinOperator.Svdf ? o : op(o)).ToList(),
            };
            return new TfliteModel { Version = m.Version, OperatorCodes = m.OperatorCodes, Buffers = m.Buffers, Subgraphs = new[] { sub } }.Write();
        }

        private static TfliteTensor Copy(TfliteTensor t, bool isVariable, TensorType type) => new()
        {
            Index = t.Index, Name = t.Name, Type = type, Shape = t.Shape, Buffer = t.Buffer, Quantization = t.Quantization,
            IsVariable = isVariable, ShapeSignature = t.ShapeSignature, HasRank = t.HasRank,
        };

        [TestMethod]
        public void ModelsTheRuntimeCannotRunAreRefusedByName()
        {
            // a rank that does not divide the filters
            byte[] badRank = Changed(op: o => new TfliteOperator
            {
                Index = o.Index, Subgraph = o.Subgraph, OpcodeIndex = o.OpcodeIndex, Inputs = o.Inputs, Outputs = o.Outputs,
                BuiltinOptionsType = o.BuiltinOptionsType, BuiltinOptions = new SvdfOptions { Rank = 4 },
            });
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(badRank));
            StringAssert.Contains(e.Message, "(SVDF): rank 4 does not divide the 6 filters");

            // a state that is not a variable tensor
            byte[] notVariable = Changed(tensor: t => t.Name == "a_state" ? Copy(t, false, t.Type) : t);
            e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(notVariable));
            StringAssert.Contains(e.Message, "(SVDF): state tensor 5 'a_state'");
            StringAssert.Contains(e.Message, "is not a variable tensor");

            // an int8 state with int16 time weights
            byte[] mixed = Changed(tensor: t => t.Name == "a_state" ? Copy(t, true, TensorType.Int8) : t);
            e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(mixed));
            StringAssert.Contains(e.Message, "(SVDF): state");
            StringAssert.Contains(e.Message, "int16");
        }
    }
}
