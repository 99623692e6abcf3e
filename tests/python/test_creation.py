"""Array creation functions vs NumPy: values, dtype, shape, and errors."""

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, assert_same, check, dtype_ids, make, to_t

SHAPES = [(), 0, 3, (0,), (2, 3), (2, 0, 4), (1, 1, 1, 2), [2, 2]]
DTYPE_ARGS = [
    None,
    "int8",
    "uint32",
    "float16",
    np.float32,
    np.complex64,
    bool,
    int,
    float,
    complex,
    np.dtype("int64"),
]


def shape_id(shape):
    return str(shape).replace(" ", "")


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_zeros_ones_full_empty(shape):
    for dtype in DTYPE_ARGS:
        check(lambda m: m.zeros(shape, dtype=dtype), label=f"zeros {dtype}")
        check(lambda m: m.ones(shape, dtype=dtype), label=f"ones {dtype}")
        check(lambda m: m.full(shape, 3, dtype=dtype), label=f"full 3 {dtype}")
        check(lambda m: m.full(shape, True, dtype=dtype), label=f"full True {dtype}")
        t, n = tnp.empty(shape, dtype=dtype), np.empty(shape, dtype=dtype)
        assert isinstance(t, tnp.ndarray), f"empty {dtype}"
        assert (t.shape, t.dtype) == (n.shape, n.dtype), f"empty {dtype}"
        assert np.asarray(t).shape == n.shape, f"empty {dtype}"


def test_positional_dtype_and_defaults():
    check(lambda m: m.zeros((2, 2), "int16"), label="positional dtype")
    check(lambda m: m.ones(4), label="default float64")
    check(lambda m: m.full(3, 7), label="full int -> int64")
    check(lambda m: m.full(3, 1.5), label="full float -> float64")
    check(lambda m: m.full(3, 1 + 2j), label="full complex")
    check(lambda m: m.full((2, 3), np.float32(2.5)), label="full numpy scalar keeps dtype")
    check(lambda m: m.full((2, 3), 1.5, dtype=np.int8), label="full float into int8")


def test_full_array_fill_value_broadcasts():
    fill = make((3,), "float32")
    check(lambda m, f: m.full((2, 3), f), fill)
    check(lambda m, f: m.full((2, 4), f), fill, label="incompatible fill shape")


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_like_functions(dtype):
    for label, src in [
        ("2d", make((3, 4), dtype)),
        ("transposed", Viewed(make((3, 4), dtype), lambda x: x.T, "T")),
        ("0d", make((), dtype)),
    ]:
        check(lambda m, x: m.zeros_like(x), src, label=f"zeros_like {label}")
        check(lambda m, x: m.ones_like(x), src, label=f"ones_like {label}")
        check(lambda m, x: m.full_like(x, 1), src, label=f"full_like {label}")
        check(lambda m, x: m.zeros_like(x, dtype=np.float32), src, label=f"dtype {label}")
        check(lambda m, x: m.full_like(x, 2, dtype="int16"), src, label=f"full dtype {label}")
        check(lambda m, x: m.ones_like(x, shape=(2, 5)), src, label=f"shape= {label}")
        t = tnp.empty_like(to_t(src))
        n = np.empty_like(src.numpy() if isinstance(src, Viewed) else src)
        assert isinstance(t, tnp.ndarray) and t.shape == n.shape and t.dtype == n.dtype


def test_full_like_casts_fill_value():
    a = make((4,), "int8")
    check(lambda m, x: m.full_like(x, 2.7), a, label="float into int8 truncates")
    check(lambda m, x: m.full_like(x, 300), a, label="out of range python int")


def endpoint_atol(start, stop=0, dtype=None):
    """arange/linspace compute start + i * step; NumPy's formula is not the only fair one, so
    allow a few ULP of the endpoints' magnitude (results near 0 can come from cancellation)."""
    eps = float(np.finfo(dtype or np.float64).eps)
    return 4 * eps * float(np.max(np.abs([start, stop])))


