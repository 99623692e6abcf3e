"""tessera.numpy.linalg: linear algebra.

solve, inv, det, slogdet, cholesky, qr, eig, eigvals, eigh, eigvalsh, svd, svdvals and lstsq
run LAPACK (through OpenBLAS) in tessera tasks: a stack of matrices splits its leading batch
dim over the points, a single matrix is one task. norm, pinv and matrix_rank are built from
those and tessera's ufuncs and reductions. Results follow NumPy 2: its dtypes (float32 and
complex64 stay single precision, integers become float64, float16 is a TypeError), its result
named tuples and numpy.linalg.LinAlgError itself. Functions that can fail wait for their task,
since NumPy raises at the call.

Every other name (matrix_power, multi_dot, cond, tensorsolve, ...) still runs through
numpy.linalg on converted arguments, with a one-time RuntimeWarning naming it.
"""

import operator

import numpy
import numpy.linalg
from numpy.linalg import LinAlgError

from tessera import _core
from tessera.numpy._creation import asarray, empty
from tessera.numpy._interop import call_numpy, install_fallback_getattr, warn_fallback
from tessera.numpy._linalg_products import matmul
from tessera.numpy._manipulation import moveaxis
from tessera.numpy._reductions import count_nonzero
from tessera.numpy._searching import where

try:  # NumPy 2's result types, so results compare equal in type to NumPy's
    from numpy.linalg._linalg import (EigResult, EighResult, QRResult, SlogdetResult,
                                      SVDResult)
except ImportError:  # pragma: no cover - NumPy 1.x
    from collections import namedtuple

    EigResult = namedtuple("EigResult", ["eigenvalues", "eigenvectors"])
    EighResult = namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
    QRResult = namedtuple("QRResult", ["Q", "R"])
    SlogdetResult = namedtuple("SlogdetResult", ["sign", "logabsdet"])
    SVDResult = namedtuple("SVDResult", ["U", "S", "Vh"])

__all__ = ["LinAlgError", "cholesky", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv",
           "lstsq", "matrix_rank", "norm", "pinv", "qr", "slogdet", "solve", "svd", "svdvals"]

_u = _core.ufuncs
_NoValue = numpy._NoValue
_inf = float("inf")


def solve(a, b):
    """NumPy's solve: x with a @ x = b, b (M,) or (..., M, K); LinAlgError if singular."""
    return _core.linalg_solve(a, b)


def inv(a):
    """NumPy's inv: the inverse of each matrix of the stack; LinAlgError if singular."""
    return _core.linalg_inv(a)


def det(a):
    """NumPy's det (0 for a singular matrix)."""
    return _core.linalg_det(a)


def slogdet(a):
    """NumPy's slogdet: (sign, logabsdet); (0, -inf) for a singular matrix."""
    return SlogdetResult(*_core.linalg_slogdet(a))


def cholesky(a, /, *, upper=False):
    """NumPy's cholesky: L with a = L @ L^H (U with a = U^H @ U when upper)."""
    return _core.linalg_cholesky(a, bool(upper))


def qr(a, mode="reduced"):
    """NumPy's qr: QRResult(Q, R) for 'reduced'/'complete', R for 'r', (h, tau) for 'raw'."""
    if mode in ("f", "full", "e", "economic"):  # NumPy's deprecated modes stay on NumPy
        warn_fallback(f"linalg.qr(mode={mode!r})")
        return call_numpy(numpy.linalg.qr, (a, mode), {})
    result = _core.linalg_qr(a, mode)
    if mode == "r":
        return result[0]
    return result if mode == "raw" else QRResult(*result)


def _uplo(UPLO):
    UPLO = UPLO.upper()
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    return UPLO


def eigh(a, UPLO="L"):
    """NumPy's eigh: ascending real eigenvalues and the eigenvectors (columns)."""
    return EighResult(*_core.linalg_eigh(a, _uplo(UPLO), True))


