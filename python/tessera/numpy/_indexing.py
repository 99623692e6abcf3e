"""Indexing routines (NumPy reference section of that name) on the runtime's gather, scatter
and compaction tasks: take, compress, extract, put, putmask, place, nonzero, flatnonzero,
argwhere; and the advanced-index cases of ndarray.__getitem__/__setitem__ they cover.

Runs natively: one integer-array index on one axis, combined with slices and Ellipsis
(``a[idx]``, ``a[:, idx]``, ``a[..., idx, :]``), and one boolean mask as the first index
(``a[mask]``, ``a[mask, 1:]``), both for reading and for assignment. Everything else (several
advanced indices broadcast together, integers or None next to an array, 0-d masks) returns
None from `getitem`/`setitem`, and the caller runs it through NumPy.
"""

import builtins
import math
import operator

import numpy

from tessera import _core
from tessera.numpy._creation import asarray
from tessera.numpy._interop import fallback_function, ndarray

__all__ = ["argwhere", "compress", "extract", "flatnonzero", "nonzero", "place", "put",
           "put_along_axis", "putmask", "take", "take_along_axis"]

_take_numpy = fallback_function(numpy.take, "take")
_put_numpy = fallback_function(numpy.put, "put")
_compress_numpy = fallback_function(numpy.compress, "compress")
_putmask_numpy = fallback_function(numpy.putmask, "putmask")
_place_numpy = fallback_function(numpy.place, "place")
_put_along_axis_numpy = fallback_function(numpy.put_along_axis, "put_along_axis")


def _normalize_axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise numpy.exceptions.AxisError(axis, ndim)
    return axis % ndim


def _index_array(indices, cast):
    """An integer index array (tessera or NumPy); None when it is not one."""
    if not isinstance(indices, (ndarray, numpy.ndarray)):
        indices = numpy.asarray(indices)
        if indices.size == 0 and indices.dtype.kind == "f":
            indices = indices.astype(numpy.int64)  # [] indexes like an empty integer array
    kind = indices.dtype.kind
    if kind == "i" or (kind == "u" and (indices.dtype.itemsize < 8 or cast == "unsafe")):
        return indices
    return None


def _ravel(a):
    return _core.reshape(a, (math.prod(a.shape),))


# ----------------------------------------------------------------------------- routines


def take(a, indices, axis=None, out=None, mode="raise"):
    """numpy.take: elements of `a` at `indices` along `axis` (of the flattened array if None)."""
    if out is not None or mode != "raise":
        return _take_numpy(a, indices, axis=axis, out=out, mode=mode)
    a = asarray(a)
    idx = _index_array(indices, "safe")
    if idx is None:
        return _take_numpy(a, indices, axis=axis)
    if axis is None:
        return _core.take(_ravel(a), idx, 0)
    if a.ndim == 0:
        return _take_numpy(a, indices, axis=axis)
    return _core.take(a, idx, _normalize_axis(axis, a.ndim))


def flatnonzero(a):
    """numpy.flatnonzero: the indices of the nonzero elements of the flattened array."""
    return _core.flatnonzero(_ravel(asarray(a)))


def _unravel(flat, shape):
    """Per dimension, the coordinates of C-order flat indices (int64)."""
    if math.prod(shape) == 0:
        return [flat.copy() for _ in shape]
    return [(flat // math.prod(shape[d + 1:])) % n for d, n in enumerate(shape)]


def nonzero(a):
    """numpy.nonzero: a tuple of index arrays, one per dimension."""
    a = asarray(a)
    if a.ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar)"
                         ".nonzero() instead. If the context of this error is of the form "
                         "`arr[nonzero(cond)]`, just use `arr[cond]`.")
    flat = _core.flatnonzero(a)
    if a.ndim == 1:
        return (flat,)
    return tuple(_unravel(flat, a.shape))


def argwhere(a):
    """numpy.argwhere: the indices of nonzero elements, one row each."""
    a = asarray(a)
    if a.ndim == 0:
        flat = _core.flatnonzero(_ravel(a))
        return _core.reshape(flat, (flat.shape[0], 1))[:, :0]
    flat = _core.reshape(_core.flatnonzero(a), (-1, 1))
    shape = a.shape
    strides = [math.prod(shape[d + 1:]) for d in range(len(shape))]
    return (flat // asarray(numpy.array(strides, dtype=numpy.int64)).reshape(1, -1)) % asarray(
        numpy.array(shape, dtype=numpy.int64)).reshape(1, -1)


def _mask_1d(condition):
    cond = asarray(condition)
    if cond.ndim != 1:
        raise ValueError("condition must be a 1-d array")
    return cond


