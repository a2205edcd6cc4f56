using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Interop;

/// <summary>
/// The strict firmware compile (native-kernels/nanoframework/compile-check/strict-build.sh)
/// compiles the nanoCLR handlers against nanoclr_compile_check.h instead of nf-interpreter's
/// headers. That proves something about the device build only if the handlers use nothing
/// nanoCLR provides that the header does not declare, the header declares nothing the handlers
/// do not use (nothing invented), and every declaration names its nf-interpreter file.
/// </summary>
[TestClass]
public class CompileCheckHeaderTests
{
    // nf-interpreter's naming: types and error codes (CLR_), macros (NANOCLR_), marshaling
    // (Interop_), the PAL's safe CRT (hal_), data types (DATATYPE_), result macros.
    private static readonly Regex NanoClrName = new(@"^(CLR_|NANOCLR_|Interop_|hal_|DATATYPE_|SEVERITY_)|^(HRESULT|S_OK|S_FALSE|SUCCEEDED|FAILED|MAKE_HRESULT|FAULT_ON_NULL|FAULT_ON_NULL_ARG)$");

    private static string Interop => Path.Combine(SharedData.SourceRoot(), "native-kernels", "nanoframework");

    private static string CheckDir => Path.Combine(Interop, "compile-check");

    private static string HeaderPath => Path.Combine(CheckDir, "nanoclr_compile_check.h");

    /// <summary>The files strict-build.sh compiles against the header: the handlers, the method table and its header.</summary>
    private static string[] HandlerFiles() =>
        Directory.GetFiles(Interop, "TinyMl_Nano_Interop*.cpp").Append(Path.Combine(Interop, "TinyMl_Nano_Interop.h")).OrderBy(f => f).ToArray();

