using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using TinyMl.Nano.Audio;
using TinyMl.Nano.Boards;
using TinyMl.Nano.Device;
using TinyMl.Nano.Hardware;

namespace TinyMl.Nano.Apps.KeywordSpotting
{
    /// <summary>
    /// Keyword spotting on the board's microphone. By default a wake word: I2S -> microWakeWord front
    /// end (10 ms step) -> streaming okay_nabu_v2 model every 30 ms (3 new feature frames, state kept
    /// in the model) -> sliding-window average above the manifest's cutoff -> "Okay Nabu". With
    /// <see cref="UseWakeWord"/> false: micro_speech front end -> feature ring -> micro_speech model
    /// every 60 ms -> averaged scores -> "yes" / "no". The LED lights for half a second and the
    /// detection is printed. Everything runs on this one thread; after start-up the loop allocates
    /// nothing. Wiring, models and the audio budget: README.md beside this file.
    /// </summary>
    public class Program
    {
        /// <summary>The board this build is for (see boards/README.md).</summary>
        private static readonly BoardDefinition Board = BoardCatalog.Esp32DevKitC;

        /// <summary>True: the microWakeWord model; false: micro_speech yes/no.</summary>
        private static readonly bool UseWakeWord = true;

        /// <summary>Name of the model in the firmware's flash table (tinyml compile --emit-c).</summary>
        private static readonly string ModelName = UseWakeWord ? "okay_nabu_v2" : "micro_speech_quantized";

        /// <summary>
        /// The wake-word settings: the model.wakeword.txt that `tinyml compile okay_nabu_v2.tflite
        /// --manifest okay_nabu_v2.json` writes (the values of microWakeWord's manifest).
        /// </summary>
        private const string WakeWordSettingsText =
            "wake_word=Okay Nabu\n" +
            "probability_cutoff=0.9700\n" +
            "sliding_window_size=5\n" +
            "feature_step_ms=10\n" +
            "refractory_ms=2000\n" +
            "warm_up_ms=740\n";

        /// <summary>The model's classes in output order (micro_speech_quantized.tflite).</summary>
        private static readonly string[] Labels = new string[] { "silence", "unknown", "yes", "no" };

        /// <summary>How long the LED stays on after a detection.</summary>
        private const int LedOnMs = 500;

        public static void Main()
        {
            Debug.WriteLine("TinyMl.Nano keyword spotting on " + Board.Name);
            if (!Board.HasMicrophone)
            {
                Debug.WriteLine(Board.Name + " has no microphone nanoFramework can read; pick another board in Program.cs.");
                Thread.Sleep(Timeout.Infinite);
            }

            Model model;
            try
            {
                model = Model.FromFlash(ModelName);
            }
            catch (ArgumentException)
            {
                Debug.WriteLine("The firmware has no flash model '" + ModelName + "': compile " + ModelName + ".tflite with `tinyml compile --emit-c` and rebuild the firmware (boards/README.md, section 5).");
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            Interpreter interpreter = new Interpreter(model);
            IKeywordRecognizer recognizer;
            string listeningFor;
            if (UseWakeWord)
            {
                WakeWordSettings settings = WakeWordSettings.Parse(WakeWordSettingsText);
                recognizer = new WakeWordRecognizer(interpreter, MicroFrontend.ForMicroWakeWord(settings.FeatureStepMs), settings);
                listeningFor = settings.WakeWord;
            }
            else
            {
                recognizer = new KeywordRecognizer(interpreter, new MicroFrontend(), Labels, AudioBudget.Settings());
                listeningFor = Labels[2] + " / " + Labels[3];
            }
            recognizer.KeywordDetected += OnKeywordDetected;
            int readSamples = UseWakeWord ? AudioBudget.WakeWordReadSamples : AudioBudget.ReadSamples;

            IDigitalOutput led = null;
            if (Board.LedPin != BoardDefinition.NoPin)
            {
                led = new GpioDigitalOutput(new GpioController(), Board.LedPin, Board.LedActiveLow);
            }

            BoardPinRouting.RouteMicrophone(Board);
            I2sMicrophone microphone = new I2sMicrophone(Board.I2sBus, Board.Microphone == MicrophoneKind.Pdm,
                                                         AudioBudget.DmaDescriptors, readSamples);
            Debug.WriteLine("Listening for " + listeningFor + ": model arena " + model.ArenaSize.ToString() +
                            " B, I2S DMA " + I2sMicrophone.BufferSizeFor(AudioBudget.DmaDescriptors).ToString() + " B (" +
                            I2sMicrophone.BufferedMsFor(AudioBudget.DmaDescriptors).ToString() + " ms of audio).");

            // A fresh stream: front end, model state (ResetState) and averages start from zero.
            recognizer.Reset();
            KeywordSpottingLoop loop = new KeywordSpottingLoop(microphone, recognizer, led, LedOnMs, readSamples);
            loop.Run(); // a microphone never ends
        }

        private static void OnKeywordDetected(object sender, KeywordDetection detection)
        {
            // Allocates a string per detection only (not per frame).
            Debug.WriteLine(detection.Label + " (" + detection.Score.ToString("N2") + ") at " + detection.TimeMs.ToString() + " ms");
        }
    }
}
