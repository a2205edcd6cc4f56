using System;
using System.Buffers.Binary;
using System.Text;

namespace TinyMl.Tflite.FlatBuffers
{
    /// <summary>
    /// Bounds-checked reader for the FlatBuffers binary format (no FlatBuffers package is
    /// available to us, and the generated readers trust their input anyway).
    ///
    /// Every offset is checked against the buffer before it is followed; any violation
    /// throws <see cref="TfliteFormatException"/> naming the field path. The readers built on
    /// this walk a fixed schema (no recursion through the data), so nesting depth is bounded
    /// by the schema and offset cycles cannot loop. What a hostile file can still do is make
    /// many vectors share one large vector; a work budget charged per element copied bounds
    /// that, so reading is linear in the file size.
    /// </summary>
    internal sealed class FlatBufferReader
    {
        private readonly byte[] _data;
        private long _budget;

        public FlatBufferReader(byte[] data, long workBudget)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
            _budget = workBudget;
        }

        public int Length => _data.Length;
        public byte[] Data => _data;

        /// <summary>Charges `units` of work (elements copied, tables visited).</summary>
        public void Charge(long units, string path)
        {
            _budget -= units;
            if (_budget < 0)
            {
                throw new TfliteFormatException(
                    $"{path}: the file references far more data than it holds (shared or overlapping vectors); refusing to read it");
            }
        }

        public FbTable Root(string path)
        {
            if (_data.Length < 8)
            {
                throw new TfliteFormatException(
                    $"{path}: file is {_data.Length} bytes, too short for a flatbuffer (at least 8)");
            }
            FbTable root = TableAt(FollowOffset(0, path), path);
            // Fields of the root are named without a prefix: "subgraphs[0].tensors[3].shape".
            return root.WithPath("");
        }

