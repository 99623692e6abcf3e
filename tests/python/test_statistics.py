"""bincount, histogram and histogram_bin_edges on the runtime's counting tasks (private
per-point counts, folded in point order), NumPy as the oracle."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import INTS, Viewed, check, check_raises, dtype_ids, make

# ----------------------------------------------------------------------------- bincount


@pytest.mark.parametrize("dt", INTS + [np.dtype(bool)], ids=dtype_ids(INTS + [np.dtype(bool)]))
def test_bincount_dtypes(dt):
    x = make((50,), dt, lo=0, hi=20)
    check(lambda m, x: m.bincount(x), x)
    check(lambda m, x: m.bincount(x, minlength=40), x)
    check(lambda m, x: m.bincount(x, weights=np.linspace(0, 1, 50)), x, tol="reduce")


def test_bincount_large(modes):
    x = make((100_000,), "int64", lo=0, hi=99)
    w = make((100_000, 3), "float64", lo=-1, hi=1)
    check(lambda m, x: m.bincount(x), x)
    check(lambda m, x: m.bincount(x, minlength=7), x)
    # weights as a strided column view, as benchmarks/kmeans passes them
    check(lambda m, x, w: m.bincount(x, weights=w[:, 1], minlength=128), x,
          Viewed(w, lambda v: v), tol="reduce")
    check(lambda m, x, w: m.bincount(x[::-2], weights=w[::-2, 2]), x, w, tol="reduce")
    wide = make((2000,), "int64", lo=0, hi=300_000)  # few values spread over many bins
    check(lambda m, x: m.bincount(x), wide)
    neg = x.copy()
    neg[77_777] = -1  # found by the counting task of some point
    check_raises(lambda m, x: m.bincount(x), neg, match=["no negative elements"])


def test_bincount_weights_dtypes():
    x = make((30,), "int32", lo=0, hi=9)
    for dt in ["float32", "int16", "bool", "uint8"]:
        check(lambda m, x, w: m.bincount(x, w), x, make((30,), dt, lo=0, hi=5), tol="reduce")


def test_bincount_edge_cases():
    check(lambda m: m.bincount([]))
    check(lambda m: m.bincount([], minlength=3))
    check(lambda m: m.bincount(np.array([], np.int64), weights=np.array([])))
    check(lambda m: m.bincount([0, 0, 5]))
    check(lambda m: m.bincount(np.array([3], np.uint64)))
    check(lambda m: m.bincount([True, False, True]))


def test_bincount_errors():
    check_raises(lambda m: m.bincount([1, -1, 2]), match=["no negative elements"])
    check_raises(lambda m: m.bincount(np.ones((2, 2), np.int64)), match=["too deep"])
    check_raises(lambda m: m.bincount(np.array(3)))
    check_raises(lambda m: m.bincount(np.array([1.0, 2.0])),
                 match=["Cannot cast array data from dtype('float64') to dtype('int64')"])
    check_raises(lambda m: m.bincount(np.array([], np.float32)))
    check_raises(lambda m: m.bincount([0, 1], weights=[1.0]), match=["same length"])
    check_raises(lambda m: m.bincount([0, 1], weights=[1 + 1j, 2]))
    check_raises(lambda m: m.bincount([0, 1], minlength=-1), match=["negative"])
    check_raises(lambda m: m.bincount([0, 1], minlength=None), match=["use 0 instead"])


# ----------------------------------------------------------------------------- histogram


@pytest.mark.parametrize("dt", ["float16", "float32", "float64", "int8", "uint16", "int64"])
@pytest.mark.parametrize("bins", [1, 7, 10, 64])
def test_histogram_uniform(dt, bins):
    a = make((3, 400), dt, lo=-50, hi=50)
    check(lambda m, a: m.histogram(a, bins=bins), a)
    check(lambda m, a: m.histogram(a, bins=bins, range=(-20.5, 30)), a)
    check(lambda m, a: m.histogram(a, bins=bins, range=(np.float32(-3), np.float64(7))), a)
    check(lambda m, a: m.histogram_bin_edges(a, bins=bins), a)


def test_histogram_edges_exact():
    # values on and around every edge: NumPy's index correction decides
    a = np.linspace(0, 1, 1001)
    for dt in ["float16", "float32", "float64"]:
        check(lambda m, a: m.histogram(a, bins=10), a.astype(dt))
        check(lambda m, a: m.histogram(a, bins=3, range=(0.1, 0.7)), a.astype(dt))
    check(lambda m: m.histogram(np.full(10, 4.0)))  # equal extremes widen by 0.5
    check(lambda m: m.histogram(np.array([], np.float32), bins=3))


def test_histogram_large(modes):
    a = make((100_000,), "float64", lo=-4, hi=4)
    w = make((100_000,), "float64", lo=0, hi=1)
    check(lambda m, a: m.histogram(a, bins=50), a)
    check(lambda m, a: m.histogram(a[::-3], bins=20, range=(-1, 2)), a)
    check(lambda m, a, w: m.histogram(a, bins=50, weights=w), a, w, tol="reduce")
    check(lambda m, a: m.histogram(a, bins=[-4, -1, 0, 0.5, 3, 4]), a)
    check(lambda m, a: m.histogram(a, bins=30, density=True), a, tol="reduce")


def test_histogram_array_bins():
    a = make((200,), "float64", lo=-5, hi=5)
    a[::17] = np.round(a[::17])  # values on the edges
    check(lambda m, a: m.histogram(a, bins=[-3, -1, 0, 1, 1, 4]), a)
    check(lambda m, a: m.histogram(a, bins=np.array([-2, 0, 2], np.int32)), a)
    check(lambda m, a: m.histogram(a.astype(np.int16), bins=[-3.5, 0, 2.5]), a)
    check(lambda m, a: m.histogram(a, bins=[0.0]), a)
    check(lambda m, a: m.histogram(a, bins=[-5, 0, 5], density=True), a, tol="reduce")
    nan = a.copy()
    nan[3] = np.nan
    check(lambda m, a: m.histogram(a, bins=[-5, 0, 5]), nan)  # NaN is dropped with edges given
    check(lambda m, a: m.histogram(a, range=(-1, 1)), nan)


def test_histogram_weights():
    a = make((300,), "float32", lo=0, hi=10)
    for dt in ["float64", "float32", "int64", "bool"]:
        w = make((300,), dt, lo=0, hi=3)
        check(lambda m, a, w: m.histogram(a, bins=6, weights=w), a, w, tol="reduce")
        check(lambda m, a, w: m.histogram(a, bins=[0, 2, 9], weights=w), a, w, tol="reduce")
    w2 = make((2, 150), "float64")
    check(lambda m, a, w: m.histogram(a.reshape(2, 150), weights=w, density=True), a, w2,
          tol="reduce")


def test_histogram_fallbacks():
    a = make((100,), "float64")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check(lambda m, a: m.histogram(a, bins="auto"), a)
        check(lambda m, a: m.histogram_bin_edges(a, bins="fd"), a)
        check(lambda m, a: m.histogram(a, bins=4, weights=a + 1j), a)


def test_histogram_errors():
    a = make((20,), "float64")
    nan = a.copy()
    nan[2] = np.nan
    check_raises(lambda m, a: m.histogram(a), nan, match=["autodetected range of [nan, nan]"])
    check_raises(lambda m, a: m.histogram(a, bins=[1, 0, 3]), a, match=["monotonically"])
    check_raises(lambda m, a: m.histogram(a, bins=0), a, match=["must be positive"])
    check_raises(lambda m, a: m.histogram(a, bins=2.5), a)
    check_raises(lambda m, a: m.histogram(a, range=(2, 1)), a, match=["max must be larger"])
    check_raises(lambda m, a: m.histogram(a, range=(0, np.inf)), a, match=["not finite"])
    check_raises(lambda m, a: m.histogram(a, weights=a[:3]), a, match=["same shape"])
    check_raises(lambda m, a: m.histogram(a, bins=[[1, 2], [3, 4]]), a)


def test_histogram_returns_tessera():
    hist, edges = tnp.histogram(tnp.arange(10.0), bins=5)
    assert isinstance(hist, tnp.ndarray) and isinstance(edges, tnp.ndarray)


# ----------------------------------------------------------------------------- digitize


@pytest.mark.parametrize("bins", [[0.0, 1.0, 2.5, 4.0], [4, 2.5, 1, 0], [1, 1, 2], [3, 2, 2, 1],
                                  [], [1.0], [2, 2]], ids=repr)
@pytest.mark.parametrize("right", [False, True])
def test_digitize(bins, right):
    x = make((4, 5), "float64", lo=-1, hi=5)
    x[0, :4] = [0, 1, 2.5, 4]  # values on the edges
    check(lambda m, x: m.digitize(x, bins, right=right), x)
    check(lambda m, x: m.digitize(x[:, ::-2], np.array(bins), right=right), x)
    check(lambda m, x: m.digitize(x.astype(np.int32), bins, right=right), x)


def test_digitize_scalar():
    check(lambda m: m.digitize(2.5, [1, 2]))
    check(lambda m: m.digitize(-1, [3, 2, 1], right=True))


def test_digitize_errors():
    x = make((5,), "float64")
    check_raises(lambda m, x: m.digitize(x, [3, 1, 2]), x, match=["monotonically"])
    check_raises(lambda m, x: m.digitize(x, np.ones((2, 2))), x, match=["too deep"])
    check_raises(lambda m, x: m.digitize(x + 1j, [1, 2]), x, match=["may not be complex"])
