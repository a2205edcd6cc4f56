using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Nano.Tests
{
    /// <summary>Bad blobs get typed errors that name the field, never a crash.</summary>
    [TestClass]
    public class ModelLoadingTests
    {
        // tnm_field codes (native-kernels/include/tnm/tnm_status.h).
        private const int FieldBlobLength = 1;
        private const int FieldMagic = 2;
        private const int FieldFormatVersion = 3;
        private const int FieldCrc32 = 6;
        private const int FieldLayerOp = 23;

        [TestMethod]
        public void NullBlobIsArgumentNull()
        {
            bool caught = false;
            try
            {
                new Model(null);
            }
            catch (ArgumentNullException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);
        }

        [TestMethod]
        public void EmptyBlobIsFormatErrorNamingTheLength()
        {
            ModelFormatException e = LoadExpectingFormatError(new byte[0]);
            Assert.AreEqual(NativeStatus.Format, e.Status);
            Assert.AreEqual(FieldBlobLength, e.Field);
            Assert.AreEqual(0, e.Value);
            Assert.IsTrue(e.Message.IndexOf("64-byte header") >= 0, e.Message);
        }

        [TestMethod]
        public void BlobShorterThanHeaderIsFormatError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            byte[] truncated = new byte[63];
            Array.Copy(blob, truncated, truncated.Length);
            ModelFormatException e = LoadExpectingFormatError(truncated);
            Assert.AreEqual(FieldBlobLength, e.Field);
            Assert.IsTrue(e.Message.IndexOf("63 bytes") >= 0, e.Message);
        }

        [TestMethod]
        public void TruncatedBlobIsFormatError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            int[] lengths = new int[] { 64, 80, 120, 150, blob.Length - 4, blob.Length - 1 };
            for (int i = 0; i < lengths.Length; i++)
            {
                byte[] truncated = new byte[lengths[i]];
                Array.Copy(blob, truncated, truncated.Length);
                LoadExpectingFormatError(truncated);
            }
        }

        [TestMethod]
        public void WrongMagicIsVersionError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            blob[0] = (byte)'X';
            ModelFormatException e = LoadExpectingFormatError(blob);
            Assert.AreEqual(NativeStatus.Version, e.Status);
            Assert.AreEqual(FieldMagic, e.Field);
            Assert.IsTrue(e.Message.IndexOf("TNMB") >= 0, e.Message);
        }

        [TestMethod]
        public void UnknownFormatVersionIsVersionError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            // A v1 blob (the layout before operators v2) is refused by its version: recompile it.
            TestBlobBuilder.WriteU16(blob, 4, 1);
            ModelFormatException e = LoadExpectingFormatError(blob);
            Assert.AreEqual(NativeStatus.Version, e.Status);
            Assert.AreEqual(FieldFormatVersion, e.Field);
            Assert.AreEqual(1, e.Value);
            Assert.IsTrue(e.Message.IndexOf("format version 1") >= 0, e.Message);
            // A v2 blob (tensor records with 4 dims) likewise.
            TestBlobBuilder.WriteU16(blob, 4, 2);
            e = LoadExpectingFormatError(blob);
            Assert.AreEqual(NativeStatus.Version, e.Status);
            Assert.AreEqual(2, e.Value);
            Assert.IsTrue(e.Message.IndexOf("format version 2") >= 0, e.Message);
            TestBlobBuilder.WriteU16(blob, 4, 4);
            e = LoadExpectingFormatError(blob);
            Assert.AreEqual(4, e.Value);
        }

        [TestMethod]
        public void ChangedByteIsChecksumError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            blob[blob.Length - 30] ^= 0x10; // a weight or bias byte
            ModelFormatException e = LoadExpectingFormatError(blob);
            Assert.AreEqual(NativeStatus.Checksum, e.Status);
            Assert.AreEqual(FieldCrc32, e.Field);
            Assert.IsTrue(e.Message.IndexOf("CRC32") >= 0, e.Message);
        }

        [TestMethod]
        public void BlobSizeFieldMustMatchLength()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            byte[] longer = new byte[blob.Length + 4];
            Array.Copy(blob, longer, blob.Length);
            TestBlobBuilder.FixCrc(longer);
            ModelFormatException e = LoadExpectingFormatError(longer);
            Assert.AreEqual(NativeStatus.Format, e.Status);
        }

        [TestMethod]
        public void OutOfRangeTensorOffsetIsFormatErrorEvenWithValidCrc()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            // Tensor 1's arena offset (record at 64 + 32, field at +16) beyond the 8-byte arena.
            TestBlobBuilder.WriteI32(blob, 64 + TestBlobBuilder.TensorRecordSize + TestBlobBuilder.TensorOffsetField, 400);
            TestBlobBuilder.FixCrc(blob);
            ModelFormatException e = LoadExpectingFormatError(blob);
            Assert.AreEqual(NativeStatus.Format, e.Status);
            Assert.AreEqual(1, e.Index);
        }

        [TestMethod]
        public void UnknownOpIsRejectedWithTypedError()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            int layerTable = TestBlobBuilder.ReadI32(blob, 44);
            TestBlobBuilder.WriteU16(blob, layerTable, 77); // layer 0 op
            TestBlobBuilder.FixCrc(blob);
            bool caught = false;
            try
            {
                new Model(blob);
            }
            catch (ModelFormatException e)
            {
                caught = e.Field == FieldLayerOp && e.Value == 77;
            }
            catch (ModelNotSupportedException e)
            {
                caught = e.Field == FieldLayerOp && e.Value == 77 && e.Message.IndexOf("77") >= 0;
            }
            Assert.IsTrue(caught);
        }

        [TestMethod]
        public void ValidBlobReportsHeaderFacts()
        {
            byte[] blob = TestModels.FullyConnected4x3();
            Model model = new Model(blob);
            Assert.AreEqual(TestBlobBuilder.FormatVersion, model.FormatVersion);
            Assert.AreEqual(blob.Length, model.BlobSize);
            Assert.AreEqual(8, model.ArenaSize);
            Assert.AreEqual(4, model.TensorCount); // input, output, weights, bias
            Assert.AreEqual(1, model.LayerCount);
            Assert.AreEqual(0, model.InitLayerCount);
            Assert.AreEqual(1, model.InputCount);
            Assert.AreEqual(1, model.OutputCount);
            Assert.AreEqual(0, model.InputIndex);
            Assert.AreEqual(1, model.OutputIndex);
            Assert.AreEqual(0, model.GetInputIndex(0));
            Assert.AreEqual(1, model.GetOutputIndex(0));
            Assert.IsFalse(model.KeepsState);
            Assert.IsTrue(model.UsesOperator(LayerOp.FullyConnected));
            Assert.IsFalse(model.UsesOperator(LayerOp.Conv2D));
            int[] ops = model.GetOperators();
            Assert.AreEqual(1, ops.Length);
            Assert.AreEqual(LayerOp.FullyConnected, ops[0]);
            Assert.IsTrue(model.GetTensorInfo(2).IsConstant);
            Assert.IsFalse(model.GetTensorInfo(0).IsConstant);

            TensorInfo input = model.GetTensorInfo(0);
            Assert.AreEqual((int)TensorType.Int8, (int)input.Type);
            Assert.AreEqual(2, input.Rank);
            Assert.AreEqual(4, input.GetDimension(1));
            Assert.AreEqual(4, input.ElementCount);
            Assert.AreEqual(1, input.ZeroPoint);
            Assert.IsTrue(input.Scale == 0.5f);
            TensorInfo output = model.GetTensorInfo(1);
            Assert.AreEqual(4, output.ArenaOffset);
            Assert.AreEqual(3, output.ByteLength);
            Assert.AreEqual(-2, output.ZeroPoint);
            Assert.IsTrue(output.Scale == 0.25f);
        }

        [TestMethod]
        public void LayerInfoDescribesTheLayer()
        {
            Model model = new Model(TestModels.FullyConnected4x3());
            LayerInfo layer = model.GetLayerInfo(0);
            Assert.AreEqual("FULLY_CONNECTED", layer.Op);
            Assert.AreEqual(LayerOp.FullyConnected, layer.OpCode);
            // Names come from the native operator table (the longest one fits, unknown codes too).
            Assert.AreEqual("UNIDIRECTIONAL_SEQUENCE_LSTM", LayerOp.Name(LayerOp.UnidirectionalSequenceLstm));
            Assert.AreEqual("UNKNOWN", LayerOp.Name(0));
            Assert.AreEqual("UNKNOWN", LayerOp.Name(-1));
            Assert.AreEqual(0, layer.InputTensor);
            Assert.AreEqual(3, layer.InputCount); // input, weights, bias
            Assert.AreEqual(2, layer.GetInput(1));
            Assert.AreEqual(3, layer.GetInput(2));
            Assert.AreEqual(1, layer.OutputCount);
            Assert.AreEqual(1, layer.OutputTensor);
            Assert.AreEqual(0, layer.Subgraph);
            Assert.AreEqual(1, layer.QuantCount);
            Assert.AreEqual(12, layer.Macs);
            Assert.AreEqual(7, layer.ParamCount);
            Assert.AreEqual(-1, layer.GetParam(0));
            Assert.AreEqual(4, layer.GetParam(5));
            Assert.AreEqual(3, layer.GetParam(6));

            bool caught = false;
            try
            {
                model.GetLayerInfo(1);
            }
            catch (ArgumentException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);
        }

        private static ModelFormatException LoadExpectingFormatError(byte[] blob)
        {
            ModelFormatException caught = null;
            try
            {
                new Model(blob);
            }
            catch (ModelFormatException e)
            {
                caught = e;
            }
            Assert.IsNotNull(caught, "a " + blob.Length.ToString() + "-byte blob was accepted");
            return caught;
        }
    }
}
