"""Mathematical functions (NumPy reference: "Universal functions", "Mathematical functions").

Every ufunc is a C++ object from ``_core.ufuncs``, exported under NumPy's name and its aliases.
The ufunc methods NumPy has and the core lacks (reduce with where=, accumulate, outer, at,
reduceat) are attached here and run through NumPy.
"""

import operator

import numpy

from tessera import _core
from tessera.numpy._interop import call_numpy, ndarray, warn_fallback

ufunc = type(_core.ufuncs["add"])

globals().update(_core.ufuncs)

# NumPy's other names for the same ufuncs, including the NumPy 2 array-API spellings.
ALIASES = {
    "true_divide": "divide", "mod": "remainder", "abs": "absolute", "conj": "conjugate",
    "bitwise_not": "invert", "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift", "pow": "power", "acos": "arccos", "asin": "arcsin",
    "atan": "arctan", "acosh": "arccosh", "asinh": "arcsinh", "atanh": "arctanh",
    "atan2": "arctan2",
}
globals().update({alias: _core.ufuncs[name] for alias, name in ALIASES.items()})

__all__ = ["clip", "ufunc"]
__all__.extend(sorted(_core.ufuncs) + sorted(ALIASES))

_NoValue = numpy._NoValue


# ----------------------------------------------------------------------------- ufunc methods


def _through_numpy(method_name, mutates=None):
    """A ufunc method that runs the NumPy ufunc's method of the same name."""

    def method(self, *args, **kwargs):
        warn_fallback(f"{self.__name__}.{method_name}")
        numpy_method = getattr(getattr(numpy, self.__name__), method_name)
        return call_numpy(numpy_method, args, kwargs, mutates)

    method.__name__ = method_name
    method.__doc__ = f"numpy.ufunc.{method_name}, run through NumPy (tessera lacks it)."
    return method


def install_ufunc_methods():
    """Give tessera's ufunc class NumPy's reduce signature and the methods the core lacks."""
    core_reduce = ufunc.reduce

    def reduce(self, array, axis=0, dtype=None, out=None, keepdims=False, initial=_NoValue,
               where=True):
        """numpy.ufunc.reduce; a where= mask runs through NumPy for now."""
        if where is not True:
            warn_fallback(f"{self.__name__}.reduce with where=")
            kwargs = {"axis": axis, "dtype": dtype, "out": out, "keepdims": keepdims,
                      "where": where}
            if initial is not _NoValue:
                kwargs["initial"] = initial
            return call_numpy(getattr(numpy, self.__name__).reduce, (array,), kwargs)
        return core_reduce(self, array, axis, dtype, out, keepdims,
                           None if initial is _NoValue else initial)

    ufunc.reduce = reduce
    ufunc.accumulate = _through_numpy("accumulate")
    ufunc.reduceat = _through_numpy("reduceat")
    ufunc.outer = _through_numpy("outer")
    ufunc.at = _through_numpy("at", mutates=(0, "a"))


# ----------------------------------------------------------------------------- clip


def _clip_bounds(a_min, a_max, min, max):
    """NumPy 2's rules for the positional bounds and the min=/max= keywords."""
    if a_min is _NoValue and a_max is _NoValue:
        return (None if min is _NoValue else min), (None if max is _NoValue else max)
    if min is not _NoValue or max is not _NoValue:
        raise ValueError("Passing `min` or `max` keyword argument when `a_min` and `a_max` "
                         "are provided is forbidden.")
    return (None if a_min is _NoValue else a_min), (None if a_max is _NoValue else a_max)


def clip(a, a_min=_NoValue, a_max=_NoValue, out=None, *, min=_NoValue, max=_NoValue,
         **kwargs):
    """numpy.clip: values limited to [a_min, a_max] (either bound may be None).

    NumPy's own steps (numpy/_core/_methods.py:_clip): a Python int bound beyond an integer
    dtype's range is dropped, and a missing bound turns clip into maximum, minimum or positive.
    """
    lo, hi = _clip_bounds(a_min, a_max, min, max)
    if not isinstance(a, ndarray):
        a = _core.asarray(a)
    if a.dtype.kind in "iu":
        info = numpy.iinfo(a.dtype)
        if type(lo) is int and lo <= info.min:
            lo = None
        if type(hi) is int and hi >= info.max:
            hi = None
    if lo is None and hi is None:
        return _core.ufuncs["positive"](a, out=out, **kwargs)
    if lo is None:
        return _core.ufuncs["minimum"](a, hi, out=out, **kwargs)
    if hi is None:
        return _core.ufuncs["maximum"](a, lo, out=out, **kwargs)
    if kwargs or (out is not None and not isinstance(out, ndarray)):
        # ufunc keywords (where=, dtype=, casting=) or a NumPy out=: NumPy's clip.
        if kwargs:
            warn_fallback("clip with ufunc keywords")
        return call_numpy(numpy.clip, (a, lo, hi), {"out": out, **kwargs})
    result = _core.clip(a, lo, hi)
    if out is None:
        return result
    if not numpy.can_cast(result.dtype, out.dtype, "same_kind"):
        raise TypeError(f"Cannot cast ufunc 'clip' output from {result.dtype!r} to "
                        f"{out.dtype!r} with casting rule 'same_kind'")
    out[...] = result
    return out


