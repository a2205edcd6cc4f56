using System;
using System.Collections.Generic;
using TinyMl.Tflite.FlatBuffers;

namespace TinyMl.Tflite
{
    /// <summary>Parses a .tflite flatbuffer into a <see cref="TfliteModel"/> (use
    /// <see cref="TfliteModel.Read"/>): every offset bounds-checked, every cross-reference
    /// validated, errors named by field path.</summary>
    internal sealed class TfliteReader
    {
        private const string FileIdentifier = "TFL3";
        private readonly FlatBufferReader _r;

        public TfliteReader(byte[] data)
        {
            // Every element copied or table visited costs one unit; a real model needs far
            // less than one unit per byte.
            _r = new FlatBufferReader(data, 4L * data.Length + 4096);
        }

        public TfliteModel Parse()
        {
            FbTable model = _r.Root("model");
            if (_r.Length >= 8)
            {
                string id = System.Text.Encoding.ASCII.GetString(_r.Data, 4, 4);
                if (id != FileIdentifier)
                {
                    throw new TfliteFormatException(
                        $"model: file identifier is \"{Printable(id)}\", expected \"{FileIdentifier}\" (not a TFLite model)");
                }
            }

            uint version = model.U32(0, "version");
            var opcodes = ParseOperatorCodes(model);
            string? description = model.String(3, "description");
            var buffers = ParseBuffers(model);

            FbVector? sgv = model.Vector(2, 4, "subgraphs");
            if (sgv == null || sgv.Value.Count == 0)
            {
                throw new TfliteFormatException("subgraphs: the model has no subgraph");
            }
            var subgraphs = new List<TfliteSubgraph>();
            for (int i = 0; i < sgv.Value.Count; i++)
            {
                subgraphs.Add(ParseSubgraph(sgv.Value.Table(i), i, sgv.Value.Count, opcodes.Count, buffers.Count));
            }

            return new TfliteModel
            {
                Version = version,
                Description = description,
                OperatorCodes = opcodes,
                Subgraphs = subgraphs,
                Buffers = buffers,
                MetadataBuffer = model.Int32Array(5, "metadata_buffer"),
                Metadata = ParseMetadata(model, buffers.Count),
                SignatureDefs = ParseSignatureDefs(model, subgraphs),
            };
        }

        private static string Printable(string s)
        {
            var c = s.ToCharArray();
            for (int i = 0; i < c.Length; i++) if (c[i] < 32 || c[i] > 126) c[i] = '?';
            return new string(c);
        }

        /// <summary>Each table of a vector of tables (none when the vector is absent), parsed by `parse(table, index)`.</summary>
        private static List<T> Tables<T>(FbVector? v, Func<FbTable, int, T> parse)
        {
            var list = new List<T>();
            if (v == null) return list;
            for (int i = 0; i < v.Value.Count; i++) list.Add(parse(v.Value.Table(i), i));
            return list;
        }

        /// <summary>An index field (u32) checked against the count of what it indexes ("buffer", 12 → "buffers").</summary>
        private static uint Index(FbTable t, int id, string field, int count, string what)
        {
            uint index = t.U32(id, field);
            if (index >= count)
                throw new TfliteFormatException($"{t.FieldPath(field)}: {what} index {index} is out of range ({count} {what}s)");
            return index;
        }

        private static List<TfliteOperatorCode> ParseOperatorCodes(FbTable model) =>
            Tables(model.Vector(1, 4, "operator_codes"), (t, _) =>
            {
                int deprecated = t.I8(0, "deprecated_builtin_code");
                int builtin = t.I32(3, "builtin_code");
                return new TfliteOperatorCode
                {
                    DeprecatedBuiltinCode = deprecated,
                    RawBuiltinCode = builtin,
                    BuiltinCode = Math.Max(builtin, deprecated),
                    CustomCode = t.String(1, "custom_code"),
                    Version = t.I32(2, "version", 1),
                };
            });

        private static List<TfliteMetadata> ParseMetadata(FbTable model, int bufferCount) =>
            Tables(model.Vector(6, 4, "metadata"), (t, _) => new TfliteMetadata
            {
                Name = t.String(0, "name") ?? "",
                Buffer = Index(t, 1, "buffer", bufferCount, "buffer"),
            });

        private static List<TfliteSignatureDef> ParseSignatureDefs(FbTable model, List<TfliteSubgraph> subgraphs) =>
            Tables(model.Vector(7, 4, "signature_defs"), (t, _) =>
            {
                uint subgraph = Index(t, 4, "subgraph_index", subgraphs.Count, "subgraph");
                int tensorCount = subgraphs[(int)subgraph].Tensors.Count;
                return new TfliteSignatureDef
                {
                    SignatureKey = t.String(2, "signature_key") ?? "",
                    SubgraphIndex = subgraph,
                    Inputs = ParseTensorMaps(t.Vector(0, 4, "inputs"), tensorCount),
                    Outputs = ParseTensorMaps(t.Vector(1, 4, "outputs"), tensorCount),
                };
            });

        private static List<TfliteTensorMap> ParseTensorMaps(FbVector? v, int tensorCount) =>
            Tables(v, (t, _) => new TfliteTensorMap
            {
                Name = t.String(0, "name") ?? "",
                TensorIndex = Index(t, 1, "tensor_index", tensorCount, "tensor"),
            });

        private static List<TfliteBuffer> ParseBuffers(FbTable model) =>
            Tables(model.Vector(4, 4, "buffers"), (t, i) => new TfliteBuffer
            {
                Index = i,
                Data = t.Bytes(0, "data") ?? ReadOnlyMemory<byte>.Empty,
                Offset = t.U64(1, "offset"),
                Size = t.U64(2, "size"),
            });

