using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Replays the samples of a WAV file held in a byte[] (read from a file on the host, or a
    /// resource on the device). The samples are read from that array in place, not copied.
    /// Only what the front ends take is accepted: PCM (or WAVE_FORMAT_EXTENSIBLE PCM), one
    /// channel, 16000 Hz, 16 bits; anything else is an <see cref="AudioFormatException"/>
    /// that says what the file holds. Finite: returns 0 at the end.
    /// </summary>
    public sealed class WavAudioSource : IAudioSource
    {
        private const int FormatPcm = 1;
        private const int FormatExtensible = 0xFFFE;

        private readonly byte[] _wav;
        private readonly int _dataOffset;
        private readonly int _sampleCount;
        private int _position;

        /// <summary>Parses the WAV header and chunks.</summary>
        /// <exception cref="ArgumentNullException">wav is null.</exception>
        /// <exception cref="AudioFormatException">Not a WAV file, truncated, or not 16 kHz mono 16-bit PCM.</exception>
        public WavAudioSource(byte[] wav)
        {
            if (wav == null)
            {
                throw new ArgumentNullException("wav");
            }
            if (wav.Length < 12 || !HasTag(wav, 0, "RIFF") || !HasTag(wav, 8, "WAVE"))
            {
                throw new AudioFormatException("not a WAV file: it does not start with RIFF....WAVE (" + wav.Length.ToString() + " bytes)");
            }

            int format = -1;
            int channels = 0;
            int sampleRate = 0;
            int bits = 0;
            int dataOffset = -1;
            int dataBytes = 0;
            int at = 12;
            while (at <= wav.Length - 8)
            {
                uint declared = ReadU32(wav, at + 4);
                int body = at + 8;
                int available = wav.Length - body;
                if (declared > (uint)available)
                {
                    if (HasTag(wav, at, "data"))
                    {
                        throw new AudioFormatException("truncated WAV: the data chunk declares " + declared.ToString() + " bytes, the file has " + available.ToString() + " after its header");
                    }
                    throw new AudioFormatException("truncated WAV: chunk at byte " + at.ToString() + " declares " + declared.ToString() + " bytes, the file has " + available.ToString());
                }
                int size = (int)declared;
                if (HasTag(wav, at, "fmt "))
                {
                    if (size < 16)
                    {
                        throw new AudioFormatException("malformed WAV: the fmt chunk has " + size.ToString() + " bytes, at least 16 are needed");
                    }
                    format = ReadU16(wav, body);
                    channels = ReadU16(wav, body + 2);
                    sampleRate = (int)ReadU32(wav, body + 4);
                    bits = ReadU16(wav, body + 14);
                    if (format == FormatExtensible)
                    {
                        // WAVEFORMATEXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
                        if (size < 40)
                        {
                            throw new AudioFormatException("malformed WAV: the extensible fmt chunk has " + size.ToString() + " bytes, 40 are needed");
                        }
                        format = ReadU16(wav, body + 24);
                    }
                }
                else if (HasTag(wav, at, "data") && dataOffset < 0)
                {
                    dataOffset = body;
                    dataBytes = size;
                }
                // Chunks are padded to an even length.
                at = body + size + (size & 1);
            }

            if (format < 0)
            {
                throw new AudioFormatException("malformed WAV: no fmt chunk");
            }
            if (format != FormatPcm || channels != 1 || sampleRate != AudioFrame.SampleRate || bits != 16)
            {
                throw new AudioFormatException("the WAV is " + Describe(format, channels, sampleRate, bits) +
                                               "; the keyword front ends need 16000 Hz mono 16-bit PCM (convert it, e.g. sox in.wav -r 16000 -c 1 -b 16 -e signed-integer out.wav)");
            }
            if (dataOffset < 0)
            {
                throw new AudioFormatException("malformed WAV: no data chunk");
            }

            _wav = wav;
            _dataOffset = dataOffset;
            _sampleCount = dataBytes / 2;
        }

        /// <inheritdoc/>
        public int SampleRate { get { return AudioFrame.SampleRate; } }

        /// <summary>Samples in the file.</summary>
        public int SampleCount { get { return _sampleCount; } }

        /// <summary>Length of the audio in milliseconds (rounded down).</summary>
        public int DurationMs { get { return _sampleCount / AudioFrame.SamplesPerMs; } }

        /// <summary>Samples already read.</summary>
        public int Position { get { return _position; } }

        /// <summary>Starts again from the first sample.</summary>
        public void Rewind()
        {
            _position = 0;
        }

        /// <summary>Sample i of the file (independent of the read position).</summary>
        public short GetSample(int i)
        {
            if (i < 0 || i >= _sampleCount)
            {
                throw new ArgumentOutOfRangeException("i", "the WAV has samples 0.." + (_sampleCount - 1).ToString() + ", got " + i.ToString());
            }
            int at = _dataOffset + 2 * i;
            return (short)(_wav[at] | (_wav[at + 1] << 8));
        }

        /// <summary>A copy of every sample (allocates; meant for tools and tests).</summary>
        public short[] ToArray()
        {
            short[] samples = new short[_sampleCount];
            for (int i = 0; i < samples.Length; i++)
            {
                int at = _dataOffset + 2 * i;
                samples[i] = (short)(_wav[at] | (_wav[at + 1] << 8));
            }
            return samples;
        }

        /// <inheritdoc/>
        public int Read(short[] buffer, int offset, int count)
        {
            AudioSourceArguments.CheckRead(buffer, offset, count);
            int n = _sampleCount - _position;
            if (n > count)
            {
                n = count;
            }
            byte[] wav = _wav;
            int at = _dataOffset + 2 * _position;
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = (short)(wav[at] | (wav[at + 1] << 8));
                at += 2;
            }
            _position += n;
            return n;
        }

        private static string Describe(int format, int channels, int sampleRate, int bits)
        {
            string kind = format == FormatPcm ? "PCM" : (format == 3 ? "IEEE float" : "format " + format.ToString());
            string layout = channels == 1 ? "mono" : (channels == 2 ? "stereo" : channels.ToString() + " channels");
            return sampleRate.ToString() + " Hz " + layout + " " + bits.ToString() + "-bit " + kind;
        }

        private static bool HasTag(byte[] b, int at, string tag)
        {
            for (int i = 0; i < 4; i++)
            {
                if (b[at + i] != (byte)tag[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static int ReadU16(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }

        private static uint ReadU32(byte[] b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) | ((uint)b[at + 3] << 24);
        }
    }
}
