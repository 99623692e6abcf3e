#pragma once
/// Math-function functors (part of ops.h; include that). Real inputs are float or double here
/// (float16 is widened by the loop unless kNativeHalf); complex ones follow NumPy's npymath.
#include <cmath>
#include <complex>
#include <limits>

#include "kernels/elementwise/ops_complex.h"
#include "kernels/elementwise/ops_detail.h"

namespace tessera::kernels::ops {

using namespace ::tessera::kernels::detail;

inline constexpr double kPi = 3.141592653589793238462643383279502884;
inline constexpr double kLn2 = 0.693147180559945309417232121458176568;
inline constexpr double kLog2e = 1.442695040888963407359924681001892137;
inline constexpr double kLog10e = 0.434294481903251827651128918916605082;

/// Defines functor NAME whose call forwards to EXPR (in terms of `a`) for real and complex.
#define TESSERA_UNARY_MATH(NAME, EXPR)   \
  struct NAME {                          \
    template <class T>                   \
    TESSERA_HD T operator()(T a) const { \
      return EXPR;                       \
    }                                    \
  };

// std:: overloads cover float, double and std::complex alike (glibc's cexp, csin, ... as NumPy).
TESSERA_UNARY_MATH(Exp, std::exp(a))
TESSERA_UNARY_MATH(Log, std::log(a))
TESSERA_UNARY_MATH(Sqrt, std::sqrt(a))
TESSERA_UNARY_MATH(Sin, std::sin(a))
TESSERA_UNARY_MATH(Cos, std::cos(a))
TESSERA_UNARY_MATH(Tan, std::tan(a))
TESSERA_UNARY_MATH(Arcsin, std::asin(a))
TESSERA_UNARY_MATH(Arccos, std::acos(a))
TESSERA_UNARY_MATH(Arctan, std::atan(a))
TESSERA_UNARY_MATH(Sinh, std::sinh(a))
TESSERA_UNARY_MATH(Cosh, std::cosh(a))
TESSERA_UNARY_MATH(Tanh, std::tanh(a))
TESSERA_UNARY_MATH(Arcsinh, std::asinh(a))
TESSERA_UNARY_MATH(Arccosh, std::acosh(a))
TESSERA_UNARY_MATH(Arctanh, std::atanh(a))
// Real-only functions.
TESSERA_UNARY_MATH(Cbrt, std::cbrt(a))
// The constant is rounded in T first, as NumPy's npy_deg2radf uses NPY_PIf/180.0f.
TESSERA_UNARY_MATH(Deg2rad, a*(T(kPi) / T(180)))
TESSERA_UNARY_MATH(Rad2deg, a*(T(180) / T(kPi)))
#undef TESSERA_UNARY_MATH

struct Radians : Deg2rad {};
struct Degrees : Rad2deg {};

struct Exp2 {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>) {
      using R = Real<T>;
      return std::exp(T(a.real() * R(kLn2), a.imag() * R(kLn2)));  // NumPy's nc_exp2
    } else {
      return std::exp2(a);
    }
  }
};

struct Expm1 {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return cexpm1(a);
    else
      return std::expm1(a);
  }
};

struct Log2 {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return clog_scaled(a, Real<T>(kLog2e));
    else
      return std::log2(a);
  }
};

struct Log10 {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return clog_scaled(a, Real<T>(kLog10e));
    else
      return std::log10(a);
  }
};

struct Log1p {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return clog1p(a);
    else
      return std::log1p(a);
  }
};

/// exp, exp2 and log1p of logaddexp/logaddexp2. On the GPU a float argument goes through the
/// double function and is rounded once: CUDA's expf/exp2f/log1pf are up to 2 ulp off where
/// glibc's are within about half an ulp, and logaddexp's cancellation (a + log1p(...) near 0)
/// magnifies that difference; the host keeps the float functions (NumPy's float loops).
struct LaeMath {
  template <class T>
  TESSERA_HD static T exp(T x) {
#if TESSERA_DEVICE_CODE
    if constexpr (std::is_same_v<T, float>)
      return static_cast<float>(::exp(static_cast<double>(x)));
    else
      return std::exp(x);
#else
    return std::exp(x);
#endif
  }
  template <class T>
  TESSERA_HD static T exp2(T x) {
#if TESSERA_DEVICE_CODE
    if constexpr (std::is_same_v<T, float>)
      return static_cast<float>(::exp2(static_cast<double>(x)));
    else
      return std::exp2(x);
#else
    return std::exp2(x);
#endif
  }
  template <class T>
  TESSERA_HD static T log1p(T x) {
#if TESSERA_DEVICE_CODE
    if constexpr (std::is_same_v<T, float>)
      return static_cast<float>(::log1p(static_cast<double>(x)));
    else
      return std::log1p(x);
#else
    return std::log1p(x);
#endif
  }
};

