"""Logic functions (NumPy reference: "Logic functions"): comparisons of whole arrays.

Built from tessera ufuncs with NumPy's own formulas, so results (and dtypes) are NumPy's and
the work runs on the runtime; only the final Python bool waits for it.
"""

import builtins
import warnings

import numpy

from tessera import _core
from tessera.numpy._creation import asanyarray, asarray
from tessera.numpy._dtypes import result_type

__all__ = ["allclose", "array_equal", "array_equiv", "isclose"]

_u = _core.ufuncs


def _finite_tolerance(atol, rtol):
    """NumPy warns (by numpy.geterr()['invalid']) about a nan or inf tolerance."""
    if numpy.all(numpy.isfinite(numpy.asarray(atol))) and numpy.all(
            numpy.isfinite(numpy.asarray(rtol))):
        return
    message = f"One of rtol or atol is not valid, atol: {atol}, rtol: {rtol}"
    action = numpy.geterr()["invalid"]
    if action == "warn":
        warnings.warn(message, RuntimeWarning, stacklevel=3)
    elif action == "raise":
        raise FloatingPointError(message)
    elif action == "print":
        print(message)


def isclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """numpy.isclose: abs(a - b) <= atol + rtol * abs(b), element-wise, inf == inf."""
    x, y, atol, rtol = (v if isinstance(v, (int, float, complex)) else asanyarray(v)
                        for v in (a, b, atol, rtol))
    # y is made inexact so that abs() of the most negative integer cannot overflow.
    if getattr(y, "dtype", None) is not None:
        y = asanyarray(y, dtype=result_type(y, 1.))
    elif isinstance(y, int):
        y = float(y)
    _finite_tolerance(atol, rtol)
    result = (_u["less_equal"](abs(x - y), atol + rtol * abs(y))
              & _u["isfinite"](y)
              | _u["equal"](x, y))
    if equal_nan:
        result = result | (_u["isnan"](x) & _u["isnan"](y))
    return result[()]


def allclose(a, b, rtol=1.e-5, atol=1.e-8, equal_nan=False):
    """numpy.allclose: whether every element isclose (a Python bool)."""
    return builtins.bool(asarray(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))
                         .all())


def array_equal(a1, a2, equal_nan=False):
    """numpy.array_equal: same shape and elements (a Python bool)."""
    try:
        a1, a2 = asarray(a1), asarray(a2)
    except Exception:  # noqa: BLE001 - NumPy answers False for anything not an array
        return False
    if a1.shape != a2.shape:
        return False
    if not equal_nan:
        return builtins.bool(asarray(a1 == a2).all())
    if a1 is a2:
        return True
    if a1.dtype.kind in "biu" and a2.dtype.kind in "biu":
        return builtins.bool(asarray(a1 == a2).all())
    a1nan, a2nan = _u["isnan"](a1), _u["isnan"](a2)
    if not builtins.bool((a1nan == a2nan).all()):
        return False
    # NumPy compares a1[~a1nan] with a2[~a1nan]; masking the nan positions instead keeps the
    # work element-wise (no data-dependent shapes).
    return builtins.bool(((a1 == a2) | a1nan).all())


def array_equiv(a1, a2):
    """numpy.array_equiv: equal after broadcasting (a Python bool)."""
    try:
        a1, a2 = asarray(a1), asarray(a2)
        _core.broadcast_shapes(a1.shape, a2.shape)
    except Exception:  # noqa: BLE001 - not broadcastable: not equivalent
        return False
    return builtins.bool(asarray(a1 == a2).all())
