// The CUDA variants of the scan tasks (cumsum, cumprod). A GPU launch is one point covering the
// whole domain; bodies issue kernels on the point's stream and return.
//
// Every dtype, with NumPy's element rules (integers wrap, bool is or/and, float16 rounds each
// step, complex products as the plain formula, no fma: the build passes --fmad=false). Results
// depend on n alone (fixed tiles, fixed block-scan trees), never on timing:
//   * many short sequences (a scan along a non-last axis, or rows of at most kSeqMax): a thread
//     steps each sequence in order, exactly NumPy's rounding;
//   * a few rows longer than kChunkedMin: each cut into chunks, scanned like the blocked scan;
//   * rows longer than that, and each block of the blocked scan of one long line: a CUDA block
//     walks the row in tiles of kThreads x kItems elements (staged through shared memory so the
//     loads coalesce): each thread scans its kItems in order, a cub::BlockScan combines the
//     thread totals, a carry runs from tile to tile;
//   * scan_offsets combines the block totals in block order (like the CPU) and applies them.
// The identity is never combined with data (complex 1 * (inf + infj) is not inf + infj).
#include <cuda_fp16.h>

#include <algorithm>
#include <cstdint>
#include <cub/block/block_scan.cuh>

#include "kernels/scan/scan.h"
#include "runtime/gpu.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {

namespace {

using exec::Cuda;

constexpr int kThreads = 256;
constexpr int kItems = 8;
constexpr int kTile = kThreads * kItems;
/// Rows up to this long are scanned a thread per row.
constexpr int64_t kSeqMax = 512;
/// Fewer rows than this, longer than kChunkedMin, are cut into chunks scanned by CUDA blocks of
/// their own, then offset (the blocked scan, per row), so a few long rows fill the GPU.
constexpr int64_t kFewRows = 256;
constexpr int64_t kChunkedMin = int64_t{1} << 16;

struct Half {
  uint16_t bits;
};
template <class F>
struct Cx {
  F re, im;
};

template <class T, ScanOp Op>
struct DevOp {
  __device__ T operator()(const T& a, const T& b) const {
    if constexpr (std::is_same_v<T, bool>) {
      return Op == ScanOp::Add ? (a || b) : (a && b);
    } else if constexpr (std::is_integral_v<T>) {
      uint64_t x = static_cast<uint64_t>(a), y = static_cast<uint64_t>(b);
      return static_cast<T>(Op == ScanOp::Add ? x + y : x * y);
    } else if constexpr (std::is_same_v<T, Half>) {
      float x = __half2float(__ushort_as_half(a.bits)), y = __half2float(__ushort_as_half(b.bits));
      return Half{__half_as_ushort(__float2half_rn(Op == ScanOp::Add ? x + y : x * y))};
    } else if constexpr (std::is_floating_point_v<T>) {
      return Op == ScanOp::Add ? a + b : a * b;
    } else {  // Cx
      if constexpr (Op == ScanOp::Add) {
        return T{a.re + b.re, a.im + b.im};
      } else {
        auto rr = a.re * b.re, ii = a.im * b.im, ri = a.re * b.im, ir = a.im * b.re;
        return T{rr - ii, ri + ir};
      }
    }
  }
};

template <class T>
__device__ inline T load(const char* p) {
  return *reinterpret_cast<const T*>(p);
}
template <class T>
__device__ inline void store(char* p, const T& v) {
  *reinterpret_cast<T*>(p) = v;
}

/// Sequence q of `count`: base + (q / inner) * s0 + (q % inner) * s2, n steps of s1, in order.
template <class T, ScanOp Op>
__global__ void scan_seq_kernel(char* base, int64_t count, int64_t inner, int64_t s0, int64_t s2,
                                int64_t n, int64_t s1) {
  DevOp<T, Op> op;
  int64_t step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t q = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; q < count; q += step) {
    char* p = base + (q / inner) * s0 + (q % inner) * s2;
    T acc = load<T>(p);
    for (int64_t k = 1; k < n; ++k) {
      p += s1;
      acc = op(acc, load<T>(p));
      store(p, acc);
    }
  }
}

template <class T>
struct LineShared {
  typename cub::BlockScan<T, kThreads>::TempStorage scan;
  T items[kTile];
};

