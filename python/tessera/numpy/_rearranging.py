"""Rearranging and padding arrays, and grids built from ranges (NumPy reference: "Array
manipulation routines": rearranging; "Padding arrays"; meshgrid, indices, tri, vander of
"Array creation").

flip, fliplr, flipud and rot90 are views (negative steps, transposes). roll and pad allocate
the result and fill it with slice assignments, each a deferred copy task.
"""

import itertools
import operator

import numpy
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from tessera.numpy._creation import arange, asanyarray, asarray, empty, empty_like
from tessera.numpy._interop import call_numpy, ndarray, warn_fallback
from tessera.numpy._joining import axis_slice
from tessera.numpy._manipulation import broadcast_arrays, moveaxis, transpose

__all__ = ["delete", "flip", "fliplr", "flipud", "indices", "insert", "meshgrid", "pad", "roll",
           "rot90", "tri", "vander"]


def flip(m, axis=None):
    """numpy.flip: a view with negative steps along `axis` (all axes when None)."""
    m = asanyarray(m)
    if axis is None:
        return m[(slice(None, None, -1),) * m.ndim]
    axes = normalize_axis_tuple(axis, m.ndim)
    return m[tuple(slice(None, None, -1) if d in axes else slice(None) for d in range(m.ndim))]


def fliplr(m):
    """numpy.fliplr: columns reversed (a view)."""
    m = asanyarray(m)
    if m.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return m[:, ::-1]


def flipud(m):
    """numpy.flipud: rows reversed (a view)."""
    m = asanyarray(m)
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return m[::-1, ...]


def roll(a, shift, axis=None):
    """numpy.roll: a new array filled by two slice assignments per rolled axis."""
    a = asanyarray(a)
    if axis is None:
        return roll(a.reshape(-1), shift, 0).reshape(a.shape)
    axis = normalize_axis_tuple(axis, a.ndim, allow_duplicate=True)
    pairs = numpy.broadcast(shift, axis)
    if pairs.ndim > 1:
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    shifts = dict.fromkeys(range(a.ndim), 0)
    for sh, ax in pairs:
        shifts[ax] += int(sh)
    rolls = [((slice(None), slice(None)),)] * a.ndim
    for ax, offset in shifts.items():
        offset %= a.shape[ax] or 1
        if offset:
            rolls[ax] = ((slice(None, -offset), slice(offset, None)),
                         (slice(-offset, None), slice(None, offset)))
    result = empty_like(a)
    for indices in itertools.product(*rolls):
        src, dst = zip(*indices, strict=True)
        result[dst] = a[src]
    return result


def rot90(m, k=1, axes=(0, 1)):
    """numpy.rot90: a flipped and transposed view."""
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    m = asanyarray(m)
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == m.ndim:
        raise ValueError("Axes must be different.")
    if not all(-m.ndim <= ax < m.ndim for ax in axes):
        raise ValueError(f"Axes={axes} out of range for array of ndim={m.ndim}.")
    k %= 4
    if k == 0:
        return m[:]
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    order = list(range(m.ndim))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    if k == 1:
        return transpose(flip(m, axes[1]), order)
    return flip(transpose(m, order), axes[1])


# ----------------------------------------------------------------------------- padding


def _pairs(x, ndim, as_index=False):
    """NumPy's pad argument forms as ndim (before, after) pairs of Python values."""
    if x is None:
        return [[None, None]] * ndim
    x = numpy.array(x)
    if as_index:
        x = numpy.round(x).astype(numpy.intp, copy=False)
    if x.ndim < 3 and (x.size == 1 or (x.size == 2 and x.shape != (2, 1))):
        x = x.ravel()
        x = x[[0, 0]] if x.size == 1 else x
    if as_index and x.size and x.min() < 0:
        raise ValueError("index can't contain negative values")
    return numpy.broadcast_to(x, (ndim, 2)).tolist()


_PAD_KWARGS = {
    "empty": (), "edge": (), "wrap": (), "constant": ("constant_values",),
    "linear_ramp": ("end_values",), "maximum": ("stat_length",), "mean": ("stat_length",),
    "median": ("stat_length",), "minimum": ("stat_length",), "reflect": ("reflect_type",),
    "symmetric": ("reflect_type",),
}


def _widths(pad_width, ndim):
    if isinstance(pad_width, dict):
        seq = [(0, 0)] * ndim
        for ax, width in pad_width.items():
            seq[ax] = (width, width) if isinstance(width, int) else tuple(width)
        pad_width = seq
    pad_width = numpy.asarray(pad_width)
    if pad_width.dtype.kind != "i":
        raise TypeError("`pad_width` must be of integral type.")
    return _pairs(pad_width, ndim, as_index=True)


def _at(ndim, axis, sl):
    return axis_slice(ndim, axis, sl)


