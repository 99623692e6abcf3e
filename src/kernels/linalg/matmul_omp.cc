#include "kernels/linalg/matmul_template.inl"

namespace tessera::kernels {
void matmul_body_omp(runtime::TaskContext& ctx) { matmul_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
