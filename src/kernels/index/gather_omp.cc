#include "kernels/index/gather_template.inl"

namespace tessera::kernels {
void gather_body_omp(runtime::TaskContext& ctx) { gather_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
