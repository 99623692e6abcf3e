"""tessera.numpy.linalg's LAPACK routines against numpy.linalg.

Values that are unique (solutions, inverses, determinants, Cholesky factors, eigenvalues,
singular values, least-squares solutions, norms) are compared with NumPy within a tolerance of
the dtype. Vectors are unique only up to sign or phase, which differs between LAPACK builds:
Q, eigenvectors and singular vectors are checked by reconstruction and orthonormality instead.
"""

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp
from conftest import GPU, Viewed, check, dtype_ids, make

LINALG = [np.dtype(t) for t in (np.float32, np.float64, np.complex64, np.complex128)]
RTOL = {"f": 2e-4, "d": 1e-10, "F": 2e-4, "D": 1e-10}


def tol(dtype):
    """Tolerances for results of dtype (or of the float64 that integers compute in)."""
    r = RTOL.get(np.dtype(dtype).char, RTOL["d"])
    return {"tol": "reduce", "rtol": r, "atol": r * 10}


def well_conditioned(shape, dtype, seed=0):
    """Random matrices made diagonally dominant (integers stay integers)."""
    a = make(shape, dtype, lo=-3, hi=3, seed=seed)
    n = shape[-1]
    return (a + (4 * n) * np.eye(n, dtype=np.int8)).astype(dtype)


def hermitian_pd(shape, dtype, seed=0):
    x = make(shape, dtype, lo=-2, hi=2, seed=seed)
    n = shape[-1]
    return (x @ np.conj(np.swapaxes(x, -1, -2)) + n * np.eye(n)).astype(dtype)


def T():
    """The transposed-view layout for Viewed inputs (the last two axes swapped)."""
    return lambda x: x.swapaxes(-1, -2)


def close(t, n, dtype, scale=1.0):
    """Values of a tessera result within the dtype's tolerance of a NumPy array."""
    r = RTOL.get(np.dtype(dtype).char, RTOL["d"])
    np.testing.assert_allclose(np.asarray(t), n, rtol=r * 10, atol=r * 10 * scale)


# ----------------------------------------------------------------------------- solve, inv, det

SQUARE = [(3, 3), (2, 4, 4), (2, 1, 3, 3), (0, 3, 3), (1, 1), (0, 0)]


@pytest.mark.parametrize("shape", SQUARE, ids=str)
@pytest.mark.parametrize("dtype", LINALG + [np.dtype(np.int32)], ids=dtype_ids(LINALG + [np.int32]))
def test_inv_det_slogdet(shape, dtype):
    a = well_conditioned(shape, dtype)
    check(lambda m, x: m.linalg.inv(x), a, **tol(dtype))
    check(lambda m, x: m.linalg.det(x), a, **{**tol(dtype), "atol": 0})
    check(lambda m, x: m.linalg.slogdet(x), a, **tol(dtype))


@pytest.mark.parametrize("dtype", LINALG, ids=dtype_ids(LINALG))
def test_transposed_inputs(dtype, modes):
    a = Viewed(well_conditioned((2, 4, 4), dtype), T(), "transposed")
    b = Viewed(make((2, 3, 4), dtype, seed=2), T(), "transposed")
    check(lambda m, x: m.linalg.inv(x), a, **tol(dtype))
    check(lambda m, x, y: m.linalg.solve(x, y), a, b, **tol(dtype))
    check(lambda m, x: m.linalg.det(x), a, **{**tol(dtype), "atol": 0})


# (shape of a, shape of b): b as a vector, as matrices, broadcast either way.
SOLVE_SHAPES = [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (3,)), ((2, 3, 3), (3, 4)),
                ((3, 3), (2, 3, 1)), ((2, 1, 3, 3), (4, 3, 2)), ((0, 3, 3), (3,)),
                ((3, 3), (3, 0))]


