using System;
using System.Collections.Generic;

namespace TinyMl.Compiler
{
    /// <summary>The result of <see cref="ModelCompiler.Compile(byte[])"/>: the .tnm blob and what is in it.</summary>
    public sealed class CompiledModel
    {
        /// <summary>The .tnm blob (format v2, native-kernels/include/tnm/tnm_model.h).</summary>
        public byte[] Blob { get; init; } = Array.Empty<byte>();
        /// <summary>Arena bytes the runtime needs (header field arena_size).</summary>
        public int ArenaSize { get; init; }
        /// <summary>Multiply-accumulates of one inference (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED).</summary>
        public long TotalMacs { get; init; }
        /// <summary>Size of the .tflite the blob was compiled from.</summary>
        public int TfliteSize { get; init; }
        public IReadOnlyList<CompiledLayer> Layers { get; init; } = Array.Empty<CompiledLayer>();
        /// <summary>Every tensor of the blob (activations, variables, constants), in tensor-table order.</summary>
        public IReadOnlyList<CompiledTensor> Tensors { get; init; } = Array.Empty<CompiledTensor>();
        /// <summary>Blob tensor indices of the model inputs / outputs, in order.</summary>
        public int[] Inputs { get; init; } = Array.Empty<int>();
        public int[] Outputs { get; init; } = Array.Empty<int>();
        /// <summary>The first model input / output.</summary>
        public int InputTensor => Inputs[0];
        public int OutputTensor => Outputs[0];
        /// <summary>Bytes of the constant data section (after deduplication).</summary>
        public int DataSize { get; init; }
        /// <summary>The state region (init flag + resource variables); size 0 = no state.</summary>
        public int StateOffset { get; init; }
        public int StateSize { get; init; }
        /// <summary>Layers [0, InitLayerCount) are the init subgraph (CALL_ONCE).</summary>
        public int InitLayerCount { get; init; }
        /// <summary>The operator codes the model uses (tnm_ops.def), ascending.</summary>
        public IReadOnlyList<int> OpCodes { get; init; } = Array.Empty<int>();
        /// <summary>Operator names of the op set, in code order.</summary>
        public IReadOnlyList<string> OpSetNames { get; init; } = Array.Empty<string>();
        /// <summary>Patch-based execution: the layers of the first stage that run in row strips,
        /// as indices of the layer table the model has without patches (empty: none), the number
        /// of strips, and the arena the model needs without them (the ordinary plan, in-place
        /// layers included; == ArenaSize when none).</summary>
        public IReadOnlyList<int> PatchStage { get; init; } = Array.Empty<int>();
        public int PatchStrips { get; init; }
        public int ArenaWithoutPatches { get; init; }
    }

    public sealed class CompiledLayer
    {
        public int Index { get; init; }
        /// <summary>Op name, as the runtime names it ("CONV_2D").</summary>
        public string Op { get; init; } = "";
        /// <summary>Blob op code (tnm_ops.def).</summary>
        public int OpCode { get; init; }
        /// <summary>0 main subgraph, 1 init subgraph.</summary>
        public int Subgraph { get; init; }
        public int TfliteOperatorIndex { get; init; }
        /// <summary>Shape of the first input / output (empty when the layer has none).</summary>
        public int[] InputShape { get; init; } = Array.Empty<int>();
        public int[] OutputShape { get; init; } = Array.Empty<int>();
        public long Macs { get; init; }
        /// <summary>Constant bytes of this layer: constant inputs + multipliers/shifts (before deduplication).</summary>
        public int WeightBytes { get; init; }
        /// <summary>Input and output lists (blob tensor indices; -1 = optional input left out).</summary>
        public int[] Inputs { get; init; } = Array.Empty<int>();
        public int[] Outputs { get; init; } = Array.Empty<int>();
        /// <summary>The first input, the second input (-1 when none) and the first output (-1 when none).</summary>
        public int InputTensor => Inputs.Length > 0 ? Inputs[0] : -1;
        public int Input2Tensor => Inputs.Length > 1 ? Inputs[1] : -1;
        public int OutputTensor => Outputs.Length > 0 ? Outputs[0] : -1;
        public int OutputOffset { get; init; }
        public int OutputSize { get; init; }
        /// <summary>The parameter block (tnm_ops.def order).</summary>
        public int[] Params { get; init; } = Array.Empty<int>();
        /// <summary>Names of the parameter words (tail arrays expanded: "begin[0]").</summary>
        public string[] ParamNames { get; init; } = Array.Empty<string>();
        /// <summary>Per-channel (or per-tensor: 1) requantization, empty when the op has none.</summary>
        public int[] Multipliers { get; init; } = Array.Empty<int>();
        public int[] Shifts { get; init; } = Array.Empty<int>();
        /// <summary>The layer runs in place (blob layer flag TNM_LAYER_IN_PLACE): one kernel call per
        /// band of output rows or pixels, its output over its input; bands last to first when InPlaceReverse.</summary>
        public bool InPlace { get; init; }
        public bool InPlaceReverse { get; init; }
        /// <summary>In place: output rows (or pixels, InPlacePixels) per kernel call.</summary>
        public int InPlaceBand { get; init; }
        public bool InPlacePixels { get; init; }
        /// <summary>A row strip of a patch-executed stage (layer flag TNM_LAYER_STRIP): its
        /// number (0 = top), -1 for an ordinary layer; StripOf: the layer of the model without
        /// patches that it computes rows of (one of CompiledModel.PatchStage), -1 for an ordinary layer.</summary>
        public int Strip { get; init; } = -1;
        public int StripOf { get; init; } = -1;

        /// <summary>A parameter word by its name in tnm_ops.def.</summary>
        public int Param(string name)
        {
            int i = Array.IndexOf(ParamNames, name);
            if (i < 0) throw new ArgumentException($"{Op} has no parameter {name}", nameof(name));
            return Params[i];
        }
    }

    public sealed class CompiledTensor
    {
        /// <summary>Index in the blob tensor table.</summary>
        public int Index { get; init; }
        /// <summary>TFLite tensor index (-1 for tensors the compiler made) and its subgraph.</summary>
        public int TfliteIndex { get; init; }
        public int TfliteSubgraph { get; init; }
        public string Name { get; init; } = "";
        /// <summary>"int8", "float32", ...</summary>
        public string Type { get; init; } = "";
        public int[] Shape { get; init; } = Array.Empty<int>();
        /// <summary>Arena offset (activations, variables) or blob offset (constants).</summary>
        public int Offset { get; init; }
        public int Size { get; init; }
        public float Scale { get; init; }
        public int ZeroPoint { get; init; }
        public bool IsConstant { get; init; }
        public bool IsVariable { get; init; }
    }
}
