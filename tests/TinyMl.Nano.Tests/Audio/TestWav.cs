namespace TinyMl.Nano.Tests.Audio
{
    /// <summary>Builds WAV files in memory for the audio tests (no file IO, device-compatible).</summary>
    internal static class TestWav
    {
        /// <summary>A canonical 44-byte-header PCM WAV holding samples.</summary>
        public static byte[] Pcm(short[] samples, int sampleRate, int channels, int bits)
        {
            int dataBytes = samples.Length * 2;
            byte[] wav = new byte[44 + dataBytes];
            WriteHeader(wav, 1, sampleRate, channels, bits, dataBytes);
            for (int i = 0; i < samples.Length; i++)
            {
                wav[44 + 2 * i] = (byte)(samples[i] & 0xFF);
                wav[45 + 2 * i] = (byte)((samples[i] >> 8) & 0xFF);
            }
            return wav;
        }

        /// <summary>16 kHz mono 16-bit PCM.</summary>
        public static byte[] Pcm(short[] samples)
        {
            return Pcm(samples, 16000, 1, 16);
        }

        public static void WriteHeader(byte[] wav, int format, int sampleRate, int channels, int bits, int dataBytes)
        {
            Tag(wav, 0, "RIFF");
            U32(wav, 4, wav.Length - 8);
            Tag(wav, 8, "WAVE");
            Tag(wav, 12, "fmt ");
            U32(wav, 16, 16);
            U16(wav, 20, format);
            U16(wav, 22, channels);
            U32(wav, 24, sampleRate);
            U32(wav, 28, sampleRate * channels * bits / 8);
            U16(wav, 32, channels * bits / 8);
            U16(wav, 34, bits);
            Tag(wav, 36, "data");
            U32(wav, 40, dataBytes);
        }

        public static void Tag(byte[] b, int at, string tag)
        {
            for (int i = 0; i < 4; i++)
            {
                b[at + i] = (byte)tag[i];
            }
        }

        public static void U16(byte[] b, int at, int v)
        {
            b[at] = (byte)(v & 0xFF);
            b[at + 1] = (byte)((v >> 8) & 0xFF);
        }

        public static void U32(byte[] b, int at, int v)
        {
            b[at] = (byte)(v & 0xFF);
            b[at + 1] = (byte)((v >> 8) & 0xFF);
            b[at + 2] = (byte)((v >> 16) & 0xFF);
            b[at + 3] = (byte)((v >> 24) & 0xFF);
        }

        /// <summary>Samples whose value is their index (n must be below 32768).</summary>
        public static short[] Ramp(int n)
        {
            short[] samples = new short[n];
            for (int i = 0; i < n; i++)
            {
                samples[i] = (short)i;
            }
            return samples;
        }
    }
}
