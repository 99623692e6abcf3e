// The decomposition task (Serial only; how a launch splits is in decomp.h): LAPACK through
// OpenBLAS (decomp_lapack.h). Each matrix is copied into a column-major scratch buffer, factored
// there, and its results copied back into the row-major outputs.
#include "kernels/linalg/decomp.h"

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <vector>

#include "kernels/linalg/decomp_lapack.h"

namespace tessera::kernels {

namespace {

using c64 = std::complex<float>;
using c128 = std::complex<double>;
using namespace lapack;  // NOLINT: the typed LAPACK entry points of decomp_lapack.h

/// Elements of an r×c scratch matrix (at least one, as LAPACK wants a valid pointer).
size_t cells(int r, int c) { return static_cast<size_t>(std::max(1, r)) * std::max(1, c); }

// ---- moving matrices between strided row-major arrays and column-major buffers --------------

/// One argument of the task: its base pointer and strides, with the batch dims in front.
struct Operand {
  char* base;
  const runtime::Store* store;
  int batch_ndim;

  /// The first element of matrix `b` of the stack (C order over the batch dims).
  char* at(int64_t b) const {
    int64_t off = 0;
    for (int d = batch_ndim - 1; d >= 0; --d) {
      int64_t ext = store->shape[d];
      off += (b % ext) * store->strides[d];
      b /= ext;
    }
    return base + off;
  }
  /// The stride in bytes of core dim `c` (0: rows, 1: columns).
  int64_t stride(int c) const { return store->strides[batch_ndim + c]; }
};

/// dst[i + j*ld] = src(i, j) for an r×c matrix.
template <class T>
void load(const Operand& src, int64_t b, int64_t r, int64_t c, T* dst, int64_t ld) {
  const char* p = src.at(b);
  int64_t sr = src.stride(0), sc = src.stride(1);
  for (int64_t j = 0; j < c; ++j) {
    for (int64_t i = 0; i < r; ++i)
      dst[i + j * ld] = *reinterpret_cast<const T*>(p + i * sr + j * sc);
  }
}

/// dst(i, j) = src[i + j*ld] for an r×c matrix.
template <class T>
void save(const T* src, int64_t ld, int64_t r, int64_t c, const Operand& dst, int64_t b) {
  char* p = dst.at(b);
  int64_t sr = dst.stride(0), sc = dst.stride(1);
  for (int64_t i = 0; i < r; ++i) {
    for (int64_t j = 0; j < c; ++j) *reinterpret_cast<T*>(p + i * sr + j * sc) = src[i + j * ld];
  }
}

/// dst(i, j) = src[i*ld + j] for an r×c matrix (a column-major buffer read transposed).
template <class T>
void save_rows(const T* src, int64_t ld, int64_t r, int64_t c, const Operand& dst, int64_t b) {
  char* p = dst.at(b);
  int64_t sr = dst.stride(0), sc = dst.stride(1);
  for (int64_t i = 0; i < r; ++i) {
    for (int64_t j = 0; j < c; ++j) *reinterpret_cast<T*>(p + i * sr + j * sc) = src[i * ld + j];
  }
}

/// dst[0..len) of a 1-D core (stride of core dim 0) from src.
template <class T>
void save_vector(const T* src, int64_t len, const Operand& dst, int64_t b) {
  char* p = dst.at(b);
  int64_t s = len > 1 ? dst.stride(0) : 0;  // a 0-d core (len 1) has no stride
  for (int64_t i = 0; i < len; ++i) *reinterpret_cast<T*>(p + i * s) = src[i];
}

template <class T>
void set_identity(T* a, int64_t r, int64_t c, int64_t ld) {
  for (int64_t j = 0; j < c; ++j) {
    for (int64_t i = 0; i < r; ++i) a[i + j * ld] = T(i == j ? 1 : 0);
  }
}

/// This point's part of the launch: its matrices (rows of the leading batch dim, when the
/// stack is split over points) and its slice of the status array.
struct Task {
  const DecompArgs& a;
  std::vector<Operand> ops;
  int32_t* status;
  int64_t batch;  // matrices in this point

