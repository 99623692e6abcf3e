"""numpy.pad's modes on the runtime (slice assignments in NumPy's order), NumPy as the oracle:
reflect/symmetric (even, odd), wrap, linear_ramp, maximum/minimum/mean/median, empty, edge and
constant, with pads wider than the array, every dtype, views, 0-d and empty inputs, errors."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, NUMERIC, Viewed, check, check_raises, dtype_ids, make

MODES_KW = [
    ("reflect", {}),
    ("reflect", {"reflect_type": "odd"}),
    ("symmetric", {}),
    ("symmetric", {"reflect_type": "odd"}),
    ("wrap", {}),
    ("edge", {}),
    ("linear_ramp", {}),
    ("linear_ramp", {"end_values": (5, -2)}),
    ("maximum", {}),
    ("minimum", {"stat_length": 2}),
    ("mean", {}),
    ("mean", {"stat_length": ((1, 3),)}),
    ("constant", {"constant_values": (1, 2)}),
]
WIDTHS = [1, (0, 3), (2, 9), 13, ((1, 2),)]
IDS = [f"{m}-{kw}" for m, kw in MODES_KW]


@pytest.mark.parametrize("width", WIDTHS, ids=repr)
@pytest.mark.parametrize("mode, kw", MODES_KW, ids=IDS)
@pytest.mark.parametrize("shape", [(5,), (1,), (2,), (3, 4)], ids=repr)
def test_pad_widths(shape, mode, kw, width):
    a = (np.arange(np.prod(shape)).reshape(shape) * 3 % 7 + 1).astype(np.int16)
    check(lambda m, a: m.pad(a, width, mode, **kw), a)
    check(lambda m, a: m.pad(a, width, mode, **kw), a.astype(np.float64) / 3, tol="ulp")


@pytest.mark.parametrize("mode, kw", MODES_KW, ids=IDS)
def test_pad_modes_3d_and_views(mode, kw, modes):
    a = make((2, 3, 4), "float32", seed=1)
    check(lambda m, a: m.pad(a, ((1, 2), (3, 0), (5, 6)), mode, **kw), a, tol="ulp")
    v = Viewed(make((6, 8), "float64", seed=2), lambda x: x[1::2, ::-3])
    check(lambda m, a: m.pad(a, ((4, 1), (2, 7)), mode, **kw), v, tol="ulp")


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_pad_dtypes(dt):
    a = make((3, 4), dt, lo=0, hi=9, seed=3)
    for mode in ("reflect", "symmetric", "wrap", "edge", "maximum", "minimum", "empty"):
        kw = {}
        r = check(lambda m, a: m.pad(a, ((2, 5), (1, 3)), mode, **kw), a) if mode != "empty" \
            else None
        assert mode == "empty" or r is not None
    out = tnp.pad(tnp.asarray(a), 2, "empty")
    assert out.shape == (7, 8) and out.dtype == a.dtype
    np.testing.assert_array_equal(np.asarray(out)[2:5, 2:6], a)


@pytest.mark.parametrize("dt", NUMERIC, ids=dtype_ids(NUMERIC))
def test_pad_arith_modes_dtypes(dt):
    a = make((3, 5), dt, lo=0, hi=40, seed=4)
    check(lambda m, a: m.pad(a, ((2, 3), (4, 1)), "mean"), a, tol="ulp")
    check(lambda m, a: m.pad(a, ((2, 3), (4, 1)), "mean", stat_length=2), a, tol="ulp")
    check(lambda m, a: m.pad(a, ((2, 3), (4, 1)), "linear_ramp", end_values=((1, 9), (3, 0))),
          a, tol="ulp")
    if dt.kind != "u":  # odd reflection of unsigned values wraps around in both libraries
        check(lambda m, a: m.pad(a, ((2, 7), (4, 1)), "reflect", reflect_type="odd"), a)


def test_pad_median():
    a = make((4, 5), "int32", lo=0, hi=50, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # median itself may run through NumPy
        check(lambda m, a: m.pad(a, ((1, 2), (3, 1)), "median"), a)
        check(lambda m, a: m.pad(a, 2, "median", stat_length=3), a.astype(np.float32))


def test_pad_odd_shapes():
    check(lambda m, a: m.pad(a, 3, "reflect"), np.array(5.0))  # 0-d: nothing to pad
    check(lambda m, a: m.pad(a, ((0, 0), (2, 1)), "wrap"), np.zeros((0, 3)))
    check(lambda m, a: m.pad(a, ((0, 0), (2, 1)), "mean"), np.zeros((0, 3)))
    check(lambda m, a: m.pad(a, {1: (2, 1)}, "symmetric"), make((2, 3), "int64"))
    check(lambda m, a: m.pad(a, {0: 3}, "wrap"), make((2, 3), "int64"))
    check(lambda m, a: m.pad(a, [[1], [2]], "reflect"), make((3, 4), "int64"))


def test_pad_errors():
    a = make((3, 4), "float64")
    check_raises(lambda m, a: m.pad(a, 2, "bogus"), a, match=("mode 'bogus' is not supported",))
    check_raises(lambda m, a: m.pad(a, 2, "wrap", stat_length=1), a,
                 match=("unsupported keyword arguments",))
    check_raises(lambda m, a: m.pad(a, 1.5, "wrap"), a, match=("integral type",))
    check_raises(lambda m, a: m.pad(a, -1, "reflect"), a, match=("negative values",))
    check_raises(lambda m, a: m.pad(a, 1, "maximum", stat_length=0), a,
                 match=("stat_length of 0",))
    check_raises(lambda m, a: m.pad(a, 1, "reflect"), np.zeros((0, 3)),
                 match=("can't extend empty axis 0",))
    check_raises(lambda m, a: m.pad(a, ((1, 2, 3),), "edge"), a)


def test_pad_callable_falls_back():
    def fill(vector, width, iaxis, kwargs):
        vector[:width[0]] = -1
        if width[1]:
            vector[-width[1]:] = 1

    with pytest.warns(RuntimeWarning):
        out = tnp.pad(tnp.arange(3), 2, fill)
    np.testing.assert_array_equal(np.asarray(out), np.pad(np.arange(3), 2, fill))


def test_pad_runtime_path_taken(modes):
    a = tnp.arange(12.0).reshape(3, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        got = [np.asarray(tnp.pad(a, 5, mode, **kw)) for mode, kw in MODES_KW]
    for (mode, kw), g in zip(MODES_KW, got, strict=True):
        np.testing.assert_allclose(g, np.pad(np.arange(12.0).reshape(3, 4), 5, mode, **kw))
