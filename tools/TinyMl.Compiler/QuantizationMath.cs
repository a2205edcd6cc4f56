using System;

namespace TinyMl.Compiler
{
    /// <summary>
    /// TFLite's quantization helpers, reproduced with the same floating-point types and the
    /// same order of operations as TFLite Micro (tensorflow/lite/kernels/internal/
    /// quantization_util.cc, kernel_util.cc) so that every multiplier and shift is bit-identical.
    /// Builds with TFLITE_SINGLE_ROUNDING off (TFLM's default: double rounding).
    /// </summary>
    public static class QuantizationMath
    {
        /// <summary>frexp: x = fraction * 2^exponent with |fraction| in [0.5, 1); 0 -> (0, 0).</summary>
        public static double Frexp(double x, out int exponent)
        {
            if (x == 0.0 || double.IsNaN(x) || double.IsInfinity(x))
            {
                exponent = 0;
                return x;
            }
            exponent = Math.ILogB(x) + 1;
            return Math.ScaleB(x, -exponent);
        }

        /// <summary>std::round for double: halves away from zero.</summary>
        public static double Round(double x) => Math.Round(x, MidpointRounding.AwayFromZero);

        /// <summary>std::round for float: halves away from zero, in single precision.</summary>
        public static float Round(float x) => MathF.Round(x, MidpointRounding.AwayFromZero);

        /// <summary>
        /// QuantizeMultiplier: real = multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31)
        /// (or 0). shift > 0 is a left shift. Tiny values (shift below -31) flush to (0, 0).
        /// The raw result: shift can exceed 30 for huge inputs (see <see cref="QuantizeMultiplierChecked"/>).
        /// </summary>
        public static (int Multiplier, int Shift) QuantizeMultiplier(double realMultiplier)
        {
            if (realMultiplier == 0.0) return (0, 0);
            if (double.IsNaN(realMultiplier) || double.IsInfinity(realMultiplier))
            {
                throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "multiplier must be finite");
            }
            double q = Frexp(realMultiplier, out int shift);
            long qFixed = (long)Round(q * (1L << 31));
            if (qFixed == (1L << 31))
            {
                qFixed /= 2;
                ++shift;
            }
            if (shift < -31)
            {
                shift = 0;
                qFixed = 0;
            }
            return ((int)qFixed, shift);
        }

        /// <summary>QuantizeMultiplier, rejecting what the kernels cannot represent:
        /// negative multipliers and shifts above 30. `what` names the value in the error.</summary>
        public static (int Multiplier, int Shift) QuantizeMultiplierChecked(double realMultiplier, string what)
        {
            if (!(realMultiplier >= 0.0) || double.IsInfinity(realMultiplier))
            {
                throw new ModelCompileException($"{what}: effective scale {realMultiplier:R} is not a finite non-negative number");
            }
            var r = QuantizeMultiplier(realMultiplier);
            if (r.Shift > 30)
            {
                throw new ModelCompileException(
                    $"{what}: effective scale {realMultiplier:R} is too large (needs a left shift of {r.Shift}, at most 30 supported)");
            }
            return r;
        }

        /// <summary>QuantizeMultiplierSmallerThanOneExp: requires 0 &lt; real &lt; 1.</summary>
        public static (int Multiplier, int Shift) QuantizeMultiplierSmallerThanOneExp(double realMultiplier, string what)
        {
            if (!(realMultiplier > 0.0 && realMultiplier < 1.0))
            {
                throw new ModelCompileException($"{what}: effective scale {realMultiplier:R} must be in (0, 1)");
            }
            var r = QuantizeMultiplier(realMultiplier);
            if (r.Shift > 0)
            {
                throw new ModelCompileException($"{what}: effective scale {realMultiplier:R} rounds to a left shift of {r.Shift}");
            }
            return r;
        }

        /// <summary>QuantizeMultiplierGreaterThanOne: requires real &gt; 1.</summary>
        public static (int Multiplier, int Shift) QuantizeMultiplierGreaterThanOne(double realMultiplier, string what)
        {
            if (!(realMultiplier > 1.0) || double.IsInfinity(realMultiplier))
            {
                throw new ModelCompileException($"{what}: effective scale {realMultiplier:R} must be greater than 1");
            }
            var r = QuantizeMultiplierChecked(realMultiplier, what);
            return r;
        }

