"""Reductions as functions and as ndarray methods: axis, keepdims, dtype, out, initial, ddof."""

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, FLOATS, LAYOUTS, Viewed, check, dtype_ids, make, to_t

FUNCS = [
    "sum",
    "prod",
    "min",
    "amin",
    "max",
    "amax",
    "argmin",
    "argmax",
    "mean",
    "var",
    "std",
    "any",
    "all",
    "count_nonzero",
]
METHODS = ["sum", "prod", "min", "max", "argmin", "argmax", "mean", "var", "std", "any", "all"]
# Reductions that accept only a single int (or None) axis.
SINGLE_AXIS = {"argmin", "argmax"}
AXES = [None, 0, 1, 2, -1, -3, (0, 2), (2, 0), (0, 1, 2), ()]


PROD_FACTORS = {"f": [-1.0, 1.0, 2.0, 0.5, -0.5], "c": [-1.0, 1.0, 2.0, 0.5, 1j, -1j]}


def values(dtype, shape=(2, 3, 4), seed=0, name="sum"):
    """Inputs whose reductions are exact in any order.

    Sums: multiples of 1/4 in [-4, 4]. Float products: powers of two (times +-1 or +-1j), so
    every partial product is exact whatever the order and never overflows, even in float16.
    """
    kind = np.dtype(dtype).kind
    if name == "prod" and kind in "fc":
        rng = np.random.default_rng(seed)
        factors = PROD_FACTORS[kind]
        return np.array(rng.choice(factors, size=shape), dtype=dtype)
    if name == "prod":
        return make(shape, dtype, -2, 2, seed=seed)
    return make(shape, dtype, -4, 4, seed=seed, grid=0.25)


def reduce_fn(name, method=False, **kw):
    if method:
        return lambda m, x: getattr(x, name)(**kw)
    return lambda m, x: getattr(m, name)(x, **kw)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", FUNCS)
def test_function_axes(name, dtype):
    a = values(dtype, name=name)
    for axis in AXES:
        if name in SINGLE_AXIS and isinstance(axis, tuple):
            continue
        for keepdims in (False, True):
            check(
                reduce_fn(name, axis=axis, keepdims=keepdims),
                a,
                tol="reduce",
                label=f"axis={axis} keepdims={keepdims}",
            )


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float16", "float64", "complex64"])
@pytest.mark.parametrize("name", METHODS)
def test_methods(name, dtype):
    a = values(dtype, seed=1, name=name)
    for axis in (None, 1, -1) + (() if name in SINGLE_AXIS else ((0, 2),)):
        check(reduce_fn(name, method=True, axis=axis), a, tol="reduce", label=f"axis={axis}")
    check(reduce_fn(name, method=True), a, tol="reduce", label="no arguments")


@pytest.mark.parametrize("name", FUNCS)
def test_layouts(name):
    for layout in ("0d", "1d", "strided", "reversed", "transposed", "mixed"):
        shape, view = LAYOUTS[layout]
        base = values("float64", shape, seed=2, name=name)
        a = base if view is None else Viewed(base, view, layout)
        check(reduce_fn(name), a, tol="reduce", label=f"{layout} all")
        check(reduce_fn(name, axis=-1), a, tol="reduce", label=f"{layout} axis=-1")


@pytest.mark.parametrize("name", ["sum", "max", "argmax", "mean", "any", "var"])
def test_reductions_modes(modes, name):
    base = values("float64", (9, 13), seed=3, name=name)
    view = Viewed(base, lambda x: x[1::2, ::-1], "view")
    for axis in (None, 0, 1, (0, 1)):
        if name == "argmax" and isinstance(axis, tuple):
            axis = -1
        for label, a in [("plain", base), ("view", view)]:
            check(reduce_fn(name, axis=axis), a, tol="reduce", label=f"{modes} {label} axis={axis}")


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "var", "std"])
def test_dtype_keyword(name):
    a = values("int16", (3, 5), seed=4, name=name)
    for dtype in ALL_DTYPES:
        check(reduce_fn(name, dtype=dtype), a, tol="reduce", label=f"{dtype} all")
        check(reduce_fn(name, axis=0, dtype=dtype), a, tol="reduce", label=f"{dtype} axis=0")


def test_integer_sum_overflow_and_accumulator():
    a = np.full(100, 100, dtype=np.int8)
    check(reduce_fn("sum"), a, label="int8 sum accumulates in int64")
    check(reduce_fn("sum", dtype=np.int8), a, label="int8 accumulator wraps")
    u = np.full(10, 250, dtype=np.uint8)
    check(reduce_fn("sum"), u, label="uint8 sum is uint64")
    check(reduce_fn("prod"), u, label="uint8 prod is uint64")


