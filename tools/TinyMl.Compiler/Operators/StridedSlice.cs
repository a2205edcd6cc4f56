using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// STRIDED_SLICE, and SLICE as a STRIDED_SLICE with stride 1 (end = begin + size; size -1 =
    /// to the end, an end_mask bit). begin/end/strides must be constants; they go into the
    /// parameter block with the masks, which the runtime resolves when it checks the model.
    /// </summary>
    [Lowers(BuiltinOperator.StridedSlice, "STRIDED_SLICE", Variant = "STRIDED_SLICE")]
    [Lowers(BuiltinOperator.Slice, "STRIDED_SLICE", Variant = "SLICE", MaxRank = 5)]
    internal sealed class StridedSliceLowering : IOperatorLowering
    {
        private readonly bool _slice;

        public StridedSliceLowering(string variant)
        {
            _slice = variant == "SLICE";
        }

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, _slice ? 3 : 4, _slice ? 3 : 4);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor input = ctx.RequiredInput(op, 0, "input");
            TfliteTensor output = ctx.Output(op);
            ReshapeLowering.CheckTensor(ctx, op, input, "input");
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            ctx.RequireSameQuantization(op, input, "input", output, "output");
            int rank = input.Shape.Length;

            int[] begin, end, strides;
            int beginMask = 0, endMask = 0, ellipsisMask = 0, newAxisMask = 0, shrinkMask = 0;
            bool offset = false;
            if (_slice)
            {
                begin = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "begin"), "begin");
                int[] size = ctx.ConstantInts(op, ctx.RequiredInput(op, 2, "size"), "size");
                if (begin.Length != rank || size.Length != rank)
                    throw ctx.Fail(op, $"begin has {begin.Length} and size {size.Length} values; the input has rank {rank}");
                end = new int[rank];
                strides = new int[rank];
                for (int d = 0; d < rank; d++)
                {
                    strides[d] = 1;
                    if (begin[d] < 0 || begin[d] > input.Shape[d])
                        throw ctx.Fail(op, $"begin[{d}] = {begin[d]} is outside [0, {input.Shape[d]}]");
                    if (size[d] == -1)
                    {
                        endMask |= 1 << d;
                        end[d] = 0;
                    }
                    else if (size[d] < 0 || (long)begin[d] + size[d] > input.Shape[d])
                    {
                        throw ctx.Fail(op, $"size[{d}] = {size[d]} from begin {begin[d]} runs outside dimension {d} of {input.Shape[d]}");
                    }
                    else
                    {
                        end[d] = begin[d] + size[d];
                    }
                }
            }
            else
            {
                var o = ctx.Options<StridedSliceOptions>(op, BuiltinOptionsType.StridedSliceOptions);
                begin = ctx.ConstantInts(op, ctx.RequiredInput(op, 1, "begin"), "begin");
                end = ctx.ConstantInts(op, ctx.RequiredInput(op, 2, "end"), "end");
                strides = ctx.ConstantInts(op, ctx.RequiredInput(op, 3, "strides"), "strides");
                beginMask = o.BeginMask; endMask = o.EndMask; ellipsisMask = o.EllipsisMask;
                newAxisMask = o.NewAxisMask; shrinkMask = o.ShrinkAxisMask; offset = o.Offset;
                if (end.Length != begin.Length || strides.Length != begin.Length)
                    throw ctx.Fail(op, $"begin, end and strides have {begin.Length}, {end.Length} and {strides.Length} values; they must agree");
                foreach (int s in strides) if (s == 0) throw ctx.Fail(op, "a stride is 0");
            }
            // TFLM reads rank entries and ignores ellipsis_mask, new_axis_mask and offset; the
            // runtime refuses them rather than compute something else, and so do we, by name.
            if (begin.Length != rank)
                throw ctx.Fail(op, $"begin has {begin.Length} values for an input of rank {rank}; one per dimension is required (as TFLM reads them)");
            // TFLM tests only the bits of the rank's axes; the others cannot change the result,
            // and the runtime accepts only those bits, so they are dropped here.
            int axes = rank >= 31 ? -1 : (1 << rank) - 1;
            beginMask &= axes; endMask &= axes; shrinkMask &= axes; ellipsisMask &= axes; newAxisMask &= axes;
            if (ellipsisMask != 0) throw ctx.Fail(op, $"ellipsis_mask {ellipsisMask} is not supported (TFLM ignores it)");
            if (newAxisMask != 0) throw ctx.Fail(op, $"new_axis_mask {newAxisMask} is not supported (TFLM ignores it)");
            if (offset) throw ctx.Fail(op, "offset is not supported (TFLM ignores it)");
            for (int d = 0; d < rank; d++)
            {
                if ((shrinkMask >> d & 1) != 0 && strides[d] < 0)
                    throw ctx.Fail(op, $"dimension {d} is shrunk with a negative stride, for which TFLM writes nothing; not supported");
            }
            CheckOutputShape(ctx, op, input.Shape, output.Shape, begin, end, strides, beginMask, endMask, shrinkMask);

            LayerPlan layer = ctx.Emit("STRIDED_SLICE", op);
            layer.Inputs.Add(ctx.Value(input));
            layer.Outputs.Add(ctx.Value(output));
            layer.Param("begin_mask", beginMask).Param("end_mask", endMask).Param("ellipsis_mask", ellipsisMask)
                .Param("new_axis_mask", newAxisMask).Param("shrink_axis_mask", shrinkMask).Param("offset", offset ? 1 : 0)
                .Param("count", begin.Length)
                .ParamArray("begin", begin).ParamArray("end", end).ParamArray("strides", strides);
        }

        /// <summary>TFLM's CheckOutputSize (strided_slice_common.cc) with StartForAxis / StopForAxis.</summary>
        private static void CheckOutputShape(LoweringContext ctx, TfliteOperator op, int[] inShape, int[] outShape,
            int[] begin, int[] end, int[] strides, int beginMask, int endMask, int shrinkMask)
        {
            var expected = new System.Collections.Generic.List<int>();
            for (int d = 0; d < inShape.Length; d++)
            {
                long size = inShape[d];
                long stride = strides[d];
                long start = (beginMask & (1 << d)) != 0 ? (stride > 0 ? int.MinValue : int.MaxValue) : begin[d];
                if (size == 0) start = 0;
                else
                {
                    if (start < 0) start += size;
                    start = stride > 0 ? Math.Clamp(start, 0, size) : Math.Clamp(start, -1, size - 1);
                }
                bool shrink = (shrinkMask & (1 << d)) != 0;
                long stop;
                if (shrink) stop = start + 1;
                else if (size == 0) stop = 0;
                else
                {
                    stop = (endMask & (1 << d)) != 0 ? (stride > 0 ? int.MaxValue : int.MinValue) : end[d];
                    if (stop < 0) stop += size;
                    stop = stride > 0 ? Math.Clamp(stop, 0, size) : Math.Clamp(stop, -1, size - 1);
                }
                long dim = (long)Math.Ceiling((stop - start) / (double)stride);
                if (dim < 0) dim = 0;
                if (!shrink) expected.Add((int)dim);
            }
            if (!System.Linq.Enumerable.SequenceEqual(expected, outShape))
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(outShape)} differs from the slice's {LoweringContext.ShapeText(expected.ToArray())}");
        }
    }
}
