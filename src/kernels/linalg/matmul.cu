// The matmul task's CUDA variant. Floating dtypes go through cuBLAS on the point's stream:
// row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ, so cuBLAS gets B first, each operand's
// transpose flag and leading dimension from blas_layout (the op copies any operand no layout
// fits). The batch dims that merge into one uniform stride (broadcast ones have stride 0) become
// one gemmStridedBatched call; the rest (rare: batch dims that do not merge) loop on the host.
// Integer and bool products run a plain kernel, one thread per element of C (integers wrap,
// bool is OR of ANDs), like the CPU's loop.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "kernels/linalg/linalg_cuda.cuh"
#include "kernels/linalg/matmul.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {

namespace {

using linalg_cuda::check;

constexpr const char* kWhat = "matmul";

/// The batch dims of a launch, merged where all three operands allow (byte strides).
struct Batch {
  struct Dim {
    int64_t extent, sa, sb, sc;
  };
  std::vector<Dim> dims;  // outermost first; empty for one product
  int64_t count() const {
    int64_t c = 1;
    for (const Dim& d : dims) c *= d.extent;
    return c;
  }
};

/// The batch dims of a launch (dim 0 has `rows0` entries in this point), merged.
Batch batch_of(const runtime::Launch& l, int64_t rows0) {
  const runtime::Store &A = l.args[0].store, &B = l.args[1].store, &C = l.args[2].store;
  int nd = C.ndim();
  Batch b;
  for (int d = 0; d < nd - 2; ++d) {
    int64_t ext = d == 0 ? rows0 : C.shape[d];
    if (ext == 1) continue;
    Batch::Dim x{ext, A.strides[d], B.strides[d], C.strides[d]};
    if (!b.dims.empty()) {
      Batch::Dim& o = b.dims.back();
      if (o.sa == x.sa * x.extent && o.sb == x.sb * x.extent && o.sc == x.sc * x.extent) {
        o = {o.extent * x.extent, x.sa, x.sb, x.sc};
        continue;
      }
    }
    b.dims.push_back(x);
  }
  return b;
}

bool fits_int(int64_t v) { return v >= 0 && v <= INT_MAX; }

/// The cuBLAS view of one product: layouts of A and B, C's leading dimension (elements).
struct Plan {
  bool ok = false;
  BlasLayout la, lb;
  int64_t ldc = 0;
};

Plan plan(const runtime::Launch& l, int64_t rows) {
  const auto& a = l.scalars.get<MatmulArgs>();
  const runtime::Store &A = l.args[0].store, &B = l.args[1].store, &C = l.args[2].store;
  int nd = C.ndim();
  int64_t isz = dtype_size(a.dtype);
  auto elems = [&](int64_t s, int64_t& out) {
    out = s / isz;
    return s % isz == 0;
  };
  int64_t a0, a1, b0, b1, c0, c1;
  Plan p;
  if (!elems(A.strides[nd - 2], a0) || !elems(A.strides[nd - 1], a1) ||
      !elems(B.strides[nd - 2], b0) || !elems(B.strides[nd - 1], b1) ||
      !elems(C.strides[nd - 2], c0) || !elems(C.strides[nd - 1], c1)) {
    return p;
  }
  p.la = blas_layout(rows, a.k, a0, a1);
  p.lb = blas_layout(a.k, a.m, b0, b1);
  BlasLayout lc = blas_layout(rows, a.m, c0, c1);
  p.ldc = lc.ld;
  p.ok = p.la.ok && p.lb.ok && lc.ok && !lc.trans && fits_int(rows) && fits_int(a.k) &&
         fits_int(a.m) && fits_int(p.la.ld) && fits_int(p.lb.ld) && fits_int(p.ldc);
  return p;
}

template <class T>
struct Cu;
template <>
struct Cu<float> {
  using type = float;
};
template <>
struct Cu<double> {
  using type = double;
};
template <>
struct Cu<complex64> {
  using type = cuComplex;
};
template <>
struct Cu<complex128> {
  using type = cuDoubleComplex;
};

template <class T>
typename Cu<T>::type scalar(double v) {
  if constexpr (std::is_same_v<T, complex64>) {
    return make_cuComplex(static_cast<float>(v), 0.f);
  } else if constexpr (std::is_same_v<T, complex128>) {
    return make_cuDoubleComplex(v, 0.0);
  } else {
    return static_cast<T>(v);
  }
}

/// `count` products C_i = A_i·B_i (i-th matrices `sa`, `sb`, `sc` elements apart).
template <class T>
void gemm(cublasHandle_t h, const Plan& p, int rows, int k, int m, const char* A, int64_t sa,
          const char* B, int64_t sb, char* C, int64_t sc, int count) {
  using U = typename Cu<T>::type;
  const U one = scalar<T>(1), zero = scalar<T>(0);
  const U* pa = reinterpret_cast<const U*>(A);
  const U* pb = reinterpret_cast<const U*>(B);
  U* pc = reinterpret_cast<U*>(C);
  // Column-major: Cᵀ (m × rows) = op(Bᵀ) (m × k) · op(Aᵀ) (k × rows).
  cublasOperation_t tb = p.lb.trans ? CUBLAS_OP_T : CUBLAS_OP_N;
  cublasOperation_t ta = p.la.trans ? CUBLAS_OP_T : CUBLAS_OP_N;
  int lda = static_cast<int>(p.la.ld), ldb = static_cast<int>(p.lb.ld);
  int ldc = static_cast<int>(p.ldc);
  if (count == 1) {
    if constexpr (std::is_same_v<T, float>) {
      check(cublasSgemm(h, tb, ta, m, rows, k, &one, pb, ldb, pa, lda, &zero, pc, ldc), kWhat);
    } else if constexpr (std::is_same_v<T, double>) {
      check(cublasDgemm(h, tb, ta, m, rows, k, &one, pb, ldb, pa, lda, &zero, pc, ldc), kWhat);
    } else if constexpr (std::is_same_v<T, complex64>) {
      check(cublasCgemm(h, tb, ta, m, rows, k, &one, pb, ldb, pa, lda, &zero, pc, ldc), kWhat);
    } else {
      check(cublasZgemm(h, tb, ta, m, rows, k, &one, pb, ldb, pa, lda, &zero, pc, ldc), kWhat);
    }
    return;
  }
  using LL = long long;
  if constexpr (std::is_same_v<T, float>) {
    check(cublasSgemmStridedBatched(h, tb, ta, m, rows, k, &one, pb, ldb, LL(sb), pa, lda, LL(sa),
                                    &zero, pc, ldc, LL(sc), count),
          kWhat);
  } else if constexpr (std::is_same_v<T, double>) {
    check(cublasDgemmStridedBatched(h, tb, ta, m, rows, k, &one, pb, ldb, LL(sb), pa, lda, LL(sa),
                                    &zero, pc, ldc, LL(sc), count),
          kWhat);
  } else if constexpr (std::is_same_v<T, complex64>) {
    check(cublasCgemmStridedBatched(h, tb, ta, m, rows, k, &one, pb, ldb, LL(sb), pa, lda, LL(sa),
                                    &zero, pc, ldc, LL(sc), count),
          kWhat);
  } else {
    check(cublasZgemmStridedBatched(h, tb, ta, m, rows, k, &one, pb, ldb, LL(sb), pa, lda, LL(sa),
                                    &zero, pc, ldc, LL(sc), count),
          kWhat);
  }
}

/// Matrix times vector (m == 1, one product): gemv streams A once.
template <class T>
bool gemv(cublasHandle_t h, const Plan& p, int rows, int k, const char* A, const char* B,
          int64_t incb, char* C, int64_t incc) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    if (incb <= 0 || incc <= 0 || !fits_int(incb) || !fits_int(incc)) return false;
    const T one = 1, zero = 0;
    const T* pa = reinterpret_cast<const T*>(A);
    const T* pb = reinterpret_cast<const T*>(B);
    T* pc = reinterpret_cast<T*>(C);
    // A row-major (rows × k, not transposed) is column-major Aᵀ (k × rows): y = (Aᵀ)ᵀ x.
    cublasOperation_t op = p.la.trans ? CUBLAS_OP_N : CUBLAS_OP_T;
    int gm = p.la.trans ? rows : k, gn = p.la.trans ? k : rows;
    int lda = static_cast<int>(p.la.ld), ib = static_cast<int>(incb), ic = static_cast<int>(incc);
    if constexpr (std::is_same_v<T, float>) {
      check(cublasSgemv(h, op, gm, gn, &one, pa, lda, pb, ib, &zero, pc, ic), kWhat);
    } else {
      check(cublasDgemv(h, op, gm, gn, &one, pa, lda, pb, ib, &zero, pc, ic), kWhat);
    }
    return true;
  }
  return false;
}