@pytest.mark.parametrize("name", ["sum", "prod", "min", "amin", "max", "amax"])
def test_initial(name):
    a = values("float64", (3, 4), seed=5, name=name)
    for axis in (None, 0, 1):
        check(reduce_fn(name, axis=axis, initial=1.5), a, tol="reduce", label=f"axis={axis}")
    empty = np.zeros((0, 4))
    check(reduce_fn(name, axis=0, initial=-2.0), empty, label="empty with initial")
    check(reduce_fn(name, axis=0), empty, label="empty without initial")
    check(reduce_fn(name, initial=7), values("int32", (5,), seed=6), label="int initial")


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("ddof", [0, 1, 2, 5])
def test_ddof(name, ddof):
    for dtype in ("float32", "float64", "int32", "complex128"):
        a = values(dtype, (5, 4), seed=7)
        for axis in (None, 0, 1):
            check(
                reduce_fn(name, axis=axis, ddof=ddof), a, tol="reduce", label=f"{dtype} axis={axis}"
            )


@pytest.mark.parametrize("name", FUNCS)
def test_out(name):
    a = values("float64", (3, 4), seed=8, name=name)
    out_dtype = "int64" if name in ("argmin", "argmax", "count_nonzero") else "float64"
    if name in ("any", "all"):
        out_dtype = "bool"

    def run(m, x, o):
        kw = {"axis": 0} if name == "count_nonzero" else {"axis": 0, "out": o}
        r = getattr(m, name)(x, **kw)
        if "out" in kw:
            assert r is o, f"{name}(out=o) must return o"
        return r

    check(run, a, np.zeros(4, out_dtype), tol="reduce")


def test_out_casts_and_shape_errors():
    a = values("float64", (2, 3), seed=9)
    check(lambda m, x, o: x.sum(axis=0, out=o), a, np.zeros(3, np.int32), label="unsafe")
    check(
        lambda m, x, o: m.mean(x, axis=1, out=o),
        a,
        np.zeros(2, np.float32),
        tol="reduce",
        label="mean out float32",
    )
    check(lambda m, x, o: x.sum(axis=0, out=o), a, np.zeros(2), label="wrong shape")
    check(lambda m, x, o: x.sum(out=o), a, np.zeros(1), label="wrong ndim")
    check(
        lambda m, x, o: x.max(axis=1, keepdims=True, out=o),
        a,
        np.zeros((2, 1)),
        label="keepdims out",
    )


@pytest.mark.parametrize("dtype", FLOATS + ["complex128"], ids=dtype_ids(FLOATS + ["c16"]))
def test_nan_propagation(dtype):
    a = np.array([[1.0, np.nan, 3.0, -2.0], [0.0, 4.0, np.inf, -np.inf], [np.nan] * 4], dtype=dtype)
    for name in (
        "sum",
        "prod",
        "min",
        "max",
        "argmin",
        "argmax",
        "mean",
        "any",
        "all",
        "count_nonzero",
    ):
        for axis in (None, 0, 1):
            check(reduce_fn(name, axis=axis), a, tol="reduce", label=f"{name} axis={axis}")


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 4)], ids=str)
@pytest.mark.parametrize("name", FUNCS)
def test_empty(name, shape):
    a = np.zeros(shape, np.float64)
    for axis in [None] + list(range(len(shape))):
        check(reduce_fn(name, axis=axis), a, tol="reduce", label=f"axis={axis}")


def test_argminmax_ties_return_first():
    a = np.array([[3, 1, 1, 3], [2, 2, 0, 0]], dtype=np.int16)
    for name in ("argmin", "argmax"):
        for axis in (None, 0, 1):
            check(reduce_fn(name, axis=axis), a, label=f"{name} axis={axis}")
    check(reduce_fn("argmin"), np.array([1 + 1j, 1 + 0j, 0 + 5j, 0 + 5j]), label="complex")


def test_bool_reductions():
    a = make((4, 5), "bool", seed=10)
    for name in FUNCS:
        check(reduce_fn(name), a, tol="reduce", label=name)
        check(reduce_fn(name, axis=1), a, tol="reduce", label=f"{name} axis=1")


def test_result_is_deferred_scalar_like():
    t = to_t(values("float64", (4, 5), seed=11))
    n = np.asarray(t)
    s = t.sum()
    assert isinstance(s, tnp.ndarray) and s.shape == () and s.ndim == 0
    assert float(s) == float(n.sum())
    assert f"{s:.3f}" == f"{n.sum():.3f}"
    assert float(s * 2 + 1) == float(n.sum() * 2 + 1)
    assert bool(s > -1000) and bool(s == n.sum())
    idx = t.argmax()
    assert int(idx) == int(n.argmax())
    assert float(t.ravel()[idx]) == float(n.max())
