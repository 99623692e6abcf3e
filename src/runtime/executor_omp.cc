#include <omp.h>

#include <atomic>

#include "tessera/exec/executor.h"

namespace tessera::exec {

namespace {
std::atomic<int> group_threads{0};  // 0: every core
}  // namespace

int OpenMP::threads() {
  int n = group_threads.load(std::memory_order_relaxed);
  return n > 0 ? n : omp_get_num_procs();
}

void OpenMP::set_threads(int n) { group_threads.store(n, std::memory_order_relaxed); }

int OpenMP::thread_id() { return omp_get_thread_num(); }
int OpenMP::group_size() { return omp_get_num_threads(); }

}  // namespace tessera::exec
