using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TensorType = TinyMl.Tflite.TensorType;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>
/// The .tflite our trainer writes: our reader reads back exactly what the writer wrote (schema
/// version, operator codes, buffers, shapes, types, quantization, weights, options), our
/// compiler compiles it, training is deterministic for a seed, and the int8 model's scores
/// track the float model's on held-out healthy and faulty data (Pearson and Spearman >= 0.95).
/// </summary>
[TestClass]
public class TrainedModelTests
{
    private static readonly FeatureOptions Features = new();

    private static float[] HealthyRows(int seed, int windows)
    {
        var gen = new VibrationGenerator(new VibrationSettings(), MachineCondition.Healthy, seed);
        return VibrationFeatureSet.Extract(gen.Generate(Features.WindowSamples * windows), Features);
    }

    private static AnomalyModel TrainSmall(int seed, bool perChannel = true) =>
        AnomalyModelTrainer.TrainOnFeatures(HealthyRows(100 + seed, 120), Features, new TrainingOptions { Seed = seed, Epochs = 15 }, perChannel);

    [DataTestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ReaderReadsBackWhatTheWriterWrote(bool perChannel)
    {
        AnomalyModel trained = TrainSmall(3, perChannel);
        QuantizedDenseModel q = trained.QuantizedModel;

        TfliteModel m = TfliteModel.Read(trained.Tflite);

        Assert.AreEqual((byte)'T', trained.Tflite[4]);
        Assert.AreEqual("TFL3", System.Text.Encoding.ASCII.GetString(trained.Tflite, 4, 4));
        Assert.AreEqual(3u, m.Version);
        StringAssert.StartsWith(m.Description, "TinyMl.Nano vibration autoencoder");
        Assert.AreEqual(1, m.OperatorCodes.Count);
        Assert.AreEqual(BuiltinOperator.FullyConnected, m.OperatorCodes[0].BuiltinCode);
        Assert.AreEqual(BuiltinOperator.FullyConnected, m.OperatorCodes[0].DeprecatedBuiltinCode);
        Assert.AreEqual(BuiltinOperator.FullyConnected, m.OperatorCodes[0].RawBuiltinCode);
        Assert.AreEqual(4, m.OperatorCodes[0].Version);
        Assert.AreEqual(1, m.Subgraphs.Count);
        Assert.AreEqual(0, m.Buffers[0].Data.Length, "buffers[0] is the empty sentinel");
        Assert.AreEqual(1 + 3 * 4, m.Tensors.Count);
        Assert.AreEqual(1 + 2 * 4, m.Buffers.Count);
        Assert.AreEqual(4, m.Operators.Count);

        TfliteTensor input = m.Tensors[m.MainSubgraph.Inputs[0]];
        Assert.AreEqual(TensorType.Int8, input.Type);
        CollectionAssert.AreEqual(new[] { 1, 24 }, input.Shape);
        Assert.AreEqual(q.InputScale, input.Quantization!.Scale[0]);
        Assert.AreEqual(q.InputZeroPoint, (int)input.Quantization.ZeroPoint[0]);
        Assert.AreEqual(q.InputMin, input.Quantization.Min[0]);
        Assert.AreEqual(q.InputMax, input.Quantization.Max[0]);

        int current = m.MainSubgraph.Inputs[0];
        for (int l = 0; l < 4; l++)
        {
            TfliteOperator op = m.Operators[l];
            QuantizedDenseLayer layer = q.Layers[l];
            Assert.AreEqual(current, op.Inputs[0]);
            var options = (FullyConnectedOptions)op.BuiltinOptions!;
            Assert.AreEqual(l < 3 ? ActivationFunction.Relu : ActivationFunction.None, options.Activation);
            Assert.AreEqual((byte)0, options.WeightsFormat);
            Assert.IsFalse(options.KeepNumDims);

            TfliteTensor w = m.Tensors[op.Inputs[1]];
            Assert.AreEqual(TensorType.Int8, w.Type);
            CollectionAssert.AreEqual(new[] { layer.Outputs, layer.Inputs }, w.Shape);
            CollectionAssert.AreEqual(layer.Weights, m.DataOf(w).ToArray().Select(b => (sbyte)b).ToArray());
            CollectionAssert.AreEqual(layer.WeightScales, w.Quantization!.Scale);
            Assert.AreEqual(perChannel ? layer.Outputs : 1, w.Quantization.Scale.Length);
            Assert.IsTrue(w.Quantization.ZeroPoint.All(z => z == 0));
            Assert.AreEqual(0, w.Quantization.QuantizedDimension);
            Assert.AreEqual(0, (int)(m.Buffers[(int)w.Buffer].Data.Length == 0 ? 1 : 0), "weights have data");

            TfliteTensor b = m.Tensors[op.Inputs[2]];
            Assert.AreEqual(TensorType.Int32, b.Type);
            CollectionAssert.AreEqual(layer.Bias, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(m.DataOf(b).Span).ToArray());
            for (int c = 0; c < b.Quantization!.Scale.Length; c++)
            {
                Assert.AreEqual(q.Layers[l].BiasScales[c], b.Quantization.Scale[c]);
                float inScale = l == 0 ? q.InputScale : q.Layers[l - 1].OutputScale;
                Assert.AreEqual(inScale * layer.WeightScales[c], b.Quantization.Scale[c], "bias scale = input scale x weight scale");
            }

            TfliteTensor o = m.Tensors[op.Outputs[0]];
            Assert.AreEqual(0u, o.Buffer, "activations use the empty buffer");
            Assert.AreEqual(layer.OutputScale, o.Quantization!.Scale[0]);
            Assert.AreEqual(layer.OutputZeroPoint, (int)o.Quantization.ZeroPoint[0]);
            if (layer.Relu) Assert.AreEqual(-128, layer.OutputZeroPoint, "a ReLU output range starts at 0");
            current = op.Outputs[0];
        }
        Assert.AreEqual(current, m.MainSubgraph.Outputs[0]);

        CompiledModel compiled = ModelCompiler.Compile(trained.Tflite);
        Assert.AreEqual(4, compiled.Layers.Count);
        Assert.IsTrue(compiled.Layers.All(layer => layer.Op == "FULLY_CONNECTED"));
        Assert.AreEqual(24L * 32 + 32 * 8 + 8 * 32 + 32 * 24, compiled.TotalMacs);
    }

    [TestMethod]
    public void TrainingIsDeterministicForASeed()
    {
        byte[] a = TrainSmall(5).Tflite;
        byte[] b = TrainSmall(5).Tflite;
        byte[] c = AnomalyModelTrainer.TrainOnFeatures(HealthyRows(105, 120), Features, new TrainingOptions { Seed = 6, Epochs = 15 }).Tflite;
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void Int8ScoresTrackTheFloatModel()
    {
        AnomalyModel trained = AnomalyModelTrainer.TrainOnFeatures(
            HealthyRows(11, 150).Concat(HealthyRows(12, 150)).ToArray(), Features, new TrainingOptions { Seed = 1, Epochs = 30 });
        var scorer = new AnomalyScorer(new Interpreter(new Model(ModelCompiler.Compile(trained.Tflite).Blob)));

        var int8 = new List<double>();
        var flt = new List<double>();
        foreach (MachineCondition condition in Enum.GetValues<MachineCondition>())
        {
            // Held-out machine (seed 77), 60 windows per condition.
            var gen = new VibrationGenerator(new VibrationSettings(), condition, 77);
            float[] rows = VibrationFeatureSet.Extract(gen.Generate(Features.WindowSamples * 60), Features);
            for (int w = 0; w < 60; w++)
            {
                int n = Features.FeatureCount;
                int8.Add(scorer.ScoreFeatures(rows, w * n));
                float[] recon = trained.FloatModel.Reconstruct(rows.AsSpan(w * n, n));
                flt.Add(ReconstructionError.MeanSquared(rows, w * n, recon, 0, n));
            }
        }
        double pearson = Statistics.Pearson(int8.ToArray(), flt.ToArray());
        double spearman = Statistics.Spearman(int8.ToArray(), flt.ToArray());
        Console.WriteLine($"int8 vs float over {int8.Count} windows: Pearson {pearson:0.0000}, Spearman {spearman:0.0000}");
        Assert.IsTrue(pearson >= 0.95, $"Pearson {pearson}");
        Assert.IsTrue(spearman >= 0.95, $"Spearman {spearman}");
        // Healthy windows: the int8 score stays within 25 % + 0.2 dB² of the float score on average.
        double meanRelative = int8.Take(60).Zip(flt.Take(60), (a, b) => Math.Abs(a - b) / (b + 0.2)).Average();
        Assert.IsTrue(meanRelative <= 0.25, $"mean relative difference on healthy windows {meanRelative:0.000}");
    }

    [TestMethod]
    public void StatisticsAreRight()
    {
        Assert.AreEqual(1.0, Statistics.Pearson(new[] { 1.0, 2, 3 }, new[] { 2.0, 4, 6 }), 1e-12);
        Assert.AreEqual(-1.0, Statistics.Pearson(new[] { 1.0, 2, 3 }, new[] { 3.0, 2, 1 }), 1e-12);
        CollectionAssert.AreEqual(new[] { 1.5, 1.5, 3 }, Statistics.Ranks(new[] { 5.0, 5, 9 }));
        Assert.AreEqual(1.0, Statistics.Spearman(new[] { 1.0, 2, 3, 4 }, new[] { 1.0, 10, 100, 1000 }), 1e-12);
    }
}
