"""NumPy interoperability: the array protocols, and running what tessera lacks through NumPy.

DESIGN.md §4: a NumPy function that tessera does not implement runs through NumPy on converted
inputs, with a one-time RuntimeWarning naming it, and its result is converted back, so that
programs always run and the warning says where speed is lost. The same path serves
``__array_function__`` / ``__array_ufunc__`` (NumPy's functions called on tessera arrays),
``tessera.numpy.X`` for a NumPy name tessera lacks, and ndarray methods tessera lacks.
"""

import functools
import inspect
import sys
import types
import warnings

import numpy

from tessera import _core

ndarray = _core.ndarray

# Functions that write into an argument: (position, keyword) of that argument. Running them on
# a converted copy would lose the write, so the copy is written back into the tessera array.
MUTATES = {
    "copyto": (0, "dst"), "put": (0, "a"), "place": (0, "arr"), "putmask": (0, "a"),
    "fill_diagonal": (0, "a"), "put_along_axis": (0, "arr"), "random.shuffle": (0, "x"),
}

_warned = set()


def warn_fallback(name, stacklevel=3):
    """Warn, once per name, that numpy.<name> runs through NumPy.

    The default stacklevel points at the caller of the function that calls this one.
    """
    if name in _warned:
        return
    _warned.add(name)
    warnings.warn(f"tessera does not implement numpy.{name}; running it through NumPy",
                  RuntimeWarning, stacklevel=stacklevel)


def supported_dtype(dt):
    """Whether tessera has this dtype (bool, integers, float16/32/64, complex64/128)."""
    if dt.kind in "biu":
        return True
    return dt.kind in "fc" and dt.itemsize <= (8 if dt.kind == "f" else 16)


# ----------------------------------------------------------------------------- conversion


def to_numpy(x, memo=None):
    """Tessera arrays, also inside lists, tuples and dicts, as NumPy arrays.

    `memo` maps id(tessera array) -> its NumPy copy, so an array passed twice (as input and
    as out=) becomes one NumPy array and NumPy sees the aliasing the program meant.
    """
    if isinstance(x, ndarray):
        if memo is None:
            return x.to_numpy()
        if id(x) not in memo:
            memo[id(x)] = (x, x.to_numpy())
        return memo[id(x)][1]
    kind = type(x)
    if kind is tuple or kind is list:
        return kind(to_numpy(v, memo) for v in x)
    if kind is dict:
        return {k: to_numpy(v, memo) for k, v in x.items()}
    return x


def from_numpy(x, originals=None):
    """A NumPy result as tessera: arrays -> arrays, NumPy scalars -> 0-d arrays.

    Containers are converted element-wise; other values, and arrays of a dtype tessera lacks
    (strings, objects, datetimes), stay as they are. `originals` maps id(NumPy copy) -> the
    tessera array it was made from: NumPy handing back that very object (an out= argument)
    gives back the tessera array.
    """
    if originals and id(x) in originals:
        return originals[id(x)]
    if isinstance(x, numpy.ndarray):
        if not supported_dtype(x.dtype):
            return x
        if not x.dtype.isnative:
            x = x.astype(x.dtype.newbyteorder("="))
        return _core.from_numpy(x)
    if isinstance(x, numpy.generic):
        return from_numpy(numpy.asarray(x)) if supported_dtype(x.dtype) else x
    if isinstance(x, tuple) and hasattr(x, "_fields"):  # a named tuple, e.g. linalg results
        return type(x)(*(from_numpy(v, originals) for v in x))
    kind = type(x)
    if kind is tuple or kind is list:
        return kind(from_numpy(v, originals) for v in x)
    return x


def _written_arrays(args, kwargs, mutates):
    """The tessera arrays that NumPy will write into: out= and a mutated argument."""
    found = []
    out = kwargs.get("out")
    for o in out if isinstance(out, tuple) else (out,):
        if isinstance(o, ndarray):
            found.append(o)
    if mutates is not None:
        position, keyword = mutates
        target = args[position] if len(args) > position else kwargs.get(keyword)
        if isinstance(target, ndarray):
            found.append(target)
    return found


