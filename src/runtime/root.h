#pragma once
// Root: the storage behind a family of Stores, with its key partition, its instances (one per
// memory, allocated lazily) and per-tile dependence and coherence records.
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "tessera/runtime/mapper.h"
#include "tessera/runtime/task.h"

namespace tessera::runtime {

struct Task;
using TaskRef = std::shared_ptr<Task>;

/// Dependence and coherence state of one key tile (an "equivalence set").
struct TileState {
  std::vector<TaskRef> writers;  // points of the last launch that wrote the tile
  std::vector<TaskRef> readers;  // tasks that read it since
  uint64_t writer_launch = 0;    // id of the launch that wrote it last
  uint8_t valid = 0xff;          // bit m: memory m holds a valid copy (all, while undefined)
};

class Root {
 public:
  Root(const Dims& shape, DType dtype, std::shared_ptr<const Partition> partition);
  ~Root();
  Root(const Root&) = delete;
  Root& operator=(const Root&) = delete;

  int64_t nbytes() const { return nbytes_; }
  const Dims& shape() const { return shape_; }
  int itemsize() const { return itemsize_; }
  int64_t row_bytes() const { return row_bytes_; }
  int num_tiles() const { return partition_->num_tiles(); }
  const Partition& partition() const { return *partition_; }
  /// Byte range [lo, hi) of tile t.
  int64_t tile_begin(int t) const { return partition_->rows[t] * row_bytes_; }
  int64_t tile_end(int t) const { return partition_->rows[t + 1] * row_bytes_; }
  /// Tiles overlapping the byte range [lo, hi): [first, last).
  void tiles_overlapping(int64_t lo, int64_t hi, int& first, int& last) const;

  /// The instance in memory m, allocated on first use (caller holds mutex()).
  char* instance(Memory m);
  bool has_instance(Memory m) const { return instances_[static_cast<int>(m)] != nullptr; }
  std::mutex& mutex() { return mu_; }
  std::vector<TileState>& tiles() { return tiles_; }
  /// Sets tile t's valid bits (caller holds mutex()), keeping count of tiles valid on the GPU
  /// alone: the mapper keeps work where its data is (DESIGN.md §2, Mapper).
  void set_valid(int t, uint8_t valid);
  /// Whether some tile is valid only in GPU memory (read without the lock: a mapping hint).
  bool on_gpu() const { return gpu_only_tiles_.load(std::memory_order_relaxed) > 0; }

 private:
  Dims shape_;
  int itemsize_;
  int64_t nbytes_;
  int64_t row_bytes_;
  std::shared_ptr<const Partition> partition_;
  char* instances_[kNumMemories] = {};
  std::vector<TileState> tiles_;
  std::atomic<int> gpu_only_tiles_{0};
  std::mutex mu_;
};

}  // namespace tessera::runtime
