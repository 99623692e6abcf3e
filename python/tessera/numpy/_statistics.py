"""Statistics (NumPy reference section of that name): bincount, histogram, histogram_bin_edges,
digitize.

The counting runs on the runtime (src/kernels/count: private per-point counts, folded in point
order). What depends on a handful of scalars is computed here with NumPy itself, so that it is
NumPy's to the bit: the outer edges, the bin edges (numpy.linspace in NumPy's dtype) and the
dtypes of NumPy's uniform-bin arithmetic. String bins ('auto', 'fd', …), complex or object
weights, and bool or complex data run through NumPy.
"""

import operator
import warnings

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


# ----------------------------------------------------------------------------- order statistics
#
# median, quantile, percentile: a sort along the reduced axis on the runtime, then the order
# statistics NumPy's formulas ask for (numpy/lib/_function_base_impl.py: _median, _quantile,
# _lerp), taken with take and combined with ufuncs. Only the indices and weights, which depend
# on q and the axis length alone, are computed on the host.

__all__ += ["median", "percentile", "quantile"]

_NATIVE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _ureduce(a, axis, keepdims, out, func):
    """NumPy's _ureduce: several axes merged into one last axis, func(a, axis) on it, and
    keepdims restored by a reshape (the reduced axes become 1, after q's leading axes)."""
    nd, shape = a.ndim, tuple(a.shape)
    if axis is None:
        axes = tuple(range(nd))
        a, ax = _ravel(a), 0
    else:
        axes = numpy.lib.array_utils.normalize_axis_tuple(axis, nd)
        if len(axes) == 1:
            ax = axes[0]
        else:
            keep = sorted(set(range(nd)) - set(axes))
            a = _core.moveaxis(a, tuple(keep), tuple(range(len(keep))))
            a = _core.reshape(a, tuple(a.shape[:len(keep)]) + (-1,))
            ax = a.ndim - 1
    r = func(a, ax)
    if keepdims is not numpy._NoValue and keepdims:
        lead = tuple(r.shape[:r.ndim - (nd - len(axes))])
        r = _core.reshape(r, lead + tuple(1 if i in axes else n for i, n in enumerate(shape)))
    if out is None:
        return r
    if tuple(out.shape) != tuple(r.shape):
        raise ValueError(f"Wrong shape of argument 'out', shape={tuple(r.shape)} is required; "
                         f"got shape={tuple(out.shape)}.")
    out[...] = r
    return out


def _nan_last(sorted_, result):
    """NumPy's NaN rule: a slice whose sorted last value is NaN gives that NaN."""
    if sorted_.dtype.kind not in "fc" or sorted_.shape[0] == 0:
        return result
    last = _core.take(sorted_, _core.asarray(numpy.intp(-1)), 0)
    nans = _core.ufuncs["isnan"](last)
    if not builtins_any(nans):
        return result
    return _core.where(nans, last, result).astype(result.dtype)


def builtins_any(x):
    return bool(_core.any(x, None, None, False).item())


def _median_along(a, axis):
    sorted_ = _core.moveaxis(_core.sort(a, axis), (axis,), (0,))
    n = sorted_.shape[0]
    if n == 0:
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=4)
    half = n // 2
    idx = numpy.arange(half, half + 1) if n % 2 == 1 else numpy.arange(half - 1, half + 1)
    if n == 0:
        idx = numpy.arange(0)
    mid = _core.take(sorted_, _core.asarray(idx.astype(numpy.intp)), 0)
    result = _core.mean(mid, 0, None, None, False)
    return _nan_last(sorted_, result)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """numpy.median: the mean of the middle one or two sorted values (NaN if any is NaN)."""
    a = _asarray(a)
    return _ureduce(a, axis, keepdims, out, _median_along)


def _lerp(a, b, t, one_minus_t, mask):
    """NumPy's _lerp: a + (b - a) * t, and b - (b - a) * (1 - t) where t >= 0.5."""
    u = _core.ufuncs
    diff = u["subtract"](b, a)
    low = u["add"](a, u["multiply"](diff, t))
    high = u["subtract"](b, u["multiply"](diff, one_minus_t))
    if high.dtype != low.dtype:
        high = high.astype(low.dtype)
    return _core.where(mask, high, low)


