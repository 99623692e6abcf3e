// The GPU table of the math ufuncs: the rows of loops_math.inl made into GPU loops
// (gpu_loop.cuh), in the host table's order.
#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/elementwise/type_lists.h"

namespace tessera::kernels::gpu {
namespace {

using namespace ops;
using Entry = GpuLoop;

#include "kernels/elementwise/loops_math.inl"

}  // namespace

std::span<const GpuLoop> math_loops(Ufunc op) { return math_table(op); }

}  // namespace tessera::kernels::gpu
