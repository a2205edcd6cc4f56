using System;
using System.Linq;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>PAD and PADV2 int8 and int16: paddings from the constant [rank, 2] operand; the pad
    /// value is the output zero point (PAD int8), 0 (PAD int16) or PADV2's constant value, as TFLM pads.</summary>
    [Lowers(BuiltinOperator.Pad, "PAD", Variant = "PAD", MaxRank = 5)]
    [Lowers(BuiltinOperator.PadV2, "PADV2", Variant = "PADV2", MaxRank = 5)]
    internal sealed class PadLowering : IOperatorLowering
    {
        private readonly bool _v2;

        public PadLowering(string variant)
        {
            _v2 = variant == "PADV2";
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, _v2 ? 3 : 2, _v2 ? 3 : 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            // int16 too (TFLM's int16 PAD pads with 0, not the zero point)
            bool int16 = input.Type == TensorType.Int16;
            float so;
            int zo;
            if (int16)
            {
                ctx.RequireType(op, output, "output", TensorType.Int16);
                ctx.CheckActivationTensor(op, input, "input");
                ctx.CheckActivationTensor(op, output, "output");
                ctx.RequireSameQuantization(op, input, "input", output, "output");
                (so, zo) = ctx.QuantParams(op, output, "output");
            }
            else
            {
                ctx.Activation(op, input, "input");
                (so, zo) = ctx.Activation(op, output, "output");
            }
            int rank = input.Shape.Length;
            int[] paddings = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "paddings"), "paddings");
            if (paddings.Length != 2 * rank) throw ctx.Fail(op, $"paddings has {paddings.Length} values, {2 * rank} expected ([rank, 2])");
            var before = new int[rank];
            var after = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                before[d] = paddings[2 * d];
                after[d] = paddings[2 * d + 1];
                if (before[d] < 0 || after[d] < 0) throw ctx.Fail(op, $"paddings of dimension {d} ({before[d]}, {after[d]}) are negative");
                if (output.Shape.Length != rank || (long)input.Shape[d] + before[d] + after[d] != output.Shape[d])
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} is not the padded input {LoweringContext.ShapeText(input.Shape)}");
            }
            int padValue = int16 ? 0 : zo;
            if (_v2)
            {
                TfliteTensor value = ctx.RequiredInput(op, 2, "constant_values");
                byte[] data = ctx.ConstantData(op, value, "constant_values", int16 ? TensorType.Int16 : TensorType.Int8, 1);
                var (sv, zv) = ctx.QuantParams(op, value, "constant_values");
                if (sv != so || zv != zo) throw ctx.Fail(op, $"constant_values quantization ({sv:R}, {zv}) differs from the output's ({so:R}, {zo})");
                padValue = int16 ? BitConverter.ToInt16(data, 0) : unchecked((sbyte)data[0]);
            }
            LayerPlan layer = ctx.Emit(_v2 ? "PADV2" : "PAD", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("pad_value", padValue).Param("count", rank).ParamArray("before", before).ParamArray("after", after);
        }
    }

    /// <summary>TRANSPOSE, any copied type: the constant perm operand.</summary>
    [Lowers(BuiltinOperator.Transpose, "TRANSPOSE", MaxRank = 5)]
    internal sealed class TransposeLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ReshapeLowering.CheckTensor(ctx, op, input, "input");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            int rank = input.Shape.Length;
            int[] perm = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "perm"), "perm");
            if (perm.Length != rank || perm.OrderBy(p => p).Where((p, i) => p != i).Any())
                throw ctx.Fail(op, $"perm [{string.Join(", ", perm)}] is not a permutation of 0..{rank - 1}");
            if (output.Shape.Length != rank || Enumerable.Range(0, rank).Any(i => output.Shape[i] != input.Shape[perm[i]]))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} is not the input {LoweringContext.ShapeText(input.Shape)} permuted");
            LayerPlan layer = ctx.Emit("TRANSPOSE", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("count", rank).ParamArray("perm", perm);
        }
    }

    /// <summary>RESIZE_NEAREST_NEIGHBOR int8 NHWC: the output size is the output tensor's; the two option flags.</summary>
    [Lowers(BuiltinOperator.ResizeNearestNeighbor, "RESIZE_NEAREST_NEIGHBOR")]
    internal sealed class ResizeNearestLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var o = ctx.OptionalOptions(op, () => new ResizeNearestNeighborOptions());
            Lower(ctx, op, "RESIZE_NEAREST_NEIGHBOR", o.AlignCorners, o.HalfPixelCenters);
        }

        /// <summary>Both resizes: the size operand must be the output's height and width.</summary>
        internal static void Lower(LoweringContext ctx, TfliteOperator op, string name, bool alignCorners, bool halfPixelCenters)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.Activation(op, input, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            if (input.Shape.Length != 4 || output.Shape.Length != 4) throw ctx.Fail(op, "input and output must be 4-D (NHWC)");
            int[] size = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "size"), "size");
            if (size.Length != 2 || size[0] != output.Shape[1] || size[1] != output.Shape[2]
                || output.Shape[0] != input.Shape[0] || output.Shape[3] != input.Shape[3])
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} does not match size [{string.Join(", ", size)}] and the input's batch and channels");
            LayerPlan layer = ctx.Emit(name, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("align_corners", alignCorners ? 1 : 0).Param("half_pixel_centers", halfPixelCenters ? 1 : 0);
        }
    }

    /// <summary>RESIZE_BILINEAR int8 NHWC (TFLM resize_bilinear.cc, ResizeBilinearInteger): as the
    /// nearest-neighbour resize; align_corners with half_pixel_centers is refused, as TFLM does.</summary>
    [Lowers(BuiltinOperator.ResizeBilinear, "RESIZE_BILINEAR")]
    internal sealed class ResizeBilinearLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            var o = ctx.OptionalOptions(op, () => new ResizeBilinearOptions());
            if (o.AlignCorners && o.HalfPixelCenters)
                throw ctx.Fail(op, "align_corners and half_pixel_centers are both set; TFLM refuses the pair");
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            foreach (var (t, role) in new[] { (input, "input"), (output, "output") })
                if (t.Shape.Length == 4 && (t.Shape[1] >= 1 << 20 || t.Shape[2] >= 1 << 20))
                    throw ctx.Fail(op, $"{role} {LoweringContext.Describe(t)} is {t.Shape[1]}x{t.Shape[2]}; sizes below 2^20 are supported");
            ResizeNearestLowering.Lower(ctx, op, "RESIZE_BILINEAR", o.AlignCorners, o.HalfPixelCenters);
        }
    }

    /// <summary>MEAN and SUM int8 or int16 (TFLM reduce.cc): axes as a mask, QuantizeMultiplier(s_in / s_out) in double.</summary>
    [Lowers(BuiltinOperator.Mean, "MEAN", Variant = "MEAN", MaxRank = 6)]
    [Lowers(BuiltinOperator.Sum, "SUM", Variant = "SUM", MaxRank = 6)]
    internal sealed class ReduceLowering : IOperatorLowering
    {
        private readonly string _op;

        public ReduceLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.OptionalOptions(op, () => new ReducerOptions());
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            // int16 too (TFLM's QuantizedMeanOrSum<int16_t>: the same sums, the int16 range)
            bool s16 = input.Type == TensorType.Int16;
            var (si, zi) = s16 ? ctx.Activation16(op, input, "input") : ctx.Activation(op, input, "input");
            var (so, zo) = s16 ? ctx.Activation16(op, output, "output") : ctx.Activation(op, output, "output");
            int mask = AxisMask(ctx, op, input, output);
            var (m, s) = Unary.Qm(ctx, op, (double)si / (double)so, ctx.What(op));
            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("axis_mask", mask).Param("input_zero_point", zi).Param("output_zero_point", zo)
                .Param("multiplier", m).Param("shift", s);
            _ = o.KeepDims; // only the output's shape
        }

        /// <summary>The constant axis operand (input 1) as a mask of the input's rank; the output must
        /// hold the kept dimensions' elements (keep_dims only shapes it).</summary>
        internal static int AxisMask(LoweringContext ctx, TfliteOperator op, TfliteTensor input, TfliteTensor output)
        {
            int rank = input.Shape.Length;
            int mask = 0;
            foreach (int a in ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "axis"), "axis"))
                mask |= 1 << ctx.Axis(op, a, rank, "axis");
            long kept = 1;
            for (int d = 0; d < rank; d++) if ((mask >> d & 1) == 0) kept *= input.Shape[d];
            if (LoweringContext.Product(output.Shape) != kept)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} should hold the {kept} elements of the kept dimensions");
            return mask;
        }
    }

    /// <summary>REDUCE_MAX and REDUCE_MIN int8 (TFLM reduce.cc, EvalMax/EvalMin): axes as a mask;
    /// TFLM compares raw bytes, so input and output must share scale and zero point.</summary>
    [Lowers(BuiltinOperator.ReduceMax, "REDUCE_MAX", Variant = "REDUCE_MAX", MaxRank = 6)]
    [Lowers(BuiltinOperator.ReduceMin, "REDUCE_MIN", Variant = "REDUCE_MIN", MaxRank = 6)]
    internal sealed class ReduceExtremeLowering : IOperatorLowering
    {
        private readonly string _op;

        public ReduceExtremeLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.Activation(op, input, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            int mask = ReduceLowering.AxisMask(ctx, op, input, output);
            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("axis_mask", mask);
        }
    }

    /// <summary>ARG_MAX and ARG_MIN (TFLM arg_min_max.cc): int8 in, int32 indices out (TFLM has no
    /// int64 output), the constant axis resolved against the input's rank.</summary>
    [Lowers(BuiltinOperator.ArgMax, "ARG_MAX", Variant = "ARG_MAX", MaxRank = 6)]
    [Lowers(BuiltinOperator.ArgMin, "ARG_MIN", Variant = "ARG_MIN", MaxRank = 6)]
    internal sealed class ArgMinMaxLowering : IOperatorLowering
    {
        private readonly string _op;

        public ArgMinMaxLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.Activation(op, input, "input");
            if (output.Type != TensorType.Int32)
                throw ctx.Fail(op, $"output type {TensorTypes.Name(output.Type)} is not supported, int32 required (TFLM's ARG_MAX/ARG_MIN; convert with output_type=tf.int32) ({LoweringContext.Describe(output)})");
            int rank = input.Shape.Length;
            if (rank < 1) throw ctx.Fail(op, "input is a scalar; an axis needs rank 1 or more");
            int[] axes = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "axis"), "axis");
            if (axes.Length != 1) throw ctx.Fail(op, $"axis has {axes.Length} values, 1 expected");
            int axis = ctx.Axis(op, axes[0], rank, "axis");
            int[] expected = input.Shape.Where((_, d) => d != axis).ToArray();
            if (!output.Shape.SequenceEqual(expected))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from the input's without axis {axis}: {LoweringContext.ShapeText(expected)}");
            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("axis", axis);
        }
    }

    /// <summary>GATHER int8 (TFLM gather.cc): the input an activation or a constant table, int32
    /// positions an activation or a constant (checked here, and by the runtime at each invoke when
    /// they come from the arena); axis and batch_dims resolved to non-negative.</summary>
    [Lowers(BuiltinOperator.Gather, "GATHER", MaxRank = 6)]
    internal sealed class GatherLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.OptionalOptions(op, () => new GatherOptions());
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor positions = ctx.RequiredInput(op, 1, "positions");
            TfliteTensor output = ctx.Output(op);
            Binary.Operand(ctx, op, input, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            ctx.RequireType(op, positions, "positions", TensorType.Int32);
            int[] inShape = ctx.StaticShape(op, input, "input");
            int[] posShape = ctx.StaticShape(op, positions, "positions");
            int rank = inShape.Length;
            if (rank < 1) throw ctx.Fail(op, "input is a scalar; GATHER needs rank 1 or more");
            int axis = ctx.Axis(op, o.Axis, rank, "axis");
            int batchDims = o.BatchDims < 0 ? o.BatchDims + posShape.Length : o.BatchDims;
            if (batchDims < 0 || batchDims > axis || batchDims > posShape.Length)
                throw ctx.Fail(op, $"batch_dims {o.BatchDims} is outside [0, min(axis {axis}, positions rank {posShape.Length})]");
            for (int i = 0; i < batchDims; i++)
                if (posShape[i] != inShape[i])
                    throw ctx.Fail(op, $"positions dim {i} ({posShape[i]}) differs from the input's ({inShape[i]}) within batch_dims {batchDims}");
            int[] expected = inShape.Take(axis).Concat(posShape.Skip(batchDims)).Concat(inShape.Skip(axis + 1)).ToArray();
            if (!output.Shape.SequenceEqual(expected))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from GATHER's {LoweringContext.ShapeText(expected)}");
            GraphTensor positionsValue;
            if (ctx.IsConstant(op, positions))
            {
                byte[] data = ctx.ConstantData(op, positions, "positions", TensorType.Int32, LoweringContext.Product(posShape));
                for (int i = 0; i < data.Length; i += 4)
                {
                    int p = BitConverter.ToInt32(data, i);
                    if (p < 0 || p >= inShape[axis])
                        throw ctx.Fail(op, $"position {p} (element {i / 4} of positions) is outside [0, {inShape[axis]}) of axis {axis}");
                }
                positionsValue = ctx.ConstantOf(positions, data);
            }
            else
            {
                ctx.CheckActivationTensor(op, positions, "positions");
                positionsValue = ctx.Value(positions);
            }
            LayerPlan layer = ctx.Emit("GATHER", op);
            layer.Inputs.Add(Binary.OperandTensor(ctx, op, input, "input"));
            layer.Inputs.Add(positionsValue);
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("axis", axis).Param("batch_dims", batchDims);
        }
    }

    /// <summary>DEPTH_TO_SPACE and SPACE_TO_DEPTH int8 NHWC (TFLM depth_to_space.cc /
    /// space_to_depth.cc): the block size; input and output share the quantization.</summary>
    [Lowers(BuiltinOperator.DepthToSpace, "DEPTH_TO_SPACE", Variant = "DEPTH_TO_SPACE")]
    [Lowers(BuiltinOperator.SpaceToDepth, "SPACE_TO_DEPTH", Variant = "SPACE_TO_DEPTH")]
    internal sealed class DepthSpaceLowering : IOperatorLowering
    {
        private readonly string _op;

        public DepthSpaceLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            bool toSpace = _op == "DEPTH_TO_SPACE";
            int block = toSpace
                ? ctx.Options<DepthToSpaceOptions>(op, BuiltinOptionsType.DepthToSpaceOptions).BlockSize
                : ctx.Options<SpaceToDepthOptions>(op, BuiltinOptionsType.SpaceToDepthOptions).BlockSize;
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.Activation(op, input, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            if (input.Shape.Length != 4 || output.Shape.Length != 4) throw ctx.Fail(op, "input and output must be 4-D (NHWC)");
            if (block < 1) throw ctx.Fail(op, $"block_size {block} must be at least 1");
            int[] depth = toSpace ? input.Shape : output.Shape, space = toSpace ? output.Shape : input.Shape;
            if (space[0] != depth[0] || (long)depth[1] * block != space[1] || (long)depth[2] * block != space[2]
                || (long)space[3] * block * block != depth[3])
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} does not fit input {LoweringContext.ShapeText(input.Shape)} with block_size {block}");
            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("block_size", block);
        }
    }

    /// <summary>SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND int8, 3-D (NHC) or 4-D NHWC (TFLM
    /// space_to_batch_nd.cc / batch_to_space_nd.cc): the constant block shape and paddings (or
    /// crops); what comes after the first row and column follows from the output's shape. The pad
    /// value is TFLM's: 0, since its kernel never sets it (TFLite pads with the zero point).</summary>
    [Lowers(BuiltinOperator.SpaceToBatchNd, "SPACE_TO_BATCH_ND", Variant = "SPACE_TO_BATCH_ND")]
    [Lowers(BuiltinOperator.BatchToSpaceNd, "BATCH_TO_SPACE_ND", Variant = "BATCH_TO_SPACE_ND")]
    internal sealed class SpaceBatchLowering : IOperatorLowering
    {
        private readonly string _op;

        public SpaceBatchLowering(string op)
        {
            _op = op;
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 3, 3);
            ctx.CheckOutputCount(op, 1);
            bool toBatch = _op == "SPACE_TO_BATCH_ND";
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.Activation(op, input, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            int rank = input.Shape.Length;
            if ((rank != 3 && rank != 4) || output.Shape.Length != rank)
                throw ctx.Fail(op, $"input {LoweringContext.ShapeText(input.Shape)} and output {LoweringContext.ShapeText(output.Shape)} must both be 3-D or 4-D (TFLM's limits)");
            int spatial = rank - 2;
            int[] block = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "block_shape"), "block_shape");
            string edges = toBatch ? "paddings" : "crops";
            int[] pads = ctx.ConstantInts(op, ctx.RequiredInput(op, 2, edges), edges);
            if (block.Length != spatial || pads.Length != 2 * spatial)
                throw ctx.Fail(op, $"block_shape has {block.Length} values and {edges} {pads.Length}; {spatial} and {2 * spatial} expected for a {rank}-D input");
            if (block.Any(b => b < 1) || pads.Any(v => v < 0))
                throw ctx.Fail(op, $"block_shape [{string.Join(", ", block)}] must be >= 1 and {edges} [{string.Join(", ", pads)}] >= 0");
            int[] space = toBatch ? input.Shape : output.Shape, batch = toBatch ? output.Shape : input.Shape;
            long blocks = block.Aggregate(1L, (a, b) => a * b);
            bool fits = batch[0] == space[0] * blocks && batch[rank - 1] == space[rank - 1];
            for (int d = 0; d < spatial; d++)
                fits &= (long)batch[1 + d] * block[d] == (long)space[1 + d] + pads[2 * d] + pads[2 * d + 1];
            if (!fits)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} does not follow from input {LoweringContext.ShapeText(input.Shape)}, block_shape [{string.Join(", ", block)}] and {edges} [{string.Join(", ", pads)}]");
            LayerPlan layer = ctx.Emit(_op, op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("block_h", block[0]).Param("block_w", spatial == 2 ? block[1] : 1)
                .Param("top", pads[0]).Param("left", spatial == 2 ? pads[2] : 0);
            if (toBatch) layer.Param("pad_value", 0);
        }
    }

    /// <summary>MIRROR_PAD int8 (TFLM mirror_pad.cc): REFLECT or SYMMETRIC, constant int32 or int64
    /// paddings of at most one reflection (n - 1 or n elements a side), any rank up to 6.</summary>
    [Lowers(BuiltinOperator.MirrorPad, "MIRROR_PAD", MaxRank = 6)]
    internal sealed class MirrorPadLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.Options<MirrorPadOptions>(op, BuiltinOptionsType.MirrorPadOptions);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ctx.Activation(op, input, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            if (o.Mode != 0 && o.Mode != 1) throw ctx.Fail(op, $"mode {o.Mode} is not REFLECT (0) or SYMMETRIC (1)");
            int rank = input.Shape.Length;
            if (rank < 1) throw ctx.Fail(op, "input is a scalar; nothing to pad");
            TfliteTensor pt = ctx.RequiredInput(op, 1, "paddings");
            long[] pads;
            if (pt.Type == TensorType.Int64)
            {
                if (!ctx.IsConstant(op, pt)) throw ctx.Fail(op, $"paddings {LoweringContext.Describe(pt)} is computed at run time; a constant is required");
                byte[] raw = ctx.ConstantData(op, pt, "paddings", TensorType.Int64, LoweringContext.Product(ctx.StaticShape(op, pt, "paddings")));
                pads = Enumerable.Range(0, raw.Length / 8).Select(i => BitConverter.ToInt64(raw, 8 * i)).ToArray();
            }
            else
            {
                pads = ctx.ConstantInts(op, pt, "paddings").Select(v => (long)v).ToArray();
            }
            if (pads.Length != 2 * rank) throw ctx.Fail(op, $"paddings has {pads.Length} values, {2 * rank} expected ([rank, 2])");
            var before = new int[rank];
            var after = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                long limit = o.Mode == 1 ? input.Shape[d] : input.Shape[d] - 1;
                if (pads[2 * d] < 0 || pads[2 * d + 1] < 0 || pads[2 * d] > limit || pads[2 * d + 1] > limit)
                    throw ctx.Fail(op, $"paddings ({pads[2 * d]}, {pads[2 * d + 1]}) of dimension {d} (size {input.Shape[d]}) must be in [0, {limit}] for {(o.Mode == 1 ? "SYMMETRIC" : "REFLECT")}");
                before[d] = (int)pads[2 * d];
                after[d] = (int)pads[2 * d + 1];
                if (output.Shape.Length != rank || output.Shape[d] != input.Shape[d] + before[d] + after[d])
                    throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} is not the input {LoweringContext.ShapeText(input.Shape)} padded by [{string.Join(", ", pads)}]");
            }
            LayerPlan layer = ctx.Emit("MIRROR_PAD", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("mode", o.Mode).Param("count", rank).ParamArray("before", before).ParamArray("after", after);
        }
    }

    /// <summary>L2_NORMALIZATION int8 over the last axis (TFLM l2norm.cc): no fused activation (TFLM
    /// refuses one); the output in 1/128 with zero point 0, as the int8 kernel writes it.</summary>
    [Lowers(BuiltinOperator.L2Normalization, "L2_NORMALIZATION")]
    internal sealed class L2NormalizationLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.OptionalOptions(op, () => new L2NormOptions());
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            var (_, zi) = ctx.Activation(op, input, "input");
            var (so, zo) = ctx.Activation(op, output, "output");
            if (o.Activation != ActivationFunction.None)
                throw ctx.Fail(op, $"fused activation {o.Activation} is not supported (TFLM takes none)");
            if (so != 1f / 128 || zo != 0)
                throw ctx.Fail(op, $"output {LoweringContext.Describe(output)} is quantized ({so:R}, {zo}); the int8 kernel writes scale 1/128, zero point 0");
            if (!output.Shape.SequenceEqual(input.Shape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} differs from the input's {LoweringContext.ShapeText(input.Shape)}");
            if (input.Shape.Length > 0 && input.Shape[^1] > 32768)
                throw ctx.Fail(op, $"the last axis has {input.Shape[^1]} values; at most 32768 keep the sum of squares exact");
            LayerPlan layer = ctx.Emit("L2_NORMALIZATION", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("input_zero_point", zi);
        }
    }
}
