#include "kernels/scan/scan_template.inl"

namespace tessera::kernels {
void scan_lines_omp(runtime::TaskContext& ctx) { scan_lines_body<exec::OpenMP>(ctx); }
void scan_blocks_omp(runtime::TaskContext& ctx) { scan_blocks_body<exec::OpenMP>(ctx); }
void scan_offsets_omp(runtime::TaskContext& ctx) { scan_offsets_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
