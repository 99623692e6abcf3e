"""Matrix and vector products, diagonals and triangles (NumPy reference: "Linear algebra",
"Matrix and vector products", and the diagonal/triangle routines of "Array creation").

matmul, dot, vdot and inner run as tessera tasks (BLAS for float and complex dtypes, a loop for
integer and bool), split over the rows of the result. diagonal is a read-only strided view;
trace, tril, triu, outer and diag are built from views, reductions and ufuncs.
"""

import operator

from tessera import _core
from tessera.numpy._creation import arange, asarray, zeros
from tessera.numpy._interop import ndarray

__all__ = ["diag", "diagonal", "dot", "inner", "matmul", "outer", "trace", "tril", "triu",
           "vdot"]

_u = _core.ufuncs


def _out(out):
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
        out = out[0]
    return out


def matmul(x1, x2, /, out=None, *, dtype=None):
    """NumPy's matmul (also the ``@`` operator)."""
    if dtype is not None:
        x1, x2 = asarray(x1).astype(dtype), asarray(x2).astype(dtype)
    return _core.matmul(x1, x2, _out(out))


def dot(a, b, out=None):
    """NumPy's dot: out= must be C-contiguous with the result's exact dtype and shape."""
    return _core.dot(a, b, out)


def vdot(a, b, /):
    """NumPy's vdot: the flattened arrays' dot product, the first conjugated."""
    return _core.vdot(a, b)


def inner(a, b, /):
    """NumPy's inner: sum over the last axes."""
    return _core.inner(a, b)


def outer(a, b, out=None):
    """NumPy's outer: a.ravel()[:, None] * b.ravel()[None, :]."""
    a, b = asarray(a).ravel(), asarray(b).ravel()
    return _u["multiply"](a[:, None], b[None, :], out=out)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """NumPy's diagonal: a read-only view, the diagonal as the last axis."""
    return _core.diagonal(a, operator.index(offset), operator.index(axis1),
                          operator.index(axis2))


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """NumPy's trace: the sum of the diagonal (NumPy's sum dtype rules)."""
    return diagonal(a, offset, axis1, axis2).sum(axis=-1, dtype=dtype, out=out)


def diag(v, k=0):
    """NumPy's diag: a 2-D array with v on diagonal k, or a 2-D array's k-th diagonal (a view)."""
    v = asarray(v)
    k = operator.index(k)
    if v.ndim == 2:
        return diagonal(v, k)
    if v.ndim != 1:
        raise ValueError("Input must be 1- or 2-d.")
    n = v.shape[0] + abs(k)
    res = zeros((n, n), dtype=v.dtype)
    start = k if k >= 0 else -k * n
    flat = res.reshape(-1)
    flat[start::n + 1][:v.shape[0]] = v  # a strided view of res: its diagonal, in place
    return res


def _tri_mask(shape, k, upper):
    rows, cols = (1, shape[0]) if len(shape) == 1 else shape[-2:]
    if len(shape) == 1:
        rows = cols
    d = arange(cols)[None, :] - arange(rows)[:, None]  # column - row
    return d >= k if upper else d <= k


def tril(m, k=0):
    """NumPy's tril: zeros above diagonal k."""
    m = asarray(m)
    return _core.where(_tri_mask(m.shape, operator.index(k), False), m, zeros(1, m.dtype))


def triu(m, k=0):
    """NumPy's triu: zeros below diagonal k."""
    m = asarray(m)
    return _core.where(_tri_mask(m.shape, operator.index(k), True), m, zeros(1, m.dtype))


def _dot_method(self, b, out=None):
    return dot(self, b, out)


def _diagonal_method(self, offset=0, axis1=0, axis2=1):
    return diagonal(self, offset, axis1, axis2)


def _trace_method(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return trace(self, offset, axis1, axis2, dtype, out)


for _name, _method in (("dot", _dot_method), ("diagonal", _diagonal_method),
                       ("trace", _trace_method)):
    setattr(ndarray, _name, _method)
del _name, _method
