"""GPU benchmarks: tessera against CuPy in one process, on one GPU (issue 4's goals).

Measures (each printed as a table row, all rows also written as JSON to --out):
  copy      CuPy's device-to-device copy of 2^28 float64: the bandwidth ceiling (bytes read +
            written per second);
  x + y     2^28 float64, tessera and CuPy, as a fraction of that ceiling;
  overhead  x + y on 10^6 float64 in a loop of launches: time per operation;
  programs  the seed programs at --size (default large), tessera vs CuPy, results checked
            against CuPy's with the program's tolerance; jacobi and cg also against their byte
            limit (the matrix's bytes over the copy bandwidth);
  memory    the peak GPU memory of black_scholes' arrays in tessera and in CuPy.
Run: `python benchmarks/gpu/gpu_bench.py [--size large] [--only jacobi,cg] [--out FILE]`
(tools/gpu.sh runs it on the device machine).
"""

import argparse
import gc
import importlib.util
import json
import math
import sys
import time
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ("black_scholes", "stencil", "jacobi", "logreg", "cg", "gemm", "kmeans")


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / name / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(step, sync, reps, rounds=5):
    """Seconds per call of step(): the best of `rounds` synced batches of `reps` calls."""
    step()
    sync()
    best = math.inf
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            step()
        sync()
        best = min(best, (time.perf_counter() - t0) / reps)
    return best


def bandwidth_rows(cp, tnp, tessera):
    n = 1 << 28
    rows = []
    a = cp.random.random(n)
    b = cp.empty_like(a)
    cp_sync = cp.cuda.Device().synchronize
    copy_s = best_of(lambda: b.__setitem__(Ellipsis, a), cp_sync, 10)
    copy_bw = 2 * 8 * n / copy_s
    rows.append({"what": "copy (CuPy)", "n": n, "ms": copy_s * 1e3, "TB/s": copy_bw / 1e12})
    y = cp.random.random(n)
    cp_add = best_of(lambda: a + y, cp_sync, 10)
    host = a.get(), y.get()
    del a, b, y
    cp.get_default_memory_pool().free_all_blocks()
    tx, ty = tnp.asarray(host[0]), tnp.asarray(host[1])
    (tx + ty).to_numpy()  # both on the GPU now
    t_add = best_of(lambda: tx + ty, tessera.sync, 10)
    for who, s in (("CuPy", cp_add), ("tessera", t_add)):
        bw = 3 * 8 * n / s
        rows.append({"what": f"x + y ({who})", "n": n, "ms": s * 1e3, "TB/s": bw / 1e12,
                     "of copy": bw / copy_bw})
    del tx, ty
    gc.collect()
    # Per-operation overhead: x + y on 10^6 elements, many launches in a row.
    m = 1_000_000
    h = numpy.random.default_rng(0).random(m)
    cx, cy = cp.asarray(h), cp.asarray(h)
    t_cx, t_cy = tnp.asarray(h), tnp.asarray(h)
    (t_cx + t_cy).to_numpy()
    cp_op = best_of(lambda: cx + cy, cp_sync, 2000)
    t_op = best_of(lambda: t_cx + t_cy, tessera.sync, 2000)
    rows.append({"what": "x + y overhead (CuPy)", "n": m, "ms": cp_op * 1e3})
    rows.append({"what": "x + y overhead (tessera)", "n": m, "ms": t_op * 1e3,
                 "vs CuPy": t_op / cp_op})
    rows += small_op_rows(cp, tnp, tessera)
    return rows, copy_bw


def small_op_rows(cp, tnp, tessera):
    """Time per call of the small steps of an iterative solver (cg's): launch overhead alone."""
    rows = []
    h = numpy.random.default_rng(1).random(12100)
    cx, cy = cp.asarray(h), cp.asarray(h)
    tx, ty = tnp.asarray(h), tnp.asarray(h)
    cs, ts = cx.dot(cy), tx.dot(ty)
    (tx + ty).to_numpy()
    cases = {
        "x + y, 12100": (lambda: cx + cy, lambda: tx + ty),
        "x.dot(y), 12100": (lambda: cx.dot(cy), lambda: tx.dot(ty)),
        "0-d / 0-d": (lambda: cs / cs, lambda: ts / ts),
        "a * x (0-d a), 12100": (lambda: cs * cx, lambda: ts * tx),
    }
    for name, (c, t) in cases.items():
        c_s = best_of(c, cp.cuda.Device().synchronize, 2000)
        t_s = best_of(t, tessera.sync, 2000)
        rows.append({"what": f"overhead {name}", "CuPy us": c_s * 1e6, "tessera us": t_s * 1e6,
                     "vs CuPy": t_s / c_s})
    return rows