    [TestMethod]
    public void HandlersUseNoNanoClrNameTheHeaderDoesNotDeclare()
    {
        HashSet<string> declared = DeclaredNames(Code(File.ReadAllText(HeaderPath)));
        HashSet<string> ownMembers = OwnMemberNames();
        string[] files = HandlerFiles();
        Assert.IsTrue(files.Length >= 3, "handler files found: " + files.Length);

        foreach (string file in files)
        {
            string code = Code(File.ReadAllText(file));
            string name = Path.GetFileName(file);
            foreach (string token in Identifiers(code).Where(t => NanoClrName.IsMatch(t)))
            {
                Assert.IsTrue(declared.Contains(token), $"{name} uses nanoCLR's {token}, which nanoclr_compile_check.h does not declare");
            }

            // Members of nanoCLR objects (stack.ArgN, array->m_numOfElements): everything after
            // . or -> is a member of one of our own structs or one the header declares.
            HashSet<string> headerTokens = Identifiers(Code(File.ReadAllText(HeaderPath))).ToHashSet();
            foreach (Match m in Regex.Matches(code, @"(?:\.|->)\s*([A-Za-z_]\w*)"))
            {
                string member = m.Groups[1].Value;
                Assert.IsTrue(ownMembers.Contains(member) || headerTokens.Contains(member),
                    $"{name} uses member {member}, declared neither by our code nor by nanoclr_compile_check.h");
            }

            // Every header it includes resolves, in the strict compile, to our code or a stand-in here.
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"^\s*#\s*include\s*([<""])([^>""]+)[>""]", RegexOptions.Multiline))
            {
                string included = m.Groups[2].Value;
                bool ours = File.Exists(Path.Combine(Interop, included))
                    || File.Exists(Path.Combine(SharedData.SourceRoot(), "native-kernels", "include", included));
                bool standIn = File.Exists(Path.Combine(CheckDir, included));
                Assert.IsTrue(ours || standIn, $"{name} includes <{included}>, which has no stand-in in compile-check/");
                if (standIn && !ours)
                {
                    string standInCode = Regex.Replace(File.ReadAllText(Path.Combine(CheckDir, included)), @"//[^\n]*", "").Trim();
                    Assert.AreEqual("#include \"nanoclr_compile_check.h\"", standInCode, $"compile-check/{included} must only include the header");
                }
            }
        }
    }

    [TestMethod]
    public void HeaderDeclaresOnlyWhatTheHandlersUse()
    {
        string header = Code(File.ReadAllText(HeaderPath));
        HashSet<string> declared = DeclaredNames(header);
        var used = HandlerFiles().SelectMany(f => Identifiers(Code(File.ReadAllText(f)))).ToHashSet();
        var headerUses = Identifiers(header).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());

        // The parser sees the header's main kinds of declarations (a test of the test).
        foreach (string expected in new[] { "CLR_INT32", "HRESULT", "NANOCLR_CHECK_HRESULT", "CLR_RT_StackFrame", "ArgN", "DATATYPE_OBJECT", "Interop_Marshal_float", "strlen" })
        {
            Assert.IsTrue(declared.Contains(expected), "parser missed " + expected);
        }

        foreach (string name in declared)
        {
            // Used by a handler, or by another declaration here (CLR_UINT16 in CLR_RECORD_VERSION,
            // FAILED in NANOCLR_CHECK_HRESULT), or a poisoned name (declared so that it cannot be used).
            bool poisoned = Regex.IsMatch(header, @"#define\s+" + name + @"\s+\w+_is_poisoned_by_nanoPAL\b");
            bool usedHere = headerUses.TryGetValue(name, out int count) && count > 1;
            Assert.IsTrue(used.Contains(name) || usedHere || poisoned, $"nanoclr_compile_check.h declares {name}, which nothing uses");
        }
    }

    [TestMethod]
    public void EveryDeclarationNamesItsNfInterpreterFile()
    {
        string[] lines = File.ReadAllLines(HeaderPath);
        string source = null;
        int declarations = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            Match cite = Regex.Match(line, @"^// nf-interpreter: (src/[\w/]+\.h)\b");
            if (cite.Success)
            {
                source = cite.Groups[1].Value;
                continue;
            }

            if (line.StartsWith("// ----", StringComparison.Ordinal))
            {
                source = null; // a new section: the next declaration needs its own citation
            }

            bool declaration = Regex.IsMatch(line, @"^(#define|typedef|struct\s+\w+\s*$|struct\s+\w+\s*:|enum\s|union\s|HRESULT\s)");
            if (declaration && !line.StartsWith("#define TNM_NANOCLR_COMPILE_CHECK_H", StringComparison.Ordinal))
            {
                Assert.IsNotNull(source, $"nanoclr_compile_check.h:{i + 1}: '{line}' names no nf-interpreter file above it");
                StringAssert.Matches(source, new Regex(@"^src/(CLR|HAL|PAL)/Include/(nano|nf_)\w+\.h$"), $"line {i + 1}");
                declarations++;
            }

            if (line.Length == 0)
            {
                source = null; // a blank line ends a group
            }
        }

        Assert.IsTrue(declarations >= 20, "declarations seen: " + declarations);
    }

    /// <summary>Code without comments, string and character literals.</summary>
    private static string Code(string text)
    {
        text = Regex.Replace(text, @"/\*.*?\*/", " ", RegexOptions.Singleline);
        text = Regex.Replace(text, @"//[^\n]*", "");
        text = Regex.Replace(text, @"""(\\.|[^""\\])*""", "\"\"");
        return Regex.Replace(text, @"'(\\.|[^'\\])'", "0");
    }

    private static IEnumerable<string> Identifiers(string code) =>
        Regex.Matches(code, @"\b[A-Za-z_]\w*\b").Select(m => m.Value);

    /// <summary>Names the header declares: macros, typedefs, struct/union/enum tags, enumerators, functions and methods.</summary>
    private static HashSet<string> DeclaredNames(string header)
    {
        var names = new HashSet<string>();
        foreach (Match m in Regex.Matches(header, @"^\s*#\s*define\s+(\w+)", RegexOptions.Multiline))
        {
            names.Add(m.Groups[1].Value);
        }

        // Declarations outside the preprocessor (directives and their continuation lines removed).
        string body = Regex.Replace(header, @"^\s*#(?:[^\n]*\\\n)*[^\n]*", "", RegexOptions.Multiline);
        foreach (Match m in Regex.Matches(body, @"\btypedef\b[^;(]*?\b(\w+)\s*;|\btypedef\b[^;]*?\(\s*\*\s*(\w+)\s*\)"))
        {
            names.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        }

        foreach (Match m in Regex.Matches(body, @"\b(?:struct|union|enum)\s+(\w+)\s*(?::[^{;]*)?\{"))
        {
            names.Add(m.Groups[1].Value);
        }

        foreach (Match m in Regex.Matches(body, @"\benum\s+\w+\s*\{([^}]*)\}"))
        {
            foreach (Match e in Regex.Matches(m.Groups[1].Value, @"(\w+)\s*(?:=[^,]*)?(?:,|$)"))
            {
                names.Add(e.Groups[1].Value);
            }
        }

        foreach (Match m in Regex.Matches(body, @"(\w+)\s*\([^()]*\)\s*(?:const\s*)?;"))
        {
            names.Add(m.Groups[1].Value);
        }

        return names;
    }

    /// <summary>Member names our own code declares: the handlers' structs and the C API's (include/tnm, tnm_flash_models.h).</summary>
    private static HashSet<string> OwnMemberNames()
    {
        var names = new HashSet<string>();
        IEnumerable<string> ours = HandlerFiles()
            .Concat(Directory.GetFiles(Path.Combine(SharedData.SourceRoot(), "native-kernels", "include", "tnm"), "*.h"))
            .Append(Path.Combine(Interop, "tnm_flash_models.h"));
        foreach (string file in ours)
        {
            string code = Code(File.ReadAllText(file));
            foreach (Match s in Regex.Matches(code, @"\bstruct\b[^{;]*\{(.*?)\n\s*\}", RegexOptions.Singleline))
            {
                foreach (Match member in Regex.Matches(s.Groups[1].Value, @"(\w+)\s*(?:\[[^\]]*\])?\s*[;(]"))
                {
                    names.Add(member.Groups[1].Value);
                }
            }
        }

        return names;
    }
}
