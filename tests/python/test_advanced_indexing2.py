"""General advanced indexing on the runtime: several index arrays broadcast together, integers,
None, Ellipsis and slices beside them, boolean masks anywhere and 0-d booleans, for reading
and for assignment, with NumPy's placement rule and errors; NumPy is the oracle."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, check, check_raises, dtype_ids, make

MASK4 = np.array([True, False, True, True])
KEYS = [
    ([0, 1], [2, 0]),
    (slice(None), [0, 2], [1, 3]),
    ([1], slice(None), [2, 3]),
    (1, [0, 2]),
    (slice(None), 1, [0, 2]),
    ([0, 1], 1),
    ([[0], [1]], [0, 2, 1]),
    (None, [0, 1], [1, 2]),
    ([0, 1], None, [1, 2]),
    (Ellipsis, [0, 1], [1, 2]),
    ([0, 1], Ellipsis, [1, 2]),
    (slice(None), [0], Ellipsis, [1]),
    (True,),
    (False,),
    (True, [0, 1]),
    (1, True),
    (None, True, [1]),
    (slice(None), np.array([True, False, True])),
    (slice(None), slice(None), MASK4),
    (0, slice(None), MASK4, [0, 4, 4]),
    ([-1, -2], [-3, 0], [0], [0]),
    ([0, 1], slice(1, None, 2), [[1], [2]]),
    (slice(None, None, -1), [2, 0], slice(None), [4, -1]),
    (np.array([[True, False, True], [False, True, True]]), [1, 3, 0, 2]),
    (slice(None), np.array([[True, False, True, True]] * 3)),
    (np.array(1), [0, 2]),
    ([], []),
    (np.array([], dtype=np.int64), slice(None), [1]),
]
VIEWS = {
    "contiguous": None,
    "reversed": lambda x: x[:, ::-1],
    "transposed": lambda x: x.transpose(3, 2, 1, 0)[::-1].transpose(3, 2, 1, 0),
    "strided": lambda x: x[:, :, ::2, 1:],
}


def _src(view, dt="float32", seed=0):
    base = make((2, 3, 4, 5) if view != "strided" else (2, 3, 8, 6), dt, seed=seed)
    return base if VIEWS[view] is None else Viewed(base, VIEWS[view], view)


def _setter(key, value):
    def fn(m, a):
        a[key] = value
        return a
    return fn


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_getitem_general(key, view):
    check(lambda m, a: a[key], _src(view))


@pytest.mark.parametrize("view", ["contiguous", "reversed", "transposed"])
@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_setitem_general(key, view):
    res = make((2, 3, 4, 5), "float32")[key]
    value = make(res.shape, "float32", seed=3)
    check(lambda m, a: _setter(key, value)(m, a), _src(view))
    check(lambda m, a: _setter(key, 7)(m, a), _src(view))
    if res.ndim:  # a value broadcast along the leading dims
        check(lambda m, a: _setter(key, value[(0,) * (res.ndim - 1)])(m, a), _src(view))


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_every_dtype(dt, modes):
    a = make((4, 5, 3), dt, seed=2)
    check(lambda m, a: a[[0, 3, -1], [1, 1, 4]], a)
    check(lambda m, a: a[[[0], [2]], :, [0, 2]], a)
    check(lambda m, a: a[1:, make((5,), bool, seed=4), 2], a)
    check(lambda m, a: _setter(([0, 3], slice(None), [2, 0]), make((2, 5), dt, seed=5))(m, a), a)
    check(lambda m, a: _setter((2, make((5, 3), bool, seed=6)), 1)(m, a), a)


def test_tessera_index_arrays(modes):
    a = make((3, 4, 5), "int64")
    rows = np.array([[0], [2], [-1]])
    cols = np.array([1, -1, 3])
    check(lambda m, a, r, c: a[r, c], a, rows, cols)
    check(lambda m, a, r, c: a[r, :, c], a, rows, cols)
    check(lambda m, a, k: a[:, k], a, a[0] > 0)
    check(lambda m, a, k: a[1, :, k], a, a[0, 0] > 0)
    check(lambda m, a, r, c: _setter((r, c), -5)(m, a), a, rows, cols)
    check(lambda m, a, r, c: _setter((r, 2, c), m.arange(3))(m, a), a, rows, cols)
    check(lambda m, a, r, c: a[r, c], a, np.array([0, 3]), cols[:2])  # out of bounds
    check(lambda m, a, r: a[r, [0]], a, np.array([0, 1], dtype=np.uint8))


def test_duplicates_last_wins():
    a = np.zeros((3, 3), dtype=np.int32)
    check(lambda m, a: _setter(([0, 0, 1, 0], [1, 1, 2, 1]), [1, 2, 3, 4])(m, a), a)


def test_empty_and_zero_size(modes):
    check(lambda m, a: a[[0, 1], [0, 0]], make((2, 0, 3), "float64").transpose(1, 0, 2)
          .reshape(0, 2, 3).transpose(1, 2, 0))
    check(lambda m, a: a[[], []], make((3, 4), "int16"))
    check(lambda m, a: a[:, [0, 1], [1]], make((0, 2, 3), "int16"))
    check(lambda m, a: _setter(([], []), 5)(m, a), make((3, 4), "int16"))
    check(lambda m, a: a[[0], [0]], make((0, 2), "int16"))  # index 0 on an empty axis
    check(lambda m, a: a[np.zeros((3, 0), bool), 1], make((3, 0, 2), "int8"))
    # an empty mask's zero-length dims stand for any size; a non-zero mismatch still raises
    a = make((2, 3, 4), "float32")
    for shape in [(0,), (0, 0), (2, 0), (0, 3), (2, 3, 0), (0, 4), (2, 1)]:
        check(lambda m, a, k: a[k], a, np.zeros(shape, bool))
        check(lambda m, a, k: a[:, k], a, np.zeros(shape[:2], bool))
        check(lambda m, a, k: _setter(k, 1)(m, a), a, np.zeros(shape, bool))
    # an empty broadcast result checks no index (NumPy's order)
    check(lambda m, a: a[[[9], [-9]], ..., []], a)
    check(lambda m, a: a[None, :, False, [[7], [2]]], a)
    check(lambda m, a: _setter(([[9], [-9]], Ellipsis, []), 1)(m, a), a)


@pytest.mark.parametrize(
    "key, match",
    [
        (([0, 5], [0, 1]), "index 5 is out of bounds for axis 0 with size 3"),
        (([0, 1], [0, -9]), "index -9 is out of bounds for axis 1 with size 4"),
        ((1, [0, 7]), "index 7 is out of bounds for axis 1 with size 4"),
        ((None, [0, 1], None, [0, 7]), "index 7 is out of bounds for axis 1 with size 4"),
        ((4, [0]), "index 4 is out of bounds for axis 0 with size 3"),
        (([0, 1], [0, 1, 2]), "shape mismatch: indexing arrays could not be broadcast"),
        (([[0, 1]], [[0], [1]], [0, 1, 2]), "shape mismatch"),
        (([1.0], [0]), "only integers"),
        ((1.5, [0]), "only integers"),
        (("a", [0]), "only integers"),
        ((0, 0, 0, [0]), "too many indices for array"),
        ((Ellipsis, Ellipsis, [0]), "single ellipsis"),
        ((np.ones(2, bool), [0]), "boolean index did not match"),
        ((np.ones((3, 4), bool), [0, 1]), "shapes (12,) (12,) (2,)"),
        ((slice(None), np.ones(3, bool)), "along axis 1"),
    ],
    ids=repr,
)
def test_errors(key, match):
    a = make((3, 4, 2), "float64")
    check_raises(lambda m, a: a[key], a, match=(match,))
    check_raises(lambda m, a: _setter(key, 1.0)(m, a), a, match=(match,))


def test_setitem_value_errors():
    a = make((3, 4), "int64")
    check_raises(lambda m, a: _setter(([0, 1], [1, 2]), [1, 2, 3])(m, a), a,
                 match=("shape mismatch",))
    check_raises(lambda m, a: _setter(([0, 1], [1, 2]), np.ones((2, 2)))(m, a), a)
    check(lambda m, a: _setter(([0, 1], [1, 2]), [[[5, 6]]])(m, a), a)  # leading 1s dropped
    check(lambda m, a: _setter(([0], [1]), 300)(m, make((3, 4), "int8")), a)  # overflow


def test_read_only_view():
    a = tnp.broadcast_to(tnp.arange(4), (3, 4))
    with pytest.raises(ValueError):
        a[[0, 1], [1, 2]] = 5


def _no_fallback(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return np.asarray(fn())


def test_runtime_path_taken():
    a = tnp.arange(60.0).reshape(3, 4, 5)
    r = tnp.asarray([[0], [2]])
    _no_fallback(lambda: a[[0, 2], [1, 3]])
    _no_fallback(lambda: a[r, [1, 3]])
    _no_fallback(lambda: a[1, [1, 3]])
    _no_fallback(lambda: a[None, [0], :, [1]])
    _no_fallback(lambda: a[:, a[0] > 3])
    _no_fallback(lambda: a[True])
    _no_fallback(lambda: a[np.False_, 1])
    _no_fallback(lambda: a.T[[0, 1], [1, 2]])

    def writes():
        b = tnp.zeros((3, 4, 5))
        b[[0, 2], [1, 3]] = 1.0
        b[r, :, [1, 3]] = tnp.arange(4.0)
        b[:, b[0] > 0] = 2.0
        b.T[[0, 1], [1, 2]] = 3.0  # no merged view: staged through a copy
        b[:, ::-1][:, [0, 1], [0, 2]] = 4.0
        return b

    got = _no_fallback(writes)
    want = np.zeros((3, 4, 5))
    want[[0, 2], [1, 3]] = 1.0
    want[[[0], [2]], :, [1, 3]] = np.arange(4.0)
    want[:, want[0] > 0] = 2.0
    want.T[[0, 1], [1, 2]] = 3.0
    want[:, ::-1][:, [0, 1], [0, 2]] = 4.0
    np.testing.assert_array_equal(got, want)


def test_zero_d_sources(modes):
    a = make((), "int32")
    check(lambda m, a: a[True], a)
    check(lambda m, a: a[False], a)
    check(lambda m, a: a[None, True], a)
    check(lambda m, a: a[np.True_, None], a)
    check(lambda m, a: a[[True]], a)  # too many indices
    check(lambda m, a: _setter(True, 5)(m, a), a)
    check(lambda m, a: _setter((None, False), 5)(m, a), a)


def test_masks_on_layouts_without_a_flat_view(modes):
    k = make((6, 4), bool, seed=7)
    n = int(k.sum())
    check(lambda m, a, k: a[k], Viewed(make((4, 6), "float64"), lambda x: x.T), k)
    check(lambda m, a, k, v: _setter(k, v)(m, a), Viewed(make((4, 6), "float64"),
                                                          lambda x: x.T), k,
          make((n,), "float64", seed=8))
    check(lambda m, a, k: _setter((k, 0), 1)(m, a), Viewed(make((3, 8, 6), "int16"),
                                                          lambda x: x[:, ::2].transpose(2, 1, 0)),
          k)
