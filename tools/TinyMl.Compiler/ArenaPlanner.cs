using System;
using System.Collections.Generic;

namespace TinyMl.Compiler
{
    /// <summary>A buffer to place in the arena: `Size` bytes alive from layer `FirstUse`
    /// through layer `LastUse` (inclusive).</summary>
    public readonly record struct ArenaRequest(int Size, int FirstUse, int LastUse);

    /// <summary>
    /// Offline arena planner in the manner of TFLM's GreedyMemoryPlanner: buffers are placed
    /// largest first, each at the lowest 4-aligned offset where it fits between the buffers
    /// already placed that are alive at the same time (first fit into gaps).
    /// </summary>
    public static class ArenaPlanner
    {
        public const int Alignment = 4;

        public static int Align(int n) => checked((n + Alignment - 1) & ~(Alignment - 1));

        /// <summary>Offsets per request (same order) and the arena size they need.</summary>
        public static int[] Plan(IReadOnlyList<ArenaRequest> requests, out int arenaSize)
        {
            int n = requests.Count;
            for (int i = 0; i < n; i++)
            {
                var r = requests[i];
                if (r.Size < 0 || r.FirstUse < 0 || r.LastUse < r.FirstUse)
                {
                    throw new ArgumentException($"arena request {i} is invalid: {r}", nameof(requests));
                }
            }

            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(order, (a, b) =>
            {
                int c = Align(requests[b].Size).CompareTo(Align(requests[a].Size));
                if (c != 0) return c;
                c = requests[a].FirstUse.CompareTo(requests[b].FirstUse);
                return c != 0 ? c : a.CompareTo(b);
            });

            var offsets = new int[n];
            var placed = new List<int>(n); // request indices, kept sorted by offset
            var active = new List<int>(n);
            long end = 0;
            foreach (int id in order)
            {
                ArenaRequest want = requests[id];
                int size = Align(want.Size);
                active.Clear();
                foreach (int p in placed)
                {
                    ArenaRequest other = requests[p];
                    if (other.FirstUse <= want.LastUse && want.FirstUse <= other.LastUse) active.Add(p);
                }

                long candidate = 0;
                foreach (int p in active)
                {
                    if (offsets[p] - candidate >= size) break;
                    candidate = Math.Max(candidate, offsets[p] + (long)Align(requests[p].Size));
                }
                if (candidate + size > int.MaxValue) throw new ArgumentException("arena larger than 2 GB");
                offsets[id] = (int)candidate;
                end = Math.Max(end, candidate + size);

                int at = placed.Count;
                while (at > 0 && offsets[placed[at - 1]] > candidate) at--;
                placed.Insert(at, id);
            }
            arenaSize = (int)end;
            return offsets;
        }
    }
}
