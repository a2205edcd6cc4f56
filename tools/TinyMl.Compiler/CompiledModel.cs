using System;
using System.Collections.Generic;

namespace TinyMl.Compiler
{
    /// <summary>The result of <see cref="ModelCompiler.Compile"/>: the .tnm blob and what is in it.</summary>
    public sealed class CompiledModel
    {
        /// <summary>The .tnm blob (format v1, native-kernels/include/tnm/tnm_model.h).</summary>
        public byte[] Blob { get; init; } = Array.Empty<byte>();
        /// <summary>Arena bytes the runtime needs (header field arena_size).</summary>
        public int ArenaSize { get; init; }
        /// <summary>Multiply-accumulates of one inference (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED).</summary>
        public long TotalMacs { get; init; }
        /// <summary>Size of the .tflite the blob was compiled from.</summary>
        public int TfliteSize { get; init; }
        public IReadOnlyList<CompiledLayer> Layers { get; init; } = Array.Empty<CompiledLayer>();
        /// <summary>The arena tensors, in blob tensor-table order.</summary>
        public IReadOnlyList<CompiledTensor> Tensors { get; init; } = Array.Empty<CompiledTensor>();
        /// <summary>Blob tensor index of the model input / output.</summary>
        public int InputTensor { get; init; }
        public int OutputTensor { get; init; }
        /// <summary>Bytes of the constant data section (after deduplication).</summary>
        public int DataSize { get; init; }
    }

    public sealed class CompiledLayer
    {
        public int Index { get; init; }
        /// <summary>Op name, as the runtime names it ("CONV_2D").</summary>
        public string Op { get; init; } = "";
        /// <summary>Blob op code (TNM_OP_*).</summary>
        public int OpCode { get; init; }
        public int TfliteOperatorIndex { get; init; }
        public int[] InputShape { get; init; } = Array.Empty<int>();
        public int[] OutputShape { get; init; } = Array.Empty<int>();
        public long Macs { get; init; }
        /// <summary>Constant bytes of this layer: weights + bias + multipliers/shifts (before deduplication).</summary>
        public int WeightBytes { get; init; }
        /// <summary>Blob tensor indices; Input2Tensor is -1 when the op has one input.</summary>
        public int InputTensor { get; init; }
        public int Input2Tensor { get; init; } = -1;
        public int OutputTensor { get; init; }
        public int OutputOffset { get; init; }
        public int OutputSize { get; init; }
        /// <summary>The 13 op parameters written into the layer record.</summary>
        public int[] Params { get; init; } = Array.Empty<int>();
        /// <summary>Per-channel (or per-tensor: 1) requantization, empty when the op has none.</summary>
        public int[] Multipliers { get; init; } = Array.Empty<int>();
        public int[] Shifts { get; init; } = Array.Empty<int>();
    }

    public sealed class CompiledTensor
    {
        /// <summary>Index in the blob tensor table.</summary>
        public int Index { get; init; }
        public int TfliteIndex { get; init; }
        public string Name { get; init; } = "";
        /// <summary>"int8" or "float32".</summary>
        public string Type { get; init; } = "";
        public int[] Shape { get; init; } = Array.Empty<int>();
        public int Offset { get; init; }
        public int Size { get; init; }
        public float Scale { get; init; }
        public int ZeroPoint { get; init; }
    }
}
