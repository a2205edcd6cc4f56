using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Audio;

namespace TinyMl.Nano.Tests.Audio
{
    [TestClass]
    public class AudioSourceTests
    {
        [TestMethod]
        public void WavSourceReadsLittleEndianSamplesInChunks()
        {
            short[] samples = new short[] { 0, 1, -1, 32767, -32768, 258, -300 };
            WavAudioSource source = new WavAudioSource(TestWav.Pcm(samples));
            Assert.AreEqual(7, source.SampleCount);
            Assert.AreEqual(16000, source.SampleRate);

            short[] buffer = new short[10];
            Assert.AreEqual(3, source.Read(buffer, 2, 3));
            Assert.AreEqual(4, source.Read(buffer, 5, 5));
            Assert.AreEqual(0, source.Read(buffer, 0, 10));
            for (int i = 0; i < samples.Length; i++)
            {
                Assert.AreEqual((int)samples[i], (int)buffer[2 + i], "sample " + i.ToString());
                Assert.AreEqual((int)samples[i], (int)source.GetSample(i));
            }

            source.Rewind();
            Assert.AreEqual(7, source.Read(buffer, 0, 10));
            Assert.AreEqual(-300, (int)buffer[6]);
        }

        [TestMethod]
        public void WavSourceSkipsOtherChunksIncludingOddPadding()
        {
            // RIFF/WAVE, fmt, a 3-byte LIST chunk (padded to 4), then data of 2 samples.
            byte[] wav = new byte[12 + 24 + 12 + 8 + 4];
            TestWav.Tag(wav, 0, "RIFF");
            TestWav.U32(wav, 4, wav.Length - 8);
            TestWav.Tag(wav, 8, "WAVE");
            TestWav.Tag(wav, 12, "fmt ");
            TestWav.U32(wav, 16, 16);
            TestWav.U16(wav, 20, 1);
            TestWav.U16(wav, 22, 1);
            TestWav.U32(wav, 24, 16000);
            TestWav.U32(wav, 28, 32000);
            TestWav.U16(wav, 32, 2);
            TestWav.U16(wav, 34, 16);
            TestWav.Tag(wav, 36, "LIST");
            TestWav.U32(wav, 40, 3);
            TestWav.Tag(wav, 48, "data");
            TestWav.U32(wav, 52, 4);
            TestWav.U16(wav, 56, 1234);
            TestWav.U16(wav, 58, 0xFFFF);

            WavAudioSource source = new WavAudioSource(wav);
            Assert.AreEqual(2, source.SampleCount);
            Assert.AreEqual(1234, (int)source.GetSample(0));
            Assert.AreEqual(-1, (int)source.GetSample(1));
        }

        [TestMethod]
        public void WavSourceRejectsOtherFormatsWithTheReason()
        {
            short[] samples = new short[32];
            AssertFormatError(TestWav.Pcm(samples, 44100, 1, 16), "44100 Hz");
            AssertFormatError(TestWav.Pcm(samples, 16000, 2, 16), "stereo");
            AssertFormatError(TestWav.Pcm(samples, 16000, 1, 8), "8-bit");

            byte[] floatWav = TestWav.Pcm(samples);
            TestWav.U16(floatWav, 20, 3);
            AssertFormatError(floatWav, "IEEE float");

            byte[] truncated = TestWav.Pcm(samples);
            TestWav.U32(truncated, 40, 1000);
            AssertFormatError(truncated, "truncated");

            AssertFormatError(new byte[] { 1, 2, 3 }, "not a WAV");
            byte[] notRiff = TestWav.Pcm(samples);
            TestWav.Tag(notRiff, 8, "AVI ");
            AssertFormatError(notRiff, "not a WAV");

            byte[] noData = TestWav.Pcm(new short[0]);
            TestWav.Tag(noData, 36, "junk");
            AssertFormatError(noData, "no data chunk");
        }

        [TestMethod]
        public void ConcatenatedSourcePlaysPartsInOrder()
        {
            ArrayAudioSource a = new ArrayAudioSource(new short[] { 1, 2, 3 });
            WavAudioSource b = new WavAudioSource(TestWav.Pcm(new short[] { 4, 5 }));
            ArrayAudioSource c = new ArrayAudioSource(new short[] { 6 });
            ConcatenatedAudioSource all = new ConcatenatedAudioSource(new IAudioSource[] { a, new ArrayAudioSource(new short[0]), b, c });

            short[] buffer = new short[8];
            int total = 0;
            int reads = 0;
            while (true)
            {
                int n = all.Read(buffer, total, 2);
                if (n == 0)
                {
                    break;
                }
                Assert.IsTrue(n <= 2);
                total += n;
                reads++;
            }
            Assert.AreEqual(6, total);
            Assert.AreEqual(4, reads); // [1,2] [3] [4,5] [6]: one call never spans two parts
            for (int i = 0; i < 6; i++)
            {
                Assert.AreEqual(i + 1, (int)buffer[i]);
            }
            Assert.AreEqual(0, all.Read(buffer, 0, 8));
        }

        [TestMethod]
        public void SourcesCheckTheirArguments()
        {
            ArrayAudioSource a = new ArrayAudioSource(new short[4]);
            bool threw = false;
            try
            {
                a.Read(new short[4], 2, 3);
            }
            catch (ArgumentOutOfRangeException)
            {
                threw = true;
            }
            Assert.IsTrue(threw, "count past the end of the buffer");

            threw = false;
            try
            {
                new ConcatenatedAudioSource(new IAudioSource[] { a, new ArrayAudioSource(new short[4], 0, 4, 8000) });
            }
            catch (ArgumentException e)
            {
                threw = e.Message.IndexOf("8000 Hz") >= 0;
            }
            Assert.IsTrue(threw, "mixed sample rates");
        }

        private static void AssertFormatError(byte[] wav, string expected)
        {
            string message = null;
            try
            {
                new WavAudioSource(wav);
            }
            catch (AudioFormatException e)
            {
                message = e.Message;
            }
            Assert.IsNotNull(message, "expected an AudioFormatException mentioning " + expected);
            Assert.IsTrue(message.IndexOf(expected) >= 0, message);
        }
    }
}
