// The decomposition task's CUDA variant: cuSOLVER on the point's stream for solve and inv
// (getrf + getrs), slogdet (getrf, then a kernel that reads sign and log|det| off the LU
// factors), cholesky (potrf), eigh (syevd/heevd), qr (geqrf + orgqr/ungqr) and svd (gesvdj,
// the Jacobi SVD). As on the CPU (decomp.cc) every matrix is copied into a column-major scratch
// buffer, factored there, and its results copied back into the row-major outputs, all by
// kernels on the stream.
//
// Failures: cuSOLVER writes each matrix's info into GPU memory; the task points it straight at
// the matrix's slot of the `status` argument, which the op reads on the host (check_status)
// after the stream has run, and raises LinAlgError from: no wait inside the body. Solve and inv
// also mark a matrix whose LU factors hold a NaN (the CPU marks a raised invalid-operation flag:
// NumPy's "Singular matrix" for a NaN input), by a kernel after getrs.
//
// A stack of small matrices is one batched call: cuBLAS getrf/getrsBatched (n <= 64), cuSOLVER
// potrfBatched (n <= 64), syevjBatched and gesvdjBatched (Jacobi, up to 32×32); otherwise the
// host loops over the matrices, one call each, sharing one workspace (the calls run in stream
// order). eig, lstsq and the Hermitian svd stay on the CPU (cuda_supports).
#include <climits>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "kernels/linalg/decomp.h"
#include "kernels/linalg/linalg_cuda.cuh"
#include "runtime/gpu.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {

namespace {

using linalg_cuda::check;

constexpr const char* kWhat = "linalg";

// ---- operands and copies between them and column-major buffers ---------------------------------

/// One argument: its batch dims (C order) and core strides, in bytes, by value for kernels.
struct Mat {
  static constexpr int kDims = 16;
  char* base = nullptr;
  int nb = 0;
  int64_t shape[kDims] = {};
  int64_t strides[kDims] = {};
  int64_t s0 = 0, s1 = 0;  // core dims 0 (rows) and 1 (columns)

