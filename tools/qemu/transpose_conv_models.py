#!/usr/bin/env python3
"""Writes the TRANSPOSE_CONV benchmark models of the README (one int8 layer each, per-channel
weights, a bias) with the test-data writer, and an input for each:

    python3 tools/qemu/transpose_conv_models.py OUT [--schema /tmp/schema.fbs]

OUT/<name>/model.tflite and input.bin. Their expected outputs come from TFLM's reference kernels
(a tflm-golden dumper with TRANSPOSE_CONV registered: `dump model.tflite OUT/<name>/tflm 11
--no-tensors --input input.bin`); then
    tinyml compile OUT/<name>/model.tflite -o m.tnm
    tools/qemu/bench.sh m.tnm OUT/<name>/input.bin OUT/<name>/tflm/output.bin m4 rv32
Python 3 standard library only (plus flatc for the writer).
"""
import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fuzz"))
import tflm_diff as T  # noqa: E402  (its model generator: G, weights_and_bias, acc_scale)

# name: input [n, h, w, c], output channels, square filter, stride, padding
MODELS = [
    ("tc_16x16x32_k3s2_oc16", [1, 16, 16, 32], 16, 3, 2, "SAME"),
    ("tc_8x8x64_k4s2_oc32", [1, 8, 8, 64], 32, 4, 2, "SAME"),
    ("tc_12x12x16_k3s1_oc16", [1, 12, 12, 16], 16, 3, 1, "SAME"),
]


def write(out, schema, name, shape, oc, k, s, padding, seed=5):
    n, h, w, ic = shape
    g = T.G(random.Random(seed), name)
    g.big = False
    oh, ow = (h * s, w * s) if padding == "SAME" else ((h - 1) * s + k, (w - 1) * s + k)
    x = g.x(shape, "INT8", scale=0.05, zp=-3)
    wt, bias, ws = T.weights_and_bias(g, oc, [oc, k, k, ic], 0, ic * k * k, 0.05)
    y = g.y([n, oh, ow, oc], "INT8", scale=T.acc_scale(g, 0.05, ws, ic * k * k), zp=5)
    ins = [g.i32([n, oh, ow, oc]), wt, x] + ([bias] if bias is not None else [])
    g.m.op("TRANSPOSE_CONV", ins, [y], padding=padding, stride_h=s, stride_w=s,
           fused_activation_function="NONE")
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    g.m.write(folder, schema)
    with open(os.path.join(folder, "input.bin"), "wb") as f:
        f.write(g.input_bytes())
    print("%s: %d MACs" % (folder, n * h * w * ic * k * k * oc))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--schema", default=os.environ.get("TFLITE_SCHEMA", "/tmp/schema.fbs"))
    args = ap.parse_args()
    for m in MODELS:
        write(args.out, args.schema, *m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
