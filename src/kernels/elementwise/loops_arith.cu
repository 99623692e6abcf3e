// The GPU table of the arith ufuncs: the rows of loops_arith.inl made into GPU loops
// (gpu_loop.cuh), in the host table's order.
#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/elementwise/type_lists.h"

namespace tessera::kernels::gpu {
namespace {

using namespace ops;
using Entry = GpuLoop;

#include "kernels/elementwise/loops_arith.inl"

}  // namespace

std::span<const GpuLoop> arith_loops(Ufunc op) { return arith_table(op); }

}  // namespace tessera::kernels::gpu
