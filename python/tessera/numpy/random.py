"""tessera.numpy.random: random sampling (NumPy's "Random sampling").

Samples come from a counter-based generator, Philox4x32-10 (Salmon et al., SC'11), run as a
tessera task (src/kernels/random/): element i of a call's array is computed from
(seed, stream, call number, i) alone, so the same seed gives bit-identical arrays whatever the
number of tiles, threads or devices (DESIGN.md §5). Each call advances the call number, so
successive calls give fresh numbers. The streams are tessera's own: they do not equal NumPy's.

Two front ends share one state type, as in NumPy: the legacy functions (``seed``, ``rand``,
``randint``, …) act on a global ``RandomState``; ``default_rng`` returns a ``Generator``.

TODO(kernel): ``choice``, ``permutation`` and ``shuffle`` run NumPy's algorithms on a NumPy
Generator seeded from tessera's state (one call number each) and convert the result to a tessera
array; they are deterministic per seed but not yet tessera tasks. Array-valued ``low``/``high``
of ``randint``/``integers`` take the same path.
"""

import operator
import secrets

import numpy

from tessera import _core
from tessera.numpy._creation import shape_tuple
from tessera.numpy._interop import install_fallback_getattr

ndarray = _core.ndarray

__all__ = [
    "Generator", "RandomState", "choice", "default_rng", "normal", "permutation", "rand",
    "randint", "randn", "random", "random_sample", "ranf", "sample", "seed", "shuffle",
    "standard_normal", "uniform",
]

_LEGACY_STREAM = 0
_GENERATOR_STREAM = 1


# ----------------------------------------------------------------------------- helpers


def _is_scalar(x):
    return numpy.ndim(x) == 0 if not isinstance(x, ndarray) else x.ndim == 0


def _float(x):
    return float(x.to_numpy()) if isinstance(x, ndarray) else float(x)


def _first(arr):
    """The single element of a 1-element tessera array, as a NumPy scalar."""
    return arr.to_numpy().reshape(-1)[0]


def _float_dtype(dtype, what):
    dt = numpy.dtype(dtype)
    if dt not in (numpy.dtype(numpy.float64), numpy.dtype(numpy.float32)):
        raise TypeError(f"Unsupported dtype {dt!r} for {what}")
    return dt


def _int_dtype(dtype, what):
    dt = numpy.dtype(dtype)
    if dt.kind not in "biu":
        raise TypeError(f"Unsupported dtype {dt!r} for {what}")
    return dt


def _int_bounds(low, high, dt, endpoint):
    """NumPy's checks of randint/integers bounds; returns (low, range) for the kernel."""
    low, high = operator.index(low), operator.index(high)
    if dt.kind == "b":
        lo_min, hi_max = 0, 1
    else:
        info = numpy.iinfo(dt)
        lo_min, hi_max = int(info.min), int(info.max)
    top = high if endpoint else high - 1
    if low < lo_min:
        raise ValueError(f"low is out of bounds for {dt.name}")
    if top > hi_max:
        raise ValueError(f"high is out of bounds for {dt.name}")
    if top < low:
        raise ValueError("low > high" if endpoint else "low >= high")
    span = top - low + 1  # 1 .. 2**64
    low64 = low - (1 << 64) if low >= (1 << 63) else low  # same bits as the uint64 value
    return low64, span % (1 << 64)


def _seed_word(seed):
    """A 64-bit key word from any NumPy-style seed (None: fresh OS entropy)."""
    if seed is None:
        return secrets.randbits(64)
    if isinstance(seed, ndarray):
        seed = seed.to_numpy()
    return int(numpy.random.SeedSequence(seed).generate_state(1, numpy.uint64)[0])


# ----------------------------------------------------------------------------- state


class _Philox:
    """A generator's state: key (seed, stream) and the number of the next call."""

    def __init__(self, seed_word, stream):
        self.seed = seed_word
        self.stream = stream
        self.call = 0

    def next_call(self):
        c = self.call
        self.call += 1
        return c

    def key(self):
        return self.seed, self.stream, self.next_call()

    def numpy_generator(self):
        """A NumPy Generator (RandomState for the legacy stream, so that its algorithms and
        messages are the legacy ones) seeded from this state, consuming one call: see the TODO
        in the module docstring."""
        bits = numpy.random.Philox(key=self.seed, counter=[0, 0, self.next_call(), self.stream])
        if self.stream == _LEGACY_STREAM:
            return numpy.random.RandomState(bits)
        return numpy.random.Generator(bits)


