using System;
using System.Collections.Generic;

namespace TinyMl.Compiler
{
    /// <summary>A buffer to place in the arena: `Size` bytes alive from layer `FirstUse`
    /// through layer `LastUse` (inclusive). Requests with the same `Group` (>= 0) are placed as
    /// one rigid block: request r at the block's base + `Rel` (Rel >= 0, a multiple of 4); the
    /// caller vouches that the members of a block may share bytes (an in-place layer's input and
    /// output), the planner keeps every member clear of the other blocks' live buffers.</summary>
    public readonly record struct ArenaRequest(int Size, int FirstUse, int LastUse, int Group = -1, int Rel = 0);

    /// <summary>
    /// Offline arena planner. Each strategy is a greedy placement in the manner of TFLM's
    /// GreedyMemoryPlanner: blocks are taken in a strategy's order and each is put at the lowest
    /// 4-aligned offset where none of its buffers overlaps a buffer already placed that is alive at
    /// the same time (first fit into gaps). Several orders are tried (largest first as TFLM,
    /// largest size x lifetime first, by first use, longest lifetime first) and the plan with the
    /// smallest arena is kept; with `scratch` given the arena counts each layer's scratch on top
    /// of the buffers live at that layer, as the runtime places it.
    /// </summary>
    public static class ArenaPlanner
    {
        public const int Alignment = 4;

        public static int Align(int n) => checked((n + Alignment - 1) & ~(Alignment - 1));

        /// <summary>Offsets per request (same order) and the arena size they need.</summary>
        public static int[] Plan(IReadOnlyList<ArenaRequest> requests, out int arenaSize) =>
            Plan(requests, null, out arenaSize);

        /// <summary>As <see cref="Plan(IReadOnlyList{ArenaRequest}, out int)"/>; `scratch[layer]`
        /// (optional) bytes at the top of the arena above the buffers live at that layer.</summary>
        public static int[] Plan(IReadOnlyList<ArenaRequest> requests, IReadOnlyList<int>? scratch, out int arenaSize)
        {
            int n = requests.Count;
            for (int i = 0; i < n; i++)
            {
                var r = requests[i];
                if (r.Size < 0 || r.FirstUse < 0 || r.LastUse < r.FirstUse || r.Rel < 0 || r.Rel % Alignment != 0)
                {
                    throw new ArgumentException($"arena request {i} is invalid: {r}", nameof(requests));
                }
            }

            // Blocks: a group's members, or one request alone.
            var blocks = new List<int[]>();
            var groupBlock = new Dictionary<int, List<int>>();
            for (int i = 0; i < n; i++)
            {
                int g = requests[i].Group;
                if (g < 0) { blocks.Add(new[] { i }); continue; }
                if (!groupBlock.TryGetValue(g, out var members)) groupBlock[g] = members = new List<int>();
                members.Add(i);
            }
            foreach (var members in groupBlock.Values) blocks.Add(members.ToArray());

            long Largest(int[] b) { long m = 0; foreach (int i in b) m = Math.Max(m, Align(requests[i].Size) + (long)requests[i].Rel); return m; }
            int First(int[] b) { int m = int.MaxValue; foreach (int i in b) m = Math.Min(m, requests[i].FirstUse); return m; }
            int Last(int[] b) { int m = 0; foreach (int i in b) m = Math.Max(m, requests[i].LastUse); return m; }

            var strategies = new List<Comparison<int[]>>
            {
                (a, b) => Largest(b).CompareTo(Largest(a)),
                (a, b) => (Largest(b) * (Last(b) - First(b) + 1)).CompareTo(Largest(a) * (Last(a) - First(a) + 1)),
                (a, b) => First(a).CompareTo(First(b)),
                (a, b) => (Last(b) - First(b)).CompareTo(Last(a) - First(a)),
            };

            int[]? best = null;
            long bestSize = long.MaxValue;
            foreach (var compare in strategies)
            {
                var order = new List<int>(blocks.Count);
                for (int i = 0; i < blocks.Count; i++) order.Add(i);
                // stable: ties keep block order (largest first, then first use, then index)
                order.Sort((x, y) =>
                {
                    int c = compare(blocks[x], blocks[y]);
                    if (c != 0) return c;
                    c = Largest(blocks[y]).CompareTo(Largest(blocks[x]));
                    if (c != 0) return c;
                    c = First(blocks[x]).CompareTo(First(blocks[y]));
                    return c != 0 ? c : x.CompareTo(y);
                });
                int[] offsets = Place(requests, blocks, order);
                long size = Need(requests, offsets, scratch);
                if (size < bestSize)
                {
                    bestSize = size;
                    best = offsets;
                }
            }
            if (bestSize > int.MaxValue) throw new ArgumentException("arena larger than 2 GB");
            arenaSize = (int)bestSize;
            return best ?? new int[0];
        }

