using System;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>Phase of an <see cref="AnomalyDetector"/>.</summary>
    public enum DetectorState
    {
        /// <summary>Collecting scores of normal running; no alarm is possible.</summary>
        Calibrating,

        /// <summary>Comparing scores with the calibrated thresholds.</summary>
        Monitoring
    }

    /// <summary>
    /// The decision half of anomaly detection: it takes one reconstruction error per window and
    /// decides when the machine is anomalous.
    /// <list type="number">
    /// <item>Calibration: the first <see cref="AnomalySettings.CalibrationWindows"/> scores
    /// (after construction without a stored calibration, or after
    /// <see cref="StartCalibration"/>) are taken as normal running; their statistics give the
    /// enter and exit thresholds (<see cref="ThresholdCalibrator"/>), which are saved in the
    /// <see cref="ICalibrationStore"/> and used from then on. A stored calibration of the same
    /// model is loaded at construction, so a reboot goes straight to monitoring.</item>
    /// <item>Monitoring with hysteresis: a window is anomalous when its score is above the
    /// enter threshold; <see cref="AnomalySettings.RaiseAfter"/> consecutive anomalous windows
    /// raise the alarm; while raised, <see cref="AnomalySettings.ClearAfter"/> consecutive
    /// windows under the exit threshold clear it. Alarm changes drive every attached
    /// <see cref="IDigitalOutput"/> (LED, buzzer, relay) and raise <see cref="Changed"/>.</item>
    /// </list>
    /// Everything is allocated by the constructor; <see cref="Update"/> allocates only when it
    /// raises an event.
    /// </summary>
    public sealed class AnomalyDetector
    {
        private const int MaxOutputs = 4;

        private readonly AnomalySettings _settings;
        private readonly int _fingerprint;
        private readonly ICalibrationStore _store;
        private readonly ThresholdCalibrator _calibrator;
        private readonly IDigitalOutput[] _outputs = new IDigitalOutput[MaxOutputs];
        private int _outputCount;

        private DetectorState _state;
        private AnomalyCalibration _calibration;
        private bool _alarm;
        private bool _lastAnomalous;
        private int _over;
        private int _under;
        private long _windows;
        private double _lastScore;
        private Exception _storeError;

        /// <summary>
        /// Creates a detector for the model with the given fingerprint
        /// (<see cref="AnomalyCalibration.FingerprintOf"/>). store may be null (no persistence).
        /// A stored calibration of this model is used at once; otherwise the detector calibrates.
        /// </summary>
        public AnomalyDetector(AnomalySettings settings, int modelFingerprint, ICalibrationStore store)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }
            _settings = settings;
            _fingerprint = modelFingerprint;
            _store = store;
            _calibrator = new ThresholdCalibrator(settings.CalibrationWindows);
            _state = DetectorState.Calibrating;

            if (store != null)
            {
                AnomalyCalibration stored = null;
                try
                {
                    stored = store.Load();
                }
                catch (Exception e)
                {
                    _storeError = e; // unreadable storage: calibrate again rather than stop
                }
                if (stored != null && stored.ModelFingerprint == modelFingerprint)
                {
                    _calibration = stored;
                    _state = DetectorState.Monitoring;
                }
            }
        }

        /// <summary>Raised on <see cref="AnomalyEventKind.Calibrated"/>, <see cref="AnomalyEventKind.AlarmRaised"/> and <see cref="AnomalyEventKind.AlarmCleared"/>.</summary>
        public event AnomalyEventHandler Changed;

        /// <summary>The settings in use.</summary>
        public AnomalySettings Settings { get { return _settings; } }

        /// <summary>Calibrating or monitoring.</summary>
        public DetectorState State { get { return _state; } }

        /// <summary>The thresholds in use, or null before the first calibration.</summary>
        public AnomalyCalibration Calibration { get { return _calibration; } }

        /// <summary>True while the alarm is raised.</summary>
        public bool AlarmActive { get { return _alarm; } }

        /// <summary>True when the last window scored above the enter threshold (false while calibrating).</summary>
        public bool LastWindowAnomalous { get { return _lastAnomalous; } }

        /// <summary>Score of the last window.</summary>
        public double LastScore { get { return _lastScore; } }

        /// <summary>Windows seen since construction.</summary>
        public long WindowCount { get { return _windows; } }

        /// <summary>Calibration windows collected so far in the current calibration.</summary>
        public int CalibrationProgress { get { return _calibrator.Count; } }

        /// <summary>The last exception of the calibration store (load or save), or null; the detector carries on without it.</summary>
        public Exception StoreError { get { return _storeError; } }

        /// <summary>Drives output too when the alarm changes (at most 4 outputs); it is set to the current alarm state now.</summary>
        public void AttachAlarmOutput(IDigitalOutput output)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }
            if (_outputCount == MaxOutputs)
            {
                throw new InvalidOperationException("at most " + MaxOutputs.ToString() + " alarm outputs");
            }
            _outputs[_outputCount++] = output;
            output.Write(_alarm);
        }

        /// <summary>
        /// Starts a new calibration period (a button press, a changed machine): the alarm is
        /// cleared and the next CalibrationWindows scores are taken as normal.
        /// </summary>
        public void StartCalibration()
        {
            _calibrator.Reset();
            _state = DetectorState.Calibrating;
            _over = 0;
            _under = 0;
            _lastAnomalous = false;
            if (_alarm)
            {
                SetAlarm(false, _lastScore);
            }
        }

        /// <summary>Uses a calibration computed elsewhere (saved in the store too) and starts monitoring.</summary>
        public void UseCalibration(AnomalyCalibration calibration)
        {
            if (calibration == null)
            {
                throw new ArgumentNullException("calibration");
            }
            _calibration = calibration;
            _state = DetectorState.Monitoring;
            _over = 0;
            _under = 0;
            Save(calibration);
        }

        /// <summary>Takes the score of the next window; returns true while the alarm is raised.</summary>
        /// <exception cref="ArgumentException">score is negative, NaN or infinite.</exception>
        public bool Update(double score)
        {
            if (!(score >= 0 && score < double.MaxValue))
            {
                throw new ArgumentException("a reconstruction error is finite and >= 0, got " + score.ToString());
            }
            long window = _windows++;
            _lastScore = score;

            if (_state == DetectorState.Calibrating)
            {
                _lastAnomalous = false;
                _calibrator.Add(score);
                if (_calibrator.IsComplete)
                {
                    _calibration = _calibrator.Compute(_settings, _fingerprint);
                    _state = DetectorState.Monitoring;
                    Save(_calibration);
                    Raise(AnomalyEventKind.Calibrated, window, score);
                }
                return false;
            }

            _lastAnomalous = score > _calibration.EnterThreshold;
            if (!_alarm)
            {
                _over = _lastAnomalous ? _over + 1 : 0;
                if (_over >= _settings.RaiseAfter)
                {
                    _over = 0;
                    _under = 0;
                    SetAlarm(true, score);
                }
            }
            else
            {
                _under = score < _calibration.ExitThreshold ? _under + 1 : 0;
                if (_under >= _settings.ClearAfter)
                {
                    _over = 0;
                    _under = 0;
                    SetAlarm(false, score);
                }
            }
            return _alarm;
        }

        private void SetAlarm(bool on, double score)
        {
            _alarm = on;
            for (int i = 0; i < _outputCount; i++)
            {
                _outputs[i].Write(on);
            }
            Raise(on ? AnomalyEventKind.AlarmRaised : AnomalyEventKind.AlarmCleared, _windows - 1, score);
        }

        private void Save(AnomalyCalibration calibration)
        {
            if (_store == null)
            {
                return;
            }
            try
            {
                _store.Save(calibration);
                _storeError = null;
            }
            catch (Exception e)
            {
                _storeError = e; // storage full or failing: keep monitoring with the new thresholds
            }
        }

        private void Raise(AnomalyEventKind kind, long window, double score)
        {
            AnomalyEventHandler handler = Changed;
            if (handler != null)
            {
                handler(this, new AnomalyEventArgs(kind, window, score, _calibration));
            }
        }
    }
}
