using System;
using System.Globalization;
using System.Net;
using System.Text;

namespace TinyMl.Cli.Kws
{
    /// <summary>
    /// The --report page of `tinyml kws`: a self-contained HTML file with a hand-written SVG
    /// plot (averaged score of every label over time, raw scores faint, the threshold, the
    /// detections) and the detection table. No scripts, no external files.
    /// </summary>
    public static class KwsHtmlReport
    {
        private static readonly string[] Colors =
        {
            "#7f7f7f", "#bcbd22", "#1f77b4", "#d62728", "#2ca02c", "#9467bd",
            "#8c564b", "#e377c2", "#17becf", "#ff7f0e", "#393b79", "#637939",
        };

        private const int Width = 960;
        private const int Height = 320;
        private const int Left = 48;
        private const int Right = 16;
        private const int Top = 16;
        private const int Bottom = 36;

        public static string Build(KwsTrace trace, string title, string summary)
        {
            var html = new StringBuilder();
            html.AppendLine("<!DOCTYPE html>");
            html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Enc(title) + "</title>");
            html.AppendLine("<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse}" +
                            "td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}pre{background:#f6f6f6;padding:8px}</style>");
            html.AppendLine("</head><body>");
            html.AppendLine("<h1>" + Enc(title) + "</h1>");
            html.AppendLine("<pre>" + Enc(summary) + "</pre>");
            html.AppendLine(Svg(trace));
            html.AppendLine("<h2>Detections</h2>");
            if (trace.Detections.Count == 0)
            {
                html.AppendLine("<p>No keyword detected.</p>");
            }
            else
            {
                html.AppendLine("<table><tr><th>#</th><th>label</th><th>time (s)</th><th>onset (s)</th><th>averaged score</th></tr>");
                for (int i = 0; i < trace.Detections.Count; i++)
                {
                    KwsDetection d = trace.Detections[i];
                    html.AppendLine("<tr><td>" + (i + 1).ToString(CultureInfo.InvariantCulture) + "</td><td>" + Enc(d.Label) + "</td><td>" +
                                    Seconds(d.TimeMs) + "</td><td>" + Seconds(d.OnsetMs) + "</td><td>" + Num(d.Score) + "</td></tr>");
                }
                html.AppendLine("</table>");
            }
            html.AppendLine("</body></html>");
            return html.ToString();
        }

