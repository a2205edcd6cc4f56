using System;
using System.Collections.Generic;
using System.Linq;

namespace TinyMl.Compiler
{
    /// <summary>Options of <see cref="ModelCompiler.Compile(byte[], CompileOptions)"/>.</summary>
    public sealed class CompileOptions
    {
        /// <summary>Let the compiler run convolutions in place (layer flag TNM_LAYER_IN_PLACE)
        /// where that lowers the arena. Off: every layer's output gets bytes of its own.</summary>
        public bool InPlace { get; init; } = true;

        /// <summary>Patch-based execution of the model's first stage (PatchPlanner): Auto runs it
        /// in row strips where that lowers the arena, Off never, Force whenever the model has
        /// such a stage (tests: the strips against ordinary execution).</summary>
        public PatchMode Patches { get; init; } = PatchMode.Auto;

        /// <summary>With Force: the stage's layer count and the number of strips (0 = the
        /// compiler's choice, the smallest arena).</summary>
        public int PatchLayers { get; init; }
        public int PatchStrips { get; init; }

        /// <summary>Lower an int8 TRANSPOSE_CONV onto convolutions, one per output phase, where its
        /// geometry allows (the fast convolution kernels; TransposeConvLowering). Off: the
        /// TRANSPOSE_CONV kernel (tests: the two against each other).</summary>
        public bool TransposeConvAsConvolutions { get; init; } = true;

        public static readonly CompileOptions Default = new();
    }

    /// <summary>When the compiler runs a model's first stage in row strips (CompileOptions.Patches).</summary>
    public enum PatchMode
    {
        Auto,
        Off,
        Force,
    }

    /// <summary>
    /// In-place execution of CONV_2D and DEPTHWISE_CONV_2D (tnm_model.h, layer flags): the runtime
    /// runs such a layer one output row per kernel call, so its output may sit over its input as
    /// long as no row's output covers input rows that are still to be read. Going forward, output
    /// row r may use the bytes below input row lo(r) (the first row its window reads), so the
    /// output can start `Down` bytes below the input; going backward (REVERSE), the output can
    /// start `Up` bytes above it. The arena planner then places the input and the output as one
    /// rigid block (ArenaPlanner groups).
    /// </summary>
    internal static class InPlacePlanner
    {
        /// <summary>Shape of a convolution as the runtime's band loop sees it.</summary>
        internal readonly record struct ConvRows(int InH, int InW, int InC, int InSize, int OutH, int OutW, int OutC,
                                                 int Stride, int Pad, int Dilation, int FilterH, bool Pointwise);

        /// <summary>How a layer runs in place: bands of `Size` rows, or of pixels.</summary>
        internal readonly record struct Band(int Size, bool Pixels)
        {
            public int Flags => BlobFormat.LayerInPlace | (Pixels ? BlobFormat.LayerInPlacePixels : 0) | ((Size - 1) << BlobFormat.LayerBandShift);
        }

        /// <summary>Smallest 4-aligned shift down (output offset = input offset - Down) for bands in
        /// order, and up (output offset = input offset + Up) for bands last to first; null when a
        /// band's window holds no input row (the runtime's in_place_broken_unit).</summary>
        internal static (int Down, int Up)? Shifts(ConvRows c, Band band)
        {
            long units = band.Pixels ? (long)c.OutH * c.OutW : c.OutH;
            long inUnit = band.Pixels ? c.InC : (long)c.InW * c.InC, outUnit = band.Pixels ? c.OutC : (long)c.OutW * c.OutC;
            long down = 0, up = 0;
            for (long u0 = 0; u0 < units; u0 += band.Size)
            {
                long u1 = Math.Min(u0 + band.Size, units), lo, hi;
                if (band.Pixels) { lo = u0; hi = u1 - 1; }
                else
                {
                    lo = Math.Clamp(u0 * c.Stride - c.Pad, 0, c.InH);
                    hi = Math.Min((u1 - 1) * c.Stride - c.Pad + (long)(c.FilterH - 1) * c.Dilation, c.InH - 1);
                }
                if (lo > hi) return null;
                down = Math.Max(down, outUnit * u1 - inUnit * lo);
                up = Math.Max(up, inUnit * (hi + 1) - outUnit * u0);
            }
            long d = (down + 3) & ~3L, u = (up + 3) & ~3L;
            if (d > int.MaxValue / 4 || u > int.MaxValue / 4) return null;
            return ((int)d, (int)u);
        }

