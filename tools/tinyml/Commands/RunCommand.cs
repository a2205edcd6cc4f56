using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using TinyMl.Nano;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml run model.tnm --input in.bin [--output out.bin] [--float] [--invokes K]`: inferences
    /// on the host through the device library. Input: the raw bytes of every model input, in
    /// order (one file holding them one after the other, or one --input per model input); with
    /// --float, little-endian float32 values quantized with the input tensor's scale and zero
    /// point. Output: the raw bytes of every model output, in order, or dequantized float32 with
    /// --float. --invokes K runs K inferences in a row from one fresh state (streaming models);
    /// "{k}" in a file name is replaced by the step, 0..K-1 (input_{k}.bin -> output_{k}.bin).
    /// </summary>
    public static class RunCommand
    {
        public static int Run(string modelPath, string inputPath, string outputPath, bool useFloat, TextWriter outw, TextWriter err) =>
            Run(modelPath, new[] { inputPath }, outputPath, useFloat, 1, outw, err);

        public static int Run(string modelPath, IReadOnlyList<string> inputPaths, string outputPath, bool useFloat, int invokes, TextWriter outw, TextWriter err)
        {
            if (invokes < 1)
            {
                return CliText.Fail(err, "--invokes must be at least 1, got " + invokes.ToString(CultureInfo.InvariantCulture));
            }
            if (inputPaths == null || inputPaths.Count == 0)
            {
                return CliText.Fail(err, "--input is required");
            }
            if (!string.IsNullOrEmpty(outputPath))
            {
                // The raw output has no mark of its own, so an existing file may be replaced, but
                // never the model or an input (checked for every step's file name).
                for (int step = 0; step < invokes; step++)
                {
                    string output = CliFiles.Resolve(StepPath(outputPath, step));
                    var sources = new List<string> { modelPath };
                    foreach (string input in inputPaths) sources.Add(StepPath(input, step));
                    foreach (string source in sources)
                    {
                        if (!string.IsNullOrEmpty(source) && string.Equals(output, CliFiles.Resolve(source), StringComparison.Ordinal))
                        {
                            return CliText.Fail(err, "--output " + StepPath(outputPath, step) + " is also an input (" + source + "); write the output elsewhere");
                        }
                    }
                }
            }
            Interpreter interpreter;
            try
            {
                interpreter = new Interpreter(new Model(File.ReadAllBytes(modelPath)));
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, modelPath + ": " + e.Message);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + modelPath + ": " + e.Message);
            }

            if (inputPaths.Count != 1 && inputPaths.Count != interpreter.InputCount)
            {
                return CliText.Fail(err, modelPath + ": the model has " + interpreter.InputCount + " inputs; give one --input file for all of them or one per input (" + inputPaths.Count + " given)");
            }
            if (useFloat)
            {
                for (int i = 0; i < interpreter.InputCount; i++)
                {
                    if (!Quantized(interpreter.GetInput(i).Type)) return CliText.Fail(err, modelPath + ": --float needs int8 or uint8 inputs; input " + i + " is " + TensorTypes.Name(interpreter.GetInput(i).Type));
                }
                for (int i = 0; i < interpreter.OutputCount; i++)
                {
                    if (!Quantized(interpreter.GetOutput(i).Type)) return CliText.Fail(err, modelPath + ": --float needs int8 or uint8 outputs; output " + i + " is " + TensorTypes.Name(interpreter.GetOutput(i).Type));
                }
            }

            var text = new StringBuilder();
            for (int step = 0; step < invokes; step++)
            {
                string prefix = invokes > 1 ? "step " + step.ToString(CultureInfo.InvariantCulture) + ": " : "";
                int failure = LoadInputs(interpreter, inputPaths, step, useFloat, err);
                if (failure != 0) return failure;
                try
                {
                    interpreter.Invoke();
                }
                catch (TinyMlException e)
                {
                    return CliText.Fail(err, modelPath + ": " + prefix + e.Message);
                }

                var bytes = new List<byte>();
                for (int o = 0; o < interpreter.OutputCount; o++)
                {
                    Tensor output = interpreter.GetOutput(o);
                    var raw = new byte[output.ByteLength];
                    output.CopyToBytes(raw, 0);
                    string label = interpreter.OutputCount > 1 ? "output " + o.ToString(CultureInfo.InvariantCulture) + " tensor " : "output tensor ";
                    text.AppendLine(prefix + label + output.Index.ToString(CultureInfo.InvariantCulture) + " " + CliText.Shape(output.Shape) + " " + TensorTypes.Name(output.Type) +
                                    (Quantized(output.Type) ? " (scale " + CliText.Float(output.Scale) + ", zero point " + output.ZeroPoint.ToString(CultureInfo.InvariantCulture) + ")" : ""));
                    if (Quantized(output.Type))
                    {
                        var ints = new string[output.ElementCount];
                        var floats = new string[output.ElementCount];
                        var dequantized = new float[output.ElementCount];
                        int best = 0;
                        for (int i = 0; i < ints.Length; i++)
                        {
                            int q = output.Type == TensorType.Int8 ? (sbyte)raw[i] : raw[i];
                            ints[i] = q.ToString(CultureInfo.InvariantCulture);
                            dequantized[i] = (float)((double)output.Scale * (q - output.ZeroPoint));
                            floats[i] = dequantized[i].ToString("0.0000", CultureInfo.InvariantCulture);
                            int qb = output.Type == TensorType.Int8 ? (sbyte)raw[best] : raw[best];
                            if (q > qb) best = i;
                        }
                        text.AppendLine(TensorTypes.Name(output.Type) + ": " + string.Join(" ", ints));
                        text.AppendLine("float: " + string.Join(" ", floats));
                        text.AppendLine("max: index " + best.ToString(CultureInfo.InvariantCulture) + " (" + ints[best] + ")");
                        if (useFloat)
                        {
                            foreach (float f in dequantized)
                            {
                                var b = new byte[4];
                                BinaryPrimitives.WriteSingleLittleEndian(b, f);
                                bytes.AddRange(b);
                            }
                        }
                        else
                        {
                            bytes.AddRange(raw);
                        }
                    }
                    else
                    {
                        bytes.AddRange(raw);
                        text.AppendLine("bytes: " + raw.Length.ToString(CultureInfo.InvariantCulture));
                    }
                }

                if (!string.IsNullOrEmpty(outputPath))
                {
                    string path = StepPath(outputPath, step);
                    try
                    {
                        File.WriteAllBytes(path, bytes.ToArray());
                    }
                    catch (Exception e) when (CliText.IsFileError(e))
                    {
                        return CliText.Fail(err, "cannot write " + path + ": " + e.Message);
                    }
                    text.AppendLine("wrote " + path);
                }
            }
            outw.Write(text.ToString());
            return 0;
        }

        private static bool Quantized(TensorType t) => t == TensorType.Int8 || t == TensorType.UInt8;

        /// <summary>"{k}" in a path becomes the step number.</summary>
        private static string StepPath(string path, int step) => path.Replace("{k}", step.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        private static int LoadInputs(Interpreter interpreter, IReadOnlyList<string> inputPaths, int step, bool useFloat, TextWriter err)
        {
            var files = new byte[inputPaths.Count][];
            for (int f = 0; f < inputPaths.Count; f++)
            {
                string path = StepPath(inputPaths[f], step);
                try
                {
                    files[f] = File.ReadAllBytes(path);
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot read " + path + ": " + e.Message);
                }
            }
            int at = 0;
            int need = 0;
            for (int i = 0; i < interpreter.InputCount; i++)
            {
                Tensor input = interpreter.GetInput(i);
                need += useFloat ? input.ElementCount * 4 : input.ByteLength;
            }
            for (int i = 0; i < interpreter.InputCount; i++)
            {
                Tensor input = interpreter.GetInput(i);
                byte[] file = files.Length == 1 ? files[0] : files[i];
                string path = StepPath(files.Length == 1 ? inputPaths[0] : inputPaths[i], step);
                if (files.Length > 1) at = 0;
                int bytes = useFloat ? input.ElementCount * 4 : input.ByteLength;
                int expected = files.Length == 1 ? need : bytes;
                if (file.Length != expected)
                {
                    string what = interpreter.InputCount == 1 ? "input tensor " + CliText.Shape(input.Shape) : (files.Length == 1 ? "the " + interpreter.InputCount + " input tensors" : "input " + i + " " + CliText.Shape(input.Shape));
                    return CliText.Fail(err, path + ": " + what + " needs " +
                        (useFloat ? (expected / 4) + " float32 values (" + expected + " bytes)" : expected + " " + TensorTypes.Name(input.Type) + " bytes") +
                        ", the file has " + file.Length + " bytes" + (useFloat ? "" : " (use --float for float32 input)"));
                }
                if (useFloat)
                {
                    var values = new float[input.ElementCount];
                    for (int k = 0; k < values.Length; k++) values[k] = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(at + k * 4, 4));
                    input.QuantizeFrom(values);
                }
                else
                {
                    input.CopyFromBytes(file, at, bytes);
                }
                at += bytes;
            }
            return 0;
        }
    }
}
