// Matrix products (matmul, dot, vdot, inner) and diagonal views.
#include "tessera/array/linalg.h"

#include <string>

#include "kernels/linalg/matmul.h"
#include "ops/launch.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/reduction.h"
#include "tessera/array/ufunc.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

constexpr const char* kMatmulSig = "(n?,k),(k,m?)->(n?,m?)";

Dims slice(const Dims& d, int lo, int hi) { return Dims(d.data() + lo, hi - lo); }

Dims concat(const Dims& a, std::initializer_list<int64_t> tail) {
  Dims r = a;
  for (int64_t v : tail) r.push_back(v);
  return r;
}

bool has_blas(DType d) {
  return d == DType::Float32 || d == DType::Float64 || d == DType::Complex64 ||
         d == DType::Complex128;
}

/// Whether BLAS can read the last two dims of `a` in place (else it gets a contiguous copy).
bool blas_readable(const Array& a) {
  int nd = a.ndim(), isz = a.itemsize();
  int64_t sr = a.strides()[nd - 2], sc = a.strides()[nd - 1];
  if (sr % isz || sc % isz) return false;
  return kernels::blas_layout(a.shape()[nd - 2], a.shape()[nd - 1], sr / isz, sc / isz).ok;
}

// Products with at most this many rows of C and an inner dimension of at least 4 chunks are
// split along the inner dimension (see launch_split_inner).
constexpr int64_t kSplitRows = 8;
constexpr int64_t kInnerChunk = int64_t(1) << 15;

void launch_product(Array A, Array B, const Array& C);

/// C = A @ B for few rows of C and a long inner dimension (a vector times a tall matrix, as in
/// logreg's gradient (y - p) @ X): C's rows give one point, so the inner dimension is cut into
/// chunks, each chunk's product is one entry of a batched product (strided views, no copies)
/// that splits over the points, and the partial products are summed into C. The chunk size
/// depends on k alone, so the result is the same for any number of threads.
void launch_split_inner(const Array& A, const Array& B, const Array& C) {
  int64_t n = C.shape()[0], m = C.shape()[1], k = A.shape()[1];
  int64_t chunks = k / kInnerChunk, done = chunks * kInnerChunk, rest = k - done;
  const Dims& as = A.strides();
  const Dims& bs = B.strides();
  Array P = empty(Dims{chunks + (rest ? 1 : 0), n, m}, C.dtype());
  const Dims& ps = P.strides();
  int64_t ao = A.store().offset, bo = B.store().offset, po = P.store().offset;
  launch_product(
      A.view(Dims{chunks, n, kInnerChunk}, Dims{kInnerChunk * as[1], as[0], as[1]}, ao, A.dtype()),
      B.view(Dims{chunks, kInnerChunk, m}, Dims{kInnerChunk * bs[0], bs[0], bs[1]}, bo, B.dtype()),
      P.view(Dims{chunks, n, m}, ps, po, P.dtype()));
  if (rest) {
    launch_product(A.view(Dims{n, rest}, Dims{as[0], as[1]}, ao + done * as[1], A.dtype()),
                   B.view(Dims{rest, m}, Dims{bs[0], bs[1]}, bo + done * bs[0], B.dtype()),
                   P.view(Dims{n, m}, Dims{ps[1], ps[2]}, po + chunks * ps[0], P.dtype()));
  }
  ReduceOptions over_chunks;
  over_chunks.axes = Axes::of({0});
  over_chunks.out = &C;
  sum(P, over_chunks);
}

