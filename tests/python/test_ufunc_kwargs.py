"""Ufunc keywords (out=, where=, dtype=, casting=) and ufunc.reduce, vs NumPy."""

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, check, dtype_ids, make, to_t

CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"]


# ----------------------------------------------------------------------------- out=


@pytest.mark.parametrize("out_dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
@pytest.mark.parametrize("in_dtype", ["int16", "float32", "complex128"])
def test_out_dtype(in_dtype, out_dtype):
    """Writing into out= of every dtype: same_kind casts succeed, others are TypeError."""
    a = make((3, 4), in_dtype, seed=1)
    b = make((4,), in_dtype, seed=2)
    out = np.zeros((3, 4), out_dtype)

    def run(m, x, y, o):
        r = m.add(x, y, out=o)
        assert r is o, "ufunc(out=o) must return o itself"
        return r

    check(run, a, b, out)


def test_out_tuple_and_keyword_forms():
    a, b = make((5,), "float64", seed=1), make((5,), "float64", seed=2)
    check(lambda m, x, y, o: m.multiply(x, y, out=(o,)), a, b, np.zeros(5))
    check(lambda m, x, y, o: m.multiply(x, y, o), a, b, np.zeros(5))
    check(lambda m, x, o: m.sin(x, out=o), a, np.zeros(5), tol="ulp")


@pytest.mark.parametrize("name", ["divmod", "modf", "frexp"])
def test_out_two_outputs(name):
    a = make((2, 3), "float64", 0.5, 9, seed=3)
    second = "int32" if name == "frexp" else "float64"

    def run(m, x, o1, o2):
        ufunc = getattr(m, name)
        args = (x, 4.0) if name == "divmod" else (x,)
        r = ufunc(*args, out=(o1, o2))
        assert r[0] is o1 and r[1] is o2
        return r

    check(run, a, np.zeros((2, 3)), np.zeros((2, 3), second))


def test_out_is_a_view_writes_into_base():
    base = make((6, 8), "float64", seed=4)
    src = make((3, 3), "float64", seed=5)

    def run(m, b, s):
        m.sqrt(m.abs(s), out=b[::2, 1::3])
        return b

    check(run, base, src, tol="ulp")


def test_out_larger_than_inputs_broadcasts():
    check(lambda m, x, o: m.add(x, 1, out=o), make((6,), "float64"), np.zeros((2, 6)))


@pytest.mark.parametrize("out_shape", [(5,), (6, 1), ()])
def test_out_wrong_shape_is_valueerror(out_shape):
    t = check(lambda m, x, o: m.add(x, 1, out=o), make((6,), "float64"), np.zeros(out_shape))
    assert t is None


@pytest.mark.parametrize("case", ["same", "shift_right", "shift_left", "reversed"])
def test_out_overlaps_inputs(case):
    """NumPy computes as if the inputs were copied first; tessera must too."""
    a = make((10,), "int64", seed=6)

    def run(m, x):
        if case == "same":
            m.add(x, x, out=x)
        elif case == "shift_right":
            m.add(x[:-1], x[1:], out=x[1:])
        elif case == "shift_left":
            m.add(x[1:], x[:-1], out=x[:-1])
        else:
            m.subtract(x, x[::-1] * 2, out=x)
        return x

    check(run, a)


def test_out_overlap_through_views(modes):
    a = make((20,), "float64", seed=7)

    def run(m, x):
        view = x[2:18]
        m.multiply(view[::-1], 0.5, out=x[::2][1:9])
        return x

    check(run, a, label=modes)


# ----------------------------------------------------------------------------- where=


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "float32", "complex128"])
def test_where_mask_keeps_out_values(dtype):
    a = make((4, 3), dtype, seed=8)
    b = make((4, 3), dtype, seed=9)
    mask = make((4, 3), "bool", seed=10)
    out = make((4, 3), dtype, seed=11)
    check(lambda m, x, y, w, o: m.maximum(x, y, out=o, where=w), a, b, mask, out)
    check(lambda m, x, w, o: m.logical_not(x, out=o, where=w), a, mask, np.zeros((4, 3), bool))


def test_where_mask_broadcasts(modes):
    a = make((5, 4), "float64", seed=12)
    mask = np.array([True, False, False, True])
    out = np.full((5, 4), -1.0)
    check(lambda m, x, w, o: m.exp(x, out=o, where=w), a, mask, out, tol="ulp", label=modes)
    check(lambda m, x, o: m.add(x, 1, out=o, where=False), a, out, label=modes)


def test_where_python_bool_and_views():
    a = make((12,), "int32", seed=13)
    out = make((12,), "int32", seed=14)
    mask = Viewed(make((24,), "bool", seed=15), lambda x: x[::2], "mask[::2]")
    check(lambda m, x, w, o: m.negative(x, out=o[::-1], where=w), a, mask, out)
    check(lambda m, x, o: m.negative(x, out=o, where=True), a, out)


# ----------------------------------------------------------------------------- dtype= / casting=


@pytest.mark.parametrize("in_dtype", ["bool", "int8", "uint16", "float32", "float64"])
def test_dtype_keyword(in_dtype):
    a = make((6,), in_dtype, 0, 8, seed=16)
    b = make((6,), in_dtype, 0, 8, seed=17)
    for dtype in ALL_DTYPES:
        check(lambda m, x, y: m.add(x, y, dtype=dtype), a, b, label=f"add {dtype}")
        check(lambda m, x, y: m.multiply(x, y, dtype=dtype), a, b, label=f"multiply {dtype}")
        check(lambda m, x: m.sqrt(x, dtype=dtype), a, tol="ulp", label=f"sqrt {dtype}")
        check(
            lambda m, x: m.add(x, 3, dtype=dtype, casting="unsafe"), a, label=f"add unsafe {dtype}"
        )


