// The GPU table of the logical ufuncs: the rows of loops_logical.inl made into GPU loops
// (gpu_loop.cuh), in the host table's order.
#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/elementwise/type_lists.h"

namespace tessera::kernels::gpu {
namespace {

using namespace ops;
using Entry = GpuLoop;

#include "kernels/elementwise/loops_logical.inl"

}  // namespace

std::span<const GpuLoop> logical_loops(Ufunc op) { return logical_table(op); }

}  // namespace tessera::kernels::gpu