/// C = A @ B for A (batch…, n, k), B (batch…, k, m) already in C's dtype and broadcast to C's
/// batch shape; C (batch…, n, m) C-contiguous. 2-D products split C's rows over the points
/// (A Aligned, B Whole), or their inner dimension when C has few rows; batched ones split the
/// leading batch dim.
void launch_product(Array A, Array B, const Array& C) {
  if (C.size() == 0) return;
  int nd = C.ndim();
  int64_t n = C.shape()[nd - 2], m = C.shape()[nd - 1], k = A.shape()[nd - 1];
  if (k == 0) return fill(C, Scalar::of_int(0));
  kernels::MatmulArgs args{C.dtype(), n, k, m, has_blas(C.dtype())};
  if (args.blas) {
    kernels::blas_init();
    if (!blas_readable(A)) A = copy(A);
    if (!blas_readable(B)) B = copy(B);
  }
  runtime::Launch l;
  l.task = &kernels::matmul_task;
  l.name = "matmul";
  l.domain = C.shape();
  l.work = C.size() * k;  // a product's cost is n·k·m, not the size of its output
  auto b_slicing = nd == 2 ? runtime::Slicing::Whole : runtime::Slicing::Aligned;
  l.args.push_back({A.store(), runtime::Privilege::Read, runtime::Slicing::Aligned});
  l.args.push_back({B.store(), runtime::Privilege::Read, b_slicing});
  l.args.push_back({C.store(), runtime::Privilege::Write, runtime::Slicing::Aligned});
  l.scalars.set(args);
  auto& rt = runtime::Runtime::get();
  // The split only gives CPU threads work: on the GPU one gemv/gemm call is faster.
  if (nd == 2 && args.blas && n <= kSplitRows && k >= 4 * kInnerChunk &&
      rt.mapper().processor_for(l) != runtime::Processor::Gpu) {
    return launch_split_inner(A, B, C);
  }
  rt.launch(std::move(l));
}

[[noreturn]] void batch_mismatch(const Array& a, const Array& b, const Dims& ba, const Dims& bb) {
  auto remapped = [](const Array& x, const Dims& batch) {
    std::string s = shape_str(x.shape()) + "->(";
    for (int i = 0; i < batch.size(); ++i) s += std::to_string(batch[i]) + ",";
    return s + "newaxis,newaxis)";
  };
  Dims req = concat(Dims(), {a.shape()[a.ndim() - 2], b.shape()[b.ndim() - 1]});
  throw ValueError("operands could not be broadcast together with remapped shapes "
                   "[original->remapped]: " + remapped(a, ba) + " " + remapped(b, bb) +
                   "  and requested shape " + shape_str(req));
}

/// The product of a (…, n, k) and b (…, k, m) (both >= 2-D, k checked) in `rt`, written into
/// `into` when given (shaped batch + (n, m), dtype rt, C-contiguous).
Array product(const Array& a, const Array& b, DType rt, const Array* into) {
  int na = a.ndim(), nb = b.ndim();
  Dims ba = slice(a.shape(), 0, na - 2), bb = slice(b.shape(), 0, nb - 2);
  Dims batch;
  try {
    Dims both[2] = {ba, bb};
    batch = broadcast_shapes(both);
  } catch (const ValueError&) {
    batch_mismatch(a, b, ba, bb);
  }
  int64_t n = a.shape()[na - 2], k = a.shape()[na - 1], m = b.shape()[nb - 1];
  DType work = rt == DType::Float16 ? DType::Float32 : rt;  // no half BLAS: compute in float32
  Array A = astype(a, work, Casting::Unsafe, false), B = astype(b, work, Casting::Unsafe, false);
  Array C = into && work == rt ? *into : empty(concat(batch, {n, m}), work);
  int64_t nbatch = batch.product();
  if (bb.product() == 1 && nbatch > 0 && reshape_is_view(A, Dims{nbatch * n, k})) {
    // B is one matrix: the batch folds into rows of one 2-D product (all points busy).
    launch_product(reshape(A, Dims{nbatch * n, k}), reshape(B, Dims{k, m}),
                   reshape(C, Dims{nbatch * n, m}));
  } else {
    launch_product(broadcast_to(A, concat(batch, {n, k})), broadcast_to(B, concat(batch, {k, m})),
                   C);
  }
  if (work == rt) return C;
  if (into) {
    assign(*into, C);
    return *into;
  }
  return astype(C, rt, Casting::Unsafe, false);
}

