#pragma once
/// Store: a logical N-d array, i.e. a strided view of a Root's bytes (DESIGN.md §2).
#include <cstdint>
#include <memory>

#include "tessera/array/dims.h"
#include "tessera/array/dtype.h"

namespace tessera::runtime {

class Root;

/// A view of a root: element (i0, i1, …) lives at byte offset + Σ i_d · strides[d] of the root.
/// Strides may be negative (reversed slices) or zero (broadcast dims). Views alias their root
/// exactly as Legion's sub-regions alias their parent.
struct Store {
  std::shared_ptr<Root> root;
  DType dtype = DType::Float64;
  Dims shape;
  Dims strides;  // in bytes
  int64_t offset = 0;

  int ndim() const { return shape.size(); }
  int64_t size() const { return shape.product(); }
  int itemsize() const { return dtype_size(dtype); }

  /// True when the view covers its whole root in C order (a root's own Store).
  bool is_root_view() const;
  /// True when the view's elements are adjacent in C order.
  bool is_c_contiguous() const;
  /// Byte range [lo, hi) of the root touched by rows [row_lo, row_hi) of dim 0
  /// (the whole view for a 0-d store).
  void footprint(int64_t row_lo, int64_t row_hi, int64_t& lo, int64_t& hi) const;
};

/// A new root of the given shape and dtype, C-contiguous, with its key partition chosen by the
/// mapper. Memory is allocated lazily, when a task first touches it.
Store make_store(const Dims& shape, DType dtype);

/// C-order strides in bytes of a contiguous array.
Dims contiguous_strides(const Dims& shape, int itemsize);

}  // namespace tessera::runtime
