using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Interop;

/// <summary>The flash model table that `tinyml compile --emit-c` will write for the firmware.</summary>
[TestClass]
public class FlashModelEmitterTests
{
    [TestMethod]
    public void EmitsEveryByteInOrderWithTheTable()
    {
        byte[] a = FakeBlob(100, seed: 1);
        byte[] b = FakeBlob(64, seed: 2);

        string c = FlashModelEmitter.EmitModelTable(new[] { new FlashModel("kws", a), new FlashModel("ad.v1", b) });

        CollectionAssert.AreEqual(a, ArrayBytes(c, 0));
        CollectionAssert.AreEqual(b, ArrayBytes(c, 1));
        StringAssert.Contains(c, "{ \"kws\", tnm_flash_model_0.bytes, 100u },");
        StringAssert.Contains(c, "{ \"ad.v1\", tnm_flash_model_1.bytes, 64u },");
        StringAssert.Contains(c, "const int32_t tnm_flash_model_count = 2;");
    }

    [TestMethod]
    public void RefusesWhatTheFirmwareCouldNotUse()
    {
        byte[] blob = FakeBlob(80, seed: 3);
        Assert.ThrowsExactly<ArgumentException>(() => FlashModelEmitter.EmitModelTable(Array.Empty<FlashModel>()));
        Assert.ThrowsExactly<ArgumentException>(() => FlashModelEmitter.EmitModelTable(new[] { new FlashModel("has space", blob) }));
        Assert.ThrowsExactly<ArgumentException>(() => FlashModelEmitter.EmitModelTable(new[] { new FlashModel(new string('m', 32), blob) }));
        Assert.ThrowsExactly<ArgumentException>(() => FlashModelEmitter.EmitModelTable(new[] { new FlashModel("m", blob), new FlashModel("m", blob) }));

        byte[] notTnm = (byte[])blob.Clone();
        notTnm[0] = (byte)'X';
        Assert.ThrowsExactly<ArgumentException>(() => FlashModelEmitter.EmitModelTable(new[] { new FlashModel("m", notTnm) }));

        byte[] truncated = blob[..72];
        var e = Assert.ThrowsExactly<ArgumentException>(() => FlashModelEmitter.EmitModelTable(new[] { new FlashModel("m", truncated) }));
        StringAssert.Contains(e.Message, "blob_size = 80");
    }

    [TestMethod]
    public void EmittedTableCompilesAsC99AndKeepsBlobsAlignedInPlace()
    {
        string? cc = FindOnPath("cc") ?? FindOnPath("gcc") ?? FindOnPath("clang");
        if (cc == null)
        {
            Assert.Inconclusive("No C compiler on PATH; the emitted C is not compiled.");
        }

        string dir = Directory.CreateTempSubdirectory("tnm-flash-").FullName;
        byte[] first = FakeBlob(77, seed: 4);
        byte[] second = FakeBlob(257, seed: 5);
        File.WriteAllText(Path.Combine(dir, "models.c"),
            FlashModelEmitter.EmitModelTable(new[] { new FlashModel("one", first), new FlashModel("two", second) }));
        File.WriteAllText(Path.Combine(dir, "main.c"), """
            #include <stdio.h>
            #include <stdint.h>
            #include "tnm_flash_models.h"
            int main(void) {
                int32_t i; uint32_t j; uint32_t sum;
                for (i = 0; i < tnm_flash_model_count; i++) {
                    sum = 0;
                    for (j = 0; j < tnm_flash_models[i].size; j++) sum = sum * 31u + tnm_flash_models[i].blob[j];
                    printf("%s %u %u %u\n", tnm_flash_models[i].name, (unsigned)tnm_flash_models[i].size,
                           (unsigned)((uintptr_t)tnm_flash_models[i].blob % 4u), (unsigned)sum);
                }
                return 0;
            }
            """);
        string exe = Path.Combine(dir, "flash_models");
        string include = Path.Combine(SharedData.SourceRoot(), "native-kernels", "nanoframework");

        Run(cc, $"-std=c99 -Wall -Wextra -Werror -I\"{include}\" \"{Path.Combine(dir, "models.c")}\" \"{Path.Combine(dir, "main.c")}\" -o \"{exe}\"");
        string output = Run(exe, "");

        Assert.AreEqual($"one 77 0 {Hash(first)}\ntwo 257 0 {Hash(second)}\n", output.Replace("\r\n", "\n"));
    }

