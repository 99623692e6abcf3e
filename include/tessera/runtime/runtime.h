#pragma once
/// The runtime: launches tasks, tracks dependences and coherence, and runs tasks on processors.
#include <cstdint>
#include <memory>
#include <string>

#include "tessera/runtime/mapper.h"
#include "tessera/runtime/store.h"
#include "tessera/runtime/task.h"

namespace tessera::runtime {

class Scheduler;

/// An error raised inside a deferred task, rethrown at the next point that waits.
class TaskError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// Like TaskError, for a failed allocation (becomes Python's MemoryError).
class OutOfMemory : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// A failed CUDA, cuBLAS or cuSOLVER call (becomes Python's RuntimeError naming the operation).
class GpuError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Runtime {
 public:
  /// The process-wide runtime, started on first use.
  static Runtime& get();
  ~Runtime();

  /// Issues a launch; returns at once unless the mapper runs it inline (the eager path).
  void launch(Launch&& launch);

  /// Waits until every task touching `store` has finished, makes the store's bytes valid in host
  /// memory and returns a pointer to its first element. Rethrows a pending task error.
  char* host_read(const Store& store);
  /// Like host_read, and also waits for readers, for the calling thread to write the bytes.
  char* host_write(const Store& store);
  /// Waits for all outstanding work and rethrows a pending task error.
  void sync();
  /// Rethrows (and clears) an error raised by an earlier task, if any.
  void check_error();

  Mapper& mapper() { return *mapper_; }
  /// Replaces the mapper's configuration (waits for outstanding work first; restarts workers
  /// when the thread count changes).
  void configure(const MapperConfig& config);
  int num_workers() const;
  /// Tasks issued and not yet finished.
  int64_t tasks_in_flight() const;
  /// Counters for tests and show_config: launches run inline, deferred, and point tasks run.
  struct Stats {
    int64_t eager_launches = 0, deferred_launches = 0, points = 0, copies_in = 0, copies_out = 0;
    int64_t gpu_points = 0;  // points (and folds) run on the GPU
  };
  Stats stats() const;

 private:
  Runtime();
  char* host_access(const Store& store, Privilege privilege);

 public:
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Mapper> mapper_;
};

}  // namespace tessera::runtime
