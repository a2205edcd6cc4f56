using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TinyMl.Training.FlatBuffers
{
    /// <summary>
    /// A small FlatBuffers writer (our own; the NuGet mirror has no FlatBuffers runtime).
    /// Build a tree of <see cref="FbTable"/>, <see cref="FbVector"/> and <see cref="FbString"/>,
    /// then <see cref="Finish"/> lays it out front to back, breadth first: every child comes
    /// after the field that points to it (uoffsets are unsigned, measured forward from the
    /// field), each table's vtable sits right before the table (soffset = table - vtable),
    /// scalars are aligned to their size and vectors to max(4, element size) or more.
    /// </summary>
    public static class FlatBufferBuilder
    {
        /// <summary>Serializes root with a 4-character file identifier (e.g. "TFL3").</summary>
        public static byte[] Finish(FbTable root, string fileIdentifier)
        {
            ArgumentNullException.ThrowIfNull(root);
            if (fileIdentifier == null || fileIdentifier.Length != 4)
                throw new ArgumentException("a file identifier has exactly 4 characters", nameof(fileIdentifier));

            var w = new Writer();
            w.Bytes(new byte[4]); // root uoffset, patched below
            w.Bytes(Encoding.ASCII.GetBytes(fileIdentifier));
            var queue = new Queue<(FbNode Node, int Patch)>();
            queue.Enqueue((root, 0));
            while (queue.Count > 0)
            {
                var (node, patch) = queue.Dequeue();
                int at = node.WriteTo(w, queue);
                w.PatchUOffset(patch, at);
            }
            return w.ToArray();
        }

        internal sealed class Writer
        {
            private readonly MemoryStream _s = new MemoryStream();

            public int Position => (int)_s.Position;

            public void Align(int alignment)
            {
                while (Position % alignment != 0) _s.WriteByte(0);
            }

            public void Bytes(ReadOnlySpan<byte> b) => _s.Write(b);

            public void U8(byte v) => _s.WriteByte(v);

            public void U16(ushort v) { U8((byte)v); U8((byte)(v >> 8)); }

            public void U32(uint v) { U16((ushort)v); U16((ushort)(v >> 16)); }

            public void U64(ulong v) { U32((uint)v); U32((uint)(v >> 32)); }

            public void PatchUOffset(int fieldPosition, int target)
            {
                if (target < fieldPosition) throw new InvalidOperationException("flatbuffer layout: a child before its parent");
                long keep = _s.Position;
                _s.Position = fieldPosition;
                U32((uint)(target - fieldPosition));
                _s.Position = keep;
            }

            public byte[] ToArray() => _s.ToArray();
        }
    }

    /// <summary>A node of the tree: table, vector or string.</summary>
    public abstract class FbNode
    {
        /// <summary>Writes the node, queues its children, returns the position uoffsets point to.</summary>
        internal abstract int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children);
    }

    /// <summary>A string: u32 length, UTF-8 bytes, NUL.</summary>
    public sealed class FbString : FbNode
    {
        private readonly byte[] _utf8;

        public FbString(string value) => _utf8 = Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value)));

        internal override int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children)
        {
            w.Align(4);
            int at = w.Position;
            w.U32((uint)_utf8.Length);
            w.Bytes(_utf8);
            w.U8(0);
            return at;
        }
    }

    /// <summary>A vector of scalars (raw little-endian bytes) or of tables.</summary>
    public sealed class FbVector : FbNode
    {
        private readonly byte[]? _scalars;
        private readonly int _elementSize;
        private readonly int _count;
        private readonly IReadOnlyList<FbNode>? _tables;
        private readonly int _alignment;

        private FbVector(byte[]? scalars, int elementSize, int count, IReadOnlyList<FbNode>? tables, int alignment)
        {
            _scalars = scalars;
            _elementSize = elementSize;
            _count = count;
            _tables = tables;
            _alignment = Math.Max(alignment, Math.Max(4, elementSize));
        }

        public static FbVector OfBytes(ReadOnlySpan<byte> values, int alignment = 4) => new(values.ToArray(), 1, values.Length, null, alignment);

        public static FbVector OfInts(IReadOnlyList<int> values)
        {
            var b = new byte[values.Count * 4];
            for (int i = 0; i < values.Count; i++) BitConverter.TryWriteBytes(b.AsSpan(i * 4), values[i]);
            return new FbVector(b, 4, values.Count, null, 4);
        }

        public static FbVector OfFloats(IReadOnlyList<float> values)
        {
            var b = new byte[values.Count * 4];
            for (int i = 0; i < values.Count; i++) BitConverter.TryWriteBytes(b.AsSpan(i * 4), values[i]);
            return new FbVector(b, 4, values.Count, null, 4);
        }

        public static FbVector OfLongs(IReadOnlyList<long> values)
        {
            var b = new byte[values.Count * 8];
            for (int i = 0; i < values.Count; i++) BitConverter.TryWriteBytes(b.AsSpan(i * 8), values[i]);
            return new FbVector(b, 8, values.Count, null, 8);
        }

        public static FbVector OfTables(IReadOnlyList<FbNode> tables) => new(null, 4, tables.Count, tables, 4);

        internal override int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children)
        {
            // The elements (after the u32 count) start on the vector's alignment.
            w.Align(4);
            while ((w.Position + 4) % _alignment != 0) w.U32(0);
            int at = w.Position;
            w.U32((uint)_count);
            if (_tables != null)
            {
                foreach (FbNode t in _tables)
                {
                    children.Enqueue((t, w.Position));
                    w.U32(0);
                }
            }
            else
            {
                w.Bytes(_scalars);
            }
            return at;
        }
    }

    /// <summary>A table: scalar fields and references, by field id (schema order, 0-based).</summary>
    public sealed class FbTable : FbNode
    {
        private readonly SortedDictionary<int, Field> _fields = new();

        private sealed class Field
        {
            public int Size;
            public ulong Bits;
            public FbNode? Child;
        }

        public FbTable Bool(int id, bool v) => Scalar(id, 1, v ? 1UL : 0UL);
        public FbTable Byte(int id, byte v) => Scalar(id, 1, v);
        public FbTable SByte(int id, sbyte v) => Scalar(id, 1, (byte)v);
        public FbTable Int(int id, int v) => Scalar(id, 4, (uint)v);
        public FbTable UInt(int id, uint v) => Scalar(id, 4, v);
        public FbTable Float(int id, float v) => Scalar(id, 4, BitConverter.SingleToUInt32Bits(v));
        public FbTable ULong(int id, ulong v) => Scalar(id, 8, v);

        /// <summary>A reference field (table, vector or string); null leaves it out.</summary>
        public FbTable Ref(int id, FbNode? child)
        {
            if (child != null) Put(id, new Field { Size = 4, Child = child });
            return this;
        }

        private FbTable Scalar(int id, int size, ulong bits)
        {
            Put(id, new Field { Size = size, Bits = bits });
            return this;
        }

        private void Put(int id, Field f)
        {
            if (id < 0 || id > 200) throw new ArgumentOutOfRangeException(nameof(id));
            _fields[id] = f;
        }

        internal override int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children)
        {
            int fieldSlots = _fields.Count == 0 ? 0 : _fields.Keys.Max() + 1;

            // Inline layout: soffset at 0, then fields by decreasing size (each aligned to its size).
            var order = _fields.OrderByDescending(kv => kv.Value.Size).ThenBy(kv => kv.Key).ToList();
            var offsets = new Dictionary<int, int>();
            int size = 4;
            int tableAlign = 4;
            foreach (var kv in order)
            {
                int s = kv.Value.Size;
                tableAlign = Math.Max(tableAlign, s);
                size = (size + s - 1) / s * s;
                offsets[kv.Key] = size;
                size += s;
            }

            // vtable right before the table: u16 vtable bytes, u16 table bytes, u16 per field.
            int vtableBytes = 4 + 2 * fieldSlots;
            w.Align(2);
            // Pad so that the table that follows the vtable lands on its alignment.
            while ((w.Position + vtableBytes) % tableAlign != 0) w.U16(0);
            int vtable = w.Position;
            w.U16((ushort)vtableBytes);
            w.U16((ushort)size);
            for (int id = 0; id < fieldSlots; id++) w.U16((ushort)(offsets.TryGetValue(id, out int o) ? o : 0));

            int table = w.Position;
            var inline = new byte[size];
            BitConverter.TryWriteBytes(inline.AsSpan(0), table - vtable);
            foreach (var kv in _fields)
            {
                int o = offsets[kv.Key];
                Field f = kv.Value;
                for (int b = 0; b < f.Size; b++) inline[o + b] = (byte)(f.Bits >> (8 * b));
            }
            w.Bytes(inline);
            foreach (var kv in _fields)
            {
                if (kv.Value.Child != null) children.Enqueue((kv.Value.Child, table + offsets[kv.Key]));
            }
            return table;
        }
    }
}
