// Decompositions, solvers and determinants: NumPy's checks and dtype rules, then one decomp
// launch over the whole stack (kernels/linalg/decomp.h), then LAPACK's info checked here.
#include "tessera/array/decompositions.h"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "kernels/linalg/decomp.h"
#include "kernels/linalg/matmul.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/reduction.h"
#include "tessera/array/ufunc.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

using kernels::DecompArgs;
using kernels::DecompOp;

Dims slice(const Dims& d, int lo, int hi) { return Dims(d.data() + lo, hi - lo); }

Dims concat(const Dims& a, std::initializer_list<int64_t> tail) {
  Dims r = a;
  for (int64_t v : tail) r.push_back(v);
  return r;
}

Dims batch_of(const Array& a) { return slice(a.shape(), 0, a.ndim() - 2); }

void check_stacked_2d(const Array& a) {
  if (a.ndim() < 2) {
    throw LinAlgError(std::to_string(a.ndim()) +
                      "-dimensional array given. Array must be at least two-dimensional");
  }
}

void check_square(const Array& a) {
  check_stacked_2d(a);
  if (a.shape()[a.ndim() - 1] != a.shape()[a.ndim() - 2]) {
    throw LinAlgError("Last 2 dimensions of the array must be square");
  }
}

/// NumPy's _commonType: complex if any input is, single precision only when every input is
/// float32/complex64, integers and bool count as float64, float16 is unsupported.
DType work_dtype(std::initializer_list<DType> dtypes) {
  bool complex = false, dbl = false;
  for (DType d : dtypes) {
    if (d == DType::Float16) throw TypeError("array type float16 is unsupported in linalg");
    complex = complex || is_complex(d);
    dbl = dbl || !(d == DType::Float32 || d == DType::Complex64);
  }
  if (complex) return dbl ? DType::Complex128 : DType::Complex64;
  return dbl ? DType::Float64 : DType::Float32;
}

DType real_of(DType d) {
  if (d == DType::Complex64) return DType::Float32;
  if (d == DType::Complex128) return DType::Float64;
  return d;
}

Array as_work(const Array& a, DType work) { return astype(a, work, Casting::Unsafe, false); }

/// Launches the decomp task; returns the status array (one LAPACK info per matrix, shaped like
/// the batch) for check_status. A stack splits its leading batch dim over the points (every
/// argument Aligned); a single matrix is one point over whole arrays.
Array launch_decomp(const DecompArgs& args, const Dims& batch, std::initializer_list<Array> inputs,
                    std::initializer_list<Array> outputs) {
  Array status = empty(batch, DType::Int32);
  if (args.batch == 0) return status;
  kernels::blas_init();
  runtime::Launch l;
  l.task = &kernels::decomp_task;
  bool stack = batch.size() > 0;
  l.domain = stack ? batch : Dims{1};
  l.max_points = stack ? 0 : 1;
  int64_t core = std::max<int64_t>({args.m, args.n, args.k, 1});
  l.work = args.batch * core * core * core;  // LAPACK's cost is cubic in the matrix size
  auto slicing = stack ? runtime::Slicing::Aligned : runtime::Slicing::Whole;
  for (const Array& a : inputs) l.args.push_back({a.store(), runtime::Privilege::Read, slicing});
  for (const Array& a : outputs) {
    l.args.push_back({a.store(), runtime::Privilege::Write, slicing});
  }
  l.args.push_back({status.store(), runtime::Privilege::Write, slicing});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
  return status;
}

/// Waits for the task; LinAlgError(message) when LAPACK reported a failure for any matrix.
void check_status(const Array& status, int64_t batch, const char* message) {
  if (batch == 0) return;
  std::vector<int32_t> info(status.size());
  to_host(status, info.data());
  // > 0: LAPACK's failure, or an invalid operation (NaN input; NumPy raises then too);
  // < 0: an argument LAPACK rejected, which for valid shapes means a NaN it checked for.
  for (int32_t v : info) {
    if (v != 0) throw LinAlgError(message);
  }
}

DecompArgs args_for(DecompOp op, DType work, const Dims& batch, int64_t m, int64_t n) {
  // LAPACK's integers are 32-bit here (OpenBLAS's default build), as in NumPy's lapack_lite.
  if (m * std::max<int64_t>(n, 1) > std::numeric_limits<int32_t>::max() ||
      n > std::numeric_limits<int32_t>::max()) {
    throw ValueError("linalg: matrices this large exceed LAPACK's 32-bit indexing");
  }
  DecompArgs args{};
  args.op = op;
  args.dtype = work;
  args.batch_ndim = batch.size();
  args.batch = batch.product();
  args.m = m;
  args.n = n;
  return args;
}

}  // namespace