  Task(runtime::TaskContext& ctx, const DecompArgs& args) : a(args), batch(args.batch) {
    int nargs = static_cast<int>(ctx.launch->args.size());
    for (int i = 0; i < nargs; ++i) ops.push_back({ctx.base[i], &ctx.store(i), a.batch_ndim});
    status = reinterpret_cast<int32_t*>(ctx.base[nargs - 1]);
    if (a.batch_ndim > 0) {  // Aligned arguments: ctx.base is at row ctx.lo of the batch
      batch = ctx.rows();
      for (int d = 1; d < a.batch_ndim; ++d) batch *= ctx.store(0).shape[d];
    }
    std::feclearexcept(FE_INVALID);
  }
  /// A matrix's status: LAPACK's info; for Solve and Inv also 1 when an invalid operation (a
  /// NaN) was raised since the last call, as NumPy's solve and inv raise "Singular matrix" then.
  /// (Other ops do not: whether LAPACK raises the flag there differs between builds.)
  int32_t outcome(int info) const {
    bool invalid = std::fetestexcept(FE_INVALID);
    std::feclearexcept(FE_INVALID);
    bool flagged = invalid && (a.op == DecompOp::Solve || a.op == DecompOp::Inv);
    return info != 0 ? info : flagged ? 1 : 0;
  }
  int i(int64_t v) const { return static_cast<int>(v); }
};

// ---- the operations ---------------------------------------------------------------------------

/// Solve: X = A⁻¹B (args A, B, X); Inv: X = A⁻¹ (args A, X).
template <class T>
void run_solve(Task& t) {
  const int n = t.i(t.a.n), k = t.a.op == DecompOp::Inv ? n : t.i(t.a.k);
  const int ld = std::max(1, n);
  std::vector<T> A(cells(ld, n)), B(cells(ld, k));
  std::vector<int> ipiv(ld);
  const Operand& X = t.ops[t.a.op == DecompOp::Inv ? 1 : 2];
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, n, n, A.data(), ld);
    if (t.a.op == DecompOp::Inv) {
      set_identity(B.data(), n, n, ld);
    } else {
      load(t.ops[1], b, n, k, B.data(), ld);
    }
    int info = 0;
    if (n > 0 && k > 0) gesv(n, k, A.data(), ipiv.data(), B.data(), ld, &info);
    t.status[b] = t.outcome(info);
    save(B.data(), ld, n, k, X, b);
  }
}

/// Slogdet: sign and log|det| from the LU factors (args A, sign, logdet).
template <class T>
void run_slogdet(Task& t) {
  using R = Real<T>;
  const int n = t.i(t.a.n), ld = std::max(1, n);
  std::vector<T> A(cells(ld, ld));
  std::vector<int> ipiv(ld);
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, n, n, A.data(), ld);
    int info = 0;
    if (n > 0) getrf(n, A.data(), ipiv.data(), &info);
    T sign = T(1);
    R logdet = 0;
    if (info > 0) {  // an exact zero pivot: det is 0 (NumPy raises nothing)
      sign = T(0);
      logdet = -std::numeric_limits<R>::infinity();
    } else {
      for (int i = 0; i < n; ++i) {
        T d = A[i + i * ld];
        R mag = std::abs(d);
        if (ipiv[i] != i + 1) sign = -sign;
        if constexpr (kComplex<T>) {
          sign *= d / mag;
        } else if (d < 0) {
          sign = -sign;  // not d / |d|: an infinite pivot keeps its sign (NumPy)
        }
        logdet += std::log(mag);
      }
    }
    t.status[b] = 0;
    save_vector(&sign, 1, t.ops[1], b);
    save_vector(&logdet, 1, t.ops[2], b);
  }
}

/// Cholesky: L (or U) with the other triangle zero (args A, L).
template <class T>
void run_cholesky(Task& t) {
  const int n = t.i(t.a.n), ld = std::max(1, n);
  std::vector<T> A(cells(ld, ld));
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, n, n, A.data(), ld);
    int info = 0;
    if (n > 0) potrf(t.a.upper ? 'U' : 'L', n, A.data(), &info);
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < n; ++i) {
        if (t.a.upper ? i > j : i < j) A[i + j * ld] = T(0);
      }
    }
    t.status[b] = t.outcome(info);
    save(A.data(), ld, n, n, t.ops[1], b);
  }
}

