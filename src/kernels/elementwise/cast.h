#pragma once
/// One element's dtype conversion (NumPy's unsafe C cast on x86-64), shared by the host cast
/// loops (cast.cc), the GPU cast loops (cast.cu) and the iota kernels. See cast.cc for the rules.
/// On the GPU float16 never reaches it: the kernels widen it to float (exact) and narrow results
/// with CUDA's correctly rounded conversions (gpu_loop.cuh).
#include "kernels/elementwise/ops.h"

namespace tessera::kernels::detail {

template <class To, class From>
TESSERA_HD To convert(From x) {
  if constexpr (std::is_same_v<To, From>) {
    return x;
  } else if constexpr (kIsBool<To>) {
    return ops::nonzero(x);
  } else if constexpr (kIsComplex<From>) {
    if constexpr (kIsComplex<To>) {
      using R = Real<To>;
      return To(static_cast<R>(x.real()), static_cast<R>(x.imag()));
    } else {
      return convert<To>(x.real());
    }
  } else if constexpr (kIsComplex<To>) {
    return To(convert<Real<To>>(x), Real<To>(0));
  } else if constexpr (kIsInt<To> && kIsHalf<From>) {
    return float_to_int<To>(static_cast<float>(x));
  } else if constexpr (kIsInt<To> && kIsFloat<From>) {
    return float_to_int<To>(x);
  } else {
    return static_cast<To>(x);
  }
}

}  // namespace tessera::kernels::detail
