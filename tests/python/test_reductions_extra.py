"""Reductions beyond test_reductions.py: generic ufunc.reduce, arrays large enough for every
kernel path (many blocks, row-wise strips, split outputs), NaN at chunk boundaries of argmax,
0-d axis quirks, out= aliasing the input, and count_nonzero of views."""

import functools

import numpy as np
import pytest
from conftest import Viewed, assert_same, check, make

import tessera.numpy as tnp

GENERIC = ["subtract", "bitwise_xor", "hypot", "logaddexp", "gcd", "fmax", "floor_divide",
           "true_divide", "arctan2", "logical_xor", "minimum"]


def _left_fold(ufunc, x, axis):
    """ufunc.reduce(x, axis) by its definition: a left fold of the ufunc along the axis."""
    r = np.moveaxis(x, axis, -1)
    out = np.empty(r.shape[:-1], dtype=object)
    for i in np.ndindex(r.shape[:-1]):
        out[i] = functools.reduce(ufunc, list(r[i]))
    return out


def _numpy_reduce_is_wrong(op, a, axis):
    """Whether this host's NumPy disagrees with the definition (the GPU machine's NumPy gave
    arctan2(first, last) for arctan2.reduce of int64 along the last axis)."""
    if not isinstance(axis, int):
        return False
    try:
        n = getattr(np, op).reduce(a, axis=axis)
    except Exception:  # noqa: BLE001 - NumPy's errors are checked by check()
        return False
    return not np.allclose(n, _left_fold(getattr(np, op), a, axis).astype(n.dtype), rtol=1e-12,
                           atol=0, equal_nan=True)


@pytest.mark.parametrize("op", GENERIC)
def test_generic_ufunc_reduce(op):
    ints = make((4, 5, 6), "int64", -5, 5, seed=1, nonzero=True)
    floats = make((4, 5, 6), "float64", 1, 3, seed=2, grid=0.25)
    for a in (ints, floats):
        for axis in (0, 1, 2, -1, (0, 2), (), None):
            label = f"{a.dtype} axis={axis}"
            if _numpy_reduce_is_wrong(op, a, axis):
                n = getattr(np, op).reduce(a, axis=axis)
                ref = _left_fold(getattr(np, op), a, axis).astype(n.dtype)
                t = getattr(tnp, op).reduce(tnp.asarray(a), axis=axis)
                assert_same(t, ref, "reduce", label=f"{label} (against a left fold: this "
                                                    "host's NumPy disagrees with one)")
                continue
            check(lambda m, x: getattr(m, op).reduce(x, axis=axis), a, tol="reduce",
                  label=label)
        check(lambda m, x: getattr(m, op).reduce(x, axis=1, keepdims=True, initial=2), a,
              tol="reduce", label=f"{a.dtype} initial")


LARGE = [((1 << 18,), None), ((300, 2000), 0), ((300, 2000), 1), ((2, 150000), 1),
         ((150000, 3), 0), ((150000, 3), 1), ((64, 64, 64), (0, 2))]


@pytest.mark.parametrize("shape,axis", LARGE, ids=str)
@pytest.mark.parametrize("name", ["sum", "max", "argmin", "mean", "all", "count_nonzero"])
def test_large_arrays_every_path(modes, name, shape, axis):
    if name == "argmin" and isinstance(axis, tuple):
        axis = -1
    a = make(shape, "float64", -4, 4, seed=3, grid=0.25)
    check(lambda m, x: getattr(m, name)(x, axis=axis), a, tol="reduce", label=f"{modes}")
    view = Viewed(a, lambda x: x[..., ::-1], "reversed")
    check(lambda m, x: getattr(m, name)(x, axis=axis), view, tol="reduce", label=f"{modes} rev")


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex64"])
@pytest.mark.parametrize("pos", [0, 1023, 1024, 4095, 4096, 29999])
def test_argmax_nan_at_chunk_boundaries(dtype, pos):
    a = make((30000,), dtype, -50, 50, seed=4)
    a[pos] = np.nan
    a[(pos + 7) % a.size] = np.nan
    for name in ("argmax", "argmin", "max", "min"):
        if dtype.startswith("complex") and name in ("max", "min"):
            continue
        check(lambda m, x: getattr(m, name)(x), a, label=f"{name}")
        check(lambda m, x: getattr(m, name)(x.reshape(30, 1000), axis=1), a, label=f"{name} rows")


