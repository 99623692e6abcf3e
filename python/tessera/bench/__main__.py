"""The main job: `python -m tessera.bench` runs the seven benchmark programs, NumPy against tessera.

It prints a table (workload, size, NumPy ms, tessera ms, speed-up, result correct), writes
`bench-results.json` and the bar chart `bench-results.png`, and exits non-zero if a result
differs from NumPy's. The programs live in the repository's benchmarks/ folder (see its README),
found relative to this file: the package is installed editable from the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

PROGRAMS = ("jacobi", "stencil", "black_scholes", "logreg", "cg", "gemm", "kmeans")
BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m tessera.bench",
                                description=__doc__.splitlines()[0].split(": ", 1)[1])
    p.add_argument("--size", default="medium", choices=("small", "medium", "large"),
                   help="small: tests; medium (default): about a minute here; large: GPUs")
    p.add_argument("--only", help=f"comma-separated programs (default all: {','.join(PROGRAMS)})")
    p.add_argument("--package", default="numpy,tessera",
                   help="comma-separated: numpy,tessera[,cupy]; cupy only where importable")
    p.add_argument("--threads", type=int, help="tessera's CPU worker threads (TESSERA_THREADS)")
    p.add_argument("--out", default=".", help="folder for bench-results.json and .png")
    return p.parse_args(argv)


def load_program(name: str):
    """The module benchmarks/<name>/<name>.py."""
    path = BENCHMARKS / name / f"{name}.py"
    if not path.is_file():
        sys.exit(f"tessera.bench: {path} not found; the benchmark programs come with tessera's "
                 "repository (install it editable: `pip install -e .`, or run tools/bench.sh)")
    spec = importlib.util.spec_from_file_location(f"tessera_bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def choose(args):
    """The programs and packages asked for, NumPy first; exits on an unknown name."""
    names = [s.strip() for s in (args.only or ",".join(PROGRAMS)).split(",") if s.strip()]
    unknown = [n for n in names if n not in PROGRAMS]
    if unknown:
        sys.exit(f"tessera.bench: unknown program(s) {unknown} (choose from {', '.join(PROGRAMS)})")
    packages = list(dict.fromkeys(["numpy", *(s.strip() for s in args.package.split(","))]))
    from tessera.bench import harness

    for pkg in [p for p in packages if p]:
        try:
            harness.import_package(pkg)
        except ValueError as e:
            sys.exit(f"tessera.bench: {e}")
        except ImportError as e:
            print(f"# {pkg} not importable ({e}): left out", file=sys.stderr)
            packages.remove(pkg)
    return names, [p for p in packages if p]


def bench_program(name: str, size: str, packages: list[str]) -> dict:
    """One row: the program run on each package, checked against NumPy's result."""
    from tessera.bench import harness

    program = load_program(name)
    row = {"workload": name, "size": harness.describe(program, size), "packages": {}}
    reference = None
    for pkg in packages:
        cell = harness.run_program(program, pkg, size)
        result = cell.pop("result")
        if reference is None:
            reference, why = result, ""
        else:
            why = harness.mismatch(reference, result, *program.TOLERANCE)
            if why:
                print(f"# {name} on {pkg}: WRONG: {why}", file=sys.stderr)
        cell.update(ms=cell.pop("seconds") * 1e3, correct=not why, error=why or None)
        if hasattr(program, "rate"):
            cell["rate"] = program.rate(size, None, cell["ms"] / 1e3)
        row["packages"][pkg] = cell
    return row


def format_row(row: dict, packages: list[str]) -> list[str]:
    cells = row["packages"]
    base = cells["numpy"]["ms"]
    out = [row["workload"], row["size"], f"{base:.2f}"]
    for pkg in packages[1:]:
        c = cells[pkg]
        out += [f"{c['ms']:.2f}", f"{base / c['ms']:.2f}x", "yes" if c["correct"] else "NO"]
    return out


def print_table(rows: list[dict], packages: list[str]) -> None:
    header = ["workload", "size", "NumPy ms"]
    for pkg in packages[1:]:
        header += [f"{pkg} ms", "speed-up", "correct"]
    lines = [header] + [format_row(r, packages) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for k, line in enumerate(lines):
        print("  ".join(v.ljust(w) if i < 2 else v.rjust(w)
                        for i, (v, w) in enumerate(zip(line, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    for r in rows:
        notes = [f"{p}: {c['rate']}" for p, c in r["packages"].items() if "rate" in c]
        notes += [f"{p} ran {', '.join(c['fallbacks'])} through NumPy"
                  for p, c in r["packages"].items() if c["fallbacks"]]
        if notes:
            print(f"# {r['workload']}: " + "; ".join(notes))


def write_chart(rows: list[dict], packages: list[str], path: Path) -> None:
    """Bars of each package's speed-up over NumPy per workload (skipped without matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"# matplotlib not installed: no chart ({path.name})")
        return
    others = packages[1:] or packages
    fig, ax = plt.subplots(figsize=(1.2 * len(rows) + 3, 4))
    width = 0.8 / len(others)
    for k, pkg in enumerate(others):
        speedups = [r["packages"]["numpy"]["ms"] / r["packages"][pkg]["ms"] for r in rows]
        xs = [i + (k - (len(others) - 1) / 2) * width for i in range(len(rows))]
        ax.bar(xs, speedups, width, label=pkg)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(rows)), [r["workload"] for r in rows])
    ax.set_ylabel("speed-up over NumPy (higher is faster)")
    ax.set_title(f"tessera benchmarks, {os.cpu_count()} cores")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.threads:
        os.environ["TESSERA_THREADS"] = str(args.threads)
        import tessera

        tessera.config(threads=args.threads)  # tessera may already be imported (python -m)
    names, packages = choose(args)
    started = time.perf_counter()
    rows = [bench_program(name, args.size, packages) for name in names]
    elapsed = time.perf_counter() - started
    print_table(rows, packages)
    print(f"# {args.size} size, {elapsed:.0f} s in all; Python {platform.python_version()}, "
          f"{os.cpu_count()} cores")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from tessera.bench import harness

    versions = {p: getattr(harness.import_package(p), "__version__", "?") for p in packages}
    with open(out / "bench-results.json", "w") as f:
        json.dump({"size": args.size, "threads": args.threads, "cores": os.cpu_count(),
                   "versions": versions, "seconds": elapsed, "results": rows}, f, indent=1)
    write_chart(rows, packages, out / "bench-results.png")
    print(f"# wrote {out / 'bench-results.json'}")
    wrong = [r["workload"] for r in rows for c in r["packages"].values() if not c["correct"]]
    if wrong:
        print(f"tessera.bench: wrong result(s): {', '.join(wrong)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
