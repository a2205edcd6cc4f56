using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// Streams raw accelerometer samples as CSV text lines for `tinyml capture`: a header line
    /// <c># TinyMl.Nano IMU capture, sample_rate_hz=1000, columns=ax,ay,az, unit=g</c> before the
    /// first sample and again every second of samples (so a host that opens the port in the middle
    /// of the stream finds its footing within a second), then one line per sample, "x,y,z" in g
    /// with 5 decimals (0.00001 g, finer than the ±4 g range's 0.00012 g step).
    /// </summary>
    public sealed class ImuCsvStream
    {
        /// <summary>How every header line starts.</summary>
        public const string HeaderPrefix = "# TinyMl.Nano IMU capture";

        /// <summary>The key of the sample rate in the header.</summary>
        public const string RateKey = "sample_rate_hz=";

        private readonly ILineSink _sink;
        private readonly int _sampleRateHz;
        private long _samples;

        /// <summary>Streams to <paramref name="sink"/> samples taken at <paramref name="sampleRateHz"/> (1 to 100000).</summary>
        public ImuCsvStream(ILineSink sink, int sampleRateHz)
        {
            if (sink == null)
            {
                throw new ArgumentNullException("sink");
            }
            if (sampleRateHz < 1 || sampleRateHz > 100000)
            {
                throw new ArgumentOutOfRangeException("sampleRateHz", "the sample rate is " + sampleRateHz.ToString() + " Hz; it must be 1 to 100000");
            }
            _sink = sink;
            _sampleRateHz = sampleRateHz;
        }

        /// <summary>Samples written so far.</summary>
        public long SamplesWritten { get { return _samples; } }

        /// <summary>The header line for a sample rate.</summary>
        public static string Header(int sampleRateHz)
        {
            return HeaderPrefix + ", " + RateKey + sampleRateHz.ToString() + ", columns=ax,ay,az, unit=g";
        }

        /// <summary>One sample line.</summary>
        public static string FormatSample(float x, float y, float z)
        {
            return x.ToString("F5") + "," + y.ToString("F5") + "," + z.ToString("F5");
        }

        /// <summary>Writes samples[offset .. + 3 × count) (x, y, z interleaved, g), with header lines as due.</summary>
        public void Write(float[] samples, int offset, int count)
        {
            if (samples == null)
            {
                throw new ArgumentNullException("samples");
            }
            if (offset < 0 || count < 0 || offset > samples.Length || (samples.Length - offset) / 3 < count)
            {
                throw new ArgumentException("samples has " + samples.Length.ToString() + " values; offset " + offset.ToString() + " + " + count.ToString() + " samples x 3 goes past it");
            }
            for (int i = 0; i < count; i++)
            {
                if (_samples % _sampleRateHz == 0)
                {
                    _sink.WriteLine(Header(_sampleRateHz));
                }
                int o = offset + 3 * i;
                _sink.WriteLine(FormatSample(samples[o], samples[o + 1], samples[o + 2]));
                _samples++;
            }
        }
    }
}