def eigvalsh(a, UPLO="L"):
    """NumPy's eigvalsh: the ascending real eigenvalues."""
    return _core.linalg_eigh(a, _uplo(UPLO), False)[0]


_eig_complex = []


def _eig_dtype(x):
    """x, as complex when the installed NumPy's eig always returns complex (some NumPy
    versions return real arrays when every eigenvalue is real, others never do): asked of
    NumPy once, on a 1×1 matrix."""
    if not _eig_complex:
        _eig_complex.append(numpy.linalg.eigvals(numpy.eye(1)).dtype.kind == "c")
    if _eig_complex[0] and x.dtype.kind != "c":
        return x.astype(numpy.result_type(x.dtype, numpy.complex64))
    return x


def eig(a):
    """NumPy's eig: EigResult(eigenvalues, eigenvectors); complex unless all are real (or
    always complex, where the installed NumPy's eig is)."""
    return EigResult(*(_eig_dtype(x) for x in _core.linalg_eig(a, True)))


def eigvals(a):
    """NumPy's eigvals: the eigenvalues (complex unless all are real, as NumPy's eig), in
    LAPACK's order."""
    return _eig_dtype(_core.linalg_eig(a, False)[0])


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """NumPy's svd: SVDResult(U, S, Vh), or S alone without compute_uv.

    hermitian=True goes through the eigendecomposition (lower triangle), as NumPy's does.
    """
    result = _core.linalg_svd(a, bool(full_matrices), bool(compute_uv), bool(hermitian))
    return SVDResult(*result) if compute_uv else result[0]


def svdvals(x, /):
    """NumPy's svdvals: the singular values, descending."""
    return svd(x, compute_uv=False)


def lstsq(a, b, rcond=None):
    """NumPy's lstsq: (x, residuals, rank, s) for 2-D a and 1-D or 2-D b."""
    return tuple(_core.linalg_lstsq(a, b, None if rcond is None else float(rcond)))


# ----------------------------------------------------------------------------- norms


def _abs(x):
    return _u["absolute"](x)


def _sumsq(x, axis, keepdims):
    """sqrt(sum(|x|^2)) over axis, NumPy's (x.conj() * x).real."""
    s = (_u["conjugate"](x) * x).real if x.dtype.kind == "c" else x * x
    return _u["sqrt"](s.sum(axis=axis, keepdims=keepdims))


def _vector_norm(x, ord, axis, keepdims):
    if ord == _inf:
        return _abs(x).max(axis=axis, keepdims=keepdims, initial=0)
    if ord == -_inf:
        return _abs(x).min(axis=axis, keepdims=keepdims)
    if ord == 0:
        return (x != 0).astype(x.real.dtype).sum(axis=axis, keepdims=keepdims)
    if ord == 1:
        return _abs(x).sum(axis=axis, keepdims=keepdims)
    if ord is None or ord == 2:
        return _sumsq(x, axis, keepdims)
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order '{ord}' for vectors")
    ret = (_abs(x) ** ord).sum(axis=axis, keepdims=keepdims)
    return ret ** numpy.reciprocal(ord, dtype=ret.dtype)


def _svd_norm(x, row, col, op):
    s = svd(moveaxis(x, (row, col), (-2, -1)), compute_uv=False)
    if op == "max":
        return s.max(axis=-1, initial=0)
    return s.min(axis=-1) if op == "min" else s.sum(axis=-1)


