// The GPU table of the bitwise ufuncs: the rows of loops_bitwise.inl made into GPU loops
// (gpu_loop.cuh), in the host table's order.
#include "kernels/elementwise/gpu_loop.cuh"
#include "kernels/elementwise/type_lists.h"

namespace tessera::kernels::gpu {
namespace {

using namespace ops;
using Entry = GpuLoop;

#include "kernels/elementwise/loops_bitwise.inl"

}  // namespace

std::span<const GpuLoop> bitwise_loops(Ufunc op) { return bitwise_table(op); }

}  // namespace tessera::kernels::gpu
