"""matmul (@), dot, vdot, inner, outer, diagonal, diag, trace, tril, triu against NumPy.

Float inputs lie on a grid of 1/4 so that every product and sum is exact in float32 and
float64 whatever the summation order (tessera splits rows over points; BLAS blocks k): results
are then compared exactly. test_random_values checks rounding on arbitrary values.
"""

import warnings

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp
from conftest import Viewed, check, check_raises, dtype_ids, make

DTYPES = [np.dtype(t) for t in (np.float64, np.float32, np.complex128, np.complex64, np.int64,
                                np.int32, np.int8, np.uint16, np.bool_, np.float16)]


def grid(shape, dtype, seed=0):
    return make(shape, dtype, lo=-4, hi=4, seed=seed, grid=0.25)


# (shape of a, shape of b) for matmul: every combination of 1-D, 2-D and 3-D operands.
MATMUL_SHAPES = [
    ((4,), (4,)), ((4,), (4, 3)), ((2, 4), (4,)), ((2, 4), (4, 3)),
    ((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)),
    ((2, 3, 4), (2, 4, 5)), ((1, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)),
    ((0, 4), (4, 3)), ((3, 0), (0, 2)), ((2, 0, 4), (4, 3)), ((1, 1), (1, 1)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids(DTYPES))
def test_matmul_shapes_dtypes(shapes, dtype):
    a, b = grid(shapes[0], dtype, 1), grid(shapes[1], dtype, 2)
    tol = {"rtol": 1e-2} if dtype == np.float16 else {}
    check(lambda m, x, y: m.matmul(x, y), a, b, tol="ulp" if tol else "exact", **tol)
    check(lambda m, x, y: x @ y, a, b, tol="ulp" if tol else "exact", **tol)


@pytest.mark.parametrize("pair", [("int32", "float32"), ("int64", "float32"), ("bool", "int8"),
                                  ("float32", "complex128"), ("uint8", "int8")])
def test_matmul_promotion(pair):
    a, b = grid((3, 4), pair[0], 1), grid((4, 2), pair[1], 2)
    check(lambda m, x, y: m.matmul(x, y), a, b)
    check(lambda m, x, y: m.dot(x, y), a, b)


VIEWS = {
    "transposed": ((5, 4), lambda x: x.T),
    "sliced": ((8, 9), lambda x: x[1:5, ::2]),
    "row_step": ((8, 5), lambda x: x[::2]),
    "reversed": ((4, 5), lambda x: x[::-1, ::-1]),
    "column": ((5, 6), lambda x: x[:, 2:3]),
    "batch_t": ((2, 5, 4), lambda x: x.transpose(0, 2, 1)),
}


@pytest.mark.parametrize("va", list(VIEWS))
@pytest.mark.parametrize("vb", list(VIEWS))
@pytest.mark.parametrize("dtype", ["float64", "complex64", "int32"])
def test_matmul_views(va, vb, dtype):
    (sa, fa), (sb, fb) = VIEWS[va], VIEWS[vb]
    a = Viewed(grid(sa, dtype, 1), fa, va)
    b = Viewed(grid(sb, dtype, 2), lambda x: fb(x).T if fb(x).ndim == 2 else fb(x), vb)
    na, nb = a.numpy(), b.numpy()
    if na.shape[-1] != nb.shape[-2]:
        b = Viewed(grid(sb, dtype, 2), fb, vb)
        nb = b.numpy()
    if na.shape[-1] != nb.shape[-2]:
        pytest.skip("core dims differ for this pair")
    check(lambda m, x, y: m.matmul(x, y), a, b)


def test_matmul_modes(modes):
    a, b = grid((37, 20), "float64", 1), grid((20, 11), "float64", 2)
    check(lambda m, x, y: x @ y, a, b)
    a3, b3 = grid((5, 7, 6), "complex128", 1), grid((5, 6, 3), "complex128", 2)
    check(lambda m, x, y: x @ y, a3, b3)
    check(lambda m, x, y: m.dot(x, y), grid((3, 4, 5), "int64", 3), grid((2, 5, 3), "int64", 4))


@pytest.mark.parametrize("dtype,rtol", [("float64", 1e-12), ("float32", 2e-5),
                                        ("complex128", 1e-12)])
@pytest.mark.parametrize("k", [4 * 32768, 4 * 32768 + 5, 5 * 32768 + 32767])
def test_long_inner_dimension(modes, dtype, rtol, k):
    # Few rows of C and a long k: the product is split along k in chunks (views of A and B)
    # and the partial products summed; a remainder chunk when k is not a multiple.
    rng = np.random.default_rng(k)
    v = rng.random(k).astype(dtype)
    x = rng.random((k, 3)).astype(dtype)
    r = tnp.asarray(v) @ tnp.asarray(x)
    assert r.dtype == (v @ x).dtype and r.shape == (3,)
    np.testing.assert_allclose(np.asarray(r), v @ x, rtol=rtol)
    rows = rng.random((2, k)).astype(dtype)
    got = tnp.dot(tnp.asarray(rows), tnp.asarray(x[:, ::-1]))  # a reversed (copied) view
    np.testing.assert_allclose(np.asarray(got), rows @ x[:, ::-1], rtol=rtol)
    out = tnp.zeros((2, 3), dtype=dtype)
    assert tnp.matmul(tnp.asarray(rows), tnp.asarray(x), out=out) is out
    np.testing.assert_allclose(np.asarray(out), rows @ x, rtol=rtol)


def test_long_inner_dimension_does_not_depend_on_threads():
    rng = np.random.default_rng(9)
    v, x = tnp.asarray(rng.random(300_001)), tnp.asarray(rng.random((300_001, 2)))
    results = []
    for tiles in (1, 2, 5):
        with tessera.config(tiles=tiles, eager="never"):
            results.append(np.asarray(v @ x))
    assert all(np.array_equal(results[0], r) for r in results[1:])


@pytest.mark.parametrize("tiles", [1, 3, 8])
def test_tile_counts(tiles):
    a, b = np.random.default_rng(0).random((50, 40)), np.random.default_rng(1).random((40, 30))
    with tessera.config(tiles=tiles, eager="never"):
        r = tnp.asarray(a) @ tnp.asarray(b)
        rb = tnp.matmul(tnp.asarray(np.stack([a, a, a])), tnp.asarray(b))
        tessera.sync()
    np.testing.assert_allclose(np.asarray(r), a @ b, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(rb), np.stack([a, a, a]) @ b, rtol=1e-12)


@pytest.mark.parametrize("dtype,rtol", [("float64", 1e-12), ("float32", 1e-5),
                                        ("complex128", 1e-12), ("complex64", 1e-5)])
def test_random_values(dtype, rtol):
    rng = np.random.default_rng(5)
    a = rng.random((130, 70)).astype(dtype)
    b = rng.random((70, 90)).astype(dtype)
    if np.dtype(dtype).kind == "c":
        a, b = a + 1j * a[::-1], b + 1j * b[::-1]  # positive parts: no cancellation
    r = tnp.asarray(a) @ tnp.asarray(b)
    assert r.dtype == (a @ b).dtype
    np.testing.assert_allclose(np.asarray(r), a @ b, rtol=rtol)


DOT_SHAPES = [((), ()), ((), (3,)), ((2, 3), ()), ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)),
              ((2, 3), (3, 4)), ((2, 2, 3), (3,)), ((3,), (2, 3, 4)), ((2, 2, 3), (3, 4)),
              ((2, 3), (5, 3, 4)), ((2, 2, 3), (4, 3, 2)), ((2, 0), (0, 3)),
              ((2, 2, 0), (3, 0, 2))]