/// QR: args A, then Q and R (Reduced, Complete), R (R) or h and tau (Raw).
template <class T>
void run_qr(Task& t) {
  const int m = t.i(t.a.m), n = t.i(t.a.n), k = std::min(m, n), ld = std::max(1, m);
  const QrMode mode = t.a.qr_mode;
  const int qc = mode == QrMode::Complete ? m : k;  // Q's columns
  const int rr = mode == QrMode::Complete ? m : k;  // R's rows
  std::vector<T> A(cells(ld, n)), Q(cells(ld, qc)), tau(std::max(1, k));
  std::vector<T> R(cells(rr, n));
  T query = T(0);
  int info = 0;
  geqrf(m, n, A.data(), tau.data(), &query, -1, &info);
  int lwork = work_size(query);
  if (mode == QrMode::Reduced || mode == QrMode::Complete) {
    orgqr(m, qc, k, Q.data(), tau.data(), &query, -1, &info);
    lwork = std::max(lwork, work_size(query));
  }
  std::vector<T> work(lwork);
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, m, n, A.data(), ld);
    if (k > 0) geqrf(m, n, A.data(), tau.data(), work.data(), lwork, &info);
    t.status[b] = t.outcome(info);
    if (mode == QrMode::Raw) {  // h is A's column-major buffer read as an (n, m) row-major array
      save_rows(A.data(), ld, n, m, t.ops[1], b);
      save_vector(tau.data(), k, t.ops[2], b);
      continue;
    }
    const int ldr = std::max(1, rr);
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < rr; ++i) R[i + j * ldr] = i <= j && i < m ? A[i + j * ld] : T(0);
    }
    save(R.data(), ldr, rr, n, t.ops[mode == QrMode::R ? 1 : 2], b);
    if (mode == QrMode::R) continue;
    set_identity(Q.data(), m, qc, ld);
    for (int j = 0; j < std::min(n, qc); ++j) {
      for (int i = 0; i < m; ++i) Q[i + j * ld] = A[i + j * ld];
    }
    if (m > 0 && qc > 0) orgqr(m, qc, k, Q.data(), tau.data(), work.data(), lwork, &info);
    if (int32_t failed = t.outcome(info)) t.status[b] = failed;
    save(Q.data(), ld, m, qc, t.ops[1], b);
  }
}

/// syevd/heevd on n×n matrices (leading dimension max(1, n)) with workspaces sized once for
/// the whole stack: `run` overwrites A with the eigenvectors (jobz 'V') and fills w.
template <class T>
struct Syevd {
  using R = Real<T>;
  char jobz, uplo;
  int n, lwork = 0, lrwork = 0, liwork = 0;
  std::vector<T> work;
  std::vector<R> rwork;
  std::vector<int> iwork;

  Syevd(char jobz_, char uplo_, int n_, T* A, R* w) : jobz(jobz_), uplo(uplo_), n(n_) {
    T wq = T(0);
    R rq = 0;
    int iq = 0, info = 0;
    syevd(jobz, uplo, n, A, w, &wq, -1, &rq, -1, &iq, -1, &info);
    lwork = work_size(wq);
    lrwork = work_size(rq);
    liwork = std::max(1, iq);
    work.resize(lwork);
    rwork.resize(lrwork);
    iwork.resize(liwork);
  }

  /// LAPACK's info (0 for an empty matrix).
  int run(T* A, R* w) {
    int info = 0;
    if (n > 0) {
      syevd(jobz, uplo, n, A, w, work.data(), lwork, rwork.data(), lrwork, iwork.data(), liwork,
            &info);
    }
    return info;
  }
};

/// Eigh: args A, w, [v]; eigenvectors are v's columns.
template <class T>
void run_eigh(Task& t) {
  using R = Real<T>;
  const int n = t.i(t.a.n), ld = std::max(1, n);
  std::vector<T> A(cells(ld, ld));
  std::vector<R> w(ld);
  Syevd<T> eig(t.a.vectors ? 'V' : 'N', t.a.upper ? 'U' : 'L', n, A.data(), w.data());
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, n, n, A.data(), ld);
    t.status[b] = t.outcome(eig.run(A.data(), w.data()));
    save_vector(w.data(), n, t.ops[1], b);
    if (t.a.vectors) save(A.data(), ld, n, n, t.ops[2], b);
  }
}

