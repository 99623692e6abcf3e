#pragma once
/// Cumulative sums and products (NumPy's cumsum, cumprod) and counting (bincount, histogram).
#include <optional>

#include "tessera/array/array.h"

namespace tessera {

/// The dtype cumsum and cumprod accumulate in when dtype= is not given: bool and integers
/// narrower than 64 bits widen to int64 (uint64 if unsigned), other dtypes stay.
DType scan_dtype(DType in);
/// Inclusive sums along `axis` (-ndim <= axis < ndim; a 0-d array counts as 1-d), or of the
/// flattened array when axis is empty, in `dtype` (scan_dtype(a.dtype()) when null).
Array cumsum(const Array& a, std::optional<int64_t> axis, const DType* dtype);
/// Inclusive products, like cumsum.
Array cumprod(const Array& a, std::optional<int64_t> axis, const DType* dtype);

/// Occurrences of each value of the 1-d non-negative integer array x (int64), or the sums of
/// `weights` (float64) per value; max(x) + 1 or `minlength` bins, whichever is more.
Array bincount(const Array& x, const Array* weights, int64_t minlength);

/// NumPy's uniform-bin formula (see kernels/count/count.h): the dtypes of its three operations
/// and the scalars they use, as NumPy's promotion makes them.
struct UniformBins {
  DType sub_dtype, div_dtype, mul_dtype;
  double first, last;  // the outer edges (values of the edges' dtype)
  double first_sub, denom, scale;
};
/// The histogram of the 1-d array a over the bin edges (1-d, increasing; len(edges) - 1 bins,
/// the last one closed): int64 counts, or float64 sums of `weights`. With `uniform`, edges are
/// NumPy's linspace over equal bins and `a` is binned by NumPy's arithmetic in edges' dtype
/// (float16, float32 or float64); otherwise by binary search in float64. Values outside the
/// edges and NaN are dropped.
Array histogram(const Array& a, const Array& edges, const Array* weights,
                const UniformBins* uniform);

}  // namespace tessera
