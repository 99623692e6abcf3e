// Loop tables of exponentials, logarithms, powers and trigonometric functions, in NumPy 2.4's
// order (NumPy lists some float loops twice, a generic and a SIMD one; one is kept).
// The rows are in loops_math.inl, shared with the GPU table (loops_math.cu).
#include "kernels/elementwise/loop.h"
#include "kernels/elementwise/vector_math.h"

namespace tessera::kernels {
namespace {

using namespace ops;
using Entry = Loop;

#include "kernels/elementwise/loops_math.inl"

}  // namespace

std::span<const Loop> math_loops(Ufunc op) { return math_table(op); }

}  // namespace tessera::kernels
