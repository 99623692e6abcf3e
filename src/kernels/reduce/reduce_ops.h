#pragma once
// The operators of the typed reductions (sum, prod, max, min, any, all, bitwise): a neutral
// element and a binary step per compute type C, written once for every executor (TESSERA_HD).
// reduce_typed.cc builds the CPU loops from them, reduce.cu the GPU kernels.
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "tessera/exec/hd.h"

namespace tessera::kernels::red {

template <class T>
inline constexpr bool kComplex = false;
template <class R>
inline constexpr bool kComplex<std::complex<R>> = true;
template <class T>
inline constexpr bool kBool = std::is_same_v<T, bool>;
template <class T>
inline constexpr bool kInt = std::is_integral_v<T> && !kBool<T>;
template <class T>
inline constexpr bool kReal = std::is_floating_point_v<T>;

/// Integer arithmetic wraps as NumPy's does, without signed-overflow UB: it runs in an unsigned
/// type at least as wide as int (so uint16 * uint16 cannot overflow a promoted int).
template <class T>
using Wide = std::conditional_t<(sizeof(T) <= 4), uint32_t, uint64_t>;

struct AddOp {
  template <class C>
  TESSERA_HD static C neutral() {
    if constexpr (kReal<C>) return C(-0.0);  // -0.0 + x is x for every x, +0.0 included
    else if constexpr (kComplex<C>) return C(-0.0, -0.0);
    else return C(0);
  }
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kBool<C>) return a || b;  // NumPy's bool add is logical or
    else if constexpr (kInt<C>) return C(Wide<C>(a) + Wide<C>(b));
    else return a + b;
  }
};

struct MultiplyOp {
  template <class C>
  TESSERA_HD static C neutral() {
    return C(1);
  }
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kBool<C>) {
      return a && b;
    } else if constexpr (kInt<C>) {
      return C(Wide<C>(a) * Wide<C>(b));
    } else if constexpr (kComplex<C>) {
      // NumPy's formula; std::complex's operator* follows C99 Annex G for inf/nan instead.
      return C(a.real() * b.real() - a.imag() * b.imag(),
               a.real() * b.imag() + a.imag() * b.real());
    } else {
      return a * b;
    }
  }
};

struct MaxOp {
  template <class C>
  TESSERA_HD static C neutral() {
    if constexpr (kReal<C>) return -std::numeric_limits<C>::infinity();
    else return std::numeric_limits<C>::lowest();
  }
  /// NaN propagates: once `a` is NaN no comparison replaces it; a NaN `b` replaces `a`.
  /// (`|`, not `||`: without the branch GCC turns the select into vector compares and blends.)
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kReal<C>) return ((b > a) | (b != b)) ? b : a;
    else return b > a ? b : a;
  }
};

struct MinOp {
  template <class C>
  TESSERA_HD static C neutral() {
    if constexpr (kReal<C>) return std::numeric_limits<C>::infinity();
    else return std::numeric_limits<C>::max();
  }
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kReal<C>) return ((b < a) | (b != b)) ? b : a;
    else return b < a ? b : a;
  }
};

struct AndOp {
  template <class C>
  TESSERA_HD static C neutral() {
    if constexpr (kBool<C>) return true;
    else return C(~C(0));
  }
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kBool<C>) return a && b;
    else return C(a & b);
  }
};

struct OrOp {
  template <class C>
  TESSERA_HD static C neutral() {
    return C(0);
  }
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kBool<C>) return a || b;
    else return C(a | b);
  }
};

struct XorOp {
  template <class C>
  TESSERA_HD static C neutral() {
    return C(0);
  }
  template <class C>
  TESSERA_HD static C f(C a, C b) {
    if constexpr (kBool<C>) return a != b;
    else return C(a ^ b);
  }
};

}  // namespace tessera::kernels::red
