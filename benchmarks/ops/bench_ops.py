"""Per-operation time of `x + y`, `exp(x)` and `x.sum()` on float64 arrays, NumPy against tessera.

Run through `bash tools/bench.sh`, or directly: `python benchmarks/ops/bench_ops.py --help`.

Each cell times a batch of `reps` calls and, for a deferred package, waits for the batch to finish
(`tessera.sync()`) inside the timed region, then divides by `reps`; the best of several batches is
kept, the packages' batches taking turns. Once per operation and size, each package's result is compared with NumPy's. The benchmark
prints the comparison and never asserts on speed: it exits non-zero only on a wrong result.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

import numpy

OPS = {  # name -> statement, with `xp` the package's numpy module
    "add": "x + y",
    "exp": "xp.exp(x)",
    "sum": "x.sum()",
}
SIZES = (10, 1_000, 100_000, 10_000_000)
SEED = 20240601


class Package:
    """One array package under test: its numpy-like module, conversion and completion wait."""

    def __init__(self, name: str):
        self.name = name
        if name == "numpy":
            self.xp = numpy
            self.version = numpy.__version__
            self.sync = lambda result: None
        elif name == "tessera":
            import tessera
            import tessera.numpy

            self.xp = tessera.numpy
            self.version = getattr(tessera, "__version__", "?")
            self.module = tessera
            wait = getattr(tessera, "sync", None)
            # Without tessera.sync(), converting the last result to NumPy waits for it.
            self.sync = (lambda result: wait()) if wait else (lambda result: numpy.asarray(result))
        elif name == "cupy":
            import cupy

            self.xp = cupy
            self.version = cupy.__version__
            self.sync = lambda result: cupy.cuda.Device().synchronize()
        else:
            raise ValueError(f"unknown package {name!r} (choose from numpy, tessera, cupy)")

    def asarray(self, a: numpy.ndarray):
        return a if self.name == "numpy" else self.xp.asarray(a)

    def to_numpy(self, result) -> numpy.ndarray:
        if self.name == "cupy":
            return self.xp.asnumpy(result)
        return numpy.asarray(result)


def make_runner(stmt: str):
    """A function timing `reps` runs of `stmt` plus the wait for completion (no call overhead)."""
    src = (
        "def run(reps, x, y, xp, sync, clock):\n"
        "    t0 = clock()\n"
        "    for _ in range(reps):\n"
        f"        r = {stmt}\n"
        "    sync(r)\n"
        "    return clock() - t0, r\n"
    )
    scope: dict = {}
    exec(compile(src, f"<bench {stmt}>", "exec"), scope)  # noqa: S102 - stmt is from OPS
    return scope["run"]


def calibrate(pkg: Package, run, x, y, args) -> tuple[int, object]:
    """Calls per batch so that a batch takes about `args.target` s; also the op's result."""
    pkg.sync(x)  # the inputs are ready before timing starts
    _, result = run(1, x, y, pkg.xp, pkg.sync, time.perf_counter)  # warm-up; checked later
    reps = 1  # grow the batch until it takes a tenth of the target, as timeit.autorange does
    while True:
        sec, _ = run(reps, x, y, pkg.xp, pkg.sync, time.perf_counter)
        if sec >= args.target / 10 or reps >= args.max_reps:
            break
        reps = min(args.max_reps, reps * 10)
    return max(1, min(args.max_reps, int(reps * args.target / sec))), result


def mismatch(expected: numpy.ndarray, got: numpy.ndarray) -> str:
    """Why `got` differs from NumPy's `expected` (shape, dtype, allclose values); '' if it doesn't."""
    if got.shape != expected.shape:
        return f"shape {got.shape}, NumPy gives {expected.shape}"
    if got.dtype != expected.dtype:
        return f"dtype {got.dtype}, NumPy gives {expected.dtype}"
    if not numpy.allclose(got, expected, equal_nan=True):
        return f"values differ, largest difference {numpy.max(numpy.abs(got - expected)):.3g}"
    return ""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--package",
        default="numpy,tessera",
        help="comma-separated packages to time: numpy,tessera[,cupy] "
        "(default numpy,tessera; NumPy is always the reference)",
    )
    p.add_argument("--ops", default=",".join(OPS), help=f"operations (default {','.join(OPS)})")
    p.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="element counts (default 10,1000,100000,10000000)",
    )
    p.add_argument("--repeats", type=int, default=9, help="batches per cell; best is kept")
    p.add_argument("--target", type=float, default=0.03, help="seconds per batch (about)")
    p.add_argument("--max-reps", type=int, default=100_000, help="most calls in one batch")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    return p.parse_args(argv)


