"""The GPU as a processor and a memory: coherence between host and GPU under every privilege,
errors raised by GPU kernels, memory given back, the mapper's choices, and show_config.

These run only where tessera was built with CUDA and a GPU is present (tools/gpu.sh on the
device machine); the last tests check what a CPU-only build says instead.
"""

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp

GPU = tessera._core.config().get("gpus", 0) > 0
needs_gpu = pytest.mark.skipif(not GPU, reason="needs a CUDA build and a GPU")


def stats():
    tessera.sync()
    return tessera._core.stats()


def on_gpu(f):
    """Runs f() with every launch that has a CUDA variant on the GPU; returns (result, GPU
    points run)."""
    before = stats()["gpu_points"]
    with tessera.config(gpu_threshold=0):
        r = f()
    return r, stats()["gpu_points"] - before


# ------------------------------------------------------------------ coherence, every privilege


@needs_gpu
def test_read_copies_in_once_and_keeps_host_copy():
    h = np.arange(1 << 20, dtype=np.float64)
    x = tnp.asarray(h)  # valid on the host only
    s0 = stats()
    y, n = on_gpu(lambda: x + 1.0)  # read privilege: x is copied in
    assert n >= 1
    s1 = stats()
    assert s1["copies_in"] > s0["copies_in"]
    np.testing.assert_array_equal(y.to_numpy(), h + 1.0)  # write on the GPU, read on the host
    assert stats()["copies_out"] > s1["copies_out"]
    # x is still valid in both memories: reading it on the host copies nothing out.
    s2 = stats()
    np.testing.assert_array_equal(x.to_numpy(), h)
    assert stats()["copies_out"] == s2["copies_out"]
    # and using it on the GPU again copies nothing in.
    z, _ = on_gpu(lambda: x * 2.0)
    assert stats()["copies_in"] == s2["copies_in"]
    np.testing.assert_array_equal(z.to_numpy(), h * 2.0)


@needs_gpu
def test_read_write_in_place_on_gpu_then_host():
    h = np.linspace(0.0, 1.0, 300001)
    x = tnp.asarray(h)

    def bump():
        x[...] += 3.0  # read-write on the GPU
        return x

    on_gpu(bump)
    np.testing.assert_array_equal(x.to_numpy(), h + 3.0)


@needs_gpu
def test_host_write_invalidates_gpu_copy():
    h = np.arange(200000, dtype=np.float64)
    x = tnp.asarray(h)
    on_gpu(lambda: x + 0.0)  # x now valid on the GPU too
    x[5] = -7.0  # a host write (setitem of one element): the GPU copy is stale
    y, _ = on_gpu(lambda: x * 1.0)
    want = h.copy()
    want[5] = -7.0
    np.testing.assert_array_equal(y.to_numpy(), want)


@needs_gpu
def test_partial_gpu_write_keeps_untouched_host_bytes():
    h = np.arange(400000, dtype=np.int64)
    x = tnp.asarray(h)  # valid on the host only

    def write_even():
        x[::2] = tnp.zeros(200000, dtype=np.int64) - 1  # a strided (partial) write
        return x

    on_gpu(write_even)
    want = h.copy()
    want[::2] = -1
    np.testing.assert_array_equal(x.to_numpy(), want)


@needs_gpu
def test_reduction_fold_on_gpu():
    h = np.random.default_rng(1).standard_normal(1 << 20)
    x = tnp.asarray(h)
    s, n = on_gpu(lambda: x.sum())
    assert n >= 1
    assert np.isclose(float(s), h.sum(), rtol=1e-12)
    m, _ = on_gpu(lambda: tnp.max(x))
    assert float(m) == h.max()


@needs_gpu
def test_gpu_result_used_by_cpu_task_and_back():
    h = np.random.default_rng(2).standard_normal(1 << 18)
    x = tnp.asarray(h)
    y, _ = on_gpu(lambda: x * 2.0)  # lives on the GPU only
    with tessera.config(gpus=0):  # CPU-only launches read it: copied out
        z = y + 1.0
    w, _ = on_gpu(lambda: z - 1.0)  # and back in
    np.testing.assert_array_equal(w.to_numpy(), (h * 2.0 + 1.0) - 1.0)


@needs_gpu
def test_fake_device_and_gpu_exchange_through_host():
    h = np.arange(1 << 18, dtype=np.float64)
    x = tnp.asarray(h)
    y, _ = on_gpu(lambda: x + 1.0)  # GPU memory only
    with tessera.config(gpus=0, fake_device=True, tiles=3, eager="never"):
        z = y * 3.0  # CPU tasks in the fake device memory read GPU data
        tessera.sync()
    w, _ = on_gpu(lambda: z + 0.5)  # GPU reads fake-device data
    np.testing.assert_array_equal(w.to_numpy(), (h + 1.0) * 3.0 + 0.5)