def _set_sides(roi, axis, widths, values):
    """The two pad areas of roi along axis set to values (broadcast)."""
    before, after = widths
    n = roi.shape[axis]
    if before:
        roi[_at(roi.ndim, axis, slice(0, before))] = values[0]
    if after:
        roi[_at(roi.ndim, axis, slice(n - after, n))] = values[1]


def _edges(roi, axis, widths):
    n = roi.shape[axis]
    return (roi[_at(roi.ndim, axis, slice(widths[0], widths[0] + 1))],
            roi[_at(roi.ndim, axis, slice(n - widths[1] - 1, n - widths[1]))])


def _ramps(roi, axis, widths, ends):
    from tessera.numpy._creation import linspace  # noqa: PLC0415

    def ramp(end, edge, width):
        if roi.ndim == 1:  # a (1,)-shaped stop keeps linspace on NumPy's array algorithm
            return linspace(end, edge, width, endpoint=False, dtype=roi.dtype).reshape(width)
        return linspace(end, edge.squeeze(axis), width, endpoint=False, dtype=roi.dtype,
                        axis=axis)

    ramps = [ramp(end, edge, width)
             for end, edge, width in zip(ends, _edges(roi, axis, widths), widths, strict=True)]
    return ramps[0], ramps[1][_at(roi.ndim, axis, slice(None, None, -1))]


def _stats(roi, axis, widths, lengths, mode):
    import tessera.numpy as tnp  # noqa: PLC0415 - resolved at call time (median may be native)

    func = {"maximum": tnp.amax, "minimum": tnp.amin, "mean": tnp.mean,
            "median": tnp.median}[mode]
    lo, hi = widths[0], roi.shape[axis] - widths[1]
    most = hi - lo
    left, right = (most if n is None or n > most else n for n in lengths)
    if (left == 0 or right == 0) and mode in ("maximum", "minimum"):
        raise ValueError("stat_length of 0 yields no value for padding")

    def stat(sl):
        v = func(roi[_at(roi.ndim, axis, sl)], axis=axis, keepdims=True)
        if roi.dtype.kind in "iu" and v.dtype.kind not in "iub":
            v = tnp.rint(v)  # NumPy rounds (half to even) before casting to integers
        return v

    first = stat(slice(lo, lo + left))
    if left == right == most:
        return first, first
    return first, stat(slice(hi - right, hi))


def _reflect_step(roi, axis, widths, odd, period, include_edge):
    """One round of NumPy's iterative reflection; the widths still to fill."""
    left, right = widths
    nd = roi.ndim
    n = roi.shape[axis]
    filled = n - left - right
    if include_edge:
        chunk_max = filled // period * period
        offset = 1
    else:
        chunk_max = (filled - 1) // (period - 1) * (period - 1)
        offset = 0
    if left > 0:
        k = min(chunk_max, left)
        stop = left - offset
        chunk = roi[_at(nd, axis, slice(stop + k, stop, -1))]
        if odd:
            chunk = 2 * roi[_at(nd, axis, slice(left, left + 1))] - chunk
        roi[_at(nd, axis, slice(left - k, left))] = chunk
        left -= k
    if right > 0:
        k = min(chunk_max, right)
        start = n - right + offset - 2  # the source runs backwards from here
        chunk = roi[_at(nd, axis, slice(start, start - k if start - k >= 0 else None, -1))]
        if odd:
            chunk = 2 * roi[_at(nd, axis, slice(n - right - 1, n - right))] - chunk
        roi[_at(nd, axis, slice(n - right, n - right + k))] = chunk
        right -= k
    return left, right


def _wrap_step(roi, axis, widths, period0):
    """One round of NumPy's iterative wrapping; the widths still to fill."""
    left, right = widths
    nd = roi.ndim
    n = roi.shape[axis]
    period = (n - left - right) // period0 * period0
    new_left = new_right = 0
    if left > 0:
        end = left + period
        chunk = roi[_at(nd, axis, slice(end - min(period, left), end))]
        if left > period:
            roi[_at(nd, axis, slice(left - period, left))] = chunk
            new_left = left - period
        else:
            roi[_at(nd, axis, slice(0, left))] = chunk
    if right > 0:
        start = n - right - period
        chunk = roi[_at(nd, axis, slice(start, start + min(period, right)))]
        if right > period:
            roi[_at(nd, axis, slice(n - right, n - right + period))] = chunk
            new_right = right - period
        else:
            roi[_at(nd, axis, slice(n - right, n))] = chunk
    return new_left, new_right