/// log(exp(a) + exp(b)) without overflow (npy_logaddexp).
struct Logaddexp {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if (a == b) return a + T(kLn2);  // also +-inf with itself, without inf - inf
    T d = a - b;
    if (d > 0) return a + LaeMath::log1p(LaeMath::exp(-d));
    if (d <= 0) return b + LaeMath::log1p(LaeMath::exp(d));
    return d;  // nan
  }
};

/// log2(2**a + 2**b) without overflow (npy_logaddexp2).
struct Logaddexp2 {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if (a == b) return a + T(1);
    T d = a - b;
    if (d > 0) return a + T(kLog2e) * LaeMath::log1p(LaeMath::exp2(-d));
    if (d <= 0) return b + T(kLog2e) * LaeMath::log1p(LaeMath::exp2(d));
    return d;
  }
};

/// Integer and bool loops of floor/ceil/trunc (NumPy 2) are the identity.
#define TESSERA_ROUNDING(NAME, FN)       \
  struct NAME {                          \
    template <class T>                   \
    TESSERA_HD T operator()(T a) const { \
      if constexpr (kIsFloat<T>)         \
        return FN(a);                    \
      else                               \
        return a;                        \
    }                                    \
  };
TESSERA_ROUNDING(Floor, std::floor)
TESSERA_ROUNDING(Ceil, std::ceil)
TESSERA_ROUNDING(Trunc, std::trunc)
#undef TESSERA_ROUNDING

/// Round half to even (the default rounding mode); complex rounds both parts.
struct Rint {
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return T(std::rint(a.real()), std::rint(a.imag()));
    else
      return std::rint(a);
  }
};

struct Isnan {
  template <class T>
  TESSERA_HD bool operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return cisnan(a);
    else if constexpr (kIsFloat<T>)
      return std::isnan(a);
    else
      return false;
  }
};

struct Isinf {
  template <class T>
  TESSERA_HD bool operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return std::isinf(a.real()) || std::isinf(a.imag());
    else if constexpr (kIsFloat<T>)
      return std::isinf(a);
    else
      return false;
  }
};

struct Isfinite {
  template <class T>
  TESSERA_HD bool operator()(T a) const {
    if constexpr (kIsComplex<T>)
      return std::isfinite(a.real()) && std::isfinite(a.imag());
    else if constexpr (kIsFloat<T>)
      return std::isfinite(a);
    else
      return true;
  }
};

struct Signbit {
  template <class T>
  TESSERA_HD bool operator()(T a) const {
    return std::signbit(a);
  }
};

struct Copysign {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return std::copysign(a, b);
  }
};

struct Hypot {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return std::hypot(a, b);
  }
};

struct Arctan2 {
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    return std::atan2(a, b);
  }
};

/// float16 steps by one half ulp (npy_half_nextafter), not through float.
struct Nextafter {
  static constexpr bool kNativeHalf = true;
  template <class T>
  TESSERA_HD T operator()(T a, T b) const {
    if constexpr (kIsHalf<T>)
      return half_nextafter(a, b);
    else
      return std::nextafter(a, b);
  }
};

struct Spacing {
  static constexpr bool kNativeHalf = true;
  template <class T>
  TESSERA_HD T operator()(T a) const {
    if constexpr (kIsHalf<T>)
      return half_spacing(a);
    else
      return float_spacing(a);
  }
};

/// x * 2**e. An int64 exponent outside int's range is clamped (NumPy's ldexp 'l' loops), which
/// still overflows or underflows the result as it should.
struct Ldexp {
  template <class T, class E>
  TESSERA_HD T operator()(T x, E e) const {
    constexpr E lo = std::numeric_limits<int>::min(), hi = std::numeric_limits<int>::max();
    int k = static_cast<int>(e < lo ? lo : e > hi ? hi : e);
    return std::ldexp(x, k);
  }
};

/// (mantissa, exponent); the exponent output is int32 as NumPy's 'i'.
struct Frexp {
  template <class T>
  TESSERA_HD Pair<T, int32_t> operator()(T x) const {
    int e = 0;
    T m = std::frexp(x, &e);
    return {m, static_cast<int32_t>(e)};
  }
};

/// (fractional part, integral part), NumPy's output order.
struct Modf {
  template <class T>
  TESSERA_HD Pair<T, T> operator()(T x) const {
    T whole;
    T frac = std::modf(x, &whole);
    return {frac, whole};
  }
};

/// 0 for x < 0, h0 for x == 0, 1 for x > 0, nan for nan (npy_heaviside).
struct Heaviside {
  template <class T>
  TESSERA_HD T operator()(T x, T h0) const {
    if (std::isnan(x)) return std::numeric_limits<T>::quiet_NaN();
    if (x == 0) return h0;
    return x < 0 ? T(0) : T(1);
  }
};

}  // namespace tessera::kernels::ops
