using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// SVDF, TFLM's integer SVDF (svdf_common.cc): int8 input and output, int8 feature weights,
    /// time weights and state both int16 or both int8, int32 bias. The state is a TFLite variable
    /// tensor: it lives in the state region. The requantizations are TFLM's Prepare:
    /// QuantizeMultiplier of (double)(float)(s_in * s_feature / s_state) and of
    /// (double)(float)(s_state * s_time / s_out). TFLM applies no fused activation to int8 SVDF,
    /// so neither does the runtime (the option is accepted and has no effect, as there).
    /// </summary>
    [Lowers(BuiltinOperator.Svdf, "SVDF", MaxRank = 2)]
    internal sealed class SvdfLowering : IOperatorLowering
    {
        private const int X = 0, Feature = 1, Time = 2, Bias = 3, State = 4;

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 5, 5);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.Options<SvdfOptions>(op, BuiltinOptionsType.SVDFOptions);
            TfliteTensor x = ctx.RequiredInput(op, X, "input");
            TfliteTensor wf = ctx.RequiredInput(op, Feature, "feature weights");
            TfliteTensor wt = ctx.RequiredInput(op, Time, "time weights");
            TfliteTensor state = ctx.RequiredInput(op, State, "state");
            TfliteTensor? bias = op.Inputs[Bias] >= 0 ? ctx.Tensor(op.Inputs[Bias]) : null;
            TfliteTensor output = ctx.Output(op);
            var (sx, zx) = ctx.Activation(op, x, "input");
            var (so, zo) = ctx.Activation(op, output, "output");
            if (wt.Type != TensorType.Int16 && wt.Type != TensorType.Int8)
                throw ctx.Fail(op, $"time weights {LoweringContext.Describe(wt)} have type {TensorTypes.Name(wt.Type)}; int16 or int8 required");
            ctx.RequireType(op, state, "state", wt.Type);
            var (sf, _) = ctx.QuantParams(op, wf, "feature weights");
            var (st, _) = ctx.QuantParams(op, wt, "time weights");
            var (ss, zs) = ctx.QuantParams(op, state, "state");

            if (x.Shape.Length != 2) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(x.Shape)} is not [batch, input]");
            int batch = x.Shape[0], inputSize = x.Shape[1];
            int[] fShape = ctx.StaticShape(op, wf, "feature weights");
            int[] tShape = ctx.StaticShape(op, wt, "time weights");
            if (fShape.Length != 2 || fShape[1] != inputSize)
                throw ctx.Fail(op, $"feature weights shape {LoweringContext.ShapeText(fShape)} is not [filters, {inputSize}]");
            int filters = fShape[0];
            if (o.Rank < 1 || filters < 1 || filters % o.Rank != 0)
                throw ctx.Fail(op, $"rank {o.Rank} does not divide the {filters} filters");
            int units = filters / o.Rank;
            if (tShape.Length != 2 || tShape[0] != filters || tShape[1] < 1)
                throw ctx.Fail(op, $"time weights shape {LoweringContext.ShapeText(tShape)} is not [{filters}, memory]");
            int memory = tShape[1];
            if (batch < 1 || inputSize < 1) throw ctx.Fail(op, "a dimension is 0");
            if (output.Shape.Length != 2 || output.Shape[0] != batch || output.Shape[1] != units)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} is not [{batch}, {units}]");
            if (LoweringContext.Product(state.Shape) != (long)batch * filters * memory)
                throw ctx.Fail(op, $"state shape {LoweringContext.ShapeText(state.Shape)} does not hold {batch} x {filters * memory}");

            LayerPlan layer = ctx.Emit("SVDF", op);
            layer.Inputs.Add(ctx.Value(x));
            layer.Inputs.Add(ctx.ConstantOf(wf, ctx.ConstantData(op, wf, "feature weights", TensorType.Int8, (long)filters * inputSize)));
            layer.Inputs.Add(ctx.ConstantOf(wt, ctx.ConstantData(op, wt, "time weights", wt.Type, (long)filters * memory)));
            if (bias != null)
            {
                // TFLM's Prepare: |s_bias - s_state * s_time| < 1e-5.
                var (sb, _) = ctx.QuantParams(op, bias, "bias");
                if (!(Math.Abs((double)sb - (double)(ss * st)) < 1e-5))
                    throw ctx.Fail(op, $"bias scale {sb:R} is not the state scale x the time weights scale {ss * st:R} (TFLM requires a difference below 1e-5)");
                layer.Inputs.Add(ctx.ConstantOf(bias, ctx.ConstantData(op, bias, "bias", TensorType.Int32, units)));
            }
            else
            {
                layer.Inputs.Add(null);
            }
            layer.Inputs.Add(ctx.VariableTensor(op, state, "state"));
            layer.Outputs.Add(ctx.Value(output));

            string what = ctx.What(op);
            var feature = QuantizationMath.QuantizeMultiplier((double)(sx * sf / ss));
            var time = QuantizationMath.QuantizeMultiplier((double)(ss * st / so));
            foreach (var (name, mq) in new[] { ("feature requantization", feature), ("time requantization", time) })
            {
                if (mq.Shift > 30 || mq.Shift < -31)
                    throw ctx.Fail(op, $"{name}: the scales give an effective multiplier shift of {mq.Shift}, outside [-31, 30]");
            }
            layer.Param("input_zero_point", zx).Param("state_zero_point", zs).Param("output_zero_point", zo)
                .Param("feature_multiplier", feature.Multiplier).Param("feature_shift", feature.Shift)
                .Param("time_multiplier", time.Multiplier).Param("time_shift", time.Shift)
                .Param("rank", o.Rank);
            layer.Macs = (long)batch * filters * (inputSize + memory);
            _ = what;
        }
    }
}