@pytest.mark.parametrize("shapes", SOLVE_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", LINALG, ids=dtype_ids(LINALG))
def test_solve(shapes, dtype):
    a, b = well_conditioned(shapes[0], dtype), make(shapes[1], dtype, seed=3)
    check(lambda m, x, y: m.linalg.solve(x, y), a, b, **tol(dtype))


@pytest.mark.parametrize("dtypes", [("f", "i"), ("f", "F"), ("i", "b"), ("f", "f")], ids=str)
def test_solve_mixed_dtypes(dtypes):
    a, b = well_conditioned((3, 3), dtypes[0]), make((3, 2), dtypes[1], seed=4)
    check(lambda m, x, y: m.linalg.solve(x, y), a, b, **tol("f"))


def test_singular():
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        tnp.linalg.inv(tnp.asarray(a))
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        tnp.linalg.solve(tnp.asarray(np.stack([np.eye(2), a])), tnp.asarray(np.ones(2)))
    check(lambda m, x: m.linalg.det(x), a)
    check(lambda m, x: m.linalg.slogdet(x), a)  # (0, -inf)
    check(lambda m, x: m.linalg.det(x), np.zeros((2, 3, 3), np.complex64))


def test_deferred_ordering(modes):
    """The task reads its input after earlier tasks wrote it, and before later ones do."""
    base = well_conditioned((6, 6), np.float64)
    a = tnp.asarray(base)
    a += 1.0  # a deferred write
    x = tnp.linalg.inv(a)
    d = tnp.linalg.det(a)
    a[...] = 0.0  # a later write must not reach the decomposition
    close(x, np.linalg.inv(base + 1.0), np.float64)
    close(d, np.linalg.det(base + 1.0), np.float64, scale=abs(np.linalg.det(base + 1.0)))


# ----------------------------------------------------------------------------- cholesky

@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3), (0, 0), (2, 0, 2, 2)], ids=str)
@pytest.mark.parametrize("dtype", LINALG + [np.dtype(np.int64)],
                         ids=dtype_ids(LINALG + [np.int64]))
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(shape, dtype, upper):
    a = hermitian_pd(shape, dtype)
    check(lambda m, x: m.linalg.cholesky(x, upper=upper), a, **tol(dtype))


def test_cholesky_not_positive_definite():
    a = tnp.asarray(np.stack([np.eye(3), -np.eye(3)]))
    with pytest.raises(np.linalg.LinAlgError, match="Matrix is not positive definite"):
        tnp.linalg.cholesky(a)


# ----------------------------------------------------------------------------- qr

def check_qr(a, mode, dtype):
    n_res = np.linalg.qr(a, mode=mode)
    t_res = tnp.linalg.qr(tnp.asarray(a), mode=mode)
    assert type(t_res) is (type(n_res) if isinstance(n_res, tuple) else tnp.ndarray)
    n_parts = n_res if isinstance(n_res, tuple) else (n_res,)
    t_parts = t_res if isinstance(t_res, tuple) else (t_res,)
    for t, n in zip(t_parts, n_parts, strict=True):
        assert isinstance(t, tnp.ndarray)
        assert np.asarray(t).shape == n.shape and np.asarray(t).dtype == n.dtype
    if mode == "raw":
        h = np.asarray(t_res[0])
        k = min(a.shape[-2:])
        r = np.triu(np.swapaxes(h, -1, -2))[..., :k, :]
        n_r = np.triu(np.swapaxes(n_res[0], -1, -2))[..., :k, :]
        close(np.abs(r), np.abs(n_r), dtype, scale=10)
        return
    r = np.asarray(t_res[-1] if mode != "r" else t_res)
    assert np.array_equal(r, np.triu(r))  # upper triangular
    n_r = n_res[-1] if mode != "r" else n_res
    close(np.abs(r), np.abs(n_r), dtype, scale=10)  # unique up to the signs of R's rows
    if mode == "r":
        return
    q = np.asarray(t_res.Q)
    close(q @ r, a, dtype, scale=10)
    qhq = np.conj(np.swapaxes(q, -1, -2)) @ q
    close(qhq, np.broadcast_to(np.eye(q.shape[-1]), qhq.shape), dtype)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (2, 5, 3), (3, 0), (0, 3)], ids=str)
