#include "kernels/random/random_template.inl"

namespace tessera::kernels {
void random_body_omp(runtime::TaskContext& ctx) { random_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
