// The GPU table of the float ufuncs: the rows of loops_float.inl made into GPU loops
// (gpu_loop.cuh), in the host table's order.
#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/elementwise/type_lists.h"

namespace tessera::kernels::gpu {
namespace {

using namespace ops;
using Entry = GpuLoop;

#include "kernels/elementwise/loops_float.inl"

}  // namespace

std::span<const GpuLoop> float_loops(Ufunc op) { return float_table(op); }

}  // namespace tessera::kernels::gpu
