"""Joining, splitting, tiling and rearranging (concatenate, stack, split, tile, repeat, flip,
roll, rot90, pad, diff, meshgrid, indices, tri, vander) vs NumPy, and that they run natively."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp

from conftest import ALL_DTYPES, Viewed, check, check_raises, dtype_ids, make, to_t

DTYPES = ["bool", "int8", "uint16", "int64", "float16", "float32", "float64", "complex64",
          "complex128"]


def mixed(dtypes, shapes, seed=0):
    return [make(s, d, seed=seed + i) for i, (d, s) in enumerate(zip(dtypes, shapes))]


# ----------------------------------------------------------------------------- concatenate


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_ids(ALL_DTYPES))
def test_concatenate_dtypes(dtype):
    a, b = make((2, 3), dtype, seed=1), make((4, 3), dtype, seed=2)
    check(lambda m, x, y: m.concatenate([x, y]), a, b)
    check(lambda m, x, y: m.concatenate((x, y.T[:, :2]), axis=-1), a, make((2, 3), dtype))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, None])
def test_concatenate_3d_axes(axis, modes):
    a = make((2, 3, 4), "float64")
    check(lambda m, x, y, z: m.concatenate([x, y, z], axis=axis), a, a + 1, a * 2, label=modes)


def test_concatenate_views_and_promotion(modes):
    base = make((6, 8), "int16")
    check(lambda m, x, y: m.concatenate([x, y], axis=1),
          Viewed(base, lambda x: x[1::2, ::-3], "mixed"), make((3, 2), "float32"), label=modes)
    check(lambda m, x, y: m.concatenate([x, y]), Viewed(make((7,), "uint8"), lambda x: x[::-1]),
          make((2,), "int8"))
    check(lambda m, x, y: m.concatenate([x, y, [True]]), make((2,), "bool"),
          make((3,), "complex64"))


def test_concatenate_dtype_out_casting():
    a, b = make((3,), "float64"), make((2,), "int32")
    check(lambda m, x, y: m.concatenate([x, y], dtype="float32"), a, b)
    check(lambda m, x, y: m.concatenate([x, y], dtype="int32"), a, b)  # same_kind: TypeError
    check(lambda m, x, y: m.concatenate([x, y], dtype="int32", casting="unsafe"), a, b)

    def into_out(m, x, y):
        out = m.zeros(5, dtype="complex128")
        r = m.concatenate([x, y], out=out)
        return r, out

    check(into_out, a, b)
    check(lambda m, x, y: m.concatenate([x, y], out=m.zeros(4)), a, b)
    check(lambda m, x, y: m.concatenate([x, y], out=m.zeros(5), dtype=float), a, b)


def test_concatenate_errors():
    check_raises(lambda m, x, y: m.concatenate([x, y], axis=0), make((2, 3), "f8"),
                 make((2, 4), "f8"),
                 match=["all the input array dimensions except for the concatenation axis must "
                        "match exactly, but along dimension 1, the array at index 0 has size 3 "
                        "and the array at index 1 has size 4"])
    check_raises(lambda m: m.concatenate([]), match=["need at least one array to concatenate"])
    check_raises(lambda m, x: m.concatenate([x, x], axis=2), make((2, 3), "f8"))
    check_raises(lambda m, x, y: m.concatenate([x, y]), make((2, 3), "f8"), make((3,), "f8"),
                 match=["same number of dimensions"])
    check_raises(lambda m, x: m.concatenate([x, x]), make((), "f8"),
                 match=["zero-dimensional arrays cannot be concatenated"])
    t, _ = check_raises(lambda m, x: m.concatenate([x, x], axis=-3), make((2, 3), "f8"))
    assert isinstance(t, np.exceptions.AxisError)


# ----------------------------------------------------------------------------- stacks


@pytest.mark.parametrize("shape", [(), (4,), (2, 3), (2, 3, 2)], ids=str)
@pytest.mark.parametrize("fn", ["stack", "hstack", "vstack", "dstack", "column_stack"])
def test_stacks(fn, shape):
    x, y = make(shape, "int32", seed=1), make(shape, "float32", seed=2)
    check(lambda m, a, b: getattr(m, fn)([a, b]), x, y)
    check(lambda m, a, b: getattr(m, fn)((a, b, a)), x, Viewed(make(shape, "int8"), lambda v: v.T))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, 3, -4])
def test_stack_axis(axis):
    check(lambda m, a, b: m.stack([a, b], axis=axis), make((2, 3), "c8"), make((2, 3), "u2"))


def test_stack_errors_and_kwargs():
    check_raises(lambda m: m.stack([]), match=["need at least one array to stack"])
    check_raises(lambda m, a, b: m.stack([a, b]), make((2,), "f8"), make((3,), "f8"),
                 match=["all input arrays must have the same shape"])
    check_raises(lambda m, a: m.stack(x for x in [a, a]), make((2,), "f8"))
    check(lambda m, a, b: m.stack([a, b], axis=1, dtype="float32"), make((3,), "i8"),
          make((3,), "f8"))
    check(lambda m, a, b: m.hstack([a, b], dtype="int16", casting="unsafe"), make((3,), "f8"),
          make((2,), "f8"))
    check(lambda m, a, b: m.vstack([a, b]), make((3,), "f8"), make((2, 4), "f8"))
    check(lambda m, a, b: m.column_stack([a, b]), make((3,), "f8"), make((3, 2), "i2"))


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_append(axis):
    check(lambda m, a, b: m.append(a, b, axis=axis), make((2, 3), "i4"), make((2, 3), "f4"))
    check(lambda m, a: m.append(a, [7, 8]), make((2, 2), "u1"))


# ----------------------------------------------------------------------------- splits


@pytest.mark.parametrize("sections", [1, 2, 3, 4, 5, 7, [1, 3], [2, -1], [0, 10], [], [3, 1]],
                         ids=str)
def test_array_split(sections):
    check(lambda m, a: m.array_split(a, sections), make((6,), "int16"))
    check(lambda m, a: m.array_split(a, sections, axis=-1), make((2, 3, 5), "float32"))
    check(lambda m, a: m.array_split(a, sections, axis=1),
          Viewed(make((6, 8), "complex64"), lambda x: x[1::2, ::-3]))


@pytest.mark.parametrize("sections", [1, 2, 3, [1, 2], 4, 0], ids=str)
def test_split_family(sections):
    a3 = make((6, 6, 6), "float64")
    check(lambda m, a: m.split(a, sections, axis=1), a3)
    check(lambda m, a: m.hsplit(a, sections), a3)
    check(lambda m, a: m.vsplit(a, sections), a3)
    check(lambda m, a: m.dsplit(a, sections), a3)
    check(lambda m, a: m.hsplit(a, sections), make((6,), "i8"))


def test_split_errors():
    check_raises(lambda m, a: m.split(a, 4), make((6,), "f8"),
                 match=["array split does not result in an equal division"])
    check_raises(lambda m, a: m.array_split(a, 0), make((6,), "f8"),
                 match=["number sections must be larger than 0."])
    check_raises(lambda m, a: m.vsplit(a, 2), make((6,), "f8"), match=["vsplit only works"])
    check_raises(lambda m, a: m.dsplit(a, 2), make((6, 2), "f8"), match=["dsplit only works"])
    check_raises(lambda m, a: m.hsplit(a, 2), make((), "f8"), match=["hsplit only works"])
    check(lambda m, a: m.array_split(a, 2, axis=4), make((6,), "f8"))


def test_split_results_are_views():
    t = tnp.arange(10.0)
    parts = tnp.split(t, 2)
    parts[1][0] = -1.0
    assert float(t[5]) == -1.0


# ----------------------------------------------------------------------------- tile, repeat


@pytest.mark.parametrize("reps", [2, 1, 0, (2, 3), (1, 1), (2, 1, 3), (0, 2), (3,)], ids=str)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)], ids=str)
def test_tile(shape, reps, modes):
    check(lambda m, a: m.tile(a, reps), make(shape, "int32"), label=modes)


def test_tile_views_and_dtypes():
    for dt in DTYPES:
        check(lambda m, a: m.tile(a, (2, 2)), Viewed(make((4, 6), dt), lambda x: x.T), label=dt)


@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2])
@pytest.mark.parametrize("reps", [0, 1, 3, np.int64(2), [2]], ids=str)
def test_repeat(reps, axis):
    check(lambda m, a: m.repeat(a, reps, axis=axis), make((2, 3), "float16"))
    check(lambda m, a: m.repeat(a, reps, axis=axis),
          Viewed(make((6, 8), "bool"), lambda x: x[1::2, ::-3]))


def test_repeat_per_element_and_errors():
    check(lambda m, a: m.repeat(a, [1, 0, 2], axis=1), make((2, 3), "int8"))
    check(lambda m, a: m.repeat(a, -1), make((2, 3), "int8"))
    check(lambda m, a: m.repeat(a, 1.5), make((2, 3), "int8"))
    check(lambda m, a: m.repeat(a, 2), make((), "int8"))


# ----------------------------------------------------------------------------- flips, roll


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), 3])
def test_flip(axis):
    check(lambda m, a: m.flip(a, axis=axis), make((2, 3, 4), "complex128"))
    check(lambda m, a: m.flip(a, axis), Viewed(make((2, 3, 4), "uint64"), lambda x: x[:, ::2]))


def test_fliplr_flipud():
    for shape in [(), (4,), (3, 4), (2, 3, 4)]:
        check(lambda m, a: m.fliplr(a), make(shape, "int8"), label=str(shape))
        check(lambda m, a: m.flipud(a), make(shape, "int8"), label=str(shape))


@pytest.mark.parametrize(("shift", "axis"),
                         [(2, None), (-3, None), (14, None), (1, 0), (2, -1), ((1, 2), (0, 1)),
                          ((1, -1), (1, 1)), (1, (0, 2)), (0, 1), (1, 3), ([[1]], 0)], ids=str)
def test_roll(shift, axis, modes):
    check(lambda m, a: m.roll(a, shift, axis), make((3, 4, 5), "float32"), label=modes)
    check(lambda m, a: m.roll(a, shift, axis), Viewed(make((4, 6, 5), "i2"),
                                                     lambda x: x[1:, ::-2]))


def test_roll_small():
    check(lambda m, a: m.roll(a, 3), make((), "f8"))
    check(lambda m, a: m.roll(a, 3, 0), make((0,), "f8"))


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, -1, 5])
@pytest.mark.parametrize("axes", [(0, 1), (1, 0), (-1, 0), (1, 2), (0, 0), (0, 3), (0,)],
                         ids=str)
def test_rot90(k, axes):
    check(lambda m, a: m.rot90(a, k, axes), make((2, 3, 4), "int64"))
    check(lambda m, a: m.rot90(a, k), make((3, 5), "bool"))


# ----------------------------------------------------------------------------- pad


@pytest.mark.parametrize("width", [0, 2, (1, 2), ((1, 0), (2, 3)), [[3, 1]], ((1, 2),) * 3],
                         ids=str)
@pytest.mark.parametrize("mode", ["constant", "edge"])
def test_pad(mode, width, modes):
    check(lambda m, a: m.pad(a, width, mode), make((3, 4), "float64"), label=modes)
    check(lambda m, a: m.pad(a, width, mode), Viewed(make((4, 6), "uint8"), lambda x: x.T))


def test_pad_constant_values_and_errors():
    check(lambda m, a: m.pad(a, 2, constant_values=7), make((3,), "int8"))
    check(lambda m, a: m.pad(a, (1, 2), constant_values=(4, 5)), make((3, 2), "complex64"))
    check(lambda m, a: m.pad(a, 1, constant_values=((1, 2), (3, 4))), make((2, 2), "f4"))
    check(lambda m, a: m.pad(a, 1, constant_values=2.7), make((2, 2), "i4"))
    check(lambda m, a: m.pad(a, 1, "edge"), make((0, 2), "i4"))
    check(lambda m, a: m.pad(a, 1), make((0, 2), "i4"))
    check(lambda m, a: m.pad(a, -1), make((3,), "i4"))
    check(lambda m, a: m.pad(a, 1.5), make((3,), "i4"))
    check(lambda m, a: m.pad(a, 2, "reflect"), make((4,), "f8"))  # through NumPy


# ----------------------------------------------------------------------------- diff


@pytest.mark.parametrize("dtype", DTYPES + ["uint8"])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_diff(dtype, n):
    check(lambda m, a: m.diff(a, n), make((6,), dtype))
    check(lambda m, a: m.diff(a, n, axis=0), Viewed(make((6, 8), dtype), lambda x: x[1::2, ::-3]))


def test_diff_prepend_append_errors():
    check(lambda m, a: m.diff(a, prepend=0, append=[[9], [9], [9]]), make((3, 4), "i4"))
    check(lambda m, a: m.diff(a, axis=0, prepend=a[:1]), make((3, 4), "f4"))
    check(lambda m, a: m.diff(a, -1), make((3,), "f4"))
    check(lambda m, a: m.diff(a), make((), "f4"))
    check(lambda m, a: m.diff(a, axis=2), make((3, 4), "f4"))


# ----------------------------------------------------------------------------- grids


@pytest.mark.parametrize("indexing", ["xy", "ij", "bad"])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("copy", [True, False])
def test_meshgrid(indexing, sparse, copy):
    def run(m, *xs):
        return m.meshgrid(*xs, indexing=indexing, sparse=sparse, copy=copy)

    check(run, make((3,), "f8"), make((4,), "i4"))
    check(run, make((3,), "f8"), make((2, 2), "i4"), make((5,), "c8"))
    check(run, make((3,), "u1"))
    check(run)


def test_indices_tri_vander():
    for dims in [(), (3,), (2, 3), (2, 0, 4)]:
        check(lambda m: m.indices(dims), label=str(dims))
        check(lambda m: m.indices(dims, dtype="int8", sparse=True), label=str(dims))
        check(lambda m: m.indices(dims, dtype="float32"), label=str(dims))
    for args in [(3,), (3, 5), (4, 2, 1), (4, 4, -2), (0,), (3, None, 0, int), (2, 3, 1, bool)]:
        check(lambda m: m.tri(*args), label=str(args))
    for dt in ["int32", "float64", "complex128", "bool", "uint64"]:
        # complex products may round differently in the last place (the ufunc's formula)
        tol = "ulp" if dt.startswith("complex") else "exact"
        check(lambda m, x: m.vander(x), make((4,), dt, lo=-3, hi=3), label=dt, tol=tol)
        check(lambda m, x: m.vander(x, 3, increasing=True), make((4,), dt, lo=-3, hi=3), tol=tol)
    check(lambda m, x: m.vander(x, 0), make((4,), "int32"))
    check(lambda m, x: m.vander(x), make((2, 2), "int32"))


# ----------------------------------------------------------------------------- natively

NATIVE = {
    "concatenate": lambda m, a: m.concatenate([a, a]),
    "stack": lambda m, a: m.stack([a, a], axis=1),
    "hstack": lambda m, a: m.hstack([a, a]),
    "vstack": lambda m, a: m.vstack([a, a]),
    "dstack": lambda m, a: m.dstack([a, a]),
    "column_stack": lambda m, a: m.column_stack([a, a]),
    "append": lambda m, a: m.append(a, a),
    "split": lambda m, a: m.split(a, 2),
    "array_split": lambda m, a: m.array_split(a, 3),
    "hsplit": lambda m, a: m.hsplit(a, 2),
    "vsplit": lambda m, a: m.vsplit(a, 2),
    "dsplit": lambda m, a: m.dsplit(a[..., None], 1),
    "tile": lambda m, a: m.tile(a, (2, 3)),
    "repeat": lambda m, a: m.repeat(a, 2, axis=0),
    "flip": lambda m, a: m.flip(a),
    "fliplr": lambda m, a: m.fliplr(a),
    "flipud": lambda m, a: m.flipud(a),
    "roll": lambda m, a: m.roll(a, (1, 2), (0, 1)),
    "rot90": lambda m, a: m.rot90(a, 3),
    "pad": lambda m, a: (m.pad(a, 2), m.pad(a, (1, 2), "edge")),
    "diff": lambda m, a: m.diff(a, 2, prepend=0),
    "meshgrid": lambda m, a: m.meshgrid(a[0], a[1]),
    "indices": lambda m, a: m.indices((2, 3)),
    "tri": lambda m, a: m.tri(3, 4, 1),
    "vander": lambda m, a: m.vander(a[0]),
}


@pytest.mark.parametrize("name", list(NATIVE))
def test_runs_natively(name):
    a = make((4, 6), "float64")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = NATIVE[name](tnp, to_t(a))
        tnp.asarray(result[0] if isinstance(result, (tuple, list)) else result).tolist()
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)
                and name in str(w.message)], [str(w.message) for w in caught]
    # NumPy's own functions on tessera arrays dispatch here too (__array_function__).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        NATIVE[name](np, to_t(a))
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)
                and name in str(w.message)], [str(w.message) for w in caught]


# ----------------------------------------------------------------------------- insert, delete

DELETE_OBJS = [0, 2, -1, -6, 5, 6, -7, np.int64(1), slice(1, 4), slice(None, None, 2),
               slice(None, None, -3), slice(4, 0, -1), slice(1, 6, 4), slice(0, 6, 5),
               slice(3, 3), slice(None), slice(-2, None), slice(1, 5, 2)]


@pytest.mark.parametrize("obj", DELETE_OBJS, ids=str)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2])
def test_delete(obj, axis):
    check(lambda m, a: m.delete(a, obj, axis=axis), make((6, 6), "int32"))
    check(lambda m, a: m.delete(a, obj, axis=axis),
          Viewed(make((12, 7), "complex64"), lambda x: x[::-2, 1:]))


def test_delete_long_runs():
    for obj in [slice(0, 40, 9), slice(2, 40, 3), slice(None, None, 20)]:
        check(lambda m, a: m.delete(a, obj), make((40,), "f8"), label=str(obj))
    check(lambda m, a: m.delete(a, [1, 3]), make((5,), "f8"))  # through NumPy
    check(lambda m, a: m.delete(a, True), make((5,), "f8"))


INSERT_CASES = [(0, 7), (2, 7), (-1, [7, 8]), (6, 7.9), (7, 1), (-7, 1), (np.int64(3), 9),
                (slice(1, 2), 5), (slice(4, 5), [[1], [2]]), (2, [1, 2, 3, 4, 5, 6]),
                (1, [[1, 2]]), (slice(0, 4, 2), 3), ([1, 3], 3)]


@pytest.mark.parametrize(("obj", "values"), INSERT_CASES, ids=str)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2])
def test_insert(obj, values, axis):
    check(lambda m, a: m.insert(a, obj, values, axis=axis), make((6, 6), "int16"))
    check(lambda m, a: m.insert(a, obj, values, axis=axis),
          Viewed(make((6, 12), "float32"), lambda x: x[:, ::-2]))


def test_insert_array_values():
    check(lambda m, a, v: m.insert(a, 1, v, axis=1), make((3, 4), "int32"), make((3,), "f8"))
    check(lambda m, a, v: m.insert(a, 1, v, axis=0), make((3, 4), "f4"), make((2, 4), "c8"))
    check(lambda m, a, v: m.insert(a, 0, v), make((3,), "u1"), make((2,), "u1"))


def test_insert_delete_natively():
    a = to_t(make((4, 6), "float64"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tnp.insert(a, 2, 5.0, axis=1).tolist()
        tnp.delete(a, slice(None, None, 2), axis=1).tolist()
        np.delete(a, 1, axis=0)
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("axis", [None, 0, -1])
def test_repeat_method(axis):
    check(lambda m, a: m.asarray(a).repeat(2, axis), make((2, 3), "int64"))
    check(lambda m, a: m.asarray(a).repeat([1, 2], axis=0), make((2, 3), "int64"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        to_t(make((2, 3), "f8")).repeat(3, axis=axis).tolist()
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
