"""cumsum, cumprod, nancumsum, nancumprod and the ndarray methods on the runtime's scan tasks
(row-parallel lines, column steps, and the three-phase blocked scan of one long line)."""

import numpy as np
import pytest
import tessera
import tessera.numpy as tnp
from tessera import _core

from conftest import ALL_DTYPES, LAYOUTS, arg, check, check_raises, dtype_ids, make

SCANS = ["cumsum", "cumprod"]


def _tol(n):
    """Exact for integers and short float lines; a scan tolerance beyond one block."""
    return {"tol": "exact"} if n <= 1 << 14 else {"tol": "reduce", "rtol": 1e-9}


@pytest.mark.parametrize("name", SCANS)
@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_every_dtype(name, dt):
    # small values so products stay exact in every dtype (and wrap the same way when not)
    a = make((3, 5), dt, lo=-2, hi=2, nonzero=name == "cumprod")
    check(lambda m, a: getattr(m, name)(a), a)
    check(lambda m, a: getattr(m, name)(a, axis=0), a)
    check(lambda m, a: getattr(m, name)(a, axis=-1), a)
    check(lambda m, a: getattr(a, name)(), a)


@pytest.mark.parametrize("name", SCANS)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layouts(name, layout, modes):
    a = arg(layout, "int32", lo=-3, hi=3)
    check(lambda m, a: getattr(m, name)(a), a)
    ndim = len(LAYOUTS[layout][0])
    for axis in range(-max(ndim, 1), max(ndim, 1)):
        check(lambda m, a, axis=axis: getattr(m, name)(a, axis=axis), a)


@pytest.mark.parametrize("shape", [(100_000,), (3, 70_000), (70_000, 3), (200, 300)])
def test_large(shape, modes):
    a = make(shape, "float64", lo=-1, hi=1)
    for axis in [None] + list(range(len(shape))):
        n = a.size if axis is None else shape[axis]
        check(lambda m, a, axis=axis: m.cumsum(a, axis=axis), a, **_tol(n))
    ints = make(shape, "int64", lo=-1000, hi=1000)
    check(lambda m, a: m.cumsum(a), ints)
    check(lambda m, a: m.cumsum(a, axis=0), ints)
    near_one = make(shape, "float64", lo=0.99999, hi=1.00001)
    check(lambda m, a: m.cumprod(a), near_one, **_tol(near_one.size))
    wraps = make(shape, "int64", lo=-3, hi=3)
    check(lambda m, a: m.cumprod(a), wraps)  # overflow wraps like NumPy's


@pytest.mark.skipif(not _core.build_info().get("openmp"), reason="built without OpenMP")
@pytest.mark.parametrize("tiles", [1, 3])
def test_openmp_executor(tiles):
    """The OpenMP variants: lines, columns and the blocked scan split over a thread group."""
    with tessera.config(processor="omp", omp_threads=2, tiles=tiles, eager="never"):
        for shape, axis in [((100_000,), None), ((300, 200), 0), ((200, 300), 1)]:
            a = make(shape, "int64", lo=-50, hi=50)
            check(lambda m, a, axis=axis: m.cumsum(a, axis=axis), a)
            check(lambda m, a, axis=axis: m.cumprod(a % 3 - 1, axis=axis), a)
        tessera.sync()


def test_dtype_and_out():
    a = make((4, 6), "int8", lo=-100, hi=100)
    check(lambda m, a: m.cumsum(a, dtype=np.int8), a)
    check(lambda m, a: m.cumsum(a, axis=1, dtype="float32"), a)
    check(lambda m, a: m.cumprod(a, dtype=np.complex64), a)
    check(lambda m, a: a.cumsum(axis=0, dtype=np.uint16), a)
    check(lambda m, a: m.cumsum(a > 0, dtype=bool), a)
    check(lambda m, a: m.cumprod(a > 0, dtype=bool), a)
    check(lambda m, a: m.cumsum(make((5,), "uint16")), a)

    def into(m, a, dt):
        out = m.zeros(a.shape, dt)
        r = m.cumsum(a, axis=1, out=out)
        assert r is out
        return out

    for dt in ["int64", "float32", "int8"]:
        check(into, a, dt)
    f = make((1000,), "float64", lo=0, hi=1)
    check(into, f.reshape(10, 100), "float32")  # summed in float64, then cast (as NumPy)


def test_nan_variants():
    a = make((4, 5), "float64")
    a[1, 2] = a[3, 0] = np.nan
    check(lambda m, a: m.nancumsum(a), a)
    check(lambda m, a: m.nancumprod(a, axis=0), a)
    check(lambda m, a: m.nancumsum(a, axis=1), a)
    check(lambda m, a: m.nancumsum(a), make((7,), "int16"))


def test_lists_and_scalars():
    check(lambda m: m.cumsum([1, 2, 3]))
    check(lambda m: m.cumprod([[1.5, 2.0], [3.0, 4.0]], axis=1))
    check(lambda m: m.cumsum(5))
    check(lambda m: m.cumsum(m.asarray(2.5), axis=0))


def test_errors():
    a = make((3, 4), "float64")
    check_raises(lambda m, a: m.cumsum(a, axis=2), a, match=["axis 2"])
    check_raises(lambda m, a: m.cumprod(a, axis=-3), a)
    check_raises(lambda m, a: m.cumsum(m.asarray(1.0), axis=1), a)
    check_raises(lambda m, a: m.cumsum(a, out=m.zeros((4, 3))), a, match=["wrong size"])
    check_raises(lambda m, a: m.cumsum(a, axis=1.0), a)
    with pytest.raises(np.exceptions.AxisError):
        tnp.asarray(a).cumsum(axis=5)
