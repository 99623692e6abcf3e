"""sort, argsort, partition, argpartition and searchsorted (functions and ndarray methods)
against NumPy: every dtype, NaN and complex ordering, views, each axis, long rows that span
several blocks (merge rounds) under every mapper mode, and NumPy's errors."""

import warnings

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp
from conftest import ALL_DTYPES, COMPLEX, FLOATS, arg, check, check_raises, dtype_ids, make, to_t

LAYOUTS = ["0d", "empty", "empty2d", "1d", "2d", "3d", "strided", "reversed", "transposed",
           "mixed"]


def with_nans(x, every=5):
    """x (float or complex, NumPy) with NaNs (and, for complex, half-NaN values) sprinkled in."""
    x = x.copy()
    flat = x.reshape(-1)
    if x.dtype.kind == "f":
        flat[::every] = np.nan
        flat[1::every * 3] = np.inf
        flat[2::every * 3] = -np.inf
    elif x.dtype.kind == "c":
        flat[::every] = complex(np.nan, 1)
        flat[1::every] = complex(1, np.nan)
        flat[2::every * 2] = complex(np.nan, np.nan)
    return x


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_sort_argsort(dtype, layout):
    x = arg(layout, dtype)
    for axis in (-1, 0, None):
        check(lambda m, a: m.sort(a, axis=axis), x)
        check(lambda m, a: m.argsort(a, axis=axis, kind="stable"), x)


@pytest.mark.parametrize("dtype", FLOATS + COMPLEX, ids=dtype_ids(FLOATS + COMPLEX))
def test_nan_order(dtype):
    x = with_nans(make((6, 7), dtype, lo=-3, hi=3))
    x.reshape(-1)[3::4] = x.reshape(-1)[0:len(x.reshape(-1)[3::4])]  # ties
    for axis in (0, 1, None):
        check(lambda m, a: m.sort(a, axis=axis), x)
        check(lambda m, a: m.argsort(a, axis=axis, kind="stable"), x)


def test_complex_blocks():
    # NumPy's order: [R + Rj, R + nanj, nan + Rj, nan + nanj], each block sorted.
    nan = np.nan
    x = np.array([complex(nan, 2), complex(3, nan), complex(1, 1), complex(nan, nan),
                  complex(1, nan), complex(nan, 1), complex(1, 0), complex(-2, 5)])
    check(lambda m, a: m.sort(a), x)
    check(lambda m, a: m.argsort(a, kind="stable"), x)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_3d_each_axis(axis):
    x = make((5, 6, 7), np.int32, lo=-4, hi=4)
    check(lambda m, a: m.sort(a, axis=axis), x)
    check(lambda m, a: m.argsort(a, axis=axis, kind="stable"), x)
    check(lambda m, a: m.sort(a.transpose(2, 0, 1), axis=axis), x)


@pytest.mark.parametrize("kind", [None, "quicksort", "mergesort", "heapsort", "stable"])
def test_kinds(kind):
    x = make((50,), np.float64)  # no ties: every kind gives the same argsort
    check(lambda m, a: m.sort(a, kind=kind), x)
    check(lambda m, a: m.argsort(a, kind=kind), x)
    check(lambda m, a: m.argsort(a, stable=True), make((50,), np.int8, lo=0, hi=3))


@pytest.mark.parametrize("dtype", [np.float64, np.int16, np.bool_, np.complex64],
                         ids=dtype_ids([np.float64, np.int16, np.bool_, np.complex64]))
def test_long_rows(modes, dtype):
    # Long enough for several blocks per row: blocks sorted by points, then merge rounds.
    x = make((100_000,), dtype, lo=-50, hi=50)
    if x.dtype.kind in "fc":
        x = with_nans(x, every=97)
    check(lambda m, a: m.sort(a), x)
    check(lambda m, a: m.argsort(a, kind="stable"), x)
    check(lambda m, a: m.sort(a[::-3]), x)
    two = x[:60_000].reshape(2, 30_000)
    check(lambda m, a: m.argsort(a, axis=-1, kind="stable"), two)
    check(lambda m, a: m.sort(a, axis=0), two)


