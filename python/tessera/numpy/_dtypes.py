"""Data types, scalar types and constants: NumPy's own objects, re-exported.

tessera arrays report NumPy dtypes (``a.dtype == numpy.float32``), so the dtype objects, the
scalar type hierarchy and the dtype routines are NumPy's; only the routines that take arrays
look through tessera arrays to their dtype.
"""

import numpy

from tessera import _core

ndarray = _core.ndarray

# ----------------------------------------------------------------------------- types and constants

_NUMPY_NAMES = [
    "dtype", "generic", "number", "integer", "signedinteger", "unsignedinteger", "inexact",
    "floating", "complexfloating", "bool", "bool_", "int8", "int16", "int32", "int64", "uint8",
    "uint16", "uint32", "uint64", "intp", "uintp", "int_", "uint", "byte", "ubyte", "short",
    "ushort", "intc", "uintc", "long", "ulong", "longlong", "ulonglong", "float16", "float32",
    "float64", "half", "single", "double", "longdouble", "complex64", "complex128", "csingle",
    "cdouble", "clongdouble", "object_", "str_", "bytes_", "void", "datetime64", "timedelta64",
    "flexible", "character", "finfo", "iinfo", "issubdtype", "isdtype", "promote_types",
    "min_scalar_type", "typename", "mintypecode", "sctypeDict", "typecodes", "pi", "e", "inf",
    "nan", "euler_gamma", "little_endian", "True_", "False_",
]

globals().update({name: getattr(numpy, name) for name in _NUMPY_NAMES if hasattr(numpy, name)})

newaxis = None


def _dtype_or_value(x):
    """A tessera array stands for its dtype (NumPy 2 ignores array values in promotion)."""
    return x.dtype if isinstance(x, ndarray) else x


def result_type(*arrays_and_dtypes):
    """numpy.result_type, with tessera arrays taking part through their dtypes."""
    return numpy.result_type(*map(_dtype_or_value, arrays_and_dtypes))


def can_cast(from_, to, casting="safe"):
    """numpy.can_cast; a tessera array is judged by its dtype."""
    return numpy.can_cast(_dtype_or_value(from_), to, casting=casting)


__all__ = [name for name in _NUMPY_NAMES if hasattr(numpy, name)] + [
    "newaxis", "result_type", "can_cast"]
