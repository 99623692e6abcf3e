"""Arithmetic ufuncs and Python arithmetic operators, every dtype, every layout, vs NumPy."""

import operator

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import (
    ALL_DTYPES,
    INTS,
    LAYOUTS,
    PAIRS,
    SIGNED,
    arg,
    check,
    dtype_ids,
    make,
    pair,
    to_t,
)

# name -> (domain of a, domain of b, b must be nonzero)
BINARY = {
    "add": ((-10, 10), (-10, 10), False),
    "subtract": ((-10, 10), (-10, 10), False),
    "multiply": ((-10, 10), (-10, 10), False),
    "divide": ((-10, 10), (-10, 10), True),
    "true_divide": ((-10, 10), (-10, 10), True),
    "floor_divide": ((-10, 10), (-10, 10), True),
    "remainder": ((-10, 10), (-10, 10), True),
    "mod": ((-10, 10), (-10, 10), True),
    "fmod": ((-10, 10), (-10, 10), True),
    "divmod": ((-10, 10), (-10, 10), True),
    "power": ((-3, 3), (0, 4), False),
    "float_power": ((0, 3), (-2, 3), False),
    "gcd": ((-30, 30), (-30, 30), False),
    "lcm": ((-10, 10), (-10, 10), False),  # lcm <= 90: no int8 overflow
}

# Ops whose float results are a single IEEE operation (or numpy's exact divmod algorithm).
EXACT_FLOAT = {
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "floor_divide",
    "remainder",
    "mod",
    "fmod",
    "divmod",
}
# Complex ops that may round differently (Smith's division, multiply vs fma).
COMPLEX_ROUNDED = {
    "multiply",
    "divide",
    "true_divide",
    "power",
    "float_power",
    "square",
    "reciprocal",
    "absolute",
    "abs",
    "sign",
}

UNARY = [
    "negative",
    "positive",
    "absolute",
    "abs",
    "fabs",
    "sign",
    "reciprocal",
    "conjugate",
    "conj",
    "square",
]


def tolerance(name, dtype):
    """'exact' for integer results and single-rounding ops, 'ulp' otherwise."""
    kind = np.dtype(dtype).kind
    if kind == "c" and name in COMPLEX_ROUNDED:
        return "ulp"
    if kind in "fc" and name not in EXACT_FLOAT and name not in UNARY:
        return "ulp"
    return "exact"


def power_rtol(name, dtype):
    """pow loses a few more ULP than sin/exp (error scales with |b log a|)."""
    if name in ("power", "float_power") and np.dtype(dtype).kind in "fc":
        return 64 * float(np.finfo(np.empty(0, dtype).real.dtype).eps)
    return None


def call(name):
    return lambda m, *xs: getattr(m, name)(*xs)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", list(BINARY))
def test_binary(name, dtype):
    dom_a, dom_b, nonzero = BINARY[name]
    for layout in PAIRS:
        a, b = pair(layout, (dtype, dtype), (dom_a, dom_b), (False, nonzero))
        check(
            call(name), a, b, tol=tolerance(name, dtype), rtol=power_rtol(name, dtype), label=layout
        )


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", UNARY)
def test_unary(name, dtype):
    for layout in LAYOUTS:
        a = arg(layout, dtype, nonzero=name == "reciprocal")
        check(call(name), a, tol=tolerance(name, dtype), label=layout)


@pytest.mark.parametrize("name", ["add", "multiply", "floor_divide", "true_divide"])
@pytest.mark.parametrize("dtype", ["int32", "float64"])
def test_binary_modes(modes, dtype, name):
    for layout in PAIRS:
        a, b = pair(layout, (dtype, dtype), nonzero=(False, True))
        check(call(name), a, b, label=f"{modes} {layout}")


def test_unary_modes(modes):
    for layout in LAYOUTS:
        a = arg(layout, "float32")
        check(lambda m, x: m.negative(m.absolute(x)), a, label=f"{modes} {layout}")


# ----------------------------------------------------------------------------- operators

BINARY_OPERATORS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
}
INPLACE_OPERATORS = {
    "+=": operator.iadd,
    "-=": operator.isub,
    "*=": operator.imul,
    "/=": operator.itruediv,
    "//=": operator.ifloordiv,
    "%=": operator.imod,
    "**=": operator.ipow,
}
OPERATOR_DTYPES = [
    np.dtype(d)
    for d in (
        "bool",
        "int8",
        "uint16",
        "int64",
        "uint64",
        "float16",
        "float32",
        "float64",
        "complex128",
    )
]


def operands(symbol, dtype, layout="same1d"):
    """Operands safe for `symbol`: nonzero divisors, small nonnegative exponents."""
    if symbol.startswith("**"):
        return pair(layout, (dtype, dtype), ((-3, 3), (0, 3)))
    return pair(layout, (dtype, dtype), nonzero=(False, symbol[0] in "/%"))


def op_tolerance(symbol, dtype):
    if symbol.startswith("**"):
        return "ulp" if np.dtype(dtype).kind in "fc" else "exact"
    if np.dtype(dtype).kind == "c" and symbol[0] in "*/":
        return "ulp"
    return "exact"


