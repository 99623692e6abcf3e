// NumPy 2 dtype promotion and casting rules (NEP 50 for Python scalars).
#include "tessera/array/dtype.h"

#include <algorithm>

namespace tessera {
namespace {

// The smallest float that holds every value of an integer dtype (NumPy: int8 -> float16,
// int16 -> float32, int32/int64 -> float64).
DType float_for_int(DType d) {
  int size = dtype_size(d);
  return size == 1 ? DType::Float16 : size == 2 ? DType::Float32 : DType::Float64;
}

DType float_of_size(int size) {
  return size == 2 ? DType::Float16 : size == 4 ? DType::Float32 : DType::Float64;
}

DType int_of_size(int size, bool is_signed) {
  switch (size) {
    case 1:
      return is_signed ? DType::Int8 : DType::UInt8;
    case 2:
      return is_signed ? DType::Int16 : DType::UInt16;
    case 4:
      return is_signed ? DType::Int32 : DType::UInt32;
    default:
      return is_signed ? DType::Int64 : DType::UInt64;
  }
}

// Size of the real component of an inexact dtype.
int component_size(DType d) { return is_complex(d) ? dtype_size(d) / 2 : dtype_size(d); }

DType promote_integers(DType a, DType b) {
  bool sa = dtype_kind(a) == 'i', sb = dtype_kind(b) == 'i';
  int za = dtype_size(a), zb = dtype_size(b);
  if (sa == sb) return int_of_size(std::max(za, zb), sa);
  int signed_size = sa ? za : zb, unsigned_size = sa ? zb : za;
  if (signed_size > unsigned_size) return int_of_size(signed_size, true);
  if (unsigned_size < 8) return int_of_size(2 * unsigned_size, true);
  return DType::Float64;  // uint64 with a signed integer
}

int kind_rank(DType d) {
  switch (dtype_kind(d)) {
    case 'b':
      return 0;
    case 'u':
      return 1;
    case 'i':
      return 2;
    case 'f':
      return 3;
    default:
      return 4;
  }
}

}  // namespace

bool dtype_from_name(std::string_view name, DType& out) {
  for (int i = 0; i < kNumDTypes; ++i) {
    auto d = static_cast<DType>(i);
    if (name == dtype_name(d) || (name.size() == 1 && name[0] == dtype_char(d))) {
      out = d;
      return true;
    }
  }
  return false;
}

DType promote_types(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::Bool) return b;
  if (b == DType::Bool) return a;
  if (is_integer(a) && is_integer(b)) return promote_integers(a, b);
  // At least one is inexact: the result's component float holds both operands.
  int size_a = is_integer(a) ? dtype_size(float_for_int(a)) : component_size(a);
  int size_b = is_integer(b) ? dtype_size(float_for_int(b)) : component_size(b);
  DType component = float_of_size(std::max(size_a, size_b));
  if (!is_complex(a) && !is_complex(b)) return component;
  return component == DType::Float64 ? DType::Complex128 : DType::Complex64;
}

DType promote_weak(DType d, WeakKind kind) {
  switch (kind) {
    case WeakKind::None:
      return d;
    case WeakKind::Int:
      return d == DType::Bool ? DType::Int64 : d;
    case WeakKind::Float:
      return is_inexact(d) ? d : DType::Float64;
    case WeakKind::Complex:
      if (is_complex(d)) return d;
      if (d == DType::Float16 || d == DType::Float32) return DType::Complex64;
      return DType::Complex128;
  }
  return d;
}

bool can_cast_safe(DType from, DType to) { return promote_types(from, to) == to; }

bool can_cast_same_kind(DType from, DType to) {
  return can_cast_safe(from, to) || kind_rank(from) <= kind_rank(to);
}

bool can_cast(DType from, DType to, Casting casting) {
  switch (casting) {
    case Casting::No:
    case Casting::Equiv:
      return from == to;
    case Casting::Safe:
      return can_cast_safe(from, to);
    case Casting::SameKind:
      return can_cast_same_kind(from, to);
    case Casting::Unsafe:
      return true;
  }
  return false;
}

}  // namespace tessera
