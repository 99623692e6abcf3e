"""Indexing routines (NumPy reference section of that name) on the runtime's gather, scatter
and compaction tasks: take, compress, extract, put, putmask, place, nonzero, flatnonzero,
argwhere, choose, select; and the advanced-index cases of ndarray.__getitem__/__setitem__.

Every advanced key runs natively, reading and assigning. One integer array among slices and
Ellipsis, and one leading boolean mask, take the short paths (`_plan`). Any other mix of
integer arrays, masks, integers, None, slices and Ellipsis takes the general path: the basic
part is applied as a view, each advanced item becomes a flat index into its axes (a mask:
flatnonzero; a 0-d bool: a new length-1 axis), the advanced axes are moved together (in place
when the advanced items are adjacent in the key, else first: NumPy's rule) and merged into one
axis, and the broadcast flat index gathers or scatters along it. Layouts that cannot merge as
a view are copied (reading) or staged in a copy and written back (assigning). Only ragged
index sequences go to NumPy (`getitem` returns None, `setitem` False), which raises its error.
"""

import builtins
import math
import operator

import numpy

from tessera import _core
from tessera.numpy._creation import asarray
from tessera.numpy._interop import fallback_function, ndarray

__all__ = ["argwhere", "choose", "compress", "extract", "flatnonzero", "nonzero", "place", "put",
           "put_along_axis", "putmask", "select", "take", "take_along_axis"]

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
    for d in range(mask.ndim):  # NumPy lets a mask's empty dims stand for any size
        if mask.shape[d] != self.shape[d] and mask.shape[d] != 0:
            raise IndexError(
                f"boolean index did not match indexed array along axis {d}; size of axis is "
                f"{self.shape[d]} but size of corresponding boolean axis is {mask.shape[d]}")
    return _core.flatnonzero(_ravel(asarray(mask)))


def getitem(self, key, core_getitem):
    """self[key] on the runtime, or None when the key needs the NumPy path."""
    plan = _plan(self, key)
    if plan is None:
        return general_getitem(self, key, core_getitem)
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
        return general_setitem(self, key, value, core_getitem)
    items, pos, arr, axis = plan
    rest = items[pos + 1:]
    if isinstance(value, (bool, int, float, complex)):
        value = numpy.asarray(value, dtype=self.dtype)  # NumPy's overflow checks
    value = asarray(value)
    if arr.dtype.kind == "b":
        lead = math.prod(self.shape[:arr.ndim])
        shape = (lead,) + tuple(self.shape[arr.ndim:])
        if not _core.reshape_is_view(self, shape):
            return general_setitem(self, key, value, core_getitem)
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


# ----------------------------------------------------------------------------- general keys
#
# Any mix of integer arrays, boolean masks, integers, slices, None and Ellipsis. The basic
# part (slices, None, Ellipsis and the integers) is applied first as a view, keeping one view
# axis per advanced axis. Each advanced item (an integer array on one axis, a k-d mask on k
# axes, a 0-d bool on a new length-1 axis) becomes a flat index into its axes; the advanced
# axes are moved together (in place when the advanced items are adjacent in the key, else to
# the front, NumPy's rule) and reshaped into one axis, and the broadcast flat indices
# (multiplied by the axis strides in elements and added) gather or scatter along it.

_ONLY_VALID = ("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
               "integer or boolean arrays are valid indices")


def _classify(item):
    """(kind, payload): kind is 'basic', 'int', 'bool0', 'mask' or 'array'."""
    if item is None or item is Ellipsis or isinstance(item, slice):
        return "basic", item
    if isinstance(item, (bool, numpy.bool_)):
        return "bool0", bool(item)
    if isinstance(item, (int, numpy.integer)):
        return "int", int(item)
    if isinstance(item, (ndarray, numpy.ndarray)):
        arr = item
    elif isinstance(item, (list, tuple)):
        arr = numpy.asarray(item)  # ragged lists raise NumPy's ValueError here
        if arr.size == 0 and arr.dtype.kind == "f":
            arr = arr.astype(numpy.int64)
    else:
        try:
            return "int", operator.index(item)
        except TypeError:
            raise IndexError(_ONLY_VALID) from None
    kind = arr.dtype.kind
    if kind == "b":
        if arr.ndim == 0:
            return "bool0", bool(arr.item() if isinstance(arr, numpy.ndarray) else arr.item())
        return "mask", arr
    if kind not in "iu":
        raise IndexError(_ONLY_VALID)
    if arr.ndim == 0:
        return "int", int(arr.item())
    return "array", arr