  __device__ char* at(int64_t b) const {
    char* p = base;
    for (int d = nb - 1; d >= 0; --d) {
      p += (b % shape[d]) * strides[d];
      b /= shape[d];
    }
    return p;
  }
};

Mat mat(const runtime::TaskContext& ctx, int arg, int batch_ndim) {
  const runtime::Store& s = ctx.store(arg);
  Mat m;
  m.base = ctx.base[arg];
  m.nb = batch_ndim;
  for (int d = 0; d < batch_ndim; ++d) {
    m.shape[d] = d == 0 ? ctx.rows() : s.shape[d];
    m.strides[d] = s.strides[d];
  }
  if (s.ndim() > batch_ndim) m.s0 = s.strides[batch_ndim];
  if (s.ndim() > batch_ndim + 1) m.s1 = s.strides[batch_ndim + 1];
  return m;
}

/// Device element types: the library's (cuComplex…) for arithmetic, and plain copies.
template <class T>
struct Traits;
template <>
struct Traits<float> {
  using R = float;
  static constexpr bool complex = false;
};
template <>
struct Traits<double> {
  using R = double;
  static constexpr bool complex = false;
};
template <>
struct Traits<cuComplex> {
  using R = float;
  static constexpr bool complex = true;
};
template <>
struct Traits<cuDoubleComplex> {
  using R = double;
  static constexpr bool complex = true;
};

template <class T>
__host__ __device__ T from_real(typename Traits<T>::R v) {
  if constexpr (Traits<T>::complex) {
    return {v, 0};
  } else {
    return v;
  }
}

template <class T>
__device__ bool has_inf(const T& v) {
  if constexpr (Traits<T>::complex) {
    return isinf(v.x) || isinf(v.y);
  } else {
    return isinf(v);
  }
}

template <class T>
__device__ bool has_nan(const T& v) {
  if constexpr (Traits<T>::complex) {
    return isnan(v.x) || isnan(v.y);
  } else {
    return isnan(v);
  }
}

/// Unaligned-safe element copies (complex128 views may be 8-byte aligned).
template <class T>
__device__ T read(const char* p) {
  T v;
  memcpy(&v, p, sizeof(T));
  return v;
}
template <class T>
__device__ void write(char* p, const T& v) {
  memcpy(p, &v, sizeof(T));
}

/// dst[b·ms + i + j·ld] = src_b(i, j) for the r×c matrices of a stack.
template <class T>
void load(cudaStream_t st, const Mat& src, int64_t batch, int64_t r, int64_t c, T* dst, int64_t ld,
          int64_t ms) {
  exec::Cuda::for_each_index(
      batch * r * c,
      [=] __device__(int64_t idx) {
        int64_t i = idx % r, t = idx / r, j = t % c, b = t / c;
        dst[b * ms + i + j * ld] = read<T>(src.at(b) + i * src.s0 + j * src.s1);
      },
      st, kWhat);
}

/// Which triangle save() writes as zeros.
enum Zero : int { kKeep = 0, kStrictLower = 1, kStrictUpper = 2 };

/// dst_b(i, j) = src[b·ms + i + j·ld] (or src[b·ms + i·ld + j] when `rows_major`, conjugated
/// when `conjugate`: a conjugate transpose), with one strict triangle written as zeros when
/// asked.
template <class T>
void save(cudaStream_t st, const T* src, int64_t ld, int64_t ms, int64_t batch, int64_t r,
          int64_t c, const Mat& dst, Zero zero = kKeep, bool rows_major = false,
          bool conjugate = false) {
  exec::Cuda::for_each_index(
      batch * r * c,
      [=] __device__(int64_t idx) {
        int64_t j = idx % c, t = idx / c, i = t % r, b = t / r;
        bool z = (zero == kStrictLower && i > j) || (zero == kStrictUpper && i < j);
        T v = z ? from_real<T>(0) : src[b * ms + (rows_major ? i * ld + j : i + j * ld)];
        const bool flip = conjugate;  // (captured outside the constexpr-if)
        if constexpr (Traits<T>::complex) {
          if (flip) v.y = -v.y;
        }
        write<T>(dst.at(b) + i * dst.s0 + j * dst.s1, v);
      },
      st, kWhat);
}

/// dst_b[i] = src[b·ms + i] for i < len (a 0-d core when len is 1).
template <class T>
void save_vector(cudaStream_t st, const T* src, int64_t ms, int64_t batch, int64_t len,
                 const Mat& dst) {
  exec::Cuda::for_each_index(
      batch * len,
      [=] __device__(int64_t idx) {
        int64_t i = idx % len, b = idx / len;
        write<T>(dst.at(b) + (len > 1 ? i * dst.s0 : 0), src[b * ms + i]);
      },
      st, kWhat);
}

/// a[b·ms + i + j·ld] = (i == j) for the r×c matrices of a stack.
template <class T>
void identity(cudaStream_t st, T* a, int64_t ld, int64_t ms, int64_t batch, int64_t r, int64_t c) {
  exec::Cuda::for_each_index(
      batch * r * c,
      [=] __device__(int64_t idx) {
        int64_t i = idx % r, t = idx / r, j = t % c, b = t / c;
        a[b * ms + i + j * ld] = from_real<T>(i == j ? 1 : 0);
      },
      st, kWhat);
}

// ---- cuSOLVER's typed entry points ------------------------------------------------------------

#define TESSERA_TYPED(T, fn, S, D, C, Z)             \
  template <class... A>                              \
  static cusolverStatus_t fn(A... a) {               \
    if constexpr (std::is_same_v<T, float>)          \
      return cusolverDnS##S(a...);                   \
    else if constexpr (std::is_same_v<T, double>)    \
      return cusolverDnD##D(a...);                   \
    else if constexpr (std::is_same_v<T, cuComplex>) \
      return cusolverDnC##C(a...);                   \
    else                                             \
      return cusolverDnZ##Z(a...);                   \
  }

template <class T>
struct Lapack {
  TESSERA_TYPED(T, getrf_size, getrf_bufferSize, getrf_bufferSize, getrf_bufferSize,
                getrf_bufferSize)
  TESSERA_TYPED(T, getrf, getrf, getrf, getrf, getrf)
  TESSERA_TYPED(T, getrs, getrs, getrs, getrs, getrs)
  TESSERA_TYPED(T, potrf_size, potrf_bufferSize, potrf_bufferSize, potrf_bufferSize,
                potrf_bufferSize)
  TESSERA_TYPED(T, potrf, potrf, potrf, potrf, potrf)
  TESSERA_TYPED(T, syevd_size, syevd_bufferSize, syevd_bufferSize, heevd_bufferSize,
                heevd_bufferSize)
  TESSERA_TYPED(T, syevd, syevd, syevd, heevd, heevd)
  TESSERA_TYPED(T, syevj_size, syevjBatched_bufferSize, syevjBatched_bufferSize,
                heevjBatched_bufferSize, heevjBatched_bufferSize)
  TESSERA_TYPED(T, syevj, syevjBatched, syevjBatched, heevjBatched, heevjBatched)
  TESSERA_TYPED(T, gesvdj_size, gesvdj_bufferSize, gesvdj_bufferSize, gesvdj_bufferSize,
                gesvdj_bufferSize)
  TESSERA_TYPED(T, gesvdj, gesvdj, gesvdj, gesvdj, gesvdj)
  TESSERA_TYPED(T, gesvdj_batched_size, gesvdjBatched_bufferSize, gesvdjBatched_bufferSize,
                gesvdjBatched_bufferSize, gesvdjBatched_bufferSize)
  TESSERA_TYPED(T, gesvdj_batched, gesvdjBatched, gesvdjBatched, gesvdjBatched, gesvdjBatched)
  TESSERA_TYPED(T, geqrf_size, geqrf_bufferSize, geqrf_bufferSize, geqrf_bufferSize,
                geqrf_bufferSize)
  TESSERA_TYPED(T, geqrf, geqrf, geqrf, geqrf, geqrf)
  TESSERA_TYPED(T, orgqr_size, orgqr_bufferSize, orgqr_bufferSize, ungqr_bufferSize,
                ungqr_bufferSize)
  TESSERA_TYPED(T, orgqr, orgqr, orgqr, ungqr, ungqr)
};
#undef TESSERA_TYPED

/// cuBLAS's batched LU (small matrices: one call for the whole stack).
template <class T>
cublasStatus_t getrf_batched(cublasHandle_t h, int n, T* const A[], int lda, int* P, int* info,
                             int batch) {
  if constexpr (std::is_same_v<T, float>)
    return cublasSgetrfBatched(h, n, A, lda, P, info, batch);
  else if constexpr (std::is_same_v<T, double>)
    return cublasDgetrfBatched(h, n, A, lda, P, info, batch);
  else if constexpr (std::is_same_v<T, cuComplex>)
    return cublasCgetrfBatched(h, n, A, lda, P, info, batch);
  else
    return cublasZgetrfBatched(h, n, A, lda, P, info, batch);
}

template <class T>
cublasStatus_t getrs_batched(cublasHandle_t h, int n, int k, const T* const A[], int lda,
                             const int* P, T* const B[], int ldb, int* info, int batch) {
  const cublasOperation_t op = CUBLAS_OP_N;
  if constexpr (std::is_same_v<T, float>)
    return cublasSgetrsBatched(h, op, n, k, A, lda, P, B, ldb, info, batch);
  else if constexpr (std::is_same_v<T, double>)
    return cublasDgetrsBatched(h, op, n, k, A, lda, P, B, ldb, info, batch);
  else if constexpr (std::is_same_v<T, cuComplex>)
    return cublasCgetrsBatched(h, op, n, k, A, lda, P, B, ldb, info, batch);
  else
    return cublasZgetrsBatched(h, op, n, k, A, lda, P, B, ldb, info, batch);
}

template <class T>
cusolverStatus_t potrf_batched(cusolverDnHandle_t h, cublasFillMode_t uplo, int n, T* A[], int lda,
                               int* info, int batch) {
  if constexpr (std::is_same_v<T, float>)
    return cusolverDnSpotrfBatched(h, uplo, n, A, lda, info, batch);
  else if constexpr (std::is_same_v<T, double>)
    return cusolverDnDpotrfBatched(h, uplo, n, A, lda, info, batch);
  else if constexpr (std::is_same_v<T, cuComplex>)
    return cusolverDnCpotrfBatched(h, uplo, n, A, lda, info, batch);
  else
    return cusolverDnZpotrfBatched(h, uplo, n, A, lda, info, batch);
}

/// Stacks of at least this many matrices of at most kBatchedOrder rows go through the batched
/// calls (one launch for the stack); the others loop over their matrices.
constexpr int64_t kBatchedMin = 2;
constexpr int64_t kBatchedOrder = 64;

/// Elements between the matrices of a scratch stack: r·c rounded up to a multiple of 4, so
/// every matrix starts 16-byte aligned (as the batched calls want their pointers).
int64_t stack_stride(int64_t r, int64_t c) { return (r * c + 3) / 4 * 4; }

bool batched(int64_t batch, int64_t n) {
  return batch >= kBatchedMin && n <= kBatchedOrder && batch <= INT_MAX;
}

/// cuSOLVER's batched Jacobi eigensolver takes matrices up to 32×32.
constexpr int64_t kJacobiOrder = 32;

/// The Jacobi solver's parameters (tolerance the machine precision by default, eigenvalues
/// sorted ascending as syevd's, set explicitly), made once; callers hold the Solver lease.
syevjInfo_t jacobi_params() {
  static syevjInfo_t params = nullptr;  // never destroyed
  if (!params) {
    syevjInfo_t made = nullptr;
    check(cusolverDnCreateSyevjInfo(&made), kWhat);
    check(cusolverDnXsyevjSetSortEig(made, 1), kWhat);
    params = made;
  }
  return params;
}

/// The Jacobi SVD's parameters (tolerance the machine precision by default, singular values
/// sorted descending as gesdd's, set explicitly: gesvdjBatched may leave them unsorted
/// otherwise), made once; callers hold the Solver lease.
gesvdjInfo_t svd_params() {
  static gesvdjInfo_t params = nullptr;  // never destroyed
  if (!params) {
    gesvdjInfo_t made = nullptr;
    check(cusolverDnCreateGesvdjInfo(&made), kWhat);
    check(cusolverDnXgesvdjSetSortEig(made, 1), kWhat);
    params = made;
  }
  return params;
}

using Scratch = runtime::gpu::Scratch;

/// A GPU array of the stack's matrix pointers base + b·ms.
template <class T>
T** pointers(cudaStream_t st, Scratch& s, T* base, int64_t ms, int64_t batch) {
  T** p = s.get<T*>(batch);
  exec::Cuda::for_each_index(
      batch, [=] __device__(int64_t b) { p[b] = base + b * ms; }, st, kWhat);
  return p;
}

/// Which cells of a matrix nan_flags() looks at (eigh reads one triangle only).
enum Part : int { kAll = 0, kLowerTriangle = 1, kUpperTriangle = 2 };

/// Bits of nan_flags()'s words.
constexpr int kHasInf = 1, kHasNan = 2;

/// flags[b] = kHasNan | kHasInf as matrix b of a column-major stack (r×c) holds a NaN / an
/// infinity in `part` (0: every cell finite).
template <class T>
int* nan_flags(cudaStream_t st, Scratch& s, const T* A, int64_t ld, int64_t ms, int64_t batch,
               int64_t r, int64_t c, Part part) {
  int* flags = s.get<int>(batch);
  check(cudaMemsetAsync(flags, 0, sizeof(int) * batch, st), kWhat);
  exec::Cuda::for_each_index(
      batch * r * c,
      [=] __device__(int64_t idx) {
        int64_t i = idx % r, t = idx / r, jj = t % c, b = t / c;
        if ((part == kLowerTriangle && i < jj) || (part == kUpperTriangle && i > jj)) return;
        const T v = A[b * ms + i + jj * ld];
        const int f = has_nan(v) ? kHasNan : has_inf(v) ? kHasInf : 0;
        if (f) atomicOr(flags + b, f);
      },
      st, kWhat);
  return flags;
}

template <class T>
__device__ T nan_value() {
  using R = typename Traits<T>::R;
  const R q = static_cast<R>(NAN);
  if constexpr (Traits<T>::complex) {
    return {q, q};
  } else {
    return q;
  }
}

/// What every op needs: the stack, the stream, the status slots.
struct Job {
  runtime::TaskContext& ctx;
  const DecompArgs& a;
  cudaStream_t st;
  int64_t batch;
  int32_t* status;  // GPU, one per matrix (C order over the batch)
  Mat in(int arg) const { return mat(ctx, arg, a.batch_ndim); }
  int i(int64_t v) const { return static_cast<int>(v); }
};

/// The workspace size a bufferSize call wrote into *lwork (at least 1). Takes the pointer, not
/// the value: a function's arguments are evaluated in no fixed order (g++ often goes right to
/// left), so `f(size_call(&lwork), lwork)` may read lwork (0) before the call wrote it: that
/// gave every workspace one element (cuSOLVER then failed or wrote past it). Here it is read
/// after every argument was evaluated.
int checked_size(cusolverStatus_t s, const int* lwork) {
  check(s, kWhat);
  return *lwork < 1 ? 1 : *lwork;
}

// ---- the operations ---------------------------------------------------------------------------

/// Marks matrix b of the stack singular (status 1, unless already failed) when it holds a NaN:
/// where the CPU's LAPACK raises its invalid-operation flag, which the CPU variant reports as
/// NumPy does. A NaN in B alone does not count (NumPy returns NaNs then).
template <class T>
void mark_nan_singular(Job& j, const T* A, int n, int64_t msa) {
  int32_t* status = j.status;
  const int64_t cells = int64_t{n} * n;  // ld == n here: a matrix's cells are contiguous
  exec::Cuda::for_each_index(
      j.batch * cells,
      [=] __device__(int64_t idx) {
        int64_t b = idx / cells;
        if (has_nan(A[b * msa + idx % cells])) atomicCAS(status + b, 0, 1);
      },
      j.st, kWhat);
}

/// Solve: X = A⁻¹B (args A, B, X); Inv: X = A⁻¹ (args A, X).
template <class T>
void run_solve(Job& j, Scratch& s, cusolverDnHandle_t h) {
  const bool inv = j.a.op == DecompOp::Inv;
  const int n = j.i(j.a.n), k = inv ? n : j.i(j.a.k), ld = n < 1 ? 1 : n;
  const int64_t msa = stack_stride(ld, n), msb = stack_stride(ld, k);
  T* A = s.get<T>(j.batch * msa);
  T* B = s.get<T>(j.batch * msb);
  int* ipiv = s.get<int>(j.batch * ld);
  int* info = s.get<int>(1);
  load(j.st, j.in(0), j.batch, n, n, A, ld, msa);
  if (inv) {
    identity(j.st, B, ld, msb, j.batch, n, n);
  } else {
    load(j.st, j.in(1), j.batch, n, k, B, ld, msb);
  }
  if (n == 0 || k == 0) {  // nothing to factor (LAPACK is not called on the CPU either)
    check(cudaMemsetAsync(j.status, 0, sizeof(int32_t) * j.batch, j.st), kWhat);
    return save(j.st, B, ld, msb, j.batch, n, k, j.in(inv ? 1 : 2));
  }
  // cuSOLVER's getrf can factor a NaN away (a NaN beside a pivot of 1 gave a clean inverse on an
  // H100), so the input is scanned too, into a flag merged after getrf wrote the status.
  int32_t* had_nan = s.get<int32_t>(j.batch);
  check(cudaMemsetAsync(had_nan, 0, sizeof(int32_t) * j.batch, j.st), kWhat);
  {
    const int64_t cells = int64_t{n} * n;
    const T* in = A;
    exec::Cuda::for_each_index(
        j.batch * cells,
        [=] __device__(int64_t idx) {
          if (has_nan(in[idx / cells * msa + idx % cells])) had_nan[idx / cells] = 1;
        },
        j.st, kWhat);
  }
  if (batched(j.batch, n)) {
    T** pa = pointers(j.st, s, A, msa, j.batch);
    T** pb = pointers(j.st, s, B, msb, j.batch);
    linalg_cuda::Blas blas(j.st, kWhat);
    const int nb = static_cast<int>(j.batch);
    check(getrf_batched<T>(blas.h, n, pa, ld, ipiv, j.status, nb), kWhat);
    int host_info = 0;  // getrs's argument check, made on the host at the call
    check(getrs_batched<T>(blas.h, n, k, pa, ld, ipiv, pb, ld, &host_info, nb), kWhat);
  } else {
    int lwork = 0;
    lwork = checked_size(Lapack<T>::getrf_size(h, n, n, A, ld, &lwork), &lwork);
    T* work = s.get<T>(lwork);
    for (int64_t b = 0; b < j.batch; ++b) {
      // getrf's info (> 0: an exact zero pivot) is the matrix's status.
      check(Lapack<T>::getrf(h, n, n, A + b * msa, ld, work, ipiv + b * ld, j.status + b), kWhat);
      check(Lapack<T>::getrs(h, CUBLAS_OP_N, n, k, A + b * msa, ld, ipiv + b * ld, B + b * msb, ld,
                             info),
            kWhat);
    }
  }
  // A NaN in the LU factors (one the factorisation made from infinities) marks the matrix
  // singular, as the NaN input scanned before the factorisation did.
  mark_nan_singular(j, A, n, msa);
  int32_t* status = j.status;
  exec::Cuda::for_each_index(
      j.batch,
      [=] __device__(int64_t b) {
        if (had_nan[b] && status[b] == 0) status[b] = 1;
      },
      j.st, kWhat);
  save(j.st, B, ld, msb, j.batch, n, k, j.in(inv ? 1 : 2));
}

/// Slogdet: sign and log|det| from the LU factors (args A, sign, logdet); never fails.
template <class T>
void run_slogdet(Job& j, Scratch& s, cusolverDnHandle_t h) {
  using R = typename Traits<T>::R;
  const int n = j.i(j.a.n), ld = n < 1 ? 1 : n;
  const int64_t ms = stack_stride(ld, n);
  T* A = s.get<T>(j.batch * ms);
  int* ipiv = s.get<int>(j.batch * ld);
  int* info = s.get<int>(j.batch);
  load(j.st, j.in(0), j.batch, n, n, A, ld, ms);
  if (n > 0 && batched(j.batch, n)) {
    T** pa = pointers(j.st, s, A, ms, j.batch);
    linalg_cuda::Blas blas(j.st, kWhat);
    check(getrf_batched<T>(blas.h, n, pa, ld, ipiv, info, static_cast<int>(j.batch)), kWhat);
  } else if (n > 0) {
    int lwork = 0;
    lwork = checked_size(Lapack<T>::getrf_size(h, n, n, A, ld, &lwork), &lwork);
    T* work = s.get<T>(lwork);
    for (int64_t b = 0; b < j.batch; ++b) {
      check(Lapack<T>::getrf(h, n, n, A + b * ms, ld, work, ipiv + b * ld, info + b), kWhat);
    }
  } else {
    check(cudaMemsetAsync(info, 0, sizeof(int) * j.batch, j.st), kWhat);
  }
  const Mat sign_out = j.in(1), logdet_out = j.in(2);
  int32_t* status = j.status;
  exec::Cuda::for_each_index(
      j.batch,
      [=] __device__(int64_t b) {
        T sign = from_real<T>(1);
        R logdet = 0;
        if (info[b] > 0) {  // an exact zero pivot: det is 0 (NumPy raises nothing)
          sign = from_real<T>(0);
          logdet = -static_cast<R>(INFINITY);
        } else {
          for (int i = 0; i < n; ++i) {
            T d = A[b * ms + i + int64_t{i} * ld];
            bool swap = ipiv[b * ld + i] != i + 1;
            if constexpr (Traits<T>::complex) {
              R mag = ::hypot(d.x, d.y);
              if (swap) sign = {-sign.x, -sign.y};
              R ux = d.x / mag, uy = d.y / mag;  // sign *= d / |d|
              sign = {sign.x * ux - sign.y * uy, sign.x * uy + sign.y * ux};
              logdet += ::log(mag);
            } else {
              R mag = ::fabs(d);
              if (swap) sign = -sign;
              if (d < 0) sign = -sign;  // not d / |d|: an infinite pivot keeps its sign
              logdet += ::log(mag);
            }
          }
        }
        status[b] = 0;
        write<T>(sign_out.at(b), sign);
        write<R>(logdet_out.at(b), logdet);
      },
      j.st, kWhat);
}

/// Cholesky: L (or U) with the other triangle zero (args A, L).
template <class T>
void run_cholesky(Job& j, Scratch& s, cusolverDnHandle_t h) {
  const int n = j.i(j.a.n), ld = n < 1 ? 1 : n;
  const int64_t ms = stack_stride(ld, n);
  const cublasFillMode_t uplo = j.a.upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
  T* A = s.get<T>(j.batch * ms);
  load(j.st, j.in(0), j.batch, n, n, A, ld, ms);
  if (n == 0) return check(cudaMemsetAsync(j.status, 0, sizeof(int32_t) * j.batch, j.st), kWhat);
  if (batched(j.batch, n)) {
    T** pa = pointers(j.st, s, A, ms, j.batch);
    check(potrf_batched<T>(h, uplo, n, pa, ld, j.status, static_cast<int>(j.batch)), kWhat);
    return save(j.st, A, ld, ms, j.batch, n, n, j.in(1), j.a.upper ? kStrictLower : kStrictUpper);
  }
  int lwork = 0;
  lwork = checked_size(Lapack<T>::potrf_size(h, uplo, n, A, ld, &lwork), &lwork);
  T* work = s.get<T>(lwork);
  for (int64_t b = 0; b < j.batch; ++b) {
    check(Lapack<T>::potrf(h, uplo, n, A + b * ms, ld, work, lwork, j.status + b), kWhat);
  }
  save(j.st, A, ld, ms, j.batch, n, n, j.in(1), j.a.upper ? kStrictLower : kStrictUpper);
}

/// Eigh: args A, w, [v]; eigenvectors are v's columns.
template <class T>
void run_eigh(Job& j, Scratch& s, cusolverDnHandle_t h) {
  using R = typename Traits<T>::R;
  const int n = j.i(j.a.n), ld = n < 1 ? 1 : n;
  const int64_t ms = int64_t{ld} * n;
  const cublasFillMode_t uplo = j.a.upper ? CUBLAS_FILL_MODE_UPPER : CUBLAS_FILL_MODE_LOWER;
  const cusolverEigMode_t jobz =
      j.a.vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
  T* A = s.get<T>(j.batch * ms);
  R* w = s.get<R>(j.batch * ld);
  load(j.st, j.in(0), j.batch, n, n, A, ld, ms);
  if (n == 0) return check(cudaMemsetAsync(j.status, 0, sizeof(int32_t) * j.batch, j.st), kWhat);
  // LAPACK's syevd returns NaNs for an infinity (or a NaN: what it returns then depends on the
  // LAPACK build) in the triangle it reads, and no failure (NumPy's eigh then returns them);
  // cuSOLVER's solvers may report one instead, so such matrices get NaNs and a clean status
  // after the call.
  const int* nan_in =
      nan_flags(j.st, s, A, ld, ms, j.batch, n, n, j.a.upper ? kUpperTriangle : kLowerTriangle);
  if (j.batch >= kBatchedMin && n <= kJacobiOrder && j.batch <= INT_MAX) {
    // One call for the stack (matrices ld·n apart, eigenvalues ld apart, as ld == n).
    const int nb = static_cast<int>(j.batch);
    syevjInfo_t params = jacobi_params();
    int lwork = 0;
    lwork =
        checked_size(Lapack<T>::syevj_size(h, jobz, uplo, n, A, ld, w, &lwork, params, nb), &lwork);
    T* work = s.get<T>(lwork);
    check(Lapack<T>::syevj(h, jobz, uplo, n, A, ld, w, work, lwork, j.status, params, nb), kWhat);
  } else {
    int lwork = 0;
    lwork = checked_size(Lapack<T>::syevd_size(h, jobz, uplo, n, A, ld, w, &lwork), &lwork);
    T* work = s.get<T>(lwork);
    for (int64_t b = 0; b < j.batch; ++b) {
      check(
          Lapack<T>::syevd(h, jobz, uplo, n, A + b * ms, ld, w + b * ld, work, lwork, j.status + b),
          kWhat);
    }
  }
  // The Jacobi solver's info n+1 says it stopped at its sweep limit short of the machine
  // precision tolerance: after that many sweeps the eigenpairs are accurate to rounding, and
  // LAPACK (which has no such limit) would not fail, so it is not a failure here.
  int32_t* status = j.status;
  const bool vectors = j.a.vectors, jacobi = j.batch >= kBatchedMin && n <= kJacobiOrder;
  exec::Cuda::for_each_index(
      j.batch * ms,
      [=] __device__(int64_t idx) {
        int64_t b = idx / ms, e = idx % ms;
        if (jacobi && e == 0 && status[b] == n + 1) status[b] = 0;
        if (!nan_in[b]) return;
        if (e == 0) status[b] = 0;
        if (e < n) w[b * ld + e] = nan_value<R>();
        if (vectors) A[idx] = nan_value<T>();
      },
      j.st, kWhat);
  save_vector(j.st, w, ld, j.batch, n, j.in(1));
  if (j.a.vectors) save(j.st, A, ld, ms, j.batch, n, n, j.in(2));
}

/// QR: args A, then Q and R (Reduced, Complete), R (R) or h and tau (Raw).
template <class T>
void run_qr(Job& j, Scratch& s, cusolverDnHandle_t h) {
  const int m = j.i(j.a.m), n = j.i(j.a.n), k = m < n ? m : n, ld = m < 1 ? 1 : m;
  const QrMode mode = j.a.qr_mode;
  const int qc = mode == QrMode::Complete ? m : k;  // Q's columns
  const int rr = mode == QrMode::Complete ? m : k;  // R's rows
  const int64_t ms = int64_t{ld} * n, mq = int64_t{ld} * qc, mt = k < 1 ? 1 : k;
  T* A = s.get<T>(j.batch * ms);
  T* tau = s.get<T>(j.batch * mt);
  load(j.st, j.in(0), j.batch, m, n, A, ld, ms);
  int lwork = 0;
  lwork = checked_size(Lapack<T>::geqrf_size(h, m, n, A, ld, &lwork), &lwork);
  T* Q = nullptr;
  if (mode == QrMode::Reduced || mode == QrMode::Complete) {
    Q = s.get<T>(j.batch * mq);
    if (m > 0 && qc > 0 && k > 0) {
      int lq = 0;
      lq = checked_size(Lapack<T>::orgqr_size(h, m, qc, k, Q, ld, tau, &lq), &lq);
      lwork = lq > lwork ? lq : lwork;
    }
  }
  T* work = s.get<T>(lwork);
  int* info = s.get<int>(1);
  check(cudaMemsetAsync(j.status, 0, sizeof(int32_t) * j.batch, j.st), kWhat);
  if (k > 0) {
    for (int64_t b = 0; b < j.batch; ++b) {
      check(Lapack<T>::geqrf(h, m, n, A + b * ms, ld, tau + b * mt, work, lwork, info), kWhat);
    }
  }
  if (mode == QrMode::Raw) {  // h is A's column-major buffer read as an (n, m) row-major array
    save(j.st, A, ld, ms, j.batch, n, m, j.in(1), kKeep, true);
    save_vector(j.st, tau, mt, j.batch, k, j.in(2));
    return;
  }
  // R: the upper triangle of A's first rr rows (rows past m are zero: Complete with m < n
  // never has them, as rr = m).
  save(j.st, A, ld, ms, j.batch, rr, n, j.in(mode == QrMode::R ? 1 : 2), kStrictLower);
  if (mode == QrMode::R) return;
  identity(j.st, Q, ld, mq, j.batch, m, qc);
  const int cols = n < qc ? n : qc;
  exec::Cuda::for_each_index(
      j.batch * m * cols,
      [=] __device__(int64_t idx) {
        int64_t i = idx % m, t = idx / m, c = t % cols, b = t / cols;
        Q[b * mq + i + c * ld] = A[b * ms + i + c * ld];
      },
      j.st, kWhat);
  if (m > 0 && qc > 0 && k > 0) {  // no reflectors: Q is the identity set above
    for (int64_t b = 0; b < j.batch; ++b) {
      check(Lapack<T>::orgqr(h, m, qc, k, Q + b * mq, ld, tau + b * mt, work, lwork, info), kWhat);
    }
  }
  save(j.st, Q, ld, mq, j.batch, m, qc, j.in(1));
}

/// Svd (not hermitian): args A, s, [U, Vh], through the Jacobi SVD (gesvdj: any shape; one
/// gesvdjBatched call for a stack of matrices up to 32×32). cuSOLVER returns V; Vh is saved as
/// its conjugate transpose.
template <class T>
void run_svd(Job& j, Scratch& s, cusolverDnHandle_t h) {
  using R = typename Traits<T>::R;
  const int m = j.i(j.a.m), n = j.i(j.a.n), k = m < n ? m : n;
  const bool vectors = j.a.vectors;
  const int uc = vectors && j.a.full ? m : k, vr = vectors && j.a.full ? n : k;
  const int ldu = m < 1 ? 1 : m, ldv = n < 1 ? 1 : n, lda = ldu;
  const bool stack = j.batch >= kBatchedMin && m <= 32 && n <= 32 && j.batch <= INT_MAX;
  // Columns of the U and V buffers: all of them for the batched call (it has no economy mode).
  const int ucols = stack ? m : uc, vcols = stack ? n : vr;
  const int64_t ms = int64_t{lda} * n, mu = int64_t{ldu} * ucols, mv = int64_t{ldv} * vcols;
  const int64_t mk = k < 1 ? 1 : k;
  T* A = s.get<T>(j.batch * ms);
  R* S = s.get<R>(j.batch * mk);
  T* U = s.get<T>(j.batch * mu);
  T* V = s.get<T>(j.batch * mv);
  if (k == 0) {  // nothing to factor; NumPy's U and Vh are identities
    check(cudaMemsetAsync(j.status, 0, sizeof(int32_t) * j.batch, j.st), kWhat);
    if (!vectors) return;
    identity(j.st, U, ldu, mu, j.batch, m, uc);
    identity(j.st, V, ldv, mv, j.batch, n, vr);
    save(j.st, U, ldu, mu, j.batch, m, uc, j.in(2));
    return save(j.st, V, ldv, mv, j.batch, vr, n, j.in(3), kKeep, true, true);
  }
  load(j.st, j.in(0), j.batch, m, n, A, lda, ms);
  // LAPACK's gesdd refuses a matrix holding a NaN (info -4: NumPy's "SVD did not converge");
  // the Jacobi SVD may not, so such matrices are marked after the call (and those with an
  // infinity get NaNs, as from gesdd).
  const int* nan_in = nan_flags(j.st, s, A, lda, ms, j.batch, m, n, kAll);
  const cusolverEigMode_t jobz = vectors ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
  gesvdjInfo_t params = svd_params();
  int lwork = 0;
  if (stack) {
    const int nb = static_cast<int>(j.batch);
    lwork = checked_size(Lapack<T>::gesvdj_batched_size(h, jobz, m, n, A, lda, S, U, ldu, V, ldv,
                                                        &lwork, params, nb), &lwork);
    T* work = s.get<T>(lwork);
    check(Lapack<T>::gesvdj_batched(h, jobz, m, n, A, lda, S, U, ldu, V, ldv, work, lwork, j.status,
                                    params, nb),
          kWhat);
  } else {
    const int econ = vectors && j.a.full ? 0 : 1;
    lwork = checked_size(
        Lapack<T>::gesvdj_size(h, jobz, econ, m, n, A, lda, S, U, ldu, V, ldv, &lwork, params),
        &lwork);
    T* work = s.get<T>(lwork);
    for (int64_t b = 0; b < j.batch; ++b) {
      check(Lapack<T>::gesvdj(h, jobz, econ, m, n, A + b * ms, lda, S + b * mk, U + b * mu, ldu,
                              V + b * mv, ldv, work, lwork, j.status + b, params),
            kWhat);
    }
  }
  // An infinity (and no NaN): LAPACK's gesdd returns NaN singular values and no failure
  // (NumPy then returns them); the Jacobi SVD's own status is overridden the same way.
  int32_t* status = j.status;
  exec::Cuda::for_each_index(
      j.batch,
      [=] __device__(int64_t b) {
        const int f = nan_in[b];
        if (f & kHasNan) {
          status[b] = -4;
        } else if (!f && status[b] == k + 1) {
          // The Jacobi SVD stopped at its sweep limit short of the machine-precision
          // tolerance: accurate to rounding after that many sweeps, and gesdd would not fail.
          status[b] = 0;
        } else if (f) {
          status[b] = 0;
          for (int64_t e = 0; e < k; ++e) S[b * mk + e] = nan_value<R>();
          if (vectors) {
            for (int64_t e = 0; e < mu; ++e) U[b * mu + e] = nan_value<T>();
            for (int64_t e = 0; e < mv; ++e) V[b * mv + e] = nan_value<T>();
          }
        }
      },
      j.st, kWhat);
  save_vector(j.st, S, mk, j.batch, k, j.in(1));
  if (!vectors) return;
  save(j.st, U, ldu, mu, j.batch, m, uc, j.in(2));
  // Vh (vr × n): Vh(i, c) = conj(V(c, i)), V's buffer read row by row.
  save(j.st, V, ldv, mv, j.batch, vr, n, j.in(3), kKeep, true, true);
}

template <class T>
void run_typed(Job& j) {
  Scratch s("linalg scratch");
  linalg_cuda::Solver solver(j.st, kWhat);
  switch (j.a.op) {
    case DecompOp::Solve:
    case DecompOp::Inv:
      return run_solve<T>(j, s, solver.h);
    case DecompOp::Slogdet:
      return run_slogdet<T>(j, s, solver.h);
    case DecompOp::Cholesky:
      return run_cholesky<T>(j, s, solver.h);
    case DecompOp::Eigh:
      return run_eigh<T>(j, s, solver.h);
    case DecompOp::Qr:
      return run_qr<T>(j, s, solver.h);
    case DecompOp::Svd:
      return run_svd<T>(j, s, solver.h);
    default:
      throw runtime::GpuError("linalg: this decomposition has no GPU variant");
  }
}

}  // namespace

