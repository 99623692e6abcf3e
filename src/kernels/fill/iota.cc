#include <algorithm>
#include <cstring>

#include "kernels/elementwise/ufunc.h"
#include "kernels/fill/iota_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void iota_body_omp(runtime::TaskContext& ctx);
#endif
#if defined(TESSERA_HAVE_CUDA)
void iota_cuda(runtime::TaskContext& ctx);  // iota.cu
#endif

namespace {

void serial_body(runtime::TaskContext& ctx) { iota_body<exec::Serial>(ctx); }

template <class T>
void fill_values(const IotaArgs& a, int64_t first, int64_t n, T* buf) {
  T start, step;
  std::memcpy(&start, a.start, sizeof(T));
  std::memcpy(&step, a.step, sizeof(T));
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_integral_v<T>) {
      // Wrapping arithmetic, as NumPy's integer arange.
      buf[i] = static_cast<T>(static_cast<uint64_t>(start) +
                              static_cast<uint64_t>(first + i) * static_cast<uint64_t>(step));
    } else {
      buf[i] = start + static_cast<double>(first + i) * step;
    }
  }
}

}  // namespace

const runtime::TaskVariants iota_task = {
    "arange", serial_body,
#if defined(TESSERA_HAVE_OPENMP)
    iota_body_omp,
#else
    nullptr,
#endif
#if defined(TESSERA_HAVE_CUDA)
    iota_cuda,
#else
    nullptr,
#endif
};

void run_iota(const IotaArgs& a, int64_t first, int64_t n, char* out, int64_t stride) {
  constexpr int64_t kBlock = 256;
  alignas(16) unsigned char buf[kBlock * 16];
  LoopFn cast = cast_loop(a.work, a.out);
  for (int64_t i = 0; i < n; i += kBlock) {
    int64_t m = std::min(kBlock, n - i);
    switch (a.work) {
      case DType::Int64:
        fill_values(a, first + i, m, reinterpret_cast<int64_t*>(buf));
        break;
      case DType::Complex128:
        fill_values(a, first + i, m, reinterpret_cast<complex128*>(buf));
        break;
      default:
        fill_values(a, first + i, m, reinterpret_cast<double*>(buf));
        break;
    }
    char* ptrs[2] = {reinterpret_cast<char*>(buf), out + i * stride};
    int64_t strides[2] = {dtype_size(a.work), stride};
    cast(m, ptrs, strides);
  }
}

}  // namespace tessera::kernels