def _host_wrap(idx, n, axis):
    """A host integer index array checked against an axis of size n, negatives wrapped."""
    idx = numpy.asarray(idx)
    if idx.dtype != _INT64:
        if idx.dtype.kind == "u" and idx.size and idx.max() > numpy.iinfo(numpy.int64).max:
            raise IndexError(f"index {idx.max()} is out of bounds for axis {axis} with size {n}")
        idx = idx.astype(numpy.int64)
    if idx.size:
        lo, hi = idx.min(), idx.max()
        if lo < -n or hi >= n:
            bad = ((idx < -n) | (idx >= n)).reshape(-1)
            v = idx.reshape(-1)[int(numpy.argmax(bad))]
            raise IndexError(f"index {v} is out of bounds for axis {axis} with size {n}")
        if lo < 0:
            idx = numpy.where(idx < 0, idx + n, idx)
    return idx


_INT64 = numpy.dtype(numpy.int64)


def _device_wrap(idx, n, axis):
    """The same for a tessera index array: a gather from 0..n-1 checks and wraps."""
    if idx.dtype != numpy.int64:
        idx = idx.astype(numpy.int64)
    span = _core.arange(n, 0, 1, numpy.dtype(numpy.int64))
    try:
        out = _core.take(span, _ravel(idx), 0)
    except IndexError as exc:
        raise IndexError(str(exc).replace("for axis 0 ", f"for axis {axis} ")) from None
    return _core.reshape(out, idx.shape)


def _general_plan(self, key):
    """(view key, groups, q, result of the checks) for any advanced key, or None.

    groups: list of (view axes, flat index array (host or tessera), group size)."""
    items = key if type(key) is tuple else (key,)
    try:
        classified = [_classify(item) for item in items]
    except ValueError:
        return None  # ragged sequences and the like: NumPy's own error
    ndim = self.ndim
    consumed = 0
    ellipses = 0
    for kind, p in classified:
        if kind == "mask":
            consumed += p.ndim
        elif kind in ("int", "array") or (kind == "basic" and isinstance(p, slice)):
            consumed += 1
        elif p is Ellipsis and kind == "basic":
            ellipses += 1
    if ellipses > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, but "
                         f"{consumed} were indexed")
    fill = ndim - consumed
    basic = []
    groups = []  # (view axes, kind, payload, original axis)
    adv_pos = []
    vax = 0  # view axis counter
    oax = 0  # original axis counter
    q = None
    for pos, (kind, p) in enumerate(classified):
        if kind != "basic":
            adv_pos.append(pos)
            if q is None:
                q = vax
        if kind == "basic":
            basic.append(p)
            if p is None:
                vax += 1
            elif p is Ellipsis:
                vax += fill
                oax += fill
            else:
                vax += 1
                oax += 1
        elif kind == "int":
            n = self.shape[oax]
            if not -n <= p < n:
                raise IndexError(f"index {p} is out of bounds for axis {oax} with size {n}")
            basic.append(p)
            oax += 1
        elif kind == "bool0":
            basic.append(None)
            groups.append(([vax], kind, p, None))
            vax += 1
        elif kind == "mask":
            basic.extend([slice(None)] * p.ndim)
            groups.append((list(range(vax, vax + p.ndim)), kind, p, oax))
            vax += p.ndim
            oax += p.ndim
        else:
            basic.append(slice(None))
            groups.append(([vax], kind, p, oax))
            vax += 1
            oax += 1
    if not adv_pos:
        return None
    if adv_pos[-1] - adv_pos[0] != len(adv_pos) - 1:
        q = 0  # separated advanced indices: the broadcast dims go first
    return tuple(basic), groups, q