class _Sampler:
    """The samplers both front ends share; subclasses pick the scalar conventions."""

    def __init__(self, state):
        self._state = state

    def _shape(self, size):
        return None if size is None else shape_tuple(size)

    def _draw(self, fn, size, dtype, *params):
        shape = self._shape(size)
        out = fn(shape if shape is not None else (1,), dtype, *self._state.key(), *params)
        return out if shape is not None else _first(out)

    def _affine(self, base, size, a, b):
        """a + b * sample, for scalar or array-valued a and b (NumPy broadcasting)."""
        if _is_scalar(a) and _is_scalar(b):
            r = self._draw(base, size, "float64", _float(a), _float(b))
            return float(r) if size is None else r
        from tessera.numpy import asarray, broadcast_shapes
        a, b = asarray(a), asarray(b)
        shape = self._shape(size)
        if shape is None:
            shape = broadcast_shapes(a.shape, b.shape)
        return a + b * base(shape, "float64", *self._state.key(), 0.0, 1.0)

    def _random(self, size, dtype):
        dt = _float_dtype(dtype, "random")
        return self._draw(_core.random_uniform, size, dt.name, 0.0, 1.0)

    def _uniform(self, low, high, size):
        if _is_scalar(low) and _is_scalar(high):
            r = self._draw(_core.random_uniform, size, "float64", _float(low), _float(high))
            return float(r) if size is None else r
        return self._affine(_core.random_uniform, size, low, _sub(high, low))

    def _normal(self, loc, scale, size):
        if _is_scalar(scale):
            if _float(scale) < 0:
                raise ValueError("scale < 0")
        elif bool(numpy.any(numpy.asarray(_to_np(scale)) < 0)):
            raise ValueError("scale < 0")
        return self._affine(_core.random_normal, size, loc, scale)

    def _integers(self, low, high, size, dtype, endpoint, what):
        dt = _int_dtype(dtype, what)
        if high is None:
            low, high = 0, low
        if not (_is_scalar(low) and _is_scalar(high)):
            rng = self._state.numpy_generator()
            if isinstance(rng, numpy.random.RandomState):
                r = rng.randint(_to_np(low), _to_np(high), size=size, dtype=dt)
            else:
                r = rng.integers(_to_np(low), _to_np(high), size=size, dtype=dt,
                                 endpoint=endpoint)
            return _from_np(r)
        low64, span = _int_bounds(low, high, dt, endpoint)
        return self._draw(_core.random_integers, size, dt.name, low64, span)

    # The NumPy-algorithm samplers (TODO(kernel) in the module docstring).

    def choice(self, a, size=None, replace=True, p=None):
        """numpy.random.choice (NumPy's algorithm; see the module docstring)."""
        r = self._state.numpy_generator().choice(_to_np(a), size=size, replace=replace,
                                                 p=_to_np(p))
        return _from_np(r)

    def permutation(self, x):
        """numpy.random.permutation (NumPy's algorithm; see the module docstring)."""
        return _from_np(self._state.numpy_generator().permutation(_to_np(x)))

    def shuffle(self, x):
        """numpy.random.shuffle, in place (NumPy's algorithm; see the module docstring)."""
        rng = self._state.numpy_generator()
        if isinstance(x, ndarray):
            tmp = x.to_numpy()
            rng.shuffle(tmp)
            x[...] = _from_np(tmp)
        else:
            rng.shuffle(x)


def _to_np(x):
    return x.to_numpy() if isinstance(x, ndarray) else x


def _from_np(r):
    if isinstance(r, numpy.ndarray):
        from tessera.numpy import asarray
        return asarray(r)
    return r


def _sub(a, b):
    from tessera.numpy import asarray
    return asarray(a) - asarray(b)


# ----------------------------------------------------------------------------- front ends


