using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Cli
{
    /// <summary>`tinyml profile`: one row per layer with the compiler's MACs and the arena it uses, a bar chart report, bad options refused.</summary>
    [TestClass]
    public class ProfileCommandTests
    {
        private static (int Code, string Out, string Err) Tinyml(params string[] args)
        {
            var outw = new StringWriter();
            var err = new StringWriter();
            int code = Program.Run(args, outw, err);
            return (code, outw.ToString(), err.ToString());
        }

        [TestMethod]
        public void ProfilesEveryLayerWithMacsArenaAndHostTime()
        {
            string dir = Path.Combine(Path.GetTempPath(), "tinyml-profile-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var compiled = SharedData.Compile("kws_ref_model");
                string report = Path.Combine(dir, "profile.html");
                var r = Tinyml("profile", SharedData.ModelPath("kws_ref_model"), "--runs", "3", "--report", report);
                Assert.AreEqual(0, r.Code, r.Err);
                MatchCollection rows = Regex.Matches(r.Out, @"^\s*(\d+)\s+([A-Z_0-9]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d.]+)\s+([\d.]+)\s*$", RegexOptions.Multiline);
                Assert.AreEqual(compiled.Layers.Count, rows.Count, r.Out);
                for (int i = 0; i < rows.Count; i++)
                {
                    Assert.AreEqual(compiled.Layers[i].Op, rows[i].Groups[2].Value);
                    Assert.AreEqual(compiled.Layers[i].Macs, long.Parse(rows[i].Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
                    long high = long.Parse(rows[i].Groups[5].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                    Assert.IsTrue(high >= compiled.Layers[i].OutputOffset + compiled.Layers[i].OutputSize && high <= compiled.ArenaSize, "arena high water of layer " + i);
                }
                StringAssert.Contains(r.Out, "total: 2,656,768 MACs");
                string html = File.ReadAllText(report);
                Assert.AreEqual(2 * compiled.Layers.Count, Regex.Matches(html, "<rect ").Count, "a bar per layer for host time and MACs");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [TestMethod]
        public void BadOptionsAreRefusedBeforeWork()
        {
            string model = SharedData.ModelPath("ad01_int8");
            var runs = Tinyml("profile", model, "--runs", "0");
            Assert.AreEqual(1, runs.Code);
            StringAssert.Contains(runs.Err, "--runs");
            var cores = Tinyml("profile", model, "--cores", "m4,z80");
            Assert.AreEqual(1, cores.Code);
            StringAssert.Contains(cores.Err, "'z80'");
            var same = Tinyml("profile", model, "--report", model);
            Assert.AreEqual(1, same.Code);
            StringAssert.Contains(same.Err, "is also an input");
        }
    }
}
