#pragma once
// argmax/argmin's comparison with NumPy's rules (arraytypes.c.src, @fname@_argmax), written
// once for every executor (TESSERA_HD): arg_reduce.cc scans with it on the CPU, reduce.cu on
// the GPU. A NaN (in either part, for complex) beats every number; complex values compare
// lexicographically; float16 compares as float.
#include <type_traits>

#include "tessera/array/dtype.h"
#include "tessera/exec/hd.h"

namespace tessera::kernels::red {

template <class T>
TESSERA_HD bool is_nan(T v) {
  if constexpr (std::is_same_v<T, float16>) {
    return float(v) != float(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return v != v;
  } else if constexpr (std::is_same_v<T, complex64> || std::is_same_v<T, complex128>) {
    return v.real() != v.real() || v.imag() != v.imag();
  } else {
    return false;
  }
}

/// Whether x (later) strictly beats best (earlier).
template <bool Max, class T>
TESSERA_HD bool beats(T x, T best) {
  if (is_nan(best)) return false;
  if (is_nan(x)) return true;
  if constexpr (std::is_same_v<T, complex64> || std::is_same_v<T, complex128>) {
    if (Max) return x.real() > best.real() || (x.real() == best.real() && x.imag() > best.imag());
    return x.real() < best.real() || (x.real() == best.real() && x.imag() < best.imag());
  } else if constexpr (std::is_same_v<T, float16>) {
    return Max ? float(x) > float(best) : float(x) < float(best);
  } else {
    return Max ? x > best : x < best;
  }
}

}  // namespace tessera::kernels::red
