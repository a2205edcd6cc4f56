using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace TinyMl.Fuzz
{
    /// <summary>
    /// Structure-aware mutations of a .tflite seed: mostly values at the sites TfliteSites
    /// found (offsets, vtables, vector lengths, operator codes, tensor indices, types, shapes,
    /// quantization, options, buffers), chosen from values that sit on checks' edges; some
    /// plain bit flips, splices and truncations so nothing is out of reach.
    /// </summary>
    internal sealed class Mutator
    {
        private static readonly uint[] EdgeU32 =
        {
            0, 1, 2, 3, 4, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
            0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFC,
        };

        private static readonly float[] EdgeFloats =
        {
            0f, -0f, 1f, -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon,
            float.MaxValue, -float.MaxValue, 1e-30f, 1e30f, 0.5f, 1f / 256, 1f / 128, 3.4e38f,
        };

        private readonly Random _rng;

        public Mutator(int seed)
        {
            _rng = new Random(seed);
        }

        public byte[] Mutate(byte[] seed, List<Site> sites, byte[] other)
        {
            byte[] b = (byte[])seed.Clone();
            int count = 1 + _rng.Next(_rng.Next(2) == 0 ? 2 : 6);
            for (int i = 0; i < count; i++)
            {
                int choice = _rng.Next(100);
                if (choice < 75 && sites.Count > 0)
                {
                    MutateSite(b, sites[_rng.Next(sites.Count)]);
                }
                else if (choice < 88)
                {
                    if (b.Length == 0) continue; // an earlier Resize may have cut it to nothing
                    int at = _rng.Next(b.Length);
                    b[at] ^= (byte)(1 << _rng.Next(8));
                }
                else if (choice < 94)
                {
                    b = Splice(b, other);
                }
                else
                {
                    b = Resize(b);
                }
            }
            return b;
        }

        private uint AnyU32(int fileLength)
        {
            switch (_rng.Next(6))
            {
                case 0: return (uint)_rng.Next(fileLength + 1);
                case 1: return (uint)(fileLength - _rng.Next(16));
                case 2: return (uint)_rng.Next();
                default: return EdgeU32[_rng.Next(EdgeU32.Length)];
            }
        }

        private void MutateSite(byte[] b, Site s)
        {
            if (s.Pos < 0 || s.Pos + s.Size > b.Length) return;
            Span<byte> at = b.AsSpan(s.Pos, s.Size);
            switch (s.Kind)
            {
                case SiteKind.Offset:
                    {
                        uint old = BinaryPrimitives.ReadUInt32LittleEndian(at);
                        uint v = _rng.Next(3) == 0 ? old + (uint)(_rng.Next(33) - 16) : AnyU32(b.Length);
                        BinaryPrimitives.WriteUInt32LittleEndian(at, v);
                        break;
                    }
                case SiteKind.VtableEntry:
                    BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(_rng.Next(3) == 0 ? 0 : _rng.Next(2) == 0 ? _rng.Next(64) : _rng.Next(65536)));
                    break;
                case SiteKind.VectorLength:
                    {
                        uint old = BinaryPrimitives.ReadUInt32LittleEndian(at);
                        uint v = _rng.Next(2) == 0 ? old + (uint)(_rng.Next(9) - 4) : AnyU32(b.Length);
                        BinaryPrimitives.WriteUInt32LittleEndian(at, v);
                        break;
                    }
                case SiteKind.OpcodeBuiltin:
                    if (s.Size == 1) at[0] = (byte)_rng.Next(_rng.Next(4) == 0 ? 256 : 127);
                    else BinaryPrimitives.WriteInt32LittleEndian(at, _rng.Next(4) == 0 ? _rng.Next(int.MinValue, int.MaxValue) : _rng.Next(210));
                    break;
                case SiteKind.OpcodeIndex:
                case SiteKind.BufferIndex:
                    BinaryPrimitives.WriteUInt32LittleEndian(at, _rng.Next(2) == 0 ? (uint)_rng.Next(64) : EdgeU32[_rng.Next(EdgeU32.Length)]);
                    break;
                case SiteKind.TensorIndex:
                    BinaryPrimitives.WriteInt32LittleEndian(at, _rng.Next(3) == 0 ? -1 - _rng.Next(3) : _rng.Next(2) == 0 ? _rng.Next(128) : (int)EdgeU32[_rng.Next(EdgeU32.Length)]);
                    break;
                case SiteKind.TensorType:
                    at[0] = (byte)_rng.Next(_rng.Next(4) == 0 ? 256 : 20);
                    break;
                case SiteKind.ShapeDim:
                    BinaryPrimitives.WriteInt32LittleEndian(at, _rng.Next(3) switch
                    {
                        0 => _rng.Next(-2, 3),
                        1 => _rng.Next(1, 300),
                        _ => (int)EdgeU32[_rng.Next(EdgeU32.Length)],
                    });
                    break;
                case SiteKind.Scale:
                    BinaryPrimitives.WriteSingleLittleEndian(at, EdgeFloats[_rng.Next(EdgeFloats.Length)]);
                    break;
                case SiteKind.ZeroPoint:
                    BinaryPrimitives.WriteInt64LittleEndian(at, _rng.Next(3) switch
                    {
                        0 => _rng.Next(-130, 131),
                        1 => _rng.Next(-70000, 70000),
                        _ => _rng.Next(2) == 0 ? long.MinValue : long.MaxValue,
                    });
                    break;
                case SiteKind.QuantizedDim:
                    BinaryPrimitives.WriteInt32LittleEndian(at, _rng.Next(-2, 6));
                    break;
                case SiteKind.OptionsByte:
                case SiteKind.BufferByte:
                    at[0] = _rng.Next(3) switch
                    {
                        0 => (byte)_rng.Next(256),
                        1 => (byte)(at[0] ^ (1 << _rng.Next(8))),
                        _ => (byte)(_rng.Next(2) == 0 ? 0 : 0xFF),
                    };
                    break;
            }
        }

        private byte[] Splice(byte[] b, byte[] other)
        {
            if (other.Length < 8 || b.Length < 8) return b;
            int len = 1 + _rng.Next(Math.Min(64, other.Length - 1));
            int from = _rng.Next(other.Length - len);
            int to = _rng.Next(Math.Max(1, b.Length - len));
            Array.Copy(other, from, b, to, Math.Min(len, b.Length - to));
            return b;
        }

        private byte[] Resize(byte[] b)
        {
            int len = _rng.Next(3) == 0 ? b.Length + 1 + _rng.Next(64) : _rng.Next(b.Length);
            var r = new byte[len];
            Array.Copy(b, r, Math.Min(len, b.Length));
            return r;
        }
    }
}
