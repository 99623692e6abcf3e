#include "kernels/sort/sort_template.inl"

namespace tessera::kernels {
void sort_blocks_omp(runtime::TaskContext& ctx) { sort_blocks_body<exec::OpenMP>(ctx); }
void merge_runs_omp(runtime::TaskContext& ctx) { merge_runs_body<exec::OpenMP>(ctx); }
void partition_omp(runtime::TaskContext& ctx) { partition_body<exec::OpenMP>(ctx); }
void searchsorted_omp(runtime::TaskContext& ctx) { searchsorted_body<exec::OpenMP>(ctx); }
}  // namespace tessera::kernels
