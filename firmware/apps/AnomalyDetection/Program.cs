using System;
using System.Device.Gpio;
using System.Device.I2c;
using System.Diagnostics;
using System.Threading;
using TinyMl.Nano.Anomaly;
using TinyMl.Nano.Boards;
using TinyMl.Nano.Device;
using TinyMl.Nano.Hardware;
using TinyMl.Nano.Sensors;

namespace TinyMl.Nano.Apps.AnomalyDetection
{
    /// <summary>
    /// Vibration anomaly detection on the board's IMU, 256 samples at 1 kHz per window. With the
    /// order pipeline (TrainedPipeline.Orders, the default; what `tinyml bench-anomaly` shows
    /// best): shaft speed and orders 0.5x..5x plus bands per axis (OrderFeatures) -> distance
    /// from the healthy level at that speed (SpeedNormalizer, trained coefficients) -> minus this
    /// machine's healthy levels (learned first at calibration, adapted slowly) -> the int8
    /// autoencoder trained by `tinyml train-anomaly --features Orders` (firmware flash table, name
    /// "anomaly") -> weighted reconstruction error -> threshold calibrated on this machine ->
    /// alarm on the LED and the buzzer. With TrainedPipeline.Orders false: the band energies of
    /// `tinyml demo` (VibrationAnomalyPipeline). The first boot calibrates on normal running (the
    /// LED blinks); the calibration (and the machine's levels) is kept in I:\anomaly.cal and
    /// reused after a reboot; the calibration button starts a new one. Capture mode: with the
    /// calibration button held while the app starts (or CaptureAtBoot set), the app streams the
    /// raw IMU samples as CSV over the serial port CapturePort instead (ImuCapture), for
    /// `tinyml capture --port ... -o normal.csv`. README.md beside this file has the steps.
    /// </summary>
    public class Program
    {
        /// <summary>The board this build is for (see boards/README.md).</summary>
        private static readonly BoardDefinition Board = BoardCatalog.Esp32DevKitC;

        /// <summary>Name of the model in the firmware's flash table (tinyml compile anomaly.tflite --emit-c).</summary>
        private const string ModelName = "anomaly";

        // The training's rate and window (TrainedPipeline.cs, written by tinyml train-anomaly).
        private const int SampleRateHz = TrainedPipeline.SampleRateHz;
        private const int WindowSamples = TrainedPipeline.WindowSamples;
        private const int Bands = TrainedPipeline.Bands;

        /// <summary>Order pipeline: windows that learn this machine's healthy levels before the threshold calibrates.</summary>
        private const int BaselineWindows = 60;

        /// <summary>Capture mode without the button (boards without one).</summary>
        private const bool CaptureAtBoot = false;

        /// <summary>Serial port and speed of the capture mode: a UART the debugger does not use, wired to a USB-serial adapter (boards/README.md).</summary>
        private const string CapturePort = "COM2";
        private const int CaptureBaud = 921600;