        /// <summary>DEPTHWISE_CONV_2D rows (tnm_model.h): the output may also come as close as no
        /// output row lying over input rows after the last one it reads (rows in order), or
        /// before the first (REVERSE): the row-ordered kernel reads every input row before it
        /// writes over it, and where it declines the runtime stages the bands in scratch
        /// (<see cref="StageBytes"/>). Smallest 4-aligned shifts, at least 0.</summary>
        internal static (int Down, int Up) RowShifts(ConvRows c)
        {
            long iu = (long)c.InW * c.InC, ou = (long)c.OutW * c.OutC, down = 0, up = 0;
            for (long u = 0; u < c.OutH; u++)
            {
                long lo = Math.Clamp(u * c.Stride - c.Pad, 0, c.InH);
                long hi = Math.Min(u * c.Stride - c.Pad + (long)(c.FilterH - 1) * c.Dilation, c.InH - 1);
                down = Math.Max(down, ou * (u + 1) - iu * (hi + 1));
                up = Math.Max(up, iu * lo - ou * u);
            }
            return ((int)((down + 3) & ~3L), (int)((up + 3) & ~3L));
        }

        /// <summary>CONV_2D pointwise pixels (tnm_model.h): in order, the output may come as close as
        /// no output pixel lying over input pixels after it (the pixel-ordered kernel,
        /// tnm_conv_s8_pixels, gathers a block's pixels before writing them; where it declines the
        /// runtime stages the bands); smallest 4-aligned shift down, at least 0.</summary>
        internal static int PixelShiftDown(ConvRows c)
        {
            long pixels = (long)c.OutH * c.OutW, down = 0;
            for (long u = 0; u < pixels; u++) down = Math.Max(down, (long)c.OutC * (u + 1) - (long)c.InC * (u + 1));
            return (int)((down + 3) & ~3L);
        }

        /// <summary>The runtime's staging for a depthwise layer whose rows run in place with the
        /// output at input + `shift` (tnm_op_conv.c, rows_stage_slots): 0 when its bands run in
        /// place as they are, -1 when neither the bands nor the rows may, else (the most bands
        /// one waits for + 1) x the band's output bytes.</summary>
        internal static long StageBytes(ConvRows c, Band band, long shift, bool reverse)
        {
            long iu = band.Pixels ? c.InC : (long)c.InW * c.InC, ou = band.Pixels ? c.OutC : (long)c.OutW * c.OutC;
            long inEnd = c.InSize, units = band.Pixels ? (long)c.OutH * c.OutW : c.OutH;
            long n = (units + band.Size - 1) / band.Size;
            (long U0, long U1, long Lo, long Hi) At(long k, long size)
            {
                long u0 = k * size, u1 = Math.Min(u0 + size, units);
                if (band.Pixels) return (u0, u1, u0, u1 - 1);
                long first = u0 * c.Stride - c.Pad, last = (u1 - 1) * c.Stride - c.Pad + (long)(c.FilterH - 1) * c.Dilation;
                return (u0, u1, Math.Clamp(first, 0, c.InH), Math.Clamp(last, -1, c.InH - 1));
            }
            bool Overlap(long a0, long a1, long b0, long b1) => a0 < b1 && b0 < a1;
            // the bands as they are (in_place_broken_unit)
            bool bandsSafe = true;
            for (long k = 0; k < n && bandsSafe; k++)
            {
                var b = At(k, band.Size);
                if (b.Lo > b.Hi) return -1;
                long needFrom = reverse ? 0 : iu * b.Lo, needTo = reverse ? iu * (b.Hi + 1) : inEnd;
                if (Overlap(shift + ou * b.U0, shift + ou * b.U1, needFrom, needTo)) bandsSafe = false;
            }
            if (bandsSafe) return 0;
            for (long u = 0; u < units; u++)
            {
                var r = At(u, 1);
                long from = shift + ou * u, to = from + ou;
                if (reverse ? Overlap(from, to, 0, iu * r.Lo) : Overlap(from, to, iu * (r.Hi + 1), inEnd)) return -1;
            }
            bool Flushable(long i, long j)
            {
                if (reverse ? j == 0 : j == n - 1) return true;
                var b = At(i, band.Size);
                var next = At(reverse ? j - 1 : j + 1, band.Size);
                long from = shift + ou * b.U0, to = shift + ou * b.U1;
                return reverse ? !Overlap(from, to, 0, iu * (next.Hi + 1)) : !Overlap(from, to, iu * next.Lo, inEnd);
            }
            long delay = 0;
            for (long i = 0; i < n; i++)
            {
                long j = i;
                while (!Flushable(i, j)) j += reverse ? -1 : 1;
                delay = Math.Max(delay, Math.Abs(j - i));
            }
            return (delay + 1) * band.Size * ou;
        }

