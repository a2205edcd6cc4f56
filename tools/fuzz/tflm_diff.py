#!/usr/bin/env python3
"""Random differential campaign: TinyMl.Nano against TensorFlow Lite Micro, one operator at a time.

For each operator class it writes random VALID small TFLite models (random shapes, options,
scales over several decades, zero points across the range; int8 and the 16x8 variants) with
the test-data writer (native-kernels/tests/data/tflite_json.py + flatc), random input bytes,
runs them through TFLM's reference kernels (the `dump` tool of tflm-golden, given by --dump or
$TFLM_DUMP; never built here) and through `tinyml compile` + `tinyml run`, and compares the
output bytes. The stateful classes (SVDF, UNIDIRECTIONAL_SEQUENCE_LSTM) run several inferences in a
row from one fresh state (`dump --invokes K`, `tinyml run --invokes K`) and compare all outputs.
Every case is classified:

    match       same bytes
    mismatch    different bytes (the number of differing values and the largest difference)
    gap         TFLM runs the model, `tinyml compile` refuses it (the message is recorded)
    crash       our side died (unhandled exception, signal) or `tinyml run` failed
    hang        our side took longer than --timeout
    tflm-skip   TFLM refused the model (Prepare/Invoke failed): not a finding
    tflm-crash  TFLM died or hung: not a finding

    python3 tools/fuzz/tflm_diff.py --dump /tmp/tflm-golden/tflm-host/dump \
        --tinyml /tmp/tinyml/tinyml --seed 1 --count 40 [--ops CONV_2D,ADD] [--index 7]

Seeded and reproducible: case i of operator class OP under --seed S is random.Random("S:OP:i"),
whatever else runs; `--ops OP --index i` repeats it alone. Cases that are not a match (or all,
with --keep-all) stay in --work/<OP>/<i>/ (model.json, model.tflite, input.bin, TFLM's
output.bin, ours.bin, log.txt). Python 3 standard library only.
"""
import argparse
import concurrent.futures
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "native-kernels", "tests", "data"))
from tflite_json import Model  # noqa: E402

SIZE = {"INT8": 1, "UINT8": 1, "INT16": 2, "INT32": 4, "INT64": 8, "FLOAT32": 4, "BOOL": 1}
FMT = {"INT8": "b", "UINT8": "B", "INT16": "h", "INT32": "i", "INT64": "q", "FLOAT32": "f", "BOOL": "B"}
RANGE = {"INT8": (-128, 127), "UINT8": (0, 255), "INT16": (-32768, 32767), "BOOL": (0, 1),
         "INT32": (-2 ** 31, 2 ** 31 - 1), "INT64": (-2 ** 63, 2 ** 63 - 1)}
ACTS = ["NONE", "NONE", "NONE", "RELU", "RELU6", "RELU_N1_TO_1"]


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


class G:
    """One random model under construction: the TFLite model, its inputs' byte recipes and
    its outputs' types."""

    def __init__(self, r, desc):
        self.r = r
        self.m = Model(desc)
        self.inputs = []   # (shape, type, recipe)
        self.outputs = []  # (shape, type)
        self.big = r.random() < 0.3  # larger shapes: the kernels' blocked and wide paths
        self.invokes = 1  # inferences in a row from one fresh state (the stateful classes)

    # random numbers
    def logu(self, lo, hi):
        return math.exp(self.r.uniform(math.log(lo), math.log(hi)))

    def scale(self, lo=1e-3, hi=1.0):
        if self.r.random() < 0.15:  # now and then far outside the usual decades
            lo, hi = lo / 30, hi * 30
        return self.logu(lo, hi)

    def n(self, hi, big_hi):
        """A dimension: 1..hi, or 1..big_hi in a large-shape case."""
        return self.r.randint(1, big_hi if self.big else hi)

    def zp(self, ttype="INT8"):
        if ttype == "INT16":
            return 0
        if ttype == "UINT8":
            return self.r.randint(0, 255)
        # favour the ends now and then: -128 and 127 are where rounding and clamping bite
        return self.r.choice([-128, 127, 0]) if self.r.random() < 0.15 else self.r.randint(-128, 127)

    def dims(self, rank, lo=1, hi=6):
        if self.big and rank <= 3:
            hi *= 3
        return [self.r.randint(lo, hi) for _ in range(rank)]

    # tensors
    def x(self, shape, ttype="INT8", scale=None, zp=None, recipe=None, raw=False):
        """A model input (an activation); raw: without quantization parameters."""
        if ttype in ("INT8", "UINT8", "INT16") and not raw:
            scale = self.scale() if scale is None else scale
            zp = self.zp(ttype) if zp is None else zp
        t = self.m.tensor("in%d" % len(self.inputs), shape, ttype, scale=scale, zp=zp)
        self.inputs.append((shape, ttype, recipe, zp))
        self.m.inputs.append(t)
        return t

    def y(self, shape, ttype="INT8", scale=None, zp=None, raw=False):
        """A model output; raw: without quantization parameters."""
        if ttype in ("INT8", "UINT8", "INT16") and not raw:
            scale = self.scale() if scale is None else scale
            zp = self.zp(ttype) if zp is None else zp
        t = self.m.tensor("out%d" % len(self.outputs), shape, ttype, scale=scale, zp=zp)
        self.outputs.append((shape, ttype))
        self.m.outputs.append(t)
        return t

    def t(self, shape, ttype="INT8", scale=None, zp=None):
        """An intermediate tensor (2-3 operator models)."""
        if ttype not in ("INT32", "FLOAT32"):
            scale = self.scale() if scale is None else scale
            zp = self.zp(ttype) if zp is None else zp
        return self.m.tensor("mid%d" % len(self.m.tensors), shape, ttype, scale=scale, zp=zp)

    def const(self, shape, ttype="INT8", scale=None, zp=None, qdim=None, lo=None, hi=None, values=None):
        n = prod(shape)
        if values is None:
            a, b = RANGE[ttype]
            a = a if lo is None else lo
            b = b if hi is None else hi
            values = [self.r.randint(a, b) for _ in range(n)]
        data = struct.pack("<%d%s" % (n, FMT[ttype]), *values)
        return self.m.tensor("c%d" % len(self.m.tensors), shape, ttype, scale=scale, zp=zp, data=data,
                             qdim=qdim)

    def i32(self, values, shape=None):
        return self.m.const_i32("c%d" % len(self.m.tensors), values, shape)

    def act(self):
        return self.r.choice(ACTS)

    def input_bytes(self):
        """The bytes of every input for one inference."""
        out = b""
        for shape, ttype, recipe, zp in self.inputs:
            n = prod(shape)
            r = self.r
            if ttype == "FLOAT32":
                k = recipe if isinstance(recipe, float) else 1.0
                vals = [r.uniform(-k, k) for _ in range(n)]
            elif isinstance(recipe, tuple) and recipe[0] == "values":  # exactly these
                vals = list(recipe[1])
            elif isinstance(recipe, list):  # values drawn from this list
                vals = [r.choice(recipe) for _ in range(n)]
            elif isinstance(recipe, dict):  # {"not": v}: any value of the type but v
                a, b = RANGE[ttype]
                vals = []
                while len(vals) < n:
                    v = r.randint(a, b) if r.random() < 0.8 else r.randint(-5, 5)
                    if v != recipe["not"] and a <= v <= b:
                        vals.append(v)
            elif recipe == "every":  # every value of the type's range, shuffled, repeated
                a, b = RANGE[ttype]
                vals = [a + i % (b - a + 1) for i in range(n)]
                r.shuffle(vals)
            elif isinstance(recipe, tuple):  # (lo, hi) inclusive
                vals = [r.randint(recipe[0], recipe[1]) for _ in range(n)]
            else:
                a, b = RANGE[ttype]
                vals = [r.randint(a, b) for _ in range(n)]
            out += struct.pack("<%d%s" % (n, FMT[ttype]), *vals)
        return out


# ---------------------------------------------------------------------------------------------
# generators: one per operator class; each builds a VALID model (TFLM may still refuse some)

def conv_out(size, k, stride, dil, padding):
    eff = (k - 1) * dil + 1
    if padding == "SAME":
        return (size + stride - 1) // stride
    return (size - eff + stride) // stride  # may be <= 0: caller retries


def acc_scale(g, in_scale, w_scale, k):
    """An output scale near the accumulator's natural range, times 10^U(-1.3, 1.3)."""
    std = math.sqrt(max(k, 1)) * in_scale * w_scale * 74 * 74
    return max(3 * std / 128 * 10 ** g.r.uniform(-1.3, 1.3), 1e-9)


def weights_and_bias(g, oc, wshape, qdim, k, in_scale, act16=False, bias_p=0.8, btypes16=None):
    per_channel = g.r.random() < 0.8
    wscales = [g.scale(1e-3, 0.05) for _ in range(oc)] if per_channel else [g.scale(1e-3, 0.05)]
    w = g.const(wshape, "INT8", scale=wscales, zp=[0] * len(wscales), qdim=qdim, lo=-127, hi=127)
    bias = None
    if g.r.random() < bias_p:
        bscales = [in_scale * s for s in wscales]
        btype = "INT32"
        if act16:
            btype = g.r.choice(btypes16 or ["INT64", "INT64", "INT32"])
        span = int(math.sqrt(max(k, 1)) * 74 * 74 * 2)
        if btype == "INT16":
            span = min(span, 32767)
        bias = g.const([oc], btype, scale=bscales, zp=[0] * len(bscales), qdim=0, lo=-span, hi=span)
    return w, bias, sum(wscales) / len(wscales)


