"""NumPy interoperability: __array__, __array_function__, __array_ufunc__, and the fallback
that runs unimplemented functions through NumPy with a one-time RuntimeWarning."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, assert_same, dtype_ids, make, to_t


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_numpy_asarray_roundtrip(dtype):
    n = make((3, 4), dtype)
    t = tnp.asarray(n)
    for label, back in [
        ("asarray", np.asarray(t)),
        ("array", np.array(t)),
        ("__array__", t.__array__()),
    ]:
        assert type(back) is np.ndarray, label
        assert back.dtype == n.dtype and back.shape == n.shape, label
        np.testing.assert_array_equal(back, n, err_msg=label)
    as_f32 = np.asarray(t, dtype=np.float32) if dtype.kind != "c" else None
    if as_f32 is not None:
        np.testing.assert_array_equal(as_f32, n.astype(np.float32))
        assert as_f32.dtype == np.float32


def test_numpy_asarray_of_views_and_0d():
    n = make((5, 6), "int32")
    t = to_t(n)
    for label, tv, nv in [
        ("T", t.T, n.T),
        ("step", t[::-2, 1::2], n[::-2, 1::2]),
        ("0d", t[2, 3], n[2, 3]),
        ("newaxis", t[:, None, 0], n[:, None, 0]),
    ]:
        back = np.asarray(tv)
        assert back.shape == np.shape(nv), label
        np.testing.assert_array_equal(back, nv, err_msg=label)


def test_numpy_array_copy_is_independent():
    t = to_t(make((4,), "float64"))
    c = np.array(t, copy=True)
    c[:] = -1
    assert not np.any(np.asarray(t) == -1)


def test_numpy_asarray_waits_for_deferred_work(modes):
    t = tnp.arange(1000.0)
    t *= 3
    t[::7] = -1
    expected = np.arange(1000.0) * 3
    expected[::7] = -1
    np.testing.assert_array_equal(np.asarray(t), expected)


# ----------------------------------------------------------------------------- __array_function__

ARRAY_FUNCTIONS = [
    ("sum", lambda m, x: m.sum(x)),
    ("sum axis", lambda m, x: m.sum(x, axis=0)),
    ("mean", lambda m, x: m.mean(x, axis=-1)),
    ("max", lambda m, x: m.max(x)),
    ("argmax", lambda m, x: m.argmax(x)),
    ("reshape", lambda m, x: m.reshape(x, (4, 3))),
    ("transpose", lambda m, x: m.transpose(x)),
    ("clip", lambda m, x: m.clip(x, -1, 1)),
    ("where", lambda m, x: m.where(x > 0, x, 0.0)),
    ("concatenate", lambda m, x: m.concatenate([x, x * 2])),
    ("concatenate axis 1", lambda m, x: m.concatenate((x, x[:, :2]), axis=1)),
    ("stack", lambda m, x: m.stack([x, x])),
    ("expand_dims", lambda m, x: m.expand_dims(x, 1)),
    ("isclose", lambda m, x: m.isclose(x, x + 1e-12)),
    ("copy", lambda m, x: m.copy(x)),
    ("ravel", lambda m, x: m.ravel(x)),
    ("cumsum", lambda m, x: m.cumsum(x, axis=1)),
    ("sort", lambda m, x: m.sort(x, axis=0)),
    ("diff", lambda m, x: m.diff(x)),
]


@pytest.mark.parametrize(("label", "fn"), ARRAY_FUNCTIONS, ids=[c[0] for c in ARRAY_FUNCTIONS])
def test_numpy_functions_on_tessera_arrays_return_tessera(label, fn):
    n = make((3, 4), "float64", seed=1)
    t = to_t(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a fallback may warn; tested below
        result = fn(np, t)
    assert_same(result, fn(np, n), tol="reduce")


def test_concatenate_mixed_numpy_and_tessera():
    n1, n2 = make((2, 3), "int16", seed=2), make((1, 3), "int16", seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = np.concatenate([to_t(n1), n2])
    assert_same(result, np.concatenate([n1, n2]))


# ----------------------------------------------------------------------------- __array_ufunc__

UFUNC_CALLS = [
    ("add scalar", lambda m, x: m.add(x, 1)),
    ("add arrays", lambda m, x: m.add(x, x)),
    ("sin", lambda m, x: m.sin(x)),
    ("maximum", lambda m, x: m.maximum(x, 0.5)),
    ("divmod", lambda m, x: m.divmod(x, 0.75)),
    ("reduce", lambda m, x: m.add.reduce(x, axis=1)),
    ("reduce all", lambda m, x: m.multiply.reduce(x, axis=None)),
    ("dtype=", lambda m, x: m.multiply(x, 2, dtype=np.float32)),
    ("equal", lambda m, x: m.equal(x, x)),
]


@pytest.mark.parametrize(("label", "fn"), UFUNC_CALLS, ids=[c[0] for c in UFUNC_CALLS])
def test_numpy_ufuncs_on_tessera_arrays_return_tessera(label, fn):
    n = make((3, 4), "float64", 0.5, 2, seed=4)
    assert_same(fn(np, to_t(n)), fn(np, n), tol="ulp" if "reduce" not in label else "reduce")


def test_numpy_ufunc_with_mixed_inputs():
    n = make((4,), "float32", seed=5)
    t = to_t(n)
    assert_same(np.add(n, t), np.add(n, n))
    assert_same(n + t, n + n)
    assert_same(t * n, n * n)
    assert_same(np.float32(2) * t, np.float32(2) * n)


def test_numpy_ufunc_out_is_tessera():
    n = make((5,), "float64", seed=6)
    t = to_t(n)
    out = to_t(np.zeros(5))
    r = np.multiply(t, 3, out=out)
    assert r is out
    assert_same(out, n * 3)
    r = np.add(t, 1, out=t)
    assert r is t
    assert_same(t, n + 1)


# ----------------------------------------------------------------------------- fallback

# Functions that tessera is unlikely to implement natively; each may either be implemented
# (no warning) or run through NumPy (one RuntimeWarning naming it, then no more).
RARE_MODULE_FUNCTIONS = [
    ("ediff1d", lambda m, x: m.ediff1d(x)),
    ("unwrap", lambda m, x: m.unwrap(x)),
    ("trapezoid", lambda m, x: m.trapezoid(x)),
    ("polyval", lambda m, x: m.polyval(x, x)),
    ("vander", lambda m, x: m.vander(x, 3)),
]
RARE_ARRAY_FUNCTIONS = [
    ("convolve", lambda m, x: m.convolve(x, x[:3])),
    ("correlate", lambda m, x: m.correlate(x, x[:2], mode="full")),
    ("piecewise", lambda m, x: m.piecewise(x, [x < 0.5], [-1.0, 1.0])),
]


def call_recording(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # tessera itself must keep it to one warning
        result = fn()
    return result, [w for w in caught if issubclass(w.category, RuntimeWarning)]


def check_fallback(cases, call):
    n = make((7,), "float64", 0, 1, seed=7)
    warned = []
    for name, fn in cases:
        t = to_t(n)
        first, w1 = call_recording(lambda fn=fn, t=t: call(fn, t))
        assert_same(first, fn(np, n), tol="ulp", label=name)
        second, w2 = call_recording(lambda fn=fn, t=t: call(fn, t))
        assert_same(second, fn(np, n), tol="ulp", label=f"{name} (second call)")
        if w1:
            assert len(w1) == 1, f"{name}: {len(w1)} warnings on the first call"
            assert name in str(w1[0].message), f"warning {w1[0].message!s} should name {name}"
            warned.append(name)
        assert not [w for w in w2 if name in str(w.message)], f"{name} warned twice"
    return warned


def test_fallback_module_functions_work_and_warn_once():
    warned = check_fallback(RARE_MODULE_FUNCTIONS, lambda fn, t: fn(tnp, t))
    assert warned, "expected at least one of these rare functions to use the NumPy fallback"


def test_fallback_through_array_function_works_and_warns_once():
    warned = check_fallback(RARE_ARRAY_FUNCTIONS, lambda fn, t: fn(np, t))
    assert warned, "expected at least one of these rare functions to use the NumPy fallback"


def test_unknown_attribute_is_attributeerror():
    with pytest.raises(AttributeError):
        tnp.this_function_does_not_exist_in_numpy  # noqa: B018