        public static void Main()
        {
            Debug.WriteLine("TinyMl.Nano anomaly detection on " + Board.Name + " (" + Board.ImuChip + ")");

            GpioController gpio = new GpioController();
            int buttonPin = CalibrationButton.PinOf(Board);
            IDigitalInput button = buttonPin != BoardDefinition.NoPin ? new GpioDigitalInput(gpio, buttonPin, CalibrationButton.ActiveLow(Board)) : null;

            BoardPinRouting.RouteI2c(Board);
            I2cDeviceBus bus = new I2cDeviceBus(I2cDevice.Create(new I2cConnectionSettings(Board.I2cBus, Board.ImuAddress, I2cBusSpeed.FastMode)));
            IAccelerometerFifo imu = Board.ImuChip == "MPU6886" ? (IAccelerometerFifo)new Mpu6886(bus) : new Mpu6050(bus);
            ImuSampler sampler = new ImuSampler(imu, AccelerometerRange.Range4G, SampleRateHz, new ThreadDelay());
            sampler.SensorFault += OnSensorFault;

            // Capture mode before the model: recording training data needs no model yet.
            if (CaptureAtBoot || (button != null && button.Read()))
            {
                Debug.WriteLine("Capture mode: streaming " + SampleRateHz.ToString() + " Hz samples as CSV on " + CapturePort + " at " + CaptureBaud.ToString() + " baud.");
                new ImuCapture(sampler, new SerialLineSink(CapturePort, CaptureBaud), SampleRateHz, 100).Run();
                return;
            }

            Model model;
            try
            {
                model = Model.FromFlash(ModelName);
            }
            catch (ArgumentException)
            {
                Debug.WriteLine("The firmware has no flash model '" + ModelName + "': record normal running (capture mode, hold the button at start), train with `tinyml train-anomaly normal.csv -o anomaly.tflite`, "
                    + "compile it with `tinyml compile anomaly.tflite --emit-c` and rebuild the firmware (boards/README.md).");
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            AnomalyScorer scorer = new AnomalyScorer(new Interpreter(model));
            if (TrainedPipeline.ScoreWeights != null)
            {
                // anomaly.pipeline.cs of the same training run
                scorer.UseWeights(TrainedPipeline.ScoreWeights, TrainedPipeline.ScoreTopCount > 0 ? TrainedPipeline.ScoreTopCount : scorer.FeatureCount);
            }
            if (TrainedPipeline.Orders && TrainedPipeline.NormalizerOffset == null)
            {
                Debug.WriteLine("TrainedPipeline.cs has no speed normalizer: train with `tinyml train-anomaly normal.csv --features Orders -o anomaly.tflite`, "
                    + "copy the anomaly.pipeline.cs it writes over TrainedPipeline.cs and rebuild (README.md beside Program.cs).");
                Thread.Sleep(Timeout.Infinite);
                return;
            }
            AnomalySettings settings = new AnomalySettings(); // 120 calibration windows, mean + 4 sigma, raise after 2, clear after 4
            AnomalyDetector detector = new AnomalyDetector(settings, AnomalyCalibration.FingerprintOf(model), OpenStore());
            detector.Changed += OnChanged;

            IDigitalOutput led = Board.LedPin != BoardDefinition.NoPin ? new GpioDigitalOutput(gpio, Board.LedPin, Board.LedActiveLow) : null;
            if (led != null)
            {
                detector.AttachAlarmOutput(led);
            }
            if (Board.BuzzerPin != BoardDefinition.NoPin)
            {
                detector.AttachAlarmOutput(new GpioDigitalOutput(gpio, Board.BuzzerPin, false));
            }

            IAnomalyPipeline pipeline;
            if (TrainedPipeline.Orders)
            {
                OrderAnomalyPipeline orders = new OrderAnomalyPipeline(
                    new OrderFeatures(WindowSamples, SampleRateHz, TrainedPipeline.MinSpeedHz, TrainedPipeline.MaxSpeedHz, Bands),
                    new SpeedNormalizer(TrainedPipeline.NormalizerOffset, TrainedPipeline.NormalizerSlope, TrainedPipeline.NormalizerInverseScale),
                    scorer, detector, BaselineWindows);
                // The machine's levels follow it slowly (windows far below the threshold only, at most 0.005
                // spreads per window), saved every 2000 adaptations (at most every ~8.5 min: flash wear).
                orders.EnableAdaptation(0.01f, 0.005f, 1.0, 2000);
                pipeline = orders;
            }
            else
            {
                pipeline = new VibrationAnomalyPipeline(new VibrationFeatures(WindowSamples, Bands), scorer, detector);
            }
            VibrationAnomalyLoop loop = new VibrationAnomalyLoop(sampler, pipeline, button, led);

            Debug.WriteLine(detector.State == DetectorState.Monitoring
                ? "Using the stored calibration: enter " + detector.Calibration.EnterThreshold.ToString("F3") + ", exit " + detector.Calibration.ExitThreshold.ToString("F3")
                : "Calibrating on " + (TrainedPipeline.Orders ? BaselineWindows.ToString() + " + " : "") + settings.CalibrationWindows.ToString()
                    + " windows of normal running; keep the machine running normally.");
            loop.Run();
        }

        private static ICalibrationStore OpenStore()
        {
            try
            {
                return new FileCalibrationStore(FileCalibrationStore.DefaultPath);
            }
            catch (Exception e)
            {
                Debug.WriteLine("No storage for the calibration (" + e.Message + "): it will be redone after each reset.");
                return new MemoryCalibrationStore();
            }
        }

        private static void OnChanged(object sender, AnomalyEventArgs e)
        {
            AnomalyDetector detector = (AnomalyDetector)sender;
            if (e.Kind == AnomalyEventKind.Calibrated)
            {
                Debug.WriteLine("Calibrated on " + e.Calibration.WindowCount.ToString() + " windows: mean " + e.Calibration.Mean.ToString("F3")
                    + ", enter " + e.Calibration.EnterThreshold.ToString("F3") + ", exit " + e.Calibration.ExitThreshold.ToString("F3")
                    + (detector.StoreError != null ? " (not saved: " + detector.StoreError.Message + ")" : ""));
            }
            else
            {
                Debug.WriteLine((e.Kind == AnomalyEventKind.AlarmRaised ? "ALARM: anomalous vibration" : "Alarm cleared") + " at window "
                    + e.Window.ToString() + ", score " + e.Score.ToString("F3"));
            }
        }

        private static void OnSensorFault(object sender, SensorFaultEventArgs e)
        {
            Debug.WriteLine("IMU: " + e.Message);
        }
    }
}
