#pragma once
/// Scalar helpers behind the ufunc functors in ops.h: type traits, wrapping integer arithmetic,
/// Python-style integer division, NumPy's float divmod, x86-exact float-to-int conversion and the
/// float16 bit tricks NumPy uses. Everything here is header-only, inline, and free of exceptions
/// and allocation so the same code can later be compiled by nvcc.
#include <bit>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/elementwise/ufunc.h"
#include "tessera/array/dtype.h"
#include "tessera/exec/hd.h"

namespace tessera::kernels::detail {

// ---- type traits ---------------------------------------------------------------------------

template <class T>
inline constexpr bool kIsComplex = false;
template <class T>
inline constexpr bool kIsComplex<std::complex<T>> = true;

template <class T>
inline constexpr bool kIsBool = std::is_same_v<T, bool>;

/// Integer dtypes (bool excluded: NumPy's bool loops have their own rules).
template <class T>
inline constexpr bool kIsInt = std::is_integral_v<T> && !kIsBool<T>;

template <class T>
inline constexpr bool kIsHalf = std::is_same_v<T, float16>;

/// Real floating types, float16 included (std::is_floating_point does not know _Float16 in GCC 12).
template <class T>
inline constexpr bool kIsFloat = std::is_floating_point_v<T> || kIsHalf<T>;

/// The unsigned type integer arithmetic on T is done in: at least `unsigned int`, so that e.g.
/// uint16 * uint16 does not overflow a promoted (signed) int, which would be UB.
template <class T>
using WideUnsigned = std::make_unsigned_t<decltype(T{} + T{})>;

// ---- wrapping integer arithmetic (NumPy wraps silently; C++ signed overflow is UB) ------------

template <class T>
TESSERA_HD constexpr T wrap_add(T a, T b) {
  using U = WideUnsigned<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <class T>
TESSERA_HD constexpr T wrap_sub(T a, T b) {
  using U = WideUnsigned<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <class T>
TESSERA_HD constexpr T wrap_mul(T a, T b) {
  using U = WideUnsigned<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}
template <class T>
TESSERA_HD constexpr T wrap_neg(T a) {
  using U = WideUnsigned<T>;
  return static_cast<T>(U{0} - static_cast<U>(a));
}

/// True for the one quotient that overflows: MIN / -1.
template <class T>
TESSERA_HD constexpr bool div_overflows(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    return a == std::numeric_limits<T>::min() && b == T(-1);
  } else {
    return false;
  }
}

/// Python's a // b. NumPy gives 0 for b == 0 and MIN for MIN // -1 (both with a warning).
template <class T>
TESSERA_HD constexpr T int_floor_divide(T a, T b) {
  if (b == 0) return 0;
  if (div_overflows(a, b)) return a;
  T q = static_cast<T>(a / b);
  if constexpr (std::is_signed_v<T>) {
    if ((a % b != 0) && ((a < 0) != (b < 0))) q = static_cast<T>(q - 1);
  }
  return q;
}

/// Python's a % b (sign of the divisor); 0 for b == 0 and for MIN % -1.
template <class T>
TESSERA_HD constexpr T int_remainder(T a, T b) {
  if (b == 0 || div_overflows(a, b)) return 0;
  T r = static_cast<T>(a % b);
  if constexpr (std::is_signed_v<T>) {
    if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
  }
  return r;
}

/// C's a % b (sign of the dividend), as np.fmod on integers; 0 where C would trap.
template <class T>
TESSERA_HD constexpr T int_fmod(T a, T b) {
  if (b == 0 || div_overflows(a, b)) return 0;
  return static_cast<T>(a % b);
}

/// a ** b by repeated squaring with wraparound. NumPy raises ValueError for b < 0; a loop cannot
/// raise, so it returns 0 and the caller is expected to check the exponents first.
template <class T>
TESSERA_HD constexpr T int_power(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b < 0) {
#if !defined(__CUDA_ARCH__)
      loop_error() = LoopError::NegativeIntegerPower;  // NumPy raises ValueError
#endif
      return 0;
    }
  }
  T out = 1;
  while (b != 0) {
    if (b & 1) out = wrap_mul(out, a);
    b = static_cast<T>(b >> 1);
    a = wrap_mul(a, a);
  }
  return out;
}

