#pragma once
/// Views and shape manipulation: broadcasting, transposes, reshapes, basic indexing.
#include <optional>
#include <span>
#include <vector>

#include "tessera/array/array.h"

namespace tessera {

/// NumPy's broadcast of shapes; ValueError "operands could not be broadcast together with
/// shapes (2,3) (4,)" otherwise.
Dims broadcast_shapes(std::span<const Dims> shapes);
/// A read-only view of `a` broadcast to `shape` (stride 0 on new and stretched dims).
Array broadcast_to(const Array& a, const Dims& shape);
/// Permutes the axes (reversed when `axes` is empty).
Array transpose(const Array& a, std::span<const int64_t> axes = {});
/// NumPy's reshape: a view when the strides allow, else a copy. One entry may be -1.
Array reshape(const Array& a, const Dims& shape);
/// Whether reshape(a, shape) can be a view (for `copy=False` semantics and tests).
bool reshape_is_view(const Array& a, const Dims& shape);
Array ravel(const Array& a);
Array squeeze(const Array& a, std::optional<std::vector<int64_t>> axes = std::nullopt);
Array expand_dims(const Array& a, std::span<const int64_t> axes);
Array swapaxes(const Array& a, int64_t axis1, int64_t axis2);
Array moveaxis(const Array& a, std::span<const int64_t> source, std::span<const int64_t> dest);
/// Real and imaginary parts as views (imag of a real array is a read-only zero array).
Array real(const Array& a);
Array imag(const Array& a);
/// Reinterprets the bytes as another dtype of the same item size.
Array view_as(const Array& a, DType dtype);

/// One entry of a basic index: an integer, a slice, None (new axis) or Ellipsis.
struct IndexItem {
  enum class Kind : uint8_t { Int, Slice, NewAxis, Ellipsis };
  static constexpr int64_t kNone = INT64_MIN;  // an omitted slice bound
  Kind kind = Kind::Int;
  int64_t index = 0;
  int64_t start = kNone, stop = kNone, step = kNone;
};

/// a[items] as a view (NumPy's basic indexing); IndexError for out-of-range integers.
Array index(const Array& a, std::span<const IndexItem> items);

}  // namespace tessera