def program_rows(names, size, copy_bw, cp, tessera):
    from tessera.bench import harness

    rows = []
    for name in names:
        program = load(name)
        cells = {}
        for pkg in ("cupy", "tessera"):
            try:
                cells[pkg] = harness.run_program(program, pkg, size)
            except Exception as e:  # noqa: BLE001 - report and go on with the next program
                cells[pkg] = {"error": f"{type(e).__name__}: {e}"}
            gc.collect()
            cp.get_default_memory_pool().free_all_blocks()
            tessera.sync()
        row = {"what": name, "size": harness.describe(program, size)}
        if "error" in cells["cupy"] or "error" in cells["tessera"]:
            row["error"] = cells["cupy"].get("error") or cells["tessera"].get("error")
            rows.append(row)
            print(f"  {name}: {row['error']}", flush=True)
            continue
        rtol, atol = program.TOLERANCE
        why = harness.mismatch(cells["cupy"]["result"], cells["tessera"]["result"], rtol, atol)
        row.update({"CuPy ms": cells["cupy"]["seconds"] * 1e3,
                    "tessera ms": cells["tessera"]["seconds"] * 1e3,
                    "speed-up": cells["cupy"]["seconds"] / cells["tessera"]["seconds"],
                    "correct": not why, "why": why,
                    "fallbacks": cells["tessera"]["fallbacks"]})
        n = program.SIZES[size][0]
        matrix_bytes = {"jacobi": 8 * n * n, "cg": 8 * (n * n) ** 2}.get(name)
        if matrix_bytes:
            row["byte limit ms"] = matrix_bytes / copy_bw * 1e3
        rows.append(row)
        print(f"  {name}: {row}", flush=True)
    return rows


def memory_rows(cp, tessera, size):
    from tessera.bench import harness

    program = load("black_scholes")
    pool = cp.get_default_memory_pool()
    pool.free_all_blocks()
    peak = [pool.used_bytes()]
    base = peak[0]

    def tracking_malloc(nbytes):
        mem = pool.malloc(nbytes)
        peak[0] = max(peak[0], pool.used_bytes())
        return mem

    cp.cuda.set_allocator(tracking_malloc)
    try:
        harness.run_program(program, "cupy", size, iters=2)
    finally:
        cp.cuda.set_allocator(pool.malloc)
    cupy_peak = peak[0] - base
    gc.collect()
    tessera.sync()
    t_base = tessera._core.stats()["gpu_bytes_in_use"]
    tessera._core.gpu_reset_peak()
    harness.run_program(program, "tessera", size, iters=2)
    tessera.sync()
    t_peak = tessera._core.stats()["gpu_bytes_peak"] - t_base
    return [{"what": "black_scholes peak GPU memory", "CuPy GiB": cupy_peak / 2**30,
             "tessera GiB": t_peak / 2**30, "ratio": t_peak / max(cupy_peak, 1)}]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="large")
    p.add_argument("--only", help="comma-separated programs (default: all seven)")
    p.add_argument("--skip", default="", help="parts to skip: bandwidth,programs,memory")
    p.add_argument("--out", default="gpu-bench.json")
    args = p.parse_args(argv)
    import cupy as cp
    import tessera
    import tessera.numpy as tnp

    if tessera._core.config().get("gpus", 0) < 1:
        print("tessera sees no GPU (CUDA build? TESSERA_GPUS?)", file=sys.stderr)
        return 2
    print(tessera.show_config(), flush=True)
    skip = set(filter(None, args.skip.split(",")))
    rows, copy_bw = [], 3.0e12
    if "bandwidth" not in skip:
        r, copy_bw = bandwidth_rows(cp, tnp, tessera)
        rows += r
    if "programs" not in skip:
        names = args.only.split(",") if args.only else PROGRAMS
        rows += program_rows(names, args.size, copy_bw, cp, tessera)
    if "memory" not in skip:
        rows += memory_rows(cp, tessera, args.size)
    Path(args.out).write_text(json.dumps(rows, indent=1, default=str))
    print("\nGPU results (one process; CuPy", cp.__version__, "):")
    for row in rows:
        cells = [f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                 for k, v in row.items() if k not in ("fallbacks",) and v not in ("", [])]
        print("  " + "  ".join(cells))
    wrong = [r["what"] for r in rows if r.get("correct") is False or "error" in r]
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
