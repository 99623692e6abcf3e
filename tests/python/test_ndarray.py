"""ndarray attributes, methods, Python conversions, repr() and str(), vs NumPy."""

import operator

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, LAYOUTS, Viewed, arg, assert_same, check, dtype_ids, make, to_t

ATTRIBUTES = ["shape", "ndim", "size", "itemsize", "nbytes"]


def numpy_side(x):
    return x.numpy() if isinstance(x, Viewed) else x


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_attributes(dtype):
    for layout in LAYOUTS:
        a = arg(layout, dtype)
        t, n = to_t(a), numpy_side(a)
        assert isinstance(t, tnp.ndarray), layout
        for name in ATTRIBUTES:
            assert getattr(t, name) == getattr(n, name), f"{layout}: {name}"
        assert t.dtype == n.dtype, layout
        assert isinstance(t.shape, tuple), layout
        check(lambda m, x: x.T, a, label=f"{layout} T")
        check(lambda m, x: x.real, a, label=f"{layout} real")
        check(lambda m, x: x.imag, a, label=f"{layout} imag")


def test_dtype_attribute_is_numpy_compatible():
    t = to_t(make((3,), "float32"))
    assert t.dtype == np.float32
    assert t.dtype == np.dtype("float32")
    assert t.dtype == tnp.float32
    assert np.dtype(t.dtype).itemsize == 4
    assert t.dtype.kind == "f"


# ----------------------------------------------------------------------------- shape methods

RESHAPES = [
    ((24,), ()),
    ((4, 6), ()),
    ((2, -1), ()),
    ((-1,), ()),
    ((2, 3, 4), ()),
    ((3, 8), ("tuple",)),
    ((6, 4), ("order",)),
    ((1, 24, 1), ()),
    ((5, 5), ()),
    ((-1, -1), ()),
    ((0, -1), ()),
]


@pytest.mark.parametrize(("shape", "how"), RESHAPES, ids=str)
def test_reshape(shape, how):
    for label, a in [
        ("contiguous", make((2, 3, 4), "int32")),
        ("transposed", Viewed(make((4, 3, 2), "int32"), lambda x: x.T, "T")),
        ("stepped", Viewed(make((2, 3, 8), "int32"), lambda x: x[..., ::-2], "s")),
    ]:
        if "tuple" in how:
            check(lambda m, x: x.reshape(shape), a, label=f"{label} tuple")
        elif "order" in how:
            check(lambda m, x: x.reshape(shape, order="C"), a, label=f"{label} order")
        else:
            check(lambda m, x: x.reshape(*shape), a, label=f"{label} varargs")
        check(lambda m, x: m.reshape(x, shape), a, label=f"{label} function")


def test_reshape_special_cases():
    check(lambda m, x: x.reshape(()), make((1,), "float64"), label="to 0-d")
    check(lambda m, x: x.reshape(1, 1), make((), "float64"), label="0-d to 2-d")
    check(lambda m, x: x.reshape(-1), make((3, 0), "float64"), label="empty -1")
    check(lambda m, x: x.reshape(0, 5), make((3, 0), "float64"), label="empty")
    check(lambda m, x: x.reshape(0, -1), make((3, 0), "float64"), label="empty ambiguous")


def test_ravel_flatten():
    for layout in ("0d", "empty2d", "2d", "3d", "transposed", "mixed", "reversed"):
        a = arg(layout, "float32")
        check(lambda m, x: x.ravel(), a, label=f"ravel {layout}")
        check(lambda m, x: m.ravel(x), a, label=f"np.ravel {layout}")
        check(lambda m, x: x.flatten(), a, label=f"flatten {layout}")


def test_flatten_is_a_copy():
    t = to_t(make((3, 4), "int64"))
    before = np.asarray(t).copy()
    f = t.flatten()
    f[0] = 999
    f += 1
    np.testing.assert_array_equal(np.asarray(t), before)


@pytest.mark.parametrize("axis", [None, 0, 2, (0, 2), -1, 1, (0, 1)], ids=str)
def test_squeeze(axis):
    a = make((1, 3, 1), "float64")
    check(lambda m, x: x.squeeze(axis=axis), a, label="method")
    check(lambda m, x: m.squeeze(x, axis=axis), a, label="function")
    check(lambda m, x: x.squeeze(axis), a, label="positional")


@pytest.mark.parametrize(("a1", "a2"), [(0, 1), (0, 2), (-1, 0), (1, 1), (0, 3), (-4, 0)])
def test_swapaxes(a1, a2):
    base = make((2, 3, 4), "int16")
    check(lambda m, x: x.swapaxes(a1, a2), base, label="method")
    check(lambda m, x: m.swapaxes(x, a1, a2), base, label="function")
    check(
        lambda m, x: x.swapaxes(a1, a2),
        Viewed(base, lambda x: x[:, ::-1], "rev"),
        label="of a view",
    )


