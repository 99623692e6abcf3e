#pragma once
// Point tasks and the scheduler: ready queues per processor kind, CPU worker threads, and the
// OpenMP processor (one thread that runs OpenMP variants, each opening its own parallel region).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/gpu.h"
#include "runtime/root.h"
#include "tessera/runtime/task.h"

namespace tessera::runtime {

/// Scratch GPU memory owned by one launch (a GPU launch's partials), released stream-ordered.
struct GpuScratch {
  unsigned char* data = nullptr;
  size_t bytes = 0;
  GpuScratch() = default;
  explicit GpuScratch(size_t n)
      : data(static_cast<unsigned char*>(gpu::allocate(n, "a reduction's partials"))), bytes(n) {}
  GpuScratch(GpuScratch&& o) noexcept : data(std::exchange(o.data, nullptr)), bytes(o.bytes) {}
  GpuScratch& operator=(GpuScratch&& o) noexcept {
    std::swap(data, o.data);
    std::swap(bytes, o.bytes);
    return *this;
  }
  ~GpuScratch() { gpu::release(data, bytes); }
};

/// State shared by the points of one launch.
struct LaunchState {
  Launch launch;
  uint64_t id = 0;
  Partition rows;                      // the points' row ranges of domain dim 0
  std::vector<unsigned char> partials;  // num_points * partial_bytes
  GpuScratch gpu_partials_scratch;     // a GPU launch's partials, in GPU memory
  unsigned char* gpu_partials = nullptr;
};

/// One point task (or a launch's fold task).
struct Task {
  std::shared_ptr<LaunchState> state;
  int point = 0;  // -1: the fold task
  Processor processor = Processor::Cpu;
  Memory memory = Memory::Host;

  std::atomic<int> pending{1};  // unfinished predecessors, plus one while being analysed
  std::mutex mu;
  bool done = false;
  std::atomic<bool> poisoned{false};  // it failed, or read what a failed task wrote
  /// Successors, and whether each reads what this task writes (only such edges carry poison:
  /// a task that merely waits for a failed one to finish reading or writing is unaffected).
  std::vector<std::pair<TaskRef, bool>> successors;
};

class Scheduler {
 public:
  Scheduler(int cpu_workers, std::function<void(Task&)> run);
  ~Scheduler();

  /// Makes `successor` wait for `pred` (no-op when pred has finished).
  static void add_edge(Task& pred, const TaskRef& successor, bool reads_its_output);
  /// Drops the analysis guard of `task`; queues it when nothing else holds it back.
  void release(const TaskRef& task, bool successor = false);
  /// Waits for `task`, running ready CPU tasks on this thread meanwhile.
  void wait(const TaskRef& task);
  /// Waits until no task is in flight.
  void wait_all();
  int64_t in_flight() const { return in_flight_.load(); }
  int num_workers() const { return static_cast<int>(workers_.size()); }
  void started() { in_flight_.fetch_add(1); }

 private:
  void push(TaskRef task, bool front);
  bool try_run_one();
  void finish(const TaskRef& task);
  void worker_loop(std::deque<TaskRef>& queue, std::condition_variable& cv, bool cpu);

  std::function<void(Task&)> run_;
  std::mutex mu_;
  // One condition variable per ready queue, each push waking one worker: a notify_all woke every
  // idle worker (and the OpenMP one) for each task, and on a 2-core machine those wakeups
  // preempted the threads doing the work.
  std::condition_variable cpu_cv_, omp_cv_, done_cv_;
  std::deque<TaskRef> cpu_queue_, omp_queue_;
  bool stopping_ = false;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> queued_{0};  // tasks in the CPU ready queue (read without the lock)
  std::vector<std::thread> workers_;
};

}  // namespace tessera::runtime