/// Row times column (rows == m == 1): cuBLAS's dot, its result written on the GPU. gemv with one
/// output ran on one block of the GPU (35 µs for 12100 elements: a conjugate gradient's two dots
/// per iteration cost more than its matrix-vector product's margin over CuPy).
template <class T>
bool dot(cublasHandle_t h, int k, const char* A, int64_t inca, const char* B, int64_t incb,
         char* C) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    if (inca <= 0 || incb <= 0 || !fits_int(inca) || !fits_int(incb)) return false;
    const T* pa = reinterpret_cast<const T*>(A);
    const T* pb = reinterpret_cast<const T*>(B);
    T* pc = reinterpret_cast<T*>(C);
    int ia = static_cast<int>(inca), ib = static_cast<int>(incb);
    check(cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE), kWhat);
    cublasStatus_t st;
    if constexpr (std::is_same_v<T, float>) {
      st = cublasSdot(h, k, pa, ia, pb, ib, pc);
    } else {
      st = cublasDdot(h, k, pa, ia, pb, ib, pc);
    }
    check(cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST), kWhat);  // gemm/gemv's scalars
    check(st, kWhat);
    return true;
  }
  return false;
}

template <class T>
void blas_body(runtime::TaskContext& ctx, const MatmulArgs& a, int64_t rows, const Batch& b,
               const Plan& p) {
  const runtime::Launch& l = *ctx.launch;
  int nd = l.args[2].store.ndim();
  const int64_t isz = sizeof(T);
  linalg_cuda::Blas blas(exec::Cuda::stream(ctx), kWhat);
  const int r = static_cast<int>(rows), k = static_cast<int>(a.k), m = static_cast<int>(a.m);
  if (b.dims.empty()) {
    if (m == 1 && r == 1 && k > 0 &&
        dot<T>(blas.h, k, ctx.base[0], l.args[0].store.strides[nd - 1] / isz, ctx.base[1],
               l.args[1].store.strides[nd - 2] / isz, ctx.base[2])) {
      return;
    }
    if (m == 1 && r > 0 && k > 0 &&
        gemv<T>(blas.h, p, r, k, ctx.base[0], ctx.base[1], l.args[1].store.strides[nd - 2] / isz,
                ctx.base[2], rows == 1 ? 1 : l.args[2].store.strides[nd - 2] / isz)) {
      return;
    }
    return gemm<T>(blas.h, p, r, k, m, ctx.base[0], 0, ctx.base[1], 0, ctx.base[2], 0, 1);
  }
  // The innermost merged batch dim is one strided-batched call (in chunks of INT_MAX), the
  // outer ones loop here.
  const Batch::Dim& in = b.dims.back();
  int64_t outer = b.count() / in.extent;
  for (int64_t o = 0; o < outer; ++o) {
    int64_t off[3] = {0, 0, 0}, rest = o;
    for (int d = static_cast<int>(b.dims.size()) - 2; d >= 0; --d) {
      int64_t i = rest % b.dims[d].extent;
      rest /= b.dims[d].extent;
      off[0] += i * b.dims[d].sa;
      off[1] += i * b.dims[d].sb;
      off[2] += i * b.dims[d].sc;
    }
    for (int64_t first = 0; first < in.extent; first += INT_MAX) {
      int count = static_cast<int>(std::min<int64_t>(INT_MAX, in.extent - first));
      gemm<T>(blas.h, p, r, k, m, ctx.base[0] + off[0] + first * in.sa, in.sa / isz,
              ctx.base[1] + off[1] + first * in.sb, in.sb / isz,
              ctx.base[2] + off[2] + first * in.sc, in.sc / isz, count);
    }
  }
}

