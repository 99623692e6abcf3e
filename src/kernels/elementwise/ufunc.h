#pragma once
/// The ufunc table: every element-wise operation, its NumPy name, and its typed 1-D loops.
///
/// This is the single source of truth for op codes. The C++ enum, the loop registry and the
/// Python-visible ufunc objects are all generated from TESSERA_UFUNCS below.
#include <cstdint>
#include <span>
#include <string_view>

#include "tessera/array/dtype.h"

namespace tessera::kernels {

/// A NumPy-style inner loop: n elements; ptrs = inputs then outputs; strides in bytes (may be 0
/// for a broadcast operand, or negative). Loops never allocate and never throw.
using LoopFn = void (*)(int64_t n, char* const* ptrs, const int64_t* strides);

/// One typed loop of a ufunc, e.g. add's "dd->d".
struct Loop {
  uint8_t nin;
  uint8_t nout;
  DType types[4];  // inputs then outputs
  LoopFn fn;
};

/// X(name, nin, nout). `name` is NumPy's ufunc name and the enum name.
// clang-format off
#define TESSERA_UFUNCS(X) \
  X(add, 2, 1) X(subtract, 2, 1) X(multiply, 2, 1) X(divide, 2, 1) X(floor_divide, 2, 1) \
  X(remainder, 2, 1) X(fmod, 2, 1) X(power, 2, 1) X(float_power, 2, 1) X(divmod, 2, 2) \
  X(negative, 1, 1) X(positive, 1, 1) X(absolute, 1, 1) X(fabs, 1, 1) X(sign, 1, 1) \
  X(reciprocal, 1, 1) X(conjugate, 1, 1) \
  X(equal, 2, 1) X(not_equal, 2, 1) X(less, 2, 1) X(less_equal, 2, 1) X(greater, 2, 1) \
  X(greater_equal, 2, 1) \
  X(logical_and, 2, 1) X(logical_or, 2, 1) X(logical_xor, 2, 1) X(logical_not, 1, 1) \
  X(bitwise_and, 2, 1) X(bitwise_or, 2, 1) X(bitwise_xor, 2, 1) X(invert, 1, 1) \
  X(left_shift, 2, 1) X(right_shift, 2, 1) \
  X(maximum, 2, 1) X(minimum, 2, 1) X(fmax, 2, 1) X(fmin, 2, 1) \
  X(exp, 1, 1) X(exp2, 1, 1) X(expm1, 1, 1) X(log, 1, 1) X(log2, 1, 1) X(log10, 1, 1) \
  X(log1p, 1, 1) X(logaddexp, 2, 1) X(logaddexp2, 2, 1) \
  X(sqrt, 1, 1) X(cbrt, 1, 1) X(square, 1, 1) \
  X(sin, 1, 1) X(cos, 1, 1) X(tan, 1, 1) X(arcsin, 1, 1) X(arccos, 1, 1) X(arctan, 1, 1) \
  X(sinh, 1, 1) X(cosh, 1, 1) X(tanh, 1, 1) X(arcsinh, 1, 1) X(arccosh, 1, 1) \
  X(arctanh, 1, 1) X(deg2rad, 1, 1) X(rad2deg, 1, 1) X(degrees, 1, 1) X(radians, 1, 1) \
  X(floor, 1, 1) X(ceil, 1, 1) X(trunc, 1, 1) X(rint, 1, 1) \
  X(isnan, 1, 1) X(isinf, 1, 1) X(isfinite, 1, 1) X(signbit, 1, 1) X(copysign, 2, 1) \
  X(hypot, 2, 1) X(arctan2, 2, 1) X(nextafter, 2, 1) X(spacing, 1, 1) X(ldexp, 2, 1) \
  X(frexp, 1, 2) X(modf, 1, 2) X(heaviside, 2, 1) X(gcd, 2, 1) X(lcm, 2, 1)
// clang-format on

enum class Ufunc : uint16_t {
#define TESSERA_X(name, nin, nout) name,
  TESSERA_UFUNCS(TESSERA_X)
#undef TESSERA_X
};

inline constexpr int kNumUfuncs = 0
#define TESSERA_X(name, nin, nout) +1
    TESSERA_UFUNCS(TESSERA_X)
#undef TESSERA_X
    ;

/// What `ufunc.reduce` starts from when the reduction is empty (NumPy's `ufunc.identity`).
/// MinusInfinity is logaddexp's and logaddexp2's identity.
enum class Identity : uint8_t { None, Zero, One, MinusOne, True, False, MinusInfinity };

struct UfuncInfo {
  std::string_view name;
  int nin;
  int nout;
  Identity identity;
  std::span<const Loop> loops;  // in NumPy's search order (its `ufunc.types`)
};

/// The table entry of one ufunc.
const UfuncInfo& ufunc_info(Ufunc op);

/// NumPy's loop selection, with NEP 50 weak Python scalars: `in[i]` is the dtype of operand i;
/// for a Python scalar operand `weak[i]` says its kind and `in[i]` is ignored.
/// With `signature` non-null (the `dtype=` argument), outputs must have that dtype
/// and inputs are cast to the loop's types. Returns nullptr when no loop fits (the caller
/// raises NumPy's TypeError).
const Loop* select_loop(Ufunc op, const DType* in, const WeakKind* weak, const DType* signature);

/// Errors a loop met, as NumPy raises them after the loop: loops cannot throw, so they set this
/// per-thread flag and the caller of the loop checks it.
enum class LoopError : uint8_t { None, NegativeIntegerPower };
LoopError& loop_error();

/// The unary copy-and-convert loop from `from` to `to` (NumPy's unsafe C cast, never UB-trapping).
LoopFn cast_loop(DType from, DType to);

}  // namespace tessera::kernels
