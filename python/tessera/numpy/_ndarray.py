"""ndarray methods written in Python, attached to the C++ class ``_core.ndarray``.

The C++ class has the properties, conversions, basic indexing and operators. Here are the
methods whose NumPy signatures take Python-level argument handling (varargs shapes, order=),
the Python protocols (repr, iteration, pickling, DLPack, the array API namespace), advanced
indexing (_indexing's gather/scatter tasks, else through NumPy), and for every other NumPy
method a fallback through NumPy.
"""

import builtins
import math
import operator
import sys

import numpy

from tessera import _core
from tessera.numpy import _indexing, _manipulation, _math, _printing, _searching
from tessera.numpy._creation import from_numpy
from tessera.numpy._interop import (
    array_function,
    array_ufunc,
    fallback_method,
    ndarray,
    to_numpy,
    warn_fallback,
)

_core_getitem = ndarray.__getitem__
_core_setitem = ndarray.__setitem__
_core_item = ndarray.item
_core_copy = ndarray.copy
_core_astype = ndarray.astype
_core_view = ndarray.view
_core_flatten = ndarray.flatten
_core_ravel = ndarray.ravel

# ----------------------------------------------------------------------------- indexing


def _is_advanced(item):
    """Whether one index item asks for advanced (integer or boolean array) indexing."""
    if isinstance(item, (bool, numpy.bool_)):
        return True  # a[True] adds an axis and selects: a boolean index in NumPy
    if isinstance(item, (ndarray, numpy.ndarray)):
        return item.ndim > 0 or item.dtype.kind == "b"
    return isinstance(item, (list, tuple))  # sequences index like arrays (NumPy >= 1.23)


def _advanced_key(key):
    if type(key) is tuple:
        return any(map(_is_advanced, key))
    return _is_advanced(key)


def _getitem(self, key):
    kind = type(key)
    if kind is int or kind is slice or not _advanced_key(key):
        return _core_getitem(self, key)
    result = _indexing.getitem(self, key, _core_getitem)
    if result is not None:
        return result
    # Several advanced indices broadcast together, ints or None beside an array: NumPy answers.
    warn_fallback("ndarray.__getitem__ with an integer or boolean array index")
    return from_numpy(self.to_numpy()[to_numpy(key)])


def _is_scalar_value(value):
    if isinstance(value, (bool, int, float, complex, numpy.generic)):
        return True
    return isinstance(value, ndarray) and value.ndim == 0


def _setitem(self, key, value):
    kind = type(key)
    if kind is int or kind is slice or not _advanced_key(key):
        _core_setitem(self, key, value)
        return
    if (isinstance(key, (ndarray, numpy.ndarray)) and key.dtype.kind == "b"
            and key.shape == self.shape and _is_scalar_value(value)):
        # a[mask] = scalar is a[...] = where(mask, scalar, a): element-wise, on the runtime.
        _core_setitem(self, Ellipsis, _core.where(key, value, self))
        return
    if _indexing.setitem(self, key, value, _core_getitem):
        return
    # The cases _indexing.setitem leaves out run through NumPy.
    warn_fallback("ndarray.__setitem__ with an integer or boolean array index")
    values = self.to_numpy()
    values[to_numpy(key)] = to_numpy(value)
    _core_setitem(self, Ellipsis, values)


