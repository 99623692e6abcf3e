// The CUDA variants of the index family (DESIGN.md §3): the gather task (take, a[idx]) and the
// two launches of the mask compaction (flatnonzero, nonzero, a[mask]). A GPU launch is one
// point covering its whole domain; bodies issue kernels on the point's stream and return.
//
// Errors: an index outside [-n, n) is reported into ctx.device_error (report_index_error: one of
// the bad indices, the axis and its size) and its element is left unwritten; the runtime raises
// NumPy's IndexError when the host next waits for the GPU (the CPU variant raises at once, naming
// the first bad index).
//
// The scatter task (put, a[idx] = v: the last duplicate wins) is deterministic on the GPU too: a
// first kernel keeps, for every destination row, the largest i that writes it (an integer
// atomicMax into a scratch array of the destination's rows), a second copies only those rows.
// It runs on the GPU while that scratch array stays small next to the work (cuda_supports).
#include <algorithm>
#include <cstdint>
#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>
#include <string>

#include "kernels/index/gather.h"
#include "runtime/gpu.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {

namespace {

using exec::Cuda;

/// Copies one element of `size` bytes (a dtype's item size: 1, 2, 4, 8 or 16).
__device__ inline void copy_item(const char* src, char* dst, int size) {
  switch (size) {
    case 1:
      *dst = *src;
      break;
    case 2:
      *reinterpret_cast<uint16_t*>(dst) = *reinterpret_cast<const uint16_t*>(src);
      break;
    case 4:
      *reinterpret_cast<uint32_t*>(dst) = *reinterpret_cast<const uint32_t*>(src);
      break;
    case 8:
      *reinterpret_cast<uint64_t*>(dst) = *reinterpret_cast<const uint64_t*>(src);
      break;
    default:  // 16: complex128, aligned to 8
      reinterpret_cast<uint64_t*>(dst)[0] = reinterpret_cast<const uint64_t*>(src)[0];
      reinterpret_cast<uint64_t*>(dst)[1] = reinterpret_cast<const uint64_t*>(src)[1];
      break;
  }
}

/// out[i, r...] = src[wrap(idx[i]), r...] over the whole (m, rest...) domain. The space has
/// three operands: out, idx (stride 0 along the rest dims) and src's rest (stride 0 along dim 0),
/// so an element's source is p[2] + idx * s0.
struct GatherElement {
  int64_t n, s0;
  int isz, axis;
  int* error;
  __device__ void operator()(char** p) const {
    int64_t j = *reinterpret_cast<const int64_t*>(p[1]);
    if (j < -n || j >= n) {
      exec::report_index_error(error, j, axis, n);
      return;
    }
    if (j < 0) j += n;
    copy_item(p[2] + j * s0, p[0], isz);
  }
};

void gather_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<GatherArgs>();
  const runtime::Store& out = ctx.store(0);
  const runtime::Store& idx = ctx.store(1);
  const runtime::Store& src = ctx.store(2);
  int nd = out.ndim();
  exec::StridedSpace s;
  s.shape = out.shape;
  s.shape[0] = ctx.rows();
  s.nops = 3;
  s.base[0] = ctx.base[0];
  s.base[1] = ctx.base[1];
  s.base[2] = ctx.base[2];
  s.strides[0] = out.strides;
  s.strides[1] = idx.strides;
  s.strides[2] = Dims(nd);
  s.strides[2][0] = 0;
  for (int d = 1; d < nd; ++d) s.strides[2][d] = src.strides[d];
  s.coalesce();
  GatherElement f{a.axis_size, src.strides[0], out.itemsize(), static_cast<int>(a.axis),
                  ctx.device_error};
  Cuda::for_each_element(s, f, Cuda::stream(ctx), "take");
}

constexpr int kThreads = 256;

