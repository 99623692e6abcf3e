"""Set routines (NumPy reference section of that name): unique, unique_all, unique_counts,
unique_inverse.

unique of the flattened array (axis=None) runs on the runtime: a stable sort (with positions
when the index or inverse is asked for), a task flagging the first element of each run of equal
values, the mask compaction of flatnonzero, and gathers. unique with an integer `axis` (unique
rows, slices), and of dtypes tessera lacks (strings), runs through NumPy.
"""

import numpy

from tessera import _core
from tessera.numpy._interop import fallback_function
from tessera.numpy._searching import as_native

try:  # NumPy 2's result types, so results compare and unpack like NumPy's
    from numpy.lib._arraysetops_impl import (
        UniqueAllResult,
        UniqueCountsResult,
        UniqueInverseResult,
    )
except ImportError:  # pragma: no cover - another NumPy layout: these stay on the fallback
    UniqueAllResult = None

__all__ = ["unique"]
if UniqueAllResult is not None:
    __all__ += ["unique_all", "unique_counts", "unique_inverse"]

_unique_numpy = fallback_function(numpy.unique, "unique")


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):  # noqa: A002 - NumPy's keyword name
    """numpy.unique: the sorted distinct values, and optionally the first index of each, the
    inverse (of the input's shape, as NumPy 2.x) and the counts.

    The values always come back sorted, which NumPy allows for sorted=False too.
    """
    t = None if axis is not None else as_native(ar)
    if t is None:
        return _unique_numpy(ar, return_index, return_inverse, return_counts, axis=axis,
                             equal_nan=equal_nan, sorted=sorted)
    values, index, inverse, counts = _core.unique(
        t, bool(return_index), bool(return_inverse), bool(return_counts),
        bool(equal_nan))
    extra = [r for r, want in ((index, return_index), (inverse, return_inverse),
                               (counts, return_counts)) if want]
    return (values, *extra) if extra else values


# The Array API forms (NumPy 2): NaNs are distinct (equal_nan=False), results are named tuples.
# unique_values stays on NumPy: it returns the values in hash order, not sorted.


def unique_all(x):
    """numpy.unique_all: values, first indices, inverse indices (x's shape) and counts."""
    return UniqueAllResult(*unique(x, True, True, True, equal_nan=False))


def unique_counts(x):
    """numpy.unique_counts: the sorted distinct values and their counts."""
    return UniqueCountsResult(*unique(x, False, False, True, equal_nan=False))


def unique_inverse(x):
    """numpy.unique_inverse: the sorted distinct values and the inverse indices (x's shape)."""
    return UniqueInverseResult(*unique(x, False, True, False, equal_nan=False))
