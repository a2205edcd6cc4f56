using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Nano.Anomaly;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Anomaly;

/// <summary>
/// The MLPerf Tiny anomaly-detection model through our pipeline (compiler, interpreter,
/// AnomalyScorer) gives, for each golden input, exactly the output TensorFlow Lite Micro
/// produced and the reconstruction error computed here, independently, from the golden input
/// and output tensors and the scales of tensors.txt.
/// </summary>
[TestClass]
public class Ad01ReconstructionErrorTests
{
    public TestContext TestContext { get; set; } = null!;

    [DataTestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void PipelineErrorEqualsTheGoldenReference(int seed)
    {
        string dir = SharedData.Require(Path.Combine("golden", "ad01_int8", "seed" + seed));
        byte[] input = File.ReadAllBytes(Path.Combine(dir, "input.bin"));
        byte[] golden = File.ReadAllBytes(Path.Combine(dir, "output.bin"));
        var (inScale, inZp, outScale, outZp) = ReadIoQuantization(Path.Combine(dir, "tensors.txt"));
        Assert.AreEqual(640, input.Length);
        Assert.AreEqual(640, golden.Length);

        // The exact float scales from the .tflite (tensors.txt prints 6 significant digits).
        var tflite = TinyMl.Tflite.TfliteModel.Read(SharedData.ReadModel("ad01_int8"));
        var inQ = tflite.Tensors[tflite.MainSubgraph.Inputs[0]].Quantization!;
        var outQ = tflite.Tensors[tflite.MainSubgraph.Outputs[0]].Quantization!;
        Assert.IsTrue(Math.Abs(inQ.Scale[0] - inScale) <= 5e-7 && inQ.ZeroPoint[0] == inZp, "tensors.txt input quantization");
        Assert.IsTrue(Math.Abs(outQ.Scale[0] - outScale) <= 5e-7 && outQ.ZeroPoint[0] == outZp, "tensors.txt output quantization");

        // Reference: mean over the 640 values of (x - x̂)², both dequantized, in double.
        double Reference(float si, int zi, float so, int zo) => input.Zip(golden, (x, y) =>
        {
            double d = (double)si * ((sbyte)x - zi) - (double)so * ((sbyte)y - zo);
            return d * d;
        }).Sum() / 640;
        double reference = Reference(inQ.Scale[0], inZp, outQ.Scale[0], outZp);
        double printed = Reference(inScale, inZp, outScale, outZp);

        CompiledModel compiled = SharedData.Compile("ad01_int8");
        var model = new Model(compiled.Blob);
        var scorer = new AnomalyScorer(new Interpreter(model));
        Assert.AreEqual(640, scorer.FeatureCount);
        Assert.AreEqual(inQ.Scale[0], scorer.InputScale);
        Assert.AreEqual(inZp, scorer.InputZeroPoint);
        Assert.AreEqual(outQ.Scale[0], scorer.OutputScale);
        Assert.AreEqual(outZp, scorer.OutputZeroPoint);

        sbyte[] values = input.Select(b => (sbyte)b).ToArray();
        double score = scorer.Score(values, 0);

        byte[] output = scorer.OutputBuffer.Select(v => (byte)v).ToArray();
        Assert.IsNull(SharedData.Difference(golden, output), "model output differs from TFLM's");
        TestContext.WriteLine($"seed {seed}: reconstruction error {score:R} (reference {reference:R})");
        Assert.IsTrue(Math.Abs(score - reference) <= 1e-12 * reference, $"score {score:R}, reference {reference:R}");
        Assert.IsTrue(Math.Abs(score - printed) <= 1e-5 * printed, $"score {score:R}, reference with the printed scales {printed:R}");
        Assert.IsTrue(reference > 0);

        // The same again: the scorer keeps no state between windows.
        Assert.AreEqual(score, scorer.Score(values, 0));
    }

    /// <summary>Scale and zero point of tensor 0 (input) and of the last tensor (output).</summary>
    private static (float, int, float, int) ReadIoQuantization(string tensorsTxt)
    {
        string[] lines = File.ReadAllLines(tensorsTxt).Where(l => l.Trim().Length > 0).ToArray();
        (float, int) Parse(string line)
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            float scale = float.Parse(parts.Single(p => p.StartsWith("scale=")).Substring(6), CultureInfo.InvariantCulture);
            int zp = int.Parse(parts.Single(p => p.StartsWith("zp=")).Substring(3), CultureInfo.InvariantCulture);
            return (scale, zp);
        }
        var (inScale, inZp) = Parse(lines[0]);
        var (outScale, outZp) = Parse(lines[^1]);
        return (inScale, inZp, outScale, outZp);
    }
}
