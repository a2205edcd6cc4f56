using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Host;
using TinyMl.Simulation;

namespace TinyMl.Tools.Tests.Simulation
{
    [TestClass]
    public class VibrationGeneratorTests
    {
        // 25 Hz shaft at 1 kHz for 4 s: 0.25 Hz bins, so every shaft order k/2 and the bearing
        // frequency 3.58 x 25 = 89.5 Hz fall on a bin.
        private static readonly VibrationSettings Machine = new() { ShaftSpeedHz = 25, SampleRateHz = 1000 };
        private const int Samples = 4000;
        private const int X = 0, Y = 1, Z = 2;

        [TestMethod]
        public void SameSeedGivesTheSameSignalAndOtherSeedsDiffer()
        {
            foreach (MachineCondition condition in Enum.GetValues<MachineCondition>())
            {
                float[] a = new VibrationGenerator(Machine, condition, 42).Generate(Samples);
                float[] b = new VibrationGenerator(Machine, condition, 42).Generate(Samples);
                float[] c = new VibrationGenerator(Machine, condition, 43).Generate(Samples);
                CollectionAssert.AreEqual(a, b, condition.ToString());
                Assert.IsTrue(MaxAbsDifference(a, c) > 0.01, condition.ToString());
            }
        }

        [TestMethod]
        public void GeneratingInPiecesContinuesTheSameStream()
        {
            float[] whole = new VibrationGenerator(Machine, MachineCondition.BearingDefect, 7).Generate(3000);
            var pieces = new VibrationGenerator(Machine, MachineCondition.BearingDefect, 7);
            float[] joined = new float[3 * 3000];
            pieces.Generate(joined.AsSpan(0, 3 * 1000));
            pieces.Generate(joined.AsSpan(3 * 1000, 3 * 1500));
            pieces.Generate(joined.AsSpan(3 * 2500));
            CollectionAssert.AreEqual(whole, joined);
            Assert.AreEqual(3000L, pieces.SamplesGenerated);
        }

        [TestMethod]
        public void HealthyHasPeaksAtOneTwoThreeTimesShaftSpeedOnly()
        {
            float[] s = new VibrationGenerator(Machine, MachineCondition.Healthy, 1).Generate(Samples);
            double floor = NoiseFloor(s, X);

            double a1 = Amplitude(s, X, 25), a2 = Amplitude(s, X, 50), a3 = Amplitude(s, X, 75);
            Assert.IsTrue(a1 > 0.045 && a1 < 0.055, $"1x = {a1}");       // 0.05 g +-10 %
            Assert.IsTrue(a2 > 0.0225 && a2 < 0.0275, $"2x = {a2}");
            Assert.IsTrue(a3 > 0.0135 && a3 < 0.0165, $"3x = {a3}");
            Assert.IsTrue(a3 > 20 * floor, $"3x {a3} vs floor {floor}");
            foreach (double quiet in new[] { 12.5, 37.5, 100, 125, 300 })
            {
                Assert.IsTrue(Amplitude(s, X, quiet) < 5 * floor, $"{quiet} Hz = {Amplitude(s, X, quiet)}, floor {floor}");
            }

            Assert.AreEqual(1.0, Mean(s, Z), 0.01); // gravity
            double noise = Rms(Subtract(s, new VibrationGenerator(Machine with { NoiseG = 0 }, MachineCondition.Healthy, 1).Generate(Samples)), X);
            Assert.AreEqual(0.01, noise, 0.001); // broadband noise at the level asked
        }

        [TestMethod]
        public void ImbalanceRaisesOnlyTheRadialOneTimesComponent()
        {
            float[] healthy = new VibrationGenerator(Machine, MachineCondition.Healthy, 3).Generate(Samples);
            float[] faulty = new VibrationGenerator(Machine, MachineCondition.Imbalance, 3).Generate(Samples);

            foreach (int axis in new[] { X, Y })
            {
                double h1 = Amplitude(healthy, axis, 25), f1 = Amplitude(faulty, axis, 25);
                Assert.IsTrue(f1 > 2.5 * h1, $"axis {axis}: 1x healthy {h1}, imbalance {f1}");
                Assert.AreEqual(Amplitude(healthy, axis, 50), Amplitude(faulty, axis, 50), 1e-4);
                Assert.AreEqual(Amplitude(healthy, axis, 75), Amplitude(faulty, axis, 75), 1e-4);
            }

            Assert.IsTrue(Amplitude(faulty, Z, 25) < 0.5 * Amplitude(faulty, X, 25), "imbalance is radial");
        }