Array solve(const Array& a, const Array& b) {
  check_square(a);
  DType work = work_dtype({a.dtype(), b.dtype()});
  int64_t n = a.shape()[a.ndim() - 1];
  bool vector_b = b.ndim() == 1;
  if (b.ndim() == 0) throw ValueError("solve: Input operand 1 does not have enough dimensions");
  Array B = vector_b ? reshape(b, Dims{b.shape()[0], 1}) : b;
  if (B.shape()[B.ndim() - 2] != n) {
    throw ValueError(
        "solve: Input operand 1 has a mismatch in its core dimension 0, with "
        "gufunc signature (m,m),(m,n)->(m,n) (size " +
        std::to_string(B.shape()[B.ndim() - 2]) + " is different from " + std::to_string(n) + ")");
  }
  int64_t k = B.shape()[B.ndim() - 1];
  Dims both[2] = {batch_of(a), vector_b ? Dims() : batch_of(B)};
  Dims batch = broadcast_shapes(both);
  Array A = broadcast_to(as_work(a, work), concat(batch, {n, n}));
  B = broadcast_to(as_work(B, work), concat(batch, {n, k}));
  Array X = empty(concat(batch, {n, k}), work);
  DecompArgs args = args_for(DecompOp::Solve, work, batch, n, n);
  args.k = k;
  check_status(launch_decomp(args, batch, {A, B}, {X}), args.batch, "Singular matrix");
  return vector_b ? reshape(X, concat(batch, {n})) : X;
}

Array inv(const Array& a) {
  check_square(a);
  DType work = work_dtype({a.dtype()});
  int64_t n = a.shape()[a.ndim() - 1];
  Dims batch = batch_of(a);
  Array X = empty(a.shape(), work);
  DecompArgs args = args_for(DecompOp::Inv, work, batch, n, n);
  check_status(launch_decomp(args, batch, {as_work(a, work)}, {X}), args.batch, "Singular matrix");
  return X;
}

std::pair<Array, Array> slogdet(const Array& a) {
  check_square(a);
  DType work = work_dtype({a.dtype()});
  int64_t n = a.shape()[a.ndim() - 1];
  Dims batch = batch_of(a);
  Array sign = empty(batch, work), logdet = empty(batch, real_of(work));
  DecompArgs args = args_for(DecompOp::Slogdet, work, batch, n, n);
  launch_decomp(args, batch, {as_work(a, work)}, {sign, logdet});  // never fails: no wait
  return {sign, logdet};
}

Array det(const Array& a) {
  auto [sign, logdet] = slogdet(a);
  return binary(Ufunc::multiply, sign, unary(Ufunc::exp, logdet));
}

Array cholesky(const Array& a, bool upper) {
  check_square(a);
  DType work = work_dtype({a.dtype()});
  int64_t n = a.shape()[a.ndim() - 1];
  Dims batch = batch_of(a);
  Array L = empty(a.shape(), work);
  DecompArgs args = args_for(DecompOp::Cholesky, work, batch, n, n);
  args.upper = upper;
  check_status(launch_decomp(args, batch, {as_work(a, work)}, {L}), args.batch,
               "Matrix is not positive definite");
  return L;
}

std::vector<Array> qr(const Array& a, std::string_view mode) {
  using kernels::QrMode;
  QrMode qm;
  if (mode == "reduced") {
    qm = QrMode::Reduced;
  } else if (mode == "complete") {
    qm = QrMode::Complete;
  } else if (mode == "r") {
    qm = QrMode::R;
  } else if (mode == "raw") {
    qm = QrMode::Raw;
  } else {
    throw ValueError("Unrecognized mode '" + std::string(mode) + "'");
  }
  check_stacked_2d(a);
  DType work = work_dtype({a.dtype()});
  int64_t m = a.shape()[a.ndim() - 2], n = a.shape()[a.ndim() - 1], k = std::min(m, n);
  Dims batch = batch_of(a);
  DecompArgs args = args_for(DecompOp::Qr, work, batch, m, n);
  args.qr_mode = qm;
  std::vector<Array> out;
  if (qm == QrMode::Raw) {
    out = {empty(concat(batch, {n, m}), work), empty(concat(batch, {k}), work)};
  } else if (qm == QrMode::R) {
    out = {empty(concat(batch, {k, n}), work)};
  } else {
    int64_t c = qm == QrMode::Complete ? m : k;
    out = {empty(concat(batch, {m, c}), work), empty(concat(batch, {c, n}), work)};
  }
  Array A = as_work(a, work);
  if (out.size() == 1) {
    launch_decomp(args, batch, {A}, {out[0]});
  } else {
    launch_decomp(args, batch, {A}, {out[0], out[1]});
  }
  return out;  // geqrf and orgqr do not fail on valid arguments: no wait
}

std::vector<Array> eigh(const Array& a, char uplo, bool vectors) {
  check_square(a);
  if (uplo != 'L' && uplo != 'U') throw ValueError("UPLO argument must be 'L' or 'U'");
  DType work = work_dtype({a.dtype()});
  int64_t n = a.shape()[a.ndim() - 1];
  Dims batch = batch_of(a);
  DecompArgs args = args_for(DecompOp::Eigh, work, batch, n, n);
  args.upper = uplo == 'U';
  args.vectors = vectors;
  Array w = empty(concat(batch, {n}), real_of(work)), A = as_work(a, work);
  Array v = vectors ? empty(a.shape(), work) : Array();
  Array status =
      vectors ? launch_decomp(args, batch, {A}, {w, v}) : launch_decomp(args, batch, {A}, {w});
  check_status(status, args.batch, "Eigenvalues did not converge");
  return vectors ? std::vector<Array>{w, v} : std::vector<Array>{w};
}