/// NumPy's npy_lshift: shifts >= the bit width (or negative shifts, seen as huge) give 0.
template <class T>
TESSERA_HD constexpr T int_left_shift(T a, T b) {
  using U = WideUnsigned<T>;
  if (static_cast<std::make_unsigned_t<T>>(b) >= sizeof(T) * 8) return 0;
  return static_cast<T>(static_cast<U>(a) << b);
}

/// NumPy's npy_rshift: too-large shifts give 0, or -1 for negative a (the sign fills in).
template <class T>
TESSERA_HD constexpr T int_right_shift(T a, T b) {
  if (static_cast<std::make_unsigned_t<T>>(b) >= sizeof(T) * 8) {
    if constexpr (std::is_signed_v<T>) {
      return a < 0 ? T(-1) : T(0);
    } else {
      return T(0);
    }
  }
  return static_cast<T>(a >> b);
}

/// |a| as the unsigned type NumPy's npy_gcd works in (MIN maps to 2^(bits-1)).
template <class T>
TESSERA_HD constexpr WideUnsigned<T> unsigned_abs(T a) {
  using U = WideUnsigned<T>;
  if constexpr (std::is_signed_v<T>) {
    return a < 0 ? U{0} - static_cast<U>(a) : static_cast<U>(a);
  } else {
    return static_cast<U>(a);
  }
}

template <class U>
TESSERA_HD constexpr U unsigned_gcd(U x, U y) {
  while (y != 0) {
    U t = x % y;
    x = y;
    y = t;
  }
  return x;
}

template <class T>
TESSERA_HD constexpr T int_gcd(T a, T b) {
  return static_cast<T>(unsigned_gcd(unsigned_abs(a), unsigned_abs(b)));
}

/// NumPy's npy_lcm: |a| / gcd * |b| in unsigned arithmetic, then wrapped to T.
template <class T>
TESSERA_HD constexpr T int_lcm(T a, T b) {
  auto x = unsigned_abs(a), y = unsigned_abs(b);
  auto g = unsigned_gcd(x, y);
  if (g == 0) return 0;
  return static_cast<T>(x / g * y);
}

// ---- float division with Python semantics (NumPy's npy_divmod, npymath) -----------------------

/// Two results of one call (divmod, frexp, modf); a plain struct so nvcc can use it too.
template <class A, class B>
struct Pair {
  A first;
  B second;
};

/// npy_divmod: fmod-based, the remainder takes the divisor's sign and a zero quotient or
/// remainder gets the sign NumPy gives it.
template <class T>
TESSERA_HD Pair<T, T> float_divmod(T a, T b) {
  T mod = std::fmod(a, b);
  if (!b) return {a / b, mod};
  T div = (a - mod) / b;
  if (mod) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= T(1);
    }
  } else {
    mod = std::copysign(T(0), b);
  }
  T floordiv;
  if (div) {
    floordiv = std::floor(div);
    if (div - floordiv > T(0.5)) floordiv += T(1);
  } else {
    floordiv = std::copysign(T(0), a / b);
  }
  return {floordiv, mod};
}

template <class T>
TESSERA_HD T float_floor_divide(T a, T b) {
  if (!b) return a / b;
  return float_divmod(a, b).first;
}

template <class T>
TESSERA_HD T float_remainder(T a, T b) {
  if (!b) return std::fmod(a, b);
  return float_divmod(a, b).second;
}

// ---- float -> integer conversion as NumPy's compiled casts give it on x86-64 ------------------
// C++ makes out-of-range float-to-int conversion UB. NumPy's casts compile to cvttsd2si, which
// yields the "integer indefinite" value (MIN) for NaN, inf and out-of-range input; narrower
// targets go through int32 and keep the low bits, uint32 goes through int64. Spelling those
// steps out gives the same numbers with no UB.

template <class F>
TESSERA_HD constexpr int32_t truncate_to_i32(F x) {
  if (x > F(-2147483649.0) && x < F(2147483648.0)) return static_cast<int32_t>(x);
  return std::numeric_limits<int32_t>::min();
}

