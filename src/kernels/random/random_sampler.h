#pragma once
// The samplers of the random task, one source for the CPU (random.cc) and the GPU (random.cu):
// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3",
// SC'11) from the Random123 headers, which compile for both (their functions are __device__ in
// nvcc's device pass and plain host functions otherwise). One Philox block (four 32-bit words =
// two 64-bit randoms r0, r1) per element: counter = (element index, call number), key =
// mix(seed, stream). The same (key, call, index) gives the same bits on either processor, so
// uniform and integer samples are bit-identical; normal samples go through log and cos, whose
// CUDA versions may differ from glibc's in the last ulp.
#include <Random123/philox.h>
#include <math.h>

#include <cstdint>
#include <type_traits>

#include "kernels/random/random.h"
#include "tessera/exec/hd.h"

namespace tessera::kernels::sampler {

struct Bits {
  uint64_t r0, r1;
};

TESSERA_HD inline Bits philox(uint64_t key, uint64_t call, uint64_t index) {
  using Philox = r123::Philox4x32_R<10>;
  Philox::ctr_type c = {{static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                         static_cast<uint32_t>(call), static_cast<uint32_t>(call >> 32)}};
  Philox::key_type k = {{static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32)}};
  Philox::ctr_type r = Philox()(c, k);
  return {(uint64_t{r[1]} << 32) | r[0], (uint64_t{r[3]} << 32) | r[2]};
}

/// The top 53 bits as a double in [0, 1): every value is a multiple of 2^-53.
TESSERA_HD inline double u01(uint64_t r) { return static_cast<double>(r >> 11) * 0x1.0p-53; }

/// The top 24 bits as a float in [0, 1): exact in float, never rounds up to 1.
TESSERA_HD inline float u01f(uint64_t r) { return static_cast<float>(r >> 40) * 0x1.0p-24f; }

/// Box–Muller (Box & Muller 1958), cosine branch: u1 in (0, 1] so the log is finite.
TESSERA_HD inline double standard_normal(const Bits& b) {
  constexpr double kTwoPi = 2.0 * 3.141592653589793238462643383279502884;  // 2·π, rounded once
  double u1 = static_cast<double>((b.r0 >> 11) + 1) * 0x1.0p-53;
  double u2 = u01(b.r1);
  return ::sqrt(-2.0 * ::log(u1)) * ::cos(kTwoPi * u2);
}

/// The high 64 bits of a 64×64-bit product.
TESSERA_HD inline uint64_t mulhi64(uint64_t a, uint64_t b) {
#if TESSERA_DEVICE_CODE
  return __umul64hi(a, b);
#else
  return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * b) >> 64);
#endif
}

/// Lemire's multiply-shift ("Fast random integer generation in an interval", TOMACS 2019)
/// without the rejection step: each of the `range` results is hit by floor or ceil of
/// 2^64 / range of the 2^64 inputs, so its probability is within 2^-64 of 1/range.
TESSERA_HD inline int64_t integer(const RandomArgs& a, uint64_t r) {
  uint64_t off = a.range == 0 ? r : mulhi64(r, a.range);
  return static_cast<int64_t>(static_cast<uint64_t>(a.low) + off);  // wraps like NumPy's
}

/// Element `index`'s sample in the work dtype: W is double (Uniform with work Float64, Normal),
/// float (Uniform with work Float32) or int64_t (Integers).
template <class W>
TESSERA_HD inline W sample(const RandomArgs& a, uint64_t index) {
  Bits b = philox(a.key, a.call, index);
  if constexpr (std::is_same_v<W, float>) {
    return u01f(b.r0);
  } else if constexpr (std::is_same_v<W, double>) {
    return a.dist == RandomDist::Normal ? a.a + a.b * standard_normal(b) : a.a + a.b * u01(b.r0);
  } else {
    return integer(a, b.r0);
  }
}

}  // namespace tessera::kernels::sampler
