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
        public static int Run(string input, string output, TextWriter outw, TextWriter err, string emitC = null, string flashName = null)
        {
            if (string.IsNullOrEmpty(output))
            {
                output = Path.ChangeExtension(input, ".tnm");
            }

            byte[] tflite;
            try
            {
                tflite = File.ReadAllBytes(input);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + input + ": " + e.Message);
            }

            CompiledModel model;
            try
            {
                model = ModelCompiler.Compile(tflite);
            }
            catch (Exception e) when (e is TfliteFormatException || e is ModelCompileException)
            {
                return CliText.Fail(err, input + ": " + e.Message);
            }
            catch (Exception e)
            {
                // A compiler bug, not a user error: still one line, but a distinct exit code.
                err.WriteLine("tinyml: internal error compiling " + input + ": " + e.GetType().Name + ": " + CliText.OneLine(e.Message));
                return 2;
            }

            try
            {
                File.WriteAllBytes(output, model.Blob);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot write " + output + ": " + e.Message);
            }

            outw.Write(FormatReport(model, input, output));

            if (!string.IsNullOrEmpty(emitC))
            {
                string name = string.IsNullOrEmpty(flashName) ? Path.GetFileNameWithoutExtension(input) : flashName;
                string source;
                try
                {
                    source = FlashModelEmitter.EmitModelTable(new[] { new FlashModel(name, model.Blob) });
                }
                catch (ArgumentException e)
                {
                    return CliText.Fail(err, "--emit-c: " + CliText.OneLine(e.Message));
                }
                try
                {
                    File.WriteAllText(emitC, source);
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + emitC + ": " + e.Message);
                }
                outw.WriteLine("flash model table: " + emitC + " (model '" + name + "', open it with Model.FromFlash(\"" + name + "\"))");
                outw.WriteLine("operator set: -DTNM_OP_SET=\"" + FlashModelEmitter.OpSetDefine(new[] { new FlashModel(name, model.Blob) }) + "\" links only these operators");
            }
            return 0;
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
            text.AppendLine("arena: " + CliText.Number(model.ArenaSize) + " bytes");
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
