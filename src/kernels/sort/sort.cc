// The sorting tasks' Serial variants, their variants tables, and the small tasks of unique.
#include "kernels/sort/sort_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void sort_blocks_omp(runtime::TaskContext& ctx);
void merge_runs_omp(runtime::TaskContext& ctx);
void partition_omp(runtime::TaskContext& ctx);
void searchsorted_omp(runtime::TaskContext& ctx);
#define TESSERA_OMP_VARIANT(f) f
#else
#define TESSERA_OMP_VARIANT(f) nullptr
#endif
#if defined(TESSERA_HAVE_CUDA)
// sort.cu (complex dtypes stay on the CPU)
void sort_blocks_cuda(runtime::TaskContext& ctx);
bool sort_blocks_cuda_supports(const runtime::Launch& l);
void merge_runs_cuda(runtime::TaskContext& ctx);
bool merge_runs_cuda_supports(const runtime::Launch& l);
void partition_cuda(runtime::TaskContext& ctx);
bool partition_cuda_supports(const runtime::Launch& l);
void searchsorted_cuda(runtime::TaskContext& ctx);
bool sortable_arg1_cuda_supports(const runtime::Launch& l);
void unique_flags_cuda(runtime::TaskContext& ctx);
void unique_counts_cuda(runtime::TaskContext& ctx);
void unique_groups_cuda(runtime::TaskContext& ctx);
#define TESSERA_CUDA_VARIANT(f) f
#else
#define TESSERA_CUDA_VARIANT(f) nullptr
#endif

namespace {

void sort_blocks_serial(runtime::TaskContext& ctx) { sort_blocks_body<exec::Serial>(ctx); }
void merge_runs_serial(runtime::TaskContext& ctx) { merge_runs_body<exec::Serial>(ctx); }
void partition_serial(runtime::TaskContext& ctx) { partition_body<exec::Serial>(ctx); }
void searchsorted_serial(runtime::TaskContext& ctx) { searchsorted_body<exec::Serial>(ctx); }

template <class T>
bool same_value(const T& x, const T& y, bool equal_nan) {
  if constexpr (kIsComplex<T> || kIsFloat<T>) {
    if (equal_nan && is_nan(x) && is_nan(y)) return true;
  }
  return x == y;
}

void unique_flags_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<UniqueArgs>();
  const runtime::Store& flags = ctx.store(0);
  const runtime::Store& keys = ctx.store(1);
  int64_t ks = keys.strides[0], fs = flags.strides[0];
  dispatch_dtype(keys.dtype, [&](auto tag) {
    using T = decltype(tag);
    auto key = [&](int64_t i) { return *reinterpret_cast<const T*>(ctx.base[1] + i * ks); };
    for (int64_t i = ctx.lo; i < ctx.hi; ++i) {
      bool first = i == 0 || !same_value(key(i - 1), key(i), a.equal_nan);
      *reinterpret_cast<bool*>(ctx.base[0] + (i - ctx.lo) * fs) = first;
    }
  });
}

int64_t start_of(const runtime::TaskContext& ctx, int64_t g) {
  return *reinterpret_cast<const int64_t*>(ctx.base[1] + g * ctx.store(1).strides[0]);
}

void unique_counts_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<UniqueArgs>();
  int64_t k = ctx.store(1).shape[0], cs = ctx.store(0).strides[0];
  for (int64_t g = ctx.lo; g < ctx.hi; ++g) {
    int64_t end = g + 1 < k ? start_of(ctx, g + 1) : a.n;
    *reinterpret_cast<int64_t*>(ctx.base[0] + (g - ctx.lo) * cs) = end - start_of(ctx, g);
  }
}

void unique_groups_serial(runtime::TaskContext& ctx) {
  int64_t k = ctx.store(1).shape[0], gs = ctx.store(0).strides[0];
  // The last value starting at or before this point's first position.
  int64_t lo = 0, hi = k;
  while (hi - lo > 1) {
    int64_t mid = (lo + hi) / 2;
    (start_of(ctx, mid) <= ctx.lo ? lo : hi) = mid;
  }
  for (int64_t i = ctx.lo, g = lo; i < ctx.hi; ++i) {
    while (g + 1 < k && start_of(ctx, g + 1) <= i) ++g;
    *reinterpret_cast<int64_t*>(ctx.base[0] + (i - ctx.lo) * gs) = g;
  }
}

}  // namespace

const runtime::TaskVariants sort_blocks_task = {
    "sort", sort_blocks_serial, TESSERA_OMP_VARIANT(sort_blocks_omp),
    TESSERA_CUDA_VARIANT(sort_blocks_cuda), TESSERA_CUDA_VARIANT(sort_blocks_cuda_supports)};
const runtime::TaskVariants merge_runs_task = {
    "sort", merge_runs_serial, TESSERA_OMP_VARIANT(merge_runs_omp),
    TESSERA_CUDA_VARIANT(merge_runs_cuda), TESSERA_CUDA_VARIANT(merge_runs_cuda_supports)};
const runtime::TaskVariants partition_task = {
    "partition", partition_serial, TESSERA_OMP_VARIANT(partition_omp),
    TESSERA_CUDA_VARIANT(partition_cuda), TESSERA_CUDA_VARIANT(partition_cuda_supports)};
const runtime::TaskVariants searchsorted_task = {
    "searchsorted", searchsorted_serial, TESSERA_OMP_VARIANT(searchsorted_omp),
    TESSERA_CUDA_VARIANT(searchsorted_cuda), TESSERA_CUDA_VARIANT(sortable_arg1_cuda_supports)};
const runtime::TaskVariants unique_flags_task = {"unique", unique_flags_serial, nullptr,
                                                 TESSERA_CUDA_VARIANT(unique_flags_cuda),
                                                 TESSERA_CUDA_VARIANT(sortable_arg1_cuda_supports)};
const runtime::TaskVariants unique_counts_task = {"unique", unique_counts_serial, nullptr,
                                                  TESSERA_CUDA_VARIANT(unique_counts_cuda)};
const runtime::TaskVariants unique_groups_task = {"unique", unique_groups_serial, nullptr,
                                                  TESSERA_CUDA_VARIANT(unique_groups_cuda)};

#undef TESSERA_CUDA_VARIANT
#undef TESSERA_OMP_VARIANT

}  // namespace tessera::kernels
