// Loop tables of rounding, classification and the float-only ufuncs, in NumPy 2.4's order.
// The rows are in loops_float.inl, shared with the GPU table (loops_float.cu).
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;
using Entry = Loop;

#include "kernels/elementwise/loops_float.inl"

}  // namespace

std::span<const Loop> float_loops(Ufunc op) { return float_table(op); }

}  // namespace tessera::kernels
