using TinyMl.Nano.Audio;

namespace TinyMl.Soak
{
    /// <summary>
    /// A deterministic stream built from the ../shared WAVs: 2 s slots, each a background of
    /// the silence clip (cycled) with, from 0.5 s to 1.5 s, either "yes", "no" (at a gain of
    /// 1, 0.7 or 0.5), the noise clip, or nothing. The slot's content is a hash of the seed
    /// and the slot number, so any run replays the same audio. Reading allocates nothing.
    /// </summary>
    public sealed class SoakAudioSource : IAudioSource
    {
        public const int SlotSamples = 2 * AudioFrame.SampleRate;
        private const int ClipStart = AudioFrame.SampleRate / 2;
        public const int KindSilence = 0, KindYes = 1, KindNo = 2, KindNoise = 3;
        private static readonly string[] KindNames = { "silence", "yes", "no", "noise" };

        private readonly short[] _silence, _yes, _no, _noise;
        private readonly long _total;
        private readonly int _seed;
        private long _position;
        private long _slot = -1;
        private short[]? _clip;
        private int _gainQ8;

        public SoakAudioSource(SoakClips clips, long totalSamples, int seed)
        {
            _silence = clips.Silence; _yes = clips.Yes; _no = clips.No; _noise = clips.Noise;
            _total = totalSamples;
            _seed = seed;
        }

        public int SampleRate => AudioFrame.SampleRate;
        public long Position => _position;

        /// <summary>What slot s holds (KindSilence .. KindNoise).</summary>
        public int KindOf(long slot) => (int)(Hash(slot) % 4);
        public static string KindName(int kind) => KindNames[kind];

        private ulong Hash(long slot)
        {
            ulong x = (ulong)slot * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)_seed * 0xBF58476D1CE4E5B9UL;
            x ^= x >> 31; x *= 0x94D049BB133111EBUL; x ^= x >> 29;
            return x;
        }

        public int Read(short[] buffer, int offset, int count)
        {
            long left = _total - _position;
            int n = left < count ? (int)left : count;
            for (int i = 0; i < n; i++)
            {
                long p = _position + i;
                long slot = p / SlotSamples;
                if (slot != _slot)
                {
                    _slot = slot;
                    ulong h = Hash(slot);
                    int kind = (int)(h % 4);
                    _clip = kind == KindYes ? _yes : kind == KindNo ? _no : kind == KindNoise ? _noise : null;
                    _gainQ8 = kind == KindNoise ? 256 : (int)((h >> 8) % 3) switch { 0 => 256, 1 => 179, _ => 128 };
                }
                int within = (int)(p - slot * SlotSamples) - ClipStart;
                int v;
                if (_clip != null && within >= 0 && within < _clip.Length)
                {
                    v = (_clip[within] * _gainQ8) >> 8;
                }
                else
                {
                    v = _silence[(int)(p % _silence.Length)];
                }
                buffer[offset + i] = (short)v;
            }
            _position += n;
            return n;
        }
    }

    /// <summary>The WAV clips the soak stream is made of.</summary>
    public sealed class SoakClips
    {
        public short[] Silence = null!, Yes = null!, No = null!, Noise = null!;

        public static SoakClips Load(string sharedDir)
        {
            return new SoakClips
            {
                Silence = Wav(sharedDir, "silence_1000ms"),
                Yes = Wav(sharedDir, "yes_1000ms"),
                No = Wav(sharedDir, "no_1000ms"),
                Noise = Wav(sharedDir, "noise_1000ms"),
            };
        }

        private static short[] Wav(string sharedDir, string name)
        {
            var source = new WavAudioSource(File.ReadAllBytes(Path.Combine(sharedDir, "audio", name + ".wav")));
            var all = new List<short>();
            var buffer = new short[4096];
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                all.AddRange(buffer.AsSpan(0, n).ToArray());
            }
            return all.ToArray();
        }
    }

    /// <summary>
    /// Wraps a source and loses samples at scheduled stream positions, as a microphone whose
    /// reader fell behind: at the first read at or after a scheduled position, that many
    /// samples are read from the inner source and thrown away, and reported by
    /// <see cref="TakeLostSamples"/>.
    /// </summary>
    public sealed class OverrunInjectingSource : IAudioOverrunSource
    {
        private readonly IAudioSource _inner;
        private readonly long[] _at;
        private readonly int[] _lost;
        private readonly short[] _scratch = new short[4096];
        private int _next;
        private int _pending;
        private long _position;

        public OverrunInjectingSource(IAudioSource inner, long[] at, int[] lost)
        {
            _inner = inner; _at = at; _lost = lost;
            ActualAt = new long[at.Length];
        }

        public int SampleRate => _inner.SampleRate;
        public int Injected => _next;

        /// <summary>Stream position (samples) where overrun i actually happened.</summary>
        public long[] ActualAt { get; private set; } = Array.Empty<long>();

        public int Read(short[] buffer, int offset, int count)
        {
            if (_next < _at.Length && _position >= _at[_next])
            {
                int drop = _lost[_next];
                ActualAt[_next] = _position;
                _next++;
                while (drop > 0)
                {
                    int n = _inner.Read(_scratch, 0, Math.Min(drop, _scratch.Length));
                    if (n <= 0)
                    {
                        break;
                    }
                    drop -= n;
                    _pending += n;
                    _position += n;
                }
            }
            int got = _inner.Read(buffer, offset, count);
            _position += Math.Max(got, 0);
            return got;
        }

        public int TakeLostSamples()
        {
            int n = _pending;
            _pending = 0;
            return n;
        }
    }
}
