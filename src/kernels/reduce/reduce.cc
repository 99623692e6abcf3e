// The reduction task's Serial variant, its variants table, and the fold of full reductions.
#include <vector>

#include "kernels/reduce/reduce_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void reduce_body_omp(runtime::TaskContext& ctx);  // reduce_omp.cc
#endif
#if defined(TESSERA_HAVE_CUDA)
void reduce_cuda(runtime::TaskContext& ctx);  // reduce.cu
bool reduce_cuda_supports(const runtime::Launch& l);
#endif

namespace {

void serial_body(runtime::TaskContext& ctx) { reduce_body<exec::Serial>(ctx); }

}  // namespace

const runtime::TaskVariants reduce_task = {
    "reduce", serial_body,
#if defined(TESSERA_HAVE_OPENMP)
    reduce_body_omp,
#else
    nullptr,
#endif
#if defined(TESSERA_HAVE_CUDA)
    reduce_cuda, reduce_cuda_supports,
#else
    nullptr, nullptr,
#endif
};

void reduce_fold(runtime::TaskContext& ctx) {
  Reducer red(ctx.scalars<ReduceArgs>());
  // The partials are combined in point order, so the result does not depend on scheduling.
  std::vector<ReduceValue> parts(ctx.num_points);
  std::memcpy(parts.data(), ctx.partials, parts.size() * sizeof(ReduceValue));
  ReduceValue v = red.start_with_init();
  red.combine(v, red.combine_all(parts.data(), ctx.num_points));
  red.store(v, ctx.base[ctx.launch->fold_target]);
}

}  // namespace tessera::kernels
