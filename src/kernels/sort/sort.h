#pragma once
// Sorting tasks (NumPy's sort, argsort, partition, searchsorted, unique).
//
// A sort along the last axis works on a padded buffer of `rows` rows of `padded` elements, each
// row cut into blocks of `block` elements (the last block of a row may be partial: only the
// first `row_len` elements of a row are data). The blocks task sorts every block (points split
// the blocks); merge rounds then merge neighbouring runs of `width` elements within each row
// (points split the output positions; each finds its start in the two runs by a merge-path
// binary search, Odeh, Green et al., "Merge Path", 2012). With one block per row there are no
// merge rounds. Order is NumPy's: NaN last, complex lexicographic with NaNs last; every sort is
// stable, so argsort equals NumPy's kind='stable'.
//
// The CUDA variants (sort.cu): with one GPU point sort_blocks sorts each whole row (CUB radix
// sorts of NumPy-ordered keys), so the merge rounds that follow only copy; merge_runs,
// searchsorted and the unique tasks have CUDA variants too; partition sorts each row (a sorted row
// is partitioned around every kth). Complex dtypes run on the CPU.
#include <cstdint>

#include "tessera/runtime/task.h"

namespace tessera::kernels {

struct SortArgs {
  int64_t block;    // elements per block
  int64_t row_len;  // data elements per row
  int64_t padded;   // elements per row of the buffer (blocks per row * block)
  int64_t width;    // merge rounds: the length of the runs being merged
  bool with_index;  // carry an int64 index payload (argsort)
};

/// Arguments: 0 keys (ReadWrite, Aligned, (rows * blocks per row, block)), and when with_index
/// 1 idx (Write, Aligned, int64, same shape): filled with each element's position in its row.
extern const runtime::TaskVariants sort_blocks_task;
/// Arguments: 0 out keys (Write, Aligned, (rows * padded,)), 1 in keys (Read, Whole, same
/// shape), and when with_index 2 out idx, 3 in idx (int64, likewise).
extern const runtime::TaskVariants merge_runs_task;

/// Partition of each row around the sorted, distinct kth values (NumPy's partition contract).
struct PartitionArgs {
  int64_t row_len;
  int64_t nkth;
  bool with_index;
  static constexpr int kMaxKth = 56;
  int64_t kth[kMaxKth];
};
/// Arguments: 0 keys (ReadWrite, Aligned, (rows, row_len)), when with_index 1 idx (Write,
/// Aligned, int64, same shape).
extern const runtime::TaskVariants partition_task;

struct SearchArgs {
  bool right;  // side='right'
};
/// Arguments: 0 out (Write, Aligned, int64 (m,)), 1 v (Read, Aligned, (m,)), 2 a (Read, Whole,
/// (n,), v's dtype, sorted).
extern const runtime::TaskVariants searchsorted_task;

struct UniqueArgs {
  int64_t n;  // elements of the sorted keys
  bool equal_nan;
};
/// 0 flags (Write, Aligned, bool (n,)): whether each sorted element starts a new value;
/// 1 keys (Read, Whole, (n,), sorted).
extern const runtime::TaskVariants unique_flags_task;
/// 0 counts (Write, Aligned, int64 (k,)), 1 starts (Read, Whole, int64 (k,)): the run lengths.
extern const runtime::TaskVariants unique_counts_task;
/// 0 groups (Write, Aligned, int64 (n,)): the value number of each sorted position;
/// 1 starts (Read, Whole, int64 (k,)).
extern const runtime::TaskVariants unique_groups_task;

}  // namespace tessera::kernels
