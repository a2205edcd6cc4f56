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
    /// Keyword spotting on the board's microphone: I2S -> micro_speech front end -> feature ring ->
    /// micro_speech model every 60 ms -> averaged scores -> "yes" / "no", the LED lights for half a
    /// second and the detection is printed. Everything runs on this one thread; after start-up the
    /// loop allocates nothing. Wiring, model and the audio budget: README.md beside this file.
    /// </summary>
    public class Program
    {
        /// <summary>The board this build is for (see boards/README.md).</summary>
        private static readonly BoardDefinition Board = BoardCatalog.Esp32DevKitC;

        /// <summary>Name of the model in the firmware's flash table (tinyml compile --emit-c).</summary>
        private const string ModelName = "micro_speech_quantized";

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
                Debug.WriteLine("The firmware has no flash model '" + ModelName + "': compile micro_speech_quantized.tflite with `tinyml compile --emit-c` and rebuild the firmware (boards/README.md, section 5).");
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            Interpreter interpreter = new Interpreter(model);
            KeywordRecognizer recognizer = new KeywordRecognizer(interpreter, new MicroFrontend(), Labels, AudioBudget.Settings());
            recognizer.KeywordDetected += OnKeywordDetected;

            IDigitalOutput led = null;
            if (Board.LedPin != BoardDefinition.NoPin)
            {
                led = new GpioDigitalOutput(new GpioController(), Board.LedPin, Board.LedActiveLow);
            }

            BoardPinRouting.RouteMicrophone(Board);
            I2sMicrophone microphone = new I2sMicrophone(Board.I2sBus, Board.Microphone == MicrophoneKind.Pdm,
                                                         AudioBudget.DmaDescriptors, AudioBudget.ReadSamples);
            Debug.WriteLine("Listening for " + Labels[2] + " / " + Labels[3] + ": model arena " + model.ArenaSize.ToString() +
                            " B, I2S DMA " + I2sMicrophone.BufferSizeFor(AudioBudget.DmaDescriptors).ToString() + " B (" +
                            I2sMicrophone.BufferedMsFor(AudioBudget.DmaDescriptors).ToString() + " ms of audio).");

            KeywordSpottingLoop loop = new KeywordSpottingLoop(microphone, recognizer, led, LedOnMs, AudioBudget.ReadSamples);
            loop.Run(); // a microphone never ends
        }

        private static void OnKeywordDetected(object sender, KeywordDetection detection)
        {
            // Allocates a string per detection only (not per frame).
            Debug.WriteLine(detection.Label + " (" + detection.Score.ToString("N2") + ") at " + detection.TimeMs.ToString() + " ms");
        }
    }
}
