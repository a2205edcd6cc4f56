using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Cli.Kws;

namespace TinyMl.Tools.Tests.WakeWord
{
    /// <summary>Host-side conversion of 44.1/48 kHz (stereo, 24-bit) WAVs to 16 kHz and the level notes.</summary>
    [TestClass]
    public class KwsAudioTests
    {
        private static byte[] Wav(int rate, int channels, int bits, Func<int, double> signal, int frames)
        {
            int frameBytes = channels * bits / 8;
            var b = new byte[44 + frames * frameBytes];
            System.Text.Encoding.ASCII.GetBytes("RIFF").CopyTo(b, 0);
            BitConverter.GetBytes(36 + frames * frameBytes).CopyTo(b, 4);
            System.Text.Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(b, 8);
            BitConverter.GetBytes(16).CopyTo(b, 16);
            BitConverter.GetBytes((short)1).CopyTo(b, 20);
            BitConverter.GetBytes((short)channels).CopyTo(b, 22);
            BitConverter.GetBytes(rate).CopyTo(b, 24);
            BitConverter.GetBytes(rate * frameBytes).CopyTo(b, 28);
            BitConverter.GetBytes((short)frameBytes).CopyTo(b, 32);
            BitConverter.GetBytes((short)bits).CopyTo(b, 34);
            System.Text.Encoding.ASCII.GetBytes("data").CopyTo(b, 36);
            BitConverter.GetBytes(frames * frameBytes).CopyTo(b, 40);
            for (int f = 0; f < frames; f++)
            {
                int v = (int)Math.Round(signal(f));
                for (int c = 0; c < channels; c++)
                {
                    int at = 44 + f * frameBytes + c * bits / 8;
                    if (bits == 16)
                    {
                        BitConverter.GetBytes((short)v).CopyTo(b, at);
                    }
                    else
                    {
                        int v24 = v * 256;
                        b[at] = (byte)v24;
                        b[at + 1] = (byte)(v24 >> 8);
                        b[at + 2] = (byte)(v24 >> 16);
                    }
                }
            }
            return b;
        }

        private static short[] Samples(byte[] wav16k)
        {
            var s = new short[(wav16k.Length - 44) / 2];
            Buffer.BlockCopy(wav16k, 44, s, 0, s.Length * 2);
            return s;
        }

        [DataTestMethod]
        [DataRow(48000, 1, 16)]
        [DataRow(44100, 2, 16)]
        [DataRow(44100, 1, 24)]
        public void ToneKeepsItsFrequencyAndLevel(int rate, int channels, int bits)
        {
            // 1 kHz at 10000 counts for one second.
            var notes = new List<string>();
            byte[] wav = KwsAudio.To16kMono(Wav(rate, channels, bits, f => 10000 * Math.Sin(2 * Math.PI * 1000.0 * f / rate), rate), notes);
            short[] s = Samples(wav);
            Assert.AreEqual(16000, s.Length);
            Assert.IsTrue(notes.Count >= 1 && notes[0].Contains(rate + " Hz") && notes[0].Contains("16000 Hz"), string.Join(" | ", notes));
            // Away from the edges the output is the same tone sampled at 16 kHz (within 1 %).
            double maxError = 0;
            for (int n = 1000; n < 15000; n++)
            {
                double expected = 10000 * Math.Sin(2 * Math.PI * 1000.0 * n / 16000);
                maxError = Math.Max(maxError, Math.Abs(s[n] - expected));
            }
            Assert.IsTrue(maxError < 100, "max error " + maxError);
        }

        [TestMethod]
        public void ContentAboveEightKilohertzIsRemoved()
        {
            // 12 kHz at 48 kHz would alias to 4 kHz at 16 kHz without the low-pass.
            var notes = new List<string>();
            short[] s = Samples(KwsAudio.To16kMono(Wav(48000, 1, 16, f => 10000 * Math.Sin(2 * Math.PI * 12000.0 * f / 48000), 48000), notes));
            int peak = 0;
            for (int n = 1000; n < 15000; n++)
            {
                peak = Math.Max(peak, Math.Abs((int)s[n]));
            }
            Assert.IsTrue(peak < 50, "alias peak " + peak);
        }

        [TestMethod]
        public void SixteenKilohertzMonoPassesUnchangedAndLevelsAreReported()
        {
            var notes = new List<string>();
            byte[] input = Wav(16000, 1, 16, f => f % 100 < 50 ? 32767 : 3000, 16000);
            byte[] output = KwsAudio.To16kMono(input, notes);
            Assert.AreSame(input, output);
            string all = string.Join(" | ", notes);
            StringAssert.Contains(all, "clipped");
            StringAssert.Contains(all, "DC offset");
            notes.Clear();
            KwsAudio.To16kMono(Wav(16000, 1, 16, f => 20 * Math.Sin(f * 0.3), 16000), notes);
            StringAssert.Contains(string.Join(" | ", notes), "quiet recording");
        }

        [TestMethod]
        public void NotWavIsAFormatError()
        {
            Assert.ThrowsExactly<FormatException>(() => KwsAudio.To16kMono(new byte[64], new List<string>()));
        }
    }
}
