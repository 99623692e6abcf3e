// bincount and histogram on the GPU, and the CUDA fold of the counting launches.
//
// Counts (int64): each block counts into private shared-memory counters (integer atomics,
// exact), then adds them into the point's array with 64-bit integer atomics; bins beyond the
// shared counters go straight to the global array. Integer sums do not depend on the order.
//
// Weighted sums (float64) never use float atomics. The elements are cut into fixed chunks, a
// block per chunk and a warp per 1/8 of it (sizes depend on n only). A warp reads 32 elements
// at a time; the lanes then take the 32 (bin, weight) pairs in element order by shuffles, lane l
// adding those whose bin is l mod 32 into the warp's own shared-memory sums, so every bin's sum
// runs in element order. A block adds its warps' sums in warp order into its row of scratch;
// a second kernel adds each bin's block rows (threads over rows, then a fixed tree).
#include <cuda_runtime.h>

#include <stdexcept>

#include "kernels/count/count.h"
#include "kernels/count/count_bins.h"
#include "runtime/gpu.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {
namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int64_t kSharedBins = 8192;   // uint32 counters per block (32 KiB)
constexpr int64_t kWeightedBins = 512;  // float64 sums per warp (8 warps: 32 KiB)

// ---- binners: the bin of element i, or -1 (dropped) ------------------------------------------

struct BincountBins {
  const char* x;
  int64_t xs;
  int64_t length;
  int* error;
  __device__ int64_t operator()(int64_t i) const {
    int64_t j = *reinterpret_cast<const int64_t*>(x + i * xs);
    if (j < 0) {  // "'list' argument must have no negative elements"
      exec::report_error(error, exec::kNegativeCount);
      return -1;
    }
    return j < length ? j : -1;
  }
};

template <class T, bool Direct>
struct UniformBins {
  const char* x;
  int64_t xs;
  const char* edges;
  int64_t es;
  HistogramArgs a;
  __device__ int64_t operator()(int64_t i) const {
    auto edge = [this](int64_t j) {
      return static_cast<double>(*reinterpret_cast<const T*>(edges + j * es));
    };
    double v = static_cast<double>(*reinterpret_cast<const T*>(x + i * xs));
    return uniform_index<T, Direct>(v, a, edge);
  }
};

struct EdgeBins {
  const char* x;
  int64_t xs;
  const double* edges;
  int64_t bins;
  __device__ int64_t operator()(int64_t i) const {
    return edges_index(*reinterpret_cast<const double*>(x + i * xs), edges, bins);
  }
};

// ---- counting ----------------------------------------------------------------------------------

using Count = unsigned long long;  // int64 counts, added with 64-bit atomics (two's complement)

template <class Bins>
__global__ void __launch_bounds__(kThreads)
    count_shared_kernel(Bins bin, int64_t n, int64_t length, Count* counts) {
  __shared__ unsigned int local[kSharedBins];
  for (int64_t j = threadIdx.x; j < length; j += kThreads) local[j] = 0;
  __syncthreads();
  int64_t step = int64_t(gridDim.x) * kThreads;
  for (int64_t i = int64_t(blockIdx.x) * kThreads + threadIdx.x; i < n; i += step) {
    int64_t j = bin(i);
    if (j >= 0) atomicAdd(&local[j], 1u);
  }
  __syncthreads();
  for (int64_t j = threadIdx.x; j < length; j += kThreads) {
    if (local[j]) atomicAdd(&counts[j], static_cast<Count>(local[j]));
  }
}

template <class Bins>
__global__ void __launch_bounds__(kThreads)
    count_global_kernel(Bins bin, int64_t n, Count* counts) {
  int64_t step = int64_t(gridDim.x) * kThreads;
  for (int64_t i = int64_t(blockIdx.x) * kThreads + threadIdx.x; i < n; i += step) {
    int64_t j = bin(i);
    if (j >= 0) atomicAdd(&counts[j], Count{1});
  }
}

/// Blocks of a counting grid: enough to fill the GPU, and at most 2^30 elements per block so
/// that the 32-bit shared counters cannot wrap.
unsigned count_blocks(int64_t n) {
  int64_t blocks = (n + kThreads * 16 - 1) / (kThreads * 16);
  blocks = blocks > 4096 ? 4096 : blocks;
  int64_t least = (n >> 30) + 1;
  return static_cast<unsigned>(blocks < least ? least : blocks);
}