/// Scans one line of len elements (stride s) with the whole CUDA block, in place; writes the
/// last element's value to *total when total is not null.
template <class T, ScanOp Op>
__device__ void scan_line_block(char* line, int64_t len, int64_t s, char* total,
                                LineShared<T>& sh) {
  DevOp<T, Op> op;
  T carry{};
  bool has_carry = false;
  int tid = threadIdx.x;
  for (int64_t t0 = 0; t0 < len; t0 += kTile) {
    int64_t valid = min(int64_t(kTile), len - t0);
    for (int k = 0; k < kItems; ++k) {
      int e = k * kThreads + tid;
      if (e < valid) sh.items[e] = load<T>(line + (t0 + e) * s);
    }
    __syncthreads();
    int first = tid * kItems;
    int mine = first < valid ? min(kItems, int(valid - first)) : 0;
    T agg = mine > 0 ? sh.items[first] : (valid > 0 ? sh.items[0] : T{});
    for (int j = 1; j < mine; ++j) {
      agg = op(agg, sh.items[first + j]);
      sh.items[first + j] = agg;
    }
    T prefix, tile_total;
    cub::BlockScan<T, kThreads>(sh.scan).ExclusiveScan(agg, prefix, op, tile_total);
    // The base of this thread's items: carry op prefix (either may be absent).
    bool has_base = has_carry || tid > 0;
    T base = tid > 0 ? (has_carry ? op(carry, prefix) : prefix) : carry;
    if (has_base) {
      for (int j = 0; j < mine; ++j) sh.items[first + j] = op(base, sh.items[first + j]);
    }
    __syncthreads();
    for (int k = 0; k < kItems; ++k) {
      int e = k * kThreads + tid;
      if (e < valid) {
        store(line + (t0 + e) * s, sh.items[e]);
        if (total && t0 + e == len - 1) store(total, sh.items[e]);
      }
    }
    carry = has_carry ? op(carry, tile_total) : tile_total;
    has_carry = true;
    __syncthreads();  // items and scan storage are reused by the next tile
  }
}

/// Rows r of `rows` at base + r * s0, each of n elements of stride s1: a CUDA block per row.
template <class T, ScanOp Op>
__global__ void scan_rows_kernel(char* base, int64_t rows, int64_t s0, int64_t n, int64_t s1) {
  __shared__ LineShared<T> sh;
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    scan_line_block<T, Op>(base + r * s0, n, s1, nullptr, sh);
  }
}

/// Phase 1 of the blocked scan: block b of the line scanned alone, its last value in totals[b].
/// Line blockIdx.y of several starts s0 bytes after the previous, its totals tl bytes after.
template <class T, ScanOp Op>
__global__ void scan_blocks_kernel(char* line, int64_t sl, int64_t n, int64_t block, int64_t blocks,
                                   char* totals, int64_t st, int64_t s0, int64_t tl) {
  __shared__ LineShared<T> sh;
  line += blockIdx.y * s0;
  totals += blockIdx.y * tl;
  for (int64_t b = blockIdx.x; b < blocks; b += gridDim.x) {
    int64_t len = min(block, n - b * block);
    scan_line_block<T, Op>(line + b * block * sl, len, sl, totals + b * st, sh);
  }
}

/// Phase 2: every element of block b >= 1 combined with totals[0] op ... op totals[b-1]
/// (combined in block order by thread 0 of each CUDA block). Grid: x over tiles, y over blocks,
/// z over lines (s0, tl as above).
template <class T, ScanOp Op>
__global__ void scan_offsets_kernel(char* line, int64_t sl, int64_t n, int64_t block,
                                    const char* totals, int64_t st, int64_t s0, int64_t tl) {
  DevOp<T, Op> op;
  __shared__ T off;
  line += blockIdx.z * s0;
  totals += blockIdx.z * tl;
  int64_t b = blockIdx.y + 1;
  if (threadIdx.x == 0) {
    T acc = load<T>(totals);
    for (int64_t i = 1; i < b; ++i) acc = op(acc, load<T>(totals + i * st));
    off = acc;
  }
  __syncthreads();
  T o = off;
  int64_t begin = b * block, end = min(n, begin + block);
  for (int64_t i = begin + int64_t(blockIdx.x) * kThreads + threadIdx.x; i < end;
       i += int64_t(gridDim.x) * kThreads) {
    char* p = line + i * sl;
    store(p, op(o, load<T>(p)));
  }
}

/// The offsets grid over `blocks` blocks of `block` elements in each of `lines` lines.
dim3 offsets_grid(int64_t block, int64_t blocks, int64_t lines) {
  int64_t tiles = (block + kThreads * 4 - 1) / (kThreads * 4);
  return dim3(static_cast<unsigned>(tiles < 4096 ? tiles : 4096), static_cast<unsigned>(blocks - 1),
              static_cast<unsigned>(lines));
}

unsigned grid_for(int64_t n) {
  return static_cast<unsigned>(n < 1 ? 1 : (n > (1 << 20) ? (1 << 20) : n));
}

/// Calls f.template operator()<T, Op>() for the launch's dtype and op.
template <class F>
void dispatch_scan(const runtime::TaskContext& ctx, int store, F&& f) {
  const auto& a = ctx.scalars<ScanArgs>();
  DType dt = ctx.store(store).dtype;
  bool add = a.fns == &scan_fns(ScanOp::Add, dt);
  auto go = [&]<class T>() {
    if (add) {
      f.template operator()<T, ScanOp::Add>();
    } else {
      f.template operator()<T, ScanOp::Multiply>();
    }
  };
  switch (dt) {
    case DType::Bool:
      return go.template operator()<bool>();
    case DType::Int8:
      return go.template operator()<int8_t>();
    case DType::UInt8:
      return go.template operator()<uint8_t>();
    case DType::Int16:
      return go.template operator()<int16_t>();
    case DType::UInt16:
      return go.template operator()<uint16_t>();
    case DType::Int32:
      return go.template operator()<int32_t>();
    case DType::UInt32:
      return go.template operator()<uint32_t>();
    case DType::Int64:
      return go.template operator()<int64_t>();
    case DType::UInt64:
      return go.template operator()<uint64_t>();
    case DType::Float16:
      return go.template operator()<Half>();
    case DType::Float32:
      return go.template operator()<float>();
    case DType::Float64:
      return go.template operator()<double>();
    case DType::Complex64:
      return go.template operator()<Cx<float>>();
    case DType::Complex128:
      return go.template operator()<Cx<double>>();
  }
}

