"""tessera.numpy.random: NumPy's shapes, dtypes, scalar types and errors; determinism per seed;
bit-identical results whatever the tiling; statistical soundness (tessera's streams are its own,
so values are checked by moments and chi-square tests, not against NumPy's numbers)."""

import math

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp

N = 10**6

# ----------------------------------------------------------------------------- helpers


def chi2_sf(x, df):
    """P(chi2_df > x) by the Wilson–Hilferty normal approximation (good to ~1% for df >= 30)."""
    z = ((x / df) ** (1 / 3) - (1 - 2 / (9 * df))) / math.sqrt(2 / (9 * df))
    return 0.5 * math.erfc(z / math.sqrt(2))


def chi2_p(observed, expected):
    observed = np.asarray(observed, dtype=np.float64)
    stat = float(((observed - expected) ** 2 / expected).sum())
    return chi2_sf(stat, len(observed) - 1)


def host(x):
    return x.to_numpy() if isinstance(x, tnp.ndarray) else np.asarray(x)


def same_kind_of_result(t, n):
    """tessera's result looks like NumPy's: same shape and dtype, or same scalar type."""
    if isinstance(n, np.ndarray):
        assert isinstance(t, tnp.ndarray), type(t)
        assert t.shape == n.shape and t.dtype == n.dtype, (t.shape, t.dtype, n.shape, n.dtype)
    else:
        assert type(t) is type(n), (type(t), type(n))


# ----------------------------------------------------------------------------- API shape


SIZES = [None, 5, (2, 3), (0,), (2, 0, 3), ()]

LEGACY = [
    ("random", (), {}),
    ("random_sample", (), {}),
    ("uniform", (), {}),
    ("uniform", (-2.0, 3.0), {}),
    ("normal", (), {}),
    ("normal", (1.0, 2.0), {}),
    ("standard_normal", (), {}),
    ("randint", (10,), {}),
    ("randint", (-5, 5), {}),
    ("randint", (0, 200), {"dtype": np.uint8}),
    ("randint", (0, 2), {"dtype": bool}),
    ("randint", (-3, 3), {"dtype": np.int32}),
    ("choice", (7,), {}),
]

GENERATOR = [
    ("random", (), {}),
    ("random", (), {"dtype": np.float32}),
    ("integers", (10,), {}),
    ("integers", (-5, 5), {"dtype": np.int32}),
    ("integers", (0, 255), {"dtype": np.uint8, "endpoint": True}),
    ("normal", (0.5, 3.0), {}),
    ("uniform", (1.0, 2.0), {}),
    ("standard_normal", (), {}),
    ("standard_normal", (), {"dtype": np.float32}),
    ("choice", ([1.5, 2.5, 3.5],), {}),
]


@pytest.mark.parametrize("size", SIZES, ids=repr)
@pytest.mark.parametrize("name,args,kwargs", LEGACY, ids=lambda v: repr(v)[:30])
def test_legacy_shapes_and_types(name, args, kwargs, size):
    n = getattr(np.random, name)(*args, size=size, **kwargs)
    t = getattr(tnp.random, name)(*args, size=size, **kwargs)
    same_kind_of_result(t, n)


@pytest.mark.parametrize("size", SIZES, ids=repr)
@pytest.mark.parametrize("name,args,kwargs", GENERATOR, ids=lambda v: repr(v)[:30])
def test_generator_shapes_and_types(name, args, kwargs, size):
    n = getattr(np.random.default_rng(0), name)(*args, size=size, **kwargs)
    t = getattr(tnp.random.default_rng(0), name)(*args, size=size, **kwargs)
    same_kind_of_result(t, n)


@pytest.mark.parametrize("shape", [(), (4,), (2, 3)], ids=repr)
def test_rand_randn_shapes(shape):
    for name in ("rand", "randn"):
        same_kind_of_result(getattr(tnp.random, name)(*shape), getattr(np.random, name)(*shape))


def test_array_parameters_broadcast():
    loc = tnp.asarray([0.0, 10.0, 100.0])
    r = tnp.random.normal(loc, 0.001)
    assert r.shape == (3,) and r.dtype == np.float64
    assert np.allclose(host(r), [0.0, 10.0, 100.0], atol=0.1)
    u = tnp.random.default_rng(1).uniform([0.0, 5.0], [1.0, 6.0], size=(4, 2))
    assert u.shape == (4, 2)
    h = host(u)
    assert (h[:, 0] >= 0).all() and (h[:, 0] < 1).all() and (h[:, 1] >= 5).all()


def test_permutation_shuffle_choice():
    tnp.random.seed(3)
    p = tnp.random.permutation(20)
    assert isinstance(p, tnp.ndarray) and sorted(host(p).tolist()) == list(range(20))
    x = tnp.arange(50)
    tnp.random.shuffle(x)
    assert sorted(host(x).tolist()) == list(range(50)) and host(x).tolist() != list(range(50))
    c = tnp.random.default_rng(4).choice(10, size=6, replace=False)
    assert len(set(host(c).tolist())) == 6
    w = tnp.random.choice(3, size=1000, p=[0.0, 0.5, 0.5])
    assert 0 not in host(w)


# ----------------------------------------------------------------------------- determinism


def draws():
    g = tnp.random.default_rng(12345)
    tnp.random.seed(99)
    out = [
        g.random(100_003), g.random(1001, dtype=np.float32), g.integers(-7, 1000, 100_003),
        g.integers(0, 2**64 - 1, 999, dtype=np.uint64, endpoint=True), g.normal(2, 3, (300, 7)),
        g.standard_normal(5000, dtype=np.float32), tnp.random.rand(333, 301),
        tnp.random.randint(0, 10, 77_777, dtype=np.int8), tnp.random.uniform(-1, 1, 4096),
    ]
    return [host(a) for a in out]


