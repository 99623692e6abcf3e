"""Matrix and vector products, diagonals and triangles (NumPy reference: "Linear algebra",
"Matrix and vector products", and the diagonal/triangle routines of "Array creation").

matmul, dot, vdot and inner run as tessera tasks (BLAS for float and complex dtypes, a loop for
integer and bool), split over the rows of the result. diagonal is a read-only strided view;
trace, tril, triu, outer and diag are built from views, reductions and ufuncs. tensordot is
one matmul of the transposed, reshaped operands; einsum is composed of diagonal and transpose
views, sums, products and batched matmuls (einsum_path still runs through NumPy).
"""

import operator

import numpy as _np

from tessera import _core
from tessera.numpy._creation import arange, asarray, zeros
from tessera.numpy._interop import ndarray

__all__ = ["diag", "diagonal", "dot", "einsum", "inner", "matmul", "outer", "tensordot",
           "trace", "tril", "triu", "vdot"]

_u = _core.ufuncs


def _out(out):
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
        out = out[0]
    return out


def matmul(x1, x2, /, out=None, *, dtype=None):
    """NumPy's matmul (also the ``@`` operator)."""
    if dtype is not None:
        x1, x2 = asarray(x1).astype(dtype), asarray(x2).astype(dtype)
    return _core.matmul(x1, x2, _out(out))


def dot(a, b, out=None):
    """NumPy's dot: out= must be C-contiguous with the result's exact dtype and shape."""
    return _core.dot(a, b, out)


def vdot(a, b, /):
    """NumPy's vdot: the flattened arrays' dot product, the first conjugated."""
    return _core.vdot(a, b)


def inner(a, b, /):
    """NumPy's inner: sum over the last axes."""
    return _core.inner(a, b)


def outer(a, b, out=None):
    """NumPy's outer: a.ravel()[:, None] * b.ravel()[None, :]."""
    a, b = asarray(a).ravel(), asarray(b).ravel()
    return _u["multiply"](a[:, None], b[None, :], out=out)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """NumPy's diagonal: a read-only view, the diagonal as the last axis."""
    return _core.diagonal(a, operator.index(offset), operator.index(axis1),
                          operator.index(axis2))


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """NumPy's trace: the sum of the diagonal (NumPy's sum dtype rules)."""
    return diagonal(a, offset, axis1, axis2).sum(axis=-1, dtype=dtype, out=out)


def diag(v, k=0):
    """NumPy's diag: a 2-D array with v on diagonal k, or a 2-D array's k-th diagonal (a view)."""
    v = asarray(v)
    k = operator.index(k)
    if v.ndim == 2:
        return diagonal(v, k)
    if v.ndim != 1:
        raise ValueError("Input must be 1- or 2-d.")
    n = v.shape[0] + abs(k)
    res = zeros((n, n), dtype=v.dtype)
    start = k if k >= 0 else -k * n
    flat = res.reshape(-1)
    flat[start::n + 1][:v.shape[0]] = v  # a strided view of res: its diagonal, in place
    return res


def _tri_mask(shape, k, upper):
    rows, cols = (1, shape[0]) if len(shape) == 1 else shape[-2:]
    if len(shape) == 1:
        rows = cols
    d = arange(cols)[None, :] - arange(rows)[:, None]  # column - row
    return d >= k if upper else d <= k


def tril(m, k=0):
    """NumPy's tril: zeros above diagonal k."""
    m = asarray(m)
    return _core.where(_tri_mask(m.shape, operator.index(k), False), m, zeros(1, m.dtype))


def triu(m, k=0):
    """NumPy's triu: zeros below diagonal k."""
    m = asarray(m)
    return _core.where(_tri_mask(m.shape, operator.index(k), True), m, zeros(1, m.dtype))


def _dot_method(self, b, out=None):
    return dot(self, b, out)


def _diagonal_method(self, offset=0, axis1=0, axis2=1):
    return diagonal(self, offset, axis1, axis2)