def test_argmax_ties_and_extremes():
    for dtype in ("int8", "uint64", "bool", "float16"):
        a = np.zeros(10000, dtype)
        check(lambda m, x: m.argmax(x), a, label=f"{dtype} all equal")
        a[[17, 5000, 9999]] = 1
        check(lambda m, x: m.argmax(x), a, label=f"{dtype} first of three")
        check(lambda m, x: m.argmin(x.reshape(100, 100), axis=0), a, label=f"{dtype} axis 0")


def test_zero_d_axis_quirks():
    a = np.array(2.5)
    for name in ("sum", "prod", "max", "min", "any", "all", "count_nonzero", "argmax", "mean"):
        for axis in (0, -1, 1, (0,)):
            if name.startswith("arg") and isinstance(axis, tuple):
                continue
            check(lambda m, x: getattr(m, name)(x, axis=axis), a, label=f"{name} axis={axis}")


def test_out_aliasing_the_input():
    a = make((6, 7, 8), "float64", -4, 4, seed=5, grid=0.25)
    check(lambda m, x: (m.sum(x, axis=0, out=x[0]), x)[1], a, tol="reduce")
    check(lambda m, x: (m.max(x, axis=2, out=x[:, :, 3]), x)[1], a)


def test_count_nonzero_of_views_and_dtypes():
    for dtype in ("bool", "int16", "float32", "complex128"):
        a = make((40, 300), dtype, -1, 1, seed=6)
        view = Viewed(a, lambda x: x[::3, ::-2], "view")
        for axis in (None, 0, 1, (0, 1)):
            check(lambda m, x: m.count_nonzero(x, axis=axis), view, label=f"{dtype} {axis}")


def test_any_all_stop_early_but_stay_correct():
    a = np.ones(1 << 20, bool)
    a[-1] = False
    check(lambda m, x: m.all(x), a, label="last false")
    a[3] = False
    check(lambda m, x: m.all(x), a, label="early false")
    check(lambda m, x: m.any(~x), a, label="any")


def test_result_dtypes_follow_numpy():
    for dtype in ("bool", "int8", "uint16", "int32", "float16", "complex64"):
        a = make((3, 4), dtype, 0, 3, seed=7)
        for name in ("sum", "prod", "mean", "var", "max", "any", "count_nonzero"):
            t = getattr(tnp, name)(tnp.asarray(a))
            n = getattr(np, name)(a)
            assert t.dtype == np.asarray(n).dtype, (dtype, name)


@pytest.mark.parametrize(
    "dtype", ["float64", "float32", "float16", "int8", "uint16", "bool", "complex128"])
@pytest.mark.parametrize("width", [1, 16, 64, 65])
def test_argminmax_short_rows(modes, dtype, width):
    # Rows of up to 64 contiguous elements take a one-pass-per-row loop: ties keep the first,
    # a NaN anywhere wins at its first position, and views and keepdims/out= still agree.
    a = make((3000, width), dtype, -3, 3, seed=5, grid=1.0)
    if dtype.startswith(("float", "complex")):
        a[7, width // 2] = np.nan
        a[11, width - 1] = np.nan
        a[11, 0] = np.nan
    for name in ("argmin", "argmax"):
        check(lambda m, x: getattr(m, name)(x, axis=1), a, label=f"{name} {modes}")
        check(lambda m, x: getattr(m, name)(x, axis=-1, keepdims=True), a, label=f"{name} kd")
        view = Viewed(a, lambda x: x[::2, ::-1], "every other row, reversed")
        check(lambda m, x: getattr(m, name)(x, axis=1), view, label=f"{name} view")


def test_argmin_short_rows_into_int32_out():
    a = make((500, 16), "float64", -3, 3, seed=6)
    for m in (np, tnp):
        x = a if m is np else tnp.asarray(a)
        out = m.zeros(500, dtype="int32") if m is np else tnp.zeros(500, dtype="int32")
        if m is np:
            want = m.argmin(x, axis=1, out=out).copy()
        else:
            got = m.argmin(x, axis=1, out=out)
    assert got is out
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got.to_numpy(), want)
