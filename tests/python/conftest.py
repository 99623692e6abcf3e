"""Shared helpers for the tessera test suite: NumPy computed in the same test is the oracle.

`check(fn, *args)` runs `fn(numpy, *args)` and `fn(tnp, *converted_args)` and compares the
results with `assert_same` (or, when NumPy raises, requires tessera to raise the same kind of
exception). Inputs come from `make`/`arg`, which cover every dtype and the layouts in `LAYOUTS`
(0-d, empty, contiguous, strided, reversed and transposed views). The `modes` fixture reruns a
test under each mapper setting of `tessera.config`.
"""

import contextlib
import math
import warnings

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp

# ----------------------------------------------------------------------------- dtypes

BOOL = [np.dtype(np.bool_)]
SIGNED = [np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64)]
UNSIGNED = [np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64)]
INTS = SIGNED + UNSIGNED
FLOATS = [np.dtype(t) for t in (np.float16, np.float32, np.float64)]
COMPLEX = [np.dtype(t) for t in (np.complex64, np.complex128)]
INEXACT = FLOATS + COMPLEX
NUMERIC = INTS + INEXACT
ALL_DTYPES = BOOL + NUMERIC

# Relative tolerance for reductions of inexact dtypes (summation order may differ).
REDUCE_RTOL = {"e": 1e-2, "f": 1e-5, "d": 1e-12, "F": 1e-5, "D": 1e-12}


def dtype_ids(dtypes):
    """Readable pytest ids for a list of dtypes."""
    return [np.dtype(d).name for d in dtypes]


def real_dtype(dt):
    """The component dtype of a complex dtype; other dtypes unchanged."""
    dt = np.dtype(dt)
    return np.empty(0, dt).real.dtype if dt.kind == "c" else dt


# Whether the GPU runs the kernels (tools/gpu.sh): CUDA's exp, log, sin, … differ from the C
# library's by an ulp or two, so "exact" float comparisons become "ulp" ones there.
GPU = tessera._core.config().get("gpus", 0) > 0


def ulp_rtol(dt):
    """A few units in the last place of `dt`, used for transcendental functions."""
    return 4 * float(np.finfo(real_dtype(dt)).eps)


# ----------------------------------------------------------------------------- inputs


class Viewed:
    """An input built as `view(base)` separately in each library, so tessera's views are used.

    Converting a NumPy view with tnp.asarray would give tessera a contiguous copy; taking the
    view after conversion exercises tessera's strided / reversed / transposed stores.
    """

    def __init__(self, base, view, name=""):
        self.base = base
        self.view = view
        self.name = name

    def numpy(self):
        return self.view(self.base.copy())

    def tessera(self):
        return self.view(tnp.asarray(self.base.copy()))

    def __repr__(self):
        return f"Viewed({self.name}, base shape {self.base.shape}, {self.base.dtype})"


def _int_bounds(dt, lo, hi):
    info = np.iinfo(dt)
    return max(int(lo), int(info.min)), min(int(hi), int(info.max))


def make(shape, dtype, lo=-10, hi=10, seed=0, nonzero=False, grid=None):
    """A NumPy array of `shape` and `dtype` with values in [lo, hi].

    Integers are uniform over the part of [lo, hi] the dtype can hold; bools are random; floats
    are uniform (or multiples of `grid` when given, so sums are exact in any order); complex
    values get independent real and imaginary parts. `nonzero` replaces zeros by one.
    """
    dt = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    if dt.kind == "b":
        out = np.array(rng.integers(0, 2, size=shape), dtype=bool)
        if nonzero:
            out[...] = True
        return out
    if dt.kind in "iu":
        a, b = _int_bounds(dt, lo, hi)
        out = rng.integers(a, b, size=shape, endpoint=True).astype(dt)
    else:
        part = real_dtype(dt)

        def draw():
            v = rng.uniform(lo, hi, size=shape)
            if grid:
                v = np.round(v / grid) * grid
            return v

        out = draw().astype(part)
        if dt.kind == "c":
            out = out + 1j * draw().astype(part)
    out = np.array(out, dtype=dt)
    if nonzero:
        out[out == 0] = 1
    return out