def pad(array, pad_width, mode="constant", **kwargs):
    """numpy.pad: every named mode runs natively (slice assignments into the result, in
    NumPy's order, so wide reflections repeat as NumPy's do); a callable mode via NumPy."""
    if callable(mode):
        warn_fallback("pad")
        return call_numpy(numpy.pad, (array, pad_width, mode), kwargs)
    a = asarray(array)
    widths = _widths(pad_width, a.ndim)
    if mode not in _PAD_KWARGS:
        raise ValueError(f"mode '{mode}' is not supported")
    extra = set(kwargs) - set(_PAD_KWARGS[mode])
    if extra:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {extra}")
    shape = tuple(n + b + e for n, (b, e) in zip(a.shape, widths, strict=True))
    result = empty(shape, a.dtype)
    inner = tuple(slice(b, b + n) for n, (b, _) in zip(a.shape, widths, strict=True))
    result[inner] = a
    if mode == "empty":
        return result

    def roi(ax):  # padded along the axes before ax, the original extent after it
        return result[(slice(None),) * (ax + 1) + inner[ax + 1:]]

    if mode == "constant":
        values = kwargs.get("constant_values", 0)
        if isinstance(values, ndarray):
            values = values.to_numpy()
        for ax, (w, v) in enumerate(zip(widths, _pairs(values, a.ndim), strict=True)):
            _set_sides(roi(ax), ax, w, v)
        return result
    if a.size == 0:
        for ax, (before, after) in enumerate(widths):
            if a.shape[ax] == 0 and (before or after):
                raise ValueError(f"can't extend empty axis {ax} using modes other than "
                                 "'constant' or 'empty'")
        return result
    if mode == "edge":
        for ax, w in enumerate(widths):
            r = roi(ax)
            _set_sides(r, ax, w, _edges(r, ax, w))
    elif mode == "linear_ramp":
        ends = kwargs.get("end_values", 0)
        if isinstance(ends, ndarray):
            ends = ends.to_numpy()
        for ax, (w, e) in enumerate(zip(widths, _pairs(ends, a.ndim), strict=True)):
            r = roi(ax)
            _set_sides(r, ax, w, _ramps(r, ax, w, e))
    elif mode in ("maximum", "minimum", "mean", "median"):
        lengths = _pairs(kwargs.get("stat_length"), a.ndim, as_index=True)
        for ax, (w, n) in enumerate(zip(widths, lengths, strict=True)):
            if w[0] or w[1]:
                r = roi(ax)
                _set_sides(r, ax, w, _stats(r, ax, w, n, mode))
    elif mode in ("reflect", "symmetric"):
        odd = kwargs.get("reflect_type", "even") == "odd"
        for ax, w in enumerate(widths):
            r = roi(ax)
            if a.shape[ax] == 1 and (w[0] or w[1]):  # NumPy's legacy: a singleton is edge-padded
                _set_sides(result, ax, w, _edges(result, ax, w))
                continue
            while w[0] > 0 or w[1] > 0:
                w = _reflect_step(r, ax, w, odd, a.shape[ax], mode == "symmetric")
    else:  # wrap
        for ax, w in enumerate(widths):
            r = roi(ax)
            while w[0] > 0 or w[1] > 0:
                w = _wrap_step(r, ax, w, a.shape[ax])
    return result


# ----------------------------------------------------------------------------- grids


# NumPy before 2.5 returns sparse, uncopied grids as a list; 2.5 returns a tuple: as the NumPy
# installed beside tessera does.
_SPARSE_VIEWS_AS_LIST = isinstance(numpy.meshgrid([0], sparse=True, copy=False), list)


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """numpy.meshgrid: reshaped views, broadcast (and copied unless copy=False)."""
    ndim = len(xi)
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    ones = (1,) * ndim
    output = [asanyarray(x).reshape(ones[:i] + (-1,) + ones[i + 1:]) for i, x in enumerate(xi)]
    if indexing == "xy" and ndim > 1:
        output[0] = output[0].reshape((1, -1) + ones[2:])
        output[1] = output[1].reshape((-1, 1) + ones[2:])
    if not sparse:
        output = broadcast_arrays(*output)
    if copy:
        output = tuple(x.copy() for x in output)
    return output if _SPARSE_VIEWS_AS_LIST else tuple(output)


def indices(dimensions, dtype=int, sparse=False):
    """numpy.indices: aranges reshaped along each axis (broadcast into one array if dense)."""
    dimensions = tuple(operator.index(d) for d in dimensions)
    n = len(dimensions)
    ones = (1,) * n
    res = () if sparse else empty((n, *dimensions), dtype)
    for i, dim in enumerate(dimensions):
        idx = arange(dim, dtype=dtype).reshape(ones[:i] + (dim,) + ones[i + 1:])
        if sparse:
            res = (*res, idx)
        else:
            res[i] = idx
    return res


def tri(N, M=None, k=0, dtype=float, *, like=None):
    """numpy.tri: ones at and below the k-th diagonal."""
    if M is None:
        M = N
    mask = arange(N)[:, None] >= arange(-k, M - k)[None, :]
    return mask.astype(dtype)


