"""Reductions (NumPy reference: sums and products, order statistics, averages and variances,
truth value testing, counting): sum, prod, max/min, argmax/argmin, mean, var, std, any, all,
count_nonzero, and the ndarray methods of the same names.

Arguments are normalised here (axis to None, an int or a tuple of ints; NumPy's <no value>
defaults to None or False) and the C++ core computes. What NumPy returns as a scalar comes back
as a 0-d tessera array, still deferred (DESIGN.md §4). A ``where=`` mask, ``var(mean=…)`` and
an ``out=`` that is not a tessera array run through NumPy, with the one-time fallback warning.
"""

import builtins
import operator

import numpy

from tessera import _core
from tessera.numpy._creation import asarray
from tessera.numpy._interop import call_numpy, ndarray, warn_fallback

_NoValue = numpy._NoValue

__all__ = ["all", "amax", "amin", "any", "argmax", "argmin", "count_nonzero", "max", "mean",
           "min", "prod", "std", "sum", "var"]


# ----------------------------------------------------------------------------- arguments


def _axis(axis):
    """None, an int, or a tuple of ints (NumPy takes any object with __index__)."""
    if axis is None:
        return None
    if isinstance(axis, tuple):
        return tuple(operator.index(ax) for ax in axis)
    return operator.index(axis)


def _ufunc_axis(a, axis):
    """The axis of a ufunc-style reduction of `a`: NumPy lets a 0-d array reduce over an int
    axis 0 or -1 (as over no axis), but not over a tuple (ufunc_object.c, PyUFunc_Reduce)."""
    axis = _axis(axis)
    if a.ndim == 0 and axis in (0, -1) and not isinstance(axis, tuple):
        return ()
    return axis


def _array(a):
    return a if type(a) is ndarray else asarray(a)


def _flag(keepdims):
    return keepdims is not _NoValue and builtins.bool(keepdims)


def _out(out):
    """The out= array: one tessera array, or None. A 1-tuple is unpacked as ufuncs allow."""
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry")
        out = out[0]
    return out


def _through_numpy(out, where):
    """Whether this call needs NumPy: a where= mask, or an out= that is not a tessera array.
    (Kept cheap: it runs on every call, and small reductions should cost what NumPy's do.)"""
    return ((where is not _NoValue and where is not True)
            or (out is not None and not isinstance(out, ndarray)))


def _numpy_call(name, a, **kwargs):
    """numpy.<name>(a, **kwargs) on converted arguments, warning once per reason."""
    kwargs = {k: v for k, v in kwargs.items() if v is not _NoValue}
    out = kwargs.get("out")
    if out is not None and not isinstance(out, ndarray):
        reason = "out= of another array type"
    else:
        reason = " and ".join(f"{k}=" for k in ("where", "mean") if k in kwargs)
    warn_fallback(f"{name} with {reason}", stacklevel=5)  # the caller of numpy.<name>
    return call_numpy(getattr(numpy, name), (a,), kwargs)


# ----------------------------------------------------------------------------- functions


def _with_initial(name, core, a, axis, dtype, out, keepdims, initial, where):
    out = _out(out)
    if _through_numpy(out, where):
        extra = {} if dtype is None else {"dtype": dtype}
        return _numpy_call(name, a, axis=axis, out=out, keepdims=keepdims, initial=initial,
                           where=where, **extra)
    a = _array(a)
    initial = None if initial is _NoValue else initial
    return core(a, _ufunc_axis(a, axis), dtype, out, _flag(keepdims), initial)


def sum(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
        where=_NoValue):
    """numpy.sum: bools and small integers add up in int64 (uint64 if unsigned)."""
    return _with_initial("sum", _core.sum, a, axis, dtype, out, keepdims, initial, where)


def prod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
         where=_NoValue):
    """numpy.prod: bools and small integers multiply in int64 (uint64 if unsigned)."""
    return _with_initial("prod", _core.prod, a, axis, dtype, out, keepdims, initial, where)


