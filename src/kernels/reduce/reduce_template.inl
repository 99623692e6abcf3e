// The reduction task body, written once for every executor. A point splits its work into
// blocks and hands them to the executor (`for_each_block`); everything typed happens in the
// Reducer, compiled once, so this template is instantiated only per executor.
//
// Three shapes of work, chosen per point from the strides (after the ops layer has ordered the
// kept and the reduced dims by decreasing stride):
//   full      everything reduced: blocks of the point's elements, each into a slot; the slots
//             are combined pairwise into the point's partial, which the fold combines.
//   rows      the innermost memory dim is kept (sum(axis=0) of a C matrix), or few elements are
//             reduced per output: strips of outputs accumulate input rows element-wise, which
//             reads memory in order and vectorises.
//   outputs   the innermost memory dim is reduced: each output is a strided (or contiguous)
//             reduction; blocks hold many outputs, or, when there are few outputs and long
//             reductions, each output's reduction is itself split into blocks.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "kernels/reduce/reduce.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

/// Elements per block: long enough to amortise a call, short enough to balance threads.
inline constexpr int64_t kReduceBlock = 1 << 14;
/// Outputs reducing at most this many elements each are always done row-wise; rows shorter
/// than this are never.
inline constexpr int64_t kFewReduced = 16;
// Rows up to this long take arg kinds' one-pass-per-row loop (Reducer::arg_short_rows).
inline constexpr int64_t kShortArgRows = 64;

/// Whether an axis reduction is argmin/argmax over short contiguous rows (k-means' 16
/// distances per point): a typed pass per row (outputs_point) beats the row-wise strips, which
/// gather each column through a buffer. arg_short_rows still declines rows needing a cast.
inline bool short_arg_rows(const Reducer& red, const exec::StridedSpace& reduced, int64_t rn) {
  ReduceKind kind = red.args().kind;
  return (kind == ReduceKind::ArgMax || kind == ReduceKind::ArgMin) &&
         reduced.shape.size() == 1 && rn <= kShortArgRows &&
         reduced.strides[0].back() == red.value_size();
}

/// Calls f(b) once for every b in [0, n), spread over the executor's threads. The executor
/// runs a 1-d space over a byte per block; a run's pointer tells which block it is.
template <class Exec, class F>
void for_each_block(int64_t n, F&& f) {
  if (n <= 1) {
    if (n == 1) f(int64_t{0});
    return;
  }
  std::vector<char> ids(n);
  exec::StridedSpace s;
  s.shape = Dims{n};
  s.nops = 1;
  s.base[0] = ids.data();
  s.strides[0] = Dims{1};
  Exec::for_each_run(s, 1, [&](int64_t, char** p, const int64_t*) { f(p[0] - ids.data()); });
}

/// Calls f(ptrs, n, first) for the runs covering flat elements [first, last) of a coalesced
/// space (C order).
template <class F>
void for_runs(const exec::StridedSpace& s, int64_t first, int64_t last, F&& f) {
  int64_t inner = s.inner();
  char* ptrs[exec::kMaxOperands];
  while (first < last) {
    int64_t o = first / inner, i = first % inner, n = std::min(inner - i, last - first);
    s.pointers(o, i, ptrs);
    f(ptrs, n, first);
    first += n;
  }
}

/// Dims [d0, d1) of the point's part of argument `arg` (dim 0 cut to the point's rows).
inline void add_operand(exec::StridedSpace& s, const runtime::TaskContext& ctx, int arg, int d0,
                        int d1, char* base) {
  const runtime::Store& st = ctx.store(arg);
  int k = s.nops++;
  s.base[k] = base;
  s.strides[k] = Dims(st.strides.data() + d0, d1 - d0);
  if (k == 0) {
    s.shape = Dims(st.shape.data() + d0, d1 - d0);
    if (d0 == 0 && d1 > 0) s.shape[0] = ctx.rows();
  }
}

inline int64_t inner_stride(const exec::StridedSpace& s, int k) {
  return s.strides[k].size() ? s.strides[k].back() : 0;
}

/// The whole of a coalesced space reduced into one value, in blocks over the executor.
/// `index0` is the flat index of the space's first element (arg kinds).
template <class Exec>
ReduceValue reduce_space(const Reducer& red, const exec::StridedSpace& s, int64_t index0) {
  int64_t total = s.shape.product();
  int64_t stride = inner_stride(s, 0);
  // A reduction that is not reorderable runs in order, in one block.
  int64_t nblocks = red.args().reorderable ? (total + kReduceBlock - 1) / kReduceBlock : 1;
  std::vector<ReduceValue> slots(std::max<int64_t>(nblocks, 1), red.start());
  for_each_block<Exec>(nblocks, [&](int64_t b) {
    ReduceValue v = red.start();
    int64_t first = total * b / nblocks, last = total * (b + 1) / nblocks;
    for_runs(s, first, last, [&](char** p, int64_t n, int64_t at) {
      red.add_run(v, p[0], n, stride, index0 + at);
    });
    slots[b] = v;
  });
  return red.combine_all(slots.data(), nblocks);
}

template <class Exec>
void full_point(runtime::TaskContext& ctx, const Reducer& red) {
  const runtime::Store& in = ctx.store(0);
  exec::StridedSpace s;
  add_operand(s, ctx, 0, 0, in.ndim(), ctx.base[0]);
  // Flat C-order index of the point's first element (argmax over the flattened array).
  int64_t index0 = in.ndim() ? ctx.lo * (in.size() / std::max<int64_t>(in.shape[0], 1)) : 0;
  ReduceValue v = red.start();
  if (s.shape.product() > 0) {
    s.coalesce();  // merges only C-order-adjacent dims, so flat indices are kept
    v = reduce_space<Exec>(red, s, index0);
  }
  std::memcpy(ctx.partials, &v, sizeof v);
}

