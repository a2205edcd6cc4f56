using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Sensors
{
    /// <summary>
    /// The device app's capture mode: raw accelerometer samples from the <see cref="ImuSampler"/>
    /// streamed as CSV text (<see cref="ImuCsvStream"/>: a header line with the sample rate,
    /// then "x,y,z" in g) to a line sink, the USB serial port on the board, for
    /// `tinyml capture --port ... -o normal.csv` on the PC. Reads blocks of
    /// <see cref="BlockSamples"/> samples; a sensor fault drops that block (the sampler reports
    /// it by its event) and the stream goes on. Allocates nothing per block in managed code
    /// but the text lines themselves (strings, unavoidable for a text protocol).
    /// </summary>
    public sealed class ImuCapture
    {
        private readonly ImuSampler _sampler;
        private readonly ImuCsvStream _stream;
        private readonly float[] _block;
        private readonly int _blockSamples;
        private long _dropped;

        /// <summary>Streams the sampler's samples, taken at sampleRateHz, to sink in blocks of blockSamples (1 to 4096).</summary>
        public ImuCapture(ImuSampler sampler, ILineSink sink, int sampleRateHz, int blockSamples)
        {
            if (sampler == null)
            {
                throw new ArgumentNullException("sampler");
            }
            if (blockSamples < 1 || blockSamples > 4096)
            {
                throw new ArgumentOutOfRangeException("blockSamples", "the block is " + blockSamples.ToString() + " samples; it must be 1 to 4096");
            }
            _sampler = sampler;
            _stream = new ImuCsvStream(sink, sampleRateHz);
            _blockSamples = blockSamples;
            _block = new float[3 * blockSamples];
        }

        /// <summary>Samples per block.</summary>
        public int BlockSamples { get { return _blockSamples; } }

        /// <summary>Samples streamed so far.</summary>
        public long SamplesWritten { get { return _stream.SamplesWritten; } }

        /// <summary>Blocks dropped because the sensor faulted.</summary>
        public long BlocksDropped { get { return _dropped; } }

        /// <summary>Reads one block (blocks about its duration) and streams it; false when the sensor faulted and the block was dropped.</summary>
        public bool Step()
        {
            if (!_sampler.ReadWindow(_block, 0, _blockSamples))
            {
                _dropped++;
                return false;
            }
            _stream.Write(_block, 0, _blockSamples);
            return true;
        }

        /// <summary>Streams forever.</summary>
        public void Run()
        {
            while (true)
            {
                Step();
            }
        }
    }
}