def max(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.max: NaN propagates; an empty reduction needs `initial`."""
    return _with_initial("max", _core.amax, a, axis, None, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.min: NaN propagates; an empty reduction needs `initial`."""
    return _with_initial("min", _core.amin, a, axis, None, out, keepdims, initial, where)


def amax(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.amax, the same as max."""
    return _with_initial("amax", _core.amax, a, axis, None, out, keepdims, initial, where)


def amin(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.amin, the same as min."""
    return _with_initial("amin", _core.amin, a, axis, None, out, keepdims, initial, where)


def _logical(name, core, a, axis, out, keepdims, where):
    out = _out(out)
    if _through_numpy(out, where):
        return _numpy_call(name, a, axis=axis, out=out, keepdims=keepdims, where=where)
    a = _array(a)
    return core(a, _ufunc_axis(a, axis), out, _flag(keepdims))


def any(a, axis=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """numpy.any: a bool result (NaN counts as true)."""
    return _logical("any", _core.any, a, axis, out, keepdims, where)


def all(a, axis=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """numpy.all: a bool result (NaN counts as true)."""
    return _logical("all", _core.all, a, axis, out, keepdims, where)


def _arg(name, core, a, axis, out, keepdims):
    out = _out(out)
    if _through_numpy(out, _NoValue):
        return _numpy_call(name, a, axis=axis, out=out, keepdims=keepdims)
    axis = None if axis is None else operator.index(axis)
    return core(_array(a), axis, out, _flag(keepdims))


def argmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """numpy.argmax: the first maximum (the first NaN, if any); axis None flattens."""
    return _arg("argmax", _core.argmax, a, axis, out, keepdims)


def argmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """numpy.argmin: the first minimum (the first NaN, if any); axis None flattens."""
    return _arg("argmin", _core.argmin, a, axis, out, keepdims)


def mean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """numpy.mean: integers average in float64; float16 sums in float32 and returns float16."""
    out = _out(out)
    if _through_numpy(out, where):
        return _numpy_call("mean", a, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                           where=where)
    return _core.mean(_array(a), _axis(axis), dtype, out, _flag(keepdims))


def _moment(name, core, a, axis, dtype, out, ddof, keepdims, where, mean, correction):
    out = _out(out)
    if correction is not _NoValue:
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        ddof = correction
    if _through_numpy(out, where) or mean is not _NoValue:
        return _numpy_call(name, a, axis=axis, dtype=dtype, out=out, ddof=ddof,
                           keepdims=keepdims, where=where, mean=mean)
    return core(_array(a), _axis(axis), dtype, out, float(ddof), _flag(keepdims))


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
        mean=_NoValue, correction=_NoValue):
    """numpy.var: mean of |x - x.mean()|**2 over n - ddof; complex input gives a real result."""
    return _moment("var", _core.var, a, axis, dtype, out, ddof, keepdims, where, mean,
                   correction)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
        mean=_NoValue, correction=_NoValue):
    """numpy.std: the square root of var."""
    return _moment("std", _core.std, a, axis, dtype, out, ddof, keepdims, where, mean,
                   correction)


def count_nonzero(a, axis=None, *, keepdims=False):
    """numpy.count_nonzero: an int64 count (0-d when every axis is counted)."""
    a = _array(a)
    return _core.count_nonzero(a, _ufunc_axis(a, axis), builtins.bool(keepdims))


# ----------------------------------------------------------------------------- methods


# The methods call the shared helpers directly: a.sum() on a small array is mostly overhead.


def _method_sum(self, axis=None, dtype=None, out=None, keepdims=False, initial=_NoValue,
                where=True):
    return _with_initial("sum", _core.sum, self, axis, dtype, out, keepdims, initial, where)


def _method_prod(self, axis=None, dtype=None, out=None, keepdims=False, initial=_NoValue,
                 where=True):
    return _with_initial("prod", _core.prod, self, axis, dtype, out, keepdims, initial, where)


def _method_max(self, axis=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _with_initial("max", _core.amax, self, axis, None, out, keepdims, initial, where)


def _method_min(self, axis=None, out=None, keepdims=False, initial=_NoValue, where=True):
    return _with_initial("min", _core.amin, self, axis, None, out, keepdims, initial, where)


def _method_argmax(self, axis=None, out=None, *, keepdims=False):
    return argmax(self, axis, out, keepdims=keepdims)


def _method_argmin(self, axis=None, out=None, *, keepdims=False):
    return argmin(self, axis, out, keepdims=keepdims)


def _method_mean(self, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    return mean(self, axis, dtype, out, keepdims, where=where)


def _method_var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
                mean=_NoValue, correction=_NoValue):
    return var(self, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
               correction=correction)


def _method_std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
                mean=_NoValue, correction=_NoValue):
    return std(self, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
               correction=correction)


def _method_any(self, axis=None, out=None, keepdims=False, *, where=True):
    return any(self, axis, out, keepdims, where=where)


def _method_all(self, axis=None, out=None, keepdims=False, *, where=True):
    return all(self, axis, out, keepdims, where=where)


_METHODS = {
    "sum": _method_sum, "prod": _method_prod, "max": _method_max, "min": _method_min,
    "argmax": _method_argmax, "argmin": _method_argmin, "mean": _method_mean,
    "var": _method_var, "std": _method_std, "any": _method_any, "all": _method_all,
}


def install_methods(ndarray_cls):
    """Attach the reduction methods, with numpy.ndarray's signatures, to the ndarray class."""
    for name, method in _METHODS.items():
        method.__name__ = name
        method.__qualname__ = f"ndarray.{name}"
        method.__doc__ = f"a.{name}(…): see tessera.numpy.{name} (numpy.ndarray.{name})."
        setattr(ndarray_cls, name, method)