        /// <summary>
        /// PreprocessSoftmaxScaling (double): multiplier for beta * input_scale in
        /// Q(integerBits).(31 - integerBits), capped at 2^31 - 1, as a multiplier and left shift.
        /// </summary>
        public static (int Multiplier, int LeftShift) PreprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits, string what)
        {
            double maxRealMultiplier = (1L << 31) - 1.0;
            double real = Math.Min(beta * inputScale * (1 << (31 - inputIntegerBits)), maxRealMultiplier);
            if (!(real > 1.0))
            {
                throw new ModelCompileException($"{what}: effective scale {real:R} must be greater than 1");
            }
            // TFLM's QuantizeMultiplierGreaterThanOne, unchecked: the cap keeps the left shift at 31
            // at most. From beta x input scale 2^4 on the shift is 31 and CalculateInputRadius 0, so
            // diff_min is 0 and the kernels rescale only differences of 0 (the row's maxima).
            return QuantizeMultiplier(real);
        }

        /// <summary>CalculateInputRadius (double path): floor((2^ib - 1) * 2^(tb - ib) / 2^shift).</summary>
        public static int CalculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits = 31)
        {
            if (inputLeftShift < 0 || inputLeftShift > 62)
            {
                throw new ArgumentOutOfRangeException(nameof(inputLeftShift));
            }
            double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1) *
                                      (1L << (totalSignedBits - inputIntegerBits)) /
                                      (1L << inputLeftShift);
            return (int)Math.Floor(maxInputRescaled);
        }

        /// <summary>
        /// CalculateActivationRangeQuantized for an int8 output: the clamp range of a fused
        /// activation, quantizing 0, 6, -1, 1 in float as kernel_util.cc's Quantize does.
        /// </summary>
        public static (int Min, int Max) ActivationRangeInt8(Tflite.ActivationFunction activation, float scale, int zeroPoint, string what) =>
            ActivationRange(activation, scale, zeroPoint, -128, 127, what);

        /// <summary>CalculateActivationRangeQuantized for an output of range [qmin, qmax] (int8, int16).</summary>
        public static (int Min, int Max) ActivationRange(Tflite.ActivationFunction activation, float scale, int zeroPoint, int qmin, int qmax, string what)
        {
            switch (activation)
            {
                case Tflite.ActivationFunction.None:
                    return (qmin, qmax);
                case Tflite.ActivationFunction.Relu:
                    return (Math.Max(qmin, QuantizeValue(scale, zeroPoint, 0.0f, what)), qmax);
                case Tflite.ActivationFunction.Relu6:
                    return (Math.Max(qmin, QuantizeValue(scale, zeroPoint, 0.0f, what)),
                            Math.Min(qmax, QuantizeValue(scale, zeroPoint, 6.0f, what)));
                case Tflite.ActivationFunction.ReluN1To1:
                    return (Math.Max(qmin, QuantizeValue(scale, zeroPoint, -1.0f, what)),
                            Math.Min(qmax, QuantizeValue(scale, zeroPoint, 1.0f, what)));
                default:
                    throw new ModelCompileException($"{what}: fused activation {activation} is not supported (NONE, RELU, RELU6, RELU_N1_TO_1 are)");
            }
        }

        // kernel_util.cc Quantize(): round(f / scale) in float, range-checked, plus zero point.
        private static int QuantizeValue(float scale, int zeroPoint, float f, string what)
        {
            float tmp = Round(f / scale);
            // The C++ accepts tmp == 2^31 (float(INT32_MAX)) and then overflows; we refuse it.
            if (!(tmp >= -2147483648f && tmp < 2147483648f))
            {
                throw new ModelCompileException($"{what}: activation bound {f} does not fit the output quantization (scale {scale:R})");
            }
            long q = zeroPoint + (long)tmp;
            return (int)Math.Clamp(q, int.MinValue, int.MaxValue);
        }
    }
}
