// The sorting task bodies, written once against an executor (Serial or OpenMP).
#include <algorithm>
#include <array>
#include <complex>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/sort/sort.h"
#include "tessera/array/dtype.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

template <class T>
inline constexpr bool kIsComplex = std::is_same_v<T, complex64> || std::is_same_v<T, complex128>;
template <class T>
inline constexpr bool kIsFloat =
    std::is_same_v<T, float16> || std::is_same_v<T, float> || std::is_same_v<T, double>;

template <class T>
inline bool is_nan(const T& v) {
  if constexpr (kIsComplex<T>) {
    return v.real() != v.real() || v.imag() != v.imag();
  } else {
    return v != v;  // false for integers and bool
  }
}

/// NumPy's sort order (npysort's `Tag::less`): NaN after every number; complex numbers by real
/// part, then imaginary part, with the blocks [R + Rj, R + nanj, nan + Rj, nan + nanj].
template <class T>
struct SortLess {
  bool operator()(const T& a, const T& b) const {
    if constexpr (kIsComplex<T>) {
      auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
      if (ar < br) return ai == ai || bi != bi;
      if (ar > br) return bi != bi && ai == ai;
      if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
      return br != br;
    } else if constexpr (kIsFloat<T>) {
      return a < b || (b != b && a == a);
    } else {
      return a < b;
    }
  }
};

/// Sorts n keys stably, with their positions first, first + 1, ... as the index payload.
template <class T>
void sort_with_index(T* keys, int64_t* idx, int64_t n, int64_t first) {
  std::vector<std::pair<T, int64_t>> tmp(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) tmp[i] = {keys[i], first + i};
  SortLess<T> less;
  std::stable_sort(tmp.begin(), tmp.end(),
                   [&](const auto& x, const auto& y) { return less(x.first, y.first); });
  for (int64_t i = 0; i < n; ++i) {
    keys[i] = tmp[i].first;
    idx[i] = tmp[i].second;
  }
}

/// An unsigned key whose order is NumPy's order of the values: the sign bit flipped for signed
/// integers; for floats the usual bit trick (negatives inverted, positives with the sign bit
/// set), with -0.0 tied to 0.0 and every NaN mapped to the largest key.
template <class T>
inline auto radix_key(T v) {
  if constexpr (std::is_same_v<T, bool>) {
    return static_cast<uint8_t>(v);
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    U u = static_cast<U>(v);
    if constexpr (std::is_signed_v<T>) u ^= U(1) << (8 * sizeof(T) - 1);
    return u;
  } else {
    using U = std::conditional_t<sizeof(T) == 2, uint16_t,
                                 std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
    constexpr U sign = U(1) << (8 * sizeof(T) - 1);
    if (v != v) return static_cast<U>(~U(0));
    if (v == T(0)) v = T(0);
    U u;
    std::memcpy(&u, &v, sizeof(U));
    return (u & sign) ? static_cast<U>(~u) : static_cast<U>(u | sign);
  }
}

/// LSD radix sort of n keys (stable), 8 bits a pass, moving the optional index payload along;
/// passes where every key has the same digit are skipped.
template <class T>
void radix_sort(T* keys, int64_t* idx, int64_t n) {
  using U = decltype(radix_key(T{}));
  constexpr int kPasses = sizeof(U);
  std::vector<std::array<int64_t, 256>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (int64_t i = 0; i < n; ++i) {
    U k = radix_key(keys[i]);
    for (int p = 0; p < kPasses; ++p) ++counts[p][(k >> (8 * p)) & 255];
  }
  auto tmp = std::make_unique_for_overwrite<T[]>(static_cast<size_t>(n));
  auto tmp_idx = std::make_unique_for_overwrite<int64_t[]>(idx ? static_cast<size_t>(n) : 0);
  T *src = keys, *dst = tmp.get();
  int64_t *src_idx = idx, *dst_idx = tmp_idx.get();
  for (int p = 0; p < kPasses; ++p) {
    std::array<int64_t, 256>& c = counts[p];
    if (c[(radix_key(src[0]) >> (8 * p)) & 255] == n) continue;  // one digit: nothing moves
    int64_t sum = 0;
    for (int64_t& v : c) sum += std::exchange(v, sum);
    for (int64_t i = 0; i < n; ++i) {
      int64_t at = c[(radix_key(src[i]) >> (8 * p)) & 255]++;
      dst[at] = src[i];
      if (idx) dst_idx[at] = src_idx[i];
    }
    std::swap(src, dst);
    std::swap(src_idx, dst_idx);
  }
  if (src != keys) {
    std::copy(src, src + n, keys);
    if (idx) std::copy(src_idx, src_idx + n, idx);
  }
}

