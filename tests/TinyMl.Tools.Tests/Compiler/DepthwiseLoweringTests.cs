using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Compiler.Operators;
using TinyMl.Tflite;
using TinyMl.Nano;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// A DEPTHWISE_CONV_2D of one input channel is stored as the equivalent CONV_2D (transposed
    /// filter) so it runs on the blocked conv kernels; the two must give the same bytes.
    /// </summary>
    [TestClass]
    public class DepthwiseLoweringTests
    {
        /// <summary>An in-place depthwise layer may run in one-row bands (tnm_op_conv.c), and a
        /// band can need more scratch than the whole call (the Cortex-M padded copy, DW_PADDED,
        /// takes small images: a band of a large one is one). The compiler's figure must cover
        /// every band, or the runtime refuses the blob's arena.</summary>
        [TestMethod]
        public void DepthwiseScratchCoversEveryOneRowBand()
        {
            int larger = 0, shapes = 0;
            foreach (int k in new[] { 3, 5, 7 })
                for (int h = 1; h <= 14; h++)
                    for (int w = 1; w <= 24; w += 3)
                        foreach (int c in new[] { 4, 16 })
                            foreach (int stride in new[] { 1, 2 })
                            {
                                int outH = (h + stride - 1) / stride, outW = (w + stride - 1) / stride;
                                int pad = Math.Max(0, ((outH - 1) * stride + k - h) / 2);
                                int[] input = { 1, h, w, c }, filter = { 1, k, k, c }, output = { 1, outH, outW, c };
                                int whole = Conv2DLowering.ScratchFor(true, input, filter, output);
                                int sized = Conv2DLowering.DepthwiseScratchWithBands(input, filter, output, stride, pad, 1);
                                Assert.IsTrue(sized >= whole);
                                for (int u = 0; u < outH; u++)
                                {
                                    int lo = Math.Clamp(u * stride - pad, 0, h), hi = Math.Min(u * stride - pad + k - 1, h - 1);
                                    if (hi < lo) continue;
                                    int band = Conv2DLowering.ScratchFor(true, new[] { 1, hi - lo + 1, w, c }, filter, new[] { 1, 1, outW, c });
                                    Assert.IsTrue(sized >= band, $"{h}x{w}x{c} filter {k} stride {stride}: band {u} needs {band} > {sized}");
                                    if (band > whole) larger++;
                                }
                                shapes++;
                            }
            Assert.IsTrue(larger > 0, "no band needs more than its layer: the test checks nothing");
            Assert.IsTrue(shapes > 1000);
        }

        [TestMethod]
        public void SingleChannelDepthwiseBecomesAConvWithIdenticalOutputs()
        {
            byte[] tflite = File.ReadAllBytes(SharedData.ModelPath("micro_speech_quantized"));
            TfliteModel source = TfliteModel.Read(tflite);
            CompiledModel lowered = ModelCompiler.Compile(source, tflite.Length, lowerSingleChannelDepthwise: true);
            CompiledModel direct = ModelCompiler.Compile(source, tflite.Length, lowerSingleChannelDepthwise: false);

            // micro_speech: RESHAPE, DEPTHWISE_CONV_2D (1 channel x 8), FULLY_CONNECTED, SOFTMAX.
            Assert.AreEqual("DEPTHWISE_CONV_2D", direct.Layers[1].Op);
            Assert.AreEqual("CONV_2D", lowered.Layers[1].Op);
            Assert.AreEqual(direct.Layers[1].Macs, lowered.Layers[1].Macs);
            // Same constant bytes (the filter is transposed, not grown); the CONV_2D parameter
            // block has no depth_multiplier word.
            Assert.AreEqual(direct.DataSize, lowered.DataSize);
            Assert.AreEqual(direct.Blob.Length - 4, lowered.Blob.Length);
            // (The arenas may differ: each holds the scratch of its own kernel, the convolution's
            // patch buffer or the depthwise row buffer, the largest any target asks for.)

            var a = new Interpreter(new Model(lowered.Blob));
            var b = new Interpreter(new Model(direct.Blob));
            var random = new Random(1234);
            var input = new byte[a.Input.ByteLength];
            for (int trial = 0; trial < 20; trial++)
            {
                random.NextBytes(input);
                a.Input.CopyFromBytes(input, 0, input.Length);
                b.Input.CopyFromBytes(input, 0, input.Length);
                for (int layer = 0; layer < a.LayerCount; layer++)
                {
                    a.InvokeLayer(layer);
                    b.InvokeLayer(layer);
                    int tensor = lowered.Layers[layer].OutputTensor;
                    var left = new byte[a.GetTensor(tensor).ByteLength];
                    var right = new byte[b.GetTensor(tensor).ByteLength];
                    a.GetTensor(tensor).CopyToBytes(left, 0);
                    b.GetTensor(tensor).CopyToBytes(right, 0);
                    Assert.IsNull(SharedData.Difference(right, left), "trial " + trial + " layer " + layer);
                }
            }
        }
    }
}