// ---- integer and bool products ------------------------------------------------------------

/// Every product of the launch for the plain kernel: batch dims (unmerged, up to 14) and the
/// core strides, all in bytes.
struct LoopSpace {
  static constexpr int kDims = 14;
  int nb = 0;
  int64_t shape[kDims] = {};
  int64_t sa[kDims] = {}, sb[kDims] = {}, sc[kDims] = {};
  int64_t rows = 0, k = 0, m = 0;
  int64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0;
  const char* A = nullptr;
  const char* B = nullptr;
  char* C = nullptr;
};

template <class T>
void loop_body(runtime::TaskContext& ctx, const LoopSpace& s, int64_t total) {
  exec::Cuda::for_each_index(
      total,
      [=] __device__(int64_t idx) {
        int64_t j = idx % s.m, t = idx / s.m;
        int64_t i = t % s.rows;
        t /= s.rows;
        const char* A = s.A + i * s.a0;
        const char* B = s.B + j * s.b1;
        char* C = s.C + i * s.c0 + j * s.c1;
        for (int d = s.nb - 1; d >= 0; --d) {
          int64_t x = t % s.shape[d];
          t /= s.shape[d];
          A += x * s.sa[d];
          B += x * s.sb[d];
          C += x * s.sc[d];
        }
        T acc{};
        for (int64_t l = 0; l < s.k; ++l) {
          T x = *reinterpret_cast<const T*>(A + l * s.a1);
          T y = *reinterpret_cast<const T*>(B + l * s.b0);
          if constexpr (std::is_same_v<T, bool>) {
            acc = acc || (x && y);
          } else {  // in uint64, so that overflow wraps as NumPy's integer loops do
            acc = static_cast<T>(static_cast<uint64_t>(acc) +
                                 static_cast<uint64_t>(x) * static_cast<uint64_t>(y));
          }
        }
        *reinterpret_cast<T*>(C) = acc;
      },
      exec::Cuda::stream(ctx), kWhat);
}

}  // namespace