ARANGE_CASES = [
    (5,),
    (0,),
    (-3,),
    (1.5,),
    (2, 9),
    (9, 2),
    (10, 0, -3),
    (0, 1, 0.1),
    (1, 2, 0.25),
    (-5.5, 5.5, 1.5),
    (0, 5, 0),
    (3, np.int8),
    (1, 2**40, 2**38),
    (0, 10, 2.5, int),
]


@pytest.mark.parametrize("args", ARANGE_CASES, ids=str)
def test_arange(args):
    *pos, dtype = args if args and isinstance(args[-1], type) else (*args, None)
    atol = endpoint_atol(*pos[:2])
    check(lambda m: m.arange(*pos, dtype=dtype), tol="ulp", atol=atol)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_arange_dtype(dtype):
    check(lambda m: m.arange(6, dtype=dtype), tol="ulp", label="stop")
    check(lambda m: m.arange(1, 7, 2, dtype=dtype), tol="ulp", label="start stop step")


def test_arange_keyword_forms():
    check(lambda m: m.arange(start=2, stop=8, step=2), label="keywords")
    check(lambda m: m.arange(np.int16(5)), label="numpy scalar stop")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"num": 5},
        {"num": 0},
        {"num": 1},
        {"num": 7, "endpoint": False},
        {"num": 4, "dtype": int},
        {"num": 6, "dtype": np.float32},
        {"num": -1},
        {"num": 5, "retstep": True},
        {"num": 3, "dtype": "complex128"},
    ],
    ids=str,
)
def test_linspace(kwargs):
    eps_dtype = kwargs.get("dtype") if kwargs.get("dtype") == np.float32 else None
    for start, stop, label in [(0, 10, "0..10"), (-1.5, 2.25, "-1.5..2.25"), (5, -5, "desc")]:
        atol = endpoint_atol(start, stop, eps_dtype)
        check(lambda m: m.linspace(start, stop, **kwargs), tol="ulp", atol=atol, label=label)


def test_linspace_is_bit_identical_to_numpy():
    # start + i*step rounded twice, as NumPy does (a fused multiply-add gives -1.1e-16 at i=6),
    # so integer results after floor (pad's linear_ramp, dtype=int) agree with NumPy's.
    for start, stop, num, endpoint in [(-2, 1, 9, False), (0, 1, 49, True), (-7.5, 3, 31, False)]:
        check(lambda m: m.linspace(start, stop, num, endpoint=endpoint), tol="exact")
        check(lambda m: m.linspace(start, stop, num, endpoint=endpoint, dtype=int), tol="exact")


def test_linspace_array_endpoints():
    start, stop = make((3,), "float64", seed=1), make((3,), "float64", seed=2)
    atol = endpoint_atol(start, stop)
    check(lambda m, a, b: m.linspace(a, b, 4), start, stop, tol="ulp", atol=atol)
    check(lambda m, a, b: m.linspace(a, b, 4, axis=1), start, stop, tol="ulp", atol=atol)


@pytest.mark.parametrize(
    "args",
    [(3,), (3, 4), (4, 3), (3, 4, 1), (3, 4, -2), (3, 3, 5), (0,), (1,), (4, None, 2)],
    ids=str,
)
@pytest.mark.parametrize("dtype", [None, "int8", "bool", "complex64"], ids=str)
def test_eye(args, dtype):
    check(lambda m: m.eye(*args, dtype=dtype))


@pytest.mark.parametrize("n", [0, 1, 4])
@pytest.mark.parametrize("dtype", [None, "int32", "bool", "float16"], ids=str)
def test_identity(n, dtype):
    check(lambda m: m.identity(n, dtype=dtype))


ARRAY_INPUTS = [
    [1, 2, 3],
    [1, 2.5],
    [True, 2],
    [1 + 2j, 3],
    [[1, 2], [3, 4]],
    [],
    [[]],
    3,
    2.5,
    True,
    [[1.5], [2.5], [3.5]],
    (1, 2),
    [2**63],
    [-(2**63)],
    [np.int8(1), 2],
    [np.float32(1), 2.5],
]