/// counts[b] = the true elements of mask block b; one CUDA block per mask block.
__global__ void count_kernel(const char* mask, int64_t ms, int64_t n, int64_t block, int64_t blocks,
                             char* counts, int64_t cs) {
  using Reduce = cub::BlockReduce<int64_t, kThreads>;
  __shared__ typename Reduce::TempStorage tmp;
  for (int64_t b = blockIdx.x; b < blocks; b += gridDim.x) {
    int64_t begin = b * block, end = min(n, begin + block), c = 0;
    for (int64_t i = begin + threadIdx.x; i < end; i += kThreads) c += mask[i * ms] != 0;
    int64_t total = Reduce(tmp).Sum(c);
    if (threadIdx.x == 0) *reinterpret_cast<int64_t*>(counts + b * cs) = total;
    __syncthreads();  // tmp is reused by the next block
  }
}

void count_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<CompactArgs>();
  int64_t blocks = ctx.rows();
  if (blocks <= 0) return;
  unsigned grid = static_cast<unsigned>(blocks < (1 << 20) ? blocks : (1 << 20));
  count_kernel<<<grid, kThreads, 0, Cuda::stream(ctx)>>>(ctx.base[1], ctx.store(1).strides[0], a.n,
                                                         a.block, blocks, ctx.base[0],
                                                         ctx.store(0).strides[0]);
  Cuda::check_launch("flatnonzero");
}

/// Writes the flat positions of the true elements of mask block b from out[offsets[b]] on; one
/// CUDA block per mask block, tiles of kThreads * kItems elements in order, each thread owning
/// kItems consecutive ones (a block scan of the per-thread counts gives their places).
constexpr int kItems = 8;

__global__ void compact_kernel(const char* mask, int64_t ms, int64_t n, int64_t block,
                               int64_t blocks, const char* offsets, int64_t os, char* out,
                               int64_t outs, int64_t count) {
  using Scan = cub::BlockScan<int64_t, kThreads>;
  __shared__ typename Scan::TempStorage tmp;
  for (int64_t b = blockIdx.x; b < blocks; b += gridDim.x) {
    int64_t at = *reinterpret_cast<const int64_t*>(offsets + b * os);
    int64_t begin = b * block, end = min(n, begin + block);
    for (int64_t t = begin; t < end; t += int64_t(kThreads) * kItems) {
      int64_t first = t + int64_t(threadIdx.x) * kItems;
      bool f[kItems];
      int64_t c = 0;
      for (int k = 0; k < kItems; ++k) {
        int64_t i = first + k;
        f[k] = i < end && mask[i * ms] != 0;
        c += f[k];
      }
      int64_t before, tile_total;
      Scan(tmp).ExclusiveSum(c, before, tile_total);
      int64_t pos = at + before;
      for (int k = 0; k < kItems; ++k) {
        if (!f[k]) continue;
        if (pos < count) *reinterpret_cast<int64_t*>(out + pos * outs) = first + k;
        ++pos;
      }
      at += tile_total;
      __syncthreads();  // tmp is reused by the next tile
    }
  }
}

void compact_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<CompactArgs>();
  const runtime::Store& offsets = ctx.store(1);
  int64_t blocks = offsets.shape[0];
  if (blocks <= 0 || ctx.rows() <= 0) return;
  unsigned grid = static_cast<unsigned>(blocks < (1 << 20) ? blocks : (1 << 20));
  compact_kernel<<<grid, kThreads, 0, Cuda::stream(ctx)>>>(
      ctx.base[2], ctx.store(2).strides[0], a.n, a.block, blocks, ctx.base[1], offsets.strides[0],
      ctx.base[0], ctx.store(0).strides[0], ctx.rows());
  Cuda::check_launch("flatnonzero");
}

/// For every in-bounds index i: winner[wrap(idx[i])] = max(.., i).
__global__ void scatter_winners_kernel(const char* idx, int64_t is, int64_t m, int64_t n, int axis,
                                       long long* winner, int* error) {
  int64_t step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < m; i += step) {
    int64_t j = *reinterpret_cast<const int64_t*>(idx + i * is);
    if (j < -n || j >= n) {
      exec::report_index_error(error, j, axis, n);
      continue;
    }
    atomicMax(winner + (j < 0 ? j + n : j), static_cast<long long>(i));
  }
}

/// The rest dims (after dim 0) of the destination and the values, for the copy kernel.
struct ScatterRest {
  int nd = 0;
  int isz = 0;
  int64_t size = 1;  // elements of one row
  int64_t shape[exec::CudaSpace::kDims] = {};
  int64_t dst[exec::CudaSpace::kDims] = {};
  int64_t val[exec::CudaSpace::kDims] = {};
};

