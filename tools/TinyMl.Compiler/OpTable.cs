using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace TinyMl.Compiler
{
    /// <summary>One line of native-kernels/include/tnm/tnm_ops.def.</summary>
    public sealed class OpEntry
    {
        public string Name { get; init; } = "";
        /// <summary>The stable code stored in the blob.</summary>
        public int Code { get; init; }
        /// <summary>Entries of the input / output list; -1 = any count (TNM_OPS_ANY).</summary>
        public int Inputs { get; init; }
        public int Outputs { get; init; }
        /// <summary>int32 words of the fixed part of the parameter block.</summary>
        public int ParamWords { get; init; }
        /// <summary>A variable tail follows the fixed words (arrays named `x[count]`).</summary>
        public bool HasTail { get; init; }
        /// <summary>Every parameter field in order: fixed words first, then tail arrays as "begin[count]".</summary>
        public IReadOnlyList<string> Params { get; init; } = Array.Empty<string>();
        /// <summary>The op-set groups, as written ("TNM_GROUP_KWS | TNM_GROUP_MWW", or "0").</summary>
        public string Groups { get; init; } = "";

        /// <summary>Index of a fixed word by name, or -1.</summary>
        public int FixedIndex(string name)
        {
            for (int i = 0; i < ParamWords && i < Params.Count; i++) if (Params[i] == name) return i;
            return -1;
        }
    }

    /// <summary>
    /// The operator table, read from the one place it is declared: the C X-macro file
    /// native-kernels/include/tnm/tnm_ops.def, embedded in this assembly at build time.
    /// The compiler looks operators up by name, never by numeric order.
    /// </summary>
    public static class OpTable
    {
        private static readonly Lazy<IReadOnlyList<OpEntry>> _entries = new(() =>
        {
            using Stream? s = typeof(OpTable).Assembly.GetManifestResourceStream("tnm_ops.def");
            if (s == null) throw new InvalidOperationException("tnm_ops.def is not embedded in TinyMl.Compiler");
            using var reader = new StreamReader(s);
            return Parse(reader.ReadToEnd());
        });

        public static IReadOnlyList<OpEntry> Entries => _entries.Value;

        /// <summary>Operator codes are below this (native TNM_OP_CODE_LIMIT: two 64-bit op-set
        /// words); 63 is no operator's (bit 63 of TNM_OP_SET marks a group set).</summary>
        public const int CodeLimit = 128;

        public static OpEntry? Find(string name)
        {
            foreach (OpEntry e in Entries) if (e.Name == name) return e;
            return null;
        }

        public static OpEntry? FindCode(int code)
        {
            foreach (OpEntry e in Entries) if (e.Code == code) return e;
            return null;
        }

        public static OpEntry Get(string name) =>
            Find(name) ?? throw new InvalidOperationException($"operator {name} is not in tnm_ops.def");

        /// <summary>Operator name of a blob code, as tnm_op_name returns it ("UNKNOWN" when none).</summary>
        public static string NameOf(int code) => FindCode(code)?.Name ?? "UNKNOWN";

        private static readonly Regex Line = new(
            @"^\s*TNM_OP\(\s*(\w+)\s*,\s*(\d+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\d+)\s*,\s*([01])\s*,\s*""([^""]*)""\s*,\s*([^)]*?)\s*\)\s*$",
            RegexOptions.CultureInvariant);

        /// <summary>Parses the text of tnm_ops.def (lines starting with TNM_OP; comments are skipped).</summary>
        public static IReadOnlyList<OpEntry> Parse(string text)
        {
            var list = new List<OpEntry>();
            bool inComment = false;
            foreach (string raw in text.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (inComment)
                {
                    if (line.Contains("*/", StringComparison.Ordinal)) inComment = false;
                    continue;
                }
                string trimmed = line.TrimStart();
                if (trimmed.StartsWith("/*", StringComparison.Ordinal))
                {
                    if (!trimmed.Contains("*/", StringComparison.Ordinal)) inComment = true;
                    continue;
                }
                if (!trimmed.StartsWith("TNM_OP(", StringComparison.Ordinal)) continue;
                Match m = Line.Match(line);
                if (!m.Success) throw new FormatException("tnm_ops.def: cannot read line: " + line.Trim());
                string p = m.Groups[7].Value;
                int code = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (code < 1 || code >= CodeLimit || code == 63)
                    throw new FormatException($"tnm_ops.def: {m.Groups[1].Value} has code {code}; codes are 1..{CodeLimit - 1}, 63 excepted");
                list.Add(new OpEntry
                {
                    Name = m.Groups[1].Value,
                    Code = code,
                    Inputs = Count(m.Groups[3].Value),
                    Outputs = Count(m.Groups[4].Value),
                    ParamWords = int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture),
                    HasTail = m.Groups[6].Value == "1",
                    Params = p.Length == 0 ? Array.Empty<string>() : p.Split(','),
                    Groups = m.Groups[8].Value.Trim(),
                });
            }
            return list;
        }

        private static int Count(string v) =>
            v == "TNM_OPS_ANY" ? -1 : int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}

namespace TinyMl.Compiler
{
    /// <summary>Names of the words of a parameter block, for tools that show one (`tinyml inspect`).</summary>
    public static class CompiledNames
    {
        /// <summary>Fixed names, then tail arrays expanded ("begin[0]", "begin[1]", ...).</summary>
        public static string[] Of(OpEntry entry, int[] block) => BlobBuilder.ParamNames(entry, block);
    }
}