# name -> (base shape, view taken in each library or None)
LAYOUTS = {
    "0d": ((), None),
    "empty": ((0,), None),
    "empty2d": ((3, 0), None),
    "1d": ((5,), None),
    "2d": ((4, 6), None),
    "3d": ((2, 3, 4), None),
    "strided": ((11,), lambda x: x[::2]),
    "reversed": ((7,), lambda x: x[::-1]),
    "transposed": ((4, 6), lambda x: x.T),
    "mixed": ((6, 8), lambda x: x[1::2, ::-3]),
}

# name -> the two operands' layouts, each (base shape, view or None)
PAIRS = {
    "same1d": (((5,), None), ((5,), None)),
    "same3d": (((2, 3, 4), None), ((2, 3, 4), None)),
    "bcast": (((4, 1), None), ((3,), None)),
    "0d_1d": (((), None), ((5,), None)),
    "0d_0d": (((), None), ((), None)),
    "empty": (((3, 0), None), ((0,), None)),
    "views": (((11,), lambda x: x[::2]), ((6,), lambda x: x[::-1])),
    "transposed": (((4, 6), lambda x: x.T), ((6, 4), None)),
}


def arg(layout, dtype, lo=-10, hi=10, seed=0, nonzero=False, grid=None):
    """An input for `check`: a NumPy array, or a `Viewed` when the layout is a view."""
    shape, view = LAYOUTS[layout] if isinstance(layout, str) else layout
    base = make(shape, dtype, lo, hi, seed, nonzero, grid)
    if view is None:
        return base
    return Viewed(base, view, layout if isinstance(layout, str) else "view")


def pair(name, dtypes, domains=((-10, 10), (-10, 10)), nonzero=(False, False)):
    """Two inputs for a binary op, laid out as PAIRS[name]."""
    return tuple(
        arg(spec, dt, lo, hi, seed=i + 1, nonzero=nz)
        for i, (spec, dt, (lo, hi), nz) in enumerate(
            zip(PAIRS[name], dtypes, domains, nonzero, strict=True)
        )
    )


# ----------------------------------------------------------------------------- conversion


def to_np(x):
    """Tessera arrays (also inside tuples and lists) to NumPy arrays; other values unchanged."""
    if isinstance(x, tnp.ndarray):
        return np.asarray(x)
    if isinstance(x, tuple):
        return tuple(to_np(v) for v in x)
    if isinstance(x, list):
        return [to_np(v) for v in x]
    return x


def to_t(x):
    """NumPy arrays (and Viewed inputs) to fresh tessera arrays; scalars pass as they are."""
    if isinstance(x, Viewed):
        return x.tessera()
    if isinstance(x, np.ndarray):
        return tnp.asarray(x.copy())
    if isinstance(x, tuple):
        return tuple(to_t(v) for v in x)
    if isinstance(x, list):
        return [to_t(v) for v in x]
    if isinstance(x, dict):
        return {k: to_t(v) for k, v in x.items()}
    return x


def to_oracle(x):
    """The NumPy side of an input: a private copy, so the two runs never share memory."""
    if isinstance(x, Viewed):
        return x.numpy()
    if isinstance(x, np.ndarray):
        return x.copy()
    if isinstance(x, tuple):
        return tuple(to_oracle(v) for v in x)
    if isinstance(x, list):
        return [to_oracle(v) for v in x]
    if isinstance(x, dict):
        return {k: to_oracle(v) for k, v in x.items()}
    return x


# ----------------------------------------------------------------------------- comparison


def _fail(label, msg):
    raise AssertionError(f"[{label}] {msg}" if label else msg)


def _split_complex(a):
    return (a.real, a.imag) if a.dtype.kind == "c" else (a,)