def compress(condition, a, axis=None, out=None):
    """numpy.compress: the slices of `a` along `axis` where `condition` is true."""
    if out is not None:
        return _compress_numpy(condition, a, axis=axis, out=out)
    a = asarray(a)
    cond = _mask_1d(condition)
    idx = _core.flatnonzero(cond)
    if axis is None:
        return _core.take(_ravel(a), idx, 0)
    if a.ndim == 0:
        return _compress_numpy(condition, a, axis=axis)
    return _core.take(a, idx, _normalize_axis(axis, a.ndim))


def extract(condition, arr):
    """numpy.extract: the elements of `arr` where `condition` (flattened) is nonzero."""
    arr = asarray(arr)
    return _core.take(_ravel(arr), _core.flatnonzero(_ravel(asarray(condition))), 0)


def _flat_view(a):
    """A 1-d view of a tessera array, or None when its layout has none."""
    if not isinstance(a, ndarray):
        return None
    shape = (math.prod(a.shape),)
    return _core.reshape(a, shape) if _core.reshape_is_view(a, shape) else None


def _cycled(values, n, dtype):
    """values flattened, in `dtype`, repeated or cut to n elements (put/putmask/place)."""
    v = asarray(values)
    if v.dtype != dtype:
        v = v.astype(dtype)
    v = _ravel(v)
    if v.shape[0] == n:
        return v
    return _core.take(v, numpy.arange(n, dtype=numpy.int64) % v.shape[0], 0)


def put(a, ind, v, mode="raise"):
    """numpy.put: a.flat[ind] = v, v repeated as needed; duplicate indices: the last wins."""
    flat = _flat_view(a)
    idx = _index_array(ind, "safe")
    if mode != "raise" or flat is None or idx is None:
        return _put_numpy(a, ind, v, mode=mode)
    idx = _ravel(asarray(idx))
    n = idx.shape[0]
    if n == 0 or asarray(v).size == 0:
        return None
    _core.put_along(flat, idx, 0, _cycled(v, n, a.dtype))
    return None


def putmask(a, mask, values):
    """numpy.putmask: a.flat[i] = values.flat[i % len(values)] where mask is true."""
    flat = _flat_view(a)
    mask_t = asarray(mask)
    if flat is None or mask_t.size != a.size:
        return _putmask_numpy(a, mask, values)
    values = asarray(values)
    if values.size == 0:
        return None
    idx = _core.flatnonzero(_ravel(mask_t))
    if idx.shape[0] == 0:
        return None
    src = _ravel(values.astype(a.dtype) if values.dtype != a.dtype else values)
    vals = _core.take(src, idx % src.shape[0], 0)
    _core.put_along(flat, idx, 0, vals)
    return None


def place(arr, mask, vals):
    """numpy.place: the k-th true position of mask gets vals.flat[k % len(vals)]."""
    flat = _flat_view(arr)
    mask_t = asarray(mask)
    if flat is None or mask_t.size != arr.size:
        return _place_numpy(arr, mask, vals)
    idx = _core.flatnonzero(_ravel(mask_t))
    n = idx.shape[0]
    if n == 0:
        return None
    if asarray(vals).size == 0:
        raise ValueError("Cannot insert from an empty array!")
    _core.put_along(flat, idx, 0, _cycled(vals, n, arr.dtype))
    return None


def _along_axis(arr, indices, axis):
    """(arr, flat C-order indices into arr of the result's shape) for *_along_axis."""
    if indices.dtype.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        arr, axis = _ravel(arr), 0
    elif arr.ndim != indices.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    axis = _normalize_axis(axis, arr.ndim)
    shape = tuple(arr.shape)
    n = shape[axis]
    # Gathering from 0..n-1 checks the indices (IndexError) and wraps negative ones.
    span = _core.arange(n, 0, 1, numpy.dtype(numpy.int64))
    wrapped = _core.reshape(_core.take(span, _ravel(indices), 0), indices.shape)
    other = shape[:axis] + (1,) + shape[axis + 1:]
    out_shape = numpy.broadcast_shapes(other, tuple(indices.shape))
    out_shape = out_shape[:axis] + (indices.shape[axis],) + out_shape[axis + 1:]
    flat = wrapped * math.prod(shape[axis + 1:])
    for d, size in enumerate(shape):
        if d != axis and size > 1:
            coord = _core.reshape(_core.arange(size, 0, 1, numpy.dtype(numpy.int64)),
                                  (1,) * d + (size,) + (1,) * (len(shape) - d - 1))
            flat = flat + coord * math.prod(shape[d + 1:])
    return arr, _core.broadcast_to(flat, out_shape)


def take_along_axis(arr, indices, axis=-1):
    """numpy.take_along_axis: arr[..., indices[..., j, ...], ...] along `axis`."""
    arr, flat = _along_axis(asarray(arr), asarray(indices), axis)
    return _core.take(_ravel(arr), flat, 0)


