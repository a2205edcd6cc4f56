using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Nano.Host;
using TinyMl.Simulation;

namespace TinyMl.Tools.Tests.Simulation
{
    [TestClass]
    public class CsvSampleFileTests
    {
        private static readonly string[] Accel = CsvSampleFile.AccelerometerColumns;

        [TestMethod]
        public void ReadsHeaderAndRows()
        {
            CsvSamples s = Read("ax,ay,az\n0.5,-1,1e-3\r\n2, 3 ,4\n", Accel);
            Assert.IsTrue(s.HadHeader);
            Assert.AreEqual(2, s.RowCount);
            Assert.AreEqual(3, s.ColumnCount);
            CollectionAssert.AreEqual(new[] { 0.5f, -1f, 1e-3f, 2f, 3f, 4f }, s.Values);
            Assert.AreEqual(3f, s[1, 1]);
        }

        [TestMethod]
        public void PicksRequiredColumnsByNameInTheOrderAsked()
        {
            CsvSamples s = Read("time,AZ,ay,ax\n0,3,2,1\n1,6,5,4\n", Accel);
            CollectionAssert.AreEqual(Accel, s.ColumnNames);
            CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, s.Values);
        }

        [TestMethod]
        public void ReadsFilesWithoutHeaderAndAnyNumberOfColumns()
        {
            CsvSamples accel = Read("1,2,3\n\n4,5,6\n", Accel);
            Assert.IsFalse(accel.HadHeader);
            CollectionAssert.AreEqual(Accel, accel.ColumnNames);
            CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, accel.Values);

            CsvSamples five = Read("1,2,3,4,5\n6,7,8,9,10\n");
            CollectionAssert.AreEqual(new[] { "c1", "c2", "c3", "c4", "c5" }, five.ColumnNames);
            Assert.AreEqual(2, five.RowCount);
            Assert.AreEqual(10f, five[1, 4]);
        }

        [TestMethod]
        public void NonNumberNamesFileLineAndColumn()
        {
            string text = "ax,ay,az\n" + string.Concat(Enumerable.Repeat("1,2,3\n", 15)) + "1,2,abc\n";
            var e = Fails(text, Accel);
            Assert.AreEqual("normal.csv line 17, column 3: 'abc' is not a number", e.Message);
            Assert.AreEqual(17, e.Line);
            Assert.AreEqual(3, e.Column);
        }

        [TestMethod]
        public void MissingValueInARowIsReportedAtTheFirstMissingColumn()
        {
            var e = Fails("ax,ay,az\n1,2,3\n4,5\n", Accel);
            Assert.AreEqual("normal.csv line 3, column 3: missing value (the row has 2 columns, expected 3)", e.Message);
        }

        [TestMethod]
        public void ExtraValueInARowIsReported()
        {
            var e = Fails("1,2,3\n4,5,6,7\n");
            Assert.AreEqual("normal.csv line 2, column 4: unexpected extra value '7' (expected 3 columns)", e.Message);
        }

        [TestMethod]
        public void MissingColumnInTheHeaderListsWhatIsThere()
        {
            var e = Fails("ax,ay\n1,2\n", Accel);
            Assert.AreEqual("normal.csv line 1: missing column 'az' (the header has: ax, ay)", e.Message);
        }

        [TestMethod]
        public void HeaderlessFileWithTheWrongColumnCountIsRejected()
        {
            var e = Fails("1,2\n3,4\n", Accel);
            StringAssert.StartsWith(e.Message, "normal.csv line 1: no header and 2 columns; expected 3 (ax, ay, az)");
        }

        [TestMethod]
        public void EmptyFilesAreRejected()
        {
            Assert.AreEqual("normal.csv: the file is empty (no header, no rows)", Fails("", Accel).Message);
            Assert.AreEqual("normal.csv: the file is empty (no header, no rows)", Fails("\n  \r\n\n", Accel).Message);
            Assert.AreEqual("normal.csv: the file has a header but no data rows", Fails("ax,ay,az\n\n", Accel).Message);
        }

        [TestMethod]
        public void EmptyAndNonFiniteValuesAreRejected()
        {
            Assert.AreEqual("normal.csv line 2, column 2: empty value", Fails("ax,ay,az\n1,,3\n", Accel).Message);
            Assert.AreEqual("normal.csv line 2, column 1: 'NaN' is not a finite number", Fails("ax,ay,az\nNaN,2,3\n", Accel).Message);
            Assert.AreEqual("normal.csv line 2, column 3: '1e50' is not a finite number", Fails("ax,ay,az\n1,2,1e50\n", Accel).Message);
        }

        [TestMethod]
        public void BlankLinesCountInLineNumbers()
        {
            var e = Fails("ax,ay,az\n\n1,2,3\n\n1,x,3\n", Accel);
            Assert.AreEqual(5, e.Line);
            Assert.AreEqual(2, e.Column);
        }

        [TestMethod]
        public void BrokenUnselectedColumnsStillFail()
        {
            var e = Fails("t,ax,ay,az\noops,1,2,3\n", Accel);
            Assert.AreEqual("normal.csv line 2, column 1: 'oops' is not a number", e.Message);
        }

        [TestMethod]
        public void BadHeadersAreRejected()
        {
            Assert.AreEqual("normal.csv line 1, column 3: duplicate column 'AX' (also column 1)", Fails("ax,ay,AX\n1,2,3\n").Message);
            Assert.AreEqual("normal.csv line 1, column 2: empty column name in the header", Fails("ax,,az\n1,2,3\n").Message);
        }

        [TestMethod]
        public void FileErrorsNameTheFile()
        {
            string dir = Path.Combine(Path.GetTempPath(), $"tinyml-csv-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            try
            {
                string path = Path.Combine(dir, "faulty.csv");
                File.WriteAllText(path, "ax,ay,az\n1,2,3\n4,5,six\n");
                var e = Assert.ThrowsExactly<CsvFormatException>(() => CsvSampleFile.Read(path, Accel));
                Assert.AreEqual("faulty.csv line 3, column 3: 'six' is not a number", e.Message);
                Assert.AreEqual("faulty.csv", e.SourceName);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [TestMethod]
        public void WriterRejectsRaggedOrNonFiniteData()
        {
            var writer = new StringWriter();
            Assert.ThrowsExactly<ArgumentException>(() => CsvSampleFile.Write(writer, new float[] { 1, 2, 3, 4 }, Accel));
            Assert.ThrowsExactly<ArgumentException>(() => CsvSampleFile.Write(writer, new float[] { 1, float.NaN, 3 }, Accel));
            Assert.ThrowsExactly<ArgumentException>(() => CsvSampleFile.Write(writer, new float[] { 1 }, "a,b"));
        }

        private static CsvSamples Read(string text, params string[] columns) =>
            CsvSampleFile.Read(new StringReader(text), "normal.csv", columns);

        private static CsvFormatException Fails(string text, params string[] columns) =>
            Assert.ThrowsExactly<CsvFormatException>(() => Read(text, columns));
    }
}