@pytest.mark.parametrize("mode", ["reduced", "complete", "r", "raw"])
@pytest.mark.parametrize("dtype", LINALG, ids=dtype_ids(LINALG))
def test_qr(shape, mode, dtype):
    check_qr(make(shape, dtype, seed=5), mode, dtype)


def test_qr_int_and_bad_mode():
    check_qr(make((4, 3), np.int16, seed=6), "reduced", np.float64)
    with pytest.raises(ValueError, match="Unrecognized mode"):
        tnp.linalg.qr(tnp.ones((2, 2)), mode="bogus")


# ----------------------------------------------------------------------------- eigh

@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (1, 1), (0, 0), (2, 0, 0)], ids=str)
@pytest.mark.parametrize("dtype", LINALG + [np.dtype(np.int32)],
                         ids=dtype_ids(LINALG + [np.int32]))
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh(shape, dtype, uplo):
    # Not symmetric on purpose: both libraries must read only the UPLO triangle.
    a = make(shape, dtype, lo=-5, hi=5, seed=7)
    check(lambda m, x: m.linalg.eigvalsh(x, UPLO=uplo), a, **tol(dtype))
    w, v = tnp.linalg.eigh(tnp.asarray(a), UPLO=uplo)
    n_w, n_v = np.linalg.eigh(a, UPLO=uplo)
    w, v = np.asarray(w), np.asarray(v)
    assert w.dtype == n_w.dtype and v.dtype == n_v.dtype and v.shape == n_v.shape
    close(w, n_w, dtype, scale=10)
    tri = np.tril(a) if uplo == "L" else np.triu(a)
    h = tri + np.conj(np.swapaxes(tri, -1, -2))
    h = h - np.eye(shape[-1]) * np.real(np.diagonal(a, 0, -2, -1))[..., None] if shape[-1] else h
    close(h @ v, v * w[..., None, :], dtype, scale=30)
    vhv = np.conj(np.swapaxes(v, -1, -2)) @ v
    close(vhv, np.broadcast_to(np.eye(shape[-1]), vhv.shape), dtype)


def test_eigh_result_type_and_transposed():
    a = hermitian_pd((2, 4, 4), np.complex128)
    res = tnp.linalg.eigh(tnp.asarray(a))
    assert type(res) is type(np.linalg.eigh(a)) and res.eigenvalues.dtype == np.float64
    check(lambda m, x: m.linalg.eigvalsh(x), Viewed(a, T(), "transposed"), **tol("D"))
    with pytest.raises(ValueError, match="UPLO"):
        tnp.linalg.eigh(tnp.asarray(a), UPLO="X")


# ----------------------------------------------------------------------------- svd

SVD_SHAPES = [(5, 3), (3, 5), (4, 4), (2, 3, 4), (3, 0), (0, 2), (2, 0, 3)]


