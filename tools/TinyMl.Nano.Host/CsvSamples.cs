using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace TinyMl.Nano.Host
{
    /// <summary>
    /// A numeric CSV file is wrong: the message names the file, the line and the column
    /// ("normal.csv line 17, column 3: 'abc' is not a number").
    /// </summary>
    public sealed class CsvFormatException : FormatException
    {
        public CsvFormatException(string source, int line, int column, string problem)
            : base(Describe(source, line, column, problem))
        {
            SourceName = source;
            Line = line;
            Column = column;
            Problem = problem;
        }

        /// <summary>File name (or the name the caller gave a stream).</summary>
        public string SourceName { get; }

        /// <summary>1-based line, 0 when the problem is the whole file.</summary>
        public int Line { get; }

        /// <summary>1-based column, 0 when the problem is the whole line.</summary>
        public int Column { get; }

        /// <summary>The problem without the location.</summary>
        public string Problem { get; }

        private static string Describe(string source, int line, int column, string problem)
        {
            var where = new StringBuilder(source);
            if (line > 0)
            {
                where.Append(" line ").Append(line.ToString(CultureInfo.InvariantCulture));
            }

            if (column > 0)
            {
                where.Append(", column ").Append(column.ToString(CultureInfo.InvariantCulture));
            }

            return where + ": " + problem;
        }
    }

    /// <summary>
    /// Rows of numbers read from a CSV file: <see cref="RowCount"/> rows of
    /// <see cref="ColumnCount"/> values, row-major in <see cref="Values"/> (for ax, ay, az
    /// columns that is the interleaved x/y/z layout the firmware uses).
    /// </summary>
    public sealed class CsvSamples
    {
        public CsvSamples(string[] columnNames, bool hadHeader, float[] values)
        {
            ArgumentNullException.ThrowIfNull(columnNames);
            ArgumentNullException.ThrowIfNull(values);
            if (columnNames.Length == 0 || values.Length % columnNames.Length != 0)
            {
                throw new ArgumentException($"{values.Length} values do not make whole rows of {columnNames.Length} columns");
            }

            ColumnNames = columnNames;
            HadHeader = hadHeader;
            Values = values;
        }

        /// <summary>Column names: from the header, else "c1", "c2", ...; the required names when they were asked for.</summary>
        public string[] ColumnNames { get; }

        /// <summary>True when the first line was a header.</summary>
        public bool HadHeader { get; }

        /// <summary>Row-major values.</summary>
        public float[] Values { get; }

        public int ColumnCount => ColumnNames.Length;

        public int RowCount => Values.Length / ColumnNames.Length;

        public float this[int row, int column]
        {
            get
            {
                if ((uint)row >= (uint)RowCount || (uint)column >= (uint)ColumnCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(row), $"[{row}, {column}] is outside {RowCount} x {ColumnCount}");
                }

                return Values[row * ColumnCount + column];
            }
        }
    }

    /// <summary>
    /// Reads and writes numeric CSV: comma-separated, invariant culture ('.' decimal point),
    /// optional header, blank lines and lines starting with '#' ignored, every value a finite number.
    /// </summary>
    /// <remarks>
    /// The first non-blank line is a header when none of its fields is a number. With required
    /// columns (e.g. "ax", "ay", "az") a header must name them all (any order, case-insensitive,
    /// extra columns ignored) and the result holds them in the order asked; a file without header
    /// must then have exactly that many columns. Every problem is a <see cref="CsvFormatException"/>
    /// naming the line and the column.
    /// </remarks>
    public static class CsvSampleFile
    {
        /// <summary>The accelerometer columns the anomaly pipeline uses.</summary>
        public static readonly string[] AccelerometerColumns = { "ax", "ay", "az" };

        /// <summary>Reads a file; <paramref name="requiredColumns"/> empty = take all columns.</summary>
        public static CsvSamples Read(string path, params string[] requiredColumns)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(reader, Path.GetFileName(path), requiredColumns);
        }

        /// <summary>Reads CSV text; <paramref name="sourceName"/> names it in error messages.</summary>
        public static CsvSamples Read(TextReader reader, string sourceName, params string[] requiredColumns)
        {
            ArgumentNullException.ThrowIfNull(reader);
            sourceName ??= "csv";
            requiredColumns ??= Array.Empty<string>();

            int lineNumber = 0;
            string line;
            string[] firstFields = null;
            int firstLine = 0;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (!IsBlank(line) && !IsComment(line))
                {
                    firstFields = SplitFields(line);
                    firstLine = lineNumber;
                    break;
                }
            }

            if (firstFields == null)
            {
                throw new CsvFormatException(sourceName, 0, 0, "the file is empty (no header, no rows)");
            }

            bool hasHeader = true;
            foreach (string field in firstFields)
            {
                if (float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    hasHeader = false;
                    break;
                }
            }

            int fileColumns = firstFields.Length;
            string[] names;
            int[] selected; // file column index per result column
            if (hasHeader)
            {
                ValidateHeader(sourceName, firstLine, firstFields);
                if (requiredColumns.Length == 0)
                {
                    names = firstFields;
                    selected = Identity(fileColumns);
                }
                else
                {
                    names = (string[])requiredColumns.Clone();
                    selected = new int[requiredColumns.Length];
                    for (int i = 0; i < requiredColumns.Length; i++)
                    {
                        selected[i] = Array.FindIndex(firstFields, f => string.Equals(f, requiredColumns[i], StringComparison.OrdinalIgnoreCase));
                        if (selected[i] < 0)
                        {
                            throw new CsvFormatException(sourceName, firstLine, 0,
                                $"missing column '{requiredColumns[i]}' (the header has: {string.Join(", ", firstFields)})");
                        }
                    }
                }
            }
            else
            {
                if (requiredColumns.Length > 0 && fileColumns != requiredColumns.Length)
                {
                    throw new CsvFormatException(sourceName, firstLine, 0,
                        $"no header and {fileColumns} columns; expected {requiredColumns.Length} ({string.Join(", ", requiredColumns)}) or a header naming them");
                }

                names = requiredColumns.Length > 0 ? (string[])requiredColumns.Clone() : DefaultNames(fileColumns);
                selected = Identity(fileColumns);
            }

            var values = new List<float>();
            if (!hasHeader)
            {
                AddRow(sourceName, firstLine, firstFields, fileColumns, selected, values);
            }

            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (IsBlank(line) || IsComment(line))
                {
                    continue;
                }

                AddRow(sourceName, lineNumber, SplitFields(line), fileColumns, selected, values);
            }

            if (values.Count == 0)
            {
                throw new CsvFormatException(sourceName, 0, 0, "the file has a header but no data rows");
            }

            return new CsvSamples(names, hasHeader, values.ToArray());
        }

        /// <summary>Writes rows of <paramref name="columns"/>.Length values (row-major) with a header.</summary>
        public static void Write(string path, ReadOnlySpan<float> values, params string[] columns)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Write(writer, values, columns);
        }

        /// <summary>Writes rows of <paramref name="columns"/>.Length values (row-major) with a header.</summary>
        public static void Write(TextWriter writer, ReadOnlySpan<float> values, params string[] columns)
        {
            ArgumentNullException.ThrowIfNull(writer);
            if (columns == null || columns.Length == 0)
            {
                throw new ArgumentException("need at least one column name", nameof(columns));
            }

            foreach (string name in columns)
            {
                if (string.IsNullOrWhiteSpace(name) || name.Contains(',') || name.Contains('"') || name.Contains('\n') || name.Contains('\r'))
                {
                    throw new ArgumentException($"column name '{name}' must be non-empty without commas, quotes or line breaks", nameof(columns));
                }
            }

            if (values.Length % columns.Length != 0)
            {
                throw new ArgumentException($"{values.Length} values do not make whole rows of {columns.Length} columns", nameof(values));
            }

            writer.Write(string.Join(",", columns));
            writer.Write('\n');
            var row = new StringBuilder();
            for (int i = 0; i < values.Length; i += columns.Length)
            {
                row.Clear();
                for (int c = 0; c < columns.Length; c++)
                {
                    float v = values[i + c];
                    if (!float.IsFinite(v))
                    {
                        throw new ArgumentException($"value {v} at row {i / columns.Length + 1}, column {c + 1} is not finite", nameof(values));
                    }

                    if (c > 0)
                    {
                        row.Append(',');
                    }

                    row.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }

                row.Append('\n');
                writer.Write(row);
            }
        }

        /// <summary>Lines starting with '#' are comments (e.g. `tinyml capture`'s sample-rate line).</summary>
        private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

        private static void AddRow(string source, int line, string[] fields, int expectedColumns, int[] selected, List<float> values)
        {
            if (fields.Length < expectedColumns)
            {
                throw new CsvFormatException(source, line, fields.Length + 1,
                    $"missing value (the row has {fields.Length} columns, expected {expectedColumns})");
            }

            if (fields.Length > expectedColumns)
            {
                throw new CsvFormatException(source, line, expectedColumns + 1,
                    $"unexpected extra value '{fields[expectedColumns]}' (expected {expectedColumns} columns)");
            }

            // Check every field, selected or not: a broken row is a broken file.
            for (int c = 0; c < fields.Length; c++)
            {
                ParseValue(source, line, c, fields[c]);
            }

            foreach (int c in selected)
            {
                values.Add(ParseValue(source, line, c, fields[c]));
            }
        }

        private static float ParseValue(string source, int line, int column, string field)
        {
            if (field.Length == 0)
            {
                throw new CsvFormatException(source, line, column + 1, "empty value");
            }

            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                throw new CsvFormatException(source, line, column + 1, $"'{field}' is not a number");
            }

            if (!float.IsFinite(value))
            {
                throw new CsvFormatException(source, line, column + 1, $"'{field}' is not a finite number");
            }

            return value;
        }

        private static void ValidateHeader(string source, int line, string[] names)
        {
            for (int c = 0; c < names.Length; c++)
            {
                if (names[c].Length == 0)
                {
                    throw new CsvFormatException(source, line, c + 1, "empty column name in the header");
                }

                for (int earlier = 0; earlier < c; earlier++)
                {
                    if (string.Equals(names[earlier], names[c], StringComparison.OrdinalIgnoreCase))
                    {
                        throw new CsvFormatException(source, line, c + 1, $"duplicate column '{names[c]}' (also column {earlier + 1})");
                    }
                }
            }
        }

        private static string[] SplitFields(string line)
        {
            string[] fields = line.Split(',');
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = fields[i].Trim();
                if (fields[i].Length >= 2 && fields[i][0] == '"' && fields[i][^1] == '"')
                {
                    fields[i] = fields[i][1..^1].Trim();
                }
            }

            return fields;
        }

        private static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

        private static int[] Identity(int count)
        {
            var indices = new int[count];
            for (int i = 0; i < count; i++)
            {
                indices[i] = i;
            }

            return indices;
        }

        private static string[] DefaultNames(int count)
        {
            var names = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = "c" + (i + 1).ToString(CultureInfo.InvariantCulture);
            }

            return names;
        }
    }
}
