// Loop tables of the arithmetic ufuncs. Each row lists NumPy 2.4's `np.<ufunc>.types` in order,
// restricted to tessera's dtypes (no long double, object, datetime; 'l' and 'q' are one int64).
// The rows are in loops_arith.inl, shared with the GPU table (loops_arith.cu).
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;
using Entry = Loop;

#include "kernels/elementwise/loops_arith.inl"

}  // namespace

std::span<const Loop> arith_loops(Ufunc op) { return arith_table(op); }

}  // namespace tessera::kernels