@pytest.mark.parametrize("shape", SVD_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", LINALG, ids=dtype_ids(LINALG))
@pytest.mark.parametrize("full", [True, False])
def test_svd(shape, dtype, full):
    a = make(shape, dtype, seed=8)
    check(lambda m, x: m.linalg.svd(x, compute_uv=False), a, **tol(dtype))
    res = tnp.linalg.svd(tnp.asarray(a), full_matrices=full)
    n_res = np.linalg.svd(a, full_matrices=full)
    assert type(res) is type(n_res)
    u, s, vh = (np.asarray(x) for x in res)
    for t, n in zip((u, s, vh), n_res, strict=True):
        assert t.shape == n.shape and t.dtype == n.dtype
    close(s, n_res.S, dtype, scale=10)
    k = min(shape[-2:])
    recon = (u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :]
    close(recon, a, dtype, scale=10)
    for q in (u, np.conj(np.swapaxes(vh, -1, -2))):
        qhq = np.conj(np.swapaxes(q, -1, -2)) @ q
        close(qhq, np.broadcast_to(np.eye(q.shape[-1]), qhq.shape), dtype)


def test_svd_views_and_svdvals(modes):
    a = Viewed(make((2, 4, 6), np.float64, seed=9), T(), "transposed")
    check(lambda m, x: m.linalg.svd(x, compute_uv=False), a, **tol("d"))
    check(lambda m, x: m.linalg.svdvals(x), a, **tol("d"))
    h = hermitian_pd((3, 3), np.complex128)
    check(lambda m, x: m.linalg.svd(x, compute_uv=False, hermitian=True), h, **tol("D"))


# ----------------------------------------------------------------------------- lstsq

# (shape of a, shape of b, rcond)
LSTSQ = [((6, 3), (6,), None), ((6, 3), (6, 2), None), ((3, 5), (3,), None),
         ((4, 4), (4, 3), -1), ((5, 3), (5, 0), None), ((0, 3), (0, 2), None)]


@pytest.mark.parametrize("case", LSTSQ, ids=str)
@pytest.mark.parametrize("dtype", LINALG, ids=dtype_ids(LINALG))
def test_lstsq(case, dtype):
    a, b = make(case[0], dtype, seed=10), make(case[1], dtype, seed=11)
    check(lambda m, x, y: m.linalg.lstsq(x, y, rcond=case[2]), a, b, **tol(dtype))


def test_lstsq_rank_deficient_and_mixed():
    a = make((6, 3), np.float64, seed=12)
    a[:, 2] = a[:, 0] + a[:, 1]  # rank 2: no residuals reported
    check(lambda m, x, y: m.linalg.lstsq(x, y), a, make((6,), np.int32, seed=13), **tol("d"))
    check(lambda m, x, y: m.linalg.lstsq(x, y), make((5, 2), np.int64), make((5,), np.float32),
          **tol("d"))


# ----------------------------------------------------------------------------- norm

VECTOR_ORDS = [None, 1, 2, np.inf, -np.inf, 0, 3, -1.5, 0.5]
MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]


@pytest.mark.parametrize("dtype", [np.dtype(t) for t in ("f", "d", "D", "i", "?")],
                         ids=str)
def test_norm_vector(dtype):
    x = make((3, 5), dtype, seed=14)
    for ord_ in VECTOR_ORDS:
        check(lambda m, v: m.linalg.norm(v, ord_), x[0], **tol(dtype), label=f"ord={ord_}")
        check(lambda m, v: m.linalg.norm(v, ord_, axis=1, keepdims=True), x, **tol(dtype),
              label=f"ord={ord_} axis=1")
        check(lambda m, v: m.linalg.norm(v, ord_, axis=-2), Viewed(x, T(), "T"), **tol(dtype),
              label=f"ord={ord_} axis=-2 transposed")


@pytest.mark.parametrize("dtype", [np.dtype(t) for t in ("f", "d", "F", "D", "i")], ids=str)
def test_norm_matrix(dtype):
    x = make((2, 3, 4), dtype, seed=15)
    for ord_ in MATRIX_ORDS:
        check(lambda m, v: m.linalg.norm(v, ord_, axis=(1, 2)), x, **tol(dtype),
              label=f"ord={ord_}")
        check(lambda m, v: m.linalg.norm(v, ord_, axis=(2, 0), keepdims=True), x, **tol(dtype),
              label=f"ord={ord_} axis=(2,0)")
        check(lambda m, v: m.linalg.norm(v, ord_), x[0], **tol(dtype), label=f"ord={ord_} 2-D")


