"""Input and output: printing (NumPy reference: "Input and output", "String operations").

tessera prints exactly what NumPy prints: the values are fetched and NumPy's formatter, with
its print options, writes the text. A 0-d tessera array stands for the NumPy scalar that NumPy
would have returned (DESIGN.md §4), so it prints like that scalar: ``np.float64(3.0)``.
"""

import numpy

from tessera.numpy._interop import ndarray

__all__ = [
    "array2string",
    "array_repr",
    "array_str",
    "format_float_positional",
    "format_float_scientific",
    "get_printoptions",
    "printoptions",
    "set_printoptions",
]

set_printoptions = numpy.set_printoptions
get_printoptions = numpy.get_printoptions
printoptions = numpy.printoptions


def _host(a):
    """The NumPy value NumPy would print: an array, or for a 0-d array its scalar."""
    arr = a.to_numpy()
    return arr[()] if arr.ndim == 0 else arr


def ndarray_repr(self):
    """ndarray.__repr__: NumPy's repr of the values (of the scalar, for 0-d)."""
    return repr(_host(self))


def ndarray_str(self):
    """ndarray.__str__: NumPy's str of the values."""
    return str(_host(self))


def ndarray_format(self, spec):
    """ndarray.__format__: a 0-d array formats as its scalar; others as NumPy arrays do."""
    return format(_host(self), spec)


def _np(a):
    return a.to_numpy() if isinstance(a, ndarray) else a


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None):
    """numpy.array_repr of the values."""
    return numpy.array_repr(_np(arr), max_line_width, precision, suppress_small)


def array_str(a, max_line_width=None, precision=None, suppress_small=None):
    """numpy.array_str of the values."""
    return numpy.array_str(_np(a), max_line_width, precision, suppress_small)


def array2string(a, *args, **kwargs):
    """numpy.array2string of the values."""
    return numpy.array2string(_np(a), *args, **kwargs)


def format_float_positional(x, *args, **kwargs):
    """numpy.format_float_positional; a 0-d tessera array counts as its scalar."""
    return numpy.format_float_positional(_host(x) if isinstance(x, ndarray) else x,
                                         *args, **kwargs)


def format_float_scientific(x, *args, **kwargs):
    """numpy.format_float_scientific; a 0-d tessera array counts as its scalar."""
    return numpy.format_float_scientific(_host(x) if isinstance(x, ndarray) else x,
                                         *args, **kwargs)
