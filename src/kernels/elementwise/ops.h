#pragma once
/// One functor per ufunc with NumPy's per-dtype semantics. Each is a stateless struct whose
/// templated call operator is instantiated by the loops in loop.h for exactly the types of the
/// ufunc's table entries. Rules that hold for all of them:
///   - float16 arrives widened to float (NumPy computes half loops through float) unless the
///     functor sets kNativeHalf, in which case it sees the float16 values themselves;
///   - integers wrap around, never overflow into UB, and never trap (x/0 gives 0, as NumPy);
///   - no exceptions, no allocation, TESSERA_HD on every operator (for a future nvcc build).
/// Arithmetic, comparison, logical and bitwise ops live here; math functions in ops_math.h.
#include <utility>

#include "kernels/elementwise/ops_complex.h"
#include "kernels/elementwise/ops_detail.h"

namespace tessera::kernels::ops {

using namespace ::tessera::kernels::detail;

/// NumPy's truth value of an element: nonzero (either part, for complex).
template <class T>
TESSERA_HD bool nonzero(T x) {
  if constexpr (kIsComplex<T>) {
    return x.real() != 0 || x.imag() != 0;
  } else {
    return x != 0;
  }
}

// ---- arithmetic -----------------------------------------------------------------------------

struct Add {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsBool<T>)
      return a || b;  // NumPy's '??->?' add is logical or
    else if constexpr (kIsInt<T>)
      return wrap_add(a, b);
    else if constexpr (kIsComplex<T>)
      return T(a.real() + b.real(), a.imag() + b.imag());  // see Subtract's note
    else
      return a + b;
  }
};

struct Subtract {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsInt<T>)
      return wrap_sub(a, b);
    else if constexpr (kIsComplex<T>)
      // Part by part, as std::complex's operator- does on the host (same bits). Not through
      // std::complex's operators: their libstdc++ body is GCC's __complex__ arithmetic, which
      // nvcc compiles into device code that drops the second operand (a + b gave a).
      return T(a.real() - b.real(), a.imag() - b.imag());
    else
      return a - b;
  }
};

struct Multiply {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsBool<T>)
      return a && b;
    else if constexpr (kIsInt<T>)
      return wrap_mul(a, b);
    else if constexpr (kIsComplex<T>)
      return cmul_fused(a, b);
    else
      return a * b;
  }
};

/// True division; integer inputs reach it through the float64 loop (loop selection).
struct Divide {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsComplex<T>)
      return cdiv(a, b);
    else
      return a / b;
  }
};

struct FloorDivide {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsInt<T>)
      return int_floor_divide(a, b);
    else
      return float_floor_divide(a, b);
  }
};

struct Remainder {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsInt<T>)
      return int_remainder(a, b);
    else
      return float_remainder(a, b);
  }
};

struct Fmod {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsInt<T>)
      return int_fmod(a, b);
    else
      return std::fmod(a, b);
  }
};

/// Integer power of a negative exponent gives 0 here; NumPy raises ValueError for it, which
/// the caller must check before running the loop.
struct Power {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsInt<T>)
      return int_power(a, b);
    else if constexpr (kIsComplex<T>)
      return cpow(a, b);
    else
      return std::pow(a, b);
  }
};

/// float_power only has float64 and complex128 loops; the arithmetic is power's.
struct FloatPower : Power {};

struct Divmod {
  template <class T>
  TESSERA_HD Pair<T, T> operator()(T a, T b) const {
    if constexpr (kIsInt<T>)
      return {int_floor_divide(a, b), int_remainder(a, b)};
    else
      return float_divmod(a, b);
  }
};

struct Negative {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsInt<T>)
      return wrap_neg(a);
    else
      return -a;
  }
};

struct Positive {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    return a;
  }
};

/// |x|; INT_MIN stays INT_MIN as in NumPy; complex gives the real magnitude.
struct Absolute {
  template <class T>
  TESSERA_HD auto operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return cabs(a.real(), a.imag());
    else if constexpr (kIsInt<T> && std::is_signed_v<T>)
      return a < 0 ? wrap_neg(a) : a;
    else if constexpr (kIsFloat<T>)
      return std::fabs(a);
    else
      return a;
  }
};

struct Fabs {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    return std::fabs(a);
  }
};

/// -1/0/1; nan stays nan and -0.0 gives +0.0 (NumPy's float sign); z/|z| for complex.
struct Sign {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return csign(a);
    else if constexpr (kIsFloat<T>)
      return a > 0 ? T(1) : a < 0 ? T(-1) : a == 0 ? T(0) : a;
    else if constexpr (std::is_signed_v<T>)
      return static_cast<T>((a > 0) - (a < 0));
    else
      return static_cast<T>(a > 0);
  }
};

/// 1/x. NumPy's integer loop computes 1.0/x in double and casts back, so 1/0 on int64 is
/// INT64_MIN (x86's conversion of inf); we reproduce that through float_to_int.
struct Reciprocal {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsInt<T>)
      return float_to_int<T>(1.0 / static_cast<double>(a));
    else if constexpr (kIsComplex<T>)
      return creciprocal(a);
    else
      return T(1) / a;
  }
};

struct Conjugate {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return T(a.real(), -a.imag());
    else
      return a;
  }
};

