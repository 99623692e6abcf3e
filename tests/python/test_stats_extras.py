"""round/around, ptp, the nan* reductions, median/quantile/percentile, average, cov and
corrcoef: composed from tessera operations (no NumPy fallback), NumPy as the oracle."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp
from conftest import arg, check, check_raises, make

# ----------------------------------------------------------------------------- round


@pytest.mark.parametrize("dtype", ["int8", "int32", "uint8", "int64", "float16", "float32",
                                   "float64", "complex64", "complex128"])
@pytest.mark.parametrize("decimals", [0, 1, 2, -1, -2])
def test_round(dtype, decimals):
    a = make((5, 7), dtype, lo=-300, hi=300, seed=1)
    if np.dtype(dtype).kind in "fc":
        a = a / 7
        a.flat[:4] = [2.5, -0.125, 0.35, 1.005]  # halves and near-halves
    check(lambda m, a: m.round(a, decimals), a)
    check(lambda m, a: m.around(a, decimals), a)
    check(lambda m, a: a.round(decimals), a)


@pytest.mark.parametrize("layout", ["0d", "empty", "strided", "transposed", "mixed"])
def test_round_layouts(layout, modes):
    check(lambda m, a: m.round(a, 1), arg(layout, "float64", seed=2))
    check(lambda m, a: m.round(a, -1), arg(layout, "int16", lo=-99, hi=99, seed=2))


def test_round_special_values():
    a = np.array([np.nan, np.inf, -np.inf, -0.4, -0.0, 0.5, 1.5, 1e300, 5e-324])
    for d in (0, 2, -3, 300):
        check(lambda m, a: m.round(a, d), a)
    check(lambda m, a: m.round(a, 1), np.array([np.inf + 1.55j, np.nan - 2.45j]))
    out = tnp.zeros(3)
    r = tnp.round(tnp.asarray([1.26, 2.5, 3.5]), 1, out=out)
    assert r is out and np.array_equal(np.asarray(out), [1.3, 2.5, 3.5])
    assert round(tnp.asarray(2.567), 1).item() == 2.6
    check(lambda m: m.round(3, -1))
    check(lambda m: m.round([1.25, 2.35], 1))


# ----------------------------------------------------------------------------- ptp, nan*


def _with_nans(shape, dtype, seed=0):
    a = make(shape, dtype, seed=seed)
    if np.dtype(dtype).kind in "fc":
        a.flat[::5] = np.nan
        if a.ndim == 2:
            a[1, :] = np.nan  # one all-NaN row
    return a


AXES = [{}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"axis": (0, 1)}, {"axis": -1}]
NAN_REDUCTIONS = ["nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmax", "nanmin"]


@pytest.mark.parametrize("name", NAN_REDUCTIONS + ["ptp"])
@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "complex128"])
def test_nan_reductions(name, dtype):
    a = _with_nans((4, 5), dtype) if name != "ptp" else make((4, 5), dtype)
    for kw in AXES:
        check(lambda m, a: getattr(m, name)(a, **kw), a, tol="reduce")


@pytest.mark.parametrize("name", NAN_REDUCTIONS + ["ptp", "nanargmax", "nanargmin"])
def test_nan_reductions_layouts(name, modes):
    for layout in ("0d", "strided", "mixed", "empty2d"):
        a = arg(layout, "float64", seed=3)
        check(lambda m, a: getattr(m, name)(a, axis=-1 if layout != "0d" else None), a,
              tol="reduce")


def test_nan_reduction_options():
    a = _with_nans((4, 5), "float64")
    check(lambda m, a: m.nanvar(a, axis=1, ddof=1), a, tol="reduce")
    check(lambda m, a: m.nanstd(a, axis=0, ddof=4), a, tol="reduce")  # dof <= 0 on a column
    check(lambda m, a: m.nanstd(a, correction=1), a, tol="reduce")
    check(lambda m, a: m.nanmean(a, axis=1, dtype=np.float32), a, tol="reduce")
    check(lambda m, a: m.nansum(a, axis=0, dtype=np.float32), a, tol="reduce")
    check(lambda m, a: m.nanmax(a, axis=1, initial=-100.0), a)
    check(lambda m, a: m.nanmean(a, axis=1, dtype=np.int64), a)  # TypeError
    check(lambda m, a: m.nanvar(a, ddof=1, correction=1), a)  # ValueError
    out = tnp.zeros(5)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):  # column 0 is all NaN
        assert tnp.nanmean(tnp.asarray(a), axis=0, out=out) is out
        expected = np.nanmean(a, axis=0)
    np.testing.assert_allclose(np.asarray(out), expected, rtol=1e-12)


def test_nan_warnings_and_errors():
    a = _with_nans((4, 5), "float64")
    t = tnp.asarray(a)
    for name, text in (("nanmax", "All-NaN slice"), ("nanmin", "All-NaN slice"),
                       ("nanmean", "Mean of empty slice"), ("nanvar", "Degrees of freedom")):
        with pytest.warns(RuntimeWarning, match=text):
            r = getattr(tnp, name)(t, axis=1)
        assert np.isnan(np.asarray(r)[1])
    for name in ("nanargmax", "nanargmin"):
        check_raises(lambda m, a: getattr(m, name)(a, axis=1), a, match=["All-NaN slice"])
        check(lambda m, a: getattr(m, name)(a, axis=0, keepdims=True), a)
        check(lambda m, a: getattr(m, name)(a), a)
    check_raises(lambda m, a: m.ptp(a), np.zeros((0, 3)))
    check(lambda m, a: m.ptp(a, axis=0), np.zeros((0, 3)))
    check(lambda m, a: m.nanargmax(a, axis=1), make((3, 4), "int16"))


# ----------------------------------------------------------------------------- median, quantile

QUANTILE_AXES = [{}, {"axis": 0}, {"axis": -1, "keepdims": True}, {"axis": (0, 2)},
                 {"axis": (2, 0), "keepdims": True}, {"keepdims": True}]
QS = [0.3, 1, [0.1, 0.5, 0.99], np.float32(0.37), np.array([0.25, 0.75], np.float32)]


@pytest.mark.parametrize("dtype", ["int32", "float16", "float32", "float64"])
def test_median(dtype):
    a = make((4, 5, 6), dtype, seed=4)
    for kw in QUANTILE_AXES:
        check(lambda m, a: m.median(a, **kw), a)
        check(lambda m, a: m.median(a[:, :3], **kw), a)


@pytest.mark.parametrize("method", ["linear", "lower", "higher", "nearest", "midpoint"])
@pytest.mark.parametrize("dtype", ["int64", "float32", "float64"])
def test_quantile(method, dtype):
    a = make((3, 4, 5), dtype, seed=5)
    for kw in QUANTILE_AXES[:4]:
        for q in QS:
            check(lambda m, a: m.quantile(a, q, method=method, **kw), a)
        check(lambda m, a: m.percentile(a, [12.5, 50, 100], method=method, **kw), a)
        check(lambda m, a: m.percentile(a, 37.5, method=method, **kw), a)


@pytest.mark.parametrize("layout", ["0d", "1d", "strided", "reversed", "transposed", "mixed"])
def test_order_statistics_layouts(layout, modes):
    a = arg(layout, "float64", seed=6)
    check(lambda m, a: m.median(a), a)
    check(lambda m, a: m.quantile(a, [0.2, 0.9]), a)
    check(lambda m, a: m.percentile(a, 60, axis=-1 if layout != "0d" else None), a)


def test_order_statistics_nan_empty_errors():
    a = make((4, 6), "float64", seed=7)
    a[1, 2] = np.nan
    for kw in ({}, {"axis": 1}, {"axis": 0}):
        check(lambda m, a: m.median(a, **kw), a)
        check(lambda m, a: m.quantile(a, [0.0, 0.5, 1.0], **kw), a)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        r = tnp.median(tnp.asarray(np.zeros((0, 3))), axis=0)
    assert r.shape == (3,) and np.isnan(np.asarray(r)).all()
    check_raises(lambda m, a: m.quantile(a, 1.5), a, match=["Quantiles must be in the range"])
    check_raises(lambda m, a: m.quantile(a, [0.5, -0.1]), a)
    check_raises(lambda m, a: m.percentile(a, 101), a, match=["Percentiles must be in"])
    check_raises(lambda m, a: m.quantile(a, 0.5, method="foo"), a)
    check_raises(lambda m, a: m.quantile(a + 1j, 0.5), a)
    check_raises(lambda m, a: m.median(a, axis=2), a)
    out = tnp.zeros(6)
    assert tnp.median(tnp.asarray(a[[0, 2, 3]]), axis=0, out=out) is out
    np.testing.assert_array_equal(np.asarray(out), np.median(a[[0, 2, 3]], axis=0))


def _nan_data(shape, dtype, seed):
    a = make(shape, dtype, seed=seed)
    rng = np.random.default_rng(seed)
    a[rng.random(shape) < 0.3] = np.nan
    a[1, 2, :] = np.nan  # an all-NaN slice along the last axis
    return a


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("first_all_nan", [False, True])
def test_nanmedian_nanquantile(dtype, first_all_nan):
    a = _nan_data((4, 5, 6), dtype, seed=16)
    if first_all_nan:
        a[:, 0, 0] = np.nan  # NumPy then takes the data's dtype for q arrays along axis 0
    for kw in QUANTILE_AXES:
        check(lambda m, a: m.nanmedian(a, **kw), a)
        for q in QS:
            check(lambda m, a: m.nanquantile(a, q, **kw), a)
        for method in ("lower", "higher", "nearest", "midpoint"):
            check(lambda m, a: m.nanquantile(a, [0.2, 0.7], method=method, **kw), a)
        check(lambda m, a: m.nanpercentile(a, [10, 90], **kw), a)


def test_nan_order_statistics_edges(modes):
    a = _nan_data((4, 5, 6), "float64", seed=17)
    with pytest.warns(RuntimeWarning, match="All-NaN slice"):
        r = tnp.nanmedian(tnp.asarray(a), axis=-1)
    assert np.isnan(np.asarray(r)[1, 2])
    check(lambda m, a: m.nanmedian(a), np.full(5, np.nan))
    check(lambda m, a: m.nanquantile(a, [0.5, 1.0]), np.full(5, np.nan, np.float32))
    check(lambda m, a: m.nanmedian(a, axis=0), np.zeros((0, 3)))
    check(lambda m, a: m.nanmedian(a, axis=1), make((3, 4), "int32"))
    check(lambda m, a: m.nanpercentile(a, 30, axis=0), make((3, 4), "int32"))
    check(lambda m, a: m.nanmedian(a), arg("mixed", "float64", seed=18))
    check_raises(lambda m, a: m.nanquantile(a, 2.0), a, match=["Quantiles must be in"])
    check_raises(lambda m, a: m.nanpercentile(a, -1), a, match=["Percentiles must be in"])
    check_raises(lambda m, a: m.nanquantile(a + 1j, 0.5), a)


# ----------------------------------------------------------------------------- average, cov


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "complex128"])
def test_average(dtype):
    a = make((3, 4, 5), dtype, seed=8)
    w = make((3, 4, 5), "float64", lo=0, hi=3, seed=9)
    for kw in ({}, {"axis": 1}, {"axis": (0, 2)}, {"axis": -1, "keepdims": True}):
        check(lambda m, a: m.average(a, **kw), a, tol="reduce")
        check(lambda m, a: m.average(a, returned=True, **kw), a, tol="reduce")
        check(lambda m, a, w: m.average(a, weights=w, returned=True, **kw), a, w, tol="reduce")
    check(lambda m, a, w: m.average(a, axis=1, weights=w), a, w[0, :, 0], tol="reduce")
    check(lambda m, a, w: m.average(a, axis=(2, 0), weights=w), a, w[:, 0, :].T, tol="reduce")


def test_average_errors():
    a = make((3, 4), "float64")
    check_raises(lambda m, a, w: m.average(a, weights=w), a, np.ones(4))  # TypeError
    check_raises(lambda m, a, w: m.average(a, axis=0, weights=w), a, np.ones(4))  # ValueError
    check_raises(lambda m, a, w: m.average(a, weights=w), a, np.zeros((3, 4)),
                 match=["Weights sum to zero"])


@pytest.mark.parametrize("name", ["cov", "corrcoef"])
def test_cov_corrcoef(name):
    m_ = make((3, 8), "float64", seed=10)
    y = make((2, 8), "float64", seed=11)
    c = make((3, 8), "complex128", seed=12)
    cases = [((m_,), {}), ((m_,), {"rowvar": False}), ((m_[0],), {}), ((m_, y), {}),
             ((m_.T, y.T), {"rowvar": False}), ((c,), {}), ((m_[0], m_[1]), {}),
             ((m_.astype(np.float32),), {}), ((m_.astype(np.float32),), {"dtype": np.float32}),
             ((make((3, 8), "int16", seed=13),), {})]
    if name == "cov":
        cases += [((m_,), {"bias": True}), ((m_,), {"ddof": 3}), ((m_[:, :1],), {})]
    for args, kw in cases:
        check(lambda m, *a: getattr(m, name)(*a, **kw), *args, tol="reduce", rtol=1e-5,
              atol=1e-6)
    check_raises(lambda m, a: getattr(m, name)(a), np.zeros((2, 2, 2)))


def test_cov_layouts(modes):
    a = arg("mixed", "float64", seed=14)
    check(lambda m, a: m.cov(a), a, tol="reduce", rtol=1e-12, atol=1e-12)
    check(lambda m, a: m.corrcoef(a, rowvar=False), a, tol="reduce", rtol=1e-12,
          atol=1e-12)
    check_raises(lambda m, a: m.cov(a, ddof=1.5), a)


# ----------------------------------------------------------------------------- no fallback


def test_runs_without_numpy_fallback():
    a = tnp.asarray(make((4, 6), "float64", seed=15))
    i = tnp.asarray(make((4, 6), "int32", seed=15))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        calls = [
            lambda: tnp.round(a, 2), lambda: tnp.around(i, -1), lambda: a.round(1),
            lambda: tnp.round(a + 1j, 1), lambda: tnp.ptp(a, axis=0),
            *[(lambda n=n: getattr(tnp, n)(a, axis=1)) for n in NAN_REDUCTIONS],
            lambda: tnp.nanargmax(a, axis=0), lambda: tnp.nanargmin(a),
            lambda: tnp.median(a, axis=(0, 1)), lambda: tnp.quantile(a, [0.1, 0.5], axis=1),
            lambda: tnp.percentile(i, 90, method="nearest"), lambda: tnp.nanmedian(a, axis=0),
            lambda: tnp.nanquantile(a, [0.3, 0.6], axis=1), lambda: tnp.nanpercentile(a, 50),
            lambda: tnp.average(a, axis=0, weights=tnp.asarray(np.arange(1.0, 5.0))),
            lambda: tnp.cov(a), lambda: tnp.corrcoef(a, a),
        ]
        for call in calls:
            np.asarray(call())
