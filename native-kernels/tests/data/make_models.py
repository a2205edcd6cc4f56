#!/usr/bin/env python3
"""Writes the tiny one-operator-family TFLite models under tests/data/<op>/ (JSON in the
TFLite schema -> flatc -> .tflite), plus the constant filter/bias bytes the C tests need.

    python3 make_models.py SCHEMA_FBS    # TFLite's schema.fbs (tflite-micro checkout)

The model writer (JSON -> flatc) is tflite_json.py, shared with data_ops/make_models.py; its
docstring says which flatc. The golden bytes come from TFLM's reference kernels (see
README.md): they are not made here.
"""
import os
import random
import struct
import sys

from tflite_json import Model

HERE = os.path.dirname(os.path.abspath(__file__))


def pad_model():
    m = Model("PAD and PADV2, int8, 4-D and 5-D")
    x4 = m.tensor("x4", [1, 3, 4, 2], scale=0.1, zp=-5)
    x5 = m.tensor("x5", [2, 1, 3, 2, 3], scale=0.25, zp=100)
    p1 = m.const_i32("pad_a", [0, 1, 2, 0, 1, 1, 0, 2], [4, 2])
    p2 = m.const_i32("pad_b", [1, 0, 0, 0, 3, 2, 1, 0], [4, 2])
    p3 = m.const_i32("pad_c", [1, 0, 0, 2, 1, 1, 0, 0, 2, 1], [5, 2])
    cv = m.tensor("value", [1], scale=0.1, zp=-5, data=struct.pack("<b", 17))
    o1 = m.tensor("pad_out", [2, 5, 6, 4], scale=0.1, zp=-5)
    o2 = m.tensor("padv2_out", [2, 3, 9, 3], scale=0.1, zp=-5)
    o3 = m.tensor("pad5_out", [3, 3, 5, 2, 6], scale=0.25, zp=100)
    m.op("PAD", [x4, p1], [o1])
    m.op("PADV2", [x4, p2, cv], [o2])
    m.op("PAD", [x5, p3], [o3])
    m.inputs, m.outputs = [x4, x5], [o1, o2, o3]
    return m


def transpose_model():
    m = Model("TRANSPOSE, int8 4-D and 5-D, int16 and float32 (2- and 4-byte elements)")
    a = m.tensor("a", [2, 3, 4, 5], scale=0.5, zp=-3)
    b = m.tensor("b", [2, 1, 3, 2, 4], scale=0.5, zp=-3)
    c = m.tensor("c", [2, 3, 2], "INT16", scale=0.01, zp=0)
    d = m.tensor("d", [3, 2, 4], "FLOAT32")
    p1 = m.const_i32("perm_a", [2, 0, 3, 1])
    p2 = m.const_i32("perm_b", [3, 2, 1, 0])
    p3 = m.const_i32("perm_c", [4, 1, 3, 0, 2])
    p4 = m.const_i32("perm_d", [1, 2, 0])
    p5 = m.const_i32("perm_e", [2, 0, 1])
    o1 = m.tensor("t1", [4, 2, 5, 3], scale=0.5, zp=-3)
    o2 = m.tensor("t2", [5, 4, 3, 2], scale=0.5, zp=-3)
    o3 = m.tensor("t3", [4, 1, 2, 2, 3], scale=0.5, zp=-3)
    o4 = m.tensor("t4", [3, 2, 2], "INT16", scale=0.01, zp=0)
    o5 = m.tensor("t5", [4, 3, 2], "FLOAT32")
    m.op("TRANSPOSE", [a, p1], [o1])
    m.op("TRANSPOSE", [a, p2], [o2])
    m.op("TRANSPOSE", [b, p3], [o3])
    m.op("TRANSPOSE", [c, p4], [o4])
    m.op("TRANSPOSE", [d, p5], [o5])
    m.inputs, m.outputs = [a, b, c, d], [o1, o2, o3, o4, o5]
    return m


# (out h, out w, align_corners, half_pixel_centers); the C test has the same table
RESIZE_CASES = [(6, 10, False, False), (7, 4, False, True), (7, 4, True, False),
                (2, 3, True, False), (2, 3, False, True), (5, 9, True, False)]


def resize_model():
    m = Model("RESIZE_NEAREST_NEIGHBOR, int8, the flag combinations TFLite emits")
    x = m.tensor("x", [1, 3, 5, 2], scale=0.05, zp=1)
    outs = []
    for i, (h, w, align, half) in enumerate(RESIZE_CASES):
        size = m.const_i32("size%d" % i, [h, w])
        o = m.tensor("r%d" % i, [1, h, w, 2], scale=0.05, zp=1)
        m.op("RESIZE_NEAREST_NEIGHBOR", [x, size], [o], align_corners=align,
             half_pixel_centers=half)
        outs.append(o)
    m.inputs, m.outputs = [x], outs
    return m


# (op, axes, keep_dims, output shape, output scale, output zero point); the C test mirrors it
REDUCE_CASES = [("MEAN", [1, 2], True, [2, 1, 1, 3], 0.02, -7),
                ("MEAN", [2, 1], False, [2, 3], 0.05, 3),
                ("MEAN", [-1], False, [2, 4, 5], 0.03, 0),
                ("MEAN", [0, 3], True, [1, 4, 5, 1], 0.02, -20),
                ("MEAN", [0, 1, 2, 3], True, [1, 1, 1, 1], 0.001, -128),
                ("SUM", [1], False, [2, 5, 3], 0.3, 10),
                ("SUM", [0, 2, -1], True, [1, 4, 1, 1], 2.0, -2)]


def reduce_model():
    m = Model("MEAN and SUM, int8")
    x = m.tensor("x", [2, 4, 5, 3], scale=0.05, zp=3)
    outs = []
    for i, (op, axes, keep, shape, scale, zp) in enumerate(REDUCE_CASES):
        ax = m.const_i32("axes%d" % i, axes)
        o = m.tensor("%s%d" % (op.lower(), i), shape, scale=scale, zp=zp)
        m.op(op, [x, ax], [o], keep_dims=keep)
        outs.append(o)
    m.inputs, m.outputs = [x], outs
    return m


# (op, input, axes, keep_dims, output shape); outputs keep the input's scale and zero point
# (TFLM requires it); the C test mirrors it
REDUCE_EXTREME_CASES = [("REDUCE_MAX", "x", [1, 2], True, [2, 1, 1, 3]),
                        ("REDUCE_MAX", "x", [-1], False, [2, 4, 5]),
                        ("REDUCE_MAX", "x", [0, 3], True, [1, 4, 5, 1]),
                        ("REDUCE_MAX", "x", [0, 1, 2, 3], False, [1]),
                        ("REDUCE_MIN", "x", [1], False, [2, 5, 3]),
                        ("REDUCE_MIN", "x", [2, 0], True, [1, 4, 1, 3]),
                        ("REDUCE_MAX", "x5", [1, 3], False, [2, 3, 3]),
                        ("REDUCE_MIN", "x5", [4, 0], True, [1, 1, 3, 2, 1])]


def reduce_extreme_model():
    m = Model("REDUCE_MAX and REDUCE_MIN, int8")
    xs = {"x": m.tensor("x", [2, 4, 5, 3], scale=0.05, zp=3),
          "x5": m.tensor("x5", [2, 1, 3, 2, 3], scale=0.1, zp=-10)}
    quant = {"x": (0.05, 3), "x5": (0.1, -10)}
    outs = []
    for i, (op, src, axes, keep, shape) in enumerate(REDUCE_EXTREME_CASES):
        ax = m.const_i32("axes%d" % i, axes)
        scale, zp = quant[src]
        o = m.tensor("%s%d" % (op.lower(), i), shape, scale=scale, zp=zp)
        m.op(op, [xs[src], ax], [o], keep_dims=keep)
        outs.append(o)
    m.inputs, m.outputs = [xs["x"], xs["x5"]], outs
    return m


# (op, input, axis, output shape); int32 indices out; the C test mirrors it
ARG_CASES = [("ARG_MAX", "x", 3, [2, 4, 5]), ("ARG_MAX", "x", -3, [2, 5, 3]),
             ("ARG_MIN", "x", 0, [4, 5, 3]), ("ARG_MIN", "x", 2, [2, 4, 3]),
             ("ARG_MAX", "x5", 4, [2, 1, 3, 2]), ("ARG_MIN", "x5", 1, [2, 3, 2, 3]),
             ("ARG_MAX", "x1", 0, []), ("ARG_MIN", "x1", -1, [])]


def arg_min_max_model():
    m = Model("ARG_MAX and ARG_MIN, int8 -> int32")
    xs = {"x": m.tensor("x", [2, 4, 5, 3], scale=0.05, zp=3),
          "x5": m.tensor("x5", [2, 1, 3, 2, 3], scale=0.1, zp=-10),
          "x1": m.tensor("x1", [7], scale=0.2, zp=0)}
    outs = []
    for i, (op, src, axis, shape) in enumerate(ARG_CASES):
        ax = m.const_i32("axis%d" % i, [axis], shape=[1])
        o = m.tensor("%s%d" % (op.lower(), i), shape, "INT32")
        m.op(op, [xs[src], ax], [o], output_type="INT32")
        outs.append(o)
    m.inputs, m.outputs = [xs["x"], xs["x5"], xs["x1"]], outs
    return m


def arg_min_max_input():
    """Input bytes with ties: x from 7 values, x5 full range, x1 with its extremes twice."""
    rng = random.Random(79)
    x = [rng.randint(-3, 3) for _ in range(120)]
    x5 = [rng.randint(-128, 127) for _ in range(36)]
    x1 = [5, -128, 127, 0, 127, -128, 9]
    return struct.pack("<163b", *(x + x5 + x1))


def gather_model():
    """GATHER from an activation and from a constant table (an embedding), positions from
    model inputs and constants, batch_dims 0 and 1, a scalar position; the C test mirrors it."""
    m = Model("GATHER, int8")
    rng = random.Random(83)
    x = m.tensor("x", [3, 4, 5], scale=0.05, zp=3)
    p = m.tensor("p", [2, 3], "INT32")
    p2 = m.tensor("p2", [6], "INT32")
    pb = m.tensor("pb", [3, 2], "INT32")
    table_bytes = struct.pack("<40b", *[rng.randint(-128, 127) for _ in range(40)])
    table = m.tensor("table", [10, 4], scale=0.02, zp=-5, data=table_bytes)
    m.table_bytes = table_bytes
    o0 = m.tensor("g0", [3, 2, 3, 5], scale=0.05, zp=3)
    m.op("GATHER", [x, p], [o0], axis=1)
    o1 = m.tensor("g1", [6, 4], scale=0.02, zp=-5)
    m.op("GATHER", [table, p2], [o1], axis=0)
    c2 = m.const_i32("c2", [4, 0])
    o2 = m.tensor("g2", [3, 4, 2], scale=0.05, zp=3)
    m.op("GATHER", [x, c2], [o2], axis=-1)
    o3 = m.tensor("g3", [3, 2, 5], scale=0.05, zp=3)
    m.op("GATHER", [x, pb], [o3], axis=1, batch_dims=1)
    c4 = m.const_i32("c4", [2], shape=[])
    o4 = m.tensor("g4", [4, 5], scale=0.05, zp=3)
    m.op("GATHER", [x, c4], [o4], axis=0)
    m.inputs, m.outputs = [x, p, p2, pb], [o0, o1, o2, o3, o4]
    return m


def gather_input():
    """x from bytes, positions in range (repeats included)."""
    rng = random.Random(89)
    x = [rng.randint(-128, 127) for _ in range(60)]
    p = [3, 0, 3, 1, 2, 0]
    p2 = [9, 0, 4, 4, 7, 1]
    pb = [0, 3, 2, 2, 1, 0]
    return struct.pack("<60b", *x) + struct.pack("<18i", *(p + p2 + pb))


def depth_space_model():
    """DEPTH_TO_SPACE block 2 and 3, SPACE_TO_DEPTH block 2 and 1; the C test mirrors it."""
    m = Model("DEPTH_TO_SPACE and SPACE_TO_DEPTH, int8")
    d = m.tensor("d", [2, 2, 3, 12], scale=0.05, zp=3)
    s = m.tensor("s", [1, 6, 4, 3], scale=0.1, zp=-7)
    o0 = m.tensor("d2s_2", [2, 4, 6, 3], scale=0.05, zp=3)
    m.op("DEPTH_TO_SPACE", [d], [o0], block_size=2)
    d9 = m.tensor("d9", [1, 1, 2, 18], scale=0.02, zp=0)
    o1 = m.tensor("d2s_3", [1, 3, 6, 2], scale=0.02, zp=0)
    m.op("DEPTH_TO_SPACE", [d9], [o1], block_size=3)
    o2 = m.tensor("s2d_2", [1, 3, 2, 12], scale=0.1, zp=-7)
    m.op("SPACE_TO_DEPTH", [s], [o2], block_size=2)
    o3 = m.tensor("s2d_1", [1, 6, 4, 3], scale=0.1, zp=-7)
    m.op("SPACE_TO_DEPTH", [s], [o3], block_size=1)
    m.inputs, m.outputs = [d, d9, s], [o0, o1, o2, o3]
    return m


# (input, h, w, align_corners, half_pixel_centers); the C test mirrors it
RESIZE_BILINEAR_CASES = [("x", 6, 10, False, False), ("x", 7, 4, False, True), ("x", 7, 4, True, False),
                         ("x", 2, 3, True, False), ("x", 2, 3, False, True), ("x", 2, 2, False, False),
                         ("x2", 3, 7, False, True), ("x2", 9, 2, False, False)]


def resize_bilinear_model():
    m = Model("RESIZE_BILINEAR, int8, up and down, the flag combinations TFLM takes")
    xs = {"x": m.tensor("x", [1, 3, 5, 2], scale=0.05, zp=1),
          "x2": m.tensor("x2", [2, 4, 3, 1], scale=0.1, zp=-20)}
    quant = {"x": (0.05, 1), "x2": (0.1, -20)}
    outs = []
    for i, (src, h, w, align, half) in enumerate(RESIZE_BILINEAR_CASES):
        size = m.const_i32("size%d" % i, [h, w])
        n, c = (1, 2) if src == "x" else (2, 1)
        scale, zp = quant[src]
        o = m.tensor("b%d" % i, [n, h, w, c], scale=scale, zp=zp)
        m.op("RESIZE_BILINEAR", [xs[src], size], [o], align_corners=align, half_pixel_centers=half)
        outs.append(o)
    m.inputs, m.outputs = [xs["x"], xs["x2"]], outs
    return m