def _matrix_norm(x, ord, axis, keepdims):
    nd = x.ndim
    row, col = (_normalize_axis(v, nd) for v in axis)
    if row == col:
        raise ValueError("Duplicate axes given.")
    if ord in (2, -2, "nuc"):
        ret = _svd_norm(x, row, col, {2: "max", -2: "min", "nuc": "sum"}[ord])
    elif ord in (1, -1):
        col = col - 1 if col > row else col
        sums = _abs(x).sum(axis=row)
        ret = sums.max(axis=col, initial=0) if ord == 1 else sums.min(axis=col)
    elif ord in (_inf, -_inf):
        row = row - 1 if row > col else row
        sums = _abs(x).sum(axis=col)
        ret = sums.max(axis=row, initial=0) if ord == _inf else sums.min(axis=row)
    elif ord in (None, "fro", "f"):
        ret = _sumsq(x, axis, False)
    else:
        raise ValueError("Invalid norm order for matrices.")
    if keepdims:
        shape = list(x.shape)
        shape[axis[0]] = shape[axis[1]] = 1
        ret = ret.reshape(shape)
    return ret


def _normalize_axis(axis, nd):
    axis = operator.index(axis)
    if not -nd <= axis < nd:
        raise numpy.exceptions.AxisError(axis, nd)
    return axis % nd


def norm(x, ord=None, axis=None, keepdims=False):
    """NumPy's norm: vector norms over one axis, matrix norms over two."""
    x = asarray(x)
    if x.dtype.kind not in "fc":
        x = x.astype(numpy.float64)
    if axis is None:
        nd = x.ndim
        if ord is None or (ord in ("f", "fro") and nd == 2) or (ord == 2 and nd == 1):
            ret = _sumsq(x.reshape(-1), None, False)
            return ret.reshape([1] * nd) if keepdims else ret
        axis = tuple(range(nd))
    elif not isinstance(axis, tuple):
        try:
            axis = int(axis)
        except Exception as e:
            raise TypeError("'axis' must be None, an integer or a tuple of integers") from e
        axis = (axis,)
    if len(axis) == 1:
        return _vector_norm(x, ord, axis, keepdims)
    if len(axis) == 2:
        return _matrix_norm(x, ord, axis, keepdims)
    raise ValueError("Improper number of dimensions to norm.")


# ----------------------------------------------------------------------------- from the SVD


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    """NumPy's matrix_rank: singular values above tol (default S.max * max(M, N) * eps)."""
    if rtol is not None and tol is not None:
        raise ValueError("`tol` and `rtol` can't be both set.")
    A = asarray(A)
    if A.ndim < 2:
        return int(not bool((A == 0).all()))
    S = svd(A, compute_uv=False, hermitian=hermitian)
    if tol is None:
        if rtol is None:
            rtol = max(A.shape[-2:]) * numpy.finfo(S.dtype).eps
        else:
            rtol = asarray(rtol)[..., None]
        tol = S.max(axis=-1, keepdims=True, initial=0) * rtol
    else:
        tol = asarray(tol)[..., None]
    return count_nonzero(S > tol, axis=-1)


def pinv(a, rcond=None, hermitian=False, *, rtol=_NoValue):
    """NumPy's pinv: the pseudo-inverse from the SVD, small singular values dropped."""
    a = asarray(a)
    if rcond is None:
        if rtol is _NoValue:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(a.shape[-2:]) * numpy.finfo(a.dtype).eps
        else:
            rcond = rtol
    elif rtol is not _NoValue:
        raise ValueError("`rtol` and `rcond` can't be both set.")
    rcond = asarray(rcond)
    if a.ndim >= 2 and a.size == 0:
        m, n = a.shape[-2:]
        return empty(a.shape[:-2] + (n, m), dtype=a.dtype)
    if a.dtype.kind == "c":
        a = _u["conjugate"](a)
    u, s, vt = svd(a, full_matrices=False, hermitian=hermitian)
    cutoff = rcond[..., None] * s.max(axis=-1, keepdims=True)
    large = s > cutoff
    s_inv = where(large, 1 / where(large, s, 1), 0).astype(s.dtype)
    return matmul(vt.swapaxes(-1, -2), s_inv[..., None] * u.swapaxes(-1, -2))


install_fallback_getattr(globals(), numpy.linalg, prefix="linalg.")
