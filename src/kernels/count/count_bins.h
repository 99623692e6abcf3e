#pragma once
// The bin of a value for histogram, written once for every executor (TESSERA_HD): count.cc
// counts with it on the CPU, count.cu on the GPU (which takes float32/float64 only).
#include <cstdint>

#include "kernels/count/count.h"
#include "tessera/exec/hd.h"

namespace tessera::kernels {

/// v rounded to dtype d (float16, float32 or float64). Computing one +, -, * or / of narrower
/// floats in double and rounding once gives the correctly rounded narrow result (double has
/// more than twice their precision plus two bits), as NumPy's loops compute them.
TESSERA_HD inline double round_to(DType d, double v) {
  switch (d) {
#if !TESSERA_DEVICE_CODE  // the GPU variant is not offered float16 (count.cu's cuda_supports)
    case DType::Float16:
      return static_cast<double>(static_cast<float16>(v));
#endif
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
TESSERA_HD int64_t uniform_bin(double v, const HistogramArgs& a) {
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
  int64_t idx = static_cast<int64_t>(f);
  return idx < 0 ? 0 : (idx > a.bins - 1 ? a.bins - 1 : idx);
}

/// The bin of v (an element of T, widened) among uniform bins, or -1 outside them; edge(j) is
/// edge j as a double.
template <class T, bool Direct, class Edge>
TESSERA_HD int64_t uniform_index(double v, const HistogramArgs& a, const Edge& edge) {
  if (!(v >= a.first && v <= a.last)) return -1;
  int64_t idx = uniform_bin<T, Direct>(v, a);
  // The computed index may be one off near an edge: the edges decide (NumPy's correction).
  if (v < edge(idx)) {
    --idx;
  } else if (idx != a.bins - 1 && v >= edge(idx + 1)) {
    ++idx;
  }
  return idx;
}

/// The bin of v among explicit, sorted float64 edges (bins + 1 of them), or -1 outside them.
/// Bin i holds [e_i, e_i+1), the last bin also its right edge (NumPy's searchsorted counts).
TESSERA_HD inline int64_t edges_index(double v, const double* edges, int64_t bins) {
  if (!(v >= edges[0] && v <= edges[bins])) return -1;
  // upper_bound: the first edge greater than v.
  int64_t lo = 0, hi = bins + 1;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (v < edges[mid]) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  int64_t idx = lo - 1;
  return idx < bins - 1 ? idx : bins - 1;
}

}  // namespace tessera::kernels