@pytest.mark.parametrize("dtype", OPERATOR_DTYPES, ids=dtype_ids(OPERATOR_DTYPES))
@pytest.mark.parametrize("symbol", list(BINARY_OPERATORS))
def test_binary_operator(symbol, dtype):
    op = BINARY_OPERATORS[symbol]
    tol = op_tolerance(symbol, dtype)
    for layout in ("same1d", "bcast", "0d_1d", "views"):
        a, b = operands(symbol, dtype, layout)
        check(lambda m, x, y: op(x, y), a, b, tol=tol, label=layout)
    a, _ = operands(symbol, dtype)
    scalar = 3  # not 2: NumPy turns `a ** 2` into square(a), whose bool loop gives int8
    check(lambda m, x: op(x, scalar), a, tol=tol, label="array op 2")
    check(
        lambda m, x: op(scalar, x),
        np.abs(a) if symbol == "**" else a,
        tol=tol,
        label="2 op array (reflected)",
    )


@pytest.mark.parametrize("dtype", OPERATOR_DTYPES, ids=dtype_ids(OPERATOR_DTYPES))
@pytest.mark.parametrize("symbol", list(INPLACE_OPERATORS))
def test_inplace_operator(symbol, dtype):
    op = INPLACE_OPERATORS[symbol]

    def run(m, x, y):
        before = x
        x = op(x, y)
        assert x is before, "in-place operator must return the same array object"
        return x

    for layout in ("same1d", "bcast_into", "views"):
        if layout == "bcast_into":
            a = make((4, 3), dtype, seed=3)
            b = make(
                (3,),
                dtype,
                seed=4,
                nonzero=True,
                lo=0 if symbol.startswith("**") else -10,
                hi=3 if symbol.startswith("**") else 10,
            )
        else:
            a, b = operands(symbol, dtype, layout)
        check(run, a, b, tol=op_tolerance(symbol, dtype), label=layout)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_unary_operators(dtype):
    for layout in ("0d", "2d", "reversed", "transposed"):
        a = arg(layout, dtype)
        check(lambda m, x: -x, a, label=f"neg {layout}")
        check(lambda m, x: +x, a, label=f"pos {layout}")
        check(lambda m, x: abs(x), a, tol=tolerance("abs", dtype), label=f"abs {layout}")


def test_inplace_writes_through_view():
    base = make((12,), "float64")
    tb = to_t(base)
    view = tb[::3]
    view += 1
    expected = base.copy()
    expected[::3] += 1
    np.testing.assert_array_equal(np.asarray(tb), expected)


def test_inplace_on_int_with_float_raises_typeerror():
    a = tnp.asarray(np.arange(4, dtype=np.int32))
    with pytest.raises(TypeError):
        a += 1.5
    np.testing.assert_array_equal(np.asarray(a), np.arange(4, dtype=np.int32))


# ----------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("dtype", INTS, ids=dtype_ids(INTS))
@pytest.mark.parametrize("name", ["floor_divide", "remainder", "fmod", "divmod"])
def test_integer_division_by_zero_is_zero(name, dtype):
    a = np.array([5, 0, 1, 7], dtype=dtype)
    b = np.zeros(4, dtype=dtype)
    check(call(name), a, b)


@pytest.mark.parametrize("dtype", SIGNED, ids=dtype_ids(SIGNED))
def test_integer_min_divided_by_minus_one(dtype):
    lo = np.iinfo(dtype).min
    a = np.array([lo, lo, -7, 7], dtype=dtype)
    b = np.array([-1, 1, -2, -2], dtype=dtype)
    for name in ("floor_divide", "remainder", "fmod", "divmod"):
        check(call(name), a, b, label=name)
    check(call("absolute"), a, label="absolute")
    check(call("negative"), a, label="negative")


@pytest.mark.parametrize("dtype", INTS, ids=dtype_ids(INTS))
def test_integer_overflow_wraps(dtype):
    info = np.iinfo(dtype)
    a = np.array([info.max, info.min, info.max, 3], dtype=dtype)
    b = np.array([1, 1, 2, 77], dtype=dtype)  # 3**77 wraps in every integer dtype
    for name in ("add", "subtract", "multiply", "power"):
        check(call(name), a, b, label=name)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_float_division_special_values(dtype):
    a = np.array([1.0, -1.0, 0.0, -0.0, np.inf, -np.inf, np.nan, 5.0, -5.0, 3.0], dtype=dtype)
    b = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 1.0, -0.0, np.inf, -np.inf], dtype=dtype)
    for name in ("divide", "floor_divide", "remainder", "fmod", "divmod"):
        check(call(name), a, b, label=name)
        check(call(name), b, a, label=f"{name} swapped")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_remainder_signs_follow_divisor(dtype):
    a = np.array([-0.0, 0.0, 3.0, -3.0, 7.5, -7.5, 1e-30], dtype=dtype)
    b = np.array([1.0, -1.0, -3.0, 3.0, -2.0, 2.0, -1.0], dtype=dtype)
    for name in ("remainder", "floor_divide", "divmod", "fmod"):
        check(call(name), a, b, label=name)


@pytest.mark.parametrize("dtype", ["int8", "int64", "uint8"])
def test_integer_reciprocal(dtype):
    a = np.array([1, 2, 3, 100] + ([-1, -2] if np.dtype(dtype).kind == "i" else []), dtype)
    check(call("reciprocal"), a)


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64"])
def test_gcd_lcm_edges(dtype):
    lo = np.iinfo(dtype).min
    a = np.array([0, 0, -12, 12, lo, 7], dtype=dtype)
    b = np.array([0, 5, 18, -18, 0, 13], dtype=dtype)
    check(call("gcd"), a, b)
    check(call("lcm"), a[:4], b[:4])
