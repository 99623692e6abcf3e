// The random task's Serial variant: samples from random_sampler.h (shared with the CUDA
// variant, random.cu), computed in blocks in the work dtype and cast to the output dtype.
#include <algorithm>

#include "kernels/elementwise/ufunc.h"
#include "kernels/random/random_sampler.h"
#include "kernels/random/random_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void random_body_omp(runtime::TaskContext& ctx);
#endif
#if defined(TESSERA_HAVE_CUDA)
void random_body_cuda(runtime::TaskContext& ctx);
bool random_cuda_supports(const runtime::Launch& launch);
#endif

namespace {

void serial_body(runtime::TaskContext& ctx) { random_body<exec::Serial>(ctx); }

template <class W>
void fill(const RandomArgs& a, int64_t first, int64_t n, W* buf) {
  for (int64_t i = 0; i < n; ++i) buf[i] = sampler::sample<W>(a, static_cast<uint64_t>(first + i));
}

void sample(const RandomArgs& a, int64_t first, int64_t n, void* buf) {
  switch (a.work) {
    case DType::Float32: return fill(a, first, n, static_cast<float*>(buf));
    case DType::Float64: return fill(a, first, n, static_cast<double*>(buf));
    default: return fill(a, first, n, static_cast<int64_t*>(buf));
  }
}

}  // namespace

const runtime::TaskVariants random_task = {
    "random",
    serial_body,
#if defined(TESSERA_HAVE_OPENMP)
    random_body_omp,
#else
    nullptr,
#endif
#if defined(TESSERA_HAVE_CUDA)
    random_body_cuda,
    random_cuda_supports,
#endif
};

void run_random(const RandomArgs& a, int64_t first, int64_t n, char* out, int64_t stride) {
  constexpr int64_t kBlock = 256;
  alignas(16) unsigned char buf[kBlock * 8];
  LoopFn cast = cast_loop(a.work, a.out);
  for (int64_t i = 0; i < n; i += kBlock) {
    int64_t m = std::min(kBlock, n - i);
    sample(a, first + i, m, buf);
    char* ptrs[2] = {reinterpret_cast<char*>(buf), out + i * stride};
    int64_t strides[2] = {dtype_size(a.work), stride};
    cast(m, ptrs, strides);
  }
}

}  // namespace tessera::kernels
