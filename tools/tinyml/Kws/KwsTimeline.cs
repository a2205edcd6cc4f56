using System;
using System.Globalization;
using System.Text;

namespace TinyMl.Cli.Kws
{
    /// <summary>
    /// The text timeline `tinyml kws` prints: one row per label, one column per time step,
    /// each cell the highest averaged score of the inferences in that step drawn with
    /// " .:-=+*#%@" (0 to 1), and a row of '^' where keywords were detected.
    /// </summary>
    public static class KwsTimeline
    {
        public const string Shades = " .:-=+*#%@";

        public static string Format(KwsTrace trace, int stepMs, int columnsPerLine)
        {
            if (stepMs < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(stepMs));
            }
            int columns = (int)((trace.DurationMs + stepMs - 1) / stepMs);
            if (columns < 1)
            {
                columns = 1;
            }
            int labels = trace.Labels.Length;
            var cells = new float[labels, columns];
            var seen = new bool[columns];
            for (int i = 0; i < trace.Times.Count; i++)
            {
                int c = Column(trace.Times[i], stepMs, columns);
                seen[c] = true;
                for (int l = 0; l < labels; l++)
                {
                    cells[l, c] = Math.Max(cells[l, c], trace.Average[i][l]);
                }
            }
            var marks = new char[columns];
            Array.Fill(marks, ' ');
            foreach (KwsDetection d in trace.Detections)
            {
                marks[Column(d.TimeMs, stepMs, columns)] = '^';
            }

            int nameWidth = "detected".Length;
            foreach (string label in trace.Labels)
            {
                nameWidth = Math.Max(nameWidth, label.Length);
            }

            var text = new StringBuilder();
            text.AppendLine("timeline: highest averaged score per " + stepMs.ToString(CultureInfo.InvariantCulture) +
                            " ms, '" + Shades + "' = 0..1 (threshold " + trace.Threshold.ToString("0.00", CultureInfo.InvariantCulture) +
                            "), '^' = detection, blank before the first inference");
            for (int start = 0; start < columns; start += columnsPerLine)
            {
                int end = Math.Min(columns, start + columnsPerLine);
                // Ruler: a second mark every 1000 ms.
                var ruler = new StringBuilder(new string(' ', nameWidth + 2));
                for (int c = start; c < end; c++)
                {
                    long t = (long)c * stepMs;
                    if (t % 1000 == 0)
                    {
                        string s = (t / 1000).ToString(CultureInfo.InvariantCulture) + "s";
                        ruler.Append(s);
                        c += s.Length - 1;
                    }
                    else
                    {
                        ruler.Append(' ');
                    }
                }
                text.AppendLine(ruler.ToString().TrimEnd());
                for (int l = 0; l < labels; l++)
                {
                    text.Append(trace.Labels[l].PadRight(nameWidth)).Append(" |");
                    for (int c = start; c < end; c++)
                    {
                        text.Append(seen[c] ? Shade(cells[l, c]) : ' ');
                    }
                    text.AppendLine("|");
                }
                text.Append("detected".PadRight(nameWidth)).Append(" |");
                text.Append(marks, start, end - start);
                text.AppendLine("|");
            }
            return text.ToString();
        }

        public static char Shade(float score)
        {
            int i = (int)Math.Floor(score * Shades.Length);
            return Shades[Math.Clamp(i, 0, Shades.Length - 1)];
        }

        private static int Column(long timeMs, int stepMs, int columns)
        {
            // An inference at exactly t belongs to the step ending at t.
            int c = (int)((Math.Max(0, timeMs - 1)) / stepMs);
            return Math.Clamp(c, 0, columns - 1);
        }
    }
}