[[noreturn]] void not_aligned(const Array& a, const Array& b, int da, int db) {
  throw ValueError("shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                   " not aligned: " + std::to_string(a.shape()[da]) + " (dim " +
                   std::to_string(da) + ") != " + std::to_string(b.shape()[db]) + " (dim " +
                   std::to_string(db) + ")");
}

/// matmul's core: 1-D operands promoted, the result's shape NumPy's.
Array matmul_impl(const Array& a, const Array& b, DType rt, const Array* into) {
  for (int i = 0; i < 2; ++i) {
    if ((i ? b : a).ndim() == 0) {
      throw ValueError("matmul: Input operand " + std::to_string(i) +
                       " does not have enough dimensions (has 0, gufunc core with signature " +
                       kMatmulSig + " requires 1)");
    }
  }
  int64_t zero = 0, one = 1;
  Array A = a.ndim() == 1 ? expand_dims(a, std::span<const int64_t>(&zero, 1)) : a;
  Array B = b.ndim() == 1 ? expand_dims(b, std::span<const int64_t>(&one, 1)) : b;
  int64_t k = A.shape()[A.ndim() - 1], kb = B.shape()[B.ndim() - 2];
  if (k != kb) {
    throw ValueError(std::string("matmul: Input operand 1 has a mismatch in its core dimension "
                                 "0, with gufunc signature ") + kMatmulSig + " (size " +
                     std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  if (into && (a.ndim() == 1 || b.ndim() == 1)) {
    // Write through a view of `into` with the removed dims put back.
    Dims full = into->shape();
    if (a.ndim() == 1) full.insert(full.size() - (b.ndim() == 1 ? 0 : 1), 1);
    if (b.ndim() == 1) full.push_back(1);
    Array view = reshape(*into, full);
    product(A, B, rt, &view);
    return *into;
  }
  Array C = product(A, B, rt, into);
  if (a.ndim() > 1 && b.ndim() > 1) return C;
  Dims shape = C.shape();
  if (b.ndim() == 1) shape.erase(shape.size() - 1);
  if (a.ndim() == 1) shape.erase(shape.size() - 1 - (b.ndim() == 1 ? 0 : 1));
  return reshape(C, shape);
}

}  // namespace

Array matmul(const Array& a, const Array& b, const Array* out) {
  DType rt = promote_types(a.dtype(), b.dtype());
  if (!out) return matmul_impl(a, b, rt, nullptr);
  Array r = matmul_impl(a, b, rt, nullptr);  // shape errors first, as NumPy
  if (!(r.shape() == out->shape())) {
    throw ValueError("matmul: Output operand 0 has a mismatch in its core dimension 0, with "
                     "gufunc signature " + std::string(kMatmulSig) + " (size " +
                     shape_str(out->shape()) + " is different from " + shape_str(r.shape()) +
                     ")");
  }
  if (!can_cast(rt, out->dtype(), Casting::SameKind)) {
    throw TypeError("Cannot cast ufunc 'matmul' output from dtype('" +
                    std::string(dtype_name(rt)) + "') to dtype('" +
                    std::string(dtype_name(out->dtype())) + "') with casting rule 'same_kind'");
  }
  assign(*out, r);
  return *out;
}

Array dot(const Array& a, const Array& b, const Array* out) {
  DType rt = promote_types(a.dtype(), b.dtype());
  Array r;
  Dims shape;
  if (a.ndim() == 0 || b.ndim() == 0) {
    Dims both[2] = {a.shape(), b.shape()};
    shape = broadcast_shapes(both);
  } else {
    int da = a.ndim() - 1, db = b.ndim() == 1 ? 0 : b.ndim() - 2;
    if (a.shape()[da] != b.shape()[db]) not_aligned(a, b, da, db);
    shape = slice(a.shape(), 0, da);
    for (int i = 0; i < b.ndim(); ++i) {
      if (i != db) shape.push_back(b.shape()[i]);
    }
  }
  if (out && (out->dtype() != rt || out->ndim() != shape.size() ||
              !out->store().is_c_contiguous() || !out->writeable())) {
    throw ValueError("output array is not acceptable (must have the right datatype, number of "
                     "dimensions, and be a C-Array)");
  }
  if (out && !(out->shape() == shape)) throw ValueError("output array has wrong dimensions");
  // Writing straight into out is safe only when it shares no memory with the inputs.
  const Array* into = out && !out->same_root(a) && !out->same_root(b) ? out : nullptr;
  if (a.ndim() == 0 || b.ndim() == 0) {
    // NumPy sums the one product onto 0 (so -0.0 becomes +0.0).
    r = binary(Ufunc::multiply, a, b);
    if (is_inexact(rt) && a.ndim() + b.ndim() > 0) r = binary(Ufunc::add, r, Scalar::of_int(0));
  } else if (b.ndim() <= 2 || a.ndim() == 1) {
    r = matmul_impl(a, b, rt, into);  // dot and matmul agree on these shapes
  } else {
    // N-D · M-D: a as (P, k), b's second-to-last axis moved first as (k, Q·m).
    int64_t k = a.shape()[a.ndim() - 1];
    int64_t src = b.ndim() - 2, dst = 0;
    Array A = reshape(a, Dims{a.size() / std::max<int64_t>(k, 1), k});
    if (k == 0) A = reshape(a, Dims{slice(a.shape(), 0, a.ndim() - 1).product(), 0});
    Array Bm = moveaxis(b, std::span<const int64_t>(&src, 1), std::span<const int64_t>(&dst, 1));
    Array B = reshape(Bm, Dims{k, slice(Bm.shape(), 1, Bm.ndim()).product()});
    Array view = into ? reshape(*into, Dims{A.shape()[0], B.shape()[1]}) : Array();
    r = reshape(product(A, B, rt, into ? &view : nullptr), shape);
    if (into) r = *into;
  }
  if (!out) return r;
  if (!r.same_root(*out)) assign(*out, r);
  return *out;
}

Array vdot(const Array& a, const Array& b) {
  Array x = ravel(a), y = ravel(b);
  if (x.size() != y.size()) {
    throw ValueError("cannot reshape array of size " + std::to_string(y.size()) +
                     " into shape (" + std::to_string(x.size()) + ",)");
  }
  if (is_complex(x.dtype())) x = unary(Ufunc::conjugate, x);
  return dot(x, y);
}

Array inner(const Array& a, const Array& b) {
  if (a.ndim() == 0 || b.ndim() == 0) return binary(Ufunc::multiply, a, b);
  int da = a.ndim() - 1, db = b.ndim() - 1;
  if (a.shape()[da] != b.shape()[db]) not_aligned(a, b, da, db);
  if (b.ndim() == 1) return dot(a, b);
  return dot(a, swapaxes(b, -1, -2));
}

Array diagonal(const Array& a, int64_t offset, int64_t axis1, int64_t axis2) {
  if (a.ndim() < 2) throw ValueError("diag requires an array of at least two dimensions");
  int ax1 = normalize_axis(axis1, a.ndim()), ax2 = normalize_axis(axis2, a.ndim());
  if (ax1 == ax2) throw ValueError("axis1 and axis2 cannot be the same");
  int64_t n1 = a.shape()[ax1], n2 = a.shape()[ax2];
  int64_t s1 = a.strides()[ax1], s2 = a.strides()[ax2];
  int64_t start1 = offset < 0 ? -offset : 0, start2 = offset > 0 ? offset : 0;
  int64_t len = std::max<int64_t>(0, std::min(n1 - start1, n2 - start2));
  Dims shape, strides;
  for (int d = 0; d < a.ndim(); ++d) {
    if (d == ax1 || d == ax2) continue;
    shape.push_back(a.shape()[d]);
    strides.push_back(a.strides()[d]);
  }
  shape.push_back(len);
  strides.push_back(s1 + s2);
  int64_t at = a.store().offset + (len > 0 ? start1 * s1 + start2 * s2 : 0);
  return a.view(shape, strides, at, a.dtype()).readonly();
}

}  // namespace tessera