def _quantile_along(q, method, weak_q):
    def func(a, axis):
        sorted_ = _core.moveaxis(_core.sort(a, axis), (axis,), (0,))
        n = sorted_.shape[0]
        if method == "linear":
            virtual = (n - 1) * q
        elif method == "lower":
            virtual = numpy.floor((n - 1) * q).astype(numpy.intp)
        elif method == "higher":
            virtual = numpy.ceil((n - 1) * q).astype(numpy.intp)
        elif method == "nearest":
            virtual = numpy.around((n - 1) * q).astype(numpy.intp)
        else:
            virtual = 0.5 * (numpy.floor((n - 1) * q) + numpy.ceil((n - 1) * q))
        virtual = numpy.asanyarray(virtual)
        if virtual.dtype.kind in "iu":
            result = _core.take(sorted_, _core.asarray(virtual.astype(numpy.intp)), 0)
            return _nan_last(sorted_, result)
        prev = numpy.array(numpy.floor(virtual))
        nxt = numpy.array(prev + 1)
        above = virtual >= n - 1
        prev[above] = -1
        nxt[above] = -1
        below = virtual < 0
        prev[below] = 0
        nxt[below] = 0
        prev, nxt = prev.astype(numpy.intp), nxt.astype(numpy.intp)
        gamma = numpy.asanyarray(virtual - prev)
        if method == "midpoint":
            g = numpy.full(gamma.shape, 0.5)
            numpy.copyto(g, 0.0, where=virtual % 1 == 0, casting="unsafe")
            gamma = g
        gamma = numpy.asanyarray(gamma, dtype=virtual.dtype)
        lo = _core.take(sorted_, _core.asarray(prev), 0)
        hi = _core.take(sorted_, _core.asarray(nxt), 0)
        if weak_q:
            # A Python float meets the data as NumPy's weak scalar: cast to its dtype first.
            t = float(gamma)
            cast = sorted_.dtype.type if sorted_.dtype.kind == "f" else float
            t, one_minus_t, mask = cast(t), cast(1 - t), t >= 0.5
        else:
            gamma = gamma.reshape(virtual.shape + (1,) * (sorted_.ndim - 1))
            t, one_minus_t = _core.asarray(gamma), _core.asarray(1 - gamma)
            mask = _core.asarray(gamma >= 0.5)
        return _nan_last(sorted_, _lerp(lo, hi, t, one_minus_t, mask))
    return func


def _quantile(name, a, q, axis, out, overwrite_input, method, keepdims, weights,
              interpolation, percent):
    if interpolation is not None or weights is not None or method not in _NATIVE_METHODS:
        warn_fallback(f"{name} with method={method!r}, weights= or interpolation=")
        kwargs = {"axis": axis, "out": out, "method": method, "keepdims": keepdims,
                  "weights": weights}
        if interpolation is not None:
            kwargs["interpolation"] = interpolation
        return call_numpy(getattr(numpy, name), (a, q), kwargs)
    a = _asarray(a)
    if a.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    weak_q = type(q) in (int, float)
    qn = numpy.asanyarray(to_numpy(q) if isinstance(q, ndarray) else q)
    if percent:
        qn = numpy.asanyarray(numpy.true_divide(qn, 100))
        if not (qn.min() >= 0 and qn.max() <= 1) if qn.size else False:
            raise ValueError("Percentiles must be in the range [0, 100]")
    elif not (qn.min() >= 0 and qn.max() <= 1) if qn.size else False:
        raise ValueError("Quantiles must be in the range [0, 1]")
    if qn.ndim > 2:
        raise ValueError("q must be a scalar or 1d")
    return _ureduce(a, axis, keepdims, out, _quantile_along(qn, method, weak_q))


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None, interpolation=None):
    """numpy.quantile: q-th quantiles (q in [0, 1]) of the sorted data; 'linear' (default),
    'lower', 'higher', 'nearest' and 'midpoint' run here, other methods through NumPy."""
    return _quantile("quantile", a, q, axis, out, overwrite_input, method, keepdims, weights,
                     interpolation, False)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None, interpolation=None):
    """numpy.percentile: quantile with q in percent."""
    return _quantile("percentile", a, q, axis, out, overwrite_input, method, keepdims, weights,
                     interpolation, True)


# ----------------------------------------------------------------------------- average, cov

__all__ += ["average", "corrcoef", "cov"]


