#include "kernels/fill/iota_template.inl"

namespace tessera::kernels {
void iota_body_omp(runtime::TaskContext& ctx) { iota_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
