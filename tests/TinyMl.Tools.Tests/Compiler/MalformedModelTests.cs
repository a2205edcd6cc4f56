#nullable enable
using System;
using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TinyMl.Tflite.FlatBuffers;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// Corrupt .tflite files must end in TfliteFormatException or ModelCompileException,
    /// never another exception, a crash or a hang.
    /// </summary>
    [TestClass]
    public class MalformedModelTests
    {
        /// <summary>Compiles and returns the outcome ("ok", "format", "compile"); fails on anything else.</summary>
        private static string Outcome(byte[] file, string what)
        {
            try
            {
                ModelCompiler.Compile(file);
                return "ok";
            }
            catch (TfliteFormatException e)
            {
                Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message), what);
                return "format";
            }
            catch (ModelCompileException e)
            {
                Assert.IsFalse(e.Message.StartsWith("internal compiler error", StringComparison.Ordinal), $"{what}: {e.Message}");
                return "compile";
            }
            catch (Exception e)
            {
                Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}");
                return "";
            }
        }

        private static byte[][] Models()
        {
            return new[] { new TinyModelBuilder().Build(), SharedData.ReadModel("micro_speech_quantized"), SharedData.ReadModel("kws_ref_model") };
        }

        [TestMethod]
        public void TruncatedFiles_FailWithFormatErrors()
        {
            foreach (byte[] model in Models())
            {
                int step = Math.Max(1, model.Length / 1500);
                for (int len = 0; len < model.Length; len += len < 512 ? 1 : step)
                {
                    byte[] cut = model.AsSpan(0, len).ToArray();
                    string o = Outcome(cut, $"truncated to {len} of {model.Length}");
                    // Every object of these models reaches to the end of the file region it lives in,
                    // so cutting anything off must be detected by the reader.
                    Assert.AreEqual("format", o, $"truncated to {len} of {model.Length}");
                }
            }
        }

        [TestMethod]
        public void RandomBitFlips_OnlyTypedErrors()
        {
            var rng = new Random(2024);
            var watch = Stopwatch.StartNew();
            int compiled = 0, format = 0, rejected = 0;
            foreach (byte[] model in Models())
            {
                // Flips land anywhere; the flatbuffer structure is at the start and end, weights in the middle.
                for (int round = 0; round < 700; round++)
                {
                    byte[] bad = (byte[])model.Clone();
                    int flips = rng.Next(1, 9);
                    for (int f = 0; f < flips; f++)
                    {
                        int at = rng.Next(4) == 0 ? rng.Next(bad.Length) : (rng.Next(2) == 0 ? rng.Next(Math.Min(bad.Length, 4096)) : bad.Length - 1 - rng.Next(Math.Min(bad.Length, 4096)));
                        bad[at] ^= (byte)(1 << rng.Next(8));
                    }
                    switch (Outcome(bad, $"round {round}"))
                    {
                        case "ok": compiled++; break;
                        case "format": format++; break;
                        default: rejected++; break;
                    }
                }
            }
            // The corruption must actually be exercising the checks.
            Assert.IsTrue(format > 100 && rejected > 20, $"ok {compiled}, format {format}, compile {rejected}");
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromMinutes(2), "fuzzing took " + watch.Elapsed);
        }

        [TestMethod]
        public void OffsetsPointingOutside_OnlyTypedErrors()
        {
            var rng = new Random(77);
            uint[] evil = { 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0xFFFFFFFC, 0x00010000, 4, 0, 0xFFFF0000 };
            int format = 0;
            foreach (byte[] model in Models())
            {
                for (int round = 0; round < 600; round++)
                {
                    byte[] bad = (byte[])model.Clone();
                    int region = Math.Min(bad.Length, 2048) / 4;
                    int word = rng.Next(2) == 0 ? rng.Next(region) : (bad.Length / 4) - 1 - rng.Next(region);
                    uint value = rng.Next(3) == 0 ? (uint)rng.Next() : evil[rng.Next(evil.Length)];
                    BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(4 * word), value);
                    if (Outcome(bad, $"word {word} = {value:X8}") == "format") format++;
                }
            }
            Assert.IsTrue(format > 100, $"only {format} format errors");
        }

        [TestMethod]
        public void SharedTables_AreBoundedByTheWorkBudget()
        {
            // One tensor with a 20,000-element shape reads fine ...
            var shape = new int[20000];
            Array.Fill(shape, 1);
            var big = new FbTableNode()
                .Set(0, 3u)
                .Set(2, new FbVectorNode(new[] { new FbTableNode().Set(0, new FbVectorNode(new[] { new FbTableNode().Set(0, new FbVectorNode(shape)).Set(1, (byte)9) })) }));
            byte[] bigFile = FlatBufferBuilder.Finish(big, "TFL3");
            Assert.AreEqual(20000, TinyMl.Tflite.TfliteModel.Read(bigFile).Tensors[0].Shape.Length);

            // ... but 5,000 tensor slots all pointing at that one tensor would copy 100 M elements
            // out of a ~100 KB file: the reader refuses instead of allocating without bound.
            var slots = new FbTableNode[5000];
            var small = new FbTableNode().Set(1, (byte)9);
            for (int i = 0; i < slots.Length; i++) slots[i] = small;
            var many = new FbTableNode()
                .Set(0, 3u)
                .Set(2, new FbVectorNode(new[] { new FbTableNode().Set(0, new FbVectorNode(slots)) }));
            byte[] manyFile = FlatBufferBuilder.Finish(many, "TFL3");
            byte[] joined = new byte[manyFile.Length + bigFile.Length];
            manyFile.CopyTo(joined, 0);
            bigFile.CopyTo(joined, manyFile.Length);

            var rb = new FlatBufferReader(bigFile, 1 << 20);
            int bigTensor = manyFile.Length + rb.Root("m").Vector(2, 4, "s")!.Value.Table(0).Vector(0, 4, "t")!.Value.Table(0).Pos;
            var rj = new FlatBufferReader(joined, 1 << 20);
            int vec = rj.FollowOffset(rj.Root("m").Vector(2, 4, "s")!.Value.Table(0).FieldPos(0, 4, "tensors"), "t");
            for (int i = 0; i < slots.Length; i++)
            {
                int slot = vec + 4 + 4 * i;
                BinaryPrimitives.WriteUInt32LittleEndian(joined.AsSpan(slot), (uint)(bigTensor - slot));
            }
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TinyMl.Tflite.TfliteModel.Read(joined));
            StringAssert.Contains(e.Message, "references far more data than it holds");
        }
    }
}
