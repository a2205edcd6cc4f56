using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>What a <see cref="SlidingAudioWindow"/> hands each full window to.</summary>
    internal interface IAudioWindowSink
    {
        /// <summary>One full window (<see cref="AudioFrame.WindowSamples"/> samples, read only). True on a detection.</summary>
        bool ProcessWindow(short[] window);
    }

    /// <summary>
    /// The audio side of the streaming recognizers (<see cref="KeywordRecognizer"/>,
    /// <see cref="WakeWordRecognizer"/>): cuts the samples fed into 30 ms windows, one every
    /// stride samples (each window keeps its overlap with the previous one), and keeps the
    /// stream clock. Allocates only in the constructor.
    /// </summary>
    internal sealed class SlidingAudioWindow
    {
        private readonly short[] _window;
        private readonly int _stride;
        private int _fill;
        private long _samplesConsumed;
        private int _skipSamples;

        /// <summary>Windows start stride samples apart (1..<see cref="AudioFrame.WindowSamples"/>).</summary>
        internal SlidingAudioWindow(int stride)
        {
            _stride = stride;
            _window = new short[AudioFrame.WindowSamples];
        }

        /// <summary>Samples of the stream so far, lost ones included (the stream clock).</summary>
        internal long SamplesConsumed { get { return _samplesConsumed; } }

        /// <summary>The stream clock in milliseconds.</summary>
        internal long TimeMs { get { return _samplesConsumed / AudioFrame.SamplesPerMs; } }

        /// <summary>A new stream: no window in progress, the clock at 0.</summary>
        internal void Reset()
        {
            _fill = 0;
            _samplesConsumed = 0;
            _skipSamples = 0;
        }

        /// <summary>
        /// samplesLost samples are missing: the window in progress is dropped and the clock
        /// advances by them. With realign, the next window starts on the stride grid of that
        /// clock (up to one stride of audio after the gap is skipped).
        /// </summary>
        internal void Gap(int samplesLost, bool realign)
        {
            _samplesConsumed += samplesLost;
            _fill = 0;
            if (realign)
            {
                long off = _samplesConsumed % _stride;
                _skipSamples = off == 0 ? 0 : (int)(_stride - off);
            }
        }

        /// <summary>
        /// Feeds samples[offset .. offset + count) and hands every window it completes to sink.
        /// Returns how many of those calls returned true.
        /// </summary>
        internal int Process(short[] samples, int offset, int count, IAudioWindowSink sink)
        {
            AudioSourceArguments.CheckRead(samples, offset, count);
            int detections = 0;
            if (_skipSamples > 0)
            {
                // Realigning on the stride grid after a gap.
                int skip = _skipSamples < count ? _skipSamples : count;
                _skipSamples -= skip;
                _samplesConsumed += skip;
                offset += skip;
                count -= skip;
            }
            while (count > 0)
            {
                int n = AudioFrame.WindowSamples - _fill;
                if (n > count)
                {
                    n = count;
                }
                Array.Copy(samples, offset, _window, _fill, n);
                _fill += n;
                offset += n;
                count -= n;
                _samplesConsumed += n;
                if (_fill == AudioFrame.WindowSamples)
                {
                    if (sink.ProcessWindow(_window))
                    {
                        detections++;
                    }
                    // The next window starts one stride later: keep its overlap with this one.
                    Array.Copy(_window, _stride, _window, 0, AudioFrame.WindowSamples - _stride);
                    _fill = AudioFrame.WindowSamples - _stride;
                }
            }
            return detections;
        }
    }
}
