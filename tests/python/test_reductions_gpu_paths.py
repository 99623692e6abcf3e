"""Reductions, bincount and histogram at the shapes that pick each path of the CUDA variants
(src/kernels/reduce/reduce.cu, src/kernels/count/count.cu): rows reduced by 1..32 lanes or a
block, columns walked by threads, chunked outputs (more than 8192 reduced elements), chunked
full reductions, casts, float16, initial= and out=, weighted sums over few and many bins.
On the CPU they are ordinary NumPy-oracle tests; under tools/gpu.sh they test the GPU kernels."""

import numpy as np
import pytest
from conftest import Viewed, check, make

ROW_LENGTHS = [2, 3, 16, 17, 33, 1000, 1025, 9000]


@pytest.mark.parametrize("rn", ROW_LENGTHS)
def test_rows(rn):
    a = make((40, rn), "float64", -4, 4, seed=rn, grid=0.25)
    for name in ("sum", "max", "min", "argmin", "argmax", "all", "count_nonzero"):
        check(lambda m, x: getattr(m, name)(x, axis=1), a, tol="reduce", label=name)
    i = make((40, rn), "int64", -3, 3, seed=rn)
    check(lambda m, x: m.prod(x, axis=1), i, label="prod")
    check(lambda m, x: m.bitwise_xor.reduce(x, axis=1), i, label="xor")


@pytest.mark.parametrize("m_out", [3, 31, 33, 300])
@pytest.mark.parametrize("rn", [5, 9000])
def test_columns(m_out, rn):
    a = make((rn, m_out), "float64", -4, 4, seed=m_out, grid=0.25)
    for name in ("sum", "max", "argmax", "any"):
        check(lambda m, x: getattr(m, name)(x, axis=0), a, tol="reduce", label=name)
    i = make((rn, m_out), "uint16", 0, 1000, seed=rn)
    check(lambda m, x: m.sum(x, axis=0), i, label="uint16 sum")
    check(lambda m, x: m.bitwise_or.reduce(x, axis=0), i, label="or")


@pytest.mark.parametrize("n", [1, 100, 8192, 8193, 100003])
def test_full(n):
    a = make((n,), "float64", -4, 4, seed=n, grid=0.25)
    for name in ("sum", "prod", "max", "min", "argmax", "argmin", "mean", "count_nonzero"):
        check(lambda m, x: getattr(m, name)(x), a, tol="reduce", label=name)
    check(lambda m, x: m.sum(x[::-3]), a, tol="reduce", label="strided")


def test_arg_nan_and_ties():
    a = np.zeros(50000)
    a[[7, 9000, 30000]] = 5.0  # ties across chunks: the first wins
    check(lambda m, x: m.argmax(x), a)
    b = a.copy()
    b[[20000, 40000]] = np.nan  # the first NaN wins
    check(lambda m, x: m.argmax(x), b)
    check(lambda m, x: m.argmin(x), b)
    c = np.tile(a, (3, 1))
    c[1, [100, 20000]] = np.nan
    check(lambda m, x: m.argmax(x, axis=1), c)
    check(lambda m, x: m.argmin(x, axis=0), c.T.copy())
    check(lambda m, x: m.max(x, axis=1), c)


@pytest.mark.parametrize("dt", ["bool", "int8", "uint32", "int64", "float16", "float32"])
def test_dtypes(dt):
    a = make((70, 130), dt, -5, 5, seed=2, grid=0.25)
    for name in ("sum", "max", "argmax"):
        for axis in (None, 0, 1):
            check(lambda m, x: getattr(m, name)(x, axis=axis), a, tol="reduce",
                  label=f"{name} {axis}")
    check(lambda m, x: m.all(x, axis=1), a)
    check(lambda m, x: m.mean(x, axis=0), a, tol="reduce")


def test_strided_views_and_options():
    a = make((12, 20, 30), "float64", -4, 4, seed=5, grid=0.25)
    view = Viewed(a, lambda x: x[:, ::2, ::-1], "strided")
    for axis in ((0, 2), (1, 2), (0, 1), 1):
        check(lambda m, x: m.sum(x, axis=axis), view, tol="reduce", label=f"{axis}")
    check(lambda m, x: m.sum(x, axis=1, initial=5.0), a, tol="reduce")
    check(lambda m, x: m.max(x, axis=(0, 2), initial=3.0), a)
    check(lambda m, x: m.sum(x, initial=2.0), a, tol="reduce")
    i = make((40, 50), "int64", -9, 9, seed=6)
    check(lambda m, x: m.sum(x, axis=0, out=m.zeros(50)), i, tol="reduce")
    check(lambda m, x: m.sum(x, axis=1, dtype=m.float32), i, tol="reduce")


@pytest.mark.parametrize("length", [8, 64, 600, 10000])
def test_bincount_paths(length):
    x = make((100000,), "int64", 0, length - 1, seed=length)
    w = make((100000, 3), "float64", -1, 1, seed=1)
    check(lambda m, v: m.bincount(v), x)
    check(lambda m, v, ws: m.bincount(v, weights=ws[:, 1], minlength=length), x, w, tol="reduce")


@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_histogram_paths(dt):
    a = make((50000,), dt, -3, 3, seed=9)
    w = make((50000,), "float64", 0, 1, seed=10)
    check(lambda m, x: m.histogram(x, bins=17), a)
    check(lambda m, x: m.histogram(x, bins=10, range=(-1, 2)), a)
    check(lambda m, x, ws: m.histogram(x, bins=33, weights=ws), a, w, tol="reduce")
    check(lambda m, x: m.histogram(x, bins=[-3, -1, 0, 0.5, 2, 3]), a)
