#include "kernels/reduce/reduce_template.inl"

namespace tessera::kernels {
void reduce_body_omp(runtime::TaskContext& ctx) { reduce_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
