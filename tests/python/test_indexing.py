"""Basic indexing: ints, slices (any step), None, Ellipsis; views, writes through views."""

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, assert_same, check, dtype_ids, make, to_t

S = slice
INDICES = [
    0,
    -1,
    3,
    (1, 2),
    (1, 2, 3),
    (-1, -2, -3),
    (np.int64(2), np.int8(-1)),
    S(None),
    S(1, 3),
    S(None, None, 2),
    S(None, None, -1),
    S(3, 0, -2),
    S(-2, None),
    S(10, 20),
    S(-100, 100),
    S(None, None, 7),
    S(None, None, -3),
    S(2, 2),
    (S(1, 3), 2),
    (Ellipsis, 1),
    (1, Ellipsis),
    (None,),
    (None, 1, None),
    (Ellipsis, None),
    (S(None, None, -1), None, 2),
    (Ellipsis,),
    (),
    (1, 2, 3, Ellipsis),
    (Ellipsis, S(4, 0, -3)),
    (S(None), S(None, None, -2), S(1, None, 3)),
    (0, None, S(None), None, -1),
    (S(3, None, -1), Ellipsis, None),
    (2, S(0, 0)),
    (np.newaxis, Ellipsis, np.newaxis),
]
BAD_INDICES = [
    4,
    -5,
    (0, 5),
    (0, 0, 6),
    (0, 0, 0, 0),
    (Ellipsis, Ellipsis),
    1.5,
    (0, 1.0),
    "a",
    (S(None), S(None), S(None), S(None)),
]


def index_id(idx):
    return repr(idx).replace(" ", "").replace("slice", "S")


def get(idx):
    return lambda m, x: x[idx]


@pytest.mark.parametrize("idx", INDICES, ids=index_id)
def test_getitem(idx):
    a = make((4, 5, 6), "float64")
    check(get(idx), a, label="contiguous")
    base = make((6, 5, 8), "float64", seed=1)
    check(get(idx), Viewed(base, lambda x: x[1:5, ::-1, ::-1][:, :, 1:7], "view"), label="view")


@pytest.mark.parametrize("idx", INDICES, ids=index_id)
def test_setitem_scalar_and_write_through_view(idx):
    a = make((4, 5, 6), "int32")

    def set_scalar(m, x):
        x[idx] = -7
        return x

    check(set_scalar, a, label="x[idx] = -7")
    if not isinstance(a[idx], np.ndarray):
        return

    def write_view(m, x):
        v = x[idx]
        v[...] = 11
        v += 1
        return x

    check(write_view, a, label="v = x[idx]; v[...] = 11; v += 1")


@pytest.mark.parametrize("idx", BAD_INDICES, ids=index_id)
def test_bad_index(idx):
    a = make((4, 5, 6), "float64")
    check(get(idx), a, label="getitem")

    def setter(m, x):
        x[idx] = 1.0
        return x

    check(setter, a, label="setitem")


def test_out_of_bounds_message_names_index_and_size():
    t = to_t(make((4, 5), "float64"))
    with pytest.raises(IndexError) as info:
        t[0, 9]
    assert "9" in str(info.value) and "5" in str(info.value)
    with pytest.raises(IndexError) as info:
        t[-7]
    assert "-7" in str(info.value)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_indexing_every_dtype(dtype):
    a = make((5, 4), dtype)
    for idx in (2, (1, -1), S(None, None, -2), (Ellipsis, None, 1), (S(4, 0, -2), S(1, 3))):
        check(get(idx), a, label=f"get {index_id(idx)}")

    def assign(m, x):
        x[::2, 1] = x[1::2, 2][:3]
        x[-1] = x[0]
        return x

    check(assign, a, label="assign from views")


def test_scalar_index_returns_0d_tessera_array():
    n = make((3, 4), "float64")
    t = to_t(n)
    s = t[1, 2]
    assert isinstance(s, tnp.ndarray) and s.shape == ()
    assert float(s) == float(n[1, 2])
    assert_same(s, n[1, 2])
    assert_same(t[1][2], n[1][2])


def test_scalar_index_is_a_value_not_a_live_view():
    """NumPy returns a scalar for x[i, j]; writing x afterwards must not change it."""
    n = make((3, 4), "int64")
    t = to_t(n)
    s = t[1, 2]
    row = t[1]
    old = int(n[1, 2])
    t[1, 2] = old + 100
    assert int(s) == old
    assert int(row[2]) == old + 100  # row is a view, so it does see the write


