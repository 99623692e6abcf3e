#pragma once
/// Random sampling (NumPy's "random sampling"), on a counter-based generator: Philox4x32-10
/// keyed by (seed, stream), counter = (element index, call number). A sample depends only on
/// (seed, stream, call, element index): the same on any number of tiles, threads or devices.
#include <cstdint>

#include "tessera/array/array.h"

namespace tessera {

/// Which numbers a call draws: a generator's (seed, stream), and the call's number, which the
/// caller advances so that successive calls give fresh numbers.
struct RandomKey {
  uint64_t seed = 0;
  uint64_t stream = 0;
  uint64_t call = 0;
};

/// low + (high - low) * u, u uniform in [0, 1) with 53 random bits. Float64 only; Float32 only
/// for [0, 1) (24 random bits).
Array random_uniform(const Dims& shape, DType dtype, const RandomKey& key, double low, double high);
/// loc + scale * z, z standard normal (Box–Muller); Float64 or Float32.
Array random_normal(const Dims& shape, DType dtype, const RandomKey& key, double loc, double scale);
/// Integers in [low, low + range) of an integer dtype; range 0 means 2^64.
Array random_integers(const Dims& shape, DType dtype, const RandomKey& key, int64_t low,
                      uint64_t range);

}  // namespace tessera
