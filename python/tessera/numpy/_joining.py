"""Joining and splitting arrays (NumPy reference: "Array manipulation routines": joining,
splitting, tiling; also diff and append).

Everything here is composed from tessera primitives and runs deferred: a join allocates the
result with NumPy's result dtype and assigns each input into its slice (one copy task each),
splits are views, tile and repeat broadcast a view and copy it once.
"""

import numpy
from numpy.lib.array_utils import normalize_axis_index

from tessera import _core
from tessera.numpy._creation import asanyarray, asarray, empty
from tessera.numpy._interop import call_numpy, ndarray
from tessera.numpy._manipulation import atleast_1d, atleast_2d, atleast_3d

__all__ = [
    "append",
    "array_split",
    "column_stack",
    "concatenate",
    "diff",
    "dsplit",
    "dstack",
    "hsplit",
    "hstack",
    "repeat",
    "split",
    "stack",
    "tile",
    "vsplit",
    "vstack",
]

_u = _core.ufuncs


def axis_slice(ndim, axis, piece):
    """An index tuple that takes `piece` (a slice or int) along `axis` and all of the others."""
    return (slice(None),) * axis + (piece,) + (slice(None),) * (ndim - axis - 1)


def _check_sequence(arrays):
    if not hasattr(arrays, "__getitem__"):
        raise TypeError('arrays to stack must be passed as a "sequence" type such as list or '
                        "tuple.")


def _check_cast(src, dst, casting):
    if not numpy.can_cast(src, dst, casting):
        raise TypeError(f"Cannot cast array data from {numpy.dtype(src)!r} to "
                        f"{numpy.dtype(dst)!r} according to the rule {casting!r}")


