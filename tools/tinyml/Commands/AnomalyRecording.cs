using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using TinyMl.Nano.Host;
using TinyMl.Simulation;

namespace TinyMl.Cli
{
    /// <summary>
    /// What `train-anomaly` records beside the .tflite (model.anomaly.json) so the model is used
    /// with the data it was trained on: the sample rate and the feature settings, and the
    /// reconstruction error of the training windows. `score-anomaly` reads it and refuses a
    /// recording at another rate.
    /// </summary>
    public sealed class AnomalyModelSettings
    {
        public const string GeneratorName = "tinyml train-anomaly";

        [JsonPropertyName("generator")] public string Generator { get; set; } = GeneratorName;
        [JsonPropertyName("sampleRateHz")] public double SampleRateHz { get; set; }
        [JsonPropertyName("windowSamples")] public int WindowSamples { get; set; }
        [JsonPropertyName("hopSamples")] public int HopSamples { get; set; }
        [JsonPropertyName("bands")] public int Bands { get; set; }
        [JsonPropertyName("features")] public int Features { get; set; }
        [JsonPropertyName("trainingCsv")] public string TrainingCsv { get; set; }
        [JsonPropertyName("trainingWindows")] public int TrainingWindows { get; set; }
        [JsonPropertyName("trainingErrorMean")] public double TrainingErrorMean { get; set; }
        [JsonPropertyName("trainingErrorSigma")] public double TrainingErrorSigma { get; set; }
        [JsonPropertyName("trainingErrorMax")] public double TrainingErrorMax { get; set; }

        /// <summary>
        /// Per-feature score weights (1 / each feature's mean squared int8 residual on the
        /// training windows) for AnomalyScorer.UseWeights; absent in files of older versions
        /// (then the plain mean squared error is used).
        /// </summary>
        [JsonPropertyName("scoreWeights")] public float[] ScoreWeights { get; set; }

        /// <summary>"bands" (band energies, absent in older files) or "orders" (order tracking with speed normalization).</summary>
        [JsonPropertyName("featureSet")] public string FeatureSet { get; set; }

        /// <summary>Orders: the machine's shaft speed range (Hz).</summary>
        [JsonPropertyName("minSpeedHz")] public double MinSpeedHz { get; set; }
        [JsonPropertyName("maxSpeedHz")] public double MaxSpeedHz { get; set; }

        /// <summary>Orders: the SpeedNormalizer coefficients, one per feature.</summary>
        [JsonPropertyName("normalizerOffset")] public float[] NormalizerOffset { get; set; }
        [JsonPropertyName("normalizerSlope")] public float[] NormalizerSlope { get; set; }
        [JsonPropertyName("normalizerInverseScale")] public float[] NormalizerInverseScale { get; set; }

        /// <summary>The score averages the largest this many weighted terms (0 or absent: all).</summary>
        [JsonPropertyName("scoreTopCount")] public int ScoreTopCount { get; set; }

        /// <summary>True for the order-tracking pipeline.</summary>
        [JsonIgnore] public bool Orders => FeatureSet == "orders";

        /// <summary>model.tflite -> model.pipeline.cs: the device app's settings of this model as C#.</summary>
        public static string PipelineSourcePathFor(string modelPath) => Path.ChangeExtension(modelPath, null) + ".pipeline.cs";

