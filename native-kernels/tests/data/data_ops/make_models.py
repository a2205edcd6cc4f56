#!/usr/bin/env python3
"""Writes the tiny data-movement and QUANTIZE models under tests/data/data_ops/<case>/ (JSON
in the TFLite schema -> flatc -> model.tflite) and the inputs the goldens are dumped for.

    python3 make_models.py SCHEMA_FBS    # TFLite's schema.fbs with " (deprecated)" removed

The model writer (JSON -> flatc) is ../tflite_json.py, shared with ../make_models.py.
The golden bytes (output.bin) come from TFLM's reference kernels (README.md); not made here.
The C test (tests/test_kernels_data_golden.c) mirrors the cases below: keep them in step.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tflite_json import Model  # noqa: E402  (the shared writer, one folder up)


Q = dict(scale=0.05, zp=-3)  # concatenation needs one scale and zero point (TFLM, int8)


def concat_model():
    m = Model("CONCATENATION, int8: 3 inputs on axis 1, 2 on axis -1, 2 on axis 0, int32 on axis 1")
    a = m.tensor("a", [2, 3, 4], **Q)
    b = m.tensor("b", [2, 1, 4], **Q)
    c = m.tensor("c", [2, 2, 4], **Q)
    d = m.tensor("d", [2, 3, 2], **Q)
    e = m.tensor("e", [1, 3, 4], **Q)
    f = m.tensor("f", [2, 2], "INT32")
    g = m.tensor("g", [2, 3], "INT32")
    o1 = m.tensor("abc", [2, 6, 4], **Q)
    o2 = m.tensor("ad", [2, 3, 6], **Q)
    o3 = m.tensor("ea", [3, 3, 4], **Q)
    o4 = m.tensor("fg", [2, 5], "INT32")
    m.op("CONCATENATION", [a, b, c], [o1], axis=1)
    m.op("CONCATENATION", [a, d], [o2], axis=-1)
    m.op("CONCATENATION", [e, a], [o3], axis=0)
    m.op("CONCATENATION", [f, g], [o4], axis=1)
    m.inputs, m.outputs = [a, b, c, d, e, f, g], [o1, o2, o3, o4]
    return m


def split_model():
    m = Model("SPLIT and SPLIT_V, int8: axis 1 in 3, axis -1 in 2, SPLIT_V sizes [1,-1,2] on axis 1 and [3,1] on axis 2")
    x = m.tensor("x", [2, 6, 4], **Q)
    ax1 = m.const_i32("axis1", [1], [])
    axm1 = m.const_i32("axis_m1", [-1], [])
    ax2 = m.const_i32("axis2", [2], [])
    s1 = m.const_i32("sizes1", [1, -1, 2])
    s2 = m.const_i32("sizes2", [3, 1])
    outs = []
    o = [m.tensor("s%d" % i, [2, 2, 4], **Q) for i in range(3)]
    m.op("SPLIT", [ax1, x], o, num_splits=3)
    outs += o
    o = [m.tensor("t%d" % i, [2, 6, 2], **Q) for i in range(2)]
    m.op("SPLIT", [axm1, x], o, num_splits=2)
    outs += o
    o = [m.tensor("v%d" % i, [2, n, 4], **Q) for i, n in enumerate([1, 3, 2])]
    m.op("SPLIT_V", [x, s1, ax1], o, num_splits=3)
    outs += o
    o = [m.tensor("w%d" % i, [2, 6, n], **Q) for i, n in enumerate([3, 1])]
    m.op("SPLIT_V", [x, s2, ax2], o, num_splits=2)
    outs += o
    m.inputs, m.outputs = [x], outs
    return m


# (begin, end, strides, begin_mask, end_mask, shrink_axis_mask, output shape) over x [3,4,5]
# and (the last two) y [2,3,4,2]; the C test has the same table
SLICE_CASES = [
    ([0, 1, 0], [3, 4, 5], [1, 1, 2], 0, 0, 0, [3, 3, 3]),
    ([-1, -1, -1], [0, 0, 0], [-1, -2, -1], 0, 0b101, 0, [3, 2, 5]),
    ([1, 0, 2], [2, 4, 3], [1, 1, 1], 0, 0, 0b101, [4]),
    ([1, 3, -4], [2, 1, 5], [1, -1, 1], 0b010, 0b001, 0, [2, 2, 4]),
    ([2, 0, 4], [0, 4, 0], [-2, 3, -3], 0, 0b010, 0b000, [1, 2, 2]),
    ([0, -2, 1], [0, 0, 0], [1, 1, 1], 0b001, 0b111, 0b001, [2, 4]),
    ([1, 2, 3, 1], [0, 0, 0, 0], [-1, -1, -2, -1], 0, 0b1111, 0, [2, 3, 2, 2]),
    ([0, 0, 1, 0], [2, 3, 4, 1], [1, 2, 1, 1], 0, 0, 0b1000, [2, 2, 3]),
]


def strided_slice_model():
    m = Model("STRIDED_SLICE, int8: begin/end masks, shrink, negative strides, 3-D and 4-D")
    x = m.tensor("x", [3, 4, 5], **Q)
    y = m.tensor("y", [2, 3, 4, 2], **Q)
    outs = []
    for i, (begin, end, strides, bm, em, sm, shape) in enumerate(SLICE_CASES):
        src = x if len(begin) == 3 else y
        ins = [src, m.const_i32("begin%d" % i, begin), m.const_i32("end%d" % i, end),
               m.const_i32("strides%d" % i, strides)]
        o = m.tensor("o%d" % i, shape, **Q)
        m.op("STRIDED_SLICE", ins, [o], begin_mask=bm, end_mask=em, shrink_axis_mask=sm)
        outs.append(o)
    m.inputs, m.outputs = [x, y], outs
    return m


# (input type, scale, zp) -> (output type, scale, zp); the C test has the same table
QUANT_CASES = [("INT8", 0.05, -3, "UINT8", 0.1, 120), ("UINT8", 0.02, 130, "INT8", 0.03, -10),
               ("INT8", 0.5, 17, "UINT8", 0.004, 0), ("UINT8", 1.0, 0, "INT8", 0.0117, 127)]


def quantize_model():
    m = Model("QUANTIZE int8 -> uint8 and uint8 -> int8, every input value")
    ins, outs = [], []
    for i, (it, isc, izp, ot, osc, ozp) in enumerate(QUANT_CASES):
        x = m.tensor("x%d" % i, [256], it, scale=isc, zp=izp)
        o = m.tensor("q%d" % i, [256], ot, scale=osc, zp=ozp)
        m.op("QUANTIZE", [x], [o])
        ins.append(x)
        outs.append(o)
    m.inputs, m.outputs = ins, outs
    # every byte value once per input
    with open(os.path.join(HERE, "quantize", "input.bin"), "wb") as f:
        f.write(bytes(range(256)) * len(QUANT_CASES))
    return m


def main():
    schema = sys.argv[1]
    os.makedirs(os.path.join(HERE, "quantize"), exist_ok=True)
    concat_model().write(os.path.join(HERE, "concat"), schema)
    split_model().write(os.path.join(HERE, "split"), schema)
    strided_slice_model().write(os.path.join(HERE, "strided_slice"), schema)
    quantize_model().write(os.path.join(HERE, "quantize"), schema)


if __name__ == "__main__":
    main()
