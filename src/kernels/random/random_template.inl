#include "kernels/random/random.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

template <class Exec>
void random_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<RandomArgs>();
  exec::StridedSpace s;
  s.shape = Dims{ctx.rows()};
  s.nops = 1;
  s.base[0] = ctx.base[0];
  s.strides[0] = ctx.store(0).strides;
  char* base = s.base[0];
  int64_t stride = s.strides[0][0], lo = ctx.lo;
  Exec::for_each_run(s, 1 << 14, [&](int64_t n, char** ptrs, const int64_t*) {
    // The element index, not the thread or tile, picks the counter.
    int64_t first = lo + (stride ? (ptrs[0] - base) / stride : 0);
    run_random(a, first, n, ptrs[0], stride);
  });
}

}  // namespace tessera::kernels