        [TestMethod]
        public void BearingDefectRingsAtTheResonanceWithAnEnvelopeAtTheDefectFrequency()
        {
            float[] healthy = new VibrationGenerator(Machine, MachineCondition.Healthy, 5).Generate(Samples);
            float[] faulty = new VibrationGenerator(Machine, MachineCondition.BearingDefect, 5).Generate(Samples);
            double defectHz = Machine.BearingDefectHz;
            Assert.AreEqual(89.5, defectHz, 1e-9);

            // The raw spectrum gains energy around the resonance (300 Hz).
            double bandHealthy = BandRms(healthy, X, 240, 360);
            double bandFaulty = BandRms(faulty, X, 240, 360);
            Assert.IsTrue(bandFaulty > 10 * bandHealthy, $"resonance band: healthy {bandHealthy}, bearing {bandFaulty}");

            // The fault component's envelope repeats at the defect frequency.
            float[] fault = Subtract(faulty, healthy);
            float[] envelope = Abs(fault, X);
            double atDefect = PeakNear(envelope, 0, defectHz, 1.0);
            double envelopeFloor = MedianAmplitude(envelope, 0, 5, 200);
            Assert.IsTrue(atDefect > 5 * envelopeFloor, $"envelope at {defectHz} Hz = {atDefect}, floor {envelopeFloor}");
            Assert.IsTrue(atDefect > 3 * PeakNear(envelope, 0, 1.37 * defectHz, 1.0), "peak belongs to the defect frequency");

            // Healthy has no such envelope line.
            double healthyAtDefect = PeakNear(Abs(healthy, X), 0, defectHz, 1.0);
            Assert.IsTrue(atDefect > 5 * healthyAtDefect, $"healthy envelope at defect {healthyAtDefect}");
        }

        [TestMethod]
        public void LoosenessAddsHalfHarmonicsAndClipsOneSide()
        {
            float[] healthy = new VibrationGenerator(Machine, MachineCondition.Healthy, 9).Generate(Samples);
            float[] loose = new VibrationGenerator(Machine, MachineCondition.Looseness, 9).Generate(Samples);
            double floor = NoiseFloor(healthy, Y);

            Assert.IsTrue(Amplitude(loose, Y, 12.5) > 20 * Amplitude(healthy, Y, 12.5), "0.5x appears");
            Assert.IsTrue(Amplitude(loose, Y, 37.5) > 20 * Amplitude(healthy, Y, 37.5), "1.5x appears");
            int healthyLines = 0, looseLines = 0;
            for (int k = 1; k <= 12; k++)
            {
                double hz = 12.5 * k;
                healthyLines += Amplitude(healthy, Y, hz) > 10 * floor ? 1 : 0;
                looseLines += Amplitude(loose, Y, hz) > 10 * floor ? 1 : 0;
            }

            Assert.AreEqual(3, healthyLines);
            Assert.IsTrue(looseLines >= 10, $"looseness lines: {looseLines}");

            // Flat top: the fault component (noise cancels, same seed) stops at +level, swings far below.
            float[] component = Subtract(loose, healthy);
            double level = 2 * Machine.HarmonicLevelG;
            int atStop = 0;
            double max = double.MinValue, min = double.MaxValue;
            for (int i = 0; i < Samples; i++)
            {
                double v = component[3 * i + Y];
                max = Math.Max(max, v);
                min = Math.Min(min, v);
                atStop += Math.Abs(v - level) < 1e-5 ? 1 : 0;
            }

            Assert.AreEqual(level, max, 1e-5);
            Assert.IsTrue(atStop > Samples / 20, $"{atStop} samples at the stop");
            Assert.IsTrue(-min > 2 * max, $"min {min}, max {max}");
        }

        [TestMethod]
        public void SeverityZeroIsHealthyAndFaultsGrowWithSeverity()
        {
            float[] healthy = new VibrationGenerator(Machine, MachineCondition.Healthy, 11).Generate(Samples);
            foreach (MachineCondition condition in new[] { MachineCondition.Imbalance, MachineCondition.BearingDefect, MachineCondition.Looseness })
            {
                float[] none = new VibrationGenerator(Machine with { Severity = 0 }, condition, 11).Generate(Samples);
                CollectionAssert.AreEqual(healthy, none, condition.ToString());

                double previous = 0;
                foreach (double severity in new[] { 0.25, 0.5, 1.0, 2.0 })
                {
                    float[] faulty = new VibrationGenerator(Machine with { Severity = severity }, condition, 11).Generate(Samples);
                    double rms = Rms(Subtract(faulty, healthy), X);
                    Assert.IsTrue(rms > 1.5 * previous, $"{condition} severity {severity}: {rms} after {previous}");
                    previous = rms;
                }
            }
        }

        [TestMethod]
        public void UnusableSettingsAreRejectedByName()
        {
            var tooFast = Machine with { ShaftSpeedHz = 200 }; // 3x = 600 Hz > 500 Hz
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VibrationGenerator(tooFast, MachineCondition.Healthy, 1));
            StringAssert.Contains(e.Message, "ShaftSpeedHz");
            StringAssert.Contains(e.Message, "Nyquist");

