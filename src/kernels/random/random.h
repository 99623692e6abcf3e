#pragma once
// The random task: out[i] = a sample computed from Philox4x32-10 at counter (i, call) under a
// key made from (seed, stream). Each element depends only on (key, call, i), so results do not
// depend on how the array is tiled or how many threads run it (DESIGN.md §5).
#include <cstdint>

#include "tessera/array/dtype.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

enum class RandomDist : uint8_t {
  Uniform,   // a + b * u, u uniform in [0, 1)
  Normal,    // a + b * z, z standard normal
  Integers,  // low + (r * range) >> 64
};

struct RandomArgs {
  RandomDist dist;
  DType work;  // Float64, Float32 (Uniform only) or Int64: what the sampler computes
  DType out;   // the output dtype; work is cast to it
  uint64_t key;
  uint64_t call;
  double a, b;
  int64_t low;
  uint64_t range;  // Integers: high - low; 0 means 2^64
};

extern const runtime::TaskVariants random_task;

/// Writes the n samples of elements first, …, first + n - 1 into out (stride in bytes).
void run_random(const RandomArgs& a, int64_t first, int64_t n, char* out, int64_t stride);

}  // namespace tessera::kernels
