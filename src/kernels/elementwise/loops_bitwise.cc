// Loop tables of the bitwise and integer-only ufuncs, in NumPy 2.4's order.
// The rows are in loops_bitwise.inl, shared with the GPU table (loops_bitwise.cu).
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;
using Entry = Loop;

#include "kernels/elementwise/loops_bitwise.inl"

}  // namespace

std::span<const Loop> bitwise_loops(Ufunc op) { return bitwise_table(op); }

}  // namespace tessera::kernels
