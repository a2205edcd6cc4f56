using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Tflite.FlatBuffers;

namespace TinyMl.Tflite
{
    /// <summary>
    /// Serializes a <see cref="TfliteModel"/> as a .tflite flatbuffer (schema.fbs, file identifier
    /// "TFL3"; use <see cref="TfliteModel.Write"/>). Everything the reader models is written, so
    /// read → write → read gives the same model. Written as the converter writes it: buffer data
    /// 16-byte aligned, operator codes with both deprecated_builtin_code and builtin_code as the
    /// model holds them, fields equal to their schema default left out. Not modelled, and so
    /// written empty: the sparsity parameters of a sparse tensor and the table of a
    /// quantization details union (both rejected by the compiler).
    /// </summary>
    public static class TfliteWriter
    {
        public const string FileIdentifier = "TFL3";

        public static byte[] Write(TfliteModel model)
        {
            ArgumentNullException.ThrowIfNull(model);
            var root = new FbTableNode()
                .Set(0, model.Version)
                .Set(1, Vector(model.OperatorCodes, OperatorCode))
                .Set(2, Vector(model.Subgraphs, Subgraph))
                .Set(3, model.Description == null ? null : new FbStringNode(model.Description))
                .Set(4, Vector(model.Buffers, Buffer))
                .Set(5, model.MetadataBuffer == null ? null : new FbVectorNode(model.MetadataBuffer))
                .Set(6, model.Metadata.Count == 0 ? null : Vector(model.Metadata, m => new FbTableNode()
                    .Set(0, new FbStringNode(m.Name))
                    .Set(1, m.Buffer)))
                .Set(7, model.SignatureDefs.Count == 0 ? null : Vector(model.SignatureDefs, SignatureDef));
            return FlatBufferBuilder.Finish(root, FileIdentifier);
        }

        private static FbVectorNode Vector<T>(IReadOnlyList<T> items, Func<T, FbTableNode> table) =>
            new FbVectorNode(items.Select(table).ToArray<FbNode>());

        /// <summary>A scalar field: left out when it equals the schema default.</summary>
        private static object? Field<T>(T value, T schemaDefault) where T : struct =>
            EqualityComparer<T>.Default.Equals(value, schemaDefault) ? null : value;

        private static FbTableNode OperatorCode(TfliteOperatorCode c) => new FbTableNode()
            .Set(0, Field((sbyte)c.DeprecatedBuiltinCode, (sbyte)0))
            .Set(1, c.CustomCode == null ? null : new FbStringNode(c.CustomCode))
            .Set(2, Field(c.Version, 1))
            .Set(3, Field(c.RawBuiltinCode, 0));

        private static FbTableNode Buffer(TfliteBuffer b) => new FbTableNode()
            .Set(0, b.Data.Length == 0 ? null : new FbVectorNode(b.Data.ToArray(), alignment: 16))
            .Set(1, Field(b.Offset, 0UL))
            .Set(2, Field(b.Size, 0UL));

        private static FbTableNode Subgraph(TfliteSubgraph sg) => new FbTableNode()
            .Set(0, Vector(sg.Tensors, Tensor))
            .Set(1, new FbVectorNode(sg.Inputs))
            .Set(2, new FbVectorNode(sg.Outputs))
            .Set(3, Vector(sg.Operators, Operator))
            .Set(4, sg.Name == null ? null : new FbStringNode(sg.Name));

        private static FbTableNode Tensor(TfliteTensor t) => new FbTableNode()
            .Set(0, new FbVectorNode(t.Shape))
            .Set(1, Field((byte)t.Type, (byte)0))
            .Set(2, Field(t.Buffer, 0u))
            .Set(3, new FbStringNode(t.Name))
            .Set(4, t.Quantization == null ? null : Quantization(t.Quantization))
            .Set(5, Field(t.IsVariable, false))
            .Set(6, t.HasSparsity ? new FbTableNode() : null)
            .Set(7, t.ShapeSignature == null ? null : new FbVectorNode(t.ShapeSignature))
            .Set(8, Field(t.HasRank, false))
            .Set(10, Field(t.ExternalBuffer, 0u));

        private static FbTableNode Quantization(TfliteQuantization q) => new FbTableNode()
            .Set(0, q.Min.Length == 0 ? null : new FbVectorNode(q.Min))
            .Set(1, q.Max.Length == 0 ? null : new FbVectorNode(q.Max))
            .Set(2, q.Scale.Length == 0 ? null : new FbVectorNode(q.Scale))
            .Set(3, q.ZeroPoint.Length == 0 ? null : new FbVectorNode(q.ZeroPoint))
            .Set(4, Field(q.DetailsType, (byte)0))
            .Set(5, q.DetailsType == 0 ? null : new FbTableNode())
            .Set(6, Field(q.QuantizedDimension, 0));

        private static FbTableNode Operator(TfliteOperator op)
        {
            byte optionsType = op.BuiltinOptionsType;
            if (optionsType == 0 && op.BuiltinOptions != null)
            {
                optionsType = BuiltinOptionsCodec.UnionTypeOf(op.BuiltinOptions);
                if (optionsType == 0)
                    throw new ArgumentException($"operator {op.Index}: {op.BuiltinOptions.GetType().Name} is not a builtin options table");
            }
            FbTableNode? options = optionsType == 0 ? null
                : op.BuiltinOptions == null ? new FbTableNode() // a type we do not model: its defaults
                : BuiltinOptionsCodec.Write(op.BuiltinOptions);
            return new FbTableNode()
                .Set(0, Field(op.OpcodeIndex, 0u))
                .Set(1, new FbVectorNode(op.Inputs))
                .Set(2, new FbVectorNode(op.Outputs))
                .Set(3, Field(optionsType, (byte)0))
                .Set(4, options)
                .Set(5, op.CustomOptions.Length == 0 ? null : new FbVectorNode(op.CustomOptions.ToArray()))
                .Set(7, op.MutatingVariableInputs.Length == 0 ? null : new FbVectorNode(op.MutatingVariableInputs))
                .Set(8, op.Intermediates.Length == 0 ? null : new FbVectorNode(op.Intermediates));
        }

        private static FbTableNode SignatureDef(TfliteSignatureDef s) => new FbTableNode()
            .Set(0, Vector(s.Inputs, TensorMap))
            .Set(1, Vector(s.Outputs, TensorMap))
            .Set(2, new FbStringNode(s.SignatureKey))
            .Set(4, Field(s.SubgraphIndex, 0u));

        private static FbTableNode TensorMap(TfliteTensorMap m) => new FbTableNode()
            .Set(0, new FbStringNode(m.Name))
            .Set(1, Field(m.TensorIndex, 0u));
    }
}