def _group_indices(self, groups, view):
    """Per group: (view axes, flat index in the group, group size); and the broadcast shape."""
    out = []
    for axes, kind, p, oax in groups:
        sizes = [view.shape[a] for a in axes]
        if kind == "bool0":
            idx = numpy.zeros(1 if p else 0, dtype=numpy.int64)
        elif kind == "mask":
            for d in range(p.ndim):  # NumPy lets a mask's empty dims stand for any size
                if p.shape[d] != sizes[d] and p.shape[d] != 0:
                    raise IndexError(
                        f"boolean index did not match indexed array along axis {oax + d}; "
                        f"size of axis is {sizes[d]} but size of corresponding boolean axis "
                        f"is {p.shape[d]}")
            if isinstance(p, numpy.ndarray):
                idx = numpy.flatnonzero(p)
            else:
                idx = _core.flatnonzero(_ravel(p))
        else:
            idx = p  # checked and wrapped below, after the broadcast check (NumPy's order)
        out.append((axes, idx, math.prod(sizes)))
    shapes = [tuple(idx.shape) for _, idx, _ in out]
    try:
        bshape = numpy.broadcast_shapes(*shapes)
    except ValueError:
        shapes = [tuple(idx.shape) for (axes, idx, _), g in zip(out, groups, strict=True)
                  for _ in (axes if g[1] == "mask" else axes[:1])]
        text = " ".join("(" + ",".join(str(s) for s in sh) + ("," if len(sh) == 1 else "") + ")"
                        for sh in shapes)
        raise IndexError("shape mismatch: indexing arrays could not be broadcast together "
                         f"with shapes {text} ") from None
    if math.prod(bshape) == 0:  # NumPy checks no index when the result is empty
        return [(axes, _ravel(asarray(idx))[:0] if g[1] == "array" else idx, size)
                for (axes, idx, size), g in zip(out, groups, strict=True)], tuple(bshape)
    for i, ((axes, idx, size), g) in enumerate(zip(out, groups, strict=True)):
        if g[1] == "array":
            wrap = _host_wrap if isinstance(idx, numpy.ndarray) else _device_wrap
            out[i] = (axes, wrap(idx, size, g[3]), size)
    return out, tuple(bshape)


def _merged(view, groups, q):
    """(the view with the advanced axes merged into axis q, or None; the order used; the
    transposed view)."""
    adv = [a for axes, _, _ in groups for a in axes]
    rest = [a for a in range(view.ndim) if a not in adv]
    orders = [list(range(len(groups)))]
    if len(groups) > 1:
        strides = view.strides
        orders.append(sorted(orders[0], key=lambda g: -strides[groups[g][0][-1]]))
    for order in orders:
        axes = [a for g in order for a in groups[g][0]]
        perm = rest[:q] + axes + rest[q:]
        t = view if perm == list(range(view.ndim)) else _core.transpose(view, perm)
        n = math.prod(groups[g][2] for g in order)
        shape = tuple(t.shape[:q]) + (n,) + tuple(t.shape[q + len(axes):])
        if len(axes) == 1:
            return t, order, t
        if _core.reshape_is_view(t, shape):
            return _core.reshape(t, shape), order, t
    return None, order, t


def _flat_index(groups, order, bshape):
    """The broadcast flat index into the merged axis (host int64 or tessera)."""
    host = builtins.all(isinstance(groups[g][1], numpy.ndarray) for g in order)
    flat = None
    mult = 1
    for g in reversed(order):
        idx = groups[g][1]
        if not host and isinstance(idx, numpy.ndarray):
            idx = asarray(idx)
        term = idx * mult if mult != 1 else idx
        flat = term if flat is None else term + flat
        mult *= groups[g][2]
    if tuple(flat.shape) != bshape:
        flat = numpy.broadcast_to(flat, bshape) if host else _core.broadcast_to(flat, bshape)
    return flat


