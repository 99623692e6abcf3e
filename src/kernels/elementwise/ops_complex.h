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

/// The product rounded term by term, as NumPy's scalar code (npy_cpow) computes it.
template <class C>
TESSERA_HD C cmul(C a, C b) {
  return C(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

/// The product as NumPy's multiply and square loops compute it (npyv_muladdsub: each part is
/// one fma over the other, rounded, product). NumPy fuses wherever the CPU has FMA, i.e. on
/// every x86-64-v3 or ARM64 machine, so we always do: std::fma is exact with or without
/// hardware support (only slower without it, e.g. a build without -march).
template <class C>
TESSERA_HD C cmul_fused(C a, C b) {
  return C(std::fma(a.real(), b.real(), -(a.imag() * b.imag())),
           std::fma(a.real(), b.imag(), a.imag() * b.real()));
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

/// |z| as NumPy's complex absolute loop computes it (loops_unary_complex): the larger part
/// times sqrt(fma(ratio, ratio, 1)) (fused, as for cmul_fused). It can differ from hypot in
/// the last bit; NumPy only falls back to hypot for overlapping or oddly strided operands.
template <class R>
TESSERA_HD R cabs(R re, R im) {
  constexpr R inf = std::numeric_limits<R>::infinity();
  constexpr R nan = std::numeric_limits<R>::quiet_NaN();
  re = std::fabs(re);
  im = std::fabs(im);
  bool re_inf = re == inf, im_inf = im == inf;  // inf + nan*i is inf
  if (re_inf) im = inf;
  if (im_inf) re = inf;
  bool re_nan = std::isnan(re), im_nan = std::isnan(im);
  if (re_nan) im = nan;
  if (im_nan) re = nan;
  R larger = re > im ? re : im, smaller = im < re ? im : re;
  R ratio = (larger == 0 || smaller == inf) ? R(0) : smaller / larger;
  return std::sqrt(std::fma(ratio, ratio, R(1))) * larger;
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

/// NumPy 2.4's nc_log1p: log|z + 1| + i arg(z + 1). (Newer NumPy has a more accurate
/// version near the circle |z + 1| = 1; we match the release we are checked against.)
template <class C>
TESSERA_HD C clog1p(C z) {
  using R = Real<C>;
  R x = z.real() + R(1), y = z.imag();
  return C(std::log(std::hypot(x, y)), std::atan2(y, x));
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
