// bincount and histogram: per-point private counts (Serial points; the mapper spreads the points
// over the cores) and a fold that adds them in point order.
#include "kernels/count/count.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace tessera::kernels {

namespace {

template <class T>
T& at(char* p) {
  return *reinterpret_cast<T*>(p);
}
template <class T>
T at(const char* p) {
  return *reinterpret_cast<const T*>(p);
}

/// Adds n values (or weights) per slot into `counts`, the point's private array.
template <class Index, class Acc>
void count_into(Acc* counts, int64_t n, Index&& index_of, const char* w, int64_t ws) {
  for (int64_t i = 0; i < n; ++i) {
    int64_t j = index_of(i);
    if (j < 0) continue;
    if constexpr (std::is_same_v<Acc, double>) {
      counts[j] += at<double>(w + i * ws);
    } else {
      counts[j] += 1;
    }
  }
}

/// Runs `count_into` with int64 counts or float64 sums, after zeroing the point's array.
template <class Index>
void count_point(runtime::TaskContext& ctx, int64_t length, bool weighted, int w_arg,
                 Index&& index_of) {
  std::memset(ctx.partials, 0, static_cast<size_t>(length) * 8);
  int64_t n = ctx.rows();
  if (weighted) {
    count_into(reinterpret_cast<double*>(ctx.partials), n, index_of, ctx.base[w_arg],
               ctx.store(w_arg).strides[0]);
  } else {
    count_into(reinterpret_cast<int64_t*>(ctx.partials), n, index_of, nullptr, 0);
  }
}

/// Adds the points' arrays into argument 0 (contiguous), each element in point order.
template <class Acc>
void fold_into(runtime::TaskContext& ctx, int64_t length) {
  const Acc* parts = reinterpret_cast<const Acc*>(ctx.partials);
  Acc* out = reinterpret_cast<Acc*>(ctx.base[0]);
  std::copy(parts, parts + length, out);
  for (int p = 1; p < ctx.num_points; ++p) {
    for (int64_t j = 0; j < length; ++j) out[j] += parts[p * length + j];
  }
}

void bincount_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<BincountArgs>();
  const char* x = ctx.base[1];
  int64_t xs = ctx.store(1).strides[0];
  count_point(ctx, a.length, a.weighted, 2, [&](int64_t i) {
    int64_t j = at<int64_t>(x + i * xs);
    if (j < 0) throw std::invalid_argument("'list' argument must have no negative elements");
    return j;
  });
}

/// v rounded to dtype d (float16, float32 or float64). Computing one +, -, * or / of narrower
/// floats in double and rounding once gives the correctly rounded narrow result (double has
/// more than twice their precision plus two bits), as NumPy's loops compute them.
double round_to(DType d, double v) {
  switch (d) {
    case DType::Float16:
      return static_cast<double>(static_cast<float16>(v));
    case DType::Float32:
      return static_cast<double>(static_cast<float>(v));
    default:
      return v;
  }
}

/// The bin of v by NumPy's formula. `Direct`: every operation is in T (float32 or float64
/// data binned in its own dtype, the common case), so T's arithmetic is NumPy's; otherwise each
/// operation is rounded to its dtype from double.
template <class T, bool Direct>
int64_t uniform_bin(double v, const HistogramArgs& a) {
  double f;
  if constexpr (Direct) {
    T x = static_cast<T>(v);
    f = static_cast<double>(((x - static_cast<T>(a.first_sub)) / static_cast<T>(a.denom)) *
                            static_cast<T>(a.scale));
  } else {
    double d = round_to(a.sub_dtype, v - a.first_sub);
    double q = round_to(a.div_dtype, d / a.denom);
    f = round_to(a.mul_dtype, q * a.scale);
  }
  return std::clamp<int64_t>(static_cast<int64_t>(f), 0, a.bins - 1);
}

template <class T, bool Direct>
void histogram_uniform(runtime::TaskContext& ctx, const HistogramArgs& a) {
  const char* x = ctx.base[1];
  const char* edges = ctx.base[2];
  int64_t xs = ctx.store(1).strides[0], es = ctx.store(2).strides[0];
  auto edge = [&](int64_t j) { return static_cast<double>(at<T>(edges + j * es)); };
  count_point(ctx, a.bins, a.weighted, 3, [&](int64_t i) -> int64_t {
    double v = static_cast<double>(at<T>(x + i * xs));
    if (!(v >= a.first && v <= a.last)) return -1;
    int64_t idx = uniform_bin<T, Direct>(v, a);
    // The computed index may be one off near an edge: the edges decide (NumPy's correction).
    if (v < edge(idx)) {
      --idx;
    } else if (idx != a.bins - 1 && v >= edge(idx + 1)) {
      ++idx;
    }
    return idx;
  });
}

void histogram_edges(runtime::TaskContext& ctx, const HistogramArgs& a) {
  const char* x = ctx.base[1];
  const double* edges = reinterpret_cast<const double*>(ctx.base[2]);  // contiguous float64
  int64_t xs = ctx.store(1).strides[0];
  count_point(ctx, a.bins, a.weighted, 3, [&](int64_t i) -> int64_t {
    double v = at<double>(x + i * xs);
    if (!(v >= edges[0] && v <= edges[a.bins])) return -1;
    // Bin i holds [e_i, e_i+1), the last bin also its right edge (NumPy's searchsorted counts).
    int64_t idx = std::upper_bound(edges, edges + a.bins + 1, v) - edges - 1;
    return std::min(idx, a.bins - 1);
  });
}

void histogram_serial(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<HistogramArgs>();
  if (!a.uniform) return histogram_edges(ctx, a);
  bool direct = a.sub_dtype == a.dtype && a.div_dtype == a.dtype && a.mul_dtype == a.dtype;
  switch (a.dtype) {
    case DType::Float16:
      return histogram_uniform<float16, false>(ctx, a);
    case DType::Float32:
      if (direct) return histogram_uniform<float, true>(ctx, a);
      return histogram_uniform<float, false>(ctx, a);
    default:
      if (direct) return histogram_uniform<double, true>(ctx, a);
      return histogram_uniform<double, false>(ctx, a);
  }
}

}  // namespace

void bincount_fold(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<BincountArgs>();
  if (a.weighted) return fold_into<double>(ctx, a.length);
  fold_into<int64_t>(ctx, a.length);
}

void histogram_fold(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<HistogramArgs>();
  if (a.weighted) return fold_into<double>(ctx, a.bins);
  fold_into<int64_t>(ctx, a.bins);
}

const runtime::TaskVariants bincount_task = {"bincount", bincount_serial, nullptr};
const runtime::TaskVariants histogram_task = {"histogram", histogram_serial, nullptr};

}  // namespace tessera::kernels
