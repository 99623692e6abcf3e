// The 14x14 GPU conversion loops, the counterparts of cast.cc's: the same detail::convert per
// element (float16 widened to float and narrowed with one rounding, gpu_loop.cuh).
#include "kernels/elementwise/gpu_loop.cuh"

namespace tessera::kernels::gpu {
namespace {

using Row = std::array<GpuLoop, kNumDTypes>;

/// Unsigned integer of n bytes (a copy moves bits: a float16 NaN keeps its payload and sign).
template <int N>
using Bits = std::conditional_t<
    N == 1, uint8_t,
    std::conditional_t<N == 2, uint16_t, std::conditional_t<N == 4, uint32_t, uint64_t>>>;

template <class From, class To>
constexpr GpuLoop cast_entry() {
  if constexpr (std::is_same_v<From, To> && sizeof(To) <= 8) {
    using B = Bits<sizeof(To)>;
    return {1, 1, {dt<From>, dt<To>}, loop_detail::fn_of<DevCast<B>, 1, 1, B, B, B, B>()};
  } else {
    return unary<DevCast<To>, From, To>();
  }
}

template <class From>
constexpr Row casts_from() {
  return {
#define TESSERA_X(e, t, n, c, k) cast_entry<From, t>(),
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

const GpuLoop& cast_gpu_loop(DType from, DType to) {
  return kCasts[static_cast<int>(from)][static_cast<int>(to)];
}

}  // namespace tessera::kernels::gpu