def general_getitem(self, key, core_getitem):
    """self[key] for any advanced key, or None when NumPy must answer."""
    plan = _general_plan(self, key)
    if plan is None:
        return None
    basic, groups, q = plan
    view = core_getitem(self, basic)
    if len(groups) == 1 and groups[0][1] == "array":
        return _single_get(view, groups[0], q)
    groups, bshape = _group_indices(self, groups, view)
    merged, order, t = _merged(view, groups, q)
    if merged is None:
        n = math.prod(g[2] for g in groups)
        nadv = builtins.sum(len(g[0]) for g in groups)
        merged = _core.reshape(_core.copy(t), tuple(t.shape[:q]) + (n,) +
                               tuple(t.shape[q + nadv:]))
    return _core.take(merged, _flat_index(groups, order, bshape), q)


def general_setitem(self, key, value, core_getitem):
    """self[key] = value for any advanced key; False when NumPy must answer."""
    plan = _general_plan(self, key)
    if plan is None:
        return False
    basic, groups, q = plan
    view = core_getitem(self, basic)
    if len(groups) == 1 and groups[0][1] == "array":
        _single_set(view, groups[0], q, value, self.dtype, core_getitem)
        return True
    groups, bshape = _group_indices(self, groups, view)
    merged, order, t = _merged(view, groups, q)
    staged = None
    if merged is None:  # no merged view: scatter into a copy, then write it back
        staged = _core.copy(t)
        n = math.prod(g[2] for g in groups)
        nadv = builtins.sum(len(g[0]) for g in groups)
        merged = _core.reshape(staged, tuple(t.shape[:q]) + (n,) + tuple(t.shape[q + nadv:]))
    value = _set_value(value, self.dtype)
    shape = tuple(merged.shape[:q]) + bshape + tuple(merged.shape[q + 1:])
    value = _fit_value(value, shape, core_getitem)
    flat = _flat_index(groups, order, bshape)
    if flat.size:
        _core.put_along(merged, flat, q, value)
    if staged is not None:
        t[...] = staged
    return True


def _axis_error(exc, ax, oax):
    """The gather's bounds message with the axis numbered as in the indexed array."""
    return IndexError(str(exc).replace(f"for axis {ax} ", f"for axis {oax} "))


def _to_front(x, ax, k):
    """x with its k axes from ax moved to the front (a view)."""
    if ax == 0:
        return x
    perm = list(range(ax, ax + k)) + list(range(ax)) + list(range(ax + k, x.ndim))
    return _core.transpose(x, perm)


def _single_get(view, group, q):
    """One integer array (with integers/None elsewhere): one gather along its axis."""
    (ax,), _, idx, oax = group
    try:
        out = _core.take(view, idx, ax)
    except IndexError as exc:
        raise _axis_error(exc, ax, oax) from None
    return out if q == ax else _to_front(out, ax, idx.ndim)


def _single_set(view, group, q, value, dtype, core_getitem):
    """The scatter counterpart of _single_get."""
    (ax,), _, idx, oax = group
    if q != ax:  # the broadcast dims go first: scatter into a view with the axis in front
        view, ax = _to_front(view, ax, 1), 0
    value = _set_value(value, dtype)
    shape = tuple(view.shape[:ax]) + tuple(idx.shape) + tuple(view.shape[ax + 1:])
    value = _fit_value(value, shape, core_getitem)
    try:
        _core.put_along(view, idx, ax, value)
    except IndexError as exc:
        raise _axis_error(exc, ax, oax) from None


def _set_value(value, dtype):
    if isinstance(value, (bool, int, float, complex)):
        value = numpy.asarray(value, dtype=dtype)  # NumPy's overflow checks
    return asarray(value)


def _fit_value(value, shape, core_getitem):
    """The value with NumPy's extra leading length-1 dims dropped, checked against shape."""
    while value.ndim > len(shape) and value.shape[0] == 1:
        value = core_getitem(value, 0)
    try:
        ok = numpy.broadcast_shapes(tuple(value.shape), shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"shape mismatch: value array of shape {tuple(value.shape)} could not "
                         f"be broadcast to indexing result of shape {shape}")
    return value


# ----------------------------------------------------------------------------- choose, select


