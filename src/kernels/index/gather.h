#pragma once
// Advanced indexing tasks: gather (out[i] = src[idx[i]] along dim 0), scatter
// (dst[idx[i]] = values[i], one sequential point: the last write wins) and flatnonzero (the flat
// positions of the true elements of a mask).
#include "kernels/elementwise/elementwise.h"
#include "tessera/array/dims.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

struct GatherArgs {
  int64_t axis_size;  // extent of src's dim 0 (negative indices wrap by it)
  int64_t axis;       // the caller's axis, for the error message
};

/// Arguments: 0 out (Write, Aligned, shape (m, rest...)), 1 idx (Read, Aligned: int64 of shape
/// (m,) broadcast to (m, rest...)), 2 src (Read, Whole, shape (n, rest...)).
extern const runtime::TaskVariants gather_task;
/// Arguments: 0 dst (ReadWrite, Whole, (n, rest...)), 1 idx (Read, Whole, int64 (m,)),
/// 2 values (Read, Whole, (m, rest...), dst's dtype). Run as one point.
extern const runtime::TaskVariants scatter_task;
/// Mask compaction in two launches over blocks of `block` elements of a 1-d bool mask of n:
/// count_task: 0 counts (Write, Aligned, int64 (blocks,)), 1 mask (Read, Whole).
/// compact_task: 0 out (Write, Aligned, int64 (count,)), 1 offsets (Read, Whole, int64
/// (blocks,): the exclusive prefix sum of the counts), 2 mask (Read, Whole). A point finds the
/// block of its first output by binary search on the offsets and scans from there.
struct CompactArgs {
  int64_t n;
  int64_t block;
};
extern const runtime::TaskVariants count_task;
extern const runtime::TaskVariants compact_task;

/// The CUDA variants (gather.cu: gather, scatter, count, compact) report an index out of bounds
/// into TaskContext::device_error: IndexError at the host's next wait (the in-bounds elements
/// are written).

/// Throws std::out_of_range with NumPy's message for the first index outside [-n, n).
void check_indices(const char* idx, int64_t stride, int64_t m, int64_t n, int64_t axis);
/// Wraps a checked index.
inline int64_t wrap_index(int64_t j, int64_t n) { return j < 0 ? j + n : j; }

}  // namespace tessera::kernels
