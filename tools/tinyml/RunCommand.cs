using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Text;
using TinyMl.Nano;

namespace TinyMl.Cli
{
    /// <summary>
    /// `tinyml run model.tnm --input in.bin [--output out.bin] [--float]`: one inference on the
    /// host through the device library. Input is the raw int8 tensor (exact byte count), or
    /// with --float raw little-endian float32 values quantized with the input tensor's scale and
    /// zero point; output is the raw int8 tensor, or dequantized float32 with --float.
    /// </summary>
    public static class RunCommand
    {
        public static int Run(string modelPath, string inputPath, string outputPath, bool useFloat, TextWriter outw, TextWriter err)
        {
            Interpreter interpreter;
            byte[] inputBytes;
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
            try
            {
                inputBytes = File.ReadAllBytes(inputPath);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + inputPath + ": " + e.Message);
            }

            Tensor input = interpreter.Input;
            Tensor output = interpreter.Output;
            if (input.Type != TensorType.Int8 || output.Type != TensorType.Int8)
            {
                return CliText.Fail(err, modelPath + ": run supports int8 input and output tensors; input is " +
                                         TensorTypes.Name(input.Type) + ", output is " + TensorTypes.Name(output.Type));
            }

            if (useFloat)
            {
                int expected = input.ElementCount * 4;
                if (inputBytes.Length != expected)
                {
                    return CliText.Fail(err, inputPath + ": input tensor " + CliText.Shape(input.Shape) + " needs " +
                                             input.ElementCount + " float32 values (" + expected + " bytes), the file has " + inputBytes.Length + " bytes");
                }
                var values = new float[input.ElementCount];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(inputBytes.AsSpan(i * 4, 4));
                }
                input.QuantizeFrom(values);
            }
            else
            {
                if (inputBytes.Length != input.ByteLength)
                {
                    return CliText.Fail(err, inputPath + ": input tensor " + CliText.Shape(input.Shape) + " needs " +
                                             input.ByteLength + " int8 bytes, the file has " + inputBytes.Length +
                                             " (use --float for float32 input)");
                }
                input.CopyFromBytes(inputBytes, 0, inputBytes.Length);
            }

            try
            {
                interpreter.Invoke();
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, modelPath + ": " + e.Message);
            }

            var quantized = new sbyte[output.ElementCount];
            output.CopyTo(quantized, 0);
            var dequantized = new float[output.ElementCount];
            output.DequantizeTo(dequantized);

            if (!string.IsNullOrEmpty(outputPath))
            {
                byte[] bytes;
                if (useFloat)
                {
                    bytes = new byte[dequantized.Length * 4];
                    for (int i = 0; i < dequantized.Length; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4, 4), dequantized[i]);
                    }
                }
                else
                {
                    bytes = new byte[output.ByteLength];
                    output.CopyToBytes(bytes, 0);
                }
                try
                {
                    File.WriteAllBytes(outputPath, bytes);
                }
                catch (Exception e) when (CliText.IsFileError(e))
                {
                    return CliText.Fail(err, "cannot write " + outputPath + ": " + e.Message);
                }
            }

            var text = new StringBuilder();
            text.AppendLine("output tensor " + output.Index.ToString(CultureInfo.InvariantCulture) + " " + CliText.Shape(output.Shape) +
                            " (scale " + CliText.Float(output.Scale) + ", zero point " + output.ZeroPoint.ToString(CultureInfo.InvariantCulture) + ")");
            var ints = new string[quantized.Length];
            var floats = new string[dequantized.Length];
            int best = 0;
            for (int i = 0; i < quantized.Length; i++)
            {
                ints[i] = quantized[i].ToString(CultureInfo.InvariantCulture);
                floats[i] = dequantized[i].ToString("0.0000", CultureInfo.InvariantCulture);
                if (quantized[i] > quantized[best])
                {
                    best = i;
                }
            }
            text.AppendLine("int8: " + string.Join(" ", ints));
            text.AppendLine("float: " + string.Join(" ", floats));
            text.AppendLine("max: index " + best.ToString(CultureInfo.InvariantCulture) + " (" + ints[best] + ")");
            if (!string.IsNullOrEmpty(outputPath))
            {
                text.AppendLine("wrote " + outputPath);
            }
            outw.Write(text.ToString());
            return 0;
        }
    }
}
