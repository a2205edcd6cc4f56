using System;
using System.Globalization;
using System.IO;
using System.Text;
using TinyMl.Nano;

namespace TinyMl.Cli
{
    /// <summary>`tinyml inspect model.tnm`: loads the blob through the device library (native check) and describes it.</summary>
    public static class InspectCommand
    {
        public static int Run(string modelPath, TextWriter outw, TextWriter err)
        {
            Model model;
            int fileSize;
            try
            {
                byte[] blob = File.ReadAllBytes(modelPath);
                fileSize = blob.Length;
                model = new Model(blob);
            }
            catch (TinyMlException e)
            {
                return CliText.Fail(err, modelPath + ": " + e.Message);
            }
            catch (Exception e) when (CliText.IsFileError(e))
            {
                return CliText.Fail(err, "cannot read " + modelPath + ": " + e.Message);
            }

            outw.Write(FormatReport(model, modelPath, fileSize));
            return 0;
        }

        public static string FormatReport(Model model, string path, int fileSize)
        {
            var text = new StringBuilder();
            text.AppendLine(path + ": TinyMl.Nano model blob, format version " + model.FormatVersion.ToString(CultureInfo.InvariantCulture) + ", checked OK");
            text.AppendLine("blob: " + CliText.Number(model.BlobSize) + " bytes (constant data " + CliText.Number(model.DataSize) + ")");
            text.AppendLine("arena: " + CliText.Number(model.ArenaSize) + " bytes");
            text.AppendLine("tensors: " + model.TensorCount.ToString(CultureInfo.InvariantCulture) +
                            ", layers: " + model.LayerCount.ToString(CultureInfo.InvariantCulture) +
                            ", input: tensor " + model.InputIndex.ToString(CultureInfo.InvariantCulture) +
                            ", output: tensor " + model.OutputIndex.ToString(CultureInfo.InvariantCulture));

            text.AppendLine();
            text.AppendLine("tensors");
            var tensors = new TextTable("#", "type", "shape", "scale", "zp", "offset", "size");
            for (int i = 0; i < model.TensorCount; i++)
            {
                TensorInfo t = model.GetTensorInfo(i);
                tensors.Add(
                    i.ToString(CultureInfo.InvariantCulture),
                    TensorTypes.Name(t.Type),
                    CliText.Shape(t.Shape),
                    CliText.Float(t.Scale),
                    t.ZeroPoint.ToString(CultureInfo.InvariantCulture),
                    t.ArenaOffset.ToString(CultureInfo.InvariantCulture),
                    t.ByteLength.ToString(CultureInfo.InvariantCulture));
            }
            tensors.RightAlign(0, 4, 5, 6);
            tensors.WriteTo(text);

            text.AppendLine();
            text.AppendLine("layers");
            var layers = new TextTable("#", "op", "in", "in2", "out", "MACs", "weights", "bias", "quant", "params");
            long totalMacs = 0;
            for (int i = 0; i < model.LayerCount; i++)
            {
                LayerInfo l = model.GetLayerInfo(i);
                totalMacs += l.Macs;
                var p = new string[LayerInfo.ParamCount];
                for (int k = 0; k < p.Length; k++)
                {
                    p[k] = l.GetParam(k).ToString(CultureInfo.InvariantCulture);
                }
                layers.Add(
                    i.ToString(CultureInfo.InvariantCulture),
                    l.Op,
                    l.InputTensor.ToString(CultureInfo.InvariantCulture),
                    l.Input2Tensor < 0 ? "-" : l.Input2Tensor.ToString(CultureInfo.InvariantCulture),
                    l.OutputTensor.ToString(CultureInfo.InvariantCulture),
                    CliText.Number(l.Macs),
                    CliText.Number(l.WeightBytes),
                    l.BiasCount.ToString(CultureInfo.InvariantCulture),
                    l.QuantCount.ToString(CultureInfo.InvariantCulture),
                    string.Join(" ", p));
            }
            layers.RightAlign(0, 2, 3, 4, 5, 6, 7, 8);
            layers.WriteTo(text);
            text.AppendLine();
            text.AppendLine("MACs: " + CliText.Number(totalMacs));
            return text.ToString();
        }
    }
}