        /// <summary>Reads the uoffset stored at `pos` and returns the position it points to.</summary>
        public int FollowOffset(int pos, string path)
        {
            CheckRange(pos, 4, path, "offset");
            uint rel = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(pos, 4));
            long target = pos + (long)rel;
            if (rel == 0 || target >= _data.Length)
            {
                throw new TfliteFormatException(
                    $"{path}: offset {rel} at position {pos} points to {target}, outside the file (length {_data.Length})");
            }
            return (int)target;
        }

        public FbTable TableAt(int pos, string path)
        {
            Charge(1, path);
            CheckRange(pos, 4, path, "table");
            int soffset = BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(pos, 4));
            long vtable = pos - (long)soffset;
            if (vtable < 0 || vtable + 4 > _data.Length)
            {
                throw new TfliteFormatException(
                    $"{path}: table at offset {pos} has its vtable at {vtable}, outside the file (length {_data.Length})");
            }
            int vt = (int)vtable;
            int vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(vt, 2));
            int tableSize = BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(vt + 2, 2));
            if (vtableSize < 4 || (vtableSize & 1) != 0 || vt + (long)vtableSize > _data.Length)
            {
                throw new TfliteFormatException(
                    $"{path}: vtable at offset {vt} has an invalid size {vtableSize} (file length {_data.Length})");
            }
            if (tableSize < 4 || pos + (long)tableSize > _data.Length)
            {
                throw new TfliteFormatException(
                    $"{path}: table at offset {pos} of {tableSize} bytes runs past the end of the file (length {_data.Length})");
            }
            return new FbTable(this, pos, vt, vtableSize, tableSize, path);
        }

        /// <summary>A vector at `pos` (its length word) of `count` elements of `elemSize` bytes.</summary>
        public FbVector VectorAt(int pos, int elemSize, string path)
        {
            CheckRange(pos, 4, path, "vector");
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(pos, 4));
            long end = pos + 4L + count * (long)elemSize;
            if (end > _data.Length)
            {
                throw new TfliteFormatException(
                    $"{path}: vector at offset {pos} ({count} elements of {elemSize} bytes) runs past the end of the file (length {_data.Length})");
            }
            return new FbVector(this, pos + 4, (int)count, elemSize, path);
        }

        public string StringAt(int pos, string path)
        {
            FbVector v = VectorAt(pos, 1, path);
            if (v.Start + (long)v.Count >= _data.Length || _data[v.Start + v.Count] != 0)
            {
                throw new TfliteFormatException($"{path}: string at offset {pos} is not NUL-terminated inside the file");
            }
            Charge(v.Count / 16 + 1, path);
            // Invalid UTF-8 becomes U+FFFD: names are for people, not for the compiler.
            return Encoding.UTF8.GetString(_data, v.Start, v.Count);
        }

        public void CheckRange(long pos, long size, string path, string what)
        {
            if (pos < 0 || pos + size > _data.Length)
            {
                throw new TfliteFormatException(
                    $"{path}: {what} at offset {pos} runs past the end of the file (length {_data.Length})");
            }
        }

        public byte U8(int pos) => _data[pos];
        public ushort U16(int pos) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(pos, 2));
        public int I32(int pos) => BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(pos, 4));
        public uint U32(int pos) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(pos, 4));
        public long I64(int pos) => BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(pos, 8));
        public ulong U64(int pos) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(pos, 8));
        public float F32(int pos) => BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(pos, 4));
    }

    /// <summary>A table whose vtable and extent have been checked against the buffer.</summary>
    internal readonly struct FbTable
    {
        private readonly FlatBufferReader _r;
        public readonly int Pos;
        private readonly int _vtable;
        private readonly int _vtableSize;
        private readonly int _tableSize;
        public readonly string Path;

        public FbTable(FlatBufferReader r, int pos, int vtable, int vtableSize, int tableSize, string path)
        {
            _r = r;
            Pos = pos;
            _vtable = vtable;
            _vtableSize = vtableSize;
            _tableSize = tableSize;
            Path = path;
        }

        public string FieldPath(string name) => Path.Length == 0 ? name : Path + "." + name;

        public FbTable WithPath(string path) => new FbTable(_r, Pos, _vtable, _vtableSize, _tableSize, path);

        /// <summary>Absolute position of field `id` (declaration order; unions take two ids),
        /// or -1 when absent. Checks that `size` bytes of it lie inside the table.</summary>
        public int FieldPos(int id, int size, string name)
        {
            int entry = 4 + 2 * id;
            if (entry + 2 > _vtableSize) return -1;
            int rel = _r.U16(_vtable + entry);
            if (rel == 0) return -1;
            if (rel < 4 || rel + size > _tableSize)
            {
                throw new TfliteFormatException(
                    $"{FieldPath(name)}: field at table offset {rel} ({size} bytes) lies outside its table of {_tableSize} bytes (table at offset {Pos})");
            }
            return Pos + rel;
        }

        public bool Has(int id) => FieldPos(id, 0, "?") >= 0;

        public byte U8(int id, string name, byte def = 0)
        {
            int p = FieldPos(id, 1, name);
            return p < 0 ? def : _r.U8(p);
        }

        public sbyte I8(int id, string name, sbyte def = 0)
        {
            int p = FieldPos(id, 1, name);
            return p < 0 ? def : unchecked((sbyte)_r.U8(p));
        }

        public bool Bool(int id, string name, bool def = false)
        {
            int p = FieldPos(id, 1, name);
            return p < 0 ? def : _r.U8(p) != 0;
        }

        public int I32(int id, string name, int def = 0)
        {
            int p = FieldPos(id, 4, name);
            return p < 0 ? def : _r.I32(p);
        }

        public uint U32(int id, string name, uint def = 0)
        {
            int p = FieldPos(id, 4, name);
            return p < 0 ? def : _r.U32(p);
        }

        public ulong U64(int id, string name, ulong def = 0)
        {
            int p = FieldPos(id, 8, name);
            return p < 0 ? def : _r.U64(p);
        }

        public float F32(int id, string name, float def = 0f)
        {
            int p = FieldPos(id, 4, name);
            return p < 0 ? def : _r.F32(p);
        }

        /// <summary>Position of an inline struct field of `size` bytes, or -1 when absent.</summary>
        public int StructPos(int id, int size, string name) => FieldPos(id, size, name);

        public FbTable? Table(int id, string name)
        {
            int p = FieldPos(id, 4, name);
            if (p < 0) return null;
            string path = FieldPath(name);
            return _r.TableAt(_r.FollowOffset(p, path), path);
        }

        public FbVector? Vector(int id, int elemSize, string name)
        {
            int p = FieldPos(id, 4, name);
            if (p < 0) return null;
            string path = FieldPath(name);
            return _r.VectorAt(_r.FollowOffset(p, path), elemSize, path);
        }

        public string? String(int id, string name)
        {
            int p = FieldPos(id, 4, name);
            if (p < 0) return null;
            string path = FieldPath(name);
            return _r.StringAt(_r.FollowOffset(p, path), path);
        }

        /// <summary>A union: the type byte at `typeId` and the table at `typeId + 1`.</summary>
        public (byte Type, FbTable? Value) Union(int typeId, string name)
        {
            byte type = U8(typeId, name + "_type");
            FbTable? value = Table(typeId + 1, name);
            if (type != 0 && value == null)
            {
                throw new TfliteFormatException($"{FieldPath(name)}: union type {type} is set but its table is missing");
            }
            return (type, type == 0 ? null : value);
        }

        public int[]? Int32Array(int id, string name) => Vector(id, 4, name)?.ToInt32Array();
        public float[]? FloatArray(int id, string name) => Vector(id, 4, name)?.ToFloatArray();
        public long[]? Int64Array(int id, string name) => Vector(id, 8, name)?.ToInt64Array();
        public bool[]? BoolArray(int id, string name) => Vector(id, 1, name)?.ToBoolArray();

        public ReadOnlyMemory<byte>? Bytes(int id, string name)
        {
            FbVector? v = Vector(id, 1, name);
            return v?.AsMemory();
        }
    }

    /// <summary>A vector whose extent has been checked against the buffer.</summary>
    internal readonly struct FbVector
    {
        private readonly FlatBufferReader _r;
        public readonly int Start;
        public readonly int Count;
        private readonly int _elemSize;
        public readonly string Path;

        public FbVector(FlatBufferReader r, int start, int count, int elemSize, string path)
        {
            _r = r;
            Start = start;
            Count = count;
            _elemSize = elemSize;
            Path = path;
        }

        public string ElementPath(int i) => Path + "[" + i + "]";

        public FbTable Table(int i)
        {
            string path = ElementPath(i);
            return _r.TableAt(_r.FollowOffset(Start + i * 4, path), path);
        }

        /// <summary>The elements, each read by `read(position)` (the vector's element size apart).</summary>
        private T[] ToArray<T>(Func<int, T> read)
        {
            _r.Charge(Count, Path);
            var a = new T[Count];
            for (int i = 0; i < Count; i++) a[i] = read(Start + _elemSize * i);
            return a;
        }

        public int[] ToInt32Array() => ToArray(_r.I32);
        public float[] ToFloatArray() => ToArray(_r.F32);
        public long[] ToInt64Array() => ToArray(_r.I64);
        public bool[] ToBoolArray()
        {
            FlatBufferReader r = _r;
            return ToArray(p => r.U8(p) != 0);
        }

        /// <summary>The bytes, without copying (a slice of the file).</summary>
        public ReadOnlyMemory<byte> AsMemory() => new ReadOnlyMemory<byte>(_r.Data, Start, Count * _elemSize);
    }
}
