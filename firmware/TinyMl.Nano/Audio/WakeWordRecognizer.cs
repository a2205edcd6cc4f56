using System;

namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// Wake-word spotting with a streaming model (microWakeWord): audio in, detections out.
    /// <para>
    /// Samples are cut into 30 ms windows every <see cref="IAudioFrontend.StrideSamples"/> (10 ms
    /// for microWakeWord v2 models: <see cref="MicroFrontend.ForMicroWakeWord"/>); each window
    /// gives one row of 40 int8 features. The model's input holds S new rows (1 x 3 x 40 for v2
    /// models: one inference every 30 ms); each slice of S rows is fed to the model once, never
    /// a sliding window of old rows, because the model keeps its own state (its resource
    /// variables) between inferences. Its uint8 output probability goes to a
    /// <see cref="WakeWordDetector"/> (sliding-window average, cutoff, refractory time from the
    /// manifest); each detection raises <see cref="KeywordDetected"/> with the wake word as label.
    /// </para>
    /// <para>
    /// <see cref="Reset"/> (call it whenever the audio loop restarts) clears the front end, the
    /// model's state (<see cref="Interpreter.ResetState"/>) and the detector. Everything is
    /// allocated by the constructor: feeding audio, running the front end and the model, and
    /// raising events allocate nothing (measured by a host test). The
    /// <see cref="KeywordDetection"/> passed to handlers is reused.
    /// </para>
    /// </summary>
    public sealed class WakeWordRecognizer : IKeywordRecognizer, IAudioWindowSink
    {
        private readonly Interpreter _interpreter;
        private readonly IAudioFrontend _frontend;
        private readonly WakeWordSettings _settings;
        private readonly WakeWordDetector _detector;
        private readonly KeywordDetection _detection;
        private readonly int _featureCount;
        private readonly int _sliceRows;
        private readonly int _stride;
        private readonly SlidingAudioWindow _audio;
        private readonly sbyte[] _slice;
        private readonly byte[] _output;

        private int _sliceFill;
        private long _frameCount;
        private int _overrunCount;
        private int _inferenceCount;
        private long _lastInferenceMs;

        /// <summary>Raised for every detected wake word (on the thread that feeds the audio).</summary>
        public event KeywordDetectedEventHandler KeywordDetected;

        /// <summary>Raised by <see cref="ReportOverrun"/>, once per gap in the audio.</summary>
        public event AudioOverrunEventHandler AudioOverrun;

        /// <summary>Raised after every inference (for plots and logs); read <see cref="Probability"/> and <see cref="Average"/>.</summary>
        public event InferenceCompletedEventHandler InferenceCompleted;

        /// <summary>Creates a recognizer.</summary>
        /// <param name="interpreter">Runs the streaming model: int8 input 1 x S x FeatureCount, uint8 output of one probability.</param>
        /// <param name="frontend">The front end the model was trained with (<see cref="MicroFrontend.ForMicroWakeWord"/>).</param>
        /// <param name="settings">Cutoff, sliding window, refractory time and wake word (copied; from the manifest).</param>
        /// <exception cref="ArgumentException">The model, front end and settings do not fit together (the message says how).</exception>
        public WakeWordRecognizer(Interpreter interpreter, IAudioFrontend frontend, WakeWordSettings settings)
        {
            if (interpreter == null)
            {
                throw new ArgumentNullException("interpreter");
            }
            if (frontend == null)
            {
                throw new ArgumentNullException("frontend");
            }
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }
            Tensor input = interpreter.Input;
            Tensor output = interpreter.Output;
            int featureCount = frontend.FeatureCount;
            if (input.Type != TensorType.Int8 || input.Rank != 3 || input.GetDimension(0) != 1 || input.GetDimension(2) != featureCount)
            {
                throw new ArgumentException("a streaming wake-word model needs an int8 input of 1 x S x " + featureCount.ToString() +
                                            " (S new feature frames per inference); this model's input is " + TensorTypes.Name(input.Type) +
                                            " " + ShapeText(input));
            }
            if (output.Type != TensorType.UInt8 || output.ElementCount != 1)
            {
                throw new ArgumentException("a streaming wake-word model outputs one uint8 probability; this model's output is " +
                                            TensorTypes.Name(output.Type) + " " + ShapeText(output));
            }
            int stride = frontend.StrideSamples;
            if (stride != settings.FeatureStepMs * AudioFrame.SamplesPerMs)
            {
                throw new ArgumentException("the model was trained with a " + settings.FeatureStepMs.ToString() + " ms feature step but the front end steps " +
                                            (stride / AudioFrame.SamplesPerMs).ToString() + " ms (use MicroFrontend.ForMicroWakeWord() for 10 ms)");
            }
            _interpreter = interpreter;
            _frontend = frontend;
            _settings = settings.Clone();
            _detector = new WakeWordDetector(_settings);
            _detection = new KeywordDetection();
            _featureCount = featureCount;
            _sliceRows = input.GetDimension(1);
            _stride = stride;
            _audio = new SlidingAudioWindow(stride);
            _slice = new sbyte[_sliceRows * featureCount];
            _output = new byte[1];
            Reset();
        }

        /// <summary>The wake word (the detections' label).</summary>
        public string WakeWord { get { return _settings.WakeWord; } }

        /// <summary>The settings in use (a copy).</summary>
        public WakeWordSettings Settings { get { return _settings.Clone(); } }

        /// <summary>New feature frames per inference (S of the 1 x S x 40 input).</summary>
        public int SliceFrames { get { return _sliceRows; } }

        /// <summary>Milliseconds between inferences (S frames of the front end's step).</summary>
        public int InferenceIntervalMs { get { return _sliceRows * _stride / AudioFrame.SamplesPerMs; } }

        /// <summary>Frames processed since the start (or the last reset).</summary>
        public long FrameCount { get { return _frameCount; } }

        /// <summary>Inferences run since the start (or the last reset).</summary>
        public int InferenceCount { get { return _inferenceCount; } }

        /// <inheritdoc/>
        public long StreamTimeMs { get { return _audio.TimeMs; } }

        /// <summary>Stream time of the last inference in milliseconds (-1 before the first).</summary>
        public long LastInferenceMs { get { return _lastInferenceMs; } }

        /// <summary>The model's probability at the last inference, 0..1.</summary>
        public float Probability { get { return _detector.Probability; } }

        /// <summary>The sliding-window average after the last inference, 0..1.</summary>
        public float Average { get { return _detector.Average; } }

        /// <summary>The last detection (reused object), or null before the first.</summary>
        public KeywordDetection LastDetection { get { return _detection.LabelIndex < 0 ? null : _detection; } }

        /// <summary>
        /// Starts a new stream: clears the audio window, the slice, the front end, the model's
        /// state and the detector, and sets the stream time back to 0.
        /// </summary>
        public void Reset()
        {
            _frontend.Reset();
            _interpreter.ResetState();
            _detector.Reset();
            _audio.Reset();
            _sliceFill = 0;
            _frameCount = 0;
            _overrunCount = 0;
            _inferenceCount = 0;
            _lastInferenceMs = -1;
            Array.Clear(_slice, 0, _slice.Length);
            _detection.LabelIndex = -1;
            _detection.Label = null;
            _detection.Score = 0.0f;
            _detection.TimeMs = 0;
            _detection.OnsetMs = 0;
            _detection.InferenceIndex = -1;
        }

        /// <summary>Gaps reported by <see cref="ReportOverrun"/> since the start (or the last reset).</summary>
        public int OverrunCount { get { return _overrunCount; } }

        /// <summary>
        /// samplesLost samples are missing before the next ones fed (an audio overrun). The
        /// model's state and the probability window described audio on both sides of the gap,
        /// so they start again (as after <see cref="Reset"/>), and so do the audio window and
        /// the slice in progress; the front end's adaptive state (noise estimate, gain) is kept,
        /// and the stream clock advances by the lost samples so detection times stay on the
        /// audio's own time line. Raises <see cref="AudioOverrun"/>. Allocates nothing.
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
            _audio.Gap(samplesLost, false);
            _sliceFill = 0;
            Array.Clear(_slice, 0, _slice.Length);
            _interpreter.ResetState();
            _detector.Reset();
            AudioOverrunEventHandler handler = AudioOverrun;
            if (handler != null)
            {
                handler(this, timeMs, samplesLost);
            }
        }

        /// <inheritdoc/>
        public int Process(short[] samples, int offset, int count)
        {
            return _audio.Process(samples, offset, count, this);
        }

        /// <summary>
        /// Feeds S feature rows directly (features[offset .. offset + S * FeatureCount), the
        /// model's input), bypassing the front end: one inference. Returns true on a detection.
        /// For features computed elsewhere (tests, recorded features); does not advance the
        /// stream time.
        /// </summary>
        public bool ProcessSlice(sbyte[] features, int offset)
        {
            if (features == null)
            {
                throw new ArgumentNullException("features");
            }
            if (offset < 0 || offset > features.Length - _slice.Length)
            {
                throw new ArgumentOutOfRangeException("offset", "a slice is " + _slice.Length.ToString() + " features from offset " + offset.ToString() + "; the array has " + features.Length.ToString());
            }
            Array.Copy(features, offset, _slice, 0, _slice.Length);
            return Infer();
        }

        /// <summary>The model's raw uint8 output of the last inference.</summary>
        public byte LastOutput { get { return _output[0]; } }

        bool IAudioWindowSink.ProcessWindow(short[] window)
        {
            _frontend.ProcessFrame(window, 0, _slice, _sliceFill * _featureCount);
            _frameCount++;
            _sliceFill++;
            if (_sliceFill < _sliceRows)
            {
                return false;
            }
            _sliceFill = 0;
            return Infer();
        }

        private bool Infer()
        {
            _interpreter.Input.CopyFrom(_slice, 0, _slice.Length);
            _interpreter.Invoke();
            _interpreter.Output.CopyToBytes(_output, 0);
            long timeMs = _audio.TimeMs;
            _lastInferenceMs = timeMs;
            int inference = _inferenceCount;
            _inferenceCount++;
            bool detected = _detector.Update(_output[0], timeMs);
            InferenceCompletedEventHandler inferred = InferenceCompleted;
            if (inferred != null)
            {
                inferred(this, timeMs);
            }
            if (!detected)
            {
                return false;
            }
            _detection.LabelIndex = 0;
            _detection.Label = _settings.WakeWord;
            _detection.Score = _detector.Average;
            _detection.TimeMs = timeMs;
            _detection.OnsetMs = timeMs;
            _detection.InferenceIndex = inference;
            KeywordDetectedEventHandler handler = KeywordDetected;
            if (handler != null)
            {
                handler(this, _detection);
            }
            return true;
        }

        private static string ShapeText(Tensor tensor)
        {
            string text = "[";
            for (int i = 0; i < tensor.Rank; i++)
            {
                text += (i == 0 ? "" : ",") + tensor.GetDimension(i).ToString();
            }
            return text + "]";
        }
    }
}