        /// <summary>
        /// The pipeline settings as a C# file the device app compiles in (copy it over
        /// firmware/apps/AnomalyDetection/TrainedPipeline.cs): features, window, rate, speed range,
        /// normalizer coefficients, score weights and top count.
        /// </summary>
        public static string PipelineSource(AnomalyModelSettings s, string modelName)
        {
            var inv = CultureInfo.InvariantCulture;
            var text = new System.Text.StringBuilder();
            text.AppendLine("// Written by " + GeneratorName + " for " + modelName + ": the device pipeline's settings of this model.");
            text.AppendLine("// Copy over firmware/apps/AnomalyDetection/TrainedPipeline.cs; they belong to this model only.");
            text.AppendLine("namespace TinyMl.Nano.Apps.AnomalyDetection");
            text.AppendLine("{");
            text.AppendLine("    internal static class TrainedPipeline");
            text.AppendLine("    {");
            text.AppendLine("        /// <summary>True: order tracking (OrderAnomalyPipeline); false: band energies (VibrationAnomalyPipeline).</summary>");
            text.AppendLine("        public static readonly bool Orders = " + (s.Orders ? "true" : "false") + ";");
            text.AppendLine("        public const int SampleRateHz = " + ((int)Math.Round(s.SampleRateHz)).ToString(inv) + ";");
            text.AppendLine("        public const int WindowSamples = " + s.WindowSamples.ToString(inv) + ";");
            text.AppendLine("        public const int Bands = " + s.Bands.ToString(inv) + ";");
            text.AppendLine("        public const double MinSpeedHz = " + s.MinSpeedHz.ToString("R", inv) + ";");
            text.AppendLine("        public const double MaxSpeedHz = " + s.MaxSpeedHz.ToString("R", inv) + ";");
            text.AppendLine("        /// <summary>The score averages the largest this many weighted terms (0: all).</summary>");
            text.AppendLine("        public const int ScoreTopCount = " + s.ScoreTopCount.ToString(inv) + ";");
            WriteArray(text, "ScoreWeights", "One score weight per feature (AnomalyScorer.UseWeights).", s.ScoreWeights);
            WriteArray(text, "NormalizerOffset", "SpeedNormalizer coefficients (orders only).", s.NormalizerOffset);
            WriteArray(text, "NormalizerSlope", null, s.NormalizerSlope);
            WriteArray(text, "NormalizerInverseScale", null, s.NormalizerInverseScale);
            text.AppendLine("    }");
            text.AppendLine("}");
            return text.ToString();
        }

        private static void WriteArray(System.Text.StringBuilder text, string name, string doc, float[] values)
        {
            if (doc != null)
            {
                text.AppendLine("        /// <summary>" + doc + "</summary>");
            }
            if (values == null)
            {
                text.AppendLine("        public static readonly float[] " + name + " = null;");
                return;
            }
            text.AppendLine("        public static readonly float[] " + name + " = new float[]");
            text.AppendLine("        {");
            for (int i = 0; i < values.Length; i += 6)
            {
                var line = new System.Text.StringBuilder("            ");
                for (int j = i; j < Math.Min(i + 6, values.Length); j++)
                {
                    line.Append(values[j].ToString("R", CultureInfo.InvariantCulture)).Append("f, ");
                }
                text.AppendLine(line.ToString().TrimEnd());
            }
            text.AppendLine("        };");
        }

        /// <summary>model.tflite -> model.anomaly.json (also for .tnm).</summary>
        public static string PathFor(string modelPath) => Path.ChangeExtension(modelPath, null) + ".anomaly.json";

        public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

        /// <summary>Reads a settings file; a sentence naming the problem in <paramref name="error"/> otherwise.</summary>
        public static AnomalyModelSettings Read(string path, out string error)
        {
            error = null;
            try
            {
                var s = JsonSerializer.Deserialize<AnomalyModelSettings>(File.ReadAllText(path));
                if (s == null || s.Generator != GeneratorName)
                {
                    error = path + " is not a settings file written by " + GeneratorName;
                    return null;
                }
                if (!(s.SampleRateHz > 0) || s.WindowSamples < 8 || s.HopSamples < 1 || s.Bands < 1)
                {
                    error = path + ": sampleRateHz, windowSamples, hopSamples and bands must be positive";
                    return null;
                }
                if (s.FeatureSet != null && s.FeatureSet != "bands" && s.FeatureSet != "orders")
                {
                    error = path + ": featureSet must be \"bands\" or \"orders\", is \"" + s.FeatureSet + "\"";
                    return null;
                }
                if (s.Orders && (s.NormalizerOffset == null || s.NormalizerSlope == null || s.NormalizerInverseScale == null
                                 || s.NormalizerOffset.Length != s.Features || s.NormalizerSlope.Length != s.Features || s.NormalizerInverseScale.Length != s.Features))
                {
                    error = path + ": an orders model needs normalizerOffset, normalizerSlope and normalizerInverseScale with one value per feature (" + s.Features.ToString(CultureInfo.InvariantCulture) + ")";
                    return null;
                }
                if (s.ScoreTopCount < 0 || s.ScoreTopCount > s.Features)
                {
                    error = path + ": scoreTopCount must be 0.." + s.Features.ToString(CultureInfo.InvariantCulture);
                    return null;
                }
                if (s.ScoreWeights != null && (s.ScoreWeights.Length != s.Features || Array.Exists(s.ScoreWeights, w => !(w > 0 && float.IsFinite(w)))))
                {
                    error = path + ": scoreWeights must hold one finite weight > 0 per feature (" + s.Features.ToString(CultureInfo.InvariantCulture) + ")";
                    return null;
                }
                return s;
            }
            catch (JsonException e)
            {
                error = path + " is not valid JSON: " + CliText.OneLine(e.Message);
                return null;
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                error = "cannot read " + path + ": " + CliText.OneLine(e.Message);
                return null;
            }
        }
    }