        /// <summary>Arena bytes a placement needs: the last byte of any buffer, and per layer the
        /// top of its live buffers (4-aligned) plus its scratch.</summary>
        public static long Need(IReadOnlyList<ArenaRequest> requests, int[] offsets, IReadOnlyList<int>? scratch)
        {
            long end = 0;
            for (int i = 0; i < requests.Count; i++) end = Math.Max(end, offsets[i] + (long)Align(requests[i].Size));
            if (scratch == null) return end;
            for (int layer = 0; layer < scratch.Count; layer++)
            {
                if (scratch[layer] <= 0) continue;
                long top = 0;
                for (int i = 0; i < requests.Count; i++)
                {
                    if (requests[i].FirstUse <= layer && layer <= requests[i].LastUse)
                        top = Math.Max(top, offsets[i] + (long)requests[i].Size);
                }
                end = Math.Max(end, ((top + Alignment - 1) & ~(long)(Alignment - 1)) + Align(scratch[layer]));
            }
            return end;
        }

        private static int[] Place(IReadOnlyList<ArenaRequest> requests, List<int[]> blocks, List<int> order)
        {
            var offsets = new int[requests.Count];
            var placed = new List<int>(requests.Count);
            var candidates = new List<long>();
            foreach (int bi in order)
            {
                int[] members = blocks[bi];
                // Per member: the placed buffers alive at the same time (the only ones it can hit).
                var live = new List<int>[members.Length];
                for (int k = 0; k < members.Length; k++)
                {
                    ArenaRequest want = requests[members[k]];
                    live[k] = new List<int>();
                    if (want.Size == 0) continue;
                    foreach (int p in placed)
                    {
                        ArenaRequest other = requests[p];
                        if (other.Size == 0 || other.FirstUse > want.LastUse || want.FirstUse > other.LastUse) continue;
                        live[k].Add(p);
                    }
                }
                // Candidate bases: 0, and each base that puts a member right after one of those
                // buffers; the lowest base where nothing conflicts wins.
                candidates.Clear();
                candidates.Add(0);
                for (int k = 0; k < members.Length; k++)
                {
                    foreach (int p in live[k])
                    {
                        long c = offsets[p] + (long)Align(requests[p].Size) - requests[members[k]].Rel;
                        if (c > 0) candidates.Add(c);
                    }
                }
                candidates.Sort();
                long baseAt = -1;
                foreach (long c in candidates)
                {
                    if (Fits(requests, offsets, members, live, c)) { baseAt = c; break; }
                }
                if (baseAt < 0 || baseAt > int.MaxValue / 2) throw new ArgumentException("arena larger than 2 GB");
                foreach (int m in members)
                {
                    offsets[m] = checked((int)baseAt + requests[m].Rel);
                    placed.Add(m);
                }
            }
            return offsets;
        }

        private static bool Fits(IReadOnlyList<ArenaRequest> requests, int[] offsets, int[] members, List<int>[] live, long baseAt)
        {
            for (int k = 0; k < members.Length; k++)
            {
                ArenaRequest want = requests[members[k]];
                long start = baseAt + want.Rel, end = start + Align(want.Size);
                foreach (int p in live[k])
                {
                    if (start < offsets[p] + (long)Align(requests[p].Size) && offsets[p] < end) return false;
                }
            }
            return true;
        }
    }
}