def gen_conv(g, act16=False, depthwise=False, grouped=False):
    r = g.r
    atype = "INT16" if act16 else "INT8"
    for _ in range(50):
        n = r.randint(1, 2)
        h, w = g.n(12, 24), g.n(12, 24)
        kh, kw = r.randint(1, 5), r.randint(1, 5)
        sh, sw = r.choice([1, 1, 2, 3]), r.choice([1, 1, 2, 3])
        dh, dw = (r.choice([1, 1, 2, 3]), r.choice([1, 1, 2, 3])) if r.random() < 0.4 else (1, 1)
        padding = r.choice(["SAME", "VALID"])
        oh, ow = conv_out(h, kh, sh, dh, padding), conv_out(w, kw, sw, dw, padding)
        if oh > 0 and ow > 0:
            break
    in_scale = g.scale(1e-4, 0.1) if act16 else g.scale(1e-3, 0.5)
    if depthwise:
        ic, mult = g.n(6, 40), r.choice([1, 1, 2, 3])
        oc, groups, fic = ic * mult, 1, 1
    else:
        groups = r.choice([1, 1, 1, 1, 2, 3]) if r.random() < 0.3 else 1
        if grouped:
            groups = r.choice([2, 2, 3, 4, 8])
        fic = g.n(6, 40)
        ic, oc = fic * groups, g.n(6, 40) * groups
    x = g.x([n, h, w, ic], atype, scale=in_scale, zp=0 if act16 else None)
    if depthwise:
        k = kh * kw
        # TFLM's depthwise asserts a bias (debug builds) and reads an int16 model's as int64
        wt, bias, ws = weights_and_bias(g, oc, [1, kh, kw, oc], 3, k, in_scale, act16, bias_p=1.0,
                                        btypes16=["INT64"])
        opts = dict(depth_multiplier=mult)
    else:
        k = kh * kw * fic
        wt, bias, ws = weights_and_bias(g, oc, [oc, kh, kw, fic], 0, k, in_scale, act16)
        opts = {}
    y = g.y([n, oh, ow, oc], atype, scale=acc_scale(g, in_scale, ws, k), zp=0 if act16 else None)
    ins = [x, wt] + ([bias] if bias is not None else [-1] if r.random() < 0.5 else [])
    g.m.op("DEPTHWISE_CONV_2D" if depthwise else "CONV_2D", ins, [y], padding=padding, stride_h=sh,
           stride_w=sw, dilation_h_factor=dh, dilation_w_factor=dw, fused_activation_function=g.act(),
           **opts)


def gen_fc(g, act16=False):
    r = g.r
    atype = "INT16" if act16 else "INT8"
    rank = r.choice([2, 2, 2, 3, 4])
    shape = g.dims(rank, 1, 5)
    shape[-1] = g.n(40, 400)
    kdim = shape[-1]
    n = g.n(12, 64)
    in_scale = g.scale(1e-4, 0.1) if act16 else g.scale(1e-3, 0.5)
    x = g.x(shape, atype, scale=in_scale, zp=0 if act16 else None)
    wt, bias, ws = weights_and_bias(g, n, [n, kdim], 0, kdim, in_scale, act16, bias_p=0.7)
    keep = rank > 2 and r.random() < 0.5
    oshape = shape[:-1] + [n] if keep else [prod(shape[:-1]), n]
    y = g.y(oshape, atype, scale=acc_scale(g, in_scale, ws, kdim), zp=0 if act16 else None)
    ins = [x, wt] + ([bias] if bias is not None else [-1])
    g.m.op("FULLY_CONNECTED", ins, [y], fused_activation_function=g.act(), keep_num_dims=keep)


def gen_transpose_conv(g, act16=False):
    r = g.r
    atype = "INT16" if act16 else "INT8"
    n, h, w = r.randint(1, 2), r.randint(1, 6), r.randint(1, 6)
    kh, kw = r.randint(1, 5), r.randint(1, 5)
    sh, sw = r.choice([1, 2, 2, 3]), r.choice([1, 2, 2, 3])
    padding = r.choice(["SAME", "VALID"])
    ic, oc = g.n(6, 24), g.n(6, 24)
    if padding == "SAME":
        oh, ow = h * sh, w * sw
    else:
        oh, ow = (h - 1) * sh + kh, (w - 1) * sw + kw
    in_scale = g.scale(1e-4, 0.1) if act16 else g.scale(1e-3, 0.5)
    x = g.x([n, h, w, ic], atype, scale=in_scale, zp=0 if act16 else None)
    k = ic * kh * kw
    # TFLM's int16 TRANSPOSE_CONV reads an int64 bias, or widens an int16 one (not int32)
    wt, bias, ws = weights_and_bias(g, oc, [oc, kh, kw, ic], 0, k, in_scale, act16, bias_p=0.6,
                                    btypes16=["INT64", "INT64", "INT16"])
    y = g.y([n, oh, ow, oc], atype, scale=acc_scale(g, in_scale, ws, k), zp=0 if act16 else None)
    shape = g.i32([n, oh, ow, oc])
    ins = [shape, wt, x] + ([bias] if bias is not None else [])
    g.m.op("TRANSPOSE_CONV", ins, [y], padding=padding, stride_h=sh, stride_w=sw,
           fused_activation_function=g.r.choice(["NONE", "NONE", "RELU", "RELU6"]))


def gen_pool(g, op, act16=False):
    r = g.r
    atype = "INT16" if act16 else "INT8"
    for _ in range(50):
        n, h, w, c = r.randint(1, 2), g.n(10, 24), g.n(10, 24), g.n(5, 40)
        fh, fw = r.randint(1, 5), r.randint(1, 5)
        sh, sw = r.choice([1, 1, 2, 3]), r.choice([1, 2, 2, 3])
        padding = r.choice(["SAME", "SAME", "VALID"])
        oh, ow = conv_out(h, fh, sh, 1, padding), conv_out(w, fw, sw, 1, padding)
        if oh > 0 and ow > 0:
            break
    s, z = g.scale(1e-3, 1.0), g.zp(atype)
    x = g.x([n, h, w, c], atype, scale=s, zp=z)
    y = g.y([n, oh, ow, c], atype, scale=s, zp=z)
    g.m.op(op, [x], [y], padding=padding, stride_w=sw, stride_h=sh, filter_width=fw, filter_height=fh,
           fused_activation_function=g.act())


def gen_softmax(g):
    r = g.r
    shape = g.dims(r.randint(1, 4), 1, 8)
    shape[-1] = r.choice([1, 2, 5, 10, 33, r.randint(1, 300)])
    kind = r.choice(["s8", "s8", "s8", "s8to16", "s16"])
    beta = r.choice([1.0, 1.0, r.uniform(0.05, 4.0)])
    if kind == "s16":
        x = g.x(shape, "INT16", scale=g.scale(1e-5, 1e-2), zp=0)
        y = g.y(shape, "INT16", scale=1.0 / 32768, zp=0)
    else:
        x = g.x(shape, "INT8", scale=g.scale(1e-3, 8.0))  # beta x scale past 2^4 now and then
        if kind == "s8":
            y = g.y(shape, "INT8", scale=1.0 / 256, zp=-128)
        else:
            y = g.y(shape, "INT16", scale=1.0 / 65536, zp=-32768)
    g.m.op("SOFTMAX", [x], [y], beta=beta)


def gen_unary(g, op, out=None, ttype="INT8", options=None, in_scale=(1e-3, 1.0)):
    shape = g.dims(g.r.randint(1, 4), 1, 7)
    every = g.r.random() < 0.5  # every int8 value: each entry of the compiler's 256-byte table
    if every:
        shape = [g.r.randint(1, 3), 256] if g.r.random() < 0.5 else [256 * g.r.randint(1, 2)]
    x = g.x(shape, ttype, scale=g.scale(*in_scale), recipe="every" if every else None)
    if out is None:
        y = g.y(shape, ttype, scale=g.scale(*in_scale))
    else:
        y = g.y(shape, ttype, scale=out[0], zp=out[1])
    g.m.op(op, [x], [y], **(options or {}))


def gen_leaky(g):
    s16 = g.r.random() < 0.3
    t = "INT16" if s16 else "INT8"
    shape = g.dims(g.r.randint(1, 4), 1, 7)
    every = not s16 and g.r.random() < 0.5
    if every:
        shape = [2, 256]
    x = g.x(shape, t, scale=g.scale(1e-4 if s16 else 1e-3, 1.0), recipe="every" if every else None)
    y = g.y(shape, t, scale=g.scale(1e-4 if s16 else 1e-3, 1.0))
    alpha = g.r.choice([0.2, 0.01, g.r.uniform(-3, 3)])
    g.m.op("LEAKY_RELU", [x], [y], alpha=alpha)


def bshapes(g, max_rank=6, n=2):
    """An output shape and n operand shapes that broadcast to it (ranks may differ)."""
    r = g.r
    rank = r.randint(1, max_rank)
    out = g.dims(rank, 1, 5 if rank <= 3 else 3)
    shapes = []
    for i in range(n):
        # (the output's rank is the largest operand's, as the converter writes it)
        orank = r.randint(1, rank) if i > 0 and r.random() < 0.3 else rank
        s = [d if r.random() < 0.7 else 1 for d in out[rank - orank:]]
        shapes.append(s)
    r.shuffle(shapes)
    # the output shape is the broadcast of the operands
    full = [1] * rank
    for s in shapes:
        for i, d in enumerate(s):
            j = rank - len(s) + i
            full[j] = max(full[j], d)
    return full, shapes