// ---- weighted sums -----------------------------------------------------------------------------

/// Elements per block of the weighted sums: a multiple of 256, at least 4096, at most 4096
/// blocks (so scratch stays blocks x length). Depends on n only.
int64_t weighted_chunk(int64_t n) {
  int64_t c = (n + 4095) / 4096;
  c = (c + kThreads - 1) / kThreads * kThreads;
  return c < 4096 ? 4096 : c;
}

template <class Bins>
__global__ void __launch_bounds__(kThreads)
    weighted_kernel(Bins bin, const char* w, int64_t ws, int64_t n, int64_t length, int64_t chunk,
                    double* rows) {
  extern __shared__ double sums[];  // kWarps x length
  int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  double* mine = sums + warp * length;
  for (int64_t j = threadIdx.x; j < kWarps * length; j += kThreads) sums[j] = 0.0;
  __syncthreads();
  int64_t per_warp = chunk / kWarps;  // a multiple of 32
  int64_t first = int64_t(blockIdx.x) * chunk + warp * per_warp;
  for (int64_t at = first; at < first + per_warp && at < n; at += 32) {
    int64_t i = at + lane;
    int64_t j = -1;
    double wt = 0.0;
    if (i < n) {
      j = bin(i);
      if (j >= 0) wt = *reinterpret_cast<const double*>(w + i * ws);
    }
    for (int k = 0; k < 32; ++k) {  // element at + k, in order
      int64_t jk = __shfl_sync(0xffffffffu, j, k);
      double wk = __shfl_sync(0xffffffffu, wt, k);
      if (jk >= 0 && (jk & 31) == lane) mine[jk] += wk;
    }
  }
  __syncthreads();
  for (int64_t j = threadIdx.x; j < length; j += kThreads) {
    double s = sums[j];
    for (int v = 1; v < kWarps; ++v) s += sums[v * length + j];
    rows[int64_t(blockIdx.x) * length + j] = s;
  }
}

/// out[j] = the sum of rows[b][j] over the blocks b: a block per bin, a fixed tree.
__global__ void __launch_bounds__(kThreads)
    rows_kernel(const double* rows, int64_t nrows, int64_t length, double* out) {
  __shared__ double sv[kThreads];
  for (int64_t j = blockIdx.x; j < length; j += gridDim.x) {
    double s = 0.0;
    for (int64_t b = threadIdx.x; b < nrows; b += kThreads) s += rows[b * length + j];
    sv[threadIdx.x] = s;
    __syncthreads();
    for (int h = kThreads / 2; h >= 1; h /= 2) {
      if (threadIdx.x < h) sv[threadIdx.x] += sv[threadIdx.x + h];
      __syncthreads();
    }
    if (threadIdx.x == 0) out[j] = sv[0];
    __syncthreads();
  }
}

unsigned grid_for(int64_t blocks) {
  constexpr int64_t kMaxGrid = int64_t{1} << 20;
  return static_cast<unsigned>(blocks < 1 ? 1 : (blocks > kMaxGrid ? kMaxGrid : blocks));
}

/// The point's array (ctx.partials: `length` int64 counts or float64 sums) from `bin`.
template <class Bins>
void count_point(runtime::TaskContext& ctx, const Bins& bin, int64_t length, bool weighted,
                 int w_arg, const char* what) {
  cudaStream_t stream = exec::Cuda::stream(ctx);
  int64_t n = ctx.rows();
  size_t bytes = static_cast<size_t>(length) * 8;
  if (!weighted || n == 0) {
    cudaError_t e = cudaMemsetAsync(ctx.partials, 0, bytes, stream);
    if (e != cudaSuccess) runtime::gpu::fail("cudaMemsetAsync", e, cudaGetErrorString(e));
    if (n == 0) return;
  }
  if (!weighted) {
    Count* counts = reinterpret_cast<Count*>(ctx.partials);
    if (length <= kSharedBins) {
      count_shared_kernel<<<count_blocks(n), kThreads, 0, stream>>>(bin, n, length, counts);
    } else {
      count_global_kernel<<<count_blocks(n), kThreads, 0, stream>>>(bin, n, counts);
    }
    exec::Cuda::check_launch(what);
    return;
  }
  int64_t chunk = weighted_chunk(n);
  int64_t blocks = (n + chunk - 1) / chunk;
  runtime::gpu::Scratch buffers("weighted counts");
  double* rows = buffers.get<double>(blocks * length);
  size_t shared = static_cast<size_t>(kWarps * length) * sizeof(double);
  weighted_kernel<<<static_cast<unsigned>(blocks), kThreads, shared, stream>>>(
      bin, ctx.base[w_arg], ctx.store(w_arg).strides[0], n, length, chunk, rows);
  exec::Cuda::check_launch(what);
  rows_kernel<<<grid_for(length), kThreads, 0, stream>>>(rows, blocks, length,
                                                         reinterpret_cast<double*>(ctx.partials));
  exec::Cuda::check_launch(what);
}

