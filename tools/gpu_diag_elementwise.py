#!/usr/bin/env python3
"""Diagnostic for the element-wise GPU loops: every ufunc of tessera over every dtype NumPy has
a loop for, in many layouts, with every launch on the GPU (gpu_threshold=0), against NumPy.

Layouts: contiguous (odd length: vector body + tail), misaligned contiguous (x[1:]), large
contiguous (grid-stride loop), 0-d array operand, Python scalar operand, strided 2-D view,
rows of a padded grid (stencil-like: contiguous rows, row stride > row length), reversed,
row and column broadcasting, transposed, mixed input dtypes that need casts, where= with a
prefilled out=, out= of another dtype (casting='unsafe' / 'same_kind'), in-place (out= an input).

Prints one line per FAIL (ufunc, dtypes, layout, the max error or the exception mismatch, and
where it ran), never stops at a failure, and ends with a summary. Runs in about a minute.
On a machine without a GPU it checks the CPU path.

    python3 tools/gpu_diag_elementwise.py [-v] [ufunc ...]   # -v: also print PASS lines
    python3 tools/gpu_diag_elementwise.py --bench   # only: x + y on 2^28 float64 and the
        # stencil sweep on a 10002^2 grid, tessera (gpu_threshold=0) against CuPy if importable
"""

import sys
import time
import traceback
import warnings

import numpy as np

import tessera
import tessera.numpy as tnp

