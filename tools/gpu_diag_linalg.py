#!/usr/bin/env python3
"""Diagnostic for numpy.linalg on the GPU: every decomposition with a CUDA variant, on a few
small float32/float64/complex64/complex128 shapes (one matrix, stacks that take the batched
calls, matrices past the batched limits), with every launch on the GPU (gpu_threshold=0).

Prints one line per case: PASS/FAIL, where the decomposition ran (gpu: the launch added GPU
points; cpu: it stayed on the CPU), and the max error against NumPy (relative to the result's
size) or the exception. Never stops at a failure; ends with a summary. Runs in well under a
minute. On a machine without a GPU it checks the CPU path (every case says cpu).

    python3 tools/gpu_diag_linalg.py [-v]      # -v: print a traceback for each exception
"""

import sys
import time
import traceback

import numpy as np

import tessera
import tessera.numpy as tnp

VERBOSE = "-v" in sys.argv[1:]
TOL = {"f": 2e-3, "F": 2e-3, "d": 1e-9, "D": 1e-9}
DTYPES = [np.dtype(c) for c in "fdFD"]
results = {"PASS": 0, "FAIL": 0}


def make(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-2, 2, shape)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.uniform(-2, 2, shape)
    return a.astype(dtype)


def well_conditioned(shape, dtype, seed=0):
    n = shape[-1]
    return (make(shape, dtype, seed) + (4 * n) * np.eye(n)).astype(dtype)


def hermitian_pd(shape, dtype, seed=0):
    x = make(shape, dtype, seed)
    n = shape[-1]
    return (x @ np.conj(np.swapaxes(x, -1, -2)) + n * np.eye(n)).astype(dtype)


def hermitian(shape, dtype, seed=0):
    x = make(shape, dtype, seed)
    return ((x + np.conj(np.swapaxes(x, -1, -2))) / 2).astype(dtype)


def err(t, n):
    """max |t - n| relative to max(1, max |n|); shape and dtype must match."""
    t = np.asarray(t)
    n = np.asarray(n)
    if t.shape != n.shape:
        raise AssertionError(f"shape {t.shape} vs numpy {n.shape}")
    if t.dtype != n.dtype:
        raise AssertionError(f"dtype {t.dtype} vs numpy {n.dtype}")
    if t.size == 0:
        return 0.0
    scale = max(1.0, float(np.max(np.abs(n.astype(np.complex128)))))
    return float(np.max(np.abs(t.astype(np.complex128) - n.astype(np.complex128)))) / scale


def H(x):
    return np.conj(np.swapaxes(x, -1, -2))


def eye_like(k, batch_shape):
    return np.broadcast_to(np.eye(k), batch_shape + (k, k))


def case(name, dtype, run):
    """run() returns the max error (float); an exception is a failure."""
    tol = TOL[np.dtype(dtype).char]
    before = tessera._core.stats()["gpu_points"]
    t0 = time.perf_counter()
    try:
        with tessera.config(gpu_threshold=0):
            e = run()
            tessera.sync()
        where = "gpu" if tessera._core.stats()["gpu_points"] > before else "cpu"
        ok = e <= tol
        verdict = "PASS" if ok else "FAIL"
        msg = f"max err {e:.2e} (tol {tol:.0e})"
    except Exception as ex:  # noqa: BLE001 - every failure is reported, none stops the run
        where = "gpu" if tessera._core.stats()["gpu_points"] > before else "cpu"
        verdict = "FAIL"
        msg = f"{type(ex).__name__}: {str(ex).splitlines()[0] if str(ex) else ''}"
        if VERBOSE:
            traceback.print_exc()
    results[verdict] += 1
    ms = (time.perf_counter() - t0) * 1e3
    print(f"{verdict} {where:3} {name:38} {np.dtype(dtype).name:10} {msg}  [{ms:.0f} ms]",
          flush=True)


def expect_error(name, run, match):
    before = tessera._core.stats()["gpu_points"]
    try:
        with tessera.config(gpu_threshold=0):
            run()
            tessera.sync()
        verdict, msg = "FAIL", "no exception"
    except np.linalg.LinAlgError as ex:
        verdict = "PASS" if match in str(ex) else "FAIL"
        msg = f"LinAlgError: {ex}"
    except Exception as ex:  # noqa: BLE001
        verdict, msg = "FAIL", f"{type(ex).__name__}: {ex}"
    where = "gpu" if tessera._core.stats()["gpu_points"] > before else "cpu"
    results[verdict] += 1
    print(f"{verdict} {where:3} {name:38} {'':10} {msg}", flush=True)


# ---- the cases ---------------------------------------------------------------------------------

