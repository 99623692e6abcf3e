"""Property-based tests (hypothesis): broadcasting shapes, dtype promotion pairs, and random
basic-indexing tuples, each compared with NumPy."""

import operator

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import ALL_DTYPES, Viewed, check, make

SETTINGS = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

dtypes = st.sampled_from(ALL_DTYPES)
seeds = st.integers(0, 2**16)
shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)
BINARY_OPS = {
    "add": operator.add,
    "mul": operator.mul,
    "sub": operator.sub,
    "truediv": operator.truediv,
    "maximum": lambda x, y: np.maximum(x, y),
    "less": operator.lt,
    "and": operator.and_,
}
PY_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-300, 300),
    st.floats(-1e3, 1e3),
    st.complex_numbers(max_magnitude=10, allow_nan=False),
)


@SETTINGS
@given(
    data=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4),
    dtype=st.sampled_from(["int16", "float64", "complex64", "bool"]),
    seed=seeds,
)
def test_broadcasting_shapes(data, dtype, seed):
    s1, s2 = data.input_shapes
    a, b = make(s1, dtype, seed=seed), make(s2, dtype, seed=seed + 1)
    check(lambda m, x, y: x * y, a, b, tol="ulp", label=f"{s1} * {s2}")
    check(lambda m, x, y: m.add(x, y), a, b, label=f"add {s1} {s2}")
    check(lambda m, x, y: m.broadcast_to(x, data.result_shape), a, b, label="broadcast_to")


@SETTINGS
@given(s1=shapes, s2=shapes, seed=seeds)
def test_arbitrary_shape_pairs_broadcast_or_raise(s1, s2, seed):
    a, b = make(s1, "float32", seed=seed), make(s2, "float32", seed=seed + 1)
    check(lambda m, x, y: x + y, a, b, label=f"{s1} + {s2}")


@SETTINGS
@given(d1=dtypes, d2=dtypes, op=st.sampled_from(list(BINARY_OPS)), seed=seeds)
def test_promotion_pairs(d1, d2, op, seed):
    a, b = make((3, 2), d1, 0, 5, seed=seed), make((2,), d2, 1, 5, seed=seed + 1)
    fn = BINARY_OPS[op]
    if op == "maximum":
        check(lambda m, x, y: m.maximum(x, y), a, b, tol="ulp", label=f"{d1} {op} {d2}")
    else:
        check(lambda m, x, y: fn(x, y), a, b, tol="ulp", label=f"{d1} {op} {d2}")


@SETTINGS
@given(
    dtype=dtypes,
    scalar=PY_SCALARS,
    op=st.sampled_from(["add", "mul", "sub", "less"]),
    reflected=st.booleans(),
    seed=seeds,
)
def test_python_scalar_promotion(dtype, scalar, op, reflected, seed):
    a = make((4,), dtype, 0, 5, seed=seed)
    fn = BINARY_OPS[op]
    if reflected:
        check(lambda m, x: fn(scalar, x), a, tol="ulp", label=f"{scalar!r} {op} {dtype}")
    else:
        check(lambda m, x: fn(x, scalar), a, tol="ulp", label=f"{dtype} {op} {scalar!r}")


@st.composite
def shape_and_index(draw):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=6))
    index = draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True))
    return shape, index


@SETTINGS
@given(case=shape_and_index(), seed=seeds)
def test_random_basic_indexing(case, seed):
    shape, index = case
    a = make(shape, "int32", -100, 100, seed=seed)
    check(lambda m, x: x[index], a, label=f"get {index!r}")

    def set_scalar(m, x):
        x[index] = 7
        return x

    check(set_scalar, a, label=f"set {index!r}")
    if isinstance(a[index], np.ndarray):

        def through_view(m, x):
            v = x[index]
            v += 1000
            return x

        check(through_view, a, label=f"view {index!r}")


@SETTINGS
@given(case=shape_and_index(), seed=seeds)
def test_random_indexing_of_a_view(case, seed):
    shape, index = case
    base_shape = tuple(2 * s + 1 for s in shape)
    # x[()] of a 0-d array is a NumPy scalar, not a view: use x[...] there.
    view = tuple(slice(None, None, -2) for _ in shape) if shape else Ellipsis
    a = Viewed(make(base_shape, "float64", seed=seed), lambda x: x[view], "x[::-2, ...]")
    writable = isinstance(a.numpy()[index], np.ndarray)  # NumPy gives a scalar for x[i, j]

    def run(m, x):
        r = x[index]
        if writable:
            r[...] = -r
        return x

    check(lambda m, x: x[index], a, label=f"get {index!r}")
    check(run, a, label=f"negate {index!r}")


@SETTINGS
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
    dtype=dtypes,
    seed=seeds,
    axis=st.integers(-4, 3),
    keepdims=st.booleans(),
)
def test_reductions_random_axis(shape, dtype, seed, axis, keepdims):
    a = make(shape, dtype, -4, 4, seed=seed, grid=0.25)
    for name in ("sum", "max", "mean", "any"):
        check(
            lambda m, x: getattr(x, name)(axis=axis, keepdims=keepdims),
            a,
            tol="reduce",
            label=f"{name} axis={axis}",
        )