    /// <summary>An accelerometer recording (CSV columns ax, ay, az in g, optional time column) checked for what training and scoring need.</summary>
    public static class AnomalyRecording
    {
        /// <summary>Largest acceleration accepted (g); MEMS accelerometers stop at 16 to 400 g.</summary>
        public const double MaxG = 1000;

        /// <summary>Time columns recognized in a header (seconds, or milliseconds for the _ms names).</summary>
        private static readonly string[] SecondsColumns = { "t", "time", "t_s", "time_s", "timestamp" };
        private static readonly string[] MillisecondColumns = { "t_ms", "time_ms", "timestamp_ms" };

        /// <summary>
        /// Reads the samples; checks every value is within ±<see cref="MaxG"/> (naming the line),
        /// and when the file has a time column, that its rate matches <paramref name="expectedRateHz"/>
        /// within 1 %. Returns null with a sentence in <paramref name="error"/> on any problem.
        /// </summary>
        public static CsvSamples Read(string path, double expectedRateHz, string rateSource, out string error)
        {
            error = CliFiles.CheckInput("the recording", path);
            if (error != null)
            {
                return null;
            }
            CsvSamples samples;
            CsvSamples all;
            try
            {
                samples = CsvSampleFile.Read(path, CsvSampleFile.AccelerometerColumns);
                all = samples.HadHeader ? CsvSampleFile.Read(path) : null;
            }
            catch (CsvFormatException e)
            {
                error = e.Message;
                return null;
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                error = "cannot read " + path + ": " + CliText.OneLine(e.Message);
                return null;
            }

            float[] v = samples.Values;
            for (int i = 0; i < v.Length; i++)
            {
                if (Math.Abs(v[i]) > MaxG)
                {
                    int row = i / 3;
                    error = Path.GetFileName(path) + " line " + LineOfRow(path, row, samples.HadHeader).ToString(CultureInfo.InvariantCulture) + ", column " +
                            CsvSampleFile.AccelerometerColumns[i % 3] + ": " + v[i].ToString("G6", CultureInfo.InvariantCulture) +
                            " g is not a plausible acceleration (the limit is ±" + MaxG.ToString(CultureInfo.InvariantCulture) + " g; values are in g, not m/s² or raw counts)";
                    return null;
                }
            }

            if (all != null)
            {
                for (int c = 0; c < all.ColumnCount; c++)
                {
                    string name = all.ColumnNames[c].ToLowerInvariant();
                    double unit = Array.IndexOf(SecondsColumns, name) >= 0 ? 1.0 : Array.IndexOf(MillisecondColumns, name) >= 0 ? 0.001 : 0;
                    if (unit == 0 || all.RowCount < 2)
                    {
                        continue;
                    }
                    double span = (all[all.RowCount - 1, c] - all[0, c]) * unit;
                    double rate = span > 0 ? (all.RowCount - 1) / span : 0;
                    if (!(rate > 0) || Math.Abs(rate - expectedRateHz) > 0.01 * expectedRateHz)
                    {
                        error = Path.GetFileName(path) + ": its " + all.ColumnNames[c] + " column gives " + rate.ToString("0.#", CultureInfo.InvariantCulture) + " Hz, but " +
                                rateSource + " is " + expectedRateHz.ToString("0.#", CultureInfo.InvariantCulture) + " Hz; features at another rate describe other frequencies" +
                                " (record at that rate or resample)";
                        return null;
                    }
                }
            }
            return samples;
        }

        /// <summary>True when every column holds one value throughout (a disconnected or stuck sensor).</summary>
        public static bool IsFlat(CsvSamples samples)
        {
            float[] v = samples.Values;
            for (int i = 3; i < v.Length; i++)
            {
                if (v[i] != v[i % 3])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>The 1-based file line of data row <paramref name="row"/> (0-based), skipping blank lines and the header.</summary>
        private static int LineOfRow(string path, int row, bool hadHeader)
        {
            int line = 0;
            int dataRow = hadHeader ? -1 : 0;
            foreach (string text in File.ReadLines(path))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                if (dataRow == row)
                {
                    return line;
                }
                dataRow++;
            }
            return line;
        }
    }
}
