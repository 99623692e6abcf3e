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
import warnings

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


# ----------------------------------------------------------------------------- ptp, nan*

__all__ += ["nanargmax", "nanargmin", "nanmax", "nanmean", "nanmin", "nanprod", "nanstd",
            "nansum", "nanvar", "ptp"]


def ptp(a, axis=None, out=None, keepdims=_NoValue):
    """numpy.ptp: max - min along `axis` (NumPy's subtract of the two reductions)."""
    a = _array(a)
    hi = max(a, axis, out, keepdims)
    lo = min(a, axis, None, keepdims)
    return _core.ufuncs["subtract"](hi, lo, out=_out(out))


def _nan_mask(a):
    """(a, isnan(a)) for inexact arrays, (a, None) for others (NumPy's _replace_nan)."""
    a = _array(a)
    if a.dtype.kind not in "fc":
        return a, None
    return a, _core.ufuncs["isnan"](a)


def _replaced(a, mask, value):
    return a if mask is None else _core.where(mask, value, a)


def _bool_any(x):
    return builtins.bool(_core.any(x, None, None, False).item())


def nansum(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
           where=_NoValue):
    """numpy.nansum: sum with NaN counted as zero (an all-NaN slice sums to 0)."""
    a, mask = _nan_mask(a)
    return sum(_replaced(a, mask, 0), axis, dtype, out, keepdims, initial, where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue,
            where=_NoValue):
    """numpy.nanprod: product with NaN counted as one."""
    a, mask = _nan_mask(a)
    return prod(_replaced(a, mask, 1), axis, dtype, out, keepdims, initial, where)


def _nan_extreme(name, ufunc_name, plain, a, axis, out, keepdims, initial, where):
    a = _array(a)
    if a.dtype.kind not in "fc":
        return plain(a, axis, out, keepdims, initial, where)
    out = _out(out)
    if _through_numpy(out, where):
        return _numpy_call(name, a, axis=axis, out=out, keepdims=keepdims, initial=initial,
                           where=where)
    kwargs = {"keepdims": _flag(keepdims)}
    if initial is not _NoValue:
        kwargs["initial"] = initial
    res = _core.ufuncs[ufunc_name].reduce(a, axis=_ufunc_axis(a, axis), out=out, **kwargs)
    if _bool_any(_core.ufuncs["isnan"](res)):
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
    return res


def nanmax(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.nanmax: fmax.reduce (NaN ignored); an all-NaN slice gives NaN and a warning."""
    return _nan_extreme("nanmax", "fmax", max, a, axis, out, keepdims, initial, where)


def nanmin(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """numpy.nanmin: fmin.reduce (NaN ignored); an all-NaN slice gives NaN and a warning."""
    return _nan_extreme("nanmin", "fmin", min, a, axis, out, keepdims, initial, where)


def _nan_arg(plain, fill, a, axis, out, keepdims):
    a, mask = _nan_mask(a)
    if mask is not None and mask.size:
        axis_ = None if axis is None else operator.index(axis)
        if _bool_any(_core.all(mask, axis_, None, False)):
            raise ValueError("All-NaN slice encountered")
        a = _core.where(mask, fill, a)
    return plain(a, axis, out, keepdims=keepdims)


def nanargmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """numpy.nanargmax: argmax ignoring NaN; ValueError for an all-NaN slice."""
    return _nan_arg(argmax, -numpy.inf, a, axis, out, keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """numpy.nanargmin: argmin ignoring NaN; ValueError for an all-NaN slice."""
    return _nan_arg(argmin, numpy.inf, a, axis, out, keepdims)


def _inexact_dtype(dtype, a):
    if dtype is not None:
        dtype = numpy.dtype(dtype)
        if a.dtype.kind in "fc" and dtype.kind not in "fc":
            raise TypeError("If a is inexact, then dtype must be inexact")
    return dtype


def _divide_by_count(tot, cnt):
    """tot / cnt kept in tot's dtype (NumPy divides with out=tot, casting='unsafe')."""
    res = _core.ufuncs["divide"](tot, cnt)
    return res if res.dtype == tot.dtype else res.astype(tot.dtype)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """numpy.nanmean: the mean of the non-NaN values; an all-NaN slice gives NaN and a
    RuntimeWarning."""
    a, mask = _nan_mask(a)
    if mask is None:
        return mean(a, axis, dtype, out, keepdims, where=where)
    out = _out(out)
    if _through_numpy(out, where):
        return _numpy_call("nanmean", a, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                           where=where)
    dtype = _inexact_dtype(dtype, a)
    ax, kd = _ufunc_axis(a, axis), _flag(keepdims)
    cnt = _core.sum(_core.ufuncs["logical_not"](mask), ax, numpy.intp, None, kd, None)
    tot = _core.sum(_core.where(mask, 0, a), ax, dtype, None, kd, None)
    avg = _divide_by_count(tot, cnt)
    if _bool_any(_core.ufuncs["equal"](cnt, 0)):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    if out is None:
        return avg
    out[...] = avg
    return out


def _nanvar(name, a, axis, dtype, out, ddof, keepdims, where, mean_, correction):
    """NumPy's nanvar steps: mean of the non-NaN values, squared deviations with NaN as 0,
    their sum over count - ddof (NaN and a warning where that is <= 0)."""
    if correction is not _NoValue:
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        ddof = correction
    a, mask = _nan_mask(a)
    if mask is None:
        plain = var if name == "nanvar" else std
        return plain(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean_)
    out = _out(out)
    if _through_numpy(out, where) or mean_ is not _NoValue:
        return _numpy_call(name, a, axis=axis, dtype=dtype, out=out, ddof=ddof,
                           keepdims=keepdims, where=where, mean=mean_)
    dtype = _inexact_dtype(dtype, a)
    u = _core.ufuncs
    ax, kd = _ufunc_axis(a, axis), _flag(keepdims)
    arr = _core.where(mask, 0, a)
    cnt = _core.sum(u["logical_not"](mask), ax, numpy.intp, None, True, None)
    avg = _divide_by_count(_core.sum(arr, ax, dtype, None, True, None), cnt)
    dev = u["subtract"](arr, avg)
    if dev.dtype != arr.dtype:
        dev = dev.astype(arr.dtype)
    dev = _core.where(mask, 0, dev)
    if dev.dtype.kind == "c":
        sqr = u["multiply"](dev, u["conjugate"](dev)).real
    else:
        sqr = u["multiply"](dev, dev)
    res = _core.sum(sqr, ax, dtype, None, kd, None)
    if res.ndim < cnt.ndim:
        cnt = _core.reshape(cnt, res.shape)
    dof = u["subtract"](cnt, ddof)
    res = _divide_by_count(res, dof)
    isbad = u["less_equal"](dof, 0)
    if _bool_any(isbad):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=3)
        res = _core.where(isbad, numpy.nan, res).astype(res.dtype)
    if name == "nanstd":
        res = u["sqrt"](res)
    if out is None:
        return res
    out[...] = res
    return out


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
           mean=_NoValue, correction=_NoValue):
    """numpy.nanvar: the variance of the non-NaN values."""
    return _nanvar("nanvar", a, axis, dtype, out, ddof, keepdims, where, mean, correction)


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *, where=_NoValue,
           mean=_NoValue, correction=_NoValue):
    """numpy.nanstd: the square root of nanvar."""
    return _nanvar("nanstd", a, axis, dtype, out, ddof, keepdims, where, mean, correction)
