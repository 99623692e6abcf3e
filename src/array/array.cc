// Scalars, Array views, and the helpers behind NumPy-style error messages.
#include "tessera/array/array.h"

#include <cstring>
#include <limits>
#include <string>

#include "kernels/elementwise/ufunc.h"
#include "tessera/array/errors.h"

namespace tessera {

int normalize_axis(int64_t axis, int ndim) {
  if (axis < -ndim || axis >= ndim) {
    throw AxisError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                    std::to_string(ndim));
  }
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

std::string shape_str(const Dims& shape) {
  std::string s = "(";
  for (int i = 0; i < shape.size(); ++i) {
    if (i) s += ",";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

Scalar Scalar::of_bool(bool v) {
  Scalar s;
  s.dtype = DType::Bool;
  s.weak = WeakKind::None;
  std::memcpy(s.bytes, &v, sizeof v);
  return s;
}

Scalar Scalar::of_int(int64_t v, bool weak) {
  Scalar s;
  s.dtype = DType::Int64;
  s.weak = weak ? WeakKind::Int : WeakKind::None;
  std::memcpy(s.bytes, &v, sizeof v);
  return s;
}

Scalar Scalar::of_uint(uint64_t v, bool weak) {
  Scalar s;
  s.dtype = DType::UInt64;
  s.weak = weak ? WeakKind::Int : WeakKind::None;
  std::memcpy(s.bytes, &v, sizeof v);
  return s;
}

Scalar Scalar::of_double(double v, bool weak) {
  Scalar s;
  s.dtype = DType::Float64;
  s.weak = weak ? WeakKind::Float : WeakKind::None;
  std::memcpy(s.bytes, &v, sizeof v);
  return s;
}

Scalar Scalar::of_complex(complex128 v, bool weak) {
  Scalar s;
  s.dtype = DType::Complex128;
  s.weak = weak ? WeakKind::Complex : WeakKind::None;
  std::memcpy(s.bytes, &v, sizeof v);
  return s;
}

Scalar Scalar::of_bytes(DType d, const void* element) {
  Scalar s;
  s.dtype = d;
  std::memcpy(s.bytes, element, dtype_size(d));
  return s;
}

void Scalar::convert(DType to, void* out) const {
  char* ptrs[2] = {const_cast<char*>(reinterpret_cast<const char*>(bytes)),
                   static_cast<char*>(out)};
  int64_t strides[2] = {0, 0};
  kernels::cast_loop(dtype, to)(1, ptrs, strides);
}

bool Scalar::fits(DType to) const {
  if (weak != WeakKind::Int || !is_integer(to)) return true;
  if (dtype == DType::Float64) return false;  // a Python int beyond 64 bits
  if (dtype == DType::UInt64) {
    uint64_t v;
    std::memcpy(&v, bytes, sizeof v);
    return to == DType::UInt64;
  }
  int64_t v = as_int();
  switch (to) {
#define TESSERA_FITS(E, T)                                                                   \
  case DType::E:                                                                             \
    return v >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&                       \
           (v < 0 || static_cast<uint64_t>(v) <= static_cast<uint64_t>(std::numeric_limits<T>::max()));
    TESSERA_FITS(Int8, int8_t)
    TESSERA_FITS(UInt8, uint8_t)
    TESSERA_FITS(Int16, int16_t)
    TESSERA_FITS(UInt16, uint16_t)
    TESSERA_FITS(Int32, int32_t)
    TESSERA_FITS(UInt32, uint32_t)
    TESSERA_FITS(Int64, int64_t)
    TESSERA_FITS(UInt64, uint64_t)
#undef TESSERA_FITS
    default:
      return true;
  }
}

double Scalar::as_double() const {
  double v;
  convert(DType::Float64, &v);
  return v;
}

int64_t Scalar::as_int() const {
  int64_t v;
  convert(DType::Int64, &v);
  return v;
}

Array Array::view(const Dims& shape, const Dims& strides, int64_t offset, DType dtype) const {
  runtime::Store s;
  s.root = store_.root;
  s.dtype = dtype;
  s.shape = shape;
  s.strides = strides;
  s.offset = offset;
  return Array(std::move(s), writeable_);
}

}  // namespace tessera
