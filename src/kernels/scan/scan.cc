// The typed scan loops (one table per op and dtype) and the Serial variants of the scan tasks.
// Sums and products are rounded one by one, as NumPy's accumulate loops do: no fma contraction
// (see kernels/elementwise/loop.h; this must precede every #include).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off", "no-tree-slp-vectorize")
#endif

#include "kernels/scan/scan.h"

#include <array>
#include <complex>
#include <type_traits>

#include "kernels/scan/scan_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void scan_lines_omp(runtime::TaskContext& ctx);
void scan_blocks_omp(runtime::TaskContext& ctx);
void scan_offsets_omp(runtime::TaskContext& ctx);
#endif
#if defined(TESSERA_HAVE_CUDA)
// scan.cu
void scan_lines_cuda(runtime::TaskContext& ctx);
bool scan_lines_cuda_supports(const runtime::Launch& l);
void scan_blocks_cuda(runtime::TaskContext& ctx);
void scan_offsets_cuda(runtime::TaskContext& ctx);
#define TESSERA_SCAN_CUDA(f) f
#else
#define TESSERA_SCAN_CUDA(f) nullptr
#endif

namespace {

template <class T>
struct IsComplex : std::false_type {};
template <class F>
struct IsComplex<std::complex<F>> : std::true_type {};

/// a + b as NumPy's add loop computes it: integers wrap, bool is `or`, float16 rounds each step.
template <class T>
T add(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  } else if constexpr (std::is_same_v<T, float16>) {
    return static_cast<T>(static_cast<float>(a) + static_cast<float>(b));
  } else {
    return a + b;
  }
}

/// a * b as NumPy's multiply.accumulate computes it: its scalar loop, the plain complex formula
/// rounded term by term (not the fused one of its SIMD loop; no C99 Annex G recovery).
template <class T>
T mul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a && b;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  } else if constexpr (std::is_same_v<T, float16>) {
    return static_cast<T>(static_cast<float>(a) * static_cast<float>(b));
  } else if constexpr (IsComplex<T>::value) {
    // Each product is kept rounded: GCC 12's loop vectoriser otherwise builds fmaddsub from
    // this formula even under fp-contract=off.
    using R = typename T::value_type;
    volatile R rr = a.real() * b.real(), ii = a.imag() * b.imag();
    volatile R ri = a.real() * b.imag(), ir = a.imag() * b.real();
    return T(rr - ii, ri + ir);
  } else {
    return a * b;
  }
}

template <class T, ScanOp Op>
struct Loops {
  static T op(T a, T b) { return Op == ScanOp::Add ? add(a, b) : mul(a, b); }
  static T at(const char* p) { return *reinterpret_cast<const T*>(p); }
  static T& at(char* p) { return *reinterpret_cast<T*>(p); }

  static void line(char* p, int64_t n, int64_t stride, char* total) {
    T acc = Op == ScanOp::Add ? T(0) : T(1);
    if (n > 0) acc = at(p);
    for (int64_t i = 1; i < n; ++i) {
      char* q = p + i * stride;
      acc = op(acc, at(q));
      at(q) = acc;
    }
    at(total) = acc;
  }
  static void step(char* cur, const char* prev, int64_t n, int64_t stride) {
    for (int64_t i = 0; i < n; ++i) {
      at(cur + i * stride) = op(at(prev + i * stride), at(cur + i * stride));
    }
  }
  static void offset(char* p, int64_t n, int64_t stride, const char* off) {
    T o = at(off);
    for (int64_t i = 0; i < n; ++i) at(p + i * stride) = op(o, at(p + i * stride));
  }
  static void combine(char* acc, const char* x) { at(acc) = op(at(acc), at(x)); }
  static void identity(char* out) { at(out) = Op == ScanOp::Add ? T(0) : T(1); }

  static constexpr ScanFns fns{line, step, offset, combine, identity};
};

constexpr int kNumDTypes = static_cast<int>(DType::Complex128) + 1;

template <ScanOp Op>
constexpr std::array<ScanFns, kNumDTypes> table() {
  return {
#define TESSERA_X(e, t, n, c, k) Loops<t, Op>::fns,
      TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  };
}

constexpr auto kAdd = table<ScanOp::Add>();
constexpr auto kMultiply = table<ScanOp::Multiply>();

void scan_lines_serial(runtime::TaskContext& ctx) { scan_lines_body<exec::Serial>(ctx); }
void scan_blocks_serial(runtime::TaskContext& ctx) { scan_blocks_body<exec::Serial>(ctx); }
void scan_offsets_serial(runtime::TaskContext& ctx) { scan_offsets_body<exec::Serial>(ctx); }

#if defined(TESSERA_HAVE_OPENMP)
#define TESSERA_SCAN_OMP(f) f
#else
#define TESSERA_SCAN_OMP(f) nullptr
#endif

}  // namespace

const ScanFns& scan_fns(ScanOp op, DType dtype) {
  const auto& t = op == ScanOp::Add ? kAdd : kMultiply;
  return t[static_cast<int>(dtype)];
}

const runtime::TaskVariants scan_lines_task = {
    "scan", scan_lines_serial, TESSERA_SCAN_OMP(scan_lines_omp), TESSERA_SCAN_CUDA(scan_lines_cuda),
    TESSERA_SCAN_CUDA(scan_lines_cuda_supports)};
const runtime::TaskVariants scan_blocks_task = {"scan", scan_blocks_serial,
                                                TESSERA_SCAN_OMP(scan_blocks_omp),
                                                TESSERA_SCAN_CUDA(scan_blocks_cuda)};
const runtime::TaskVariants scan_offsets_task = {"scan", scan_offsets_serial,
                                                 TESSERA_SCAN_OMP(scan_offsets_omp),
                                                 TESSERA_SCAN_CUDA(scan_offsets_cuda)};

}  // namespace tessera::kernels