def vander(x, N=None, increasing=False):
    """numpy.vander: columns of powers, each one multiply of the previous (as NumPy does)."""
    x = asarray(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    if N is None:
        N = x.shape[0]
    v = empty((x.shape[0], N), dtype=numpy.promote_types(x.dtype, int))
    tmp = v if increasing else v[:, ::-1]
    if N > 0:
        tmp[:, 0] = 1
    if N > 1:
        tmp[:, 1] = x
    for j in range(2, N):
        tmp[:, j] = tmp[:, j - 1] * x
    return v


# ----------------------------------------------------------------------------- insert, delete


def _is_index(obj):
    return isinstance(obj, (int, numpy.integer)) and not isinstance(obj, (bool, numpy.bool_))


def _flat_axis(arr, axis):
    """NumPy's insert/delete convention: axis=None works on the flattened array."""
    if axis is None:
        arr = arr.reshape(-1) if arr.ndim != 1 else arr
        return arr, arr.ndim - 1
    return arr, normalize_axis_index(axis, arr.ndim)


def delete(arr, obj, axis=None):
    """numpy.delete: an int or a slice runs as slice copies; index arrays and masks via NumPy."""
    if not (_is_index(obj) or isinstance(obj, slice)):
        warn_fallback("delete")
        return call_numpy(numpy.delete, (arr, obj), {"axis": axis})
    arr, axis = _flat_axis(asarray(arr), axis)
    nd, n = arr.ndim, arr.shape[axis]

    def at(piece):
        return axis_slice(nd, axis, piece)

    if isinstance(obj, slice):
        picked = range(*obj.indices(n))
        gone = len(picked)
        if gone <= 0:
            return arr.copy()
        start, stop, step = (picked[0], picked[-1] + 1, picked.step) if picked.step > 0 else (
            picked[-1], picked[0] + 1, -picked.step)
    else:
        if obj < -n or obj >= n:
            raise IndexError(f"index {obj} is out of bounds for axis {axis} with size {n}")
        start = obj + n if obj < 0 else int(obj)
        stop, step, gone = start + 1, 1, 1
    new = empty(arr.shape[:axis] + (n - gone,) + arr.shape[axis + 1:], arr.dtype)
    if start:
        new[at(slice(None, start))] = arr[at(slice(None, start))]
    if stop != n:
        new[at(slice(stop - gone, None))] = arr[at(slice(stop, None))]
    if step > 1 and gone > 1:  # the kept elements between the deleted ones
        if step - 1 <= gone - 1:  # one copy per position within a step
            for o in range(1, step):
                first = start + o - 1
                new[at(slice(first, first + (gone - 1) * (step - 1), step - 1))] = \
                    arr[at(slice(start + o, stop, step))]
        else:  # one copy per run between two deleted elements
            for k in range(gone - 1):
                new[at(slice(start + k * (step - 1), start + (k + 1) * (step - 1)))] = \
                    arr[at(slice(start + k * step + 1, start + (k + 1) * step))]
    return new


def insert(arr, obj, values, axis=None):
    """numpy.insert: one position (an int, or a slice of one) runs as three slice copies; other
    positions via NumPy."""
    tarr = asarray(arr)
    if isinstance(obj, slice):
        flat, ax = _flat_axis(tarr, axis)
        picked = range(*obj.indices(flat.shape[ax]))
        single = len(picked) == 1
    else:
        single = _is_index(obj)
    if not single:
        warn_fallback("insert")
        return call_numpy(numpy.insert, (arr, obj, values), {"axis": axis})
    arr, axis = _flat_axis(tarr, axis)
    nd, n = arr.ndim, arr.shape[axis]
    if isinstance(obj, slice):
        index = picked[0]
    else:
        if obj < -n or obj > n:
            raise IndexError(f"index {obj} is out of bounds for axis {axis} with size {n}")
        index = obj + n if obj < 0 else int(obj)
    if isinstance(values, ndarray):
        values = values.astype(arr.dtype) if values.dtype != arr.dtype else values
    else:
        values = asarray(numpy.array(values, dtype=arr.dtype))
    if values.ndim < nd:
        values = values.reshape((1,) * (nd - values.ndim) + values.shape)
    if not isinstance(obj, slice):
        values = moveaxis(values, 0, axis)
    added = values.shape[axis]
    new = empty(arr.shape[:axis] + (n + added,) + arr.shape[axis + 1:], arr.dtype)
    new[axis_slice(nd, axis, slice(None, index))] = arr[axis_slice(nd, axis, slice(None, index))]
    new[axis_slice(nd, axis, slice(index, index + added))] = values
    new[axis_slice(nd, axis, slice(index + added, None))] = arr[axis_slice(nd, axis,
                                                                           slice(index, None))]
    return new
