using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// End to end against TensorFlow Lite Micro: compile the real .tflite in-process, run the
    /// blob through the device library layer by layer, and compare every layer's output tensor
    /// with the TFLM dump byte for byte (../shared/golden, see its README).
    /// </summary>
    [TestClass]
    public class GoldenTests
    {
        [TestMethod]
        [DataRow("kws_ref_model", 1)]
        [DataRow("kws_ref_model", 2)]
        [DataRow("kws_ref_model", 3)]
        [DataRow("ad01_int8", 1)]
        [DataRow("ad01_int8", 2)]
        [DataRow("ad01_int8", 3)]
        [DataRow("vww_96_int8", 1)]
        [DataRow("vww_96_int8", 2)]
        [DataRow("vww_96_int8", 3)]
        [DataRow("pretrainedResnet_quant", 1)]
        [DataRow("pretrainedResnet_quant", 2)]
        [DataRow("pretrainedResnet_quant", 3)]
        [DataRow("okay_nabu_v2", 1)]
        [DataRow("okay_nabu_v2", 2)]
        [DataRow("okay_nabu_v2", 3)]
        [DataRow("trained_lstm_int8", 1)]
        [DataRow("trained_lstm_int8", 2)]
        [DataRow("trained_lstm_int8", 3)]
        public void EveryLayerIsBitExactWithTflm(string modelName, int seed)
        {
            string dir = SharedData.Require(Path.Combine("golden", modelName, "seed" + seed.ToString(CultureInfo.InvariantCulture)));
            CompiledModel compiled = SharedData.Compile(modelName);
            Model model = SharedData.LoadOrInconclusive(compiled.Blob);
            var interpreter = new Interpreter(model);
            Assert.AreEqual(compiled.Layers.Count, interpreter.LayerCount);
            Assert.AreEqual(compiled.Inputs.Length, interpreter.InputCount);

            // Several inputs: input.bin holds them one after the other.
            byte[] input = File.ReadAllBytes(Path.Combine(dir, "input.bin"));
            Assert.AreEqual(input.Length, SharedData.CopyInputs(interpreter, input), "input.bin size");

            int compared = 0;
            for (int i = 0; i < interpreter.LayerCount; i++)
            {
                CompiledLayer layer = compiled.Layers[i];
                Assert.AreEqual(layer.OutputTensor, model.GetLayerInfo(i).OutputTensor, "layer " + i + " output tensor (compiler vs blob)");
                interpreter.InvokeLayer(i);

                foreach (int output in layer.Outputs)
                {
                    CompiledTensor tensor = compiled.Tensors[output];
                    if (tensor.TfliteIndex < 0 || tensor.TfliteSubgraph != 0)
                    {
                        continue; // made by the compiler (PACK/UNPACK middles) or in the init subgraph: not dumped
                    }
                    string goldenPath = Path.Combine(dir, "t" + tensor.TfliteIndex.ToString("D3", CultureInfo.InvariantCulture) + ".bin");
                    Assert.IsTrue(File.Exists(goldenPath), "no golden dump " + goldenPath + " for layer " + i);
                    byte[] expected = File.ReadAllBytes(goldenPath);
                    Tensor actualTensor = interpreter.GetTensor(output);
                    var actual = new byte[actualTensor.ByteLength];
                    actualTensor.CopyToBytes(actual, 0);
                    compared++;

                    string difference = SharedData.Difference(expected, actual);
                    if (difference != null)
                    {
                        Assert.Fail(modelName + " seed" + seed + " layer " + i + " (" + layer.Op + ", tflite operator " +
                                    layer.TfliteOperatorIndex + ") output t" + tensor.TfliteIndex.ToString("D3", CultureInfo.InvariantCulture) +
                                    " " + tensor.Name + ": " + difference);
                    }
                }
            }
            Assert.IsTrue(compared > 0, "no tensor compared");

            byte[] expectedOutput = File.ReadAllBytes(Path.Combine(dir, "output.bin"));
            Assert.IsNull(SharedData.Difference(expectedOutput, Outputs(interpreter)), modelName + " seed" + seed + " output.bin");
        }

        /// <summary>Every model output, one after the other (the layout of the goldens' output.bin).</summary>
        internal static byte[] Outputs(Interpreter interpreter)
        {
            var bytes = new List<byte>();
            for (int o = 0; o < interpreter.OutputCount; o++)
            {
                Tensor t = interpreter.GetOutput(o);
                var b = new byte[t.ByteLength];
                t.CopyToBytes(b, 0);
                bytes.AddRange(b);
            }
            return bytes.ToArray();
        }

        [TestMethod]
        public void StreamingWakeWordKeepsItsStateAcrossFiveInferences()
        {
            // okay_nabu_v2 (microWakeWord): five inferences in a row from one fresh state; each
            // output depends on the state the earlier ones left in the resource variables.
            string dir = SharedData.Require(Path.Combine("golden", "okay_nabu_v2", "stream5"));
            CompiledModel compiled = SharedData.Compile("okay_nabu_v2");
            Model model = SharedData.LoadOrInconclusive(compiled.Blob);
            Assert.IsTrue(model.KeepsState);
            Assert.AreEqual(6, model.VariableCount);
            Assert.IsTrue(model.InitLayerCount > 0);
            Assert.IsTrue(model.UsesOperator(LayerOp.CallOnce) && model.UsesOperator(LayerOp.Lut) && !model.UsesOperator(LayerOp.Softmax));
            var interpreter = new Interpreter(model);
            Assert.AreEqual(TensorType.UInt8, interpreter.Output.Type);

            for (int pass = 0; pass < 2; pass++)
            {
                var outputs = new List<byte[]>();
                for (int k = 0; k < 5; k++)
                {
                    byte[] input = File.ReadAllBytes(Path.Combine(dir, "input_" + k + ".bin"));
                    interpreter.Input.CopyFromBytes(input, 0, input.Length);
                    interpreter.Invoke();
                    byte[] expected = File.ReadAllBytes(Path.Combine(dir, "output_" + k + ".bin"));
                    byte[] actual = Outputs(interpreter);
                    Assert.IsNull(SharedData.Difference(expected, actual, signed: false), "pass " + pass + " step " + k);
                    outputs.Add(actual);
                }
                // A new stream starts over: the same inputs give the same outputs again.
                interpreter.ResetState();
            }
        }

        [TestMethod]
        public void InvokeGivesTheSameOutputAsLayerByLayer()
        {
            string dir = SharedData.Require(Path.Combine("golden", "kws_ref_model", "seed2"));
            CompiledModel compiled = SharedData.Compile("kws_ref_model");
            var interpreter = new Interpreter(new Model(compiled.Blob));
            byte[] input = File.ReadAllBytes(Path.Combine(dir, "input.bin"));
            byte[] expected = File.ReadAllBytes(Path.Combine(dir, "output.bin"));
            var actual = new byte[expected.Length];
            for (int run = 0; run < 2; run++)
            {
                interpreter.Input.CopyFromBytes(input, 0, input.Length);
                interpreter.Invoke();
                interpreter.Output.CopyToBytes(actual, 0);
                string difference = SharedData.Difference(expected, actual);
                Assert.IsNull(difference, "run " + run + ": " + difference);
            }
        }

        [TestMethod]
        public void FlashModelRunsInPlaceLikeAByteArrayModel()
        {
            // The AD autoencoder (~266 KB of weights) is the model that cannot be copied into the
            // ESP32's managed heap: on the device it runs from the firmware's flash table. On the
            // host the same calls read HostFlashModels; the result must equal TFLM's output.
            string dir = SharedData.Require(Path.Combine("golden", "ad01_int8", "seed1"));
            CompiledModel compiled = SharedData.Compile("ad01_int8");
            TinyMl.Nano.Native.HostFlashModels.Register("ad01", compiled.Blob);
            try
            {
                Model model = Model.FromFlash("ad01");
                Assert.IsTrue(model.IsInFlash);
                Assert.AreEqual(compiled.ArenaSize, model.ArenaSize);
                Assert.AreEqual(compiled.Layers.Count, model.LayerCount);
                Assert.AreEqual(BitConverter.ToInt32(compiled.Blob, 12), model.Checksum);
                Assert.AreEqual("FULLY_CONNECTED", model.GetLayerInfo(0).Op);

                var interpreter = new Interpreter(model);
                byte[] input = File.ReadAllBytes(Path.Combine(dir, "input.bin"));
                interpreter.Input.CopyFromBytes(input, 0, input.Length);
                interpreter.Invoke();
                byte[] expected = File.ReadAllBytes(Path.Combine(dir, "output.bin"));
                var actual = new byte[expected.Length];
                interpreter.Output.CopyToBytes(actual, 0);
                Assert.IsNull(SharedData.Difference(expected, actual));

                bool unknownRejected = false;
                try
                {
                    Model.FromFlash("no-such-model");
                }
                catch (ArgumentException e)
                {
                    unknownRejected = e.Message.Contains("no-such-model", StringComparison.Ordinal);
                }
                Assert.IsTrue(unknownRejected, "an unknown flash model name must be an ArgumentException naming it");
            }
            finally
            {
                TinyMl.Nano.Native.HostFlashModels.Clear();
            }
        }

        [TestMethod]
        public void MicroSpeechScoresMatchTflm()
        {
            string dir = SharedData.Require(Path.Combine("golden", "micro_speech"));
            CompiledModel compiled = SharedData.Compile("micro_speech_quantized");
            var interpreter = new Interpreter(new Model(compiled.Blob));
            Assert.AreEqual(49 * 40, interpreter.Input.ElementCount);
            Assert.AreEqual(4, interpreter.Output.ElementCount);

            var expectations = ParseMicroSpeechOutputs(File.ReadAllLines(Path.Combine(dir, "outputs.txt")));
            Assert.IsTrue(expectations.Count >= 6, "outputs.txt lists " + expectations.Count + " clips");
            var failures = new StringBuilder();
            foreach (var (clip, expected) in expectations)
            {
                byte[] features = File.ReadAllBytes(Path.Combine(dir, clip + ".features.bin"));
                interpreter.Input.CopyFromBytes(features, 0, features.Length);
                interpreter.Invoke();
                var scores = new sbyte[4];
                interpreter.Output.CopyTo(scores, 0);
                if (!scores.SequenceEqual(expected))
                {
                    failures.AppendLine(clip + ": got " + string.Join(" ", scores) + ", expected " + string.Join(" ", expected));
                }
            }
            Assert.AreEqual("", failures.ToString());
        }

        /// <summary>Reads "== clip" headers and the "output(int8 silence,unknown,yes,no): a b c d" line after each.</summary>
        internal static List<(string Clip, sbyte[] Scores)> ParseMicroSpeechOutputs(string[] lines)
        {
            const string marker = "output(int8 silence,unknown,yes,no):";
            var result = new List<(string, sbyte[])>();
            string clip = null;
            foreach (string line in lines)
            {
                if (line.StartsWith("== ", StringComparison.Ordinal))
                {
                    clip = line.Substring(3).Trim();
                    continue;
                }
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0 || clip == null)
                {
                    continue;
                }
                string[] words = line.Substring(at + marker.Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var scores = new sbyte[4];
                for (int i = 0; i < 4; i++)
                {
                    scores[i] = sbyte.Parse(words[i], CultureInfo.InvariantCulture);
                }
                result.Add((clip, scores));
                clip = null;
            }
            return result;
        }

        [TestMethod]
        public void KwsFitsItsMemoryBudget()
        {
            CompiledModel compiled = SharedData.Compile("kws_ref_model");
            int tfliteSize = SharedData.ReadModel("kws_ref_model").Length;
            Assert.IsTrue(compiled.ArenaSize <= 16896, "KWS arena " + compiled.ArenaSize + " B > 16,896 B");
            Assert.IsTrue(compiled.Blob.Length <= 0.55 * tfliteSize,
                          "KWS blob " + compiled.Blob.Length + " B > 0.55 x " + tfliteSize + " B .tflite");
            Assert.AreEqual(compiled.ArenaSize, new Model(compiled.Blob).ArenaSize);
        }

        [TestMethod]
        public void AnomalyDetectionFitsItsMemoryBudget()
        {
            CompiledModel compiled = SharedData.Compile("ad01_int8");
            Assert.IsTrue(compiled.ArenaSize <= 1536, "AD arena " + compiled.ArenaSize + " B > 1,536 B");
            Assert.AreEqual(compiled.ArenaSize, new Model(compiled.Blob).ArenaSize);
        }
    }
}
