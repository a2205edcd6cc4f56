using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Cli
{
    /// <summary>
    /// Every `tinyml` command line in README.md and in every board and app README parses with the
    /// CLI's real options (subcommand, arguments, option names, option values): the guides say
    /// only what the tool accepts. Mentions ("`tinyml compile` prints ...", "`tinyml compile
    /// --emit-c` writes ...") are not command lines.
    /// </summary>
    [TestClass]
    public class DocumentedCommandTests
    {
        public static IEnumerable<string> GuideFiles()
        {
            string root = SharedData.SourceRoot();
            yield return Path.Combine(root, "README.md");
            foreach (string folder in new[] { "boards", "firmware/apps", "tools" })
            {
                string dir = Path.Combine(root, folder);
                if (Directory.Exists(dir))
                {
                    foreach (string file in Directory.EnumerateFiles(dir, "README.md", SearchOption.AllDirectories))
                    {
                        if (!file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
                        {
                            yield return file;
                        }
                    }
                }
            }
        }

        /// <summary>The tinyml command lines of a markdown text: (line number, arguments after "tinyml").</summary>
        public static List<(int Line, string[] Args)> CommandLines(string markdown)
        {
            var found = new List<(int, string[])>();
            string[] lines = markdown.Replace("\r", "").Split('\n');
            bool inCode = false;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                    continue;
                }
                var texts = new List<string>();
                if (inCode)
                {
                    // Join shell continuations.
                    var joined = new StringBuilder(line);
                    while (joined.ToString().TrimEnd().EndsWith("\\", StringComparison.Ordinal) && i + 1 < lines.Length)
                    {
                        string current = joined.ToString().TrimEnd();
                        joined.Clear().Append(current, 0, current.Length - 1).Append(' ').Append(lines[++i].Trim());
                    }
                    string code = joined.ToString().TrimStart();
                    // A comment line may itself show a command ("#    tinyml compile ..."); else drop trailing comments.
                    texts.Add(code.StartsWith("#", StringComparison.Ordinal) ? code.TrimStart('#', ' ') : StripComment(code));
                }
                else
                {
                    foreach (Match span in Regex.Matches(line, "`([^`]+)`"))
                    {
                        texts.Add(span.Groups[1].Value);
                    }
                }
                foreach (string text in texts)
                {
                    string normalized = Regex.Replace(text, @"dotnet run --project tools/tinyml --", "tinyml");
                    foreach (Match m in Regex.Matches(normalized, @"(?:^|[\s(;&|])tinyml\s+([^;&|]+)"))
                    {
                        string[] args = Tokens(m.Groups[1].Value);
                        // A command line has an argument or an option with its value; "`tinyml compile
                        // --emit-c` writes ..." names an option and is a mention.
                        bool isCommand = args.Length >= 3 || (args.Length == 2 && !args[1].StartsWith("-", StringComparison.Ordinal));
                        if (isCommand && Regex.IsMatch(args[0], "^[a-z][a-z-]*$"))
                        {
                            found.Add((i + 1, args));
                        }
                    }
                }
            }
            return found;
        }

        private static string StripComment(string code)
        {
            int hash = code.IndexOf(" #", StringComparison.Ordinal);
            return hash < 0 ? code : code.Substring(0, hash);
        }

        /// <summary>Shell-like words; [optional] brackets are opened, "..." and "a|b" choices reduced to the first.</summary>
        private static string[] Tokens(string text)
        {
            var words = new List<string>();
            foreach (Match w in Regex.Matches(text.Replace("[", " ").Replace("]", " "), "\"([^\"]*)\"|'([^']*)'|(\\S+)"))
            {
                string word = w.Groups[1].Success ? w.Groups[1].Value : w.Groups[2].Success ? w.Groups[2].Value : w.Groups[3].Value;
                if (word == "..." || word == ")" || word == "(")
                {
                    continue;
                }
                words.Add(word.TrimEnd(')', ',', '.').Length > 0 && !word.StartsWith("-", StringComparison.Ordinal) ? word.TrimEnd(')', ',') : word);
            }
            return words.ToArray();
        }

        [TestMethod]
        public void EveryDocumentedCommandLineParses()
        {
            int checkedLines = 0;
            var problems = new List<string>();
            foreach (string file in GuideFiles())
            {
                foreach (var (line, args) in CommandLines(File.ReadAllText(file)))
                {
                    checkedLines++;
                    ParseResult parsed = Program.Parse(args);
                    if (parsed.Errors.Count > 0)
                    {
                        problems.Add(Path.GetRelativePath(SharedData.SourceRoot(), file) + ":" + line + ": tinyml " + string.Join(" ", args) + " -> " +
                                     string.Join("; ", parsed.Errors.Select(e => e.Message)));
                    }
                }
            }
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
            Assert.IsTrue(checkedLines >= 10, "found " + checkedLines + " tinyml command lines; the extraction is broken");
        }

        [TestMethod]
        public void TheFirmwareGuideMatchesTheTool()
        {
            string root = SharedData.SourceRoot();
            string boards = File.ReadAllText(Path.Combine(root, "boards", "README.md"));
            // --emit-c exists and apps open flash models with Model.FromFlash.
            Assert.IsFalse(boards.Contains("does not call it"), "boards/README.md says the CLI does not call the emitter");
            StringAssert.Contains(boards, "Model.FromFlash(");
            // Every file exported as TINYML_MODELS_C is written by an --emit-c step of the guide.
            foreach (Match export in Regex.Matches(boards, @"TINYML_MODELS_C=(\S+)"))
            {
                StringAssert.Contains(boards, "--emit-c " + export.Groups[1].Value, "no step writes " + export.Groups[1].Value);
            }
            // Copying our presets never replaces the user's own.
            foreach (Match copy in Regex.Matches(boards, @"^\s*cp (.*)CMakeUserPresets\.json", RegexOptions.Multiline))
            {
                StringAssert.StartsWith(copy.Groups[1].Value, "-n ", "cp without -n replaces a user's CMakeUserPresets.json");
            }
            // The onset is the first inference where the label led, not when the word was heard.
            Assert.IsFalse(File.ReadAllText(Path.Combine(root, "README.md")).Contains("when the word was heard"));
        }

        [TestMethod]
        public void TheExtractionFindsWrongCommands()
        {
            var lines = CommandLines("2. `tinyml compile anomaly.tflite --emit-c` and rebuild\n```sh\ndotnet run --project tools/tinyml -- kws --model m.tflite \\\n    --wav a.wav [--report kws.html]   # comment\n```\n(`tinyml compile`) prints\n");
            Assert.AreEqual(2, lines.Count);
            Assert.AreEqual("compile anomaly.tflite --emit-c", string.Join(" ", lines[0].Args));
            Assert.AreEqual("kws --model m.tflite --wav a.wav --report kws.html", string.Join(" ", lines[1].Args));
            Assert.IsTrue(Program.Parse(lines[0].Args).Errors.Count > 0, "--emit-c without its file is an error");
            Assert.AreEqual(0, Program.Parse(lines[1].Args).Errors.Count);
        }
    }
}
