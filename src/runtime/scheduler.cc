#include "runtime/scheduler.h"

namespace tessera::runtime {

namespace {

// About 20 µs of polling on current x86 cores.
constexpr int kSpinIterations = 4000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

Scheduler::Scheduler(int cpu_workers, std::function<void(Task&)> run) : run_(std::move(run)) {
  for (int i = 0; i < cpu_workers; ++i) {
    workers_.emplace_back([this] { worker_loop(cpu_queue_, cpu_cv_, true); });
  }
  // OpenMP tasks are large (a whole group's work): their worker sleeps without spinning.
  workers_.emplace_back([this] { worker_loop(omp_queue_, omp_cv_, false); });
}

Scheduler::~Scheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cpu_cv_.notify_all();
  omp_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void Scheduler::add_edge(Task& pred, const TaskRef& successor, bool reads_its_output) {
  std::lock_guard lock(pred.mu);
  if (pred.done) {
    if (pred.poisoned && reads_its_output) successor->poisoned = true;
    return;
  }
  successor->pending.fetch_add(1);
  pred.successors.emplace_back(successor, reads_its_output);
}

void Scheduler::release(const TaskRef& task, bool successor) {
  if (task->pending.fetch_sub(1) == 1) push(task, successor);
}

void Scheduler::push(TaskRef task, bool front) {
  bool omp = task->processor == Processor::OpenMP;
  {
    std::lock_guard lock(mu_);
    auto& queue = omp ? omp_queue_ : cpu_queue_;
    if (front) {
      queue.push_front(std::move(task));
    } else {
      queue.push_back(std::move(task));
    }
    if (!omp) queued_.fetch_add(1, std::memory_order_relaxed);
  }
  if (omp) {
    omp_cv_.notify_one();
    return;
  }
  cpu_cv_.notify_one();
  done_cv_.notify_all();  // a waiting issuer lends a hand with ready CPU tasks
}

void Scheduler::finish(const TaskRef& task) {
  std::vector<std::pair<TaskRef, bool>> successors;
  // Finished tasks stay in tile records until pruned; dropping the launch here breaks the cycle
  // root -> tile record -> task -> launch -> store -> root, so arrays die when unused.
  task->state.reset();
  in_flight_.fetch_sub(1);
  {
    std::lock_guard lock(task->mu);
    task->done = true;
    successors.swap(task->successors);
  }
  for (auto& [s, reads] : successors) {
    if (task->poisoned && reads) s->poisoned = true;
    release(s, true);
  }
  {
    std::lock_guard lock(mu_);  // pairs with the waiters' predicate check
  }
  done_cv_.notify_all();
}

bool Scheduler::try_run_one() {
  TaskRef task;
  {
    std::lock_guard lock(mu_);
    if (cpu_queue_.empty()) return false;
    task = std::move(cpu_queue_.front());
    cpu_queue_.pop_front();
    queued_.fetch_sub(1, std::memory_order_relaxed);
  }
  run_(*task);
  finish(task);
  return true;
}

void Scheduler::worker_loop(std::deque<TaskRef>& queue, std::condition_variable& cv,
                            bool cpu) {
  for (;;) {
    TaskRef task;
    // Spin briefly before sleeping: array programs issue launches back to back, and waking a
    // sleeping thread costs more than the tasks of a mid-sized launch (as OpenMP runtimes do).
    for (int i = 0; cpu && i < kSpinIterations && queued_.load(std::memory_order_relaxed) == 0;
         ++i) {
      cpu_relax();
    }
    {
      std::unique_lock lock(mu_);
      cv.wait(lock, [&] { return stopping_ || !queue.empty(); });
      if (stopping_ && queue.empty()) return;
      task = std::move(queue.front());
      queue.pop_front();
      if (cpu) queued_.fetch_sub(1, std::memory_order_relaxed);
    }
    run_(*task);
    finish(task);
  }
}

void Scheduler::wait(const TaskRef& task) {
  auto is_done = [&] {
    std::lock_guard lock(task->mu);
    return task->done;
  };
  while (!is_done()) {
    if (try_run_one()) continue;
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return !cpu_queue_.empty() || is_done(); });
  }
}

void Scheduler::wait_all() {
  while (in_flight_.load() > 0) {
    if (try_run_one()) continue;
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return !cpu_queue_.empty() || in_flight_.load() == 0; });
  }
}

}  // namespace tessera::runtime