ARGS = [a for a in sys.argv[1:] if not a.startswith("-")]
VERBOSE = "-v" in sys.argv[1:]
DTYPES = [np.dtype(c) for c in
          ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128"]]
# Relative tolerance per result kind (float16 loops compute in float; 1-ulp libm differences
# amplified by cancellation stay far below these; a wrong element does not).
TOL = {"e": 2e-3, "f": 2e-5, "d": 1e-12, "F": 2e-5, "D": 1e-12}
SKIP_UFUNCS = {"matmul", "vecdot", "matvec", "vecmat", "isnat"}
counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
where_ran = {"gpu": 0, "cpu": 0}
fails_by_ufunc = {}
T0 = time.time()


def gpu_points():
    try:
        return tessera._core.stats()["gpu_points"]
    except Exception:
        return 0


def values(shape, dtype, seed, name, operand):
    """Inputs in a domain fit for the ufunc (shift counts small, integer exponents >= 0...)."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    if dt.kind in "iu":
        lo, hi = (0, 8) if dt.kind == "u" or name in ("left_shift", "right_shift") else (-9, 9)
        if name in ("power",) and operand == 1:
            lo, hi = 0, 5
        v = rng.integers(lo, hi, shape)
        if name in ("divide", "floor_divide", "remainder", "fmod", "divmod", "true_divide",
                    "gcd", "lcm") and operand == 1:
            v[v == 0] = 3  # a few zeros stay through where the shape is tiny
        return v.astype(dt)
    lo, hi = (-4, 4)
    if name in ("arccosh",):
        lo, hi = 1, 5
    if name in ("arcsin", "arccos", "arctanh"):
        lo, hi = -1, 1
    v = rng.uniform(lo, hi, shape)
    if dt.kind == "c":
        v = v + 1j * rng.uniform(lo, hi, shape)
    v = v.astype(dt)
    if v.size > 7 and dt.kind in "fc":
        flat = v.reshape(-1)
        flat[3] = np.nan if operand == 0 else flat[3]
        flat[5] = np.inf if operand == 1 else flat[5]
    return v


def to_t(x):
    return tnp.asarray(x.copy()) if isinstance(x, np.ndarray) else x


def compare(t, n, out_dtype):
    """max error of t against n (0 when equal); raises AssertionError on shape/dtype/nan/inf."""
    t = np.asarray(t)
    n = np.asarray(n)
    if t.shape != n.shape:
        raise AssertionError(f"shape {t.shape} vs numpy {n.shape}")
    if t.dtype != n.dtype:
        raise AssertionError(f"dtype {t.dtype} vs numpy {n.dtype}")
    if n.dtype.kind not in "fc":
        bad = t != n
        if bad.any():
            i = np.argwhere(bad)[0]
            raise AssertionError(f"{int(bad.sum())} elements differ, first at {tuple(i)}: "
                                 f"{t[tuple(i)]!r} vs numpy {n[tuple(i)]!r}")
        return 0.0
    worst = 0.0
    parts = [(t.real, n.real), (t.imag, n.imag)] if n.dtype.kind == "c" else [(t, n)]
    for tp, np_ in parts:
        tp = tp.astype(np.float64)
        np_ = np_.astype(np.float64)
        if not np.array_equal(np.isnan(tp), np.isnan(np_)):
            raise AssertionError("nan positions differ")
        fin = np.isfinite(np_)
        if not np.array_equal(np.isinf(tp), np.isinf(np_)) or \
                not np.array_equal(tp[np.isinf(np_)], np_[np.isinf(np_)]):
            raise AssertionError("inf positions differ")
        if fin.any():
            scale = np.maximum(np.abs(np_[fin]), 1e-30 if n.dtype.char in "dD" else 1e-6)
            worst = max(worst, float(np.max(np.abs(tp[fin] - np_[fin]) / scale)))
    return worst


def run_case(label, fn, np_inputs, t_inputs, tol_char=None):
    """fn(module, *inputs) on both sides; one result line."""
    if time.time() - T0 > 85:
        counts["SKIP"] += 1
        return
    before = gpu_points()
    nerr = terr = None
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nres = fn(np, *np_inputs)
    except Exception as e:  # noqa: BLE001
        nerr = e
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with tessera.config(gpu_threshold=0):
                tres = fn(tnp, *t_inputs)
                tessera.sync()
            tres = [np.asarray(r) for r in tres] if isinstance(tres, tuple) else np.asarray(tres)
    except Exception as e:  # noqa: BLE001
        terr = e
    ran = "gpu" if gpu_points() > before else "cpu"
    where_ran[ran] += 1
    msg = None
    if nerr is not None or terr is not None:
        if nerr is None:
            msg = f"tessera raised {type(terr).__name__}({terr}); numpy did not"
            if VERBOSE:
                traceback.print_exception(terr)
        elif terr is None:
            msg = f"numpy raised {type(nerr).__name__}({nerr}); tessera did not"
        elif not isinstance(terr, type(nerr)) and not isinstance(nerr, type(terr)):
            msg = f"numpy raised {type(nerr).__name__}, tessera {type(terr).__name__}({terr})"
        err = 0.0
    else:
        try:
            nres_l = list(nres) if isinstance(nres, tuple) else [nres]
            tres_l = list(tres) if isinstance(tres, list) else [tres]
            err = 0.0
            for t, n in zip(tres_l, nres_l, strict=True):
                n = np.asarray(n)
                e = compare(t, n, n.dtype)
                tol = TOL.get(tol_char or n.dtype.char, TOL.get(n.dtype.char, 0.0))
                if e > tol:
                    raise AssertionError(f"max rel error {e:.3g} > {tol:g}")
                err = max(err, e)
        except AssertionError as e:
            msg = str(e)
    name = label.split()[0]
    if msg is None:
        counts["PASS"] += 1
        if VERBOSE:
            print(f"PASS {label} [{ran}] max err {err:.3g}")
    else:
        counts["FAIL"] += 1
        fails_by_ufunc[name] = fails_by_ufunc.get(name, 0) + 1
        print(f"FAIL {label} [{ran}]: {msg}", flush=True)


def supported(uf, dtypes):
    """NumPy's loop dtypes for these input dtypes, or None when NumPy has none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ins = [np.zeros(1, d) for d in dtypes]
            with np.errstate(all="ignore"):
                r = uf(*ins)
        return r
    except Exception:  # noqa: BLE001
        return None


def call(name, nin):
    def f(m, *xs, **kw):
        return getattr(m, name)(*xs, **kw)
    return f


def sweep_ufunc(name):
    uf = getattr(np, name)
    nin = uf.nin
    f = call(name, nin)
    for dt in DTYPES:
        if supported(uf, [dt] * nin) is None:
            continue
        tag = f"{name} {dt}"

        def mk(shape, seed=1, k=0, d=dt):
            return values(shape, d, seed, name, k)

        layouts = []
        # contiguous, odd length: the vector body and its scalar tail
        layouts.append(("contiguous", [mk((1031,), 1 + k, k) for k in range(nin)], None))
        # misaligned start (x[1:] of a contiguous array): no 16-byte vector access
        base = [mk((1032,), 11 + k, k) for k in range(nin)]
        layouts.append(("misaligned x[1:]", base, lambda x: x[1:]))
        # large: several blocks per SM, grid-stride loop
        if dt.char in "bfdD":  # int8, float32, float64, complex128
            layouts.append(("large 2^20+3",
                            [mk(((1 << 20) + 3,), 21 + k, k) for k in range(nin)], None))
        # strided 2-D view, reversed, transposed, padded-grid rows (stencil-like)
        layouts.append(("strided [::2, 1::3]", [mk((40, 61), 31 + k, k) for k in range(nin)],
                        lambda x: x[::2, 1::3]))
        layouts.append(("reversed [::-1]", [mk((777,), 41 + k, k) for k in range(nin)],
                        lambda x: x[::-1]))
        layouts.append(("transposed .T", [mk((37, 23), 51 + k, k) for k in range(nin)],
                        lambda x: x.T))
        layouts.append(("rows [1:-1, 1:-1] of (34, 131)",
                        [mk((34, 131), 61 + k, k) for k in range(nin)],
                        lambda x: x[1:-1, 1:-1]))
        layouts.append(("rows [1:-1, 2:] of (5, 1030)",
                        [mk((5, 1030), 65 + k, k) for k in range(nin)],
                        lambda x: x[1:-1, 2:]))
        layouts.append(("3-D [:, ::2, 1:]", [mk((3, 8, 19), 67 + k, k) for k in range(nin)],
                        lambda x: x[:, ::2, 1:]))
        for lname, ops, view in layouts:
            npi = [view(x) if view else x for x in ops]
            tpi = [view(to_t(x)) if view else to_t(x) for x in ops]
            run_case(f"{tag} {lname}", f, npi, tpi)
        if nin == 2:
            a = mk((13, 9), 71, 0)
            b = mk((9,), 72, 1)
            c = mk((13, 1), 73, 1)
            z = mk((), 74, 1)
            run_case(f"{tag} broadcast row (13,9)x(9,)", f, [a, b], [to_t(a), to_t(b)])
            run_case(f"{tag} broadcast (9,)x(13,1)", f, [b, c], [to_t(b), to_t(c)])
            big = mk((4099,), 75, 0)
            run_case(f"{tag} 0-d array second (vector path)", f, [big, z], [to_t(big), to_t(z)])
            s = z.item()
            run_case(f"{tag} python scalar second", f, [big, s], [to_t(big), s])
            run_case(f"{tag} python scalar first", f, [s, big], [s, to_t(big)])
            run_case(f"{tag} 0-d array first", f, [z, a], [to_t(z), to_t(a)])
            ns = z[()]  # NumPy scalar: strong
            run_case(f"{tag} numpy scalar second", f, [big, ns], [to_t(big), ns])
        else:
            z = mk((), 74, 0)
            run_case(f"{tag} 0-d array", f, [z], [to_t(z)])
        # where= with a prefilled out= (same dtype as NumPy's result)
        ins = [mk((257,), 81 + k, k) for k in range(nin)]
        res = supported(uf, [dt] * nin)
        res = res if isinstance(res, tuple) else (res,)
        mask = np.random.default_rng(5).integers(0, 2, 257).astype(bool)
        if len(res) == 1:
            out_dt = res[0].dtype

            def fw(m, *xs, _n=name, _o=out_dt):
                o = m.full(257, 7, dtype=_o)
                getattr(m, _n)(*xs[:-1], out=o, where=xs[-1])
                return o
            run_case(f"{tag} where= out=", fw, ins + [mask], [to_t(x) for x in ins] +
                     [to_t(mask)])
            # where= on a strided out= view
            def fws(m, *xs, _n=name, _o=out_dt):
                o = m.full((257, 2), 7, dtype=_o)
                getattr(m, _n)(*xs[:-1], out=o[:, 1], where=xs[-1])
                return o
            run_case(f"{tag} where= strided out=", fws, ins + [mask],
                     [to_t(x) for x in ins] + [to_t(mask)])
            # out= of another dtype with casting (unsafe: every pair; same_kind where NumPy lets)
            for odt in ("complex128" if out_dt.kind != "c" else "float32",
                        "int32" if out_dt.kind != "i" else "float16"):
                odt = np.dtype(odt)

                def fo(m, *xs, _n=name, _o=odt):
                    o = m.zeros(257, dtype=_o)
                    getattr(m, _n)(*xs, out=o, casting="unsafe")
                    return o
                run_case(f"{tag} out={odt} unsafe", fo, ins, [to_t(x) for x in ins],
                         tol_char=out_dt.char if out_dt.char in TOL and
                         np.dtype(odt).kind in "fc" else None)

                def fo2(m, *xs, _n=name, _o=odt):
                    o = m.zeros(257, dtype=_o)
                    getattr(m, _n)(*xs, out=o, where=xs[0] == xs[0], casting="unsafe")
                    return o
                if odt.kind == "i":
                    continue
                run_case(f"{tag} out={odt} unsafe where=", fo2, ins, [to_t(x) for x in ins],
                         tol_char=out_dt.char if out_dt.char in TOL and
                         np.dtype(odt).kind in "fc" else None)
            # in place: out= the first input (same dtype only)
            if out_dt == dt:
                def fi(m, *xs, _n=name):
                    x0 = xs[0].copy()
                    getattr(m, _n)(x0, *xs[1:], out=x0)
                    return x0
                run_case(f"{tag} in place", fi, ins, [to_t(x) for x in ins])
        # dtype= keyword that forces a cast of the inputs
        for fdt in ("complex128" if dt.kind in "fc" else "float64",):
            if supported(uf, [np.dtype(fdt)] * nin) is None or dt == np.dtype(fdt):
                continue

            def fd(m, *xs, _n=name, _d=fdt):
                return getattr(m, _n)(*xs, dtype=_d)
            run_case(f"{tag} dtype={fdt}", fd, ins, [to_t(x) for x in ins])


def sweep_mixed():
    """Binary ufuncs on mixed dtypes: the inputs are cast (through scratch on the GPU)."""
    pairs = [("int32", "float64"), ("int8", "uint64"), ("float32", "complex128"),
             ("bool", "complex64"), ("uint8", "float16"), ("int64", "complex64"),
             ("float16", "float64"), ("uint16", "int8"), ("float32", "int64")]
    for name in ("add", "subtract", "multiply", "divide", "maximum", "less", "power",
                 "arctan2", "hypot", "logaddexp", "floor_divide", "equal", "fmax"):
        if ARGS and name not in ARGS:
            continue
        uf = getattr(np, name)
        for d1, d2 in pairs:
            if supported(uf, [np.dtype(d1), np.dtype(d2)]) is None:
                continue
            a = values((6, 43), d1, 91, name, 0)
            b = values((43,), d2, 92, name, 1)
            f = call(name, 2)
            run_case(f"{name} {d1},{d2} mixed broadcast", f, [a, b], [to_t(a), to_t(b)])
            run_case(f"{name} {d1},{d2} mixed strided", f, [a[:, ::2], b[::2]],
                     [to_t(a)[:, ::2], to_t(b)[::2]])
            run_case(f"{name} {d1},{d2} mixed 0-d", f, [a, b[0:1].reshape(())],
                     [to_t(a), to_t(b[0:1].reshape(()))])


def sweep_operators():
    """The array operators and a few compound expressions (stencil, var)."""
    g = np.random.default_rng(3).uniform(-1, 1, (66, 67))

    def stencil(m, grid):
        c = grid[1:-1, 1:-1]
        n = grid[:-2, 1:-1]
        s = grid[2:, 1:-1]
        e = grid[1:-1, 2:]
        w = grid[1:-1, :-2]
        c[:] = 0.2 * (c + n + e + w + s)
        return grid
    run_case("stencil float64 rows of a padded grid", lambda m, x: stencil(m, x.copy()), [g],
             [to_t(g)])
    for dt in ("float32", "complex128", "complex64", "int64"):
        x = values((7, 33), dt, 5, "add", 0)
        if dt[0] == "c" or dt[0] == "f":
            x[np.isnan(x) | np.isinf(x)] = 1
        run_case(f"var {dt} axis=1", lambda m, a: m.var(a, axis=1), [x], [to_t(x)])
        run_case(f"x - x.mean() {dt}", lambda m, a: a - a.mean(axis=0), [x], [to_t(x)])
        run_case(f"x + 1j {dt}", lambda m, a: a + 1j, [x], [to_t(x)])
        run_case(f"x += 2 {dt}", lambda m, a: (a.__iadd__(2), a)[1], [x], [to_t(x)])
    x = values((1000,), "float64", 6, "add", 0)
    run_case("float64 + 1e300", lambda m, a: a + 1e300, [x], [to_t(x)])
    run_case("float64 * 1e300 * 1e300", lambda m, a: a * 1e300 * 1e300, [x], [to_t(x)])


def main():
    names = sorted(n for n in tnp._core.ufuncs if n not in SKIP_UFUNCS and hasattr(np, n)
                   and isinstance(getattr(np, n), np.ufunc))
    if ARGS:
        names = [n for n in names if n in ARGS]
    print(f"tessera element-wise diagnostic: {len(names)} ufuncs; "
          f"gpu points before: {gpu_points()}", flush=True)
    sweep_operators()
    sweep_mixed()
    for name in names:
        try:
            sweep_ufunc(name)
        except Exception as e:  # noqa: BLE001  a bug of the sweep itself: report and go on
            counts["FAIL"] += 1
            print(f"FAIL {name} (sweep error) {type(e).__name__}: {e}", flush=True)
            if VERBOSE:
                traceback.print_exc()
    dt = time.time() - T0
    print(f"summary: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped "
          f"(time budget); {where_ran['gpu']} cases added GPU points, {where_ran['cpu']} stayed "
          f"on the CPU; {dt:.1f} s")
    if fails_by_ufunc:
        print("failures by ufunc: " + ", ".join(f"{k} {v}" for k, v in
                                                sorted(fails_by_ufunc.items())))
    return 1 if counts["FAIL"] else 0


def bench():
    """Seconds per call of x + y (2^28 float64) and of one stencil sweep, tessera vs CuPy."""
    try:
        import cupy
    except ImportError:
        cupy = None

    def timed(fn, sync, reps):
        fn()
        sync()
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        sync()
        return (time.perf_counter() - t) / reps

    n = 1 << 28
    rows = []
    with tessera.config(gpu_threshold=0):
        x = tnp.ones(n)
        y = tnp.ones(n)
        t_add = timed(lambda: x + y, tessera.sync, 10)
        g = tnp.asarray(np.random.default_rng(0).random((10002, 10002)))
        c, no, ea = g[1:-1, 1:-1], g[:-2, 1:-1], g[1:-1, 2:]
        we, so = g[1:-1, :-2], g[2:, 1:-1]

        def sweep():
            c[:] = 0.2 * (c + no + ea + we + so)
        t_st = timed(sweep, tessera.sync, 5)
        del x, y, g
    rows.append(("tessera", t_add, t_st, None))
    if cupy is not None:
        sync = cupy.cuda.Device().synchronize
        x = cupy.ones(n)
        y = cupy.ones(n)
        z = cupy.empty(n)
        t_add_c = timed(lambda: x + y, sync, 10)
        t_copy = timed(lambda: cupy.copyto(z, x), sync, 10)
        g = cupy.asarray(np.random.default_rng(0).random((10002, 10002)))
        c, no, ea = g[1:-1, 1:-1], g[:-2, 1:-1], g[1:-1, 2:]
        we, so = g[1:-1, :-2], g[2:, 1:-1]

        def sweep_c():
            c[:] = 0.2 * (c + no + ea + we + so)
        t_st_c = timed(sweep_c, sync, 5)
        rows.append(("cupy", t_add_c, t_st_c, t_copy))
    for name, ta, ts, tc in rows:
        line = (f"{name:8s} x + y 2^28 f64: {ta * 1e3:8.3f} ms = {3 * 8 * n / ta / 1e12:5.2f} TB/s"
                f" | stencil sweep 10002^2: {ts * 1e3:8.3f} ms")
        if tc is not None:
            line += f" | copy {tc * 1e3:.3f} ms = {2 * 8 * n / tc / 1e12:.2f} TB/s"
        print(line)
    if len(rows) == 2:
        copy_bw = 2 * 8 * n / rows[1][3]
        print(f"tessera x + y = {3 * 8 * n / rows[0][1] / copy_bw * 100:.0f}% of CuPy's copy "
              f"bandwidth (CuPy's x + y: {3 * 8 * n / rows[1][1] / copy_bw * 100:.0f}%); "
              f"stencil: tessera / CuPy = {rows[0][2] / rows[1][2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(bench() if "--bench" in sys.argv[1:] else main())