class RandomState(_Sampler):
    """NumPy's legacy RandomState API on tessera's Philox generator."""

    def __init__(self, seed=None):
        super().__init__(_Philox(0, _LEGACY_STREAM))
        self.seed(seed)

    def seed(self, seed=None):
        """Reset the state: a seed in [0, 2**32), an array of such, or None (OS entropy)."""
        if seed is None:
            word = secrets.randbits(64)
        elif _is_scalar(seed):
            s = operator.index(seed)
            if not 0 <= s < 2**32:
                raise ValueError("Seed must be between 0 and 2**32 - 1")
            word = s
        else:
            word = _seed_word(seed)
        self._state = _Philox(word, _LEGACY_STREAM)

    def random_sample(self, size=None):
        """Uniform floats in [0, 1) (53 random bits)."""
        return _py_float(self._random(size, "float64"), size)

    random = ranf = sample = random_sample

    def rand(self, *shape):
        """Uniform floats in [0, 1) of the given shape."""
        return self.random_sample(shape if shape else None)

    def randn(self, *shape):
        """Standard normal samples of the given shape."""
        return self.standard_normal(shape if shape else None)

    def standard_normal(self, size=None):
        """Standard normal samples (Box–Muller, one pair of uniforms per element)."""
        return self._normal(0.0, 1.0, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._normal(loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._uniform(low, high, size)

    def randint(self, low, high=None, size=None, dtype=int):
        """Integers in [low, high) (in [0, low) when high is None)."""
        r = self._integers(low, high, size, dtype, False, "randint")
        if not isinstance(r, ndarray) and (dtype is int or dtype is bool):
            return dtype(r)  # NumPy returns Python scalars for these two
        return r


class Generator(_Sampler):
    """NumPy's Generator API on tessera's Philox generator (``default_rng``)."""

    def random(self, size=None, dtype=numpy.float64, out=None):
        """Uniform floats in [0, 1): float64 (53 random bits) or float32 (24)."""
        if out is not None:
            raise NotImplementedError("tessera's Generator.random does not take out=")
        return _py_float(self._random(size, dtype), size)  # NumPy: a Python float, any dtype

    def integers(self, low, high=None, size=None, dtype=numpy.int64, endpoint=False):
        """Integers in [low, high), or [low, high] with endpoint=True."""
        return self._integers(low, high, size, dtype, endpoint, "integers")

    def standard_normal(self, size=None, dtype=numpy.float64, out=None):
        if out is not None:
            raise NotImplementedError("tessera's Generator.standard_normal does not take out=")
        dt = _float_dtype(dtype, "standard_normal")
        if dt == numpy.float64:
            return self._normal(0.0, 1.0, size)
        return _py_float(self._draw(_core.random_normal, size, dt.name, 0.0, 1.0), size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._normal(loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._uniform(low, high, size)

    def shuffle(self, x, axis=0):
        if axis != 0:
            raise NotImplementedError("tessera's Generator.shuffle supports axis=0 only")
        super().shuffle(x)


def _py_float(r, size):
    return float(r) if size is None else r


def default_rng(seed=None):
    """A new Generator; seed as NumPy's (None, int >= 0, sequence of ints, or a Generator)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(_Philox(_seed_word(seed), _GENERATOR_STREAM))


# ----------------------------------------------------------------------------- legacy functions

_global = RandomState()


def seed(seed=None):
    """Reseed the global RandomState."""
    _global.seed(seed)


def get_state():
    """NotImplementedError: tessera's state is (seed, stream, call), not a Mersenne Twister."""
    raise NotImplementedError("tessera.numpy.random has no Mersenne Twister state; use seed()")


def _legacy(name):
    def f(*args, **kwargs):
        return getattr(_global, name)(*args, **kwargs)

    f.__name__ = name
    f.__doc__ = getattr(RandomState, name).__doc__
    return f


rand = _legacy("rand")
randn = _legacy("randn")
random = _legacy("random")
random_sample = _legacy("random_sample")
ranf = _legacy("ranf")
sample = _legacy("sample")
randint = _legacy("randint")
uniform = _legacy("uniform")
normal = _legacy("normal")
standard_normal = _legacy("standard_normal")
choice = _legacy("choice")
permutation = _legacy("permutation")
shuffle = _legacy("shuffle")

# Other numpy.random names (distributions not written yet) run through NumPy with a warning.
install_fallback_getattr(globals(), numpy.random, prefix="random.")