def space_batch_model():
    """SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND, 4-D and 3-D, with padding and crops; the C
    test mirrors it."""
    m = Model("SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND, int8")
    x = m.tensor("x", [1, 5, 6, 3], scale=0.05, zp=-5)
    x3 = m.tensor("x3", [2, 7, 4], scale=0.1, zp=0)
    y = m.tensor("y", [8, 2, 3, 2], scale=0.02, zp=9)
    s0 = m.tensor("s2b_23", [6, 3, 2, 3], scale=0.05, zp=-5)
    m.op("SPACE_TO_BATCH_ND", [x, m.const_i32("block0", [2, 3]), m.const_i32("pad0", [1, 0, 0, 0], shape=[2, 2])], [s0])
    b0 = m.tensor("b2s_23", [1, 5, 6, 3], scale=0.05, zp=-5)
    m.op("BATCH_TO_SPACE_ND", [s0, m.const_i32("block1", [2, 3]), m.const_i32("crop1", [1, 0, 0, 0], shape=[2, 2])], [b0])
    s1 = m.tensor("s2b_22", [4, 3, 4, 3], scale=0.05, zp=-5)
    m.op("SPACE_TO_BATCH_ND", [x, m.const_i32("block2", [2, 2]), m.const_i32("pad2", [0, 1, 1, 1], shape=[2, 2])], [s1])
    s2 = m.tensor("s2b_3d", [6, 3, 4], scale=0.1, zp=0)
    m.op("SPACE_TO_BATCH_ND", [x3, m.const_i32("block3", [3]), m.const_i32("pad3", [1, 1], shape=[1, 2])], [s2])
    b1 = m.tensor("b2s_crop", [2, 3, 5, 2], scale=0.02, zp=9)
    m.op("BATCH_TO_SPACE_ND", [y, m.const_i32("block4", [2, 2]), m.const_i32("crop4", [0, 1, 1, 0], shape=[2, 2])], [b1])
    m.inputs, m.outputs = [x, x3, y], [s0, b0, s1, s2, b1]
    return m


def mirror_pad_model():
    """MIRROR_PAD REFLECT and SYMMETRIC, 4-D and 2-D, int32 and int64 paddings; the C test
    mirrors it."""
    m = Model("MIRROR_PAD, int8")
    x = m.tensor("x", [1, 3, 4, 2], scale=0.05, zp=3)
    x2 = m.tensor("x2", [2, 5], scale=0.1, zp=-9)
    o0 = m.tensor("reflect", [1, 7, 7, 2], scale=0.05, zp=3)
    m.op("MIRROR_PAD", [x, m.const_i32("p0", [0, 0, 2, 2, 1, 2, 0, 0], shape=[4, 2])], [o0], mode="REFLECT")
    o1 = m.tensor("symmetric", [1, 9, 8, 2], scale=0.05, zp=3)
    m.op("MIRROR_PAD", [x, m.const_i32("p1", [0, 0, 3, 3, 4, 0, 0, 0], shape=[4, 2])], [o1], mode="SYMMETRIC")
    p2 = m.tensor("p2", [2, 2], "INT64", data=struct.pack("<4q", 1, 0, 4, 3))
    o2 = m.tensor("reflect64", [3, 12], scale=0.1, zp=-9)
    m.op("MIRROR_PAD", [x2, p2], [o2], mode="REFLECT")
    m.inputs, m.outputs = [x, x2], [o0, o1, o2]
    return m


def l2norm_model():
    """L2_NORMALIZATION over the last axis, outputs in 1/128 with zero point 0; the C test
    mirrors it."""
    m = Model("L2_NORMALIZATION, int8")
    x = m.tensor("x", [2, 3, 8], scale=0.05, zp=3)
    x2 = m.tensor("x2", [4, 33], scale=0.02, zp=-128)
    x3 = m.tensor("x3", [3, 1], scale=0.1, zp=0)
    outs = []
    for i, t in enumerate((x, x2, x3)):
        shape = m.tensors[t]["shape"]
        o = m.tensor("l2_%d" % i, shape, scale=1.0 / 128, zp=0)
        m.op("L2_NORMALIZATION", [t], [o], fused_activation_function="NONE")
        outs.append(o)
    m.inputs, m.outputs = [x, x2, x3], outs
    return m


def l2norm_input():
    """Random rows, plus rows of x2 that are all the zero point (sum 0) and one step off it
    (sum 1): TFLM's special case."""
    rng = random.Random(97)
    x = [rng.randint(-128, 127) for _ in range(48)]
    x2 = [-128] * 33 + [-128] * 32 + [-127] + [rng.randint(-128, 127) for _ in range(66)]
    x3 = [rng.randint(-128, 127) for _ in range(3)]
    return struct.pack("<183b", *(x + x2 + x3))


def log_softmax_model():
    """LOG_SOFTMAX over the last axis of inputs with small, large and huge scales (left shifts
    of 23 to 29: the diff_min cut-offs of both passes), rows of one value, rows long enough
    for a sum of exps near 2^31 / 2^12; outputs 16/256, zero point 127 as TFLM requires. The
    C test mirrors it."""
    m = Model("LOG_SOFTMAX, int8")
    shapes = [("x", [2, 3, 10], 0.1, 3), ("x2", [4, 40], 0.5, -20), ("x3", [3, 1], 0.1, 0),
              ("x4", [2, 700], 0.02, -5), ("x5", [1, 2, 2, 16], 4.0, 0)]
    ins, outs = [], []
    for name, shape, scale, zp in shapes:
        t = m.tensor(name, shape, scale=scale, zp=zp)
        o = m.tensor("log_" + name, shape, scale=16.0 / 256, zp=127)
        m.op("LOG_SOFTMAX", [t], [o])
        ins.append(t)
        outs.append(o)
    m.inputs, m.outputs = ins, outs
    return m


def log_softmax_input():
    """Random rows, plus crafted ones: all at one value (x2's first row), one maximum far
    above the rest (x2's second row), and x4's first row at its maximum but for a few values
    (a sum of exps of about 690, Q12 near 2^28.4)."""
    rng = random.Random(101)
    x = [rng.randint(-128, 127) for _ in range(60)]
    x2 = [17] * 40 + [127] + [-128] * 39 + [rng.randint(-128, 127) for _ in range(80)]
    x3 = [rng.randint(-128, 127) for _ in range(3)]
    x4 = [100] * 690 + [rng.randint(-128, 99) for _ in range(10)] + [rng.randint(-128, 127) for _ in range(700)]
    x5 = [rng.randint(-4, 4) for _ in range(64)]
    v = x + x2 + x3 + x4 + x5
    return struct.pack("<%db" % len(v), *v)


def elu_model():
    """ELU of one input under several output quantizations (TFLM's float-built table: exp(x) - 1
    below 0), from an input whose 256 values are all present (input.bin: -128..127 twice); the
    C# compiler builds the same table (tests/TinyMl.Tools.Tests OperatorGoldenTests)."""
    m = Model("ELU, int8")
    x = m.tensor("x", [2, 256], scale=0.03, zp=10)
    x2 = m.tensor("x2", [2, 256], scale=0.1, zp=-100)
    quant = [(x, 0.03, 10), (x, 0.02, 50), (x2, 0.05, 0), (x2, 0.007, -128), (x, 0.5, -3)]
    outs = []
    for i, (t, s, z) in enumerate(quant):
        o = m.tensor("elu_%d" % i, [2, 256], scale=s, zp=z)
        m.op("ELU", [t], [o])
        outs.append(o)
    m.inputs, m.outputs = [x, x2], outs
    return m


def elu_input():
    """Every int8 value in order, then shuffled (random.Random(107)), for both inputs."""
    rng = random.Random(107)
    v = list(range(-128, 128))
    w = v[:]
    rng.shuffle(w)
    v = (v + w) * 2
    return struct.pack("<%db" % len(v), *v)


# (input, filter [out, h, w, channels of a group], bias "i64" / "i32" / None, quantized_bias_type,
#  padding, stride, dilation, output shape, output scale, activation)
CONV_16X8_INPUTS = [("x", [1, 6, 7, 4], 0.001), ("x2", [2, 5, 5, 6], 0.0005)]
CONV_16X8_CASES = [
    (0, [5, 3, 3, 4], "i64", None, "SAME", 1, 1, [1, 6, 7, 5], 0.002, "RELU"),
    (0, [6, 2, 2, 2], "i64", None, "VALID", 2, 1, [1, 3, 3, 6], 0.001, "NONE"),
    (1, [3, 3, 3, 6], "i32", None, "SAME", 1, 2, [2, 5, 5, 3], 0.0008, "NONE"),
    (1, [4, 1, 1, 6], None, None, "VALID", 1, 1, [2, 5, 5, 4], 0.0003, "NONE"),
    (1, [2, 3, 2, 6], None, "INT32", "VALID", 1, 1, [2, 3, 4, 2], 0.0004, "RELU6"),
]


def conv_16x8_model():
    """CONV_2D with int16 activations and int8 weights (16x8): int64 bias (64-bit sums), a
    grouped filter, an int32 bias (32-bit sums), no bias with the default and the int32
    quantized_bias_type, SAME/VALID, stride, dilation, RELU/RELU6; per-channel filter scales.
    Checked end to end by OperatorGoldenTests (the compiler's CONV_2D_16X8)."""
    rng = random.Random(113)
    m = Model("CONV_2D, int16 activations, int8 weights")
    ins = [m.tensor(n, shp, "INT16", scale=sc, zp=0) for n, shp, sc in CONV_16X8_INPUTS]
    outs = []
    for i, (src, fshape, btype, qbt, padding, stride, dil, oshape, oscale, act) in enumerate(CONV_16X8_CASES):
        in_scale = CONV_16X8_INPUTS[src][2]
        oc, k = fshape[0], fshape[1] * fshape[2] * fshape[3]
        fdata = bytes(rng.randrange(256) for _ in range(oc * k))
        # sums of k products of ~18,900 x ~73 spread over about half the int16 range
        fscales = [0.5 * 32767.0 / (18900.0 * 73.0 * k ** 0.5) * oscale / in_scale * rng.uniform(0.6, 1.6)
                   for _ in range(oc)]
        f = m.tensor("filter%d" % i, fshape, scale=fscales, zp=[0] * oc, data=fdata, qdim=0)
        inputs = [ins[src], f]
        if btype is not None:
            bias = [rng.randrange(-3000000, 3000000) for _ in range(oc)]
            fmt, tt = ("<%dq" % oc, "INT64") if btype == "i64" else ("<%di" % oc, "INT32")
            inputs.append(m.tensor("bias%d" % i, [oc], tt, scale=[in_scale * fs for fs in fscales], zp=[0] * oc,
                                   data=struct.pack(fmt, *bias), qdim=0))
        o = m.tensor("y%d" % i, oshape, "INT16", scale=oscale, zp=0)
        options = dict(padding=padding, stride_h=stride, stride_w=stride, dilation_h_factor=dil,
                       dilation_w_factor=dil, fused_activation_function=act)
        if qbt is not None:
            options["quantized_bias_type"] = qbt
        m.op("CONV_2D", inputs, [o], **options)
        outs.append(o)
    m.inputs, m.outputs = ins, outs
    return m