        public static string Svg(KwsTrace trace)
        {
            double duration = Math.Max(1, trace.DurationMs);
            double plotW = Width - Left - Right;
            double plotH = Height - Top - Bottom;
            Func<double, double> x = t => Left + plotW * t / duration;
            Func<double, double> y = s => Top + plotH * (1.0 - Math.Clamp(s, 0.0, 1.0));

            var svg = new StringBuilder();
            svg.AppendLine("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Width + "\" height=\"" + (Height + 24) +
                           "\" viewBox=\"0 0 " + Width + " " + (Height + 24) + "\" font-family=\"sans-serif\" font-size=\"11\">");
            svg.AppendLine("<rect x=\"" + Left + "\" y=\"" + Top + "\" width=\"" + Num(plotW) + "\" height=\"" + Num(plotH) + "\" fill=\"#fff\" stroke=\"#999\"/>");

            // Axes: score gridlines every 0.25, a time tick every second (every 5 s past 20 s).
            for (int i = 0; i <= 4; i++)
            {
                double s = i / 4.0;
                svg.AppendLine("<line x1=\"" + Left + "\" x2=\"" + Num(Left + plotW) + "\" y1=\"" + Num(y(s)) + "\" y2=\"" + Num(y(s)) + "\" stroke=\"#eee\"/>");
                svg.AppendLine("<text x=\"" + (Left - 6) + "\" y=\"" + Num(y(s) + 4) + "\" text-anchor=\"end\">" + s.ToString("0.00", CultureInfo.InvariantCulture) + "</text>");
            }
            long tickMs = trace.DurationMs > 20000 ? 5000 : 1000;
            for (long t = 0; t <= trace.DurationMs; t += tickMs)
            {
                svg.AppendLine("<line x1=\"" + Num(x(t)) + "\" x2=\"" + Num(x(t)) + "\" y1=\"" + Num(Top + plotH) + "\" y2=\"" + Num(Top + plotH + 4) + "\" stroke=\"#999\"/>");
                svg.AppendLine("<text x=\"" + Num(x(t)) + "\" y=\"" + Num(Top + plotH + 16) + "\" text-anchor=\"middle\">" + (t / 1000).ToString(CultureInfo.InvariantCulture) + " s</text>");
            }

            // Threshold.
            svg.AppendLine("<line x1=\"" + Left + "\" x2=\"" + Num(Left + plotW) + "\" y1=\"" + Num(y(trace.Threshold)) + "\" y2=\"" + Num(y(trace.Threshold)) +
                           "\" stroke=\"#000\" stroke-dasharray=\"6 4\"><title>threshold " + Num(trace.Threshold) + "</title></line>");

            // Scores: raw faint, averaged solid.
            for (int l = 0; l < trace.Labels.Length; l++)
            {
                string color = Colors[l % Colors.Length];
                svg.AppendLine(Polyline(trace, l, trace.Raw, x, y, color, "0.8", "0.35", " (raw)"));
                svg.AppendLine(Polyline(trace, l, trace.Average, x, y, color, trace.IsKeyword[l] ? "2" : "1.2", "1", " (averaged)"));
            }

            // Detections.
            foreach (KwsDetection d in trace.Detections)
            {
                string color = Colors[d.LabelIndex % Colors.Length];
                svg.AppendLine("<line x1=\"" + Num(x(d.TimeMs)) + "\" x2=\"" + Num(x(d.TimeMs)) + "\" y1=\"" + Top + "\" y2=\"" + Num(Top + plotH) +
                               "\" stroke=\"" + color + "\" stroke-width=\"1.5\"><title>" + Enc(d.Label) + " at " + Seconds(d.TimeMs) + " s, score " + Num(d.Score) + "</title></line>");
                svg.AppendLine("<rect x=\"" + Num(x(d.OnsetMs)) + "\" y=\"" + Top + "\" width=\"" + Num(Math.Max(1, x(d.TimeMs) - x(d.OnsetMs))) + "\" height=\"" + Num(plotH) +
                               "\" fill=\"" + color + "\" fill-opacity=\"0.08\"/>");
                svg.AppendLine("<text x=\"" + Num(x(d.TimeMs) + 3) + "\" y=\"" + (Top + 12) + "\" fill=\"" + color + "\" font-weight=\"bold\">" + Enc(d.Label) + "</text>");
            }

            // Legend.
            double lx = Left;
            for (int l = 0; l < trace.Labels.Length; l++)
            {
                string color = Colors[l % Colors.Length];
                svg.AppendLine("<rect x=\"" + Num(lx) + "\" y=\"" + (Height + 8) + "\" width=\"12\" height=\"4\" fill=\"" + color + "\"/>");
                svg.AppendLine("<text x=\"" + Num(lx + 16) + "\" y=\"" + (Height + 14) + "\">" + Enc(trace.Labels[l]) + "</text>");
                lx += 28 + 7 * trace.Labels[l].Length;
            }
            svg.AppendLine("<text x=\"" + Num(lx + 8) + "\" y=\"" + (Height + 14) + "\" fill=\"#666\">solid: averaged, faint: raw, dashed: threshold</text>");
            svg.Append("</svg>");
            return svg.ToString();
        }

        private static string Polyline(KwsTrace trace, int label, System.Collections.Generic.List<float[]> series,
                                       Func<double, double> x, Func<double, double> y, string color, string width, string opacity, string what)
        {
            var points = new StringBuilder();
            for (int i = 0; i < trace.Times.Count; i++)
            {
                if (i > 0)
                {
                    points.Append(' ');
                }
                points.Append(Num(x(trace.Times[i]))).Append(',').Append(Num(y(series[i][label])));
            }
            return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + width + "\" stroke-opacity=\"" + opacity +
                   "\" points=\"" + points + "\"><title>" + Enc(trace.Labels[label] + what) + "</title></polyline>";
        }

        private static string Enc(string s)
        {
            return WebUtility.HtmlEncode(s ?? "");
        }

        private static string Num(double v)
        {
            return v.ToString("0.##", CultureInfo.InvariantCulture);
        }

        private static string Seconds(long ms)
        {
            return (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        }
    }
}
