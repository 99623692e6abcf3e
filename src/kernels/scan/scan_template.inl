// The scan bodies, written once against the executor (scan.cc: Serial, scan_omp.cc: OpenMP).
#include <algorithm>
#include <vector>

#include "kernels/scan/scan.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

/// Independent lines of a (lines, n, inner) view; this point's lines are [lo, hi).
template <class Exec>
void scan_lines_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ScanArgs>();
  const ScanFns& f = *a.fns;
  const runtime::Store& v = ctx.store(0);
  int64_t n = a.n, sn = v.strides[1], inner = v.shape[2], si = v.strides[2];
  exec::StridedSpace s;
  s.shape = Dims{ctx.rows()};
  s.nops = 1;
  s.base[0] = ctx.base[0];
  s.strides[0] = Dims{v.strides[0]};
  if (a.layout == ScanLayout::Columns) {
    // Dim 0 is the inner dim: runs of columns advance together, one step of the scan at a time.
    Exec::for_each_run(s, 256, [&](int64_t cnt, char** p, const int64_t* st) {
      for (int64_t k = 1; k < n; ++k) f.step(p[0] + k * sn, p[0] + (k - 1) * sn, cnt, st[0]);
    });
    return;
  }
  Exec::for_each_run(s, 1, [&](int64_t cnt, char** p, const int64_t* st) {
    for (int64_t r = 0; r < cnt; ++r) {
      char* line = p[0] + r * st[0];
      if (inner == 1) {
        alignas(16) char total[16];
        f.line(line, n, sn, total);
        continue;
      }
      for (int64_t k = 1; k < n; ++k) f.step(line + k * sn, line + (k - 1) * sn, inner, si);
    }
  });
}

/// Phase 1 of a blocked scan: each block of this point scanned alone, its total recorded.
template <class Exec>
void scan_blocks_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ScanArgs>();
  const ScanFns& f = *a.fns;
  int64_t sl = ctx.store(1).strides[0];
  char* line = ctx.base[1];
  exec::StridedSpace s;
  s.shape = Dims{ctx.rows()};
  s.nops = 2;
  s.base[0] = ctx.base[0];
  s.strides[0] = Dims{ctx.store(0).strides[0]};
  s.base[1] = line + ctx.lo * a.block * sl;
  s.strides[1] = Dims{a.block * sl};
  Exec::for_each_run(s, 1, [&](int64_t cnt, char** p, const int64_t* st) {
    for (int64_t r = 0; r < cnt; ++r) {
      char* first = p[1] + r * st[1];
      int64_t b = (first - line) / (a.block * sl);
      int64_t len = std::min(a.block, a.n - b * a.block);
      f.line(first, len, sl, p[0] + r * st[0]);
    }
  });
}

/// Phase 2 and 3: every block but the first combined with the totals of the blocks before it.
template <class Exec>
void scan_offsets_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ScanArgs>();
  const ScanFns& f = *a.fns;
  int64_t stot = ctx.store(0).strides[0], sl = ctx.store(1).strides[0];
  const char* totals = ctx.base[0];
  char* line = ctx.base[1];
  // The exclusive scan of the totals, in block order whatever the split (deterministic).
  constexpr int kSlot = 16;
  std::vector<unsigned char> offsets(static_cast<size_t>(ctx.rows()) * kSlot);
  alignas(16) char acc[kSlot];
  f.identity(acc);
  for (int64_t b = 0; b < ctx.lo; ++b) f.combine(acc, totals + b * stot);
  for (int64_t b = ctx.lo; b < ctx.hi; ++b) {
    std::copy(acc, acc + kSlot, offsets.data() + (b - ctx.lo) * kSlot);
    f.combine(acc, totals + b * stot);
  }
  exec::StridedSpace s;
  s.shape = Dims{ctx.rows()};
  s.nops = 1;
  s.base[0] = line + ctx.lo * a.block * sl;
  s.strides[0] = Dims{a.block * sl};
  Exec::for_each_run(s, 1, [&](int64_t cnt, char** p, const int64_t* st) {
    for (int64_t r = 0; r < cnt; ++r) {
      char* first = p[0] + r * st[0];
      int64_t b = (first - line) / (a.block * sl);
      if (b == 0) continue;
      int64_t len = std::min(a.block, a.n - b * a.block);
      f.offset(first, len, sl,
               reinterpret_cast<const char*>(offsets.data()) + (b - ctx.lo) * kSlot);
    }
  });
}

}  // namespace tessera::kernels