def _compare_inexact(t, n, rtol, atol, signed_zero, label):
    """Positional nan/inf agreement, then |t - n| <= atol + rtol * |n| on finite entries."""
    for tp, np_ in zip(_split_complex(t), _split_complex(n), strict=True):
        if not np.array_equal(np.isnan(tp), np.isnan(np_)):
            _fail(label, f"nan positions differ:\n tessera {t}\n numpy   {n}")
        tinf, ninf = np.isinf(tp), np.isinf(np_)
        if not np.array_equal(tinf, ninf) or not np.array_equal(tp[tinf], np_[ninf]):
            _fail(label, f"inf positions differ:\n tessera {t}\n numpy   {n}")
        if signed_zero:
            zero = np_ == 0
            if not np.array_equal(np.signbit(tp[zero]), np.signbit(np_[zero])):
                _fail(label, f"signs of zeros differ:\n tessera {t}\n numpy   {n}")
    finite = np.isfinite(n) & np.isfinite(t)
    tf = t[finite].astype(np.complex128 if t.dtype.kind == "c" else np.float64)
    nf = n[finite].astype(tf.dtype)
    err = np.abs(tf - nf)
    bound = atol + rtol * np.abs(nf)
    if np.any(err > bound):
        i = int(np.argmax(err - bound))
        _fail(
            label,
            f"values differ (rtol={rtol:g}, atol={atol:g}): tessera {tf[i]!r} vs "
            f"numpy {nf[i]!r}\n tessera {t}\n numpy   {n}",
        )


def _compare_values(t, n, tol, rtol, atol, label):
    if n.dtype.kind in "biu":
        if not np.array_equal(t, n):
            _fail(label, f"values differ:\n tessera {t!r}\n numpy   {n!r}")
        return
    if tol in ("exact", "ulp") and GPU:
        tol = "ulp"
        finite = n[np.isfinite(n)]
        if atol is None and finite.size:
            # CUDA's libm errs by ulps of its inputs' scale: a result near 0 after cancellation
            # (logaddexp of nearly opposite values) keeps those absolute ulps.
            atol = ulp_rtol(n.dtype) * float(np.max(np.abs(finite)))
    if tol == "exact":
        _compare_inexact(t, n, 0.0, 0.0, True, label)
        return
    if tol == "ulp":
        rtol = ulp_rtol(n.dtype) if rtol is None else rtol
    elif tol == "reduce":
        rtol = REDUCE_RTOL[n.dtype.char] if rtol is None else rtol
    else:
        raise ValueError(f"unknown tolerance {tol!r}")
    if atol is None:  # subnormal results have few significant bits: allow a few of them
        atol = 4 * float(np.finfo(real_dtype(n.dtype)).smallest_subnormal)
    _compare_inexact(t, n, rtol, atol, False, label)


def _same_python_value(t, n, label):
    if type(t) is not type(n):
        _fail(label, f"type {type(t).__name__} ({t!r}) != numpy's {type(n).__name__} ({n!r})")
    if isinstance(n, float) and math.isnan(n):
        if not math.isnan(t):
            _fail(label, f"{t!r} != numpy's nan")
    elif t != n:
        _fail(label, f"{t!r} != numpy's {n!r}")


def assert_same(t, n, tol="exact", rtol=None, atol=None, label=""):
    """Check a tessera result against NumPy's.

    NumPy arrays and NumPy scalars must come back as tessera arrays (0-d for scalars) of the
    same dtype and shape; tuples and lists element-wise; dtypes with ==; other Python values
    must have the same type and value. `tol` is "exact" (bit-exact, signed zeros included),
    "ulp" (a few ULP of the dtype) or "reduce" (rounding of a reduction, REDUCE_RTOL).
    """
    if isinstance(n, (tuple, list)):
        if type(t) is not type(n) or len(t) != len(n):
            _fail(label, f"expected a {type(n).__name__} of {len(n)} results, got {t!r}")
        for i, (tv, nv) in enumerate(zip(t, n, strict=True)):
            assert_same(tv, nv, tol, rtol, atol, f"{label}[{i}]")
        return
    if isinstance(n, (np.ndarray, np.generic)):
        if not isinstance(t, tnp.ndarray):
            _fail(label, f"expected a tessera ndarray, got {type(t).__name__}: {t!r}")
        tv, nv = np.asarray(t), np.asarray(n)
        if tv.dtype != nv.dtype:
            _fail(label, f"dtype {tv.dtype} != numpy's {nv.dtype}")
        if tv.shape != nv.shape:
            _fail(label, f"shape {tv.shape} != numpy's {nv.shape}")
        _compare_values(tv, nv, tol, rtol, atol, label)
        return
    if isinstance(n, np.dtype):
        if t != n:
            _fail(label, f"dtype {t!r} != numpy's {n!r}")
        return
    _same_python_value(t, n, label)


