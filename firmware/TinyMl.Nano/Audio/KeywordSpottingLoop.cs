using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// The keyword-spotting main loop, without hardware: read a chunk from an audio source,
    /// feed the recognizer, light an indicator for a while after each detection. The device
    /// app (firmware/apps/KeywordSpotting) runs it on the I2S microphone and a GPIO LED; tests
    /// and `tinyml` run it on WAV files. The LED is timed by the audio itself (stream time),
    /// so the loop needs no timer or thread and allocates nothing per chunk.
    /// </summary>
    public sealed class KeywordSpottingLoop
    {
        private readonly IAudioSource _source;
        private readonly IAudioOverrunSource _overrunSource;
        private readonly IKeywordRecognizer _recognizer;
        private readonly IDigitalOutput _indicator;
        private readonly int _indicatorMs;
        private readonly short[] _chunk;
        private bool _indicatorOn;
        private long _indicatorOffMs;
        private int _detections;

        /// <summary>
        /// Creates the loop. indicator may be null (no LED). chunkSamples is how much one
        /// <see cref="Step"/> reads: one front-end stride (320 samples for micro_speech, 160 for
        /// microWakeWord) keeps the latency and the time between reads low; see the app README
        /// for the I2S buffer budget. The recognizer is a <see cref="KeywordRecognizer"/> or a
        /// <see cref="WakeWordRecognizer"/>.
        /// </summary>
        public KeywordSpottingLoop(IAudioSource source, IKeywordRecognizer recognizer, IDigitalOutput indicator, int indicatorMs, int chunkSamples)
        {
            if (source == null)
            {
                throw new ArgumentNullException("source");
            }
            if (recognizer == null)
            {
                throw new ArgumentNullException("recognizer");
            }
            if (source.SampleRate != AudioFrame.SampleRate)
            {
                throw new ArgumentException("the audio source runs at " + source.SampleRate.ToString() + " Hz; keyword spotting needs " + AudioFrame.SampleRate.ToString() + " Hz");
            }
            if (indicatorMs < 0)
            {
                throw new ArgumentOutOfRangeException("indicatorMs", "indicator time must be 0 or more, got " + indicatorMs.ToString());
            }
            if (chunkSamples < 1)
            {
                throw new ArgumentOutOfRangeException("chunkSamples", "a chunk needs at least one sample, got " + chunkSamples.ToString());
            }
            _source = source;
            _overrunSource = source as IAudioOverrunSource;
            _recognizer = recognizer;
            _indicator = indicator;
            _indicatorMs = indicatorMs;
            _chunk = new short[chunkSamples];
            _recognizer.KeywordDetected += OnKeywordDetected;
            if (_indicator != null)
            {
                _indicator.Write(false);
            }
        }

        /// <summary>The recognizer this loop feeds.</summary>
        public IKeywordRecognizer Recognizer { get { return _recognizer; } }

        /// <summary>Keywords detected so far.</summary>
        public int Detections { get { return _detections; } }

        /// <summary>Whether the indicator is on.</summary>
        public bool IndicatorOn { get { return _indicatorOn; } }

        /// <summary>
        /// Reads one chunk and processes it. Returns false when a finite source has ended (a
        /// live source blocks in its Read instead and never ends). When the source is an
        /// <see cref="IAudioOverrunSource"/> that lost samples before this chunk, the loss goes
        /// to <see cref="KeywordRecognizer.ReportOverrun"/> first (its AudioOverrun event).
        /// </summary>
        public bool Step()
        {
            int n = _source.Read(_chunk, 0, _chunk.Length);
            if (_overrunSource != null)
            {
                int lost = _overrunSource.TakeLostSamples();
                if (lost > 0)
                {
                    _recognizer.ReportOverrun(lost);
                }
            }
            if (n <= 0)
            {
                SetIndicator(false);
                return false;
            }
            _recognizer.Process(_chunk, 0, n);
            if (_indicatorOn && _recognizer.StreamTimeMs >= _indicatorOffMs)
            {
                SetIndicator(false);
            }
            return true;
        }

        /// <summary>Steps until the source ends (never, for a microphone). Returns the detections.</summary>
        public int Run()
        {
            while (Step())
            {
            }
            return _detections;
        }

        private void OnKeywordDetected(object sender, KeywordDetection detection)
        {
            _detections++;
            _indicatorOffMs = detection.TimeMs + _indicatorMs;
            SetIndicator(true);
        }

        private void SetIndicator(bool on)
        {
            if (on == _indicatorOn)
            {
                return;
            }
            _indicatorOn = on;
            if (_indicator != null)
            {
                _indicator.Write(on);
            }
        }
    }
}
