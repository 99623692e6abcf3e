#pragma once
/// Array: a tessera N-d array with NumPy semantics, a thin handle on a runtime Store.
#include <cstdint>
#include <variant>

#include "tessera/array/dims.h"
#include "tessera/array/dtype.h"
#include "tessera/runtime/store.h"

namespace tessera {

/// A single value with a dtype, or a weak Python scalar (NEP 50: its dtype yields to arrays').
struct Scalar {
  DType dtype = DType::Float64;
  WeakKind weak = WeakKind::None;
  alignas(16) unsigned char bytes[16] = {};

  static Scalar of_bool(bool v);
  static Scalar of_int(int64_t v, bool weak = true);      // weak Python int (or int64)
  static Scalar of_uint(uint64_t v, bool weak = true);    // a Python int above INT64_MAX
  static Scalar of_double(double v, bool weak = true);    // weak Python float (or float64)
  static Scalar of_complex(complex128 v, bool weak = true);
  /// A strong scalar of dtype d holding raw element bytes.
  static Scalar of_bytes(DType d, const void* element);

  /// The value converted to dtype `to` (NumPy's unsafe cast), as element bytes in `out`.
  void convert(DType to, void* out) const;
  /// For a weak Python int: whether it fits integer dtype `to` (NEP 50 raises OverflowError).
  bool fits(DType to) const;
  double as_double() const;
  int64_t as_int() const;
  bool is_uint_above_int64() const { return dtype == DType::UInt64 && weak == WeakKind::Int; }
};

class Array {
 public:
  Array() = default;
  explicit Array(runtime::Store store, bool writeable = true)
      : store_(std::move(store)), writeable_(writeable) {}

  const Dims& shape() const { return store_.shape; }
  const Dims& strides() const { return store_.strides; }
  DType dtype() const { return store_.dtype; }
  int ndim() const { return store_.ndim(); }
  int64_t size() const { return store_.size(); }
  int itemsize() const { return store_.itemsize(); }
  int64_t nbytes() const { return size() * itemsize(); }
  bool writeable() const { return writeable_; }
  bool valid() const { return store_.root != nullptr; }
  const runtime::Store& store() const { return store_; }
  /// True when both arrays view the same root (NumPy's may_share_memory, conservatively).
  bool same_root(const Array& other) const { return store_.root == other.store_.root; }
  /// A view of this array with another shape/strides/offset (same root).
  Array view(const Dims& shape, const Dims& strides, int64_t offset, DType dtype) const;
  Array readonly() const { return Array(store_, false); }

 private:
  runtime::Store store_;
  bool writeable_ = true;
};

/// An operand of an operation: an array or a scalar.
using Operand = std::variant<Array, Scalar>;

}  // namespace tessera
