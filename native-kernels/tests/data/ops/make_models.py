#!/usr/bin/env python3
"""Writes the tiny one-operator int8 .tflite models of tests/data/ops (see README.md).

Each case: a model (JSON -> flatbuffer with flatc and TFLite's schema.fbs, which is not
part of this repository) and the input bytes fed to TFLM's dump tool. Usage:
    make_models.py SCHEMA_FBS OUT_DIR
writes OUT_DIR/<case>/model.tflite, input.bin and (binary operators) operand.bin, the
bytes of the constant second input.
The quantization parameters here are repeated in tests/test_kernels_golden_ops.c.
"""
import json
import os
import random
import subprocess
import sys

OPS = {  # builtin code, operator version (int8)
    "ADD": (0, 2), "MUL": (18, 2), "LOGISTIC": (14, 2), "RELU": (19, 2), "RELU6": (21, 2), "TANH": (28, 2),
    "SUB": (41, 2), "PRELU": (54, 1), "MAXIMUM": (55, 2), "MINIMUM": (57, 2),
    "LEAKY_RELU": (98, 2), "HARD_SWISH": (117, 1),
}


def quant(scale, zero_point):
    return {"scale": [scale], "zero_point": [zero_point]}


def every_int8():
    return bytes((v + 256) % 256 for v in range(-128, 128))


def unary(op, in_q, out_q, options=None):
    """One operator over a [1, 256] tensor fed with every int8 value."""
    return {"op": op, "inputs": [([1, 256], in_q, None)], "out_shape": [1, 256],
            "out_q": out_q, "options": options, "input": every_int8()}


def binary(op, shape, in_q, const_shape, const_q, const_bytes, out_q, options, seed,
           const_first=False, out_shape=None):
    """op(input, constant), or op(constant, input) with const_first."""
    rng = random.Random(seed)
    count = 1
    for d in shape:
        count *= d
    data = bytes(rng.randrange(256) for _ in range(count))
    inputs = [(shape, in_q, None), (const_shape, const_q, const_bytes)]
    if const_first:
        inputs.reverse()
    return {"op": op, "inputs": inputs, "out_shape": out_shape or shape, "out_q": out_q,
            "options": options, "input": data}


def const_bytes(count, seed):
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(count))


CASES = {
    "logistic_a": unary("LOGISTIC", quant(0.0625, 0), quant(1 / 256, -128)),
    "logistic_b": unary("LOGISTIC", quant(0.1172, -128), quant(1 / 256, -128)),
    "logistic_c": unary("LOGISTIC", quant(3.5, 20), quant(1 / 256, -128)),
    # the LOGISTIC of microWakeWord's okay_nabu_v2 (its input quantization, exactly)
    "logistic_nabu": unary("LOGISTIC", quant(0.15294228494167328, 46), quant(1 / 256, -128)),
    "logistic_e": unary("LOGISTIC", quant(1e-5, 127), quant(1 / 256, -128)),
    "tanh_c": unary("TANH", quant(5.0, -128), quant(1 / 128, 0)),
    "tanh_a": unary("TANH", quant(0.03, 5), quant(1 / 128, 0)),
    "tanh_b": unary("TANH", quant(0.0625, 0), quant(1 / 128, 0)),
    "hard_swish_a": unary("HARD_SWISH", quant(0.0235, -128), quant(0.0201, -113)),
    "hard_swish_b": unary("HARD_SWISH", quant(0.18, 3), quant(0.1, -125)),
    # output multiplier exponent -16: gemmlowp's int16 rounding division quirk
    "hard_swish_c": unary("HARD_SWISH", quant(0.0001, 0), quant(0.1, 0)),
    "hard_swish_d": unary("HARD_SWISH", quant(10.0, 0), quant(5.0, -128)),
    # relu-ish exponent -16: the int16 rounding quirk on the relu-ish path
    "hard_swish_e": unary("HARD_SWISH", quant(1e-7, -20), quant(1e-7, 7)),
    "leaky_relu_d": unary("LEAKY_RELU", quant(0.5, 127), quant(0.001, 127),
                          ("LeakyReluOptions", {"alpha": 0.01})),
    "leaky_relu_a": unary("LEAKY_RELU", quant(0.05, 10), quant(0.04, -5),
                          ("LeakyReluOptions", {"alpha": 0.2})),
    "leaky_relu_b": unary("LEAKY_RELU", quant(0.05, 10), quant(0.04, -5),
                          ("LeakyReluOptions", {"alpha": -0.5})),
    "leaky_relu_c": unary("LEAKY_RELU", quant(0.02, -100), quant(0.05, 0),
                          ("LeakyReluOptions", {"alpha": 1.7})),
    "relu_a": unary("RELU", quant(0.05, -20), quant(0.03, -128)),
    "relu_b": unary("RELU", quant(0.05, -20), quant(0.05, -20)),
    "relu_c": unary("RELU", quant(0.5, -128), quant(0.01, -128)),
    "relu_d": unary("RELU", quant(1e-4, 0), quant(0.002, -128)),
    "relu6_b": unary("RELU6", quant(0.01, -128), quant(0.01, -128)),
    # TFLM's RELU6 ignores the output quantization
    "relu6_a": unary("RELU6", quant(0.05, -20), quant(0.024, -128)),
    "prelu_a": binary("PRELU", [1, 2, 3, 4], quant(0.05, 3), [1, 1, 1, 4], quant(0.01, -10),
                      const_bytes(4, 11), quant(0.06, 0), None, 1),
    "prelu_b": binary("PRELU", [1, 1, 4, 8], quant(0.02, 127), [1, 1, 4, 1], quant(0.005, 127),
                      const_bytes(4, 16), quant(0.05, -128), None, 6),
    "sub_c": binary("SUB", [1, 2, 3, 4], quant(0.001, 0), [1, 1, 1, 1], quant(0.001, -128),
                    const_bytes(1, 17), quant(0.002, -128),
                    ("SubOptions", {"fused_activation_function": "RELU6"}), 7, const_first=True),
    "sub_a": binary("SUB", [1, 2, 2, 8], quant(0.07, 5), [1, 1, 1, 8], quant(0.03, -3),
                    const_bytes(8, 12), quant(0.1, 2),
                    ("SubOptions", {"fused_activation_function": "NONE"}), 2),
    "sub_b": binary("SUB", [1, 3, 2, 4], quant(0.02, -7), [1, 3, 1, 1], quant(0.05, 100),
                    const_bytes(3, 13), quant(0.04, 10),
                    ("SubOptions", {"fused_activation_function": "RELU"}), 3),
    # constant first operands of the other binary operators (c + x, c * x, max(c, x)),
    # broadcast from the constant's side
    "add_c": binary("ADD", [1, 2, 3, 4], quant(0.02, -5), [1, 1, 1, 4], quant(0.05, 9),
                    const_bytes(4, 18), quant(0.06, 3),
                    ("AddOptions", {"fused_activation_function": "NONE"}), 8, const_first=True),
    "mul_c": binary("MUL", [1, 3, 1, 4], quant(0.03, 7), [1, 1, 2, 1], quant(0.02, -11),
                    const_bytes(2, 19), quant(0.01, -2),
                    ("MulOptions", {"fused_activation_function": "RELU"}), 9, const_first=True,
                    out_shape=[1, 3, 2, 4]),
    "maximum_c": binary("MAXIMUM", [1, 2, 2, 8], quant(0.05, 1), [8], quant(0.05, 1),
                        const_bytes(8, 20), quant(0.05, 1), None, 10, const_first=True),
    "maximum_a": binary("MAXIMUM", [1, 2, 2, 8], quant(0.05, 1), [1, 1, 1, 8], quant(0.05, 1),
                        const_bytes(8, 14), quant(0.05, 1), None, 4),
    "minimum_a": binary("MINIMUM", [1, 2, 2, 8], quant(0.05, 1), [1, 1, 1, 8], quant(0.05, 1),
                        const_bytes(8, 15), quant(0.05, 1), None, 5),
}