def _trace_method(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return trace(self, offset, axis1, axis2, dtype, out)


for _name, _method in (("dot", _dot_method), ("diagonal", _diagonal_method),
                       ("trace", _trace_method)):
    setattr(ndarray, _name, _method)
del _name, _method


# ----------------------------------------------------------------------------- tensordot


def _prod(dims):
    n = 1
    for d in dims:
        n *= d
    return n


def tensordot(a, b, axes=2):
    """NumPy's tensordot: a and b transposed and reshaped to matrices, one matmul, reshaped.

    `axes` is N (the last N axes of a against the first N of b) or a pair of sequences (or of
    single axes); negative axes count from the end.
    """
    try:
        iter(axes)
    except TypeError:
        n = operator.index(axes)
        axes_a, axes_b = list(range(-n, 0)), list(range(n))
    else:
        axes_a, axes_b = axes
    axes_a = [operator.index(x) for x in axes_a] if hasattr(axes_a, "__len__") else [
        operator.index(axes_a)]
    axes_b = [operator.index(x) for x in axes_b] if hasattr(axes_b, "__len__") else [
        operator.index(axes_b)]
    a, b = asarray(a), asarray(b)
    sa, sb = a.shape, b.shape
    if len(axes_a) != len(axes_b) or any(sa[i] != sb[j] for i, j in zip(axes_a, axes_b)):
        raise ValueError("shape-mismatch for sum")
    axes_a = [i + a.ndim if i < 0 else i for i in axes_a]
    axes_b = [j + b.ndim if j < 0 else j for j in axes_b]
    if len(set(axes_a)) != len(axes_a) or len(set(axes_b)) != len(axes_b):
        raise ValueError("duplicate axes are not allowed in tensordot")
    free_a = [i for i in range(a.ndim) if i not in axes_a]
    free_b = [j for j in range(b.ndim) if j not in axes_b]
    k = _prod(sa[i] for i in axes_a)
    dims_a, dims_b = tuple(sa[i] for i in free_a), tuple(sb[j] for j in free_b)
    a2 = _core.reshape(_core.transpose(a, free_a + axes_a), (_prod(dims_a), k))
    b2 = _core.reshape(_core.transpose(b, axes_b + free_b), (k, _prod(dims_b)))
    return _core.reshape(_core.matmul(a2, b2, None), dims_a + dims_b)


# ----------------------------------------------------------------------------- einsum
#
# Labels are letters (str); the dims an ellipsis stands for get int labels, 0 for the last of
# them, 1 for the one before, ..., so that ellipses of different lengths align on the right.

_ORDERS = ("C", "F", "A", "K")
_CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")


def _sublist_subscripts(sublist):
    """An interleaved-form subscript list ([0, 1, Ellipsis]) as subscript text."""
    text = []
    for s in sublist:
        if s is Ellipsis:
            text.append("...")
            continue
        try:
            s = operator.index(s)
        except TypeError:
            raise TypeError("each subscript must be either an integer or an ellipsis") from None
        if not 0 <= s < 52:
            raise ValueError("subscript is not within the valid range [0, 52)")
        text.append(chr(ord("A") + s) if s < 26 else chr(ord("a") + s - 26))
    return "".join(text)


def _interleaved(args):
    """einsum(op0, sublist0, op1, sublist1, ..., [sublistout]) as (subscripts, operands)."""
    if len(args) < 2:
        raise ValueError("must provide at least an operand and a subscripts list to einsum")
    ops = list(args[0::2])
    terms = [_sublist_subscripts(s) for s in args[1::2]]
    if len(args) % 2:
        out = _sublist_subscripts(ops.pop())
        return ",".join(terms) + "->" + out, ops
    return ",".join(terms), ops


def _parse_term(term, ndim, where):
    """One term's labels for an operand of `ndim` dims (None ndim: the output)."""
    if "." in term:
        if term.count(".") != 3 or "..." not in term:
            raise ValueError("einstein sum subscripts string contains a '.' that is not part of "
                             f"an ellipsis ('...') in {where}")
        head, tail = term.split("...")
    else:
        head, tail = term, None
    letters = len(head) + len(tail or "")
    if ndim is None:
        return list(head), (list(tail) if tail is not None else None)
    if letters > ndim:
        raise ValueError(f"einstein sum subscripts string contains too many subscripts for "
                         f"{where}")
    if tail is None:
        if letters < ndim:
            raise ValueError("operand has more dimensions than subscripts given in einstein "
                             "sum, but no '...' ellipsis provided to broadcast the extra "
                             "dimensions.")
        return list(head)
    nell = ndim - letters
    return list(head) + list(range(nell - 1, -1, -1)) + list(tail)


def _parse(subscripts, shapes):
    """Input label lists and the output label list of an einsum subscripts string."""
    text = "".join(subscripts.split())
    if "->" in text:
        lhs, rhs = text.split("->", 1)
    else:
        lhs, rhs = text, None
    for c in lhs + (rhs or ""):
        if not (c.isascii() and c.isalpha()) and c not in ",.":
            raise ValueError(f"invalid subscript '{c}' in einstein sum subscripts string, "
                             "subscripts must be letters")
    if rhs is not None and "," in rhs:
        raise ValueError("invalid subscript ',' in einstein sum subscripts string, subscripts "
                         "must be letters")
    terms = lhs.split(",")
    # NumPy's two messages read the other way round from the counts; kept as NumPy words them.
    if len(terms) > len(shapes):
        raise ValueError("more operands provided to einstein sum function than specified in "
                         "the subscripts string")
    if len(terms) < len(shapes):
        raise ValueError("fewer operands provided to einstein sum function than specified in "
                         "the subscripts string")
    labels = [_parse_term(t, len(s), f"operand {i}")
              for i, (t, s) in enumerate(zip(terms, shapes))]
    nell = max((sum(isinstance(x, int) for x in ls) for ls in labels), default=0)
    ellipsis = list(range(nell - 1, -1, -1))
    if rhs is None:  # implicit: the ellipsis dims, then the letters seen once, sorted
        counts = {}
        for ls in labels:
            for x in ls:
                if isinstance(x, str):
                    counts[x] = counts.get(x, 0) + 1
        return labels, ellipsis + sorted(x for x, c in counts.items() if c == 1)
    head, tail = _parse_term(rhs, None, "the output")
    if tail is None:
        if nell:
            raise ValueError("output has more dimensions than subscripts given in einstein "
                             "sum, but no '...' ellipsis provided to broadcast the extra "
                             "dimensions.")
        out = head
    else:
        out = head + ellipsis + tail
    seen = set()
    present = {x for ls in labels for x in ls}
    for x in out:
        if x in seen and isinstance(x, str):
            raise ValueError(f"einstein sum subscripts string includes output subscript '{x}' "
                             "multiple times")
        seen.add(x)
        if x not in present:
            raise ValueError(f"einstein sum subscripts string included output subscript '{x}' "
                             "which never appeared in an input")
    return labels, out


def _shape_text(shape):
    return "(" + ",".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _broadcast_error(shapes):
    return ValueError("operands could not be broadcast together with remapped shapes "
                      "[original->remapped]: " + " ".join(f"{_shape_text(s)}->{_shape_text(s)}"
                                                          for s in shapes))


def _take_diagonals(a, labels):
    """Collapse labels repeated within one operand onto their diagonal ('ii->i'), a view."""
    labels = list(labels)
    while True:
        dup = next((x for i, x in enumerate(labels) if x in labels[i + 1:]), None)
        if dup is None:
            return a, labels
        i = labels.index(dup)
        j = labels.index(dup, i + 1)
        a = _core.diagonal(a, 0, i, j)
        labels = [x for k, x in enumerate(labels) if k not in (i, j)] + [dup]


def _sum_out(a, labels, keep, dtype):
    """Sum `a` over its labels not in `keep` (in `dtype`: bool sums are logical or)."""
    axes = tuple(i for i, x in enumerate(labels) if x not in keep)
    if not axes:
        return a, labels
    return a.sum(axis=axes, dtype=dtype), [x for x in labels if x in keep]


def _arranged(a, labels, order):
    """`a` with its axes permuted to `order` (a view)."""
    if labels == order:
        return a
    return _core.transpose(a, [labels.index(x) for x in order])


def _contract(x, y, keep, sizes, dtype):
    """Two operands (array, labels) contracted; the result keeps the labels in `keep`."""
    (a, la), (b, lb) = x, y
    a, la = _sum_out(a, la, keep | set(lb), dtype)
    b, lb = _sum_out(b, lb, keep | set(la), dtype)
    batch = [lab for lab in la if lab in lb and lab in keep]
    summed = [lab for lab in la if lab in lb and lab not in keep]
    left = [lab for lab in la if lab not in lb]
    right = [lab for lab in lb if lab not in la]
    bshape = tuple(sizes[lab] for lab in batch)
    lshape = tuple(sizes[lab] for lab in left)
    rshape = tuple(sizes[lab] for lab in right)
    if not summed:  # nothing to sum: a broadcast product
        a = _core.reshape(_arranged(a, la, batch + left), bshape + lshape + (1,) * len(right))
        b = _core.reshape(_arranged(b, lb, batch + right), bshape + (1,) * len(left) + rshape)
        return _u["multiply"](a, b), batch + left + right
    k = _prod(sizes[lab] for lab in summed)
    a = _core.reshape(_arranged(a, la, batch + left + summed), bshape + (_prod(lshape), k))
    b = _core.reshape(_arranged(b, lb, batch + summed + right), bshape + (k, _prod(rshape)))
    c = _core.matmul(a, b, None)
    return _core.reshape(c, bshape + lshape + rshape), batch + left + right


def _result_size(x, y, keep, sizes):
    kept = {lab for lab in x[1] + y[1] if lab in keep}
    return _prod(sizes[lab] for lab in kept)


def _contract_all(ops, out_labels, sizes, dtype, optimize):
    """Contract the prepared operands pairwise: left to right, along the path given, or
    greedily (the pair with the smallest result first) when `optimize` asks for it."""
    out_set = set(out_labels)

    def keep_for(rest):
        return out_set.union(*(set(ls) for _, ls in rest))

    path = None
    if isinstance(optimize, (list, tuple)) and optimize and optimize[0] == "einsum_path":
        path = [tuple(p) for p in optimize[1:]]
    while len(ops) > 1:
        if path:
            step = sorted(path.pop(0), reverse=True)
            group = [ops.pop(i) for i in step][::-1]
            while len(group) > 1:
                keep = keep_for(ops + group[2:])
                group[:2] = [_contract(group[0], group[1], keep, sizes, dtype)]
            ops.append(group[0])
            continue
        if optimize and path is None:
            best = None
            for i in range(len(ops)):
                for j in range(i + 1, len(ops)):
                    rest = ops[:i] + ops[i + 1:j] + ops[j + 1:]
                    size = _result_size(ops[i], ops[j], keep_for(rest), sizes)
                    if best is None or size < best[0]:
                        best = (size, i, j)
            _, i, j = best
        else:
            i, j = 0, 1
        y, x = ops.pop(j), ops.pop(i)
        ops.insert(i, _contract(x, y, keep_for(ops), sizes, dtype))
    a, labels = _sum_out(*ops[0], out_set, dtype)
    return _arranged(a, labels, out_labels)


def einsum(subscripts, *operands, out=None, dtype=None, order="K", casting="safe",
           optimize=False):
    """NumPy's einsum, as views (transposes, diagonals, reshapes), sums, products and
    (batched) matmul on the runtime.

    Operands are cast to the result dtype first (NumPy's result_type, or `dtype`), so the sums
    and products run in that dtype as in NumPy (int8 stays int8, bool sums are logical or).
    Two operands sharing a summed label become one batched matmul; more operands are
    contracted pairwise (left to right, or greedily when `optimize` is truthy, or along an
    einsum_path). Size-1 dims broadcast against any size.
    """
    if not isinstance(subscripts, str):
        subscripts, operands = _interleaved((subscripts,) + operands)
    if not operands:
        raise ValueError("must specify the einstein sum subscripts string and at least one "
                         "operand, or at least one operand and its corresponding subscripts "
                         "list")
    if order not in _ORDERS:
        raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
    if casting not in _CASTINGS:
        raise ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or "
                         f"'unsafe' (got {casting!r})")
    ops = [asarray(x) for x in operands]
    labels, out_labels = _parse(subscripts, [a.shape for a in ops])
    if out is not None and not isinstance(out, ndarray):
        raise TypeError("einsum: out must be a tessera array")
    # As NumPy: the work dtype is `dtype`, else the result type of the operands and out; each
    # operand is read, and out read and written, in that dtype under the casting rule.
    given = [a.dtype for a in ops] + ([out.dtype] if out is not None else [])
    rt = _np.dtype(dtype) if dtype is not None else _np.result_type(*given)
    for i, d in enumerate(given):
        if not _np.can_cast(d, rt, casting):
            raise TypeError(f"Iterator operand {i} dtype could not be cast from "
                            f"{d!r} to {rt!r} according to the rule '{casting}'")
    if out is not None and not _np.can_cast(rt, out.dtype, casting):
        raise TypeError(f"Iterator requested dtype could not be cast from {rt!r} to "
                        f"{out.dtype!r}, the operand {len(ops)} dtype, according to the rule "
                        f"'{casting}'")
    # Diagonals of repeated labels, then the size of each label (1 broadcasts).
    prepared = []
    for i, (a, ls) in enumerate(zip(ops, labels)):
        for x in set(ls):
            dims = {a.shape[k] for k, y in enumerate(ls) if y == x}
            if len(dims) > 1:
                where = "single operand" if len(ops) == 1 else f"operand {i}"
                d = [a.shape[k] for k, y in enumerate(ls) if y == x]
                raise ValueError(f"dimensions in {where} for collapsing index '{x}' don't "
                                 f"match ({d[0]} != {next(v for v in d if v != d[0])})")
        prepared.append(_take_diagonals(a, ls))
    sizes = {}
    for a, ls in prepared:
        for d, x in zip(a.shape, ls):
            if d != 1:
                if sizes.get(x, d) != d:
                    raise _broadcast_error([o.shape for o in ops])
                sizes[x] = d
    for a, ls in prepared:
        for d, x in zip(a.shape, ls):
            sizes.setdefault(x, d)
    # Size-1 dims facing a larger size drop out (their one value multiplies every term).
    operands_ = []
    for a, ls in prepared:
        drop = tuple(k for k, (d, x) in enumerate(zip(a.shape, ls)) if d == 1 and sizes[x] != 1)
        if drop:
            a = _core.squeeze(a, drop)
            ls = [x for k, x in enumerate(ls) if k not in drop]
        if a.dtype != rt:
            a = a.astype(rt)
        operands_.append((a, ls))
    if out is not None:
        shape = tuple(sizes[x] for x in out_labels)
        if out.ndim != len(shape):
            raise ValueError("out parameter does not have the correct number of dimensions, "
                             f"has {out.ndim} but should have {len(shape)}")
        if out.shape != shape:
            raise _broadcast_error([o.shape for o in ops] + [out.shape])
    # Labels found in one operand only and not in the output are summed first.
    out_set = set(out_labels)
    staged = []
    for i, (a, ls) in enumerate(operands_):
        others = set().union(*(set(l2) for j, (_, l2) in enumerate(operands_) if j != i))
        staged.append(_sum_out(a, ls, out_set | others, rt))
    result = _contract_all(staged, out_labels, sizes, rt, optimize)
    if out is None:
        return result
    out[...] = result
    return out
