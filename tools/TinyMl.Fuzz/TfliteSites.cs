using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace TinyMl.Fuzz
{
    /// <summary>What a mutation site holds, so the mutator can pick values that matter there.</summary>
    internal enum SiteKind
    {
        Offset,        // a uoffset/soffset to another object (u32/i32)
        VtableEntry,   // a u16 field offset or vtable/table size
        VectorLength,  // a u32 element count
        OpcodeBuiltin, // operator_codes[i].builtin_code (i32) or deprecated_builtin_code (i8)
        OpcodeIndex,   // operators[i].opcode_index (u32)
        TensorIndex,   // an i32 in an operator's or subgraph's inputs/outputs
        TensorType,    // tensors[i].type (u8)
        ShapeDim,      // an i32 in tensors[i].shape
        BufferIndex,   // tensors[i].buffer (u32)
        Scale,         // a float in quantization.scale
        ZeroPoint,     // an i64 in quantization.zero_point
        QuantizedDim,  // quantization.quantized_dimension (i32)
        OptionsByte,   // any byte of a builtin_options table (its fields' types vary by op)
        BufferByte,    // a byte of a buffer's data (weights, biases, shape operands)
    }

    internal readonly record struct Site(SiteKind Kind, int Pos, int Size);

    /// <summary>
    /// Finds the mutation sites of a .tflite file by walking the TFLite schema's tables with a
    /// small reader of our own (field ids from schema.fbs: Model.operator_codes = 1,
    /// subgraphs = 2, buffers = 4; SubGraph.tensors = 0, inputs = 1, outputs = 2,
    /// operators = 3; ...). Anything it cannot follow is skipped: the seed models are valid,
    /// and a partial list still makes the mutations structure-aware.
    /// </summary>
    internal static class TfliteSites
    {
        public static List<Site> Find(byte[] file)
        {
            var w = new Walker(file);
            try
            {
                w.Model();
            }
            catch (IndexOutOfRangeException)
            {
            }
            catch (ArgumentOutOfRangeException)
            {
            }
            return w.Sites;
        }

        private sealed class Walker
        {
            private readonly byte[] _b;
            public readonly List<Site> Sites = new List<Site>();
            private readonly HashSet<int> _vtables = new HashSet<int>();

            public Walker(byte[] b)
            {
                _b = b;
            }

            private uint U32(int pos) => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(pos, 4));

            private int I32(int pos) => BinaryPrimitives.ReadInt32LittleEndian(_b.AsSpan(pos, 4));

            private ushort U16(int pos) => BinaryPrimitives.ReadUInt16LittleEndian(_b.AsSpan(pos, 2));

            private int Follow(int pos)
            {
                Sites.Add(new Site(SiteKind.Offset, pos, 4));
                long target = pos + (long)U32(pos);
                if (target <= 0 || target >= _b.Length) throw new IndexOutOfRangeException();
                return (int)target;
            }

            /// <summary>Position of field <paramref name="id"/> of the table at <paramref name="table"/>, or -1.</summary>
            private int Field(int table, int id)
            {
                int vtable = table - I32(table);
                if (vtable < 0 || vtable + 4 > _b.Length) throw new IndexOutOfRangeException();
                if (_vtables.Add(vtable))
                {
                    Sites.Add(new Site(SiteKind.Offset, table, 4));
                    int size = U16(vtable);
                    for (int p = vtable; p + 2 <= vtable + size && p + 2 <= _b.Length; p += 2)
                    {
                        Sites.Add(new Site(SiteKind.VtableEntry, p, 2));
                    }
                }
                int vsize = U16(vtable);
                int entry = 4 + 2 * id;
                if (entry + 2 > vsize) return -1;
                int off = U16(vtable + entry);
                return off == 0 ? -1 : table + off;
            }

            /// <summary>Start of the vector referenced by field id (position of its length word), or -1.</summary>
            private int Vector(int table, int id)
            {
                int f = Field(table, id);
                if (f < 0) return -1;
                int v = Follow(f);
                Sites.Add(new Site(SiteKind.VectorLength, v, 4));
                return v;
            }

            private int Count(int vector) => (int)Math.Min(U32(vector), 100000);

            private void Table(int table, int id, Action<int> visit)
            {
                int f = Field(table, id);
                if (f >= 0) visit(Follow(f));
            }

            private void Tables(int table, int id, Action<int, int> visit)
            {
                int v = Vector(table, id);
                if (v < 0) return;
                int n = Count(v);
                for (int i = 0; i < n; i++)
                {
                    visit(Follow(v + 4 + 4 * i), i);
                }
            }

            private void Scalars(int table, int id, int size, SiteKind kind)
            {
                int v = Vector(table, id);
                if (v < 0) return;
                int n = Count(v);
                for (int i = 0; i < n && v + 4 + size * (i + 1) <= _b.Length; i++)
                {
                    Sites.Add(new Site(kind, v + 4 + size * i, size));
                }
            }

            private void Scalar(int table, int id, int size, SiteKind kind)
            {
                int f = Field(table, id);
                if (f >= 0) Sites.Add(new Site(kind, f, size));
            }

            public void Model()
            {
                int root = Follow(0);
                Tables(root, 1, (code, _) =>
                {
                    Scalar(code, 0, 1, SiteKind.OpcodeBuiltin);
                    Scalar(code, 3, 4, SiteKind.OpcodeBuiltin);
                });
                Tables(root, 2, (sg, _) =>
                {
                    Tables(sg, 0, (t, _) =>
                    {
                        Scalars(t, 0, 4, SiteKind.ShapeDim);
                        Scalar(t, 1, 1, SiteKind.TensorType);
                        Scalar(t, 2, 4, SiteKind.BufferIndex);
                        Table(t, 4, q =>
                        {
                            Scalars(q, 2, 4, SiteKind.Scale);
                            Scalars(q, 3, 8, SiteKind.ZeroPoint);
                            Scalar(q, 6, 4, SiteKind.QuantizedDim);
                        });
                    });
                    Scalars(sg, 1, 4, SiteKind.TensorIndex);
                    Scalars(sg, 2, 4, SiteKind.TensorIndex);
                    Tables(sg, 3, (op, _) =>
                    {
                        Scalar(op, 0, 4, SiteKind.OpcodeIndex);
                        Scalars(op, 1, 4, SiteKind.TensorIndex);
                        Scalars(op, 2, 4, SiteKind.TensorIndex);
                        Table(op, 4, options =>
                        {
                            int vtable = options - I32(options);
                            int tableSize = U16(vtable + 2);
                            for (int p = options + 4; p < options + tableSize && p < _b.Length; p++)
                            {
                                Sites.Add(new Site(SiteKind.OptionsByte, p, 1));
                            }
                        });
                    });
                });
                Tables(root, 4, (buffer, _) =>
                {
                    int v = Vector(buffer, 0);
                    if (v < 0) return;
                    int n = Count(v);
                    // A sample of each buffer's bytes: the first ones (shape operands, biases)
                    // and a spread over large weight arrays.
                    int step = Math.Max(1, n / 64);
                    for (int i = 0; i < n && v + 4 + i < _b.Length; i += i < 16 ? 1 : step)
                    {
                        Sites.Add(new Site(SiteKind.BufferByte, v + 4 + i, 1));
                    }
                });
            }
        }
    }
}