def call_numpy(func, args, kwargs, mutates=None):
    """Run a NumPy callable on converted arguments; write back what it wrote; convert back."""
    memo = {}
    np_args = to_numpy(args, memo)
    np_kwargs = to_numpy(kwargs, memo)
    result = func(*np_args, **np_kwargs)
    # A NumPy out= comes back as itself (numpy_array += tessera_array stays a NumPy array).
    out = kwargs.get("out")
    originals = {id(o): o for o in (out if isinstance(out, tuple) else (out,))
                 if isinstance(o, numpy.ndarray)}
    for target in _written_arrays(args, kwargs, mutates):
        written = memo[id(target)][1]
        target[...] = written
        originals[id(written)] = target
    # Inputs NumPy returns unchanged come back as the same tessera objects.
    for original, converted in memo.values():
        originals.setdefault(id(converted), original)
    return from_numpy(result, originals)


# ----------------------------------------------------------------------------- wrappers


def fallback_function(func, name):
    """A tessera.numpy function that runs NumPy's `func`, warning once."""
    mutates = MUTATES.get(name)

    @functools.wraps(func)
    def fallback(*args, **kwargs):
        warn_fallback(name)
        return call_numpy(func, args, kwargs, mutates)

    fallback._tessera_fallback = True
    return fallback


class FallbackUfunc:
    """Stands for a NumPy ufunc tessera lacks (matmul, isnat, …): every method runs NumPy's."""

    _tessera_fallback = True

    def __init__(self, ufunc):
        self._ufunc = ufunc
        self.__name__ = ufunc.__name__
        self.__doc__ = ufunc.__doc__

    def __call__(self, *args, **kwargs):
        warn_fallback(self.__name__)
        return call_numpy(self._ufunc, args, kwargs)

    def __getattr__(self, attr):
        value = getattr(self._ufunc, attr)
        if attr in ("reduce", "accumulate", "reduceat", "outer", "at"):
            return fallback_function(value, f"{self.__name__}.{attr}")
        return value

    def __repr__(self):
        return f"<ufunc {self.__name__!r} (through NumPy)>"


def wrap_numpy_attribute(value, name):
    """What tessera.numpy offers for NumPy's attribute `name` when it has none of its own."""
    if isinstance(value, numpy.ufunc):
        return FallbackUfunc(value)
    if isinstance(value, (type, types.ModuleType)) or not callable(value):
        # Classes (scalar types, exceptions, nditer…), submodules and constants work as they
        # are: NumPy converts tessera arrays through __array__ where it needs to.
        return value
    return fallback_function(value, name)


def install_fallback_getattr(module_globals, numpy_module, prefix=""):
    """Give a module PEP 562 __getattr__/__dir__ that fall back to `numpy_module`'s names."""
    module_name = module_globals["__name__"]

    def __getattr__(attr):
        if attr.startswith("__"):
            raise AttributeError(f"module {module_name!r} has no attribute {attr!r}")
        try:
            value = getattr(numpy_module, attr)
        except AttributeError:
            raise AttributeError(f"module {module_name!r} has no attribute {attr!r}") from None
        wrapped = wrap_numpy_attribute(value, prefix + attr)
        module_globals[attr] = wrapped  # later look-ups find it without this hook
        return wrapped

    def __dir__():
        return sorted(set(module_globals) | set(dir(numpy_module)))

    module_globals["__getattr__"] = __getattr__
    module_globals["__dir__"] = __dir__


# ----------------------------------------------------------------------------- protocols

# NumPy module of a function -> the tessera.numpy module that may implement it.
_NAMESPACES = {"numpy": "tessera.numpy", "numpy.linalg": "tessera.numpy.linalg",
               "numpy.fft": "tessera.numpy.fft", "numpy.random": "tessera.numpy.random"}


def _numpy_module_of(func):
    module = getattr(func, "__module__", None) or "numpy"
    if module.startswith(("numpy._core", "numpy.lib", "numpy.core")):
        return "numpy"
    return module


