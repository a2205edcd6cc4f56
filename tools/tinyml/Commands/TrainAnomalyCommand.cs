using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TinyMl.Compiler;
using TinyMl.Nano.Anomaly;
using TinyMl.Simulation;
using TinyMl.Training;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml train-anomaly normal.csv -o model.tflite [--seed N] [--epochs N] [--window N] [--bands N]`:
    /// trains the vibration autoencoder on a recording of normal running (CSV with columns
    /// ax, ay, az in g), quantizes it to int8 with the recording as calibration set, writes the
    /// .tflite and checks that our compiler compiles it.
    /// </summary>
    public static class TrainAnomalyCommand
    {
        /// <summary>The System.CommandLine command; actions write to outw / err.</summary>
        public static Command Create(TextWriter outw, TextWriter err)
        {
            var csv = new Argument<string>("csv") { Description = "recording of normal running: CSV with columns ax, ay, az (g), one row per sample" };
            var output = new Option<string>("--output", "-o") { Description = "where to write the .tflite (default: the CSV path with .tflite)" };
            var seed = new Option<int>("--seed") { Description = "seed of the initial weights and the shuffling", DefaultValueFactory = _ => 1 };
            var epochs = new Option<int>("--epochs") { Description = "training epochs", DefaultValueFactory = _ => 40 };
            var window = new Option<int>("--window") { Description = "samples per window (power of 2)", DefaultValueFactory = _ => 256 };
            var bands = new Option<int>("--bands") { Description = "frequency bands per axis (features = 3 x bands)", DefaultValueFactory = _ => 8 };
            var command = new Command("train-anomaly", "Train an int8 anomaly-detection autoencoder on normal vibration data and write a .tflite.")
            {
                csv, output, seed, epochs, window, bands,
            };
            command.SetAction(r => Run(r.GetValue(csv), r.GetValue(output), r.GetValue(seed), r.GetValue(epochs),
                                       r.GetValue(window), r.GetValue(bands), outw, err));
            return command;
        }

        /// <summary>Runs the command; returns the exit code (0 ok, 1 bad input, 2 internal error).</summary>
        public static int Run(string csvPath, string outputPath, int seed, int epochs, int windowSamples, int bandCount, TextWriter outw, TextWriter err)
        {
            if (string.IsNullOrEmpty(csvPath))
            {
                return CliText.Fail(err, "train-anomaly needs a CSV file of normal running (columns ax, ay, az)");
            }
            if (string.IsNullOrEmpty(outputPath))
            {
                outputPath = Path.ChangeExtension(csvPath, ".tflite");
            }

            CsvSamples samples;
            try
            {
                samples = CsvSampleFile.Read(csvPath, CsvSampleFile.AccelerometerColumns);
            }
            catch (CsvFormatException e)
            {
                return CliText.Fail(err, e.Message);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + csvPath + ": " + e.Message);
            }

            var features = new FeatureOptions { WindowSamples = windowSamples, BandCount = bandCount, HopSamples = windowSamples };
            var training = new TrainingOptions { Seed = seed, Epochs = epochs };
            AnomalyModel model;
            try
            {
                model = AnomalyModelTrainer.Train(samples.Values, features, training);
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": " + e.Message);
            }

            CompiledModel compiled;
            try
            {
                compiled = ModelCompiler.Compile(model.Tflite);
            }
            catch (Exception e)
            {
                err.WriteLine("tinyml: internal error: the trained model does not compile: " + e.GetType().Name + ": " + CliText.OneLine(e.Message));
                return 2;
            }

            try
            {
                File.WriteAllBytes(outputPath, model.Tflite);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot write " + outputPath + ": " + e.Message);
            }

            outw.Write(FormatReport(csvPath, outputPath, samples.RowCount, model, compiled));
            return 0;
        }

        private static string FormatReport(string csvPath, string outputPath, int sampleCount, AnomalyModel model, CompiledModel compiled)
        {
            var inv = CultureInfo.InvariantCulture;
            FeatureOptions f = model.Features;
            QuantizedDenseModel q = model.QuantizedModel;
            var text = new StringBuilder();
            text.AppendLine(string.Format(inv, "read {0}: {1} samples (ax, ay, az) -> {2} windows of {3} samples, {4} features ({5} bands x 3 axes)",
                csvPath, CliText.Number(sampleCount), CliText.Number(model.WindowCount), f.WindowSamples, f.FeatureCount, f.BandCount));
            text.AppendLine(string.Format(inv, "trained a {0} autoencoder: {1} epochs, seed {2}, loss {3:0.000} -> {4:0.000} (MSE of standardized features)",
                string.Join("-", model.FloatModel.Sizes), model.Training.Epochs, model.Training.Seed, model.EpochLoss[0], model.EpochLoss[^1]));
            text.AppendLine(string.Format(inv, "int8: input scale {0} zero point {1}, output scale {2} zero point {3}, per-channel weights, int32 biases",
                CliText.Float(q.InputScale), q.InputZeroPoint, CliText.Float(q.OutputScale), q.OutputZeroPoint));

            // Reconstruction error of the training windows, float model: what "normal" looks like.
            int n = f.FeatureCount;
            double[] scores = new double[model.WindowCount];
            for (int w = 0; w < scores.Length; w++)
            {
                float[] recon = model.FloatModel.Reconstruct(model.TrainingFeatures.AsSpan(w * n, n));
                scores[w] = ReconstructionError.MeanSquared(model.TrainingFeatures, w * n, recon, 0, n);
            }
            double mean = scores.Average();
            double sigma = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average());
            text.AppendLine(string.Format(inv, "training windows: reconstruction error mean {0:0.000}, sigma {1:0.000}, max {2:0.000} (dB^2); the device calibrates its own threshold",
                mean, sigma, scores.Max()));
            text.AppendLine(string.Format(inv, "wrote {0} ({1} bytes); compiles to a {2}-byte .tnm blob, arena {3} bytes, {4} MACs",
                outputPath, CliText.Number(model.Tflite.Length), CliText.Number(compiled.Blob.Length), CliText.Number(compiled.ArenaSize), CliText.Number(compiled.TotalMacs)));
            return text.ToString();
        }
    }
}
