namespace TinyMl.InteropCheck;

/// <summary>
/// The CRC-32 nanoFramework uses for native checksums: polynomial 0x04C11DB7, processed most
/// significant bit first (not reflected), no final XOR, and the caller's running value as the
/// initial value (0 to start). This is not the zlib/IEEE CRC of the .tnm blob (that one is
/// reflected with an initial and final 0xFFFFFFFF).
/// </summary>
public static class NanoCrc32
{
    private const uint Polynomial = 0x04C11DB7;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data, uint crc)
    {
        foreach (byte b in data)
        {
            crc = Table[((crc >> 24) ^ b) & 0xFF] ^ (crc << 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint value = i << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 0x80000000) != 0 ? (value << 1) ^ Polynomial : value << 1;
            }

            table[i] = value;
        }

        return table;
    }
}
