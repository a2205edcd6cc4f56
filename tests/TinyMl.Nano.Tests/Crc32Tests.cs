using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Nano.Tests
{
    /// <summary>
    /// The one CRC-32 (.tnm header, calibration records, model compiler) pinned to the
    /// published IEEE 802.3 / zlib check values, so it cannot drift.
    /// </summary>
    [TestClass]
    public class Crc32Tests
    {
        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }
            return bytes;
        }

        [TestMethod]
        public void KnownVectors()
        {
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(Ascii("123456789"), 0, 9));
            Assert.AreEqual(0u, Crc32.Compute(new byte[0], 0, 0));
            Assert.AreEqual(0x414FA339u, Crc32.Compute(Ascii("The quick brown fox jumps over the lazy dog"), 0, 43));
            Assert.AreEqual(0xE8B7BE43u, Crc32.Compute(Ascii("a"), 0, 1));
        }

        [TestMethod]
        public void CoversOnlyTheGivenRange()
        {
            byte[] framed = Ascii("xx123456789yyy");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(framed, 2, 9));
            Assert.AreEqual(0u, Crc32.Compute(framed, framed.Length, 0));
        }

        [TestMethod]
        public void RejectsNullAndRangesOutsideTheArray()
        {
            bool threw = false;
            try
            {
                Crc32.Compute(null, 0, 0);
            }
            catch (ArgumentNullException)
            {
                threw = true;
            }
            Assert.IsTrue(threw, "null data");

            int[] offsets = { -1, 0, 5, 2 };
            int[] counts = { 1, -1, 1, 4 };
            for (int i = 0; i < offsets.Length; i++)
            {
                threw = false;
                try
                {
                    Crc32.Compute(new byte[5], offsets[i], counts[i]);
                }
                catch (ArgumentOutOfRangeException)
                {
                    threw = true;
                }
                Assert.IsTrue(threw, "offset " + offsets[i].ToString() + ", count " + counts[i].ToString());
            }
        }
    }
}