def _weights_are_valid(wgt, a, axis):
    """NumPy's checks of average's weights, and their reshape to broadcast along `axis`."""
    if tuple(a.shape) != tuple(wgt.shape):
        if axis is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if tuple(wgt.shape) != tuple(a.shape[ax] for ax in axis):
            raise ValueError("Shape of weights must be consistent with shape of a along "
                             "specified axis.")
        wgt = _core.transpose(wgt, tuple(int(i) for i in numpy.argsort(axis)))
        wgt = _core.reshape(wgt, tuple(s if ax in axis else 1 for ax, s in enumerate(a.shape)))
    return wgt


def average(a, axis=None, weights=None, returned=False, *, keepdims=numpy._NoValue):
    """numpy.average: the (weighted) mean along `axis`; with returned=True also the sum of
    the weights (the count without weights), broadcast to the average's shape."""
    from tessera.numpy import _reductions
    a = _asarray(a)
    if axis is not None:
        axis = numpy.lib.array_utils.normalize_axis_tuple(axis, a.ndim, argname="axis")
    if weights is None:
        avg = _reductions.mean(a, axis, keepdims=keepdims)
        scl = _core.full(tuple(avg.shape), avg.dtype.type(a.size / avg.size), avg.dtype)
    else:
        wgt = _weights_are_valid(_asarray(weights), a, axis)
        if a.dtype.kind in "iub":
            result_dtype = numpy.result_type(a.dtype, wgt.dtype, "f8")
        else:
            result_dtype = numpy.result_type(a.dtype, wgt.dtype)
        scl = _reductions.sum(wgt, axis, result_dtype, keepdims=keepdims)
        if builtins_any(_core.ufuncs["equal"](scl, 0.0)):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        prod = _core.ufuncs["multiply"](a.astype(result_dtype), wgt.astype(result_dtype))
        avg = _core.ufuncs["divide"](_reductions.sum(prod, axis, keepdims=keepdims), scl)
    if returned:
        if tuple(scl.shape) != tuple(avg.shape):
            scl = _core.copy(_core.broadcast_to(scl, tuple(avg.shape)))
        return avg, scl
    return avg


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """numpy.cov: X minus its row means, X @ X.conj().T times 1 / (N - ddof); fweights and
    aweights run through NumPy."""
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    if fweights is not None or aweights is not None:
        warn_fallback("cov with fweights= or aweights=")
        return call_numpy(numpy.cov, (m, y, rowvar, bias, ddof, fweights, aweights),
                          {"dtype": dtype})
    m = _asarray(m)
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    if y is not None:
        y = _asarray(y)
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = numpy.result_type(m.dtype, numpy.float64) if y is None else \
            numpy.result_type(m.dtype, y.dtype, numpy.float64)
    dtype = numpy.dtype(dtype)
    X = m.astype(dtype)
    if X.ndim < 2:
        X = _core.reshape(X, (1,) * (2 - X.ndim) + tuple(X.shape))
    if not rowvar and m.ndim != 1:
        X = _core.transpose(X, None)
    if X.shape[0] == 0:
        return _core.zeros((0, 0), numpy.float64)
    if y is not None:
        Y = y.astype(dtype)
        if Y.ndim < 2:
            Y = _core.reshape(Y, (1,) * (2 - Y.ndim) + tuple(Y.shape))
        if not rowvar and Y.shape[0] != 1:
            Y = _core.transpose(Y, None)
        if Y.shape[1] != X.shape[1]:
            raise ValueError("all the input array dimensions except for the concatenation axis "
                             f"must match exactly, but along dimension 1, the array at index 0 "
                             f"has size {X.shape[1]} and the array at index 1 has size "
                             f"{Y.shape[1]}")
        from tessera.numpy import _joining
        X = _joining.concatenate((X, Y), axis=0)
    if ddof is None:
        ddof = 1 if bias == 0 else 0
    fact = X.shape[1] - ddof
    if fact <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
        fact = 0.0
    u = _core.ufuncs
    avg = _core.mean(X, 1, None, None, True)
    X = u["subtract"](X, avg)
    X_T = _core.transpose(X, None)
    if X.dtype.kind == "c":
        X_T = u["conjugate"](X_T)
    c = _core.matmul(X, X_T)
    with numpy.errstate(divide="ignore"):
        scale = numpy.true_divide(1, fact)
    c = u["multiply"](c, X.dtype.type(scale) if X.dtype.kind != "c" else float(scale))
    return _core.squeeze(c, None)


