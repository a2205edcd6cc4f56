using TinyMl.Tflite;

namespace TinyMl.Compiler.Operators
{
    /// <summary>
    /// VAR_HANDLE emits nothing: the compiler resolves each (container, shared_name) to one
    /// variable tensor in the arena's state region, and READ_VARIABLE / ASSIGN_VARIABLE name it
    /// as their input 0 (tnm_model.h, "Resource variables").
    /// </summary>
    [Lowers(BuiltinOperator.VarHandle, MaxRank = 6)]
    internal sealed class VarHandleLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 0, 0);
            ctx.CheckOutputCount(op, 1);
            var o = ctx.Options<VarHandleOptions>(op, BuiltinOptionsType.VarHandleOptions);
            TfliteTensor resource = ctx.Output(op);
            if (resource.Type != TensorType.Resource)
                throw ctx.Fail(op, $"output {LoweringContext.Describe(resource)} has type {TensorTypes.Name(resource.Type)}, resource expected");
            ctx.BindHandle(op, resource, o);
        }
    }

    /// <summary>READ_VARIABLE: [variable] -> output, a copy of the variable's bytes.</summary>
    [Lowers(BuiltinOperator.ReadVariable, "READ_VARIABLE", MaxRank = 6)]
    internal sealed class ReadVariableLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 1, 1);
            ctx.CheckOutputCount(op, 1);
            TfliteTensor output = ctx.Output(op);
            ReshapeLowering.CheckTensor(ctx, op, output, "output");
            GraphTensor variable = ctx.Variable(op, ctx.RequiredInput(op, 0, "resource"), output, "resource");
            LayerPlan layer = ctx.Emit("READ_VARIABLE", op);
            layer.Inputs.Add(variable);
            layer.Outputs.Add(ctx.Value(output));
        }
    }

    /// <summary>ASSIGN_VARIABLE: [variable, value] -> nothing; the value (an activation or a constant) is copied in.</summary>
    [Lowers(BuiltinOperator.AssignVariable, "ASSIGN_VARIABLE", MaxRank = 6)]
    internal sealed class AssignVariableLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 2, 2);
            ctx.CheckOutputCount(op, 0);
            TfliteTensor value = ctx.RequiredInput(op, 1, "value");
            ctx.RequireCopyType(op, value, "value");
            ctx.StaticShape(op, value, "value");
            GraphTensor variable = ctx.Variable(op, ctx.RequiredInput(op, 0, "resource"), value, "resource");
            GraphTensor source;
            if (ctx.IsConstant(op, value))
            {
                source = ctx.ConstantOf(value, ctx.ConstantData(op, value, "value", value.Type, LoweringContext.Product(value.Shape)));
            }
            else
            {
                ReshapeLowering.CheckTensor(ctx, op, value, "value");
                source = ctx.Value(value);
            }
            if ((value.Type == TensorType.Int8 || value.Type == TensorType.UInt8) && value.Quantization != null && value.Quantization.IsAffine
                && (value.Quantization.Scale[0] != variable.Scale || value.Quantization.ZeroPoint[0] != variable.ZeroPoint))
            {
                throw ctx.Fail(op, $"value {LoweringContext.Describe(value)} quantization ({value.Quantization.Scale[0]:R}, {value.Quantization.ZeroPoint[0]}) differs from variable '{variable.Name}' ({variable.Scale:R}, {variable.ZeroPoint})");
            }
            LayerPlan layer = ctx.Emit("ASSIGN_VARIABLE", op);
            layer.Inputs.Add(variable);
            layer.Inputs.Add(source);
        }
    }

    /// <summary>CALL_ONCE: the init subgraph becomes the blob's init layers (ModelCompiler lowers it).</summary>
    [Lowers(BuiltinOperator.CallOnce, "CALL_ONCE")]
    internal sealed class CallOnceLowering : IOperatorLowering
    {
        public void Lower(LoweringContext ctx, TfliteOperator op)
        {
            ctx.CheckInputCount(op, 0, 0);
            ctx.CheckOutputCount(op, 0);
            ctx.Options<CallOnceOptions>(op, BuiltinOptionsType.CallOnceOptions);
            if (op.Subgraph != 0)
                throw ctx.Fail(op, "CALL_ONCE is supported only in the main subgraph");
            if (ctx.Layers.Exists(l => l.Subgraph == 0))
                throw ctx.Fail(op, "CALL_ONCE must come before every other operator that computes something");
            // An init subgraph that lowered to no layers (only VAR_HANDLEs, say) has nothing
            // to run once: the state starts at zero as ResetState leaves it.
            if (!ctx.Layers.Exists(l => l.Subgraph == 1)) return;
            LayerPlan layer = ctx.Emit("CALL_ONCE", op);
            layer.Param("subgraph", 1);
        }
    }
}