def test_long_sorted_and_reversed(modes):
    x = np.arange(70_000, dtype=np.int64)
    check(lambda m, a: m.argsort(a, kind="stable"), x)
    check(lambda m, a: m.argsort(a[::-1], kind="stable"), x)
    check(lambda m, a: m.sort(a[::-1] // 7), x)


def test_zero_d():
    x = np.array(3.5)
    check(lambda m, a: m.sort(a, axis=None), x)
    check(lambda m, a: m.argsort(a), x)
    check(lambda m, a: m.argsort(a, axis=0), x)
    check(lambda m, a: m.argpartition(a, 0), x)
    check(lambda m, a: m.partition(a, 0, axis=None), x)


# ----------------------------------------------------------------------------- in place


@pytest.mark.parametrize("layout", ["1d", "2d", "3d", "strided", "reversed", "transposed",
                                    "mixed", "empty2d"])
def test_sort_method_in_place(layout):
    x = arg(layout, np.float32)
    for axis in (-1, 0):
        check(lambda m, a: (a.sort(axis=axis), a)[1], x)
    check(lambda m, a: a.argsort(kind="stable"), x)


def test_sort_method_writes_base():
    base = make((6, 8), np.int64)
    t = tnp.asarray(base.copy())
    view = t[1::2, ::-1]
    view.sort(axis=0)
    want = base.copy()
    want[1::2, ::-1].sort(axis=0)
    np.testing.assert_array_equal(np.asarray(t), want)


def test_sort_method_long(modes):
    x = with_nans(make((50_000,), np.float64), every=31)
    check(lambda m, a: (a.sort(), a)[1], x)


# ----------------------------------------------------------------------------- partition


def assert_partitioned(p, a, kth, axis):
    """NumPy's contract: at each kth the sorted value, only smaller-or-equal before it and
    only greater-or-equal after it (checked as multisets against the sorted array)."""
    p, a = np.moveaxis(np.asarray(p), axis, -1), np.moveaxis(np.asarray(a), axis, -1)
    s = np.sort(a, axis=-1)
    np.testing.assert_array_equal(np.sort(p, axis=-1), s)
    for k in np.atleast_1d(kth):
        k = int(k) % s.shape[-1]
        np.testing.assert_array_equal(p[..., k], s[..., k])
        np.testing.assert_array_equal(np.sort(p[..., :k], axis=-1), s[..., :k])
        np.testing.assert_array_equal(np.sort(p[..., k + 1:], axis=-1), s[..., k + 1:])


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("kth", [0, 3, -1, [1, 4], (5, 0, 2, 2)])
def test_partition(dtype, kth):
    x = make((7, 9), dtype, lo=-5, hi=5)
    if x.dtype.kind in "fc":
        x = with_nans(x, every=4)
    t = to_t(x)
    for axis in (0, 1, -1):
        p = tnp.partition(t, kth, axis=axis)
        assert p.dtype == x.dtype and p.shape == x.shape
        assert_partitioned(p, x, kth, axis)
        i = tnp.argpartition(t, kth, axis=axis)
        assert i.dtype == np.intp and i.shape == x.shape
        np.testing.assert_array_equal(np.sort(np.asarray(i), axis=axis),
                                      np.broadcast_to(np.arange(x.shape[axis]).reshape(
                                          (-1, 1) if axis == 0 else (1, -1)), x.shape))
        assert_partitioned(np.take_along_axis(x, np.asarray(i), axis), x, kth, axis)
    p = tnp.partition(t, kth, axis=None)
    assert_partitioned(p, x.reshape(-1), kth, 0)


def test_partition_views_and_long(modes):
    x = with_nans(make((60_000,), np.float64), every=13)
    t = to_t(x)
    kth = [0, 777, 59_999, -5]
    assert_partitioned(tnp.partition(t[::-1], kth), x[::-1], kth, 0)
    i = tnp.argpartition(t, kth)
    assert_partitioned(x[np.asarray(i)], x, kth, 0)
    many = list(range(0, 60_000, 500))  # more kth values than a task carries: a full sort
    assert_partitioned(tnp.partition(t, many), x, many, 0)
    two = to_t(make((3, 8, 5), np.int8))
    assert_partitioned(tnp.partition(two.transpose(1, 2, 0), 2, axis=1),
                       make((3, 8, 5), np.int8).transpose(1, 2, 0), 2, 1)


def test_partition_method_in_place():
    x = make((5, 8), np.int32)
    t = to_t(x)
    t.partition(3)
    assert_partitioned(t, x, 3, 1)
    i = to_t(x).argpartition(2, axis=0)
    assert_partitioned(np.take_along_axis(x, np.asarray(i), 0), x, 2, 0)


def test_partition_empty():
    check(lambda m, a: m.partition(a, 5), np.zeros((0, 3)))
    check(lambda m, a: m.argpartition(a, 0), np.zeros((3, 0)))


# ----------------------------------------------------------------------------- searchsorted


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted(dtype, side):
    a = np.sort(make((40,), dtype, lo=-6, hi=6))
    v = make((3, 5), dtype, lo=-8, hi=8, seed=2)
    if a.dtype.kind in "fc":
        a = np.sort(with_nans(a, every=9))
        v = with_nans(v, every=4)
    check(lambda m, x, y: m.searchsorted(x, y, side=side), a, v)
    check(lambda m, x, y: m.searchsorted(x, y[0], side=side), a, v)
    check(lambda m, x, y: m.searchsorted(x, y[:, ::-2], side=side), a, v)
    check(lambda m, x, y: x.searchsorted(y, side), a, v)


def test_searchsorted_scalars_and_mixed():
    a = np.array([1, 2, 2, 3, 5, 8], dtype=np.int32)
    for v in (2, 4.5, -1, 100, np.float32(2.0), True):
        check(lambda m, x: m.searchsorted(x, v), a)
        check(lambda m, x: m.searchsorted(x, v, side="right"), a)
    check(lambda m, x: m.searchsorted(x, [2.5, np.nan, -np.inf]), a)
    check(lambda m, x: m.searchsorted(x, np.array(3)), a)
    check(lambda m, x: m.searchsorted([0.5, 1.5, np.nan], x), a)
    check(lambda m, x: m.searchsorted(x, np.zeros((2, 0))), a)
    check(lambda m, x: m.searchsorted(x[:0], [1, 2]), a)
    small = np.arange(5, dtype=np.int8)
    for v in (1000, -1000, 2**64 - 1, 2.5):  # Python scalars outside int8: NumPy widens
        check(lambda m, x: m.searchsorted(x, v), small)
        check(lambda m, x: m.searchsorted(x.astype(np.uint8), v), small)


def test_searchsorted_sorter():
    a = make((30,), np.float64, seed=3)
    v = make((12,), np.float64, seed=4)
    for side in ("left", "right"):
        check(lambda m, x, y: m.searchsorted(x, y, side, sorter=m.argsort(x)), a, v)
    check(lambda m, x, y: m.searchsorted(x[::-1], y, sorter=np.argsort(a[::-1])), a, v)


def test_searchsorted_long(modes):
    a = np.sort(with_nans(make((50_000,), np.float64), every=101))
    v = with_nans(make((40_000,), np.float64, lo=-12, hi=12, seed=9), every=17)
    check(lambda m, x, y: m.searchsorted(x, y), a, v)
    check(lambda m, x, y: m.searchsorted(x, y[::-1], side="right"), a, v)


# ----------------------------------------------------------------------------- errors


def test_errors():
    x = make((3, 4), np.float64)
    check_raises(lambda m, a: m.sort(a, axis=2), x, match=("axis 2",))
    check_raises(lambda m, a: m.argsort(a, axis=-3), x)
    check_raises(lambda m, a: m.sort(a), np.array(1.0))
    check_raises(lambda m, a: a.sort(axis=5), x)
    check_raises(lambda m, a: m.partition(a, 4), x, match=("out of bounds",))
    check_raises(lambda m, a: m.argpartition(a, -5), x, match=("kth(=-1)",))
    check_raises(lambda m, a: m.partition(a, [1, 9], axis=0), x)
    check_raises(lambda m, a: m.partition(a, 1, axis=2), x)
    check_raises(lambda m, a: m.partition(a, 1.0), x)
    check_raises(lambda m, a: m.partition(a, 1, kind="quick"), x)
    check_raises(lambda m, a: m.sort(a, kind="bogus"), x, match=("sort kind",))
    check_raises(lambda m, a: m.argsort(a, kind="bogus"), x)
    check_raises(lambda m, a: m.sort(a, kind="stable", stable=True), x)
    check_raises(lambda m, a: m.searchsorted(a, 1.0), x, match=("too deep",))
    check_raises(lambda m, a: m.searchsorted(a, 1.0), np.array(2.0))
    check_raises(lambda m, a: m.searchsorted(a[0], 1.0, side="middle"), x)
    check_raises(lambda m, a: m.searchsorted(a[0], 1.0, sorter=[0, 1]), x,
                 match=("sorter.size",))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_edge_values_long_blocks(modes, dtype):
    # Blocks long enough for the radix sort: extreme integers, signed zeros (ties with each
    # other in NumPy's order), NaNs of either sign, infinities, subnormals.
    dt = np.dtype(dtype)
    x = make((3000,), dt, lo=-100, hi=100)
    flat = x.reshape(-1)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        flat[::7], flat[1::11], flat[2::13] = info.min, info.max, 0
    elif dt.kind == "f":
        info = np.finfo(dt)
        special = np.array([-0.0, 0.0, np.nan, -np.nan, np.inf, -np.inf, info.max,
                            info.smallest_subnormal, -info.smallest_subnormal], dtype=dt)
        flat[::5] = np.resize(special, flat[::5].shape)
    elif dt.kind == "c":
        flat[::5] = complex(-0.0, 0.0)
        flat[1::9] = complex(0.0, -0.0)
        flat[2::6] = complex(np.nan, -1)
    t = to_t(x)
    check(lambda m, a: m.argsort(a, kind="stable"), x)
    np.testing.assert_array_equal(np.asarray(tnp.sort(t)), np.sort(x))
    np.testing.assert_array_equal(np.asarray(tnp.sort(t.reshape(3, 1000), axis=1)),
                                  np.sort(x.reshape(3, 1000), axis=1))


def test_strings_fall_back():
    words = np.array(["pear", "apple", "fig", "apple"])
    with warnings.catch_warnings():  # the fallback warns once per session
        warnings.simplefilter("ignore")
        got = tnp.sort(words)
    np.testing.assert_array_equal(np.asarray(got), np.sort(words))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = tnp.argsort(words, kind="stable")
    np.testing.assert_array_equal(np.asarray(got), np.argsort(words, kind="stable"))


def test_openmp_variants():
    # The OpenMP processor runs each point's rows (or merge positions, searches) on a thread
    # group: the same results.
    with tessera.config(processor="omp", tiles=3, eager="never"):
        x = with_nans(make((40_000,), np.float32), every=23)
        check(lambda m, a: m.argsort(a, kind="stable"), x)
        check(lambda m, a: m.sort(a.reshape(8, 5000), axis=0), x)
        check(lambda m, a: m.searchsorted(m.sort(a), a[::7], side="right"), x)
        c = make((5000,), np.complex64)
        check(lambda m, a: m.argsort(a, kind="stable"), c)
        assert_partitioned(tnp.partition(to_t(x), [5, 20_000]), x, [5, 20_000], 0)
        i = tnp.argpartition(to_t(x.reshape(4, 10_000)), 3)
        assert_partitioned(np.take_along_axis(x.reshape(4, 10_000), np.asarray(i), 1),
                           x.reshape(4, 10_000), 3, 1)
        tessera.sync()