def concatenate(arrays, /, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """numpy.concatenate: one copy task per input into its slice of the result."""
    if isinstance(arrays, ndarray):
        arrays = [arrays[i] for i in range(arrays.shape[0])] if arrays.ndim else [arrays]
    arrays = [asarray(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    if out is not None and dtype is not None:
        raise TypeError("concatenate() only takes `out` or `dtype` as an argument, but both "
                        "were provided.")
    if axis is None:
        arrays = [a.reshape(-1) for a in arrays]
        axis = 0
    first = arrays[0]
    nd = first.ndim
    if nd == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    axis = normalize_axis_index(axis, nd)
    total = 0
    for i, a in enumerate(arrays):
        if a.ndim != nd:
            raise ValueError(
                "all the input arrays must have same number of dimensions, but the array at "
                f"index 0 has {nd} dimension(s) and the array at index {i} has {a.ndim} "
                "dimension(s)")
        for d in range(nd):
            if d != axis and a.shape[d] != first.shape[d]:
                raise ValueError(
                    "all the input array dimensions except for the concatenation axis must "
                    f"match exactly, but along dimension {d}, the array at index 0 has size "
                    f"{first.shape[d]} and the array at index {i} has size {a.shape[d]}")
        total += a.shape[axis]
    shape = first.shape[:axis] + (total,) + first.shape[axis + 1:]
    if out is not None:
        if not isinstance(out, ndarray):
            return call_numpy(numpy.concatenate, (arrays,),
                              {"axis": axis, "out": out, "casting": casting})
        if out.shape != shape:
            raise ValueError("Output array is the wrong shape")
        target = out.dtype
    else:
        target = numpy.dtype(dtype) if dtype is not None else numpy.result_type(
            *(a.dtype for a in arrays))
    for a in arrays:
        _check_cast(a.dtype, target, casting)
    result = out if out is not None else empty(shape, target)
    offset = 0
    for a in arrays:
        n = a.shape[axis]
        if n:
            result[axis_slice(nd, axis, slice(offset, offset + n))] = a
        offset += n
    return result


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """numpy.stack: join along a new axis."""
    _check_sequence(arrays)
    arrays = [asarray(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to stack")
    if any(a.shape != arrays[0].shape for a in arrays):
        raise ValueError("all input arrays must have the same shape")
    axis = normalize_axis_index(axis, arrays[0].ndim + 1)
    expanded = [_core.expand_dims(a, axis) for a in arrays]
    return concatenate(expanded, axis=axis, out=out, dtype=dtype, casting=casting)


def _each(expand, tup):
    _check_sequence(tup)
    return [expand(a) for a in tup]


def hstack(tup, *, dtype=None, casting="same_kind"):
    """numpy.hstack: along the second axis, or the first for 1-d inputs."""
    arrs = _each(atleast_1d, tup)
    axis = 0 if arrs and arrs[0].ndim == 1 else 1
    return concatenate(arrs, axis, dtype=dtype, casting=casting)


def vstack(tup, *, dtype=None, casting="same_kind"):
    """numpy.vstack: along the first axis, 1-d inputs as rows."""
    return concatenate(_each(atleast_2d, tup), 0, dtype=dtype, casting=casting)


def dstack(tup):
    """numpy.dstack: along the third axis."""
    return concatenate(_each(atleast_3d, tup), 2)


def column_stack(tup):
    """numpy.column_stack: 1-d inputs as columns, then along the second axis."""
    def column(v):
        a = asanyarray(v)
        return atleast_2d(a).T if a.ndim < 2 else a

    return concatenate(_each(column, tup), 1)


def append(arr, values, axis=None):
    """numpy.append: a new array with `values` joined at the end."""
    arr = asanyarray(arr)
    if axis is None:
        if arr.ndim != 1:
            arr = arr.reshape(-1)
        values = asanyarray(values).reshape(-1)
        axis = arr.ndim - 1
    return concatenate((arr, values), axis=axis)


# ----------------------------------------------------------------------------- splitting


def _index_list(indices):
    if isinstance(indices, ndarray):
        return numpy.asarray(indices).tolist()
    return list(indices)


def array_split(ary, indices_or_sections, axis=0):
    """numpy.array_split: views; sections may differ in length by one."""
    ary = asanyarray(ary)
    total = ary.shape[axis]
    try:
        points = [0, *_index_list(indices_or_sections), total]
        sections = len(points) - 1
    except TypeError:
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.") from None
        each, extras = divmod(total, sections)
        points = [0]
        for i in range(sections):
            points.append(points[-1] + each + (1 if i < extras else 0))
    axis = normalize_axis_index(axis, ary.ndim)
    return [ary[axis_slice(ary.ndim, axis, slice(points[i], points[i + 1]))]
            for i in range(sections)]


def split(ary, indices_or_sections, axis=0):
    """numpy.split: like array_split, but sections must divide the axis equally."""
    try:
        len(indices_or_sections)
    except TypeError:
        ary = asanyarray(ary)
        if ary.shape[axis] % indices_or_sections:
            raise ValueError("array split does not result in an equal division") from None
    return array_split(ary, indices_or_sections, axis)


def hsplit(ary, indices_or_sections):
    """numpy.hsplit: split along the second axis (the first for 1-d)."""
    ary = asanyarray(ary)
    if ary.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    """numpy.vsplit: split along the first axis."""
    ary = asanyarray(ary)
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    """numpy.dsplit: split along the third axis."""
    ary = asanyarray(ary)
    if ary.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


# ----------------------------------------------------------------------------- tiling


def tile(A, reps):
    """numpy.tile: a broadcast view (reps interleaved with the axes), copied once."""
    try:
        tup = tuple(int(r) for r in reps)
    except TypeError:
        tup = (int(reps),)
    if any(t < 0 for t in tup):
        raise ValueError("negative dimensions are not allowed")
    c = asarray(A)
    if c.ndim < len(tup):
        c = c.reshape((1,) * (len(tup) - c.ndim) + c.shape)
    tup = (1,) * (c.ndim - len(tup)) + tup
    if all(t == 1 for t in tup):
        return c.copy()
    spread = c.reshape(tuple(x for s in c.shape for x in (1, s)))
    wide = _core.broadcast_to(spread, tuple(x for s, t in zip(c.shape, tup) for x in (t, s)))
    return wide.copy().reshape(tuple(s * t for s, t in zip(c.shape, tup)))


def _repeat_counts(repeats):
    """The repeat counts as a host int64 vector (or 0-d), with NumPy's checks."""
    counts = numpy.asarray(repeats.to_numpy() if isinstance(repeats, ndarray) else repeats)
    if counts.ndim > 1:
        raise ValueError("setting an array element with a sequence. The requested array would "
                         "exceed the maximum number of dimension of 1.")
    if counts.dtype.kind not in "biuf" or (counts.dtype.kind == "u" and counts.itemsize == 8):
        raise TypeError(f"Cannot cast array data from {counts.dtype!r} to dtype('int64') "
                        "according to the rule 'safe'")
    counts = counts.astype(numpy.int64)
    if counts.size and counts.min() < 0:
        raise ValueError("repeats may not contain negative values.")
    return counts


def repeat(a, repeats, axis=None):
    """numpy.repeat: one count copies a broadcast view; per-element counts gather along the
    axis with an index built on the host from the (metadata-sized) counts."""
    counts = _repeat_counts(repeats)
    a = asarray(a)
    if axis is None:
        a = a.reshape(-1)
        axis = 0
    axis = normalize_axis_index(axis, a.ndim)
    n = a.shape[axis]
    if counts.size != 1:
        if counts.size != n:
            raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                             f"({counts.size},)")
        return _core.take(a, numpy.repeat(numpy.arange(n, dtype=numpy.int64), counts), axis)
    r = int(counts.reshape(()).item())
    wide = _core.broadcast_to(_core.expand_dims(a, axis + 1),
                              a.shape[:axis + 1] + (r,) + a.shape[axis + 1:])
    return wide.copy().reshape(a.shape[:axis] + (n * r,) + a.shape[axis + 1:])


# ----------------------------------------------------------------------------- differences


def _edge_values(values, a, axis):
    values = asanyarray(values)
    if values.ndim == 0:
        values = _core.broadcast_to(values, a.shape[:axis] + (1,) + a.shape[axis + 1:])
    return values


def diff(a, n=1, axis=-1, prepend=numpy._NoValue, append=numpy._NoValue):
    """numpy.diff: n-th differences from two shifted slices (not_equal for bool)."""
    if n == 0:
        return a
    if n < 0:
        raise ValueError("order must be non-negative but got " + repr(n))
    a = asanyarray(a)
    if a.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = normalize_axis_index(axis, a.ndim)
    parts = []
    if prepend is not numpy._NoValue:
        parts.append(_edge_values(prepend, a, axis))
    parts.append(a)
    if append is not numpy._NoValue:
        parts.append(_edge_values(append, a, axis))
    if len(parts) > 1:
        a = concatenate(parts, axis)
    op = _u["not_equal"] if a.dtype == numpy.bool_ else _u["subtract"]
    upper = axis_slice(a.ndim, axis, slice(1, None))
    lower = axis_slice(a.ndim, axis, slice(None, -1))
    for _ in range(n):
        a = op(a[upper], a[lower])
    return a


def install_methods(cls):
    """ndarray methods implemented here: repeat."""
    def repeat_method(self, repeats, axis=None):
        """ndarray.repeat: see numpy.repeat."""
        return repeat(self, repeats, axis)

    repeat_method.__name__ = repeat_method.__qualname__ = "repeat"
    cls.repeat = repeat_method
