#nullable enable
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace TinyMl.Tools.Tests.Compiler
{
    /// <summary>
    /// A minimal FlatBuffers writer for crafting test models: objects are described as a tree
    /// (tables, vectors, strings) and serialized front to back, each child after its parent so
    /// that every uoffset points forward, as the format requires.
    /// </summary>
    internal abstract class FbNode { }

    internal sealed class FbTableNode : FbNode
    {
        public readonly SortedDictionary<int, object> Fields = new();
        public FbTableNode Set(int id, object value) { Fields[id] = value; return this; }
    }

    internal sealed class FbStringNode : FbNode
    {
        public readonly string Value;
        public FbStringNode(string value) { Value = value; }
    }

    /// <summary>A vector of scalars (byte[], sbyte[], int[], float[], long[]) or of tables (FbTableNode[]).</summary>
    internal sealed class FbVectorNode : FbNode
    {
        public readonly Array Items;
        public FbVectorNode(Array items) { Items = items; }
    }

    internal static class FlatBufferTestWriter
    {
        public static byte[] Serialize(FbTableNode root, string identifier)
        {
            var buf = new List<byte>();
            Pad(buf, 8);
            byte[] id = Encoding.ASCII.GetBytes(identifier);
            for (int i = 0; i < 4; i++) buf[4 + i] = id[i];
            int rootPos = Write(buf, root);
            Put32(buf, 0, (uint)rootPos);
            return buf.ToArray();
        }

        private static void Pad(List<byte> buf, int n) { for (int i = 0; i < n; i++) buf.Add(0); }
        private static void Align(List<byte> buf, int a) { while (buf.Count % a != 0) buf.Add(0); }

        private static void Put32(List<byte> buf, int pos, uint v)
        {
            for (int i = 0; i < 4; i++) buf[pos + i] = (byte)(v >> (8 * i));
        }

        private static int ScalarSize(object v) => v switch
        {
            byte or sbyte or bool => 1,
            short or ushort => 2,
            int or uint or float => 4,
            long or ulong or double => 8,
            _ => 4, // offsets to child nodes
        };

        private static int Write(List<byte> buf, FbNode node)
        {
            switch (node)
            {
                case FbStringNode s:
                {
                    Align(buf, 4);
                    int pos = buf.Count;
                    byte[] b = Encoding.UTF8.GetBytes(s.Value);
                    Pad(buf, 4);
                    Put32(buf, pos, (uint)b.Length);
                    buf.AddRange(b);
                    buf.Add(0);
                    return pos;
                }
                case FbVectorNode v when v.Items is FbTableNode[] tables:
                {
                    Align(buf, 4);
                    int pos = buf.Count;
                    Pad(buf, 4 + 4 * tables.Length);
                    Put32(buf, pos, (uint)tables.Length);
                    for (int i = 0; i < tables.Length; i++)
                    {
                        int child = Write(buf, tables[i]);
                        int slot = pos + 4 + 4 * i;
                        Put32(buf, slot, (uint)(child - slot));
                    }
                    return pos;
                }
                case FbVectorNode v:
                {
                    int elem = v.Items.Length > 0 ? ScalarSize(v.Items.GetValue(0)!) : 1;
                    Align(buf, Math.Max(4, elem));
                    if (elem == 8 && buf.Count % 8 == 0) Pad(buf, 4); // elements 8-aligned after the length
                    int pos = buf.Count;
                    Pad(buf, 4);
                    Put32(buf, pos, (uint)v.Items.Length);
                    foreach (object item in v.Items) AppendScalar(buf, item);
                    return pos;
                }
                case FbTableNode t:
                {
                    // vtable first (soffset is signed), then the table, then its children.
                    Align(buf, 2);
                    int maxId = -1;
                    foreach (int id in t.Fields.Keys) maxId = Math.Max(maxId, id);
                    var layout = new Dictionary<int, int>();
                    int size = 4;
                    foreach (var kv in t.Fields)
                    {
                        int s = ScalarSize(kv.Value);
                        while (size % s != 0) size++;
                        layout[kv.Key] = size;
                        size += s;
                    }
                    while (size % 4 != 0) size++;
                    int vtSize = 4 + 2 * (maxId + 1);
                    int vtPos = buf.Count;
                    Pad(buf, vtSize);
                    buf[vtPos] = (byte)vtSize; buf[vtPos + 1] = (byte)(vtSize >> 8);
                    buf[vtPos + 2] = (byte)size; buf[vtPos + 3] = (byte)(size >> 8);
                    foreach (var kv in layout)
                    {
                        buf[vtPos + 4 + 2 * kv.Key] = (byte)kv.Value;
                        buf[vtPos + 5 + 2 * kv.Key] = (byte)(kv.Value >> 8);
                    }
                    Align(buf, 8);
                    int pos = buf.Count;
                    Pad(buf, size);
                    Put32(buf, pos, (uint)(pos - vtPos));
                    var children = new List<(int Slot, FbNode Node)>();
                    foreach (var kv in t.Fields)
                    {
                        int at = pos + layout[kv.Key];
                        if (kv.Value is FbNode child) children.Add((at, child));
                        else
                        {
                            var tmp = new List<byte>();
                            AppendScalar(tmp, kv.Value);
                            for (int i = 0; i < tmp.Count; i++) buf[at + i] = tmp[i];
                        }
                    }
                    foreach (var (slot, child) in children)
                    {
                        int childPos = Write(buf, child);
                        Put32(buf, slot, (uint)(childPos - slot));
                    }
                    return pos;
                }
                default:
                    throw new ArgumentException("unknown node");
            }
        }

        private static void AppendScalar(List<byte> buf, object v)
        {
            Span<byte> b = stackalloc byte[8];
            switch (v)
            {
                case byte x: buf.Add(x); break;
                case sbyte x: buf.Add(unchecked((byte)x)); break;
                case bool x: buf.Add(x ? (byte)1 : (byte)0); break;
                case int x: BinaryPrimitives.WriteInt32LittleEndian(b, x); buf.AddRange(b.Slice(0, 4).ToArray()); break;
                case uint x: BinaryPrimitives.WriteUInt32LittleEndian(b, x); buf.AddRange(b.Slice(0, 4).ToArray()); break;
                case float x: BinaryPrimitives.WriteSingleLittleEndian(b, x); buf.AddRange(b.Slice(0, 4).ToArray()); break;
                case long x: BinaryPrimitives.WriteInt64LittleEndian(b, x); buf.AddRange(b.ToArray()); break;
                case ulong x: BinaryPrimitives.WriteUInt64LittleEndian(b, x); buf.AddRange(b.ToArray()); break;
                default: throw new ArgumentException("unsupported scalar " + v.GetType());
            }
        }
    }
}
