using System;
using System.Globalization;
using System.IO;
using System.Text;
using TinyMl.Compiler;

namespace TinyMl.Cli
{
    /// <summary>`tinyml compile model.tflite -o model.tnm`: compiles and prints the layer table.</summary>
    public static class CompileCommand
    {
        /// <summary>Compiles <paramref name="input"/> into <paramref name="output"/>; returns the exit code.</summary>
        /// <param name="emitC">when set, also write the flash model table C file there</param>
        /// <param name="flashName">the model's name in that table (default: the input file's name)</param>
        /// <param name="manifest">when set, a microWakeWord manifest whose settings are written beside the blob</param>
        public static int Run(string input, string output, TextWriter outw, TextWriter err, string emitC = null, string flashName = null, bool force = false,
                              string manifest = null)
        {
            // Paths and names are checked before any work; several models: CompileModels.
            return CompileModels.Run(new[] { input }, output, emitC, string.IsNullOrEmpty(flashName) ? null : new[] { flashName }, force, outw, err, manifest);
        }

        /// <summary>The layer table and totals that `compile` prints.</summary>
        public static string FormatReport(CompiledModel model, string input, string output)
        {
            var text = new StringBuilder();
            text.AppendLine("compiled " + input + " -> " + output);
            var table = new TextTable("#", "op", "input", "output", "MACs", "constants", "arena (output)");
            foreach (CompiledLayer layer in model.Layers)
            {
                table.Add(
                    layer.Index.ToString(CultureInfo.InvariantCulture),
                    layer.Op,
                    layer.Inputs.Length == 0 ? "-" : CliText.Shape(layer.InputShape),
                    layer.Outputs.Length == 0 ? "-" : CliText.Shape(layer.OutputShape),
                    CliText.Number(layer.Macs),
                    CliText.Number(layer.WeightBytes),
                    layer.Outputs.Length == 0 ? "-" : layer.OutputOffset.ToString(CultureInfo.InvariantCulture) + ".." +
                        (layer.OutputOffset + layer.OutputSize).ToString(CultureInfo.InvariantCulture));
            }
            table.RightAlign(0, 4, 5);
            table.WriteTo(text);

            double ratio = model.TfliteSize > 0 ? (double)model.Blob.Length / model.TfliteSize : 0;
            text.AppendLine();
            text.AppendLine("layers: " + model.Layers.Count.ToString(CultureInfo.InvariantCulture) +
                            ", tensors: " + model.Tensors.Count.ToString(CultureInfo.InvariantCulture));
            text.AppendLine("arena: " + CliText.Number(model.ArenaSize) + " bytes (peak, scratch included)");
            var inPlace = new System.Collections.Generic.List<string>();
            foreach (CompiledLayer layer in model.Layers)
            {
                if (layer.InPlace)
                    inPlace.Add(layer.Index.ToString(CultureInfo.InvariantCulture) + " (" + layer.InPlaceBand.ToString(CultureInfo.InvariantCulture) +
                                (layer.InPlacePixels ? " px" : " rows") + (layer.InPlaceReverse ? ", reverse" : "") + ")");
            }
            text.Append("in place: " + (inPlace.Count == 0 ? "none" : "layers " + string.Join(", ", inPlace) +
                        " (output over input, one kernel call per band of output rows or pixels)") + "; ");
            if (model.PatchStage.Count == 0)
            {
                text.AppendLine("patches: none");
            }
            else
            {
                var strips = new System.Collections.Generic.List<string>();
                foreach (CompiledLayer layer in model.Layers)
                {
                    if (layer.Strip == 0) strips.Add(layer.Index.ToString(CultureInfo.InvariantCulture));
                }
                var stage = new System.Collections.Generic.List<string>();
                foreach (int k in model.PatchStage) stage.Add(k.ToString(CultureInfo.InvariantCulture));
                text.AppendLine("patches: the first stage (layers " + string.Join(", ", stage) + " of the model) in " +
                                model.PatchStrips.ToString(CultureInfo.InvariantCulture) + " row strips, halo recomputed (strip 0: layers " +
                                string.Join(", ", strips) + "); arena " + CliText.Number(model.ArenaSize) + " bytes, " +
                                CliText.Number(model.ArenaWithoutPatches) + " without patches");
            }
            text.AppendLine("blob: " + CliText.Number(model.Blob.Length) + " bytes (" +
                            ratio.ToString("0.000", CultureInfo.InvariantCulture) + " x the .tflite's " +
                            CliText.Number(model.TfliteSize) + ")");
            text.AppendLine("MACs: " + CliText.Number(model.TotalMacs));
            text.AppendLine("operators: " + string.Join(", ", model.OpSetNames));
            if (model.StateSize > 0)
            {
                text.AppendLine("state: " + CliText.Number(model.StateSize) + " bytes kept between inferences" +
                                (model.InitLayerCount > 0 ? " (init subgraph: " + model.InitLayerCount.ToString(CultureInfo.InvariantCulture) + " layers, run once)" : ""));
            }
            return text.ToString();
        }
    }
}