@needs_gpu
def test_small_launch_follows_data_to_gpu():
    x = tnp.asarray(np.arange(1 << 20, dtype=np.float64))
    y, _ = on_gpu(lambda: x + 1.0)  # y on the GPU only
    s0 = stats()
    # A small launch (below the threshold) on GPU-resident data runs there: no copy out.
    z = y[:10] * 2.0
    s1 = stats()
    assert s1["gpu_points"] > s0["gpu_points"]
    assert s1["copies_out"] == s0["copies_out"]
    np.testing.assert_array_equal(z.to_numpy(), (np.arange(10) + 1.0) * 2.0)


@needs_gpu
def test_small_host_launch_stays_on_cpu():
    x = tnp.asarray(np.arange(100, dtype=np.float64))
    s0 = stats()
    with tessera.config(gpu_threshold=1 << 17):  # the default (the GPU suite runs with 0)
        y = x + 1.0
    tessera.sync()
    assert stats()["gpu_points"] == s0["gpu_points"]
    np.testing.assert_array_equal(y.to_numpy(), np.arange(100) + 1.0)


# ------------------------------------------------------------------ errors and memory


@needs_gpu
def test_gpu_kernel_error_surfaces_and_runtime_stays_usable():
    x = tnp.asarray(np.arange(1, 300001, dtype=np.int64))
    with pytest.raises(ValueError, match="negative integer powers"):
        with tessera.config(gpu_threshold=0):
            r = tnp.power(x, -1)
            r.to_numpy()
    y, _ = on_gpu(lambda: x + 1)
    np.testing.assert_array_equal(y.to_numpy(), np.arange(2, 300002))


@needs_gpu
def test_out_of_gpu_memory_is_memory_error():
    x = tnp.empty(1 << 42, dtype=np.uint8)  # 4 TiB: no GPU has that
    with pytest.raises(MemoryError, match="GPU 0"):
        with tessera.config(gpu_threshold=0):
            (x + 1).to_numpy()
    y, _ = on_gpu(lambda: tnp.asarray(np.ones(1000)) + 1.0)
    np.testing.assert_array_equal(y.to_numpy(), np.full(1000, 2.0))


@needs_gpu
def test_gpu_memory_returns_to_baseline():
    import gc

    gc.collect()
    base = stats()["gpu_bytes_in_use"]
    x = tnp.asarray(np.ones(1 << 22))
    ys = []
    for _ in range(3):
        y, _ = on_gpu(lambda: x * 2.0 + 1.0)
        ys.append(y)
    assert stats()["gpu_bytes_in_use"] >= base + 4 * (8 << 22)
    del x, y, ys
    gc.collect()
    assert stats()["gpu_bytes_in_use"] == base
    tessera._core.gpu_trim()
    assert stats()["gpu_bytes_reserved"] <= stats()["gpu_bytes_in_use"] + (64 << 20)


@needs_gpu
def test_same_seed_same_numbers_on_cpu_and_gpu():
    def draw():
        g = tnp.random.default_rng(1234)
        return g.random(1 << 20).to_numpy(), g.integers(0, 1000, 1 << 20).to_numpy()

    (ug, ig), _ = on_gpu(draw)
    with tessera.config(gpus=0):
        uc, ic = draw()
    np.testing.assert_array_equal(ug, uc)
    np.testing.assert_array_equal(ig, ic)


@needs_gpu
def test_show_config_names_the_gpu():
    text = tessera.show_config()
    name = tessera._core.gpu_devices()[0]["name"]
    assert "GPU 0: " + name in text
    assert "gpu" in text.splitlines()[1]
    assert tessera._core.build_info()["cuda"] is True


@needs_gpu
def test_too_many_gpus_is_value_error():
    n = len(tessera._core.gpu_devices())
    with pytest.raises(ValueError, match="more GPUs"):
        tessera.config(gpus=n + 1)


# ------------------------------------------------------------------ without a GPU


def test_gpu_stats_are_reported():
    s = stats()
    for key in ("gpu_points", "gpu_bytes_in_use", "gpu_bytes_reserved"):
        assert isinstance(s[key], int) and s[key] >= 0
    if not GPU:
        assert s["gpu_points"] == 0 and s["gpu_bytes_in_use"] == 0
