#pragma once
/// Mapper: every policy decision of the runtime, in one replaceable object (DESIGN.md §2).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tessera/array/dims.h"
#include "tessera/runtime/task.h"

namespace tessera::runtime {

enum class EagerMode : uint8_t { Auto, Always, Never };

/// The knobs, read from TESSERA_* environment variables at start-up and settable at run time.
struct MapperConfig {
  int threads = 0;                        // TESSERA_THREADS: CPU worker threads (0: one per core)
  int tiles = 0;                          // TESSERA_TILES: force this tile count (0: automatic)
  EagerMode eager = EagerMode::Auto;      // TESSERA_EAGER: auto | always | never
  int64_t eager_threshold = 1 << 15;      // TESSERA_EAGER_THRESHOLD: elements run inline below
  int64_t min_tile_elements = 1 << 15;    // TESSERA_MIN_TILE: smallest automatic tile
  int64_t max_tile_elements = 1 << 18;    // TESSERA_MAX_TILE: largest automatic tile
  Processor processor = Processor::Cpu;   // TESSERA_PROCESSOR: cpu | omp
  bool fake_device = false;               // TESSERA_FAKE_DEVICE: run tasks in the test memory
  int omp_threads = 0;                    // TESSERA_OMP_THREADS: OpenMP group size (0: all cores)
  int gpus = -1;                          // TESSERA_GPUS: GPUs to use (-1: all present, 0: none)
  int64_t gpu_threshold = 1 << 17;        // TESSERA_GPU_THRESHOLD: elements from which a launch
                                          // goes to the GPU (smaller: only if its data is there)

  static MapperConfig from_environment();
  /// The same knobs with defaults filled in (threads 0 -> one per core, gpus -1 -> the GPUs
  /// present) and bounds enforced; throws std::invalid_argument for negative values, and for
  /// gpus > 0 in a build without CUDA.
  MapperConfig normalized() const;
};

/// Row bounds of a key partition: tile t holds rows [rows[t], rows[t+1]) of dim 0.
struct Partition {
  std::vector<int64_t> rows;
  int num_tiles() const { return static_cast<int>(rows.size()) - 1; }
};

class Mapper {
 public:
  explicit Mapper(MapperConfig config) : config_(config.normalized()) {}
  virtual ~Mapper() = default;

  const MapperConfig& config() const { return config_; }
  MapperConfig& mutable_config() { return config_; }

  /// Number of tiles for a key partition, or a launch, over `elements` elements with `rows`
  /// rows: one per thread, fewer for small arrays (min_tile), and more for large ones, in
  /// multiples of the thread count, so that no tile exceeds max_tile elements (tiles a chain
  /// of element-wise tasks can run one after another while they are in cache).
  virtual int tile_count(int64_t elements, int64_t rows) const;
  /// Number of points for a launch sized by its work (a matrix product's n·k·m): one per
  /// thread, fewer when the work is small.
  virtual int point_count(int64_t work, int64_t rows) const;
  /// The key partition for a new root of this shape; equal shapes share one partition.
  virtual std::shared_ptr<const Partition> key_partition(const Dims& shape);
  /// Whether a launch over `elements` elements runs inline on the calling thread.
  virtual bool run_eagerly(int64_t elements) const;
  /// Which processor kind runs a launch's points: the GPU when one is in use, the task has a
  /// CUDA variant for this launch, and the launch is large or some argument lives on the GPU
  /// (small steps of a GPU computation stay there rather than pulling data back).
  virtual Processor processor_for(const Launch& launch) const;
  /// Which memory a processor's tasks use.
  virtual Memory memory_for(Processor processor) const;
  /// Control replication hook: the rank that runs a point (one rank until MPI arrives).
  virtual int shard(const Launch& launch, int point) const;

 private:
  MapperConfig config_;
  std::vector<std::pair<Dims, std::shared_ptr<const Partition>>> recent_;  // small LRU cache
};

/// Splits `rows` rows into `parts` nearly equal consecutive ranges.
Partition split_rows(int64_t rows, int parts);

}  // namespace tessera::runtime