/// target[j] = the points' arrays added in point order.
template <class Acc>
__global__ void fold_kernel(const Acc* parts, int points, int64_t length, Acc* out) {
  int64_t step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t j = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; j < length; j += step) {
    Acc s = parts[j];
    for (int p = 1; p < points; ++p) s += parts[int64_t(p) * length + j];
    out[j] = s;
  }
}

template <class T, bool Direct>
void histogram_uniform(runtime::TaskContext& ctx, const HistogramArgs& a) {
  UniformBins<T, Direct> bin{ctx.base[1], ctx.store(1).strides[0], ctx.base[2],
                             ctx.store(2).strides[0], a};
  count_point(ctx, bin, a.bins, a.weighted, 3, "histogram");
}

}  // namespace

void bincount_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<BincountArgs>();
  BincountBins bin{ctx.base[1], ctx.store(1).strides[0], a.length, ctx.device_error};
  count_point(ctx, bin, a.length, a.weighted, 2, "bincount");
}

bool bincount_cuda_supports(const runtime::Launch& l) {
  const auto& a = l.scalars.get<BincountArgs>();
  return !a.weighted || a.length <= kWeightedBins;
}

void histogram_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<HistogramArgs>();
  if (!a.uniform) {
    EdgeBins bin{ctx.base[1], ctx.store(1).strides[0], reinterpret_cast<const double*>(ctx.base[2]),
                 a.bins};
    return count_point(ctx, bin, a.bins, a.weighted, 3, "histogram");
  }
  bool direct = a.sub_dtype == a.dtype && a.div_dtype == a.dtype && a.mul_dtype == a.dtype;
  if (a.dtype == DType::Float32) {
    if (direct) return histogram_uniform<float, true>(ctx, a);
    return histogram_uniform<float, false>(ctx, a);
  }
  if (direct) return histogram_uniform<double, true>(ctx, a);
  histogram_uniform<double, false>(ctx, a);
}

bool histogram_cuda_supports(const runtime::Launch& l) {
  const auto& a = l.scalars.get<HistogramArgs>();
  if (a.weighted && a.bins > kWeightedBins) return false;
  if (!a.uniform) return true;  // float64 values and edges
  for (DType d : {a.dtype, a.sub_dtype, a.div_dtype, a.mul_dtype}) {
    if (d != DType::Float32 && d != DType::Float64) return false;
  }
  return true;
}

void count_fold_cuda(runtime::TaskContext& ctx) {
  const runtime::Launch& l = *ctx.launch;
  int64_t length = l.partial_bytes / 8;
  if (length == 0) return;
  char* target = ctx.base[l.fold_target];
  cudaStream_t stream = exec::Cuda::stream(ctx);
  unsigned blocks = exec::Cuda::blocks(length);
  if (ctx.store(l.fold_target).dtype == DType::Float64) {
    fold_kernel<<<blocks, exec::Cuda::kThreads, 0, stream>>>(
        reinterpret_cast<const double*>(ctx.partials), ctx.num_points, length,
        reinterpret_cast<double*>(target));
  } else {
    fold_kernel<<<blocks, exec::Cuda::kThreads, 0, stream>>>(
        reinterpret_cast<const int64_t*>(ctx.partials), ctx.num_points, length,
        reinterpret_cast<int64_t*>(target));
  }
  exec::Cuda::check_launch("count fold");
}

}  // namespace tessera::kernels
