#include <omp.h>

#include <cstdlib>
#include <string>

#include "tessera/exec/executor.h"

namespace tessera::exec {

int OpenMP::threads() {
  static int n = [] {
    const char* v = std::getenv("TESSERA_OMP_THREADS");
    int k = v && *v ? std::atoi(v) : 0;
    return k > 0 ? k : omp_get_num_procs();
  }();
  return n;
}

int OpenMP::thread_id() { return omp_get_thread_num(); }
int OpenMP::group_size() { return omp_get_num_threads(); }

}  // namespace tessera::exec
