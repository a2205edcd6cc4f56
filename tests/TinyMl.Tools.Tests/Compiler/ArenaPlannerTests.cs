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

        [TestMethod]
        public void RandomBlocks_KeepTheirShapeAndStayClearOfOtherBlocks()
        {
            var rng = new Random(4242);
            for (int round = 0; round < 300; round++)
            {
                int count = rng.Next(2, 40), steps = rng.Next(2, 30);
                var requests = new List<ArenaRequest>();
                for (int i = 0; i < count; i++)
                {
                    int first = rng.Next(steps), last = first + rng.Next(Math.Min(steps - first, 6));
                    int group = rng.Next(3) == 0 ? -1 : rng.Next(5);
                    requests.Add(new ArenaRequest(rng.Next(1, 3000), first, last, group, group < 0 ? 0 : 4 * rng.Next(0, 500)));
                }
                int[] offsets = ArenaPlanner.Plan(requests, out int arena);
                for (int i = 0; i < count; i++)
                {
                    Assert.IsTrue(offsets[i] >= 0 && offsets[i] % 4 == 0 && offsets[i] + requests[i].Size <= arena, $"round {round}: buffer {i}");
                    for (int j = i + 1; j < count; j++)
                    {
                        ArenaRequest a = requests[i], b = requests[j];
                        if (a.Group >= 0 && a.Group == b.Group)
                        {
                            Assert.AreEqual(b.Rel - a.Rel, offsets[j] - offsets[i], $"round {round}: block {a.Group} lost its shape");
                            continue;
                        }
                        bool liveTogether = a.FirstUse <= b.LastUse && b.FirstUse <= a.LastUse;
                        bool disjoint = offsets[i] + a.Size <= offsets[j] || offsets[j] + b.Size <= offsets[i];
                        if (liveTogether) Assert.IsTrue(disjoint, $"round {round}: buffers {i} and {j} overlap");
                    }
                }
            }
        }

        [TestMethod]
        public void LinearChain_InputDeadAfterLayer0_ReusesItsBytes()
        {
            // VWW's first layers: input 27,648 (layer 0), then 18,432, 18,432, 36,864. TFLM's
            // largest-first order needs 64,512 bytes; 55,296 (two outputs at layer 2) is reachable.
            var requests = new List<ArenaRequest>
            {
                new(27648, 0, 0), new(18432, 0, 1), new(18432, 1, 2), new(36864, 2, 3), new(9216, 3, 4),
            };
            ArenaPlanner.Plan(requests, out int arena);
            Assert.AreEqual(55296, arena);
        }

        [TestMethod]
        public void ScratchCountsOnTopOfTheLiveBuffers()
        {
            var requests = new List<ArenaRequest> { new(100, 0, 0), new(100, 1, 1) };
            ArenaPlanner.Plan(requests, new[] { 0, 40 }, out int arena);
            Assert.AreEqual(140, arena);
        }
    }
}
