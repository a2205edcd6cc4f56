#nullable enable
using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;

namespace TinyMl.Tools.Tests.Compiler
{
    [TestClass]
    public class ArenaPlannerTests
    {
        [TestMethod]
        public void RandomLifetimes_NoTwoLiveBuffersOverlap()
        {
            var rng = new Random(12345);
            for (int round = 0; round < 500; round++)
            {
                int count = rng.Next(1, 60);
                int steps = rng.Next(1, 40);
                var requests = new List<ArenaRequest>();
                for (int i = 0; i < count; i++)
                {
                    int first = rng.Next(steps);
                    int last = first + rng.Next(Math.Min(steps - first, 8));
                    int size = rng.Next(4) == 0 ? rng.Next(0, 8) : rng.Next(1, 5000);
                    requests.Add(new ArenaRequest(size, first, last));
                }
                int[] offsets = ArenaPlanner.Plan(requests, out int arena);

                int maxEnd = 0;
                for (int i = 0; i < count; i++)
                {
                    Assert.AreEqual(0, offsets[i] % 4, $"round {round}: offset {offsets[i]} not 4-aligned");
                    Assert.IsTrue(offsets[i] >= 0 && offsets[i] + requests[i].Size <= arena, $"round {round}: buffer {i} outside the arena");
                    maxEnd = Math.Max(maxEnd, offsets[i] + requests[i].Size);
                    for (int j = i + 1; j < count; j++)
                    {
                        bool liveTogether = requests[i].FirstUse <= requests[j].LastUse && requests[j].FirstUse <= requests[i].LastUse;
                        bool disjoint = offsets[i] + requests[i].Size <= offsets[j] || offsets[j] + requests[j].Size <= offsets[i];
                        if (liveTogether && requests[i].Size > 0 && requests[j].Size > 0)
                            Assert.IsTrue(disjoint, $"round {round}: buffers {i} and {j} are live together and overlap");
                    }
                }
                Assert.IsTrue(arena < maxEnd + 4, $"round {round}: arena {arena} is not tight (last byte used {maxEnd})");

                // Any valid plan needs at least the largest total live at one time.
                for (int t = 0; t < steps; t++)
                {
                    long live = 0;
                    foreach (var r in requests) if (r.FirstUse <= t && t <= r.LastUse) live += r.Size;
                    Assert.IsTrue(arena >= live, $"round {round}: arena {arena} < {live} bytes live at step {t}");
                }
            }
        }

        [TestMethod]
        public void Chain_ReusesMemoryOfDeadBuffers()
        {
            // A chain of layers: each output lives from its layer to the next one.
            var requests = new List<ArenaRequest>();
            for (int i = 0; i < 9; i++) requests.Add(new ArenaRequest(8000, i, i + 1));
            ArenaPlanner.Plan(requests, out int arena);
            Assert.AreEqual(16000, arena);
        }

        [TestMethod]
        public void SmallBufferFillsGapBetweenLargerOnes()
        {
            var requests = new List<ArenaRequest>
            {
                new(100, 0, 1),  // placed at 0
                new(100, 1, 2),  // live with the first: at 100
                new(40, 2, 3),   // live with the second only: fits at 0
            };
            int[] offsets = ArenaPlanner.Plan(requests, out int arena);
            Assert.AreEqual(0, offsets[0]);
            Assert.AreEqual(100, offsets[1]);
            Assert.AreEqual(0, offsets[2]);
            Assert.AreEqual(200, arena);
        }

        [TestMethod]
        public void SizesAreRoundedToFourBytes()
        {
            int[] offsets = ArenaPlanner.Plan(new List<ArenaRequest> { new(5, 0, 0), new(3, 0, 0) }, out int arena);
            Assert.AreEqual(0, offsets[0]);
            Assert.AreEqual(8, offsets[1]);
            Assert.AreEqual(12, arena);
        }
    }
}
