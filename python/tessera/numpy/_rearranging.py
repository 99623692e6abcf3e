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
    x = numpy.asarray(x)
    if as_index:
        if x.dtype.kind not in "iu":
            raise TypeError("`pad_width` must be of integral type.")
        if (x < 0).any():
            raise ValueError("index can't contain negative values")
    if x.ndim < 3 and x.size in (1, 2):
        x = x.ravel()
    return numpy.broadcast_to(x, (ndim, 2)).tolist()


def pad(array, pad_width, mode="constant", **kwargs):
    """numpy.pad: 'constant' and 'edge' run natively (slice assignments); others via NumPy."""
    native = (mode == "constant" and set(kwargs) <= {"constant_values"}) or (
        mode == "edge" and not kwargs)
    if not native:
        warn_fallback("pad")
        return call_numpy(numpy.pad, (array, pad_width, mode), kwargs)
    a = asarray(array)
    widths = _pairs(pad_width, a.ndim, as_index=True)
    shape = tuple(n + b + e for n, (b, e) in zip(a.shape, widths, strict=True))
    result = empty(shape, a.dtype)
    result[tuple(slice(b, b + n) for n, (b, _) in zip(a.shape, widths, strict=True))] = a
    if mode == "constant":
        values = kwargs.get("constant_values", 0)
        if isinstance(values, ndarray):
            values = values.to_numpy()
        values = _pairs(values, a.ndim)
    for ax, (before, after) in enumerate(widths):
        if mode == "edge" and a.shape[ax] == 0 and (before or after):
            raise ValueError(f"can't extend empty axis {ax} using modes other than 'constant' "
                             "or 'empty'")
        end = shape[ax]
        if mode == "constant":
            fill = values[ax]
        else:
            fill = (result[axis_slice(a.ndim, ax, slice(before, before + 1))],
                    result[axis_slice(a.ndim, ax, slice(end - after - 1, end - after))])
        if before:
            result[axis_slice(a.ndim, ax, slice(0, before))] = fill[0]
        if after:
            result[axis_slice(a.ndim, ax, slice(end - after, end))] = fill[1]
    return result


# ----------------------------------------------------------------------------- grids


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
    return output


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
