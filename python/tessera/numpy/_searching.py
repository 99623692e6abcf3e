"""Sorting, searching and counting (NumPy reference section of that name): sort, argsort,
partition, argpartition, searchsorted, where.

The sorts run on the runtime's sort tasks (each point sorts its rows, or its blocks of a long
row, then merge rounds); every sort is stable, whatever `kind` says, so argsort equals NumPy's
kind='stable'. Structured `order=` runs through NumPy.
"""

import operator

import numpy

from tessera import _core
from tessera.numpy._creation import asarray
from tessera.numpy._indexing import nonzero as _nonzero
from tessera.numpy._interop import fallback_function, ndarray

__all__ = ["argpartition", "argsort", "partition", "searchsorted", "sort", "where"]

_missing = object()

_sort_numpy = fallback_function(numpy.sort, "sort")
_argsort_numpy = fallback_function(numpy.argsort, "argsort")
_partition_numpy = fallback_function(numpy.partition, "partition")
_argpartition_numpy = fallback_function(numpy.argpartition, "argpartition")


def where(condition, x=_missing, y=_missing, /):
    """numpy.where: x where condition holds, else y; with only condition, its nonzero()."""
    if x is _missing and y is _missing:
        return _nonzero(asarray(condition))
    if x is _missing or y is _missing:
        raise ValueError("either both or neither of x and y should be given")
    _check_python_ints(x, y)
    return _core.where(condition, x, y)


def _check_python_ints(x, y):
    """A Python int beside an integer array must fit its dtype where the installed NumPy says
    so (NumPy 2.5 raises OverflowError; 2.4 wrapped): asked of NumPy on a 0-d array."""
    for value, other in ((x, y), (y, x)):
        dtype = getattr(other, "dtype", None)
        if type(value) is int and dtype is not None and numpy.dtype(dtype).kind in "biu":
            numpy.where(True, numpy.zeros((), dtype), value)


# ----------------------------------------------------------------------------- arguments


def _check_kind(kind, stable):
    """NumPy's checks of sort's kind= and stable= (every tessera sort is stable anyway)."""
    if kind is not None and stable is not None:
        raise ValueError("`kind` and keyword parameters can't be provided at the same time. "
                         "Use only one of them.")
    if kind is None:
        return
    if not isinstance(kind, str) or not kind or kind[0].lower() not in "qhms":
        raise ValueError(f"sort kind must be one of 'quick', 'heap', or 'stable' (got {kind!r})")


def _check_select_kind(kind):
    if kind != "introselect":
        raise ValueError(f"select kind must be 'introselect' (got {kind!r})")


def _flat(a):
    return _core.reshape(a, (a.size,))


def as_native(a):
    """`a` as a tessera array; None for dtypes tessera lacks (strings, datetimes...), which
    then run through NumPy."""
    try:
        return asarray(a)
    except TypeError:
        return None


def _axis(a, axis, zero_d_as_1d=False):
    """(array, axis) with axis=None meaning the flattened array (and, for the arg- routines,
    a 0-d array treated as one element, as NumPy does)."""
    a = asarray(a)
    if axis is None or (zero_d_as_1d and a.ndim == 0):
        return _flat(a), -1 if axis is None else axis
    return a, operator.index(axis)


def _kth(kth):
    """kth as a list of ints (TypeError for non-integers, as NumPy)."""
    if isinstance(kth, ndarray):
        kth = numpy.asarray(kth)
    k = numpy.asarray(kth)
    if k.dtype.kind not in "iu" or k.ndim > 1:
        if k.ndim > 1:
            raise ValueError("kth must be a scalar or a 1-d sequence of integers")
        raise TypeError("Partition index must be integer")
    return [int(v) for v in k.reshape(-1)]


# ----------------------------------------------------------------------------- routines


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """numpy.sort: a sorted copy along `axis` (of the flattened array if None); NaNs last."""
    t = None if order is not None else as_native(a)
    if t is None:
        return _sort_numpy(a, axis=axis, kind=kind, order=order, stable=stable)
    _check_kind(kind, stable)
    a, axis = _axis(t, axis)
    return _core.sort(a, axis)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """numpy.argsort: the int64 positions that sort `a` along `axis` (stably)."""
    t = None if order is not None else as_native(a)
    if t is None:
        return _argsort_numpy(a, axis=axis, kind=kind, order=order, stable=stable)
    _check_kind(kind, stable)
    a, axis = _axis(t, axis, zero_d_as_1d=True)
    return _core.argsort(a, axis)


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """numpy.partition: a copy with the kth elements in sorted position, smaller ones before
    and larger ones after."""
    t = None if order is not None else as_native(a)
    if t is None:
        return _partition_numpy(a, kth, axis=axis, kind=kind, order=order)
    _check_select_kind(kind)
    a, axis = _axis(t, axis)
    return _core.partition(a, _kth(kth), axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """numpy.argpartition: the int64 positions that partition `a` around kth."""
    t = None if order is not None else as_native(a)
    if t is None:
        return _argpartition_numpy(a, kth, axis=axis, kind=kind, order=order)
    _check_select_kind(kind)
    a, axis = _axis(t, axis, zero_d_as_1d=True)
    return _core.argpartition(a, _kth(kth), axis)


def searchsorted(a, v, side="left", sorter=None):
    """numpy.searchsorted: insertion points of v in the sorted 1-d `a` (int64, v's shape)."""
    if side not in ("left", "right"):
        raise ValueError(f"search side must be 'left' or 'right' (got {side!r})")
    a = asarray(a)
    if not isinstance(v, (ndarray, numpy.ndarray, numpy.generic, bool, int, float, complex)):
        v = asarray(v)
    if sorter is not None:
        sorter = asarray(sorter)
    return _core.searchsorted(a, v, side == "right", sorter)


# ----------------------------------------------------------------------------- methods


def method_sort(self, axis=-1, kind=None, order=None, *, stable=None):
    """ndarray.sort: sorts the array in place."""
    if order is not None:
        result = _sort_numpy(self, axis=axis, kind=kind, order=order, stable=stable)
        self[...] = result
        return
    _check_kind(kind, stable)
    _core.sort_inplace(self, operator.index(axis))


def method_partition(self, kth, axis=-1, kind="introselect", order=None):
    """ndarray.partition: partitions the array in place."""
    axis = operator.index(axis)
    self[...] = partition(self, kth, axis, kind, order)


METHODS = {
    "sort": method_sort,
    "argsort": lambda self, axis=-1, kind=None, order=None, *, stable=None: argsort(
        self, axis, kind, order, stable=stable),
    "partition": method_partition,
    "argpartition": lambda self, kth, axis=-1, kind="introselect", order=None: argpartition(
        self, kth, axis, kind, order),
    "searchsorted": lambda self, v, side="left", sorter=None: searchsorted(self, v, side, sorter),
}