def gen_binary(g, op):
    r = g.r
    s16 = op in ("ADD", "SUB", "MUL", "SQUARED_DIFFERENCE") and r.random() < 0.3
    t = "INT16" if s16 else "INT8"
    out, (sa, sb) = bshapes(g)
    # (the converter gives MAXIMUM/MINIMUM one quantization; TFLM compares raw values)
    same = op in ("MAXIMUM", "MINIMUM") and r.random() < 0.9
    q = (g.scale(1e-3, 1.0), g.zp(t))
    scales = [(g.scale(1e-4 if s16 else 1e-3, 1.0), g.zp(t)) if not same else q for _ in range(3)]
    if s16 and op in ("MUL", "SQUARED_DIFFERENCE"):
        scales = [(s, 0) for s, _ in scales]
    if s16 and op in ("ADD", "SUB") and r.random() < 0.7:
        scales = [(s, 0) for s, _ in scales]
    ops = []
    const_at = r.randrange(2) if r.random() < 0.35 else -1  # at most one constant operand
    for i, shp in enumerate((sa, sb)):
        if i == const_at:
            ops.append(g.const(shp, t, scale=scales[i][0], zp=scales[i][1]))
        else:
            ops.append(g.x(shp, t, scale=scales[i][0], zp=scales[i][1]))
    if op == "SQUARED_DIFFERENCE":
        oscale = scales[2][0] * 10 * (scales[0][0] + scales[1][0])
        y = g.y(out, t, scale=oscale, zp=-128 if not s16 and r.random() < 0.6 else scales[2][1])
    elif op == "MUL":
        y = g.y(out, t, scale=scales[0][0] * scales[1][0] * 10 ** r.uniform(0.5, 2.5) * (300 if s16 else 1),
                zp=scales[2][1])
    else:
        y = g.y(out, t, scale=scales[2][0], zp=scales[2][1])
    opts = {}
    if op in ("ADD", "SUB", "MUL"):
        opts["fused_activation_function"] = g.act()
    g.m.op(op, ops, [y], **opts)


def gen_prelu(g):
    r = g.r
    rank = r.randint(1, 4)
    shape = g.dims(rank, 1, 6)
    arank = r.randint(1, rank)
    ashape = [d if r.random() < 0.6 else 1 for d in shape[rank - arank:]]
    x = g.x(shape)
    alpha = g.const(ashape, scale=g.scale(1e-3, 0.05), zp=g.zp())
    y = g.y(shape)
    g.m.op("PRELU", [x, alpha], [y])


def reduce_axes(g, rank):
    r = g.r
    k = r.randint(1, rank)
    axes = r.sample(range(rank), k)
    axes = [a - rank if r.random() < 0.3 else a for a in axes]
    if r.random() < 0.1:
        axes.append(axes[0])
    return axes


def gen_reduce(g, op):
    r = g.r
    s16 = op in ("MEAN", "SUM") and r.random() < 0.25
    t = "INT16" if s16 else "INT8"
    rank = r.randint(1, 5)
    shape = g.dims(rank, 1, 6)
    axes = reduce_axes(g, rank)
    keep = r.random() < 0.5
    red = set(a % rank for a in axes)
    oshape = [1 if i in red else d for i, d in enumerate(shape)] if keep else \
        [d for i, d in enumerate(shape) if i not in red]
    if not oshape and r.random() < 0.5:
        oshape = [1]
    s, z = g.scale(1e-4 if s16 else 1e-3, 1.0), g.zp(t)
    x = g.x(shape, t, scale=s, zp=z)
    if op in ("REDUCE_MAX", "REDUCE_MIN"):
        y = g.y(oshape, t, scale=s, zp=z)
    else:
        cnt = prod(shape) // max(prod(oshape), 1)
        osc = s * (cnt if op == "SUM" else 1) * 10 ** r.uniform(-1, 1)
        y = g.y(oshape, t, scale=osc, zp=0 if s16 and r.random() < 0.6 else g.zp(t))
    ax = g.i32(axes, [len(axes)] if r.random() < 0.9 or len(axes) > 1 else [])
    g.m.op(op, [x, ax], [y], keep_dims=keep)


def gen_arg(g, op):
    r = g.r
    rank = r.randint(1, 5)
    shape = g.dims(rank, 1, 6)
    axis = r.randrange(rank)
    oshape = shape[:axis] + shape[axis + 1:]
    # few distinct values: ties
    x = g.x(shape, recipe=(-3, r.choice([-1, 3])) if r.random() < 0.5 else None)
    ax = g.i32([axis - rank if r.random() < 0.3 else axis], [1] if r.random() < 0.7 else [])
    y = g.y(oshape, "INT32")
    g.m.op(op, [x, ax], [y], output_type="INT32")


def gen_concat(g):
    r = g.r
    rank = r.randint(1, 5)
    base = g.dims(rank, 1, 5)
    axis = r.randrange(rank)
    k = r.randint(1, 4)
    s, z = g.scale(), g.zp()
    ins, tot = [], 0
    for i in range(k):
        shp = list(base)
        shp[axis] = r.randint(1, 4)
        tot += shp[axis]
        if r.random() < 0.2 and (g.inputs or i < k - 1):  # a constant part; one input at least
            ins.append(g.const(shp, scale=s, zp=z))
        else:
            ins.append(g.x(shp, scale=s, zp=z))
    out = list(base)
    out[axis] = tot
    y = g.y(out, scale=s, zp=z)
    g.m.op("CONCATENATION", ins, [y], axis=axis - rank if r.random() < 0.3 else axis,
           fused_activation_function="NONE")


