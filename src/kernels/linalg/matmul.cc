// The matmul task's Serial variant, the BLAS calls and the loop for integer and bool dtypes.
#include <cblas.h>

#include <algorithm>
#include <mutex>

#include "kernels/linalg/matmul_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void matmul_body_omp(runtime::TaskContext& ctx);
#endif
#if defined(TESSERA_HAVE_CUDA)
// matmul.cu: cuBLAS for floating dtypes, a plain kernel for integers and bool.
void matmul_body_cuda(runtime::TaskContext& ctx);
bool matmul_cuda_supports(const runtime::Launch& launch);
#endif

namespace {

void serial_body(runtime::TaskContext& ctx) { matmul_body<exec::Serial>(ctx); }

/// C = A·B for dtypes without BLAS (NumPy's matmul loop for them is also a plain triple loop;
/// integers wrap, bool is OR of ANDs).
template <class T>
void loop_matmul(int64_t n, int64_t k, int64_t m, const char* A, const int64_t* sa,
                 const char* B, const int64_t* sb, char* C, const int64_t* sc) {
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < m; ++j) {
      T acc{};
      for (int64_t l = 0; l < k; ++l) {
        T x = *reinterpret_cast<const T*>(A + i * sa[0] + l * sa[1]);
        T y = *reinterpret_cast<const T*>(B + l * sb[0] + j * sb[1]);
        if constexpr (std::is_same_v<T, bool>) {
          acc = acc || (x && y);
        } else {
          // In uint64 so that overflow wraps (defined) as NumPy's integer loops do.
          acc = static_cast<T>(static_cast<uint64_t>(acc) +
                               static_cast<uint64_t>(x) * static_cast<uint64_t>(y));
        }
      }
      *reinterpret_cast<T*>(C + i * sc[0] + j * sc[1]) = acc;
    }
  }
}

template <class T>
void blas_gemm(const MatmulArgs& a, int64_t rows, const char* A, const int64_t* sa,
               const char* B, const int64_t* sb, char* C, const int64_t* sc) {
  constexpr int64_t isz = sizeof(T);
  BlasLayout la = blas_layout(rows, a.k, sa[0] / isz, sa[1] / isz);
  BlasLayout lb = blas_layout(a.k, a.m, sb[0] / isz, sb[1] / isz);
  const int64_t ldc = rows == 1 ? std::max<int64_t>(a.m, 1) : sc[0] / isz;
  auto ta = la.trans ? CblasTrans : CblasNoTrans, tb = lb.trans ? CblasTrans : CblasNoTrans;
  const T one = T(1), zero = T(0);
  const T *pa = reinterpret_cast<const T*>(A), *pb = reinterpret_cast<const T*>(B);
  T* pc = reinterpret_cast<T*>(C);
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    // Matrix times vector (jacobi, cg): gemv streams A once; gemm with one column does not.
    const int64_t incb = sb[0] / isz, incc = sc[0] / isz;
    if (a.m == 1 && rows > 0 && a.k > 0 && incb > 0 && incc > 0) {
      auto trans = la.trans ? CblasTrans : CblasNoTrans;
      const int64_t gm = la.trans ? a.k : rows, gn = la.trans ? rows : a.k;
      if constexpr (std::is_same_v<T, float>) {
        cblas_sgemv(CblasRowMajor, trans, gm, gn, one, pa, la.ld, pb, incb, zero, pc, incc);
      } else {
        cblas_dgemv(CblasRowMajor, trans, gm, gn, one, pa, la.ld, pb, incb, zero, pc, incc);
      }
      return;
    }
  }
  if constexpr (std::is_same_v<T, float>) {
    cblas_sgemm(CblasRowMajor, ta, tb, rows, a.m, a.k, one, pa, la.ld, pb, lb.ld, zero, pc, ldc);
  } else if constexpr (std::is_same_v<T, double>) {
    cblas_dgemm(CblasRowMajor, ta, tb, rows, a.m, a.k, one, pa, la.ld, pb, lb.ld, zero, pc, ldc);
  } else if constexpr (std::is_same_v<T, complex64>) {
    cblas_cgemm(CblasRowMajor, ta, tb, rows, a.m, a.k, &one, pa, la.ld, pb, lb.ld, &zero, pc,
                ldc);
  } else {
    cblas_zgemm(CblasRowMajor, ta, tb, rows, a.m, a.k, &one, pa, la.ld, pb, lb.ld, &zero, pc,
                ldc);
  }
}

}  // namespace

const runtime::TaskVariants matmul_task = {
    "matmul", serial_body,
#if defined(TESSERA_HAVE_OPENMP)
    matmul_body_omp,
#else
    nullptr,
#endif
#if defined(TESSERA_HAVE_CUDA)
    matmul_body_cuda,
    matmul_cuda_supports,
#endif
};

BlasLayout blas_layout(int64_t r, int64_t c, int64_t sr, int64_t sc) {
  // A dimension of extent 1 never moves, so its stride is free: choose the one BLAS accepts.
  if (sc == 1 || c == 1) {
    int64_t ld = r == 1 ? std::max<int64_t>(c, 1) : sr;
    if (ld >= std::max<int64_t>(c, 1)) return {true, false, ld};
  }
  if (sr == 1 || r == 1) {
    int64_t ld = c == 1 ? std::max<int64_t>(r, 1) : sc;
    if (ld >= std::max<int64_t>(r, 1)) return {true, true, ld};
  }
  return {};
}

void blas_init() {
  // The pthread OpenBLAS would start its own thread per core inside every point task, on top
  // of tessera's one worker per core: one BLAS thread per task keeps the machine at one thread
  // per core (the OpenMP variant splits rows over its group instead).
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

void run_matmul(const MatmulArgs& a, int64_t rows, const char* A, const int64_t* sa,
                const char* B, const int64_t* sb, char* C, const int64_t* sc) {
  switch (a.dtype) {
    case DType::Float32: return blas_gemm<float>(a, rows, A, sa, B, sb, C, sc);
    case DType::Float64: return blas_gemm<double>(a, rows, A, sa, B, sb, C, sc);
    case DType::Complex64: return blas_gemm<complex64>(a, rows, A, sa, B, sb, C, sc);
    case DType::Complex128: return blas_gemm<complex128>(a, rows, A, sa, B, sb, C, sc);
    case DType::Bool: return loop_matmul<bool>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::Int8: return loop_matmul<int8_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::UInt8: return loop_matmul<uint8_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::Int16: return loop_matmul<int16_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::UInt16: return loop_matmul<uint16_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::Int32: return loop_matmul<int32_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::UInt32: return loop_matmul<uint32_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::Int64: return loop_matmul<int64_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::UInt64: return loop_matmul<uint64_t>(rows, a.k, a.m, A, sa, B, sb, C, sc);
    case DType::Float16: break;  // computed in float32 by the op
  }
}

}  // namespace tessera::kernels