            var loose = Machine with { ShaftSpeedHz = 100 }; // fine when healthy, 6x too high for looseness
            _ = new VibrationGenerator(loose, MachineCondition.Healthy, 1);
            e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VibrationGenerator(loose, MachineCondition.Looseness, 1));
            StringAssert.Contains(e.Message, "looseness");

            e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VibrationGenerator(Machine with { NoiseG = -1 }, MachineCondition.Healthy, 1));
            StringAssert.Contains(e.Message, "NoiseG");

            e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
                new VibrationGenerator(Machine with { BearingResonanceHz = 600 }, MachineCondition.BearingDefect, 1));
            StringAssert.Contains(e.Message, "BearingResonanceHz");

            Assert.ThrowsExactly<ArgumentException>(() => new VibrationGenerator(Machine, MachineCondition.Healthy, 1).Generate(new float[4]));
        }

        [TestMethod]
        public void GeneratedDataSurvivesACsvRoundTrip()
        {
            float[] samples = new VibrationGenerator(Machine, MachineCondition.Looseness, 21).Generate(500);
            string path = Path.Combine(Path.GetTempPath(), $"tinyml-vibration-{Guid.NewGuid():N}.csv");
            try
            {
                CsvSampleFile.Write(path, samples, CsvSampleFile.AccelerometerColumns);
                CsvSamples read = CsvSampleFile.Read(path, CsvSampleFile.AccelerometerColumns);
                Assert.IsTrue(read.HadHeader);
                Assert.AreEqual(500, read.RowCount);
                CollectionAssert.AreEqual(samples, read.Values);
                Assert.AreEqual("ax,ay,az", File.ReadLines(path).First());
            }
            finally
            {
                File.Delete(path);
            }
        }

        // Amplitude (g) of the sinusoid at hz on one axis: 2/N |sum x[n] e^(-2 pi i hz n / fs)|.
        private static double Amplitude(float[] interleaved, int axis, double hz) => Amplitude(interleaved, axis, hz, 3);

        private static double Amplitude(float[] values, int axis, double hz, int stride)
        {
            int n = values.Length / stride;
            double re = 0, im = 0, w = 2 * Math.PI * hz / Machine.SampleRateHz;
            for (int i = 0; i < n; i++)
            {
                double v = values[i * stride + axis];
                re += v * Math.Cos(w * i);
                im -= v * Math.Sin(w * i);
            }

            return 2 * Math.Sqrt(re * re + im * im) / n;
        }

        private static double PeakNear(float[] single, int axis, double hz, double halfWidthHz)
        {
            double best = 0;
            for (double f = hz - halfWidthHz; f <= hz + halfWidthHz + 1e-9; f += 0.25)
            {
                best = Math.Max(best, Amplitude(single, axis, Math.Round(f * 4) / 4, 1));
            }

            return best;
        }

        private static double MedianAmplitude(float[] single, int axis, double fromHz, double toHz)
        {
            var amplitudes = new List<double>();
            for (double f = fromHz; f <= toHz; f += 0.25)
            {
                amplitudes.Add(Amplitude(single, axis, f, 1));
            }

            amplitudes.Sort();
            return amplitudes[amplitudes.Count / 2];
        }

        private static double NoiseFloor(float[] interleaved, int axis)
        {
            var amplitudes = new List<double>();
            for (double f = 5; f <= 450; f += 1.75)
            {
                amplitudes.Add(Amplitude(interleaved, axis, f));
            }

            amplitudes.Sort();
            return amplitudes[amplitudes.Count / 2];
        }

        private static double BandRms(float[] interleaved, int axis, double fromHz, double toHz)
        {
            // Parseval over the bins of the band: each bin of amplitude A carries A^2 / 2.
            double power = 0;
            for (double f = fromHz; f <= toHz; f += 0.25)
            {
                double a = Amplitude(interleaved, axis, f);
                power += a * a / 2;
            }

            return Math.Sqrt(power);
        }

        private static float[] Abs(float[] interleaved, int axis)
        {
            var result = new float[interleaved.Length / 3];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Math.Abs(interleaved[3 * i + axis]);
            }

            return result;
        }

        private static float[] Subtract(float[] a, float[] b)
        {
            var d = new float[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                d[i] = a[i] - b[i];
            }

            return d;
        }

        private static double Mean(float[] interleaved, int axis)
        {
            double sum = 0;
            for (int i = axis; i < interleaved.Length; i += 3)
            {
                sum += interleaved[i];
            }

            return sum / (interleaved.Length / 3);
        }

        private static double Rms(float[] interleaved, int axis)
        {
            double sum = 0;
            for (int i = axis; i < interleaved.Length; i += 3)
            {
                sum += (double)interleaved[i] * interleaved[i];
            }

            return Math.Sqrt(sum / (interleaved.Length / 3));
        }

        private static double MaxAbsDifference(float[] a, float[] b)
        {
            double max = 0;
            for (int i = 0; i < a.Length; i++)
            {
                max = Math.Max(max, Math.Abs(a[i] - b[i]));
            }

            return max;
        }
    }
}