SQUARE = [(1, 1), (3, 3), (40, 40), (70, 70), (4, 3, 3), (3, 40, 40), (2, 70, 70)]
RECT = [(5, 3), (3, 5), (4, 4), (40, 33), (2, 3, 4), (3, 5, 3), (2, 40, 33)]


def solve_cases(dt):
    for shape in SQUARE:
        a = well_conditioned(shape, dt, 1)
        b = make(shape[:-1] + (2,), dt, 2)
        ta, tb = tnp.asarray(a), tnp.asarray(b)
        case(f"solve {shape}", dt, lambda: err(tnp.linalg.solve(ta, tb), np.linalg.solve(a, b)))
        case(f"inv {shape}", dt, lambda: err(tnp.linalg.inv(ta), np.linalg.inv(a)))
        ad = (a / (4 * shape[-1])).astype(dt)  # det of order 1 (no float32 overflow)
        tad = tnp.asarray(ad)
        case(f"det {shape}", dt, lambda: err(tnp.linalg.det(tad), np.linalg.det(ad)))
        case(f"slogdet {shape}", dt,
             lambda: max(err(x, y) for x, y in zip(tnp.linalg.slogdet(ta), np.linalg.slogdet(a),
                                                   strict=True)))


def cholesky_cases(dt):
    for shape in SQUARE:
        a = hermitian_pd(shape, dt, 3)
        ta = tnp.asarray(a)
        for upper in (False, True):
            case(f"cholesky upper={upper} {shape}", dt,
                 lambda: err(tnp.linalg.cholesky(ta, upper=upper),
                             np.linalg.cholesky(a, upper=upper)))


def qr_cases(dt):
    for shape in RECT:
        a = make(shape, dt, 4)
        ta = tnp.asarray(a)
        m, n = shape[-2:]
        for mode in ("reduced", "complete"):
            def run(mode=mode):
                q, r = (np.asarray(x) for x in tnp.linalg.qr(ta, mode=mode))
                nq, nr = np.linalg.qr(a, mode=mode)
                if q.shape != nq.shape or r.shape != nr.shape:
                    raise AssertionError(f"shapes {q.shape} {r.shape} vs {nq.shape} {nr.shape}")
                k = q.shape[-1]
                return max(err(q @ r, a), err(H(q) @ q, eye_like(k, shape[:-2]).astype(dt)),
                           err(np.triu(r), r), err(np.abs(r), np.abs(nr)))
            case(f"qr {mode} {shape}", dt, run)
        case(f"qr r {shape}", dt,
             lambda: err(np.abs(np.asarray(tnp.linalg.qr(ta, mode="r"))),
                         np.abs(np.linalg.qr(a, mode="r"))))


def eigh_cases(dt):
    for shape in SQUARE:
        a = hermitian(shape, dt, 5)
        ta = tnp.asarray(a)
        rdt = np.finfo(dt).dtype
        for uplo in ("L", "U"):
            def run(uplo=uplo):
                w, v = (np.asarray(x) for x in tnp.linalg.eigh(ta, UPLO=uplo))
                nw, _ = np.linalg.eigh(a, UPLO=uplo)
                n = shape[-1]
                return max(err(w, nw), err(a @ v, v * w[..., None, :].astype(dt)),
                           err(H(v) @ v, eye_like(n, shape[:-2]).astype(dt)))
            case(f"eigh {uplo} {shape}", dt, run)
        case(f"eigvalsh {shape}", dt,
             lambda: err(tnp.linalg.eigvalsh(ta), np.linalg.eigvalsh(a).astype(rdt)))


def svd_cases(dt):
    for shape in RECT + [(1, 1), (4, 2, 2)]:
        a = make(shape, dt, 6)
        ta = tnp.asarray(a)
        for full in (True, False):
            def run(full=full):
                u, s, vh = (np.asarray(x) for x in tnp.linalg.svd(ta, full_matrices=full))
                nu, ns, nvh = np.linalg.svd(a, full_matrices=full)
                if u.shape != nu.shape or vh.shape != nvh.shape:
                    raise AssertionError(f"shapes {u.shape} {vh.shape} vs {nu.shape} {nvh.shape}")
                k = s.shape[-1]
                us = u[..., :, :k] * s[..., None, :].astype(dt)
                return max(err(s, ns), err(us @ vh[..., :k, :], a),
                           err(H(u) @ u, eye_like(u.shape[-1], shape[:-2]).astype(dt)),
                           err(vh @ H(vh), eye_like(vh.shape[-2], shape[:-2]).astype(dt)))
            case(f"svd full={full} {shape}", dt, run)
        case(f"svdvals {shape}", dt,
             lambda: err(tnp.linalg.svd(ta, compute_uv=False), np.linalg.svd(a, compute_uv=False)))
    a = make((5, 3), dt, 7)
    ta = tnp.asarray(a)
    case("pinv (5, 3)", dt, lambda: err(tnp.linalg.pinv(ta), np.linalg.pinv(a)))
    case("matrix_rank (5, 3)", dt,
         lambda: float(int(tnp.linalg.matrix_rank(ta)) != int(np.linalg.matrix_rank(a))))
    case("norm 2 (5, 3)", dt, lambda: err(tnp.linalg.norm(ta, 2), np.linalg.norm(a, 2)))
    case("norm nuc (5, 3)", dt, lambda: err(tnp.linalg.norm(ta, "nuc"), np.linalg.norm(a, "nuc")))