def test_norm_defaults_and_errors():
    x = make((2, 3, 4), np.float64, seed=16)
    check(lambda m, v: m.linalg.norm(v), x, **tol("d"))
    check(lambda m, v: m.linalg.norm(v, keepdims=True), x, **tol("d"))
    check(lambda m, v: m.linalg.norm(v), np.zeros((0, 3)), **tol("d"))
    check(lambda m, v: m.linalg.norm(v, "fro", axis=0), x)  # ValueError: not for vectors
    check(lambda m, v: m.linalg.norm(v, 3, axis=(0, 1)), x)  # ValueError: matrix ord
    check(lambda m, v: m.linalg.norm(v, None, axis=(1, 1)), x)  # duplicate axes
    check(lambda m, v: m.linalg.norm(v, None, axis=(0, 1, 2)), x)  # too many axes
    check(lambda m, v: m.linalg.norm(v, None, axis=(0, 5)), x)  # AxisError


# ----------------------------------------------------------------------------- pinv, rank

@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (0, 3)], ids=str)
@pytest.mark.parametrize("dtype", ["f", "d", "D"])
def test_pinv_matrix_rank(shape, dtype):
    a = make(shape, dtype, seed=17)
    if shape == (2, 4, 4):
        a[1, :, 3] = a[1, :, 0]  # rank 3
    check(lambda m, x: m.linalg.pinv(x, rtol=None), a, **tol(dtype))  # cuts off at eps
    if shape != (2, 4, 4):  # rcond 1e-15 keeps the rank-deficient one's noise: ill-posed
        check(lambda m, x: m.linalg.pinv(x), a, **tol(dtype))
    check(lambda m, x: m.linalg.pinv(x, rcond=0.1), a, **tol(dtype))
    check(lambda m, x: m.linalg.matrix_rank(x), a)
    check(lambda m, x: m.linalg.matrix_rank(x, tol=0.5), a)
    check(lambda m, x: m.linalg.matrix_rank(x), np.array([0.0, 0.0]))


# ----------------------------------------------------------------------------- errors

FUNCS = {
    "solve": lambda m, x: m.linalg.solve(x, x),
    "inv": lambda m, x: m.linalg.inv(x),
    "det": lambda m, x: m.linalg.det(x),
    "slogdet": lambda m, x: m.linalg.slogdet(x),
    "cholesky": lambda m, x: m.linalg.cholesky(x),
    "eigh": lambda m, x: m.linalg.eigh(x),
    "eigvalsh": lambda m, x: m.linalg.eigvalsh(x),
    "qr": lambda m, x: m.linalg.qr(x),
    "svd": lambda m, x: m.linalg.svd(x),
}


@pytest.mark.parametrize("name", list(FUNCS))
def test_errors(name):
    fn = FUNCS[name]
    square = name not in ("qr", "svd")
    inputs = [(np.ones(3), "1-dimensional array given")]
    if square:
        inputs.append((np.ones((2, 3)), "Last 2 dimensions of the array must be square"))
    for x, msg in inputs:
        with pytest.raises(np.linalg.LinAlgError, match=msg):
            fn(np, x)
        with pytest.raises(np.linalg.LinAlgError, match=msg):
            fn(tnp, tnp.asarray(x))
    for m in (np, tnp):
        with pytest.raises(TypeError, match="float16 is unsupported"):
            fn(m, m.eye(2, dtype=np.float16))


def test_error_types():
    assert tnp.linalg.LinAlgError is np.linalg.LinAlgError
    with pytest.raises(np.linalg.LinAlgError, match="Incompatible dimensions"):
        tnp.linalg.lstsq(tnp.ones((3, 2)), tnp.ones(4))
    with pytest.raises(np.linalg.LinAlgError, match="must be two-dimensional"):
        tnp.linalg.lstsq(tnp.ones((2, 3, 2)), tnp.ones((2, 3)))
    check(lambda m, x, y: m.linalg.solve(x, y), np.eye(3), np.ones((2, 2)))  # core mismatch
    check(lambda m, x, y: m.linalg.solve(x, y), np.ones((2, 3, 3)), np.ones((4, 3, 1)))


