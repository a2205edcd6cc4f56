using System;
using System.Collections.Generic;
using System.Linq;
using TinyMl.Compiler.Operators;
using TinyMl.Tflite;

namespace TinyMl.Compiler
{
    /// <summary>
    /// Compiles an int8 TFLite model into a .tnm blob: validates every operator, type, shape and
    /// quantization parameter, computes the kernel parameters exactly as TensorFlow Lite Micro's
    /// Prepare functions do (one lowering per operator, Operators/), plans the arena offline
    /// and writes the blob (BlobBuilder).
    /// Throws only <see cref="TfliteFormatException"/> (malformed file) and
    /// <see cref="ModelCompileException"/> (valid file we cannot compile; it lists every
    /// operator that cannot be compiled, not only the first).
    /// </summary>
    public static class ModelCompiler
    {
        /// <summary>TFLite operators the compiler accepts.</summary>
        public static IReadOnlyList<string> SupportedOperators => OperatorRegistry.SupportedNames;

        /// <summary>Said once after the problems when an operator computes in float32.</summary>
        public const string FloatModelNote =
            "the model computes in float32 (a float or dynamic-range quantized model); TinyMl.Nano runs full-integer models: "
            + "convert with the TFLite converter's full integer quantization (a representative dataset; int8 operators, "
            + "the model's input and output may stay float32 through QUANTIZE / DEQUANTIZE)";

        public static CompiledModel Compile(byte[] tflite)
        {
            if (tflite == null) throw new ArgumentNullException(nameof(tflite));
            TfliteModel model = TfliteModel.Read(tflite);
            return Compile(model, tflite.Length);
        }

        public static CompiledModel Compile(TfliteModel model, int tfliteSize) => Compile(model, tfliteSize, lowerSingleChannelDepthwise: true);

        /// <summary>As <see cref="Compile(byte[])"/>, with options (in-place execution on or off).</summary>
        public static CompiledModel Compile(byte[] tflite, CompileOptions options)
        {
            if (tflite == null) throw new ArgumentNullException(nameof(tflite));
            TfliteModel model = TfliteModel.Read(tflite);
            return Compile(model, tflite.Length, lowerSingleChannelDepthwise: true, options);
        }

        /// <param name="lowerSingleChannelDepthwise">
        /// Store a DEPTHWISE_CONV_2D of one input channel as the equivalent CONV_2D (see Conv2DLowering);
        /// off only in the test that proves the two give the same bytes.
        /// </param>
        internal static CompiledModel Compile(TfliteModel model, int tfliteSize, bool lowerSingleChannelDepthwise,
                                              CompileOptions? options = null)
        {
            try
            {
                return Run(model, tfliteSize, lowerSingleChannelDepthwise, options ?? CompileOptions.Default);
            }
            catch (Exception e) when (e is not ModelCompileException && e is not TfliteFormatException
                                      && e is not OutOfMemoryException)
            {
                // Every input is validated before use, so this is a compiler bug; the caller still
                // gets a typed error instead of a crash.
                throw new ModelCompileException("internal compiler error (please report): " + e.GetType().Name + ": " + e.Message);
            }
        }

        /// <summary>The operators of a subgraph whose every output feeds only the shape operand
        /// (input 1) of a RESHAPE or of another such operator, and is no subgraph output
        /// (CALL_ONCE and the resource-variable operators are always kept).</summary>
        internal static IReadOnlyCollection<TfliteOperator> ShapeOnlyOperators(TfliteModel model, TfliteSubgraph sg)
        {
            var consumers = new Dictionary<int, List<(TfliteOperator Op, int Slot)>>();
            foreach (TfliteOperator op in sg.Operators)
                for (int k = 0; k < op.Inputs.Length; k++)
                {
                    if (op.Inputs[k] < 0) continue;
                    if (!consumers.TryGetValue(op.Inputs[k], out var list)) consumers[op.Inputs[k]] = list = new();
                    list.Add((op, k));
                }
            var outputs = new HashSet<int>(sg.Outputs);
            var dead = new HashSet<TfliteOperator>();
            // last to first: an operator's consumers come after it
            for (int i = sg.Operators.Count - 1; i >= 0; i--)
            {
                TfliteOperator op = sg.Operators[i];
                int code = model.OperatorCodeOf(op).BuiltinCode;
                if (op.Outputs.Length == 0 || op.BuiltinOptions is CallOnceOptions || code == BuiltinOperator.AssignVariable
                    || code == BuiltinOperator.ReadVariable || code == BuiltinOperator.VarHandle) continue;
                bool onlyShapes = true;
                foreach (int t in op.Outputs)
                {
                    if (t < 0) continue;
                    if (outputs.Contains(t) || !consumers.TryGetValue(t, out var users)) { onlyShapes = false; break; }
                    foreach (var (user, slot) in users)
                    {
                        bool reshapeShape = slot == 1 && model.OperatorCodeOf(user).BuiltinCode == BuiltinOperator.Reshape;
                        if (!reshapeShape && !dead.Contains(user)) { onlyShapes = false; break; }
                    }
                    if (!onlyShapes) break;
                }
                if (onlyShapes) dead.Add(op);
            }
            return dead;
        }

