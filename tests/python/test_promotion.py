"""NEP 50 dtype promotion: array-array pairs, Python scalars (weak), NumPy scalars, result_type
and can_cast, and the OverflowError for Python ints out of a dtype's range."""

import operator

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, check, dtype_ids, make, to_t

BINARY_UFUNCS = [
    "add",
    "subtract",
    "multiply",
    "true_divide",
    "floor_divide",
    "power",
    "maximum",
    "bitwise_and",
    "equal",
    "less",
    "arctan2",
    "logical_and",
]
OPERATORS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
    "&": operator.and_,
    "|": operator.or_,
    "^": operator.xor,
    "<<": operator.lshift,
    ">>": operator.rshift,
    "==": operator.eq,
    "<": operator.lt,
    ">=": operator.ge,
}
# Not 2: NumPy evaluates `a ** 2` as square(a), whose bool loop gives int8, not int64.
PY_SCALARS = [True, 3, 3.5, 1j, 300, -1, 2**63, 2**64, -(2**63) - 1, 1e300]
CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"]


def tol_for(dtype_a, dtype_b=None):
    kinds = {np.dtype(dtype_a).kind, np.dtype(dtype_b or dtype_a).kind}
    return "ulp" if kinds & {"f", "c"} else "exact"


@pytest.mark.parametrize("d2", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("d1", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_array_array_pairs(d1, d2):
    a = make((3, 4), d1, 0, 5, seed=1)
    b = make((4,), d2, 1, 3, seed=2)
    for name in BINARY_UFUNCS:
        check(lambda m, x, y: getattr(m, name)(x, y), a, b, tol="ulp", label=name)
    check(lambda m, x, y: x + y, a, b, tol=tol_for(d1, d2), label="operator +")
    check(lambda m, x, y: m.result_type(x, y), a, b, label="result_type(arrays)")
    check(lambda m: m.result_type(d1, d2), label="result_type(dtypes)")


@pytest.mark.parametrize("scalar", PY_SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_python_scalar_is_weak(dtype, scalar):
    a = make((5,), dtype, 0, 3, seed=3)
    for symbol, op in OPERATORS.items():
        if symbol == "**" and isinstance(scalar, int) and abs(scalar) > 1000:
            continue  # x ** 2**63 is defined, but a naive power loop would never finish
        check(lambda m, x: op(x, scalar), a, tol="ulp", label=f"array {symbol} {scalar!r}")
        check(lambda m, x: op(scalar, x), a, tol="ulp", label=f"{scalar!r} {symbol} array")
    check(lambda m, x: m.add(x, scalar), a, tol="ulp", label="ufunc add")
    check(lambda m, x: m.maximum(scalar, x), a, tol="ulp", label="ufunc maximum")
    check(lambda m, x: m.result_type(x, scalar), a, label="result_type")
    check(lambda m, x: m.where(x > 1, x, scalar), a, label="where")


@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "uint16", "int64", "uint64", "float16", "float32", "complex64"]
)
def test_numpy_scalar_is_strong(dtype):
    a = make((4,), dtype, 0, 3, seed=4)
    for scalar_type in ALL_DTYPES:
        s = scalar_type.type(1)
        check(lambda m, x: x + s, a, tol="ulp", label=f"array + {s!r}")
        check(lambda m, x: s * x, a, tol="ulp", label=f"{s!r} * array")
        check(lambda m, x: m.subtract(x, s), a, tol="ulp", label=f"subtract {s!r}")


@pytest.mark.parametrize("d2", ["int8", "uint8", "int16", "float16", "float32", "complex64"])
@pytest.mark.parametrize("d1", ["bool", "int8", "uint64", "float64"])
def test_zero_dim_arrays_are_not_weak(d1, d2):
    a = make((), d1, 1, 3, seed=5)
    b = make((3,), d2, 1, 3, seed=6)
    check(lambda m, x, y: x + y, a, b, tol="ulp", label="0-d + array")
    check(lambda m, x, y: y * x, a, b, tol="ulp", label="array * 0-d")
    check(lambda m, x: x + 1, a, label="0-d + python int")
    check(lambda m, x: x + 1.0, a, label="0-d + python float")


def test_reduction_results_keep_dtype_in_arithmetic():
    n = make((6,), "float32", 0, 3, seed=7)
    check(lambda m, x: x.sum() + 1.0, n, tol="reduce", label="float32 sum + 1.0")
    check(lambda m, x: x * x.max(), n, label="array * 0-d max")
    i8 = make((6,), "int8", 0, 3, seed=8)
    check(lambda m, x: x + x.max(), i8, label="int8 + int8 max")
    check(lambda m, x: x.max() + 1, i8, label="int8 max + 1")


@pytest.mark.parametrize(
    ("expr", "dtype"),
    [
        ("x + 300", "int8"),
        ("x - 256", "uint8"),
        ("x * -1", "uint16"),
        ("x + 2**63", "int64"),
        ("x + 2**64", "uint64"),
        ("300 + x", "int8"),
        ("x == 2**64", "bool"),
    ],
)
def test_out_of_range_python_int_raises_overflowerror(expr, dtype):
    a = make((3,), dtype, 0, 3)
    t = check(lambda m, x: eval(expr, {"x": x}), a)
    assert t is None, "NumPy raises OverflowError here"
    with pytest.raises(OverflowError) as info:
        eval(expr, {"x": to_t(a)})
    if dtype != "bool":
        assert dtype in str(info.value) or "too large" in str(info.value)


def test_comparisons_with_out_of_range_python_int_are_defined():
    a = make((4,), "uint8", 0, 9)
    check(lambda m, x: x < -1, a, label="uint8 < -1")
    check(lambda m, x: x == 300, a, label="uint8 == 300")
    check(lambda m, x: m.less(x, 1000), a, label="less(uint8, 1000)")


SPOT_CHECKS = [
    ("int8", 1, "int8"),
    ("int8", 1.0, "float64"),
    ("float16", 1.0, "float16"),
    ("float32", 1j, "complex64"),
    ("bool", 1, "int64"),
    ("uint8", True, "uint8"),
]


@pytest.mark.parametrize(("dtype", "scalar", "expected"), SPOT_CHECKS, ids=str)
def test_documented_nep50_examples(dtype, scalar, expected):
    t = tnp.asarray(make((3,), dtype, 0, 3)) + scalar
    assert t.dtype == np.dtype(expected)


@pytest.mark.parametrize(
    ("d1", "d2", "expected"),
    [
        ("int8", "uint8", "int16"),
        ("uint64", "int64", "float64"),
        ("int16", "float16", "float32"),
        ("int64", "float32", "float64"),
        ("complex64", "float64", "complex128"),
        ("bool", "int8", "int8"),
        ("uint32", "int32", "int64"),
    ],
)
def test_documented_pair_examples(d1, d2, expected):
    t = tnp.asarray(make((2,), d1, 0, 3)) + tnp.asarray(make((2,), d2, 0, 3))
    assert t.dtype == np.dtype(expected)
    assert tnp.result_type(d1, d2) == np.dtype(expected)


@pytest.mark.parametrize("src", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_can_cast(src):
    a = make((2,), src)
    for casting in CASTINGS:
        for dst in ALL_DTYPES:
            check(lambda m: m.can_cast(src, dst, casting=casting), label=f"{casting} -> {dst}")
        check(lambda m, x: m.can_cast(x, "float32", casting), a, label=f"{casting} array")


def test_can_cast_rejects_python_scalars_and_bad_casting():
    check(lambda m: m.can_cast(1, "int8"), label="python int")
    check(lambda m: m.can_cast(1.5, "float32"), label="python float")
    check(lambda m: m.can_cast("int8", "int16", casting="sometimes"), label="bad casting")


def test_result_type_mixed_arguments():
    check(lambda m: m.result_type("int8", 1, 1.0), label="int8, 1, 1.0")
    check(lambda m: m.result_type("float16", 1j), label="float16, 1j")
    check(lambda m: m.result_type(np.float32, np.int64), label="types")
    check(lambda m, x: m.result_type(x, np.int16), make((), "int8"), label="0-d array")
    check(lambda m: m.result_type("uint8", -1), label="uint8, -1")
    check(lambda m: m.result_type(), label="no arguments")


def test_dtype_objects():
    for name in (
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
        "complex64",
        "complex128",
    ):
        attr = "bool_" if name == "bool" else name
        assert tnp.dtype(name) == np.dtype(name), name
        assert getattr(tnp, attr) == getattr(np, attr), attr
        assert np.dtype(getattr(tnp, attr)) == np.dtype(name), attr
    assert tnp.dtype("int32") == np.int32
    assert tnp.dtype(tnp.float64).itemsize == 8


def test_constants():
    assert tnp.pi == np.pi and tnp.e == np.e
    assert tnp.inf == np.inf and np.isnan(tnp.nan)
    assert tnp.newaxis is None