def test_stack_split_over_points(modes):
    """A stack splits its leading batch dim over points; broadcast operands ride along."""
    a = well_conditioned((5, 2, 3, 3), np.float64, seed=20)
    b = make((2, 3, 2), np.float64, seed=21)  # broadcast over the leading dim
    check(lambda m, x, y: m.linalg.solve(x, y), a, b, **tol("d"))
    check(lambda m, x, y: m.linalg.solve(x, y), np.eye(3), make((6, 3, 1), "d"), **tol("d"))
    check(lambda m, x: m.linalg.slogdet(x), Viewed(a, T(), "transposed"), **tol("d"))
    check(lambda m, x: m.linalg.eigvalsh(x), a, **tol("d"))
    check(lambda m, x: m.linalg.cholesky(x), hermitian_pd((7, 3, 3), "D"), **tol("D"))
    bad = np.stack([np.eye(2)] * 6 + [np.zeros((2, 2))])
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        tnp.linalg.inv(tnp.asarray(bad))


def test_stack_runs_on_several_points():
    """On the CPU a stack splits over points by its batch dim (a GPU launch is one point by
    design, so the split is checked with the GPU off)."""
    base = well_conditioned((8, 3, 3), np.float64, seed=22)
    a = tnp.asarray(base)
    with tessera.config(tiles=4, eager="never", **({"gpus": 0} if GPU else {})):
        before = tessera._core.stats()["points"]
        x = tnp.linalg.inv(a)
        tessera.sync()
        assert tessera._core.stats()["points"] - before == 4
    close(x, np.linalg.inv(base), np.float64)


@pytest.mark.parametrize("dtype", LINALG, ids=dtype_ids(LINALG))
def test_svd_hermitian(dtype):
    # Indefinite and not symmetric: only the lower triangle counts, negative eigenvalues give
    # their sign to Vh.
    a = make((3, 4, 4), dtype, lo=-5, hi=5, seed=23)
    check(lambda m, x: m.linalg.svd(x, compute_uv=False, hermitian=True), a, **tol(dtype))
    u, s, vh = (np.asarray(r) for r in tnp.linalg.svd(tnp.asarray(a), hermitian=True))
    n_res = np.linalg.svd(a, hermitian=True)
    for t, n in zip((u, s, vh), n_res, strict=True):
        assert t.shape == n.shape and t.dtype == n.dtype
    low = np.tril(a)
    h = low + np.conj(np.swapaxes(np.tril(a, -1), -1, -2))
    h = h - 1j * np.imag(np.diagonal(a, 0, -2, -1))[..., None] * np.eye(4) if a.dtype.kind == "c" \
        else h
    close((u * s[..., None, :]) @ vh, h, dtype, scale=30)
    check(lambda m, x: m.linalg.pinv(x, hermitian=True), a, **tol(dtype))
    check(lambda m, x: m.linalg.matrix_rank(x, hermitian=True), a)
    with pytest.raises(np.linalg.LinAlgError, match="square"):
        tnp.linalg.svd(tnp.ones((2, 3)), hermitian=True)


@pytest.mark.parametrize("value", [np.nan, np.inf], ids=str)
def test_non_finite(value):
    """NaN makes solve/inv raise "Singular matrix" and the SVDs fail, like NumPy; others
    return what LAPACK computes."""
    a = np.array([[value, 1.0], [1.0, 1.0]])
    check(lambda m, x: m.linalg.inv(x), a)
    check(lambda m, x: m.linalg.solve(x, np.ones(2)), a)
    check(lambda m, x: m.linalg.svd(x, compute_uv=False), a)
    check(lambda m, x: m.linalg.lstsq(x, np.ones(2)), a)
    if np.isnan(value) and GPU:  # LAPACK's eigenvalues for a NaN depend on its build
        with tessera.config(gpu_threshold=0):  # cuSOLVER's (on the GPU): NaNs, no error
            assert np.isnan(np.asarray(tnp.linalg.eigvalsh(tnp.asarray(a)))).all()
    else:
        check(lambda m, x: m.linalg.eigvalsh(x), a, **tol("d"))
    if np.isinf(value):  # with a NaN the LU pivots (and so det) depend on the BLAS build
        check(lambda m, x: m.linalg.slogdet(x), a)
        check(lambda m, x: m.linalg.det(-x), a)
    else:
        with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
            tnp.linalg.inv(tnp.asarray(a))
        with pytest.raises(np.linalg.LinAlgError, match="SVD did not converge"):
            tnp.linalg.svd(tnp.asarray(a))


