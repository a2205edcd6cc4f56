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
            text.AppendLine("arena: " + CliText.Number(model.ArenaSize) + " bytes" +
                            (model.KeepsState ? " (state " + CliText.Number(model.StateSize) + " bytes: " + model.VariableCount.ToString(CultureInfo.InvariantCulture) + " variables, kept between inferences)" : ""));
            var inputs = new string[model.InputCount];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = model.GetInputIndex(i).ToString(CultureInfo.InvariantCulture);
            var outputs = new string[model.OutputCount];
            for (int i = 0; i < outputs.Length; i++) outputs[i] = model.GetOutputIndex(i).ToString(CultureInfo.InvariantCulture);
            text.AppendLine("tensors: " + model.TensorCount.ToString(CultureInfo.InvariantCulture) +
                            ", layers: " + model.LayerCount.ToString(CultureInfo.InvariantCulture) +
                            (model.InitLayerCount > 0 ? " (" + model.InitLayerCount.ToString(CultureInfo.InvariantCulture) + " init, run once)" : "") +
                            ", " + (inputs.Length == 1 ? "input: tensor " : "inputs: tensors ") + string.Join(", ", inputs) +
                            ", " + (outputs.Length == 1 ? "output: tensor " : "outputs: tensors ") + string.Join(", ", outputs));
            var ops = model.GetOperators();
            var opNames = new string[ops.Length];
            for (int i = 0; i < ops.Length; i++) opNames[i] = LayerOp.Name(ops[i]);
            text.AppendLine("operators: " + string.Join(", ", opNames));

            text.AppendLine();
            text.AppendLine("tensors");
            var tensors = new TextTable("#", "type", "shape", "scale", "zp", "where", "offset", "size");
            for (int i = 0; i < model.TensorCount; i++)
            {
                TensorInfo t = model.GetTensorInfo(i);
                tensors.Add(
                    i.ToString(CultureInfo.InvariantCulture),
                    TensorTypes.Name(t.Type),
                    CliText.Shape(t.Shape),
                    CliText.Float(t.Scale),
                    t.ZeroPoint.ToString(CultureInfo.InvariantCulture),
                    t.IsConstant ? "blob" : t.IsVariable ? "state" : "arena",
                    t.ArenaOffset.ToString(CultureInfo.InvariantCulture),
                    t.ByteLength.ToString(CultureInfo.InvariantCulture));
            }
            tensors.RightAlign(0, 4, 6, 7);
            tensors.WriteTo(text);

            text.AppendLine();
            text.AppendLine("layers");
            var layers = new TextTable("#", "op", "inputs", "outputs", "MACs", "quant", "params");
            long totalMacs = 0;
            for (int i = 0; i < model.LayerCount; i++)
            {
                LayerInfo l = model.GetLayerInfo(i);
                totalMacs += l.Macs;
                var ins = new string[l.InputCount];
                for (int k = 0; k < ins.Length; k++) ins[k] = l.GetInput(k) < 0 ? "-" : l.GetInput(k).ToString(CultureInfo.InvariantCulture);
                var outs = new string[l.OutputCount];
                for (int k = 0; k < outs.Length; k++) outs[k] = l.GetOutput(k).ToString(CultureInfo.InvariantCulture);
                layers.Add(
                    i.ToString(CultureInfo.InvariantCulture),
                    l.Op + (l.Subgraph != 0 ? " (init)" : ""),
                    string.Join(",", ins),
                    string.Join(",", outs),
                    CliText.Number(l.Macs),
                    l.QuantCount.ToString(CultureInfo.InvariantCulture),
                    ParamText(l));
            }
            layers.RightAlign(0, 4, 5);
            layers.WriteTo(text);
            text.AppendLine();
            text.AppendLine("MACs: " + CliText.Number(totalMacs));
            return text.ToString();
        }

        /// <summary>"stride_h=2 stride_w=2 ...": the parameter words named from tnm_ops.def.</summary>
        public static string ParamText(LayerInfo l)
        {
            var block = new int[l.ParamCount];
            for (int k = 0; k < block.Length; k++) block[k] = l.GetParam(k);
            TinyMl.Compiler.OpEntry entry = TinyMl.Compiler.OpTable.FindCode(l.OpCode);
            string[] names = entry != null ? TinyMl.Compiler.CompiledNames.Of(entry, block) : new string[0];
            var parts = new string[block.Length];
            for (int k = 0; k < block.Length; k++)
            {
                string name = k < names.Length ? names[k] : "word" + k.ToString(CultureInfo.InvariantCulture);
                string value = block[k].ToString(CultureInfo.InvariantCulture);
                if (name.EndsWith("_bits", StringComparison.Ordinal))
                    value = BitConverter.Int32BitsToSingle(block[k]).ToString("R", CultureInfo.InvariantCulture);
                parts[k] = name + "=" + value;
            }
            return string.Join(" ", parts);
        }
    }
}