        private static CompiledModel Run(TfliteModel model, int tfliteSize, bool lowerSingleChannelDepthwise, CompileOptions options)
        {
            TfliteSubgraph main = model.MainSubgraph;
            if (main.Inputs.Length < 1 || main.Inputs.Length > BlobFormat.MaxIo)
                throw new ModelCompileException($"the model has {main.Inputs.Length} inputs; TinyMl.Nano supports 1 to {BlobFormat.MaxIo}");
            if (main.Outputs.Length < 1 || main.Outputs.Length > BlobFormat.MaxIo)
                throw new ModelCompileException($"the model has {main.Outputs.Length} outputs; TinyMl.Nano supports 1 to {BlobFormat.MaxIo}");
            if (main.Operators.Count == 0)
                throw new ModelCompileException("the model has no operators");

            var ctx = new LoweringContext(model, lowerSingleChannelDepthwise)
            {
                TransposeConvAsConvolutions = options.TransposeConvAsConvolutions,
            };
            var problems = new List<string>();

            // The init subgraph (CALL_ONCE's target) is lowered first: its layers lead the table.
            var callOnces = main.Operators.Where(o => o.BuiltinOptions is CallOnceOptions).ToList();
            TfliteSubgraph? init = null;
            if (callOnces.Count > 1)
                problems.Add($"operator {callOnces[1].Index} (CALL_ONCE): a second CALL_ONCE; TinyMl.Nano supports one init subgraph");
            else if (callOnces.Count == 1)
            {
                int initIndex = ((CallOnceOptions)callOnces[0].BuiltinOptions!).InitSubgraphIndex;
                if (initIndex <= 0 || initIndex >= model.Subgraphs.Count)
                    problems.Add($"operator {callOnces[0].Index} (CALL_ONCE): init subgraph {initIndex} is not a subgraph other than the main one (the model has {model.Subgraphs.Count})");
                else
                    init = model.Subgraphs[initIndex];
            }

            var order = new List<(TfliteSubgraph Sg, int BlobSubgraph)>();
            if (init != null) order.Add((init, 1));
            order.Add((main, 0));

            // Operators that only compute a RESHAPE's shape operand (a Keras Flatten's SHAPE ->
            // STRIDED_SLICE -> PACK): the blob's shapes are static and RESHAPE takes its output
            // shape, so they are left out, supported or not.
            var shapeOnly = new HashSet<TfliteOperator>();
            foreach (var (sg, _) in order) foreach (TfliteOperator op in ShapeOnlyOperators(model, sg)) shapeOnly.Add(op);

            // Every unsupported operator first, all of them, before looking at details.
            foreach (var (sg, _) in order)
            {
                foreach (TfliteOperator op in sg.Operators)
                {
                    if (shapeOnly.Contains(op)) continue;
                    if (OperatorRegistry.Find(model.OperatorCodeOf(op).BuiltinCode) == null)
                        problems.Add($"{What(ctx, op)}: not supported by TinyMl.Nano");
                }
            }
            if (problems.Count > 0) throw new ModelCompileException(problems, "supported: " + string.Join(", ", SupportedOperators));

            foreach (var (sg, blobSubgraph) in order)
            {
                ctx.Subgraph = sg;
                ctx.BlobSubgraph = blobSubgraph;
                foreach (TfliteOperator op in sg.Operators)
                {
                    if (shapeOnly.Contains(op)) continue;
                    // TFLite's LSTM lists its effective-scale tensors as intermediates; TFLM's
                    // integer kernel does not use them.
                    if (op.Intermediates.Length != 0 && model.OperatorCodeOf(op).BuiltinCode != BuiltinOperator.UnidirectionalSequenceLstm)
                    {
                        problems.Add($"{What(ctx, op)}: intermediate tensors are not supported");
                        continue;
                    }
                    // Ranks: what TFLite Micro's kernel of this operator takes.
                    string? rankProblem = RankProblem(ctx, op, model.OperatorCodeOf(op).BuiltinCode);
                    if (rankProblem != null)
                    {
                        problems.Add(rankProblem);
                        continue;
                    }
                    try
                    {
                        OperatorRegistry.Find(model.OperatorCodeOf(op).BuiltinCode)!.Lower(ctx, op);
                    }
                    catch (ModelCompileException e)
                    {
                        problems.AddRange(e.Problems);
                    }
                }
            }
            if (problems.Count > 0)
            {
                // float32 activations: a float or dynamic-range (hybrid) model, said once how to get one we run
                string? note = problems.Any(p => p.Contains("type float32 is not supported", StringComparison.Ordinal))
                    ? FloatModelNote : null;
                throw new ModelCompileException(problems, note);
            }
            if (ctx.Layers.Count(l => l.Subgraph == 0) == 0)
                throw new ModelCompileException("the model computes nothing (no operator of the main subgraph becomes a layer)");
            if (ctx.Layers.Count > BlobFormat.MaxLayers)
                throw new ModelCompileException($"the model needs {ctx.Layers.Count} layers; at most {BlobFormat.MaxLayers} are supported");

            ctx.Subgraph = main;
            ctx.BlobSubgraph = 0;
            var inputs = new List<GraphTensor>();
            var outputs = new List<GraphTensor>();
            foreach (int t in main.Inputs) inputs.Add(ModelIo(ctx, main.Tensors[t], "input"));
            foreach (int t in main.Outputs) outputs.Add(ModelIo(ctx, main.Tensors[t], "output"));
            return PatchPlanner.Build(ctx, inputs, outputs, tfliteSize, options);
        }