def test_index_with_0d_tessera_integer():
    n = make((6, 3), "float64")
    t = to_t(n)
    i = tnp.asarray(np.array(4))
    assert_same(t[i], n[4])
    j = t[:, 0].argmax()
    assert_same(t[j], n[n[:, 0].argmax()])
    assert_same(t[1:i], n[1:4])


# ----------------------------------------------------------------------------- assignment


def test_setitem_broadcasts_and_casts():
    a = make((4, 6), "int16")
    check(lambda m, x, v: x.__setitem__((S(None), S(1, 4)), v) or x, a, make((3,), "int16"))
    check(lambda m, x: x.__setitem__(S(None, None, 2), 2.7) or x, a, label="float truncates")
    check(lambda m, x: x.__setitem__(0, 70000) or x, a, label="python int out of bounds")
    check(lambda m, x, v: x.__setitem__(1, v) or x, a, make((6,), "float64"), label="cast")
    check(
        lambda m, x, v: x.__setitem__(S(0, 2), v) or x,
        a,
        make((3,), "int16"),
        label="shape mismatch",
    )
    check(
        lambda m, x, v: x.__setitem__(Ellipsis, v) or x,
        a,
        make((4, 1), "uint8"),
        label="ellipsis broadcast",
    )
    f = make((3,), "float64")
    check(
        lambda m, x, v: x.__setitem__(S(None), v) or x,
        f,
        make((3,), "complex128"),
        label="complex into float",
    )


def test_setitem_shape_mismatch_message():
    t = to_t(make((4, 6), "float64"))
    with pytest.raises(ValueError) as info:
        t[0:2] = tnp.ones(5)
    assert "(5,)" in str(info.value) and "(2,6)" in str(info.value).replace(" ", "")


@pytest.mark.parametrize(
    "case", ["shift_right", "shift_left", "reverse_self", "transpose_self", "strided_overlap"]
)
def test_overlapping_assignment(case, modes):
    """The right-hand side is read as a whole before any element is written (NumPy)."""
    shape = (6, 6) if case == "transpose_self" else (16,)

    def run(m, x):
        if case == "shift_right":
            x[1:] = x[:-1]
        elif case == "shift_left":
            x[:-1] = x[1:]
        elif case == "reverse_self":
            x[:] = x[::-1]
        elif case == "transpose_self":
            x[...] = x.T
        else:
            # NumPy copies this overlapping strided source element by element in its own loop
            # order, so its result is not "read the whole source first"; tessera guarantees the
            # latter (as NumPy does for ufuncs), which an explicit copy spells out for NumPy.
            x[::2] = x[3:11].copy() if m is np else x[3:11]
        return x

    check(run, make(shape, "int64"), label=modes)


def test_views_of_views(modes):
    def run(m, x):
        v1 = x[1:, ::2]
        v2 = v1[::-1, 1:]
        v3 = v2[:, None, ::-1][1]
        v3 += 100
        v2[0] = -1
        v1[..., 0] *= 3
        return x, v1, v2, v3

    check(run, make((5, 9), "float64"), label=modes)


def test_inplace_through_slices(modes):
    def run(m, a, b):
        a[::2] += b[::2]
        c = b[::3]
        c += 1
        a[1::2] -= a[::2][: a[1::2].shape[0]]
        a[-1] *= 2
        b[1:4] //= 2
        return a, b, c

    check(run, make((13,), "int32"), make((13,), "int32", seed=1), label=modes)


def test_view_sees_later_writes_to_base(modes):
    def run(m, x):
        v = x[::2, ::-1]
        x += 1
        x[0] = 0
        return v

    check(run, make((6, 4), "float32"), label=modes)


def test_0d_array_indexing():
    a = make((), "float64")
    check(get(()), a, label="()")
    check(get(Ellipsis), a, label="...")
    check(get(None), a, label="None")
    check(get(0), a, label="0 -> IndexError")

    def set_all(m, x):
        x[...] = 5.0
        x[()] += 1
        return x

    check(set_all, a, label="set")


def test_newaxis_is_none():
    assert tnp.newaxis is None
