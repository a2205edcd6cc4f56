"""The one TFLite model writer of the test-data generators (make_models.py here and in
data_ops/): a model described as JSON in the TFLite schema, turned into a .tflite by flatc.

    m = Model("description")
    x = m.tensor("x", [1, 4], scale=0.05, zp=-3)
    ...
    m.op("PAD", [x, paddings], [y])
    m.inputs, m.outputs = [x], [y]
    m.write(folder, schema)        # folder/model.json and folder/model.tflite

flatc is Debian's flatbuffers-compiler (2.0.8 in bookworm, which does not know the schema's
"(deprecated)" enum-value attribute: strip it first, sed 's/ (deprecated)//').
"""
import json
import os
import struct
import subprocess

# Builtin operator codes and their options tables, for the operators the generators write.
CODES = {"CONV_2D": 3, "CONCATENATION": 2, "PAD": 34, "TRANSPOSE": 39, "MEAN": 40, "STRIDED_SLICE": 45,
         "SPLIT": 49, "PADV2": 60, "TRANSPOSE_CONV": 67, "SUM": 74,
         "RESIZE_NEAREST_NEIGHBOR": 97, "SPLIT_V": 102, "QUANTIZE": 114, "SVDF": 27,
         "SOFTMAX": 25, "REDUCE_MAX": 82, "REDUCE_MIN": 89,
         "ARG_MAX": 56, "ARG_MIN": 79, "GATHER": 36,
         "DEPTH_TO_SPACE": 5, "SPACE_TO_DEPTH": 26, "RESIZE_BILINEAR": 23,
         "SPACE_TO_BATCH_ND": 38, "BATCH_TO_SPACE_ND": 37, "MIRROR_PAD": 100,
         "L2_NORMALIZATION": 11, "ADD": 0, "SUB": 41, "LEAKY_RELU": 98,
         "LOG_SOFTMAX": 50, "ELU": 111, "DEPTHWISE_CONV_2D": 4, "FULLY_CONNECTED": 9,
         "MAX_POOL_2D": 17, "AVERAGE_POOL_2D": 1, "BATCH_MATMUL": 126,
         "SQUARED_DIFFERENCE": 99, "RSQRT": 76, "ABS": 101, "MUL": 18,
         "LOGISTIC": 14, "TANH": 28, "HARD_SWISH": 117, "PRELU": 54, "RELU": 19,
         "RELU_N1_TO_1": 20, "RELU6": 21, "MAXIMUM": 55, "MINIMUM": 57, "SLICE": 65,
         "PACK": 83, "UNPACK": 88, "DEQUANTIZE": 6, "RESHAPE": 22, "SQUEEZE": 43,
         "EXPAND_DIMS": 70, "CAST": 53,
         "DIV": 42, "EQUAL": 71, "NOT_EQUAL": 72, "LESS": 58, "LESS_EQUAL": 63, "GREATER": 61,
         "GREATER_EQUAL": 62, "SELECT_V2": 123, "EMBEDDING_LOOKUP": 7, "REVERSE_V2": 105,
         "DYNAMIC_UPDATE_SLICE": 151, "BROADCAST_TO": 130, "FILL": 94, "ZEROS_LIKE": 93,
         "GATHER_ND": 107, "ADD_N": 106, "CUMSUM": 128, "UNIDIRECTIONAL_SEQUENCE_LSTM": 44}
