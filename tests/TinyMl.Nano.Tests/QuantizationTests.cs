using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Nano.Tests
{
    [TestClass]
    public class QuantizationTests
    {
        [TestMethod]
        public void QuantizeDividesByScaleAndAddsZeroPoint()
        {
            Assert.AreEqual(2, (int)Quantization.Quantize(1.0f, 0.5f, 0));
            Assert.AreEqual(-6, (int)Quantization.Quantize(-3.0f, 0.5f, 0));
            Assert.AreEqual(83, (int)Quantization.Quantize(0.0f, 0.1f, 83));
            // 10 / 0.584703 = 17.10 -> 17, + 83 (the KWS input parameters).
            Assert.AreEqual(100, (int)Quantization.Quantize(10.0f, 0.584703f, 83));
            // 0.74 / 0.5 = 1.48 -> 1, + 3.
            Assert.AreEqual(4, (int)Quantization.Quantize(0.74f, 0.5f, 3));
        }

        [TestMethod]
        public void QuantizeRoundsHalfAwayFromZero()
        {
            Assert.AreEqual(1, (int)Quantization.Quantize(0.25f, 0.5f, 0));    // 0.5 -> 1
            Assert.AreEqual(-1, (int)Quantization.Quantize(-0.25f, 0.5f, 0));  // -0.5 -> -1
            Assert.AreEqual(3, (int)Quantization.Quantize(1.25f, 0.5f, 0));    // 2.5 -> 3 (not banker's 2)
            Assert.AreEqual(-3, (int)Quantization.Quantize(-1.25f, 0.5f, 0));  // -2.5 -> -3
            Assert.AreEqual(-10, (int)Quantization.Quantize(1.25f, 0.5f, -13)); // 3 - 13
        }

        [TestMethod]
        public void QuantizeClampsToInt8()
        {
            Assert.AreEqual(127, (int)Quantization.Quantize(1000.0f, 0.5f, 0));
            Assert.AreEqual(-128, (int)Quantization.Quantize(-1000.0f, 0.5f, -10));
            Assert.AreEqual(127, (int)Quantization.Quantize(63.75f, 0.5f, 0));  // 127.5 -> 128 -> 127
            Assert.AreEqual(-128, (int)Quantization.Quantize(-64.25f, 0.5f, 0)); // -128.5 -> -129 -> -128
            Assert.AreEqual(127, (int)Quantization.Quantize(float.PositiveInfinity, 0.5f, 0));
            Assert.AreEqual(-128, (int)Quantization.Quantize(float.NegativeInfinity, 0.5f, 0));
        }

        [TestMethod]
        public void QuantizeMapsNaNToZeroPoint()
        {
            Assert.AreEqual(-7, (int)Quantization.Quantize(float.NaN, 0.5f, -7));
        }

        [TestMethod]
        public void QuantizeRejectsScaleNotPositive()
        {
            bool caught = false;
            try
            {
                Quantization.Quantize(1.0f, 0.0f, 0);
            }
            catch (ArgumentException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);
        }

        [TestMethod]
        public void DequantizeSubtractsZeroPointAndScales()
        {
            Assert.IsTrue(Quantization.Dequantize(100, 0.5f, 83) == 8.5f);
            Assert.IsTrue(Quantization.Dequantize(-128, 0.00390625f, -128) == 0.0f);
            Assert.IsTrue(Quantization.Dequantize(127, 0.00390625f, -128) == 0.99609375f);
            Assert.IsTrue(Quantization.Dequantize(-128, 0.25f, 0) == -32.0f);
        }

        [TestMethod]
        public void QuantizeThenDequantizeIsWithinHalfAStep()
        {
            float scale = 0.0802362f;
            int zeroPoint = -128;
            for (int i = 0; i <= 200; i++)
            {
                float value = i * 0.1f;
                float back = Quantization.Dequantize(Quantization.Quantize(value, scale, zeroPoint), scale, zeroPoint);
                Assert.IsTrue(Math.Abs(back - value) <= scale / 2 + 1e-6, "value " + value.ToString() + " came back as " + back.ToString());
            }
        }
    }
}
