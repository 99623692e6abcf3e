"""Transcendental, rounding and floating-point ufuncs, every dtype and layout, vs NumPy."""

import numpy as np
import pytest

from conftest import ALL_DTYPES, FLOATS, LAYOUTS, PAIRS, arg, check, dtype_ids, pair

# name -> (domain, tolerance). Integer and bool inputs take NumPy's float loops.
UNARY = {
    "exp": ((-5, 5), "ulp"),
    "exp2": ((-5, 5), "ulp"),
    "expm1": ((-5, 5), "ulp"),
    "log": ((0.1, 10), "ulp"),
    "log2": ((0.1, 10), "ulp"),
    "log10": ((0.1, 10), "ulp"),
    "log1p": ((-0.9, 10), "ulp"),
    "sqrt": ((0, 10), "ulp"),
    "cbrt": ((-10, 10), "ulp"),
    "sin": ((-10, 10), "ulp"),
    "cos": ((-10, 10), "ulp"),
    "tan": ((-1.4, 1.4), "ulp"),
    "arcsin": ((-1, 1), "ulp"),
    "arccos": ((-1, 1), "ulp"),
    "arctan": ((-10, 10), "ulp"),
    "sinh": ((-5, 5), "ulp"),
    "cosh": ((-5, 5), "ulp"),
    "tanh": ((-5, 5), "ulp"),
    "arcsinh": ((-10, 10), "ulp"),
    "arccosh": ((1, 10), "ulp"),
    "arctanh": ((-0.9, 0.9), "ulp"),
    "deg2rad": ((-400, 400), "ulp"),
    "rad2deg": ((-10, 10), "ulp"),
    "degrees": ((-10, 10), "ulp"),
    "radians": ((-400, 400), "ulp"),
    "floor": ((-10, 10), "exact"),
    "ceil": ((-10, 10), "exact"),
    "trunc": ((-10, 10), "exact"),
    "rint": ((-10, 10), "exact"),
    "spacing": ((-10, 10), "exact"),
    "frexp": ((-10, 10), "exact"),
    "modf": ((-10, 10), "exact"),
}

BINARY = {
    "logaddexp": ((-5, 5), (-5, 5), "ulp"),
    "logaddexp2": ((-5, 5), (-5, 5), "ulp"),
    "copysign": ((-10, 10), (-10, 10), "exact"),
    "hypot": ((-10, 10), (-10, 10), "ulp"),
    "arctan2": ((-10, 10), (-10, 10), "ulp"),
    "nextafter": ((-10, 10), (-10, 10), "exact"),
    "heaviside": ((-2, 2), (0, 1), "exact"),
}

SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 100.0, -100.0]


def call(name):
    return lambda m, *xs: getattr(m, name)(*xs)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", list(UNARY))
def test_unary(name, dtype):
    (lo, hi), tol = UNARY[name]
    for layout in LAYOUTS:
        check(call(name), arg(layout, dtype, lo, hi), tol=tol, label=layout)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("name", list(BINARY))
def test_binary(name, dtype):
    dom_a, dom_b, tol = BINARY[name]
    for layout in PAIRS:
        a, b = pair(layout, (dtype, dtype), (dom_a, dom_b))
        check(call(name), a, b, tol=tol, label=layout)


@pytest.mark.parametrize("dtype", FLOATS, ids=dtype_ids(FLOATS))
@pytest.mark.parametrize("name", list(UNARY))
def test_unary_special_values(name, dtype):
    info = np.finfo(dtype)
    a = np.array(SPECIALS + [float(info.tiny), -float(info.max)], dtype=dtype)
    check(call(name), a, tol=UNARY[name][1])


@pytest.mark.parametrize("dtype", FLOATS, ids=dtype_ids(FLOATS))
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_special_values(name, dtype):
    values = np.array(SPECIALS, dtype=dtype)
    a, b = np.meshgrid(values, values)
    check(call(name), a, b, tol=BINARY[name][2])


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "sin", "cos", "tanh", "arcsin"])
def test_complex_special_values(name, dtype):
    parts = [0.0, -0.0, 1.0, -1.0, np.inf, np.nan]
    re, im = np.meshgrid(parts, parts)
    a = np.array(re, dtype=dtype)
    a.imag = im
    check(call(name), a, tol="ulp")


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("exp_dtype", ["int8", "int32", "int64"])
def test_ldexp(dtype, exp_dtype):
    m = np.array([0.5, -1.5, 3.0, 0.0, -0.0, np.inf, np.nan, 1.0], dtype=dtype)
    e = np.array([1, 2, -3, 5, 0, 1, 1, 100], dtype=exp_dtype)
    check(call("ldexp"), m, e)
    check(call("ldexp"), m[::-1], e[::2][:1])


def test_ldexp_unsigned_exponent_is_typeerror():
    check(call("ldexp"), np.ones(2, np.float32), np.array([1, 2], np.uint64))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_rint_rounds_half_to_even(dtype):
    a = np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.4999, -0.0], dtype=dtype)
    for name in ("rint", "floor", "ceil", "trunc"):
        check(call(name), a, label=name)


@pytest.mark.parametrize("name", ["sqrt", "exp", "arctan2"])
def test_math_modes(modes, name):
    for layout in LAYOUTS:
        a = arg(layout, "float64", 0.5, 4)
        if name == "arctan2":
            check(lambda m, x: m.arctan2(x, m.sqrt(x)), a, tol="ulp", label=f"{modes} {layout}")
        else:
            check(call(name), a, tol="ulp", label=f"{modes} {layout}")