def numpy_name(func):
    """'sum', 'linalg.norm': how the fallback warning names a NumPy function."""
    module = _numpy_module_of(func)
    prefix = module[len("numpy."):] + "." if module.startswith("numpy.") else ""
    return prefix + func.__name__


@functools.cache
def _accepted_keywords(impl):
    """Keyword names `impl` accepts, or None when it takes **kwargs or has no signature."""
    try:
        params = inspect.signature(impl).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return frozenset(p.name for p in params if p.kind is not p.POSITIONAL_ONLY)


def tessera_implementation(func, kwargs):
    """tessera's own function for NumPy's `func`, or None (then NumPy runs it)."""
    target = _NAMESPACES.get(_numpy_module_of(func))
    module = sys.modules.get(target) if target else None
    impl = module.__dict__.get(func.__name__) if module is not None else None
    if impl is None or getattr(impl, "_tessera_fallback", False) or impl is func:
        return None
    accepted = _accepted_keywords(impl)
    if accepted is not None and not accepted.issuperset(kwargs):
        return None  # a keyword only NumPy knows: NumPy's answer is the right one
    return impl


def array_function(self, func, types, args, kwargs):
    """ndarray.__array_function__: NumPy's functions called with tessera arrays."""
    impl = tessera_implementation(func, kwargs)
    if impl is not None:
        return impl(*args, **kwargs)
    name = numpy_name(func)
    warn_fallback(name)
    # _implementation skips NumPy's dispatch, which would only find no tessera array left.
    return call_numpy(getattr(func, "_implementation", func), args, kwargs, MUTATES.get(name))


_CALL_KEYWORDS = frozenset({"out", "where", "dtype", "casting", "order", "subok"})
_REDUCE_KEYWORDS = frozenset({"axis", "dtype", "out", "keepdims", "initial"})


def _numpy_out(kwargs):
    out = kwargs.get("out")
    return any(o is not None and not isinstance(o, ndarray)
               for o in (out if isinstance(out, tuple) else (out,)))


def array_ufunc(self, ufunc, method, *inputs, **kwargs):
    """ndarray.__array_ufunc__: NumPy's ufuncs (and operators of NumPy arrays) on tessera."""
    ours = _core.ufuncs.get(ufunc.__name__)
    if method == "reduce" and kwargs.get("where", True) is True:
        kwargs.pop("where", None)
        allowed = _REDUCE_KEYWORDS
    else:
        allowed = _CALL_KEYWORDS
    if (ours is not None and method in ("__call__", "reduce")
            and allowed.issuperset(kwargs) and not _numpy_out(kwargs)):
        if method == "reduce" and isinstance(kwargs.get("out"), tuple):
            kwargs["out"] = kwargs["out"][0]
        return ours(*inputs, **kwargs) if method == "__call__" else ours.reduce(*inputs, **kwargs)
    func = ufunc if method == "__call__" else getattr(ufunc, method)
    if ours is None and method == "__call__":
        impl = tessera_implementation(ufunc, kwargs)  # e.g. matmul, once tessera has it
        if impl is not None:
            return impl(*inputs, **kwargs)
    if not _numpy_out(kwargs):
        # Writing into a NumPy out= is NumPy's job and loses no speed: no warning for that.
        warn_fallback(ufunc.__name__ if method == "__call__" else f"{ufunc.__name__}.{method}")
    return call_numpy(func, inputs, kwargs, (0, "a") if method == "at" else None)


def fallback_method(name):
    """An ndarray method that runs numpy.ndarray's method of that name, warning once."""
    numpy_method = getattr(numpy.ndarray, name)
    # sort(), partition(), put(), byteswap(True) change the array itself.
    mutates = (0, "self") if name in ("sort", "partition", "put", "byteswap") else None

    @functools.wraps(numpy_method)
    def method(self, *args, **kwargs):
        warn_fallback(f"ndarray.{name}")
        return call_numpy(numpy_method, (self, *args), kwargs, mutates)

    method._tessera_fallback = True
    return method
