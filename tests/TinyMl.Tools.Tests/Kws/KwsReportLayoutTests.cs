using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Cli.Kws;

namespace TinyMl.Tools.Tests.Kws
{
    /// <summary>
    /// The `kws --report` page for a 10-minute recording and the 12-class model: small, a readable
    /// time axis, and nothing drawn beyond the plot's width (so it fits a 1,400-pixel window).
    /// </summary>
    [TestClass]
    public class KwsReportLayoutTests
    {
        private static KwsTrace LongTrace(int minutes, string[] labels)
        {
            var isKeyword = labels.Select(l => l != "silence" && l != "unknown").ToArray();
            long duration = minutes * 60_000L;
            var trace = new KwsTrace(labels, isKeyword, 0.7f, duration);
            var random = new Random(5);
            for (long t = 990; t <= duration; t += 20)
            {
                var raw = new float[labels.Length];
                var avg = new float[labels.Length];
                for (int l = 0; l < labels.Length; l++)
                {
                    raw[l] = (float)random.NextDouble();
                    avg[l] = (float)random.NextDouble();
                }
                trace.Times.Add(t);
                trace.Raw.Add(raw);
                trace.Average.Add(avg);
            }
            for (int d = 0; d < 60; d++)
            {
                long t = 5000 + d * (duration - 10000) / 60;
                trace.Detections.Add(new KwsDetection(labels[d % 10], d % 10, t, t - 300, 0.9f));
            }
            return trace;
        }

        [TestMethod]
        public void TenMinutesOfTwelveClassesStaySmallAndInsideThePage()
        {
            var trace = LongTrace(10, KwsCommand.MlperfLabels);
            string html = KwsHtmlReport.Build(trace, "tinyml kws: long.wav", "model: kws_ref_model.tflite, 12 classes: " + string.Join(", ", KwsCommand.MlperfLabels));

            Assert.IsTrue(html.Length < 600_000, "the page is " + html.Length + " bytes (every inference drawn would be several MB)");
            StringAssert.Contains(html, "max-width:100%", "plots scale down to the window");
            StringAssert.Contains(html, "white-space:pre-wrap", "long summary lines wrap");

            foreach (Match svg in Regex.Matches(html, "<svg [^>]*viewBox=\"0 0 (\\d+) (\\d+)\"[^>]*>(.*?)</svg>", RegexOptions.Singleline))
            {
                double width = double.Parse(svg.Groups[1].Value, CultureInfo.InvariantCulture);
                string body = svg.Groups[3].Value;
                // Every left-anchored text ends inside the picture (about 6.5 px per character at 11 px).
                foreach (Match text in Regex.Matches(body, "<text ([^>]*)>([^<]*)</text>"))
                {
                    string attributes = text.Groups[1].Value;
                    double x = double.Parse(Regex.Match(attributes, "\\bx=\"([0-9.]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
                    string anchor = Regex.Match(attributes, "text-anchor=\"(\\w+)\"").Groups[1].Value;
                    double length = System.Net.WebUtility.HtmlDecode(text.Groups[2].Value).Length * 6.5;
                    double right = anchor == "end" ? x : anchor == "middle" ? x + length / 2 : x + length;
                    Assert.IsTrue(right <= width + 1, "text '" + text.Groups[2].Value + "' ends at " + right + " beyond " + width);
                }
                foreach (Match point in Regex.Matches(body, "(?:x|x1|x2)=\"([0-9.]+)\""))
                {
                    Assert.IsTrue(double.Parse(point.Groups[1].Value, CultureInfo.InvariantCulture) <= width, "x beyond the picture");
                }
            }

            // The overview's time axis: a handful of labels, minutes:seconds past a minute.
            string overview = Regex.Match(html, "<svg .*?</svg>", RegexOptions.Singleline).Value;
            int ticks = Regex.Matches(overview, ">(\\d+:\\d\\d|\\d+ s)</text>").Count;
            Assert.IsTrue(ticks >= 5 && ticks <= 16, ticks + " time labels");
            StringAssert.Contains(overview, ">5:00</text>");
            // Every label is in the legend.
            foreach (string label in KwsCommand.MlperfLabels)
            {
                StringAssert.Contains(overview, ">" + label + "</text>");
            }
            // Zoomed panels for the detections (at most MaxZoomPanels).
            Assert.AreEqual(1 + KwsHtmlReport.MaxZoomPanels, Regex.Matches(html, "<svg ").Count);
        }

        [TestMethod]
        public void TickStepsAreRoundAndFew()
        {
            Assert.AreEqual(500, KwsHtmlReport.TickStepMs(5_000, 12));
            Assert.AreEqual(1000, KwsHtmlReport.TickStepMs(5_000, 6));
            Assert.AreEqual(60_000, KwsHtmlReport.TickStepMs(600_000, 12));
            Assert.AreEqual("1:30", KwsHtmlReport.TimeLabel(90_000, 30_000));
            Assert.AreEqual("2 s", KwsHtmlReport.TimeLabel(2_000, 1_000));
            Assert.AreEqual("1:02:03", KwsHtmlReport.TimeLabel(3_723_000, 60_000));
        }
    }
}
