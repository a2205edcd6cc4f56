using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TinyMl.Tflite.FlatBuffers
{
    /// <summary>
    /// A small FlatBuffers writer (our own; the NuGet mirror has no FlatBuffers runtime).
    /// Describe the buffer as a tree of <see cref="FbTableNode"/>, <see cref="FbVectorNode"/> and
    /// <see cref="FbStringNode"/>, then <see cref="Finish"/> lays it out front to back, breadth
    /// first: every child comes after the field that points to it (uoffsets are unsigned, measured
    /// forward from the field), each table's vtable sits right before the table (soffset = table -
    /// vtable), scalars are aligned to their size and vector elements to max(4, element size) or
    /// more. A node referenced twice is written twice.
    /// </summary>
    public static class FlatBufferBuilder
    {
        /// <summary>Serializes root, with a 4-character file identifier (e.g. "TFL3") or none (null).</summary>
        public static byte[] Finish(FbTableNode root, string? fileIdentifier)
        {
            ArgumentNullException.ThrowIfNull(root);
            if (fileIdentifier != null && fileIdentifier.Length != 4)
                throw new ArgumentException("a file identifier has exactly 4 characters", nameof(fileIdentifier));

            var w = new Writer();
            w.Bytes(new byte[4]); // root uoffset, patched below
            if (fileIdentifier != null) w.Bytes(Encoding.ASCII.GetBytes(fileIdentifier));
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

        /// <summary>Size in bytes of a scalar (byte, sbyte, bool, short, ushort, int, uint, float,
        /// long, ulong, double); 0 for anything else.</summary>
        internal static int ScalarSize(Type t) =>
            t == typeof(byte) || t == typeof(sbyte) || t == typeof(bool) ? 1
            : t == typeof(short) || t == typeof(ushort) ? 2
            : t == typeof(int) || t == typeof(uint) || t == typeof(float) ? 4
            : t == typeof(long) || t == typeof(ulong) || t == typeof(double) ? 8
            : 0;

        /// <summary>Writes a scalar little-endian into `b` (ScalarSize bytes).</summary>
        internal static void WriteScalar(Span<byte> b, object v)
        {
            switch (v)
            {
                case byte x: b[0] = x; break;
                case sbyte x: b[0] = unchecked((byte)x); break;
                case bool x: b[0] = x ? (byte)1 : (byte)0; break;
                case short x: BinaryPrimitives.WriteInt16LittleEndian(b, x); break;
                case ushort x: BinaryPrimitives.WriteUInt16LittleEndian(b, x); break;
                case int x: BinaryPrimitives.WriteInt32LittleEndian(b, x); break;
                case uint x: BinaryPrimitives.WriteUInt32LittleEndian(b, x); break;
                case float x: BinaryPrimitives.WriteSingleLittleEndian(b, x); break;
                case long x: BinaryPrimitives.WriteInt64LittleEndian(b, x); break;
                case ulong x: BinaryPrimitives.WriteUInt64LittleEndian(b, x); break;
                case double x: BinaryPrimitives.WriteDoubleLittleEndian(b, x); break;
                default: throw new ArgumentException("not a flatbuffer scalar: " + v.GetType().Name);
            }
        }
    }

    /// <summary>A node of the tree: table, vector or string.</summary>
    public abstract class FbNode
    {
        /// <summary>Writes the node, queues its children, returns the position uoffsets point to.</summary>
        internal abstract int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children);
    }

    /// <summary>A string: u32 length, UTF-8 bytes, NUL.</summary>
    public sealed class FbStringNode : FbNode
    {
        private readonly byte[] _utf8;

        public FbStringNode(string value) => _utf8 = Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value)));

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

    /// <summary>A vector of scalars (byte[], sbyte[], bool[], short[], int[], uint[], float[],
    /// long[], ulong[], double[]) or of nodes (tables or strings: any FbNode[]).</summary>
    public sealed class FbVectorNode : FbNode
    {
        private readonly byte[]? _scalars;
        private readonly int _count;
        private readonly FbNode[]? _nodes;
        private readonly int _alignment;

        /// <param name="items">the elements</param>
        /// <param name="alignment">the elements' start is aligned to this or to max(4, element
        /// size), whichever is larger (TFLite aligns buffer data to 16)</param>
        public FbVectorNode(Array items, int alignment = 4)
        {
            ArgumentNullException.ThrowIfNull(items);
            _count = items.Length;
            if (items is FbNode[] nodes)
            {
                _nodes = nodes;
                _alignment = Math.Max(4, alignment);
                return;
            }
            Type? element = items.GetType().GetElementType();
            int size = element == null ? 0 : FlatBufferBuilder.ScalarSize(element);
            if (size == 0) throw new ArgumentException("a vector holds scalars or nodes, not " + items.GetType().Name, nameof(items));
            _scalars = new byte[size * items.Length];
            if (items is byte[] bytes) bytes.CopyTo(_scalars, 0);
            else for (int i = 0; i < items.Length; i++) FlatBufferBuilder.WriteScalar(_scalars.AsSpan(i * size), items.GetValue(i)!);
            _alignment = Math.Max(alignment, Math.Max(4, size));
        }

        internal override int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children)
        {
            // The elements (after the u32 count) start on the vector's alignment.
            w.Align(4);
            while ((w.Position + 4) % _alignment != 0) w.U32(0);
            int at = w.Position;
            w.U32((uint)_count);
            if (_nodes != null)
            {
                foreach (FbNode n in _nodes)
                {
                    children.Enqueue((n ?? throw new ArgumentException("a vector element is null"), w.Position));
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

    /// <summary>A table: fields by id (schema declaration order, 0-based; a union takes two ids,
    /// its type byte then its table).</summary>
    public sealed class FbTableNode : FbNode
    {
        private readonly SortedDictionary<int, object> _fields = new();

        /// <summary>Sets field `id` to a scalar (its CLR type gives its size: byte, sbyte, bool,
        /// short, ushort, int, uint, float, long, ulong, double) or to a child node; null leaves
        /// the field out.</summary>
        public FbTableNode Set(int id, object? value)
        {
            if (id < 0 || id > 1000) throw new ArgumentOutOfRangeException(nameof(id));
            if (value == null)
            {
                _fields.Remove(id);
                return this;
            }
            if (value is not FbNode && FlatBufferBuilder.ScalarSize(value.GetType()) == 0)
                throw new ArgumentException("a field holds a scalar or a node, not " + value.GetType().Name, nameof(value));
            _fields[id] = value;
            return this;
        }

        private static int SizeOf(object v) => v is FbNode ? 4 : FlatBufferBuilder.ScalarSize(v.GetType());

        internal override int WriteTo(FlatBufferBuilder.Writer w, Queue<(FbNode Node, int Patch)> children)
        {
            int fieldSlots = _fields.Count == 0 ? 0 : _fields.Keys.Max() + 1;

            // Inline layout: soffset at 0, then fields by decreasing size (each aligned to its size).
            var offsets = new Dictionary<int, int>();
            int size = 4;
            int tableAlign = 4;
            foreach (var kv in _fields.OrderByDescending(kv => SizeOf(kv.Value)).ThenBy(kv => kv.Key))
            {
                int s = SizeOf(kv.Value);
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
            BinaryPrimitives.WriteInt32LittleEndian(inline, table - vtable);
            foreach (var kv in _fields)
            {
                if (kv.Value is FbNode child) children.Enqueue((child, table + offsets[kv.Key]));
                else FlatBufferBuilder.WriteScalar(inline.AsSpan(offsets[kv.Key]), kv.Value);
            }
            w.Bytes(inline);
            return table;
        }
    }
}
