#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TinyMl.Compiler;
using TinyMl.Tflite;
using TinyMl.Tools.Tests.Golden;

namespace TinyMl.Tools.Tests.Tflite
{
    /// <summary>
    /// TinyMl.Tflite writes what it reads: read → write → read gives the same model (every field
    /// the object model holds), for every shared model and for models built in code with every
    /// options table and every part of the schema we model; and a shared model written back
    /// compiles to the same blob as the original.
    /// </summary>
    [TestClass]
    public class TfliteRoundTripTests
    {
        // ---- structural equality: every settable property, recursively

        /// <summary>The differences between two models (or parts of one), as "path: expected ≠ actual".</summary>
        internal static List<string> Differences(object? expected, object? actual, string path = "model")
        {
            var diffs = new List<string>();
            Compare(expected, actual, path, diffs);
            return diffs;
        }

        private static void Compare(object? e, object? a, string path, List<string> diffs)
        {
            if (diffs.Count >= 20) return;
            if (e == null || a == null)
            {
                if (e != null || a != null) diffs.Add($"{path}: {Show(e)} ≠ {Show(a)}");
                return;
            }
            if (e is IEnumerable el && e is not string)
            {
                // Lists are compared by their elements, whatever the list type (array or List).
                object?[] ea = el.Cast<object?>().ToArray(), aa = ((IEnumerable)a).Cast<object?>().ToArray();
                if (ea.Length != aa.Length) diffs.Add($"{path}: {ea.Length} elements ≠ {aa.Length}");
                else for (int i = 0; i < ea.Length; i++) Compare(ea[i], aa[i], $"{path}[{i}]", diffs);
                return;
            }
            if (e.GetType() != a.GetType())
            {
                diffs.Add($"{path}: {e.GetType().Name} ≠ {a.GetType().Name}");
                return;
            }
            Type t = e.GetType();
            if (t.IsPrimitive || t.IsEnum || e is string)
            {
                if (!e.Equals(a)) diffs.Add($"{path}: {Show(e)} ≠ {Show(a)}");
                return;
            }
            if (e is ReadOnlyMemory<byte> em)
            {
                var am = (ReadOnlyMemory<byte>)a;
                if (!em.Span.SequenceEqual(am.Span)) diffs.Add($"{path}: {em.Length} bytes ≠ {am.Length} bytes (or contents differ)");
                return;
            }
            PropertyInfo[] props = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod != null && p.GetIndexParameters().Length == 0).ToArray();
            Assert.IsTrue(props.Length > 0 || t == typeof(EmptyOptions), $"{path}: {t.Name} has no settable properties to compare");
            foreach (PropertyInfo p in props) Compare(p.GetValue(e), p.GetValue(a), path + "." + p.Name, diffs);
        }

