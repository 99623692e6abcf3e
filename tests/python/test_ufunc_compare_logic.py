"""Comparison, logical, bitwise, min/max and classification ufuncs; clip and where."""

import operator

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import (
    ALL_DTYPES,
    FLOATS,
    INTS,
    LAYOUTS,
    PAIRS,
    Viewed,
    arg,
    check,
    dtype_ids,
    make,
    pair,
)

COMPARE = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
LOGICAL = ["logical_and", "logical_or", "logical_xor"]
BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor"]
SHIFTS = ["left_shift", "right_shift"]
MINMAX = ["maximum", "minimum", "fmax", "fmin"]
CLASSIFY = ["isnan", "isinf", "isfinite", "signbit", "logical_not", "invert", "bitwise_not"]

OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "&": operator.and_,
    "|": operator.or_,
    "^": operator.xor,
    "<<": operator.lshift,
    ">>": operator.rshift,
}
INPLACE = {
    "&=": operator.iand,
    "|=": operator.ior,
    "^=": operator.ixor,
    "<<=": operator.ilshift,
    ">>=": operator.irshift,
}


def call(name):
    return lambda m, *xs: getattr(m, name)(*xs)


def small_pair(layout, dtype, shift=False):
    """Operands with many ties (small range) so == and <= are exercised."""
    if shift:
        bits = np.dtype(dtype).itemsize * 8
        return pair(layout, (dtype, dtype), ((-20, 20), (0, bits - 1)))
    return pair(layout, (dtype, dtype), ((-3, 3), (-3, 3)))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", COMPARE + LOGICAL + BITWISE + SHIFTS + MINMAX)
def test_binary(name, dtype):
    for layout in PAIRS:
        a, b = small_pair(layout, dtype, shift=name in SHIFTS)
        check(call(name), a, b, label=layout)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", CLASSIFY)
def test_unary(name, dtype):
    for layout in LAYOUTS:
        check(call(name), arg(layout, dtype, -3, 3), label=layout)


@pytest.mark.parametrize("dtype", FLOATS + ["complex128"], ids=dtype_ids(FLOATS + ["c16"]))
def test_nan_and_inf_semantics(dtype):
    vals = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0], dtype=dtype)
    a, b = np.meshgrid(vals, vals)
    for name in COMPARE + MINMAX + LOGICAL:
        check(call(name), a, b, label=name)
    for name in ("isnan", "isinf", "isfinite", "logical_not"):
        check(call(name), vals, label=name)
    if np.dtype(dtype).kind == "f":
        check(call("signbit"), vals, label="signbit")


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("symbol", list(OPERATORS))
def test_operators(symbol, dtype):
    op = OPERATORS[symbol]
    for layout in ("same1d", "bcast", "0d_1d", "views"):
        a, b = small_pair(layout, dtype, shift=symbol in ("<<", ">>"))
        check(lambda m, x, y: op(x, y), a, b, label=layout)
    a = make((5,), dtype, -3, 3)
    check(lambda m, x: op(x, 1), a, label="array op 1")
    check(lambda m, x: op(1, x), a, label="1 op array")


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "int64", "float64"])
@pytest.mark.parametrize("symbol", list(INPLACE))
def test_inplace_operators(symbol, dtype):
    op = INPLACE[symbol]

    def run(m, x, y):
        before = x
        x = op(x, y)
        assert x is before
        return x

    for layout in ("same1d", "views"):
        a, b = small_pair(layout, dtype, shift=symbol in ("<<=", ">>="))
        check(run, a, b, label=layout)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_invert_operator(dtype):
    for layout in ("0d", "2d", "reversed"):
        check(lambda m, x: ~x, arg(layout, dtype, -5, 5), label=layout)


@pytest.mark.parametrize("dtype", INTS, ids=dtype_ids(INTS))
def test_shift_by_bit_width_or_more(dtype):
    """NumPy defines shifts past the width (0, or -1 for negative >>), unlike C++."""
    bits = np.dtype(dtype).itemsize * 8
    a = np.array([1, 3, 100, 1, 5], dtype=dtype)
    if np.dtype(dtype).kind == "i":
        a[3] = -1
    b = np.array([bits - 1, bits, bits + 1, bits, min(bits * 2, 127)], dtype=dtype)
    for name in SHIFTS:
        check(call(name), a, b, label=name)


def test_comparison_mixed_signedness():
    a = np.array([1, 2, 2**63], dtype=np.uint64)
    b = np.array([-1, 3, -5], dtype=np.int64)
    for name in COMPARE:
        check(call(name), a, b, label=name)


# ----------------------------------------------------------------------------- clip / where

CLIP_CASES = [
    ("int8", 1, 3),
    ("int8", 1, 3.5),
    ("int8", 1, 300),
    ("uint16", 0, 7),
    ("float32", -1.5, 2.0),
    ("float64", None, 2.0),
    ("float64", -1.0, None),
    ("float64", 3.0, 1.0),
    ("int64", 2, 2),
    ("float16", -1, 1),
]


@pytest.mark.parametrize(("dtype", "lo", "hi"), CLIP_CASES)
def test_clip_scalar_bounds(dtype, lo, hi):
    for layout in ("1d", "2d", "0d", "mixed", "empty"):
        a = arg(layout, dtype, -5, 5)
        check(lambda m, x: m.clip(x, lo, hi), a, label=f"clip {layout}")
        check(lambda m, x: x.clip(lo, hi), a, label=f"method {layout}")


@pytest.mark.parametrize("dtype", ["int32", "float64", "uint8"])
def test_clip_array_bounds_and_nan(dtype):
    a = make((4, 5), dtype, -5, 5, seed=1)
    lo = make((5,), dtype, -3, 0, seed=2)
    hi = make((4, 1), dtype, 0, 3, seed=3)
    check(lambda m, x, lo_, hi_: m.clip(x, lo_, hi_), a, lo, hi)
    out = np.zeros((4, 5), dtype)
    check(lambda m, x, o: m.clip(x, 0, 2, out=o), a, out)
    if dtype == "float64":
        check(lambda m, x: m.clip(x, 0.0, 0.5), np.array([np.nan, 1.0, -1.0]))


def test_clip_without_bounds():
    """NumPy 2.4 accepts clip with neither bound (a copy); older NumPy raised ValueError."""
    check(lambda m, x: m.clip(x), make((5,), "float64"))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_where_three_arguments(dtype):
    for layout in PAIRS:
        a, b = pair(layout, (dtype, dtype))
        cond = make(np.shape(a.numpy() if isinstance(a, Viewed) else a), "bool", seed=9)
        check(lambda m, c, x, y: m.where(c, x, y), cond, a, b, label=layout)


def test_where_broadcasts_and_promotes():
    cond = make((3, 1), "bool", seed=5)
    x = make((4,), "int8", seed=6)
    check(lambda m, c, a: m.where(c, a, 2.5), cond, x, label="python float")
    check(lambda m, c, a: m.where(c, a, 2), cond, x, label="python int")
    check(lambda m, c, a: m.where(c, a, np.float32(2)), cond, x, label="numpy scalar")
    nonbool = make((3, 4), "int16", -1, 1, seed=7)
    check(lambda m, c, a: m.where(c, a, -a), nonbool, x, label="int condition")
    check(lambda m, c, a: m.where(c, a, a[:3]), cond, x, label="bad shapes")


def test_where_needs_both_or_neither():
    with pytest.raises(ValueError):
        tnp.where(tnp.ones(3, dtype=bool), tnp.ones(3))
