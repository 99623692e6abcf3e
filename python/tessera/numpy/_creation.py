"""Array creation routines (NumPy reference: "Array creation routines").

Signatures are NumPy's. Shapes, dtypes and fill values are resolved here exactly as NumPy
resolves them, and the C++ core builds the array. Memory-layout arguments (``order``) are
accepted and ignored where they cannot change a result: tessera chooses the layout itself.
A dtype tessera does not have (strings, objects, datetimes) is a TypeError.
"""

import math
import operator

import numpy

from tessera import _core
from tessera.numpy._interop import supported_dtype

ndarray = _core.ndarray

__all__ = [
    "arange",
    "array",
    "asanyarray",
    "asarray",
    "ascontiguousarray",
    "copy",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "identity",
    "linspace",
    "ones",
    "ones_like",
    "zeros",
    "zeros_like",
]


def from_numpy(arr):
    """A NumPy array as a new tessera array; TypeError for a dtype tessera lacks."""
    if not supported_dtype(arr.dtype):
        raise TypeError(f"tessera does not support dtype {arr.dtype!r}")
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="))
    return _core.from_numpy(arr)


def check_dtype(dt):
    """`dt` itself; TypeError if tessera lacks it (before NumPy does work with it)."""
    if not supported_dtype(dt):
        raise TypeError(f"tessera does not support dtype {dt!r}")
    return dt


def shape_tuple(shape):
    """A shape argument (an int or a sequence of ints) as a tuple of ints, with NumPy's errors."""
    if hasattr(shape, "__iter__") and getattr(shape, "ndim", 1) != 0:
        dims = tuple(operator.index(n) for n in shape)
    else:
        dims = (operator.index(shape),)
    if any(n < 0 for n in dims):
        raise ValueError("negative dimensions are not allowed")
    return dims


# ----------------------------------------------------------------------------- from data


def _ndmin(a, ndmin):
    return a.reshape((1,) * (ndmin - a.ndim) + a.shape) if a.ndim < ndmin else a


def array(object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0, like=None):
    """numpy.array: a new tessera array from an array-like (a copy unless copy=False/None)."""
    if isinstance(object, ndarray):
        same = dtype is None or numpy.dtype(dtype) == object.dtype
        if not same:
            result = object.astype(dtype)
        elif copy:
            result = object.copy()
        else:
            result = object
        return _ndmin(result, ndmin)
    # NumPy parses nested sequences and scalars (ragged input, out-of-range ints, dtype
    # discovery): its answer is the reference, and the C++ core copies it.
    return _ndmin(from_numpy(numpy.asarray(object, dtype=dtype)), ndmin)


def asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """numpy.asarray: tessera arrays pass through (cast when `dtype` differs)."""
    if isinstance(a, ndarray):
        if dtype is not None and numpy.dtype(dtype) != a.dtype:
            return a.astype(dtype)
        return a.copy() if copy else a
    return array(a, dtype=dtype)


def asanyarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """numpy.asanyarray: the same as asarray (tessera has no ndarray subclasses)."""
    return asarray(a, dtype=dtype, copy=copy)


def ascontiguousarray(a, dtype=None, *, like=None):
    """numpy.ascontiguousarray: asarray with at least one dimension."""
    return _ndmin(asarray(a, dtype=dtype), 1)


def copy(a, order="K", subok=False):
    """numpy.copy: a new array with the values of `a`."""
    return a.copy() if isinstance(a, ndarray) else array(a)


# ----------------------------------------------------------------------------- from shape


def empty(shape, dtype=float, order="C", *, device=None, like=None):
    """numpy.empty: a new array whose values are not set."""
    return _core.empty(shape_tuple(shape), numpy.dtype(dtype))


def zeros(shape, dtype=float, order="C", *, device=None, like=None):
    """numpy.zeros."""
    return _core.zeros(shape_tuple(shape), numpy.dtype(dtype))


def ones(shape, dtype=None, order="C", *, device=None, like=None):
    """numpy.ones."""
    return _core.ones(shape_tuple(shape), numpy.dtype(dtype))


def _filled(shape, fill_value, dt):
    """A new array of `shape` and `dt` holding fill_value, broadcast, cast as numpy.copyto."""
    fill_ndim = fill_value.ndim if hasattr(fill_value, "ndim") else numpy.ndim(fill_value)
    if fill_ndim == 0:
        return _core.full(shape, fill_value, dt)
    out = _core.empty(shape, dt)
    out[...] = fill_value
    return out


def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    """numpy.full: the dtype defaults to fill_value's (int64 for a Python int)."""
    if dtype is None:
        # NumPy's dtype of the fill value (a Python int gives int64); the value itself is
        # passed on as given, so a Python scalar stays a plain scalar for the core.
        dtype = (fill_value if isinstance(fill_value, ndarray)
                 else numpy.asarray(fill_value)).dtype
    return _filled(shape_tuple(shape), fill_value, numpy.dtype(dtype))


def _like(a, dtype, shape):
    """dtype and shape of a new array like `a`, overridden by `dtype` and `shape`."""
    if not hasattr(a, "dtype") or not hasattr(a, "shape"):
        a = numpy.asarray(a)
    dt = a.dtype if dtype is None else numpy.dtype(dtype)
    return dt, (a.shape if shape is None else shape_tuple(shape))


