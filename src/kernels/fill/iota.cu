// The iota task's CUDA variant: out[i] = start + (lo + i)*step in the work dtype (int64 wrapping,
// float64, complex128; the arithmetic of iota.cc's fill_values), converted to the output dtype
// by the GPU cast of the element-wise family (gpu_loop.cuh's DevCast and narrow).
#include <cstring>
#include <stdexcept>

#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/fill/iota.h"

namespace tessera::kernels {

void iota_cuda(runtime::TaskContext& ctx);

namespace {

template <class W>
struct IotaParams {
  W start, step;
  int64_t first, n, stride;  // stride in bytes
  char* out;
};

template <class W>
__device__ inline W iota_value(const IotaParams<W>& p, int64_t i) {
  if constexpr (std::is_same_v<W, int64_t>) {
    return static_cast<int64_t>(static_cast<uint64_t>(p.start) +
                                static_cast<uint64_t>(i) * static_cast<uint64_t>(p.step));
  } else if constexpr (std::is_same_v<W, double>) {
    return p.start + static_cast<double>(i) * p.step;
  } else {
    // std::complex's start + double(i) * step: each part multiplied, then added.
    double d = static_cast<double>(i);
    return W(p.start.real() + p.step.real() * d, p.start.imag() + p.step.imag() * d);
  }
}

template <class W, class O>
__global__ void iota_kernel(const IotaParams<W> p) {
  const int64_t step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < p.n; i += step) {
    W v = iota_value(p, p.first + i);
    using gpu::loop_detail::Stored;
    *reinterpret_cast<Stored<O>*>(p.out + i * p.stride) =
        gpu::loop_detail::narrow<O>(gpu::DevCast<O>{}(v));
  }
}

template <class W, class O>
void launch_iota(const IotaArgs& a, int64_t first, int64_t n, char* out, int64_t stride,
                 cudaStream_t stream) {
  IotaParams<W> p;
  std::memcpy(&p.start, a.start, sizeof(W));
  std::memcpy(&p.step, a.step, sizeof(W));
  p.first = first;
  p.n = n;
  p.stride = stride;
  p.out = out;
  iota_kernel<W, O><<<exec::Cuda::blocks(n), exec::Cuda::kThreads, 0, stream>>>(p);
  exec::Cuda::check_launch("arange kernel");
}

using IotaFn = void (*)(const IotaArgs&, int64_t, int64_t, char*, int64_t, cudaStream_t);

template <class W>
constexpr std::array<IotaFn, kNumDTypes> iota_row() {
  return {
#define TESSERA_X(e, t, n, c, k) &launch_iota<W, t>,
      TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  };
}

constexpr std::array<IotaFn, kNumDTypes> kInt = iota_row<int64_t>();
constexpr std::array<IotaFn, kNumDTypes> kFloat = iota_row<double>();
constexpr std::array<IotaFn, kNumDTypes> kComplex = iota_row<complex128>();

}  // namespace

void iota_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<IotaArgs>();
  int64_t n = ctx.rows();
  if (n <= 0) return;
  const auto& row = a.work == DType::Int64 ? kInt : a.work == DType::Complex128 ? kComplex : kFloat;
  int64_t stride = ctx.store(0).strides.size() ? ctx.store(0).strides[0] : 0;
  row[static_cast<int>(a.out)](a, ctx.lo, n, ctx.base[0], stride, exec::Cuda::stream(ctx));
}

}  // namespace tessera::kernels
