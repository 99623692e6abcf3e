"""Statistics (NumPy reference section of that name): bincount, histogram, histogram_bin_edges,
digitize.

The counting runs on the runtime (src/kernels/count: private per-point counts, folded in point
order). What depends on a handful of scalars is computed here with NumPy itself, so that it is
NumPy's to the bit: the outer edges, the bin edges (numpy.linspace in NumPy's dtype) and the
dtypes of NumPy's uniform-bin arithmetic. String bins ('auto', 'fd', …), complex or object
weights, and bool or complex data run through NumPy.
"""

import operator

import numpy
from numpy.lib._histograms_impl import _unsigned_subtract

from tessera import _core
from tessera.numpy._interop import call_numpy, ndarray, to_numpy, warn_fallback

__all__ = ["bincount", "digitize", "histogram", "histogram_bin_edges"]


def _asarray(a):
    return a if isinstance(a, ndarray) else _core.asarray(a)


def _ravel(a):
    return _core.reshape(a, (a.size,))


def bincount(x, weights=None, minlength=0):
    """numpy.bincount: occurrences of each non-negative integer in x (sums of weights)."""
    if minlength is None:
        raise TypeError("use 0 instead of None for minlength")
    minlength = operator.index(minlength)
    if not isinstance(x, (ndarray, numpy.ndarray)):
        x = numpy.asarray(x)
        if x.size == 0:
            x = x.astype(numpy.intp)  # NumPy takes [] as an empty integer list
    return _core.bincount(_asarray(x), None if weights is None else _asarray(weights),
                          minlength)


# ----------------------------------------------------------------------------- histogram


def _numpy_scalar(a):
    """A 0-d tessera result as the NumPy scalar of its dtype."""
    return numpy.asarray(to_numpy(a))[()]


def _outer_edges(a, range):
    """NumPy's _get_outer_edges: the range, or the data's extremes (widened when equal)."""
    if range is not None:
        first_edge, last_edge = range
        if first_edge > last_edge:
            raise ValueError("max must be larger than min in range parameter.")
        if not (numpy.isfinite(first_edge) and numpy.isfinite(last_edge)):
            raise ValueError(f"supplied range of [{first_edge}, {last_edge}] is not finite")
    elif a.size == 0:
        first_edge, last_edge = 0, 1
    else:
        first_edge, last_edge = _numpy_scalar(a.min()), _numpy_scalar(a.max())
        if not (numpy.isfinite(first_edge) and numpy.isfinite(last_edge)):
            raise ValueError(f"autodetected range of [{first_edge}, {last_edge}] is not finite")
    if first_edge == last_edge:
        first_edge = first_edge - 0.5
        last_edge = last_edge + 0.5
    return first_edge, last_edge


def _bin_edges(a, bins, range):
    """NumPy's _get_bin_edges for an integer or an array `bins`: (edges as NumPy, uniform),
    uniform being (first, last, count) for equal bins, else None."""
    if numpy.ndim(bins) == 0:
        try:
            n = operator.index(bins)
        except TypeError as e:
            raise TypeError("`bins` must be an integer, a string, or an array") from e
        if n < 1:
            raise ValueError("`bins` must be positive, when an integer")
        first_edge, last_edge = _outer_edges(a, range)
        bin_type = numpy.result_type(first_edge, last_edge, numpy.empty(0, a.dtype))
        if numpy.issubdtype(bin_type, numpy.integer):
            bin_type = numpy.result_type(bin_type, float)
        edges = numpy.linspace(first_edge, last_edge, n + 1, endpoint=True, dtype=bin_type)
        return edges, (first_edge, last_edge, n)
    if numpy.ndim(bins) == 1:
        edges = numpy.asarray(to_numpy(bins))
        if numpy.any(edges[:-1] > edges[1:]):
            raise ValueError("`bins` must increase monotonically, when an array")
        return edges, None
    raise ValueError("`bins` must be 1d, when an array")


