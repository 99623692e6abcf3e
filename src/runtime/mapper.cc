#include "tessera/runtime/mapper.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "runtime/gpu.h"
#include "runtime/root.h"

namespace tessera::runtime {
namespace {

int64_t env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  try {
    return std::stoll(v);
  } catch (const std::exception&) {
    throw std::invalid_argument(std::string(name) + "=" + v + " is not an integer");
  }
}

std::string env_str(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

}  // namespace

MapperConfig MapperConfig::from_environment() {
  MapperConfig c;
  c.threads = static_cast<int>(env_int("TESSERA_THREADS", 0));
  c.tiles = static_cast<int>(env_int("TESSERA_TILES", 0));
  std::string eager = env_str("TESSERA_EAGER", "auto");
  if (eager == "auto") {
    c.eager = EagerMode::Auto;
  } else if (eager == "always") {
    c.eager = EagerMode::Always;
  } else if (eager == "never") {
    c.eager = EagerMode::Never;
  } else {
    throw std::invalid_argument("TESSERA_EAGER must be auto, always or never, not " + eager);
  }
  c.eager_threshold = env_int("TESSERA_EAGER_THRESHOLD", c.eager_threshold);
  c.min_tile_elements = std::max<int64_t>(1, env_int("TESSERA_MIN_TILE", c.min_tile_elements));
  c.max_tile_elements = env_int("TESSERA_MAX_TILE", c.max_tile_elements);
  std::string proc = env_str("TESSERA_PROCESSOR", "cpu");
  if (proc == "cpu") {
    c.processor = Processor::Cpu;
  } else if (proc == "omp" || proc == "openmp") {
    c.processor = Processor::OpenMP;
  } else {
    throw std::invalid_argument("TESSERA_PROCESSOR must be cpu or omp, not " + proc);
  }
  c.fake_device = env_int("TESSERA_FAKE_DEVICE", 0) != 0;
  c.omp_threads = static_cast<int>(env_int("TESSERA_OMP_THREADS", 0));
  c.gpus = static_cast<int>(env_int("TESSERA_GPUS", -1));
  c.gpu_threshold = env_int("TESSERA_GPU_THRESHOLD", c.gpu_threshold);
  return c.normalized();
}

MapperConfig MapperConfig::normalized() const {
  MapperConfig c = *this;
  if (c.threads < 0 || c.tiles < 0 || c.eager_threshold < 0 || c.min_tile_elements < 0 ||
      c.max_tile_elements < 0 || c.omp_threads < 0 || c.gpu_threshold < 0) {
    throw std::invalid_argument("tessera's mapper knobs must not be negative");
  }
  if (c.threads == 0) c.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  c.min_tile_elements = std::max<int64_t>(1, c.min_tile_elements);
  c.max_tile_elements = std::max(c.min_tile_elements, c.max_tile_elements);
  if (c.gpus < -1) throw std::invalid_argument("TESSERA_GPUS must be -1 (all), 0 or more");
#if !defined(TESSERA_HAVE_CUDA)
  if (c.gpus > 0) {
    throw std::invalid_argument("TESSERA_GPUS=" + std::to_string(c.gpus) +
                                " asks for GPUs, but this tessera was built without CUDA "
                                "(configure with -DTESSERA_CUDA=ON); use TESSERA_GPUS=0 or unset "
                                "it to run on the CPU");
  }
  c.gpus = 0;  // no GPU executor in this build: "all present" is none
#else
  int present = gpu::device_count();
  if (c.gpus > present) {
    throw std::invalid_argument("TESSERA_GPUS=" + std::to_string(c.gpus) + " asks for more GPUs than the " +
                                std::to_string(present) + " present");
  }
  // One GPU is driven for now (Memory::Gpu is GPU 0's memory); more are a later step.
  c.gpus = c.gpus < 0 ? std::min(present, 1) : std::min(c.gpus, 1);
#endif
  return c;
}

Partition split_rows(int64_t rows, int parts) {
  parts = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(parts, std::max<int64_t>(rows, 1))));
  Partition p;
  p.rows.resize(parts + 1);
  for (int i = 0; i <= parts; ++i) p.rows[i] = rows * i / parts;
  return p;
}

int Mapper::tile_count(int64_t elements, int64_t rows) const {
  int64_t n = point_count(elements, rows);
  if (config_.tiles == 0 && elements > config_.threads * config_.max_tile_elements) {
    int64_t t = config_.threads;
    // At most kMaxTilesPerThread each: beyond that, tiles grow past max_tile instead (a
    // partition is a vector of row bounds, and every tile has a record).
    constexpr int64_t kMaxTilesPerThread = 256;
    int64_t per_thread =
        std::min(kMaxTilesPerThread, (elements - 1) / (t * config_.max_tile_elements) + 1);
    n = per_thread * t;
  }
  return static_cast<int>(std::clamp<int64_t>(n, 1, std::max<int64_t>(rows, 1)));
}

int Mapper::point_count(int64_t work, int64_t rows) const {
  int64_t n = config_.tiles > 0 ? config_.tiles
                                : std::min<int64_t>(config_.threads,
                                                    work / config_.min_tile_elements);
  return static_cast<int>(std::clamp<int64_t>(n, 1, std::max<int64_t>(rows, 1)));
}

std::shared_ptr<const Partition> Mapper::key_partition(const Dims& shape) {
  for (size_t i = 0; i < recent_.size(); ++i) {
    if (recent_[i].first == shape) {
      if (i != 0) std::swap(recent_[i], recent_[0]);
      return recent_[0].second;
    }
  }
  int64_t rows = shape.size() == 0 ? 1 : shape[0];
  auto p = std::make_shared<const Partition>(split_rows(rows, tile_count(shape.product(), rows)));
  constexpr size_t kCacheSize = 16;
  if (recent_.size() == kCacheSize) recent_.pop_back();
  recent_.insert(recent_.begin(), {shape, p});
  return p;
}

bool Mapper::run_eagerly(int64_t elements) const {
  switch (config_.eager) {
    case EagerMode::Always:
      return true;
    case EagerMode::Never:
      return false;
    case EagerMode::Auto:
      return elements < config_.eager_threshold;
  }
  return true;
}

Processor Mapper::processor_for(const Launch& launch) const {
  const TaskVariants& task = *launch.task;
  if (config_.gpus > 0 && task.cuda && (!launch.fold || launch.fold_cuda) &&
      (!task.cuda_supports || task.cuda_supports(launch))) {
    int64_t work = launch.work > 0 ? launch.work : launch.domain.product();
    bool there = work >= config_.gpu_threshold;
    for (size_t i = 0; !there && i < launch.args.size(); ++i) {
      there = launch.args[i].store.root->on_gpu();
    }
    if (there) return Processor::Gpu;
  }
  if (config_.processor == Processor::OpenMP && task.openmp) return Processor::OpenMP;
  return Processor::Cpu;
}

Memory Mapper::memory_for(Processor processor) const {
  if (processor == Processor::Gpu) return Memory::Gpu;
  return config_.fake_device ? Memory::FakeDevice : Memory::Host;
}

int Mapper::shard(const Launch&, int) const { return 0; }

}  // namespace tessera::runtime