template <class Exec>
void rows_point(const Reducer& red, const exec::StridedSpace& kept,
                const exec::StridedSpace& reduced) {
  // Strips as wide as fit comfortably in L2 (16 bytes per complex128 accumulator): each input
  // row is read in long contiguous pieces, which keeps the hardware prefetchers streaming.
  constexpr int64_t kStrip = 4096;
  int64_t inner = kept.inner(), per_row = (inner + kStrip - 1) / kStrip;
  int64_t strips = kept.outer() * per_row;
  int64_t ks[exec::kMaxOperands];
  kept.inner_strides(ks);
  int64_t rn = reduced.shape.product(), rs = inner_stride(reduced, 0);
  // Narrow strips (small kept extents) are grouped so that a block is worth a call.
  int64_t work = std::max<int64_t>(1, std::min(inner, kStrip) * std::max<int64_t>(rn, 1));
  int64_t group = std::max<int64_t>(1, kReduceBlock / work);
  for_each_block<Exec>((strips + group - 1) / group, [&](int64_t b) {
    std::vector<char> acc(std::min(inner, kStrip) * red.value_size());
    std::vector<int64_t> index(std::min(inner, kStrip));
    for (int64_t t = b * group; t < std::min(strips, (b + 1) * group); ++t) {
      int64_t j0 = (t % per_row) * kStrip, n = std::min(kStrip, inner - j0);
      char* p[exec::kMaxOperands];
      kept.pointers(t / per_row, j0, p);
      red.init_rows(acc.data(), index.data(), n);
      for_runs(reduced, 0, rn, [&](char** q, int64_t m, int64_t r0) {
        const char* x = p[0] + (q[0] - reduced.base[0]);
        for (int64_t r = 0; r < m; ++r) {
          red.add_rows(acc.data(), index.data(), x + r * rs, n, ks[0], r0 + r);
        }
      });
      red.store_rows(acc.data(), index.data(), p[1], n, ks[1]);
    }
  });
}

template <class Exec>
void outputs_point(const Reducer& red, const exec::StridedSpace& kept,
                   exec::StridedSpace reduced) {
  int64_t m = kept.shape.product(), rn = reduced.shape.product();
  int64_t rs = inner_stride(reduced, 0);
  int64_t ks[exec::kMaxOperands];
  kept.inner_strides(ks);
  const char* r_base = reduced.base[0];
  auto reduce_one = [&](const char* x, char* out, bool split) {
    ReduceValue v = red.start_with_init();
    if (split) {
      exec::StridedSpace s = reduced;
      s.base[0] = const_cast<char*>(x);
      red.combine(v, reduce_space<Exec>(red, s, 0));
    } else {
      for_runs(reduced, 0, rn, [&](char** q, int64_t n, int64_t r0) {
        red.add_run(v, x + (q[0] - r_base), n, rs, r0);
      });
    }
    red.store(v, out);
  };
  // Few outputs with long reductions: parallelise inside each output's reduction.
  if (red.args().reorderable && m < 4 * Exec::threads() && rn >= 4 * kReduceBlock) {
    for_runs(kept, 0, m, [&](char** p, int64_t n, int64_t) {
      for (int64_t j = 0; j < n; ++j) reduce_one(p[0] + j * ks[0], p[1] + j * ks[1], true);
    });
    return;
  }
  int64_t per_block = std::max<int64_t>(1, kReduceBlock / std::max<int64_t>(rn, 1));
  bool short_rows = short_arg_rows(red, reduced, rn);
  for_each_block<Exec>((m + per_block - 1) / per_block, [&](int64_t b) {
    int64_t last = std::min(m, (b + 1) * per_block);
    for_runs(kept, b * per_block, last, [&](char** p, int64_t n, int64_t) {
      if (short_rows && red.arg_short_rows(p[0], n, ks[0], rn, rs, p[1], ks[1])) return;
      for (int64_t j = 0; j < n; ++j) reduce_one(p[0] + j * ks[0], p[1] + j * ks[1], false);
    });
  });
}

template <class Exec>
void axis_point(runtime::TaskContext& ctx, const Reducer& red) {
  const runtime::Store& in = ctx.store(0);
  const runtime::Store& out = ctx.store(1);
  int nk = red.args().nkept, nd = in.ndim();
  // The output is a Whole argument: find this point's first row ourselves.
  char* out_base = ctx.base[1] + ctx.lo * out.strides[0];
  exec::StridedSpace kept, reduced;
  add_operand(kept, ctx, 0, 0, nk, ctx.base[0]);
  add_operand(kept, ctx, 1, 0, nk, out_base);
  add_operand(reduced, ctx, 0, nk, nd, ctx.base[0]);
  if (kept.shape.product() == 0) return;
  kept.coalesce();
  reduced.coalesce();
  int64_t rn = reduced.shape.product();
  // Row-wise needs rows long enough to amortise a call per row; a few long strided
  // reductions (sum(axis=0) of a (10^6, 3) array) are cheaper one output at a time.
  bool inner_kept = std::abs(inner_stride(kept, 0)) < std::abs(inner_stride(reduced, 0)) &&
                    kept.inner() >= kFewReduced;
  if (!short_arg_rows(red, reduced, rn) && (rn <= kFewReduced || inner_kept)) {
    rows_point<Exec>(red, kept, reduced);
  } else {
    outputs_point<Exec>(red, kept, reduced);
  }
}

template <class Exec>
void reduce_body(runtime::TaskContext& ctx) {
  Reducer red(ctx.scalars<ReduceArgs>());
  if (red.args().full) {
    full_point<Exec>(ctx, red);
  } else {
    axis_point<Exec>(ctx, red);
  }
}

}  // namespace tessera::kernels
