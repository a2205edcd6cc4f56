using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Boards;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Interop;

/// <summary>
/// The board definitions the apps read agree with the boards' hardware (boards/*/README.md):
/// no pin used twice, outputs never on input-only pins, nothing on pins the module reserves.
/// </summary>
[TestClass]
public class BoardCatalogTests
{
    // Pins a board definition must not use (flash/PSRAM, USB, console UART, on-board addressable LED).
    private static readonly Dictionary<string, int[]> Reserved = new()
    {
        ["ESP32-DevKitC"] = new[] { 1, 3, 6, 7, 8, 9, 10, 11 },
        ["ESP32-S3-DevKitC"] = new[] { 19, 20, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 43, 44, 48 },
        ["ESP32-C3-DevKitM"] = new[] { 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 },
        ["M5Stack-Core2"] = new[] { 1, 3, 6, 7, 8, 9, 10, 11 },
        ["STM32F769I-DISCOVERY"] = Array.Empty<int>(),
    };

    [TestMethod]
    public void EveryBoardIsDocumentedAndFindable()
    {
        string boards = Path.Combine(SharedData.SourceRoot(), "boards");
        foreach (BoardDefinition board in BoardCatalog.All)
        {
            Assert.AreSame(board, BoardCatalog.Find(board.Name));
            Assert.IsTrue(File.Exists(Path.Combine(boards, board.Name, "README.md")), $"boards/{board.Name}/README.md");
        }

        Assert.IsNull(BoardCatalog.Find("no-such-board"));
        Assert.AreEqual(Reserved.Count, BoardCatalog.All.Length);
    }

    [TestMethod]
    public void PinsAreDistinctUsableAndNotReserved()
    {
        foreach (BoardDefinition board in BoardCatalog.All)
        {
            var outputs = new[] { board.LedPin, board.BuzzerPin, board.MicClockPin, board.MicWordSelectPin, board.I2cClockPin, board.I2cDataPin };
            var all = outputs.Append(board.MicDataPin).Where(p => p != BoardDefinition.NoPin).ToList();

            CollectionAssert.AllItemsAreUnique(all, board.Name);
            CollectionAssert.AreEqual(Array.Empty<int>(), all.Intersect(Reserved[board.Name]).ToArray(), board.Name + " uses a reserved pin");
            if (board.Chip == BoardChip.Esp32)
            {
                // GPIO34..39 are input-only on the ESP32: fine for microphone data, not for outputs or I2C.
                Assert.IsFalse(outputs.Any(p => p >= 34 && p <= 39), board.Name + " drives an input-only pin");
            }

            Assert.AreEqual(board.HasMicrophone, board.MicDataPin != BoardDefinition.NoPin, board.Name);
            Assert.IsTrue(board.ImuAddress == 0x68 || board.ImuAddress == 0x69, board.Name);
        }
    }
}
