#!/usr/bin/env python3
"""Diagnostic for the reduce, count, index, scan and sort families on the GPU, every launch on
the GPU (gpu_threshold=0).

Part 1 replays the calls that failed in the GPU suite (bincount of a negative value, the axis in
a gather's bounds message, arctan2.reduce of int64, histogram with complex weights). Part 2
sweeps reductions (sum, prod, max, min, argmax, argmin, mean, var, std, any, all,
count_nonzero, keepdims/initial/out=), scans, sorts and takes over shapes, axes, dtypes and
views (contiguous, transposed, reversed, strided) against NumPy.

Prints one line per case: PASS/FAIL, where it ran (gpu: the case added GPU points; cpu: it
stayed on the CPU) and the max error (relative to the scale of the inputs) or the exception.
Never stops at a failure; ends with a summary. Well under a minute. On a machine without a GPU
it checks the CPU path (every case says cpu).

    python3 tools/gpu_diag_reduce.py [-v] [-q]   # -v: tracebacks; -q: after part 1, FAIL lines only
"""

import functools
import sys
import time
import traceback
import warnings

import numpy as np

import tessera
import tessera.numpy as tnp

VERBOSE = "-v" in sys.argv[1:]
QUIET = "-q" in sys.argv[1:]
RTOL = {"e": 2e-3, "f": 2e-6, "d": 1e-13, "F": 2e-6, "D": 1e-13}
# Sums in another order than NumPy's pairwise one (relative to the sum of |x|).
SUM_RTOL = {"e": 2e-2, "f": 1e-4, "d": 1e-11, "F": 1e-4, "D": 1e-11}
results = {"PASS": 0, "FAIL": 0}
failed = []
always = [True]
places = {}  # part 1 prints its PASS lines even with -q


def gpu_points():
    return tessera._core.stats()["gpu_points"]


def report(ok, name, where, detail):
    status = "PASS" if ok else "FAIL"
    results[status] += 1
    places[where] = places.get(where, 0) + 1
    if not ok:
        failed.append(name)
    if ok and QUIET and not always[0]:
        return
    print(f"{status} [{where}] {name}: {detail}", flush=True)


def make(shape, dtype, seed=0, lo=-4, hi=4):
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.random(shape) < 0.5
    if dt.kind in "iu":
        info = np.iinfo(dt)
        return rng.integers(max(lo, info.min), min(hi, info.max) + 1, shape).astype(dt)
    a = rng.uniform(lo, hi, shape)
    if dt.kind == "c":
        a = a + 1j * rng.uniform(lo, hi, shape)
    return a.astype(dt)


def compare(t, n, scale=None, rtol=None):
    """(ok, text): shape, dtype and values (NaN matches NaN) of t against n."""
    t = np.asarray(t)
    n = np.asarray(n)
    if t.shape != n.shape:
        return False, f"shape {t.shape} vs numpy {n.shape}"
    if t.dtype != n.dtype:
        return False, f"dtype {t.dtype} vs numpy {n.dtype}"
    if n.size == 0:
        return True, "empty"
    if n.dtype.kind not in "fc":
        bad = int(np.count_nonzero(t != n))
        if bad:
            i = np.unravel_index(int(np.argmax((t != n).reshape(-1))), n.shape)
            return False, f"{bad} of {n.size} differ, first at {i}: {t[i]!r} vs numpy {n[i]!r}"
        return True, "exact"
    tn, nn = np.isnan(t), np.isnan(n)
    if np.any(tn != nn):
        return False, f"NaN positions differ ({int(np.count_nonzero(tn != nn))} elements)"
    ti, ni = np.isinf(t), np.isinf(n)
    if np.any(ti != ni) or np.any(t[ti] != n[ni]):
        return False, "infinities differ"
    fin = ~(nn | ni)
    if not np.any(fin):
        return True, "all NaN/inf match"
    d = np.abs(t[fin].astype(np.complex128) - n[fin].astype(np.complex128))
    s = np.abs(n[fin]).astype(np.float64) if scale is None else np.broadcast_to(
        np.asarray(scale, np.float64), n.shape)[fin]
    s = np.maximum(s, 1.0 if scale is None else 1e-300)
    err = float(np.max(d / s))
    tol = (RTOL if scale is None else SUM_RTOL)[n.dtype.char] if rtol is None else rtol
    if err <= tol:
        return True, f"max rel err {err:.3g} (tol {tol:.0e})"
    k = int(np.argmax(d / s))
    return False, (f"max rel err {err:.3g} (tol {tol:.0e}), e.g. {t[fin][k]!r} vs numpy "
                   f"{n[fin][k]!r}")


