#pragma once
// NumPy's loops round every product and sum separately (only its explicit SIMD code fuses), so
// results such as Smith's complex division differ in the last bit, or in the sign of a zero,
// once the compiler turns a*b+c into an fma. GCC does so by default when -march allows fma,
// and GCC 12's basic-block SLP vectoriser builds fmaddsub/fmsubadd from complex arithmetic
// even under -ffp-contract=off; both are turned off for the loop translation units. This must
// precede every #include so all inline functions in these files share the setting (GCC does
// not inline across differing optimize settings). Where NumPy does fuse (complex multiply),
// the functor calls std::fma itself. Loop vectorisation is unaffected.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off", "no-tree-slp-vectorize")
#endif

/// The typed 1-D inner loops that wrap a functor from ops.h, and constexpr helpers to write a
/// ufunc's loop list the way NumPy prints `ufunc.types`. Only the loops_*.cc files include this:
/// every instantiation made here costs build time, so the tables name exactly NumPy's loops.
/// The rows themselves are in loops_*.inl, which gpu_loop.cuh's makers of the same names turn
/// into the GPU tables (loops_*.cu) in the same order.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

#include "kernels/elementwise/ops.h"
#include "kernels/elementwise/type_lists.h"
#include "kernels/elementwise/ufunc.h"

