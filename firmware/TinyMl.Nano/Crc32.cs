using System;

namespace TinyMl.Nano
{
    /// <summary>
    /// CRC-32 as IEEE 802.3 and zlib define it (reflected polynomial 0xEDB88320, initial value and
    /// final XOR 0xFFFFFFFF; "123456789" gives 0xCBF43926): the checksum in the .tnm header
    /// (over bytes [16, length), tnm_model.h) and in the stored anomaly calibration record. The
    /// one implementation for the device library, the model compiler and the tests. Four bits
    /// at a time through a 16-entry table, so it costs 64 bytes of memory on the device.
    /// </summary>
    public static class Crc32
    {
        // The CRC of each 4-bit value, reflected.
        private static readonly uint[] NibbleTable =
        {
            0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
            0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C, 0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
        };

        /// <summary>The CRC-32 of data[offset .. offset + count).</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "offset " + offset.ToString() + " and count " + count.ToString() + " must lie inside " + data.Length.ToString() + " bytes");
            }

            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                crc = (crc >> 4) ^ NibbleTable[crc & 0xF];
                crc = (crc >> 4) ^ NibbleTable[crc & 0xF];
            }

            return crc ^ 0xFFFFFFFF;
        }
    }
}