bool decomp_cuda_supports(const runtime::Launch& l) {
  const auto& a = l.scalars.get<DecompArgs>();
  switch (a.op) {
    case DecompOp::Solve:
    case DecompOp::Inv:
    case DecompOp::Slogdet:
    case DecompOp::Cholesky:
    case DecompOp::Eigh:
    case DecompOp::Qr:
      break;
    case DecompOp::Svd:
      if (a.hermitian) return false;  // through syevd and a sort by |w|: on the CPU
      break;
    default:
      return false;  // eig, lstsq: LAPACK on the CPU
  }
  for (const auto& arg : l.args) {
    if (arg.store.ndim() - a.batch_ndim > 2 || a.batch_ndim > Mat::kDims) return false;
  }
  // cuSOLVER's legacy API takes 32-bit sizes; the op already refuses larger matrices.
  return a.m <= INT_MAX && a.n <= INT_MAX && a.k <= INT_MAX && a.m * (a.n < 1 ? 1 : a.n) <= INT_MAX;
}

void decomp_body_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<DecompArgs>();
  int nargs = static_cast<int>(ctx.launch->args.size());
  int64_t batch = a.batch;
  if (a.batch_ndim > 0) {  // the launch's one point covers the whole stack
    batch = ctx.rows();
    for (int d = 1; d < a.batch_ndim; ++d) batch *= ctx.store(0).shape[d];
  }
  if (batch <= 0) return;
  Job j{ctx, a, exec::Cuda::stream(ctx), batch, reinterpret_cast<int32_t*>(ctx.base[nargs - 1])};
  switch (a.dtype) {
    case DType::Float32:
      return run_typed<float>(j);
    case DType::Float64:
      return run_typed<double>(j);
    case DType::Complex64:
      return run_typed<cuComplex>(j);
    case DType::Complex128:
      return run_typed<cuDoubleComplex>(j);
    default:
      throw runtime::GpuError("linalg: no GPU variant for this dtype");
  }
}

}  // namespace tessera::kernels