def corrcoef(x, y=None, rowvar=True, bias=numpy._NoValue, ddof=numpy._NoValue, *, dtype=None):
    """numpy.corrcoef: cov divided by the outer product of the standard deviations, clipped to
    [-1, 1] (both parts for complex)."""
    if bias is not numpy._NoValue or ddof is not numpy._NoValue:
        warnings.warn("bias and ddof have no effect and are deprecated", DeprecationWarning,
                      stacklevel=2)
    c = cov(x, y, rowvar, dtype=dtype)
    u = _core.ufuncs
    if c.ndim == 0:
        return u["divide"](c, c)
    d = _core.diagonal(c, 0, 0, 1)
    stddev = u["sqrt"](d.real if d.dtype.kind == "c" else d)
    n = stddev.shape[0]
    c = u["divide"](c, _core.reshape(stddev, (n, 1)))
    c = u["divide"](c, _core.reshape(stddev, (1, n)))
    if c.dtype.kind == "c":
        result = _core.empty(tuple(c.shape), c.dtype)
        result.real[...] = _core.clip(c.real, -1, 1)
        result.imag[...] = _core.clip(c.imag, -1, 1)
        return result
    return _core.clip(c, -1, 1)


# ----------------------------------------------------------------------------- nan order stats
#
# NaNs sort last, so each slice's non-NaN values are its first `count` sorted values: the order
# statistics are gathered per slice (take_along_axis) at indices computed on the runtime from
# the counts with NumPy's formulas for a slice of that length.

__all__ += ["nanmedian", "nanpercentile", "nanquantile"]


def _sorted_counts(a, axis):
    """(sorted along axis moved to 0, count of non-NaN values per slice, all-NaN mask)."""
    u = _core.ufuncs
    sorted_ = _core.moveaxis(_core.sort(a, axis), (axis,), (0,))
    count = _core.count_nonzero(u["logical_not"](u["isnan"](sorted_)), 0, False)
    empty = u["equal"](count, 0)
    if builtins_any(empty):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=5)
    return sorted_, count, empty


def _gather(sorted_, index):
    """sorted_[index[...], ...] per slice: index has sorted_'s shape without axis 0."""
    from tessera.numpy._indexing import take_along_axis
    index = _core.ufuncs["maximum"](index.astype(numpy.intp), 0)
    picked = take_along_axis(sorted_, _core.reshape(index, (1,) + tuple(index.shape)), 0)
    return _core.reshape(picked, tuple(index.shape))


def _nanmedian_along(a, axis):
    u = _core.ufuncs
    sorted_, count, empty = _sorted_counts(a, axis)
    lo = _gather(sorted_, u["floor_divide"](u["subtract"](count, 1), 2))
    hi = _gather(sorted_, u["floor_divide"](count, 2))
    # NumPy's mean of the two middle values (float16 adds in float32).
    acc = numpy.dtype(numpy.float32) if a.dtype == numpy.float16 else a.dtype
    mid = u["divide"](u["add"](lo.astype(acc), hi.astype(acc)), acc.type(2)).astype(a.dtype)
    result = _core.where(u["equal"](u["remainder"](count, 2), 1), hi, mid)
    return _core.where(empty, numpy.nan, result).astype(a.dtype)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=numpy._NoValue):
    """numpy.nanmedian: the median of each slice's non-NaN values (NaN and a RuntimeWarning
    for an all-NaN slice)."""
    from tessera.numpy import _reductions
    a = _asarray(a)
    if a.size == 0:
        return _reductions.nanmean(a, axis, out=out, keepdims=keepdims)
    if a.dtype.kind == "c":
        warn_fallback("nanmedian of complex values")
        return call_numpy(numpy.nanmedian, (a, axis, out, overwrite_input, keepdims), {})
    if a.dtype.kind != "f":
        return median(a, axis, out, overwrite_input,
                      False if keepdims is numpy._NoValue else keepdims)
    return _ureduce(a, axis, keepdims, out, _nanmedian_along)


