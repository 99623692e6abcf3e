// Loop tables of the logical ufuncs and maximum/minimum/fmax/fmin, in NumPy 2.4's order.
// The rows are in loops_logical.inl, shared with the GPU table (loops_logical.cu).
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;
using Entry = Loop;

#include "kernels/elementwise/loops_logical.inl"

}  // namespace

std::span<const Loop> logical_loops(Ufunc op) { return logical_table(op); }

}  // namespace tessera::kernels
