#pragma once
/// dtypes: the one table of element types, their NumPy names and characters.
#include <complex>
#include <cstdint>
#include <string_view>

namespace tessera {

using float16 = _Float16;
using complex64 = std::complex<float>;
using complex128 = std::complex<double>;

// X(enum name, C++ type, NumPy name, NumPy type char, kind char)
// Order is NumPy's type-number order; promotion code relies on it.
#define TESSERA_DTYPES(X)                                \
  X(Bool, bool, "bool", '?', 'b')                        \
  X(Int8, int8_t, "int8", 'b', 'i')                      \
  X(UInt8, uint8_t, "uint8", 'B', 'u')                   \
  X(Int16, int16_t, "int16", 'h', 'i')                   \
  X(UInt16, uint16_t, "uint16", 'H', 'u')                \
  X(Int32, int32_t, "int32", 'i', 'i')                   \
  X(UInt32, uint32_t, "uint32", 'I', 'u')                \
  X(Int64, int64_t, "int64", 'q', 'i')                   \
  X(UInt64, uint64_t, "uint64", 'Q', 'u')                \
  X(Float16, ::tessera::float16, "float16", 'e', 'f')    \
  X(Float32, float, "float32", 'f', 'f')                 \
  X(Float64, double, "float64", 'd', 'f')                \
  X(Complex64, ::tessera::complex64, "complex64", 'F', 'c') \
  X(Complex128, ::tessera::complex128, "complex128", 'D', 'c')

enum class DType : uint8_t {
#define TESSERA_X(e, t, n, c, k) e,
  TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
};

inline constexpr int kNumDTypes = 14;

/// Kind of a dtype as NumPy spells it: 'b' bool, 'i' signed, 'u' unsigned, 'f' float, 'c' complex.
constexpr char dtype_kind(DType d) {
  switch (d) {
#define TESSERA_X(e, t, n, c, k) \
  case DType::e:                 \
    return k;
    TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  }
  return '?';
}

/// Size of one element in bytes.
constexpr int dtype_size(DType d) {
  switch (d) {
#define TESSERA_X(e, t, n, c, k) \
  case DType::e:                 \
    return sizeof(t);
    TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  }
  return 0;
}

/// NumPy's name of the dtype ("float64").
constexpr std::string_view dtype_name(DType d) {
  switch (d) {
#define TESSERA_X(e, t, n, c, k) \
  case DType::e:                 \
    return n;
    TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  }
  return "?";
}

/// NumPy's one-character type code ('d' for float64).
constexpr char dtype_char(DType d) {
  switch (d) {
#define TESSERA_X(e, t, n, c, k) \
  case DType::e:                 \
    return c;
    TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  }
  return '?';
}

/// The dtype for a NumPy name or type char; false when unknown.
bool dtype_from_name(std::string_view name, DType& out);

template <class T>
struct DTypeOf;
#define TESSERA_X(e, t, n, c, k)                \
  template <>                                   \
  struct DTypeOf<t> {                           \
    static constexpr DType value = DType::e;    \
  };
TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X

template <DType D>
struct TypeOf;
#define TESSERA_X(e, t, n, c, k) \
  template <>                    \
  struct TypeOf<DType::e> {      \
    using type = t;              \
  };
TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X

#if !defined(__CUDACC__)  // nvcc's front end writes float16{} as a literal GCC 12 cannot read
/// Calls f(T{}) with T the C++ type of d (a value-initialised tag object).
template <class F>
decltype(auto) dispatch_dtype(DType d, F&& f) {
  switch (d) {
#define TESSERA_X(e, t, n, c, k) \
  case DType::e:                 \
    return f(t{});
    TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  }
  return f(bool{});
}
#endif

constexpr bool is_integer(DType d) { return dtype_kind(d) == 'i' || dtype_kind(d) == 'u'; }
constexpr bool is_float(DType d) { return dtype_kind(d) == 'f'; }
constexpr bool is_complex(DType d) { return dtype_kind(d) == 'c'; }
constexpr bool is_inexact(DType d) { return is_float(d) || is_complex(d); }

/// Kind of a Python scalar operand under NEP 50 ("weak" scalars): none, int, float, complex.
enum class WeakKind : uint8_t { None, Int, Float, Complex };

/// NumPy's can_cast(from, to, casting="safe").
bool can_cast_safe(DType from, DType to);
/// casting="same_kind".
bool can_cast_same_kind(DType from, DType to);

enum class Casting : uint8_t { No, Equiv, Safe, SameKind, Unsafe };
bool can_cast(DType from, DType to, Casting casting);

/// NumPy 2 promotion of two dtypes (np.promote_types).
DType promote_types(DType a, DType b);

/// The dtype a weak Python scalar of `kind` takes next to an array of dtype `d` (NEP 50).
DType promote_weak(DType d, WeakKind kind);

}  // namespace tessera
