using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Nano.Tests
{
    /// <summary>
    /// One tiny model per operator, built here (TestBlobBuilder), run through Model + Interpreter
    /// and compared byte for byte with outputs worked out by hand from TFLite's integer definitions
    /// (reference_integer_ops and gemmlowp's fixed point). Small enough for the device heap.
    ///
    /// Requantization uses the Q31 multiplier 2^30 (= 0.5) so every step can be done in the head:
    /// TFLite's MultiplyByQuantizedMultiplier(x, 2^30, k) is
    ///   k = 1: x exactly;   k = 2: 2x exactly;
    ///   k = 0: x / 2 rounded half UP (SaturatingRoundingDoublingHighMul rounds ties toward +inf:
    ///          7.5 -> 8, 8.5 -> 9, -1.5 -> -1, -3.5 -> -3).
    /// For k &lt; 0 a second rounding (RoundingDivideByPOT, ties away from zero) follows.
    /// </summary>
    [TestClass]
    public class KernelVectorTests
    {
        private const int Half = TestBlobBuilder.MultiplierHalf;

        // ---- CONV_2D ------------------------------------------------------------------

        /// <summary>
        /// 3x3 filter, stride 2, SAME padding on a 3x3x2 input: output 2x2x2, pad 1 on every side
        /// (total padding (2-1)*2 + 3 - 3 = 2), so every output window is clipped: output row 0 uses
        /// filter rows 1..2 on input rows 0..1, output row 1 filter rows 0..1 on input rows 1..2
        /// (likewise for columns). Input zero point 2, output zero point -3, fused RELU
        /// (act_min = -3), per-channel requantization: channel 0 x1 (shift 1), channel 1 /2 (shift 0).
        /// </summary>
        [TestMethod]
        public void Conv2DSamePaddingStride2PerChannelRelu()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 1, 3, 3, 2 }, 0, 2, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddInt8Tensor(new int[] { 1, 2, 2, 2 }, 20, -3, TestBlobBuilder.ScaleBitsQuarter);
            // [out_c][fy][fx][in_c]. Per output channel, the 3x3 planes of input channels 0 and 1:
            // oc0: ic0 [[1,2,0],[0,1,-1],[3,0,1]]   ic1 [[0,1,0],[1,0,1],[0,-2,0]]
            // oc1: ic0 [[-1,0,1],[0,2,0],[1,0,-1]]  ic1 [[2,0,0],[0,-1,0],[0,0,3]]
            sbyte[] weights = new sbyte[]
            {
                1, 0,  2, 1,  0, 0,     0, 1,  1, 0,  -1, 1,    3, 0,  0, -2,  1, 0,
                -1, 2,  0, 0,  1, 0,    0, 0,  2, -1,  0, 0,    1, 0,  0, 0,  -1, 3
            };
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = -2;   // input_offset = -input zero point
            p[1] = -3;   // output zero point
            p[2] = -3;   // act_min: RELU clamps at the output zero point
            p[3] = 127;
            p[4] = 2; p[5] = 2;    // stride
            p[6] = 1; p[7] = 1;    // SAME: top/left half of the total padding 2
            p[8] = 1; p[9] = 1;    // dilation
            p[10] = 3; p[11] = 3;  // filter
            p[12] = 1;
            b.AddLayer(TestBlobBuilder.OpConv2D, input, TestBlobBuilder.NoTensor, output, weights,
                       new int[] { -10, 5 }, new int[] { Half, Half }, new int[] { 1, 0 }, p);
            byte[] blob = b.Build(28, input, output);

            // Input minus zero point: ic0 A = [[1,2,3],[4,5,6],[7,8,9]], ic1 B = [[-1,0,1],[2,-2,3],[0,4,-3]];
            // stored as A + 2, B + 2, interleaved (NHWC).
            sbyte[] x = new sbyte[] { 3, 1, 4, 2, 5, 3, 6, 4, 7, 0, 8, 5, 9, 2, 10, 6, 11, -1 };

            // Sums (taps inside the image only), + bias, requantize, + zp -3, clamp to [-3, 127]:
            // (0,0) in rows 0..1 cols 0..1, filter taps (1..2, 1..2):
            //   oc0: ic0 1*1 - 1*2 + 0*4 + 1*5 = 4, ic1 0 + 0 - 2*2 + 0 = -4 -> 0 - 10 = -10 -> -13 -> RELU -3
            //   oc1: ic0 2*1 + 0 + 0 - 1*5 = -3, ic1 -1*-1 + 3*-2 = -5 -> -8 + 5 = -3 -> /2 = -1.5 -> -1 -> -4 -> RELU -3
            // (0,1) in rows 0..1 cols 1..2, taps (1..2, 0..1):
            //   oc0: ic0 1*3 + 3*5 = 18, ic1 -2*3 = -6 -> 12 - 10 = 2 -> -1
            //   oc1: ic0 2*3 + 1*5 = 11, ic1 -1*1 = -1 -> 10 + 5 = 15 -> 7.5 -> 8 -> 5
            // (1,0) in rows 1..2 cols 0..1, taps (0..1, 1..2):
            //   oc0: ic0 2*4 + 1*7 - 1*8 = 7, ic1 1*2 + 1*4 = 6 -> 13 - 10 = 3 -> 0
            //   oc1: ic0 1*5 + 2*7 = 19, ic1 -1*0 = 0 -> 19 + 5 = 24 -> 12 -> 9
            // (1,1) in rows 1..2 cols 1..2, taps (0..1, 0..1):
            //   oc0: ic0 1*5 + 2*6 + 1*9 = 26, ic1 1*3 + 1*4 = 7 -> 33 - 10 = 23 -> 20
            //   oc1: ic0 -1*5 + 2*9 = 13, ic1 2*-2 - 1*-3 = -1 -> 12 + 5 = 17 -> 8.5 -> 9 -> 6
            sbyte[] expected = new sbyte[] { -3, -3, -1, 5, 0, 9, 20, 6 };
            AssertRuns(blob, x, expected, "CONV_2D");
        }

        // ---- DEPTHWISE_CONV_2D --------------------------------------------------------

        /// <summary>
        /// Depth multiplier 2 on 2 input channels: output channel 2*ic + m reads input channel ic.
        /// Input 1x3x2, filter 1x2, stride 1, VALID -> output 1x2x4. Input zero point -1, output
        /// zero point 4, act_max 25; per channel x1, x2, /2, x1 (shifts 1, 2, 0, 1).
        /// </summary>
        [TestMethod]
        public void DepthwiseConv2DDepthMultiplier2PerChannel()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 1, 1, 3, 2 }, 0, -1, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddInt8Tensor(new int[] { 1, 1, 2, 4 }, 8, 4, TestBlobBuilder.ScaleBitsHalf);
            // [1][fy][fx][out_c]: tap 0 then tap 1, each over output channels 0..3.
            sbyte[] weights = new sbyte[] { 1, 2, -1, 3, 2, -1, 1, 1 };
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = 1;    // -(-1)
            p[1] = 4;
            p[2] = -128;
            p[3] = 25;
            p[4] = 1; p[5] = 1;
            p[6] = 0; p[7] = 0;
            p[8] = 1; p[9] = 1;
            p[10] = 1; p[11] = 2;
            p[12] = 2;   // depth multiplier
            b.AddLayer(TestBlobBuilder.OpDepthwiseConv2D, input, TestBlobBuilder.NoTensor, output, weights,
                       new int[] { 0, 10, -1, 2 }, new int[] { Half, Half, Half, Half }, new int[] { 1, 2, 0, 1 }, p);
            byte[] blob = b.Build(16, input, output);

            // Input minus zero point: ic0 [1, 2, 3], ic1 [-2, 4, 5] (stored minus 1, interleaved).
            sbyte[] x = new sbyte[] { 0, -3, 1, 3, 2, 4 };

            // out x0 uses input x0,x1; out x1 uses x1,x2. Taps (w0, w1) per output channel:
            // oc0 = ic0 (1, 2):  x0 1+4 = 5  -> 5 -> 9;        x1 2+6 = 8 -> 12
            // oc1 = ic0 (2,-1):  x0 2-2 = 0 + 10 -> x2 20 -> 24; x1 4-3 = 1 + 10 = 11 -> 22 -> 26 -> act_max 25
            // oc2 = ic1 (-1,1):  x0 2+4 = 6 - 1 = 5 -> 2.5 -> 3 -> 7;  x1 -4+5 = 1 - 1 = 0 -> 4
            // oc3 = ic1 (3, 1):  x0 -6+4 = -2 + 2 = 0 -> 4;    x1 12+5 = 17 + 2 = 19 -> 23
            sbyte[] expected = new sbyte[] { 9, 24, 7, 4, 12, 25, 4, 23 };
            AssertRuns(blob, x, expected, "DEPTHWISE_CONV_2D");
        }

        // ---- FULLY_CONNECTED ----------------------------------------------------------

        /// <summary>
        /// Per-channel FULLY_CONNECTED, 2 batches of 3 -> 2. Input zero point 3, output zero point
        /// 10; row 0 x2 (shift 2), row 1 /2 (shift 0).
        /// </summary>
        [TestMethod]
        public void FullyConnectedPerChannelTwoBatches()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 2, 3 }, 0, 3, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddInt8Tensor(new int[] { 2, 2 }, 8, 10, TestBlobBuilder.ScaleBitsHalf);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = -3;
            p[1] = 10;
            p[2] = -128;
            p[3] = 127;
            p[4] = 0;    // weights zero point 0
            p[5] = 3;    // accum_depth
            p[6] = 2;    // output_depth
            b.AddLayer(TestBlobBuilder.OpFullyConnected, input, TestBlobBuilder.NoTensor, output,
                       new sbyte[] { 3, 1, -2, -1, 4, 2 }, new int[] { 1, -2 },
                       new int[] { Half, Half }, new int[] { 2, 0 }, p);
            byte[] blob = b.Build(12, input, output);

            // Input minus zero point: batch 0 [1, -2, 2], batch 1 [0, 7, -4].
            sbyte[] x = new sbyte[] { 4, 1, 5, 3, 10, -1 };
            // b0 r0: 3 - 2 - 4 = -3 + 1 = -2 -> x2 -4 -> 6
            // b0 r1: -1 - 8 + 4 = -5 - 2 = -7 -> /2 -3.5 -> -3 (tie up) -> 7
            // b1 r0: 0 + 7 + 8 = 15 + 1 = 16 -> 32 -> 42
            // b1 r1: 0 + 28 - 8 = 20 - 2 = 18 -> 9 -> 19
            AssertRuns(blob, x, new sbyte[] { 6, 7, 42, 19 }, "FULLY_CONNECTED");
        }

        // ---- AVERAGE_POOL_2D ----------------------------------------------------------

        /// <summary>
        /// 3x3 window, stride 1, SAME (pad 1) on a 3x3x2 input: windows are clipped, so the divisor
        /// is the number of taps inside the image (4 at corners, 6 at edges, 9 in the middle), and
        /// TFLite rounds the average half away from zero: (sum -/+ count/2) / count, truncating.
        /// Channel 1 is 100 everywhere, so every average there is exactly 100.
        /// </summary>
        [TestMethod]
        public void AveragePoolSamePaddingRoundsNegativeHalvesAwayFromZero()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 1, 3, 3, 2 }, 0, 5, TestBlobBuilder.ScaleBitsQuarter);
            int output = b.AddInt8Tensor(new int[] { 1, 3, 3, 2 }, 20, 5, TestBlobBuilder.ScaleBitsQuarter);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[2] = -128; p[3] = 127;
            p[4] = 1; p[5] = 1;
            p[6] = 1; p[7] = 1;
            p[10] = 3; p[11] = 3;
            b.AddLayer(TestBlobBuilder.OpAveragePool2D, input, TestBlobBuilder.NoTensor, output,
                       null, null, null, null, p);
            byte[] blob = b.Build(40, input, output);

            // Channel 0: [[-5, 2, -1], [0, -3, 4], [6, -2, -8]].
            sbyte[] x = new sbyte[] { -5, 100, 2, 100, -1, 100, 0, 100, -3, 100, 4, 100, 6, 100, -2, 100, -8, 100 };
            // (0,0) -5+2+0-3 = -6 / 4 = -1.5 -> -2        (0,1) -5+2-1+0-3+4 = -3 / 6 = -0.5 -> -1
            // (0,2) 2-1-3+4 = 2 / 4 = 0.5 -> 1             (1,0) -5+2+0-3+6-2 = -2 / 6 -> 0
            // (1,1) all nine = -7 / 9 = -0.78 -> -1        (1,2) 2-1-3+4-2-8 = -8 / 6 = -1.33 -> -1
            // (2,0) 0-3+6-2 = 1 / 4 -> 0                   (2,1) 0-3+4+6-2-8 = -3 / 6 = -0.5 -> -1
            // (2,2) -3+4-2-8 = -9 / 4 = -2.25 -> -2
            sbyte[] expected = new sbyte[]
            {
                -2, 100, -1, 100, 1, 100, 0, 100, -1, 100, -1, 100, 0, 100, -1, 100, -2, 100
            };
            AssertRuns(blob, x, expected, "AVERAGE_POOL_2D");
        }

        // ---- MAX_POOL_2D --------------------------------------------------------------

        /// <summary>
        /// 2x2 window, stride 2, SAME on 3x3x2: padding only at the bottom/right (total 1, top 0),
        /// so three windows are partial. Padding never wins a max (channel 0 is all negative), and
        /// the fused RELU (act_min = zero point -100) lifts -128 to -100.
        /// </summary>
        [TestMethod]
        public void MaxPoolPartialWindowsIgnorePaddingAndClamp()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 1, 3, 3, 2 }, 0, -100, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddInt8Tensor(new int[] { 1, 2, 2, 2 }, 20, -100, TestBlobBuilder.ScaleBitsHalf);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[2] = -100; p[3] = 127;
            p[4] = 2; p[5] = 2;
            p[6] = 0; p[7] = 0;
            p[10] = 2; p[11] = 2;
            b.AddLayer(TestBlobBuilder.OpMaxPool2D, input, TestBlobBuilder.NoTensor, output,
                       null, null, null, null, p);
            byte[] blob = b.Build(28, input, output);

            // Channel 0 [[-10,-20,-30],[-40,-5,-60],[-70,-80,-128]], channel 1 [[1,2,3],[4,5,6],[7,8,9]].
            sbyte[] x = new sbyte[] { -10, 1, -20, 2, -30, 3, -40, 4, -5, 5, -60, 6, -70, 7, -80, 8, -128, 9 };
            // (0,0) rows 0..1 cols 0..1: -5, 5   (0,1) rows 0..1 col 2: -30, 6
            // (1,0) row 2 cols 0..1: -70, 8      (1,1) row 2 col 2: -128 -> -100, 9
            AssertRuns(blob, x, new sbyte[] { -5, 5, -30, 6, -70, 8, -100, 9 }, "MAX_POOL_2D");
        }

        // ---- SOFTMAX ------------------------------------------------------------------

        /// <summary>
        /// SOFTMAX over rows of 4, input scale 1/8. Params as TFLite's PreprocessSoftmaxScaling
        /// gives them for beta 1: real multiplier 1/8 * 2^26 = 2^23 = 0.5 * 2^24 -> multiplier 2^30,
        /// left shift 24; diff_min = -floor(31 * 2^26 / 2^24) = -124 (differences below it are dropped
        /// and output -128).
        ///
        /// Fixed-point derivation (output scale 1/256, zero point -128):
        /// - exp(0) is special-cased to 2^31 - 1; rescaled to Q12.19 that is exactly 2^19 (1.0).
        /// - n equal maxima: sum = n * 2^19. n = 4: sum = 2^21, headroom 10, exponent
        ///   (12 - 10) + 31 - 8 = 25, normalised fraction 0, so the reciprocal is 1.0 less at most a
        ///   few units of 2^-31; output round((2^31 - 2) / 2^25) - 128 = 64 - 128 = -64.
        /// - n = 3 (the 4th dropped): sum = 3 * 2^19, headroom 11, exponent 24, fraction 0.5, so the
        ///   reciprocal is 2/3 (Newton-Raphson, error far below 2^-20); round(2/3 * 2^7) = round(85.3)
        ///   = 85 -> -43.
        /// - one maximum, the rest dropped: sum = 2^19, exponent 23, round(~2^31 / 2^23) = 256 ->
        ///   128 -> clamped to 127; the dropped ones -128 (row 1's differences -129, -255
        ///   and -128 are all below diff_min).
        /// - [0, -8] (difference -1.0): exp(-1) in Q0.31 = 790015084 (+- a few), which adds 192875 to
        ///   the Q12.19 sum; every fixed-point step here is accurate to about 1e-5, and the exact
        ///   probabilities times 256 are 187.15 and 68.85, far from a .5 boundary, so the bytes are
        ///   187 - 128 = 59 and 69 - 128 = -59.
        /// </summary>
        [TestMethod]
        public void SoftmaxMatchesTfliteFixedPoint()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 4, 4 }, 0, 0, TestBlobBuilder.ScaleBitsEighth);
            int output = b.AddInt8Tensor(new int[] { 4, 4 }, 16, -128, TestBlobBuilder.ScaleBitsSoftmaxOutput);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = Half;  // input_multiplier
            p[1] = 24;    // input_left_shift
            p[2] = -124;  // diff_min
            b.AddLayer(TestBlobBuilder.OpSoftmax, input, TestBlobBuilder.NoTensor, output,
                       null, null, null, null, p);
            byte[] blob = b.Build(32, input, output);

            sbyte[] x = new sbyte[]
            {
                5, 5, 5, 5,
                -2, 127, -128, -1,
                20, 20, -128, 20,
                0, -8, -128, -128
            };
            sbyte[] expected = new sbyte[]
            {
                -64, -64, -64, -64,
                -128, 127, -128, -128,
                -43, -43, -128, -43,
                59, -59, -128, -128
            };
            AssertRuns(blob, x, expected, "SOFTMAX");
        }

        // ---- ADD ----------------------------------------------------------------------

        /// <summary>
        /// ADD of a [2,1] column (scale 0.5, zp 1) and a [3] row (scale 0.25, zp -2), broadcast both
        /// ways to [2,3] (scale 0.5, zp 3). Params as TFLite's int8 ADD prepares them: left shift 20,
        /// twice the larger input scale = 1.0, so input 1 x0.5 (2^30, shift 0), input 2 x0.25
        /// (2^30, shift -1), output 1.0 / (2^20 * 0.5) = 2^-19 (2^30, shift -18). With d = value -
        /// zero point: scaled1 = d1 * 2^19, scaled2 = d2 * 2^18 (both exact), sum = 2^18 (2 d1 + d2),
        /// and the output step is srdhm (exact halving of a multiple of 2^18) then a rounding shift
        /// by 18: out = round(d1 + d2 / 2) with ties away from zero, + 3.
        /// </summary>
        [TestMethod]
        public void AddRescalesAndBroadcastsBothInputs()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int in1 = b.AddInt8Tensor(new int[] { 2, 1 }, 0, 1, TestBlobBuilder.ScaleBitsHalf);
            int in2 = b.AddInt8Tensor(new int[] { 3 }, 4, -2, TestBlobBuilder.ScaleBitsQuarter);
            int output = b.AddInt8Tensor(new int[] { 2, 3 }, 8, 3, TestBlobBuilder.ScaleBitsHalf);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = -1;     // input1_offset
            p[1] = 2;      // input2_offset
            p[2] = -128; p[3] = 127;
            p[4] = 3;      // output_offset
            p[5] = 20;     // left_shift
            p[6] = Half; p[7] = 0;
            p[8] = Half; p[9] = -1;
            p[10] = Half; p[11] = -18;
            b.AddLayer(TestBlobBuilder.OpAdd, in1, in2, output, null, null, null, null, p);
            byte[] blob = b.Build(16, in1, output);

            Interpreter interpreter = new Interpreter(new Model(blob));
            interpreter.Input.CopyFrom(new sbyte[] { 5, -4 });            // d1 = [4, -5]
            interpreter.GetTensor(in2).CopyFrom(new sbyte[] { 0, 3, -7 }); // d2 = [2, 5, -5]
            interpreter.Invoke();
            // d1 = 4:  4 + 1 = 5 -> 8;   4 + 2.5 = 6.5 -> 7 -> 10;    4 - 2.5 = 1.5 -> 2 -> 5
            // d1 = -5: -5 + 1 = -4 -> -1; -5 + 2.5 = -2.5 -> -3 -> 0;  -5 - 2.5 = -7.5 -> -8 -> -5
            AssertOutput(interpreter, new sbyte[] { 8, 10, 5, -1, 0, -5 }, "ADD");
        }

        // ---- MUL ----------------------------------------------------------------------

        /// <summary>
        /// MUL of [2,1,2] (zp -1) by [2,1] (zp 2) broadcast to [2,2,2] (zp -5); all scales 0.5, so
        /// the real multiplier is 0.5 * 0.5 / 0.5 = 0.5 (2^30, shift 0): out = d1 * d2 / 2 rounded
        /// half up, + (-5), clamped.
        /// </summary>
        [TestMethod]
        public void MulRescalesBroadcastsAndSaturates()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int in1 = b.AddInt8Tensor(new int[] { 2, 1, 2 }, 0, -1, TestBlobBuilder.ScaleBitsHalf);
            int in2 = b.AddInt8Tensor(new int[] { 2, 1 }, 4, 2, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddInt8Tensor(new int[] { 2, 2, 2 }, 8, -5, TestBlobBuilder.ScaleBitsHalf);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = 1;      // -(-1)
            p[1] = -2;     // -(2)
            p[2] = -128; p[3] = 127;
            p[4] = -5;
            p[5] = Half; p[6] = 0;
            b.AddLayer(TestBlobBuilder.OpMul, in1, in2, output, null, null, null, null, p);
            byte[] blob = b.Build(16, in1, output);

            Interpreter interpreter = new Interpreter(new Model(blob));
            interpreter.Input.CopyFrom(new sbyte[] { 2, -8, 9, 0 });    // d1[h][c] = [[3, -7], [10, 1]]
            interpreter.GetTensor(in2).CopyFrom(new sbyte[] { 3, 32 }); // d2[w] = [1, 30]
            interpreter.Invoke();
            // out[h][w][c] = d1[h][c] * d2[w] / 2:
            // h0 w0: 3 -> 1.5 -> 2 -> -3;   -7 -> -3.5 -> -3 -> -8
            // h0 w1: 90 -> 45 -> 40;         -210 -> -105 -> -110
            // h1 w0: 10 -> 5 -> 0;           1 -> 0.5 -> 1 -> -4
            // h1 w1: 300 -> 150 -> 145 -> 127; 30 -> 15 -> 10
            AssertOutput(interpreter, new sbyte[] { -3, -8, 40, -110, 0, -4, 127, 10 }, "MUL");
        }

        // ---- RESHAPE ------------------------------------------------------------------

        [TestMethod]
        public void ReshapeCopiesBytesToTheNewShape()
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 1, 2, 3 }, 0, 0, TestBlobBuilder.ScaleBitsHalf);
            int output = b.AddInt8Tensor(new int[] { 3, 2 }, 8, 0, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayer(TestBlobBuilder.OpReshape, input, TestBlobBuilder.NoTensor, output,
                       null, null, null, null, new int[TestBlobBuilder.ParamCount]);
            byte[] blob = b.Build(16, input, output);

            sbyte[] x = new sbyte[] { 1, -2, 3, -4, 5, -128 };
            Interpreter interpreter = AssertRuns(blob, x, x, "RESHAPE");
            Assert.AreEqual(3, interpreter.Output.GetDimension(0));
            Assert.AreEqual(2, interpreter.Output.GetDimension(1));
            Assert.AreEqual(-128, (int)interpreter.Input.GetInt8(5)); // the input is left as it was
        }

        // ---- QUANTIZE int8 -> int8 ----------------------------------------------------

        /// <summary>
        /// Requantize from scale 0.25, zp 7 to scale 0.5, zp 100: effective scale 0.5 (2^30, shift 0),
        /// out = (x - 7) / 2 rounded half up, + 100, clamped.
        /// </summary>
        [TestMethod]
        public void QuantizeInt8ToInt8Requantizes()
        {
            byte[] blob = QuantizeModel(false);
            sbyte[] x = new sbyte[] { 7, 8, 10, -128, 127, 4, 3, 9 };
            // x - 7:   0, 1,   3,      -135, 120,  -3,   -4, 2
            // / 2:     0, 0.5, 1.5,   -67.5,  60, -1.5,  -2, 1
            // rounded: 0, 1,   2,       -67,  60,  -1,   -2, 1
            // + 100: 100, 101, 102,      33, 160 -> 127, 99, 98, 101
            AssertRuns(blob, x, new sbyte[] { 100, 101, 102, 33, 127, 99, 98, 101 }, "QUANTIZE");
        }

        // ---- layers, invocation and blobs changed after loading --------------------------

        [TestMethod]
        public void LayersRunInOrderAndOutOfRangeLayerIsArgumentError()
        {
            Interpreter interpreter = new Interpreter(new Model(QuantizeModel(true)));
            Assert.AreEqual(2, interpreter.LayerCount);
            sbyte[] x = new sbyte[] { 7, 8, 10, -128, 127, 4, 3, 9 };
            sbyte[] expected = new sbyte[] { 100, 101, 102, 33, 127, 99, 98, 101 };

            int[] bad = new int[] { 2, 3, -1, int.MaxValue, int.MinValue };
            for (int i = 0; i < bad.Length; i++)
            {
                string message = null;
                bool outOfRange = false;
                try
                {
                    interpreter.InvokeLayer(bad[i]);
                }
                catch (ArgumentException e)
                {
                    message = e.Message;
                    outOfRange = e is ArgumentOutOfRangeException;
                }
                Assert.IsNotNull(message, "InvokeLayer(" + bad[i].ToString() + ") ran");
                Assert.IsTrue(outOfRange, message);
                Assert.IsTrue(message.IndexOf("layers 0..1") >= 0, message);
                Assert.IsTrue(message.IndexOf(bad[i].ToString()) >= 0, message);
            }

            // Layer 1 (RESHAPE, tensor 1 -> 2) alone copies whatever layer 0 left: still zeros.
            interpreter.Input.CopyFrom(x);
            interpreter.InvokeLayer(1);
            for (int i = 0; i < 8; i++)
            {
                Assert.AreEqual(0, (int)interpreter.Output.GetInt8(i));
            }
            // Layer 0 then layer 1 gives the requantized values at the output.
            interpreter.InvokeLayer(0);
            interpreter.InvokeLayer(1);
            AssertOutput(interpreter, expected, "QUANTIZE + RESHAPE, layer by layer");
        }

        [TestMethod]
        public void WeightChangedAfterLoadingStillRunsAndIsUsed()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            Interpreter interpreter = new Interpreter(new Model(blob));
            interpreter.Input.CopyFrom(TestModels.FcInput());
            interpreter.Invoke();
            Assert.AreEqual(44, (int)interpreter.Output.GetInt8(0));

            // Weight [0][0] 1 -> 3 (bit 1 flipped). The CRC no longer matches, but the runtime checks
            // it once, at load; the model reads the caller's array in place (no copy), so the new
            // weight is used: row 0 = 50 + 2 * 2 = 54, + 11 = 65, * 0.75 = 48.75 -> 49, - 2 = 47.
            int weights = WeightsOffset(blob, 0);
            Assert.AreEqual(1, (int)(sbyte)blob[weights]);
            blob[weights] ^= 0x02;
            interpreter.Invoke();
            Assert.AreEqual(47, (int)interpreter.Output.GetInt8(0));
            Assert.AreEqual(-18, (int)interpreter.Output.GetInt8(1));
            Assert.AreEqual(127, (int)interpreter.Output.GetInt8(2));

            // Loading the changed blob again is refused: the checksum covers the weights.
            bool refused = false;
            try
            {
                new Model(blob);
            }
            catch (ModelFormatException e)
            {
                refused = e.Status == NativeStatus.Checksum;
            }
            Assert.IsTrue(refused);
        }

        [TestMethod]
        public void TensorOffsetChangedAfterLoadingIsFormatError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            byte[] arena = new byte[8];
            Interpreter interpreter = new Interpreter(new Model(blob), arena);
            interpreter.Input.CopyFrom(TestModels.FcInput());
            int record = TestBlobBuilder.ReadI32(blob, 40) + 1 * TestBlobBuilder.TensorRecordSize; // tensor 1
            Assert.AreEqual(4, TestBlobBuilder.ReadI32(blob, record + TestBlobBuilder.TensorOffsetField));

            // Past the 8-byte arena: tnm_field ARENA_SIZE (7), about tensor 1.
            TestBlobBuilder.WriteI32(blob, record + TestBlobBuilder.TensorOffsetField, 400);
            ModelFormatException e = InvokeExpectingFormatError(interpreter);
            Assert.AreEqual(NativeStatus.Format, e.Status);
            Assert.AreEqual(7, e.Field);
            Assert.AreEqual(1, e.Index);
            Assert.IsTrue(e.Message.IndexOf("layer 0") >= 0 && e.Message.IndexOf("tensor 1") >= 0, e.Message);

            // Not a multiple of 4: TENSOR_OFFSET (19).
            TestBlobBuilder.WriteI32(blob, record + TestBlobBuilder.TensorOffsetField, 5);
            e = InvokeExpectingFormatError(interpreter);
            Assert.AreEqual(19, e.Field);
            Assert.AreEqual(1, e.Index);

            // In range and aligned, but on top of the input the layer reads: ARENA (32), layer 0.
            TestBlobBuilder.WriteI32(blob, record + TestBlobBuilder.TensorOffsetField, 0);
            e = InvokeExpectingFormatError(interpreter);
            Assert.AreEqual(32, e.Field);
            Assert.AreEqual(0, e.Index);

            // Nothing was written, and with the offset restored the model runs as before.
            Assert.AreEqual(3, (int)(sbyte)arena[0]);
            Assert.AreEqual(11, (int)(sbyte)arena[3]);
            TestBlobBuilder.WriteI32(blob, record + TestBlobBuilder.TensorOffsetField, 4);
            interpreter.Invoke();
            AssertOutput(interpreter, TestModels.FcExpectedOutput(), "restored");
        }

        /// <summary>
        /// Flips bit 0 and bit 7 of every header and table byte of a loaded model, one at a time, and
        /// invokes: each run either succeeds or throws the library's typed errors, never writes past
        /// the arena size in the (changed) header, and after the byte is restored the model gives
        /// its hand-computed output again.
        /// </summary>
        [TestMethod]
        public void ChangedTablesAfterLoadingNeverCrash()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            byte[] arena = new byte[64];
            Interpreter interpreter = new Interpreter(new Model(blob), arena);
            int tablesEnd = TestBlobBuilder.ReadI32(blob, 56); // data offset: header, tables and lists before it
            int failures = 0;
            int successes = 0;
            for (int at = 0; at < tablesEnd; at++)
            {
                for (int m = 0; m < 2; m++)
                {
                    byte mask = m == 0 ? (byte)0x01 : (byte)0x80;
                    for (int i = 8; i < arena.Length; i++)
                    {
                        arena[i] = 0x5A;
                    }
                    interpreter.Input.CopyFrom(TestModels.FcInput());
                    blob[at] ^= mask;
                    int arenaSize = TestBlobBuilder.ReadI32(blob, 16);
                    string what = "byte " + at.ToString() + " ^ " + mask.ToString();
                    try
                    {
                        interpreter.Invoke();
                        successes++;
                    }
                    catch (TinyMlException e)
                    {
                        Assert.IsTrue(e.Message.Length > 0, what);
                        failures++;
                    }
                    catch (ArgumentException e)
                    {
                        Assert.IsTrue(e.Message.Length > 0, what);
                        failures++;
                    }
                    blob[at] ^= mask;

                    // Layers write only inside the arena size their header gives (8 unless changed).
                    int from = arenaSize < 8 || arenaSize > arena.Length ? 8 : arenaSize;
                    for (int i = from; i < arena.Length; i++)
                    {
                        Assert.AreEqual(0x5A, (int)arena[i], what + ": arena byte " + i.ToString());
                    }
                }
            }
            Assert.IsTrue(failures > 0 && successes > 0,
                          failures.ToString() + " failures, " + successes.ToString() + " successes");

            interpreter.Input.CopyFrom(TestModels.FcInput());
            interpreter.Invoke();
            AssertOutput(interpreter, TestModels.FcExpectedOutput(), "after the sweep");
        }

        // ---- helpers ------------------------------------------------------------------

        /// <summary>
        /// QUANTIZE int8 -> int8, [8] from scale 0.25 zp 7 (arena 0) to scale 0.5 zp 100 (arena 8);
        /// withReshape appends RESHAPE to [2,4] (arena 16).
        /// </summary>
        private static byte[] QuantizeModel(bool withReshape)
        {
            TestBlobBuilder b = new TestBlobBuilder();
            int input = b.AddInt8Tensor(new int[] { 8 }, 0, 7, TestBlobBuilder.ScaleBitsQuarter);
            int quantized = b.AddInt8Tensor(new int[] { 8 }, 8, 100, TestBlobBuilder.ScaleBitsHalf);
            int[] p = new int[TestBlobBuilder.ParamCount];
            p[0] = Half;  // multiplier
            p[1] = 0;     // shift
            p[2] = 7;     // input zero point
            p[3] = 100;   // output zero point
            b.AddLayer(TestBlobBuilder.OpQuantize, input, TestBlobBuilder.NoTensor, quantized, null, null, null, null, p);
            if (!withReshape)
            {
                return b.Build(16, input, quantized);
            }
            int reshaped = b.AddInt8Tensor(new int[] { 2, 4 }, 16, 100, TestBlobBuilder.ScaleBitsHalf);
            b.AddLayer(TestBlobBuilder.OpReshape, quantized, TestBlobBuilder.NoTensor, reshaped,
                       null, null, null, null, new int[TestBlobBuilder.ParamCount]);
            return b.Build(24, input, reshaped);
        }

        /// <summary>Blob offset of the data of layer <paramref name="layer"/>'s input 1 (its weights, a constant tensor).</summary>
        private static int WeightsOffset(byte[] blob, int layer)
        {
            int record = TestBlobBuilder.ReadI32(blob, 44) + layer * TestBlobBuilder.LayerRecordSize;
            int lists = TestBlobBuilder.ReadI32(blob, record + 8);
            int weights = blob[lists + 2] | (blob[lists + 3] << 8);
            int tensor = TestBlobBuilder.ReadI32(blob, 40) + weights * TestBlobBuilder.TensorRecordSize;
            return TestBlobBuilder.ReadI32(blob, tensor + TestBlobBuilder.TensorOffsetField);
        }

        private static Interpreter AssertRuns(byte[] blob, sbyte[] input, sbyte[] expected, string what)
        {
            Interpreter interpreter = new Interpreter(new Model(blob));
            interpreter.Input.CopyFrom(input);
            interpreter.Invoke();
            AssertOutput(interpreter, expected, what);
            return interpreter;
        }

        private static void AssertOutput(Interpreter interpreter, sbyte[] expected, string what)
        {
            Assert.AreEqual(expected.Length, interpreter.Output.ElementCount, what + ": output size");
            sbyte[] actual = new sbyte[expected.Length];
            interpreter.Output.CopyTo(actual);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual((int)expected[i], (int)actual[i], what + ": output byte " + i.ToString());
            }
        }

        private static ModelFormatException InvokeExpectingFormatError(Interpreter interpreter)
        {
            ModelFormatException caught = null;
            try
            {
                interpreter.Invoke();
            }
            catch (ModelFormatException e)
            {
                caught = e;
            }
            Assert.IsNotNull(caught, "the changed blob ran");
            return caught;
        }
    }
}
