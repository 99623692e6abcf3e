"""Mapper settings (tile counts, eager/deferred, fake device) never change results.

Each program runs under every `tessera.config` setting in conftest.MODES; element-wise results
must be bit-identical across settings and equal to NumPy's; float reductions may differ only by
rounding.
"""

import gc
import os
import subprocess
import sys

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp

from conftest import MODES, assert_same, check, make, to_np

BIG = 100_000


def chain(m, a):
    b = m.sqrt(a) * 2 + 1
    c = b[::3]
    c += 1
    return b, c, b.sum()


def stencil(m, grid, steps=4, temp=True):
    """Five-point Jacobi sweeps over overlapping views of one array (as in SC'19's example)."""
    center = grid[1:-1, 1:-1]
    north, south = grid[:-2, 1:-1], grid[2:, 1:-1]
    east, west = grid[1:-1, 2:], grid[1:-1, :-2]
    for _ in range(steps):
        if temp:
            work = 0.2 * (center + north + south + east + west)
            center[:] = work
        else:
            center[:] = 0.2 * (center + north + south + east + west)
    return grid


def run_everywhere(program, *np_args, tol="exact"):
    """Run program under every mode; compare with NumPy and across modes."""
    expected = program(np, *[a.copy() for a in np_args])
    results = {}
    for name, settings in MODES.items():
        with tessera.config(**settings):
            got = program(tnp, *[tnp.asarray(a.copy()) for a in np_args])
            assert_same(got, expected, tol=tol, label=name)
            results[name] = to_np(got)
            tessera.sync()
    return results


def test_chain_in_every_mode(modes):
    a = make((1000,), "float64", 0, 100)
    check(chain, a, tol="reduce", label=modes)


def test_chain_identical_across_modes():
    results = run_everywhere(chain, make((BIG,), "float64", 0, 100), tol="reduce")
    first = results["default"]
    for name, (b, c, _) in results.items():
        np.testing.assert_array_equal(b, first[0], err_msg=name)
        np.testing.assert_array_equal(c, first[1], err_msg=name)


@pytest.mark.parametrize("temp", [True, False], ids=["work array", "direct"])
def test_stencil(modes, temp):
    grid = make((34, 34), "float64", 0, 1, seed=1)
    check(lambda m, g: stencil(m, g, temp=temp), grid, label=modes)


def test_stencil_large_identical_across_modes():
    grid = make((318, 318), "float64", 0, 1, seed=2)
    results = run_everywhere(lambda m, g: stencil(m, g, steps=3), grid)
    first = results["default"]
    for name, r in results.items():
        np.testing.assert_array_equal(r, first, err_msg=name)


@pytest.mark.parametrize("dtype", ["int32", "float32"])
def test_big_elementwise_and_reductions(modes, dtype):
    a = make((BIG,), dtype, 0, 50, seed=3, grid=0.5)
    b = make((BIG,), dtype, 1, 50, seed=4, grid=0.5)

    def program(m, x, y):
        z = x * y - x // y
        z[::2] += 1
        return z, z.max(), z.argmin(), (z > 10).sum(), x.mean(), z[::-7].sum()

    check(program, a, b, tol="reduce", label=modes)


def test_big_2d_axis_reductions(modes):
    a = make((400, 250), "float64", -4, 4, seed=5, grid=0.25)
    for axis in (0, 1, None):
        check(
            lambda m, x: (x.sum(axis=axis), x.max(axis=axis), x.T.var(axis=axis)),
            a,
            tol="reduce",
            label=f"{modes} axis={axis}",
        )


def test_arrays_dropped_early(modes):
    def program(m):
        a = m.arange(5000.0)
        v = a[::2]
        b = v * 2
        del a, v
        gc.collect()
        c = b + 1
        orphan_view = m.arange(100.0)[10:20]
        gc.collect()
        d = orphan_view * 3
        unused = c * 100
        del unused
        gc.collect()
        return c, d, c.sum()

    check(program, tol="reduce", label=modes)


def test_result_unchanged_when_inputs_dropped_before_sync(modes):
    def program(m):
        outs = []
        for i in range(5):
            x = m.full(2000, float(i))
            y = m.sqrt(x + 1.0)
            outs.append(y[::100])
            del x, y
        gc.collect()
        return tuple(outs)

    check(program, tol="ulp", label=modes)


def test_write_after_read_ordering(modes):
    """A later write to an array must not change a value computed from it earlier."""

    def program(m, x):
        s = x.sum()
        y = x * 2
        x[:] = -1
        x[::2] = y[::2]
        return s, y, x

    check(program, make((3000,), "int64", -10, 10), label=modes)


def test_config_restores_settings_and_nests():
    a = tnp.asarray(make((100,), "float64"))
    expected = np.asarray(a) * 2
    with tessera.config(tiles=2, eager="never"):
        with tessera.config(tiles=5), tessera.config(fake_device=True):
            r1 = a * 2
        r2 = a * 2
    r3 = a * 2
    for r in (r1, r2, r3):
        np.testing.assert_array_equal(np.asarray(r), expected)


def test_config_rejects_bad_values():
    with pytest.raises((ValueError, TypeError)), tessera.config(eager="sometimes"):
        pass
    with pytest.raises((ValueError, TypeError)), tessera.config(tiles=0):
        pass


def test_config_restored_after_exception():
    with pytest.raises(ZeroDivisionError), tessera.config(tiles=3, eager="never"):
        1 / 0  # noqa: B018
    t = tnp.arange(10) * 3
    np.testing.assert_array_equal(np.asarray(t), np.arange(10) * 3)


@pytest.mark.skipif(tessera._core.build_info()["cuda"], reason="a CUDA build may use GPUs")
def test_gpus_knob_in_a_build_without_cuda():
    # No GPU executor: "every GPU present" means none, 0 is accepted, and asking for GPUs
    # says plainly that this build has no CUDA, from the knob and from the environment.
    assert tessera._core.config()["gpus"] == 0
    with tessera.config(gpus=0):
        np.testing.assert_array_equal(np.asarray(tnp.arange(4) * 2), np.arange(4) * 2)
    with pytest.raises(ValueError, match="built without CUDA"), tessera.config(gpus=1):
        pass
    with pytest.raises(ValueError, match="TESSERA_GPUS"), tessera.config(gpus=-2):
        pass
    assert tessera._core.config()["gpus"] == 0
    assert "GPUs used: 0" in tessera.show_config()
    env = dict(os.environ, TESSERA_GPUS="1")
    done = subprocess.run([sys.executable, "-c", "import tessera.numpy as np; print(np.ones(3))"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "built without CUDA" in done.stderr, done.stderr


def test_sync_and_show_config(capsys):
    assert tessera.sync() is None
    text = tessera.show_config()
    printed = capsys.readouterr().out
    assert isinstance(text, str) and text.strip()
    assert text.strip() in printed
    lower = text.lower()
    assert "thread" in lower, text
    assert any(opt in lower for opt in ("openmp", "cuda", "mpi")), text


def test_sync_waits_for_everything(modes):
    a = tnp.zeros(20_000)
    for i in range(10):
        a[i::10] += i
    tessera.sync()
    expected = np.zeros(20_000)
    for i in range(10):
        expected[i::10] += i
    np.testing.assert_array_equal(np.asarray(a), expected)
