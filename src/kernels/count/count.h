#pragma once
// Counting tasks: bincount and histogram. Every point counts its tile of the input into a
// private array (its partial result, launch.partial_bytes = one array), and the fold adds the
// partials up in point order, so float sums do not depend on scheduling. count.cu holds the
// CUDA variants (block-private counts; weighted sums in element order per warp, no float
// atomics); count_bins.h the bin functions both share.
//
// Launch layout (built by src/ops/scan.cc):
//   arg 0: the result (Write, Whole; the fold target): int64 counts or float64 sums.
//   arg 1: the values (Read, Aligned, 1-d): int64 for bincount, the bin dtype for histogram.
//   arg 2: bincount: the weights (Read, Aligned, float64), when weighted.
//          histogram: the bin edges (Read, Whole, bins + 1 of the values' dtype).
//   arg 3: histogram: the weights (Read, Aligned, float64), when weighted.
#include <cstdint>

#include "tessera/array/dtype.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

struct BincountArgs {
  int64_t length = 0;  // bins of the result, more than the largest value (a negative one raises)
  bool weighted = false;
};

/// How NumPy's _histogram finds the bin of x for uniform bins (numpy/lib/_histograms_impl.py):
/// f = ((x - first) / denom) * bins, each operation in its own dtype (NumPy's promotion of the
/// scalars it uses decides them), idx = int(f), then corrected by comparing x with the edges.
struct HistogramArgs {
  int64_t bins = 0;
  bool weighted = false;
  bool uniform = false;          // false: explicit edges, found by binary search (float64)
  DType dtype = DType::Float64;  // the values' and edges' dtype (float16, float32 or float64)
  DType sub_dtype = DType::Float64, div_dtype = DType::Float64, mul_dtype = DType::Float64;
  double first = 0, last = 0;  // the outer edges (values of `dtype`): outside them is dropped
  double first_sub = 0;        // first in sub_dtype
  double denom = 1;            // last - first, in div_dtype
  double scale = 1;            // bins, in mul_dtype
};

/// Arguments as above; the result has `length` elements.
extern const runtime::TaskVariants bincount_task;
void bincount_fold(runtime::TaskContext& ctx);
/// Arguments as above; the result has `bins` elements.
extern const runtime::TaskVariants histogram_task;
void histogram_fold(runtime::TaskContext& ctx);
#if defined(TESSERA_HAVE_CUDA)
/// The CUDA fold of both counting launches (count.cu): `partial_bytes / 8` elements per point,
/// int64 or float64 as the target's dtype says, added in point order on the GPU.
void count_fold_cuda(runtime::TaskContext& ctx);
#endif

}  // namespace tessera::kernels
