using System;
using TinyMl.Nano.Hardware;
using TinyMl.Nano.Sensors;

namespace TinyMl.Nano.Anomaly
{
    /// <summary>
    /// The device loop: read a window from the IMU, run the pipeline, repeat. A press of the
    /// calibration button (edge, checked once per window) starts a new calibration; while the
    /// detector calibrates, the indicator output blinks (one toggle per window) and it is
    /// switched off when calibration ends. Sensor faults are reported by the
    /// <see cref="ImuSampler"/>'s event and the loop goes on. Allocates nothing per window.
    /// </summary>
    public sealed class VibrationAnomalyLoop
    {
        private readonly ImuSampler _sampler;
        private readonly IAnomalyPipeline _pipeline;
        private readonly IDigitalInput _button;
        private readonly IDigitalOutput _indicator;
        private readonly float[] _window;
        private bool _buttonWasDown;
        private bool _blink;
        private bool _wasCalibrating;
        private long _windows;

        /// <summary>
        /// Wires the loop to any pipeline (<see cref="VibrationAnomalyPipeline"/>,
        /// <see cref="OrderAnomalyPipeline"/>). button and indicator may be null (no button: calibration happens at
        /// first boot only, or when the app calls Detector.StartCalibration).
        /// </summary>
        public VibrationAnomalyLoop(ImuSampler sampler, IAnomalyPipeline pipeline, IDigitalInput button, IDigitalOutput indicator)
        {
            if (sampler == null)
            {
                throw new ArgumentNullException("sampler");
            }
            if (pipeline == null)
            {
                throw new ArgumentNullException("pipeline");
            }
            _sampler = sampler;
            _pipeline = pipeline;
            _button = button;
            _indicator = indicator;
            _window = new float[pipeline.WindowValues];
        }

        /// <summary>Windows scored so far.</summary>
        public long WindowsProcessed { get { return _windows; } }

        /// <summary>The pipeline (features, model, detector).</summary>
        public IAnomalyPipeline Pipeline { get { return _pipeline; } }

        /// <summary>
        /// One window: checks the button, reads the IMU (blocks about one window's time) and
        /// scores it. Returns false when the sensor faulted (the window was dropped).
        /// </summary>
        public bool Step()
        {
            AnomalyDetector detector = _pipeline.Detector;
            if (_button != null)
            {
                bool down = _button.Read();
                if (down && !_buttonWasDown)
                {
                    detector.StartCalibration();
                }
                _buttonWasDown = down;
            }

            if (!_sampler.ReadWindow(_window, 0, _pipeline.WindowSamples))
            {
                return false;
            }
            _pipeline.ProcessWindow(_window, 0);
            _windows++;

            bool calibrating = detector.State == DetectorState.Calibrating;
            if (_indicator != null && (calibrating || _wasCalibrating))
            {
                _blink = calibrating && !_blink;
                _indicator.Write(_blink);
            }
            _wasCalibrating = calibrating;
            return true;
        }

        /// <summary>Runs forever.</summary>
        public void Run()
        {
            while (true)
            {
                Step();
            }
        }
    }
}