bool matmul_cuda_supports(const runtime::Launch& l) {
  const auto& a = l.scalars.get<MatmulArgs>();
  int nd = l.args[2].store.ndim();
  int64_t rows = nd == 2 ? l.domain[0] : a.n;
  if (!a.blas) {
    return a.dtype != DType::Float16 && nd - 2 <= LoopSpace::kDims;
  }
  return plan(l, rows).ok;
}

void matmul_body_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<MatmulArgs>();
  const runtime::Launch& l = *ctx.launch;
  int nd = l.args[2].store.ndim();
  // A 2-D product's points split C's rows; a batched one's split the leading batch dim.
  int64_t rows = nd == 2 ? ctx.rows() : a.n;
  Batch b = batch_of(l, nd == 2 ? 1 : ctx.rows());
  if (rows <= 0 || a.m <= 0 || b.count() <= 0) return;
  if (a.blas) {
    Plan p = plan(l, rows);
    if (!p.ok) throw runtime::GpuError("matmul: no cuBLAS layout fits the operands' strides");
    switch (a.dtype) {
      case DType::Float32:
        return blas_body<float>(ctx, a, rows, b, p);
      case DType::Float64:
        return blas_body<double>(ctx, a, rows, b, p);
      case DType::Complex64:
        return blas_body<complex64>(ctx, a, rows, b, p);
      default:
        return blas_body<complex128>(ctx, a, rows, b, p);
    }
  }
  LoopSpace s;
  const runtime::Store &A = l.args[0].store, &B = l.args[1].store, &C = l.args[2].store;
  s.nb = nd - 2;
  for (int d = 0; d < s.nb; ++d) {
    s.shape[d] = d == 0 ? ctx.rows() : C.shape[d];
    s.sa[d] = A.strides[d];
    s.sb[d] = B.strides[d];
    s.sc[d] = C.strides[d];
  }
  s.rows = rows;
  s.k = a.k;
  s.m = a.m;
  s.a0 = A.strides[nd - 2];
  s.a1 = A.strides[nd - 1];
  s.b0 = B.strides[nd - 2];
  s.b1 = B.strides[nd - 1];
  s.c0 = C.strides[nd - 2];
  s.c1 = C.strides[nd - 1];
  s.A = ctx.base[0];
  s.B = ctx.base[1];
  s.C = ctx.base[2];
  int64_t total = b.count() * rows * a.m;
  switch (a.dtype) {
    case DType::Bool:
      return loop_body<bool>(ctx, s, total);
    case DType::Int8:
      return loop_body<int8_t>(ctx, s, total);
    case DType::UInt8:
      return loop_body<uint8_t>(ctx, s, total);
    case DType::Int16:
      return loop_body<int16_t>(ctx, s, total);
    case DType::UInt16:
      return loop_body<uint16_t>(ctx, s, total);
    case DType::Int32:
      return loop_body<int32_t>(ctx, s, total);
    case DType::UInt32:
      return loop_body<uint32_t>(ctx, s, total);
    case DType::Int64:
      return loop_body<int64_t>(ctx, s, total);
    case DType::UInt64:
      return loop_body<uint64_t>(ctx, s, total);
    default:
      throw runtime::GpuError("matmul: no GPU loop for this dtype");
  }
}

}  // namespace tessera::kernels