/// dst[wrap(idx[i]), r] = values[i, r] for the winning i of each destination row.
__global__ void scatter_copy_kernel(char* dst, int64_t ds0, const char* val, int64_t vs0,
                                    const char* idx, int64_t is, int64_t m, int64_t n,
                                    const long long* winner, ScatterRest rest) {
  int64_t total = m * rest.size, step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t e = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; e < total; e += step) {
    int64_t i = e / rest.size, r = e % rest.size;
    int64_t j = *reinterpret_cast<const int64_t*>(idx + i * is);
    if (j < -n || j >= n) continue;
    if (j < 0) j += n;
    if (winner[j] != i) continue;
    int64_t doff = j * ds0, voff = i * vs0;
    for (int d = rest.nd - 1; d >= 0; --d) {
      int64_t k = r % rest.shape[d];
      r /= rest.shape[d];
      doff += k * rest.dst[d];
      voff += k * rest.val[d];
    }
    copy_item(val + voff, dst + doff, rest.isz);
  }
}

}  // namespace

// Referenced from gather.cc's variants tables.
bool scatter_cuda_supports(const runtime::Launch& l) {
  const runtime::Store& dst = l.args[0].store;
  int64_t n = dst.shape[0], m = l.args[1].store.shape[0];
  // The winners array costs 8 bytes per destination row.
  return dst.ndim() - 1 <= exec::CudaSpace::kDims &&
         n <= std::max<int64_t>(int64_t{1} << 24, 16 * m);
}

void scatter_body_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<GatherArgs>();
  const runtime::Store& dst = ctx.store(0);
  const runtime::Store& idx = ctx.store(1);
  const runtime::Store& val = ctx.store(2);
  int64_t m = idx.shape[0], n = a.axis_size;
  if (m <= 0) return;
  cudaStream_t stream = Cuda::stream(ctx);
  ScatterRest rest;
  rest.nd = dst.ndim() - 1;
  rest.isz = dst.itemsize();
  for (int d = 0; d < rest.nd; ++d) {
    rest.shape[d] = dst.shape[d + 1];
    rest.dst[d] = dst.strides[d + 1];
    rest.val[d] = val.strides[d + 1];
    rest.size *= rest.shape[d];
  }
  runtime::gpu::Scratch scratch("put");
  long long* winner = scratch.get<long long>(n);
  size_t bytes = static_cast<size_t>(n > 0 ? n : 1) * sizeof(long long);
  cudaError_t e = cudaMemsetAsync(winner, 0xff, bytes, stream);  // -1: no writer
  if (e != cudaSuccess) {
    throw runtime::GpuError(std::string("put: cudaMemsetAsync: ") + cudaGetErrorName(e) + ": " +
                            cudaGetErrorString(e));
  }
  scatter_winners_kernel<<<Cuda::blocks(m), kThreads, 0, stream>>>(
      ctx.base[1], idx.strides[0], m, n, static_cast<int>(a.axis), winner, ctx.device_error);
  cudaError_t launched = cudaGetLastError();
  if (launched == cudaSuccess && m * rest.size > 0) {
    scatter_copy_kernel<<<Cuda::blocks(m * rest.size), kThreads, 0, stream>>>(
        ctx.base[0], dst.strides[0], ctx.base[2], val.strides[0], ctx.base[1], idx.strides[0], m, n,
        winner, rest);
    launched = cudaGetLastError();
  }
  if (launched != cudaSuccess) {
    throw runtime::GpuError(std::string("put: ") + cudaGetErrorName(launched) + ": " +
                            cudaGetErrorString(launched));
  }
}

bool gather_cuda_supports(const runtime::Launch& l) {
  return l.args[0].store.ndim() <= exec::CudaSpace::kDims;
}
void gather_body_cuda(runtime::TaskContext& ctx) { gather_cuda(ctx); }
void count_body_cuda(runtime::TaskContext& ctx) { count_cuda(ctx); }
void compact_body_cuda(runtime::TaskContext& ctx) { compact_cuda(ctx); }

}  // namespace tessera::kernels
