"""numpy.repeat with per-element counts on the runtime (a gather along the axis), NumPy as the
oracle: every dtype, axes, views, broadcasting of a single count, 0-d and empty, errors."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, check, check_raises, dtype_ids, make


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_repeat_counts_every_dtype(dt, modes):
    a = make((3, 4), dt, seed=1)
    check(lambda m, a: m.repeat(a, [2, 0, 1]), make((3,), dt))
    check(lambda m, a: m.repeat(a, [2, 0, 1], axis=0), a)
    check(lambda m, a: m.repeat(a, [1, 3, 0, 2], axis=-1), a)
    check(lambda m, a: a.repeat([0, 1, 2, 0, 1, 1, 2, 0, 1, 3, 0, 1]), a)


@pytest.mark.parametrize(
    "reps",
    [[2], np.array([3]), np.array([1, 2, 0, 4], dtype=np.int8), [True, False, True, True],
     [1.0, 2.0, 0.0, 1.0], np.array(2), [0, 0, 0, 0], 0],
    ids=repr)
def test_repeat_count_forms(reps, modes):
    check(lambda m, a: m.repeat(a, reps, axis=1), make((2, 4, 3), "float32"))


def test_repeat_tessera_counts_and_views(modes):
    check(lambda m, a, r: m.repeat(a, r, axis=0), make((3, 2), "int64"), np.array([1, 0, 3]))
    check(lambda m, a: m.repeat(a, [1, 2, 3], axis=1),
          Viewed(make((4, 6), "complex128"), lambda x: x[::-1, 1::2]))
    check(lambda m, a: m.repeat(a, [2, 1, 0, 1], axis=0),
          Viewed(make((3, 4), "int16"), lambda x: x.T))


def test_repeat_zero_d_and_empty(modes):
    check(lambda m, a: m.repeat(a, [3]), make((), "int32"))
    check(lambda m, a: m.repeat(a, [4]), make((0,), "float64"))
    check(lambda m, a: m.repeat(a, []), make((0,), "float64"))
    check(lambda m, a: m.repeat(a, [], axis=1), make((3, 0), "int8"))
    check(lambda m, a: m.repeat(a, [2, 1, 0], axis=0), make((3, 0), "int8"))
    check(lambda m, a: m.repeat(a, [2, 3], axis=0), make((2, 4), "uint8")[:, :0])


def test_repeat_errors():
    a = make((2, 3), "int64")
    check_raises(lambda m, a: m.repeat(a, [1, 2], axis=1), a,
                 match=("operands could not be broadcast together with shape (3,) (2,)",))
    check_raises(lambda m, a: m.repeat(a, [1, -1]), make((2,), "int8"),
                 match=("repeats may not contain negative values",))
    check_raises(lambda m, a: m.repeat(a, [[1, 2]]), make((2,), "int8"))
    check_raises(lambda m, a: m.repeat(a, np.array([1, 2], np.uint64)), make((2,), "int8"),
                 match=("Cannot cast array data",))
    check_raises(lambda m, a: m.repeat(a, [1, 2], axis=2), a)
    check_raises(lambda m, a: m.repeat(a, []), a)


def test_repeat_runtime_path_taken():
    a = tnp.arange(6).reshape(2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        r1 = np.asarray(tnp.repeat(a, [1, 0, 2], axis=1))
        r2 = np.asarray(a.repeat(tnp.asarray([2, 1]), axis=0))
    np.testing.assert_array_equal(r1, np.repeat(np.arange(6).reshape(2, 3), [1, 0, 2], axis=1))
    np.testing.assert_array_equal(r2, np.repeat(np.arange(6).reshape(2, 3), [2, 1], axis=0))