    // A blob with the .tnm magic and a correct blob_size; the rest is noise.
    private static byte[] FakeBlob(int size, int seed)
    {
        var blob = new byte[size];
        new Random(seed).NextBytes(blob);
        "TNMB"u8.CopyTo(blob);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(30), 0); // layer_count: no operators to list
        return blob;
    }

    [TestMethod]
    public void AnOperatorOfTheUpperCodesGoesToTheSecondOpSetWord()
    {
        // CAST has a code of 64 or more: TNM_OP_SET gets the others, TNM_OP_SET_HI gets CAST.
        string dir = Path.Combine(SharedData.RepoRoot()!, "native-kernels", "tests", "data", "cast");
        CompiledModel cast = ModelCompiler.Compile(File.ReadAllBytes(Path.Combine(dir, "model.tflite")));
        CompiledModel kws = SharedData.Compile("kws_ref_model");
        var table = new[] { new FlashModel("cast", cast.Blob), new FlashModel("kws", kws.Blob) };
        string c = FlashModelEmitter.EmitModelTable(table);
        StringAssert.Contains(c, "#define TNM_FLASH_MODELS_OP_SET_HI (TNM_OP_BIT_HI(TNM_OP_CAST))\n");
        Assert.IsFalse(FlashModelEmitter.OpSetDefine(table).Contains("CAST", StringComparison.Ordinal));
        StringAssert.Contains(FlashModelEmitter.OpSetDefine(table), "TNM_OP_BIT(TNM_OP_CONV_2D)");
        // A table of CAST alone: no operator below 64, so TNM_OP_SET is 0u (nothing of that word).
        Assert.AreEqual("0u", FlashModelEmitter.OpSetDefine(new[] { new FlashModel("cast", cast.Blob) }));
    }

    [TestMethod]
    public void EmitsTheOperatorSetOfItsModels()
    {
        CompiledModel kws = SharedData.Compile("kws_ref_model");
        CompiledModel nabu = SharedData.Compile("okay_nabu_v2");
        string c = FlashModelEmitter.EmitModelTable(new[] { new FlashModel("kws", kws.Blob), new FlashModel("nabu", nabu.Blob) });
        // The union of both models' operators, in code order, as the native build option takes it.
        var names = kws.OpSetNames.Union(nabu.OpSetNames).OrderBy(n => OpTable.Get(n).Code).Select(n => "TNM_OP_BIT(TNM_OP_" + n + ")");
        string expected = "(" + string.Join("|", names) + ")";
        StringAssert.Contains(c, "#define TNM_FLASH_MODELS_OP_SET " + expected + "\n");
        StringAssert.Contains(c, "-DTNM_OP_SET=\"" + expected + "\"");
        StringAssert.Contains(expected, "TNM_OP_BIT(TNM_OP_CALL_ONCE)");
        Assert.IsFalse(expected.Contains("TNM_OP_MAX_POOL_2D", StringComparison.Ordinal));
        // Their codes are all below 64: no TNM_OP_SET_HI word (the native default, 0, is theirs).
        Assert.IsTrue(kws.OpCodes.Concat(nabu.OpCodes).All(code => code < 63));
        Assert.IsNull(FlashModelEmitter.OpSetHighDefine(new[] { new FlashModel("kws", kws.Blob), new FlashModel("nabu", nabu.Blob) }));
        Assert.IsFalse(c.Contains("OP_SET_HI", StringComparison.Ordinal));
    }

    [TestMethod]
    public void DeclaresTheKernelPathsTheModelsTake()
    {
        // The names come from the native table: each bit named in tnm_variants.def, no other.
        var def = new Dictionary<int, string>();
        foreach (Match m in Regex.Matches(File.ReadAllText(VariantsDef()), @"^TNM_VARIANT\((\w+),\s*(\d+),", RegexOptions.Multiline))
        {
            def.Add(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[1].Value);
        }
        Assert.IsTrue(def.Count >= 2);
        for (int bit = 0; bit < 32; bit++)
        {
            Assert.AreEqual(def.TryGetValue(bit, out string? name) ? name : null, FlashModelEmitter.VariantName(bit), "bit " + bit);
        }

        // KWS DS-CNN: its depthwise layers take the planes (in place: one row-ordered call
        // each), its convolutions the patch block, with and without in place, its 1x1
        // convolutions over 125 pixels the fully-connected form for the last pixel, its
        // fully-connected passes, and of the planes' assembly the 3x3 stride-1 one only.
        byte[] kwsTflite = SharedData.ReadModel("kws_ref_model");
        byte[] inPlace = ModelCompiler.Compile(kwsTflite, new CompileOptions { InPlace = true }).Blob;
        byte[] separate = ModelCompiler.Compile(kwsTflite, new CompileOptions { InPlace = false, Patches = PatchMode.Off }).Blob;
        string rows = FlashModelEmitter.VariantSetDefine(new[] { new FlashModel("kws", inPlace) });
        string planes = FlashModelEmitter.VariantSetDefine(new[] { new FlashModel("kws", separate) });
        const string kws = "(TNM_VARIANT_BIT(TNM_VARIANT_DW_PLANES)|TNM_VARIANT_BIT(TNM_VARIANT_CONV_IM2COL)|TNM_VARIANT_BIT(TNM_VARIANT_CONV_AS_FC)|TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS3)|TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS2)|TNM_VARIANT_BIT(TNM_VARIANT_DW3_S1))";
        Assert.AreEqual(kws, rows);
        Assert.AreEqual(kws, planes);
        // Two models: the union, and the table declares it.
        string c = FlashModelEmitter.EmitModelTable(new[] { new FlashModel("a", inPlace), new FlashModel("b", separate) });
        StringAssert.Contains(c, "#define TNM_FLASH_MODELS_VARIANT_SET " + kws + "\n");
        // The autoencoder has no convolution: its fully-connected layers' passes only. A blob
        // the runtime refuses: every path.
        Assert.AreEqual("(TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS3)|TNM_VARIANT_BIT(TNM_VARIANT_FC_ROWS2))",
            FlashModelEmitter.VariantSetDefine(new[] { new FlashModel("ad", SharedData.Compile("ad01_int8").Blob) }));
        Assert.AreEqual("TNM_VARIANT_SET_ALL", FlashModelEmitter.VariantSetDefine(new[] { new FlashModel("fake", FakeBlob(80, seed: 5)) }));
    }

    private static string VariantsDef() =>
        Path.Combine(SharedData.SourceRoot(), "native-kernels", "include", "tnm", "tnm_variants.def");

    private static byte[] ArrayBytes(string c, int model)
    {
        Match m = Regex.Match(c, $@"tnm_flash_model_{model} = \{{ \.bytes = \{{(.*?)\}} \}};", RegexOptions.Singleline);
        Assert.IsTrue(m.Success, $"array of model {model} not found");
        return m.Groups[1].Value.Split(new[] { ',', '\n', ' ' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(h => byte.Parse(h[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static uint Hash(byte[] data)
    {
        uint sum = 0;
        foreach (byte b in data)
        {
            sum = unchecked(sum * 31u + b);
        }

        return sum;
    }

    private static string Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"{file} {arguments}\n{output}\n{error}");
        return output;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
