namespace TinyMl.Nano.Audio
{
    /// <summary>
    /// One detected keyword. The recognizer reuses a single instance (it allocates nothing
    /// per detection): read or copy the values in the handler; they change at the next
    /// detection.
    /// </summary>
    public sealed class KeywordDetection
    {
        internal KeywordDetection()
        {
            LabelIndex = -1;
        }

        /// <summary>Index of the keyword in the model's output (and in the labels).</summary>
        public int LabelIndex { get; internal set; }

        /// <summary>The keyword's label.</summary>
        public string Label { get; internal set; }

        /// <summary>Its averaged score (0..1) when it was detected.</summary>
        public float Score { get; internal set; }

        /// <summary>
        /// Stream time of the detection in milliseconds since the start (or the last reset):
        /// the end of the audio that the deciding inference saw. The word itself lies in the
        /// model's input window, the <see cref="KeywordRecognizer.InputWindowMs"/> before it.
        /// </summary>
        public long TimeMs { get; internal set; }

        /// <summary>
        /// Estimated time the word was heard, in stream milliseconds: the first inference of
        /// the latest run in which this keyword had the top raw score (see
        /// <see cref="KeywordDetector.GetOnsetMs"/>). At most <see cref="TimeMs"/>.
        /// </summary>
        public long OnsetMs { get; internal set; }

        /// <summary>Number of the deciding inference (0 = the first since reset).</summary>
        public int InferenceIndex { get; internal set; }
    }

    /// <summary>Handler of <see cref="KeywordRecognizer.KeywordDetected"/>.</summary>
    public delegate void KeywordDetectedEventHandler(object sender, KeywordDetection detection);

    /// <summary>
    /// Handler of <see cref="KeywordRecognizer.InferenceCompleted"/>: timeMs is the stream time of
    /// the inference; read the scores with GetScore / GetAverageScore on the recognizer.
    /// </summary>
    public delegate void InferenceCompletedEventHandler(object sender, long timeMs);
}
