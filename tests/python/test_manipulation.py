"""Module functions: expand_dims, broadcast_to, reshape, transpose, moveaxis, atleast_*d,
isclose, allclose, array_equal, vs NumPy."""

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, check, dtype_ids, make, to_t


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, (0, 3), (0, -1), 3, -4, (0, 0)], ids=str)
def test_expand_dims(axis):
    a = make((2, 3), "float32")
    check(lambda m, x: m.expand_dims(x, axis), a, label="contiguous")
    check(lambda m, x: m.expand_dims(x, axis=axis), Viewed(a, lambda x: x.T, "T"), label="T")


@pytest.mark.parametrize(
    ("src", "shape"),
    [
        ((3,), (4, 3)),
        ((4, 1), (4, 5)),
        ((), (2, 2)),
        ((1,), (0,)),
        ((3,), (3,)),
        ((2, 1, 3), (5, 2, 4, 3)),
        ((3,), (4, 2)),
        ((2, 3), (3,)),
        ((3,), 3),
        ((1,), -1),
    ],
    ids=str,
)
def test_broadcast_to(src, shape):
    check(lambda m, x: m.broadcast_to(x, shape), make(src, "int16"))


def test_broadcast_to_result_in_arithmetic(modes):
    def run(m, x, y):
        b = m.broadcast_to(x, (4, 3))
        return b + y, (b * 2).sum(axis=0)

    check(run, make((3,), "float64", grid=0.5), make((4, 1), "float64", seed=1), label=modes)


def test_broadcast_to_error_mentions_shapes():
    t = to_t(make((3,), "float64"))
    with pytest.raises(ValueError) as info:
        tnp.broadcast_to(t, (4, 2))
    msg = str(info.value).replace(" ", "")
    assert "(3,)" in msg and "(4,2)" in msg


@pytest.mark.parametrize(
    ("source", "dest"),
    [
        (0, -1),
        (-1, 0),
        (1, 1),
        ([0, 1], [-1, -2]),
        ((0, 2), (2, 0)),
        (3, 0),
        (0, [1, 2]),
        ([0, 0], [1, 2]),
    ],
    ids=str,
)
def test_moveaxis(source, dest):
    check(lambda m, x: m.moveaxis(x, source, dest), make((2, 3, 4), "complex64"))


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
def test_atleast(name):
    for shape in [(), (3,), (2, 3), (2, 3, 4), (1, 1, 1, 2)]:
        check(lambda m, x: getattr(m, name)(x), make(shape, "int8"), label=str(shape))
    check(
        lambda m, x, y: getattr(m, name)(x, y),
        make((), "int8"),
        make((2, 2), "int8"),
        label="two arrays -> tuple",
    )


def test_reshape_and_transpose_functions():
    a = make((2, 3, 4), "uint16")
    check(lambda m, x: m.reshape(x, (4, -1)), a, label="reshape")
    check(lambda m, x: m.reshape(x, 24), a, label="reshape int")
    check(lambda m, x: m.reshape(x, (5, 5)), a, label="bad reshape")
    check(lambda m, x: m.transpose(x, (2, 0, 1)), a, label="transpose")
    check(lambda m, x: m.transpose(x, (2, 0)), a, label="bad transpose")


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_isclose(dtype):
    a = make((4, 5), dtype, seed=2)
    b = make((4, 5), dtype, seed=2)
    if np.dtype(dtype).kind in "fc":
        b = b * (1 + 1e-6)
    check(lambda m, x, y: m.isclose(x, y), a, b, label="defaults")
    check(lambda m, x, y: m.isclose(x, y, rtol=0, atol=0), a, b, label="strict")
    check(lambda m, x, y: m.isclose(x, y[0]), a, b, label="broadcast")


def test_isclose_special_values():
    a = np.array([1e10, 1e-8, np.nan, np.inf, -np.inf, 0.0, 1.0])
    b = np.array([1.00001e10, 1e-9, np.nan, np.inf, np.inf, -0.0, 1.0 + 1e-9])
    check(lambda m, x, y: m.isclose(x, y), a, b, label="default")
    check(lambda m, x, y: m.isclose(x, y, equal_nan=True), a, b, label="equal_nan")
    check(lambda m, x, y: m.isclose(x, y, rtol=1e-3, atol=1e-3), a, b, label="loose")


def as_python_bool(result, label):
    """allclose / array_equal give a Python bool in NumPy; accept that or a 0-d bool array."""
    if isinstance(result, tnp.ndarray):
        assert result.shape == () and result.dtype == np.bool_, label
    else:
        assert type(result) is bool, f"{label}: {type(result).__name__}"
    return bool(result)


@pytest.mark.parametrize(
    "case", ["equal", "close", "far", "nan", "shape", "broadcast", "dtype", "empty"]
)
def test_allclose_and_array_equal(case):
    a = make((3, 4), "float64", seed=3)
    b = {
        "equal": a.copy(),
        "close": a + 1e-10,
        "far": a + 1.0,
        "nan": np.where(a > 0, np.nan, a),
        "shape": a[:2],
        "broadcast": a[0],
        "dtype": a.astype(np.float32),
        "empty": np.zeros((0,)),
    }[case]
    if case == "nan":
        a = b.copy()
    if case == "empty":
        a = np.zeros((0,))
    ta, tb = to_t(a), to_t(b)
    for name, kwargs in [
        ("allclose", {}),
        ("allclose", {"equal_nan": True}),
        ("array_equal", {}),
        ("array_equal", {"equal_nan": True}),
    ]:
        label = f"{name}{kwargs}"
        try:
            expected = getattr(np, name)(a, b, **kwargs)
        except ValueError:
            with pytest.raises(ValueError):
                getattr(tnp, name)(ta, tb, **kwargs)
            continue
        got = getattr(tnp, name)(ta, tb, **kwargs)
        assert as_python_bool(got, label) == expected, label