/// Sorts one block stably: radix sort for integers, bools and floats of some length, else a
/// comparison sort (complex numbers, short blocks).
template <class T>
void sort_block(T* keys, int64_t* idx, int64_t n, int64_t first) {
  constexpr int64_t kRadixMin = 256;
  if constexpr (!kIsComplex<T>) {
    if (n >= kRadixMin) {
      if (idx) {
        for (int64_t i = 0; i < n; ++i) idx[i] = first + i;
      }
      radix_sort(keys, idx, n);
      return;
    }
  }
  if (idx) {
    sort_with_index(keys, idx, n, first);
  } else {
    std::stable_sort(keys, keys + n, SortLess<T>{});
  }
}

/// A space of `n` rows of one or two operands, for handing rows to an executor.
inline exec::StridedSpace row_space(int64_t n, char* p0, int64_t s0, char* p1 = nullptr,
                                    int64_t s1 = 0) {
  exec::StridedSpace s;
  s.shape = Dims{n};
  s.nops = p1 ? 2 : 1;
  s.base[0] = p0;
  s.strides[0] = Dims{s0};
  s.base[1] = p1;
  s.strides[1] = Dims{s1};
  return s;
}

template <class Exec>
void sort_blocks_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<SortArgs>();
  const runtime::Store& keys = ctx.store(0);
  int64_t rs = keys.strides[0], bpr = a.padded / a.block;
  char* base = ctx.base[0];
  exec::StridedSpace s = a.with_index
                             ? row_space(ctx.rows(), base, rs, ctx.base[1], ctx.store(1).strides[0])
                             : row_space(ctx.rows(), base, rs);
  dispatch_dtype(keys.dtype, [&](auto tag) {
    using T = decltype(tag);
    Exec::for_each_run(s, 1, [&](int64_t cnt, char** p, const int64_t* st) {
      for (int64_t r = 0; r < cnt; ++r) {
        int64_t b = ctx.lo + (p[0] + r * st[0] - base) / rs;
        int64_t first = (b % bpr) * a.block;
        int64_t valid = std::min(a.block, a.row_len - first);
        T* k = reinterpret_cast<T*>(p[0] + r * st[0]);
        int64_t* idx = a.with_index ? reinterpret_cast<int64_t*>(p[1] + r * st[1]) : nullptr;
        sort_block(k, idx, valid, first);
      }
    });
  });
}

/// How many of the first k outputs of the stable merge of A (na) and B (nb) come from A.
template <class T>
int64_t merge_corank(const T* A, int64_t na, const T* B, int64_t nb, int64_t k) {
  SortLess<T> less;
  int64_t lo = std::max<int64_t>(0, k - nb), hi = std::min(k, na);
  while (lo < hi) {
    int64_t i = (lo + hi) / 2, j = k - i;
    if (!less(B[j - 1], A[i])) {
      lo = i + 1;  // A[i] precedes B[j-1]: more of A belongs in the first k
    } else {
      hi = i;
    }
  }
  return lo;
}

/// The pointers of one point of a merge round; `out`/`out_idx` point at flat position `lo`.
template <class T>
struct MergeView {
  const T* in;
  const int64_t* in_idx;
  T* out;
  int64_t* out_idx;
  int64_t lo;
};

/// Writes flat output positions [begin, end) of one merge round.
template <class T>
void merge_range(const MergeView<T>& m, const SortArgs& a, int64_t begin, int64_t end) {
  SortLess<T> less;
  int64_t w = a.width;
  for (int64_t pos = begin; pos < end;) {
    int64_t row = pos / a.padded, q = pos % a.padded;
    int64_t s = q / (2 * w) * (2 * w);
    int64_t stop = std::min(std::min(s + 2 * w, a.padded), q + (end - pos));
    int64_t mid = std::min(s + w, a.row_len), last = std::min(s + 2 * w, a.row_len);
    int64_t na = std::max<int64_t>(mid - s, 0), nb = std::max<int64_t>(last - mid, 0);
    int64_t k0 = q - s, k1 = std::min(stop - s, na + nb);
    if (k0 < k1) {
      int64_t at = row * a.padded + s;  // the pair's first element
      const T* A = m.in + at;
      const T* B = A + na;
      int64_t i = merge_corank(A, na, B, nb, k0), j = k0 - i;
      int64_t o = at + k0 - m.lo;
      for (int64_t k = k0; k < k1; ++k, ++o) {
        if (j >= nb || (i < na && !less(B[j], A[i]))) {
          m.out[o] = A[i];
          if (m.out_idx) m.out_idx[o] = m.in_idx[at + i];
          ++i;
        } else {
          m.out[o] = B[j];
          if (m.out_idx) m.out_idx[o] = m.in_idx[at + na + j];
          ++j;
        }
      }
    }
    pos += stop - q;
  }
}

