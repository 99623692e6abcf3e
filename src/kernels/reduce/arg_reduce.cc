// Typed scans for argmax/argmin with NumPy's rules (arraytypes.c.src, @fname@_argmax): the first
// occurrence of the best value wins; a NaN (in either part, for complex) beats every number,
// so the first NaN wins; complex values compare lexicographically; float16 compares as float.
#include <complex>
#include <cstring>
#include <type_traits>

#include "kernels/reduce/reduce_typed.h"

namespace tessera::kernels {
namespace {

template <class T>
bool is_nan(T v) {
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
bool beats(T x, T best) {
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

template <bool Max, class T>
void scan(ReduceValue& v, const void* xp, int64_t n, int64_t index0) {
  const T* x = static_cast<const T*>(xp);
  if (n <= 0) return;
  int64_t i = 0;
  T best;
  if (!v.has) {
    best = x[0];
    v.index = index0;
    v.has = true;
    i = 1;
  } else {
    std::memcpy(&best, v.bytes, sizeof(T));
  }
  // Nothing beats a NaN, so the scan can stop at the first one.
  for (; i < n && !is_nan(best); ++i) {
    if (beats<Max>(x[i], best)) {
      best = x[i];
      v.index = index0 + i;
    }
  }
  std::memcpy(v.bytes, &best, sizeof(T));
}

template <bool Max, class T>
void rows(void* bestp, int64_t* index, const void* xp, int64_t n, int64_t r) {
  T* best = static_cast<T*>(bestp);
  const T* x = static_cast<const T*>(xp);
  for (int64_t j = 0; j < n; ++j) {
    if (beats<Max>(x[j], best[j])) {
      best[j] = x[j];
      index[j] = r;
    }
  }
}

template <bool Max, class T>
bool beats_untyped(const void* a, const void* b) {
  T x, y;
  std::memcpy(&x, a, sizeof(T));
  std::memcpy(&y, b, sizeof(T));
  return beats<Max>(x, y);
}

template <bool Max, class T>
inline constexpr TypedArg kArg = {&scan<Max, T>, &rows<Max, T>, &beats_untyped<Max, T>};

template <bool Max>
const TypedArg* entry(DType d) {
  return dispatch_dtype(d, [](auto tag) -> const TypedArg* {
    return &kArg<Max, decltype(tag)>;
  });
}

}  // namespace

const TypedArg* typed_arg(ReduceKind kind, DType d) {
  if (kind == ReduceKind::ArgMax) return entry<true>(d);
  if (kind == ReduceKind::ArgMin) return entry<false>(d);
  return nullptr;
}

}  // namespace tessera::kernels
