"""Array manipulation routines (NumPy reference: "Array manipulation routines").

Shape changes are views in the C++ core (a Store with a new transform), as in NumPy; this
module gives them NumPy's signatures and argument forms.
"""

import operator

import numpy

from tessera import _core
from tessera.numpy._creation import asanyarray, asarray, shape_tuple
from tessera.numpy._interop import call_numpy, ndarray, warn_fallback

__all__ = [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "broadcast_arrays",
    "broadcast_shapes",
    "broadcast_to",
    "copyto",
    "expand_dims",
    "moveaxis",
    "ndim",
    "ravel",
    "reshape",
    "shape",
    "size",
    "squeeze",
    "swapaxes",
    "transpose",
]


def reshaped(a, shape, order="C"):
    """`a` (a tessera array) reshaped; order='F' reads and writes in reversed axis order."""
    if order == "C":
        return _core.reshape(a, shape)
    if order == "F":
        # Fortran order is C order of the axes reversed: x.T, reshaped to the reversed shape,
        # transposed back.
        dims = shape_tuple(shape) if not isinstance(shape, tuple) else shape
        return _core.reshape(a.T, dims[::-1]).T
    raise NotImplementedError(f"tessera arrays have no memory order; order={order!r} is not "
                              "supported (use 'C' or 'F')")


def reshape(a, /, shape=None, order="C", *, newshape=None, copy=None):
    """numpy.reshape: a view when the data allow one, as in NumPy."""
    if shape is None:
        if newshape is None:
            raise TypeError("reshape() missing 1 required positional argument: 'shape'")
        shape = newshape
    a = asarray(a)
    if copy is False and order == "C" and not _core.reshape_is_view(a, shape):
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    result = reshaped(a, shape, order)
    return result.copy() if copy else result


def ravel(a, order="C"):
    """numpy.ravel: the elements as a 1-d array (a view when possible)."""
    return reshaped(asanyarray(a), (-1,), order)


def transpose(a, axes=None):
    """numpy.transpose: axes reversed, or permuted by `axes`."""
    return _core.transpose(asarray(a), axes)


def moveaxis(a, source, destination):
    """numpy.moveaxis: move axes to new positions, the others keep their order."""
    return _core.moveaxis(asarray(a), source, destination)


def swapaxes(a, axis1, axis2):
    """numpy.swapaxes."""
    return _core.swapaxes(asarray(a), operator.index(axis1), operator.index(axis2))


def expand_dims(a, axis):
    """numpy.expand_dims: insert length-1 axes at the positions `axis` (an int or a tuple)."""
    return _core.expand_dims(asarray(a), axis)


def squeeze(a, axis=None):
    """numpy.squeeze: drop length-1 axes (those in `axis`, or all)."""
    return _core.squeeze(asarray(a), axis)


def broadcast_to(array, shape, subok=False):
    """numpy.broadcast_to: a read-only view of `array` with the given shape."""
    return _core.broadcast_to(asarray(array), shape_tuple(shape))


def broadcast_shapes(*args):
    """numpy.broadcast_shapes: the shape that arrays of these shapes broadcast to."""
    return _core.broadcast_shapes(*(shape_tuple(s) for s in args))


def broadcast_arrays(*args, subok=False):
    """numpy.broadcast_arrays: a tuple of views with the common shape."""
    arrays = [asarray(a) for a in args]
    common = _core.broadcast_shapes(*(a.shape for a in arrays))
    return tuple(a if a.shape == common else _core.broadcast_to(a, common) for a in arrays)


def _atleast(arys, expand):
    results = tuple(expand(asanyarray(a)) for a in arys)
    return results[0] if len(results) == 1 else results


def atleast_1d(*arys):
    """numpy.atleast_1d: scalars become 1-d; several arguments give a tuple."""
    return _atleast(arys, lambda a: a.reshape(1) if a.ndim == 0 else a)


def atleast_2d(*arys):
    """numpy.atleast_2d: 0-d -> (1, 1), 1-d (N,) -> (1, N)."""
    return _atleast(arys, lambda a: a.reshape(1, 1) if a.ndim == 0
                    else a[None, :] if a.ndim == 1 else a)


def atleast_3d(*arys):
    """numpy.atleast_3d: 0-d -> (1, 1, 1), (N,) -> (1, N, 1), (M, N) -> (M, N, 1)."""
    def expand(a):
        if a.ndim == 0:
            return a.reshape(1, 1, 1)
        if a.ndim == 1:
            return a[None, :, None]
        return a[:, :, None] if a.ndim == 2 else a

    return _atleast(arys, expand)


def shape(a):
    """numpy.shape."""
    return a.shape if isinstance(a, ndarray) else numpy.shape(a)


def ndim(a):
    """numpy.ndim."""
    return a.ndim if isinstance(a, ndarray) else numpy.ndim(a)


def size(a, axis=None):
    """numpy.size: the number of elements, in total or along `axis`."""
    if not isinstance(a, ndarray):
        return numpy.size(a, axis)
    if axis is None:
        return a.size
    return a.shape[numpy.lib.array_utils.normalize_axis_index(axis, a.ndim)]


def copyto(dst, src, casting="same_kind", where=True):
    """numpy.copyto: copy src into dst (broadcasting), if the casting rule allows it."""
    if not isinstance(dst, ndarray) or where is not True:
        if isinstance(dst, ndarray):
            warn_fallback("copyto")
        return call_numpy(numpy.copyto, (dst, src), {"casting": casting, "where": where},
                          (0, "dst"))
    if isinstance(src, (bool, int, float, complex)):
        # A Python scalar is weak (NEP 50): int8 takes 3 but not 1.5 under 'same_kind'.
        if not numpy.can_cast(numpy.result_type(dst.dtype, src), dst.dtype, casting):
            raise TypeError(f"Cannot cast scalar from {numpy.result_type(src)!r} to "
                            f"{dst.dtype!r} according to the rule {casting!r}")
    else:
        if not isinstance(src, (ndarray, numpy.ndarray, numpy.generic)):
            src = asarray(src)
        if not numpy.can_cast(src.dtype, dst.dtype, casting):
            raise TypeError(f"Cannot cast array data from {src.dtype!r} to {dst.dtype!r} "
                            f"according to the rule {casting!r}")
    dst[...] = src
    return None