def _nanquantile_one(sorted_, count, empty, q, method, weak_q):
    """The q-quantile (q a NumPy 0-d array) of every slice's `count` first values."""
    u = _core.ufuncs
    last = u["subtract"](count, 1)
    if q.dtype.kind == "f":
        n1 = last.astype(q.dtype)
        qv = q.dtype.type(q)
    else:
        n1, qv = last, q.item()
    virtual = u["multiply"](n1, qv)  # NumPy's (n - 1) * q
    if method == "lower":
        virtual = u["floor"](virtual).astype(numpy.intp)
    elif method == "higher":
        virtual = u["ceil"](virtual).astype(numpy.intp)
    elif method == "nearest":
        virtual = u["rint"](virtual).astype(numpy.intp)
    elif method == "midpoint":
        virtual = u["multiply"](0.5, u["add"](u["floor"](virtual), u["ceil"](virtual)))
    dtype = sorted_.dtype
    if virtual.dtype.kind in "iu":
        result = _gather(sorted_, virtual)
    else:
        floor = u["floor"](virtual)
        above = u["greater_equal"](virtual, last)
        below = u["less"](virtual, 0)
        prev = _core.where(above, -1, _core.where(below, 0, floor))  # NumPy's -1: the last
        gamma = u["subtract"](virtual, prev)
        if method == "midpoint":
            gamma = _core.where(u["equal"](u["remainder"](virtual, 1), 0), 0.0, 0.5)
            gamma = gamma.astype(virtual.dtype)
        lo = _gather(sorted_, _core.where(above, last, _core.where(below, 0, floor)))
        hi = _gather(sorted_, _core.where(above, last, _core.where(below, 0, u["add"](floor,
                                                                                       1))))
        mask = u["greater_equal"](gamma, 0.5)
        one_minus = u["subtract"](1, gamma)
        if weak_q and dtype.kind == "f":
            # NumPy's per-slice Python float gamma meets the data as a weak scalar.
            gamma, one_minus = gamma.astype(dtype), one_minus.astype(dtype)
        result = _lerp(lo, hi, gamma, one_minus, mask)
    return _core.where(empty, numpy.nan, result).astype(result.dtype)


def _nanquantile_along(qn, method, weak_q):
    def func(a, axis):
        sorted_, count, empty = _sorted_counts(a, axis)
        flat = qn.reshape(-1)
        parts = [_nanquantile_one(sorted_, count, empty, flat[i], method, weak_q)
                 for i in range(flat.size)]
        if qn.ndim == 0:
            result = parts[0]
        elif not parts:
            result = _core.zeros(tuple(qn.shape) + tuple(sorted_.shape[1:]), sorted_.dtype)
        else:
            from tessera.numpy import _joining
            result = _core.reshape(_joining.stack(parts, axis=0),
                                   tuple(qn.shape) + tuple(sorted_.shape[1:]))
        # NumPy's quirk: apply_along_axis takes the dtype of the first slice's result, and an
        # all-NaN slice returns NaN in the data's dtype.
        if result.dtype != sorted_.dtype and empty.size \
                and _core.reshape(empty, (empty.size,))[0].item():
            result = result.astype(sorted_.dtype)
        return result
    return func


def _nanquantile(name, a, q, axis, out, overwrite_input, method, keepdims, weights,
                 interpolation, percent):
    plain = percentile if percent else quantile
    t = _asarray(a)
    if t.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    if t.dtype.kind != "f" or interpolation is not None or weights is not None \
            or method not in _NATIVE_METHODS:
        if t.dtype.kind in "iub" and interpolation is None and weights is None:
            return plain(t, q, axis, out, overwrite_input, method, keepdims)
        warn_fallback(f"{name} of this dtype, method or weights")
        kwargs = {"axis": axis, "out": out, "method": method, "keepdims": keepdims,
                  "weights": weights}
        if interpolation is not None:
            kwargs["interpolation"] = interpolation
        return call_numpy(getattr(numpy, name), (a, q), kwargs)
    weak_q = type(q) in (int, float)
    qn = numpy.asanyarray(to_numpy(q) if isinstance(q, ndarray) else q)
    if percent:
        qn = numpy.asanyarray(numpy.true_divide(qn, 100))
    if qn.size and not (qn.min() >= 0 and qn.max() <= 1):
        raise ValueError("Percentiles must be in the range [0, 100]" if percent
                         else "Quantiles must be in the range [0, 1]")
    if t.size == 0:
        from tessera.numpy import _reductions
        return _reductions.nanmean(t, axis, out=out, keepdims=keepdims)
    return _ureduce(t, axis, keepdims, out, _nanquantile_along(qn, method, weak_q))


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=numpy._NoValue, *, weights=None, interpolation=None):
    """numpy.nanquantile: quantile of each slice's non-NaN values."""
    return _nanquantile("nanquantile", a, q, axis, out, overwrite_input, method, keepdims,
                        weights, interpolation, False)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=numpy._NoValue, *, weights=None, interpolation=None):
    """numpy.nanpercentile: nanquantile with q in percent."""
    return _nanquantile("nanpercentile", a, q, axis, out, overwrite_input, method, keepdims,
                        weights, interpolation, True)
