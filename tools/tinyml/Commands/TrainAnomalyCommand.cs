using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TinyMl.Compiler;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Host;
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
            var rate = new Option<double>("--sample-rate") { Description = "sample rate of the recording in Hz (checked against a t / time / t_ms column when the CSV has one; recorded in model.anomaly.json)", DefaultValueFactory = _ => 1000 };
            var force = new Option<bool>("--force") { Description = "replace existing output files that train-anomaly did not write" };
            var featureSet = new Option<BenchmarkFeatures>("--features") { Description = "Bands: band energies per axis (the demo's); Orders: shaft-speed tracking, orders 0.5x..5x and bands per axis, normalized for the speed (what bench-anomaly shows best; the device app runs either)", DefaultValueFactory = _ => BenchmarkFeatures.Bands };
            var minSpeed = new Option<double>("--min-speed") { Description = "Orders: lowest shaft speed of the machine in Hz (rpm / 60)", DefaultValueFactory = _ => MachineProperties.MinSpeedHz };
            var maxSpeed = new Option<double>("--max-speed") { Description = "Orders: highest shaft speed of the machine in Hz (5 x it must stay below half the sample rate)", DefaultValueFactory = _ => MachineProperties.MaxSpeedHz };
            var command = new Command("train-anomaly", "Train an int8 anomaly-detection autoencoder on normal vibration data and write a .tflite (and its settings, model.anomaly.json).")
            {
                csv, output, seed, epochs, window, bands, rate, force, featureSet, minSpeed, maxSpeed,
            };
            command.SetAction(r => Run(r.GetValue(csv), r.GetValue(output), r.GetValue(seed), r.GetValue(epochs),
                                       r.GetValue(window), r.GetValue(bands), outw, err, r.GetValue(rate), r.GetValue(force),
                                       r.GetValue(featureSet), r.GetValue(minSpeed), r.GetValue(maxSpeed)));
            return command;
        }

        /// <summary>Runs the command; returns the exit code (0 ok, 1 bad input, 2 internal error).</summary>
        public static int Run(string csvPath, string outputPath, int seed, int epochs, int windowSamples, int bandCount, TextWriter outw, TextWriter err,
                              double sampleRateHz = 1000, bool force = false,
                              BenchmarkFeatures featureSet = BenchmarkFeatures.Bands, double minSpeedHz = MachineProperties.MinSpeedHz, double maxSpeedHz = MachineProperties.MaxSpeedHz)
        {
            var inv = CultureInfo.InvariantCulture;
            if (string.IsNullOrEmpty(csvPath))
            {
                return CliText.Fail(err, "train-anomaly needs a CSV file of normal running (columns ax, ay, az)");
            }
            if (string.IsNullOrEmpty(outputPath))
            {
                outputPath = Path.ChangeExtension(csvPath, ".tflite");
            }
            // Every option and path before any work.
            if (epochs < 1 || epochs > 100000)
            {
                return CliText.Fail(err, "--epochs must be 1..100000, got " + epochs.ToString(inv));
            }
            if (windowSamples < 8 || windowSamples > 4096 || (windowSamples & (windowSamples - 1)) != 0)
            {
                return CliText.Fail(err, "--window must be a power of 2 from 8 to 4096 samples, got " + windowSamples.ToString(inv));
            }
            if (bandCount < 1 || (windowSamples / 2) % bandCount != 0)
            {
                return CliText.Fail(err, "--bands must be at least 1 and divide " + (windowSamples / 2).ToString(inv) + " (half of --window), got " + bandCount.ToString(inv));
            }
            if (!(sampleRateHz > 0 && sampleRateHz <= 1e6))
            {
                return CliText.Fail(err, "--sample-rate must be in (0, 1000000] Hz, got " + sampleRateHz.ToString("G6", inv));
            }
            OrderFeatures orderFeatures = null;
            if (featureSet == BenchmarkFeatures.Orders)
            {
                try
                {
                    orderFeatures = new OrderFeatures(windowSamples, sampleRateHz, minSpeedHz, maxSpeedHz, bandCount);
                }
                catch (ArgumentException e)
                {
                    return CliText.Fail(err, "--min-speed/--max-speed: " + KwsCommand.FirstLine(e.Message));
                }
            }
            else if (!Enum.IsDefined(featureSet))
            {
                return CliText.Fail(err, "--features must be Bands or Orders");
            }
            string settingsPath = AnomalyModelSettings.PathFor(outputPath);
            string weightsPath = AnomalyModelSettings.PipelineSourcePathFor(outputPath);
            string bad = CliFiles.CheckInput("the CSV", csvPath) ??
                         CliFiles.CheckOutputs(force, new[] { csvPath },
                             ("--output", outputPath, TrainedModelMarker),
                             ("the settings file", settingsPath, System.Text.Encoding.ASCII.GetBytes(AnomalyModelSettings.GeneratorName)),
                             ("the device settings file", weightsPath, System.Text.Encoding.ASCII.GetBytes(AnomalyModelSettings.GeneratorName)));
            if (bad != null)
            {
                return CliText.Fail(err, bad);
            }

            CsvSamples samples = AnomalyRecording.Read(csvPath, sampleRateHz, "--sample-rate", out string readError);
            if (samples == null)
            {
                return CliText.Fail(err, readError);
            }
            var features = new FeatureOptions { WindowSamples = windowSamples, BandCount = bandCount, HopSamples = windowSamples };
            if (VibrationFeatureSet.WindowCount(samples.RowCount, features) >= AnomalyModelTrainer.MinimumWindows && AnomalyRecording.IsFlat(samples))
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": every row is the same (" + samples[0, 0].ToString("G6", inv) + ", " + samples[0, 1].ToString("G6", inv) + ", " +
                                         samples[0, 2].ToString("G6", inv) + "): no vibration to learn; is the sensor connected and the machine running?");
            }

            if (orderFeatures != null)
            {
                return RunOrders(csvPath, outputPath, settingsPath, weightsPath, samples, orderFeatures, seed, epochs, sampleRateHz, minSpeedHz, maxSpeedHz, bandCount, outw, err);
            }

            AnomalyModel model;
            try
            {
                model = CliConsole.WithProgress(err, "training epochs", epochs, progress =>
                    AnomalyModelTrainer.Train(samples.Values, features, new TrainingOptions { Seed = seed, Epochs = epochs, EpochDone = (e, _) => progress(e) }));
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": " + KwsCommand.FirstLine(e.Message));
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

            // Per-feature score weights from the int8 model's residuals on the training windows
            // (what the device scorer computes), written for score-anomaly and the device app.
            float[] weights = AnomalyBenchmark.ResidualWeights(
                new AnomalyScorer(new TinyMl.Nano.Interpreter(new TinyMl.Nano.Model(compiled.Blob))), model.TrainingFeatures, features.FeatureCount);

            double[] scores = TrainingScores(model);
            double mean = scores.Average();
            double sigma = Math.Sqrt(scores.Select(x => (x - mean) * (x - mean)).Average());
            if (!(sigma > 0) || !double.IsFinite(mean))
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": every training window reconstructs with the same error (sigma " + sigma.ToString("G3", inv) +
                                         "): the recording has no variation to calibrate a threshold on; record the machine running normally");
            }

            var settings = new AnomalyModelSettings
            {
                SampleRateHz = sampleRateHz,
                WindowSamples = windowSamples,
                HopSamples = windowSamples,
                Bands = bandCount,
                Features = features.FeatureCount,
                FeatureSet = "bands",
                TrainingCsv = Path.GetFileName(csvPath),
                TrainingWindows = model.WindowCount,
                TrainingErrorMean = mean,
                TrainingErrorSigma = sigma,
                TrainingErrorMax = scores.Max(),
                ScoreWeights = weights,
            };
            try
            {
                File.WriteAllBytes(outputPath, model.Tflite);
                File.WriteAllText(settingsPath, settings.ToJson());
                File.WriteAllText(weightsPath, AnomalyModelSettings.PipelineSource(settings, Path.GetFileName(outputPath)));
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot write " + outputPath + ": " + e.Message);
            }

            outw.Write(FormatReport(csvPath, outputPath, samples.RowCount, model, compiled, scores));
            outw.WriteLine("settings: " + settingsPath + " (" + sampleRateHz.ToString("0.#", inv) + " Hz, window " + windowSamples.ToString(inv) + ", " +
                           bandCount.ToString(inv) + " bands, per-feature score weights; tinyml score-anomaly reads it)");
            outw.WriteLine("device settings: " + weightsPath + " (copy over firmware/apps/AnomalyDetection/TrainedPipeline.cs)");
            return 0;
        }

        /// <summary>
        /// --features Orders: order features of every window, the speed normalizer, the
        /// autoencoder on the normalized rows, weights and top count (<see cref="OrderPipelineTrainer"/>,
        /// as bench-anomaly measures it); the normalizer's coefficients go into the settings and
        /// the device app's C# file.
        /// </summary>
        private static int RunOrders(string csvPath, string outputPath, string settingsPath, string sourcePath, CsvSamples samples, OrderFeatures features,
                                     int seed, int epochs, double sampleRateHz, double minSpeedHz, double maxSpeedHz, int bandCount, TextWriter outw, TextWriter err)
        {
            var inv = CultureInfo.InvariantCulture;
            int n = features.FeatureCount;
            float[] raw = OrderPipelineTrainer.Extract(samples.Values, features);
            int windows = raw.Length / n;
            if (windows < AnomalyModelTrainer.MinimumWindows)
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": " + samples.RowCount.ToString(inv) + " samples make " + windows.ToString(inv) + " windows of " +
                                         features.WindowSamples.ToString(inv) + " samples; training needs at least " + AnomalyModelTrainer.MinimumWindows.ToString(inv) +
                                         " windows, i.e. " + (AnomalyModelTrainer.MinimumWindows * features.WindowSamples).ToString(inv) + " samples");
            }
            OrderPipelineModel model;
            try
            {
                model = CliConsole.WithProgress(err, "training epochs", epochs, progress =>
                    OrderPipelineTrainer.Train(raw, n, new TrainingOptions { Seed = seed, Epochs = epochs, HiddenSizes = OrderPipelineTrainer.HiddenSizes, EpochDone = (e, _) => progress(e) },
                        1.0 / 3, "TinyMl.Nano vibration autoencoder (order tracking)"));
            }
            catch (ArgumentException e)
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": " + KwsCommand.FirstLine(e.Message));
            }
            double[] scores = model.TrainingScores;
            double mean = scores.Average();
            double sigma = Math.Sqrt(scores.Select(x => (x - mean) * (x - mean)).Average());
            if (!(sigma > 0) || !double.IsFinite(mean))
            {
                return CliText.Fail(err, Path.GetFileName(csvPath) + ": every training window reconstructs with the same error (sigma " + sigma.ToString("G3", inv) +
                                         "): the recording has no variation to calibrate a threshold on; record the machine running normally");
            }
            var offset = new float[n];
            var slope = new float[n];
            var inverse = new float[n];
            model.Normalizer.CopyTo(offset, slope, inverse);
            var settings = new AnomalyModelSettings
            {
                SampleRateHz = sampleRateHz,
                WindowSamples = features.WindowSamples,
                HopSamples = features.WindowSamples,
                Bands = bandCount,
                Features = n,
                FeatureSet = "orders",
                MinSpeedHz = minSpeedHz,
                MaxSpeedHz = maxSpeedHz,
                NormalizerOffset = offset,
                NormalizerSlope = slope,
                NormalizerInverseScale = inverse,
                TrainingCsv = Path.GetFileName(csvPath),
                TrainingWindows = windows,
                TrainingErrorMean = mean,
                TrainingErrorSigma = sigma,
                TrainingErrorMax = scores.Max(),
                ScoreWeights = model.ScoreWeights,
                ScoreTopCount = model.ScoreTopCount,
            };
            try
            {
                File.WriteAllBytes(outputPath, model.Tflite);
                File.WriteAllText(settingsPath, settings.ToJson());
                File.WriteAllText(sourcePath, AnomalyModelSettings.PipelineSource(settings, Path.GetFileName(outputPath)));
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot write " + outputPath + ": " + e.Message);
            }
            outw.WriteLine(string.Format(inv, "read {0}: {1} samples (ax, ay, az) -> {2} windows of {3} samples, {4} features (speed {5}-{6} Hz, {7} orders + {8} bands per axis)",
                csvPath, CliText.Number(samples.RowCount), CliText.Number(windows), features.WindowSamples, n, minSpeedHz, maxSpeedHz, OrderFeatures.OrderCount, bandCount));
            outw.WriteLine(string.Format(inv, "speed normalization fitted: each feature's distance from its level at the window's speed, in spreads (speed spread {0:0.00} dB)",
                1 / inverse[0]));
            outw.WriteLine(string.Format(inv, "trained a {0} autoencoder: {1} epochs, seed {2}, loss {3:0.000} -> {4:0.000}",
                string.Join("-", model.FloatModel.Sizes), epochs, seed, model.EpochLoss[0], model.EpochLoss[^1]));
            outw.WriteLine(string.Format(inv, "training windows: score (mean of the {0} largest weighted errors) mean {1:0.000}, sigma {2:0.000}, max {3:0.000}; the device calibrates its own threshold",
                model.ScoreTopCount, mean, sigma, scores.Max()));
            outw.WriteLine(string.Format(inv, "wrote {0} ({1} bytes); compiles to a {2}-byte .tnm blob, arena {3} bytes, {4} MACs",
                outputPath, CliText.Number(model.Tflite.Length), CliText.Number(model.Compiled.Blob.Length), CliText.Number(model.Compiled.ArenaSize), CliText.Number(model.Compiled.TotalMacs)));
            outw.WriteLine("settings: " + settingsPath + " (rate, window, speed range, normalizer coefficients, score weights)");
            outw.WriteLine("device settings: " + sourcePath + " (copy over firmware/apps/AnomalyDetection/TrainedPipeline.cs)");
            return 0;
        }

        /// <summary>What the trained .tflite carries (its description), so a second run may replace it.</summary>
        private static readonly byte[] TrainedModelMarker = System.Text.Encoding.ASCII.GetBytes("TinyMl.Nano vibration autoencoder");

        /// <summary>Reconstruction error of the training windows, float model: what "normal" looks like.</summary>
        private static double[] TrainingScores(AnomalyModel model)
        {
            int n = model.Features.FeatureCount;
            double[] scores = new double[model.WindowCount];
            for (int w = 0; w < scores.Length; w++)
            {
                float[] recon = model.FloatModel.Reconstruct(model.TrainingFeatures.AsSpan(w * n, n));
                scores[w] = ReconstructionError.MeanSquared(model.TrainingFeatures, w * n, recon, 0, n);
            }
            return scores;
        }

        private static string FormatReport(string csvPath, string outputPath, int sampleCount, AnomalyModel model, CompiledModel compiled, double[] scores)
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