        private static string Show(object? v) => v switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            _ => v.ToString() ?? "?",
        };

        private static void AssertSameModel(TfliteModel expected, TfliteModel actual, string what)
        {
            List<string> diffs = Differences(expected, actual);
            Assert.AreEqual(0, diffs.Count, what + ":" + Environment.NewLine + string.Join(Environment.NewLine, diffs));
        }

        // ---- the shared models

        private static string Outcome(byte[] tflite)
        {
            try
            {
                return "blob " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ModelCompiler.Compile(tflite).Blob));
            }
            catch (ModelCompileException e)
            {
                return "not compiled: " + e.Message;
            }
        }

        [TestMethod]
        public void SharedModels_ReadWriteRead_GiveTheSameModel_AndCompileToTheSameBlob()
        {
            string dir = SharedData.Require("models");
            string[] files = Directory.GetFiles(dir, "*.tflite").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.IsTrue(files.Length >= 5, $"only {files.Length} models in {dir}");
            int compiled = 0;
            foreach (string file in files)
            {
                string name = Path.GetFileName(file);
                byte[] original = File.ReadAllBytes(file);
                TfliteModel read = TfliteModel.Read(original);
                byte[] written = read.Write();
                TfliteModel reread = TfliteModel.Read(written);
                AssertSameModel(read, reread, name + " read, written and read again");
                CollectionAssert.AreEqual(written, reread.Write(), name + ": writing is deterministic");

                string expected = Outcome(original);
                Assert.AreEqual(expected, Outcome(written), name + ": compiling the written model");
                if (expected.StartsWith("blob ", StringComparison.Ordinal)) compiled++;
            }
            Assert.IsTrue(compiled >= 5, $"only {compiled} shared models compile: the blob comparison covers too little");
        }

        // ---- every options table

        /// <summary>An options object with every field set to a value other than its default.</summary>
        private static object NonDefault(Type type, int seed)
        {
            object o = Activator.CreateInstance(type)!;
            foreach (PropertyInfo p in type.GetProperties().Where(p => p.GetCustomAttribute<FbFieldAttribute>() != null))
            {
                object? def = p.GetValue(o);
                int id = p.GetCustomAttribute<FbFieldAttribute>()!.Id + seed;
                Type t = p.PropertyType;
                object value =
                    t == typeof(int) ? 3 + id
                    : t == typeof(float) ? 0.25f + id
                    : t == typeof(bool) ? !(bool)def!
                    : t == typeof(byte) ? (byte)((byte)def! == 0 ? 1 : 0)
                    : t.IsEnum ? Enum.GetValues(t).Cast<object>().First(v => !v.Equals(def))
                    : t == typeof(string) ? "name" + id
                    : t == typeof(int[]) ? new[] { id, -1 }
                    : throw new AssertFailedException($"{type.Name}.{p.Name}: no test value for {t.Name}");
                p.SetValue(o, value);
            }
            return o;
        }

        private static IEnumerable<(byte Type, Type Class)> OptionsTables() =>
            typeof(TfliteModel).Assembly.GetTypes()
                .Select(t => (Attr: t.GetCustomAttribute<BuiltinOptionsTableAttribute>(), Class: t))
                .Where(x => x.Attr != null)
                .Select(x => (x.Attr!.Type, x.Class));

        [TestMethod]
        public void EveryOptionsTable_WithEveryFieldSet_ReadsBackTheSame()
        {
            var tables = OptionsTables().ToArray();
            Assert.IsTrue(tables.Length >= 20, $"{tables.Length} options tables");
            var g = new Compiler.TfliteGraphBuilder();
            int x = g.Int8(new[] { 1, 4 }, 0.5f, 0, "x");
            g.Io(new[] { x }, new[] { x });
            var expected = new List<object>();
            foreach (var (_, cls) in tables)
            {
                // CALL_ONCE must name another subgraph (the reader checks it): subgraph 1.
                object options = cls == typeof(CallOnceOptions) ? new CallOnceOptions { InitSubgraphIndex = 1 } : NonDefault(cls, expected.Count);
                expected.Add(options);
                g.Op(BuiltinOperator.Custom, new[] { x }, new[] { x }, options);
            }
            g.AddSubgraph();
            TfliteModel m = TfliteModel.Read(g.Build());
            for (int i = 0; i < expected.Count; i++)
            {
                List<string> diffs = Differences(expected[i], m.Operators[i].BuiltinOptions, expected[i].GetType().Name);
                Assert.AreEqual(0, diffs.Count, string.Join(Environment.NewLine, diffs));
                Assert.AreEqual(tables[i].Type, m.Operators[i].BuiltinOptionsType, expected[i].GetType().Name + ": union type");
            }
        }

        [TestMethod]
        public void EveryBuiltinOptionsTypeWeName_IsReadAsAnOptionsObject()
        {
            byte[] emptyTable = TinyMl.Tflite.FlatBuffers.FlatBufferBuilder.Finish(new TinyMl.Tflite.FlatBuffers.FbTableNode(), null);
            foreach (FieldInfo f in typeof(BuiltinOptionsType).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var type = (byte)f.GetValue(null)!;
                if (type == BuiltinOptionsType.None) continue;
                object? o = BuiltinOptionsCodec.Read(type, new TinyMl.Tflite.FlatBuffers.FlatBufferReader(emptyTable, 1 << 10).Root("o"));
                Assert.IsNotNull(o, $"BuiltinOptionsType.{f.Name} ({type}) has no options class and is not an empty table");
                Assert.AreEqual(type, BuiltinOptionsCodec.UnionTypeOf(o!), $"BuiltinOptionsType.{f.Name}: the class maps back to its number");
            }
        }

        // ---- a model built in code with every part of the schema we model

        private static TfliteModel EverythingModel()
        {
            byte[] Int32s(params int[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
            var buffers = new List<TfliteBuffer>
            {
                new() { Index = 0 },
                new() { Index = 1, Data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 } },
                new() { Index = 2, Data = Int32s(100, -200) },
                new() { Index = 3, Data = Int32s(0, 0, 0, 40) },
                new() { Index = 4, Offset = 4096, Size = 64 },
                new() { Index = 5, Data = System.Text.Encoding.ASCII.GetBytes("1.14.0") },
                new() { Index = 6, Data = new byte[] { 5, 5, 5, 5 } },
            };
            var perChannel = new TfliteQuantization
            {
                Scale = new[] { 0.5f, 0.25f },
                ZeroPoint = new long[] { 0, 0 },
                QuantizedDimension = 3,
            };
            var act = new TfliteQuantization { Min = new[] { -1f }, Max = new[] { 1f }, Scale = new[] { 1f / 128 }, ZeroPoint = new long[] { -1 } };
            var main = new List<TfliteTensor>
            {
                new() { Index = 0, Name = "in0", Type = TensorType.Int8, Shape = new[] { 1, 2, 2, 1 }, ShapeSignature = new[] { -1, 2, 2, 1 }, HasRank = true, Quantization = act },
                new() { Index = 1, Name = "in1", Type = TensorType.Int16, Shape = new[] { 1, 2 }, Quantization = new() { Scale = new[] { 1f / 4096 }, ZeroPoint = new long[] { 0 } } },
                new() { Index = 2, Name = "filter", Type = TensorType.Int8, Shape = new[] { 1, 1, 1, 2 }, Buffer = 1, Quantization = perChannel },
                new() { Index = 3, Name = "bias", Type = TensorType.Int32, Shape = new[] { 2 }, Buffer = 2 },
                new() { Index = 4, Name = "out0", Type = TensorType.Int8, Shape = new[] { 1, 2, 2, 2 }, Quantization = act },
                new() { Index = 5, Name = "state", Type = TensorType.Resource },
                new() { Index = 6, Name = "read", Type = TensorType.Int8, Shape = new[] { 1, 2 }, IsVariable = true },
                new() { Index = 7, Name = "end", Type = TensorType.Int32, Shape = new[] { 4 }, Buffer = 3 },
                new() { Index = 8, Name = "far", Type = TensorType.Int8, Shape = new[] { 64 }, Buffer = 4, ExternalBuffer = 2 },
                new() { Index = 9, Name = "sparse", Type = TensorType.Int8, Shape = new[] { 4 }, HasSparsity = true, Quantization = new() { DetailsType = 1 } },
                new() { Index = 10, Name = "gate", Type = TensorType.Int16, Shape = new[] { 1 } },
            };
            var mainOps = new List<TfliteOperator>
            {
                new() { Index = 0, OpcodeIndex = 0, Outputs = Array.Empty<int>(), BuiltinOptionsType = BuiltinOptionsType.CallOnceOptions, BuiltinOptions = new CallOnceOptions { InitSubgraphIndex = 1 } },
                new() { Index = 1, OpcodeIndex = 1, Outputs = new[] { 5 }, BuiltinOptionsType = BuiltinOptionsType.VarHandleOptions, BuiltinOptions = new VarHandleOptions { Container = "c", SharedName = "stream/state" } },
                new() { Index = 2, OpcodeIndex = 2, Inputs = new[] { 5 }, Outputs = new[] { 6 }, BuiltinOptionsType = BuiltinOptionsType.ReadVariableOptions, BuiltinOptions = new EmptyOptions { Type = BuiltinOptionsType.ReadVariableOptions } },
                new()
                {
                    Index = 3, OpcodeIndex = 3, Inputs = new[] { 0, 2, 3 }, Outputs = new[] { 4 },
                    BuiltinOptionsType = BuiltinOptionsType.DepthwiseConv2DOptions,
                    BuiltinOptions = new DepthwiseConv2DOptions { Padding = Padding.Valid, StrideW = 1, StrideH = 1, DepthMultiplier = 2, Activation = ActivationFunction.Relu6, DilationH = 2 },
                },
                new()
                {
                    Index = 4, OpcodeIndex = 4, Inputs = new[] { 1, -1, 6 }, Outputs = new[] { 10 }, Intermediates = new[] { 9, -1 },
                    MutatingVariableInputs = new[] { false, false, true },
                    BuiltinOptionsType = BuiltinOptionsType.UnidirectionalSequenceLSTMOptions,
                    BuiltinOptions = new UnidirectionalSequenceLstmOptions { Activation = ActivationFunction.Tanh, CellClip = 10f },
                },
                new() { Index = 5, OpcodeIndex = 5, Inputs = new[] { 4 }, Outputs = new[] { 4 }, CustomOptions = new byte[] { 0xde, 0xad, 0xbe, 0xef, 1 } },
                new() { Index = 6, OpcodeIndex = 6, Inputs = new[] { 4, 7 }, Outputs = new[] { 4 }, BuiltinOptionsType = 120 /* a type we do not model */ },
            };
            var initTensors = new List<TfliteTensor>
            {
                new() { Index = 0, Name = "state", Type = TensorType.Resource },
                new() { Index = 1, Name = "zeros", Type = TensorType.Int8, Shape = new[] { 1, 2 }, Buffer = 6 },
            };
            var initOps = new List<TfliteOperator>
            {
                new() { Index = 0, Subgraph = 1, OpcodeIndex = 1, Outputs = new[] { 0 }, BuiltinOptionsType = BuiltinOptionsType.VarHandleOptions, BuiltinOptions = new VarHandleOptions { Container = "c", SharedName = "stream/state" } },
                new() { Index = 1, Subgraph = 1, OpcodeIndex = 7, Inputs = new[] { 0, 1 }, Outputs = Array.Empty<int>(), BuiltinOptionsType = BuiltinOptionsType.AssignVariableOptions, BuiltinOptions = new EmptyOptions { Type = BuiltinOptionsType.AssignVariableOptions } },
            };
            return new TfliteModel
            {
                Version = 3,
                Description = "everything",
                OperatorCodes = new[]
                {
                    TfliteOperatorCode.Builtin(BuiltinOperator.CallOnce),
                    TfliteOperatorCode.Builtin(BuiltinOperator.VarHandle),
                    TfliteOperatorCode.Builtin(BuiltinOperator.ReadVariable),
                    TfliteOperatorCode.Builtin(BuiltinOperator.DepthwiseConv2D, 6),
                    TfliteOperatorCode.Builtin(BuiltinOperator.UnidirectionalSequenceLstm, 3),
                    new TfliteOperatorCode { BuiltinCode = BuiltinOperator.Custom, RawBuiltinCode = BuiltinOperator.Custom, DeprecatedBuiltinCode = BuiltinOperator.Custom, CustomCode = "MyOp" },
                    new TfliteOperatorCode { BuiltinCode = 150, RawBuiltinCode = 150, DeprecatedBuiltinCode = 127, Version = 2 },
                    TfliteOperatorCode.Builtin(BuiltinOperator.AssignVariable),
                },
                Subgraphs = new[]
                {
                    new TfliteSubgraph { Index = 0, Name = "main", Tensors = main, Inputs = new[] { 0, 1 }, Outputs = new[] { 4, 10 }, Operators = mainOps },
                    new TfliteSubgraph { Index = 1, Name = "init", Tensors = initTensors, Operators = initOps },
                },
                Buffers = buffers,
                MetadataBuffer = new[] { 5 },
                Metadata = new[] { new TfliteMetadata { Name = "min_runtime_version", Buffer = 5 } },
                SignatureDefs = new[]
                {
                    new TfliteSignatureDef
                    {
                        SignatureKey = "serving_default",
                        Inputs = new[] { new TfliteTensorMap { Name = "a", TensorIndex = 0 }, new TfliteTensorMap { Name = "b", TensorIndex = 1 } },
                        Outputs = new[] { new TfliteTensorMap { Name = "y", TensorIndex = 4 } },
                    },
                    new TfliteSignatureDef { SignatureKey = "init", SubgraphIndex = 1 },
                },
            };
        }

        [TestMethod]
        public void AModelWithEveryModelledPart_ReadsBackAsBuilt()
        {
            TfliteModel built = EverythingModel();
            byte[] written = built.Write();
            TfliteModel read = TfliteModel.Read(written);
            AssertSameModel(built, read, "built, written and read");
            CollectionAssert.AreEqual(written, read.Write(), "read and written again: the same bytes");

            Assert.IsNull(read.Operators[6].BuiltinOptions, "an options type we do not model reads as null ...");
            Assert.AreEqual(120, read.Operators[6].BuiltinOptionsType, "... with its union type kept");
            Assert.AreEqual("MyOp", read.OperatorCodeOf(read.Operators[5]).Name);
            Assert.AreEqual(5, read.Operators[5].CustomOptionsLength);
        }

        [TestMethod]
        public void MetadataAndSignatureIndices_AreCheckedLikeTensorIndices()
        {
            TfliteModel m = EverythingModel();
            var badBuffer = new TfliteModel
            {
                Version = 3, OperatorCodes = m.OperatorCodes, Subgraphs = m.Subgraphs, Buffers = m.Buffers,
                Metadata = new[] { new TfliteMetadata { Name = "x", Buffer = 7 } },
            };
            var e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(badBuffer.Write()));
            Assert.AreEqual("metadata[0].buffer: buffer index 7 is out of range (7 buffers)", e.Message);

            var badTensor = new TfliteModel
            {
                Version = 3, OperatorCodes = m.OperatorCodes, Subgraphs = m.Subgraphs, Buffers = m.Buffers,
                SignatureDefs = new[] { new TfliteSignatureDef { SubgraphIndex = 1, Outputs = new[] { new TfliteTensorMap { Name = "y", TensorIndex = 2 } } } },
            };
            e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(badTensor.Write()));
            Assert.AreEqual("signature_defs[0].outputs[0].tensor_index: tensor index 2 is out of range (2 tensors)", e.Message);

            var badSubgraph = new TfliteModel
            {
                Version = 3, OperatorCodes = m.OperatorCodes, Subgraphs = m.Subgraphs, Buffers = m.Buffers,
                SignatureDefs = new[] { new TfliteSignatureDef { SubgraphIndex = 2 } },
            };
            e = Assert.ThrowsExactly<TfliteFormatException>(() => TfliteModel.Read(badSubgraph.Write()));
            Assert.AreEqual("signature_defs[0].subgraph_index: subgraph index 2 is out of range (2 subgraphs)", e.Message);
        }

        [TestMethod]
        public void BufferData_Is16ByteAligned_AsTheConverterWritesIt()
        {
            TfliteModel read = TfliteModel.Read(EverythingModel().Write());
            foreach (TfliteBuffer b in read.Buffers.Where(b => b.Data.Length > 0))
            {
                Assert.IsTrue(MemoryMarshal.TryGetArray(b.Data, out ArraySegment<byte> segment));
                Assert.AreEqual(0, segment.Offset % 16, $"buffers[{b.Index}] data at offset {segment.Offset}");
            }
        }

        [TestMethod]
        public void OptionsLeftUnset_AreWrittenFromTheOptionsObject()
        {
            // BuiltinOptionsType 0 with options set: the writer takes the type from the options class.
            var g = new Compiler.TfliteGraphBuilder();
            int x = g.Int8(new[] { 1, 4 }, 0.5f, 0, "x");
            int y = g.Int8(new[] { 1, 4 }, 1f / 256, -128, "y");
            g.Op(BuiltinOperator.Softmax, new[] { x }, new[] { y }, new SoftmaxOptions { Beta = 1f });
            g.Io(new[] { x }, new[] { y });
            TfliteModel m = TfliteModel.Read(g.Build());
            Assert.AreEqual(BuiltinOptionsType.SoftmaxOptions, m.Operators[0].BuiltinOptionsType);
            Assert.AreEqual(1f, ((SoftmaxOptions)m.Operators[0].BuiltinOptions!).Beta);
            Assert.ThrowsExactly<ArgumentException>(() => new TfliteModel
            {
                Subgraphs = new[] { new TfliteSubgraph { Operators = new[] { new TfliteOperator { BuiltinOptions = "not options" } } } },
            }.Write());
        }
    }
}
