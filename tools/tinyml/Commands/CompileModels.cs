using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using TinyMl.Compiler;
using TinyMl.Tflite;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml compile a.tflite [b.tflite ...] [-o a.tnm] [--emit-c models.c --name a --name b] [--force]`:
    /// every path and name is checked first, then every model is compiled, and only when all
    /// compile are the blobs and the flash model table (one table for all models) written.
    /// </summary>
    public static class CompileModels
    {
        /// <summary>Returns the exit code (0 ok, 1 user error, 2 compiler bug).</summary>
        /// <param name="manifest">a microWakeWord manifest (one model only): its decision settings
        /// are written beside the blob (model.wakeword.txt)</param>
        /// <param name="inPlace">let the compiler run convolutions in place where that lowers the arena</param>
        /// <param name="patches">"auto" (the first stage in row strips where that lowers the arena), "off" or "force"</param>
        public static int Run(string[] inputs, string output, string emitC, string[] names, bool force, TextWriter outw, TextWriter err,
                              string manifest = null, bool inPlace = true, string patches = null)
        {
            inputs ??= Array.Empty<string>();
            names ??= Array.Empty<string>();
            PatchMode patchMode;
            switch (patches ?? "auto")
            {
                case "auto": patchMode = PatchMode.Auto; break;
                case "off": patchMode = PatchMode.Off; break;
                case "force": patchMode = PatchMode.Force; break;
                default: return CliText.Fail(err, "--patches takes auto, off or force, not '" + patches + "'");
            }
            if (inputs.Length == 0)
            {
                return CliText.Fail(err, "compile needs at least one .tflite model");
            }
            foreach (string input in inputs)
            {
                string bad = CliFiles.CheckInput("model", input);
                if (bad != null)
                {
                    return CliText.Fail(err, bad);
                }
            }
            if (inputs.Length > 1 && !string.IsNullOrEmpty(output))
            {
                return CliText.Fail(err, "--output names one blob but " + inputs.Length.ToString(CultureInfo.InvariantCulture) +
                                         " models were given; leave it out (each .tnm is written beside its .tflite)");
            }
            if (names.Length > 0 && string.IsNullOrEmpty(emitC))
            {
                return CliText.Fail(err, "--name sets a model's name in the flash table; it needs --emit-c <file.c>");
            }
            if (names.Length > 0 && names.Length != inputs.Length)
            {
                return CliText.Fail(err, "--name was given " + names.Length.ToString(CultureInfo.InvariantCulture) + " time(s) for " +
                                         inputs.Length.ToString(CultureInfo.InvariantCulture) + " model(s); give one per model, in the same order, or none");
            }

            TinyMl.Nano.Audio.WakeWordSettings wakeWord = null;
            if (!string.IsNullOrEmpty(manifest))
            {
                if (inputs.Length != 1)
                {
                    return CliText.Fail(err, "--manifest belongs to one wake-word model, but " + inputs.Length.ToString(CultureInfo.InvariantCulture) + " models were given");
                }
                try
                {
                    wakeWord = WakeWordManifest.Parse(File.ReadAllText(manifest));
                }
                catch (Exception e) when (CliText.IsFileError(e) || e is FormatException)
                {
                    return CliText.Fail(err, "--manifest " + manifest + ": " + CliText.OneLine(e.Message));
                }
            }

            var outputs = new string[inputs.Length];
            var flashNames = new string[inputs.Length];
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int m = 0; m < inputs.Length; m++)
            {
                outputs[m] = inputs.Length == 1 && !string.IsNullOrEmpty(output) ? output : Path.ChangeExtension(inputs[m], ".tnm");
                if (!string.IsNullOrEmpty(emitC))
                {
                    string name = names.Length > 0 ? names[m] : Path.GetFileNameWithoutExtension(inputs[m]);
                    string option = names.Length > 0 ? "--name" : "the model name taken from " + Path.GetFileName(inputs[m]) + " (set it with --name)";
                    if (name == null || !FlashName.IsMatch(name))
                    {
                        return CliText.Fail(err, option + " \"" + name + "\" must be 1 to " + FlashModelEmitter.MaxNameLength.ToString(CultureInfo.InvariantCulture) +
                                                 " characters of A-Z, a-z, 0-9, '_', '-' or '.'");
                    }
                    if (seen.TryGetValue(name, out int other))
                    {
                        return CliText.Fail(err, "models " + (other + 1).ToString(CultureInfo.InvariantCulture) + " and " + (m + 1).ToString(CultureInfo.InvariantCulture) +
                                                 " are both called \"" + name + "\" in the flash table; give each its own --name");
                    }
                    seen[name] = m;
                    flashNames[m] = name;
                }
            }

            var checks = new List<(string, string, byte[])>();
            for (int m = 0; m < inputs.Length; m++)
            {
                checks.Add((inputs.Length == 1 && !string.IsNullOrEmpty(output) ? "--output" : "the blob of " + inputs[m], outputs[m], CliFiles.BlobMarker));
            }
            if (!string.IsNullOrEmpty(emitC))
            {
                checks.Add(("--emit-c", emitC, CliFiles.FlashTableMarker));
            }
            string problem = CliFiles.CheckOutputs(force, inputs, checks.ToArray());
            if (problem != null)
            {
                return CliText.Fail(err, problem);
            }

            // Compile everything before writing anything.
            var models = new CompiledModel[inputs.Length];
            int failed = CliConsole.WithProgress(inputs.Length > 1 ? err : TextWriter.Null, "compiling", inputs.Length, progress =>
            {
                for (int m = 0; m < inputs.Length; m++)
                {
                    int code = CompileOne(inputs[m], err, out models[m], inPlace, patchMode);
                    if (code != 0)
                    {
                        return code;
                    }
                    progress(m + 1);
                }
                return 0;
            });
            if (failed != 0)
            {
                return failed;
            }

            for (int m = 0; m < inputs.Length; m++)
            {
                try
                {
                    File.WriteAllBytes(outputs[m], models[m].Blob);
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + outputs[m] + ": " + e.Message);
                }
                if (m > 0)
                {
                    outw.WriteLine();
                }
                outw.Write(CompileCommand.FormatReport(models[m], inputs[m], outputs[m]));
            }

            if (wakeWord != null)
            {
                string settingsPath = WakeWordManifest.SettingsPath(outputs[0]);
                try
                {
                    File.WriteAllText(settingsPath, "# " + Path.GetFileName(manifest) + " (tinyml compile --manifest): WakeWordSettings.Parse reads this\n" + wakeWord.ToText());
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + settingsPath + ": " + e.Message);
                }
                outw.WriteLine("wake-word settings: " + settingsPath + " (" + WakeWordManifest.Describe(wakeWord) + ")");
            }

            if (!string.IsNullOrEmpty(emitC))
            {
                var table = new FlashModel[inputs.Length];
                for (int m = 0; m < inputs.Length; m++)
                {
                    table[m] = new FlashModel(flashNames[m], models[m].Blob);
                }
                string source;
                try
                {
                    source = FlashModelEmitter.EmitModelTable(table);
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
                long bytes = 0;
                foreach (CompiledModel model in models)
                {
                    bytes += model.Blob.Length;
                }
                outw.WriteLine();
                outw.WriteLine("flash model table: " + emitC + " (" + inputs.Length.ToString(CultureInfo.InvariantCulture) + " model(s), " +
                               CliText.Number(bytes) + " bytes of blobs)");
                foreach (string name in flashNames)
                {
                    outw.WriteLine("  open it with Model.FromFlash(\"" + name + "\")");
                }
                string opSetHigh = FlashModelEmitter.OpSetHighDefine(table);
                outw.WriteLine("operator set: -DTNM_OP_SET=\"" + FlashModelEmitter.OpSetDefine(table) + "\"" +
                               (opSetHigh != null ? " -DTNM_OP_SET_HI=\"" + opSetHigh + "\"" : "") + " links only the operators these models use");
                outw.WriteLine("kernel paths: -DTNM_VARIANT_SET=\"" + FlashModelEmitter.VariantSetDefine(table) + "\" links only the paths their layers take (Cortex-M)");
            }
            return 0;
        }

        private static int CompileOne(string input, TextWriter err, out CompiledModel model, bool inPlace, PatchMode patches)
        {
            model = null;
            byte[] tflite;
            try
            {
                tflite = File.ReadAllBytes(input);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + input + ": " + e.Message);
            }
            try
            {
                model = ModelCompiler.Compile(tflite, new CompileOptions { InPlace = inPlace, Patches = patches });
                return 0;
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
        }

        /// <summary>The flash table's name rule (FlashModelEmitter checks it again when writing).</summary>
        private static readonly Regex FlashName = new Regex(@"^[A-Za-z0-9_.\-]{1,31}$", RegexOptions.CultureInvariant);
    }
}
