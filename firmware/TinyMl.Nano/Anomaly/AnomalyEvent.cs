using System;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>What happened.</summary>
    public enum AnomalyEventKind
    {
        /// <summary>The calibration period ended; the detector now monitors.</summary>
        Calibrated,

        /// <summary>RaiseAfter consecutive windows scored over the enter threshold.</summary>
        AlarmRaised,

        /// <summary>ClearAfter consecutive windows scored under the exit threshold.</summary>
        AlarmCleared
    }

    /// <summary>An alarm change or the end of a calibration.</summary>
    public sealed class AnomalyEventArgs : EventArgs
    {
        private readonly AnomalyEventKind _kind;
        private readonly long _window;
        private readonly double _score;
        private readonly AnomalyCalibration _calibration;

        /// <summary>Creates the event arguments.</summary>
        public AnomalyEventArgs(AnomalyEventKind kind, long window, double score, AnomalyCalibration calibration)
        {
            _kind = kind;
            _window = window;
            _score = score;
            _calibration = calibration;
        }

        /// <summary>What happened.</summary>
        public AnomalyEventKind Kind { get { return _kind; } }

        /// <summary>Index of the window that caused it (counting every window the detector saw).</summary>
        public long Window { get { return _window; } }

        /// <summary>That window's score.</summary>
        public double Score { get { return _score; } }

        /// <summary>The calibration in force.</summary>
        public AnomalyCalibration Calibration { get { return _calibration; } }
    }

    /// <summary>Handler of <see cref="AnomalyDetector.Changed"/>.</summary>
    public delegate void AnomalyEventHandler(object sender, AnomalyEventArgs e);
}
