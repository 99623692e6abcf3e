// Random sampling: validates arguments and launches the random task (src/kernels/random/).
#include "tessera/array/random.h"

#include <string>

#include "kernels/random/random.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

/// SplitMix64's finaliser (Steele, Lea, Flood, OOPSLA 2014): spreads nearby seeds apart.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// Samples into a new array: the task fills a flat array (element index = counter), which is
/// then viewed with the requested shape (a C-contiguous reshape, no copy).
Array launch_random(const Dims& shape, kernels::RandomArgs args) {
  for (int64_t d : shape) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
  }
  int64_t n = shape.product();
  Array flat = empty(Dims{n}, args.out);
  if (n > 0) {
    runtime::Launch l;
    l.task = &kernels::random_task;
    l.domain = flat.shape();
    l.args.push_back({flat.store(), runtime::Privilege::Write, runtime::Slicing::Aligned});
    l.scalars.set(args);
    runtime::Runtime::get().launch(std::move(l));
  }
  return reshape(flat, shape);
}

kernels::RandomArgs base_args(kernels::RandomDist dist, DType work, DType out,
                              const RandomKey& key) {
  kernels::RandomArgs a{};
  a.dist = dist;
  a.work = work;
  a.out = out;
  a.key = mix(key.seed ^ mix(key.stream));
  a.call = key.call;
  return a;
}

void check_float(DType dtype, const char* what) {
  if (dtype != DType::Float64 && dtype != DType::Float32) {
    throw TypeError(std::string("Unsupported dtype \"") + std::string(dtype_name(dtype)) +
                    "\" for " + what);
  }
}

}  // namespace

Array random_uniform(const Dims& shape, DType dtype, const RandomKey& key, double low,
                     double high) {
  check_float(dtype, "random");
  bool unit = low == 0.0 && high == 1.0;
  if (dtype == DType::Float32 && !unit) {
    throw TypeError("float32 uniform samples are only drawn in [0, 1)");
  }
  DType work = dtype == DType::Float32 ? DType::Float32 : DType::Float64;
  auto a = base_args(kernels::RandomDist::Uniform, work, dtype, key);
  a.a = low;
  a.b = high - low;
  return launch_random(shape, a);
}

Array random_normal(const Dims& shape, DType dtype, const RandomKey& key, double loc,
                    double scale) {
  check_float(dtype, "standard_normal");
  auto a = base_args(kernels::RandomDist::Normal, DType::Float64, dtype, key);
  a.a = loc;
  a.b = scale;
  return launch_random(shape, a);
}

Array random_integers(const Dims& shape, DType dtype, const RandomKey& key, int64_t low,
                      uint64_t range) {
  if (!is_integer(dtype) && dtype != DType::Bool) {
    throw TypeError("Unsupported dtype " + std::string(dtype_name(dtype)) + " for randint");
  }
  auto a = base_args(kernels::RandomDist::Integers, DType::Int64, dtype, key);
  a.low = low;
  a.range = range;
  return launch_random(shape, a);
}

}  // namespace tessera
