using System;
using System.Globalization;
using System.Net;
using System.Text;

namespace TinyMl.Cli.Kws
{
    /// <summary>
    /// The --report page of `tinyml kws`: a self-contained HTML file with hand-written SVG plots
    /// and the detection table. No scripts, no external files. It stays readable and small at
    /// any length and fits a 1,400-pixel window without horizontal scrolling for any number of
    /// classes: the overview curves are decimated to one min/max pair per pixel column, time
    /// ticks are spaced by a step chosen from the length ("every N s"), the legend wraps, each
    /// detection gets a zoomed 3-second panel, and the plots scale to the window width.
    /// </summary>
    public static class KwsHtmlReport
    {
        private static readonly string[] Colors =
        {
            "#7f7f7f", "#bcbd22", "#1f77b4", "#d62728", "#2ca02c", "#9467bd",
            "#8c564b", "#e377c2", "#17becf", "#ff7f0e", "#393b79", "#637939",
        };

        private const int Width = 1200;
        private const int Height = 320;
        private const int Left = 48;
        private const int Right = 16;
        private const int Top = 16;
        private const int Bottom = 36;

        /// <summary>Zoomed panels: this much audio around each detection, at most this many panels.</summary>
        public const int ZoomMs = 3000;
        public const int MaxZoomPanels = 12;

        public static string Build(KwsTrace trace, string title, string summary)
        {
            var html = new StringBuilder();
            html.AppendLine("<!DOCTYPE html>");
            html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">" + CliFiles.HtmlGenerator + "<title>" + Enc(title) + "</title>");
            html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            html.AppendLine("<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1240px}table{border-collapse:collapse}" +
                            "td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}" +
                            "pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere}" +
                            "svg{display:block;max-width:100%;height:auto}" +
                            ".zoom{display:flex;flex-wrap:wrap;gap:12px}.zoom figure{margin:0;flex:0 1 380px}.zoom figcaption{font-size:12px;color:#555}</style>");
            html.AppendLine("</head><body>");
            html.AppendLine("<h1>" + Enc(title) + "</h1>");
            html.AppendLine("<pre>" + Enc(summary) + "</pre>");
            html.AppendLine(Svg(trace));
            if (trace.Detections.Count > 0)
            {
                int panels = Math.Min(trace.Detections.Count, MaxZoomPanels);
                html.AppendLine("<h2>Detections, zoomed (" + ZoomMs / 1000 + " s around each" +
                                (panels < trace.Detections.Count ? ", the first " + panels.ToString(CultureInfo.InvariantCulture) + " of " +
                                    trace.Detections.Count.ToString(CultureInfo.InvariantCulture) : "") + ")</h2>");
                html.AppendLine("<div class=\"zoom\">");
                for (int i = 0; i < panels; i++)
                {
                    KwsDetection d = trace.Detections[i];
                    long from = Math.Max(0, Math.Min(d.TimeMs - ZoomMs * 2 / 3, trace.DurationMs - ZoomMs));
                    long to = Math.Min(trace.DurationMs, from + ZoomMs);
                    html.AppendLine("<figure>" + Svg(trace, from, to, 380, 180, legend: false, labelDetections: true, raw: false) +
                                    "<figcaption>" + (i + 1).ToString(CultureInfo.InvariantCulture) + ". " + Enc(d.Label) + " at " + Seconds(d.TimeMs) +
                                    " s (score " + Score(d.Score) + ")</figcaption></figure>");
                }
                html.AppendLine("</div>");
            }
            html.AppendLine("<h2>Detections</h2>");
            if (trace.Detections.Count == 0)
            {
                html.AppendLine("<p>No keyword detected.</p>");
            }
            else
            {
                html.AppendLine("<p>time: when the detection was decided; onset: the first inference in which that label had the top score.</p>");
                html.AppendLine("<table><tr><th>#</th><th>label</th><th>time (s)</th><th>onset (s)</th><th>averaged score</th></tr>");
                for (int i = 0; i < trace.Detections.Count; i++)
                {
                    KwsDetection d = trace.Detections[i];
                    html.AppendLine("<tr><td>" + (i + 1).ToString(CultureInfo.InvariantCulture) + "</td><td>" + Enc(d.Label) + "</td><td>" +
                                    Seconds(d.TimeMs) + "</td><td>" + Seconds(d.OnsetMs) + "</td><td>" + Score(d.Score) + "</td></tr>");
                }
                html.AppendLine("</table>");
            }
            html.AppendLine("</body></html>");
            return html.ToString();
        }