def load_packages(names: list[str]) -> list[Package]:
    packages = []
    for name in dict.fromkeys(["numpy", *names]):
        try:
            packages.append(Package(name))
        except ValueError as e:
            sys.exit(f"bench_ops: {e}")
        except ImportError as e:
            if name == "cupy":
                print(f"cupy not importable ({e}): left out", file=sys.stderr)
                continue
            sys.exit(f"bench_ops: cannot import {name}: {e}")
    return packages


def warm_up(seconds: float = 0.3) -> None:
    """Busy the interpreter and the core a moment, so the first cell is not timed cold."""
    a = numpy.ones(1000)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        a + a


def print_header(packages: list[Package]) -> None:
    versions = ", ".join(f"{p.name} {p.version}" for p in packages)
    print(f"# {versions}; Python {platform.python_version()}; {os.cpu_count()} cores")
    for p in packages:
        show = getattr(getattr(p, "module", None), "show_config", None)
        if show:
            show()


def bench_row(inputs: list, op: str, n: int, args) -> list[dict]:
    """Times every package on one op and size, checking each result against NumPy's.

    The packages' batches alternate (numpy, tessera, numpy, ...), so a slow spell of a shared
    machine falls on all of them; each keeps its best batch.
    """
    run = make_runner(OPS[op])
    cells = []
    for pkg, x, y in inputs:
        cell = {
            "op": op,
            "n": n,
            "package": pkg.name,
            "seconds": float("nan"),
            "reps": 0,
            "ok": False,
            "error": None,
        }
        try:
            cell["reps"], result = calibrate(pkg, run, x, y, args)
            got = pkg.to_numpy(result)
            why = mismatch(cells[0]["result"], got) if cells else ""
            if why:
                print(f"# {pkg.name} {op} n={n}: WRONG: {why}", file=sys.stderr)
            cell["ok"], cell["result"] = not why, got
        except Exception as e:  # noqa: BLE001 - a failing op is reported in its row, not fatal
            cell["error"] = f"{type(e).__name__}: {e}"
            print(f"# {pkg.name} {op} n={n}: {cell['error']}", file=sys.stderr)
        cells.append(cell)
    repeats = args.repeats if n < 10_000_000 else max(1, min(args.repeats, 3))
    best = [float("inf")] * len(cells)
    for _ in range(repeats):
        for i, ((pkg, x, y), cell) in enumerate(zip(inputs, cells)):
            if cell["error"] is None:
                sec, _result = run(cell["reps"], x, y, pkg.xp, pkg.sync, time.perf_counter)
                best[i] = min(best[i], sec / cell["reps"])
    for cell, sec in zip(cells, best):
        cell.pop("result", None)
        if cell["error"] is None:
            cell["seconds"] = sec
    return cells


def format_row(cells: list[dict], widths: list[int]) -> str:
    """op, n, numpy µs, then per other package: its µs, numpy/its time, ok|WRONG|ERROR."""
    base = cells[0]
    row = [base["op"], str(base["n"]), f"{base['seconds'] * 1e6:.2f}"]
    for c in cells[1:]:
        status = "ok" if c["ok"] else ("ERROR" if c["error"] else "WRONG")
        row += [f"{c['seconds'] * 1e6:.2f}", f"{base['seconds'] / c['seconds']:.2f}", status]
    return "  ".join(v.rjust(w) for v, w in zip(row, widths))


def main(argv=None) -> int:
    args = parse_args(argv)
    packages = load_packages([s.strip() for s in args.package.split(",") if s.strip()])
    ops = [o.strip() for o in args.ops.split(",")]
    unknown = [o for o in ops if o not in OPS]
    if unknown:
        sys.exit(f"bench_ops: unknown op(s) {unknown} (choose from {', '.join(OPS)})")
    print_header(packages)

    header, widths = ["op", "n", "numpy µs"], [5, 10, 12]
    for p in packages[1:]:
        header += [f"{p.name} µs", f"numpy/{p.name}", "check"]
        widths += [12, 8 + len(p.name), 6]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))

    warm_up()
    records = []
    for n in (int(s) for s in args.sizes.split(",")):
        rng = numpy.random.default_rng(SEED)
        x_np, y_np = rng.standard_normal(n), rng.standard_normal(n)
        inputs = [(p, p.asarray(x_np), p.asarray(y_np)) for p in packages]
        for op in ops:
            cells = bench_row(inputs, op, n, args)
            print(format_row(cells, widths), flush=True)
            records += cells
        del inputs

    if args.json:
        versions = {p.name: p.version for p in packages}
        with open(args.json, "w") as f:
            json.dump(
                {"versions": versions, "cores": os.cpu_count(), "seed": SEED, "results": records},
                f,
                indent=1,
            )
    wrong = sum(not r["ok"] for r in records)
    if wrong:
        print(f"bench_ops: {wrong} result(s) differ from NumPy's or failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