template <class F>
TESSERA_HD constexpr int64_t truncate_to_i64(F x) {
  if (x >= F(-9223372036854775808.0) && x < F(9223372036854775808.0)) {
    return static_cast<int64_t>(x);
  }
  return std::numeric_limits<int64_t>::min();
}

/// Float (float or double) to integer type I, exactly as NumPy's cast loops on x86-64 (the
/// strided/scalar path, which NumPy's own SIMD uint32 path departs from for out-of-range input).
template <class I, class F>
TESSERA_HD constexpr I float_to_int(F x) {
  if constexpr (sizeof(I) < 4 || std::is_same_v<I, int32_t>) {
    return static_cast<I>(truncate_to_i32(x));
  } else if constexpr (std::is_same_v<I, uint32_t> || std::is_same_v<I, int64_t>) {
    return static_cast<I>(truncate_to_i64(x));
  } else {
    // uint64: the compiler's sequence; NaN compares unordered and takes the first branch.
    constexpr F two63 = F(9223372036854775808.0);
    if (!(x >= two63)) return static_cast<uint64_t>(truncate_to_i64(x));
    return static_cast<uint64_t>(truncate_to_i64(x - two63)) ^ (uint64_t{1} << 63);
  }
}

// ---- float16 bit-level helpers (NumPy's halffloat.cpp) ----------------------------------------

TESSERA_HD inline uint16_t half_bits(float16 h) { return std::bit_cast<uint16_t>(h); }
TESSERA_HD inline float16 half_from_bits(uint16_t b) { return std::bit_cast<float16>(b); }

/// npy_half_nextafter, bit by bit.
TESSERA_HD inline float16 half_nextafter(float16 xh, float16 yh) {
  uint16_t x = half_bits(xh), y = half_bits(yh);
  if (std::isnan(float(xh)) || std::isnan(float(yh))) return half_from_bits(0x7e00u);
  if (float(xh) == float(yh)) return xh;  // npy_half_nextafter keeps x (C keeps y)
  if ((x & 0x7fffu) == 0) return half_from_bits(static_cast<uint16_t>((y & 0x8000u) + 1));
  bool toward_zero;
  if (!(x & 0x8000u)) {
    toward_zero = static_cast<int16_t>(x) > static_cast<int16_t>(y);
  } else {
    toward_zero = !(y & 0x8000u) || (x & 0x7fffu) > (y & 0x7fffu);
  }
  return half_from_bits(static_cast<uint16_t>(toward_zero ? x - 1 : x + 1));
}

/// npy_half_spacing, bit by bit. Note NumPy returns a positive spacing for negative halfs
/// (and the spacing *below* |x| at negative powers of two); we follow it.
TESSERA_HD inline float16 half_spacing(float16 hh) {
  uint16_t h = half_bits(hh);
  uint16_t h_exp = h & 0x7c00u, h_sig = h & 0x03ffu;
  uint16_t ret;
  if (h_exp == 0x7c00u) {
    ret = 0x7e00u;  // nan for nan and inf
  } else if (h == 0x7bffu) {
    ret = 0x7c00u;  // +inf above the largest half
  } else if ((h & 0x8000u) && h_sig == 0) {
    if (h_exp > 0x2c00u) {
      ret = static_cast<uint16_t>(h_exp - 0x2c00u);
    } else if (h_exp > 0x0400u) {
      ret = static_cast<uint16_t>(1u << ((h_exp >> 10) - 2));
    } else {
      ret = 0x0001u;
    }
  } else if (h_exp > 0x2800u) {
    ret = static_cast<uint16_t>(h_exp - 0x2800u);
  } else if (h_exp > 0x0400u) {
    ret = static_cast<uint16_t>(1u << ((h_exp >> 10) - 1));
  } else {
    ret = 0x0001u;
  }
  return half_from_bits(ret);
}

/// np.spacing for float/double: the gap to the next value away from zero; nan for inf/nan,
/// and the smallest subnormal (positive) for both zeros.
template <class T>
TESSERA_HD T float_spacing(T x) {
  if (std::isinf(x) || std::isnan(x)) return std::numeric_limits<T>::quiet_NaN();
  if (x == 0) return std::numeric_limits<T>::denorm_min();
  T toward = x > 0 ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
  return std::nextafter(x, toward) - x;
}

}  // namespace tessera::kernels::detail