def eig_cases(dt):  # LAPACK on the CPU (no GPU variant); checked for its dtype rule
    for shape in [(3, 3), (2, 4, 4)]:
        a = make(shape, dt, 8)
        ta = tnp.asarray(a)

        def run():
            w, v = (np.asarray(x) for x in tnp.linalg.eig(ta))
            nw, nv = np.linalg.eig(a)
            if w.dtype != nw.dtype or v.dtype != nv.dtype:
                raise AssertionError(f"dtypes {w.dtype} {v.dtype} vs {nw.dtype} {nv.dtype}")
            return max(err(np.sort_complex(w), np.sort_complex(nw)),
                       err(a @ v, v * w[..., None, :]))
        case(f"eig {shape}", dt, run)


def error_cases():
    sing = np.array([[1.0, 2.0], [2.0, 4.0]])
    expect_error("inv singular", lambda: tnp.linalg.inv(tnp.asarray(sing)), "Singular matrix")
    expect_error("solve singular (stack)", lambda: tnp.linalg.solve(
        tnp.asarray(np.stack([np.eye(2), sing])), tnp.asarray(np.ones(2))), "Singular matrix")
    case("det singular", np.float64, lambda: err(tnp.linalg.det(tnp.asarray(sing)),
                                                 np.linalg.det(sing)))
    case("slogdet singular", np.float64, lambda: max(
        err(x, y) if np.isfinite(y) else float(np.asarray(x) != y)
        for x, y in zip(tnp.linalg.slogdet(tnp.asarray(sing)), np.linalg.slogdet(sing),
                        strict=True)))
    expect_error("cholesky not PD", lambda: tnp.linalg.cholesky(
        tnp.asarray(np.stack([np.eye(3), -np.eye(3)]))), "not positive definite")
    nan = np.array([[np.nan, 1.0], [1.0, 1.0]])
    expect_error("inv NaN", lambda: tnp.linalg.inv(tnp.asarray(nan)), "Singular matrix")
    expect_error("svd NaN", lambda: tnp.linalg.svd(tnp.asarray(nan)), "SVD did not converge")
    try:  # what LAPACK returns for a NaN depends on its build: shown, not judged
        with tessera.config(gpu_threshold=0):
            got = np.asarray(tnp.linalg.eigvalsh(tnp.asarray(nan)))
        print(f"INFO     eigvalsh NaN: tessera {got}, numpy {np.linalg.eigvalsh(nan)}")
    except Exception as ex:  # noqa: BLE001
        print(f"INFO     eigvalsh NaN: tessera raised {type(ex).__name__}: {ex}")
    inf = np.array([[np.inf, 1.0], [1.0, 1.0]])
    case("slogdet inf", np.float64, lambda: max(
        float(np.asarray(x) != y) for x, y in zip(tnp.linalg.slogdet(tnp.asarray(inf)),
                                                  np.linalg.slogdet(inf), strict=True)))


def main():
    t0 = time.perf_counter()
    print("numpy", np.__version__, "| tessera config:", tessera._core.config(), flush=True)
    try:
        print("GPUs:", tessera._core.gpu_devices(), flush=True)
    except Exception as ex:  # noqa: BLE001
        print("GPUs: ?", ex)
    for dt in DTYPES:
        for group in (solve_cases, cholesky_cases, qr_cases, eigh_cases, svd_cases, eig_cases):
            try:
                group(dt)
            except Exception as ex:  # noqa: BLE001 - a broken group must not stop the others
                results["FAIL"] += 1
                print(f"FAIL     {group.__name__} {dt.name}: {type(ex).__name__}: {ex}")
    try:
        error_cases()
    except Exception as ex:  # noqa: BLE001
        results["FAIL"] += 1
        print(f"FAIL     error_cases: {type(ex).__name__}: {ex}")
    print(f"SUMMARY: {results['PASS']} passed, {results['FAIL']} failed in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if results["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
