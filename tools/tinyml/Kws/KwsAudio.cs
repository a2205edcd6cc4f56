using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TinyMl.Cli.Kws
{
    /// <summary>
    /// Host-side audio preparation for `tinyml kws`: the device gets 16 kHz mono int16 from I2S,
    /// so WAV files recorded at 44.1 or 48 kHz (or 8..96 kHz, stereo, 16/24/32-bit PCM or float)
    /// are converted here, with a message saying so, and the level problems a user meets are
    /// reported: DC offset, clipping, a quiet recording.
    /// </summary>
    public static class KwsAudio
    {
        public const int TargetRate = 16000;

        /// <summary>
        /// Returns a 16 kHz mono 16-bit PCM WAV of the input (the input itself when it already is
        /// one) and notes for the user (conversion, level). Throws FormatException for files that
        /// are not WAV PCM/float.
        /// </summary>
        public static byte[] To16kMono(byte[] wav, List<string> notes)
        {
            Parse(wav, out int format, out int channels, out int rate, out int bits, out int dataOffset, out int dataLength);
            bool native = format == 1 && channels == 1 && rate == TargetRate && bits == 16;
            int frameBytes = channels * bits / 8;
            int frames = dataLength / frameBytes;
            var mono = new double[frames];
            for (int f = 0; f < frames; f++)
            {
                double sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    sum += Sample(wav, dataOffset + f * frameBytes + c * bits / 8, format, bits);
                }
                mono[f] = sum / channels;
            }
            if (!native)
            {
                notes.Add("converted on the host: " + rate.ToString(CultureInfo.InvariantCulture) + " Hz, " + channels.ToString(CultureInfo.InvariantCulture) +
                          " channel(s), " + bits.ToString(CultureInfo.InvariantCulture) + "-bit " + (format == 3 ? "float" : "PCM") +
                          " -> 16000 Hz mono 16-bit (the models and the device's I2S microphone run at 16 kHz)");
            }
            double[] resampled = rate == TargetRate ? mono : Resample(mono, rate, TargetRate);
            var samples = new short[resampled.Length];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (short)Math.Max(-32768, Math.Min(32767, Math.Round(resampled[i])));
            }
            LevelNotes(samples, notes);
            return native ? wav : Write(samples);
        }

        /// <summary>DC offset, clipping and level, as sentences (nothing when all is well).</summary>
        public static void LevelNotes(short[] samples, List<string> notes)
        {
            if (samples.Length == 0)
            {
                return;
            }
            double sum = 0, sumSquares = 0;
            int peak = 0, clipped = 0;
            foreach (short s in samples)
            {
                sum += s;
                sumSquares += (double)s * s;
                peak = Math.Max(peak, Math.Abs((int)s));
                if (s >= 32767 || s <= -32767)
                {
                    clipped++;
                }
            }
            double mean = sum / samples.Length;
            double rms = Math.Sqrt(sumSquares / samples.Length);
            if (Math.Abs(mean) > 500)
            {
                notes.Add("DC offset " + mean.ToString("0", CultureInfo.InvariantCulture) + " counts: the front end's window and filter bank start at 125 Hz and ignore it, but it costs headroom");
            }
            if (clipped > 0)
            {
                notes.Add(clipped.ToString(CultureInfo.InvariantCulture) + " clipped sample(s) (at full scale): lower the microphone gain; clipping adds harmonics the model never heard");
            }
            double peakDb = 20.0 * Math.Log10(Math.Max(1, peak) / 32768.0);
            if (peakDb < -30.0)
            {
                notes.Add("quiet recording: peak " + peakDb.ToString("0", CultureInfo.InvariantCulture) + " dBFS (RMS " + rms.ToString("0", CultureInfo.InvariantCulture) +
                          " counts). The front end expects full-scale int16 speech (peaks around -6..-20 dBFS for a voice near the microphone); raise the gain (or shift the I2S samples less)");
            }
        }

        private static void Parse(byte[] b, out int format, out int channels, out int rate, out int bits, out int dataOffset, out int dataLength)
        {
            format = channels = rate = bits = 0;
            dataOffset = dataLength = -1;
            if (b.Length < 12 || Encoding.ASCII.GetString(b, 0, 4) != "RIFF" || Encoding.ASCII.GetString(b, 8, 4) != "WAVE")
            {
                throw new FormatException("not a RIFF/WAVE file");
            }
            int at = 12;
            while (at + 8 <= b.Length)
            {
                string id = Encoding.ASCII.GetString(b, at, 4);
                int size = BitConverter.ToInt32(b, at + 4);
                int body = at + 8;
                if (size < 0 || body > b.Length)
                {
                    break;
                }
                if (id == "fmt " && size >= 16 && body + 16 <= b.Length)
                {
                    format = BitConverter.ToUInt16(b, body);
                    channels = BitConverter.ToUInt16(b, body + 2);
                    rate = BitConverter.ToInt32(b, body + 4);
                    bits = BitConverter.ToUInt16(b, body + 14);
                    if (format == 0xFFFE && size >= 40)
                    {
                        format = BitConverter.ToUInt16(b, body + 24); // WAVE_FORMAT_EXTENSIBLE: the sub-format's first word
                    }
                }
                else if (id == "data")
                {
                    dataOffset = body;
                    dataLength = Math.Min(size, b.Length - body);
                    break;
                }
                at = body + size + (size & 1);
            }
            if (format == 0)
            {
                throw new FormatException("no fmt chunk");
            }
            if (dataOffset < 0)
            {
                throw new FormatException("no data chunk");
            }
            bool pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
            bool flt = format == 3 && bits == 32;
            if (!pcm && !flt)
            {
                throw new FormatException("format " + format.ToString(CultureInfo.InvariantCulture) + " with " + bits.ToString(CultureInfo.InvariantCulture) +
                                          " bits is not supported (PCM 8/16/24/32-bit or float32)");
            }
            if (channels < 1 || channels > 8)
            {
                throw new FormatException(channels.ToString(CultureInfo.InvariantCulture) + " channels (1..8 supported)");
            }
            if (rate < 8000 || rate > 192000)
            {
                throw new FormatException("sample rate " + rate.ToString(CultureInfo.InvariantCulture) + " Hz (8000..192000 supported)");
            }
        }

        // One sample scaled to int16 counts.
        private static double Sample(byte[] b, int at, int format, int bits)
        {
            if (format == 3)
            {
                return BitConverter.ToSingle(b, at) * 32768.0;
            }
            switch (bits)
            {
                case 8:
                    return (b[at] - 128) * 256.0;
                case 16:
                    return BitConverter.ToInt16(b, at);
                case 24:
                    return ((b[at] | (b[at + 1] << 8) | ((sbyte)b[at + 2] << 16))) / 256.0;
                default:
                    return BitConverter.ToInt32(b, at) / 65536.0;
            }
        }

        /// <summary>
        /// Band-limited resampling: a Blackman-windowed sinc low-pass at 0.45 of the lower rate,
        /// 32 zero crossings each side, evaluated at every output instant.
        /// </summary>
        public static double[] Resample(double[] input, int fromRate, int toRate)
        {
            long outCount = (long)input.Length * toRate / fromRate;
            var output = new double[outCount];
            double step = (double)fromRate / toRate;
            double cutoff = 0.45 * Math.Min(fromRate, toRate) / fromRate; // cycles per input sample
            const int zeroCrossings = 32;
            double halfWidth = zeroCrossings / (2.0 * cutoff);
            for (long n = 0; n < outCount; n++)
            {
                double t = n * step;
                int first = (int)Math.Ceiling(t - halfWidth);
                int last = (int)Math.Floor(t + halfWidth);
                double acc = 0;
                for (int k = Math.Max(0, first); k <= Math.Min(input.Length - 1, last); k++)
                {
                    double x = k - t;
                    double arg = 2.0 * cutoff * x;
                    double sinc = Math.Abs(arg) < 1e-12 ? 1.0 : Math.Sin(Math.PI * arg) / (Math.PI * arg);
                    double w = (x + halfWidth) / (2 * halfWidth);
                    double blackman = 0.42 - 0.5 * Math.Cos(2 * Math.PI * w) + 0.08 * Math.Cos(4 * Math.PI * w);
                    acc += input[k] * 2.0 * cutoff * sinc * blackman;
                }
                output[n] = acc;
            }
            return output;
        }

        /// <summary>A 16 kHz mono 16-bit PCM WAV of samples.</summary>
        public static byte[] Write(short[] samples)
        {
            var b = new byte[44 + samples.Length * 2];
            void Text(int at, string s) => Encoding.ASCII.GetBytes(s, 0, 4, b, at);
            void Int(int at, int v) => BitConverter.GetBytes(v).CopyTo(b, at);
            void Short(int at, int v) => BitConverter.GetBytes((short)v).CopyTo(b, at);
            Text(0, "RIFF");
            Int(4, 36 + samples.Length * 2);
            Text(8, "WAVE");
            Text(12, "fmt ");
            Int(16, 16);
            Short(20, 1);
            Short(22, 1);
            Int(24, TargetRate);
            Int(28, TargetRate * 2);
            Short(32, 2);
            Short(34, 16);
            Text(36, "data");
            Int(40, samples.Length * 2);
            Buffer.BlockCopy(samples, 0, b, 44, samples.Length * 2);
            return b;
        }
    }
}