        /// <summary>The overview plot of the whole trace.</summary>
        public static string Svg(KwsTrace trace)
        {
            return Svg(trace, 0, Math.Max(1, trace.DurationMs), Width, Height, legend: true, labelDetections: trace.Detections.Count <= 40, raw: true);
        }

        /// <summary>A tick step (ms) from 1, 2, 5 x 10^k seconds and minutes that gives at most about <paramref name="maxTicks"/> ticks.</summary>
        public static long TickStepMs(long spanMs, int maxTicks)
        {
            long[] steps = { 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000 };
            foreach (long step in steps)
            {
                if (spanMs / step <= maxTicks)
                {
                    return step;
                }
            }
            return 3600000L * (1 + spanMs / 3600000L / maxTicks);
        }

        /// <summary>"12.5 s", "1:30", "1:02:03".</summary>
        public static string TimeLabel(long ms, long stepMs)
        {
            if (ms < 60000 || stepMs < 1000)
            {
                return (ms / 1000.0).ToString(stepMs % 1000 == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " s";
            }
            long s = ms / 1000;
            return s >= 3600
                ? (s / 3600).ToString(CultureInfo.InvariantCulture) + ":" + (s / 60 % 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (s % 60).ToString("00", CultureInfo.InvariantCulture)
                : (s / 60).ToString(CultureInfo.InvariantCulture) + ":" + (s % 60).ToString("00", CultureInfo.InvariantCulture);
        }

        private static string Svg(KwsTrace trace, long fromMs, long toMs, int width, int height, bool legend, bool labelDetections, bool raw)
        {
            double span = Math.Max(1, toMs - fromMs);
            double plotW = width - Left - Right;
            double plotH = height - Top - Bottom;
            Func<double, double> x = t => Left + plotW * (t - fromMs) / span;
            Func<double, double> y = s => Top + plotH * (1.0 - Math.Clamp(s, 0.0, 1.0));

            // Legend rows (wrapping at the plot width) below the axis.
            var legendItems = new StringBuilder();
            int legendRows = 0;
            if (legend)
            {
                double lx = Left;
                double ly = height + 8;
                legendRows = 1;
                for (int l = 0; l <= trace.Labels.Length; l++)
                {
                    string text = l < trace.Labels.Length ? trace.Labels[l] : (raw && trace.Times.Count <= 2 * ((int)plotW / 2) ? "solid: averaged, faint: raw, dashed: threshold" : "averaged scores (min/max per 2 px), dashed: threshold");
                    double w = 28 + 6.5 * text.Length;
                    if (lx + w > width - Right && lx > Left)
                    {
                        lx = Left;
                        ly += 16;
                        legendRows++;
                    }
                    if (l < trace.Labels.Length)
                    {
                        legendItems.AppendLine("<rect x=\"" + Num(lx) + "\" y=\"" + Num(ly) + "\" width=\"12\" height=\"4\" fill=\"" + Colors[l % Colors.Length] + "\"/>");
                        legendItems.AppendLine("<text x=\"" + Num(lx + 16) + "\" y=\"" + Num(ly + 6) + "\">" + Enc(text) + "</text>");
                    }
                    else
                    {
                        legendItems.AppendLine("<text x=\"" + Num(lx) + "\" y=\"" + Num(ly + 6) + "\" fill=\"#666\">" + Enc(text) + "</text>");
                    }
                    lx += w;
                }
            }
            int total = height + (legend ? 8 + 16 * legendRows : 0);

            var svg = new StringBuilder();
            svg.AppendLine("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + total +
                           "\" viewBox=\"0 0 " + width + " " + total + "\" font-family=\"sans-serif\" font-size=\"11\">");
            svg.AppendLine("<rect x=\"" + Left + "\" y=\"" + Top + "\" width=\"" + Num(plotW) + "\" height=\"" + Num(plotH) + "\" fill=\"#fff\" stroke=\"#999\"/>");

            // Axes: score gridlines every 0.25; time ticks every N s, N from the span.
            for (int i = 0; i <= 4; i++)
            {
                double s = i / 4.0;
                svg.AppendLine("<line x1=\"" + Left + "\" x2=\"" + Num(Left + plotW) + "\" y1=\"" + Num(y(s)) + "\" y2=\"" + Num(y(s)) + "\" stroke=\"#eee\"/>");
                svg.AppendLine("<text x=\"" + (Left - 6) + "\" y=\"" + Num(y(s) + 4) + "\" text-anchor=\"end\">" + s.ToString("0.00", CultureInfo.InvariantCulture) + "</text>");
            }
            long tick = TickStepMs((long)span, Math.Max(2, (int)(plotW / 90)));
            for (long t = (fromMs + tick - 1) / tick * tick; t <= toMs; t += tick)
            {
                svg.AppendLine("<line x1=\"" + Num(x(t)) + "\" x2=\"" + Num(x(t)) + "\" y1=\"" + Num(Top + plotH) + "\" y2=\"" + Num(Top + plotH + 4) + "\" stroke=\"#999\"/>");
                string label = TimeLabel(t, tick);
                bool atRight = x(t) + 3.5 * label.Length > width - 2;
                svg.AppendLine("<text x=\"" + Num(atRight ? width - 2 : x(t)) + "\" y=\"" + Num(Top + plotH + 16) + "\" text-anchor=\"" + (atRight ? "end" : "middle") + "\">" + label + "</text>");
            }
            svg.AppendLine("<text x=\"" + Num(Left + plotW) + "\" y=\"" + Num(Top + plotH + 30) + "\" text-anchor=\"end\" fill=\"#666\">time (a tick every " +
                           TimeLabel(tick, tick).Replace(" s", "") + (tick >= 60000 ? " min:s" : " s") + ")</text>");

            // Threshold.
            svg.AppendLine("<line x1=\"" + Left + "\" x2=\"" + Num(Left + plotW) + "\" y1=\"" + Num(y(trace.Threshold)) + "\" y2=\"" + Num(y(trace.Threshold)) +
                           "\" stroke=\"#000\" stroke-dasharray=\"6 4\"><title>threshold " + Num(trace.Threshold) + "</title></line>");

            // Scores: averaged solid, raw faint while every inference can be drawn; long traces
            // are decimated to a min/max pair per two pixels and show the averaged scores only.
            int first = LowerBound(trace, fromMs), last = LowerBound(trace, toMs + 1);
            int columns = (int)plotW / 2;
            raw = raw && last - first <= 2 * columns;
            for (int l = 0; l < trace.Labels.Length; l++)
            {
                string color = Colors[l % Colors.Length];
                if (raw)
                {
                    svg.AppendLine(Polyline(trace, l, trace.Raw, first, last, x, y, columns, color, "0.8", "0.35", " (raw)"));
                }
                svg.AppendLine(Polyline(trace, l, trace.Average, first, last, x, y, columns, color, trace.IsKeyword[l] ? "2" : "1.2", "1", " (averaged)"));
            }

            // Detections.
            foreach (KwsDetection d in trace.Detections)
            {
                if (d.TimeMs < fromMs || d.TimeMs > toMs)
                {
                    continue;
                }
                string color = Colors[d.LabelIndex % Colors.Length];
                svg.AppendLine("<line x1=\"" + Num(x(d.TimeMs)) + "\" x2=\"" + Num(x(d.TimeMs)) + "\" y1=\"" + Top + "\" y2=\"" + Num(Top + plotH) +
                               "\" stroke=\"" + color + "\" stroke-width=\"1.5\"><title>" + Enc(d.Label) + " at " + Seconds(d.TimeMs) + " s, score " + Score(d.Score) + "</title></line>");
                double onset = x(Math.Max(fromMs, d.OnsetMs));
                svg.AppendLine("<rect x=\"" + Num(onset) + "\" y=\"" + Top + "\" width=\"" + Num(Math.Max(1, x(d.TimeMs) - onset)) + "\" height=\"" + Num(plotH) +
                               "\" fill=\"" + color + "\" fill-opacity=\"0.08\"/>");
                if (labelDetections)
                {
                    // Right-aligned near the right edge so the label stays inside the plot.
                    bool nearRight = x(d.TimeMs) > Left + plotW - 60;
                    svg.AppendLine("<text x=\"" + Num(x(d.TimeMs) + (nearRight ? -3 : 3)) + "\" y=\"" + (Top + 12) + "\" fill=\"" + color + "\" font-weight=\"bold\"" +
                                   (nearRight ? " text-anchor=\"end\"" : "") + ">" + Enc(d.Label) + "</text>");
                }
            }

            svg.Append(legendItems);
            svg.Append("</svg>");
            return svg.ToString();
        }

        /// <summary>The first inference at or after timeMs.</summary>
        private static int LowerBound(KwsTrace trace, long timeMs)
        {
            int i = trace.Times.BinarySearch(timeMs);
            if (i < 0)
            {
                return ~i;
            }
            while (i > 0 && trace.Times[i - 1] == timeMs)
            {
                i--;
            }
            return i;
        }

        private static string Polyline(KwsTrace trace, int label, System.Collections.Generic.List<float[]> series, int first, int last,
                                       Func<double, double> x, Func<double, double> y, int columns, string color, string width, string opacity, string what)
        {
            var points = new StringBuilder();
            int count = last - first;
            if (count <= 2 * columns)
            {
                for (int i = first; i < last; i++)
                {
                    Point(points, x(trace.Times[i]), y(series[i][label]));
                }
            }
            else
            {
                // One pixel column: its first, lowest, highest and last value in time order keeps
                // every peak visible and the line continuous.
                int start = first;
                for (int c = 0; c < columns && start < last; c++)
                {
                    int end = first + (int)((long)count * (c + 1) / columns);
                    if (end <= start)
                    {
                        continue;
                    }
                    int lo = start, hi = start;
                    for (int i = start; i < end; i++)
                    {
                        if (series[i][label] < series[lo][label]) lo = i;
                        if (series[i][label] > series[hi][label]) hi = i;
                    }
                    int a = Math.Min(lo, hi), b = Math.Max(lo, hi);
                    Point(points, x(trace.Times[a]), y(series[a][label]));
                    if (b != a)
                    {
                        Point(points, x(trace.Times[b]), y(series[b][label]));
                    }
                    start = end;
                }
            }
            return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + width + "\" stroke-opacity=\"" + opacity +
                   "\" points=\"" + points + "\"><title>" + Enc(trace.Labels[label] + what) + "</title></polyline>";
        }

        private static void Point(StringBuilder points, double px, double py)
        {
            if (points.Length > 0)
            {
                points.Append(' ');
            }
            points.Append(Num(px)).Append(',').Append(Num(py));
        }

        private static string Enc(string s)
        {
            return WebUtility.HtmlEncode(s ?? "");
        }

        private static string Num(double v)
        {
            return v.ToString("0.#", CultureInfo.InvariantCulture);
        }

        private static string Score(double v)
        {
            return v.ToString("0.00", CultureInfo.InvariantCulture);
        }

        private static string Seconds(long ms)
        {
            return (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        }
    }
}