def builtin_base(exc_type):
    """The nearest builtin exception class of a NumPy exception (UFuncTypeError -> TypeError)."""
    for cls in exc_type.__mro__:
        if cls.__module__ == "builtins":
            return cls
    return Exception


def expected_exception(exc_type):
    """What tessera must raise where NumPy raised `exc_type` (AxisError stays AxisError)."""
    if issubclass(exc_type, np.exceptions.AxisError):
        return np.exceptions.AxisError
    return builtin_base(exc_type)


def _run_numpy(fn, args, kwargs):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(np, *args, **kwargs)


def _run_tessera(fn, args, kwargs):
    """Run fn on tessera and force the result (deferred errors surface here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = fn(tnp, *args, **kwargs)
        to_np(result)
    return result


def check(fn, *args, tol="exact", rtol=None, atol=None, label="", **kwargs):
    """Compare fn(numpy, *args, **kwargs) with fn(tnp, *converted args, **converted kwargs).

    Inputs are NumPy arrays, `Viewed` inputs or plain values; each side gets its own copy.
    When NumPy raises, tessera must raise the exception `expected_exception` names.
    Returns the (tessera, numpy) results, or None when NumPy raised.
    """
    t_args, t_kwargs = to_t(args), to_t(kwargs)
    n_args, n_kwargs = to_oracle(args), to_oracle(kwargs)
    try:
        n_result = _run_numpy(fn, n_args, n_kwargs)
    except Exception as exc:  # noqa: BLE001 - any NumPy error is the expected outcome
        want = expected_exception(type(exc))
        try:
            _run_tessera(fn, t_args, t_kwargs)
        except want:
            return None
        except Exception as t_exc:  # noqa: BLE001
            _fail(
                label,
                f"numpy raised {type(exc).__name__}({exc}); tessera raised "
                f"{type(t_exc).__name__}({t_exc}), not a {want.__name__}",
            )
        _fail(label, f"numpy raised {type(exc).__name__}({exc}); tessera did not raise")
    t_result = _run_tessera(fn, t_args, t_kwargs)
    assert_same(t_result, n_result, tol, rtol, atol, label)
    return t_result, n_result


def _mentions(message, text):
    """Whether `text` occurs in `message`, ignoring spaces ("(2, 3)" matches "(2,3)")."""
    return text.replace(" ", "") in message.replace(" ", "")


def check_raises(fn, *args, match=(), **kwargs):
    """NumPy and tessera must both raise; tessera's message must contain every `match` text.

    Returns (tessera exception, NumPy exception).
    """
    n_args, t_args = to_oracle(args), to_t(args)
    with pytest.raises(Exception) as n_info:
        _run_numpy(fn, n_args, kwargs)
    want = expected_exception(n_info.type)
    with pytest.raises(want) as t_info:
        _run_tessera(fn, t_args, to_t(kwargs))
    for text in match:
        assert _mentions(str(n_info.value), text), f"oracle {n_info.value!r} lacks {text!r}"
        assert _mentions(str(t_info.value), text), (
            f"tessera message {str(t_info.value)!r} should mention {text!r} "
            f"(numpy: {n_info.value!r})"
        )
    return t_info.value, n_info.value


# ----------------------------------------------------------------------------- modes

MODES = {
    "default": {},
    "tiles1": {"tiles": 1, "eager": "never"},
    "tiles2": {"tiles": 2, "eager": "never"},
    "tiles7": {"tiles": 7, "eager": "never"},
    "eager": {"eager": "always"},
    "fakedev": {"fake_device": True, "tiles": 3, "eager": "never"},
}
if GPU:  # every launch with a CUDA variant on the GPU, whatever its size
    MODES["gpu"] = {"gpu_threshold": 0}


@pytest.fixture(params=list(MODES))
def modes(request):
    """Run the test under one mapper setting; yields the setting's name."""
    settings = MODES[request.param]
    ctx = tessera.config(**settings) if settings else contextlib.nullcontext()
    with ctx:
        yield request.param
        tessera.sync()
