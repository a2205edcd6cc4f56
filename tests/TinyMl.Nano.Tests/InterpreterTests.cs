using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TinyMl.Nano.Tests
{
    /// <summary>The interpreter on a hand-built FULLY_CONNECTED model (see TestModels).</summary>
    [TestClass]
    public class InterpreterTests
    {
        [TestMethod]
        public void FullyConnectedMatchesHandComputedOutput()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            Assert.AreEqual(8, interpreter.ArenaSize);
            Assert.AreEqual(1, interpreter.LayerCount);

            interpreter.Input.CopyFrom(TestModels.FcInput(), 0, 4);
            interpreter.Invoke();

            sbyte[] expected = TestModels.FcExpectedOutput();
            sbyte[] actual = new sbyte[3];
            interpreter.Output.CopyTo(actual, 0);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual((int)expected[i], (int)actual[i], "output " + i.ToString());
                Assert.AreEqual((int)expected[i], (int)interpreter.Output.GetInt8(i));
            }
        }

        [TestMethod]
        public void QuantizeFromAndDequantizeToUseTheTensorParameters()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            // scale 0.5, zero point 1: [1, -1, 2, 5] -> [3, -1, 5, 11], the hand-computed input.
            interpreter.Input.QuantizeFrom(new float[] { 1.0f, -1.0f, 2.0f, 5.0f });
            sbyte[] input = TestModels.FcInput();
            for (int i = 0; i < input.Length; i++)
            {
                Assert.AreEqual((int)input[i], (int)interpreter.Input.GetInt8(i));
            }

            interpreter.InvokeLayer(0);

            // scale 0.25, zero point -2: 44 -> 11.5, -18 -> -4, 127 -> 32.25.
            float[] values = new float[3];
            interpreter.Output.DequantizeTo(values);
            Assert.IsTrue(values[0] == 11.5f, values[0].ToString());
            Assert.IsTrue(values[1] == -4.0f, values[1].ToString());
            Assert.IsTrue(values[2] == 32.25f, values[2].ToString());
        }

        [TestMethod]
        public void InvokeIsRepeatable()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            for (int run = 0; run < 3; run++)
            {
                interpreter.Input.CopyFrom(TestModels.FcInput());
                interpreter.Output.SetInt8(0, 0);
                interpreter.Invoke();
                Assert.AreEqual(44, (int)interpreter.Output.GetInt8(0));
            }
            // A different input changes the output: all inputs at the zero point leave only the bias.
            // row 0: 11 * 0.75 = 8.25 -> 8, - 2 = 6; row 1: 3 * 0.75 = 2.25 -> 2, - 2 = 0; row 2: 150 - 2 = 148 -> 127.
            interpreter.Input.CopyFrom(new sbyte[] { 1, 1, 1, 1 });
            interpreter.Invoke();
            Assert.AreEqual(6, (int)interpreter.Output.GetInt8(0));
            Assert.AreEqual(0, (int)interpreter.Output.GetInt8(1));
            Assert.AreEqual(127, (int)interpreter.Output.GetInt8(2));
        }

        [TestMethod]
        public void CallerArenaMayBeLarger()
        {
            byte[] arena = new byte[64];
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()), arena);
            interpreter.Input.CopyFrom(TestModels.FcInput());
            interpreter.Invoke();
            // The output tensor lives at arena offset 4.
            Assert.AreEqual(44, (int)(sbyte)arena[4]);
            Assert.AreEqual(-18, (int)(sbyte)arena[5]);
            Assert.AreEqual(127, (int)(sbyte)arena[6]);
        }

        [TestMethod]
        public void PrepareLayersRefusesAByteArrayModelAndKeepsItRunning()
        {
            // Plans trust the blob they were made from: only a flash model (it cannot change)
            // may be prepared; a byte[] model keeps its per-layer checks and still runs.
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            InvalidOperationException caught = null;
            try
            {
                interpreter.PrepareLayers();
            }
            catch (InvalidOperationException e)
            {
                caught = e;
            }
            Assert.IsNotNull(caught);
            Assert.IsTrue(caught.Message.IndexOf("flash table") >= 0, caught.Message);
            Assert.IsFalse(interpreter.IsPrepared);
            interpreter.Input.CopyFrom(TestModels.FcInput(), 0, 4);
            interpreter.Invoke();
            sbyte[] expected = TestModels.FcExpectedOutput();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual((int)expected[i], (int)interpreter.Output.GetInt8(i), "output " + i.ToString());
            }
        }

        [TestMethod]
        public void TooSmallArenaIsRejectedNamingBothSizes()
        {
            Model model = new Model(TestModels.FullyConnected4x3());
            ArenaTooSmallException caught = null;
            try
            {
                new Interpreter(model, new byte[7]);
            }
            catch (ArenaTooSmallException e)
            {
                caught = e;
            }
            Assert.IsNotNull(caught);
            Assert.AreEqual(8, caught.RequiredBytes);
            Assert.AreEqual(7, caught.ActualBytes);
            Assert.IsTrue(caught.Message.IndexOf("8") >= 0 && caught.Message.IndexOf("7") >= 0, caught.Message);
        }

        [TestMethod]
        public void WrongInputSizeIsArgumentErrorNamingBothCounts()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            string message = null;
            try
            {
                interpreter.Input.CopyFrom(new sbyte[3]);
            }
            catch (ArgumentException e)
            {
                message = e.Message;
            }
            Assert.IsNotNull(message);
            Assert.IsTrue(message.IndexOf("input tensor 0 needs 4 int8 values, got 3") >= 0, message);

            bool caught = false;
            try
            {
                interpreter.Input.CopyFrom(new sbyte[4], 1, 4); // offset + count beyond the array
            }
            catch (ArgumentException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);

            caught = false;
            try
            {
                interpreter.Output.CopyTo(new sbyte[2], 0);
            }
            catch (ArgumentException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);

            caught = false;
            try
            {
                interpreter.Input.QuantizeFrom(new float[5]);
            }
            catch (ArgumentException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);

            caught = false;
            try
            {
                interpreter.Input.CopyFromBytes(new byte[4], 0, 5);
            }
            catch (ArgumentException)
            {
                caught = true;
            }
            Assert.IsTrue(caught);
        }

        [TestMethod]
        public void BadIndicesAreArgumentErrors()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            int caught = 0;
            try { interpreter.InvokeLayer(1); } catch (ArgumentException) { caught++; }
            try { interpreter.InvokeLayer(-1); } catch (ArgumentException) { caught++; }
            try { interpreter.GetTensor(4); } catch (ArgumentException) { caught++; }
            try { interpreter.GetTensor(2); } catch (ArgumentException e) { Assert.IsTrue(e.Message.IndexOf("constant") >= 0, e.Message); caught++; }
            try { interpreter.GetInput(1); } catch (ArgumentException) { caught++; }
            try { interpreter.GetOutput(-1); } catch (ArgumentException) { caught++; }
            try { interpreter.Input.GetInt8(4); } catch (ArgumentException) { caught++; }
            try { interpreter.Output.SetInt8(-1, 0); } catch (ArgumentException) { caught++; }
            try { interpreter.Input.GetDimension(2); } catch (ArgumentException) { caught++; }
            Assert.AreEqual(9, caught);
        }

        [TestMethod]
        public void TensorsDescribeTheirPlaceInTheArena()
        {
            Interpreter interpreter = new Interpreter(new Model(TestModels.FullyConnected4x3()));
            Tensor output = interpreter.GetTensor(1);
            Assert.AreEqual(1, output.Index);
            Assert.AreEqual((int)TensorType.Int8, (int)output.Type);
            Assert.AreEqual(2, output.Rank);
            int[] shape = output.Shape;
            Assert.AreEqual(2, shape.Length);
            Assert.AreEqual(1, shape[0]);
            Assert.AreEqual(3, shape[1]);
            Assert.AreEqual(3, output.ElementCount);
            Assert.AreEqual(3, output.ByteLength);
            Assert.AreEqual(-2, output.ZeroPoint);
            Assert.IsTrue(output.Scale == 0.25f);
            Assert.IsTrue(interpreter.Output == output);
        }
    }
}
