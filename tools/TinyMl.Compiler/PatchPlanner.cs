using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Compiler.Operators;
using TinyMl.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>
    /// Patch-based execution of a model's first stage (MCUNetV2-style, in row strips): a chain
    /// of windowed layers (CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, MAX_POOL_2D, each output
    /// read only by the next) from input X to output Y is rewritten, at compile time, into P
    /// strips of Y's rows, each strip running every layer of the chain on only the rows it needs
    /// (the overlapping halo recomputed). The strip layers are ordinary layers with flag
    /// TNM_LAYER_STRIP (tnm_model.h: any top padding, any height whose windows touch the
    /// input); a strip of X or Y is a tensor over a contiguous row range of the full tensor
    /// (NHWC rows are contiguous; BlobBuilder aliases), the intermediate strips have small
    /// buffers of their own. The full intermediates of the stage never exist: the arena's peak
    /// drops where they were the largest; and Y may lie over X's rows that no later strip reads
    /// (Rewrite.OutputShift: BlobBuilder ties the two into one block when X dies with the
    /// stage). Every strip computes exactly TFLite's rows (same windows, the same clipping at
    /// the real edges), so the output is bit-exact.
    /// </summary>
    internal static class PatchPlanner
    {
        /// <summary>The rewritten layers, the row tensors, the stage (lowered layer indices) and
        /// the strips. OutputShift: where the stage's output Y may start relative to its input X
        /// (bytes, a multiple of 4, possibly negative) so that no strip writes Y rows over X rows
        /// a later strip still reads (MCUNetV2's reuse of the input: Y at or below X +
        /// OutputShift, or wholly past X's end); LastInputRead: the layer that reads X last.</summary>
        internal sealed record Rewrite(List<LayerPlan> Layers, Dictionary<GraphTensor, (GraphTensor Parent, int Rel)> Aliases,
                                       int[] Stage, int Strips, GraphTensor Input, GraphTensor Output, long OutputShift, int LastInputRead);

        private static bool Windowed(LayerPlan l) =>
            l.Op is "CONV_2D" or "DEPTHWISE_CONV_2D" or "AVERAGE_POOL_2D" or "MAX_POOL_2D" && !l.ExplicitWindow;

        private static bool Nhwc1(GraphTensor? t) =>
            t != null && !t.IsConstant && !t.IsVariable && t.Type == TensorType.Int8 && t.Shape.Length == 4 && t.Shape[0] == 1;

        /// <summary>The first stage: from the first windowed layer of the main subgraph, the
        /// longest chain of consecutive windowed layers each reading the previous one's output,
        /// which nothing else reads and which is no model output (empty when none).</summary>
        internal static List<int> Chain(IReadOnlyList<LayerPlan> layers, IReadOnlyCollection<GraphTensor> outputs)
        {
            var chain = new List<int>();
            int start = -1;
            for (int i = 0; i < layers.Count; i++)
            {
                if (layers[i].Subgraph == 0 && Windowed(layers[i])) { start = i; break; }
            }
            if (start < 0) return chain;
            for (int i = start; i < layers.Count; i++)
            {
                LayerPlan l = layers[i];
                if (l.Subgraph != 0 || !Windowed(l) || !Nhwc1(l.Inputs[0]) || l.Outputs.Count != 1 || !Nhwc1(l.Outputs[0])) break;
                if (l.Get("stride_h") < 1) break;
                if (chain.Count > 0)
                {
                    LayerPlan prev = layers[chain[^1]];
                    GraphTensor link = prev.Outputs[0];
                    if (l.Inputs[0] != link || outputs.Contains(link)) break;
                    bool readElsewhere = false;
                    for (int j = 0; j < layers.Count && !readElsewhere; j++)
                    {
                        if (j == i) continue;
                        foreach (GraphTensor? t in layers[j].Inputs) if (t == link) readElsewhere = true;
                    }
                    for (int k = 1; k < l.Inputs.Count; k++) if (l.Inputs[k] == link) readElsewhere = true;
                    if (readElsewhere) break;
                }
                chain.Add(i);
            }
            // the stage's output must be written by it alone: not a model output
            while (chain.Count > 0 && outputs.Contains(layers[chain[^1]].Outputs[0])) chain.RemoveAt(chain.Count - 1);
            return chain;
        }

        private static int Eff(LayerPlan l) =>
            (l.Get("filter_h") - 1) * (l.Op is "CONV_2D" or "DEPTHWISE_CONV_2D" ? l.Get("dilation_h") : 1) + 1;

        /// <summary>Input rows [lo, hi) that output rows [a, b) of layer l read.</summary>
        private static (int Lo, int Hi) InputRows(LayerPlan l, int a, int b)
        {
            int s = l.Get("stride_h"), p = l.Get("pad_h"), h = l.Inputs[0]!.Shape[1];
            long lo = Math.Max(0L, (long)a * s - p), hi = Math.Min(h, (long)(b - 1) * s - p + Eff(l));
            return ((int)lo, (int)hi);
        }

        /// <summary>Layers [stage[0], stage[^1]] (consecutive) in `strips` strips of the last
        /// one's output rows; null when the strips cannot be placed (a strip of X or Y that
        /// does not start on a 4-byte boundary at every split tried).</summary>
        internal static Rewrite? Split(IReadOnlyList<LayerPlan> layers, IReadOnlyList<int> stage, int strips)
        {
            int k = stage.Count;
            LayerPlan last = layers[stage[k - 1]], first = layers[stage[0]];
            GraphTensor x = first.Inputs[0]!, y = last.Outputs[0];
            int outH = y.Shape[1];
            if (strips < 2 || strips > outH) return null;
            int xRow = x.Shape[2] * x.Shape[3], yRow = y.Shape[2] * y.Shape[3];
            // Split points: as even as possible, each moved down to the next row where the strip
            // of X and of Y start on a 4-byte boundary.
            var bounds = new List<int> { 0 };
            for (int s = 1; s < strips; s++)
            {
                int at = Math.Max((int)((long)outH * s / strips), bounds[^1] + 1);
                while (at < outH && !Aligned(at)) at++;
                if (at >= outH) return null;
                bounds.Add(at);
            }
            bounds.Add(outH);
            bool Aligned(int a)
            {
                if ((long)a * yRow % 4 != 0) return false;
                int lo = a;
                for (int j = k - 1; j >= 0; j--) lo = InputRows(layers[stage[j]], lo, outH).Lo;
                return (long)lo * xRow % 4 == 0;
            }

            var result = new List<LayerPlan>();
            var aliases = new Dictionary<GraphTensor, (GraphTensor, int)>();
            long shift = long.MaxValue;
            int lastRead = -1;
            for (int i = 0; i < stage[0]; i++) result.Add(layers[i]);
            for (int s = 0; s < strips; s++)
            {
                // output rows of each layer of the stage for this strip, last to first
                var rows = new (int A, int B)[k];
                rows[k - 1] = (bounds[s], bounds[s + 1]);
                for (int j = k - 1; j > 0; j--) rows[j - 1] = InputRows(layers[stage[j]], rows[j].A, rows[j].B);
                GraphTensor? input = null;
                for (int j = 0; j < k; j++)
                {
                    LayerPlan l = layers[stage[j]];
                    var (lo, hi) = InputRows(l, rows[j].A, rows[j].B);
                    if (j == 0)
                    {
                        input = Rows(x, lo, hi, s);
                        aliases[input] = (x, lo * xRow);
                        lastRead = result.Count;
                        // strips before this one wrote Y rows [0, bounds[s]): they must lie
                        // below the X rows this and every later strip reads
                        if (s > 0) shift = Math.Min(shift, (long)lo * xRow - (long)bounds[s] * yRow);
                        // a stage of one layer writes its Y rows while it reads these X rows
                        if (k == 1) shift = Math.Min(shift, (long)lo * xRow - (long)bounds[s + 1] * yRow);
                    }
                    GraphTensor output;
                    if (j == k - 1)
                    {
                        output = Rows(y, rows[j].A, rows[j].B, s);
                        aliases[output] = (y, rows[j].A * yRow);
                    }
                    else
                    {
                        output = Rows(l.Outputs[0], rows[j].A, rows[j].B, s);
                    }
                    LayerPlan c = l.Clone();
                    c.Inputs[0] = input;
                    c.Outputs[0] = output;
                    int pad = lo - (rows[j].A * l.Get("stride_h") - l.Get("pad_h"));
                    c.Param("pad_h", pad);
                    int fullH = l.Outputs[0].Shape[1], part = rows[j].B - rows[j].A;
                    c.Macs = l.Macs / fullH * part + l.Macs % fullH * part / fullH;
                    if (l.Op is "CONV_2D" or "DEPTHWISE_CONV_2D")
                    {
                        int scratch = l.Op == "DEPTHWISE_CONV_2D"
                            ? Conv2DLowering.DepthwiseScratchWithBands(input!.Shape, l.Inputs[1]!.Shape, output.Shape, l.Get("stride_h"), pad, l.Get("dilation_h"))
                            : Conv2DLowering.ScratchFor(false, input!.Shape, l.Inputs[1]!.Shape, output.Shape);
                        if (scratch < 0) return null;
                        c.ScratchBytes = scratch;
                    }
                    c.Strip = s;
                    c.StripOf = l;
                    result.Add(c);
                    input = output;
                }
            }
            for (int i = stage[k - 1] + 1; i < layers.Count; i++) result.Add(layers[i]);
            shift = shift >= 0 ? shift & ~3L : -((-shift + 3) & ~3L);
            return new Rewrite(result, aliases, stage.ToArray(), strips, x, y, shift, lastRead);
        }

        /// <summary>A tensor of rows [a, b) of t (t's type and quantization).</summary>
        private static GraphTensor Rows(GraphTensor t, int a, int b, int strip) => new()
        {
            Id = -1,
            Name = $"{t.Name}[rows {a}:{b}, strip {strip}]",
            Type = t.Type,
            Shape = new[] { 1, b - a, t.Shape[2], t.Shape[3] },
            Scale = t.Scale,
            ZeroPoint = t.ZeroPoint,
            // made by the compiler: no TFLite tensor holds these rows alone
            TfliteIndex = -1,
            TfliteSubgraph = t.TfliteSubgraph,
        };

        /// <summary>With PatchMode.Auto, the largest share of the model's multiply-accumulates the
        /// strips may recompute (their halo).</summary>
        internal const double MaxAutoHalo = 0.15;

        /// <summary>Compiles the model as it is and, unless the options say otherwise, with its
        /// first stage in strips (every stage length from 2 layers and 2 to 8 strips; the
        /// candidates ranked by the arena without in-place layers, the best three planned in
        /// full); keeps the strips when they lower the arena by at least the fraction by which
        /// they add multiply-accumulates and add at most MaxAutoHalo of them (always with Force).</summary>
        internal static CompiledModel Build(LoweringContext ctx, List<GraphTensor> inputs, List<GraphTensor> outputs,
                                            int tfliteSize, CompileOptions options)
        {
            CompiledModel plain = new BlobBuilder(ctx, inputs, outputs, tfliteSize, options).Build();
            if (options.Patches == PatchMode.Off) return plain;
            List<int> chain = Chain(ctx.Layers, outputs);
            if (chain.Count < 2 && !(options.Patches == PatchMode.Force && chain.Count == 1)) return plain;
            var quick = new CompileOptions { InPlace = false, Patches = PatchMode.Off };
            var ranked = new List<(int Arena, Rewrite R, long Macs)>();
            int minLayers = options.Patches == PatchMode.Force ? 1 : 2;
            for (int len = minLayers; len <= chain.Count; len++)
            {
                if (options.PatchLayers > 0 && len != options.PatchLayers) continue;
                var stage = chain.Take(len).ToList();
                for (int p = 2; p <= 8; p++)
                {
                    if (options.PatchStrips > 0 && p != options.PatchStrips) continue;
                    Rewrite? r = Split(ctx.Layers, stage, p);
                    if (r == null || r.Layers.Count > BlobFormat.MaxLayers) continue;
                    CompiledModel m = new BlobBuilder(ctx, inputs, outputs, tfliteSize, quick, r.Layers, r.Aliases, r).Build();
                    ranked.Add((m.ArenaSize, r, m.TotalMacs));
                }
            }
            // Auto keeps strips only where they pay for their halo: the arena falls by at least
            // the fraction by which the multiply-accumulates grow (a plan that recomputes 30% more
            // for a 5% smaller arena is refused), and the halo stays within MaxAutoHalo of the
            // model's multiply-accumulates (speed first: the strips' kernels also run shorter
            // rows, so instructions grow faster than the MACs; a model that halves its arena for
            // 45% more MACs ran 68% more instructions). Candidates that cannot pass (their growth
            // already above the arena without strips they could save) are not planned in full.
            bool force = options.Patches == PatchMode.Force;
            int plainQuick = force ? 0 : new BlobBuilder(ctx, inputs, outputs, tfliteSize, quick).Build().ArenaSize;
            bool Pays(int arena, int plainArena, long macs)
            {
                double growth = (double)(macs - plain.TotalMacs) / Math.Max(1, plain.TotalMacs);
                return arena < plainArena && growth <= MaxAutoHalo && (double)(plainArena - arena) / plainArena >= growth;
            }
            // among equal arenas the fewest multiply-accumulates (the least halo recomputed),
            // then the fewest strips (kernel calls)
            CompiledModel? best = null;
            foreach (var (_, r, _) in ranked.Where(c => force || Pays(c.Arena, plainQuick, c.Macs))
                                          .OrderBy(c => c.Arena).ThenBy(c => c.Macs).ThenBy(c => c.R.Strips).Take(3))
            {
                CompiledModel m = new BlobBuilder(ctx, inputs, outputs, tfliteSize, options, r.Layers, r.Aliases, r).Build();
                if (!force && !Pays(m.ArenaSize, plain.ArenaSize, m.TotalMacs)) continue;
                if (best == null || m.ArenaSize < best.ArenaSize || m.ArenaSize == best.ArenaSize && m.TotalMacs < best.TotalMacs)
                    best = With(m, r, plain.ArenaSize);
            }
            return best ?? plain;
        }

        private static CompiledModel With(CompiledModel m, Rewrite r, int plainArena) => new()
        {
            Blob = m.Blob,
            ArenaSize = m.ArenaSize,
            TotalMacs = m.TotalMacs,
            TfliteSize = m.TfliteSize,
            Layers = m.Layers,
            Tensors = m.Tensors,
            Inputs = m.Inputs,
            Outputs = m.Outputs,
            DataSize = m.DataSize,
            StateOffset = m.StateOffset,
            StateSize = m.StateSize,
            InitLayerCount = m.InitLayerCount,
            OpCodes = m.OpCodes,
            OpSetNames = m.OpSetNames,
            PatchStage = r.Stage,
            PatchStrips = r.Strips,
            ArenaWithoutPatches = plainArena,
        };
    }
}
