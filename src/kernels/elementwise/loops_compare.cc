// Loop tables of the comparison ufuncs, in NumPy 2.4's order.
// The rows are in loops_compare.inl, shared with the GPU table (loops_compare.cu).
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;
using Entry = Loop;

#include "kernels/elementwise/loops_compare.inl"

}  // namespace

std::span<const Loop> compare_loops(Ufunc op) { return compare_table(op); }

}  // namespace tessera::kernels