def case(name, fn, *args, scale=None, rtol=None, expect=None):
    """fn(np, *numpy args) against fn(tnp, *tessera args); `expect` a text the exception must
    contain when NumPy raises."""
    n_err = t_err = None
    try:
        n = fn(np, *[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    except Exception as exc:  # noqa: BLE001
        n_err = exc
    before = gpu_points()
    try:
        with tessera.config(gpu_threshold=0):
            t_args = [tnp.asarray(a.copy()) if isinstance(a, np.ndarray) else a for a in args]
            t = fn(tnp, *t_args)
            if isinstance(t, tuple):
                t = tuple(np.asarray(x) for x in t)
            else:
                t = np.asarray(t)
    except Exception as exc:  # noqa: BLE001
        t_err = exc
        if VERBOSE:
            traceback.print_exc()
    where = "gpu" if gpu_points() > before else "cpu"
    if n_err is not None:
        if t_err is None:
            return report(False, name, where, f"numpy raised {type(n_err).__name__}({n_err}); "
                                              "tessera did not")
        text = expect if expect is not None else ""
        ok = type(t_err) is type(n_err) or isinstance(t_err, type(n_err))
        ok = ok and text.replace(" ", "") in str(t_err).replace(" ", "")
        return report(ok, name, where, f"tessera {type(t_err).__name__}({t_err}) / numpy "
                                       f"{type(n_err).__name__}({n_err})")
    if t_err is not None:
        return report(False, name, where, f"tessera raised {type(t_err).__name__}: {t_err}")
    try:
        if isinstance(n, tuple):
            oks = [compare(a, b) for a, b in zip(t, n)]
            ok = all(o for o, _ in oks) and len(t) == len(n)
            text = "; ".join(x for _, x in oks)
        else:
            sc = scale(args) if callable(scale) else scale
            ok, text = compare(t, n, sc, rtol)
    except Exception as exc:  # noqa: BLE001
        ok, text = False, f"comparison failed: {exc!r}"
    report(ok, name, where, text)


# ----------------------------------------------------------------------------- part 1

def part1():
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as feats
        simd = [k for k in ("AVX2", "AVX512F", "AVX512_SKX", "AVX512_SPR") if feats.get(k)]
    except ImportError:
        simd = "?"
    print(f"# numpy {np.__version__} (CPU features {simd}), tessera config "
          f"{tessera._core.config()}")
    print("# part 1: the calls that failed in the GPU suite")
    x = make((100_000,), "int64", 1, 0, 99)
    neg = x.copy()
    neg[77_777] = -1
    case("bincount large, one negative", lambda m, x: m.bincount(x), neg,
         expect="no negative elements")
    case("bincount([1, -1, 2])", lambda m: m.bincount([1, -1, 2]), expect="no negative elements")
    case("bincount large", lambda m, x: m.bincount(x, minlength=7), x)
    w = make((100_000, 3), "float64", 2, -1, 1)
    case("bincount weights=w[:, 1]", lambda m, x, w: m.bincount(x, weights=w[:, 1], minlength=128),
         x, w, rtol=1e-12)

    a = make((3, 4, 2), "float64", 3)
    case("a[1, [0, 7]] (axis 1 in the message)", lambda m, a: a[1, [0, 7]], a,
         expect="index 7 is out of bounds for axis 1 with size 4")

    def setter(m, a):
        a[1, [0, 7]] = 1.0
        return a
    case("a[1, [0, 7]] = 1.0", setter, a, expect="index 7 is out of bounds for axis 1 with size 4")
    case("a[None, [0, 1], None, [0, 7]]", lambda m, a: a[None, [0, 1], None, [0, 7]], a,
         expect="index 7 is out of bounds for axis 1 with size 4")
    case("take(a, [0, 7], axis=1)", lambda m, a: m.take(a, [0, 7], axis=1), a,
         expect="index 7 is out of bounds for axis 1 with size 4")
    big = np.arange(1000) % 4
    big[500] = 9
    case("take(a, 1000 indices, one bad, axis=1)", lambda m, a, i: m.take(a, i, axis=1), a, big,
         expect="index 9 is out of bounds for axis 1 with size 4")

    ints = make((4, 5, 6), "int64", 1, -5, 5)
    ints[ints == 0] = 1
    floats = (np.round(make((4, 5, 6), "float64", 2, 1, 3) * 4) / 4)
    for arr in (ints, floats):
        for axis in (0, 1, 2, -1, None):
            case(f"arctan2.reduce {arr.dtype} axis={axis}",
                 lambda m, x, axis=axis: m.arctan2.reduce(x, axis=axis), arr, rtol=1e-12)
        # The definition, without NumPy's reduce: a left fold of arctan2 along the axis.
        ref = np.apply_along_axis(
            lambda r: functools.reduce(np.arctan2, r.astype(np.float64)), 2, arr)
        npr = np.arctan2.reduce(arr, axis=2)
        ok = np.allclose(ref, npr, rtol=1e-12, atol=0)
        report(ok, f"numpy's own arctan2.reduce {arr.dtype} axis=2 vs a left fold", "numpy",
               "agree" if ok else f"NUMPY DISAGREES with the fold: {npr[0, :3]} vs {ref[0, :3]}")
        before = gpu_points()
        with tessera.config(gpu_threshold=0):
            t = np.asarray(tnp.arctan2.reduce(tnp.asarray(arr), axis=2))
        ok = np.allclose(ref, t, rtol=1e-12, atol=0)
        report(ok, f"tessera arctan2.reduce {arr.dtype} axis=2 vs a left fold",
               "gpu" if gpu_points() > before else "cpu", "agree" if ok else f"{t[0, :3]}")
    h = make((100,), "float64", 4)
    case("histogram(a, bins=4, weights=a + 1j)",
         lambda m, a: m.histogram(a, bins=4, weights=a + 1j), h)
    case("a + 1j (element-wise, for the histogram case)", lambda m, a: a + 1j, h)
    case("histogram(a, bins=4, weights=a * (1 + 1j))",
         lambda m, a: m.histogram(a, bins=4, weights=a * (1 + 1j)), h)


# ----------------------------------------------------------------------------- part 2

SHAPES = [((), [None]), ((0,), [None, 0]), ((1,), [None]), ((7,), [None, 0]),
          ((1000,), [None]), ((100_003,), [None]), ((33, 65), [None, 0, 1, -1]),
          ((4, 0, 3), [None, 1, 2]), ((300, 2000), [0, 1]), ((2, 150_000), [1]),
          ((150_000, 3), [0, 1]), ((16, 17, 18), [(0, 2), 1, (1, 2), None])]
VIEWS = [("c", lambda x: x), ("T", lambda x: x.T), ("rev", lambda x: x[..., ::-1]),
         ("step2", lambda x: x[..., ::2])]
DTYPES = ["bool", "int8", "uint8", "int32", "int64", "uint64", "float16", "float32", "float64"]


def abs_scale(op, axis, keepdims=False):
    """The sum of |x| (or |x|² for var) along the axes: the scale of a sum's rounding."""
    def f(args):
        x = np.abs(args[0].astype(np.float64))
        if op in ("var", "std"):
            x = x * x
        s = np.sum(x, axis=axis, keepdims=keepdims)
        if op in ("mean", "var"):
            s = s / max(1, x.size // max(1, np.asarray(s).size))
        if op == "std":
            s = np.sqrt(s / max(1, x.size // max(1, np.asarray(s).size)))
        return s
    return f


def red_cases(dtype, shape, axes, vname, view):
    base = make(shape, dtype, seed=hash((dtype, shape)) % 1000)
    x = view(base)
    label = f"{dtype}{list(x.shape)} {vname}"
    kinds = np.dtype(dtype).kind
    ops = ["sum", "max", "min", "any", "all", "count_nonzero"]
    if kinds != "b":
        ops += ["argmax", "argmin", "mean"]
    if kinds in "fiu" and kinds != "b":
        ops += ["var", "std"]
    ops.append("prod")
    for axis in axes:
        if axis is not None and x.ndim == 0:
            continue
        if isinstance(axis, tuple) and x.ndim < 3 or (isinstance(axis, int) and axis >= x.ndim):
            continue
        for op in ops:
            if op in ("argmax", "argmin") and isinstance(axis, tuple):
                continue
            if op in ("max", "min", "argmax", "argmin") and x.size == 0:
                continue
            if op in ("var", "std") and dtype == "float16" and x.size > 4000:
                continue  # float16 sums of squares overflow
            rtol = None
            if op == "prod":
                if x.size > 2000 and kinds == "f":
                    continue
                rtol = SUM_RTOL[np.dtype(dtype).char] if kinds == "f" else None
                xx = x if kinds != "f" else (np.abs(x) % 1 + 0.5).astype(x.dtype)
            else:
                xx = x
            scale = abs_scale(op, axis) if op in ("sum", "mean", "var", "std") and \
                kinds in "fc" else None
            if op in ("var", "std", "mean") and kinds in "iu":
                scale = abs_scale(op, axis)
            case(f"{op} {label} axis={axis}",
                 lambda m, v, op=op, axis=axis: getattr(m, op)(v, axis=axis), xx, scale=scale,
                 rtol=rtol)


def extra_reductions():
    x = make((300, 200), "float32", 5)
    i8 = make((300, 200), "int8", 6, -100, 100)
    case("sum keepdims axis=1", lambda m, v: m.sum(v, axis=1, keepdims=True), x,
         scale=lambda a: np.sum(np.abs(a[0].astype(np.float64)), axis=1, keepdims=True))
    case("sum initial=5 axis=0", lambda m, v: m.sum(v, axis=0, initial=5), i8)
    case("sum int8 dtype=float32 axis=0", lambda m, v: m.sum(v, axis=0, dtype=np.float32), i8)
    case("max initial=50 int8 axis=1", lambda m, v: m.max(v, axis=1, initial=50), i8)
    case("add.reduce int8 (int64 result)", lambda m, v: m.add.reduce(v, axis=None), i8)
    case("multiply.reduce int8 axis=1", lambda m, v: m.multiply.reduce(v, axis=1), i8)
    case("bitwise_xor.reduce int8 axis=0", lambda m, v: m.bitwise_xor.reduce(v, axis=0), i8)
    case("bitwise_or.reduce int8 axis=None", lambda m, v: m.bitwise_or.reduce(v, axis=None), i8)

    def with_out(m, v):
        out = m.zeros(300, dtype=np.float64)
        m.sum(v, axis=1, out=out)
        return out
    case("sum float32 out=float64 axis=1", with_out, x,
         scale=lambda a: np.sum(np.abs(a[0].astype(np.float64)), axis=1))
    for dt in ("float16", "float32", "float64"):
        y = make((30000,), dt, 7, -50, 50)
        y[1024] = np.nan
        y[4097] = np.nan
        for op in ("max", "min", "argmax", "argmin"):
            case(f"{op} {dt} with NaNs", lambda m, v, op=op: getattr(m, op)(v), y)
            case(f"{op} {dt} with NaNs rows", lambda m, v, op=op: getattr(m, op)(
                v.reshape(30, 1000), axis=1), y)
    for dt in ("complex64", "complex128"):
        z = make((40, 50), dt, 8)
        for op in ("sum", "prod", "mean", "argmax"):
            case(f"{op} {dt} axis=1 (CPU variant)", lambda m, v, op=op: getattr(m, op)(v, axis=1),
                 z, rtol=1e-4 if dt == "complex64" else 1e-12)


def scans():
    for dt in ("int32", "int64", "uint8", "float32", "float64", "bool"):
        for shape, axes in (((1000,), [None, 0]), ((100_003,), [0]), ((33, 65), [0, 1, None]),
                            ((3, 70_000), [1]), ((70_000, 3), [0])):
            x = make(shape, dt, 9)
            for axis in axes:
                for op in ("cumsum", "cumprod"):
                    xx = x
                    if op == "cumprod" and np.dtype(dt).kind == "f":
                        xx = (np.abs(x) % 1 * 0.1 + 0.95).astype(x.dtype)
                    sc = None
                    if np.dtype(dt).kind == "f" and op == "cumsum":
                        def sc(a, axis=axis):
                            v = np.abs(a[0].astype(np.float64))
                            return np.cumsum(v.reshape(-1) if axis is None else v,
                                             axis=0 if axis is None else axis)
                    case(f"{op} {dt}{list(shape)} axis={axis}",
                         lambda m, v, op=op, axis=axis: getattr(m, op)(v, axis=axis), xx,
                         scale=sc)


def sorts():
    for dt in ("int8", "int32", "int64", "uint64", "float16", "float32", "float64", "bool"):
        for shape in ((1000,), (100_003,), (33, 65), (3, 50_000)):
            x = make(shape, dt, 10, -50, 50)
            if np.dtype(dt).kind == "f" and x.size > 10:
                x.reshape(-1)[3] = np.nan
                x.reshape(-1)[7] = -0.0
            label = f"{dt}{list(shape)}"
            case(f"sort {label}", lambda m, v: m.sort(v, axis=-1), x)
            case(f"argsort stable {label}", lambda m, v: m.argsort(v, axis=-1, kind="stable"), x)
            if x.ndim == 2:
                case(f"sort axis=0 {label}", lambda m, v: m.sort(v, axis=0), x)
            case(f"unique {label}", lambda m, v: m.unique(v), x)
            case(f"partition kth=5 {label}", lambda m, v: m.sort(m.partition(v, 5, axis=-1),
                                                                  axis=-1), x)
            s = np.sort(x.reshape(-1))
            q = make((500,), dt, 11, -60, 60)
            case(f"searchsorted {label}", lambda m, v, q: m.searchsorted(v, q), s, q)
            case(f"searchsorted right {label}",
                 lambda m, v, q: m.searchsorted(v, q, side="right"), s, q)


def indexing():
    a = make((500, 300), "float64", 12)
    idx = make((4000,), "int64", 13, -500, 499)
    case("take axis=0 (negatives)", lambda m, v, i: m.take(v, i, axis=0), a, idx)
    case("take axis=1", lambda m, v, i: m.take(v, i % 300, axis=1), a, idx)
    case("a[idx] fancy", lambda m, v, i: v[i], a, idx)
    case("a[:, idx % 300]", lambda m, v, i: v[:, i % 300], a, idx)

    def put(m, v, i):
        v[i % 500] = 7.0
        return v
    case("a[idx] = 7 (duplicates)", put, a, idx)
    case("flatnonzero", lambda m, v: m.flatnonzero(v > 1.0), a)
    case("a[a > 1]", lambda m, v: v[v > 1.0], a)
    bad = idx.copy()
    bad[3000] = 600
    case("take 4000 indices, one bad", lambda m, v, i: m.take(v, i, axis=0), a, bad,
         expect="index 600 is out of bounds for axis 0 with size 500")


def main():
    warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's empty means, tessera's fallbacks
    t0 = time.time()
    part1()
    always[0] = False
    print("# part 2: reductions over shapes, axes, dtypes, views")
    for dtype in DTYPES:
        for shape, axes in SHAPES:
            for vname, view in VIEWS:
                if vname != "c" and (len(shape) == 0 or 0 in shape):
                    continue
                if vname == "T" and len(shape) < 2:
                    continue
                if vname != "c" and np.prod(shape) > 200_000 and dtype not in ("float64",
                                                                               "int32"):
                    continue
                red_cases(dtype, shape, axes, vname, view)
    extra_reductions()
    print("# part 3: scans, sorts, indexing")
    scans()
    sorts()
    indexing()
    print(f"# {results['PASS']} passed, {results['FAIL']} failed in {time.time() - t0:.1f} s; cases by "
          f"where they ran: {places}")
    for name in failed[:60]:
        print(f"#   FAIL {name}")
    return 1 if results["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