struct Square {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsInt<T>)
      return wrap_mul(a, a);
    else if constexpr (kIsComplex<T>)
      return cmul_fused(a, a);
    else
      return a * a;
  }
};

// ---- comparisons (inputs may differ only for the exact int64/uint64 loops 'qQ' and 'Qq') ----

struct Equal {
  template <class A, class B>
  TESSERA_HD bool operator()(A a, B b) const {
    if constexpr (!std::is_same_v<A, B>)
      return std::cmp_equal(a, b);
    else
      return a == b;
  }
};

struct NotEqual {
  template <class A, class B>
  TESSERA_HD bool operator()(A a, B b) const {
    return !Equal{}(a, b);  // also right for nan: nan != nan is true
  }
};

struct Less {
  template <class A, class B>
  TESSERA_HD bool operator()(A a, B b) const {
    if constexpr (!std::is_same_v<A, B>)
      return std::cmp_less(a, b);
    else if constexpr (kIsComplex<A>)
      return cless(a, b);
    else
      return a < b;
  }
};

struct LessEqual {
  template <class A, class B>
  TESSERA_HD bool operator()(A a, B b) const {
    if constexpr (!std::is_same_v<A, B>)
      return std::cmp_less_equal(a, b);
    else if constexpr (kIsComplex<A>)
      return cless_equal(a, b);
    else
      return a <= b;
  }
};

struct Greater {
  template <class A, class B>
  TESSERA_HD bool operator()(A a, B b) const {
    return Less{}(b, a);
  }
};

struct GreaterEqual {
  template <class A, class B>
  TESSERA_HD bool operator()(A a, B b) const {
    return LessEqual{}(b, a);
  }
};

// ---- logical (any dtype in, bool out) ------------------------------------------------------

struct LogicalAnd {
  template <class T>
  TESSERA_HD bool operator()(T a, T b) const {
    return nonzero(a) && nonzero(b);
  }
};

struct LogicalOr {
  template <class T>
  TESSERA_HD bool operator()(T a, T b) const {
    return nonzero(a) || nonzero(b);
  }
};

struct LogicalXor {
  template <class T>
  TESSERA_HD bool operator()(T a, T b) const {
    return nonzero(a) != nonzero(b);
  }
};

struct LogicalNot {
  template <class T>
  TESSERA_HD bool operator()(T a) const {
    return !nonzero(a);
  }
};

// ---- bitwise (bool and integers) -----------------------------------------------------------

struct BitwiseAnd {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return static_cast<T>(a & b);
  }
};

struct BitwiseOr {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return static_cast<T>(a | b);
  }
};

struct BitwiseXor {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return static_cast<T>(a ^ b);
  }
};

struct Invert {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsBool<T>)
      return !a;
    else
      return static_cast<T>(~a);
  }
};

struct LeftShift {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return int_left_shift(a, b);
  }
};

struct RightShift {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return int_right_shift(a, b);
  }
};

struct Gcd {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return int_gcd(a, b);
  }
};

struct Lcm {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return int_lcm(a, b);
  }
};

// ---- maximum/minimum (nan-propagating) and fmax/fmin (nan-ignoring) --------------------------
// On a tie (0.0 vs -0.0) NumPy's float32/float64 loops return the second operand and its
// float16 loops the first; these functors see float16 unwidened to keep that difference.

struct Maximum {
  static constexpr bool kNativeHalf = true;
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsComplex<T>)
      return (cisnan(a) || cless_equal(b, a)) ? a : b;
    else if constexpr (kIsHalf<T>)
      return (float(a) >= float(b) || std::isnan(float(a))) ? a : b;
    else if constexpr (kIsFloat<T>)
      return (a > b || std::isnan(a)) ? a : b;
    else
      return a > b ? a : b;
  }
};

struct Minimum {
  static constexpr bool kNativeHalf = true;
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsComplex<T>)
      return (cisnan(a) || cless_equal(a, b)) ? a : b;
    else if constexpr (kIsHalf<T>)
      return (float(a) <= float(b) || std::isnan(float(a))) ? a : b;
    else if constexpr (kIsFloat<T>)
      return (a < b || std::isnan(a)) ? a : b;
    else
      return a < b ? a : b;
  }
};

struct Fmax {
  static constexpr bool kNativeHalf = true;
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsComplex<T>)
      return (cisnan(b) || cless_equal(b, a)) ? a : b;
    else if constexpr (kIsHalf<T>)
      return (float(a) >= float(b) || std::isnan(float(b))) ? a : b;
    else if constexpr (kIsFloat<T>)
      return (a > b || std::isnan(b)) ? a : b;
    else
      return a > b ? a : b;
  }
};

struct Fmin {
  static constexpr bool kNativeHalf = true;
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsComplex<T>)
      return (cisnan(b) || cless_equal(a, b)) ? a : b;
    else if constexpr (kIsHalf<T>)
      return (float(a) <= float(b) || std::isnan(float(b))) ? a : b;
    else if constexpr (kIsFloat<T>)
      return (a < b || std::isnan(b)) ? a : b;
    else
      return a < b ? a : b;
  }
};

}  // namespace tessera::kernels::ops

#include "kernels/elementwise/ops_math.h"
