"""Advanced indexing on the runtime: gather (take, a[int_array]), masks (a[mask], nonzero and
friends), scatter (a[int_array] = v, a[mask] = v, put, putmask, place); the NumPy fallback for
the rest."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, check, dtype_ids, make

IDX = np.array([0, -1, 2, 2, -4, 1], dtype=np.int64)  # negative and duplicate indices


def _setter(key, value):
    def fn(m, a):
        a[key] = value
        return a
    return fn


# ----------------------------------------------------------------------------- gather


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_getitem_int_array_every_dtype(dt, modes):
    a = make((5, 4), dt, seed=1)
    check(lambda m, a: a[IDX], a)
    check(lambda m, a: a[:, IDX[:3] % 4], a)
    check(lambda m, a: a[..., [3, 0]], make((2, 3, 4), dt))
    check(lambda m, a: a[IDX], make((5,), dt))


@pytest.mark.parametrize(
    "key",
    [
        [1, 3],
        [[0, 1], [2, -1]],
        [],
        np.array([], dtype=np.int32),
        np.array([4, 4, 4], dtype=np.uint8),
        np.array([-3], dtype=np.int16),
        (slice(None), [0, 2]),
        (slice(1, None), np.array([[1], [2]])),
        (Ellipsis, [1]),
        ([2, 0], Ellipsis),
        (slice(None, None, -1), slice(None), [3, 0, 3]),
    ],
    ids=repr,
)
def test_getitem_int_array_keys(key, modes):
    check(lambda m, a: a[m.asarray(key) if isinstance(key, np.ndarray) else key],
          make((5, 4, 4), "float64"))


@pytest.mark.parametrize(
    "view", [lambda x: x[::2], lambda x: x[::-1], lambda x: x.T, lambda x: x[1::2, ::-3]],
    ids=["strided", "reversed", "transposed", "mixed"])
def test_getitem_views_as_sources(view, modes):
    base = make((6, 8), "int32")
    check(lambda m, a: a[[0, -1, 1]], Viewed(base, view))
    check(lambda m, a: a[:, [0, 1, 0]], Viewed(base, view))


@pytest.mark.parametrize(
    "view", [lambda x: x[::-1], lambda x: x[2::3], lambda x: x[::-2].T, lambda x: x[1:, ::-1]],
    ids=["reversed", "strided", "transposed", "mixed"])
def test_index_arrays_as_views(view, modes):
    ind = Viewed(make((6, 4), "int64", lo=-5, hi=4, seed=16), view)
    check(lambda m, a, i: a[i], make((5, 3), "float32"), ind)
    check(lambda m, a, i: a[:, i], make((3, 5), "complex64"), ind)
    check(lambda m, a, i: m.take(a, i), make((5,), "uint16"), ind)
    check(lambda m, a, i: _setter(i, 7)(m, a), make((5, 2), "int8"), ind)
    check(lambda m, a, k: a[k], make((6, 4), "int16"), Viewed(make((6, 4), bool), view))


def test_getitem_out_of_bounds(modes):
    check(lambda m, a: a[[10]], make((5,), "int64"))
    check(lambda m, a: a[[-6]], make((5,), "int64"))
    check(lambda m, a: a[:, [0, 4]], make((3, 4), "int64"))
    with pytest.raises(IndexError, match="index 10 is out of bounds for axis 0 with size 5"):
        np.asarray(tnp.arange(5)[[1, 10]])
    with pytest.raises(IndexError, match="out of bounds for axis 1 with size 4"):
        np.asarray(tnp.zeros((3, 4))[:, [4]])


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_take(dt, modes):
    a = make((4, 5), dt)
    check(lambda m, a: m.take(a, [1, -1, 1]), a)
    check(lambda m, a: m.take(a, [[1, 0]], axis=1), a)
    check(lambda m, a: m.take(a, [3, -4], axis=-2), a)
    check(lambda m, a: m.take(a, 7), a)
    check(lambda m, a: m.take(a, []), a)
    check(lambda m, a: a.take([2, 2]), a)
    check(lambda m, a: m.take(a, [20]), a)
    check(lambda m, a: m.take(a, [0], axis=2), a)


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_take_along_axis(dt, modes):
    a = make((2, 3, 4), dt)
    ind = np.array([[[0, -1, 3]], [[2, 2, -4]]])  # broadcast along axis 1
    check(lambda m, a, i: m.take_along_axis(a, i, axis=2), a, ind)
    check(lambda m, a, i: m.take_along_axis(a, i, axis=1), a, np.argsort(make((2, 3, 4), "int8"),
                                                                         axis=1))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=-3), a, np.array([[[1]], [[0]]]))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=None), a, np.array([23, -24, 5]))
    check(lambda m, a, i: m.take_along_axis(a, i), Viewed(make((4, 6), dt), lambda x: x.T),
          np.array([[0, 3, -1]] * 6))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=0), a, np.zeros((0, 3, 4), np.int64))


def test_along_axis_errors(modes):
    a = make((3, 4), "int64")
    check(lambda m, a, i: m.take_along_axis(a, i, axis=1), a, np.array([[4]]))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=1), a, np.array([1]))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=1), a, np.array([[1.0]]))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=None), a, np.array([[1]]))
    check(lambda m, a, i: m.take_along_axis(a, i, axis=2), a, np.array([[1]]))


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_put_along_axis(dt, modes):
    def put(m, a, i, v, axis):
        m.put_along_axis(a, i, v, axis)
        return a

    a = make((3, 4), dt)
    check(put, a, np.array([[0, 0, -1]] * 3), make((3, 3), dt, seed=12), 1)
    check(put, a, np.array([[2], [0], [1]]), make((), dt, seed=13), 1)
    check(put, a, np.array([[1, 1, 0, 2]]), make((1, 4), dt, seed=14), 0)
    check(put, a, np.array([11, -12]), make((2,), dt, seed=15), None)
    check(put, a, np.array([[5]]), make((), dt), 1)
    check(put, Viewed(make((4, 3), dt), lambda x: x.T), np.array([[0]] * 3), make((), dt), 1)


# ----------------------------------------------------------------------------- masks


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_getitem_mask(dt, modes):
    a = make((4, 5), dt, seed=2)
    mask = make((4, 5), bool, seed=3)
    check(lambda m, a, k: a[k], a, mask)
    check(lambda m, a, k: a[k], a, mask[:, 0])
    check(lambda m, a, k: a[k, 1:], a, mask[:, 0])
    check(lambda m, a, k: a[k], a, np.zeros((4, 5), bool))
    check(lambda m, a, k: a[k], Viewed(make((5, 8), dt), lambda x: x[::-1, ::2]),
          make((5, 4), bool, seed=4))


def test_mask_mismatch():
    check(lambda m, a, k: a[k], make((5,), "int64"), np.ones(4, bool))
    check(lambda m, a, k: a[k], make((5, 3), "int64"), np.ones((5, 2), bool))
    with pytest.raises(IndexError, match="boolean index did not match indexed array along axis 0; "
                       "size of axis is 5 but size of corresponding boolean axis is 4"):
        tnp.arange(5)[tnp.ones(4, bool)]


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_nonzero_family(dt, modes):
    for shape in [(7,), (3, 4), (2, 3, 4), (0,), (3, 0)]:
        a = make(shape, dt, lo=-1, hi=1, seed=5)
        check(lambda m, a: m.nonzero(a), a)
        check(lambda m, a: a.nonzero(), a)
        check(lambda m, a: m.flatnonzero(a), a)
        check(lambda m, a: m.argwhere(a), a)
        check(lambda m, a: m.where(a), a)
    check(lambda m, a: m.argwhere(a), make((), dt, lo=1, hi=1))
    check(lambda m, a: m.flatnonzero(a), Viewed(make((6, 4), dt, lo=-1, hi=1), lambda x: x.T))
    check(lambda m, a: m.nonzero(a), make((), dt))


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_compress_extract(dt, modes):
    a = make((3, 4), dt)
    check(lambda m, a: m.compress([True, False, True], a, axis=0), a)
    check(lambda m, a: m.compress([False, True, True, False], a, axis=1), a)
    check(lambda m, a: m.compress([True, False, True], a), a)
    check(lambda m, a: a.compress([0, 1], axis=-1), a)
    check(lambda m, a, c: m.extract(c, a), a, make((3, 4), bool, seed=6))
    check(lambda m, a: m.compress([True] * 5, a, axis=0), a)


# ----------------------------------------------------------------------------- scatter


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_setitem_int_array(dt, modes):
    a = make((5, 3), dt)
    v = make((6, 3), dt, seed=7)
    check(lambda m, a, v: _setter(IDX, v)(m, a), a, v)  # duplicates: the last write wins
    check(lambda m, a, v: _setter(IDX, v[0])(m, a), a, v)
    check(lambda m, a, v: _setter((slice(None), [2, 0, 2]), v[:5, :])(m, a), a, v)
    check(lambda m, a: _setter([1, -1], 1)(m, a), a)
    check(lambda m, a: _setter([], 1)(m, a), a)
    check(lambda m, a, v: _setter([[0], [1]], v[:1, None])(m, a), a, v)


def test_setitem_int_array_views_and_errors(modes):
    check(lambda m, a: _setter([0, 2], [7, 8])(m, a), Viewed(make((10,), "int16"),
                                                             lambda x: x[::-2]))
    check(lambda m, a: _setter((slice(None), [1]), 5)(m, a), Viewed(make((4, 6), "float32"),
                                                                    lambda x: x.T))
    check(lambda m, a: _setter([5], 1)(m, a), make((5,), "int64"))
    check(lambda m, a: _setter([0, 1], [1, 2, 3])(m, a), make((5,), "int64"))
    check(lambda m, a: _setter([0], 300)(m, a), make((5,), "int8"))
    check(lambda m, a: _setter([0, 1], [[1, 2]])(m, a), make((5,), "int64"))
    check(lambda m, a: _setter([0, 1], a[::-1][:2])(m, a), make((5,), "int64"))
    # indices and values that alias the destination are read as they were before the write
    check(lambda m, a: _setter(a[:4], 5)(m, a), np.array([3, 0, 1, 2, 0, 0]))
    check(lambda m, a: _setter(a, m.arange(6))(m, a), np.array([3, 0, 1, 2, 0, 0]))
    check(lambda m, a: _setter(a > 0, a[::-1][:3])(m, a), np.array([3, 0, 1, 2, 0, 0]))


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_setitem_mask(dt, modes):
    a = make((4, 5), dt)
    mask = make((4, 5), bool, seed=8)
    n = int(mask.sum())
    check(lambda m, a, k, v: _setter(k, v)(m, a), a, mask, make((n,), dt, seed=9))
    check(lambda m, a, k: _setter(k, 1)(m, a), a, mask)
    k0 = mask[:, 0]
    check(lambda m, a, k, v: _setter(k, v)(m, a), a, k0, make((int(k0.sum()), 5), dt))
    check(lambda m, a, k, v: _setter(k, v)(m, a), a, mask, make((n + 1,), dt))
    check(lambda m, a, k: _setter(k, 1)(m, a), a, np.ones((3, 5), bool))
    check(lambda m, a, k, v: _setter((k, slice(1, None)), v)(m, a), a, k0,
          make((int(k0.sum()), 4), dt))
    check(lambda m, a, k: _setter((k, slice(None, None, -2)), 0)(m, a), a, k0)


def test_large_gather_scatter(modes):
    n = 200_000
    a = make((n,), "float64")
    idx = np.random.default_rng(0).integers(-n, n, size=n)
    check(lambda m, a, i: a[i], a, idx)
    check(lambda m, a, i: m.take(a.reshape(1000, 200), i % 200, axis=1), a, idx[:500])
    check(lambda m, a: a[a > 0], a)
    check(lambda m, a, i: _setter(i, 1.5)(m, a), a, idx)


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_put_putmask_place(dt, modes):
    a = make((3, 4), dt)

    def put(m, a, ind, v):
        m.put(a, ind, v)
        return a

    def putmask(m, a, k, v):
        m.putmask(a, k, v)
        return a

    def place(m, a, k, v):
        m.place(a, k, v)
        return a

    v = make((5,), dt, seed=10)
    check(put, a, [0, -1, 5, 5], v)
    check(put, a, [1, 2, 3], v[:1])
    check(put, a, [], v)
    check(put, a, [12], v)
    check(lambda m, a, v: (a.put([3, 1], v), a)[1], a, v)
    k = make((3, 4), bool, seed=11)
    check(putmask, a, k, v)
    check(putmask, a, k, v[:2])
    check(place, a, k, v)
    check(place, a, k, v[:1])


# ----------------------------------------------------------------------------- fallback


def _no_fallback(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return np.asarray(fn())


def test_native_cases_do_not_fall_back():
    a = tnp.arange(24).reshape(4, 6)
    idx = tnp.asarray([2, 0, -1])
    mask = a % 3 == 0
    _no_fallback(lambda: a[idx])
    _no_fallback(lambda: a[[1, 2]])
    _no_fallback(lambda: a[:, idx])
    _no_fallback(lambda: a[..., [1]])
    _no_fallback(lambda: a[mask])
    _no_fallback(lambda: a[mask[:, 0], 1:])
    _no_fallback(lambda: tnp.take(a, idx, axis=1))
    _no_fallback(lambda: tnp.nonzero(a)[0])
    _no_fallback(lambda: tnp.flatnonzero(a))
    _no_fallback(lambda: tnp.argwhere(a))
    _no_fallback(lambda: tnp.where(mask)[1])
    _no_fallback(lambda: tnp.compress([True, False], a, axis=0))
    _no_fallback(lambda: tnp.extract(mask, a))
    _no_fallback(lambda: tnp.take_along_axis(a, tnp.asarray([[1], [0], [2], [5]]), axis=1))

    def writes():
        b = tnp.zeros((4, 6))
        b[idx] = 1.0
        b[:, [0, 0]] = tnp.asarray([[1.0], [2.0], [3.0], [4.0]])
        b[mask] = tnp.arange(8.0)
        tnp.put(b, [0, 3], [7.0])
        tnp.putmask(b, mask, tnp.asarray([5.0, 6.0]))
        tnp.place(b, mask, [9.0])
        tnp.put_along_axis(b, tnp.asarray([[1], [0], [2], [5]]), 3.0, axis=1)
        return b

    _no_fallback(writes)


def test_fallback_cases_still_correct():
    a = make((4, 5), "int64")
    check(lambda m, a: a[[0, 1], [2, 3]], a)
    check(lambda m, a: a[1, [2, 3]], a)
    check(lambda m, a: a[None, [2, 3]], a)
    check(lambda m, a: a[True], a)
    check(lambda m, a: a[[[0]], :, None], a)
    check(lambda m, a: _setter(([0, 1], [2, 3]), 9)(m, a), a)
    check(lambda m, a: _setter((slice(None), make((5,), bool, seed=1)), 9)(m, a), a)
    check(lambda m, a: m.take(a, [7], mode="wrap"), a)
