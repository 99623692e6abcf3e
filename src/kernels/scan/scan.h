#pragma once
// The scan tasks behind cumsum and cumprod: inclusive scans, in place, of an array that already
// holds the input cast to the result dtype (src/ops/scan.cc makes that copy).
//
// Two shapes of parallelism (DESIGN.md §2; the blocked scan is the usual reduce-then-propagate
// scheme of Blelloch, "Prefix Sums and Their Applications", 1990, with the tiny scan of the
// block totals redone by every point instead of in a launch of its own):
//   * scan_lines_task: independent lines. The launch's Aligned argument is a 3-d view
//     (lines, n, inner) whose dim 0 is split over points: each line is scanned along dim 1,
//     `inner` elements at a time (Rows), or dim 0 is itself the inner dim (Columns: a view
//     (columns, n, 1) of a scan along the first axis, so a point steps its columns together).
//   * the blocked scan of one long line, in two launches over blocks of `block` elements:
//     scan_blocks_task scans every block and writes its total, scan_offsets_task adds to each
//     block the combination of the totals before it (computed in block order by every point, so
//     the result does not depend on how blocks are split over points).
// The CUDA variants (scan.cu) keep these launches: one GPU point scans every line (a thread per
// short sequence, a CUDA block per long row) or every block; deterministic for a fixed n.
#include <cstdint>

#include "tessera/array/dtype.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

enum class ScanOp : uint8_t { Add, Multiply };

/// The typed loops of one (op, dtype), compiled once (scan.cc); the executor templates only
/// split work. Strides are in bytes; `op` is + or × (or, and for bool).
struct ScanFns {
  /// p[i] = p[i-1] op p[i] for i in [1, n); *total = the last element (identity when n == 0).
  void (*line)(char* p, int64_t n, int64_t stride, char* total);
  /// cur[i] = prev[i] op cur[i] for i in [0, n): one step of n lines scanned side by side.
  void (*step)(char* cur, const char* prev, int64_t n, int64_t stride);
  /// p[i] = offset op p[i] for i in [0, n).
  void (*offset)(char* p, int64_t n, int64_t stride, const char* offset);
  /// acc = acc op x (one element each).
  void (*combine)(char* acc, const char* x);
  /// *out = the identity (0 or 1).
  void (*identity)(char* out);
};

/// The loops for op over dtype (every dtype, including bool).
const ScanFns& scan_fns(ScanOp op, DType dtype);

enum class ScanLayout : uint8_t { Rows, Columns };

struct ScanArgs {
  const ScanFns* fns = nullptr;
  ScanLayout layout = ScanLayout::Rows;
  int64_t n = 0;      // the scanned extent (dim 1 of the lines view; the line of blocked scans)
  int64_t block = 0;  // blocked scans: elements per block
};

/// Arguments: 0 the lines view (ReadWrite, Aligned, (lines, n, inner)).
extern const runtime::TaskVariants scan_lines_task;
/// Arguments: 0 totals (Write, Aligned, (blocks,) of the dtype), 1 the line (ReadWrite, Whole).
extern const runtime::TaskVariants scan_blocks_task;
/// Arguments: 0 totals (Read, Whole, (blocks,)), 1 the line (ReadWrite, Whole); the domain is
/// (blocks,).
extern const runtime::TaskVariants scan_offsets_task;

}  // namespace tessera::kernels