def test_views_everywhere(modes):
    """Transposed, strided and reversed views reach LAPACK the right way round."""
    a = make((6, 8), np.complex128, seed=24)
    strided = Viewed(a, lambda x: x[::2, ::-2], "strided reversed")  # (3, 4)
    check(lambda m, x: m.linalg.svd(x, compute_uv=False), strided, **tol("D"))
    check(lambda m, x: m.linalg.qr(x, mode="r").__abs__(), strided, **tol("D"))
    check(lambda m, x, y: m.linalg.lstsq(x, y), Viewed(a, T(), "T"), make((8,), "D", seed=25),
          **tol("D"))
    h = hermitian_pd((3, 4, 4), np.complex64, seed=26)
    check(lambda m, x: m.linalg.cholesky(x), Viewed(h, lambda x: x[::-1], "reversed"),
          **tol("F"))
    check(lambda m, x: m.linalg.eigvalsh(x, UPLO="U"), Viewed(h, T(), "T"), **tol("F"))
    check(lambda m, x: m.linalg.norm(x, 2, axis=(2, 1)), Viewed(h, T(), "T"), **tol("F"))


@pytest.mark.parametrize("shape", [(4, 4), (3, 5, 5), (1, 1), (0, 0), (0, 2, 2)], ids=str)
@pytest.mark.parametrize("dtype", LINALG + [np.dtype(np.int64)],
                         ids=dtype_ids(LINALG + [np.int64]))
@pytest.mark.parametrize("symmetric", [False, True])
def test_eig(shape, dtype, symmetric):
    a = make(shape, dtype, lo=-5, hi=5, seed=27)
    if symmetric:  # real symmetric: every eigenvalue real, so NumPy returns real arrays
        a = (a + np.swapaxes(a, -1, -2)).astype(dtype)
    res = tnp.linalg.eig(tnp.asarray(a))
    n_res = np.linalg.eig(a)
    assert type(res) is type(n_res)
    w, v = (np.asarray(x) for x in res)
    wv = np.asarray(tnp.linalg.eigvals(tnp.asarray(a)))
    for t, n in ((w, n_res[0]), (v, n_res[1]), (wv, n_res[0])):
        assert t.dtype == n.dtype and t.shape == n.shape
    order = np.sort_complex  # along the last axis: the order is LAPACK's, compare as sets
    close(order(w), order(n_res[0]), dtype, scale=30)
    close(order(wv), order(w), dtype, scale=30)
    close(a @ v, v * w[..., None, :], dtype, scale=30)
    close(np.linalg.norm(v, axis=-2), np.ones(v.shape[:-2] + v.shape[-1:]), dtype)


def test_eig_errors():
    for bad, msg in ((np.array([[np.nan, 1], [1, 1]]), "infs or NaNs"),
                     (np.ones((2, 3)), "square"), (np.ones(3), "1-dimensional")):
        with pytest.raises(np.linalg.LinAlgError, match=msg):
            tnp.linalg.eig(tnp.asarray(bad))
        with pytest.raises(np.linalg.LinAlgError, match=msg):
            np.linalg.eig(bad)
    check(lambda m, x: m.linalg.eigvals(x), np.eye(2, dtype=np.float16))  # TypeError
