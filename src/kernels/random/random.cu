// The random task's CUDA variant: one thread per element computes the same sample as the CPU
// (random_sampler.h, keyed by the element index) and converts it to the output dtype as the
// CPU's cast loop does (float64 -> float32 rounds to nearest; int64 -> integers wraps; -> bool
// is != 0).
#include <cstdint>

#include "kernels/random/random.h"
#include "kernels/random/random_sampler.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {

namespace {

template <class W, class Out>
void launch(runtime::TaskContext& ctx, const RandomArgs& a) {
  char* base = ctx.base[0];
  const int64_t stride = ctx.store(0).strides[0];
  const int64_t first = ctx.lo;
  exec::Cuda::for_each_index(
      ctx.rows(),
      [=] __device__(int64_t i) {
        W w = sampler::sample<W>(a, static_cast<uint64_t>(first + i));
        Out* out = reinterpret_cast<Out*>(base + i * stride);
        if constexpr (std::is_same_v<Out, bool>) {
          *out = w != 0;
        } else {
          *out = static_cast<Out>(w);
        }
      },
      exec::Cuda::stream(ctx), "random");
}

}  // namespace

bool random_cuda_supports(const runtime::Launch& launch) {
  const auto& a = launch.scalars.get<RandomArgs>();
  switch (a.work) {
    case DType::Float32:
      return a.out == DType::Float32;
    case DType::Float64:
      return a.out == DType::Float64 || a.out == DType::Float32;
    case DType::Int64:
      return is_integer(a.out) || a.out == DType::Bool;
    default:
      return false;
  }
}

void random_body_cuda(runtime::TaskContext& ctx) {
  const RandomArgs a = ctx.scalars<RandomArgs>();
  if (ctx.rows() <= 0) return;
  if (a.work == DType::Float32) return launch<float, float>(ctx, a);
  if (a.work == DType::Float64) {
    if (a.out == DType::Float32) return launch<double, float>(ctx, a);
    return launch<double, double>(ctx, a);
  }
  switch (a.out) {
    case DType::Bool:
      return launch<int64_t, bool>(ctx, a);
    case DType::Int8:
      return launch<int64_t, int8_t>(ctx, a);
    case DType::UInt8:
      return launch<int64_t, uint8_t>(ctx, a);
    case DType::Int16:
      return launch<int64_t, int16_t>(ctx, a);
    case DType::UInt16:
      return launch<int64_t, uint16_t>(ctx, a);
    case DType::Int32:
      return launch<int64_t, int32_t>(ctx, a);
    case DType::UInt32:
      return launch<int64_t, uint32_t>(ctx, a);
    case DType::UInt64:
      return launch<int64_t, uint64_t>(ctx, a);
    default:
      return launch<int64_t, int64_t>(ctx, a);
  }
}

}  // namespace tessera::kernels