def empty_like(prototype, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.empty_like."""
    return empty(*_like(prototype, dtype, shape)[::-1])


def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.zeros_like."""
    return zeros(*_like(a, dtype, shape)[::-1])


def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.ones_like."""
    return ones(*_like(a, dtype, shape)[::-1])


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """numpy.full_like: fill_value is cast to a's dtype (unsafe casting, like numpy.copyto)."""
    dt, shp = _like(a, dtype, shape)
    return _filled(shp, fill_value, dt)


# ----------------------------------------------------------------------------- ranges


def _arange_length(start, stop, step):
    """NumPy's length: ceil((stop - start) / step), computed with the arguments' own types."""
    if step == 0:
        raise ZeroDivisionError("division by zero")
    quotient = (stop - start) / step
    if isinstance(quotient, (complex, numpy.complexfloating)):
        return None
    if math.isnan(quotient):
        raise ValueError("arange: cannot compute length")
    if math.isinf(quotient):
        raise ValueError("Maximum allowed size exceeded")
    return max(0, math.ceil(quotient))


def _scalar(x):
    """A tessera 0-d array as the NumPy scalar it stands for; other values unchanged."""
    return x.to_numpy()[()] if isinstance(x, ndarray) else x


def arange(start=None, stop=None, step=None, dtype=None, *, device=None, like=None):
    """numpy.arange([start,] stop[, step], dtype=None)."""
    if stop is None:
        if start is None:
            raise TypeError("arange() requires stop to be specified.")
        start, stop = 0, start
    elif start is None:
        start = 0
    given = [_scalar(v) for v in (start, stop, step) if v is not None]
    start, stop = given[0], given[1]
    step = given[2] if len(given) == 3 else 1
    # NumPy starts from intp and promotes with each argument's dtype (strongly: Python
    # floats give float64, so arange(np.float32(5)) is float64).
    dt = (numpy.result_type(numpy.intp, *(numpy.asarray(v).dtype for v in given))
          if dtype is None else numpy.dtype(dtype))
    n = _arange_length(start, stop, step)
    check_dtype(dt)
    if n is None or dt.kind == "b":
        # Complex lengths and bool ranges (at most 2 long, else an error) are NumPy's.
        return from_numpy(numpy.arange(start, stop, step, dtype=dt))
    # NumPy stores start and start + step into the result dtype and extrapolates with their
    # difference, so arange(0, 10, 2.5, dtype=int) steps by int(2.5) == 2.
    if n == 0:
        return _core.empty((0,), dt)
    head = numpy.empty(2, dt)
    head[0] = start
    if n == 1:
        return _core.arange(n, head[0].item(), 0, dt)
    head[1] = start + step
    if dt.kind in "iu":
        delta = int(head[1]) - int(head[0])
    else:
        delta = (head[1] - head[0]).item()
    return _core.arange(n, head[0].item(), delta, dt)


def _is_scalar_like(x):
    return numpy.ndim(x) == 0 if not isinstance(x, ndarray) else x.ndim == 0


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    """numpy.linspace; array endpoints and axis follow NumPy's algorithm step by step."""
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = num - 1 if endpoint else num
    start, stop = _scalar(start), _scalar(stop)
    if _is_scalar_like(start) and _is_scalar_like(stop):
        dt = numpy.result_type(start, stop, 1.0)
        y = _core.linspace(start, stop, num, endpoint, dt)
        delta = numpy.subtract(stop, start, dtype=dt)
    else:
        y, delta = _linspace_arrays(asarray(start), asarray(stop), num, div, endpoint)
        dt = y.dtype
    if axis != 0:
        y = _core.moveaxis(y, (0,), (operator.index(axis),))
    if dtype is not None and numpy.issubdtype(dtype, numpy.integer):
        y = _core.ufuncs["floor"](y)
    if dtype is not None and numpy.dtype(dtype) != y.dtype:
        y = y.astype(dtype)
    if not retstep:
        return y
    step = delta / div if div > 0 else math.nan
    return y, (array(step) if isinstance(step, (numpy.generic, numpy.ndarray)) else step)


def _linspace_arrays(start, stop, num, div, endpoint):
    """numpy.linspace's body for array endpoints, in tessera operations."""
    ufuncs = _core.ufuncs
    dt = numpy.result_type(start.dtype, stop.dtype, 1.0)
    delta = ufuncs["subtract"](stop, start, dtype=dt)
    y = arange(0, num, dtype=dt).reshape((-1,) + (1,) * delta.ndim)
    if div > 0:
        step = delta / div
        if bool(ufuncs["equal"](step, 0).any()):
            y = y / div * delta  # NumPy's special case for denormal steps (gh-5437)
        else:
            y = y * step
    else:
        y = y * delta
    y += start
    if endpoint and num > 1:
        y[-1, ...] = stop
    return y, delta


def eye(N, M=None, k=0, dtype=float, order="C", *, device=None, like=None):
    """numpy.eye: ones on the k-th diagonal of an N x M array."""
    n = operator.index(N)
    m = n if M is None else operator.index(M)
    dt = numpy.dtype(dtype)
    if n < 0 or m < 0:
        raise ValueError("negative dimensions are not allowed")
    return _core.eye(n, m, operator.index(k), dt)


def identity(n, dtype=None, *, like=None):
    """numpy.identity: the n x n identity matrix."""
    return eye(n, dtype=dtype)
