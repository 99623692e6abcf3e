"""The benchmark suite (benchmarks/, `python -m tessera.bench`) at size small: every program
runs on tessera and agrees with NumPy, and the main job prints its table and writes its JSON."""

import json
import subprocess
import sys

import pytest
from tessera.bench import __main__ as bench
from tessera.bench import harness


@pytest.mark.parametrize("name", bench.PROGRAMS)
def test_program_matches_numpy(name):
    program = bench.load_program(name)
    expected = harness.run_program(program, "numpy", "small")
    got = harness.run_program(program, "tessera", "small")
    assert got["seconds"] > 0
    assert harness.mismatch(expected["result"], got["result"], *program.TOLERANCE) == ""


def test_mismatch_reports_wrong_values():
    import numpy

    a = numpy.arange(4.0)
    assert harness.mismatch(a, a + 1, 1e-9, 0).startswith("values differ")
    assert harness.mismatch(a, a.astype(numpy.float32), 1e-9, 0).startswith("dtype")
    assert harness.mismatch((a, a), (a, a[:2]), 1e-9, 0).startswith("result 1: shape")


def test_main_job_writes_table_and_json(tmp_path):
    cmd = [sys.executable, "-m", "tessera.bench", "--size", "small",
           "--only", "stencil,black_scholes", "--out", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "workload" in done.stdout and "speed-up" in done.stdout
    assert "stencil" in done.stdout and "black_scholes" in done.stdout
    results = json.loads((tmp_path / "bench-results.json").read_text())
    assert [r["workload"] for r in results["results"]] == ["stencil", "black_scholes"]
    assert all(c["correct"] for r in results["results"] for c in r["packages"].values())


def test_main_job_rejects_unknown_program(tmp_path):
    cmd = [sys.executable, "-m", "tessera.bench", "--only", "nope", "--out", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "unknown program" in done.stderr
