// The GPU table of the compare ufuncs: the rows of loops_compare.inl made into GPU loops
// (gpu_loop.cuh), in the host table's order.
#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/elementwise/type_lists.h"

namespace tessera::kernels::gpu {
namespace {

using namespace ops;
using Entry = GpuLoop;

#include "kernels/elementwise/loops_compare.inl"

}  // namespace

std::span<const GpuLoop> compare_loops(Ufunc op) { return compare_table(op); }

}  // namespace tessera::kernels::gpu
