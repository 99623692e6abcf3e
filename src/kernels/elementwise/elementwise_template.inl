// The element-wise task body, written once for every executor.
#include "kernels/elementwise/elementwise.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

// Items handed to executor threads: long enough to amortise, short enough to balance.
inline constexpr int64_t kElementwiseChunk = 1 << 15;

template <class Exec>
void elementwise_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ElementwiseArgs>();
  exec::StridedSpace s;
  s.shape = ctx.launch->domain;
  if (s.shape.size()) s.shape[0] = ctx.rows();
  s.nops = a.nin + a.nout + (a.has_where ? 1 : 0);
  for (int k = 0; k < s.nops; ++k) {
    int arg = a.arg_of[k];
    if (arg >= 0) {
      s.base[k] = ctx.base[arg];
      s.strides[k] = ctx.store(arg).strides;
    } else {
      s.base[k] = const_cast<char*>(reinterpret_cast<const char*>(a.scalar[k]));
      s.strides[k] = Dims(s.shape.size(), 0);
    }
  }
  if (s.shape.product() == 0) return;
  s.coalesce();
  Exec::for_each_run(s, kElementwiseChunk, [&](int64_t n, char** ptrs, const int64_t* strides) {
    run_elementwise(a, n, ptrs, strides);
  });
}

}  // namespace tessera::kernels
