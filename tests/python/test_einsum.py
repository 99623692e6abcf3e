"""einsum and tensordot against NumPy: subscript forms, dtypes, views, out=/dtype=, errors."""

import warnings

import numpy as np
import pytest
import tessera.numpy as tnp
from conftest import Viewed, arg, check, check_raises, dtype_ids, make

# (subscripts, operand shapes)
CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,i", [(5,), (5,)]),
    ("i,i->i", [(5,), (5,)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("ij->ji", [(2, 3)]),
    ("ji", [(2, 3)]),
    ("ijk->kij", [(2, 3, 4)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("ij", [(2, 3)]),
    ("aB", [(2, 3)]),
    ("...ij,...jk->...ik", [(2, 1, 2, 3), (5, 3, 4)]),
    ("...ij,...jk", [(2, 3), (4, 3, 2)]),
    ("i...i", [(3, 2, 3)]),
    ("...", [()]),
    ("ij->...", [(2, 3)]),
    ("...i,...i->...", [(1, 4), (3, 4)]),
    ("ij,jk->ik", [(2, 1), (3, 4)]),  # a size-1 dim broadcasts against 3
    ("ij,kj->ik", [(3, 4), (1, 4)]),
    ("bij,jk->bik", [(1, 3, 4), (4, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("abc,cd,db->a", [(2, 3, 4), (4, 5), (5, 3)]),
    ("i,i,i->", [(4,), (4,), (4,)]),
    ("i,j,k", [(2,), (3,), (2,)]),
    ("iij,jk->ik", [(2, 2, 3), (3, 4)]),
    ("iji->j", [(2, 3, 2)]),
    ("ijk,kji->j", [(2, 3, 4), (4, 3, 2)]),
    ("ij,ij->ij", [(2, 3), (2, 3)]),
    ("ij,ij->", [(2, 3), (2, 3)]),
    ("ij,j->i", [(3, 4), (4,)]),
    ("ijk,ik->j", [(2, 3, 4), (2, 4)]),  # i and k both summed by one matmul
    ("ab,bc->ca", [(3, 2), (2, 4)]),
    ("i,", [(3,), ()]),
    (",", [(), ()]),
    (",i->i", [(), (3,)]),
    ("ii->", [(0, 0)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]),
    ("i,j->", [(0,), (2,)]),
]

# Larger operands, so that the tile counts of `modes` split them.
MODE_CASES = {
    "ij,jk->ik": [(50, 40), (40, 30)],
    "bij,bjk->bik": [(6, 20, 30), (6, 30, 10)],
    "ii->i": [(40, 40)],
    "...ij,...jk->...ik": [(4, 1, 10, 12), (3, 12, 8)],
    "ij,jk,kl->il": [(20, 30), (30, 10), (10, 25)],
    "ij->": [(50, 40)],
    "ij,ij->j": [(30, 20), (30, 20)],
}


def _operands(shapes, dtype="float64", lo=-5, hi=5):
    return [make(s, dtype, lo, hi, seed=i) for i, s in enumerate(shapes)]


def _einsum(xp, sub, *ops, **kw):
    return xp.einsum(sub, *ops, **kw)


@pytest.mark.parametrize("sub,shapes", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("optimize", [False, True])
def test_subscripts(sub, shapes, optimize):
    check(_einsum, sub, *_operands(shapes), optimize=optimize, tol="reduce")


@pytest.mark.parametrize("sub", list(MODE_CASES))
def test_subscripts_modes(sub, modes):
    check(_einsum, sub, *_operands(MODE_CASES[sub]), tol="reduce")
    check(_einsum, sub, *_operands(MODE_CASES[sub], "int64"))


DTYPES = [np.dtype(t) for t in (np.int32, np.int64, np.float32, np.float64, np.complex128,
                                np.complex64, np.bool_, np.int8, np.uint8, np.float16)]
DTYPE_CASES = [("ij,jk", [(3, 4), (4, 5)]), ("ij->", [(3, 4)]), ("ii", [(3, 3)]),
               ("i,i", [(6,), (6,)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
               ("ij,ij->i", [(3, 4), (3, 4)]), ("i,j->ij", [(2,), (3,)])]


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids(DTYPES))
@pytest.mark.parametrize("sub,shapes", DTYPE_CASES, ids=[c[0] for c in DTYPE_CASES])
def test_dtypes(sub, shapes, dtype):
    # int8 results wrap as in NumPy (no promotion); bool sums are logical or.
    rtol = 2e-2 if dtype == np.float16 else None
    check(_einsum, sub, *_operands(shapes, dtype), tol="reduce", rtol=rtol,
          atol=1e-2 if dtype == np.float16 else None)


@pytest.mark.parametrize("pair", [("int32", "float32"), ("int8", "int64"), ("bool", "float64"),
                                  ("float32", "complex64"), ("uint8", "int8")])
def test_mixed_dtypes(pair):
    a, b = make((3, 4), pair[0], seed=1), make((4, 2), pair[1], seed=2)
    check(_einsum, "ij,jk->ik", a, b, tol="reduce")
    check(_einsum, "ij,ij->j", a, b.T.copy(), tol="reduce")


def test_python_scalar_operands():
    a = make((3,), "int8")
    check(_einsum, "i,", a, 2)
    check(_einsum, ",i->i", 2.5, make((3,), "float32"), tol="reduce")
    check(_einsum, "", 3)


VIEWS = {
    "transposed": ((4, 3), lambda x: x.T),
    "strided": ((6, 8), lambda x: x[::2, 1::2]),
    "reversed": ((3, 4), lambda x: x[::-1, ::-1]),
}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("sub", ["ij,jk->ik", "ij,kj->ik", "ii->i", "ij->", "ij,ij->i", "ji"])
def test_views(view, sub):
    base, fn = VIEWS[view]
    a = Viewed(make(base, "float64", seed=3), fn, view)
    shape = fn(np.empty(base)).shape
    if sub == "ii->i":
        other = None
        a = Viewed(make((6, 6), "float64", seed=3), lambda x: x[::2, ::-2] if view != "transposed"
                   else x.T, view)
    elif sub in ("ij,jk->ik",):
        other = make((shape[1], 2), "float64", seed=4)
    elif sub in ("ij,kj->ik",):
        other = Viewed(make((shape[1], 5), "float64", seed=4), lambda x: x.T, "T")
    elif sub == "ij,ij->i":
        other = arg((base, fn), "float64", seed=5)
    else:
        other = None
    ops = [a] if other is None else [a, other]
    check(_einsum, sub, *ops, tol="reduce")


def test_optimize_forms():
    ops = _operands([(2, 3), (3, 4), (4, 5), (5, 2)])
    for opt in (False, True, "greedy", "optimal"):
        check(_einsum, "ij,jk,kl,lm->im", *ops, optimize=opt, tol="reduce")
    path = np.einsum_path("ij,jk,kl,lm->im", *ops, optimize="greedy")[0]
    check(_einsum, "ij,jk,kl,lm->im", *ops, optimize=path, tol="reduce")
    # A label shared by three operands stays until its last use.
    ops = _operands([(3, 4), (4,), (4, 2)])
    check(_einsum, "ij,j,jk->ik", *ops, tol="reduce")
    check(_einsum, "ij,j,jk->ik", *ops, optimize=True, tol="reduce")


def test_interleaved_form():
    a, b = _operands([(2, 3), (3, 4)])
    check(lambda xp, x, y: xp.einsum(x, [0, 1], y, [1, 2]), a, b, tol="reduce")
    check(lambda xp, x, y: xp.einsum(x, [0, 1], y, [1, 2], [2, 0]), a, b, tol="reduce")
    check(lambda xp, x: xp.einsum(x, [Ellipsis, 1], [1]), a, tol="reduce")
    check(lambda xp, x: xp.einsum(x, [30, 30]), make((3, 3), "int64"))
    check_raises(lambda xp, x: xp.einsum(x, [0, 60]), a, match=["valid range"])
    check_raises(lambda xp, x: xp.einsum(x, [0, "a"]), a)
    check_raises(lambda xp, x: xp.einsum(x), a)


def test_dtype_and_casting():
    a, b = make((3, 4), "int32", seed=1), make((4, 2), "float32", seed=2)
    check(_einsum, "ij,jk", a, b, dtype="float64", tol="reduce")
    check(_einsum, "ij,jk", a, b, dtype="complex128", tol="reduce")
    check(_einsum, "ij,jk", a, b, dtype="float32", casting="same_kind", tol="reduce")
    check(_einsum, "ij->i", a, dtype="int8", casting="unsafe")
    check_raises(_einsum, "ij,jk", a, b, dtype="float32", match=["rule 'safe'"])
    check_raises(_einsum, "i,i", make((3,), "int32"), make((3,), "float64"), casting="no")
    check_raises(_einsum, "ij", a, order="X", match=["order must be one of"])
    check_raises(_einsum, "ij", a, casting="bad", match=["casting must be one of"])


def _with_out(sub, out_shape, out_dtype, **kw):
    def fn(xp, *ops):
        out = xp.zeros(out_shape, dtype=out_dtype)
        res = xp.einsum(sub, *ops, out=out, **kw)
        assert res is out
        return out
    return fn


def test_out():
    a, b = _operands([(3, 4), (4, 2)])
    check(_with_out("ij,jk", (3, 2), "float64"), a, b, tol="reduce")
    check(_with_out("ij,jk", (3, 2), "complex128"), a, b, tol="reduce")
    check(_with_out("ij->", (), "float64"), a, tol="reduce")
    check(_with_out("ij->i", (3,), "int32", casting="unsafe"), a)
    check(_with_out("ij,jk", (3, 2), "float16", casting="same_kind"), a.astype("float32"),
          b.astype("float32"), tol="reduce", rtol=2e-2, atol=1e-2)
    i8 = make((3, 4), "int8", seed=5)
    check(_with_out("ij->i", (3,), "int64"), i8)  # summed in int64, as NumPy
    check_raises(_with_out("ij,jk", (3, 2), "float32"), a, b, match=["rule 'safe'"])
    check_raises(_with_out("ij,jk", (3, 2), "int64"), a, b)
    check_raises(_with_out("ij,jk", (2, 3), "float64"), a, b,
                 match=["operands could not be broadcast together"])
    check_raises(_with_out("ij->", (1,), "float64"), a,
                 match=["does not have the correct number of dimensions"])


ERRORS = [
    ("ij", [(3,)], ["too many subscripts for operand 0"]),
    ("i", [(2, 3)], ["no '...' ellipsis provided"]),
    ("ij,jk", [(2, 3)], ["more operands"]),
    ("ij", [(2, 3), (2, 3)], ["fewer operands"]),
    ("ij->k", [(2, 3)], ["output subscript 'k' which never appeared"]),
    ("ij->ii", [(2, 3)], ["output subscript 'i' multiple times"]),
    ("i#j", [(2, 3)], ["invalid subscript '#'"]),
    ("i->->", [(3,)], ["invalid subscript"]),
    ("..i->", [(3,)], ["not part of an ellipsis"]),
    ("ij->i..", [(2, 3)], ["not part of an ellipsis"]),
    ("...i->", [(2, 3)], ["no '...' ellipsis provided"]),
    ("ii", [(2, 3)], ["for collapsing index 'i' don't match (2 != 3)"]),
    ("i,i", [(2,), (3,)], ["operands could not be broadcast together"]),
    ("ij,jk", [(2, 3), (4, 5)], ["operands could not be broadcast together"]),
    ("...,...", [(2,), (3,)], ["operands could not be broadcast together"]),
    ("i,i", [(2,), (0,)], ["operands could not be broadcast together"]),
]


@pytest.mark.parametrize("sub,shapes,match", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(sub, shapes, match):
    check_raises(_einsum, sub, *_operands(shapes), match=match)


def test_runs_without_numpy_fallback():
    # Every supported form runs on tessera's own operations: no fallback warning.
    ops = [tnp.asarray(o) for o in _operands([(2, 3), (3, 4), (4, 2)])]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for sub in ("ij,jk,kl->il", "ij,jk", "ij->", "ii", "ij,ij->j"):
            args = ops[:sub.count(",") + 1]
            if sub == "ii":
                args = [ops[0] @ ops[1] @ ops[2]]
            elif sub == "ij,ij->j":
                args = [ops[0], ops[0]]
            np.asarray(tnp.einsum(sub, *args, optimize=True))
        b = tnp.asarray(make((3, 3), "bool"))
        np.asarray(tnp.einsum("ij,jk->", b, b))
        np.asarray(tnp.tensordot(ops[0], ops[1], 1))


def test_single_operand_is_view():
    a = tnp.arange(6).reshape(2, 3)
    t = tnp.einsum("ij->ji", a)
    a[0, 0] = 7
    assert int(t[0, 0]) == 7


# ----------------------------------------------------------------------------- tensordot

TD_CASES = [
    ((2, 3, 4), (3, 4, 5), 2),
    ((2, 3, 4), (4, 5), 1),
    ((2, 3), (4, 5), 0),
    ((3, 4), (4, 3), -1),
    ((2, 3, 4), (4, 3, 2), ([1, 0], [1, 2])),
    ((2, 3, 4), (4, 3, 2), ([2], [0])),
    ((2, 3, 4), (4, 3, 2), (2, 0)),
    ((2, 3, 4), (4, 3, 2), ([-1, -2], [0, 1])),
    ((3,), (3,), 1),
    ((), (3,), 0),
    ((2, 0), (0, 3), 1),
]


def _tensordot(xp, a, b, axes):
    return xp.tensordot(a, b, axes)


@pytest.mark.parametrize("sa,sb,axes", TD_CASES, ids=[str(c) for c in TD_CASES])
def test_tensordot(sa, sb, axes):
    a, b = make(sa, "float64", seed=1), make(sb, "float64", seed=2)
    check(_tensordot, a, b, axes, tol="reduce")


@pytest.mark.parametrize("dtype", ["int32", "float32", "complex128", "bool", "int8"])
def test_tensordot_dtypes(dtype):
    a, b = make((2, 3, 4), dtype, seed=1), make((3, 4, 2), dtype, seed=2)
    check(_tensordot, a, b, 2, tol="reduce")
    check(_tensordot, a, make((3, 4, 2), "float64", seed=2), 2, tol="reduce")


def test_tensordot_views_and_modes(modes):
    a = Viewed(make((4, 3, 2), "float64", seed=1), lambda x: x.transpose(2, 1, 0), "T")
    b = Viewed(make((8, 4), "float64", seed=2), lambda x: x[::2, ::-1], "strided")
    check(_tensordot, a, b, ([1, 2], [0, 1]), tol="reduce")


@pytest.mark.parametrize("sa,sb,axes,match", [
    ((2, 3), (4, 5), 1, ["shape-mismatch for sum"]),
    ((2, 3), (3, 2), ([0, 1], [1]), ["shape-mismatch for sum"]),
    ((2, 3), (3, 4), 3, []),
    ((2, 2), (2, 2), ([0, 0], [0, 1]), ["duplicate axes"]),
])
def test_tensordot_errors(sa, sb, axes, match):
    check_raises(_tensordot, make(sa, "float64"), make(sb, "float64"), axes, match=match)


def test_out_aliasing_an_operand():
    def fn(xp, a):
        xp.einsum("ij->ji", a, out=a)
        return a
    check(fn, make((4, 4), "float64"))
    check(lambda xp, a, b: xp.einsum("ij,jk->ik", a, b, out=a), *_operands([(3, 3), (3, 3)]),
          tol="reduce")
