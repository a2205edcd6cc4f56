using System;

namespace TinyMl.Nano
{
    /// <summary>
    /// Affine int8 quantization as TensorFlow Lite does it:
    /// q = clamp(round(value / scale) + zeroPoint, -128, 127), value = scale * (q - zeroPoint).
    /// </summary>
    public static class Quantization
    {
        /// <summary>
        /// Quantizes one value. The division is done in float and rounded half away from zero,
        /// exactly as TFLite's AffineQuantize (std::round of float). NaN maps to the zero point.
        /// </summary>
        public static sbyte Quantize(float value, float scale, int zeroPoint)
        {
            if (!(scale > 0))
            {
                throw new ArgumentException("quantization scale must be > 0, got " + scale.ToString());
            }
            float ratio = value / scale;
#pragma warning disable CS1718 // NaN is the only value not equal to itself (no float.IsNaN needed on the device)
            if (ratio != ratio)
#pragma warning restore CS1718
            {
                return Clamp(zeroPoint);
            }
            // Adding 0.5 in double is exact for any float magnitude that can still land in
            // the int8 range, so floor(x + 0.5) is round-half-up, mirrored for negatives.
            double rounded;
            if (ratio >= 0)
            {
                rounded = Math.Floor((double)ratio + 0.5);
            }
            else
            {
                rounded = -Math.Floor(-(double)ratio + 0.5);
            }
            double q = rounded + zeroPoint;
            if (q < -128)
            {
                return -128;
            }
            if (q > 127)
            {
                return 127;
            }
            return (sbyte)(int)q;
        }

        /// <summary>Dequantizes one value: scale * (q - zeroPoint), computed in double then rounded to float as TFLite does.</summary>
        public static float Dequantize(sbyte value, float scale, int zeroPoint)
        {
            return (float)((double)scale * (value - zeroPoint));
        }

        private static sbyte Clamp(int value)
        {
            if (value < -128)
            {
                return -128;
            }
            if (value > 127)
            {
                return 127;
            }
            return (sbyte)value;
        }
    }
}