def gen_split(g, op):
    r = g.r
    rank = r.randint(1, 5)
    shape = g.dims(rank, 1, 5)
    axis = r.randrange(rank)
    s, z = g.scale(), g.zp()
    if op == "SPLIT":
        num = r.choice([1, 2, 3, 4])
        shape[axis] = num * r.randint(1, 3)
        sizes = [shape[axis] // num] * num
    else:
        num = r.randint(1, 4)
        sizes = [r.randint(0 if r.random() < 0.1 else 1, 3) for _ in range(num)]
        shape[axis] = max(sum(sizes), 1)
        if sum(sizes) == 0:
            sizes[0] = 1
    x = g.x(shape, scale=s, zp=z)
    outs = []
    for sz in sizes:
        o = list(shape)
        o[axis] = sz
        outs.append(g.y(o, scale=s, zp=z))
    ax = axis - rank if r.random() < 0.3 else axis
    if op == "SPLIT":
        g.m.op("SPLIT", [g.i32([ax], []), x], outs, num_splits=num)
    else:
        spl = list(sizes)
        if r.random() < 0.3:
            spl[r.randrange(num)] = -1
        g.m.op("SPLIT_V", [x, g.i32(spl), g.i32([ax], [])], outs, num_splits=num)


def gen_pack(g, op):
    r = g.r
    rank = r.randint(1, 4)
    shape = g.dims(rank, 1, 4)
    s, z = g.scale(), g.zp()
    num = r.randint(1, 4)
    if op == "PACK":
        axis = r.randint(0, rank)
        ins = [g.x(shape, scale=s, zp=z) for _ in range(num)]
        out = shape[:axis] + [num] + shape[axis:]
        y = g.y(out, scale=s, zp=z)
        g.m.op("PACK", ins, [y], values_count=num, axis=axis - rank - 1 if r.random() < 0.3 else axis)
    else:
        axis = r.randint(0, rank)
        full = shape[:axis] + [num] + shape[axis:]
        x = g.x(full, scale=s, zp=z)
        outs = [g.y(shape, scale=s, zp=z) for _ in range(num)]
        g.m.op("UNPACK", [x], outs, num=num, axis=axis - rank - 1 if r.random() < 0.3 else axis)


def ss_start(b, stride, n, masked):
    if n == 0:
        return 0
    if masked:
        b = -2 ** 31 if stride > 0 else 2 ** 31 - 1
    if b < 0:
        b += n
    return min(max(b, 0), n) if stride > 0 else min(max(b, -1), n - 1)


def ss_stop(e, stride, n, masked, shrink, start):
    if n == 0:
        return 0
    if shrink:
        return start + 1
    if masked:
        e = 2 ** 31 - 1 if stride > 0 else -2 ** 31
    if e < 0:
        e += n
    return min(max(e, 0), n) if stride > 0 else min(max(e, -1), n - 1)


def gen_strided_slice(g):
    r = g.r
    for _ in range(100):  # TFLM refuses empty outputs ("dynamic tensors"): draw again
        if try_strided_slice(g):
            return


def try_strided_slice(g):
    r = g.r
    rank = r.randint(1, 4)
    shape = g.dims(rank, 1, 7)
    begin, end, strides, out = [], [], [], []
    bm = em = sm = 0
    for i, n in enumerate(shape):
        st = r.choice([1, 1, 2, 3, -1, -2])
        b = r.randint(-n - 2, n + 1)
        e = r.randint(-n - 2, n + 1)
        if r.random() < 0.2:
            bm |= 1 << i
        if r.random() < 0.2:
            em |= 1 << i
        shrink = r.random() < 0.15 and -n <= b < n and st > 0
        if shrink:
            sm |= 1 << i
        start = ss_start(b, st, n, bm >> i & 1)
        stop = ss_stop(e, st, n, em >> i & 1, shrink, start)
        d = max(math.ceil((stop - start) / st), 0)
        if not shrink:
            out.append(d)
        begin.append(b)
        end.append(e)
        strides.append(st)
    if 0 in out:
        return False
    s, z = g.scale(), g.zp()
    x = g.x(shape, scale=s, zp=z)
    y = g.y(out, scale=s, zp=z)
    g.m.op("STRIDED_SLICE", [x, g.i32(begin), g.i32(end), g.i32(strides)], [y], begin_mask=bm,
           end_mask=em, shrink_axis_mask=sm)
    return True


def gen_slice(g):
    r = g.r
    rank = r.randint(1, 5)
    shape = g.dims(rank, 1, 6)
    begin, size, out = [], [], []
    for n in shape:
        b = r.randint(0, n - 1)
        sz = r.randint(1, n - b)
        if r.random() < 0.25:
            size.append(-1)
            out.append(n - b)
        else:
            size.append(sz)
            out.append(sz)
        begin.append(b)
    s, z = g.scale(), g.zp()
    x = g.x(shape, scale=s, zp=z)
    y = g.y(out, scale=s, zp=z)
    g.m.op("SLICE", [x, g.i32(begin), g.i32(size)], [y])


def gen_pad(g, op):
    r = g.r
    s16 = op in ("PAD", "PADV2") and r.random() < 0.25
    t = "INT16" if s16 else "INT8"
    rank = r.randint(1, 5)
    shape = g.dims(rank, 1, 5)
    pads, out = [], []
    mode = r.choice(["REFLECT", "SYMMETRIC"])
    for n in shape:
        if op == "MIRROR_PAD":
            lim = n - 1 if mode == "REFLECT" else n
            a, b = r.randint(0, lim), r.randint(0, lim)
        else:
            a, b = (r.randint(0, 3), r.randint(0, 3)) if r.random() < 0.7 else (0, 0)
        pads += [a, b]
        out.append(n + a + b)
    s, z = g.scale(1e-4 if s16 else 1e-3, 1.0), g.zp(t)
    x = g.x(shape, t, scale=s, zp=z)
    y = g.y(out, t, scale=s, zp=z)
    if op == "MIRROR_PAD" and r.random() < 0.3:
        p = g.const([rank, 2], "INT64", values=pads)
    else:
        p = g.i32(pads, [rank, 2])
    if op == "PADV2":
        v = g.const([] if r.random() < 0.5 else [1], t, scale=s, zp=z)
        g.m.op("PADV2", [x, p, v], [y])
    elif op == "PAD":
        g.m.op("PAD", [x, p], [y])
    else:
        g.m.op("MIRROR_PAD", [x, p], [y], mode=mode)


def gen_transpose(g):
    r = g.r
    rank = r.randint(1, 6)
    shape = g.dims(rank, 1, 5 if rank < 5 else 3)
    perm = list(range(rank))
    r.shuffle(perm)
    s, z = g.scale(), g.zp()
    x = g.x(shape, scale=s, zp=z)
    y = g.y([shape[p] for p in perm], scale=s, zp=z)
    g.m.op("TRANSPOSE", [x, g.i32(perm)], [y])


def gen_resize(g, op):
    r = g.r
    n, h, w, c = r.randint(1, 2), r.randint(1, 8), r.randint(1, 8), r.randint(1, 4)
    oh, ow = r.randint(1, 14), r.randint(1, 14)
    flag = r.choice(["none", "align", "half"])
    s, z = g.scale(), g.zp()
    x = g.x([n, h, w, c], scale=s, zp=z)
    y = g.y([n, oh, ow, c], scale=s, zp=z)
    g.m.op(op, [x, g.i32([oh, ow])], [y], align_corners=flag == "align", half_pixel_centers=flag == "half")


def gen_depth_space(g, op):
    r = g.r
    b = r.randint(1, 4)
    n = r.randint(1, 2)
    s, z = g.scale(), g.zp()
    if op == "DEPTH_TO_SPACE":
        h, w, c = r.randint(1, 4), r.randint(1, 4), r.randint(1, 3)
        x = g.x([n, h, w, c * b * b], scale=s, zp=z)
        y = g.y([n, h * b, w * b, c], scale=s, zp=z)
    else:
        h, w, c = r.randint(1, 4), r.randint(1, 4), r.randint(1, 3)
        x = g.x([n, h * b, w * b, c], scale=s, zp=z)
        y = g.y([n, h, w, c * b * b], scale=s, zp=z)
    g.m.op(op, [x], [y], block_size=b)


def gen_space_batch(g, op):
    r = g.r
    m = r.choice([1, 2, 2])
    n = r.randint(1, 2)
    c = r.randint(1, 3)
    block = [r.randint(1, 3) for _ in range(m)]
    s, z = g.scale(), g.zp()
    if op == "SPACE_TO_BATCH_ND":
        sp, pads, osp = [], [], []
        for bk in block:
            a, b = r.randint(0, 2), r.randint(0, 2)
            tot = r.randint(1, 3) * bk
            size = tot - a - b
            if size < 1:
                a, b, size = 0, 0, tot
            sp.append(size)
            pads += [a, b]
            osp.append(tot // bk)
        x = g.x([n] + sp + [c], scale=s, zp=z)
        y = g.y([n * prod(block)] + osp + [c], scale=s, zp=z)
        g.m.op(op, [x, g.i32(block), g.i32(pads, [m, 2])], [y])
    else:
        sp, crops, osp = [], [], []
        for bk in block:
            size = r.randint(1, 3)
            full = size * bk
            a = r.randint(0, min(2, full - 1))
            b = r.randint(0, min(2, full - 1 - a))
            sp.append(size)
            crops += [a, b]
            osp.append(full - a - b)
        x = g.x([n * prod(block)] + sp + [c], scale=s, zp=z)
        y = g.y([n] + osp + [c], scale=s, zp=z)
        g.m.op(op, [x, g.i32(block), g.i32(crops, [m, 2])], [y])


def gen_gather(g):
    r = g.r
    rank = r.randint(1, 4)
    shape = g.dims(rank, 1, 5)
    axis = r.randrange(rank)
    bd = r.randint(0, axis) if r.random() < 0.3 else 0
    irank = r.randint(bd, bd + 2) if bd else r.randint(0, 2)
    ishape = shape[:bd] + g.dims(irank - bd, 1, 4)
    s, z = g.scale(), g.zp()
    const_params = r.random() < 0.2
    params = g.const(shape, scale=s, zp=z) if const_params else g.x(shape, scale=s, zp=z)
    n = shape[axis]
    if const_params or r.random() < 0.5:  # (a model needs an input)
        idx = g.x(ishape, "INT32", recipe=(0, n - 1))
    else:
        idx = g.const(ishape, "INT32", lo=0, hi=n - 1)
    out = shape[:axis] + ishape[bd:] + shape[axis + 1:]
    y = g.y(out, scale=s, zp=z)
    g.m.op("GATHER", [params, idx], [y], axis=axis - rank if r.random() < 0.3 else axis, batch_dims=bd)


def gen_quantize(g):
    r = g.r
    pair = r.choice([("INT8", "INT8"), ("INT8", "INT16"), ("INT16", "INT8"), ("INT16", "INT16"),
                     ("INT8", "INT32"), ("INT16", "INT32"), ("FLOAT32", "INT8"), ("FLOAT32", "INT16"),
                     ("UINT8", "INT8"), ("INT8", "UINT8")])
    shape = g.dims(r.randint(1, 4), 1, 6)
    a, b = pair
    if a == "FLOAT32":
        x = g.x(shape, "FLOAT32", recipe=r.choice([1.0, 10.0, 0.01]))
        isc = 1.0
    else:
        isc = g.scale(1e-4, 1.0)
        x = g.x(shape, a, scale=isc, zp=g.zp(a) if a != "INT16" or r.random() < 0.7 else r.randint(-50, 50))
    osc = isc * 10 ** r.uniform(-2, 2)
    if b == "INT32":
        y = g.m.tensor("out0", shape, "INT32", scale=osc, zp=0 if r.random() < 0.7 else r.randint(-100, 100))
        g.outputs.append((shape, "INT32"))
        g.m.outputs.append(y)
    else:
        y = g.y(shape, b, scale=osc, zp=g.zp(b))
    g.m.op("QUANTIZE", [x], [y])


def gen_l2norm(g):
    shape = g.dims(g.r.randint(1, 4), 1, 6)
    shape[-1] = g.n(40, 1000)
    x = g.x(shape)
    y = g.y(shape, scale=1.0 / 128, zp=0)
    g.m.op("L2_NORMALIZATION", [x], [y], fused_activation_function="NONE")


def gen_batch_matmul(g):
    r = g.r
    s16 = r.random() < 0.25
    t = "INT16" if s16 else "INT8"
    M, K, N = g.n(6, 20), g.n(10, 64), g.n(6, 20)
    brank = r.randint(0, 3)
    bout = g.dims(brank, 1, 3)
    ba = [d if r.random() < 0.7 else 1 for d in bout]
    bb = [d if r.random() < 0.7 else 1 for d in bout]
    if r.random() < 0.3:
        bb = bb[r.randint(0, len(bb)):]
    bout = [max(a, b) for a, b in zip(ba, [1] * (len(ba) - len(bb)) + bb)]
    adj_x, adj_y = r.random() < 0.3, r.random() < 0.3
    sa = ba + ([K, M] if adj_x else [M, K])
    sb = bb + ([N, K] if adj_y else [K, N])
    qa = (g.scale(1e-4 if s16 else 1e-3, 0.5), 0 if s16 else g.zp())
    qb = (g.scale(1e-4 if s16 else 1e-3, 0.5), 0 if s16 else g.zp())
    a = g.x(sa, t, scale=qa[0], zp=qa[1]) if r.random() < 0.85 else g.const(sa, t, scale=qa[0], zp=qa[1])
    if r.random() < 0.6 or not g.inputs:  # (a model needs an input)
        b = g.x(sb, t, scale=qb[0], zp=qb[1])
    else:
        b = g.const(sb, t, scale=qb[0], zp=qb[1])
    osc = acc_scale(g, qa[0], qb[0], K) * (256 if s16 else 1)
    y = g.y(bout + [M, N], t, scale=osc, zp=0 if s16 else g.zp())
    g.m.op("BATCH_MATMUL", [a, b], [y], adj_x=adj_x, adj_y=adj_y)


def gen_rsqrt(g):
    shape = g.dims(g.r.randint(1, 4), 1, 6)
    z = g.r.randint(-128, 60)
    x = g.x(shape, scale=g.scale(1e-3, 1.0), zp=z, recipe=(z, 127))
    y = g.y(shape, scale=g.scale(1e-3, 1.0))
    g.m.op("RSQRT", [x], [y])


def gen_abs(g):
    s16 = g.r.random() < 0.3
    t = "INT16" if s16 else "INT8"
    shape = g.dims(g.r.randint(1, 5), 1, 6)
    s = g.scale(1e-4 if s16 else 1e-3, 1.0)
    x = g.x(shape, t, scale=s)
    if g.r.random() < 0.3:
        y = g.y(shape, t, scale=s, zp=g.m.tensors[x]["quantization"]["zero_point"][0])
    else:
        y = g.y(shape, t, scale=g.scale(1e-4 if s16 else 1e-3, 1.0))
    g.m.op("ABS", [x], [y])


def gen_chain(g):
    """2-3 operators in a row: a convolution or FC, then elementwise / activation / pool."""
    r = g.r
    n, h, w, c = 1, r.randint(2, 8), r.randint(2, 8), r.randint(1, 4)
    in_s = g.scale(1e-3, 0.5)
    x = g.x([n, h, w, c], scale=in_s)
    oc = r.randint(1, 5)
    wt, bias, ws = weights_and_bias(g, oc, [oc, 3, 3, c], 0, 9 * c, in_s)
    mid_s = acc_scale(g, in_s, ws, 9 * c)
    mid = g.t([n, h, w, oc], scale=mid_s)
    g.m.op("CONV_2D", [x, wt] + ([bias] if bias is not None else [-1]), [mid], padding="SAME", stride_h=1,
           stride_w=1, fused_activation_function=g.act())
    second = r.choice(["ADD", "MAX_POOL_2D", "LOGISTIC", "MUL", "MEAN"])
    if second == "ADD":
        other = g.x([1, 1, 1, oc], scale=g.scale(1e-3, 1.0))
        y = g.y([n, h, w, oc])
        g.m.op("ADD", [mid, other], [y], fused_activation_function="NONE")
    elif second == "MUL":
        other = g.const([oc], scale=g.scale(1e-3, 0.1), zp=g.zp())
        y = g.y([n, h, w, oc])
        g.m.op("MUL", [mid, other], [y], fused_activation_function=g.act())
    elif second == "MAX_POOL_2D":
        y = g.y([n, (h + 1) // 2, (w + 1) // 2, oc], scale=mid_s,
                zp=g.m.tensors[mid]["quantization"]["zero_point"][0])
        g.m.op("MAX_POOL_2D", [mid], [y], padding="SAME", stride_w=2, stride_h=2, filter_width=2,
               filter_height=2, fused_activation_function="NONE")
    elif second == "LOGISTIC":
        y = g.y([n, h, w, oc], scale=1.0 / 256, zp=-128)
        g.m.op("LOGISTIC", [mid], [y])
    else:
        y = g.y([n, 1, 1, oc])
        g.m.op("MEAN", [mid, g.i32([1, 2])], [y], keep_dims=True)


def gen_stage(g):
    """A first stage of 2-5 convolutions, depthwise convolutions and pools on a larger image
    (what `tinyml compile` runs in row strips, --patches auto, and in place), then sometimes
    MEAN over H, W or a FULLY_CONNECTED."""
    r = g.r
    shape = [1, r.randint(8, 40), r.randint(8, 40), r.choice([1, 1, 2, 3, 4, 8])]
    scale = g.scale(1e-3, 0.5)
    cur = g.x(shape, scale=scale)
    zp = g.m.tensors[cur]["quantization"]["zero_point"][0]
    steps = r.randint(2, 5)
    for i in range(steps):
        kind = r.choice(["CONV_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "MAX_POOL_2D", "AVERAGE_POOL_2D"])
        n, h, w, c = shape
        k = r.choice([1, 2, 3, 3, 5]) if kind != "MAX_POOL_2D" else r.choice([2, 3])
        st = r.choice([1, 1, 2])
        dil = r.choice([1, 1, 1, 2]) if kind in ("CONV_2D", "DEPTHWISE_CONV_2D") and st == 1 else 1
        padding = r.choice(["SAME", "SAME", "VALID"])
        oh, ow = conv_out(h, k, st, dil, padding), conv_out(w, k, st, dil, padding)
        if oh < 1 or ow < 1:
            padding = "SAME"
            oh, ow = conv_out(h, k, st, dil, padding), conv_out(w, k, st, dil, padding)
        last = i == steps - 1
        if kind in ("MAX_POOL_2D", "AVERAGE_POOL_2D"):
            oshape = [n, oh, ow, c]
            nxt = g.y(oshape, scale=scale, zp=zp) if last else g.t(oshape, scale=scale, zp=zp)
            g.m.op(kind, [cur], [nxt], padding=padding, stride_w=st, stride_h=st, filter_width=k,
                   filter_height=k, fused_activation_function=r.choice(["NONE", "NONE", "RELU"]))
        else:
            if kind == "CONV_2D":
                oc = r.choice([1, 2, 4, 8, 16, r.randint(1, 12)])
                kk = k * k * c
                wt, bias, ws = weights_and_bias(g, oc, [oc, k, k, c], 0, kk, scale)
                opts = {}
            else:
                mult = r.choice([1, 1, 2])
                oc = c * mult
                kk = k * k
                wt, bias, ws = weights_and_bias(g, oc, [1, k, k, oc], 3, kk, scale, bias_p=1.0)
                opts = dict(depth_multiplier=mult)
            oshape = [n, oh, ow, oc]
            nscale = acc_scale(g, scale, ws, kk)
            nzp = g.zp()
            nxt = g.y(oshape, scale=nscale, zp=nzp) if last else g.t(oshape, scale=nscale, zp=nzp)
            g.m.op(kind, [cur, wt] + ([bias] if bias is not None else [-1]), [nxt], padding=padding,
                   stride_h=st, stride_w=st, dilation_h_factor=dil, dilation_w_factor=dil,
                   fused_activation_function=g.act(), **opts)
            scale, zp = nscale, nzp
        cur, shape = nxt, oshape


def gen_mean_hw(g):
    """MEAN over H and W of a 4-D tensor (a global average pool): TFLM's own int8 path."""
    r = g.r
    shape = [r.randint(1, 2), g.n(8, 30), g.n(8, 30), g.n(8, 64)]
    keep = r.random() < 0.7
    s, z = g.scale(), g.zp()
    x = g.x(shape, scale=s, zp=z)
    same = r.random() < 0.4
    y = g.y([shape[0], 1, 1, shape[3]] if keep else [shape[0], shape[3]],
            scale=s if same else s * 10 ** r.uniform(-1, 1), zp=z if same else g.zp())
    g.m.op("MEAN", [x, g.i32([1, 2] if r.random() < 0.7 else [2, 1])], [y], keep_dims=keep)


# --- the operators of 5 December's afternoon, and the two stateful ones --------------------------

def any_values(g, ttype, n):
    """n values of ttype for a constant: the whole range, or small ones now and then."""
    r = g.r
    if ttype == "FLOAT32":
        k = r.choice([1.0, 100.0, 1e6])
        return [r.uniform(-k, k) for _ in range(n)]
    a, b = RANGE[ttype]
    if r.random() < 0.3 and ttype != "BOOL":
        a, b = max(a, -9), min(b, 9)
    return [r.randint(a, b) for _ in range(n)]


def int32_recipe(g):
    """Input values for int32 operands: small, medium or the whole range."""
    return g.r.choice([(-9, 9), (-1000, 1000), (-2 ** 31, 2 ** 31 - 1)])


def gen_cast(g):
    r = g.r
    a = r.choice(["INT8", "INT16", "INT32", "FLOAT32", "BOOL"])
    b = r.choice(["INT8", "INT16", "INT32", "FLOAT32"])
    shape = g.dims(r.randint(1, 6), 1, 5 if g.big else 3)
    if a == "FLOAT32":
        # finite and inside int32 (beyond it, x86 and Arm differ: README); halves and past the
        # narrow types' ends
        x = g.x(shape, "FLOAT32", recipe=r.choice([1.5, 200.0, 40000.0, 2.0e9]))
    elif a == "BOOL":
        x = g.x(shape, "BOOL", recipe=(0, 1))
    elif a == "INT32":
        x = g.x(shape, "INT32", recipe=int32_recipe(g))
    else:
        # the converter writes CAST's int8/int16 operands quantized or not: CAST ignores it
        x = g.x(shape, a, raw=r.random() < 0.5)
    y = g.y(shape, b, raw=True)
    g.m.op("CAST", [x], [y])


def operand(g, shape, ttype, const, q=None, recipe=None, values=None):
    """A model input, or a constant when const (values drawn from recipe's range then)."""
    s, z = q if q is not None else (None, None)
    if const:
        n = prod(shape)
        if values is None:
            if isinstance(recipe, tuple):
                values = [g.r.randint(recipe[0], recipe[1]) for _ in range(n)]
            elif isinstance(recipe, list):
                values = [g.r.choice(recipe) for _ in range(n)]
            elif isinstance(recipe, dict):
                a, b = RANGE[ttype]
                values = []
                while len(values) < n:
                    v = g.r.randint(a, b) if g.r.random() < 0.8 else g.r.randint(-5, 5)
                    if v != recipe["not"] and a <= v <= b:
                        values.append(v)
            else:
                values = any_values(g, ttype, n)
        return g.const(shape, ttype, scale=s, zp=z, values=values)
    return g.x(shape, ttype, scale=s, zp=z, recipe=recipe, raw=q is None and ttype != "BOOL")


def gen_div(g):
    r = g.r
    t = "INT32" if r.random() < 0.35 else "INT8"
    out, (sa, sb) = bshapes(g)
    const_at = r.randrange(2) if r.random() < 0.35 else -1
    if t == "INT8":
        qa, qb = (g.scale(1e-3, 1.0), g.zp()), (g.scale(1e-3, 1.0), g.zp())
        # TFLM's host build asserts (gemmlowp RoundingDivideByPOT 'exponent <= 31') where a small
        # dividend meets a large divisor and the multiplier s1 / (s2 so) is below 2^6 (README): mostly
        # 2^6 and more, a quarter of the cases below (some then end as tflm-crash)
        if r.random() < 0.75:
            so = qa[0] / qb[0] / 2 ** r.uniform(6.05, 9)
        else:
            so = qa[0] / qb[0] * 10 ** r.uniform(-1.0, 0.5)
        a = operand(g, sa, t, const_at == 0, qa)
        b = operand(g, sb, t, const_at == 1, qb, recipe={"not": qb[1]})  # (the zero point: refused)
        y = g.y(out, t, scale=so, zp=g.zp())
    else:
        a = operand(g, sa, t, const_at == 0, recipe=int32_recipe(g))
        rb = r.choice([(1, 9), (-9, -1), (1, 1000), (-1000, -1), (-2 ** 31 + 1, 2 ** 31 - 1)])
        # (0 and INT32_MIN / -1: refused at invoke, undefined in TFLM)
        b = operand(g, sb, t, const_at == 1, recipe={"not": 0} if rb[1] > 1000 else rb)
        y = g.y(out, t)
    g.m.op("DIV", [a, b], [y], fused_activation_function=g.act() if t == "INT8" else
           r.choice(["NONE", "NONE", "RELU", "RELU6", "RELU_N1_TO_1"]))


COMPARISONS = ["EQUAL", "NOT_EQUAL", "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL"]


def gen_compare(g):
    r = g.r
    op = r.choice(COMPARISONS)
    t = "INT32" if r.random() < 0.35 else "INT8"
    out, (sa, sb) = bshapes(g)
    const_at = r.randrange(2) if r.random() < 0.35 else -1
    few = r.random() < 0.4  # few distinct values: equal pairs
    if t == "INT8":
        same = r.random() < 0.4
        # (scales of 1 and more: TFLM's QuantizeMultiplierSmallerThanOneExp check fails; refused)
        qa = (g.logu(3e-5, 0.95), g.zp())
        qb = qa if same else (g.logu(3e-5, 0.95), g.zp())
        rec = (-3, 3) if few else None
        a = operand(g, sa, t, const_at == 0, qa, recipe=rec)
        b = operand(g, sb, t, const_at == 1, qb, recipe=rec)
    else:
        rec = (-3, 3) if few else int32_recipe(g)
        a = operand(g, sa, t, const_at == 0, recipe=rec)
        b = operand(g, sb, t, const_at == 1, recipe=rec)
    y = g.y(out, "BOOL")
    g.m.op(op, [a, b], [y])


def gen_select(g):
    r = g.r
    t = "INT16" if r.random() < 0.3 else "INT8"
    out, shapes = bshapes(g, n=3)
    q = (g.scale(1e-4 if t == "INT16" else 1e-3, 1.0), g.zp(t))
    const_at = r.randrange(3) if r.random() < 0.35 else -1
    ins = [operand(g, shapes[0], "BOOL", const_at == 0, recipe=(0, 1))]
    for i in (1, 2):
        ins.append(operand(g, shapes[i], t, const_at == i, q))
    y = g.y(out, t, scale=q[0], zp=q[1])
    g.m.op("SELECT_V2", ins, [y])


def gen_dus(g):
    r = g.r
    t = r.choice(["INT8", "INT16", "INT32", "FLOAT32"])
    rank = r.randint(1, 6)
    shape = g.dims(rank, 1, 6 if rank <= 3 else 3)
    ushape = [r.randint(1, d) for d in shape]
    q = (g.scale(), g.zp(t)) if t in ("INT8", "INT16") else None
    starts = [r.randint(-2, d + 1) if r.random() < 0.3 else r.randint(0, d - u)
              for d, u in zip(shape, ushape)]
    kind = r.choice(["input", "const", "const", "const64"])
    op_const = r.random() < 0.25 and kind == "input"
    upd_const = r.random() < 0.25 and not op_const
    ins = [operand(g, shape, t, op_const, q), operand(g, ushape, t, upd_const, q)]
    if kind == "input":
        ins.append(g.x([rank], "INT32", recipe=r.choice([(-2, 2), (0, max(shape) + 1)])))
    elif kind == "const":
        ins.append(g.i32(starts))
    else:
        ins.append(g.const([rank], "INT64", values=starts))
    y = g.y(shape, t, scale=q[0] if q else None, zp=q[1] if q else None)
    g.m.op("DYNAMIC_UPDATE_SLICE", ins, [y])


def gen_broadcast_to(g):
    r = g.r
    t = r.choice(["INT8", "INT8", "INT16", "INT32", "FLOAT32", "BOOL"])
    rank = r.randint(1, 5)
    out = g.dims(rank, 1, 5 if rank <= 3 else 3)
    irank = r.randint(0, rank) if r.random() < 0.3 else rank
    ishape = [d if r.random() < 0.5 else 1 for d in out[rank - irank:]]
    q = (g.scale(), g.zp(t)) if t in ("INT8", "INT16") else None
    x = operand(g, ishape, t, False, q, recipe=(0, 1) if t == "BOOL" else None)
    if r.random() < 0.7:
        shp = g.i32(out)
    else:
        shp = g.const([rank], "INT64", values=out)
    y = g.y(out, t, scale=q[0] if q else None, zp=q[1] if q else None)
    g.m.op("BROADCAST_TO", [x, shp], [y])


def gen_fill(g):
    r = g.r
    t = r.choice(["INT8", "INT32", "FLOAT32"])
    rank = r.randint(1, 6)
    out = g.dims(rank, 1, 5 if rank <= 3 else 3)
    q = (g.scale(), g.zp()) if t == "INT8" else None
    dt = r.choice(["INT32", "INT32", "INT64"])
    dims = g.i32(out) if dt == "INT32" else g.const([rank], "INT64", values=out)
    v = g.x([], t, scale=q[0] if q else None, zp=q[1] if q else None,
            recipe=int32_recipe(g) if t == "INT32" else None)
    y = g.y(out, t, scale=q[0] if q else None, zp=q[1] if q else None)
    g.m.op("FILL", [dims, v], [y])


def gen_zeros_like(g):
    r = g.r
    t = r.choice(["INT8", "INT32", "FLOAT32"])
    shape = g.dims(r.randint(1, 6), 1, 4)
    q = (g.scale(), g.zp()) if t == "INT8" else None
    x = g.x(shape, t, scale=q[0] if q else None, zp=q[1] if q else None)
    y = g.y(shape, t, scale=q[0] if q else None, zp=q[1] if q else None)
    g.m.op("ZEROS_LIKE", [x], [y])


def gen_gather_nd(g):
    r = g.r
    t = "FLOAT32" if r.random() < 0.25 else "INT8"
    rank = r.randint(1, 6)
    shape = g.dims(rank, 1, 5 if rank <= 3 else 3)
    depth = r.randint(1, min(rank, 5))
    # (the output, the indices' dims but the last then the params' after depth, stays within
    # the blob format's rank 6: a 7-D tensor is refused by name)
    ishape = g.dims(r.randint(0, min(2, 6 - (rank - depth))), 1, 4) + [depth]
    q = (g.scale(), g.zp()) if t == "INT8" else None
    const_params = r.random() < 0.2
    params = operand(g, shape, t, const_params, q)
    n = prod(ishape[:-1])
    # every index inside its own dim (one outside is refused at invoke: README)
    vals = []
    for _ in range(n):
        vals += [r.randrange(shape[k]) for k in range(depth)]
    if const_params or r.random() < 0.6:
        idx = g.x(ishape, "INT32", recipe=None)
        g.inputs[-1] = (ishape, "INT32", ("values", vals), None)
    else:
        idx = g.const(ishape, "INT32", values=vals)
    out = ishape[:-1] + shape[depth:]
    y = g.y(out, t, scale=q[0] if q else None, zp=q[1] if q else None)
    g.m.op("GATHER_ND", [params, idx], [y])


def gen_add_n(g):
    r = g.r
    t = "FLOAT32" if r.random() < 0.25 else "INT8"
    shape = g.dims(r.randint(1, 6), 1, 5 if g.big else 3)
    k = r.choice([2, 2, 3, 4, r.randint(2, 32)])
    q = (g.scale(), g.zp()) if t == "INT8" else None
    ins = []
    for i in range(k):
        # (a model takes at most 16 inputs: the others constants)
        const = (r.random() < 0.2 and (g.inputs or i < k - 1)) or len(g.inputs) >= 16
        ins.append(operand(g, shape, t, const, q))
    if t == "INT8":
        y = g.y(shape, t, scale=q[0] * k ** 0.5 * 10 ** r.uniform(-0.7, 0.7), zp=g.zp())
    else:
        y = g.y(shape, t)
    g.m.op("ADD_N", ins, [y])


def gen_cumsum(g):
    r = g.r
    t = "FLOAT32" if r.random() < 0.25 else "INT8"
    rank = r.randint(1, 6)
    shape = g.dims(rank, 1, 6 if rank <= 3 else 3)
    axis = r.randrange(rank)
    q = (g.scale(), g.zp()) if t == "INT8" else None
    x = g.x(shape, t, scale=q[0] if q else None, zp=q[1] if q else None)
    if t == "INT8":
        y = g.y(shape, t, scale=q[0] * shape[axis] ** 0.5 * 10 ** r.uniform(-0.7, 0.7), zp=g.zp())
    else:
        y = g.y(shape, t)
    ax = g.i32([axis - rank if r.random() < 0.3 else axis], [] if r.random() < 0.7 else [1])
    g.m.op("CUMSUM", [x, ax], [y], exclusive=r.random() < 0.5, reverse=r.random() < 0.5)


def gen_embedding_lookup(g):
    r = g.r
    rank = r.randint(2, 5)
    shape = g.dims(rank, 1, 5 if rank <= 3 else 3)
    n = r.randint(1, 8)
    hybrid = r.random() < 0.3  # int8 table with zero point 0 -> float32 (TFLM's EvalHybrid)
    q = (g.scale(), 0 if hybrid else g.zp())
    const_table = r.random() < 0.7
    ids = g.x([n], "INT32", recipe=(0, shape[0] - 1))
    table = operand(g, shape, "INT8", const_table, q)
    y = g.y([n] + shape[1:], "FLOAT32") if hybrid else g.y([n] + shape[1:], "INT8", scale=q[0], zp=q[1])
    g.m.op("EMBEDDING_LOOKUP", [ids, table], [y])


def gen_reverse(g):
    r = g.r
    t = r.choice(["INT8", "INT8", "INT16", "INT32", "FLOAT32"])
    rank = r.randint(1, 6)
    shape = g.dims(rank, 1, 6 if rank <= 3 else 3)
    k = r.randint(1, rank)
    a0 = r.randint(0, rank - k)
    axes = [a - rank if r.random() < 0.3 else a for a in range(a0, a0 + k)]
    r.shuffle(axes)
    q = (g.scale(), g.zp(t)) if t in ("INT8", "INT16") else None
    x = g.x(shape, t, scale=q[0] if q else None, zp=q[1] if q else None)
    y = g.y(shape, t, scale=q[0] if q else None, zp=q[1] if q else None)
    g.m.op("REVERSE_V2", [x, g.i32(axes)], [y])


def gen_dequantize(g):
    r = g.r
    t = r.choice(["INT8", "INT8", "INT8", "INT16", "UINT8"])
    shape = g.dims(r.randint(1, 6), 1, 5 if g.big else 3)
    x = g.x(shape, t, scale=g.scale(1e-4, 10.0), zp=g.zp(t) if t != "INT16" or r.random() < 0.5
            else r.randint(-300, 300))
    y = g.y(shape, "FLOAT32")
    g.m.op("DEQUANTIZE", [x], [y])


def gen_svdf(g):
    r = g.r
    g.invokes = r.randint(2, 5)
    batch = r.randint(1, 3)
    inp = g.n(12, 64)
    rank = r.choice([1, 1, 2, 3])
    units = g.n(6, 24)
    filters = units * rank
    memory = r.randint(1, 10)
    s16 = r.random() < 0.6
    st = "INT16" if s16 else "INT8"
    sx = g.scale(1e-3, 0.5)
    x = g.x([batch, inp], scale=sx)
    sw = g.scale(1e-3, 0.05)
    wf = g.const([filters, inp], scale=sw, zp=0, lo=-127, hi=127)
    # the state holds the feature activations: a scale near their natural range
    ss = max(math.sqrt(inp) * sx * sw * 74 * 74 * 3 / (32768 if s16 else 128) * 10 ** r.uniform(-1, 1), 1e-9)
    swt = g.scale(1e-4 if s16 else 1e-3, 0.05)
    wt = g.const([filters, memory], st, scale=swt, zp=0, lo=-(2 ** 15 - 1) if s16 else -127,
                 hi=2 ** 15 - 1 if s16 else 127)
    sb = ss * swt
    bias = g.const([units], "INT32", scale=sb, zp=0, lo=-20000, hi=20000)
    szp = 0 if s16 else g.zp()
    state = g.m.tensor("state", [batch, filters * memory], st, scale=ss, zp=szp, variable=True)
    # the output: about 3 standard deviations of the time dot products (state x time weights)
    acc = math.sqrt(memory * rank) * (32768 / 3 if s16 else 43) * (18900 if s16 else 73)
    so = max(acc * ss * swt * 3 / 128 * 10 ** r.uniform(-1, 0.5), 1e-9)
    y = g.y([batch, units], scale=so)
    g.m.op("SVDF", [x, wf, wt, bias, state], [y], rank=rank,
           fused_activation_function=r.choice(["NONE", "NONE", "RELU", "RELU6", "TANH"]))


def gen_lstm(g):
    """TFLM's integer LSTM: int8 input, weights per tensor (zero point 0), int32 biases, int8
    hidden state (the output's quantization), int16 cell state of scale 2^-k; every gate."""
    r = g.r
    g.invokes = r.randint(1, 4)
    time_major = r.random() < 0.3
    batch, steps = r.randint(1, 3), r.randint(1, 6)
    inp, hid = g.n(8, 40), g.n(8, 32)
    sx, zx = g.scale(1e-3, 0.5), g.zp()
    sh, zh = g.scale(1e-3, 0.1), g.zp()
    xshape = [steps, batch, inp] if time_major else [batch, steps, inp]
    x = g.x(xshape, scale=sx, zp=zx)
    ins = [x]
    # weights: a gate pre-activation of about 2^-12 scale x some thousands
    for kind, cols, s_in in (("in", inp, sx), ("rec", hid, sh)):
        for _ in range(4):
            std = 2.0 / (s_in * 74 * math.sqrt(cols))
            sw = max(std / 64 * 10 ** r.uniform(-1, 0.5), 1e-6)
            ins.append(g.const([hid, cols], scale=sw, zp=0, lo=-127, hi=127))
    ins += [-1, -1, -1]  # no peephole
    for _ in range(4):
        ins.append(g.const([hid], "INT32", scale=sx * 0.01, zp=0, lo=-20000, hi=20000))
    ins += [-1, -1]  # no projection
    hstate = g.m.tensor("hidden", [batch, hid], "INT8", scale=sh, zp=zh, variable=True)
    cpow = r.choice([-15, -14, -13, -12, -11, -10, -8])
    cstate = g.m.tensor("cell", [batch, hid], "INT16", scale=2.0 ** cpow, zp=0, variable=True)
    ins += [hstate, cstate]
    ins += [-1, -1, -1, -1]  # no layer normalization (TFLM wants the 24 slots)
    y = g.y(xshape[:2] + [hid], scale=sh, zp=zh)
    clip = 0.0 if r.random() < 0.5 else r.choice([0.5, 1.0, 3.0, 8.0, 2.0 ** (cpow + 15) * 0.9])
    g.m.op("UNIDIRECTIONAL_SEQUENCE_LSTM", ins, [y], fused_activation_function="TANH",
           cell_clip=clip, proj_clip=0.0, time_major=time_major)


GENS = {
    "CONV_2D": lambda g: gen_conv(g),
    "CONV_2D_GROUPED": lambda g: gen_conv(g, grouped=True),
    "CONV_2D_16X8": lambda g: gen_conv(g, act16=True),
    "DEPTHWISE_CONV_2D": lambda g: gen_conv(g, depthwise=True),
    "DEPTHWISE_CONV_2D_16X8": lambda g: gen_conv(g, act16=True, depthwise=True),
    "FULLY_CONNECTED": lambda g: gen_fc(g),
    "FULLY_CONNECTED_16X8": lambda g: gen_fc(g, act16=True),
    "TRANSPOSE_CONV": lambda g: gen_transpose_conv(g),
    "TRANSPOSE_CONV_16X8": lambda g: gen_transpose_conv(g, act16=True),
    "AVERAGE_POOL_2D": lambda g: gen_pool(g, "AVERAGE_POOL_2D", act16=g.r.random() < 0.25),
    "MAX_POOL_2D": lambda g: gen_pool(g, "MAX_POOL_2D", act16=g.r.random() < 0.25),
    "SOFTMAX": gen_softmax,
    "LOG_SOFTMAX": lambda g: gen_unary(g, "LOG_SOFTMAX", out=(16.0 / 256, 127), in_scale=(1e-3, 64.0)),
    "LOGISTIC": lambda g: gen_unary(g, "LOGISTIC", out=(1.0 / 256, -128), in_scale=(1e-3, 64.0)),
    "TANH": lambda g: gen_unary(g, "TANH", out=(1.0 / 128, 0), in_scale=(1e-3, 64.0)),
    "HARD_SWISH": lambda g: gen_unary(g, "HARD_SWISH"),
    "ELU": lambda g: gen_unary(g, "ELU"),
    "RELU": lambda g: gen_unary(g, "RELU"),
    "RELU6": lambda g: gen_unary(g, "RELU6"),
    "RELU_N1_TO_1": lambda g: gen_unary(g, "RELU_N1_TO_1"),
    "LEAKY_RELU": gen_leaky,
    "PRELU": gen_prelu,
    "ADD": lambda g: gen_binary(g, "ADD"),
    "SUB": lambda g: gen_binary(g, "SUB"),
    "MUL": lambda g: gen_binary(g, "MUL"),
    "MAXIMUM": lambda g: gen_binary(g, "MAXIMUM"),
    "MINIMUM": lambda g: gen_binary(g, "MINIMUM"),
    "SQUARED_DIFFERENCE": lambda g: gen_binary(g, "SQUARED_DIFFERENCE"),
    "MEAN": lambda g: gen_reduce(g, "MEAN"),
    "SUM": lambda g: gen_reduce(g, "SUM"),
    "REDUCE_MAX": lambda g: gen_reduce(g, "REDUCE_MAX"),
    "REDUCE_MIN": lambda g: gen_reduce(g, "REDUCE_MIN"),
    "ARG_MAX": lambda g: gen_arg(g, "ARG_MAX"),
    "ARG_MIN": lambda g: gen_arg(g, "ARG_MIN"),
    "CONCATENATION": gen_concat,
    "SPLIT": lambda g: gen_split(g, "SPLIT"),
    "SPLIT_V": lambda g: gen_split(g, "SPLIT_V"),
    "PACK": lambda g: gen_pack(g, "PACK"),
    "UNPACK": lambda g: gen_pack(g, "UNPACK"),
    "STRIDED_SLICE": gen_strided_slice,
    "SLICE": gen_slice,
    "PAD": lambda g: gen_pad(g, "PAD"),
    "PADV2": lambda g: gen_pad(g, "PADV2"),
    "MIRROR_PAD": lambda g: gen_pad(g, "MIRROR_PAD"),
    "TRANSPOSE": gen_transpose,
    "RESIZE_NEAREST_NEIGHBOR": lambda g: gen_resize(g, "RESIZE_NEAREST_NEIGHBOR"),
    "RESIZE_BILINEAR": lambda g: gen_resize(g, "RESIZE_BILINEAR"),
    "DEPTH_TO_SPACE": lambda g: gen_depth_space(g, "DEPTH_TO_SPACE"),
    "SPACE_TO_DEPTH": lambda g: gen_depth_space(g, "SPACE_TO_DEPTH"),
    "SPACE_TO_BATCH_ND": lambda g: gen_space_batch(g, "SPACE_TO_BATCH_ND"),
    "BATCH_TO_SPACE_ND": lambda g: gen_space_batch(g, "BATCH_TO_SPACE_ND"),
    "GATHER": gen_gather,
    "QUANTIZE": gen_quantize,
    "L2_NORMALIZATION": gen_l2norm,
    "BATCH_MATMUL": gen_batch_matmul,
    "RSQRT": gen_rsqrt,
    "ABS": gen_abs,
    "CHAIN": gen_chain,
    "STAGE": gen_stage,
    "MEAN_HW": gen_mean_hw,
    "CAST": gen_cast,
    "DIV": gen_div,
    "COMPARISON": gen_compare,
    "SELECT_V2": gen_select,
    "DYNAMIC_UPDATE_SLICE": gen_dus,
    "BROADCAST_TO": gen_broadcast_to,
    "FILL": gen_fill,
    "ZEROS_LIKE": gen_zeros_like,
    "GATHER_ND": gen_gather_nd,
    "ADD_N": gen_add_n,
    "CUMSUM": gen_cumsum,
    "EMBEDDING_LOOKUP": gen_embedding_lookup,
    "REVERSE_V2": gen_reverse,
    "DEQUANTIZE": gen_dequantize,
    "SVDF": gen_svdf,
    "UNIDIRECTIONAL_SEQUENCE_LSTM": gen_lstm,
}


# ---------------------------------------------------------------------------------------------

def run(cmd, timeout):
    """(return code or 'timeout', stdout+stderr text)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, (p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired:
        return "timeout", ("", "")


def compare(outputs, ref, ours):
    """A short description of how the output bytes differ."""
    if len(ref) != len(ours):
        return "sizes %d (TFLM) vs %d (ours)" % (len(ref), len(ours))
    pos, parts = 0, []
    for k, (shape, ttype) in enumerate(outputs):
        n = prod(shape)
        nb = n * SIZE[ttype]
        f = "<%d%s" % (n, FMT[ttype])
        a = struct.unpack(f, ref[pos:pos + nb])
        b = struct.unpack(f, ours[pos:pos + nb])
        diff = [i for i in range(n) if a[i] != b[i]]
        if diff:
            worst = max(abs(a[i] - b[i]) for i in diff)
            i = diff[0]
            parts.append("out%d: %d/%d differ, max |d| %s, first [%d] TFLM %s ours %s" %
                         (k, len(diff), n, worst, i, a[i], b[i]))
        pos += nb
    return "; ".join(parts)


def one_case(op, index, args):
    r = random.Random("%d:%s:%d" % (args.seed, op, index))
    g = G(r, "tflm_diff %s seed %d case %d" % (op, args.seed, index))
    GENS[op](g)
    folder = os.path.join(args.work, op, str(index))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    log = []
    res = {"op": op, "index": index, "folder": folder}
    try:
        g.m.write(folder, args.schema)
    except subprocess.CalledProcessError as e:
        res.update(kind="tflm-skip", msg="flatc failed: %s" % e)
        return res
    inp = os.path.join(folder, "input.bin")
    steps = [g.input_bytes() for _ in range(g.invokes)]
    with open(inp, "wb") as f:
        f.write(b"".join(steps))
    if g.invokes > 1:  # one file per inference for `tinyml run --invokes`
        for k, b in enumerate(steps):
            with open(os.path.join(folder, "input_%d.bin" % k), "wb") as f:
                f.write(b)
    model = os.path.join(folder, "model.tflite")
    tdir = os.path.join(folder, "tflm")
    rc, (out, err) = run([args.dump, model, tdir, str(11 + index), "--no-tensors", "--input", inp,
                          "--invokes", str(g.invokes)], args.timeout)
    log.append("dump rc=%s\n%s%s" % (rc, out, err))
    kind, msg = None, ""
    if rc == "timeout" or (isinstance(rc, int) and rc < 0):
        kind, msg = "tflm-crash", "dump rc=%s" % rc
    elif rc != 0:
        lines = [l for l in (out + err).strip().splitlines() if l.strip()]
        kind, msg = "tflm-skip", (lines[-2] + " / " + lines[-1]) if len(lines) > 1 else \
            (lines or ["rc %s" % rc])[-1]
    if kind is None:
        tnm = os.path.join(folder, "model.tnm")
        rc, (out, err) = run([args.tinyml, "compile", model, "-o", tnm], args.timeout)
        log.append("compile rc=%s\n%s%s" % (rc, out, err))
        if rc == "timeout":
            kind, msg = "hang", "tinyml compile"
        elif rc != 0:
            text = err.strip()
            if rc < 0 or rc >= 128 or "Unhandled exception" in text or "   at " in text:
                kind, msg = "crash", "compile rc=%s: %s" % (rc, " | ".join(text.splitlines()[:2]))
            else:
                kind, msg = "gap", text.splitlines()[-1] if text else "compile rc=%s" % rc
    if kind is None:
        ours = os.path.join(folder, "ours.bin")
        if g.invokes > 1:
            rc, (out, err) = run([args.tinyml, "run", tnm, "-i", os.path.join(folder, "input_{k}.bin"),
                                  "-o", os.path.join(folder, "ours_{k}.bin"), "--invokes", str(g.invokes)],
                                 args.timeout)
            if rc == 0:
                with open(ours, "wb") as f:
                    for k in range(g.invokes):
                        with open(os.path.join(folder, "ours_%d.bin" % k), "rb") as p:
                            f.write(p.read())
        else:
            rc, (out, err) = run([args.tinyml, "run", tnm, "-i", inp, "-o", ours], args.timeout)
        log.append("run rc=%s\n%s" % (rc, err))
        if rc == "timeout":
            kind, msg = "hang", "tinyml run"
        elif rc != 0:
            kind, msg = "crash", "run rc=%s: %s" % (rc, " | ".join(err.strip().splitlines()[:2]))
        else:
            with open(os.path.join(tdir, "output.bin"), "rb") as f:
                ref = f.read()
            with open(ours, "rb") as f:
                mine = f.read()
            if ref == mine:
                kind = "match"
            else:
                kind, msg = "mismatch", compare(g.outputs * g.invokes, ref, mine)
    with open(os.path.join(folder, "log.txt"), "w") as f:
        f.write("\n".join(log))
    res.update(kind=kind, msg=msg)
    if kind == "match" and not args.keep_all:
        shutil.rmtree(folder, ignore_errors=True)
    return res


KINDS = ["match", "mismatch", "gap", "crash", "hang", "tflm-skip", "tflm-crash"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", default=os.environ.get("TFLM_DUMP"), help="TFLM dump tool (or $TFLM_DUMP)")
    ap.add_argument("--tinyml", default=os.environ.get("TINYML", "tinyml"), help="tinyml CLI (or $TINYML)")
    ap.add_argument("--schema", default=os.environ.get("TFLITE_SCHEMA", "/tmp/schema.fbs"),
                    help="TFLite schema.fbs for flatc (or $TFLITE_SCHEMA)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20, help="cases per operator class")
    ap.add_argument("--ops", default="", help="comma-separated operator classes (default: all)")
    ap.add_argument("--index", type=int, default=None, help="run only case INDEX of each class")
    ap.add_argument("--work", default="/tmp/tflm_diff")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--keep-all", action="store_true", help="keep matching cases' folders too")
    ap.add_argument("--list", action="store_true", help="list the operator classes")
    args = ap.parse_args()
    if args.list:
        print(" ".join(GENS))
        return 0
    if not args.dump:
        ap.error("--dump or $TFLM_DUMP: the TFLM dump tool (tflm-golden)")
    ops = [o.strip().upper() for o in args.ops.split(",") if o.strip()] or list(GENS)
    for o in ops:
        if o not in GENS:
            ap.error("unknown operator class %s (--list)" % o)
    jobs = [(o, i) for o in ops for i in ([args.index] if args.index is not None else range(args.count))]
    t0 = time.time()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = [ex.submit(one_case, o, i, args) for o, i in jobs]
        for f in concurrent.futures.as_completed(futs):
            res = f.result()
            results.append(res)
            if res["kind"] not in ("match", "tflm-skip"):
                print("%-10s %s #%d: %s  [%s]" % (res["kind"], res["op"], res["index"], res["msg"],
                                                  res["folder"]), flush=True)
    print()
    print("%-24s %6s " % ("operator class", "cases") + " ".join("%9s" % k for k in KINDS))
    total = {k: 0 for k in KINDS}
    for o in ops:
        rs = [x for x in results if x["op"] == o]
        counts = {k: sum(1 for x in rs if x["kind"] == k) for k in KINDS}
        for k in KINDS:
            total[k] += counts[k]
        print("%-24s %6d " % (o, len(rs)) + " ".join("%9d" % counts[k] for k in KINDS))
    print("%-24s %6d " % ("total", len(results)) + " ".join("%9d" % total[k] for k in KINDS))
    print("seed %d, %.0f s; reproduce one case: --seed %d --ops OP --index N" %
          (args.seed, time.time() - t0, args.seed))
    skips = {}
    for x in results:
        if x["kind"] == "tflm-skip":
            skips.setdefault((x["op"], x["msg"]), 0)
            skips[(x["op"], x["msg"])] += 1
    if skips:
        print("TFLM refusals (skipped):")
        for (o, msg), n in sorted(skips.items()):
            print("  %s x%d: %s" % (o, n, msg))
    bad = total["mismatch"] + total["crash"] + total["hang"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