/// Svd: args A, s, [U, Vh].
template <class T>
void run_svd(Task& t) {
  using R = Real<T>;
  const int m = t.i(t.a.m), n = t.i(t.a.n), k = std::min(m, n), mx = std::max(m, n);
  const char jobz = !t.a.vectors ? 'N' : t.a.full ? 'A' : 'S';
  const int uc = jobz == 'A' ? m : k, vr = jobz == 'A' ? n : k;  // U's columns, Vh's rows
  const int lda = std::max(1, m), ldu = std::max(1, m), ldvt = std::max(1, vr);
  std::vector<T> A(cells(lda, n)), U(cells(ldu, uc)), VT(cells(ldvt, n));
  std::vector<R> s(std::max(1, k));
  // LAPACK 3.7's bound on rwork (complex only), whatever jobz.
  const int64_t lrwork = std::max<int64_t>({1, 7 * int64_t{k}, 5 * int64_t{k} * k + 5 * k,
                                            2 * int64_t{mx} * k + 2 * int64_t{k} * k + k});
  std::vector<R> rwork(kComplex<T> ? lrwork : 1);
  std::vector<int> iwork(std::max(1, 8 * k));
  T wq = T(0);
  int info = 0;
  gesdd(jobz, m, n, A.data(), s.data(), U.data(), ldu, VT.data(), ldvt, &wq, -1, rwork.data(),
        iwork.data(), &info);
  const int lwork = work_size(wq);
  std::vector<T> work(lwork);
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, m, n, A.data(), lda);
    info = 0;
    if (k > 0) {
      gesdd(jobz, m, n, A.data(), s.data(), U.data(), ldu, VT.data(), ldvt, work.data(), lwork,
            rwork.data(), iwork.data(), &info);
    } else {  // LAPACK returns at once for an empty matrix; NumPy's U and Vh are identities
      set_identity(U.data(), m, uc, ldu);
      set_identity(VT.data(), vr, n, ldvt);
    }
    t.status[b] = t.outcome(info);
    save_vector(s.data(), k, t.ops[1], b);
    if (!t.a.vectors) continue;
    save(U.data(), ldu, m, uc, t.ops[2], b);
    save(VT.data(), ldvt, vr, n, t.ops[3], b);
  }
}

/// Svd of a Hermitian matrix through its eigendecomposition (NumPy's hermitian=True): s = |w|
/// in descending order, U the matching eigenvectors, Vh = (U * sign(w))^H. Reads the lower
/// triangle only, as NumPy's eigh does. Args A, s, [U, Vh].
template <class T>
void run_svd_hermitian(Task& t) {
  using R = Real<T>;
  const int n = t.i(t.a.n), ld = std::max(1, n);
  std::vector<T> A(cells(ld, ld)), U(cells(ld, ld)), VT(cells(ld, ld));
  std::vector<R> w(ld), s(ld);
  std::vector<int> order(ld);
  Syevd<T> eig(t.a.vectors ? 'V' : 'N', 'L', n, A.data(), w.data());
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, n, n, A.data(), ld);
    t.status[b] = t.outcome(eig.run(A.data(), w.data()));
    for (int j = 0; j < n; ++j) order[j] = j;
    std::stable_sort(order.begin(), order.begin() + n,
                     [&](int x, int y) { return std::abs(w[x]) > std::abs(w[y]); });
    for (int j = 0; j < n; ++j) s[j] = std::abs(w[order[j]]);
    save_vector(s.data(), n, t.ops[1], b);
    if (!t.a.vectors) continue;
    for (int j = 0; j < n; ++j) {
      const R sign = std::signbit(w[order[j]]) ? R(-1) : R(1);
      for (int i = 0; i < n; ++i) {
        const T v = A[i + order[j] * ld];
        U[i + j * ld] = v;
        VT[j + i * ld] = conj(v) * sign;  // row j of Vh: column j of U, signed, conjugated
      }
    }
    save(U.data(), ld, n, n, t.ops[2], b);
    save(VT.data(), ld, n, n, t.ops[3], b);
  }
}

/// Eig: args A, w (complex), [v (complex)]. For real matrices a conjugate pair (wi > 0 first)
/// has vectors vr[:, j] ± i vr[:, j+1] (LAPACK's packing, unpacked as NumPy does).
template <class T>
void run_eig(Task& t) {
  using R = Real<T>;
  using C = std::complex<R>;
  const int n = t.i(t.a.n), ld = std::max(1, n);
  const char jobvr = t.a.vectors ? 'V' : 'N';
  std::vector<T> A(cells(ld, ld)), VR(cells(ld, ld));
  std::vector<C> w(ld), V(cells(ld, ld));
  std::vector<R> wr(ld), wi(ld), rwork(2 * ld);
  T wq = T(0);
  int info = 0;
  geev(jobvr, n, A.data(), w.data(), wr.data(), wi.data(), VR.data(), &wq, -1, rwork.data(), &info);
  const int lwork = work_size(wq);
  std::vector<T> work(lwork);
  for (int64_t b = 0; b < t.batch; ++b) {
    load(t.ops[0], b, n, n, A.data(), ld);
    info = 0;
    if (n > 0) {
      geev(jobvr, n, A.data(), w.data(), wr.data(), wi.data(), VR.data(), work.data(), lwork,
           rwork.data(), &info);
    }
    t.status[b] = t.outcome(info);
    if constexpr (!kComplex<T>) {
      for (int j = 0; j < n; ++j) w[j] = C(wr[j], wi[j]);
    }
    save_vector(w.data(), n, t.ops[1], b);
    if (!t.a.vectors) continue;
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < n; ++i) {
        if constexpr (kComplex<T>) {
          V[i + j * ld] = VR[i + j * ld];
        } else if (wi[j] == 0) {
          V[i + j * ld] = VR[i + j * ld];
        } else if (wi[j] > 0 && j + 1 < n) {
          V[i + j * ld] = C(VR[i + j * ld], VR[i + (j + 1) * ld]);
          V[i + (j + 1) * ld] = C(VR[i + j * ld], -VR[i + (j + 1) * ld]);
        }
      }
    }
    save(V.data(), ld, n, n, t.ops[2], b);
  }
}