template <class Exec>
void merge_runs_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<SortArgs>();
  const runtime::Store& out = ctx.store(0);
  int isz = out.itemsize();
  char* base = ctx.base[0];
  exec::StridedSpace s = row_space(ctx.rows(), base, isz);
  dispatch_dtype(out.dtype, [&](auto tag) {
    using T = decltype(tag);
    MergeView<T> m{reinterpret_cast<const T*>(ctx.base[1]), nullptr, reinterpret_cast<T*>(base),
                   nullptr, ctx.lo};
    if (a.with_index) {
      m.out_idx = reinterpret_cast<int64_t*>(ctx.base[2]);
      m.in_idx = reinterpret_cast<const int64_t*>(ctx.base[3]);
    }
    Exec::for_each_run(s, 1 << 15, [&](int64_t cnt, char** p, const int64_t*) {
      int64_t begin = ctx.lo + (p[0] - base) / isz;
      merge_range(m, a, begin, begin + cnt);
    });
  });
}

/// Partitions n keys (or, with idx, their positions) around the sorted kth values.
template <class T>
void partition_row(T* keys, int64_t* idx, int64_t n, const PartitionArgs& a) {
  SortLess<T> less;
  int64_t from = 0;
  if (idx) {
    for (int64_t i = 0; i < n; ++i) idx[i] = i;
    auto by_key = [&](int64_t x, int64_t y) { return less(keys[x], keys[y]); };
    for (int64_t t = 0; t < a.nkth; ++t) {
      std::nth_element(idx + from, idx + a.kth[t], idx + n, by_key);
      from = a.kth[t] + 1;
    }
    return;
  }
  for (int64_t t = 0; t < a.nkth; ++t) {
    std::nth_element(keys + from, keys + a.kth[t], keys + n, less);
    from = a.kth[t] + 1;
  }
}

template <class Exec>
void partition_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<PartitionArgs>();
  const runtime::Store& keys = ctx.store(0);
  exec::StridedSpace s = a.with_index ? row_space(ctx.rows(), ctx.base[0], keys.strides[0],
                                                  ctx.base[1], ctx.store(1).strides[0])
                                      : row_space(ctx.rows(), ctx.base[0], keys.strides[0]);
  dispatch_dtype(keys.dtype, [&](auto tag) {
    using T = decltype(tag);
    Exec::for_each_run(s, 1, [&](int64_t cnt, char** p, const int64_t* st) {
      for (int64_t r = 0; r < cnt; ++r) {
        int64_t* idx = a.with_index ? reinterpret_cast<int64_t*>(p[1] + r * st[1]) : nullptr;
        partition_row(reinterpret_cast<T*>(p[0] + r * st[0]), idx, a.row_len, a);
      }
    });
  });
}

/// NumPy's binary search (npysort's binsearch): the first i with !(a[i] < v) for side='left',
/// the first i with v < a[i] for side='right'.
template <class T>
int64_t search_one(const char* a, int64_t stride, int64_t n, const T& v, bool right) {
  SortLess<T> less;
  int64_t lo = 0, hi = n;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    const T& x = *reinterpret_cast<const T*>(a + mid * stride);
    bool go_right = right ? !less(v, x) : less(x, v);
    if (go_right) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

template <class Exec>
void searchsorted_body(runtime::TaskContext& ctx) {
  bool right = ctx.scalars<SearchArgs>().right;
  const runtime::Store& v = ctx.store(1);
  const runtime::Store& a = ctx.store(2);
  const char* abase = ctx.base[2];
  int64_t as = a.strides[0], n = a.shape[0];
  exec::StridedSpace s =
      row_space(ctx.rows(), ctx.base[0], ctx.store(0).strides[0], ctx.base[1], v.strides[0]);
  dispatch_dtype(v.dtype, [&](auto tag) {
    using T = decltype(tag);
    Exec::for_each_run(s, 1024, [&](int64_t cnt, char** p, const int64_t* st) {
      for (int64_t i = 0; i < cnt; ++i) {
        const T& x = *reinterpret_cast<const T*>(p[1] + i * st[1]);
        *reinterpret_cast<int64_t*>(p[0] + i * st[0]) = search_one(abase, as, n, x, right);
      }
    });
  });
}

}  // namespace tessera::kernels