def test_same_seed_same_numbers():
    a, b = draws(), draws()
    for x, y in zip(a, b):
        assert x.tobytes() == y.tobytes()


def test_different_seeds_and_calls_differ():
    assert not np.array_equal(host(tnp.random.default_rng(1).random(100)),
                              host(tnp.random.default_rng(2).random(100)))
    tnp.random.seed(1)
    first, second = host(tnp.random.rand(100)), host(tnp.random.rand(100))
    assert not np.array_equal(first, second)
    tnp.random.seed(1)
    assert np.array_equal(host(tnp.random.rand(100)), first)


@pytest.mark.parametrize("settings", [
    {"tiles": 1, "eager": "never"},
    {"tiles": 7, "eager": "never"},
    {"eager": "always"},
    {"processor": "omp", "tiles": 3, "eager": "never"},
    {"fake_device": True, "tiles": 5, "eager": "never"},
], ids=["tiles1", "tiles7", "eager", "omp", "fakedev"])
def test_independent_of_tiling(settings):
    reference = draws()
    with tessera.config(**settings):
        got = draws()
        tessera.sync()
    for x, y in zip(reference, got):
        assert x.dtype == y.dtype and x.shape == y.shape
        assert x.tobytes() == y.tobytes()


# ----------------------------------------------------------------------------- statistics


def test_uniform_moments_and_chi_square():
    u = host(tnp.random.default_rng(5).random(N))
    assert u.min() >= 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 5 * math.sqrt(1 / 12 / N)
    assert abs(u.var() - 1 / 12) < 5 * math.sqrt(1 / 180 / N)
    counts = np.bincount((u * 100).astype(np.int64), minlength=100)
    assert chi2_p(counts, N / 100) > 1e-4


def test_uniform_float32_in_range():
    u = host(tnp.random.default_rng(6).random(N, dtype=np.float32))
    assert u.dtype == np.float32 and u.min() >= 0 and u.max() < 1
    assert abs(float(u.mean()) - 0.5) < 5 * math.sqrt(1 / 12 / N)


def test_uniform_low_high():
    u = host(tnp.random.uniform(-3.0, 5.0, N))
    assert u.min() >= -3.0 and u.max() < 5.0
    assert abs(u.mean() - 1.0) < 5 * 8 * math.sqrt(1 / 12 / N)


def test_normal_moments_and_chi_square():
    z = host(tnp.random.default_rng(7).standard_normal(N))
    assert abs(z.mean()) < 5 / math.sqrt(N)
    assert abs(z.var() - 1) < 5 * math.sqrt(2 / N)
    edges = np.linspace(-4, 4, 99)  # 98 inner bins and two tails: 100 bins
    counts = np.bincount(np.searchsorted(edges, z), minlength=100)
    cdf = np.array([0.0] + [0.5 * math.erfc(-e / math.sqrt(2)) for e in edges] + [1.0])
    assert chi2_p(counts, N * np.diff(cdf)) > 1e-4
    x = host(tnp.random.normal(3.0, 2.0, N))
    assert abs(x.mean() - 3) < 5 * 2 / math.sqrt(N) and abs(x.std() - 2) < 0.01


@pytest.mark.parametrize("dtype", [np.int64, np.int32])
def test_integers_uniform_over_range(dtype):
    k = host(tnp.random.default_rng(8).integers(-50, 50, N, dtype=dtype))
    assert k.dtype == dtype and k.min() == -50 and k.max() == 49
    assert chi2_p(np.bincount(k + 50, minlength=100), N / 100) > 1e-4


def test_integers_wide_ranges():
    big = host(tnp.random.randint(-(2**63), 2**63 - 1, 10_000, dtype=np.int64))
    assert (big < 0).mean() > 0.45 and (big > 0).mean() > 0.45
    full = host(tnp.random.default_rng(9).integers(0, 2**64 - 1, 10_000, np.uint64, True))
    assert (full >= 2**63).mean() > 0.45


# ----------------------------------------------------------------------------- errors

ERRORS = [
    lambda m: m.random.randint(5, 2),
    lambda m: m.random.randint(5, 5),
    lambda m: m.random.rand(-1),
    lambda m: m.random.random(-1),
    lambda m: m.random.normal(size=(2, -1)),
    lambda m: m.random.randint(5, size=-1),
    lambda m: m.random.randint(5, dtype=float),
    lambda m: m.random.randint(-1, 5, dtype=np.uint8),
    lambda m: m.random.randint(0, 300, dtype=np.uint8),
    lambda m: m.random.normal(0, -1),
    lambda m: m.random.seed(-1),
    lambda m: m.random.seed(2**32),
    lambda m: m.random.default_rng(-1),
    lambda m: m.random.default_rng().integers(5, dtype=np.float64),
    lambda m: m.random.default_rng().integers(5, 4, endpoint=True),
    lambda m: m.random.default_rng().random(dtype=np.int64),
    lambda m: m.random.default_rng().standard_normal(dtype=np.int32),
    lambda m: m.random.choice(0, 3),
]


@pytest.mark.parametrize("call", ERRORS, ids=range(len(ERRORS)))
def test_errors_match_numpy(call):
    with pytest.raises(Exception) as expected:
        call(np)
    with pytest.raises(expected.type) as got:
        call(tnp)
    assert str(got.value) == str(expected.value)


def test_integers_array_bounds():
    r = tnp.random.default_rng(2).integers([0, 10], [5, 20], size=(100, 2))
    h = host(r)
    assert r.shape == (100, 2) and (h[:, 0] < 5).all() and (h[:, 1] >= 10).all()
    r = tnp.random.randint(tnp.asarray([0, 100]), 200)
    assert r.shape == (2,) and (host(r) >= 0).all()
