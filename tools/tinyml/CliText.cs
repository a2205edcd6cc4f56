using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace TinyMl.Cli
{
    /// <summary>Small text helpers shared by the commands.</summary>
    internal static class CliText
    {
        /// <summary>Writes one error line ("tinyml: ...") and returns exit code 1.</summary>
        public static int Fail(TextWriter err, string message)
        {
            err.WriteLine("tinyml: " + OneLine(message));
            return 1;
        }

        /// <summary>The message on one line: an indented line (an item of a list, as the compiler's
        /// "N operators cannot be compiled:" writes them) joins with "; ", any other line break is a space.</summary>
        public static string OneLine(string message)
        {
            string text = System.Text.RegularExpressions.Regex.Replace(message ?? "", @"\r?\n[ \t]+", "; ");
            return text.Replace(":; ", ": ").Replace("\r", " ").Replace("\n", " ").Trim();
        }

        public static bool IsFileError(Exception e)
        {
            return e is IOException || e is UnauthorizedAccessException || e is ArgumentException ||
                   e is NotSupportedException || e is System.Security.SecurityException;
        }

        public static string Shape(int[] shape)
        {
            if (shape == null)
            {
                return "-";
            }
            var parts = new string[shape.Length];
            for (int i = 0; i < shape.Length; i++)
            {
                parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
            }
            return "[" + string.Join(",", parts) + "]";
        }

        public static string Number(long value)
        {
            return value.ToString("N0", CultureInfo.InvariantCulture);
        }

        public static string Float(float value)
        {
            return value.ToString("G6", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A text table with aligned columns.</summary>
    internal sealed class TextTable
    {
        private readonly string[] _header;
        private readonly List<string[]> _rows = new List<string[]>();
        private readonly HashSet<int> _right = new HashSet<int>();

        public TextTable(params string[] header)
        {
            _header = header;
        }

        public void Add(params string[] row)
        {
            _rows.Add(row);
        }

        public void RightAlign(params int[] columns)
        {
            foreach (int c in columns)
            {
                _right.Add(c);
            }
        }

        /// <summary>Appends the table (a Spectre.Console table on a terminal, plain aligned columns otherwise, for scripts and logs).</summary>
        public void WriteTo(StringBuilder text)
        {
            if (CliConsole.Interactive)
            {
                text.Append(CliConsole.Render(_header, _rows, _right));
                return;
            }
            var widths = new int[_header.Length];
            for (int c = 0; c < _header.Length; c++)
            {
                widths[c] = _header[c].Length;
                foreach (string[] row in _rows)
                {
                    widths[c] = Math.Max(widths[c], row[c].Length);
                }
            }
            WriteRow(text, _header, widths);
            foreach (string[] row in _rows)
            {
                WriteRow(text, row, widths);
            }
        }

        private void WriteRow(StringBuilder text, string[] row, int[] widths)
        {
            var line = new StringBuilder();
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    line.Append("  ");
                }
                line.Append(_right.Contains(c) ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
            }
            text.AppendLine(line.ToString().TrimEnd());
        }
    }
}
