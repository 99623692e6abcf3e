#pragma once
/// SIMD transcendental functions from glibc's libmvec (x86-64 with AVX2), for the float16,
/// float32 and float64 loops of exp, log, sin, ... Scalar glibc exp costs ~5 ns an element;
/// the 4-wide _ZGVdN4v_exp ~1.2 ns (NumPy uses its own SIMD code or libm: ~5 ns here).
///
/// libmvec is within 4 ulp of the exact result (glibc's manual lists its errors) but is not
/// bit-identical to scalar libm. So these loops send *every* element through the vector
/// function, strided and tail elements included (gathered into a small buffer), and an element
/// gets the same result whatever the stride, the tiling or the thread count.
///
/// libmvec ships with glibc (>= 2.22; most functions >= 2.35) and on x86-64 the libm.so linker
/// script pulls it in, so no extra link flag is needed. Elsewhere, and for nvcc, the plain
/// functor loops are used (TESSERA_HAVE_LIBMVEC stays 0).
#include <cmath>  // for <features.h> and __GLIBC_PREREQ
#include <cstdint>

#include "kernels/elementwise/loop.h"

#if defined(__AVX2__) && defined(__x86_64__) && defined(__GLIBC__) && !defined(__CUDACC__)
#if __GLIBC_PREREQ(2, 35)
#define TESSERA_HAVE_LIBMVEC 1
#endif
#endif
#ifndef TESSERA_HAVE_LIBMVEC
#define TESSERA_HAVE_LIBMVEC 0
#endif

#if TESSERA_HAVE_LIBMVEC
#include <immintrin.h>

// The x86-64 vector function ABI names: 'd' = AVX2, N4/N8 = lanes, v = vector argument.
#define TESSERA_LIBMVEC_DECLARE(fn)          \
  extern "C" __m256d _ZGVdN4v_##fn(__m256d); \
  extern "C" __m256 _ZGVdN8v_##fn##f(__m256);
TESSERA_LIBMVEC_DECLARE(exp)
TESSERA_LIBMVEC_DECLARE(exp2)
TESSERA_LIBMVEC_DECLARE(expm1)
TESSERA_LIBMVEC_DECLARE(log)
TESSERA_LIBMVEC_DECLARE(log2)
TESSERA_LIBMVEC_DECLARE(log10)
TESSERA_LIBMVEC_DECLARE(log1p)
TESSERA_LIBMVEC_DECLARE(sin)
TESSERA_LIBMVEC_DECLARE(cos)
TESSERA_LIBMVEC_DECLARE(tan)
TESSERA_LIBMVEC_DECLARE(asin)
TESSERA_LIBMVEC_DECLARE(acos)
TESSERA_LIBMVEC_DECLARE(atan)
TESSERA_LIBMVEC_DECLARE(sinh)
TESSERA_LIBMVEC_DECLARE(cosh)
TESSERA_LIBMVEC_DECLARE(tanh)
TESSERA_LIBMVEC_DECLARE(asinh)
TESSERA_LIBMVEC_DECLARE(acosh)
TESSERA_LIBMVEC_DECLARE(atanh)
#undef TESSERA_LIBMVEC_DECLARE

namespace tessera::kernels {
namespace vmath {

/// VecFn<&f4, &f8>: a unary vector function on 4 doubles or 8 floats, through memory.
template <__m256d (*F4)(__m256d), __m256 (*F8)(__m256)>
struct VecFn {
  static void run(const double* x, double* y) { _mm256_storeu_pd(y, F4(_mm256_loadu_pd(x))); }
  static void run(const float* x, float* y) { _mm256_storeu_ps(y, F8(_mm256_loadu_ps(x))); }
};

#define TESSERA_VECFN(name, fn) using name = VecFn<&_ZGVdN4v_##fn, &_ZGVdN8v_##fn##f>;
TESSERA_VECFN(Exp, exp)
TESSERA_VECFN(Exp2, exp2)
TESSERA_VECFN(Expm1, expm1)
TESSERA_VECFN(Log, log)
TESSERA_VECFN(Log2, log2)
TESSERA_VECFN(Log10, log10)
TESSERA_VECFN(Log1p, log1p)
TESSERA_VECFN(Sin, sin)
TESSERA_VECFN(Cos, cos)
TESSERA_VECFN(Tan, tan)
TESSERA_VECFN(Arcsin, asin)
TESSERA_VECFN(Arccos, acos)
TESSERA_VECFN(Arctan, atan)
TESSERA_VECFN(Sinh, sinh)
TESSERA_VECFN(Cosh, cosh)
TESSERA_VECFN(Tanh, tanh)
TESSERA_VECFN(Arcsinh, asinh)
TESSERA_VECFN(Arccosh, acosh)
TESSERA_VECFN(Arctanh, atanh)
#undef TESSERA_VECFN

}  // namespace vmath

/// A unary loop of element type T (float16, float or double) through vector function V.
/// float16 is computed in float, as NumPy does.
template <class V, class T>
void vec_unary_loop(int64_t n, char* const* p, const int64_t* s) {
  using C = std::conditional_t<std::is_same_v<T, double>, double, float>;
  constexpr int kLanes = 32 / sizeof(C);
  int64_t i = 0;
  if constexpr (std::is_same_v<T, C>) {
    if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
      const T* a = reinterpret_cast<const T*>(p[0]);
      T* o = reinterpret_cast<T*>(p[1]);
      for (; i + kLanes <= n; i += kLanes) V::run(a + i, o + i);
    }
  }
  // Strided elements and the tail: gathered, so they see the same function as the rest.
  C in[kLanes], out[kLanes];
  for (; i < n; i += kLanes) {
    int m = n - i < kLanes ? static_cast<int>(n - i) : kLanes;
    for (int k = 0; k < kLanes; ++k) {
      in[k] = k < m ? static_cast<C>(loop_detail::at<T>(p[0], s[0], i + k)) : C(0);
    }
    V::run(in, out);
    for (int k = 0; k < m; ++k) loop_detail::at<T>(p[1], s[1], i + k) = static_cast<T>(out[k]);
  }
}

/// "T->T" through the vector function V.
template <class V, class T>
constexpr Loop vec_unary() {
  return {1, 1, {dt<T>, dt<T>}, &vec_unary_loop<V, T>};
}

}  // namespace tessera::kernels
#endif  // TESSERA_HAVE_LIBMVEC
