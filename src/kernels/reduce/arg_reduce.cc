// Typed scans for argmax/argmin with NumPy's rules (arraytypes.c.src, @fname@_argmax): the first
// occurrence of the best value wins; a NaN (in either part, for complex) beats every number,
// so the first NaN wins; complex values compare lexicographically; float16 compares as float.
#include <cmath>
#include <complex>
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "kernels/reduce/arg_ops.h"
#include "kernels/reduce/reduce_typed.h"

namespace tessera::kernels {
namespace {

using red::beats;
using red::is_nan;

/// Real and integer types scan in chunks: a vectorised pass finds the chunk's extreme, and
/// only a chunk whose extreme beats the best so far is searched for its first occurrence.
template <class T>
inline constexpr bool kChunked = !std::is_same_v<T, complex64> && !std::is_same_v<T, complex128>;

template <class T>
using Wide = std::conditional_t<std::is_same_v<T, float16>, float, T>;

/// The chunk's extreme, NaN-propagating, with one accumulator per lane (see lanes_reduce in
/// reduce_typed.cc for why 256 bytes of lanes).
template <bool Max, class T>
Wide<T> extreme(const T* x, int64_t n) {
  using C = Wide<T>;
  constexpr int kLanes = static_cast<int>(256 / sizeof(C));
  alignas(64) C acc[kLanes];
  for (int j = 0; j < kLanes; ++j) acc[j] = C(x[0]);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const T* __restrict p = x + i;
    for (int j = 0; j < kLanes; ++j) {
      C b = C(p[j]);
      acc[j] = ((Max ? b > acc[j] : b < acc[j]) | (b != b)) ? b : acc[j];
    }
  }
  auto better = [](C b, C a) { return ((Max ? b > a : b < a) | (b != b)) ? b : a; };
  C r = acc[0];
  for (int j = 1; j < kLanes; ++j) r = better(acc[j], r);
  for (; i < n; ++i) r = better(C(x[i]), r);
  return r;
}

/// The first k with match(x[k]); one exists in x[0..n). Groups of 32 are tested with a
/// vectorised any-match first, then the element within the group.
template <class T, class Match>
int64_t first_match(const T* x, int64_t n, Match match) {
  constexpr int kGroup = 32;
  int64_t k = 0;
  for (; k + kGroup <= n; k += kGroup) {
    int hit = 0;
    for (int j = 0; j < kGroup; ++j) hit |= match(x[k + j]);
    if (hit) break;
  }
  while (!match(x[k])) ++k;
  return k;
}

/// The first k with x[k] == c (or x[k] NaN, for a NaN c).
template <class T>
int64_t first_of(const T* x, int64_t n, Wide<T> c) {
  if (c != c) return first_match(x, n, [](T v) { return int(is_nan(v)); });
  return first_match(x, n, [c](T v) { return int(Wide<T>(v) == c); });
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
  constexpr int64_t kChunk = 1024;
  // Nothing beats a NaN, so the scan can stop at the first one.
  while (i < n && !is_nan(best)) {
    int64_t m = std::min(kChunk, n - i);
    if constexpr (kChunked<T>) {
      Wide<T> c = extreme<Max>(x + i, m);
      if (beats<Max>(T(c), best)) {
        int64_t k = first_of(x + i, m, c);
        best = x[i + k];
        v.index = index0 + i + k;
      }
    } else {
      for (int64_t k = 0; k < m && !is_nan(best); ++k) {
        if (beats<Max>(x[i + k], best)) {
          best = x[i + k];
          v.index = index0 + i + k;
        }
      }
    }
    i += m;
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

/// Short rows (argmin over the 16 distances of each point in k-means): one branch-free pass per
/// row (selects, not jumps: where the best element sits is data, and unpredictable), without
/// the chunked scan's extreme, test and search, or a call per row. A row holding a NaN is
/// searched again for its first NaN, which NumPy's rule makes the answer.
template <bool Max, class T>
void short_rows(const void* xp, int64_t nrows, int64_t row_stride, int64_t n, char* out,
                int64_t out_stride) {
  const char* base = static_cast<const char*>(xp);
  for (int64_t r = 0; r < nrows; ++r) {
    const T* x = reinterpret_cast<const T*>(base + r * row_stride);
    int64_t at = 0;
    if constexpr (kChunked<T>) {
      using C = Wide<T>;
      C best = C(x[0]);
      bool nan = best != best;
      for (int64_t i = 1; i < n; ++i) {
        C v = C(x[i]);
        bool better = Max ? v > best : v < best;
        nan |= v != v;
        best = better ? v : best;
        at = better ? i : at;
      }
      if (nan) at = first_of(x, n, C(NAN));
    } else {
      T best = x[0];
      for (int64_t i = 1; i < n && !is_nan(best); ++i) {
        if (beats<Max>(x[i], best)) {
          best = x[i];
          at = i;
        }
      }
    }
    std::memcpy(out + r * out_stride, &at, sizeof at);
  }
}

template <bool Max, class T>
inline constexpr TypedArg kArg = {&scan<Max, T>, &rows<Max, T>, &beats_untyped<Max, T>,
                                  &short_rows<Max, T>};

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
