#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Interop
{
    /// <summary>
    /// The operator table and the info-word layouts are declared once, in C
    /// (native-kernels/include/tnm/tnm_ops.def and the enums of tnm_model.h). The compiler reads
    /// tnm_ops.def itself (embedded); the device library names operators through the native
    /// table (LayerOp.Name -> tnm_op_name) and keeps hand-written mirrors of the codes it names
    /// (LayerOp constants: optional, a new operator needs none) and of the info words
    /// (Model.Info*, TensorInfo.Word*, LayerInfo.Word*); BlobFormat mirrors the #defines.
    /// These tests fail on any mismatch, by name, never by numeric order.
    /// </summary>
    [TestClass]
    public class OpTableMirrorTests
    {
        private static string Include(string file) =>
            Path.Combine(SharedData.SourceRoot(), "native-kernels", "include", "tnm", file);

        private static IReadOnlyList<OpEntry> DefEntries() => OpTable.Parse(File.ReadAllText(Include("tnm_ops.def")));

        /// <summary>The int constants of a class: name -> value (public and internal).</summary>
        private static Dictionary<string, int> Constants(Type type, string prefix) =>
            type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(int) && f.Name.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

        /// <summary>"DEPTHWISE_CONV_2D" -> "DepthwiseConv2D", "SPLIT_V" -> "SplitV" (a word starting with a digit stays upper case).</summary>
        internal static string CSharpName(string cName) =>
            string.Concat(cName.Split('_').Select(w => w.Length == 0 || char.IsDigit(w[0]) ? w.ToUpperInvariant()
                : char.ToUpperInvariant(w[0]) + w.Substring(1).ToLowerInvariant()));

        /// <summary>
        /// Checks LayerOp (codes given as name -> value) against the table: every constant is an
        /// operator of the table with its code (an operator may have none), and every operator's
        /// name is the table's; returns the problems.
        /// </summary>
        internal static List<string> CompareLayerOp(IReadOnlyList<OpEntry> table, Dictionary<string, int> layerOp, Func<int, string> nameOf)
        {
            var problems = new List<string>();
            foreach (OpEntry e in table)
            {
                string cs = CSharpName(e.Name);
                if (layerOp.TryGetValue(cs, out int code) && code != e.Code) problems.Add($"LayerOp.{cs} = {code}, tnm_ops.def {e.Name} = {e.Code}");
                if (nameOf(e.Code) != e.Name) problems.Add($"LayerOp.Name({e.Code}) = {nameOf(e.Code)}, tnm_ops.def says {e.Name}");
            }
            foreach (var kv in layerOp)
            {
                if (!table.Any(e => CSharpName(e.Name) == kv.Key))
                    problems.Add($"LayerOp.{kv.Key} = {kv.Value} is not in tnm_ops.def");
            }
            if (table.Select(e => e.Code).Distinct().Count() != table.Count) problems.Add("tnm_ops.def repeats a code");
            return problems;
        }

        [TestMethod]
        public void LayerOpMirrorsTheOperatorTable()
        {
            IReadOnlyList<OpEntry> table = DefEntries();
            Assert.IsTrue(table.Count >= 19, "tnm_ops.def has " + table.Count + " operators");
            var problems = CompareLayerOp(table, Constants(typeof(LayerOp), ""), LayerOp.Name);
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
            Assert.AreEqual("UNKNOWN", LayerOp.Name(0));
            Assert.AreEqual("UNKNOWN", LayerOp.Name(63));
        }

        [TestMethod]
        public void TheMirrorCheckFailsOnAHandChange()
        {
            // What a hand edit of LayerOp would look like: one code moved, one name changed.
            IReadOnlyList<OpEntry> table = DefEntries();
            var edited = Constants(typeof(LayerOp), "");
            edited["SplitV"] = edited["SplitV"] + 1;
            var problems = CompareLayerOp(table, edited, c => c == LayerOp.Logistic ? "SIGMOID" : LayerOp.Name(c));
            CollectionAssert.Contains(problems, $"LayerOp.SplitV = {LayerOp.SplitV + 1}, tnm_ops.def SPLIT_V = {LayerOp.SplitV}");
            CollectionAssert.Contains(problems, $"LayerOp.Name({LayerOp.Logistic}) = SIGMOID, tnm_ops.def says LOGISTIC");
            // A constant for an operator the table lacks (a typo, or one removed).
            edited = Constants(typeof(LayerOp), "");
            edited["Sigmoid"] = 19;
            problems = CompareLayerOp(table, edited, LayerOp.Name);
            CollectionAssert.AreEqual(new List<string> { "LayerOp.Sigmoid = 19 is not in tnm_ops.def" }, problems);
            // An operator without a constant is fine: its name still comes from the table.
            edited.Remove("Sigmoid");
            edited.Remove("SplitV");
            Assert.AreEqual(0, CompareLayerOp(table, edited, LayerOp.Name).Count);
        }

        [TestMethod]
        public void TheCompilerReadsTheTableOnDisk()
        {
            IReadOnlyList<OpEntry> disk = DefEntries();
            Assert.AreEqual(disk.Count, OpTable.Entries.Count);
            for (int i = 0; i < disk.Count; i++)
            {
                OpEntry a = disk[i], b = OpTable.Entries[i];
                Assert.AreEqual((a.Name, a.Code, a.Inputs, a.Outputs, a.ParamWords, a.HasTail, string.Join(",", a.Params)),
                    (b.Name, b.Code, b.Inputs, b.Outputs, b.ParamWords, b.HasTail, string.Join(",", b.Params)));
                Assert.IsTrue(a.Params.Count >= a.ParamWords, a.Name + ": fewer names than words");
                Assert.AreEqual(a.HasTail, a.Params.Count > a.ParamWords, a.Name + ": tail flag vs names");
            }
        }

        [TestMethod]
        public void TheCompilerEmitsEveryOperatorOfTheTable()
        {
            // Each runtime operator is reachable from some TFLite operator. Exceptions: TFLite's
            // SPLIT is lowered to SPLIT_V (sizes from the outputs); the int8 activations whose
            // output depends on the input byte alone are emitted as their table (LUT), their
            // kernels run by the compiler (the runtime keeps their modules for blobs naming them).
            var emitted = new HashSet<string>();
            foreach (Type type in typeof(OpTable).Assembly.GetTypes())
            {
                foreach (object a in type.GetCustomAttributes(false))
                {
                    if (a.GetType().Name != "LowersAttribute") continue;
                    foreach (string name in (string[])a.GetType().GetProperty("Emits")!.GetValue(a)!) emitted.Add(name);
                }
            }
            var tabulated = new[] { "SPLIT", "LOGISTIC", "TANH", "RELU", "LEAKY_RELU", "HARD_SWISH" };
            var missing = DefEntries().Select(e => e.Name).Where(n => !emitted.Contains(n) && !tabulated.Contains(n)).ToList();
            Assert.AreEqual(0, missing.Count, "no lowering emits: " + string.Join(", ", missing));
            Assert.IsTrue(emitted.All(n => OpTable.Find(n) != null), "a lowering emits an operator tnm_ops.def lacks");
        }

        // ---- info words and blob constants against tnm_model.h

        /// <summary>Values of the enum members and #defines of tnm_model.h starting with `prefix`.</summary>
        internal static Dictionary<string, int> HeaderValues(string text, string prefix)
        {
            var values = new Dictionary<string, int>();
            foreach (Match m in Regex.Matches(text, @"^#define\s+(TNM_\w+)\s+\(?(-?(?:0x[0-9A-Fa-f]+|\d+))\)?", RegexOptions.Multiline))
            {
                string v = m.Groups[2].Value;
                values[m.Groups[1].Value] = v.StartsWith("0x", StringComparison.Ordinal) ? Convert.ToInt32(v, 16) : int.Parse(v);
            }
            foreach (Match block in Regex.Matches(text, @"enum\s*\{([^}]*)\}"))
            {
                int next = 0;
                string body = Regex.Replace(block.Groups[1].Value, @"/\*.*?\*/", "", RegexOptions.Singleline);
                foreach (string raw in body.Split(','))
                {
                    string item = raw.Trim();
                    if (item.Length == 0 || item.StartsWith("#", StringComparison.Ordinal)) continue;
                    Match m = Regex.Match(item, @"^(TNM_\w+)\s*(?:=\s*(.+))?$", RegexOptions.Singleline);
                    if (!m.Success) continue;
                    if (m.Groups[2].Success)
                    {
                        int sum = 0;
                        bool known = true;
                        foreach (string term in m.Groups[2].Value.Split('+'))
                        {
                            string t = term.Trim();
                            if (int.TryParse(t, out int n)) sum += n;
                            else if (values.TryGetValue(t, out int k)) sum += k;
                            else known = false;
                        }
                        if (!known) continue;
                        next = sum;
                    }
                    values[m.Groups[1].Value] = next;
                    next++;
                }
            }
            return values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        }

        /// <summary>Each C name must have the C# mirror of the same value: TNM_INFO_ARENA_SIZE -> InfoArenaSize.</summary>
        private static List<string> Compare(Dictionary<string, int> c, string cPrefix, Dictionary<string, int> cs, string csPrefix,
            Dictionary<string, string>? renames = null)
        {
            var problems = new List<string>();
            foreach (var kv in c)
            {
                string suffix = kv.Key.Substring(cPrefix.Length);
                string name = csPrefix + CSharpName(suffix);
                if (renames != null && renames.TryGetValue(kv.Key, out string? renamed)) name = renamed;
                if (!cs.TryGetValue(name, out int v)) problems.Add($"{name} is missing ({kv.Key} = {kv.Value})");
                else if (v != kv.Value) problems.Add($"{name} = {v}, {kv.Key} = {kv.Value}");
            }
            return problems;
        }

        [TestMethod]
        public void OperatorCodeLimitMirrorsTnmModelH()
        {
            Match m = Regex.Match(File.ReadAllText(Include("tnm_model.h")), @"\bTNM_OP_CODE_LIMIT\s*=\s*(\d+)");
            Assert.IsTrue(m.Success, "TNM_OP_CODE_LIMIT not found in tnm_model.h");
            int limit = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.AreEqual(OpTable.CodeLimit, limit, "TNM_OP_CODE_LIMIT against OpTable.CodeLimit");
            Assert.AreEqual(limit, (int)typeof(Model).GetField("OpCodeLimit", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!, "Model.OpCodeLimit");
            foreach (OpEntry e in OpTable.Entries) Assert.IsTrue(e.Code >= 1 && e.Code < limit && e.Code != 63, e.Name + " code " + e.Code);
            // A code of 63 or past the limit is refused when the table is read.
            Assert.ThrowsExactly<FormatException>(() => OpTable.Parse("TNM_OP(X, 63, 1, 1, 0, 0, \"\", 0)\n"));
            Assert.ThrowsExactly<FormatException>(() => OpTable.Parse("TNM_OP(X, 128, 1, 1, 0, 0, \"\", 0)\n"));
            Assert.AreEqual(64, OpTable.Parse("TNM_OP(X, 64, 1, 1, 0, 0, \"\", 0)\n")[0].Code);
        }

        [TestMethod]
        public void InfoWordsMirrorTnmModelH()
        {
            string header = File.ReadAllText(Include("tnm_model.h"));
            var problems = new List<string>();
            problems.AddRange(Compare(HeaderValues(header, "TNM_INFO_"), "TNM_INFO_", Constants(typeof(Model), "Info"), "Info",
                new Dictionary<string, string>
                {
                    ["TNM_INFO_CRC32"] = "InfoChecksum", ["TNM_INFO_OP_SET_LO"] = "InfoOpSetLow", ["TNM_INFO_OP_SET_HI"] = "InfoOpSetHigh",
                }));
            var skip = new HashSet<string> { "TNM_TENSOR_RECORD_SIZE", "TNM_TENSOR_DIM1", "TNM_TENSOR_DIM2", "TNM_TENSOR_DIM3", "TNM_TENSOR_DIM4", "TNM_TENSOR_DIM5" };
            // The dims are contiguous words (TensorInfo reads dim i at WordDim0 + i), one per rank.
            var dims = HeaderValues(header, "TNM_TENSOR_DIM");
            for (int i = 0; i < TensorInfo.MaxRank; i++)
            {
                if (!dims.TryGetValue("TNM_TENSOR_DIM" + i, out int w) || w != dims["TNM_TENSOR_DIM0"] + i)
                    problems.Add($"TNM_TENSOR_DIM{i} is not word TNM_TENSOR_DIM0 + {i}");
            }
            if (dims.Count != TensorInfo.MaxRank) problems.Add($"{dims.Count} TNM_TENSOR_DIM words, TensorInfo.MaxRank {TensorInfo.MaxRank}");
            problems.AddRange(Compare(HeaderValues(header, "TNM_TENSOR_").Where(kv => !skip.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
                "TNM_TENSOR_", Constants(typeof(TensorInfo), ""), "Word",
                new Dictionary<string, string>
                {
                    ["TNM_TENSOR_WORDS"] = "Words", ["TNM_TENSOR_CONSTANT"] = "FlagConstant", ["TNM_TENSOR_VARIABLE"] = "FlagVariable",
                }));
            // (the layer record's flags are blob constants: BlobConstantsMirrorTnmModelH)
            var recordFlags = new HashSet<string> { "TNM_LAYER_RECORD_SIZE", "TNM_LAYER_IN_PLACE", "TNM_LAYER_IN_PLACE_REVERSE", "TNM_LAYER_IN_PLACE_PIXELS", "TNM_LAYER_STRIP", "TNM_LAYER_BAND_SHIFT" };
            problems.AddRange(Compare(HeaderValues(header, "TNM_LAYER_").Where(kv => !recordFlags.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
                "TNM_LAYER_", Constants(typeof(LayerInfo), ""), "Word",
                new Dictionary<string, string> { ["TNM_LAYER_WORDS"] = "Words", ["TNM_LAYER_INFO_MAX_WORDS"] = "MaxWords", ["TNM_LAYER_SCRATCH"] = "WordScratch" }));
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
        }

        [TestMethod]
        public void BlobConstantsMirrorTnmModelH()
        {
            var h = HeaderValues(File.ReadAllText(Include("tnm_model.h")), "TNM_");
            var expect = new Dictionary<string, int>
            {
                ["TNM_FORMAT_VERSION"] = BlobFormat.Version, ["TNM_HEADER_SIZE"] = BlobFormat.HeaderSize,
                ["TNM_TENSOR_RECORD_SIZE"] = BlobFormat.TensorRecordSize, ["TNM_LAYER_RECORD_SIZE"] = BlobFormat.LayerRecordSize,
                ["TNM_MAX_TENSORS"] = BlobFormat.MaxTensors, ["TNM_MAX_LAYERS"] = BlobFormat.MaxLayers, ["TNM_MAX_RANK"] = BlobFormat.MaxRank,
                ["TNM_MAX_IO"] = BlobFormat.MaxIo, ["TNM_MAX_LAYER_INPUTS"] = BlobFormat.MaxLayerInputs,
                ["TNM_MAX_LAYER_OUTPUTS"] = BlobFormat.MaxLayerOutputs, ["TNM_MAX_LAYER_PARAMS"] = BlobFormat.MaxLayerParams,
                ["TNM_NO_TENSOR"] = BlobFormat.NoTensor, ["TNM_TENSOR_CONSTANT"] = BlobFormat.TensorConstant,
                ["TNM_TENSOR_VARIABLE"] = BlobFormat.TensorVariable,
                ["TNM_LAYER_IN_PLACE"] = BlobFormat.LayerInPlace, ["TNM_LAYER_IN_PLACE_REVERSE"] = BlobFormat.LayerInPlaceReverse,
                ["TNM_LAYER_IN_PLACE_PIXELS"] = BlobFormat.LayerInPlacePixels, ["TNM_LAYER_STRIP"] = BlobFormat.LayerStrip, ["TNM_LAYER_BAND_SHIFT"] = BlobFormat.LayerBandShift,
                ["TNM_TYPE_FLOAT32"] = BlobFormat.TypeFloat32, ["TNM_TYPE_INT32"] = BlobFormat.TypeInt32, ["TNM_TYPE_UINT8"] = BlobFormat.TypeUInt8,
                ["TNM_TYPE_BOOL"] = BlobFormat.TypeBool, ["TNM_TYPE_INT16"] = BlobFormat.TypeInt16, ["TNM_TYPE_INT8"] = BlobFormat.TypeInt8,
                ["TNM_PREPARED_LAYER_BYTES"] = Interpreter.PreparedLayerBytes,
            };
            var problems = new List<string>();
            if (Model.HeaderSize != BlobFormat.HeaderSize) problems.Add($"Model.HeaderSize = {Model.HeaderSize}, BlobFormat.HeaderSize = {BlobFormat.HeaderSize}");
            foreach (var kv in expect)
            {
                string key = kv.Key.Trim();
                if (!h.TryGetValue(key, out int v)) problems.Add($"{key} not found in tnm_model.h");
                else if (v != kv.Value) problems.Add($"{key} = {v}, C# mirror = {kv.Value}");
            }
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
        }
    }
}
