"""Sorting, searching and counting (NumPy reference section of that name): where.

The other routines of this section (sort, argsort, searchsorted…) run through NumPy
until the runtime has them.
"""

import numpy

from tessera import _core
from tessera.numpy._creation import asarray
from tessera.numpy._indexing import nonzero as _nonzero

__all__ = ["where"]

_missing = object()


def where(condition, x=_missing, y=_missing, /):
    """numpy.where: x where condition holds, else y; with only condition, its nonzero()."""
    if x is _missing and y is _missing:
        return _nonzero(asarray(condition))
    if x is _missing or y is _missing:
        raise ValueError("either both or neither of x and y should be given")
    return _core.where(condition, x, y)