        private static string What(LoweringContext ctx, TfliteOperator op) => ctx.What(op);

        /// <summary>The first tensor of op whose rank its operator does not take (the
        /// operator's MaxRank: TFLite Micro's kernel limit), as a message naming the operator,
        /// the tensor and the rank; null when all fit.</summary>
        private static string? RankProblem(LoweringContext ctx, TfliteOperator op, int builtin)
        {
            int max = OperatorRegistry.MaxRank(builtin);
            foreach (int index in op.Inputs.Concat(op.Outputs))
            {
                if (index < 0) continue;
                TfliteTensor t = ctx.Tensor(index);
                if (t.Shape.Length > max)
                    return $"{ctx.What(op)}: {LoweringContext.Describe(t)} has rank {t.Shape.Length} {LoweringContext.ShapeText(t.Shape)}; " +
                           $"{BuiltinOperator.Name(builtin)} takes at most {max} dimensions (as TFLite Micro's kernel)";
            }
            return null;
        }

        private static GraphTensor ModelIo(LoweringContext ctx, TfliteTensor t, string role)
        {
            string what = $"model {role} {LoweringContext.Describe(t)}";
            if (ctx.Model.DataOf(t).Length > 0) throw new ModelCompileException($"{what} is a constant");
            if (t.IsVariable) throw new ModelCompileException($"{what} is a variable tensor");
            switch (t.Type)
            {
                case TensorType.Int8: case TensorType.UInt8: case TensorType.Int16: case TensorType.Int32:
                case TensorType.Float32: case TensorType.Bool:
                    break;
                default:
                    throw new ModelCompileException($"{what} has type {TensorTypes.Name(t.Type)}; int8, uint8, int16, int32, float32 or bool required");
            }
            foreach (int d in t.Shape)
            {
                if (d < 0) throw new ModelCompileException($"{what} has a dynamic shape [{string.Join(", ", t.Shape)}]; static shapes required");
            }
            return ctx.Value(t);
        }
    }
}