def _uniform_scalars(edges, uniform):
    """The dtypes and scalars of NumPy's f = ((x - first) / (last - first)) * bins: x in the
    edges' dtype, each operation in the dtype NumPy's promotion gives it; None when one of
    them is not a float tessera has."""
    first_edge, last_edge, n = uniform
    probe = numpy.zeros(1, edges.dtype)
    diff = _unsigned_subtract(probe, first_edge)
    denom = _unsigned_subtract(last_edge, first_edge)
    quotient = diff / denom
    scaled = quotient * n
    dtypes = (diff.dtype, quotient.dtype, scaled.dtype)
    if any(d.kind != "f" or d.itemsize > 8 for d in dtypes + (edges.dtype,)):
        return None
    return (*dtypes,
            float(numpy.asarray(first_edge).astype(edges.dtype)),
            float(numpy.asarray(last_edge).astype(edges.dtype)),
            float(numpy.asarray(first_edge).astype(dtypes[0])),
            float(numpy.asarray(denom).astype(dtypes[1])),
            float(numpy.asarray(n).astype(dtypes[2])))


def _native(a, weights, bins):
    """Whether tessera runs this histogram (else NumPy does)."""
    if isinstance(bins, str) or a.dtype.kind not in "iuf":
        return False
    return weights is None or weights.dtype.kind in "biuf"


def _prepare(a, weights):
    """NumPy's _ravel_and_check_weights."""
    a = _asarray(a)
    if weights is not None:
        weights = _asarray(weights)
        if weights.shape != a.shape:
            raise ValueError("weights should have the same shape as a.")
        weights = _ravel(weights)
    return _ravel(a), weights


def histogram(a, bins=10, range=None, density=None, weights=None):
    """numpy.histogram: (hist, bin_edges), counting on the runtime."""
    a, weights = _prepare(a, weights)
    if not _native(a, weights, bins):
        warn_fallback("histogram with string bins, bool/complex data or complex weights")
        return call_numpy(numpy.histogram, (a, bins, range),
                          {"density": density, "weights": weights})
    edges, uniform = _bin_edges(a, bins, range)
    scalars = None if uniform is None else _uniform_scalars(edges, uniform)
    if uniform is not None and scalars is None:
        warn_fallback("histogram in extended precision")
        return call_numpy(numpy.histogram, (a, bins, range),
                          {"density": density, "weights": weights})
    if uniform is None and weights is not None and weights.dtype == bool and a.size:
        # NumPy sums bool weights cumulatively into a bool array, which its casting refuses.
        raise TypeError("Cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') "
                        "with casting rule 'same_kind'")
    if edges.size < 2:
        hist = _core.asarray(numpy.zeros(0, numpy.intp if weights is None else weights.dtype))
    else:
        hist = _core.histogram(a, _core.asarray(edges), weights, scalars)
        if weights is not None and weights.dtype != hist.dtype:
            hist = hist.astype(weights.dtype)
    if density:
        widths = _core.asarray(numpy.array(numpy.diff(edges), float))
        return hist / widths / hist.sum(), _core.asarray(edges)
    return hist, _core.asarray(edges)


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """numpy.histogram_bin_edges: the edges histogram() would use."""
    a, weights = _prepare(a, weights)
    if isinstance(bins, str):
        warn_fallback("histogram_bin_edges with string bins")
        return call_numpy(numpy.histogram_bin_edges, (a, bins, range), {"weights": weights})
    return _core.asarray(_bin_edges(a, bins, range)[0])


# ----------------------------------------------------------------------------- digitize


def _monotonicity(bins):
    """1 for non-decreasing bins, -1 for non-increasing, 0 for neither; NumPy's rule
    (_monotonicity in its C code): the first value that differs from the first decides the
    direction (a NaN there means decreasing), and all bins equal counts as increasing."""
    d = numpy.asarray(bins, dtype=float)
    if d.size == 0:
        return 1
    differ = numpy.flatnonzero(d[1:] != d[0])
    if differ.size == 0:
        return 1
    i = int(differ[0]) + 1
    before, after = d[i:-1], d[i + 1:]
    if d[0] < d[i]:
        return 0 if numpy.any(before > after) else 1
    return 0 if numpy.any(before < after) else -1


def digitize(x, bins, right=False):
    """numpy.digitize: the index of the bin of each x, by searchsorted on the runtime."""
    from tessera.numpy._searching import searchsorted

    x = _asarray(x)
    if x.dtype.kind == "c":
        raise TypeError("x may not be complex")
    edges = numpy.asarray(to_numpy(bins))
    if edges.ndim != 1:
        raise ValueError("object too deep for desired array")
    mono = _monotonicity(edges)
    if mono == 0:
        raise ValueError("bins must be monotonically increasing or decreasing")
    side = "left" if right else "right"
    if mono == -1:
        return len(edges) - searchsorted(_core.asarray(edges[::-1].copy()), x, side=side)
    return searchsorted(_core.asarray(edges), x, side=side)
