#pragma once
/// Complex helpers behind ops.h, written out the way NumPy's loops compute them (loops.c.src,
/// npy_math_complex.c.src, log1p_complex.h) rather than through std::complex's operators:
/// GCC's complex `*` and `/` follow C99 Annex G (calls to __muldc3) and give other answers
/// for inf/nan operands, and are slower.
#include <cmath>
#include <complex>
#include <limits>

#include "kernels/elementwise/ops_detail.h"

namespace tessera::kernels::detail {

template <class C>
using Real = typename C::value_type;

template <class C>
TESSERA_HD C cmul(C a, C b) {
  return C(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

/// Smith's division, as NumPy's complex divide loop.
template <class C>
TESSERA_HD C cdiv(C a, C b) {
  using R = Real<C>;
  R ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  R abs_br = std::fabs(br), abs_bi = std::fabs(bi);
  if (abs_br >= abs_bi) {
    if (abs_br == 0 && abs_bi == 0) return C(ar / abs_br, ai / abs_br);
    R rat = bi / br;
    R scl = R(1) / (br + bi * rat);
    return C((ar + ai * rat) * scl, (ai - ar * rat) * scl);
  }
  R rat = br / bi;
  R scl = R(1) / (bi + br * rat);
  return C((ar * rat + ai) * scl, (ai * rat - ar) * scl);
}

/// NumPy's complex reciprocal loop (its own formula, not 1/z through cdiv).
template <class C>
TESSERA_HD C creciprocal(C z) {
  using R = Real<C>;
  R r = z.real(), i = z.imag();
  if (std::fabs(i) <= std::fabs(r)) {
    R q = i / r, d = r + i * q;
    return C(R(1) / d, -q / d);
  }
  R q = r / i, d = r * q + i;
  return C(q / d, R(-1) / d);
}

/// npy_cpow: exact small integer powers by repeated multiplication, else the C library's cpow.
template <class C>
TESSERA_HD C cpow(C a, C b) {
  using R = Real<C>;
  R ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  if (br == 0 && bi == 0) return C(1, 0);
  if (ar == 0 && ai == 0) {
    if (br > 0) return C(0, 0);
    return C(std::numeric_limits<R>::quiet_NaN(), std::numeric_limits<R>::quiet_NaN());
  }
  if (bi == 0 && br > -100 && br < 100 && static_cast<int>(br) == br) {
    int n = static_cast<int>(br);
    if (n == 1) return a;
    if (n == 2) return cmul(a, a);
    if (n == 3) return cmul(a, cmul(a, a));
    int m = n < 0 ? -n : n;
    C acc(1, 0), p = a;
    for (int mask = 1;; mask <<= 1) {
      if (m & mask) acc = cmul(acc, p);
      if (m < (mask << 1)) break;
      p = cmul(p, p);
    }
    // npy_cpow's own division for 1/acc: on 0/0 it divides the imaginary part by |bi| too.
    if (br < 0) {
      if (acc.real() == 0 && acc.imag() == 0) return C(R(1) / R(0), R(0) / R(0));
      return cdiv(C(1, 0), acc);
    }
    return acc;
  }
  return std::pow(a, b);
}

/// np.sign for complex (NumPy 2): z / |z|, 0 for 0, with NumPy's handling of inf and nan.
template <class C>
TESSERA_HD C csign(C z) {
  using R = Real<C>;
  R r = z.real(), i = z.imag();
  R mag = std::hypot(r, i);
  R nan = std::numeric_limits<R>::quiet_NaN();
  if (std::isnan(mag)) return C(nan, nan);
  if (std::isinf(mag)) {
    if (std::isinf(r)) return std::isinf(i) ? C(nan, nan) : C(r > 0 ? 1 : -1, 0);
    return C(0, i > 0 ? 1 : -1);
  }
  if (mag == 0) return C(0, 0);
  return C(r / mag, i / mag);
}

// Lexicographic comparisons (NumPy's CLT/CLE/CGT/CGE): the real parts decide unless they tie,
// and a nan imaginary part makes the real-part decision false.
template <class C>
TESSERA_HD bool cless(C x, C y) {
  return (x.real() < y.real() && !std::isnan(x.imag()) && !std::isnan(y.imag())) ||
         (x.real() == y.real() && x.imag() < y.imag());
}
template <class C>
TESSERA_HD bool cless_equal(C x, C y) {
  return (x.real() < y.real() && !std::isnan(x.imag()) && !std::isnan(y.imag())) ||
         (x.real() == y.real() && x.imag() <= y.imag());
}

template <class C>
TESSERA_HD bool cisnan(C z) {
  return std::isnan(z.real()) || std::isnan(z.imag());
}

/// x*x + 2x + y*y with extra precision: in double for float, in double-double (exact products
/// via fma) for double. Same intent as NumPy's log1p_complex.h.
TESSERA_HD inline float x2_2x_y2(float x, float y) {
  double xd = x, yd = y;
  return static_cast<float>(xd * (2.0 + xd) + yd * yd);
}
TESSERA_HD inline double x2_2x_y2(double x, double y) {
  struct DD {
    double hi, lo;
  };
  auto two_sum = [](double a, double b) {
    double s = a + b, v = s - a;
    return DD{s, (a - (s - v)) + (b - v)};
  };
  auto quick = [](DD d) {
    double s = d.hi + d.lo;
    return DD{s, d.lo - (s - d.hi)};
  };
  auto sum = [&](DD a, DD b) {
    DD s = two_sum(a.hi, b.hi);
    s.lo += a.lo + b.lo;
    return quick(s);
  };
  DD x2{x * x, std::fma(x, x, -(x * x))};
  DD y2{y * y, std::fma(y, y, -(y * y))};
  return sum(sum(x2, DD{2 * x, 0}), y2).hi;
}

/// log1p(z) accurate near the circle |z + 1| = 1 (NumPy 2's log1p_complex).
template <class C>
TESSERA_HD C clog1p(C z) {
  using R = Real<C>;
  R x = z.real(), y = z.imag();
  if (std::isnan(x) || std::isnan(y)) {
    return C(std::numeric_limits<R>::quiet_NaN(), std::numeric_limits<R>::quiet_NaN());
  }
  R lnr;
  if (x > R(-2.2) && x < R(0.2) && y > R(-1.2) && y < R(1.2) &&
      std::fabs(x * (2 + x) + y * y) < R(0.4)) {
    lnr = R(0.5) * std::log1p(x2_2x_y2(x, y));
  } else {
    lnr = std::log(std::hypot(x + R(1), y));
  }
  return C(lnr, std::atan2(y, x + R(1)));
}

/// NumPy's nc_expm1.
template <class C>
TESSERA_HD C cexpm1(C z) {
  using R = Real<C>;
  R x = z.real(), y = z.imag();
  R a = std::sin(y / 2);
  return C(std::expm1(x) * std::cos(y) - 2 * a * a, std::exp(x) * std::sin(y));
}

/// log(z) scaled by a real constant, as NumPy's nc_log2 / nc_log10.
template <class C>
TESSERA_HD C clog_scaled(C z, Real<C> scale) {
  C l = std::log(z);
  return C(l.real() * scale, l.imag() * scale);
}

}  // namespace tessera::kernels::detail