/// Lstsq (2-D, k >= 1 right-hand sides): args A, B, x, resid, rank, s. resid holds the sums of
/// squared residuals when m > n and A has full rank (else zeros; the op then returns none).
template <class T>
void run_lstsq(Task& t) {
  using R = Real<T>;
  const int m = t.i(t.a.m), n = t.i(t.a.n), k = t.i(t.a.k), mn = std::min(m, n);
  const int lda = std::max(1, m), ldb = std::max({1, m, n});
  std::vector<T> A(cells(lda, n)), B(cells(ldb, k), T(0));
  std::vector<R> s(std::max(1, mn)), resid(std::max(1, k), R(0));
  load(t.ops[0], 0, m, n, A.data(), lda);
  load(t.ops[1], 0, m, k, B.data(), ldb);
  int rank = 0, info = 0, iq = 0;
  T wq = T(0);
  R rq = 0;
  const R rcond = static_cast<R>(t.a.rcond);
  if (mn > 0) {
    gelsd(m, n, k, A.data(), B.data(), ldb, s.data(), rcond, &rank, &wq, -1, &rq, &iq, &info);
    std::vector<T> work(work_size(wq));
    std::vector<R> rwork(work_size(rq));
    std::vector<int> iwork(std::max(1, iq));
    gelsd(m, n, k, A.data(), B.data(), ldb, s.data(), rcond, &rank, work.data(), work_size(wq),
          rwork.data(), iwork.data(), &info);
  } else {
    std::fill(B.begin(), B.end(), T(0));  // no equations or no unknowns: x = 0 (NumPy)
  }
  if (m > n && rank == n) {
    for (int j = 0; j < k; ++j) {
      for (int i = n; i < m; ++i) resid[j] += std::norm(B[i + j * ldb]);
    }
  }
  t.status[0] = t.outcome(info);
  save(B.data(), ldb, n, k, t.ops[2], 0);
  save_vector(resid.data(), k, t.ops[3], 0);
  const int32_t rank32 = rank;
  save_vector(&rank32, 1, t.ops[4], 0);
  save_vector(s.data(), mn, t.ops[5], 0);
}

template <class T>
void run_typed(Task& t) {
  switch (t.a.op) {
    case DecompOp::Solve:
    case DecompOp::Inv:
      return run_solve<T>(t);
    case DecompOp::Slogdet:
      return run_slogdet<T>(t);
    case DecompOp::Cholesky:
      return run_cholesky<T>(t);
    case DecompOp::Qr:
      return run_qr<T>(t);
    case DecompOp::Eigh:
      return run_eigh<T>(t);
    case DecompOp::Svd:
      return t.a.hermitian ? run_svd_hermitian<T>(t) : run_svd<T>(t);
    case DecompOp::Eig:
      return run_eig<T>(t);
    case DecompOp::Lstsq:
      return run_lstsq<T>(t);
  }
}

void serial_body(runtime::TaskContext& ctx) {
  Task t(ctx, ctx.scalars<DecompArgs>());
  switch (t.a.dtype) {
    case DType::Float32:
      return run_typed<float>(t);
    case DType::Float64:
      return run_typed<double>(t);
    case DType::Complex64:
      return run_typed<c64>(t);
    case DType::Complex128:
      return run_typed<c128>(t);
    default:
      break;  // the op converts every other dtype first
  }
}

}  // namespace

#if defined(TESSERA_HAVE_CUDA)
// decomp.cu: cuSOLVER for solve, inv, slogdet, cholesky, eigh, qr and svd.
void decomp_body_cuda(runtime::TaskContext& ctx);
bool decomp_cuda_supports(const runtime::Launch& launch);
#endif

const runtime::TaskVariants decomp_task = {
    "linalg", serial_body, nullptr,
#if defined(TESSERA_HAVE_CUDA)
    decomp_body_cuda, decomp_cuda_supports,
#endif
};

}  // namespace tessera::kernels