def _iter(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d array")  # at iter(), as NumPy does
    return (_core_getitem(self, i) for i in range(self.shape[0]))


def _contains(self, value):
    return bool((self == value).any())


# ----------------------------------------------------------------------------- scalars, lists


def _item(self, *args):
    """ndarray.item(*args): the element as a Python scalar (flat index or one per axis)."""
    if not args:
        if self.size != 1:
            raise ValueError("can only convert an array of size 1 to a Python scalar")
        return _core_item(self)
    if len(args) == 1 and not isinstance(args[0], tuple):
        flat, size = operator.index(args[0]), self.size
        if not -size <= flat < size:
            raise IndexError(f"index {flat} is out of bounds for size {size}")
        return _core_item(_core_getitem(self, numpy.unravel_index(flat % size, self.shape)))
    index = args[0] if len(args) == 1 else args
    if len(index) != self.ndim:
        raise ValueError("incorrect number of indices for array")
    return _core_item(_core_getitem(self, tuple(operator.index(i) for i in index)))


def _tolist(self):
    return self.to_numpy().tolist()


def _round(self, ndigits=None):
    # A 0-d array stands for a NumPy scalar, and round(np.float64(2.5)) is the int 2.
    if ndigits is None:
        return round(self.item())
    return _math.round(self, ndigits)


def _trunc(self):
    return math.trunc(self.item())


# ----------------------------------------------------------------------------- shape methods


def _reshape(self, *shape, order="C", copy=None):
    if not shape:
        raise TypeError("reshape() takes exactly 1 argument (0 given)")
    result = _manipulation.reshaped(self, shape[0] if len(shape) == 1 else shape, order)
    return result.copy() if copy else result


def _transpose(self, *axes):
    if not axes or (len(axes) == 1 and axes[0] is None):
        return _core.transpose(self, None)
    return _core.transpose(self, axes[0] if len(axes) == 1 else axes)


def _order_view(self, order, name):
    """self, or self.T for order='F' (Fortran order is C order with axes reversed)."""
    if order == "C":
        return self
    if order == "F":
        return self.T
    raise NotImplementedError(f"tessera arrays have no memory order; {name}(order={order!r}) "
                              "is not supported (use 'C' or 'F')")


def _flatten(self, order="C"):
    return _core_flatten(_order_view(self, order, "flatten"))


def _ravel(self, order="C"):
    return _core_ravel(_order_view(self, order, "ravel"))


def _squeeze(self, axis=None):
    return _core.squeeze(self, axis)


def _swapaxes(self, axis1, axis2):
    return _core.swapaxes(self, operator.index(axis1), operator.index(axis2))


def _astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    return _core_astype(self, dtype, casting, copy)


def _view(self, dtype=None, type=None):
    if isinstance(dtype, builtins.type) and issubclass(dtype, ndarray):
        dtype = None  # view(ndarray): the type argument given positionally
    return _core_view(self, self.dtype if dtype is None else dtype)


def _copy(self, order="C"):
    return _core_copy(self)


def _clip(self, min=None, max=None, out=None, **kwargs):
    return _math.clip(self, min, max, out=out, **kwargs)


def _conjugate(self):
    return _core.ufuncs["conjugate"](self)


def _matrix_transpose(self):
    if self.ndim < 2:
        raise ValueError("matrix transpose with ndim < 2 is undefined")
    return _core.swapaxes(self, -1, -2)


# ----------------------------------------------------------------------------- protocols


def _matmul(self, other):
    return sys.modules["tessera.numpy"].matmul(self, other)


def _rmatmul(self, other):
    return sys.modules["tessera.numpy"].matmul(other, self)


def _imatmul(self, other):
    _core_setitem(self, Ellipsis, _matmul(self, other))
    return self


def _array_namespace(self, *, api_version=None):
    return sys.modules["tessera.numpy"]


def _dlpack(self, **kwargs):
    # TODO(dlpack): export the runtime's host instance without a copy once it can be pinned.
    return self.to_numpy().__dlpack__(**kwargs)


def _dlpack_device(self):
    return (1, 0)  # kDLCPU, device 0: the exported values live in host memory


def _reduce(self):
    return (from_numpy, (self.to_numpy(),))


def _deepcopy(self, memo):
    return _core_copy(self)


METHODS = {
    "__getitem__": _getitem, "__setitem__": _setitem, "__iter__": _iter,
    "__contains__": _contains, "__hash__": None,
    "__repr__": _printing.ndarray_repr, "__str__": _printing.ndarray_str,
    "__format__": _printing.ndarray_format,
    "__round__": _round, "__trunc__": _trunc,
    "__matmul__": _matmul, "__rmatmul__": _rmatmul, "__imatmul__": _imatmul,
    "__array_function__": array_function, "__array_ufunc__": array_ufunc,
    "__array_namespace__": _array_namespace, "__dlpack__": _dlpack,
    "__dlpack_device__": _dlpack_device, "__reduce__": _reduce,
    "__copy__": _copy, "__deepcopy__": _deepcopy,
    "item": _item, "tolist": _tolist, "reshape": _reshape, "transpose": _transpose,
    "flatten": _flatten, "ravel": _ravel, "squeeze": _squeeze, "swapaxes": _swapaxes,
    "astype": _astype, "view": _view, "copy": _copy, "clip": _clip,
    "conj": _conjugate, "conjugate": _conjugate,
    "mT": property(_matrix_transpose), "device": property(lambda self: "cpu"),
    "take": lambda self, indices, axis=None, out=None, mode="raise": _indexing.take(
        self, indices, axis, out, mode),
    "nonzero": lambda self: _indexing.nonzero(self),
    "compress": lambda self, condition, axis=None, out=None: _indexing.compress(
        condition, self, axis, out),
    "put": lambda self, indices, values, mode="raise": _indexing.put(self, indices, values, mode),
    "round": lambda self, decimals=0, out=None: _math.round(self, decimals, out),
    "cumsum": lambda self, axis=None, dtype=None, out=None: _math.cumsum(self, axis, dtype, out),
    "cumprod": lambda self, axis=None, dtype=None, out=None: _math.cumprod(
        self, axis, dtype, out),
    "choose": lambda self, choices, out=None, mode="raise": _indexing.choose(
        self, choices, out, mode),
    **_searching.METHODS,  # sort, argsort, partition, argpartition, searchsorted
}

# numpy.ndarray methods a fallback cannot honour: they change the array's shape or flags in
# place, which a converted copy cannot carry back.
_NO_FALLBACK = frozenset({"resize", "setflags", "setfield", "getfield", "itemset"})


def install():
    """Attach the Python methods to the C++ ndarray class (once, on import)."""
    for name, value in METHODS.items():
        setattr(ndarray, name, value)


def install_fallback_methods():
    """Every other public numpy.ndarray method, run through NumPy (after all others)."""
    for name in dir(numpy.ndarray):
        if name.startswith("_") or name in _NO_FALLBACK or hasattr(ndarray, name):
            continue
        if callable(getattr(numpy.ndarray, name)):
            setattr(ndarray, name, fallback_method(name))

