#include "kernels/elementwise/elementwise_template.inl"

namespace tessera::kernels {
void elementwise_body_omp(runtime::TaskContext& ctx) { elementwise_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
