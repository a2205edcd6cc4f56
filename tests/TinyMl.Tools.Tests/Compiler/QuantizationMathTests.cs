#nullable enable
using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;

namespace TinyMl.Tools.Tests.Compiler
{
    [TestClass]
    public class QuantizationMathTests
    {
        private static void AssertQm(double real, int multiplier, int shift)
        {
            var (m, s) = QuantizationMath.QuantizeMultiplier(real);
            Assert.AreEqual(multiplier, m, $"multiplier of {real:R}");
            Assert.AreEqual(shift, s, $"shift of {real:R}");
        }

        [TestMethod]
        public void QuantizeMultiplier_PowersOfTwoAndSimpleFractions()
        {
            AssertQm(0.5, 1 << 30, 0);
            AssertQm(0.25, 1 << 30, -1);
            AssertQm(1.0, 1 << 30, 1);
            AssertQm(0.75, 3 << 29, 0);           // 0.75 * 2^31
            AssertQm(3.0, 3 << 29, 2);            // 0.75 * 2^2
            AssertQm(0.0, 0, 0);
        }

        [TestMethod]
        public void QuantizeMultiplier_RoundsUpToTwoToThe31_HalvesAndIncrementsShift()
        {
            // q * 2^31 = 2^31 - 0.5 rounds (half away from zero) to 2^31 -> 2^30 with shift + 1.
            AssertQm(1 - Math.Pow(2, -32), 1 << 30, 1);
            AssertQm(1 - Math.Pow(2, -33), 1 << 30, 1);
            // 2^31 - 1 is representable and stays.
            AssertQm(1 - Math.Pow(2, -31), int.MaxValue, 0);
            // 0.5 + 2^-32: q*2^31 = 2^30 + 0.5 rounds away from zero.
            AssertQm(0.5 + Math.Pow(2, -32), (1 << 30) + 1, 0);
        }

        [TestMethod]
        public void QuantizeMultiplier_TinyValuesFlushToZero()
        {
            AssertQm(Math.Pow(2, -32), 1 << 30, -31);  // shift -31 still allowed
            AssertQm(Math.Pow(2, -33), 0, 0);          // shift -32 flushes
            AssertQm(1e-12, 0, 0);
            AssertQm(double.Epsilon, 0, 0);            // subnormal
        }

        [TestMethod]
        public void QuantizeMultiplierChecked_RejectsShiftAbove30()
        {
            Assert.AreEqual((1 << 30, 30), QuantizationMath.QuantizeMultiplierChecked(Math.Pow(2, 29), "x"));
            var e = Assert.ThrowsExactly<ModelCompileException>(() => QuantizationMath.QuantizeMultiplierChecked(Math.Pow(2, 30), "layer 7"));
            StringAssert.Contains(e.Message, "layer 7");
            Assert.ThrowsExactly<ModelCompileException>(() => QuantizationMath.QuantizeMultiplierChecked(-0.5, "x"));
            Assert.ThrowsExactly<ModelCompileException>(() => QuantizationMath.QuantizeMultiplierChecked(double.NaN, "x"));
        }

        [TestMethod]
        public void SoftmaxScaling_HandComputed()
        {
            // beta 1, scale 2^-4: 2^-4 * 2^26 = 2^22 = 0.5 * 2^23 -> (2^30, 23);
            // radius = floor(31 * 2^26 / 2^23) = 248.
            var (m, s) = QuantizationMath.PreprocessSoftmaxScaling(1.0, 0.0625, 5, "x");
            Assert.AreEqual(1 << 30, m);
            Assert.AreEqual(23, s);
            Assert.AreEqual(248, QuantizationMath.CalculateInputRadius(5, s));
            // A product below 1 cannot be represented with a left shift: TFLite CHECK-fails, we throw.
            Assert.ThrowsExactly<ModelCompileException>(() => QuantizationMath.PreprocessSoftmaxScaling(1.0, 1e-9, 5, "x"));
            // beta x scale 20: 20 * 2^26 = 0.625 * 2^31 -> shift 31, radius floor(31 * 2^26 / 2^31) = 0
            // (TFLM: diff_min 0); scale 1000 hits the 2^31 - 1 cap, still shift 31.
            (m, s) = QuantizationMath.PreprocessSoftmaxScaling(1.0, 20.0, 5, "x");
            Assert.AreEqual(1342177280, m);
            Assert.AreEqual(31, s);
            Assert.AreEqual(0, QuantizationMath.CalculateInputRadius(5, s));
            (m, s) = QuantizationMath.PreprocessSoftmaxScaling(1.0, 1000.0, 5, "x");
            Assert.AreEqual(int.MaxValue, m);
            Assert.AreEqual(31, s);
        }

        [TestMethod]
        public void ActivationRanges_AsCalculateActivationRangeQuantized()
        {
            Assert.AreEqual((-128, 127), QuantizationMath.ActivationRangeInt8(ActivationFunction.None, 0.1f, 3, "x"));
            Assert.AreEqual((5, 127), QuantizationMath.ActivationRangeInt8(ActivationFunction.Relu, 0.1f, 5, "x"));
            // 6 / (6/255) = 255 -> -128 + 255 = 127.
            Assert.AreEqual((-128, 127), QuantizationMath.ActivationRangeInt8(ActivationFunction.Relu6, 6f / 255, -128, "x"));
            // 6 / 0.1 = 60 -> 10 + 60 = 70.
            Assert.AreEqual((10, 70), QuantizationMath.ActivationRangeInt8(ActivationFunction.Relu6, 0.1f, 10, "x"));
            Assert.AreEqual((-64, 64), QuantizationMath.ActivationRangeInt8(ActivationFunction.ReluN1To1, 1f / 64, 0, "x"));
            // 1 / (1/128) = 128, clamped to 127.
            Assert.AreEqual((-128, 127), QuantizationMath.ActivationRangeInt8(ActivationFunction.ReluN1To1, 1f / 128, 0, "x"));
            Assert.ThrowsExactly<ModelCompileException>(() => QuantizationMath.ActivationRangeInt8(ActivationFunction.Tanh, 0.1f, 0, "x"));
        }
    }
}
