#pragma once
/// Executors own all parallelism (DESIGN.md §3). A kernel is written once against
/// `Exec::for_each_run(space, f)`; Serial runs it on the calling thread, OpenMP on a group of
/// cores. (CUDA joins later with the same interface.)
#include <algorithm>
#include <cstdint>

#include "tessera/array/dims.h"

namespace tessera::exec {

inline constexpr int kMaxOperands = 8;

/// An N-d iteration space over up to kMaxOperands strided operands.
struct StridedSpace {
  Dims shape;
  int nops = 0;
  char* base[kMaxOperands] = {};
  Dims strides[kMaxOperands];  // bytes, per operand and dimension

  /// Drops unit dims and merges dims that are contiguous in every operand, so the innermost run
  /// is as long as possible (what NumPy's iterator does). Keeps at least one dim.
  void coalesce();
  int64_t inner() const { return shape.size() ? shape.back() : 1; }
  int64_t outer() const;
  /// Pointers of the operands at outer index `o` (dims before the innermost) and inner index i.
  void pointers(int64_t o, int64_t i, char** out) const;
  /// Innermost strides of every operand.
  void inner_strides(int64_t* out) const;
};

/// Runs f(n, ptrs, strides) over consecutive runs of at most `chunk` innermost elements.
/// Serial: one thread.
struct Serial {
  static constexpr const char* name = "serial";
  template <class F>
  static void for_each_run(const StridedSpace& s, int64_t chunk, F&& f) {
    run_items(s, chunk, 0, items(s, chunk), f);
  }
  static int threads() { return 1; }

  /// Runs of at most `chunk` elements per innermost row (written to avoid overflow for huge
  /// chunks).
  static int64_t runs_per_row(int64_t inner, int64_t chunk) {
    if (inner == 0) return 0;
    return inner <= chunk ? 1 : (inner - 1) / chunk + 1;
  }
  static int64_t items(const StridedSpace& s, int64_t chunk) {
    return s.outer() * runs_per_row(s.inner(), chunk);
  }
  template <class F>
  static void run_items(const StridedSpace& s, int64_t chunk, int64_t first, int64_t last, F& f) {
    int64_t per_row = runs_per_row(s.inner(), chunk);
    if (per_row == 0) return;
    int64_t strides[kMaxOperands];
    s.inner_strides(strides);
    char* ptrs[kMaxOperands];
    for (int64_t it = first; it < last; ++it) {
      int64_t o = it / per_row, c = it % per_row;
      int64_t i0 = c * chunk, n = std::min(chunk, s.inner() - i0);
      s.pointers(o, i0, ptrs);
      f(n, ptrs, strides);
    }
  }
};

#if defined(TESSERA_HAVE_OPENMP)
/// OpenMP: the items of the space are split statically over the group's threads.
struct OpenMP {
  static constexpr const char* name = "openmp";
  template <class F>
  static void for_each_run(const StridedSpace& s, int64_t chunk, F&& f) {
    int64_t total = Serial::items(s, chunk);
    int nt = static_cast<int>(std::min<int64_t>(threads(), total));
    if (nt <= 1) return Serial::run_items(s, chunk, 0, total, f);
#pragma omp parallel num_threads(nt)
    {
      int64_t t = thread_id(), n = group_size();
      Serial::run_items(s, chunk, total * t / n, total * (t + 1) / n, f);
    }
  }
  /// Threads in the group (the omp_threads knob; 0: all cores).
  static int threads();
  static void set_threads(int n);
  static int thread_id();
  static int group_size();
};
#endif

}  // namespace tessera::exec