namespace tessera::kernels {


namespace loop_detail {

template <class F>
constexpr bool native_half() {
  if constexpr (requires { F::kNativeHalf; }) {
    return F::kNativeHalf;
  } else {
    return false;
  }
}

/// What the functor is called with for an element of type T: float16 widened to float (NumPy
/// computes half loops in float), unless the functor asks for the half itself.
template <class F, class T>
using Arg = std::conditional_t<detail::kIsHalf<T> && !native_half<F>(), float, T>;

template <class F, class O, class... In>
inline O apply(In... in) {
  return static_cast<O>(F{}(static_cast<Arg<F, In>>(in)...));
}

template <class T>
inline const T& at(const char* base, int64_t stride, int64_t i) {
  return *reinterpret_cast<const T*>(base + i * stride);
}
template <class T>
inline T& at(char* base, int64_t stride, int64_t i) {
  return *reinterpret_cast<T*>(base + i * stride);
}

}  // namespace loop_detail

/// One input, one output. The contiguous case is a plain indexed loop the compiler vectorises.
template <class F, class A, class O>
void unary_loop(int64_t n, char* const* p, const int64_t* s) {
  using loop_detail::apply;
  using loop_detail::at;
  if (s[0] == sizeof(A) && s[1] == sizeof(O)) {
    const A* a = reinterpret_cast<const A*>(p[0]);
    O* o = reinterpret_cast<O*>(p[1]);
    for (int64_t i = 0; i < n; ++i) o[i] = apply<F, O>(a[i]);
    return;
  }
  for (int64_t i = 0; i < n; ++i) at<O>(p[1], s[1], i) = apply<F, O>(at<A>(p[0], s[0], i));
}

/// Two inputs, one output; besides the contiguous case, a contiguous array with a broadcast
/// scalar (stride 0) on either side gets its own vectorisable loop: `a * 2.0` is common.
template <class F, class A, class B, class O>
void binary_loop(int64_t n, char* const* p, const int64_t* s) {
  using loop_detail::apply;
  using loop_detail::at;
  const A* a = reinterpret_cast<const A*>(p[0]);
  const B* b = reinterpret_cast<const B*>(p[1]);
  O* o = reinterpret_cast<O*>(p[2]);
  if (s[2] == sizeof(O)) {
    if (s[0] == sizeof(A) && s[1] == sizeof(B)) {
      for (int64_t i = 0; i < n; ++i) o[i] = apply<F, O>(a[i], b[i]);
      return;
    }
    if (s[0] == sizeof(A) && s[1] == 0) {
      const B bv = *b;
      for (int64_t i = 0; i < n; ++i) o[i] = apply<F, O>(a[i], bv);
      return;
    }
    if (s[0] == 0 && s[1] == sizeof(B)) {
      const A av = *a;
      for (int64_t i = 0; i < n; ++i) o[i] = apply<F, O>(av, b[i]);
      return;
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    at<O>(p[2], s[2], i) = apply<F, O>(at<A>(p[0], s[0], i), at<B>(p[1], s[1], i));
  }
}

/// Loops with two outputs (frexp, modf, divmod) are rare enough for the strided loop alone.
template <class F, class A, class O1, class O2>
void unary2_loop(int64_t n, char* const* p, const int64_t* s) {
  using loop_detail::Arg;
  using loop_detail::at;
  for (int64_t i = 0; i < n; ++i) {
    auto r = F{}(static_cast<Arg<F, A>>(at<A>(p[0], s[0], i)));
    at<O1>(p[1], s[1], i) = static_cast<O1>(r.first);
    at<O2>(p[2], s[2], i) = static_cast<O2>(r.second);
  }
}

template <class F, class A, class B, class O1, class O2>
void binary2_loop(int64_t n, char* const* p, const int64_t* s) {
  using loop_detail::Arg;
  using loop_detail::at;
  for (int64_t i = 0; i < n; ++i) {
    auto r = F{}(static_cast<Arg<F, A>>(at<A>(p[0], s[0], i)),
                 static_cast<Arg<F, B>>(at<B>(p[1], s[1], i)));
    at<O1>(p[2], s[2], i) = static_cast<O1>(r.first);
    at<O2>(p[3], s[3], i) = static_cast<O2>(r.second);
  }
}

// ---- table entries ---------------------------------------------------------------------------

template <class T>
inline constexpr DType dt = DTypeOf<T>::value;

/// "A->O"
template <class F, class A, class O = A>
constexpr Loop unary() {
  return {1, 1, {dt<A>, dt<O>}, &unary_loop<F, A, O>};
}
/// "AB->O"
template <class F, class A, class B = A, class O = A>
constexpr Loop binary() {
  return {2, 1, {dt<A>, dt<B>, dt<O>}, &binary_loop<F, A, B, O>};
}
/// "A->O1O2"
template <class F, class A, class O1, class O2>
constexpr Loop unary2() {
  return {1, 2, {dt<A>, dt<O1>, dt<O2>}, &unary2_loop<F, A, O1, O2>};
}
/// "AA->AA"
template <class F, class A>
constexpr Loop binary2() {
  return {2, 2, {dt<A>, dt<A>, dt<A>, dt<A>}, &binary2_loop<F, A, A, A, A>};
}

/// "T->T" for each T.
template <class F, class... T>
constexpr std::array<Loop, sizeof...(T)> unary_same() {
  return {unary<F, T, T>()...};
}
/// "T->O" for each T (predicates: O = bool).
template <class F, class O, class... T>
constexpr std::array<Loop, sizeof...(T)> unary_to() {
  return {unary<F, T, O>()...};
}
/// "TT->T" for each T.
template <class F, class... T>
constexpr std::array<Loop, sizeof...(T)> binary_same() {
  return {binary<F, T, T, T>()...};
}
/// "TT->O" for each T (comparisons and logical ops: O = bool).
template <class F, class O, class... T>
constexpr std::array<Loop, sizeof...(T)> binary_to() {
  return {binary<F, T, T, O>()...};
}

/// Concatenates loop lists, to keep NumPy's order where a row mixes patterns.
template <size_t... N>
constexpr auto join(const std::array<Loop, N>&... parts) {
  std::array<Loop, (N + ...)> out{};
  size_t k = 0;
  ((std::copy(parts.begin(), parts.end(), out.begin() + k), k += N), ...);
  return out;
}

// ---- per-family tables (loops_*.cc); each returns an empty span for ufuncs it does not own ---

std::span<const Loop> arith_loops(Ufunc op);
std::span<const Loop> compare_loops(Ufunc op);
std::span<const Loop> logical_loops(Ufunc op);
std::span<const Loop> bitwise_loops(Ufunc op);
std::span<const Loop> math_loops(Ufunc op);
std::span<const Loop> float_loops(Ufunc op);

}  // namespace tessera::kernels