def model_json(case, name):
    code, version = OPS[case["op"]]
    buffers = [{}]
    tensors = []
    op_inputs = []
    model_inputs = []
    for i, (shape, q, data) in enumerate(case["inputs"]):
        if data is None:
            buffers.append({})
            model_inputs.append(len(tensors))
        else:
            buffers.append({"data": list(data)})
        op_inputs.append(len(tensors))
        tensors.append({"shape": shape, "type": "INT8", "buffer": len(buffers) - 1,
                        "name": "input%d" % i if data is None else "const%d" % i,
                        "quantization": q})
    buffers.append({})
    tensors.append({"shape": case["out_shape"], "type": "INT8", "buffer": len(buffers) - 1,
                    "name": "output", "quantization": case["out_q"]})
    op = {"opcode_index": 0, "inputs": op_inputs, "outputs": [len(tensors) - 1]}
    if case["options"] is not None:
        op["builtin_options_type"] = case["options"][0]
        op["builtin_options"] = case["options"][1]
    return {
        "version": 3,
        "operator_codes": [{"deprecated_builtin_code": code, "builtin_code": case["op"],
                            "version": version}],
        "subgraphs": [{"tensors": tensors, "inputs": model_inputs,
                       "outputs": [len(tensors) - 1], "operators": [op], "name": "main"}],
        "description": "TinyMl.Nano test model " + name,
        "buffers": buffers,
    }


def schema_for_old_flatc(schema, out_dir):
    """Debian's flatc 2.0.8 rejects the "(deprecated)" attribute on enum values and union
    members of newer schemas: a copy without it (the binary layout does not change)."""
    path = os.path.join(out_dir, "schema_flatc2.fbs")
    with open(schema) as f:
        lines = f.read().split("\n")
    with open(path, "w") as f:
        for line in lines:
            if not line.lstrip().startswith("table ") and "(deprecated)," in line:
                line = line.replace(" (deprecated),", ",")
            f.write(line + "\n")
    return path


def main():
    out_dir = sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    schema = schema_for_old_flatc(sys.argv[1], out_dir)
    for name, case in sorted(CASES.items()):
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "model.json"), "w") as f:
            json.dump(model_json(case, name), f, indent=1)
        subprocess.run(["flatc", "-b", "-o", d, schema, os.path.join(d, "model.json")],
                       check=True)
        # (the schema's file_extension makes flatc write model.tflite)
        os.remove(os.path.join(d, "model.json"))
        with open(os.path.join(d, "input.bin"), "wb") as f:
            f.write(case["input"])
        for _, _, data in case["inputs"]:
            if data is not None:  # the constant operand, for the C test
                with open(os.path.join(d, "operand.bin"), "wb") as f:
                    f.write(data)


if __name__ == "__main__":
    main()
