"""What the benchmark programs in benchmarks/ share: timing, checking, and their command line.

A program is a module with ``SIZES`` ({'small'|'medium'|'large': (n, iters)}), ``TOLERANCE``
(numpy.allclose's rtol, atol) and ``run(np, size, iters=None) -> (result, seconds_per_iter)``,
`np` being the array module under test. Its inputs are made by NumPy from ``SEED`` and converted
with ``np.asarray``, so every package computes on identical data and NumPy's result is the
reference. Timing follows benchmarks/ops/bench_ops.py: the clock stops only after the package's
deferred work has finished (``tessera.sync()``), and the best of a few batches is kept.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import math
import sys
import time
import warnings
from pathlib import Path

import numpy

SEED = 20240601
PACKAGES = ("numpy", "tessera", "cupy")


def import_package(name: str):
    """The numpy-like module of package `name` (ImportError where it is not installed)."""
    if name == "numpy":
        return numpy
    if name == "tessera":
        import tessera.numpy

        return tessera.numpy
    if name == "cupy":
        import cupy

        return cupy
    raise ValueError(f"unknown package {name!r} (choose from {', '.join(PACKAGES)})")


def sync_for(xp):
    """A function that waits until `xp`'s launched work has finished (no-op for NumPy)."""
    name = xp.__name__.split(".")[0]
    if name == "tessera":
        import tessera

        return tessera.sync
    if name == "cupy":
        return lambda: xp.cuda.Device().synchronize()
    return lambda: None


def time_steps(xp, step, iters: int, repeats: int = 3) -> float:
    """Seconds per call of `step()`: one warm-up call, then the best of `repeats` timed batches.

    The `iters` calls are split into the batches, so the computation (and so the result) is the
    same whatever `repeats` is. `step` returning True means it has converged: no more calls.
    """
    sync = sync_for(xp)
    if step():
        sync()
        return math.nan
    sync()
    batches = [iters // repeats + (i < iters % repeats) for i in range(min(repeats, iters))]
    best = math.inf
    for batch in batches:
        done, calls = False, 0
        t0 = time.perf_counter()
        while calls < batch and not done:
            done = bool(step())
            calls += 1
        sync()
        best = min(best, (time.perf_counter() - t0) / calls)
        if done:
            break
    return best


def inputs(xp, *arrays: numpy.ndarray):
    """NumPy arrays converted to package `xp` (the same data for every package)."""
    converted = tuple(a if xp is numpy else xp.asarray(a) for a in arrays)
    return converted if len(converted) > 1 else converted[0]


def to_numpy(result):
    """A result (array, scalar, or tuple of them) as NumPy arrays."""
    if isinstance(result, (tuple, list)):
        return tuple(to_numpy(r) for r in result)
    if hasattr(result, "get") and type(result).__module__.startswith("cupy"):
        return result.get()
    return numpy.asarray(result)


def mismatch(expected, got, rtol: float, atol: float) -> str:
    """Why `got` differs from NumPy's `expected`; '' if it agrees (shapes and allclose values)."""
    expected, got = to_numpy(expected), to_numpy(got)
    if isinstance(expected, tuple):
        for i, (e, g) in enumerate(zip(expected, got)):
            why = mismatch(e, g, rtol, atol)
            if why:
                return f"result {i}: {why}"
        return ""
    if got.shape != expected.shape:
        return f"shape {got.shape}, NumPy gives {expected.shape}"
    if got.dtype != expected.dtype:
        return f"dtype {got.dtype}, NumPy gives {expected.dtype}"
    if not numpy.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True):
        diff = numpy.max(numpy.abs(got.astype(float) - expected.astype(float)))
        return f"values differ, largest difference {diff:.3g}"
    return ""


SETTLE_SECONDS = 0.3


def run_program(program, name: str, size: str, iters=None, **options) -> dict:
    """Runs `program` on package `name`: its result, seconds per iteration and fallback warnings.

    `options` go to ``program.run`` where it takes them (e.g. ``verbose``).
    """
    xp = import_package(name)
    # The previous package's threads go idle first: OpenBLAS's pool spins for a while after its
    # last call, and on a 2-core machine that taxes whichever package runs next.
    gc.collect()
    time.sleep(SETTLE_SECONDS)
    accepted = inspect.signature(program.run).parameters
    options = {k: v for k, v in options.items() if k in accepted}
    # tessera warns once per function it runs through NumPy; forgetting what it warned about
    # before (and restoring it after) names every program's own fallbacks.
    warned = getattr(sys.modules.get("tessera.numpy._interop"), "_warned", set())
    before = set(warned)
    warned.clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            result, seconds = program.run(xp, size, iters, **options)
    finally:
        warned |= before
    fallbacks = sorted({str(w.message).split("numpy.")[-1].split(";")[0]
                        for w in caught if "does not implement" in str(w.message)})
    for w in caught:
        if "does not implement" not in str(w.message):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return {"package": name, "result": result, "seconds": seconds, "fallbacks": fallbacks}


def describe(program, size: str, iters=None) -> str:
    """The size column: 'N=…, iters' as the program defines N."""
    n, default_iters = program.SIZES[size]
    return f"{program.SIZE_LABEL}={n}, {iters or default_iters} it"


def main(program, argv=None) -> int:
    """The command line of one program: time it per package and check it against NumPy."""
    name = Path(program.__file__).stem
    p = argparse.ArgumentParser(prog=name, description=(program.__doc__ or "").splitlines()[0])
    p.add_argument("--package", default="numpy,tessera",
                   help="comma-separated: numpy,tessera[,cupy] (NumPy is always the reference)")
    p.add_argument("--size", default="medium", choices=sorted(program.SIZES))
    p.add_argument("--iters", type=int, help="iterations (default: the size's)")
    p.add_argument("--verbose", action="store_true", help="print progress where the program has it")
    args = p.parse_args(argv)
    names = list(dict.fromkeys(["numpy", *(s.strip() for s in args.package.split(",") if s)]))
    rtol, atol = program.TOLERANCE
    print(f"{name}: {describe(program, args.size, args.iters)} ({args.size})")
    wrong, reference = 0, None
    for pkg in names:
        try:
            cell = run_program(program, pkg, args.size, args.iters, verbose=args.verbose)
        except ImportError as e:
            print(f"  {pkg}: not importable ({e}); left out", file=sys.stderr)
            continue
        line = f"  {pkg:8s} {cell['seconds'] * 1e3:10.3f} ms/iter"
        if reference is None:
            reference = cell
        else:
            why = mismatch(reference["result"], cell["result"], rtol, atol)
            wrong += bool(why)
            speedup = reference["seconds"] / cell["seconds"]
            line += f"  speed-up {speedup:5.2f}  {'ok' if not why else 'WRONG: ' + why}"
        if hasattr(program, "rate"):
            line += f"  {program.rate(args.size, args.iters, cell['seconds'])}"
        if cell["fallbacks"]:
            line += f"  (through NumPy: {', '.join(cell['fallbacks'])})"
        print(line, flush=True)
    return 1 if wrong else 0
