using System;
using TinyMl.Nano.Anomaly;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace TinyMl.Nano.Tests.Anomaly
{
    [TestClass]
    public class VibrationFeaturesTests
    {
        // 256 samples, 8 bands of 16 bins: a sine on bin 40 (156.25 Hz at 1 kHz) lies in band 2 (bins 33..48).
        private static float[] SineWindow(int offset, double amplitude)
        {
            float[] w = new float[offset + 3 * 256];
            for (int i = 0; i < 256; i++)
            {
                double v = amplitude * Math.Sin(2 * Math.PI * 40 * i / 256.0 + 0.4);
                w[offset + 3 * i] = (float)v;          // x: the sine
                w[offset + 3 * i + 1] = 0.25f;         // y: a constant (removed with the mean)
                w[offset + 3 * i + 2] = (float)(1 + v); // z: gravity plus the sine
            }
            return w;
        }

        [TestMethod]
        public void SineEnergyLandsInItsBandAtHalfTheSquaredAmplitude()
        {
            VibrationFeatures f = new VibrationFeatures(256, 8);
            Assert.AreEqual(24, f.FeatureCount);
            Assert.AreEqual(768, f.WindowValues);
            float[] features = new float[24];

            f.Compute(SineWindow(0, 0.2), 0, features, 0);

            double expected = 10 * Math.Log10(0.2 * 0.2 / 2); // -16.99 dB
            Assert.IsTrue(Math.Abs(features[2] - expected) < 0.01, features[2].ToString());
            Assert.IsTrue(Math.Abs(features[16 + 2] - expected) < 0.01, features[18].ToString());
            for (int b = 0; b < 8; b++)
            {
                Assert.IsTrue(features[8 + b] < -99.9f, "y band " + b.ToString() + ": " + features[8 + b].ToString());
                if (b != 2)
                {
                    Assert.IsTrue(features[b] < -80f, "x band " + b.ToString() + ": " + features[b].ToString());
                }
            }
        }

        [TestMethod]
        public void OffsetsAndQuantizationMatchThePlainCall()
        {
            VibrationFeatures f = new VibrationFeatures(256, 8);
            float[] plain = new float[24];
            float[] shifted = new float[30];
            f.Compute(SineWindow(0, 0.05), 0, plain, 0);
            f.Compute(SineWindow(9, 0.05), 9, shifted, 6);
            for (int i = 0; i < 24; i++)
            {
                Assert.AreEqual(plain[i], shifted[6 + i]);
            }

            sbyte[] q = new sbyte[26];
            f.ComputeQuantized(SineWindow(0, 0.05), 0, 0.25f, 100, q, 2);
            for (int i = 0; i < 24; i++)
            {
                Assert.AreEqual(Quantization.Quantize(plain[i], 0.25f, 100), q[2 + i]);
            }
        }

        [TestMethod]
        public void BadArgumentsGiveClearErrors()
        {
            Assert.IsTrue(Message(delegate { new VibrationFeatures(100, 8); }).IndexOf("power of 2") >= 0);
            Assert.IsTrue(Message(delegate { new VibrationFeatures(256, 7); }).IndexOf("divide 128") >= 0);
            VibrationFeatures f = new VibrationFeatures(64, 4);
            float[] window = new float[192];
            float[] features = new float[12];
            window[50] = float.NaN;
            string nan = Message(delegate { f.Compute(window, 0, features, 0); });
            Assert.IsTrue(nan.IndexOf("sample value 50 is not a finite number") >= 0, nan);
            window[50] = 0;
            string offset = Message(delegate { f.Compute(window, 1, features, 0); });
            Assert.IsTrue(offset.IndexOf("offset") >= 0, offset);
            string shortOut = Message(delegate { f.Compute(window, 0, new float[11], 0); });
            Assert.IsTrue(shortOut.IndexOf("features") >= 0, shortOut);
        }

        [TestMethod]
        public void ReconstructionErrorIsTheMeanSquaredDequantizedDifference()
        {
            sbyte[] input = new sbyte[] { 0, 10, -10, 127 };
            sbyte[] output = new sbyte[] { 99, 2, 4, -6, 127 };
            // input real: 0.5 * (q - 2) = -1, 4, -6, 62.5; output real (offset 1): 0.25 * (q + 4) = 1.5, 2, -0.5, 32.75
            double expected = (2.5 * 2.5 + 2 * 2 + 5.5 * 5.5 + 29.75 * 29.75) / 4;
            double actual = ReconstructionError.MeanSquared(input, 0, 0.5f, 2, output, 1, 0.25f, -4, 4);
            Assert.AreEqual(expected, actual);
            Assert.IsTrue(Message(delegate { ReconstructionError.MeanSquared(input, 1, 0.5f, 2, output, 0, 0.25f, -4, 4); }).IndexOf("input") >= 0);
        }

        [TestMethod]
        public void TopMeanAveragesTheLargestWeightedTerms()
        {
            sbyte[] input = new sbyte[] { 4, 0, -2, 6 };
            sbyte[] output = new sbyte[] { 0, 1, 0, 0 };
            float[] weights = new float[] { 1f, 2f, 0.5f, 1f };
            double[] scratch = new double[4];
            // residuals (scales 1, zero points 0): 4, -1, -2, 6; weighted squares 16, 2, 2, 36
            Assert.AreEqual(36.0, ReconstructionError.WeightedTopMeanSquared(input, 0, 1f, 0, output, 0, 1f, 0, weights, 0, 4, 1, scratch));
            Assert.AreEqual((36.0 + 16.0) / 2, ReconstructionError.WeightedTopMeanSquared(input, 0, 1f, 0, output, 0, 1f, 0, weights, 0, 4, 2, scratch));
            double all = ReconstructionError.WeightedTopMeanSquared(input, 0, 1f, 0, output, 0, 1f, 0, weights, 0, 4, 4, scratch);
            Assert.AreEqual(ReconstructionError.WeightedMeanSquared(input, 0, 1f, 0, output, 0, 1f, 0, weights, 0, 4), all);
            Assert.IsTrue(Message(delegate { ReconstructionError.WeightedTopMeanSquared(input, 0, 1f, 0, output, 0, 1f, 0, weights, 0, 4, 5, scratch); }).IndexOf("topCount") >= 0);
            Assert.IsTrue(Message(delegate { ReconstructionError.WeightedTopMeanSquared(input, 0, 1f, 0, output, 0, 1f, 0, weights, 0, 4, 2, new double[3]); }).IndexOf("scratch") >= 0);
        }

        private delegate void Action0();

        private static string Message(Action0 action)
        {
            try
            {
                action();
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
            return "no exception";
        }
    }
}
