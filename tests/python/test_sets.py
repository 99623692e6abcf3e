"""unique against NumPy: every dtype and layout, each combination of return_index,
return_inverse and return_counts, NaNs with equal_nan on and off, long inputs under every
mapper mode, and the NumPy fallback for an integer axis."""

import itertools
import warnings

import numpy as np
import pytest
import tessera.numpy as tnp
from conftest import ALL_DTYPES, COMPLEX, FLOATS, arg, check, dtype_ids, make

LAYOUTS = ["0d", "empty", "empty2d", "1d", "2d", "3d", "strided", "reversed", "transposed",
           "mixed"]
FLAGS = list(itertools.product([False, True], repeat=3))


def with_nans(x, every=5):
    """x with NaNs (floats), or NaN real or imaginary parts (complex), every few elements."""
    x = x + 0  # no negative zeros: NumPy's unstable sort may keep either sign of a 0
    flat = x.reshape(-1)
    if x.dtype.kind == "f":
        flat[::every] = np.nan
    elif x.dtype.kind == "c":
        flat[::every] = complex(np.nan, 1)
        flat[1::every] = complex(2, np.nan)
        flat[2::every * 2] = complex(np.nan, np.nan)
    return x


def unique_call(flags, **kw):
    i, v, c = flags
    return lambda m, a: m.unique(a, return_index=i, return_inverse=v, return_counts=c, **kw)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_unique(dtype, layout):
    x = arg(layout, dtype, lo=-4, hi=4)  # small range: many repeats
    for flags in FLAGS:
        check(unique_call(flags), x)


@pytest.mark.parametrize("dtype", FLOATS + COMPLEX, ids=dtype_ids(FLOATS + COMPLEX))
@pytest.mark.parametrize("equal_nan", [True, False])
def test_unique_nan(dtype, equal_nan):
    x = with_nans(make((5, 9), dtype, lo=-3, hi=3, grid=1.0))
    for flags in FLAGS:
        if not equal_nan and flags[1] and not flags[0]:
            # NumPy sorts with quicksort here: its order of distinct NaNs (hence their inverse
            # labels) is arbitrary. Check that the inverse rebuilds the input instead.
            u, inv = tnp.unique(tnp.asarray(x), return_inverse=True, equal_nan=False)
            np.testing.assert_array_equal(np.asarray(u)[np.asarray(inv)], x)
            continue
        check(unique_call(flags, equal_nan=equal_nan), x)


def test_unique_long(modes):
    x = make((100_000,), np.int32, lo=-3000, hi=3000)
    check(unique_call((True, True, True)), x)
    check(unique_call((False, False, True)), x[::-3])
    f = with_nans(make((80_000,), np.float64, lo=-500, hi=500, grid=0.5), every=37)
    check(unique_call((True, True, True)), f)
    check(unique_call((True, False, True), equal_nan=False), f)


def test_unique_inputs():
    check(lambda m: m.unique([3, 1, 2, 3, 1]))
    check(lambda m: m.unique([[True, False], [True, True]], return_inverse=True))
    check(lambda m: m.unique(np.array(7), return_index=True, return_inverse=True,
                             return_counts=True))
    check(lambda m: m.unique(np.zeros((2, 0)), return_index=True, return_inverse=True,
                             return_counts=True))
    check(lambda m: m.unique(np.array([0.0, -0.0, 0.0]), return_index=True))
    check(lambda m: m.unique([1, 1, 2], sorted=True))


def test_unique_inverse_rebuilds(modes):
    x = make((40, 30), np.float32, lo=-20, hi=20, grid=1.0)
    u, inv = tnp.unique(tnp.asarray(x), return_inverse=True)
    assert inv.shape == x.shape
    np.testing.assert_array_equal(np.asarray(u)[np.asarray(inv)], x)


def test_unique_axis_falls_back():
    x = np.array([[1, 2], [1, 2], [0, 5]])
    check(lambda m, a: m.unique(a, axis=0, return_counts=True), x)


def test_unique_strings_fall_back():
    words = np.array(["pear", "apple", "fig", "apple"])
    with warnings.catch_warnings():  # the fallback warns once per session
        warnings.simplefilter("ignore")
        got = tnp.unique(words, return_counts=True)
    want = np.unique(words, return_counts=True)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(np.asarray(g), w)


@pytest.mark.parametrize("dtype", [np.int16, np.float32, np.complex128, np.bool_],
                         ids=dtype_ids([np.int16, np.float32, np.complex128, np.bool_]))
def test_unique_array_api(dtype):
    x = make((4, 6), dtype, lo=-3, hi=3, grid=1.0)
    if x.dtype.kind in "fc":
        x = x + 0
    check(lambda m, a: m.unique_all(a), x)
    check(lambda m, a: m.unique_counts(a), x)
    check(lambda m, a: m.unique_inverse(a), x)
    check(lambda m, a: m.unique_all(a[::-1, 1::2]), x)
    check(lambda m, a: m.unique_all(a), with_nans(x))  # NaNs stay distinct
    r = tnp.unique_counts(tnp.asarray(x))
    assert isinstance(r, np.lib._arraysetops_impl.UniqueCountsResult)
