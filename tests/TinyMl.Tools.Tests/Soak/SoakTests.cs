using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Soak;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Soak;

/// <summary>
/// A short run of the soak (tools/TinyMl.Soak; the hour-long run is by hand, README "Soak"):
/// 2 simulated minutes of audio through the keyword loop with audio overruns, 12 of IMU data
/// through the anomaly loop with I2C NACK bursts and a span of garbage samples, each compared
/// with a fault-free replay. Every check of the report must pass: no exception escapes, every
/// fault raised its event, detections outside the faulty windows equal the replay's, no managed
/// allocation after the first minute (outside the minutes of fault and alarm events).
/// </summary>
[TestClass]
public class SoakTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void ShortSoakOfBothLoopsPassesEveryCheck()
    {
        string shared = Path.GetDirectoryName(SharedData.Require(Path.Combine("audio", "yes_1000ms.wav")))!;
        var options = new SoakOptions { Minutes = 2, ImuMinutes = 12, Seed = 3, SharedDir = Path.GetDirectoryName(shared)! };
        var report = new SoakReport();
        KeywordSoak.Run(options, report);
        AnomalySoak.Run(options, report);
        TestContext.WriteLine(report.ToString());

        // The run must have exercised what it checks.
        Assert.AreEqual(12, report.Checks.Count, report.ToString());
        foreach (var check in report.Checks)
        {
            Assert.IsTrue(check.Passed, $"{check.Loop}: {check.Name} ({check.Detail})");
        }
    }

    [TestMethod]
    public void OverrunRaisesItsEventRestartsTheDecisionAndKeepsTheStrideGrid()
    {
        var recognizer = new TinyMl.Nano.Audio.KeywordRecognizer(Kws.KwsTestData.MicroSpeech(), new TinyMl.Nano.Audio.MicroFrontend(), Kws.KwsTestData.MicroSpeechLabels, null);
        var events = new List<(long TimeMs, int Lost)>();
        recognizer.AudioOverrun += (s, t, n) => events.Add((t, n));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => recognizer.ReportOverrun(0));

        short[] second = new short[16000];
        for (int i = 0; i < second.Length; i++)
        {
            second[i] = (short)((i * 7919) % 2000 - 1000);
        }
        recognizer.Process(second, 0, second.Length);
        Assert.AreEqual(1, recognizer.InferenceCount, "49 frames of the first second: one inference");

        recognizer.ReportOverrun(1000);
        Assert.AreEqual(1, events.Count);
        Assert.AreEqual((1000L, 1000), events[0], "event at the stream time before the gap, with the samples lost");
        Assert.AreEqual(17000L / 16, recognizer.StreamTimeMs, "the stream clock moves over the gap");
        Assert.AreEqual(1, recognizer.OverrunCount);
        Assert.AreEqual(1000L, recognizer.SamplesLost);

        // 16000 + 1000 = 17000 samples: the next window starts at 17280 (a multiple of 320).
        recognizer.Process(second, 0, 15000);
        Assert.AreEqual(1, recognizer.InferenceCount, "no inference before a whole input of audio after the gap");
        recognizer.Process(second, 0, second.Length);
        Assert.IsTrue(recognizer.InferenceCount > 1);
        Assert.AreEqual(10L, recognizer.LastInferenceMs % 20, "inferences at window ends on the uninterrupted stream's grid (k * 20 ms + 30 ms)");
    }

    [TestMethod]
    public void LoopPassesTheSourcesLossesToTheRecognizer()
    {
        var recognizer = new TinyMl.Nano.Audio.KeywordRecognizer(Kws.KwsTestData.MicroSpeech(), new TinyMl.Nano.Audio.MicroFrontend(), Kws.KwsTestData.MicroSpeechLabels, null);
        var events = new List<(long TimeMs, int Lost)>();
        recognizer.AudioOverrun += (s, t, n) => events.Add((t, n));
        var source = new OverrunInjectingSource(new TinyMl.Nano.Audio.ArrayAudioSource(new short[48000]), new long[] { 3200, 16000 }, new[] { 77, 5000 });
        var loop = new TinyMl.Nano.Audio.KeywordSpottingLoop(source, recognizer, null, 0, 320);
        loop.Run();
        Assert.AreEqual(2, events.Count);
        Assert.AreEqual((200L, 77), events[0]);
        Assert.AreEqual((source.ActualAt[1] / 16, 5000), events[1]);
        Assert.AreEqual(48000L / 16, recognizer.StreamTimeMs, "lost samples count on the stream clock");
    }
}
