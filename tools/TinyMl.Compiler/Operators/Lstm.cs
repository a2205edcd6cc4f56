using System;
using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// UNIDIRECTIONAL_SEQUENCE_LSTM, TFLM's integer LSTM (int8 x, weights and hidden state, int32
    /// biases, int16 cell state). Parameters as TFLM's Prepare derives them (CreateGateParams,
    /// CreateInterGateMulParams, CreateLstmCellStateInfo; tnm_kernels.h spells out each one).
    /// The two state tensors are TFLite variable tensors: they live in the state region.
    /// </summary>
    [Lowers(BuiltinOperator.UnidirectionalSequenceLstm, "UNIDIRECTIONAL_SEQUENCE_LSTM")]
    internal sealed class LstmLowering : IOperatorLowering
    {
        // TFLite's input slots.
        private const int X = 0, InputWeights = 1, RecurrentWeights = 5, Peephole = 9, Bias = 12,
            Projection = 16, HiddenState = 18, CellState = 19, LayerNorm = 20;
        private static readonly string[] Gates = { "input", "forget", "cell", "output" };

        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 20, 24);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.Options<UnidirectionalSequenceLstmOptions>(op, BuiltinOptionsType.UnidirectionalSequenceLSTMOptions);
            if (o.Activation != ActivationFunction.Tanh)
                throw ctx.Fail(op, $"cell activation {o.Activation} is not supported (TFLM runs TANH only)");
            if (o.DiagonalRecurrentTensors) throw ctx.Fail(op, "diagonal recurrent weights are not supported");
            if (o.AsymmetricQuantizeInputs) throw ctx.Fail(op, "hybrid (asymmetric_quantize_inputs) LSTM is not supported");
            bool Present(int slot) => slot < op.Inputs.Length && op.Inputs[slot] >= 0;
            for (int g = 0; g < 4; g++)
            {
                if (!Present(InputWeights + g) || !Present(RecurrentWeights + g))
                    throw ctx.Fail(op, $"the {Gates[g]} gate's weights are missing (CIFG LSTMs are not supported)");
            }
            for (int slot = Peephole; slot < Peephole + 3; slot++)
                if (Present(slot)) throw ctx.Fail(op, $"peephole weights (input {slot}) are not supported");
            if (Present(Projection) || Present(Projection + 1)) throw ctx.Fail(op, "projection (inputs 16-17) is not supported");
            for (int slot = LayerNorm; slot < op.Inputs.Length; slot++)
                if (Present(slot)) throw ctx.Fail(op, $"layer normalization (input {slot}) is not supported");

            TfliteTensor x = ctx.RequiredInput(op, X, "input");
            TfliteTensor output = ctx.Output(op);
            TfliteTensor hidden = ctx.RequiredInput(op, HiddenState, "hidden state");
            TfliteTensor cell = ctx.RequiredInput(op, CellState, "cell state");
            var (sx, zx) = ctx.Activation(op, x, "input");
            ctx.Activation(op, output, "output");
            ctx.RequireType(op, hidden, "hidden state", TensorType.Int8);
            ctx.RequireType(op, cell, "cell state", TensorType.Int16);
            var (sh, zh) = ctx.QuantParams(op, hidden, "hidden state");
            var (sc, _) = ctx.QuantParams(op, cell, "cell state");

            if (x.Shape.Length != 3) throw ctx.Fail(op, $"input shape {LoweringContext.ShapeText(x.Shape)} is not 3-D");
            int time = o.TimeMajor ? x.Shape[0] : x.Shape[1];
            int batch = o.TimeMajor ? x.Shape[1] : x.Shape[0];
            int inputSize = x.Shape[2];
            TfliteTensor w0 = ctx.Tensor(op.Inputs[InputWeights]);
            int[] w0Shape = ctx.StaticShape(op, w0, "input weights");
            if (w0Shape.Length != 2 || w0Shape[1] != inputSize)
                throw ctx.Fail(op, $"input weights shape {LoweringContext.ShapeText(w0Shape)} is not [hidden, {inputSize}]");
            int hiddenSize = w0Shape[0];
            if (time < 1 || batch < 1 || inputSize < 1 || hiddenSize < 1) throw ctx.Fail(op, "a dimension is 0");
            if (LoweringContext.Product(output.Shape) != (long)time * batch * hiddenSize || output.Shape.Length != 3 || output.Shape[2] != hiddenSize)
                throw ctx.Fail(op, $"output shape {LoweringContext.ShapeText(output.Shape)} should be the input's with {hiddenSize} features");
            if (LoweringContext.Product(hidden.Shape) != (long)batch * hiddenSize || LoweringContext.Product(cell.Shape) != (long)batch * hiddenSize)
                throw ctx.Fail(op, $"state shapes {LoweringContext.ShapeText(hidden.Shape)} and {LoweringContext.ShapeText(cell.Shape)} should hold {batch} x {hiddenSize}");

            LayerPlan layer = ctx.Emit("UNIDIRECTIONAL_SEQUENCE_LSTM", op);
            layer.Inputs.Add(ctx.Value(x));
            const double q312 = 1.0 / 4096; // gate outputs are Q3.12
            string what = ctx.What(op);
            var weightTensors = new GraphTensor[8];
            for (int g = 0; g < 4; g++)
            {
                for (int kind = 0; kind < 2; kind++)
                {
                    int slot = (kind == 0 ? InputWeights : RecurrentWeights) + g;
                    string role = $"{(kind == 0 ? "input" : "recurrent")} weights of the {Gates[g]} gate";
                    TfliteTensor w = ctx.Tensor(op.Inputs[slot]);
                    int cols = kind == 0 ? inputSize : hiddenSize;
                    int[] shape = ctx.StaticShape(op, w, role);
                    if (shape.Length != 2 || shape[0] != hiddenSize || shape[1] != cols)
                        throw ctx.Fail(op, $"{role} shape {LoweringContext.ShapeText(shape)} is not [{hiddenSize}, {cols}]");
                    byte[] data = ctx.ConstantData(op, w, role, TensorType.Int8, (long)hiddenSize * cols);
                    TfliteQuantization? q = w.Quantization;
                    if (q == null || !q.IsAffine || q.Scale.Length != 1)
                        throw ctx.Fail(op, $"{role} {LoweringContext.Describe(w)} must be quantized per tensor");
                    var (sw, zw) = ctx.QuantParams(op, w, role);
                    double real = (double)(float)((kind == 0 ? sx : sh) * sw) / q312;
                    var (m, sft) = QuantizationMath.QuantizeMultiplier(real);
                    if (sft > 30 || sft < -31) throw ctx.Fail(op, $"{role}: effective scale {real:R} is out of range");
                    weightTensors[kind * 4 + g] = ctx.ConstantOf(w, data);
                    string prefix = g switch { 0 => "i_", 1 => "f_", 2 => "c_", _ => "o_" };
                    layer.Param(prefix + (kind == 0 ? "input_multiplier" : "recurrent_multiplier"), m)
                        .Param(prefix + (kind == 0 ? "input_shift" : "recurrent_shift"), sft)
                        .Param(prefix + (kind == 0 ? "input_weights_zero_point" : "recurrent_weights_zero_point"), zw);
                }
            }
            foreach (GraphTensor w in weightTensors) layer.Inputs.Add(w);
            for (int g = 0; g < 4; g++)
            {
                if (!Present(Bias + g))
                {
                    layer.Inputs.Add(null);
                    continue;
                }
                TfliteTensor b = ctx.Tensor(op.Inputs[Bias + g]);
                layer.Inputs.Add(ctx.ConstantOf(b, ctx.ConstantData(op, b, $"bias of the {Gates[g]} gate", TensorType.Int32, hiddenSize)));
            }
            layer.Inputs.Add(ctx.VariableTensor(op, hidden, "hidden state"));
            layer.Inputs.Add(ctx.VariableTensor(op, cell, "cell state"));
            layer.Outputs.Add(ctx.Value(output));

            const double q015 = 1.0 / 32768;
            var forgetCell = QuantizationMath.QuantizeMultiplier(q015 * (double)sc / (double)sc);
            var inputCell = QuantizationMath.QuantizeMultiplier(q015 * q015 / (double)sc);
            var hiddenM = QuantizationMath.QuantizeMultiplier(q015 * q015 / (double)sh);
            // The runtime takes shifts in [-31, 30]: a cell or hidden scale far outside what
            // the converter writes would need a larger one (the fuzzer found hidden_shift 120).
            foreach (var (name, mq) in new[] { ("cell state (forget gate)", forgetCell), ("cell state (input gate)", inputCell), ("hidden state", hiddenM) })
            {
                if (mq.Shift > 30 || mq.Shift < -31)
                    throw ctx.Fail(op, $"{name}: the scales give an effective multiplier shift of {mq.Shift}, outside [-31, 30]");
            }
            int cellScalePower = (int)MathF.Round(MathF.Log(sc) * (1.0f / MathF.Log(2.0f)), MidpointRounding.AwayFromZero);
            // The runtime's tanh takes cell scales of 2^-43 .. 2^2 (tnm_lstm_s8.c).
            if (cellScalePower < -43 || cellScalePower > 2)
                throw ctx.Fail(op, $"cell state scale {sc:R} (2^{cellScalePower}) is outside 2^-43 .. 2^2");
            int cellClip = -1;
            if (o.CellClip > 0)
                cellClip = (short)Math.Truncate(Math.Min(Math.Max((double)o.CellClip / (double)sc, -32768.0), 32767.0));
            layer.Param("input_zero_point", zx).Param("hidden_zero_point", zh)
                .Param("forget_cell_multiplier", forgetCell.Multiplier).Param("forget_cell_shift", forgetCell.Shift)
                .Param("input_cell_multiplier", inputCell.Multiplier).Param("input_cell_shift", inputCell.Shift)
                .Param("hidden_multiplier", hiddenM.Multiplier).Param("hidden_shift", hiddenM.Shift)
                .Param("cell_scale_power", cellScalePower).Param("cell_clip", cellClip)
                .Param("time_major", o.TimeMajor ? 1 : 0);
            // the kernel's own query (native code): the two-step input sums of the Cortex-M path
            int scratch = LstmScratchSize(batch, time, inputSize, hiddenSize);
            if (scratch < 0) throw ctx.Fail(op, $"{time} steps of {inputSize} inputs and {hiddenSize} units are too large for the kernel's scratch");
            layer.ScratchBytes = scratch;
            layer.Macs = (long)time * batch * 4 * hiddenSize * (inputSize + hiddenSize);
            _ = what;
        }

        [System.Runtime.InteropServices.DllImport("tinyml_native", EntryPoint = "tnm_host_lstm_scratch_size")]
        private static extern int LstmScratchSize(int batch, int time, int inputSize, int hiddenSize);
    }
}