def put_along_axis(arr, indices, values, axis):
    """numpy.put_along_axis: the scatter counterpart of take_along_axis (the last write wins)."""
    target = _flat_view(arr)
    if target is None:
        return _put_along_axis_numpy(arr, indices, values, axis)
    _, flat = _along_axis(arr, asarray(indices), axis)
    if flat.size == 0:
        return None
    values = asarray(values)
    if values.dtype != arr.dtype:
        values = values.astype(arr.dtype)
    _core.put_along(target, flat, 0, values)
    return None


# ----------------------------------------------------------------------------- __getitem__


def _is_array_item(item):
    if isinstance(item, (bool, numpy.bool_)):
        return True
    if isinstance(item, (ndarray, numpy.ndarray)):
        return item.ndim > 0 or item.dtype.kind == "b"
    return isinstance(item, (list, tuple))


def _plan(self, key):
    """(items, position, index array, axis) for one array index among slices/Ellipsis, or None."""
    items = key if type(key) is tuple else (key,)
    pos = None
    for i, item in enumerate(items):
        if _is_array_item(item):
            if pos is not None:
                return None
            pos = i
        elif not (isinstance(item, slice) or item is Ellipsis):
            return None
    if pos is None or builtins.sum(item is Ellipsis for item in items) > 1:
        return None
    item = items[pos]
    if isinstance(item, (bool, numpy.bool_)):
        return None
    if not isinstance(item, (ndarray, numpy.ndarray)):
        try:
            item = numpy.asarray(item)
        except (ValueError, TypeError):
            return None
        if item.dtype.kind == "f" and item.size == 0:
            item = item.astype(numpy.int64)
    if item.dtype.kind not in "iub":
        return None
    ndim_used = builtins.sum(item is not Ellipsis for item in items)
    if item.dtype.kind == "b":
        ndim_used += item.ndim - 1
        if pos != 0 or item.ndim == 0:
            return None
    if ndim_used > self.ndim:
        return None
    axis = 0
    for it in items[:pos]:
        axis += self.ndim - ndim_used if it is Ellipsis else 1
    return items, pos, item, axis


def _mask_indices(self, mask):
    """flatnonzero of a leading-dims mask, after NumPy's shape check."""
    for d in range(mask.ndim):
        if mask.shape[d] != self.shape[d]:
            raise IndexError(
                f"boolean index did not match indexed array along axis {d}; size of axis is "
                f"{self.shape[d]} but size of corresponding boolean axis is {mask.shape[d]}")
    return _core.flatnonzero(_ravel(asarray(mask)))


def getitem(self, key, core_getitem):
    """self[key] on the runtime, or None when the key needs the NumPy path."""
    plan = _plan(self, key)
    if plan is None:
        return None
    items, pos, arr, axis = plan
    rest = items[pos + 1:]
    if arr.dtype.kind == "b":
        idx = _mask_indices(self, arr)
        lead = math.prod(self.shape[:arr.ndim])
        flat = _core.reshape(self, (lead,) + tuple(self.shape[arr.ndim:]))
        out = _core.take(flat, idx, 0)
        return core_getitem(out, (slice(None),) + rest) if rest else out
    view = core_getitem(self, items[:pos] + (slice(None),) + rest)
    return _core.take(view, arr, axis)


def setitem(self, key, value, core_getitem):
    """self[key] = value on the runtime; False when the key needs the NumPy path."""
    plan = _plan(self, key)
    if plan is None:
        return False
    items, pos, arr, axis = plan
    rest = items[pos + 1:]
    if isinstance(value, (bool, int, float, complex)):
        value = numpy.asarray(value, dtype=self.dtype)  # NumPy's overflow checks
    value = asarray(value)
    if arr.dtype.kind == "b":
        lead = math.prod(self.shape[:arr.ndim])
        shape = (lead,) + tuple(self.shape[arr.ndim:])
        if not _core.reshape_is_view(self, shape):
            return False
        idx = _mask_indices(self, arr)
        target, arr, axis = _core.reshape(self, shape), idx, 0
        if rest:
            target = core_getitem(target, (slice(None),) + rest)
    else:
        target = core_getitem(self, items[:pos] + (slice(None),) + rest)
    # NumPy drops leading length-1 dims of the value beyond the indexing result's rank.
    result_ndim = target.ndim - 1 + arr.ndim
    while value.ndim > result_ndim and value.shape[0] == 1:
        value = core_getitem(value, 0)
    if value.ndim > result_ndim:
        shape = tuple(target.shape[:axis]) + tuple(arr.shape) + tuple(target.shape[axis + 1:])
        raise ValueError(f"shape mismatch: value array of shape {value.shape} could not be "
                         f"broadcast to indexing result of shape {shape}")
    _core.put_along(target, arr, axis, value)
    return True
