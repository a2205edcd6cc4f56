using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tflite;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>A Keras Flatten's shape arithmetic (SHAPE -> STRIDED_SLICE -> PACK into RESHAPE's
    /// shape operand) is left out: the blob's shapes are static and RESHAPE takes its output
    /// shape. The same operators feeding anything else still have to be compiled.</summary>
    [TestClass]
    public class ShapeOnlyOperatorTests
    {
        private const int Shape = 77; // TFLite's SHAPE, which TinyMl.Nano does not run

        private static byte[] Model(bool shapeIsAnOutput)
        {
            var g = new TfliteGraphBuilder();
            int x = g.Int8(new[] { 1, 2, 3, 4 }, 0.1f, 3, "x");
            int s = g.Int32(new[] { 4 }, "shape_of_x");
            g.Op(Shape, new[] { x }, new[] { s });
            int begin = g.Int32Constant(new[] { 1 }, new[] { 0 }, "begin");
            int end = g.Int32Constant(new[] { 1 }, new[] { 1 }, "end");
            int strides = g.Int32Constant(new[] { 1 }, new[] { 1 }, "strides");
            int batch = g.Int32(System.Array.Empty<int>(), "batch");
            g.Op(BuiltinOperator.StridedSlice, new[] { s, begin, end, strides }, new[] { batch }, new StridedSliceOptions { ShrinkAxisMask = 1 });
            int rest = g.Int32Constant(System.Array.Empty<int>(), new[] { -1 }, "rest");
            int packed = g.Int32(new[] { 2 }, "new_shape");
            g.Op(BuiltinOperator.Pack, new[] { batch, rest }, new[] { packed }, new PackOptions { ValuesCount = 2, Axis = 0 });
            int y = g.Int8(new[] { 1, 24 }, 0.1f, 3, "y");
            g.Op(BuiltinOperator.Reshape, new[] { x, packed }, new[] { y }, new ReshapeOptions());
            g.Io(new[] { x }, shapeIsAnOutput ? new[] { y, s } : new[] { y });
            return g.Build();
        }

        [TestMethod]
        public void AFlattensShapeArithmeticIsLeftOut()
        {
            CompiledModel compiled = ModelCompiler.Compile(Model(false));
            Assert.AreEqual(1, compiled.Layers.Count);
            Assert.AreEqual("RESHAPE", compiled.Layers[0].Op);
            var interpreter = new Interpreter(new Model(compiled.Blob));
            var input = Enumerable.Range(0, 24).Select(i => (byte)(i * 7 - 60)).ToArray();
            interpreter.Input.CopyFromBytes(input, 0, input.Length);
            interpreter.Invoke();
            var output = new byte[24];
            interpreter.Output.CopyToBytes(output, 0);
            CollectionAssert.AreEqual(input, output);
        }

        [TestMethod]
        public void AShapeTheModelOutputsIsStillRefused()
        {
            var e = Assert.ThrowsExactly<ModelCompileException>(() => ModelCompiler.Compile(Model(true)));
            StringAssert.Contains(e.Message, "operator 0 (SHAPE): not supported");
        }
    }
}
