// The 14x14 dtype conversion loops (NumPy's unsafe casts), used by the executor to bring
// operands to a loop's types and by astype.
//
// Semantics, as NumPy on x86-64: complex -> real keeps the real part; anything -> bool is
// "!= 0" (either part for complex, and nan is true); float -> integer truncates, and NaN, inf
// and out-of-range values give what the hardware conversion NumPy compiles to gives (see
// detail::float_to_int); integer -> integer wraps; float16 goes through GCC's _Float16.
#include "kernels/elementwise/cast.h"

#include <array>

#include "kernels/elementwise/ufunc.h"

namespace tessera::kernels {
namespace {

using detail::convert;

template <class From, class To>
void cast(int64_t n, char* const* p, const int64_t* s) {
  if (s[0] == sizeof(From) && s[1] == sizeof(To)) {
    const From* in = reinterpret_cast<const From*>(p[0]);
    To* out = reinterpret_cast<To*>(p[1]);
    for (int64_t i = 0; i < n; ++i) out[i] = convert<To>(in[i]);
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    *reinterpret_cast<To*>(p[1] + i * s[1]) =
        convert<To>(*reinterpret_cast<const From*>(p[0] + i * s[0]));
  }
}

using Row = std::array<LoopFn, kNumDTypes>;

template <class From>
constexpr Row casts_from() {
  return {
#define TESSERA_X(e, t, n, c, k) &cast<From, t>,
      TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
  };
}

constexpr std::array<Row, kNumDTypes> kCasts = {
#define TESSERA_X(e, t, n, c, k) casts_from<t>(),
    TESSERA_DTYPES(TESSERA_X)
#undef TESSERA_X
};

}  // namespace

LoopFn cast_loop(DType from, DType to) {
  return kCasts[static_cast<int>(from)][static_cast<int>(to)];
}

}  // namespace tessera::kernels
