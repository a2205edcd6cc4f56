using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Compiler.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>
    /// Checks the dataflow of the lowered layers, plans the arena and writes the .tnm blob
    /// (format v1, native-kernels/include/tnm/tnm_model.h).
    /// </summary>
    internal sealed class BlobBuilder
    {
        private readonly TfliteModel _model;
        private readonly TfliteSubgraph _sg;
        private readonly List<LayerPlan> _layers;
        private readonly int _input;
        private readonly int _output;
        private readonly int _tfliteSize;

        public BlobBuilder(TfliteModel model, List<LayerPlan> layers, int input, int output, int tfliteSize)
        {
            _model = model;
            _sg = model.MainSubgraph;
            _layers = layers;
            _input = input;
            _output = output;
            _tfliteSize = tfliteSize;
        }

        private string OpText(LayerPlan l) =>
            $"operator {l.Source.Index} ({BuiltinOperator.Name(_model.OperatorCodeOf(l.Source).BuiltinCode)})";

        private string Describe(int t)
        {
            string name = _sg.Tensors[t].Name;
            return name.Length > 0 ? $"tensor {t} '{name}'" : $"tensor {t}";
        }

        public CompiledModel Build()
        {
            int layerCount = _layers.Count;

            // ---- dataflow: every arena tensor is the model input or written by exactly one earlier layer
            var producer = new Dictionary<int, int> { [_input] = -1 };
            var arenaOrder = new List<int> { _input };
            TfliteTensor inputTensor = _sg.Tensors[_input];
            if (inputTensor.Type != TensorType.Int8 && inputTensor.Type != TensorType.Float32)
                throw new ModelCompileException($"model input {Describe(_input)} has type {TensorTypes.Name(inputTensor.Type)}; int8 or float32 required");
            if (_model.DataOf(inputTensor).Length > 0)
                throw new ModelCompileException($"model input {Describe(_input)} is a constant");
            for (int i = 0; i < layerCount; i++)
            {
                LayerPlan l = _layers[i];
                foreach (int t in new[] { l.Input, l.Input2 })
                {
                    if (t < 0) continue;
                    if (!producer.ContainsKey(t))
                        throw new ModelCompileException($"{OpText(l)}: input {Describe(t)} is neither the model input nor written by an earlier operator");
                }
                if (producer.TryGetValue(l.Output, out int previous))
                {
                    string by = previous < 0 ? "is the model input" : $"is already written by operator {_layers[previous].Source.Index}";
                    throw new ModelCompileException($"{OpText(l)}: output {Describe(l.Output)} {by}");
                }
                producer[l.Output] = i;
                arenaOrder.Add(l.Output);
            }
            if (!producer.TryGetValue(_output, out int outProducer) || outProducer < 0)
                throw new ModelCompileException($"model output {Describe(_output)} is not written by any operator");
            if (arenaOrder.Count > BlobFormat.MaxTensors)
                throw new ModelCompileException($"the model has {arenaOrder.Count} activation tensors; at most {BlobFormat.MaxTensors} are supported");

            var blobIndex = new Dictionary<int, int>();
            for (int i = 0; i < arenaOrder.Count; i++) blobIndex[arenaOrder[i]] = i;

            // ---- sizes, shapes and lifetimes
            int n = arenaOrder.Count;
            var size = new int[n];
            var dims = new int[n][];
            var first = new int[n];
            var last = new int[n];
            for (int b = 0; b < n; b++)
            {
                TfliteTensor t = _sg.Tensors[arenaOrder[b]];
                dims[b] = BlobDims(t);
                long bytes = (long)TensorTypes.ElementSize(t.Type) * dims[b].Aggregate(1L, (a, d) => a * d);
                if (bytes > int.MaxValue / 2) throw new ModelCompileException($"{Describe(t.Index)} is too large ({bytes} bytes)");
                size[b] = (int)bytes;
                int p = producer[t.Index];
                first[b] = Math.Max(p, 0);
                last[b] = first[b];
            }
            for (int i = 0; i < layerCount; i++)
            {
                foreach (int t in new[] { _layers[i].Input, _layers[i].Input2 })
                {
                    if (t >= 0) last[blobIndex[t]] = Math.Max(last[blobIndex[t]], i);
                }
            }
            last[blobIndex[_output]] = layerCount - 1;

            // ---- RESHAPE output shares its input's bytes: one buffer over both lifetimes
            // (the data is written once and never changed, so the two views never conflict).
            var group = new int[n];
            for (int b = 0; b < n; b++) group[b] = b;
            int Root(int b) { while (group[b] != b) b = group[b]; return b; }
            foreach (LayerPlan l in _layers)
            {
                if (l.Op != BlobFormat.OpReshape) continue;
                int a = Root(blobIndex[l.Input]), c = Root(blobIndex[l.Output]);
                if (a != c && size[a] == size[c]) group[c] = a;
            }
            var requestOf = new Dictionary<int, int>();
            var requests = new List<ArenaRequest>();
            for (int b = 0; b < n; b++)
            {
                int r = Root(b);
                if (!requestOf.TryGetValue(r, out int q))
                {
                    q = requests.Count;
                    requestOf[r] = q;
                    requests.Add(new ArenaRequest(size[r], first[b], last[b]));
                }
                else
                {
                    ArenaRequest old = requests[q];
                    requests[q] = new ArenaRequest(old.Size, Math.Min(old.FirstUse, first[b]), Math.Max(old.LastUse, last[b]));
                }
            }
            int[] planned = ArenaPlanner.Plan(requests, out int tensorArena);
            var offset = new int[n];
            for (int b = 0; b < n; b++) offset[b] = planned[requestOf[Root(b)]];
            // Scratch: the runtime puts a layer's scratch at the top of the arena, so the arena
            // must reach past every tensor live during that layer plus the scratch.
            long arenaNeed = Math.Max(ArenaPlanner.Align(tensorArena), ArenaPlanner.Alignment);
            for (int i = 0; i < layerCount; i++)
            {
                int scratch = ScratchBytes(_layers[i]);
                if (scratch <= 0) continue;
                long liveTop = 0;
                for (int b = 0; b < n; b++)
                {
                    if (first[b] <= i && i <= last[b]) liveTop = Math.Max(liveTop, offset[b] + (long)size[b]);
                }
                arenaNeed = Math.Max(arenaNeed, ArenaPlanner.Align((int)liveTop) + (long)ArenaPlanner.Align(scratch));
            }
            if (arenaNeed > int.MaxValue / 2) throw new ModelCompileException($"the arena would be {arenaNeed} bytes; too large");
            int arenaSize = (int)arenaNeed;

            // ---- layout
            int tensorTable = BlobFormat.HeaderSize;
            int layerTable = tensorTable + n * BlobFormat.TensorRecordSize;
            int dataOffset = layerTable + layerCount * BlobFormat.LayerRecordSize;
            var data = new DataSection(dataOffset);

            var compiledTensors = new List<CompiledTensor>();
            var tensorRecords = new byte[n * BlobFormat.TensorRecordSize];
            for (int b = 0; b < n; b++)
            {
                TfliteTensor t = _sg.Tensors[arenaOrder[b]];
                float scale = 0f;
                int zp = 0;
                if (t.Type == TensorType.Int8)
                {
                    if (t.Quantization == null || !t.Quantization.IsAffine || !(t.Quantization.Scale[0] > 0f)
                        || t.Quantization.ZeroPoint[0] < -128 || t.Quantization.ZeroPoint[0] > 127)
                        throw new ModelCompileException($"{Describe(t.Index)} has no valid int8 quantization parameters");
                    scale = t.Quantization!.Scale[0];
                    zp = (int)t.Quantization.ZeroPoint[0];
                }
                Span<byte> rec = tensorRecords.AsSpan(b * BlobFormat.TensorRecordSize, BlobFormat.TensorRecordSize);
                rec[0] = (byte)t.Type;
                rec[1] = (byte)dims[b].Length;
                for (int d = 0; d < 4; d++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(4 + 2 * d), (ushort)(d < dims[b].Length ? dims[b][d] : 1));
                }
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(12), (uint)offset[b]);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(16), (uint)size[b]);
                BinaryPrimitives.WriteInt32LittleEndian(rec.Slice(20), zp);
                BinaryPrimitives.WriteSingleLittleEndian(rec.Slice(24), scale);
                compiledTensors.Add(new CompiledTensor
                {
                    Index = b,
                    TfliteIndex = t.Index,
                    Name = t.Name,
                    Type = TensorTypes.Name(t.Type),
                    Shape = (int[])t.Shape.Clone(),
                    Offset = offset[b],
                    Size = size[b],
                    Scale = scale,
                    ZeroPoint = zp,
                });
            }

            var compiledLayers = new List<CompiledLayer>();
            var layerRecords = new byte[layerCount * BlobFormat.LayerRecordSize];
            long totalMacs = 0;
            for (int i = 0; i < layerCount; i++)
            {
                LayerPlan l = _layers[i];
                int weightsOffset = 0, weightsSize = 0, biasOffset = 0, quantOffset = 0, quantCount = 0;
                if (l.Weights != null && l.Weights.Length > 0)
                {
                    weightsOffset = data.Add(l.Weights);
                    weightsSize = l.Weights.Length;
                }
                if (l.Bias != null && l.Bias.Length > 0) biasOffset = data.Add(l.Bias);
                byte[]? quant = null;
                if (l.Multipliers != null && l.Multipliers.Length > 0)
                {
                    quantCount = l.Multipliers.Length;
                    quant = new byte[quantCount * 5];
                    for (int c = 0; c < quantCount; c++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(quant.AsSpan(4 * c), l.Multipliers[c]);
                        quant[4 * quantCount + c] = unchecked((byte)(sbyte)l.Shifts![c]);
                    }
                    quantOffset = data.Add(quant);
                }

                int inB = blobIndex[l.Input], outB = blobIndex[l.Output];
                int in2B = l.Input2 >= 0 ? blobIndex[l.Input2] : BlobFormat.NoTensor;
                Span<byte> rec = layerRecords.AsSpan(i * BlobFormat.LayerRecordSize, BlobFormat.LayerRecordSize);
                rec[0] = (byte)l.Op;
                BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(2), (ushort)inB);
                BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(4), (ushort)in2B);
                BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(6), (ushort)outB);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(8), (uint)weightsOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(12), (uint)weightsSize);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(16), (uint)biasOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(20), (uint)quantOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(24), (uint)quantCount);
                for (int k = 0; k < BlobFormat.LayerParamCount; k++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(rec.Slice(28 + 4 * k), l.Params[k]);
                }
                totalMacs += l.Macs;
                compiledLayers.Add(new CompiledLayer
                {
                    Index = i,
                    Op = BlobFormat.OpName(l.Op),
                    OpCode = l.Op,
                    TfliteOperatorIndex = l.Source.Index,
                    InputShape = (int[])_sg.Tensors[l.Input].Shape.Clone(),
                    OutputShape = (int[])_sg.Tensors[l.Output].Shape.Clone(),
                    Macs = l.Macs,
                    WeightBytes = (l.Weights?.Length ?? 0) + (l.Bias?.Length ?? 0) + (quant?.Length ?? 0),
                    InputTensor = inB,
                    Input2Tensor = l.Input2 >= 0 ? in2B : -1,
                    OutputTensor = outB,
                    OutputOffset = offset[outB],
                    OutputSize = size[outB],
                    Params = (int[])l.Params.Clone(),
                    Multipliers = (int[]?)l.Multipliers?.Clone() ?? Array.Empty<int>(),
                    Shifts = (int[]?)l.Shifts?.Clone() ?? Array.Empty<int>(),
                });
            }

            // ---- header and assembly
            byte[] dataBytes = data.ToArray();
            long blobSize = (long)dataOffset + dataBytes.Length;
            if (blobSize > int.MaxValue) throw new ModelCompileException($"the blob would be {blobSize} bytes; too large");
            var blob = new byte[blobSize];
            Span<byte> h = blob.AsSpan(0, BlobFormat.HeaderSize);
            h[0] = (byte)'T'; h[1] = (byte)'N'; h[2] = (byte)'M'; h[3] = (byte)'B';
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(4), BlobFormat.Version);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(6), BlobFormat.HeaderSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(8), (uint)blobSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(16), (uint)arenaSize);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(20), (ushort)n);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(22), (ushort)layerCount);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(24), (uint)tensorTable);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(28), (uint)layerTable);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(32), (uint)dataOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(36), (uint)dataBytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(40), (ushort)blobIndex[_input]);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(42), (ushort)blobIndex[_output]);
            tensorRecords.CopyTo(blob, tensorTable);
            layerRecords.CopyTo(blob, layerTable);
            dataBytes.CopyTo(blob, dataOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), TinyMl.Nano.Crc32.Compute(blob, 16, blob.Length - 16));

            return new CompiledModel
            {
                Blob = blob,
                ArenaSize = arenaSize,
                TotalMacs = totalMacs,
                TfliteSize = _tfliteSize,
                Layers = compiledLayers,
                Tensors = compiledTensors,
                InputTensor = blobIndex[_input],
                OutputTensor = blobIndex[_output],
                DataSize = dataBytes.Length,
            };
        }

        /// <summary>Scratch bytes the layer's kernel may ask for on any target: the native
        /// tnm_conv_s8_scratch_size_max / tnm_depthwise_conv_s8_scratch_size_max (the largest
        /// variant's need; the blob is target-independent). Dims as the runtime derives them:
        /// NHWC with leading 1s, filter h/w from the layer params.</summary>
        internal int ScratchBytes(LayerPlan layer)
        {
            bool depthwise = layer.Op == BlobFormat.OpDepthwiseConv2D;
            if (layer.Op != BlobFormat.OpConv2D && !depthwise) return 0;
            int[] input = Nhwc(_sg.Tensors[layer.Input].Shape), output = Nhwc(_sg.Tensors[layer.Output].Shape);
            int[] filter = { depthwise ? 1 : output[3], layer.Params[10], layer.Params[11], depthwise ? output[3] : input[3] };
            int bytes = ConvScratchSizeMax(depthwise ? 1 : 0, input, filter, output);
            if (bytes < 0)
                throw new ModelCompileException($"{OpText(layer)}: the convolution's scratch size is out of range (filter {Text(filter)})");
            return bytes;
        }

        private static int[] Nhwc(int[] shape)
        {
            var d = new[] { 1, 1, 1, 1 };
            if (shape.Length <= 4)
                for (int i = 0; i < shape.Length; i++) d[4 - shape.Length + i] = shape[i];
            return d;
        }

        [System.Runtime.InteropServices.DllImport("tinyml_native", EntryPoint = "tnm_host_conv_scratch_size_max")]
        private static extern int ConvScratchSizeMax(int depthwise, int[] input4, int[] filter4, int[] output4);

        /// <summary>Dims for the tensor record: rank 1..4 (a scalar becomes [1]), each 1..65535.</summary>
        private int[] BlobDims(TfliteTensor t)
        {
            int[] s = t.Shape.Length == 0 ? new[] { 1 } : t.Shape;
            if (s.Length > BlobFormat.MaxRank)
                throw new ModelCompileException($"{Describe(t.Index)} has {s.Length} dimensions {Text(s)}; at most {BlobFormat.MaxRank} are supported");
            foreach (int d in s)
            {
                if (d < 1 || d > 65535)
                    throw new ModelCompileException($"{Describe(t.Index)} has dimension {d} in {Text(s)}; 1..65535 supported");
            }
            return (int[])s.Clone();
        }

        private static string Text(int[] s) => "[" + string.Join(", ", s) + "]";
    }

    /// <summary>Constant data: 4-aligned arrays, identical arrays stored once.</summary>
    internal sealed class DataSection
    {
        private readonly int _base;
        private readonly List<byte> _bytes = new();
        private readonly Dictionary<byte[], int> _seen = new(ByteArrayComparer.Instance);

        public DataSection(int baseOffset)
        {
            _base = baseOffset;
        }

        /// <summary>Adds an array (or finds an identical one); returns its offset in the blob.</summary>
        public int Add(byte[] content)
        {
            if (_seen.TryGetValue(content, out int existing)) return existing;
            int at = _base + _bytes.Count;
            _bytes.AddRange(content);
            while (_bytes.Count % 4 != 0) _bytes.Add(0);
            _seen[content] = at;
            return at;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
        {
            public static readonly ByteArrayComparer Instance = new();
            public bool Equals(byte[]? x, byte[]? y) => x != null && y != null && x.AsSpan().SequenceEqual(y);
            public int GetHashCode(byte[] obj)
            {
                var hc = new HashCode();
                hc.AddBytes(obj);
                return hc.ToHashCode();
            }
        }
    }
}
