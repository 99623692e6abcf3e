"""choose and select on the runtime (chains of where), NumPy as the oracle: dtypes,
broadcasting, modes, out=, 0-d and empty inputs, views and NumPy's errors."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, NUMERIC, Viewed, check, check_raises, dtype_ids, make


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_choose_dtypes(dt, modes):
    idx = make((3, 4), "int64", lo=0, hi=2, seed=1)
    chs = [make((3, 4), dt, seed=s) for s in (2, 3, 4)]
    check(lambda m, a, c0, c1, c2: m.choose(a, [c0, c1, c2]), idx, *chs)
    check(lambda m, a, c0, c1, c2: a.choose([c0, c1, c2]), idx, *chs)
    check(lambda m, a, c: m.choose(a, c), idx, make((3, 3, 4), dt, seed=5))  # array of choices


def test_choose_broadcast_and_promotion(modes):
    idx = np.array([[0], [1], [2]])
    check(lambda m, a, x, y: m.choose(a, [x, 10, y]), idx, np.arange(4),
          make((3, 1), "float32"))
    check(lambda m, a, x: m.choose(a, [x, 300, 1]), idx, make((4,), "int8"))  # scalar wraps
    check(lambda m, a, x: m.choose(a, [x, 2.5, 1]), idx, make((4,), "float32"))
    check(lambda m, a, x: m.choose(a, [x, np.float64(2.5), 1]), idx, make((4,), "float32"))
    check(lambda m, a, x: m.choose(a, [x, x, x]), np.array([0, 2, 1], dtype=np.uint8),
          make((3,), "complex64"))
    check(lambda m, a: m.choose(a, [[5, 6], [7, 8]]), np.array([True, False]))
    check(lambda m: m.choose(1, [3, 4]))
    check(lambda m, a, x: m.choose(a, [x, -x]), np.zeros((0, 3), np.int32), make((3,), "int16"))


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_choose_modes(mode, modes):
    idx = np.array([-4, -1, 0, 1, 2, 3, 7])
    check(lambda m, a, x, y, z: m.choose(a, [x, y, z], mode=mode), idx,
          *(make((7,), "float64", seed=s) for s in range(3)))
    check(lambda m, a, x, y: m.choose(a, [x, y], mode=mode), np.array([0, 1, 1]),
          Viewed(make((6,), "int32"), lambda v: v[::-2]), Viewed(make((3, 2), "int32"),
                                                               lambda v: v.T[1]))


def test_choose_out(modes):
    def fn(m, a, x, y, o):
        r = m.choose(a, [x, y], out=o)
        return r, o

    check(fn, np.array([0, 1, 0]), make((3,), "float32"), make((3,), "float32", seed=1),
          np.zeros(3, np.float32))


def test_choose_errors():
    check_raises(lambda m, a: m.choose(a, [[1, 2], [3, 4]]), np.array([0, 2]),
                 match=("invalid entry in choice array",))
    check_raises(lambda m, a: m.choose(a, [[1, 2], [3, 4]]), np.array([0.0, 1.0]),
                 match=("Cannot cast array data",))
    check_raises(lambda m, a: m.choose(a, []), np.array([0]), match=("0-length",))
    check_raises(lambda m, a: m.choose(a, [[1, 2], [3, 4]], mode="foo"), np.array([0]),
                 match=("clipmode",))
    check_raises(lambda m, a: m.choose(a, [[1, 2, 3], [3, 4]]), np.array([0, 1]))


@pytest.mark.parametrize("dt", NUMERIC, ids=dtype_ids(NUMERIC))
def test_select_dtypes(dt, modes):
    x = make((4, 5), dt, seed=1)
    y = make((4, 5), dt, seed=2)
    c0 = make((4, 5), bool, seed=3)
    c1 = make((4, 5), bool, seed=4)
    check(lambda m, x, y, c0, c1: m.select([c0, c1], [x, y]), x, y, c0, c1)
    check(lambda m, x, y, c0, c1: m.select([c0, c1], [x, y], default=3), x, y, c0, c1)
    check(lambda m, x, c0: m.select([c0], [x], default=np.float64(1.5)), x, c0)


def test_select_broadcast_and_scalars(modes):
    x = make((4, 1), "int8")
    c0 = make((5,), bool, seed=3)
    c1 = make((4, 5), bool, seed=4)
    check(lambda m, x, c0, c1: m.select([c0, c1], [x, 2]), x, c0, c1)
    check(lambda m, x, c0: m.select([c0], [x], 300), x, c0)  # Python default wraps to int8
    check(lambda m, c0: m.select([c0], [1.5]), c0)
    check(lambda m, c0: m.select([c0, ~c0], [1, 2], default=-1), c0)
    check(lambda m: m.select([np.True_], [np.arange(3)]))
    check(lambda m: m.select([np.array(False)], [5]))
    check(lambda m, c, x: m.select([c], [x]), np.zeros((0, 2), bool), make((2,), "float32"))
    check(lambda m, c, x: m.select([c, c], [x, -x]),
          Viewed(make((6, 4), bool, seed=5), lambda v: v[::2].T),
          Viewed(make((3, 4), "float64"), lambda v: v.T[::-1]))


def test_select_errors():
    c = np.array([True, False])
    check_raises(lambda m, c: m.select([c], []), c, match=("list of cases must be same length",))
    check_raises(lambda m: m.select([], []), match=("empty condition list",))
    check_raises(lambda m, c: m.select([c.astype(int)], [np.ones(2)]), c,
                 match=("invalid entry 0 in condlist",))
    check_raises(lambda m, c: m.select([c], [np.ones(3)]), c)


def test_no_fallback():
    a = tnp.asarray([0, 1, 2, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        r1 = np.asarray(tnp.choose(a, [tnp.zeros(4), 1.0, tnp.arange(4.0)]))
        r2 = np.asarray(a.choose([tnp.zeros(4), 1.0, tnp.arange(4.0)], mode="wrap"))
        r3 = np.asarray(tnp.select([a > 1, a > 0], [a, -a], default=9))
    np.testing.assert_array_equal(r1, [0.0, 1.0, 2.0, 1.0])
    np.testing.assert_array_equal(r2, r1)
    np.testing.assert_array_equal(r3, [9, -1, 2, -1])