        /// <summary>Ties each chosen layer's input and output into one rigid block (groups of
        /// ArenaRequest), going down or up, whichever keeps the block smaller; a layer whose tie
        /// would make two other buffers of its block collide, or closes a cycle, stays out of
        /// place. Sets flags[layer] for the layers tied.</summary>
        internal static List<ArenaRequest> Group(IReadOnlyList<ArenaRequest> requests,
                                                 List<(int Layer, int In, int Out, int Down, int Up, int Flags)> chosen, int[] flags)
        {
            int n = requests.Count;
            var group = new int[n];
            var rel = new long[n];
            var members = new List<int>[n];
            for (int q = 0; q < n; q++) { group[q] = q; members[q] = new List<int> { q }; }
            foreach (var c in chosen)
            {
                int ga = group[c.In], gb = group[c.Out];
                if (ga == gb) continue;
                long bestExtent = long.MaxValue, bestShift = 0;
                int bestFlags = 0;
                long gmin = long.MaxValue, gmax = long.MinValue;
                foreach (int q in members[ga]) { gmin = Math.Min(gmin, rel[q]); gmax = Math.Max(gmax, rel[q] + ArenaPlanner.Align(requests[q].Size)); }
                long outSpan = 0;
                foreach (int q in members[gb]) outSpan = Math.Max(outSpan, rel[q] - rel[c.Out] + ArenaPlanner.Align(requests[q].Size));
                foreach (bool reverse in new[] { false, true })
                {
                    // The output may go anywhere at or below input - Down (rows in order), or at or
                    // above input + Up (rows last to first). Try the nearest such place, and the far
                    // edge of the block when that is allowed (it leaves the next layer room to move
                    // back the other way: a chain of in-place layers then stays inside one window).
                    long nearest = rel[c.In] + (reverse ? c.Up : -c.Down);
                    long edge = reverse ? Math.Max(nearest, gmax - outSpan) : Math.Min(nearest, gmin);
                    foreach (long pos in new[] { edge, nearest })
                    {
                        long shift = pos - rel[c.Out];
                        if (Collides(requests, members[ga], members[gb], rel, shift, c.In, c.Out)) continue;
                        long lo = long.MaxValue, hi = long.MinValue;
                        foreach (int q in members[ga]) { lo = Math.Min(lo, rel[q]); hi = Math.Max(hi, rel[q] + ArenaPlanner.Align(requests[q].Size)); }
                        foreach (int q in members[gb]) { lo = Math.Min(lo, rel[q] + shift); hi = Math.Max(hi, rel[q] + shift + ArenaPlanner.Align(requests[q].Size)); }
                        if (hi - lo < bestExtent)
                        {
                            bestExtent = hi - lo;
                            bestShift = shift;
                            bestFlags = c.Flags | (reverse ? BlobFormat.LayerInPlaceReverse : 0);
                        }
                    }
                }
                if (bestExtent == long.MaxValue || bestExtent > int.MaxValue / 4) continue;
                foreach (int q in members[gb])
                {
                    rel[q] += bestShift;
                    group[q] = ga;
                }
                members[ga].AddRange(members[gb]);
                members[gb].Clear();
                if (c.Layer >= 0) flags[c.Layer] = bestFlags; // (< 0: a stage's input and output, PatchPlanner)
            }
            var result = new List<ArenaRequest>(n);
            var min = new Dictionary<int, long>();
            for (int q = 0; q < n; q++) min[group[q]] = Math.Min(min.TryGetValue(group[q], out long m) ? m : long.MaxValue, rel[q]);
            for (int q = 0; q < n; q++)
            {
                ArenaRequest r = requests[q];
                bool alone = members[group[q]].Count == 1;
                result.Add(alone ? r with { Group = -1, Rel = 0 } : r with { Group = group[q], Rel = (int)(rel[q] - min[group[q]]) });
            }
            return result;
        }

        /// <summary>Whether a buffer of block a and one of block b (shifted) that are alive at the
        /// same time share bytes, other than the tied pairs.</summary>
        private static bool Collides(IReadOnlyList<ArenaRequest> requests, List<int> a, List<int> b, long[] rel, long shift,
                                     int tieIn, int tieOut)
        {
            foreach (int x in a)
            {
                ArenaRequest rx = requests[x];
                if (rx.Size == 0) continue;
                foreach (int y in b)
                {
                    ArenaRequest ry = requests[y];
                    if (ry.Size == 0 || rx.FirstUse > ry.LastUse || ry.FirstUse > rx.LastUse) continue;
                    if (x == tieIn && y == tieOut) continue;
                    long xs = rel[x], xe = xs + ArenaPlanner.Align(rx.Size);
                    long ys = rel[y] + shift, ye = ys + ArenaPlanner.Align(ry.Size);
                    if (xs < ye && ys < xe) return true;
                }
            }
            return false;
        }
    }
}