# ----------------------------------------------------------------------------- cumsum, cumprod

__all__ += ["cumprod", "cumsum", "nancumprod", "nancumsum"]


def _scan(core_scan, a, axis, dtype, out):
    """A scan on the runtime (src/ops/scan.cc); with out=, the result cast into it, as NumPy."""
    if not isinstance(a, ndarray):
        a = _core.asarray(a)
    if axis is not None:
        axis = operator.index(axis)
    result = core_scan(a, axis, None if dtype is None else numpy.dtype(dtype))
    if out is None:
        return result
    if tuple(out.shape) != tuple(result.shape):
        raise ValueError("provided out is the wrong size for the accumulation.")
    out[...] = result if isinstance(out, ndarray) else numpy.asarray(result)
    return out


def cumsum(a, axis=None, dtype=None, out=None):
    """numpy.cumsum: running sums along `axis` (of the flattened array when None)."""
    return _scan(_core.cumsum, a, axis, dtype, out)


def cumprod(a, axis=None, dtype=None, out=None):
    """numpy.cumprod: running products along `axis` (of the flattened array when None)."""
    return _scan(_core.cumprod, a, axis, dtype, out)


def _nan_to(a, value):
    """a with NaN replaced by `value` (NumPy's _replace_nan); other dtypes unchanged."""
    if not isinstance(a, ndarray):
        a = _core.asarray(a)
    if a.dtype.kind not in "fc":
        return a
    return _core.where(_core.ufuncs["isnan"](a), value, a)


def nancumsum(a, axis=None, dtype=None, out=None):
    """numpy.nancumsum: cumsum with NaN counted as zero."""
    return cumsum(_nan_to(a, 0), axis, dtype, out)


def nancumprod(a, axis=None, dtype=None, out=None):
    """numpy.nancumprod: cumprod with NaN counted as one."""
    return cumprod(_nan_to(a, 1), axis, dtype, out)


# ----------------------------------------------------------------------------- round

__all__ += ["around", "round"]


def _power_of_ten(n):
    """NumPy's power_of_ten (calculation.c): exact table up to 1e8, then repeated * 10."""
    if n < 9:
        return (1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8)[n]
    ret = 1e9
    for _ in range(n - 9):
        ret *= 10.0
    return ret


def _round_real(a, decimals):
    """NumPy's PyArray_Round for a real array: rint of a * 10**d, divided back (reversed for
    negative d); integers with d >= 0 are copied, with d < 0 they round in float64 and cast
    back (wrapping as NumPy's cast does)."""
    u = _core.ufuncs
    kind = a.dtype.kind
    if decimals >= 0 and kind in "iu":
        return _core.copy(a)
    if decimals == 0:
        return u["rint"](a)
    if decimals > 0:
        op1, op2 = u["multiply"], u["divide"]
    else:
        op1, op2 = u["divide"], u["multiply"]
    f = _power_of_ten(abs(decimals))
    if kind in "iu":
        y = op1(a.astype(numpy.float64), f)
    else:
        y = op1(a, f)
    y = op2(u["rint"](y), f)
    return y.astype(a.dtype) if kind in "iu" else y


def round(a, decimals=0, out=None):
    """numpy.round: half to even at `decimals` digits (negative: left of the point), by NumPy's
    scale, rint and unscale; complex rounds both parts; integers stay integers."""
    decimals = operator.index(decimals)
    t = a if isinstance(a, ndarray) else _core.asarray(a)
    if t.dtype.kind == "b" or (out is not None and not isinstance(out, ndarray)):
        warn_fallback("round of booleans" if t.dtype.kind == "b" else "round with out= of "
                      "another array type")
        return call_numpy(numpy.round, (a, decimals), {"out": out})
    if t.dtype.kind == "c":
        result = _core.empty(t.shape, t.dtype)
        result.real[...] = _round_real(t.real, decimals)
        result.imag[...] = _round_real(t.imag, decimals)
    else:
        result = _round_real(t, decimals)
    if out is None:
        return result
    if tuple(out.shape) != tuple(result.shape):
        raise ValueError(f"non-broadcastable output operand with shape {tuple(out.shape)} "
                         f"doesn't match the broadcast shape {tuple(result.shape)}")
    out[...] = result
    return out


around = round