@pytest.mark.parametrize("data", ARRAY_INPUTS, ids=str)
def test_array_from_python(data):
    check(lambda m: m.array(data), label="array")
    check(lambda m: m.asarray(data), label="asarray")


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_array_dtype_argument(dtype):
    check(lambda m: m.array([0, 1, 2, 3], dtype=dtype), label="from ints")
    check(lambda m: m.array([[0.0, 1.0], [2.0, 3.0]], dtype=dtype), label="from floats")
    check(lambda m: m.asarray([True, False], dtype=dtype), label="asarray from bools")


def test_array_out_of_range_python_int():
    check(lambda m: m.array([-1], dtype=np.uint8))
    check(lambda m: m.array([300], dtype=np.int8))


def test_array_ndmin():
    check(lambda m: m.array([[1, 2], [3, 4]], ndmin=3))
    check(lambda m: m.array(5, ndmin=2))


def test_ragged_list_is_valueerror():
    check(lambda m: m.array([[1, 2], [3]]))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_asarray_roundtrip(dtype):
    for shape in [(), (0,), (3, 0), (7,), (2, 3, 4)]:
        n = make(shape, dtype)
        t = tnp.asarray(n)
        assert isinstance(t, tnp.ndarray)
        assert_same(t, n, label=str(shape))
        back = np.asarray(t)
        assert isinstance(back, np.ndarray)
        assert back.dtype == n.dtype and back.shape == n.shape
        np.testing.assert_array_equal(back, n)


def test_asarray_of_numpy_views_and_noncontiguous():
    base = make((6, 8), "float64")
    for view in (base.T, base[::2, ::-3], base[:, 3], base[1:, None, 2:5]):
        assert_same(tnp.asarray(view), view)


def test_asarray_dtype_conversion():
    n = make((5,), "float64", -3, 3)
    check(lambda m, x: m.asarray(x, dtype=np.int32), n, label="float -> int32")
    check(lambda m, x: m.asarray(x, dtype=np.complex64), n, label="float -> complex64")
    check(lambda m, x: m.array(x, dtype="float16"), n, label="array float16")


def test_asarray_of_tessera_array_and_copy_independence():
    t = to_t(make((5,), "float64"))
    assert tnp.asarray(t) is t or np.array_equal(np.asarray(tnp.asarray(t)), np.asarray(t))
    original = np.asarray(t).copy()
    for name in ("copy", "array"):
        c = getattr(tnp, name)(t)
        assert isinstance(c, tnp.ndarray)
        c[0] = 1234.0
        np.testing.assert_array_equal(np.asarray(t), original, err_msg=name)
        assert float(c[0]) == 1234.0
    c = t.copy()
    c += 1
    np.testing.assert_array_equal(np.asarray(t), original)


def test_asarray_then_inplace_update():
    """Whether asarray shares the NumPy buffer is unspecified; tessera's values are not."""
    n = make((6,), "int32")
    keep = n.copy()
    t = tnp.asarray(n)
    t += 1
    np.testing.assert_array_equal(np.asarray(t), keep + 1)


def test_copy_of_views():
    base = make((5, 6), "int16")
    for label, view in [
        ("T", lambda x: x.T),
        ("neg", lambda x: x[::-1, ::2]),
        ("0d", lambda x: x[1, 2]),
    ]:
        check(lambda m, x: m.copy(x), Viewed(base, view, label), label=label)
        check(lambda m, x: x.copy(), Viewed(base, view, label), label=f"method {label}")


@pytest.mark.parametrize("shape", [-1, (2, -1), 2.5, (2, 2.0)], ids=str)
def test_bad_shapes(shape):
    for name in ("zeros", "ones", "empty"):
        check(lambda m: getattr(m, name)(shape), label=name)
    check(lambda m: m.full(shape, 1.0), label="full")