@pytest.mark.parametrize(
    "axes", [None, (1, 0, 2), (2, 0, 1), (-1, 0, 1), (0, 1), (0, 0, 1), (0, 1, 3)], ids=str
)
def test_transpose(axes):
    a = make((2, 3, 4), "float64")
    if axes is None:
        check(lambda m, x: x.transpose(), a, label="method")
        check(lambda m, x: m.transpose(x), a, label="function")
        return
    check(lambda m, x: x.transpose(axes), a, label="method tuple")
    check(lambda m, x: x.transpose(*axes), a, label="method varargs")
    check(lambda m, x: m.transpose(x, axes), a, label="function")


@pytest.mark.parametrize("maker", ["T", "transpose", "swapaxes"])
def test_transposed_views_write_through(maker):
    def run(m, x):
        v = {
            "T": lambda: x.T,
            "transpose": lambda: x.transpose(1, 0),
            "swapaxes": lambda: x.swapaxes(0, 1),
        }[maker]()
        v[1:3, 0] = 7
        v += 1
        return x

    check(run, make((4, 5), "int32"))


# ----------------------------------------------------------------------------- dtype methods


def cast_source(src, dst):
    """Values whose conversion is defined in C++ and NumPy alike (no negative float->uint)."""
    src, dst = np.dtype(src), np.dtype(dst)
    lo = 0 if dst.kind == "u" and src.kind in "fc" else -1000
    hi = 250 if src.kind in "fc" and dst.kind in "iu" else 1000
    if dst.itemsize == 1 and src.kind in "fc":
        lo, hi = (0, 250) if dst.kind == "u" else (-120, 120)
    if src.kind == "f" and src.itemsize == 2:
        hi = min(hi, 250)
    return make((3, 4), src, lo, hi, seed=5)


@pytest.mark.parametrize("src", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_astype(src):
    for dst in ALL_DTYPES:
        a = cast_source(src, dst)
        check(lambda m, x: x.astype(dst), a, label=f"-> {dst}")
    check(lambda m, x: x.astype(src, copy=False), cast_source(src, src), label="copy=False")


def test_astype_float_to_int_truncates_toward_zero():
    a = np.array([1.5, -2.5, 2.9999, -0.9, 0.0, 127.0, -128.0])
    for dst in ("int8", "int16", "int32", "int64"):
        check(lambda m, x: x.astype(dst), a, label=dst)
    check(lambda m, x: x.astype(bool), np.array([0.0, -0.0, np.nan, 0.1, np.inf]), label="bool")


@pytest.mark.parametrize("casting", ["no", "equiv", "safe", "same_kind", "unsafe"])
def test_astype_casting(casting):
    for src, dst in [
        ("float64", "int8"),
        ("int8", "float64"),
        ("int64", "float64"),
        ("uint8", "int8"),
        ("float64", "float32"),
        ("complex64", "float32"),
    ]:
        check(
            lambda m, x: x.astype(dst, casting=casting),
            cast_source(src, dst),
            label=f"{src}->{dst}",
        )


def test_astype_copy_is_independent():
    t = to_t(make((5,), "float32"))
    before = np.asarray(t).copy()
    c = t.astype(np.float32)
    c[:] = 0
    np.testing.assert_array_equal(np.asarray(t), before)


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("float64", "int64"),
        ("int64", "float64"),
        ("int32", "float32"),
        ("float32", "uint32"),
        ("uint8", "int8"),
        ("int8", "bool"),
        ("uint16", "float16"),
        ("complex64", "float64"),
        ("complex128", "complex128"),
        ("int64", "uint64"),
    ],
)
def test_view_same_itemsize(src, dst):
    a = make((3, 4), src, 0, 100)
    if np.dtype(dst) == np.bool_:
        a = make((3, 4), src, 0, 1)
    check(lambda m, x: x.view(dst), a, label="contiguous")
    check(lambda m, x: x.T.view(dst), a, label="transposed")


# ----------------------------------------------------------------------------- fill / item / list


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_fill(dtype):
    for value in (0, 1, True, 2.5, 300, -1):

        def run(m, x, v=value):
            r = x.fill(v)
            assert r is None
            return x

        check(run, make((3, 4), dtype), label=f"fill {value!r}")
    base = make((6, 5), dtype)

    def run_view(m, x):
        x[::2, ::-2].fill(1)
        return x

    check(run_view, base, label="fill through a view")


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_item_and_tolist(dtype):
    for layout in ("0d", "empty", "1d", "2d", "3d", "transposed", "mixed"):
        a = arg(layout, dtype)
        check(lambda m, x: x.tolist(), a, label=f"tolist {layout}")
        check(lambda m, x: x.item(), a, label=f"item {layout}")
    a = make((2, 3), dtype)
    for args in [(0,), (5,), (1, 2), (-1,), (6,), (0, 3)]:
        check(lambda m, x: x.item(*args), a, label=f"item{args}")


