using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// The decision half of keyword spotting, without audio or model: it takes the scores
    /// (probabilities) of each inference with its time and decides when a keyword is heard.
    /// <list type="number">
    /// <item>The scores of the inferences in the last AverageWindowMs (the current one
    /// included) are averaged per label; the ring keeps at most <see cref="Capacity"/> of them.</item>
    /// <item>A label whose average is below the threshold is re-armed.</item>
    /// <item>The label with the highest average is detected when it is a keyword (not a
    /// background label such as silence or unknown), its average reaches the threshold, the
    /// window holds at least MinimumCount inferences, it is armed, and SuppressionMs have
    /// passed since the last detection of any keyword. Detecting disarms it.</item>
    /// </list>
    /// Everything is allocated by the constructor; <see cref="Update"/> allocates nothing.
    /// </summary>
    public sealed class KeywordDetector
    {
        private readonly int _labelCount;
        private readonly bool[] _isKeyword;
        private readonly int _windowMs;
        private readonly float _threshold;
        private readonly int _suppressionMs;
        private readonly int _minimumCount;
        private readonly int _capacity;

        private readonly float[] _history; // _capacity rows of _labelCount scores
        private readonly long[] _times;
        private readonly float[] _average;
        private readonly bool[] _armed;
        private readonly long[] _onsetMs;
        private int _rawTop;
        private int _head; // index of the oldest result
        private int _count;
        private bool _detectedBefore;
        private long _lastDetectionMs;

        /// <summary>
        /// Creates a detector for labelCount labels; isKeyword[i] says whether label i can be
        /// detected (copied). expectedIntervalMs is the usual time between inferences; it
        /// sizes the ring of scores (window / interval + 2).
        /// </summary>
        public KeywordDetector(bool[] isKeyword, KeywordSettings settings, int expectedIntervalMs)
        {
            if (isKeyword == null)
            {
                throw new ArgumentNullException("isKeyword");
            }
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }
            if (isKeyword.Length < 1)
            {
                throw new ArgumentException("a detector needs at least one label");
            }
            if (expectedIntervalMs < 1)
            {
                throw new ArgumentOutOfRangeException("expectedIntervalMs", "the interval between inferences must be at least 1 ms, got " + expectedIntervalMs.ToString());
            }

            _labelCount = isKeyword.Length;
            _isKeyword = new bool[_labelCount];
            for (int i = 0; i < _labelCount; i++)
            {
                _isKeyword[i] = isKeyword[i];
            }
            _windowMs = settings.AverageWindowMs;
            _threshold = settings.Threshold;
            _suppressionMs = settings.SuppressionMs;
            _minimumCount = settings.MinimumCount;
            _capacity = _windowMs / expectedIntervalMs + 2;
            if (_capacity < _minimumCount)
            {
                _capacity = _minimumCount;
            }
            _history = new float[_capacity * _labelCount];
            _times = new long[_capacity];
            _average = new float[_labelCount];
            _armed = new bool[_labelCount];
            _onsetMs = new long[_labelCount];
            Reset();
        }

        /// <summary>Number of labels.</summary>
        public int LabelCount { get { return _labelCount; } }

        /// <summary>Most inferences the averaging ring holds.</summary>
        public int Capacity { get { return _capacity; } }

        /// <summary>Inferences in the current averaging window.</summary>
        public int WindowCount { get { return _count; } }

        /// <summary>Whether label i can be detected.</summary>
        public bool IsKeyword(int label)
        {
            CheckLabel(label);
            return _isKeyword[label];
        }

        /// <summary>Averaged score of label i after the last <see cref="Update"/>.</summary>
        public float GetAverage(int label)
        {
            CheckLabel(label);
            return _average[label];
        }

        /// <summary>
        /// Time of the first inference of label i's latest run as the top raw (unaveraged)
        /// score, or -1 if it never was the top. For a keyword, this is about when the model
        /// first heard the whole word; a detection comes later, after averaging.
        /// </summary>
        public long GetOnsetMs(int label)
        {
            CheckLabel(label);
            return _onsetMs[label];
        }

        /// <summary>Forgets every score and detection.</summary>
        public void Reset()
        {
            _head = 0;
            _count = 0;
            _detectedBefore = false;
            _lastDetectionMs = 0;
            _rawTop = -1;
            for (int i = 0; i < _labelCount; i++)
            {
                _average[i] = 0.0f;
                _armed[i] = true;
                _onsetMs[i] = -1;
            }
        }

        /// <summary>
        /// Adds the scores of one inference made at timeMs (scores[offset .. offset + LabelCount),
        /// non-decreasing times) and returns the detected label, or -1.
        /// </summary>
        public int Update(float[] scores, int offset, long timeMs)
        {
            if (scores == null)
            {
                throw new ArgumentNullException("scores");
            }
            if (offset < 0 || offset > scores.Length - _labelCount)
            {
                throw new ArgumentOutOfRangeException("offset", "scores needs " + _labelCount.ToString() + " values from offset " + offset.ToString() + ", it has " + scores.Length.ToString());
            }
            if (_count > 0 && timeMs < _times[(_head + _count - 1) % _capacity])
            {
                throw new ArgumentException("inference times must not go back: got " + timeMs.ToString() + " ms after " + _times[(_head + _count - 1) % _capacity].ToString() + " ms");
            }

            // Drop results that left the window, then make room if the ring is full.
            while (_count > 0 && _times[_head] <= timeMs - _windowMs)
            {
                _head = (_head + 1) % _capacity;
                _count--;
            }
            if (_count == _capacity)
            {
                _head = (_head + 1) % _capacity;
                _count--;
            }
            int rawTop = 0;
            for (int l = 1; l < _labelCount; l++)
            {
                if (scores[offset + l] > scores[offset + rawTop])
                {
                    rawTop = l;
                }
            }
            if (rawTop != _rawTop)
            {
                _rawTop = rawTop;
                _onsetMs[rawTop] = timeMs;
            }

            int slot = (_head + _count) % _capacity;
            Array.Copy(scores, offset, _history, slot * _labelCount, _labelCount);
            _times[slot] = timeMs;
            _count++;

            for (int l = 0; l < _labelCount; l++)
            {
                _average[l] = 0.0f;
            }
            for (int r = 0; r < _count; r++)
            {
                int row = ((_head + r) % _capacity) * _labelCount;
                for (int l = 0; l < _labelCount; l++)
                {
                    _average[l] += _history[row + l];
                }
            }
            int top = 0;
            for (int l = 0; l < _labelCount; l++)
            {
                _average[l] /= _count;
                if (_average[l] < _threshold)
                {
                    _armed[l] = true;
                }
                if (_average[l] > _average[top])
                {
                    top = l;
                }
            }

            if (!_isKeyword[top] || _average[top] < _threshold || _count < _minimumCount || !_armed[top])
            {
                return -1;
            }
            if (_detectedBefore && timeMs - _lastDetectionMs < _suppressionMs)
            {
                return -1;
            }
            _armed[top] = false;
            _detectedBefore = true;
            _lastDetectionMs = timeMs;
            return top;
        }

        /// <summary>
        /// True for labels that are never reported as keywords: "silence" and "unknown"
        /// (any case, with or without surrounding underscores, as in "_silence_").
        /// </summary>
        public static bool IsBackgroundLabel(string label)
        {
            if (label == null)
            {
                return true;
            }
            string name = label.Trim('_').ToLower();
            return name == "silence" || name == "unknown" || name == "background" || name == "noise";
        }

        private void CheckLabel(int label)
        {
            if (label < 0 || label >= _labelCount)
            {
                throw new ArgumentOutOfRangeException("label", "labels are 0.." + (_labelCount - 1).ToString() + ", got " + label.ToString());
            }
        }
    }
}
