#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/elementwise/ufunc.h"
#include "kernels/index/gather_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void gather_body_omp(runtime::TaskContext& ctx);
#endif
#if defined(TESSERA_HAVE_CUDA)
// gather.cu
void gather_body_cuda(runtime::TaskContext& ctx);
bool gather_cuda_supports(const runtime::Launch& l);
void count_body_cuda(runtime::TaskContext& ctx);
void compact_body_cuda(runtime::TaskContext& ctx);
void scatter_body_cuda(runtime::TaskContext& ctx);
bool scatter_cuda_supports(const runtime::Launch& l);
#define TESSERA_INDEX_CUDA(f) f
#else
#define TESSERA_INDEX_CUDA(f) nullptr
#endif

void check_indices(const char* idx, int64_t stride, int64_t m, int64_t n, int64_t axis) {
  for (int64_t i = 0; i < m; ++i) {
    int64_t j = *reinterpret_cast<const int64_t*>(idx + i * stride);
    if (j < -n || j >= n) {
      throw std::out_of_range("index " + std::to_string(j) + " is out of bounds for axis " +
                              std::to_string(axis) + " with size " + std::to_string(n));
    }
  }
}

namespace {

void gather_serial(runtime::TaskContext& ctx) { gather_body<exec::Serial>(ctx); }

void scatter_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<GatherArgs>();
  const runtime::Store& dst = ctx.store(0);
  const runtime::Store& idx = ctx.store(1);
  const runtime::Store& val = ctx.store(2);
  int64_t m = idx.shape[0];
  check_indices(ctx.base[1], idx.strides[0], m, a.axis_size, a.axis);
  int nd = dst.ndim() - 1;
  Dims rest(dst.shape.data() + 1, nd);
  Dims dst_rest(dst.strides.data() + 1, nd);
  Dims val_rest(val.strides.data() + 1, nd);
  for (int64_t i = 0; i < m; ++i) {  // in index order: the last write wins, as NumPy
    int64_t j = wrap_index(*reinterpret_cast<const int64_t*>(ctx.base[1] + i * idx.strides[0]),
                           a.axis_size);
    copy_block(ctx.base[2] + i * val.strides[0], val_rest, ctx.base[0] + j * dst.strides[0],
               dst_rest, rest, dst.itemsize());
  }
}

void count_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<CompactArgs>();
  const runtime::Store& counts = ctx.store(0);
  const runtime::Store& mask = ctx.store(1);
  int64_t ms = mask.strides[0];
  for (int64_t b = ctx.lo; b < ctx.hi; ++b) {
    int64_t c = 0, end = std::min(a.n, (b + 1) * a.block);
    for (int64_t i = b * a.block; i < end; ++i) c += ctx.base[1][i * ms] != 0;
    *reinterpret_cast<int64_t*>(ctx.base[0] + (b - ctx.lo) * counts.strides[0]) = c;
  }
}

void compact_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<CompactArgs>();
  const runtime::Store& out = ctx.store(0);
  const runtime::Store& offsets = ctx.store(1);
  const runtime::Store& mask = ctx.store(2);
  auto offset = [&](int64_t b) {
    return *reinterpret_cast<const int64_t*>(ctx.base[1] + b * offsets.strides[0]);
  };
  // The last block whose offset is <= lo holds this point's first true element.
  int64_t lo_b = 0, hi_b = offsets.shape[0];
  while (hi_b - lo_b > 1) {
    int64_t mid = (lo_b + hi_b) / 2;
    (offset(mid) <= ctx.lo ? lo_b : hi_b) = mid;
  }
  int64_t skip = ctx.lo - offset(lo_b), k = 0, rows = ctx.rows(), ms = mask.strides[0];
  for (int64_t i = lo_b * a.block; i < a.n && k < rows; ++i) {
    if (ctx.base[2][i * ms] == 0) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    *reinterpret_cast<int64_t*>(ctx.base[0] + k * out.strides[0]) = i;
    ++k;
  }
}

}  // namespace

const runtime::TaskVariants gather_task = {
    "take", gather_serial,
#if defined(TESSERA_HAVE_OPENMP)
    gather_body_omp,
#else
    nullptr,
#endif
    TESSERA_INDEX_CUDA(gather_body_cuda), TESSERA_INDEX_CUDA(gather_cuda_supports)};
// One point: the last duplicate index wins (on the GPU by keeping the largest writer per row).
const runtime::TaskVariants scatter_task = {"put", scatter_serial, nullptr,
                                            TESSERA_INDEX_CUDA(scatter_body_cuda),
                                            TESSERA_INDEX_CUDA(scatter_cuda_supports)};
const runtime::TaskVariants count_task = {"flatnonzero", count_serial, nullptr,
                                          TESSERA_INDEX_CUDA(count_body_cuda)};
const runtime::TaskVariants compact_task = {"flatnonzero", compact_serial, nullptr,
                                            TESSERA_INDEX_CUDA(compact_body_cuda)};

#undef TESSERA_INDEX_CUDA

}  // namespace tessera::kernels
