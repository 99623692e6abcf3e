// bincount and histogram: per-point private counts (Serial points; the mapper spreads the points
// over the cores) and a fold that adds them in point order.
#include "kernels/count/count.h"
#include "kernels/count/count_bins.h"

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

template <class T, bool Direct>
void histogram_uniform(runtime::TaskContext& ctx, const HistogramArgs& a) {
  const char* x = ctx.base[1];
  const char* edges = ctx.base[2];
  int64_t xs = ctx.store(1).strides[0], es = ctx.store(2).strides[0];
  auto edge = [&](int64_t j) { return static_cast<double>(at<T>(edges + j * es)); };
  count_point(ctx, a.bins, a.weighted, 3, [&](int64_t i) -> int64_t {
    return uniform_index<T, Direct>(static_cast<double>(at<T>(x + i * xs)), a, edge);
  });
}

void histogram_edges(runtime::TaskContext& ctx, const HistogramArgs& a) {
  const char* x = ctx.base[1];
  const double* edges = reinterpret_cast<const double*>(ctx.base[2]);  // contiguous float64
  int64_t xs = ctx.store(1).strides[0];
  count_point(ctx, a.bins, a.weighted, 3, [&](int64_t i) -> int64_t {
    return edges_index(at<double>(x + i * xs), edges, a.bins);
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

#if defined(TESSERA_HAVE_CUDA)
// count.cu
void bincount_cuda(runtime::TaskContext& ctx);
bool bincount_cuda_supports(const runtime::Launch& l);
void histogram_cuda(runtime::TaskContext& ctx);
bool histogram_cuda_supports(const runtime::Launch& l);
const runtime::TaskVariants bincount_task = {"bincount", bincount_serial, nullptr, bincount_cuda,
                                             bincount_cuda_supports};
const runtime::TaskVariants histogram_task = {"histogram", histogram_serial, nullptr,
                                              histogram_cuda, histogram_cuda_supports};
#else
const runtime::TaskVariants bincount_task = {"bincount", bincount_serial, nullptr};
const runtime::TaskVariants histogram_task = {"histogram", histogram_serial, nullptr};
#endif

}  // namespace tessera::kernels