@pytest.mark.parametrize("shapes", DOT_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128", "int16", "bool"])
def test_dot(shapes, dtype):
    a, b = grid(shapes[0], dtype, 1), grid(shapes[1], dtype, 2)
    check(lambda m, x, y: m.dot(x, y), a, b)
    check(lambda m, x, y: x.dot(y), a, b)


@pytest.mark.parametrize("shapes", [((2, 3), (3, 4)), ((3,), (3,)), ((2, 2, 3), (4, 3, 2)),
                                    ((3,), (3, 4)), ((2, 3), ())], ids=str)
def test_dot_out(shapes):
    a, b = grid(shapes[0], "float64", 1), grid(shapes[1], "float64", 2)
    shape = np.dot(a, b).shape
    t_out = tnp.zeros(shape)
    r = tnp.dot(tnp.asarray(a), tnp.asarray(b), out=t_out)
    assert r is t_out
    np.testing.assert_array_equal(np.asarray(t_out), np.dot(a, b))


def test_dot_out_aliasing_input():
    a = grid((4, 4), "float64", 1)
    t = tnp.asarray(a)
    tnp.dot(t, t, out=t)
    np.testing.assert_array_equal(np.asarray(t), a @ a)


@pytest.mark.parametrize("out", [((2, 4), "float32", "not acceptable"),
                                 ((4, 2), "float64", "wrong dimensions"),
                                 ((8,), "float64", "not acceptable"),
                                 ("strided", "float64", "not acceptable")])
def test_dot_out_errors(out):
    shape, dtype, message = out

    def run(m, x, y):
        o = m.zeros((2, 8))[:, ::2] if shape == "strided" else m.zeros(shape, dtype)
        return m.dot(x, y, out=o)

    check_raises(run, grid((2, 3), "float64"), grid((3, 4), "float64"),
                 match=[message])


def test_matmul_out():
    a, b = grid((3, 4), "float32", 1), grid((4, 2), "float32", 2)
    check(lambda m, x, y: m.matmul(x, y, out=m.zeros((3, 2))), a, b)
    check(lambda m, x, y: m.matmul(x, y, out=m.zeros((3, 3))), a, b)  # ValueError
    check(lambda m, x, y: m.matmul(x, y, out=m.zeros((3, 2), "int32")), a, b)  # TypeError


def test_imatmul():
    a, b = grid((3, 3), "float64", 1), grid((3, 3), "float64", 2)
    t = tnp.asarray(a)
    t @= tnp.asarray(b)
    np.testing.assert_array_equal(np.asarray(t), a @ b)
    np.testing.assert_array_equal(np.asarray(a @ tnp.asarray(b)), a @ b)  # __rmatmul__


@pytest.mark.parametrize("dtype", ["float64", "complex128", "int32", "complex64"])
def test_vdot_inner_outer(dtype):
    a, b = grid((2, 3), dtype, 1), grid((3, 2), dtype, 2)
    check(lambda m, x, y: m.vdot(x, y), a, b)
    check(lambda m, x, y: m.inner(x, y), a, b.T.copy())
    check(lambda m, x, y: m.inner(x, y), grid((2, 2, 3), dtype), grid((4, 3), dtype))
    check(lambda m, x, y: m.inner(x, y), grid((3,), dtype), grid((3,), dtype))
    check(lambda m, x, y: m.inner(x, y), grid((), dtype), grid((3,), dtype))
    check(lambda m, x, y: m.outer(x, y), a, b)
    check(lambda m, x, y: m.outer(x, y), grid((4,), dtype), grid((3,), dtype))


def test_products_do_not_fall_back():
    a = tnp.asarray(grid((3, 3), "float64"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for r in (a @ a, tnp.dot(a, a), tnp.vdot(a, a), tnp.inner(a, a), tnp.outer(a, a),
                  np.matmul(a, a), np.dot(a, a), a.dot(a), tnp.trace(a), a.trace(),
                  a.diagonal(), tnp.diag(a), tnp.tril(a), tnp.triu(a)):
            assert isinstance(r, tnp.ndarray)


ERRORS = [
    ("matmul", (2, 3), (4, 5),
     ["mismatch in its core dimension 0", "(size 4 is different from 3)"]),
    ("matmul", (3,), (4,), ["(n?,k),(k,m?)->(n?,m?)", "size 4 is different from 3"]),
    ("matmul", (), (3,), ["does not have enough dimensions"]),
    ("matmul", (2, 2, 3), (3, 3, 4), ["operands could not be broadcast together"]),
    ("dot", (2, 3), (4, 5), ["shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)"]),
    ("dot", (3,), (4,), ["shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)"]),
    ("dot", (2, 2, 3), (2, 4, 3), ["not aligned: 3 (dim 2) != 4 (dim 1)"]),
    ("inner", (2, 3), (4,), ["shapes (2,3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)"]),
    ("vdot", (2, 3), (3, 4), []),
]


@pytest.mark.parametrize("name,sa,sb,match", ERRORS, ids=lambda x: str(x))
def test_errors(name, sa, sb, match):
    check_raises(lambda m, x, y: getattr(m, name)(x, y), np.ones(sa), np.ones(sb), match=match)


@pytest.mark.parametrize("offset", [0, 1, -2, 5, -7])
@pytest.mark.parametrize("layout", ["2d", "transposed", "mixed", "3d"])
def test_diagonal_trace(offset, layout):
    base = {"2d": (4, 6), "transposed": (4, 6), "mixed": (6, 8), "3d": (3, 4, 5)}[layout]
    view = {"2d": lambda x: x, "transposed": lambda x: x.T, "mixed": lambda x: x[1::2, ::-3],
            "3d": lambda x: x}[layout]
    a = Viewed(grid(base, "float64"), view, layout)
    check(lambda m, x: m.diagonal(x, offset), a)
    check(lambda m, x: x.diagonal(offset), a)
    check(lambda m, x: m.trace(x, offset), a)
    if layout == "3d":
        check(lambda m, x: m.diagonal(x, offset, 2, 0), a)
        check(lambda m, x: m.trace(x, offset, -1, 1), a)


def test_diagonal_is_readonly_view():
    t = tnp.asarray(np.arange(12.0).reshape(3, 4))
    d = tnp.diagonal(t)
    with pytest.raises(ValueError):
        d[0] = 5
    t[1, 1] = 100.0
    assert float(d[1]) == 100.0  # a view: sees later writes to its root
    check(lambda m, x: m.diagonal(x, 0, 0, 0), np.ones((2, 2)))
    check(lambda m, x: m.diagonal(x), np.ones(3))
    check(lambda m, x: m.trace(x, dtype="float32"), grid((3, 3), "int8"))


@pytest.mark.parametrize("k", [0, 2, -1, -4])
@pytest.mark.parametrize("dtype", ["float64", "int16", "bool", "complex64"])
def test_diag_tril_triu(k, dtype):
    check(lambda m, x: m.diag(x, k), grid((4,), dtype))
    check(lambda m, x: m.diag(x, k), grid((3, 5), dtype))
    for shape in [(4, 5), (2, 3, 3), (5,), (0, 3)]:
        check(lambda m, x: m.tril(x, k), grid(shape, dtype))
        check(lambda m, x: m.triu(x, k), grid(shape, dtype))
    check_raises(lambda m, x: m.diag(x), np.ones((2, 2, 2)), match=["Input must be 1- or 2-d."])