def test_dtype_keyword_avoids_overflow():
    a = np.array([100, 120, -128], dtype=np.int8)
    check(lambda m, x: m.multiply(x, x, dtype=np.int16), a, label="int16")
    check(lambda m, x: m.add(x, x, dtype="float32"), a, label="float32")


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize(
    ("in_dtype", "out_dtype"),
    [
        ("int32", "int32"),
        ("int32", "int16"),
        ("int32", "int64"),
        ("int32", "float64"),
        ("float64", "float32"),
        ("float64", "int64"),
        ("float64", "complex64"),
        ("complex128", "float64"),
        ("uint8", "int8"),
        ("bool", "uint8"),
    ],
)
def test_casting_with_out(casting, in_dtype, out_dtype):
    a = make((5,), in_dtype, 0, 20, seed=18)
    check(lambda m, x, o: m.add(x, x, out=o, casting=casting), a, np.zeros(5, out_dtype))


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("dtype", ["int16", "float32", "float64", "complex64"])
def test_casting_with_dtype(casting, dtype):
    a = make((5,), "int32", 0, 20, seed=19)
    b = make((5,), "float32", 0, 20, seed=20)
    check(lambda m, x, y: m.multiply(x, y, dtype=dtype, casting=casting), a, b)


def test_bad_casting_name_is_valueerror():
    check(lambda m, x: m.add(x, x, casting="sometimes"), make((3,), "float64"))


# ----------------------------------------------------------------------------- reduce

REDUCE_UFUNCS = [
    "add",
    "multiply",
    "maximum",
    "minimum",
    "logical_and",
    "logical_or",
    "bitwise_or",
    "bitwise_and",
    "bitwise_xor",
    "fmax",
    "fmin",
    "subtract",
]
AXES = [None, 0, 1, -1, (0, 2), (0, 1, 2), ()]


@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "uint32", "int64", "float32", "float64", "complex128"]
)
@pytest.mark.parametrize("name", REDUCE_UFUNCS)
def test_reduce(name, dtype):
    grid = 0.5 if np.dtype(dtype).kind in "fc" else None
    lo, hi = (-2, 2) if name == "multiply" else (-8, 8)
    a = make((2, 3, 4), dtype, lo, hi, seed=21, grid=grid)
    for axis in AXES:
        for keepdims in (False, True):
            check(
                lambda m, x: getattr(m, name).reduce(x, axis=axis, keepdims=keepdims),
                a,
                tol="reduce",
                label=f"axis={axis} keepdims={keepdims}",
            )


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "logical_or"])
def test_reduce_empty_and_initial(name):
    empty = np.zeros((0, 3), np.float64)
    for axis in (0, 1, None):
        check(lambda m, x: getattr(m, name).reduce(x, axis=axis), empty, label=f"axis={axis}")
        check(
            lambda m, x: getattr(m, name).reduce(x, axis=axis, initial=5.0),
            empty,
            label=f"initial axis={axis}",
        )
    a = make((3, 4), "int32", seed=22)
    check(lambda m, x: getattr(m, name).reduce(x, axis=1, initial=3), a, label="initial")


def test_reduce_where_dtype_out():
    a = make((3, 4), "int16", -50, 50, seed=23)
    mask = np.array([True, False, True, True])
    check(lambda m, x, w: m.add.reduce(x, axis=1, where=w), a, mask, label="where")
    check(
        lambda m, x, w: m.maximum.reduce(x, axis=1, where=w, initial=-100),
        a,
        mask,
        label="where+initial",
    )
    check(lambda m, x, w: m.maximum.reduce(x, axis=1, where=w), a, mask, label="no initial")
    check(lambda m, x: m.add.reduce(x, axis=0, dtype=np.int8), a, label="dtype int8")
    check(
        lambda m, x: m.multiply.reduce(x, axis=None, dtype=np.float64),
        a,
        tol="reduce",
        label="dtype float64",
    )
    check(lambda m, x, o: m.add.reduce(x, axis=0, out=o), a, np.zeros(4, np.int64), label="out")
    check(
        lambda m, x, o: m.add.reduce(x, axis=0, out=o),
        a,
        np.zeros(3, np.int64),
        label="out wrong shape",
    )


@pytest.mark.parametrize("axis", [2, -3, (0, 2), (1, 1)])
def test_reduce_bad_axis(axis):
    check(lambda m, x: m.add.reduce(x, axis=axis), make((2, 3), "float64"))


def test_reduce_on_views(modes):
    base = make((8, 9), "float64", 0, 4, seed=24, grid=0.25)
    for label, view in [
        ("T", lambda x: x.T),
        ("step", lambda x: x[::-2, 1::3]),
        ("newaxis", lambda x: x[:, None, ::2]),
    ]:
        for axis in (None, 0, -1):
            check(
                lambda m, x: m.add.reduce(x, axis=axis),
                Viewed(base, view, label),
                tol="reduce",
                label=f"{modes} {label} axis={axis}",
            )


def test_ufunc_attributes():
    for name in ("add", "sin", "divmod", "logical_not", "maximum"):
        t, n = getattr(tnp, name), getattr(np, name)
        assert (t.nin, t.nout) == (n.nin, n.nout), name
        assert t.__name__ == n.__name__


def test_out_of_other_library_is_rejected_or_respected():
    """Passing a NumPy out= to a tessera ufunc must not silently drop the result."""
    a = to_t(make((4,), "float64", seed=25))
    out = np.zeros(4)
    try:
        tnp.add(a, 1, out=out)
    except TypeError:
        return
    np.testing.assert_array_equal(out, np.asarray(a) + 1)