def _weak_or_array(x):
    """What NumPy's result_type sees: Python scalars stay weak, tessera arrays by dtype."""
    if type(x) in (int, float, complex):
        return x
    return x.dtype if isinstance(x, ndarray) else numpy.asarray(x)


def _host_choice(c, dtype):
    """A host choice in the common dtype (Python scalars wrap around, as NumPy casts them)."""
    c = numpy.asarray(c)
    return asarray(c if c.dtype == dtype else c.astype(dtype))


def _choice_items(choices):
    if isinstance(choices, (ndarray, numpy.ndarray)):
        if choices.ndim == 0:
            raise ValueError("0-d arrays can't be used as choices")  # NumPy: not a sequence
        return [choices[i] for i in range(choices.shape[0])]
    return list(choices)


def choose(a, choices, out=None, mode="raise"):
    """numpy.choose: choices[a[i]][i] with a and every choice broadcast together."""
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    items = _choice_items(choices)
    n = len(items)
    if n == 0:
        raise ValueError("0-length sequence.")
    a = asarray(a)
    if not numpy.can_cast(a.dtype, numpy.intp, "safe"):
        raise TypeError(f"Cannot cast array data from {a.dtype!r} to "
                        f"{numpy.dtype(numpy.intp)!r} according to the rule 'safe'")
    try:
        dtype = numpy.result_type(*map(_weak_or_array, items))
    except TypeError as exc:
        raise TypeError(str(exc)) from None
    arrays = [c if isinstance(c, ndarray) else _host_choice(c, dtype) for c in items]
    shape = numpy.broadcast_shapes(tuple(a.shape), *(tuple(c.shape) for c in arrays))
    if a.dtype.kind == "b":
        a = a.astype(numpy.int64)
    if mode == "raise":
        if a.size and bool(((a < 0) | (a >= n)).any()):
            raise ValueError("invalid entry in choice array")
    elif mode == "wrap":
        a = a % n
    else:
        a = _core.clip(a, 0, n - 1)
    result = _core.broadcast_to(arrays[-1], shape)
    for i in range(n - 2, -1, -1):
        result = _core.where(a == i, arrays[i], result)
    if result.dtype != dtype:
        result = result.astype(dtype)
    elif n == 1:
        result = _core.copy(result)
    if tuple(result.shape) != shape:
        result = _core.copy(_core.broadcast_to(result, shape))
    if out is not None:
        if not isinstance(out, ndarray):
            raise TypeError("return arrays must be of ArrayType")
        if tuple(out.shape) != shape:
            raise ValueError("output array does not match result of ndarray.choose")
        out[...] = result
        return out
    return result


def select(condlist, choicelist, default=0):
    """numpy.select: per element, the choice of the first true condition, else default."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    choices = list(choicelist) + [default]
    try:
        dtype = numpy.result_type(*map(_weak_or_array, choices))
    except TypeError as exc:
        raise TypeError(f"Choicelist and default value do not have a common dtype: {exc}") \
            from None
    conds = [asarray(c) for c in condlist]
    choices = [c if isinstance(c, ndarray) else _host_choice(c, dtype) for c in choices]
    cshape = _broadcast_all([c.shape for c in conds])
    vshape = _broadcast_all([c.shape for c in choices])
    for i, c in enumerate(conds):
        if c.dtype != numpy.bool_:
            raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    shape = _broadcast_all([cshape, vshape])
    result = choices[-1]
    for cond, choice in zip(reversed(conds), reversed(choices[:-1]), strict=True):
        result = _core.where(cond, choice, result)
    if result.dtype != dtype:
        result = result.astype(dtype)
    if tuple(result.shape) != shape or result is choices[-1]:
        result = _core.copy(_core.broadcast_to(result, shape))
    return result


def _broadcast_all(shapes):
    shapes = [tuple(s) for s in shapes]
    try:
        return tuple(numpy.broadcast_shapes(*shapes))
    except ValueError:
        raise ValueError("shape mismatch: objects cannot be broadcast to a single shape. "
                         f" Mismatch is between shapes {' '.join(map(str, shapes))}.") from None
