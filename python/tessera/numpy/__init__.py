"""tessera.numpy: the drop-in NumPy module. ``import tessera.numpy as np`` and run unchanged.

The namespace mirrors NumPy's (DESIGN.md §4). Each part lives in a module named after its
section of NumPy's reference:

  _dtypes        data types, scalar types, constants, result_type / can_cast
  _creation      array, asarray, zeros, full, arange, linspace, eye, …
  _math          every ufunc object (C++) and its aliases, clip, round/around, cumsum/cumprod
  _manipulation  reshape, transpose, moveaxis, squeeze, broadcast_*, atleast_*, copyto, …
  _joining       concatenate, stack, *stack, append, split and friends, tile, repeat, diff
  _rearranging   flip, roll, rot90, pad, insert, delete, meshgrid, indices, tri, vander
  _logic         isclose, allclose, array_equal, array_equiv
  _searching     where, sort, argsort, searchsorted, partition, argpartition
  _sets          unique and unique_all/counts/inverse
  _statistics    bincount, histogram, digitize, median, quantile, percentile, average, cov,
                 corrcoef
  _indexing      take, compress, extract, put, putmask, place, nonzero, flatnonzero, argwhere,
                 choose, select;
                 advanced indices on the runtime
  _reductions    sum, prod, max, min, argmax, mean, var, std, any, all, count_nonzero, ptp,
                 the nan* reductions
  _printing      array_repr, array2string, print options; ndarray repr/str/format
  _config        errstate and friends, show_config
  _ndarray       Python methods of the C++ ndarray class
  _linalg_products  matmul, dot, vdot, inner, outer, tensordot, einsum, diagonal, trace, diag,
                 tril, triu
  _interop       __array_function__, __array_ufunc__ and the fallback through NumPy
  linalg         numpy.linalg through LAPACK; random: Philox streams; fft: through NumPy

Any other NumPy name resolves through this module's ``__getattr__``: functions run through
NumPy with a one-time RuntimeWarning, other objects are NumPy's own.
"""

import numpy as _numpy

from tessera import _core
from tessera.numpy import (
    _config,
    _creation,
    _dtypes,
    _indexing,
    _interop,
    _joining,
    _linalg_products,
    _logic,
    _manipulation,
    _math,
    _ndarray,
    _printing,
    _rearranging,
    _searching,
    _sets,
    _statistics,
    fft,
    linalg,
    random,
)
from tessera.numpy._reductions import (
    all,
    amax,
    amin,
    any,
    argmax,
    argmin,
    count_nonzero,
    install_methods,
    max,
    mean,
    min,
    nanargmax,
    nanargmin,
    nanmax,
    nanmean,
    nanmin,
    nanprod,
    nanstd,
    nansum,
    nanvar,
    prod,
    ptp,
    std,
    sum,
    var,
)

ndarray = _core.ndarray

__all__ = ["all", "amax", "amin", "any", "argmax", "argmin", "count_nonzero", "fft", "linalg",
           "max", "mean", "min", "nanargmax", "nanargmin", "nanmax", "nanmean", "nanmin",
           "nanprod", "nanstd", "nansum", "nanvar", "ndarray", "prod", "ptp", "random", "std",
           "sum", "var"]

for _module in (_config, _creation, _dtypes, _indexing, _joining, _linalg_products, _logic,
                _manipulation, _math, _printing, _rearranging, _searching, _sets,
                _statistics):
    globals().update({name: getattr(_module, name) for name in _module.__all__})
    __all__.extend(_module.__all__)
del _module

# Order matters: Python methods first, then the reduction methods, then a NumPy fallback for
# every numpy.ndarray method still missing.
_ndarray.install()
install_methods(ndarray)
_joining.install_methods(ndarray)
_ndarray.install_fallback_methods()
_math.install_ufunc_methods()
del install_methods

_interop.install_fallback_getattr(globals(), _numpy)
