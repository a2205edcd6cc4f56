using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Nano;

namespace TinyMl.Tools.Tests.Golden
{
    /// <summary>
    /// Damaged real blobs (KWS, AD, and the streaming okay_nabu_v2 with its lists, state
    /// region, variables and init subgraph) given to the device library: only typed errors, never a
    /// crash, a hang or an untyped exception.
    /// </summary>
    [TestClass]
    public class MalformedBlobTests
    {
        [TestMethod]
        [DataRow("kws_ref_model")]
        [DataRow("ad01_int8")]
        [DataRow("okay_nabu_v2")]
        public void TruncatedBlobsAreFormatErrors(string modelName)
        {
            byte[] blob = SharedData.Compile(modelName).Blob;
            var lengths = new SortedSet<int> { 0, 1, 4, 16, 47, 48, 49, 64, 100, blob.Length / 2, blob.Length - 4, blob.Length - 1 };
            var rng = new Random(7);
            for (int i = 0; i < 40; i++)
            {
                lengths.Add(rng.Next(blob.Length));
            }
            foreach (int length in lengths)
            {
                byte[] truncated = blob.AsSpan(0, length).ToArray();
                var e = Assert.ThrowsExactly<ModelFormatException>(() => new Model(truncated), "length " + length);
                Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message));
            }
        }

        [TestMethod]
        [DataRow("kws_ref_model")]
        [DataRow("ad01_int8")]
        [DataRow("okay_nabu_v2")]
        public void OversizedBlobsAreFormatErrors(string modelName)
        {
            byte[] blob = SharedData.Compile(modelName).Blob;
            foreach (int extra in new[] { 1, 4, 1000 })
            {
                byte[] longer = new byte[blob.Length + extra];
                blob.CopyTo(longer, 0);
                Assert.ThrowsExactly<ModelFormatException>(() => new Model(longer), "extra " + extra);
            }
        }

        [TestMethod]
        [DataRow("kws_ref_model")]
        [DataRow("ad01_int8")]
        [DataRow("okay_nabu_v2")]
        public void BitFlipsWithoutCrcFixAreChecksumErrors(string modelName)
        {
            byte[] blob = SharedData.Compile(modelName).Blob;
            var rng = new Random(11);
            for (int i = 0; i < 200; i++)
            {
                byte[] damaged = (byte[])blob.Clone();
                // After the header: the header's own fields may be range-checked before the CRC.
                int at = Model.HeaderSize + rng.Next(blob.Length - Model.HeaderSize);
                damaged[at] ^= (byte)(1 << rng.Next(8));
                var e = Assert.ThrowsExactly<ModelFormatException>(() => new Model(damaged), "flip at " + at);
                Assert.AreEqual(NativeStatus.Checksum, e.Status, "flip at " + at + ": " + e.Message);
            }
        }

        /// <summary>
        /// Every byte of the header, the tensor and layer tables and the list section, one bit flipped, CRC fixed:
        /// the check rejects it with a typed error, or accepts it and the model then runs (or
        /// stops with a typed error) without touching memory outside the blob and the arena.
        /// </summary>
        [TestMethod]
        [DataRow("kws_ref_model")]
        [DataRow("ad01_int8")]
        [DataRow("okay_nabu_v2")]
        public void BitFlipsWithCrcFixedGiveTypedErrorsOrRun(string modelName)
        {
            CompiledModel compiled = SharedData.Compile(modelName);
            byte[] blob = compiled.Blob;
            int dataOffset = BitConverter.ToInt32(blob, 56); // header data_offset (format v2)
            var rng = new Random(13);
            int rejected = 0;
            var positions = new List<int>();
            for (int at = 0; at < dataOffset; at++)
            {
                if (at < 12 || at >= 16) // the CRC field itself is recomputed
                {
                    positions.Add(at);
                }
            }
            for (int i = 0; i < 300; i++)
            {
                positions.Add(dataOffset + rng.Next(blob.Length - dataOffset));
            }
            foreach (int at in positions)
            {
                byte[] damaged = (byte[])blob.Clone();
                damaged[at] ^= (byte)(1 << rng.Next(8));
                FixCrc(damaged);
                try
                {
                    var model = new Model(damaged);
                    var interpreter = new Interpreter(model);
                    interpreter.Invoke();
                }
                catch (TinyMlException e)
                {
                    Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message));
                    rejected++;
                }
            }
            // Most header and table bytes matter: a check that rejects nothing is broken.
            Assert.IsTrue(rejected > dataOffset / 4, "only " + rejected + " of " + positions.Count + " damaged blobs were rejected");
        }

        [TestMethod]
        public void WrongInputSizeIsArgumentErrorNamingBothCounts()
        {
            var interpreter = new Interpreter(new Model(SharedData.Compile("kws_ref_model").Blob));
            var e = Assert.Throws<ArgumentException>(() => interpreter.Input.CopyFrom(new sbyte[400], 0, 400));
            StringAssert.Contains(e.Message, "input tensor " + interpreter.Input.Index + " needs 490 int8 values, got 400");
            Assert.Throws<ArgumentException>(() => interpreter.Input.CopyFromBytes(new byte[491], 0, 491));
            Assert.Throws<ArgumentException>(() => interpreter.Input.QuantizeFrom(new float[10]));
            Assert.Throws<ArgumentException>(() => interpreter.Output.CopyTo(new sbyte[11], 0));
            Assert.Throws<ArgumentException>(() => interpreter.Output.CopyTo(new sbyte[12], 1));
        }

        [TestMethod]
        public void TooSmallCallerArenaIsRejected()
        {
            var model = new Model(SharedData.Compile("kws_ref_model").Blob);
            var e = Assert.ThrowsExactly<ArenaTooSmallException>(() => new Interpreter(model, new byte[model.ArenaSize - 1]));
            StringAssert.Contains(e.Message, model.ArenaSize.ToString());
            StringAssert.Contains(e.Message, (model.ArenaSize - 1).ToString());
            Assert.AreEqual(model.ArenaSize, e.RequiredBytes);
        }

        private static void FixCrc(byte[] blob)
        {
            // CRC-32 over [16, length), as tnm_model.h defines.
            BitConverter.TryWriteBytes(blob.AsSpan(12, 4), Crc32.Compute(blob, 16, blob.Length - 16));
        }
    }
}