/// Sequences of a scan_lines launch: (count, inner, s0, s2) as scan_seq_kernel takes them.
struct Sequences {
  int64_t count, inner, s0, s2;
};

Sequences sequences_of(const runtime::Store& v, ScanLayout layout, int64_t lines) {
  if (layout == ScanLayout::Columns) return {lines, 1, v.strides[0], 0};
  return {lines * v.shape[2], v.shape[2], v.strides[0], v.strides[2]};
}

}  // namespace

bool scan_lines_cuda_supports(const runtime::Launch& l) {
  const auto& a = l.scalars.get<ScanArgs>();
  const runtime::Store& v = l.args[0].store;
  if (a.layout == ScanLayout::Rows && v.shape[2] == 1) return true;  // a block per long row
  // A thread per sequence: not when a few sequences would each step a long way (the CPU's
  // threads do those as well, without the GPU's latency per step).
  Sequences q = sequences_of(v, a.layout, v.shape[0]);
  return q.count * 64 >= a.n;
}

void scan_lines_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ScanArgs>();
  const runtime::Store& v = ctx.store(0);
  int64_t lines = ctx.rows(), n = a.n;
  if (lines <= 0 || n <= 1) return;
  cudaStream_t stream = Cuda::stream(ctx);
  char* base = ctx.base[0];
  bool rows = a.layout == ScanLayout::Rows && v.shape[2] == 1;
  if (rows && lines < kFewRows && n > kChunkedMin) {
    // Chunks of a size fixed by n (at most 1024 per row): deterministic for a fixed n.
    int64_t chunk = std::max<int64_t>(int64_t{1} << 14, (n + 1023) / 1024);
    int64_t chunks = (n + chunk - 1) / chunk;
    dispatch_scan(ctx, 0, [&]<class T, ScanOp Op>() {
      runtime::gpu::Scratch scratch("scan");
      char* totals = scratch.get<char>(lines * chunks * static_cast<int64_t>(sizeof(T)));
      scan_blocks_kernel<T, Op>
          <<<dim3(grid_for(chunks), static_cast<unsigned>(lines)), kThreads, 0, stream>>>(
              base, v.strides[1], n, chunk, chunks, totals, sizeof(T), v.strides[0],
              chunks * sizeof(T));
      scan_offsets_kernel<T, Op><<<offsets_grid(chunk, chunks, lines), kThreads, 0, stream>>>(
          base, v.strides[1], n, chunk, totals, sizeof(T), v.strides[0], chunks * sizeof(T));
    });
    Cuda::check_launch("scan");
    return;
  }
  dispatch_scan(ctx, 0, [&]<class T, ScanOp Op>() {
    if (rows && n > kSeqMax) {
      scan_rows_kernel<T, Op>
          <<<grid_for(lines), kThreads, 0, stream>>>(base, lines, v.strides[0], n, v.strides[1]);
    } else {
      Sequences q = sequences_of(v, a.layout, lines);
      scan_seq_kernel<T, Op><<<Cuda::blocks(q.count), Cuda::kThreads, 0, stream>>>(
          base, q.count, q.inner, q.s0, q.s2, n, v.strides[1]);
    }
  });
  Cuda::check_launch("scan");
}

void scan_blocks_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ScanArgs>();
  int64_t blocks = ctx.rows();
  if (blocks <= 0) return;
  cudaStream_t stream = Cuda::stream(ctx);
  dispatch_scan(ctx, 1, [&]<class T, ScanOp Op>() {
    scan_blocks_kernel<T, Op><<<grid_for(blocks), kThreads, 0, stream>>>(
        ctx.base[1], ctx.store(1).strides[0], a.n, a.block, blocks, ctx.base[0],
        ctx.store(0).strides[0], 0, 0);
  });
  Cuda::check_launch("scan");
}

void scan_offsets_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ScanArgs>();
  int64_t blocks = ctx.rows();
  if (blocks <= 1) return;
  cudaStream_t stream = Cuda::stream(ctx);
  dim3 grid = offsets_grid(a.block, blocks, 1);
  dispatch_scan(ctx, 1, [&]<class T, ScanOp Op>() {
    scan_offsets_kernel<T, Op><<<grid, kThreads, 0, stream>>>(ctx.base[1], ctx.store(1).strides[0],
                                                              a.n, a.block, ctx.base[0],
                                                              ctx.store(0).strides[0], 0, 0);
  });
  Cuda::check_launch("scan");
}

}  // namespace tessera::kernels
