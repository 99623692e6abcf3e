#pragma once
/// Reductions with NumPy semantics (axis, keepdims, dtype, out, initial, ddof).
#include <optional>
#include <vector>

#include "tessera/array/ufunc.h"

namespace tessera {

/// Which axes a reduction runs over: all (axis=None) or a list (may be negative, no repeats).
struct Axes {
  bool all = true;
  std::vector<int64_t> list;
  static Axes none() { return {}; }
  static Axes of(std::vector<int64_t> axes) { return {false, std::move(axes)}; }
};

struct ReduceOptions {
  Axes axes;
  bool keepdims = false;
  const DType* dtype = nullptr;
  const Array* out = nullptr;
  const Scalar* initial = nullptr;
};

/// ufunc.reduce for a binary ufunc (np.add.reduce, np.sum, np.prod, np.max, np.any, …).
/// Result is 0-d (still deferred) when every axis is reduced and keepdims is false.
Array reduce(Ufunc op, const Array& a, const ReduceOptions& options);
Array sum(const Array& a, const ReduceOptions& options);
Array prod(const Array& a, const ReduceOptions& options);
Array amax(const Array& a, const ReduceOptions& options);
Array amin(const Array& a, const ReduceOptions& options);
Array any(const Array& a, const ReduceOptions& options);
Array all(const Array& a, const ReduceOptions& options);
Array count_nonzero(const Array& a, const Axes& axes, bool keepdims);
Array mean(const Array& a, const ReduceOptions& options);
Array var(const Array& a, const ReduceOptions& options, double ddof);
Array std(const Array& a, const ReduceOptions& options, double ddof);
/// argmax / argmin over one axis or the flattened array (axis empty).
Array argmax(const Array& a, std::optional<int64_t> axis, bool keepdims, const Array* out);
Array argmin(const Array& a, std::optional<int64_t> axis, bool keepdims, const Array* out);

}  // namespace tessera
