// Samplers on Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as
// 1, 2, 3", SC'11), from the Random123 headers. One Philox block (four 32-bit words = two 64-bit
// randoms r0, r1) per element: counter = (element index, call number), key = mix(seed, stream).
#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "kernels/elementwise/ufunc.h"
#include "kernels/random/random_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void random_body_omp(runtime::TaskContext& ctx);
#endif

namespace {

void serial_body(runtime::TaskContext& ctx) { random_body<exec::Serial>(ctx); }

struct Bits {
  uint64_t r0, r1;
};

Bits philox(uint64_t key, uint64_t call, uint64_t index) {
  using Philox = r123::Philox4x32_R<10>;
  Philox::ctr_type c = {{static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                         static_cast<uint32_t>(call), static_cast<uint32_t>(call >> 32)}};
  Philox::key_type k = {{static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32)}};
  Philox::ctr_type r = Philox()(c, k);
  return {(uint64_t{r[1]} << 32) | r[0], (uint64_t{r[3]} << 32) | r[2]};
}

/// The top 53 bits as a double in [0, 1): every value is a multiple of 2^-53.
double u01(uint64_t r) { return static_cast<double>(r >> 11) * 0x1.0p-53; }

/// Box–Muller (Box & Muller 1958), cosine branch: u1 in (0, 1] so the log is finite.
double standard_normal(const Bits& b) {
  double u1 = static_cast<double>((b.r0 >> 11) + 1) * 0x1.0p-53;
  double u2 = u01(b.r1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// Lemire's multiply-shift ("Fast random integer generation in an interval", TOMACS 2019)
/// without the rejection step: each of the `range` results is hit by floor or ceil of
/// 2^64 / range of the 2^64 inputs, so its probability is within 2^-64 of 1/range.
int64_t integer(const RandomArgs& a, uint64_t r) {
  uint64_t off =
      a.range == 0 ? r : static_cast<uint64_t>((static_cast<unsigned __int128>(r) * a.range) >> 64);
  return static_cast<int64_t>(static_cast<uint64_t>(a.low) + off);  // wraps like NumPy's
}

void sample(const RandomArgs& a, int64_t first, int64_t n, void* buf) {
  for (int64_t i = 0; i < n; ++i) {
    Bits b = philox(a.key, a.call, static_cast<uint64_t>(first + i));
    switch (a.dist) {
      case RandomDist::Uniform:
        if (a.work == DType::Float32) {  // 24 bits, exact in float: never rounds up to 1
          static_cast<float*>(buf)[i] = static_cast<float>(b.r0 >> 40) * 0x1.0p-24f;
        } else {
          static_cast<double*>(buf)[i] = a.a + a.b * u01(b.r0);
        }
        break;
      case RandomDist::Normal:
        static_cast<double*>(buf)[i] = a.a + a.b * standard_normal(b);
        break;
      case RandomDist::Integers:
        static_cast<int64_t*>(buf)[i] = integer(a, b.r0);
        break;
    }
  }
}

}  // namespace

const runtime::TaskVariants random_task = {
    "random",
    serial_body,
#if defined(TESSERA_HAVE_OPENMP)
    random_body_omp,
#else
    nullptr,
#endif
};

void run_random(const RandomArgs& a, int64_t first, int64_t n, char* out, int64_t stride) {
  constexpr int64_t kBlock = 256;
  alignas(16) unsigned char buf[kBlock * 8];
  LoopFn cast = cast_loop(a.work, a.out);
  for (int64_t i = 0; i < n; i += kBlock) {
    int64_t m = std::min(kBlock, n - i);
    sample(a, first + i, m, buf);
    char* ptrs[2] = {reinterpret_cast<char*>(buf), out + i * stride};
    int64_t strides[2] = {dtype_size(a.work), stride};
    cast(m, ptrs, strides);
  }
}

}  // namespace tessera::kernels