# ----------------------------------------------------------------------------- Python protocols


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_scalar_conversions(dtype):
    for label, a in [
        ("0d", make((), dtype, 1, 9)),
        ("size1", make((1,), dtype, 1, 9)),
        ("size1 2d", make((1, 1), dtype, 1, 9)),
        ("3 elements", make((3,), dtype)),
        ("empty", make((0,), dtype)),
        ("0d zero", np.zeros((), dtype)),
    ]:
        check(lambda m, x: bool(x), a, label=f"bool {label}")
        check(lambda m, x: float(x), a, label=f"float {label}")
        check(lambda m, x: int(x), a, label=f"int {label}")
        check(lambda m, x: complex(x), a, label=f"complex {label}")
        check(lambda m, x: operator.index(x), a, label=f"index {label}")


def test_int_of_float_truncates_and_nan_raises():
    for v in (3.7, -3.7, 1e18, -0.0):
        check(lambda m, x: int(x), np.array(v), label=repr(v))
    check(lambda m, x: int(x), np.array(np.nan), label="nan")
    check(lambda m, x: int(x), np.array(np.inf), label="inf")


@pytest.mark.parametrize("dtype", ["bool", "int8", "float64", "complex64"])
def test_len_and_iter(dtype):
    for layout in ("0d", "empty", "1d", "2d", "3d", "transposed", "reversed"):
        a = arg(layout, dtype)
        check(lambda m, x: len(x), a, label=f"len {layout}")
        check(lambda m, x: tuple(iter(x)), a, label=f"iter {layout}")
        check(lambda m, x: [row for row in x], a, label=f"for {layout}")


def test_unhashable():
    t = to_t(make((3,), "int32"))
    with pytest.raises(TypeError):
        hash(t)


# ----------------------------------------------------------------------------- repr / str

REPR_CASES = {
    "int64 1d": lambda: np.arange(5),
    "int8": lambda: np.arange(-3, 4, dtype=np.int8),
    "uint64 big": lambda: np.array([0, 2**63, 2**64 - 1], dtype=np.uint64),
    "float64": lambda: np.array([0.0, 1.5, -2.25, 1e-8, 12345.678]),
    "float64 ints": lambda: np.array([1.0, 2.0, -3.0]),
    "float64 special": lambda: np.array([np.nan, np.inf, -np.inf, -0.0, 0.0]),
    "float64 wide": lambda: np.array([1e-30, 1.0, 1e30]),
    "float32": lambda: np.linspace(0, 1, 7, dtype=np.float32),
    "float16": lambda: np.array([0.1, 2.5, -65504.0], dtype=np.float16),
    "complex128": lambda: np.array([1 + 2j, -0.5j, np.nan + 1j]),
    "complex64": lambda: np.array([1.25 - 3j], dtype=np.complex64),
    "bool": lambda: np.array([[True, False], [False, True]]),
    "2d float": lambda: np.arange(12.0).reshape(3, 4) / 7,
    "3d int16": lambda: np.arange(24, dtype=np.int16).reshape(2, 3, 4),
    "empty": lambda: np.zeros(0),
    "empty 2d int8": lambda: np.zeros((3, 0), np.int8),
    "empty bool": lambda: np.zeros((0, 2), bool),
    "long 1d": lambda: np.arange(2000),
    "long 2d": lambda: np.arange(3000.0).reshape(30, 100),
    "line wrap": lambda: np.linspace(-1e3, 1e3, 40),
    "uint32": lambda: np.array([1, 4000000000], dtype=np.uint32),
    "int32 2d": lambda: np.arange(6, dtype=np.int32).reshape(2, 3),
}


@pytest.mark.parametrize("case", list(REPR_CASES))
def test_repr_and_str_match_numpy(case):
    n = REPR_CASES[case]()
    t = tnp.asarray(n)
    assert repr(t) == repr(n)
    assert str(t) == str(n)


@pytest.mark.parametrize("case", ["transposed", "reversed", "mixed", "strided"])
def test_repr_of_views(case):
    a = arg(case, "float64")
    assert repr(a.tessera()) == repr(a.numpy())
    assert str(a.tessera()) == str(a.numpy())


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_zero_dim_str_format_and_repr(dtype):
    n = make((), dtype, 1, 9)
    t = tnp.asarray(n)
    assert str(t) == str(n) == str(n[()])
    # A 0-d tessera array may print either like a 0-d NumPy array or like a NumPy scalar.
    assert repr(t) in (repr(n), repr(n[()]))
    if np.dtype(dtype).kind in "biuf":
        for spec in ("", ".3f", "10.2e", ">8"):
            assert f"{t:{spec}}" == f"{n[()]:{spec}}", spec


def test_format_of_nonscalar_raises_like_numpy():
    n = make((3,), "float64")
    with pytest.raises(TypeError):
        f"{n:.3f}"
    with pytest.raises(TypeError):
        f"{tnp.asarray(n):.3f}"


def test_reduction_result_formats_like_scalar():
    n = make((4, 5), "float64", seed=3)
    t = tnp.asarray(n)
    assert f"{t.sum():.3f}" == f"{n.sum():.3f}"
    assert f"{t.max()}" == f"{n.max()}"
    assert str(t.mean()) == str(n.mean())
    assert f"{t.argmax():d}" == f"{n.argmax():d}"
    assert_same(t.sum(), n.sum(), tol="reduce")
