using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
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