std::vector<Array> eig(const Array& a, bool vectors) {
  check_square(a);
  if (item(all(unary(Ufunc::isfinite, a), ReduceOptions{})).as_int() == 0) {
    throw LinAlgError("Array must not contain infs or NaNs");
  }
  DType work = work_dtype({a.dtype()});
  DType cplx = is_complex(work)         ? work
               : work == DType::Float32 ? DType::Complex64
                                        : DType::Complex128;
  int64_t n = a.shape()[a.ndim() - 1];
  Dims batch = batch_of(a);
  DecompArgs args = args_for(DecompOp::Eig, work, batch, n, n);
  args.vectors = vectors;
  Array w = empty(concat(batch, {n}), cplx), A = as_work(a, work);
  Array v = vectors ? empty(a.shape(), cplx) : Array();
  Array status =
      vectors ? launch_decomp(args, batch, {A}, {w, v}) : launch_decomp(args, batch, {A}, {w});
  check_status(status, args.batch, "Eigenvalues did not converge");
  std::vector<Array> out = {w};
  if (vectors) out.push_back(v);
  bool all_real =
      !is_complex(work) &&
      item(any(binary(Ufunc::not_equal, imag(w), Scalar::of_int(0)), ReduceOptions{})).as_int() ==
          0;
  if (all_real) {  // NumPy returns real results then
    for (Array& x : out) x = astype(real(x), work, Casting::Unsafe, true);
  }
  return out;
}

std::vector<Array> svd(const Array& a, bool full_matrices, bool compute_uv, bool hermitian) {
  if (hermitian) {
    check_square(a);  // NumPy goes through eigh, which checks this
  } else {
    check_stacked_2d(a);
  }
  DType work = work_dtype({a.dtype()});
  int64_t m = a.shape()[a.ndim() - 2], n = a.shape()[a.ndim() - 1], k = std::min(m, n);
  Dims batch = batch_of(a);
  DecompArgs args = args_for(DecompOp::Svd, work, batch, m, n);
  args.vectors = compute_uv;
  args.full = full_matrices || hermitian;  // a square matrix: both are the same
  args.hermitian = hermitian;
  const char* failed = hermitian ? "Eigenvalues did not converge" : "SVD did not converge";
  Array s = empty(concat(batch, {k}), real_of(work)), A = as_work(a, work);
  if (!compute_uv) {
    check_status(launch_decomp(args, batch, {A}, {s}), args.batch, failed);
    return {s};
  }
  int64_t uc = args.full ? m : k, vr = args.full ? n : k;
  Array u = empty(concat(batch, {m, uc}), work), vh = empty(concat(batch, {vr, n}), work);
  check_status(launch_decomp(args, batch, {A}, {s, u, vh}), args.batch, failed);
  return {u, s, vh};
}

LstsqResult lstsq(const Array& a, const Array& b, std::optional<double> rcond) {
  bool vector_b = b.ndim() == 1;
  for (const Array* x : {&a, &b}) {
    int nd = x == &b && vector_b ? 2 : x->ndim();
    if (nd != 2) {
      throw LinAlgError(std::to_string(nd) +
                        "-dimensional array given. Array must be two-dimensional");
    }
  }
  Array B = vector_b ? reshape(b, Dims{b.shape()[0], 1}) : b;
  int64_t m = a.shape()[0], n = a.shape()[1], k = B.shape()[1];
  if (B.shape()[0] != m) throw LinAlgError("Incompatible dimensions");
  DType work = work_dtype({a.dtype(), b.dtype()}), real = real_of(work);
  double eps = real == DType::Float32 ? std::numeric_limits<float>::epsilon()
                                      : std::numeric_limits<double>::epsilon();
  // LAPACK cannot take zero right-hand sides: solve for one zero column and drop it (NumPy).
  int64_t kk = std::max<int64_t>(k, 1);
  Array Bw = k == 0 ? zeros(Dims{m, 1}, work) : as_work(B, work);
  DecompArgs args = args_for(DecompOp::Lstsq, work, Dims(), m, n);
  args.k = kk;
  args.rcond = rcond.value_or(eps * static_cast<double>(std::max(m, n)));
  Array x = empty(Dims{n, kk}, work), resid = empty(Dims{kk}, real);
  Array rank = empty(Dims(), DType::Int32), s = empty(Dims{std::min(m, n)}, real);
  Array status = launch_decomp(args, Dims(), {as_work(a, work), Bw}, {x, resid, rank, s});
  check_status(status, 1, "SVD did not converge in Linear Least Squares");
  int32_t r = 0;
  to_host(rank, &r);
  LstsqResult out{x, resid, rank, s};
  if (k == 0) out.x = empty(Dims{n, 0}, work);
  if (k == 0 || r != n || m <= n) out.residuals = empty(Dims{0}, real);
  if (vector_b) out.x = reshape(x, Dims{n});
  return out;
}

}  // namespace tessera