        private TfliteSubgraph ParseSubgraph(FbTable sg, int index, int subgraphCount, int opcodeCount, int bufferCount)
        {
            List<TfliteTensor> tensors = Tables(sg.Vector(0, 4, "tensors"), (t, i) => ParseTensor(t, i, bufferCount));

            int[] inputs = sg.Int32Array(1, "inputs") ?? Array.Empty<int>();
            int[] outputs = sg.Int32Array(2, "outputs") ?? Array.Empty<int>();
            CheckTensorIndices(inputs, sg.FieldPath("inputs"), tensors.Count, allowOptional: false);
            CheckTensorIndices(outputs, sg.FieldPath("outputs"), tensors.Count, allowOptional: false);

            List<TfliteOperator> ops = Tables(sg.Vector(3, 4, "operators"),
                (op, i) => ParseOperator(op, i, index, subgraphCount, opcodeCount, tensors.Count));

            return new TfliteSubgraph
            {
                Index = index,
                Name = sg.String(4, "name"),
                Tensors = tensors,
                Inputs = inputs,
                Outputs = outputs,
                Operators = ops,
            };
        }

        private static void CheckTensorIndices(int[] indices, string path, int tensorCount, bool allowOptional)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                int t = indices[i];
                if (allowOptional && t == -1) continue;
                if (t < 0 || t >= tensorCount)
                {
                    throw new TfliteFormatException(
                        $"{path}[{i}]: tensor index {t} is out of range ({tensorCount} tensors)");
                }
            }
        }

        private TfliteTensor ParseTensor(FbTable t, int index, int bufferCount)
        {
            uint buffer = t.U32(2, "buffer");
            if (buffer >= bufferCount && !(buffer == 0 && bufferCount == 0))
            {
                throw new TfliteFormatException(
                    $"{t.FieldPath("buffer")}: buffer index {buffer} is out of range ({bufferCount} buffers)");
            }

            TfliteQuantization? quant = null;
            FbTable? q = t.Table(4, "quantization");
            if (q != null)
            {
                FbTable qt = q.Value;
                var (detailsType, _) = qt.Union(4, "details");
                quant = new TfliteQuantization
                {
                    Min = qt.FloatArray(0, "min") ?? Array.Empty<float>(),
                    Max = qt.FloatArray(1, "max") ?? Array.Empty<float>(),
                    Scale = qt.FloatArray(2, "scale") ?? Array.Empty<float>(),
                    ZeroPoint = qt.Int64Array(3, "zero_point") ?? Array.Empty<long>(),
                    DetailsType = detailsType,
                    QuantizedDimension = qt.I32(6, "quantized_dimension"),
                };
            }

            return new TfliteTensor
            {
                Index = index,
                Shape = t.Int32Array(0, "shape") ?? Array.Empty<int>(),
                Type = (TensorType)t.U8(1, "type"),
                Buffer = buffer,
                Name = t.String(3, "name") ?? "",
                Quantization = quant,
                IsVariable = t.Bool(5, "is_variable"),
                HasSparsity = t.Has(6),
                ShapeSignature = t.Int32Array(7, "shape_signature"),
                HasRank = t.Bool(8, "has_rank"),
                ExternalBuffer = t.U32(10, "external_buffer"),
            };
        }

        private TfliteOperator ParseOperator(FbTable op, int index, int subgraph, int subgraphCount, int opcodeCount, int tensorCount)
        {
            uint opcodeIndex = op.U32(0, "opcode_index");
            if (opcodeIndex >= opcodeCount)
            {
                throw new TfliteFormatException(
                    $"{op.FieldPath("opcode_index")}: operator code index {opcodeIndex} is out of range ({opcodeCount} operator codes)");
            }
            int[] inputs = op.Int32Array(1, "inputs") ?? Array.Empty<int>();
            int[] outputs = op.Int32Array(2, "outputs") ?? Array.Empty<int>();
            int[] intermediates = op.Int32Array(8, "intermediates") ?? Array.Empty<int>();
            CheckTensorIndices(inputs, op.FieldPath("inputs"), tensorCount, allowOptional: true);
            CheckTensorIndices(outputs, op.FieldPath("outputs"), tensorCount, allowOptional: false);
            CheckTensorIndices(intermediates, op.FieldPath("intermediates"), tensorCount, allowOptional: true);

            var (optType, optTable) = op.Union(3, "builtin_options");
            object? options = optTable == null ? null : BuiltinOptionsCodec.Read(optType, optTable.Value);
            if (options is CallOnceOptions callOnce)
            {
                // A cross-reference like a tensor index: checked here so every reader of the model can follow it.
                string path = op.FieldPath("builtin_options.init_subgraph_index");
                int target = callOnce.InitSubgraphIndex;
                if (target < 0 || target >= subgraphCount)
                    throw new TfliteFormatException($"{path}: subgraph index {target} is out of range ({subgraphCount} subgraphs)");
                if (target == subgraph)
                    throw new TfliteFormatException($"{path}: subgraph {subgraph} names itself as its init subgraph");
            }
            ReadOnlyMemory<byte>? custom = op.Bytes(5, "custom_options");
            bool[]? mutating = op.BoolArray(7, "mutating_variable_inputs");

            return new TfliteOperator
            {
                Index = index,
                Subgraph = subgraph,
                OpcodeIndex = opcodeIndex,
                Inputs = inputs,
                Outputs = outputs,
                Intermediates = intermediates,
                BuiltinOptionsType = optType,
                BuiltinOptions = options,
                CustomOptions = custom ?? ReadOnlyMemory<byte>.Empty,
                MutatingVariableInputs = mutating ?? Array.Empty<bool>(),
            };
        }
    }
}
