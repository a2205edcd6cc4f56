using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Streaming keyword spotting: audio in, detections out.
    /// <para>
    /// Samples are cut into 30 ms windows every <see cref="IAudioFrontend.StrideSamples"/> of
    /// the front end (20 ms for micro_speech and the MFCC); the front end turns each window into one
    /// row of int8 features; the rows go into a ring holding the model's input (49 x 40 for
    /// micro_speech: the last 0.99 s of audio). Once the ring is full the model runs every
    /// <see cref="KeywordSettings.InferenceEveryFrames"/> frames; its scores go to a
    /// <see cref="KeywordDetector"/> (averaging, threshold, suppression, minimum count), and
    /// each detection raises <see cref="KeywordDetected"/>.
    /// </para>
    /// <para>
    /// Everything is allocated by the constructor: feeding audio, running the front end and
    /// the model, and raising events allocate nothing (measured by a host test). The
    /// <see cref="KeywordDetection"/> passed to handlers is reused.
    /// </para>
    /// </summary>
    public sealed class KeywordRecognizer : IKeywordRecognizer, IAudioWindowSink
    {
        private readonly Interpreter _interpreter;
        private readonly IAudioFrontend _frontend;
        private readonly string[] _labels;
        private readonly KeywordSettings _settings;
        private readonly KeywordDetector _detector;
        private readonly KeywordDetection _detection;

        private readonly int _featureCount;
        private readonly int _frameRows;
        private readonly int _inferenceEvery;
        private readonly int _stride;
        private readonly SlidingAudioWindow _audio;
        private readonly sbyte[] _frameFeatures;
        // Every feature row is written twice, at row r and r + _frameRows, so the last
        // _frameRows rows are always contiguous (oldest first) from row _nextRow: one native
        // Array.Copy into the input tensor per inference, no shifting. Bytes (the int8 bit
        // patterns), because the arena is a byte[] and a managed element-by-element copy of a
        // whole input would cost more on the device than the per-frame copy of one row.
        private readonly byte[] _rows;
        private readonly float[] _scores;
        private readonly float _outputScale;
        private readonly int _outputZeroPoint;

        private int _nextRow;
        private int _framesSeen;
        private int _framesSinceInference;
        private long _frameCount;
        private int _inferenceCount;
        private long _lastInferenceMs;
        private int _overrunCount;
        private long _samplesLost;

        /// <summary>Raised for every detected keyword (on the thread that feeds the audio).</summary>
        public event KeywordDetectedEventHandler KeywordDetected;

        /// <summary>Raised after every inference, once the scores are averaged (for plots and logs).</summary>
        public event InferenceCompletedEventHandler InferenceCompleted;

        /// <summary>Raised by <see cref="ReportOverrun"/>, once per gap in the audio.</summary>
        public event AudioOverrunEventHandler AudioOverrun;

        /// <summary>
        /// Creates a recognizer.
        /// </summary>
        /// <param name="interpreter">Runs the model; its input is int8 frames x FeatureCount (row-major), its output int8 scores, one per label.</param>
        /// <param name="frontend">Turns audio windows into feature rows (<see cref="MicroFrontend"/>, <see cref="MfccFrontend"/>).</param>
        /// <param name="labels">The model's class names, in output order (copied). "silence" and "unknown" are never reported (see <see cref="KeywordDetector.IsBackgroundLabel"/>).</param>
        /// <param name="settings">Decision settings (copied); null for the defaults.</param>
        /// <exception cref="ArgumentException">The model, front end and labels do not fit together (the message says how).</exception>
        public KeywordRecognizer(Interpreter interpreter, IAudioFrontend frontend, string[] labels, KeywordSettings settings)
        {
            if (interpreter == null)
            {
                throw new ArgumentNullException("interpreter");
            }
            if (frontend == null)
            {
                throw new ArgumentNullException("frontend");
            }
            if (labels == null)
            {
                throw new ArgumentNullException("labels");
            }

            Tensor input = interpreter.Input;
            Tensor output = interpreter.Output;
            if (input.Type != TensorType.Int8 || output.Type != TensorType.Int8)
            {
                throw new ArgumentException("keyword spotting needs int8 input and output tensors; the model has " +
                                            TensorTypes.Name(input.Type) + " input and " + TensorTypes.Name(output.Type) + " output");
            }
            int featureCount = frontend.FeatureCount;
            if (featureCount < 1 || input.ElementCount % featureCount != 0)
            {
                throw new ArgumentException("the model input has " + input.ElementCount.ToString() + " values, not a whole number of " +
                                            featureCount.ToString() + "-feature frames from this front end (use the front end the model was trained with)");
            }
            if (output.ElementCount != labels.Length)
            {
                throw new ArgumentException("the model has " + output.ElementCount.ToString() + " output classes, but " + labels.Length.ToString() + " labels were given");
            }

            bool[] isKeyword = new bool[labels.Length];
            bool anyKeyword = false;
            _labels = new string[labels.Length];
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] == null || labels[i].Length == 0)
                {
                    throw new ArgumentException("label " + i.ToString() + " is empty");
                }
                _labels[i] = labels[i];
                isKeyword[i] = !KeywordDetector.IsBackgroundLabel(labels[i]);
                anyKeyword = anyKeyword || isKeyword[i];
            }
            if (!anyKeyword)
            {
                throw new ArgumentException("no label is a keyword (silence and unknown are background labels)");
            }

            _settings = settings == null ? new KeywordSettings() : settings.Clone();
            _interpreter = interpreter;
            _frontend = frontend;
            _featureCount = featureCount;
            _frameRows = input.ElementCount / featureCount;
            _inferenceEvery = _settings.InferenceEveryFrames;
            int stride = frontend.StrideSamples;
            if (stride < 1 || stride > AudioFrame.WindowSamples)
            {
                throw new ArgumentException("the front end steps " + stride.ToString() + " samples between windows; it must be 1.." + AudioFrame.WindowSamples.ToString());
            }
            _stride = stride;
            _audio = new SlidingAudioWindow(stride);
            _frameFeatures = new sbyte[featureCount];
            _rows = new byte[2 * _frameRows * featureCount];
            _scores = new float[labels.Length];
            _outputScale = output.Scale;
            _outputZeroPoint = output.ZeroPoint;
            _detector = new KeywordDetector(isKeyword, _settings, StrideMs * _inferenceEvery);
            _detection = new KeywordDetection();
            ResetStream();
        }

        /// <summary>The model's class names, in output order.</summary>
        public int LabelCount { get { return _labels.Length; } }

        /// <summary>Name of label i.</summary>
        public string GetLabel(int i)
        {
            CheckLabel(i);
            return _labels[i];
        }

        /// <summary>Whether label i can be detected (it is not silence/unknown).</summary>
        public bool IsKeyword(int i)
        {
            return _detector.IsKeyword(i);
        }

        /// <summary>The settings in use (a copy; changing it has no effect).</summary>
        public KeywordSettings Settings { get { return _settings.Clone(); } }

        /// <summary>Frames (rows) of the model input.</summary>
        public int InputFrames { get { return _frameRows; } }

        /// <summary>Features per frame.</summary>
        public int FeatureCount { get { return _featureCount; } }

        /// <summary>Milliseconds of audio one model input covers (micro_speech, 49 frames: 990 ms).</summary>
        public int InputWindowMs { get { return (_frameRows - 1) * StrideMs + AudioFrame.WindowMs; } }

        /// <summary>Milliseconds between the starts of consecutive windows (the front end's step).</summary>
        public int StrideMs { get { return _stride / AudioFrame.SamplesPerMs; } }

        /// <summary>Frames processed since the start (or the last reset).</summary>
        public long FrameCount { get { return _frameCount; } }

        /// <summary>Inferences run since the start (or the last reset).</summary>
        public int InferenceCount { get { return _inferenceCount; } }

        /// <summary>Milliseconds of audio consumed since the start (or the last reset).</summary>
        public long StreamTimeMs { get { return _audio.TimeMs; } }

        /// <summary>Gaps reported by <see cref="ReportOverrun"/> since the start (or the last reset).</summary>
        public int OverrunCount { get { return _overrunCount; } }

        /// <summary>Samples lost in those gaps.</summary>
        public long SamplesLost { get { return _samplesLost; } }

        /// <summary>Stream time of the last inference in milliseconds (-1 before the first).</summary>
        public long LastInferenceMs { get { return _lastInferenceMs; } }

        /// <summary>The last detection (reused object), or null before the first.</summary>
        public KeywordDetection LastDetection { get { return _detection.LabelIndex < 0 ? null : _detection; } }

        /// <summary>Score (probability) of label i from the last inference.</summary>
        public float GetScore(int i)
        {
            CheckLabel(i);
            return _scores[i];
        }

        /// <summary>Averaged score of label i after the last inference.</summary>
        public float GetAverageScore(int i)
        {
            return _detector.GetAverage(i);
        }

        /// <summary>
        /// Starts a new stream: clears the audio window, the feature ring, the scores and the
        /// front end's state, and sets the stream time back to 0.
        /// </summary>
        public void Reset()
        {
            _frontend.Reset();
            ResetStream();
        }

        /// <summary>
        /// Tells the recognizer that samplesLost samples are missing before the next ones fed
        /// (an audio overrun, see <see cref="IAudioOverrunSource"/>), and raises
        /// <see cref="AudioOverrun"/>. The decision starts again from fresh audio: the
        /// window in progress, the feature ring and the score averages (which described audio
        /// on both sides of the gap) are cleared, so the model runs again once a full input of
        /// audio after the gap has arrived (about 1 s), and nothing is detected across the gap.
        /// Kept: the front end's adaptive state (noise estimate, gain control: the room did
        /// not change), the counters, and the stream clock, which advances by the lost samples
        /// so detection times stay on the audio's own time line. The next window starts on the
        /// stride grid of that clock (up to one stride of audio after the gap is skipped), and
        /// inferences keep their phase: once the decision state has settled, the same frames
        /// and inferences as an uninterrupted stream (the front end's noise estimate, which
        /// missed the lost audio, may still move a borderline decision by one inference).
        /// Allocates nothing (unless a handler does).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">samplesLost is not positive.</exception>
        public void ReportOverrun(int samplesLost)
        {
            if (samplesLost < 1)
            {
                throw new ArgumentOutOfRangeException("samplesLost", "an overrun loses at least one sample, got " + samplesLost.ToString());
            }
            long timeMs = _audio.TimeMs;
            _overrunCount++;
            _samplesLost += samplesLost;
            _audio.Gap(samplesLost, true);
            _nextRow = 0;
            _framesSeen = 0;
            _framesSinceInference = 0;
            Array.Clear(_rows, 0, _rows.Length);
            _detector.Reset();
            AudioOverrunEventHandler handler = AudioOverrun;
            if (handler != null)
            {
                handler(this, timeMs, samplesLost);
            }
        }

        /// <summary>
        /// Feeds samples[offset .. offset + count) (16 kHz mono). Runs the front end for every
        /// completed window and the model when due; raises the events. Returns how many
        /// keywords were detected during this call.
        /// </summary>
        public int Process(short[] samples, int offset, int count)
        {
            return _audio.Process(samples, offset, count, this);
        }

        /// <summary>
        /// Reads source to its end through buffer (the caller's, so nothing is allocated) and
        /// processes everything. For finite sources (files); a live source never ends.
        /// Returns how many keywords were detected.
        /// </summary>
        public int ProcessAll(IAudioSource source, short[] buffer)
        {
            if (source == null)
            {
                throw new ArgumentNullException("source");
            }
            if (buffer == null || buffer.Length == 0)
            {
                throw new ArgumentException("buffer must hold at least one sample");
            }
            if (source.SampleRate != AudioFrame.SampleRate)
            {
                throw new ArgumentException("the source is " + source.SampleRate.ToString() + " Hz; keyword spotting needs " + AudioFrame.SampleRate.ToString() + " Hz");
            }
            int detections = 0;
            while (true)
            {
                int n = source.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    return detections;
                }
                detections += Process(buffer, 0, n);
            }
        }

        private void ResetStream()
        {
            _audio.Reset();
            _nextRow = 0;
            _framesSeen = 0;
            _framesSinceInference = 0;
            _frameCount = 0;
            _inferenceCount = 0;
            _lastInferenceMs = -1;
            _overrunCount = 0;
            _samplesLost = 0;
            Array.Clear(_rows, 0, _rows.Length);
            Array.Clear(_frameFeatures, 0, _frameFeatures.Length);
            Array.Clear(_scores, 0, _scores.Length);
            _detector.Reset();
            _detection.LabelIndex = -1;
            _detection.Label = null;
            _detection.Score = 0.0f;
            _detection.TimeMs = 0;
            _detection.OnsetMs = 0;
            _detection.InferenceIndex = -1;
        }

        // One full window: features into the ring, maybe an inference. True on a detection.
        bool IAudioWindowSink.ProcessWindow(short[] window)
        {
            _frontend.ProcessFrame(window, 0, _frameFeatures, 0);
            int at = _nextRow * _featureCount;
            int twin = at + _frameRows * _featureCount;
            for (int i = 0; i < _featureCount; i++)
            {
                byte value = (byte)_frameFeatures[i];
                _rows[at + i] = value;
                _rows[twin + i] = value;
            }
            _nextRow++;
            if (_nextRow == _frameRows)
            {
                _nextRow = 0;
            }
            _frameCount++;
            if (_framesSeen < _frameRows)
            {
                _framesSeen++;
                if (_framesSeen < _frameRows)
                {
                    return false; // the model input is not full of real audio yet
                }
                // Infer as soon as it is, or (after an overrun) at the next frame an
                // uninterrupted stream would have inferred at.
                long frame = (_audio.SamplesConsumed - AudioFrame.WindowSamples) / _stride;
                int phase = (int)((frame - (_frameRows - 1)) % _inferenceEvery);
                _framesSinceInference = phase == 0 ? _inferenceEvery : phase;
            }
            else
            {
                _framesSinceInference++;
            }
            if (_framesSinceInference < _inferenceEvery)
            {
                return false;
            }
            _framesSinceInference = 0;
            return Infer();
        }

        private bool Infer()
        {
            // The oldest row is the one written next; the doubled ring makes the last rows contiguous.
            _interpreter.Input.CopyFromBytes(_rows, _nextRow * _featureCount, _frameRows * _featureCount);
            _interpreter.Invoke();
            Tensor output = _interpreter.Output;
            for (int i = 0; i < _scores.Length; i++)
            {
                _scores[i] = (output.GetInt8(i) - _outputZeroPoint) * _outputScale;
            }

            // Time of the inference: the end of the newest window.
            long timeMs = _audio.TimeMs;
            _lastInferenceMs = timeMs;
            int inference = _inferenceCount;
            _inferenceCount++;
            int label = _detector.Update(_scores, 0, timeMs);

            InferenceCompletedEventHandler inferred = InferenceCompleted;
            if (inferred != null)
            {
                inferred(this, timeMs);
            }
            if (label < 0)
            {
                return false;
            }

            _detection.LabelIndex = label;
            _detection.Label = _labels[label];
            _detection.Score = _detector.GetAverage(label);
            _detection.TimeMs = timeMs;
            long onset = _detector.GetOnsetMs(label);
            _detection.OnsetMs = onset < 0 ? timeMs : onset;
            _detection.InferenceIndex = inference;
            KeywordDetectedEventHandler detected = KeywordDetected;
            if (detected != null)
            {
                detected(this, _detection);
            }
            return true;
        }

        private void CheckLabel(int i)
        {
            if (i < 0 || i >= _labels.Length)
            {
                throw new ArgumentOutOfRangeException("i", "labels are 0.." + (_labels.Length - 1).ToString() + ", got " + i.ToString());
            }
        }
    }
}