def depthwise_16x8_model():
    """DEPTHWISE_CONV_2D with int16 activations and int8 weights (16x8; TFLM's int16 kernel: int64
    sums and bias): depth multiplier 1, SAME, RELU; depth multiplier 2, VALID stride 2, dilation 2;
    int64 biases (TFLM's int16 kernel asserts one in debug builds), per-channel filter scales. The compiler runs them as
    CONV_2D_16X8 grouped by input channel; checked end to end by OperatorGoldenTests."""
    rng = random.Random(131)
    m = Model("DEPTHWISE_CONV_2D, int16 activations, int8 weights")
    in_scale = 0.0009
    x = m.tensor("x", [2, 7, 6, 3], "INT16", scale=in_scale, zp=0)
    outs = []
    # (filter h, w, depth multiplier, bias, padding, stride, dilation, output shape, out scale, act)
    cases = [(3, 3, 1, True, "SAME", 1, 1, [2, 7, 6, 3], 0.002, "RELU"),
             (3, 2, 2, True, "VALID", 2, 2, [2, 2, 2, 6], 0.0015, "NONE")]
    for i, (fh, fw, dm, with_bias, padding, stride, dil, oshape, oscale, act) in enumerate(cases):
        oc, k = 3 * dm, fh * fw
        fdata = bytes(rng.randrange(256) for _ in range(oc * k))
        fscales = [0.5 * 32767.0 / (18900.0 * 73.0 * k ** 0.5) * oscale / in_scale * rng.uniform(0.6, 1.6)
                   for _ in range(oc)]
        f = m.tensor("filter%d" % i, [1, fh, fw, oc], scale=fscales, zp=[0] * oc, data=fdata, qdim=3)
        inputs = [x, f]
        if with_bias:
            bias = [rng.randrange(-2000000, 2000000) for _ in range(oc)]
            inputs.append(m.tensor("bias%d" % i, [oc], "INT64", scale=[in_scale * s for s in fscales],
                                   zp=[0] * oc, data=struct.pack("<%dq" % oc, *bias), qdim=0))
        o = m.tensor("y%d" % i, oshape, "INT16", scale=oscale, zp=0)
        m.op("DEPTHWISE_CONV_2D", inputs, [o], padding=padding, stride_h=stride, stride_w=stride,
             depth_multiplier=dm, dilation_h_factor=dil, dilation_w_factor=dil, fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = [x], outs
    return m


def fully_connected_16x8_model():
    """FULLY_CONNECTED with int16 activations and int8 weights (16x8): per-channel weights and an
    int64 bias (64-bit sums); per-tensor weights and an int32 bias (32-bit sums), RELU; no bias
    (64-bit); a 3-D input of 2 x 3 rows with keep_num_dims. The compiler runs them as 1x1
    CONV_2D_16X8 between in-place reshapes; checked end to end by OperatorGoldenTests."""
    rng = random.Random(137)
    m = Model("FULLY_CONNECTED, int16 activations, int8 weights")
    in_scale = 0.0006
    x = m.tensor("x", [2, 24], "INT16", scale=in_scale, zp=0)
    x3 = m.tensor("x3", [2, 3, 10], "INT16", scale=in_scale, zp=0)
    outs = []
    # (input, depth, outputs, per channel, bias, output shape, out scale, act, keep_num_dims)
    cases = [(x, 24, 7, True, "i64", [2, 7], 0.002, "NONE", False),
             (x, 24, 5, False, "i32", [2, 5], 0.0015, "RELU", False),
             (x, 24, 4, True, None, [2, 4], 0.003, "NONE", False),
             (x3, 10, 6, True, "i64", [2, 3, 6], 0.002, "NONE", True)]
    for i, (src, k, n, per_channel, btype, oshape, oscale, act, keep) in enumerate(cases):
        wdata = bytes(rng.randrange(256) for _ in range(n * k))
        nscales = n if per_channel else 1
        wscales = [0.5 * 32767.0 / (18900.0 * 73.0 * k ** 0.5) * oscale / in_scale * rng.uniform(0.6, 1.6)
                   for _ in range(nscales)]
        w = m.tensor("weights%d" % i, [n, k], scale=wscales, zp=[0] * nscales, data=wdata, qdim=0)
        inputs = [src, w]
        if btype is not None:
            bias = [rng.randrange(-2000000, 2000000) for _ in range(n)]
            fmt, tt = ("<%dq" % n, "INT64") if btype == "i64" else ("<%di" % n, "INT32")
            bscales = [in_scale * (wscales[c] if per_channel else wscales[0]) for c in range(n)]
            inputs.append(m.tensor("bias%d" % i, [n], tt, scale=bscales if per_channel else [bscales[0]],
                                   zp=[0] * (n if per_channel else 1), data=struct.pack(fmt, *bias), qdim=0))
        o = m.tensor("y%d" % i, oshape, "INT16", scale=oscale, zp=0)
        m.op("FULLY_CONNECTED", inputs, [o], fused_activation_function=act, keep_num_dims=keep)
        outs.append(o)
    m.inputs, m.outputs = [x, x3], outs
    return m


def pool_16x8_model():
    """MAX_POOL_2D and AVERAGE_POOL_2D over int16 (16x8 models): 2x2 stride 2 VALID; 3x3 stride 1
    SAME (clipped windows at the edges) with RELU at zero point -3 (TFLM's int16 pools take any
    zero point; input and output share the quantization); the same two windows averaged. Checked
    end to end by OperatorGoldenTests."""
    m = Model("MAX_POOL_2D and AVERAGE_POOL_2D, int16")
    x = m.tensor("x", [2, 5, 6, 3], "INT16", scale=0.001, zp=0)
    x2 = m.tensor("x2", [1, 4, 4, 2], "INT16", scale=0.002, zp=-3)
    y = m.tensor("y0", [2, 2, 3, 3], "INT16", scale=0.001, zp=0)
    y2 = m.tensor("y1", [1, 4, 4, 2], "INT16", scale=0.002, zp=-3)
    m.op("MAX_POOL_2D", [x], [y], padding="VALID", stride_w=2, stride_h=2, filter_width=2, filter_height=2,
         fused_activation_function="NONE")
    m.op("MAX_POOL_2D", [x2], [y2], padding="SAME", stride_w=1, stride_h=1, filter_width=3, filter_height=3,
         fused_activation_function="RELU")
    y3 = m.tensor("y2", [2, 2, 3, 3], "INT16", scale=0.001, zp=0)
    y4 = m.tensor("y3", [1, 4, 4, 2], "INT16", scale=0.002, zp=-3)
    m.op("AVERAGE_POOL_2D", [x], [y3], padding="VALID", stride_w=2, stride_h=2, filter_width=2, filter_height=2,
         fused_activation_function="NONE")
    m.op("AVERAGE_POOL_2D", [x2], [y4], padding="SAME", stride_w=1, stride_h=1, filter_width=3, filter_height=3,
         fused_activation_function="RELU")
    m.inputs, m.outputs = [x, x2], [y, y2, y3, y4]
    return m


def reduce_s16_model():
    """MEAN and SUM over int16 (TFLM's QuantizedMeanOrSum<int16_t>): a global average pool,
    the last axis, two outer axes with keep_dims, a zero point of 5, SUM; the C test mirrors
    the cases (test_kernels_nd_golden)."""
    m = Model("MEAN and SUM, int16")
    x = m.tensor("x", [2, 4, 5, 3], "INT16", scale=0.001, zp=0)
    x2 = m.tensor("x2", [3, 7], "INT16", scale=0.002, zp=5)
    cases = [("MEAN", x, [1, 2], True, [2, 1, 1, 3], 0.0008, 0), ("MEAN", x, [-1], False, [2, 4, 5], 0.001, 0),
             ("SUM", x, [0, 3], True, [1, 4, 5, 1], 0.004, 0), ("MEAN", x2, [1], False, [3], 0.0015, -7),
             ("SUM", x2, [0], False, [7], 0.005, 3)]
    outs = []
    for i, (op, src, axes, keep, shape, scale, zp) in enumerate(cases):
        ax = m.const_i32("axes%d" % i, axes)
        o = m.tensor("%s%d" % (op.lower(), i), shape, "INT16", scale=scale, zp=zp)
        m.op(op, [src, ax], [o], keep_dims=keep)
        outs.append(o)
    m.inputs, m.outputs = [x, x2], outs
    return m


def mul_s16_model():
    """MUL over int16 (TFLM's int16 Mul, zero points 0): same shapes; a broadcast row; a constant
    operand with RELU; a product scaled up (an output multiplier above 1). Checked end to end by
    OperatorGoldenTests."""
    m = Model("MUL, int16")
    a = m.tensor("a", [2, 3, 5], "INT16", scale=0.001, zp=0)
    b = m.tensor("b", [2, 3, 5], "INT16", scale=0.002, zp=0)
    r = m.tensor("r", [1, 1, 5], "INT16", scale=0.0005, zp=0)
    k = m.tensor("k", [5], "INT16", scale=0.003, zp=0, data=struct.pack("<5h", 3000, -12000, 32767, -32768, 7))
    outs = []
    for i, (x, y, scale, act) in enumerate([(a, b, 0.05, "NONE"), (a, r, 0.01, "NONE"), (b, k, 0.1, "RELU"),
                                            (a, b, 0.0000001, "NONE")]):
        o = m.tensor("mul%d" % i, [2, 3, 5], "INT16", scale=scale, zp=0)
        m.op("MUL", [x, y], [o], fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = [a, b, r], outs
    return m


def softmax_s16_model():
    """SOFTMAX int16 -> int16 (TFLM's SoftmaxInt16 with its interpolated exp and 1 / (1 + x)
    tables): three input scales (one where the row spans past -10, the exp table's end), beta 1
    and 0.5, a row of one value, a row of 1,670 values; output 1/32768, zero points 0. Checked end to end by
    OperatorGoldenTests (the compiler's tables)."""
    m = Model("SOFTMAX, int16")
    cases = [("x", [2, 10], 0.0002, 1.0), ("x2", [3, 40], 0.001, 1.0), ("x3", [4, 7], 0.00005, 0.5),
             ("x4", [3, 1], 0.001, 1.0), ("x5", [1, 1670], 0.000075, 1.0)]
    ins, outs = [], []
    for name, shape, scale, beta in cases:
        t = m.tensor(name, shape, "INT16", scale=scale, zp=0)
        o = m.tensor("softmax_" + name, shape, "INT16", scale=1.0 / 32768, zp=0)
        m.op("SOFTMAX", [t], [o], beta=beta)
        ins.append(t)
        outs.append(o)
    m.inputs, m.outputs = ins, outs
    return m


def transpose_conv_16x8_model():
    """TRANSPOSE_CONV 16x8 (int16 activations, int8 weights): an int64 bias with SAME stride 2,
    an int16 bias (TFLM widens it to int64) with VALID stride 2x1 and RELU, no bias with SAME
    stride 1; per-channel filter scales. Checked end to end by OperatorGoldenTests."""
    rng = random.Random(127)
    m = Model("TRANSPOSE_CONV, int16 activations, int8 weights")
    in_scale = 0.0007
    x = m.tensor("x", [1, 3, 4, 5], "INT16", scale=in_scale, zp=0)
    outs = []
    # (filter shape, bias type, padding, stride h, stride w, output shape, out scale, act)
    cases = [([6, 4, 3, 5], "i64", "SAME", 2, 2, [1, 6, 8, 6], 0.002, "NONE"),
             ([4, 3, 3, 5], "i16", "VALID", 2, 1, [1, 7, 6, 4], 0.0015, "RELU"),
             ([3, 3, 3, 5], None, "SAME", 1, 1, [1, 3, 4, 3], 0.003, "NONE")]
    for i, (fshape, btype, padding, sh, sw, oshape, oscale, act) in enumerate(cases):
        oc = fshape[0]
        k = fshape[1] * fshape[2] * fshape[3]
        fdata = bytes(rng.randrange(256) for _ in range(oc * k))
        fscales = [0.5 * 32767.0 / (18900.0 * 73.0 * k ** 0.5) * oscale / in_scale * rng.uniform(0.6, 1.6)
                   for _ in range(oc)]
        shape_t = m.const_i32("output_shape%d" % i, oshape)
        f = m.tensor("filter%d" % i, fshape, scale=fscales, zp=[0] * oc, data=fdata, qdim=0)
        inputs = [shape_t, f, x]
        if btype is not None:
            lim = 2000000 if btype == "i64" else 30000
            bias = [rng.randrange(-lim, lim) for _ in range(oc)]
            fmt, tt = ("<%dq" % oc, "INT64") if btype == "i64" else ("<%dh" % oc, "INT16")
            inputs.append(m.tensor("bias%d" % i, [oc], tt, scale=[in_scale * s for s in fscales],
                                   zp=[0] * oc, data=struct.pack(fmt, *bias), qdim=0))
        o = m.tensor("y%d" % i, oshape, "INT16", scale=oscale, zp=0)
        m.op("TRANSPOSE_CONV", inputs, [o], padding=padding, stride_h=sh, stride_w=sw,
             fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = [x], outs
    return m


def add_sub_s16_model():
    """ADD and SUB with int16 tensors (TFLM's int16 paths): same shapes, a broadcast, a constant
    operand, a fused RELU, zero points 0 (the converter's) and not; the C test mirrors it."""
    m = Model("ADD and SUB, int16")
    rng = random.Random(101)
    a = m.tensor("a", [1, 3, 4, 5], "INT16", scale=0.0005, zp=0)
    b = m.tensor("b", [1, 3, 4, 5], "INT16", scale=0.0002, zp=0)
    c = m.tensor("c", [1, 1, 1, 5], "INT16", scale=0.001, zp=7)
    k_bytes = struct.pack("<5h", *[rng.randint(-32768, 32767) for _ in range(5)])
    k = m.tensor("k", [5], "INT16", scale=0.0003, zp=0, data=k_bytes)
    m.k_bytes = k_bytes
    o0 = m.tensor("sum", [1, 3, 4, 5], "INT16", scale=0.0008, zp=0)
    m.op("ADD", [a, b], [o0], fused_activation_function="NONE")
    o1 = m.tensor("diff", [1, 3, 4, 5], "INT16", scale=0.0006, zp=0)
    m.op("SUB", [a, b], [o1], fused_activation_function="NONE")
    o2 = m.tensor("bsum", [1, 3, 4, 5], "INT16", scale=0.002, zp=-3)
    m.op("ADD", [a, c], [o2], fused_activation_function="RELU")
    o3 = m.tensor("kdiff", [1, 3, 4, 5], "INT16", scale=0.0004, zp=0)
    m.op("SUB", [k, b], [o3], fused_activation_function="NONE")
    m.inputs, m.outputs = [a, b, c], [o0, o1, o2, o3]
    return m


def pad_s16_model():
    """PAD and PADV2 over int16 (TFLM pads int16 with 0, or PADV2's value); the C test mirrors it."""
    m = Model("PAD and PADV2, int16")
    x = m.tensor("x", [1, 3, 4, 2], "INT16", scale=0.001, zp=0)
    o0 = m.tensor("pad", [1, 5, 7, 2], "INT16", scale=0.001, zp=0)
    m.op("PAD", [x, m.const_i32("p0", [0, 0, 1, 1, 2, 1, 0, 0], shape=[4, 2])], [o0])
    v = m.tensor("v", [], "INT16", scale=0.001, zp=0, data=struct.pack("<h", -1234))
    o1 = m.tensor("padv2", [2, 3, 5, 3], "INT16", scale=0.001, zp=0)
    m.op("PADV2", [x, m.const_i32("p1", [0, 1, 0, 0, 0, 1, 0, 1], shape=[4, 2]), v], [o1])
    m.inputs, m.outputs = [x], [o0, o1]
    return m


def leaky_relu_s16_model():
    """LEAKY_RELU over int16 (TFLM's int16 path), alpha 0.2 and -0.5; the C test mirrors it."""
    m = Model("LEAKY_RELU, int16")
    x = m.tensor("x", [2, 300], "INT16", scale=0.001, zp=0)
    o0 = m.tensor("lr", [2, 300], "INT16", scale=0.0008, zp=0)
    m.op("LEAKY_RELU", [x], [o0], alpha=0.2)
    o1 = m.tensor("lr_neg", [2, 300], "INT16", scale=0.0015, zp=0)
    m.op("LEAKY_RELU", [x], [o1], alpha=-0.5)
    m.inputs, m.outputs = [x], [o0, o1]
    return m


def leaky_relu_s16_input():
    """The whole int16 range, its ends and values around 0 included."""
    rng = random.Random(103)
    v = [-32768, 32767, 0, -1, 1, -2, 2] + [rng.randint(-32768, 32767) for _ in range(593)]
    return struct.pack("<600h", *v)


def batch_matmul_model():
    """BATCH_MATMUL: 2-D; 3-D with a constant rhs of batch 1 (TFLM folds it into the rows); an lhs
    of batch 1 broadcast; 4-D adj_x with batches broadcast both ways; adj_y over two activations
    (attention's Q x K^T); 5-D adj_x and adj_y; a constant lhs; a constant rhs with adj_y (a dense
    layer); rank 2 x rank 4; int16 over activations (adj_y) and a constant rhs. The C test mirrors
    it; the constants are also written to constants.bin."""
    m = Model("BATCH_MATMUL, int8 and int16")
    rng = random.Random(97)

    def const(name, shape, scale, zp, ttype="INT8"):
        n = 1
        for d in shape:
            n *= d
        if ttype == "INT16":
            data = struct.pack("<%dh" % n, *[rng.randint(-32768, 32767) for _ in range(n)])
        else:
            data = struct.pack("<%db" % n, *[rng.randint(-128, 127) for _ in range(n)])
        m.constant_bytes += data
        return m.tensor(name, shape, ttype, scale=scale, zp=zp, data=data)

    m.constant_bytes = b""
    a = m.tensor("a", [3, 5], scale=0.05, zp=-3)
    b = m.tensor("b", [5, 4], scale=0.04, zp=6)
    x3 = m.tensor("x3", [2, 3, 5], scale=0.05, zp=-3)
    y = m.tensor("y", [1, 3, 5], scale=0.06, zp=10)
    z = m.tensor("z", [2, 5, 4], scale=0.03, zp=-20)
    p = m.tensor("p", [2, 1, 5, 3], scale=0.05, zp=0)
    q = m.tensor("q", [1, 3, 5, 4], scale=0.04, zp=127)
    qq = m.tensor("qq", [1, 2, 4, 6], scale=0.1, zp=-128)
    kk = m.tensor("kk", [1, 2, 5, 6], scale=0.1, zp=5)
    u = m.tensor("u", [2, 1, 2, 4, 3], scale=0.05, zp=1)
    v = m.tensor("v", [1, 3, 1, 5, 4], scale=0.07, zp=-1)
    h = m.tensor("h", [2, 3, 4], "INT16", scale=0.001, zp=0)
    g = m.tensor("g", [2, 3, 4], "INT16", scale=0.0015, zp=0)
    c1 = const("c1", [1, 5, 4], 0.02, 3)
    c2 = const("c2", [3, 5], 0.03, -4)
    c3 = const("c3", [4, 5], 0.025, 0)
    c16 = const("c16", [4, 2], 0.002, 0, "INT16")
    outs = []
    for name, ins, shape, scale, zp, ttype, opts in [
            ("o0", [a, b], [3, 4], 0.5, 1, "INT8", {}),
            ("o1", [x3, c1], [2, 3, 4], 0.25, -2, "INT8", {}),
            ("o2", [y, z], [2, 3, 4], 0.45, 0, "INT8", {}),
            ("o3", [p, q], [2, 3, 3, 4], 0.5, -5, "INT8", {"adj_x": True}),
            ("o4", [qq, kk], [1, 2, 4, 5], 2.5, 3, "INT8", {"adj_y": True}),
            ("o5", [u, v], [2, 3, 2, 3, 5], 0.9, 0, "INT8", {"adj_x": True, "adj_y": True}),
            ("o6", [c2, b], [3, 4], 0.3, -1, "INT8", {}),
            ("o7", [x3, c3], [2, 3, 4], 0.31, 2, "INT8", {"adj_y": True}),
            ("o8", [a, q], [1, 3, 3, 4], 0.5, -7, "INT8", {}),
            ("o9", [h, g], [2, 3, 3], 0.21, 0, "INT16", {"adj_y": True}),
            ("o10", [h, c16], [2, 3, 2], 0.29, 0, "INT16", {})]:
        o = m.tensor(name, shape, ttype, scale=scale, zp=zp)
        m.op("BATCH_MATMUL", ins, [o], **opts)
        outs.append(o)
    m.inputs, m.outputs = [a, b, x3, y, z, p, q, qq, kk, u, v, h, g], outs
    return m


def batch_matmul_input():
    """Each int8 input random with its first values at the ends of the range; the int16 ones too."""
    rng = random.Random(101)
    out = b""
    for n in [15, 20, 30, 15, 40, 30, 60, 48, 60, 48, 60]:
        vals = [-128, 127, -128] + [rng.randint(-128, 127) for _ in range(n - 3)]
        out += struct.pack("<%db" % n, *vals)
    for n in [24, 24]:
        vals = [-32768, 32767, -32768] + [rng.randint(-32768, 32767) for _ in range(n - 3)]
        out += struct.pack("<%dh" % n, *vals)
    return out
def squared_difference_model():
    """SQUARED_DIFFERENCE (TFLM squared_difference.cc), int8 and int16: same shapes, broadcasts in
    4 and 5 dims, constant operands first (int8, int16), input scales equal and not, an output
    scale small enough for a left shift; the C test mirrors it."""
    m = Model("SQUARED_DIFFERENCE, int8 and int16")
    rng = random.Random(107)
    a = m.tensor("a", [1, 3, 4, 5], scale=0.05, zp=-3)
    b = m.tensor("b", [1, 3, 4, 5], scale=0.03, zp=7)
    c = m.tensor("c", [1, 1, 4, 1], scale=0.05, zp=10)
    x5 = m.tensor("x5", [2, 1, 3, 2, 2], scale=0.1, zp=-20)
    y5 = m.tensor("y5", [1, 2, 1, 1, 2], scale=0.02, zp=0)
    a16 = m.tensor("a16", [2, 3, 4], "INT16", scale=0.0005, zp=0)
    b16 = m.tensor("b16", [4], "INT16", scale=0.0007, zp=0)
    k8_bytes = struct.pack("<5b", *[rng.randint(-128, 127) for _ in range(5)])
    k8 = m.tensor("k8", [5], scale=0.04, zp=5, data=k8_bytes)
    k16_bytes = struct.pack("<8h", *[rng.randint(-32768, 32767) for _ in range(8)])
    k16 = m.tensor("k16", [2, 1, 4], "INT16", scale=0.0003, zp=0, data=k16_bytes)
    m.k_bytes = k8_bytes + k16_bytes
    cases = [("ab", [a, b], [1, 3, 4, 5], "INT8", 0.45, -128),
             ("ac", [a, c], [1, 3, 4, 5], "INT8", 0.6, -128),
             ("ka", [k8, a], [1, 3, 4, 5], "INT8", 0.5, -100),
             ("xy5", [x5, y5], [2, 2, 3, 2, 2], "INT8", 1.25, -128),
             ("ab16", [a16, b16], [2, 3, 4], "INT16", 0.05, 0),
             ("ka16", [k16, a16], [2, 3, 4], "INT16", 0.025, 0),
             ("ab_tiny", [a, b], [1, 3, 4, 5], "INT8", 4e-7, -128)]
    outs = []
    for name, ins, shape, ttype, scale, zp in cases:
        o = m.tensor(name, shape, ttype, scale=scale, zp=zp)
        m.op("SQUARED_DIFFERENCE", ins, [o])
        outs.append(o)
    m.inputs, m.outputs = [a, b, c, x5, y5, a16, b16], outs
    return m


def rsqrt_abs_model():
    """RSQRT int8 and ABS int8/int16 (TFLM elementwise.cc): every input value, several output
    quantizations each (RSQRT: multiplier shifts from -11 to 32; ABS: equal scales with another
    zero point, and requantized both ways), 5-D tensors; the C test mirrors it."""
    m = Model("RSQRT and ABS")
    x = m.tensor("x", [256], scale=0.02, zp=-128)
    y = m.tensor("y", [2, 1, 2, 3, 4], scale=0.5, zp=20)
    z = m.tensor("z", [4, 64], scale=0.05, zp=-5)
    z16 = m.tensor("z16", [2, 1, 3, 2, 5], "INT16", scale=0.001, zp=0)
    outs = []
    for i, (src, scale, zp) in enumerate([(x, 0.05, -128), (x, 0.1, 0), (x, 2e-9, 0), (x, 20000.0, 3),
                                          (y, 0.01, -100), (y, 0.3, 0)]):
        o = m.tensor("rsqrt%d" % i, m.tensors[src]["shape"], scale=scale, zp=zp)
        m.op("RSQRT", [src], [o])
        outs.append(o)
    for i, (src, ttype, scale, zp) in enumerate([(z, "INT8", 0.05, 3), (z, "INT8", 0.03, -128),
                                                 (z, "INT8", 0.2, -128), (z16, "INT16", 0.001, 0),
                                                 (z16, "INT16", 0.0007, 0), (z16, "INT16", 0.004, 0)]):
        o = m.tensor("abs%d" % i, m.tensors[src]["shape"], ttype, scale=scale, zp=zp)
        m.op("ABS", [src], [o])
        outs.append(o)
    m.inputs, m.outputs = [x, y, z, z16], outs
    return m


def rsqrt_abs_input():
    """x and z: every int8 value; y: values at or above its zero point 20 (RSQRT is defined
    there only), 20, 21 and 127 included; z16: the int16 ends and random values."""
    rng = random.Random(109)
    x = list(range(-128, 128))
    y = [20, 21, 22, 127] + [rng.randint(20, 127) for _ in range(44)]
    z = list(range(-128, 128))
    z16 = [-32768, 32767, 0, -1, 1, -32767] + [rng.randint(-32768, 32767) for _ in range(54)]
    return struct.pack("<256b48b256b60h", *(x + y + z + z16))


def transpose_conv_model():
    rng = random.Random(67)
    m = Model("TRANSPOSE_CONV, int8 per channel, SAME with bias and VALID without")
    d = os.path.join(HERE, "transpose_conv")
    os.makedirs(d, exist_ok=True)
    x = m.tensor("x", [1, 3, 4, 5], scale=0.04, zp=2)
    in_scale = 0.04
    outs = []
    # (filter shape, with bias, padding, stride h, stride w, output shape, out scale, out zp, act)
    cases = [([6, 4, 3, 5], True, "SAME", 2, 2, [1, 6, 8, 6], 0.1, -3, "NONE"),
             ([4, 3, 3, 5], False, "VALID", 2, 1, [1, 7, 6, 4], 0.5, 5, "RELU")]
    for i, (fshape, with_bias, padding, sh, sw, oshape, oscale, ozp, act) in enumerate(cases):
        oc = fshape[0]
        count = fshape[0] * fshape[1] * fshape[2] * fshape[3]
        fdata = bytes(rng.randrange(256) for _ in range(count))
        fscales = [rng.uniform(0.002, 0.02) for _ in range(oc)]
        shape_t = m.const_i32("output_shape%d" % i, oshape)
        f = m.tensor("filter%d" % i, fshape, scale=fscales, zp=[0] * oc, data=fdata, qdim=0)
        inputs = [shape_t, f, x]
        with open(os.path.join(d, "filter%d.bin" % i), "wb") as fh:
            fh.write(fdata)
        if with_bias:
            bias = [rng.randrange(-3000, 3000) for _ in range(oc)]
            bdata = struct.pack("<%di" % oc, *bias)
            b = m.tensor("bias%d" % i, [oc], "INT32", scale=[in_scale * s for s in fscales],
                         zp=[0] * oc, data=bdata, qdim=0)
            inputs.append(b)
            with open(os.path.join(d, "bias%d.bin" % i), "wb") as fh:
                fh.write(bdata)
        # the filter scales as float32, for the C test's multipliers
        with open(os.path.join(d, "filter%d_scales.bin" % i), "wb") as fh:
            fh.write(struct.pack("<%df" % oc, *fscales))
        o = m.tensor("y%d" % i, oshape, scale=oscale, zp=ozp)
        m.op("TRANSPOSE_CONV", inputs, [o], padding=padding, stride_h=sh, stride_w=sw,
             fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = [x], outs
    return m


# CONV_2D with one output channel: (input, filter h, filter w, padding, stride h, stride w,
# dilation h, output shape, output scale, output zero point, activation). The C test
# (test_kernels_nd_golden.c) holds the same table.
CONV_ONE_OUT_CASES = [
    (0, 3, 3, "SAME", 1, 1, 1, [1, 9, 11, 1], 0.2, 3, "NONE"),
    (0, 5, 5, "SAME", 2, 2, 2, [1, 5, 6, 1], 0.3, -7, "RELU"),
    (0, 1, 1, "VALID", 1, 1, 1, [1, 9, 11, 1], 0.1, 0, "RELU6"),
    (1, 3, 3, "SAME", 1, 1, 1, [2, 10, 7, 1], 0.05, 11, "NONE"),
    (1, 7, 7, "SAME", 1, 1, 1, [2, 10, 7, 1], 0.15, -20, "NONE"),
    (1, 2, 4, "VALID", 2, 1, 1, [2, 5, 4, 1], 0.08, 2, "NONE"),
]


def conv_one_out_model():
    """CONV_2D with one output channel (the Cortex-M and rv32 one-channel paths): windows at
    every edge, taps that are whole words (8 channels) and not (3), stride 2, row dilation,
    batches, RELU / RELU6; per-channel filter scale, bias."""
    rng = random.Random(71)
    m = Model("CONV_2D, one output channel, SAME and VALID, stride, row dilation")
    d = os.path.join(HERE, "conv_one_out")
    os.makedirs(d, exist_ok=True)
    ins = [m.tensor("x", [1, 9, 11, 8], scale=0.05, zp=-4), m.tensor("x3", [2, 10, 7, 3], scale=0.03, zp=9)]
    in_scales = [0.05, 0.03]
    outs = []
    for i, (src, fh, fw, padding, sh, sw, dh, oshape, oscale, ozp, act) in enumerate(CONV_ONE_OUT_CASES):
        ic = 8 if src == 0 else 3
        k = fh * fw * ic
        fdata = bytes(rng.randrange(256) for _ in range(k))
        # outputs spread over the int8 range: sums of k products of ~74 x ~74
        fscale = 40.0 / (5476.0 * k ** 0.5) * oscale / in_scales[src] * rng.uniform(0.7, 1.4)
        f = m.tensor("filter%d" % i, [1, fh, fw, ic], scale=[fscale], zp=[0], data=fdata, qdim=0)
        bias = [rng.randrange(-5000, 5000)]
        bdata = struct.pack("<i", *bias)
        b = m.tensor("bias%d" % i, [1], "INT32", scale=[in_scales[src] * fscale], zp=[0], data=bdata, qdim=0)
        for name, data in (("filter%d.bin" % i, fdata), ("bias%d.bin" % i, bdata),
                           ("filter%d_scales.bin" % i, struct.pack("<f", fscale))):
            with open(os.path.join(d, name), "wb") as fh_:
                fh_.write(data)
        o = m.tensor("y%d" % i, oshape, scale=oscale, zp=ozp)
        m.op("CONV_2D", [ins[src], f, b], [o], padding=padding, stride_h=sh, stride_w=sw,
             dilation_h_factor=dh, dilation_w_factor=1, fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = ins, outs
    return m


# (input, filter h, w, padding, stride h, w, output shape, output scale, zero point, activation)
CONV_SMALL_INPUTS = [("x1", [1, 18, 20, 1], 0.04, -3), ("x1s", [2, 24, 22, 1], 0.05, 6),
                     ("x3", [1, 16, 18, 3], 0.03, 9), ("x8", [1, 9, 9, 8], 0.05, -4)]
CONV_SMALL_CASES = [
    (0, 1, 1, "VALID", 1, 1, [1, 18, 20, 5], 0.1, 4, "NONE"),
    (0, 3, 3, "SAME", 1, 1, [1, 18, 20, 6], 0.1, -128, "RELU6"),
    (1, 1, 1, "SAME", 2, 2, [2, 12, 11, 9], 0.2, -5, "NONE"),
    (2, 1, 1, "VALID", 1, 1, [1, 16, 18, 7], 0.08, 3, "NONE"),
    (2, 1, 1, "VALID", 1, 1, [1, 16, 18, 20], 0.06, -128, "RELU"),
    (2, 3, 3, "SAME", 2, 2, [1, 8, 9, 2], 0.15, 12, "NONE"),
    (3, 1, 1, "VALID", 1, 1, [1, 9, 9, 3], 0.1, -9, "NONE"),
]


def conv_small_model():
    """CONV_2D over one input channel with a 1x1 filter (the lookup tables: VALID, SAME at
    stride 2 over two images, 5 and 9 output channels) and other small patches (rv32: a 3x3
    over one channel, 1x1 over 3 channels to 7 and 20 outputs, a 3x3 over 3 channels to 2, a
    1x1 over 8 to 3); per-channel filter scales, biases."""
    rng = random.Random(73)
    m = Model("CONV_2D, small patches: 1x1 over one channel, 3x3 over one, 1x1 over 3 and 8")
    d = os.path.join(HERE, "conv_small")
    os.makedirs(d, exist_ok=True)
    ins = [m.tensor(n, shape, scale=sc, zp=zp) for n, shape, sc, zp in CONV_SMALL_INPUTS]
    outs = []
    for i, (src, fh, fw, padding, sh, sw, oshape, oscale, ozp, act) in enumerate(CONV_SMALL_CASES):
        ic, in_scale = CONV_SMALL_INPUTS[src][1][3], CONV_SMALL_INPUTS[src][2]
        oc, k = oshape[3], fh * fw * ic
        fdata = bytes(rng.randrange(256) for _ in range(oc * k))
        # outputs spread over the int8 range: sums of k products of ~74 x ~74
        fscales = [40.0 / (5476.0 * k ** 0.5) * oscale / in_scale * rng.uniform(0.7, 1.4) for _ in range(oc)]
        f = m.tensor("filter%d" % i, [oc, fh, fw, ic], scale=fscales, zp=[0] * oc, data=fdata, qdim=0)
        bias = [rng.randrange(-5000, 5000) for _ in range(oc)]
        bdata = struct.pack("<%di" % oc, *bias)
        b = m.tensor("bias%d" % i, [oc], "INT32", scale=[in_scale * s for s in fscales], zp=[0] * oc, data=bdata,
                     qdim=0)
        for name, data in (("filter%d.bin" % i, fdata), ("bias%d.bin" % i, bdata),
                           ("filter%d_scales.bin" % i, struct.pack("<%df" % oc, *fscales))):
            with open(os.path.join(d, name), "wb") as fh_:
                fh_.write(data)
        o = m.tensor("y%d" % i, oshape, scale=oscale, zp=ozp)
        m.op("CONV_2D", [ins[src], f, b], [o], padding=padding, stride_h=sh, stride_w=sw,
             dilation_h_factor=1, dilation_w_factor=1, fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = ins, outs
    return m


def svdf_model():
    """SVDF with an int16 state (rank 2, RELU, which TFLM's integer SVDF ignores) and with an
    int8 state (rank 1, state zero point 7), the keyword benchmark's QUANTIZE int16 -> int8 in
    front, SOFTMAX int8 -> int16 and QUANTIZE int16 -> int32 after it, and QUANTIZE int8 -> int16,
    int32 -> int8, int32 -> int16. Run several invocations in a row (the state moves)."""
    rnd = random.Random(71)
    m = Model("SVDF int16 and int8 state, QUANTIZE between int8/int16/int32, SOFTMAX int8 -> int16")

    def i8(n):
        return struct.pack("<%db" % n, *[rnd.randint(-127, 127) for _ in range(n)])

    def i16(n, r):
        return struct.pack("<%dh" % n, *[rnd.randint(-r, r) for _ in range(n)])

    def i32(n, r):
        return struct.pack("<%di" % n, *[rnd.randint(-r, r) for _ in range(n)])

    x16 = m.tensor("x16", [2, 10], "INT16", scale=0.0001, zp=0)
    x = m.tensor("x", [2, 10], scale=0.05, zp=-3)
    m.op("QUANTIZE", [x16], [x])
    # A: int16 state and time weights, rank 2 (6 filters, 3 units), memory 4
    sa, wta = 0.004, 0.0015
    wfa = m.tensor("a_feature", [6, 10], scale=0.02, zp=0, data=i8(60))
    wtaa = m.tensor("a_time", [6, 4], "INT16", scale=wta, zp=0, data=i16(24, 1000))
    ba = m.tensor("a_bias", [3], "INT32", scale=sa * wta, zp=0, data=i32(3, 20000))
    sta = m.tensor("a_state", [2, 24], "INT16", scale=sa, zp=0, variable=True)
    a = m.tensor("a", [2, 3], scale=1.0, zp=5)
    m.op("SVDF", [x, wfa, wtaa, ba, sta], [a], rank=2, fused_activation_function="RELU")
    # B: int8 state and time weights, rank 1 (4 filters and units), memory 5
    sb, wtb = 0.2, 0.02
    wfb = m.tensor("b_feature", [4, 10], scale=0.03, zp=0, data=i8(40))
    wtbb = m.tensor("b_time", [4, 5], scale=wtb, zp=0, data=i8(20))
    bb = m.tensor("b_bias", [4], "INT32", scale=sb * wtb, zp=0, data=i32(4, 2000))
    stb = m.tensor("b_state", [2, 20], scale=sb, zp=7, variable=True)
    b = m.tensor("b", [2, 4], scale=1.5, zp=-2)
    m.op("SVDF", [x, wfb, wtbb, bb, stb], [b], rank=1)
    s16 = m.tensor("softmax16", [2, 4], "INT16", scale=1.0 / 65536, zp=-32768)
    m.op("SOFTMAX", [b], [s16], beta=0.02)
    q32 = m.tensor("q32", [2, 4], "INT32", scale=1.0 / 32768, zp=0)
    m.op("QUANTIZE", [s16], [q32])
    a16 = m.tensor("a16", [2, 3], "INT16", scale=0.01, zp=3)
    m.op("QUANTIZE", [a], [a16])
    q8 = m.tensor("q8", [2, 4], scale=1.0 / 200, zp=-100)
    m.op("QUANTIZE", [q32], [q8])
    q16 = m.tensor("q16", [2, 4], "INT16", scale=1.0 / 20000, zp=-5)
    m.op("QUANTIZE", [q32], [q16])
    m.inputs, m.outputs = [x16], [a, b, s16, q32, a16, q8, q16]
    return m


def cast_model():
    """CAST (TFLM cast.cc): every input type (int8, int16, int32, float32, bool) to the output
    types TFLM writes (int8, int16, int32, float32), narrowing by the low bits, float32 toward
    zero; the int8 input quantized (CAST ignores it), the outputs without quantization, as a
    converter writes them; shapes up to 5-D. The float input stays inside int32's range (NaN
    and beyond-int32 floats convert differently on x86 and Arm: the C test checks ours)."""
    m = Model("CAST")
    a = m.tensor("a", [2, 3, 4], scale=0.5, zp=3)
    b = m.tensor("b", [2, 1, 5], "INT16")
    c = m.tensor("c", [24], "INT32")
    d = m.tensor("d", [1, 2, 1, 2, 8], "FLOAT32")
    e = m.tensor("e", [8], "BOOL")
    outs = []
    for src, types in [(a, ["INT32", "INT16", "FLOAT32"]), (b, ["INT8", "INT32", "FLOAT32"]),
                       (c, ["INT8", "INT16", "FLOAT32"]), (d, ["INT8", "INT16", "INT32", "FLOAT32"]),
                       (e, ["INT8", "INT32", "FLOAT32"])]:
        for t in types:
            o = m.tensor("%s_to_%s" % (m.tensors[src]["name"], t.lower()), m.tensors[src]["shape"], t)
            m.op("CAST", [src], [o])
            outs.append(o)
    m.inputs, m.outputs = [a, b, c, d, e], outs
    return m


def cast_input():
    """a: int8 ends and random bytes; b: int16 ends and values past int8; c: int32 ends, 2^24 + 1
    (rounded to a float), values past int16; d: floats toward zero both ways, halves, past int8 and
    int16, near 2^31 (2147483520, the last float below); e: bools 0 and 1."""
    rng = random.Random(113)
    a = [-128, 127, 0, -1] + [rng.randint(-128, 127) for _ in range(20)]
    b = [-32768, 32767, 200, -129, 128, 255, 256, -256, 0, 1000]
    c = [-2147483648, 2147483647, 16777217, -16777219, 65535, 65536, -32769, 300, -300, 0] + \
        [rng.randint(-2147483648, 2147483647) for _ in range(14)]
    d = [-1.9, 1.9, -0.5, 0.5, 127.5, -128.5, 300.7, -300.7, 65537.25, -40000.0, 2147483520.0,
         -2147483648.0, 1.5e9, -1.0e9, 0.0, 12345.678, 3.0, -3.99, 255.0, 256.0, 32767.9, 32768.0,
         -32769.0, 1e-6, 77.7, -0.0, 99.0, 1000000.5, -17.25, 42.0, 8388609.0, -129.0]
    e = [0, 1, 1, 0, 0, 1, 0, 1]
    return (struct.pack("<24b10h24i32f8B", *(a + b + c + d + e)))
def logistic_tanh_wide_model():
    """LOGISTIC and TANH with input scales from 2^4 on, where TFLM's input radius is 0 (a step at the
    zero point), and one just below (radius 1); found by tools/fuzz/tflm_diff.py."""
    m = Model("LOGISTIC and TANH, int8, input scales >= 16")
    x = m.tensor("x", [2, 256], scale=20.0, zp=5)
    x2 = m.tensor("x2", [2, 256], scale=300.0, zp=-100)
    x3 = m.tensor("x3", [2, 256], scale=15.9, zp=0)
    outs = []
    for i, (t, op) in enumerate([(x, "LOGISTIC"), (x2, "LOGISTIC"), (x, "TANH"), (x2, "TANH"),
                                 (x3, "LOGISTIC"), (x3, "TANH")]):
        scale, zp = (1.0 / 256, -128) if op == "LOGISTIC" else (1.0 / 128, 0)
        o = m.tensor("%s%d" % (op.lower(), i), [2, 256], scale=scale, zp=zp)
        m.op(op, [t], [o])
        outs.append(o)
    m.inputs, m.outputs = [x, x2, x3], outs
    return m


def logistic_tanh_wide_input():
    """Every int8 value once in order, once shuffled (random.Random(107)), for each input."""
    rng = random.Random(107)
    out = b""
    for _ in range(3):
        vals = list(range(-128, 128))
        shuffled = list(vals)
        rng.shuffle(shuffled)
        out += struct.pack("<512b", *(vals + shuffled))
    return out


def concat_const_model():
    """CONCATENATION with constant inputs beside activations (a learned token, a padding
    block), found by tools/fuzz/tflm_diff.py; constants from random.Random(109)."""
    m = Model("CONCATENATION, int8, constant inputs")
    rng = random.Random(109)
    x = m.tensor("x", [1, 3, 4], scale=0.05, zp=-7)
    x2 = m.tensor("x2", [2, 5], scale=0.1, zp=20)
    k0 = m.tensor("token", [1, 1, 4], scale=0.05, zp=-7,
                  data=struct.pack("<4b", *[rng.randint(-128, 127) for _ in range(4)]))
    k1 = m.tensor("block", [2, 3], scale=0.1, zp=20,
                  data=struct.pack("<6b", *[rng.randint(-128, 127) for _ in range(6)]))
    o0 = m.tensor("with_token", [1, 4, 4], scale=0.05, zp=-7)
    m.op("CONCATENATION", [k0, x], [o0], axis=1, fused_activation_function="NONE")
    o1 = m.tensor("sandwich", [2, 11], scale=0.1, zp=20)
    x3 = m.tensor("x3", [2, 3], scale=0.1, zp=20)
    m.op("CONCATENATION", [x2, k1, x3], [o1], axis=-1, fused_activation_function="NONE")
    m.inputs, m.outputs = [x, x2, x3], [o0, o1]
    return m


def conv_grouped_model():
    """Grouped int8 CONV_2D (filter depth a divisor of the input's: Keras' groups), per-channel
    scales; found by tools/fuzz/tflm_diff.py. Constants from random.Random(113)."""
    m = Model("CONV_2D int8, grouped")
    rng = random.Random(113)
    x = m.tensor("x", [1, 6, 7, 8], scale=0.04, zp=-5)
    x2 = m.tensor("x2", [2, 5, 5, 6], scale=0.02, zp=17)
    # (input, filter shape, bias, padding, stride, dilation, activation, output shape, output scale, zp)
    cases = [(x, 0.04, [6, 3, 3, 4], True, "SAME", 1, 1, "RELU", [1, 6, 7, 6], 0.3, -128),
             (x, 0.04, [8, 2, 2, 1], True, "SAME", 1, 2, "NONE", [1, 6, 7, 8], 0.05, 3),
             (x2, 0.02, [6, 1, 1, 2], False, "VALID", 2, 1, "NONE", [2, 3, 3, 6], 0.02, -9),
             (x2, 0.02, [4, 3, 2, 3], True, "VALID", 1, 1, "RELU6", [2, 3, 4, 4], 0.08, -20)]
    outs = []
    for i, (t, in_scale, fshape, has_bias, padding, stride, dil, act, oshape, oscale, ozp) in enumerate(cases):
        oc = fshape[0]
        fscales = [rng.uniform(0.002, 0.02) for _ in range(oc)]
        n = fshape[0] * fshape[1] * fshape[2] * fshape[3]
        f = m.tensor("filter%d" % i, fshape, scale=fscales, zp=[0] * oc,
                     data=struct.pack("<%db" % n, *[rng.randint(-127, 127) for _ in range(n)]), qdim=0)
        inputs = [t, f]
        if has_bias:
            inputs.append(m.tensor("bias%d" % i, [oc], "INT32", scale=[in_scale * s for s in fscales],
                                   zp=[0] * oc, qdim=0,
                                   data=struct.pack("<%di" % oc, *[rng.randint(-3000, 3000) for _ in range(oc)])))
        o = m.tensor("y%d" % i, oshape, scale=oscale, zp=ozp)
        m.op("CONV_2D", inputs, [o], padding=padding, stride_h=stride, stride_w=stride,
             dilation_h_factor=dil, dilation_w_factor=dil, fused_activation_function=act)
        outs.append(o)
    m.inputs, m.outputs = [x, x2], outs
    return m


def softmax_wide_model():
    """SOFTMAX and LOG_SOFTMAX int8 with beta x input scale from 2^4 on: TFLM's left shift 31 and
    diff_min 0 (only a row's maxima count); found by tools/fuzz/tflm_diff.py."""
    m = Model("SOFTMAX and LOG_SOFTMAX, int8, beta x input scale >= 16")
    x = m.tensor("x", [6, 10], scale=20.0, zp=0)
    x2 = m.tensor("x2", [4, 7], scale=40.0, zp=-3)
    x3 = m.tensor("x3", [3, 33], scale=100.0, zp=5)
    o0 = m.tensor("softmax_x", [6, 10], scale=1.0 / 256, zp=-128)
    m.op("SOFTMAX", [x], [o0], beta=1.0)
    o1 = m.tensor("softmax16_x2", [4, 7], "INT16", scale=1.0 / 65536, zp=-32768)
    m.op("SOFTMAX", [x2], [o1], beta=1.0)
    o2 = m.tensor("softmax_x3_beta", [3, 33], scale=1.0 / 256, zp=-128)
    m.op("SOFTMAX", [x3], [o2], beta=0.25)
    o3 = m.tensor("log_softmax_x", [6, 10], scale=16.0 / 256, zp=127)
    m.op("LOG_SOFTMAX", [x], [o3])
    o4 = m.tensor("log_softmax_x3", [3, 33], scale=16.0 / 256, zp=127)
    m.op("LOG_SOFTMAX", [x3], [o4])
    m.inputs, m.outputs = [x, x2, x3], [o0, o1, o2, o3, o4]
    return m


def softmax_wide_input():
    """Rows with ties at their maximum (values -3..3, random.Random(127)), one row of one value
    and one with the int8 ends."""
    rng = random.Random(127)
    x = [rng.randint(-3, 3) for _ in range(50)] + [7] * 10
    x2 = [rng.randint(-3, 3) for _ in range(21)] + [-128, 127, 0, 127, -128, 5, 127]
    x3 = [rng.randint(-3, 3) for _ in range(66)] + [rng.randint(-128, 127) for _ in range(33)]
    return struct.pack("<%db" % (60 + 28 + 99), *(x + x2 + x3))
# DIV int8 cases: every output multiplier shift is at least 7 (s1 / (s2 * so) >= 64) so that no
# quotient here needs a right shift past 31 (TFLM's RoundingDivideByPOT asserts there: a zero
# dividend over a divisor of 128 or more with a shift below 7), and divisors avoid the zero point
# (TFLM divides by zero there).
def div_model():
    """DIV int8: every dividend by every divisor but the zero point (two [16,16] tensors), with
    RELU; 5-D broadcast with RELU_N1_TO_1; a constant dividend broadcast both ways; a constant
    scalar divisor with RELU6; int32 (no quantization: integer division toward zero), plain and
    RELU6."""
    rng = random.Random(113)
    m = Model("DIV int8 (broadcast, constants, activations) and int32")
    a = m.tensor("a", [16, 16], scale=0.05, zp=-3)
    b = m.tensor("b", [16, 16], scale=0.02, zp=9)
    x5 = m.tensor("x5", [2, 1, 3, 2, 4], scale=0.1, zp=20)
    y5 = m.tensor("y5", [1, 2, 1, 2, 1], scale=0.05, zp=-10)
    c = m.tensor("c", [3, 1], scale=0.01, zp=-2)
    i1 = m.tensor("i1", [3, 4], "INT32")
    i2 = m.tensor("i2", [4], "INT32")
    m.k_bytes = struct.pack("<5b", *[rng.randint(-128, 127) for _ in range(5)])
    k = m.tensor("k", [5], scale=0.04, zp=5, data=m.k_bytes)
    s = m.tensor("s", [], scale=0.02, zp=9, data=struct.pack("<b", -50))
    o0 = m.tensor("q", [16, 16], scale=0.03, zp=5)
    o1 = m.tensor("q_relu", [16, 16], scale=0.035, zp=-128)
    o2 = m.tensor("q5", [2, 2, 3, 2, 4], scale=0.015, zp=0)
    o3 = m.tensor("kc", [3, 5], scale=0.06, zp=-20)
    o4 = m.tensor("as", [16, 16], scale=0.03, zp=-100)
    o5 = m.tensor("i", [3, 4], "INT32")
    o6 = m.tensor("i_relu6", [3, 4], "INT32")
    m.op("DIV", [a, b], [o0], fused_activation_function="NONE")
    m.op("DIV", [a, b], [o1], fused_activation_function="RELU")
    m.op("DIV", [x5, y5], [o2], fused_activation_function="RELU_N1_TO_1")
    m.op("DIV", [k, c], [o3], fused_activation_function="NONE")
    m.op("DIV", [a, s], [o4], fused_activation_function="RELU6")
    m.op("DIV", [i1, i2], [o5], fused_activation_function="NONE")
    m.op("DIV", [i1, i2], [o6], fused_activation_function="RELU6")
    m.inputs, m.outputs = [a, b, x5, y5, c, i1, i2], [o0, o1, o2, o3, o4, o5, o6]
    return m


def div_input():
    """a: every int8 value; b: every value but its zero point 9, and 10 again, shuffled; x5, y5,
    c: random values but the divisors' zero points; i1 the int32 ends, i2 no 0 and no -1 under
    INT32_MIN."""
    rng = random.Random(117)
    a = list(range(-128, 128))
    rng.shuffle(a)
    b = [v for v in range(-128, 128) if v != 9] + [10]
    rng.shuffle(b)
    x5 = [rng.randint(-128, 127) for _ in range(48)]
    y5 = [rng.choice([v for v in range(-128, 128) if v != -10]) for _ in range(4)]
    c = [-1, -3, 127]
    i1 = [2147483647, -2147483648, 17, -17, 0, 1, -7, 2147483647, 1000000, -1000001, 6, 5]
    i2 = [7, -3, 1000, -1]
    return (struct.pack("<256b256b48b4b3b", *(a + b + x5 + y5 + c)) + struct.pack("<12i4i", *(i1 + i2)))


# (operator, input 1, input 2); the C test mirrors it
COMPARISON_CASES = [("EQUAL", "p", "q"), ("LESS", "p", "q"), ("GREATER", "p", "q"), ("GREATER", "r", "p"),
                    ("EQUAL", "p", "k"), ("LESS", "x5", "y5"), ("EQUAL", "t", "u"), ("LESS", "i", "j"),
                    ("GREATER", "j", "i"), ("EQUAL", "i", "j")]


def comparison_model():
    """EQUAL, LESS and GREATER (the comparisons the TFLM dumper registers) over int8 of different
    scales and zero points (TFLM rescales both sides), broadcast (a column, 5-D), a constant
    operand, scales below 2^-32 (TFLM's multiplier 0: every value compares equal), int32 (raw)."""
    rng = random.Random(119)
    m = Model("EQUAL, LESS, GREATER: int8 rescaled, broadcast, constant, int32")
    t = {"p": m.tensor("p", [16, 16], scale=0.1, zp=0),
         "q": m.tensor("q", [16, 16], scale=0.2, zp=3),
         "r": m.tensor("r", [16, 1], scale=0.05, zp=-7),
         "x5": m.tensor("x5", [2, 1, 3, 2, 4], scale=0.1, zp=20),
         "y5": m.tensor("y5", [1, 2, 1, 2, 1], scale=0.07, zp=-10),
         "t": m.tensor("t", [8], scale=1e-10, zp=0),
         "u": m.tensor("u", [8], scale=1e-10, zp=5),
         "i": m.tensor("i", [2, 3], "INT32"),
         "j": m.tensor("j", [3], "INT32")}
    m.k_bytes = struct.pack("<16b", *[rng.randint(-128, 127) for _ in range(16)])
    t["k"] = m.tensor("k", [16], scale=0.1, zp=0, data=m.k_bytes)
    outs = []
    for n, (op, x, y) in enumerate(COMPARISON_CASES):
        shape = {"r": [16, 16], "x5": [2, 2, 3, 2, 4], "t": [8], "i": [2, 3], "j": [2, 3]}.get(x, [16, 16])
        o = m.tensor("c%d" % n, shape, "BOOL")
        m.op(op, [t[x], t[y]], [o])
        outs.append(o)
    m.inputs = [t[n] for n in ("p", "q", "r", "x5", "y5", "t", "u", "i", "j")]
    m.outputs = outs
    return m


def comparison_input():
    """p every value; q half of them at p's real value (p even: q = p / 2 + 3), the rest random;
    r, x5, y5, t, u random; i, j int32 with equal pairs and the ends."""
    rng = random.Random(121)
    p = list(range(-128, 128))
    rng.shuffle(p)
    q = [(v // 2 + 3 if v % 2 == 0 and rng.random() < 0.7 else rng.randint(-128, 127)) for v in p]
    q = [min(127, max(-128, v)) for v in q]
    r = [rng.randint(-128, 127) for _ in range(16)]
    x5 = [rng.randint(-128, 127) for _ in range(48)]
    y5 = [rng.randint(-128, 127) for _ in range(4)]
    tu = [rng.randint(-128, 127) for _ in range(16)]
    i = [5, -2147483648, 2147483647, 0, 7, -1]
    j = [5, 7, -1]
    return (struct.pack("<256b256b16b48b4b16b", *(p + q + r + x5 + y5 + tu)) + struct.pack("<6i3i", *(i + j)))


def select_v2_model():
    """SELECT_V2: a bool condition (a model input, or LESS's output: an element-wise minimum) over
    int8 and int16, broadcast three ways (a column condition, a row y, 6-D), a constant y, and x and y
    of different scales (TFLM copies the bytes as they are)."""
    rng = random.Random(123)
    m = Model("SELECT_V2 int8 and int16, broadcast, constant, chained after LESS")
    a = m.tensor("a", [4, 8], scale=0.1, zp=2)
    b = m.tensor("b", [4, 8], scale=0.1, zp=2)
    c = m.tensor("c", [2, 1, 3], "BOOL")
    x = m.tensor("x", [2, 4, 3], scale=0.05, zp=1)
    y = m.tensor("y", [1, 4, 1], scale=0.05, zp=1)
    c16 = m.tensor("c16", [4, 1], "BOOL")
    x16 = m.tensor("x16", [4, 5], "INT16", scale=0.001, zp=0)
    m.k_bytes = struct.pack("<5h", *[rng.randint(-32768, 32767) for _ in range(5)])
    k16 = m.tensor("k16", [5], "INT16", scale=0.001, zp=0, data=m.k_bytes)
    c6 = m.tensor("c6", [2, 1, 1, 2, 1, 3], "BOOL")
    x6 = m.tensor("x6", [1, 3, 1, 1, 2, 1], scale=0.2, zp=-5)
    y6 = m.tensor("y6", [1], scale=0.4, zp=7)
    less = m.tensor("less", [4, 8], "BOOL")
    o0 = m.tensor("min", [4, 8], scale=0.1, zp=2)
    o1 = m.tensor("s", [2, 4, 3], scale=0.05, zp=1)
    o2 = m.tensor("s16", [4, 5], "INT16", scale=0.001, zp=0)
    o3 = m.tensor("s6", [2, 3, 1, 2, 2, 3], scale=0.2, zp=-5)
    m.op("LESS", [a, b], [less])
    m.op("SELECT_V2", [less, a, b], [o0])
    m.op("SELECT_V2", [c, x, y], [o1])
    m.op("SELECT_V2", [c16, x16, k16], [o2])
    m.op("SELECT_V2", [c6, x6, y6], [o3])
    m.inputs, m.outputs = [a, b, c, x, y, c16, x16, c6, x6, y6], [o0, o1, o2, o3]
    return m


def select_v2_input():
    """a, b, x, y, x6, y6 random int8, x16 random int16; conditions 0 or 1."""
    rng = random.Random(127)

    def i8(n):
        return [rng.randint(-128, 127) for _ in range(n)]

    def cond(n):
        return [rng.randint(0, 1) for _ in range(n)]

    return (struct.pack("<32b32b6B24b4b4B", *(i8(32) + i8(32) + cond(6) + i8(24) + i8(4) + cond(4))) +
            struct.pack("<20h", *[rng.randint(-32768, 32767) for _ in range(20)]) +
            struct.pack("<12B6b1b", *(cond(12) + i8(6) + i8(1))))


def dynamic_update_slice_model():
    """DYNAMIC_UPDATE_SLICE (TFLM dynamic_update_slice.cc) over int8, int16, int32 and float32:
    starts from the model (in range, negative, past the end: clamped) and constant (int32 and
    int64, clamped), a constant operand (a streaming buffer of zeros), a 5-D int32 operand, an
    update as large as the operand (the whole output). Outputs keep the operand's quantization."""
    m = Model("DYNAMIC_UPDATE_SLICE")
    a = m.tensor("a", [2, 6, 4], scale=0.1, zp=-3)
    ua = m.tensor("ua", [2, 2, 4], scale=0.1, zp=-3)
    sa = m.tensor("sa", [3], "INT32")
    sb = m.tensor("sb", [3], "INT32")
    b = m.tensor("b", [4, 5], "INT16", scale=0.001, zp=0)
    ub = m.tensor("ub", [2, 3], "INT16", scale=0.001, zp=0)
    c = m.tensor("c", [1, 2, 3, 2, 2], "INT32")
    uc = m.tensor("uc", [1, 1, 3, 1, 2], "INT32")
    sc = m.tensor("sc", [5], "INT32")
    d = m.tensor("d", [3, 3], "FLOAT32")
    ud = m.tensor("ud", [3, 3], "FLOAT32")
    ue = m.tensor("ue", [1, 3], scale=0.05, zp=7)
    outs = []
    o = m.tensor("a_at_sa", [2, 6, 4], scale=0.1, zp=-3)
    m.op("DYNAMIC_UPDATE_SLICE", [a, ua, sa], [o])
    outs.append(o)
    o = m.tensor("a_at_sb", [2, 6, 4], scale=0.1, zp=-3)
    m.op("DYNAMIC_UPDATE_SLICE", [a, ua, sb], [o])
    outs.append(o)
    k64 = m.tensor("k64", [3], "INT64", data=struct.pack("<3q", 1, 5, -(1 << 40)))
    o = m.tensor("a_at_k64", [2, 6, 4], scale=0.1, zp=-3)
    m.op("DYNAMIC_UPDATE_SLICE", [a, ua, k64], [o])
    outs.append(o)
    kb = m.const_i32("kb", [-1, 3])
    o = m.tensor("b_at_kb", [4, 5], "INT16", scale=0.001, zp=0)
    m.op("DYNAMIC_UPDATE_SLICE", [b, ub, kb], [o])
    outs.append(o)
    o = m.tensor("c_at_sc", [1, 2, 3, 2, 2], "INT32")
    m.op("DYNAMIC_UPDATE_SLICE", [c, uc, sc], [o])
    outs.append(o)
    kd = m.const_i32("kd", [2, 1])
    o = m.tensor("d_whole", [3, 3], "FLOAT32")
    m.op("DYNAMIC_UPDATE_SLICE", [d, ud, kd], [o])
    outs.append(o)
    zeros = m.tensor("zeros", [1, 8], scale=0.05, zp=7, data=struct.pack("<8b", *([7] * 8)))
    ke = m.const_i32("ke", [0, 6])
    o = m.tensor("zeros_at_ke", [1, 8], scale=0.05, zp=7)
    m.op("DYNAMIC_UPDATE_SLICE", [zeros, ue, ke], [o])
    outs.append(o)
    m.inputs, m.outputs = [a, ua, sa, sb, b, ub, c, uc, sc, d, ud, ue], outs
    return m


def dynamic_update_slice_input():
    """Bytes from random.Random(117); sa in range, sb negative and past the end (clamped both
    ways), sc mixed; floats small."""
    rng = random.Random(117)
    a = [rng.randint(-128, 127) for _ in range(48)]
    ua = [rng.randint(-128, 127) for _ in range(16)]
    sa, sb = [1, 3, 0], [-7, 100, 2147483647]
    b = [rng.randint(-32768, 32767) for _ in range(20)]
    ub = [rng.randint(-32768, 32767) for _ in range(6)]
    c = [rng.randint(-2 ** 31, 2 ** 31 - 1) for _ in range(24)]
    uc = [rng.randint(-2 ** 31, 2 ** 31 - 1) for _ in range(6)]
    sc = [0, 1, -2, 5, 0]
    d = [rng.uniform(-4, 4) for _ in range(9)]
    ud = [rng.uniform(-4, 4) for _ in range(9)]
    ue = [rng.randint(-128, 127) for _ in range(3)]
    return (struct.pack("<48b16b3i3i", *(a + ua + sa + sb)) + struct.pack("<20h6h", *(b + ub)) +
            struct.pack("<24i6i5i", *(c + uc + sc)) + struct.pack("<9f9f", *(d + ud)) + struct.pack("<3b", *ue))


def broadcast_to_model():
    """BROADCAST_TO (TFLM broadcast_to.cc) over int8, int16, int32, float32 and bool, int32 and
    int64 shapes, up to 5-D, a constant input; FILL (fill.cc) int8, int32, float32 with the value
    from the model and constant (an int8 constant of another quantization: TFLM copies its byte),
    int32 and int64 dims; ZEROS_LIKE (zeros_like.cc) int8 (raw 0, not the zero point), int32,
    float32. The compiler lowers all three onto one BROADCAST_TO kernel."""
    m = Model("BROADCAST_TO, FILL, ZEROS_LIKE")
    x = m.tensor("x", [3, 1], scale=0.1, zp=-2)
    y = m.tensor("y", [1, 5], "INT16", scale=0.001, zp=0)
    z = m.tensor("z", [2, 1, 3], "FLOAT32")
    w = m.tensor("w", [4], "INT32")
    b = m.tensor("b", [1], "BOOL")
    v8 = m.tensor("v8", [], scale=0.1, zp=-2)
    vf = m.tensor("vf", [], "FLOAT32")
    outs = []

    def out(name, shape, ttype="INT8", **q):
        o = m.tensor(name, shape, ttype, **q)
        outs.append(o)
        return o
    m.op("BROADCAST_TO", [x, m.const_i32("s0", [2, 3, 4])], [out("bx", [2, 3, 4], scale=0.1, zp=-2)])
    s1 = m.tensor("s1", [3], "INT64", data=struct.pack("<3q", 3, 4, 5))
    m.op("BROADCAST_TO", [y, s1], [out("by", [3, 4, 5], "INT16", scale=0.001, zp=0)])
    m.op("BROADCAST_TO", [z, m.const_i32("s2", [2, 2, 3])], [out("bz", [2, 2, 3], "FLOAT32")])
    m.op("BROADCAST_TO", [w, m.const_i32("s3", [2, 1, 3, 1, 4])], [out("bw", [2, 1, 3, 1, 4], "INT32")])
    m.op("BROADCAST_TO", [b, m.const_i32("s4", [3, 2])], [out("bb", [3, 2], "BOOL")])
    k = m.tensor("k", [2], scale=0.1, zp=-2, data=struct.pack("<2b", -100, 55))
    m.op("BROADCAST_TO", [k, m.const_i32("s5", [3, 2])], [out("bk", [3, 2], scale=0.1, zp=-2)])
    m.op("FILL", [m.const_i32("d0", [2, 3]), v8], [out("f8", [2, 3], scale=0.1, zp=-2)])
    d1 = m.tensor("d1", [3], "INT64", data=struct.pack("<3q", 4, 1, 2))
    c32 = m.tensor("c32", [], "INT32", data=struct.pack("<i", 123456))
    m.op("FILL", [d1, c32], [out("f32", [4, 1, 2], "INT32")])
    m.op("FILL", [m.const_i32("d2", [5]), vf], [out("ff", [5], "FLOAT32")])
    c8 = m.tensor("c8", [], scale=0.5, zp=0, data=struct.pack("<b", 9))
    m.op("FILL", [m.const_i32("d3", [1, 2, 1, 2, 1, 2]), c8], [out("f8k", [1, 2, 1, 2, 1, 2], scale=0.1, zp=-2)])
    m.op("ZEROS_LIKE", [x], [out("zx", [3, 1], scale=0.1, zp=-2)])
    m.op("ZEROS_LIKE", [w], [out("zw", [4], "INT32")])
    m.op("ZEROS_LIKE", [z], [out("zz", [2, 1, 3], "FLOAT32")])
    m.inputs, m.outputs = [x, y, z, w, b, v8, vf], outs
    return m


def broadcast_to_input():
    """From random.Random(119): x int8 [3], y int16 [5], z float32 [6], w int32 [4], b bool 1,
    v8 int8, vf float32."""
    rng = random.Random(119)
    x = [rng.randint(-128, 127) for _ in range(3)]
    y = [rng.randint(-32768, 32767) for _ in range(5)]
    z = [rng.uniform(-2, 2) for _ in range(6)]
    w = [rng.randint(-2 ** 31, 2 ** 31 - 1) for _ in range(4)]
    return (struct.pack("<3b5h6f4i", *(x + y + z + w)) + struct.pack("<Bb", 1, -77) +
            struct.pack("<f", 3.25))


def embedding_hybrid_model():
    """EMBEDDING_LOOKUP's hybrid form (TFLM embedding_lookup.cc EvalHybrid): int8 tables with zero
    point 0 to float32 outputs (value times the table's scale): a constant [7, 6] table by ids from
    the model, a constant [4, 2, 3] table by constant ids (repeats), a table from the model."""
    m = Model("EMBEDDING_LOOKUP hybrid, int8 tables to float32")
    rng = random.Random(127)
    t1 = m.tensor("table1", [7, 6], scale=0.037, zp=0,
                  data=struct.pack("<42b", *[rng.randint(-128, 127) for _ in range(42)]))
    t2 = m.tensor("table2", [4, 2, 3], scale=3.5, zp=0,
                  data=struct.pack("<24b", *[rng.randint(-128, 127) for _ in range(24)]))
    x = m.tensor("x", [3, 4], scale=0.0011, zp=0)
    ids1 = m.tensor("ids1", [5], "INT32")
    ids3 = m.tensor("ids3", [4], "INT32")
    o1 = m.tensor("e1", [5, 6], "FLOAT32")
    o2 = m.tensor("e2", [3, 2, 3], "FLOAT32")
    o3 = m.tensor("e3", [4, 4], "FLOAT32")
    m.op("EMBEDDING_LOOKUP", [ids1, t1], [o1])
    m.op("EMBEDDING_LOOKUP", [m.const_i32("ids2", [3, 0, 3]), t2], [o2])
    m.op("EMBEDDING_LOOKUP", [ids3, x], [o3])
    m.inputs, m.outputs = [x, ids1, ids3], [o1, o2, o3]
    return m


def embedding_hybrid_input():
    """x from bytes (its ends included), ids in range with repeats."""
    rng = random.Random(131)
    x = [-128, 127] + [rng.randint(-128, 127) for _ in range(10)]
    return struct.pack("<12b", *x) + struct.pack("<9i", 6, 0, 2, 6, 3, 2, 0, 1, 2)


def gather_nd_model():
    """GATHER_ND (TFLM gather_nd.cc), int8 and float32 params (TFLM's types): single elements
    (depth = rank), rows (depth 1) and blocks (depth 2 of 4-D), indices from the model and
    constant, a constant table, a 5-deep index (TFLM's limit) into 6-D params."""
    m = Model("GATHER_ND, int8 and float32")
    rng = random.Random(121)
    x = m.tensor("x", [3, 4, 5], scale=0.05, zp=3)
    f = m.tensor("f", [4, 3], "FLOAT32")
    x6 = m.tensor("x6", [2, 2, 3, 1, 2, 3], scale=0.1, zp=-4)
    i3 = m.tensor("i3", [2, 3], "INT32")
    i1 = m.tensor("i1", [2, 2, 1], "INT32")
    i2 = m.tensor("i2", [4, 2], "INT32")
    i5 = m.tensor("i5", [3, 5], "INT32")
    table_bytes = struct.pack("<24b", *[rng.randint(-128, 127) for _ in range(24)])
    table = m.tensor("table", [2, 3, 4], scale=0.02, zp=-5, data=table_bytes)
    m.table_bytes = table_bytes
    outs = []

    def out(name, shape, ttype="INT8", **q):
        o = m.tensor(name, shape, ttype, **q)
        outs.append(o)
        return o
    m.op("GATHER_ND", [x, i3], [out("g_elems", [2], scale=0.05, zp=3)])
    m.op("GATHER_ND", [x, i1], [out("g_rows", [2, 2, 4, 5], scale=0.05, zp=3)])
    m.op("GATHER_ND", [f, m.const_i32("cf", [3, 0, 1, 2, 0, 1], [3, 2])], [out("g_f", [3], "FLOAT32")])
    m.op("GATHER_ND", [f, m.const_i32("cr", [2, 2, 0], [3, 1])], [out("g_frows", [3, 3], "FLOAT32")])
    m.op("GATHER_ND", [table, i2], [out("g_table", [4, 4], scale=0.02, zp=-5)])
    m.op("GATHER_ND", [x6, i5], [out("g6", [3, 3], scale=0.1, zp=-4)])
    m.inputs, m.outputs = [x, f, x6, i3, i1, i2, i5], outs
    return m


def gather_nd_input():
    """x, x6 bytes and f floats from random.Random(123); indices in range (repeats included)."""
    rng = random.Random(123)
    x = [rng.randint(-128, 127) for _ in range(60)]
    f = [rng.uniform(-3, 3) for _ in range(12)]
    x6 = [rng.randint(-128, 127) for _ in range(72)]
    i3 = [2, 3, 4, 0, 1, 2]
    i1 = [2, 0, 1, 2]
    i2 = [1, 2, 0, 0, 1, 0, 0, 2]
    i5 = [1, 1, 2, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1]
    return (struct.pack("<60b", *x) + struct.pack("<12f", *f) + struct.pack("<72b", *x6) +
            struct.pack("<6i4i8i15i", *(i3 + i1 + i2 + i5)))


def add_n_model():
    """ADD_N (TFLM add_n.cc): int8 (its quantized path), 2, 3, 5 and 10 inputs of one scale and
    zero point (TFLM's Prepare), a 4-D and a 6-D shape, a constant input, outputs of several scales
    (one that saturates), zero point -128 (input offset 128) and 0; float32, three inputs (one
    constant) and two."""
    m = Model("ADD_N, int8")
    rng = random.Random(125)
    a = m.tensor("a", [2, 3, 4], scale=0.05, zp=7)
    b = m.tensor("b", [2, 3, 4], scale=0.05, zp=7)
    c = m.tensor("c", [2, 3, 4], scale=0.05, zp=7)
    kb = struct.pack("<24b", *[rng.randint(-128, 127) for _ in range(24)])
    k = m.tensor("k", [2, 3, 4], scale=0.05, zp=7, data=kb)
    m.k_bytes = kb
    x = m.tensor("x", [1, 2, 2, 3], scale=0.02, zp=-128)
    y = m.tensor("y", [1, 2, 2, 3], scale=0.02, zp=-128)
    z = m.tensor("z", [1, 2, 1, 2, 1, 3], scale=0.1, zp=0)
    w = m.tensor("w", [1, 2, 1, 2, 1, 3], scale=0.1, zp=0)
    outs = []

    def out(name, shape, scale, zp):
        o = m.tensor(name, shape, scale=scale, zp=zp)
        outs.append(o)
        return o
    m.op("ADD_N", [a, b], [out("ab", [2, 3, 4], 0.1, -3)])
    m.op("ADD_N", [a, b, c], [out("abc", [2, 3, 4], 0.13, 5)])
    m.op("ADD_N", [a, b, c, k, a], [out("abcka", [2, 3, 4], 0.2, 0)])
    m.op("ADD_N", [a, b, c], [out("abc_sat", [2, 3, 4], 0.01, 0)])
    m.op("ADD_N", [x, y, x, y, x, y, x, y, x, y], [out("xy10", [1, 2, 2, 3], 0.3, -100)])
    m.op("ADD_N", [z, w, z], [out("zwz", [1, 2, 1, 2, 1, 3], 0.25, 2)])
    f1 = m.tensor("f1", [2, 5], "FLOAT32")
    f2 = m.tensor("f2", [2, 5], "FLOAT32")
    m.kf_bytes = struct.pack("<10f", *[rng.uniform(-100, 100) for _ in range(10)])
    kf = m.tensor("kf", [2, 5], "FLOAT32", data=m.kf_bytes)
    for name, ins in [("f12k", [f1, f2, kf]), ("f11", [f1, f1])]:
        o = m.tensor(name, [2, 5], "FLOAT32")
        m.op("ADD_N", ins, [o])
        outs.append(o)
    m.inputs, m.outputs = [a, b, c, x, y, z, w, f1, f2], outs
    return m


def cumsum_model():
    """CUMSUM (TFLM cumsum.cc): int8 (its quantized path), the four exclusive/reverse pairs, axes
    first, middle, last and negative, a 1-D and a 6-D input, outputs of several scales (one that
    saturates), zero points 0, 9 and -128 (input offset 128); float32 along each axis of a 2-D
    input, exclusive reverse and plain."""
    m = Model("CUMSUM, int8")
    x = m.tensor("x", [2, 5, 3], scale=0.05, zp=9)
    v = m.tensor("v", [12], scale=0.02, zp=-128)
    h = m.tensor("h", [1, 2, 1, 3, 2, 2], scale=0.1, zp=0)
    outs = []

    def cs(src, axis, shape, scale, zp, exclusive, reverse):
        o = m.tensor("cs%d" % len(outs), shape, scale=scale, zp=zp)
        m.op("CUMSUM", [src, m.const_i32("axis%d" % len(outs), [axis], shape=[])], [o],
             exclusive=exclusive, reverse=reverse)
        outs.append(o)
    cs(x, 1, [2, 5, 3], 0.1, -3, False, False)
    cs(x, 1, [2, 5, 3], 0.1, -3, True, False)
    cs(x, 1, [2, 5, 3], 0.1, -3, False, True)
    cs(x, 1, [2, 5, 3], 0.1, -3, True, True)
    cs(x, 0, [2, 5, 3], 0.07, 4, False, False)
    cs(x, -1, [2, 5, 3], 0.12, 0, False, True)
    cs(x, 1, [2, 5, 3], 0.02, 0, False, False)
    cs(v, 0, [12], 0.3, -100, True, False)
    cs(h, 3, [1, 2, 1, 3, 2, 2], 0.2, 6, False, False)
    f = m.tensor("f", [3, 4], "FLOAT32")
    for axis, exclusive, reverse in [(1, True, True), (0, False, False)]:
        o = m.tensor("csf%d" % len(outs), [3, 4], "FLOAT32")
        m.op("CUMSUM", [f, m.const_i32("axis%d" % len(outs), [axis], shape=[])], [o],
             exclusive=exclusive, reverse=reverse)
        outs.append(o)
    m.inputs, m.outputs = [x, v, h, f], outs
    return m


def dequantize_model():
    """DEQUANTIZE (TFLM dequantize.cc) of each of its input types: int8, int16 (zero point 0 as
    a converter writes it, and a nonzero one, which TFLM takes too) and uint8, ranks 1 to 6, to
    float32 scale * (q - zero point)."""
    m = Model("DEQUANTIZE int8, int16, uint8")
    a = m.tensor("a", [2, 3, 4], scale=0.05, zp=-3)
    b = m.tensor("b", [3, 5], "INT16", scale=0.0003, zp=0)
    c = m.tensor("c", [2, 2, 2, 2, 2], "INT16", scale=0.011, zp=1234)
    d = m.tensor("d", [1, 2, 1, 2, 3, 2], "UINT8", scale=0.1, zp=128)
    e = m.tensor("e", [7], "UINT8", scale=3.7e-5, zp=0)
    outs = []
    for src in (a, b, c, d, e):
        o = m.tensor(m.tensors[src]["name"] + "_f32", m.tensors[src]["shape"], "FLOAT32")
        m.op("DEQUANTIZE", [src], [o])
        outs.append(o)
    m.inputs, m.outputs = [a, b, c, d, e], outs
    return m


def dequantize_input():
    """Each type's ends and zero point, then values from random.Random(131)."""
    rng = random.Random(131)
    a = [-128, 127, -3, 0] + [rng.randint(-128, 127) for _ in range(20)]
    b = [-32768, 32767, 0, 1, -1] + [rng.randint(-32768, 32767) for _ in range(10)]
    c = [-32768, 32767, 1234, 1233] + [rng.randint(-32768, 32767) for _ in range(28)]
    d = [0, 255, 128, 127] + [rng.randint(0, 255) for _ in range(20)]
    e = [0, 255, 1, 254, 128, 17, 99]
    return struct.pack("<24b15h32h24B7B", *(a + b + c + d + e))


def reverse_v2_model():
    """REVERSE_V2 (TFLM reverse.cc) over ranks 3 to 6 and four types: int8 [2,3,2,4,3] axes
    {1, 2} and {-1}, int16 6-D axis {2}, float32 6-D every axis {5,4,3,2,1,0}, int32 4-D {0, 1},
    int8 3-D {-3}. Ranks 5 and 6 are what the compiler lowers as a 3-D view (the reversed block
    as the middle axis) between two RESHAPEs."""
    m = Model("REVERSE_V2 ranks 3-6")
    a = m.tensor("a", [2, 3, 2, 4, 3], scale=0.05, zp=-3)
    b = m.tensor("b", [2, 1, 3, 2, 1, 3], "INT16", scale=0.001, zp=0)
    c = m.tensor("c", [1, 2, 2, 1, 3, 2], "FLOAT32")
    d = m.tensor("d", [2, 3, 2, 2], "INT32")
    e = m.tensor("e", [3, 2, 5], scale=0.1, zp=7)
    outs = []
    for src, axes in ((a, [1, 2]), (a, [-1]), (b, [2]), (c, [5, 4, 3, 2, 1, 0]), (d, [0, 1]), (e, [-3])):
        t = m.tensors[src]
        q = t.get("quantization", {})
        o = m.tensor("%s_rev%d" % (t["name"], len(outs)), t["shape"], t["type"],
                     scale=q.get("scale", [None])[0], zp=q.get("zero_point", [None])[0])
        m.op("REVERSE_V2", [src, m.const_i32("axes%d" % len(outs), axes)], [o])
        outs.append(o)
    m.inputs, m.outputs = [a, b, c, d, e], outs
    return m


def main():
    schema = sys.argv[1]
    pad_model().write(os.path.join(HERE, "pad"), schema)
    transpose_model().write(os.path.join(HERE, "transpose"), schema)
    resize_model().write(os.path.join(HERE, "resize"), schema)
    reduce_model().write(os.path.join(HERE, "reduce"), schema)
    transpose_conv_model().write(os.path.join(HERE, "transpose_conv"), schema)
    svdf_model().write(os.path.join(HERE, "svdf"), schema)
    conv_one_out_model().write(os.path.join(HERE, "conv_one_out"), schema)
    conv_small_model().write(os.path.join(HERE, "conv_small"), schema)
    reduce_extreme_model().write(os.path.join(HERE, "reduce_extreme"), schema)
    arg_min_max_model().write(os.path.join(HERE, "arg_min_max"), schema)
    with open(os.path.join(HERE, "arg_min_max", "input.bin"), "wb") as f:
        f.write(arg_min_max_input())
    depth_space_model().write(os.path.join(HERE, "depth_space"), schema)
    resize_bilinear_model().write(os.path.join(HERE, "resize_bilinear"), schema)
    space_batch_model().write(os.path.join(HERE, "space_batch"), schema)
    mirror_pad_model().write(os.path.join(HERE, "mirror_pad"), schema)
    l2norm_model().write(os.path.join(HERE, "l2norm"), schema)
    pad_s16_model().write(os.path.join(HERE, "pad_s16"), schema)
    leaky_relu_s16_model().write(os.path.join(HERE, "leaky_relu_s16"), schema)
    with open(os.path.join(HERE, "leaky_relu_s16", "input.bin"), "wb") as f:
        f.write(leaky_relu_s16_input())
    am = add_sub_s16_model()
    am.write(os.path.join(HERE, "add_sub_s16"), schema)
    with open(os.path.join(HERE, "add_sub_s16", "k.bin"), "wb") as f:
        f.write(am.k_bytes)  # the constant operand, for the C test's kernel call
    with open(os.path.join(HERE, "l2norm", "input.bin"), "wb") as f:
        f.write(l2norm_input())
    log_softmax_model().write(os.path.join(HERE, "log_softmax"), schema)
    with open(os.path.join(HERE, "log_softmax", "input.bin"), "wb") as f:
        f.write(log_softmax_input())
    elu_model().write(os.path.join(HERE, "elu"), schema)
    with open(os.path.join(HERE, "elu", "input.bin"), "wb") as f:
        f.write(elu_input())
    conv_16x8_model().write(os.path.join(HERE, "conv_16x8"), schema)
    transpose_conv_16x8_model().write(os.path.join(HERE, "transpose_conv_16x8"), schema)
    depthwise_16x8_model().write(os.path.join(HERE, "depthwise_16x8"), schema)
    fully_connected_16x8_model().write(os.path.join(HERE, "fully_connected_16x8"), schema)
    pool_16x8_model().write(os.path.join(HERE, "pool_16x8"), schema)
    reduce_s16_model().write(os.path.join(HERE, "reduce_s16"), schema)
    cast_model().write(os.path.join(HERE, "cast"), schema)
    with open(os.path.join(HERE, "cast", "input.bin"), "wb") as f:
        f.write(cast_input())
    reverse_v2_model().write(os.path.join(HERE, "reverse_v2"), schema)
    dequantize_model().write(os.path.join(HERE, "dequantize"), schema)
    with open(os.path.join(HERE, "dequantize", "input.bin"), "wb") as f:
        f.write(dequantize_input())
    dynamic_update_slice_model().write(os.path.join(HERE, "dynamic_update_slice"), schema)
    with open(os.path.join(HERE, "dynamic_update_slice", "input.bin"), "wb") as f:
        f.write(dynamic_update_slice_input())
    broadcast_to_model().write(os.path.join(HERE, "broadcast_to"), schema)
    with open(os.path.join(HERE, "broadcast_to", "input.bin"), "wb") as f:
        f.write(broadcast_to_input())
    cumsum_model().write(os.path.join(HERE, "cumsum"), schema)
    anm = add_n_model()
    anm.write(os.path.join(HERE, "add_n"), schema)
    with open(os.path.join(HERE, "add_n", "k.bin"), "wb") as f:
        f.write(anm.k_bytes)  # the constant input, for the C test's kernel call
    with open(os.path.join(HERE, "add_n", "kf.bin"), "wb") as f:
        f.write(anm.kf_bytes)  # the float32 constant input
    embedding_hybrid_model().write(os.path.join(HERE, "embedding_hybrid"), schema)
    with open(os.path.join(HERE, "embedding_hybrid", "input.bin"), "wb") as f:
        f.write(embedding_hybrid_input())
    gnd = gather_nd_model()
    gnd.write(os.path.join(HERE, "gather_nd"), schema)
    with open(os.path.join(HERE, "gather_nd", "table.bin"), "wb") as f:
        f.write(gnd.table_bytes)  # the constant table, for the C test's kernel call
    with open(os.path.join(HERE, "gather_nd", "input.bin"), "wb") as f:
        f.write(gather_nd_input())
    mul_s16_model().write(os.path.join(HERE, "mul_s16"), schema)
    softmax_s16_model().write(os.path.join(HERE, "softmax_s16"), schema)
    sm = squared_difference_model()
    sm.write(os.path.join(HERE, "squared_difference"), schema)
    with open(os.path.join(HERE, "squared_difference", "k.bin"), "wb") as f:
        f.write(sm.k_bytes)  # the constant operands (k8, then k16), for the C test's kernel calls
    rsqrt_abs_model().write(os.path.join(HERE, "rsqrt_abs"), schema)
    with open(os.path.join(HERE, "rsqrt_abs", "input.bin"), "wb") as f:
        f.write(rsqrt_abs_input())
    gm = gather_model()
    gm.write(os.path.join(HERE, "gather"), schema)
    with open(os.path.join(HERE, "gather", "table.bin"), "wb") as f:
        f.write(gm.table_bytes)  # the constant table, for the C test's kernel call
    with open(os.path.join(HERE, "gather", "input.bin"), "wb") as f:
        f.write(gather_input())
    bm = batch_matmul_model()
    bm.write(os.path.join(HERE, "batch_matmul"), schema)
    with open(os.path.join(HERE, "batch_matmul", "constants.bin"), "wb") as f:
        f.write(bm.constant_bytes)  # c1, c2, c3 (int8), c16 (int16), for the C test's kernel calls
    with open(os.path.join(HERE, "batch_matmul", "input.bin"), "wb") as f:
        f.write(batch_matmul_input())
    logistic_tanh_wide_model().write(os.path.join(HERE, "logistic_tanh_wide"), schema)
    with open(os.path.join(HERE, "logistic_tanh_wide", "input.bin"), "wb") as f:
        f.write(logistic_tanh_wide_input())
    concat_const_model().write(os.path.join(HERE, "concat_const"), schema)
    conv_grouped_model().write(os.path.join(HERE, "conv_grouped"), schema)
    softmax_wide_model().write(os.path.join(HERE, "softmax_wide"), schema)
    with open(os.path.join(HERE, "softmax_wide", "input.bin"), "wb") as f:
        f.write(softmax_wide_input())
    for name, make, make_input in (("div", div_model, div_input), ("comparison", comparison_model, comparison_input),
                                   ("select_v2", select_v2_model, select_v2_input)):
        dm = make()
        dm.write(os.path.join(HERE, name), schema)
        with open(os.path.join(HERE, name, "k.bin"), "wb") as f:
            f.write(dm.k_bytes)  # the constant operand, for the C test's kernel calls
        with open(os.path.join(HERE, name, "input.bin"), "wb") as f:
            f.write(make_input())


if __name__ == "__main__":
    main()
