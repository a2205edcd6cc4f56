using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// The decision of a microWakeWord model, without audio or model, as ESPHome's
    /// micro_wake_word makes it: each inference's probability (the model's uint8 output,
    /// 0..255) goes into a ring of the last <see cref="WakeWordSettings.SlidingWindowSize"/>
    /// (zeros after a reset); the wake word is detected when their average, sum / (255 * size),
    /// is above <see cref="WakeWordSettings.ProbabilityCutoff"/>, outside the warm-up after a
    /// reset and the refractory time after a detection. A detection clears the ring.
    /// Everything is allocated by the constructor; <see cref="Update"/> allocates nothing.
    /// </summary>
    public sealed class WakeWordDetector
    {
        private readonly WakeWordSettings _settings;
        private readonly byte[] _recent;
        private int _next;
        private int _sum;
        private long _quietUntilMs;
        private byte _last;
        private float _average;

        /// <summary>Creates a detector (settings are copied; null for the defaults).</summary>
        public WakeWordDetector(WakeWordSettings settings)
        {
            _settings = settings == null ? new WakeWordSettings() : settings.Clone();
            _recent = new byte[_settings.SlidingWindowSize];
            Reset();
        }

        /// <summary>The settings in use (a copy).</summary>
        public WakeWordSettings Settings { get { return _settings.Clone(); } }

        /// <summary>The latest probability, 0..1.</summary>
        public float Probability { get { return _last / 255.0f; } }

        /// <summary>The sliding-window average after the latest update, 0..1.</summary>
        public float Average { get { return _average; } }

        /// <summary>Forgets every probability; the warm-up starts again at stream time 0.</summary>
        public void Reset()
        {
            Array.Clear(_recent, 0, _recent.Length);
            _next = 0;
            _sum = 0;
            _last = 0;
            _average = 0.0f;
            _quietUntilMs = _settings.WarmUpMs;
        }

        /// <summary>
        /// Adds the probability of one inference made at stream time timeMs (0..255, the model's
        /// uint8 output) and returns true when the wake word is detected.
        /// </summary>
        public bool Update(byte probability, long timeMs)
        {
            _sum += probability - _recent[_next];
            _recent[_next] = probability;
            _next++;
            if (_next == _recent.Length)
            {
                _next = 0;
            }
            _last = probability;
            _average = _sum / (255.0f * _recent.Length);
            if (timeMs < _quietUntilMs)
            {
                return false;
            }
            if (!(_average > _settings.ProbabilityCutoff))
            {
                return false;
            }
            _quietUntilMs = timeMs + _settings.RefractoryMs;
            Array.Clear(_recent, 0, _recent.Length);
            _sum = 0;
            return true;
        }
    }
}