OPTIONS = {"CONV_2D": "Conv2DOptions", "DEPTHWISE_CONV_2D": "DepthwiseConv2DOptions",
           "FULLY_CONNECTED": "FullyConnectedOptions", "MAX_POOL_2D": "Pool2DOptions",
           "AVERAGE_POOL_2D": "Pool2DOptions", "CONCATENATION": "ConcatenationOptions", "PAD": "PadOptions",
           "PADV2": "PadV2Options", "TRANSPOSE": "TransposeOptions",
           "MEAN": "ReducerOptions", "SUM": "ReducerOptions",
           "REDUCE_MAX": "ReducerOptions", "REDUCE_MIN": "ReducerOptions",
           "ARG_MAX": "ArgMaxOptions", "ARG_MIN": "ArgMinOptions", "GATHER": "GatherOptions",
           "DEPTH_TO_SPACE": "DepthToSpaceOptions", "SPACE_TO_DEPTH": "SpaceToDepthOptions",
           "RESIZE_BILINEAR": "ResizeBilinearOptions",
           "SPACE_TO_BATCH_ND": "SpaceToBatchNDOptions", "BATCH_TO_SPACE_ND": "BatchToSpaceNDOptions",
           "MIRROR_PAD": "MirrorPadOptions", "L2_NORMALIZATION": "L2NormOptions",
           "LOG_SOFTMAX": "LogSoftmaxOptions",
           "ADD": "AddOptions", "SUB": "SubOptions", "LEAKY_RELU": "LeakyReluOptions",
           "BATCH_MATMUL": "BatchMatMulOptions", "MUL": "MulOptions",
           "SQUARED_DIFFERENCE": "SquaredDifferenceOptions", "ABS": "AbsOptions",
           "STRIDED_SLICE": "StridedSliceOptions", "SPLIT": "SplitOptions",
           "SPLIT_V": "SplitVOptions", "TRANSPOSE_CONV": "TransposeConvOptions",
           "RESIZE_NEAREST_NEIGHBOR": "ResizeNearestNeighborOptions",
           "QUANTIZE": "QuantizeOptions", "SVDF": "SVDFOptions", "SOFTMAX": "SoftmaxOptions",
           "HARD_SWISH": "HardSwishOptions", "MAXIMUM": "MaximumMinimumOptions",
           "MINIMUM": "MaximumMinimumOptions", "SLICE": "SliceOptions", "PACK": "PackOptions",
           "UNPACK": "UnpackOptions", "DEQUANTIZE": "DequantizeOptions",
           "RESHAPE": "ReshapeOptions", "SQUEEZE": "SqueezeOptions",
           "EXPAND_DIMS": "ExpandDimsOptions",
           "DIV": "DivOptions", "EQUAL": "EqualOptions", "NOT_EQUAL": "NotEqualOptions",
           "LESS": "LessOptions", "LESS_EQUAL": "LessEqualOptions", "GREATER": "GreaterOptions",
           "GREATER_EQUAL": "GreaterEqualOptions", "SELECT_V2": "SelectV2Options",
           "REVERSE_V2": "ReverseV2Options",
           "CUMSUM": "CumsumOptions",
           "UNIDIRECTIONAL_SEQUENCE_LSTM": "UnidirectionalSequenceLSTMOptions"}


class Model:
    def __init__(self, description):
        self.description = description
        self.tensors, self.buffers, self.ops, self.codes = [], [{}], [], []
        self.inputs, self.outputs = [], []

    def tensor(self, name, shape, ttype="INT8", scale=None, zp=None, data=None, qdim=None, variable=False):
        """A tensor (constant when data is given; a variable, state kept between invocations,
        with variable=True); scale and zp per tensor, or lists per channel of dimension qdim."""
        t = {"name": name, "shape": shape, "type": ttype, "buffer": 0}
        if variable:
            t["is_variable"] = True
        if data is not None:
            self.buffers.append({"data": list(data)})
            t["buffer"] = len(self.buffers) - 1
        if scale is not None:
            scales = scale if isinstance(scale, list) else [scale]
            zps = zp if isinstance(zp, list) else [zp] * len(scales)
            t["quantization"] = {"scale": scales, "zero_point": zps}
            if qdim is not None:
                t["quantization"]["quantized_dimension"] = qdim
        self.tensors.append(t)
        return len(self.tensors) - 1

    def const_i32(self, name, values, shape=None):
        """A constant int32 tensor; shape [] makes a scalar."""
        return self.tensor(name, [len(values)] if shape is None else shape, "INT32",
                           data=struct.pack("<%di" % len(values), *values))

    def op(self, code, inputs, outputs, **options):
        if code not in self.codes:
            self.codes.append(code)
        entry = {"opcode_index": self.codes.index(code), "inputs": inputs, "outputs": outputs}
        if code in OPTIONS:  # operators without an options table (ELU) leave both out
            entry["builtin_options_type"] = OPTIONS[code]
            entry["builtin_options"] = options
        self.ops.append(entry)

    def write(self, folder, schema):
        """Writes folder/model.json and runs flatc on it (folder/model.tflite)."""
        os.makedirs(folder, exist_ok=True)
        model = {
            "version": 3,
            "description": self.description,
            "operator_codes": [{"deprecated_builtin_code": min(CODES[c], 127), "builtin_code": c,
                                "version": 1} for c in self.codes],
            "subgraphs": [{"name": "main", "tensors": self.tensors, "inputs": self.inputs,
                           "outputs": self.outputs, "operators": self.ops}],
            "buffers": self.buffers,
        }
        path = os.path.join(folder, "model.json")
        with open(path, "w") as f:
            json.dump(model, f, indent=1)
        subprocess.check_call(["flatc", "-b", "-o", folder, schema, path])
