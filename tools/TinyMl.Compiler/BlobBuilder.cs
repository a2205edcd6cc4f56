using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>
    /// Checks the dataflow of the lowered layers, plans the arena (state region first, then the
    /// activations by lifetime) and writes the .tnm blob (format v2,
    /// native-kernels/include/tnm/tnm_model.h).
    /// </summary>
    internal sealed class BlobBuilder
    {
        /// <summary>Output pixels a CONV_2D row band must hold for the layer to run in place in
        /// bands (each band is a kernel call of its own).</summary>
        internal const int MinConvBandPixels = 16;

        private readonly LoweringContext _ctx;
        private readonly List<LayerPlan> _layers;
        private readonly List<GraphTensor> _inputs;
        private readonly List<GraphTensor> _outputs;
        private readonly int _tfliteSize;
        private readonly CompileOptions _options;
        /// <summary>Tensors that are rows of another (row strips, PatchPlanner): the parent and
        /// the byte offset in it. They take no bytes of their own.</summary>
        private readonly IReadOnlyDictionary<GraphTensor, (GraphTensor Parent, int Rel)> _aliases;
        private readonly PatchPlanner.Rewrite? _patches;

        public BlobBuilder(LoweringContext ctx, List<GraphTensor> inputs, List<GraphTensor> outputs, int tfliteSize,
                           CompileOptions? options = null, List<LayerPlan>? layers = null,
                           IReadOnlyDictionary<GraphTensor, (GraphTensor Parent, int Rel)>? aliases = null,
                           PatchPlanner.Rewrite? patches = null)
        {
            _patches = patches;
            _options = options ?? CompileOptions.Default;
            _ctx = ctx;
            _layers = layers ?? ctx.Layers;
            // the lowerings' (ctx.Aliases) and the strips' (PatchPlanner)
            var all = new Dictionary<GraphTensor, (GraphTensor Parent, int Rel)>(ctx.Aliases);
            if (aliases != null) foreach (var kv in aliases) all[kv.Key] = kv.Value;
            _aliases = all;
            _inputs = inputs;
            _outputs = outputs;
            _tfliteSize = tfliteSize;
        }

        private string OpText(LayerPlan l) => _ctx.What(l.Source);

        private static string Describe(GraphTensor t)
        {
            string id = t.TfliteIndex >= 0 ? $"tensor {t.TfliteIndex}" : "tensor";
            return t.Name.Length > 0 ? $"{id} '{t.Name}'" : id;
        }

        public CompiledModel Build()
        {
            int layerCount = _layers.Count;
            int initCount = _layers.TakeWhile(l => l.Subgraph == 1).Count();
            if (_layers.Skip(initCount).Any(l => l.Subgraph == 1))
                throw new ModelCompileException("internal: init layers must lead the layer table");

            // ---- dataflow: every activation a layer reads is a model input or written by exactly
            // one earlier layer of the same subgraph; every model output is written.
            var producer = new Dictionary<GraphTensor, int>();
            var order = new List<GraphTensor>();
            var seen = new HashSet<GraphTensor>();
            void Add(GraphTensor t) { if (seen.Add(t)) order.Add(t); }
            foreach (GraphTensor t in _inputs)
            {
                if (producer.ContainsKey(t)) throw new ModelCompileException($"model input {Describe(t)} is listed twice");
                producer[t] = -1;
                Add(t);
            }
            for (int i = 0; i < layerCount; i++)
            {
                LayerPlan l = _layers[i];
                if (l.Inputs.Count > BlobFormat.MaxLayerInputs || l.Outputs.Count > BlobFormat.MaxLayerOutputs)
                    throw new ModelCompileException($"{OpText(l)}: {l.Inputs.Count} inputs and {l.Outputs.Count} outputs; at most {BlobFormat.MaxLayerInputs} and {BlobFormat.MaxLayerOutputs} are supported");
                foreach (GraphTensor? input in l.Inputs)
                {
                    if (input == null || input.IsConstant || input.IsVariable) continue;
                    // rows of a tensor: the tensor must be there (its rows were written before
                    // when it is a strip layer's output: PatchPlanner orders the strips)
                    GraphTensor t = _aliases.TryGetValue(input, out var alias) ? alias.Parent : input;
                    if (!producer.TryGetValue(t, out int p))
                        throw new ModelCompileException($"{OpText(l)}: input {Describe(t)} is neither a model input nor written by an earlier operator");
                    if (p >= 0 && _layers[p].Subgraph != l.Subgraph || p < 0 && l.Subgraph != 0)
                        throw new ModelCompileException($"{OpText(l)}: input {Describe(t)} is computed in another subgraph");
                    if (t != input && !producer.ContainsKey(input)) { producer[input] = p; Add(input); }
                }
                foreach (GraphTensor t in l.Outputs)
                {
                    // rows of a tensor: the first strip written brings the tensor to life
                    if (_aliases.TryGetValue(t, out var rows))
                    {
                        if (!producer.ContainsKey(rows.Parent)) { producer[rows.Parent] = i; Add(rows.Parent); }
                        else if (producer[rows.Parent] < 0)
                            throw new ModelCompileException($"{OpText(l)}: output rows of model input {Describe(rows.Parent)}");
                    }
                    if (producer.TryGetValue(t, out int previous))
                    {
                        string by = previous < 0 ? "is a model input" : $"is already written by {OpText(_layers[previous])}";
                        throw new ModelCompileException($"{OpText(l)}: output {Describe(t)} {by}");
                    }
                    producer[t] = i;
                    Add(t);
                }
            }
            foreach (GraphTensor t in _outputs)
            {
                if (!producer.TryGetValue(t, out int p) || p < 0 || _layers[p].Subgraph != 0)
                    throw new ModelCompileException($"model output {Describe(t)} is not written by any operator");
            }
            if (_outputs.Distinct().Count() != _outputs.Count)
                throw new ModelCompileException("a model output is listed twice");
            foreach (LayerPlan l in _layers)
            {
                foreach (GraphTensor? t in l.Inputs)
                {
                    if (t != null && (t.IsConstant || t.IsVariable)) Add(t);
                }
            }
            int n = order.Count;
            if (n > BlobFormat.MaxTensors)
                throw new ModelCompileException($"the model has {n} tensors; at most {BlobFormat.MaxTensors} are supported");
            var index = new Dictionary<GraphTensor, int>();
            for (int i = 0; i < n; i++) index[order[i]] = i;

            // ---- sizes, dims, lifetimes of the activations
            var size = new int[n];
            var dims = new int[n][];
            var first = new int[n];
            var last = new int[n];
            for (int b = 0; b < n; b++)
            {
                GraphTensor t = order[b];
                dims[b] = BlobDims(t);
                long bytes = (long)TensorTypes.ElementSize(t.Type) * dims[b].Aggregate(1L, (a, d) => a * d);
                if (bytes > int.MaxValue / 2) throw new ModelCompileException($"{Describe(t)} is too large ({bytes} bytes)");
                size[b] = (int)bytes;
                first[b] = producer.TryGetValue(t, out int p) ? Math.Max(p, 0) : 0;
                last[b] = first[b];
            }
            for (int i = 0; i < layerCount; i++)
            {
                foreach (GraphTensor? t in _layers[i].Inputs)
                {
                    if (t != null && producer.ContainsKey(t)) last[index[t]] = Math.Max(last[index[t]], i);
                }
            }
            // rows of a tensor live from the first layer that uses them (as input or output)
            for (int i = layerCount - 1; i >= 0; i--)
            {
                foreach (GraphTensor? t in _layers[i].Inputs.Concat(_layers[i].Outputs))
                {
                    if (t != null && _aliases.ContainsKey(t)) first[index[t]] = i;
                }
            }
            foreach (GraphTensor t in _outputs) last[index[t]] = layerCount - 1;
            foreach (GraphTensor t in _inputs) last[index[t]] = Math.Max(last[index[t]], initCount);

            // ---- state region: the init flag word, then every variable
            var variables = order.Where(t => t.IsVariable).ToList();
            int stateSize = 0;
            var offset = new int[n];
            if (variables.Count > 0 || initCount > 0)
            {
                stateSize = 4;
                foreach (GraphTensor v in variables)
                {
                    offset[index[v]] = stateSize;
                    stateSize += ArenaPlanner.Align(size[index[v]]);
                }
            }

            // ---- activations: RESHAPE outputs share their input's bytes (one buffer over both
            // lifetimes; the data is written once and never changed, so the two views never conflict).
            var group = new int[n];
            for (int b = 0; b < n; b++) group[b] = b;
            int Root(int b) { while (group[b] != b) b = group[b]; return b; }
            // Rows of a tensor (strips): bytes inside their parent's, `rel` bytes from its start.
            var rel = new int[n];
            for (int b = 0; b < n; b++)
            {
                if (!_aliases.TryGetValue(order[b], out var rows)) continue;
                int parent = index[rows.Parent];
                if (rows.Rel < 0 || rows.Rel % ArenaPlanner.Alignment != 0 || (long)rows.Rel + size[b] > size[parent] || _aliases.ContainsKey(rows.Parent))
                    throw new ModelCompileException($"internal: rows {Describe(order[b])} do not lie inside {Describe(rows.Parent)} at {rows.Rel}");
                group[b] = parent;
                rel[b] = rows.Rel;
            }
            foreach (LayerPlan l in _layers)
            {
                if (l.Op != "RESHAPE" || _aliases.ContainsKey(l.Inputs[0]!) || _aliases.ContainsKey(l.Outputs[0])) continue;
                int a = Root(index[l.Inputs[0]!]), c = Root(index[l.Outputs[0]]);
                if (a != c && size[a] == size[c]) group[c] = a;
            }
            var requestOf = new Dictionary<int, int>();
            var requests = new List<ArenaRequest>();
            for (int b = 0; b < n; b++)
            {
                if (!producer.ContainsKey(order[b])) continue; // constants and variables
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
            int[] scratchPerLayer = _layers.Select(l => l.ScratchBytes).ToArray();
            var layerFlags = new int[layerCount];
            // Strips: the stage's output may reuse its input's rows that no later strip reads
            // (X and Y tied as one block, Y at most OutputShift from X's start, or past its end),
            // when X dies with the stage.
            var stageTie = new List<(int Layer, int In, int Out, int Down, int Up, int Flags)>();
            if (_patches != null && _patches.OutputShift > -(long)int.MaxValue / 4 && _patches.OutputShift < int.MaxValue / 4)
            {
                int qx = requestOf[Root(index[_patches.Input])], qy = requestOf[Root(index[_patches.Output])];
                if (qx != qy && requests[qx].LastUse == _patches.LastInputRead && !_outputs.Contains(_patches.Input))
                    stageTie.Add((-1, qx, qy, (int)-_patches.OutputShift, ArenaPlanner.Align(requests[qx].Size), 0));
            }
            int[] planned = ArenaPlanner.Plan(stageTie.Count > 0 ? InPlacePlanner.Group(requests, stageTie, new int[layerCount]) : requests,
                                              scratchPerLayer, out int plainArena);
            if (_options.InPlace)
            {
                // In-place candidates: a convolution whose input dies there (and is no model
                // output) and whose output is born there, batch 1.
                var candidates = new List<(int Layer, int In, int Out, InPlacePlanner.ConvRows Rows, bool Depthwise)>();
                for (int i = 0; i < layerCount; i++)
                {
                    LayerPlan l = _layers[i];
                    if (l.Op != "CONV_2D" && l.Op != "DEPTHWISE_CONV_2D") continue;
                    if (l.ExplicitWindow) continue; // the band rules assume SAME or VALID windows
                    GraphTensor? input = l.Inputs[0];
                    GraphTensor output = l.Outputs[0];
                    // a strip runs in place only between buffers of its own (not rows of a tensor)
                    if (input == null || _aliases.ContainsKey(input) || _aliases.ContainsKey(output)) continue;
                    if (input == null || !requestOf.ContainsKey(Root(index[input])) || _outputs.Contains(input)) continue;
                    int qi = requestOf[Root(index[input])], qo = requestOf[Root(index[output])];
                    if (qi == qo || requests[qi].LastUse != i || requests[qo].FirstUse != i) continue;
                    if (input.Shape.Length != 4 || output.Shape.Length != 4 || input.Shape[0] != 1) continue;
                    int[] block = l.ParamBlock();
                    int P(string name) => block[l.Entry.FixedIndex(name)];
                    // Pixel runs only for CONV_2D: a depthwise kernel's scratch can grow with the
                    // run's length (the runtime refuses pixel runs on DEPTHWISE_CONV_2D).
                    bool pointwise = l.Op == "CONV_2D" && P("filter_h") == 1 && P("filter_w") == 1 && P("stride_h") == 1 && P("stride_w") == 1
                                     && P("pad_h") == 0 && P("pad_w") == 0
                                     && input.Shape[1] == output.Shape[1] && input.Shape[2] == output.Shape[2];
                    var rows = new InPlacePlanner.ConvRows(input.Shape[1], input.Shape[2], input.Shape[3], size[index[input]],
                        output.Shape[1], output.Shape[2], output.Shape[3], P("stride_h"), P("pad_h"), P("dilation_h"), P("filter_h"), pointwise);
                    if (InPlacePlanner.Shifts(rows, new InPlacePlanner.Band(1, false)) == null) continue;
                    candidates.Add((i, qi, qo, rows, l.Op == "DEPTHWISE_CONV_2D"));
                }
                // Finest bands first (the smallest arena): one row, or four pixels of a pointwise
                // convolution (the kernels' pixel block).
                var bands = candidates.Select(c => new InPlacePlanner.Band(c.Rows.Pointwise ? Math.Min(4, c.Rows.OutH * c.Rows.OutW) : 1, c.Rows.Pointwise)).ToArray();
                // Depthwise rows may come as close as the row rule allows (InPlacePlanner.RowShifts),
                // their scratch then holding the runtime's staging where the bands alone could not
                // run in place (StageBytes); else the bands' rule.
                // Pointwise pixels likewise in order (PixelShiftDown; last to first: the bands' rule).
                var rowRule = candidates.Select(c => c.Depthwise != c.Rows.Pointwise).ToArray();
                (int[] Offsets, long Need, int[] Flags, int[] Scratch) Try(List<int> chosen)
                {
                    var flags = new int[layerCount];
                    var ties = new List<(int Layer, int In, int Out, int Down, int Up, int Flags)>(stageTie);
                    foreach (int k in chosen)
                    {
                        var c = candidates[k];
                        var sh = InPlacePlanner.Shifts(c.Rows, bands[k]);
                        if (sh == null) continue;
                        (int down, int up) = !rowRule[k] ? sh.Value
                                             : c.Rows.Pointwise ? (InPlacePlanner.PixelShiftDown(c.Rows), sh.Value.Up)
                                             : InPlacePlanner.RowShifts(c.Rows);
                        ties.Add((c.Layer, c.In, c.Out, down, up, bands[k].Flags));
                    }
                    var withGroups = InPlacePlanner.Group(requests, ties, flags);
                    // A band's scratch: as the full call's (the kernels' scratch does not grow with
                    // fewer rows), or the staging of depthwise rows, the larger.
                    int[] scratch = (int[])scratchPerLayer.Clone();
                    foreach (int k in chosen)
                    {
                        var c = candidates[k];
                        if (!rowRule[k] || flags[c.Layer] == 0) continue;
                        long stage = InPlacePlanner.StageBytes(c.Rows, bands[k], (long)withGroups[c.Out].Rel - withGroups[c.In].Rel,
                                                               (flags[c.Layer] & BlobFormat.LayerInPlaceReverse) != 0);
                        if (stage < 0 || stage > int.MaxValue / 4)
                            throw new InvalidOperationException($"layer {c.Layer}: in-place placement the runtime would refuse");
                        scratch[c.Layer] = Math.Max(scratch[c.Layer], (int)stage);
                    }
                    int[] o = ArenaPlanner.Plan(withGroups, scratch, out int a);
                    return (o, a, flags, scratch);
                }
                var all = Enumerable.Range(0, candidates.Count).ToList();
                var best = Try(all);
                if (candidates.Count > 0 && best.Need < plainArena)
                {
                    // Depthwise rows under the bands' rule where that does as well (their bands then
                    // run in place on every build without staging; the row-ordered call is the same).
                    // Pointwise pixels keep the pixel rule: one pixel-ordered call instead of bands.
                    for (int k = 0; k < candidates.Count; k++)
                    {
                        if (!rowRule[k] || !candidates[k].Depthwise) continue;
                        rowRule[k] = false;
                        var t = Try(all);
                        if (t.Need <= best.Need) best = t;
                        else rowRule[k] = true;
                    }
                    // Keep in place only the layers that lower the arena (band calls cost time).
                    foreach (int k in all.ToList())
                    {
                        var without = all.Where(x => x != k).ToList();
                        var t = Try(without);
                        if (t.Need <= best.Need) { all = without; best = t; }
                    }
                    // Then bands as large as the arena allows (fewer kernel calls): double each
                    // layer's band while the arena stays the same.
                    foreach (int k in all)
                    {
                        var c = candidates[k];
                        int units = bands[k].Pixels ? c.Rows.OutH * c.Rows.OutW : c.Rows.OutH;
                        while (bands[k].Size < Math.Min(256, units))
                        {
                            var before = bands[k];
                            bands[k] = before with { Size = Math.Min(Math.Min(256, units), before.Size * 2) };
                            var t = Try(all);
                            if (t.Need <= best.Need && t.Flags[c.Layer] != 0) best = t;
                            else { bands[k] = before; break; }
                        }
                    }
                    // A CONV_2D in row bands runs one kernel call per band, each setting up its
                    // weights and pixel blocks again: kept in place only where a band holds at
                    // least MinConvBandPixels output pixels (a 5x1 convolution over 16 channels in
                    // 16 bands of 3 pixels ran 181,840 instructions on Cortex-M4 against 73,778 in
                    // one call, to save 144 bytes).
                    foreach (int k in all.ToList())
                    {
                        var c = candidates[k];
                        if (c.Depthwise || bands[k].Pixels || (long)bands[k].Size * c.Rows.OutW >= MinConvBandPixels) continue;
                        if (bands[k].Size >= c.Rows.OutH) continue; // one band: one call
                        all.Remove(k);
                        best = Try(all);
                    }
                    planned = best.Offsets;
                    layerFlags = best.Flags;
                    scratchPerLayer = best.Scratch;
                }
            }
            int tensorArena = 0;
            for (int q = 0; q < requests.Count; q++) tensorArena = Math.Max(tensorArena, planned[q] + ArenaPlanner.Align(requests[q].Size));
            for (int b = 0; b < n; b++)
            {
                if (producer.ContainsKey(order[b])) offset[b] = stateSize + planned[requestOf[Root(b)]] + rel[b];
            }
            long arenaNeed = Math.Max(ArenaPlanner.Align(stateSize + tensorArena), ArenaPlanner.Alignment);
            // Scratch: the runtime puts a layer's scratch at the top of the arena, so the arena
            // must reach past the state region, every tensor live during that layer, plus the scratch.
            for (int i = 0; i < layerCount; i++)
            {
                int scratch = scratchPerLayer[i];
                if (scratch <= 0) continue;
                long liveTop = stateSize;
                // by request: a tensor whose rows (strips) are used lives as long as they do
                for (int q = 0; q < requests.Count; q++)
                {
                    if (requests[q].FirstUse <= i && i <= requests[q].LastUse)
                        liveTop = Math.Max(liveTop, stateSize + planned[q] + (long)requests[q].Size);
                }
                arenaNeed = Math.Max(arenaNeed, ArenaPlanner.Align((int)liveTop) + (long)ArenaPlanner.Align(scratch));
            }
            if (arenaNeed > int.MaxValue / 2) throw new ModelCompileException($"the arena would be {arenaNeed} bytes; too large");
            int arenaSize = (int)arenaNeed;

            // ---- constant data: constant tensors and quantization arrays
            var data = new DataSection();
            var constantAt = new Dictionary<int, int>();
            for (int b = 0; b < n; b++)
            {
                if (order[b].IsConstant) constantAt[b] = data.Add(order[b].Data!);
            }
            var quantAt = new int[layerCount];
            var quantBytes = new int[layerCount];
            for (int i = 0; i < layerCount; i++)
            {
                LayerPlan l = _layers[i];
                if (l.Multipliers == null || l.Multipliers.Length == 0) continue;
                int count = l.Multipliers.Length;
                var quant = new byte[count * 5];
                for (int c = 0; c < count; c++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(quant.AsSpan(4 * c), l.Multipliers[c]);
                    quant[4 * count + c] = unchecked((byte)(sbyte)l.Shifts![c]);
                }
                quantAt[i] = data.Add(quant);
                quantBytes[i] = quant.Length;
            }

            // ---- list section: model lists, then each layer's lists and parameter block
            var lists = new List<byte>();
            void U16(int v) { lists.Add((byte)v); lists.Add((byte)(v >> 8)); }
            void I32(int v) { for (int k = 0; k < 4; k++) lists.Add((byte)(v >> (8 * k))); }
            void Pad() { while (lists.Count % 4 != 0) lists.Add(0); }
            foreach (GraphTensor t in _inputs) U16(index[t]);
            foreach (GraphTensor t in _outputs) U16(index[t]);
            Pad();
            var listAt = new int[layerCount];
            var blocks = new int[layerCount][];
            for (int i = 0; i < layerCount; i++)
            {
                LayerPlan l = _layers[i];
                blocks[i] = l.ParamBlock();
                if (blocks[i].Length > BlobFormat.MaxLayerParams)
                    throw new ModelCompileException($"{OpText(l)}: {blocks[i].Length} parameter words; at most {BlobFormat.MaxLayerParams} are supported");
                if (l.Inputs.Count == 0 && l.Outputs.Count == 0 && blocks[i].Length == 0)
                {
                    listAt[i] = -1; // the list section's start
                    continue;
                }
                listAt[i] = lists.Count;
                foreach (GraphTensor? t in l.Inputs) U16(t == null ? BlobFormat.NoTensor : index[t]);
                foreach (GraphTensor t in l.Outputs) U16(index[t]);
                Pad();
                foreach (int w in blocks[i]) I32(w);
            }

            // ---- layout
            int tensorTable = BlobFormat.HeaderSize;
            int layerTable = tensorTable + n * BlobFormat.TensorRecordSize;
            int listOffset = layerTable + layerCount * BlobFormat.LayerRecordSize;
            int dataOffset = listOffset + lists.Count;
            byte[] dataBytes = data.ToArray();
            long blobSize = (long)dataOffset + dataBytes.Length;
            if (blobSize > int.MaxValue) throw new ModelCompileException($"the blob would be {blobSize} bytes; too large");
            var blob = new byte[blobSize];

            var compiledTensors = new List<CompiledTensor>();
            for (int b = 0; b < n; b++)
            {
                GraphTensor t = order[b];
                bool quantized = t.Type == TensorType.Int8 || t.Type == TensorType.UInt8 || t.Type == TensorType.Int16;
                float scale = t.Scale;
                int zp = t.ZeroPoint;
                if (quantized && !(scale > 0f && !float.IsInfinity(scale)))
                {
                    if (!t.IsConstant && !t.IsVariable)
                        throw new ModelCompileException($"{Describe(t)} has no valid quantization parameters");
                    scale = 1f; // data that is only copied: the scale is not used
                    zp = 0;
                }
                int flags = t.IsConstant ? BlobFormat.TensorConstant : t.IsVariable ? BlobFormat.TensorVariable : 0;
                int at = t.IsConstant ? dataOffset + constantAt[b] : offset[b];
                Span<byte> rec = blob.AsSpan(tensorTable + b * BlobFormat.TensorRecordSize, BlobFormat.TensorRecordSize);
                rec[0] = (byte)t.Type;
                rec[1] = (byte)t.Shape.Length;
                BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(2), (ushort)flags);
                for (int d = 0; d < BlobFormat.MaxRank; d++)
                    BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(4 + 2 * d), (ushort)(d < dims[b].Length ? dims[b][d] : 1));
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(16), (uint)at);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(20), (uint)size[b]);
                BinaryPrimitives.WriteInt32LittleEndian(rec.Slice(24), zp);
                BinaryPrimitives.WriteSingleLittleEndian(rec.Slice(28), scale);
                compiledTensors.Add(new CompiledTensor
                {
                    Index = b,
                    TfliteIndex = t.TfliteIndex,
                    TfliteSubgraph = t.TfliteSubgraph,
                    Name = t.Name,
                    Type = TensorTypes.Name(t.Type),
                    Shape = (int[])t.Shape.Clone(),
                    Offset = at,
                    Size = size[b],
                    Scale = scale,
                    ZeroPoint = zp,
                    IsConstant = t.IsConstant,
                    IsVariable = t.IsVariable,
                });
            }

            for (int i = 0; i < layerCount; i++)
            {
                if (_layers[i].Strip >= 0 || _layers[i].ExplicitWindow) layerFlags[i] |= BlobFormat.LayerStrip;
            }
            var compiledLayers = new List<CompiledLayer>();
            long totalMacs = 0;
            var opCodes = new SortedSet<int>();
            for (int i = 0; i < layerCount; i++)
            {
                LayerPlan l = _layers[i];
                opCodes.Add(l.Entry.Code);
                Span<byte> rec = blob.AsSpan(layerTable + i * BlobFormat.LayerRecordSize, BlobFormat.LayerRecordSize);
                BinaryPrimitives.WriteUInt16LittleEndian(rec, (ushort)l.Entry.Code);
                rec[2] = (byte)l.Inputs.Count;
                rec[3] = (byte)l.Outputs.Count;
                BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(4), (ushort)blocks[i].Length);
                BinaryPrimitives.WriteUInt16LittleEndian(rec.Slice(6), (ushort)layerFlags[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(8), (uint)(listOffset + Math.Max(listAt[i], 0)));
                int quantCount = l.Multipliers?.Length ?? 0;
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(12), quantCount > 0 ? (uint)(dataOffset + quantAt[i]) : 0u);
                BinaryPrimitives.WriteUInt32LittleEndian(rec.Slice(16), (uint)quantCount);

                int[] inIdx = l.Inputs.Select(t => t == null ? -1 : index[t]).ToArray();
                int[] outIdx = l.Outputs.Select(t => index[t]).ToArray();
                int constantBytes = l.Inputs.Where(t => t != null && t.IsConstant).Sum(t => t!.Data!.Length);
                totalMacs += l.Macs;
                GraphTensor? firstIn = l.Inputs.FirstOrDefault(t => t != null);
                compiledLayers.Add(new CompiledLayer
                {
                    Index = i,
                    Op = l.Op,
                    OpCode = l.Entry.Code,
                    Subgraph = l.Subgraph,
                    TfliteOperatorIndex = l.Source.Index,
                    InputShape = firstIn != null ? (int[])firstIn.Shape.Clone() : Array.Empty<int>(),
                    OutputShape = l.Outputs.Count > 0 ? (int[])l.Outputs[0].Shape.Clone() : Array.Empty<int>(),
                    Macs = l.Macs,
                    WeightBytes = constantBytes + quantBytes[i],
                    Inputs = inIdx,
                    Outputs = outIdx,
                    OutputOffset = outIdx.Length > 0 ? offset[outIdx[0]] : 0,
                    OutputSize = outIdx.Length > 0 ? size[outIdx[0]] : 0,
                    Params = (int[])blocks[i].Clone(),
                    ParamNames = ParamNames(l.Entry, blocks[i]),
                    Multipliers = (int[]?)l.Multipliers?.Clone() ?? Array.Empty<int>(),
                    InPlace = (layerFlags[i] & BlobFormat.LayerInPlace) != 0,
                    InPlaceReverse = (layerFlags[i] & BlobFormat.LayerInPlaceReverse) != 0,
                    InPlaceBand = (layerFlags[i] & BlobFormat.LayerInPlace) == 0 ? 0 : (layerFlags[i] >> BlobFormat.LayerBandShift & 0xFF) + 1,
                    Strip = l.Strip,
                    StripOf = l.StripOf == null ? -1 : _ctx.Layers.IndexOf(l.StripOf),
                    InPlacePixels = (layerFlags[i] & BlobFormat.LayerInPlacePixels) != 0,
                    Shifts = (int[]?)l.Shifts?.Clone() ?? Array.Empty<int>(),
                });
            }

            // ---- header and assembly
            Span<byte> h = blob.AsSpan(0, BlobFormat.HeaderSize);
            h[0] = (byte)'T'; h[1] = (byte)'N'; h[2] = (byte)'M'; h[3] = (byte)'B';
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(4), BlobFormat.Version);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(6), BlobFormat.HeaderSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(8), (uint)blobSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(16), (uint)arenaSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(20), 0u); // state region at arena offset 0
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(24), (uint)stateSize);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(28), (ushort)n);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(30), (ushort)layerCount);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(32), (ushort)_inputs.Count);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(34), (ushort)_outputs.Count);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(36), (ushort)initCount);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(40), (uint)tensorTable);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(44), (uint)layerTable);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(48), (uint)listOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(52), (uint)lists.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(56), (uint)dataOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(60), (uint)dataBytes.Length);
            lists.ToArray().CopyTo(blob, listOffset);
            dataBytes.CopyTo(blob, dataOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), TinyMl.Nano.Crc32.Compute(blob, 16, blob.Length - 16));

            var opSetNames = new List<string>();
            foreach (int c in opCodes) opSetNames.Add(OpTable.NameOf(c));
            return new CompiledModel
            {
                Blob = blob,
                ArenaSize = arenaSize,
                TotalMacs = totalMacs,
                TfliteSize = _tfliteSize,
                Layers = compiledLayers,
                Tensors = compiledTensors,
                Inputs = _inputs.Select(t => index[t]).ToArray(),
                Outputs = _outputs.Select(t => index[t]).ToArray(),
                DataSize = dataBytes.Length,
                StateOffset = 0,
                StateSize = stateSize,
                InitLayerCount = initCount,
                OpCodes = opCodes.ToArray(),
                OpSetNames = opSetNames,
                ArenaWithoutPatches = arenaSize,
            };
        }

        /// <summary>Names of the words of a parameter block: fixed names, then "begin[0]", "begin[1]", ...</summary>
        internal static string[] ParamNames(OpEntry entry, int[] block)
        {
            var names = new List<string>();
            for (int i = 0; i < entry.ParamWords; i++) names.Add(entry.Params[i]);
            for (int i = entry.ParamWords; i < entry.Params.Count; i++)
            {
                string field = entry.Params[i];
                int bracket = field.IndexOf('[', StringComparison.Ordinal);
                if (bracket < 0) { names.Add(field); continue; }
                string name = field.Substring(0, bracket);
                int k = entry.FixedIndex(field.Substring(bracket + 1, field.Length - bracket - 2));
                int count = k >= 0 && k < block.Length ? block[k] : 0;
                for (int j = 0; j < count; j++) names.Add(name + "[" + j + "]");
            }
            while (names.Count < block.Length) names.Add("word" + names.Count);
            return names.Take(block.Length).ToArray();
        }

        /// <summary>Dims for the tensor record: rank 0..6, each 1..65535.</summary>
        private static int[] BlobDims(GraphTensor t)
        {
            int[] s = t.Shape;
            if (s.Length > BlobFormat.MaxRank)
                throw new ModelCompileException($"{Describe(t)} has {s.Length} dimensions {Text(s)}; at most {BlobFormat.MaxRank} are supported");
            foreach (int d in s)
            {
                if (d < 1 || d > 65535)
                    throw new ModelCompileException($"{Describe(t)} has dimension {d} in {Text(s)}; 1..65535 supported");
            }
            switch (t.Type)
            {
                case TensorType.Int8: case TensorType.UInt8: case TensorType.Int16: case TensorType.Int32:
                case TensorType.Float32: case TensorType.Bool:
                    break;
                default:
                    throw new ModelCompileException($"{Describe(t)} has type {TensorTypes.Name(t.Type)}; not supported in a blob");
            }
            return (int[])s.Clone();
        }

        private static string Text(int[] s) => "[" + string.Join(", ", s) + "]";
    }

    /// <summary>Constant data: 4-aligned arrays, identical arrays stored once. Offsets are from the section start.</summary>
    internal sealed class DataSection
    {
        private readonly List<byte> _bytes = new();
        private readonly Dictionary<byte[], int> _seen = new(ByteArrayComparer.Instance);

        /// <summary>Adds an array (or finds an identical one); returns its offset in the section.</summary>
        public int Add(byte[] content)
        {
            if (_seen.TryGetValue(content, out int existing)) return existing;
            int at = _bytes.Count;
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
