#include "kernels/index/gather.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

template <class Exec>
void gather_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<GatherArgs>();
  const runtime::Store& out = ctx.store(0);
  const runtime::Store& idx = ctx.store(1);
  const runtime::Store& src = ctx.store(2);
  int64_t rows = ctx.rows();
  // Validate first (serially): nothing may throw inside a parallel region.
  check_indices(ctx.base[1], idx.strides[0], rows, a.axis_size, a.axis);
  int nd = out.ndim() - 1;
  Dims rest(out.shape.data() + 1, nd);
  Dims out_rest(out.strides.data() + 1, nd);
  Dims src_rest(src.strides.data() + 1, nd);
  int isz = out.itemsize();
  const char* sbase = ctx.base[2];
  int64_t s0 = src.strides[0], n = a.axis_size;
  exec::StridedSpace s;
  s.shape = Dims{rows};
  s.nops = 2;
  s.base[0] = ctx.base[0];
  s.base[1] = ctx.base[1];
  s.strides[0] = Dims{out.strides[0]};
  s.strides[1] = Dims{idx.strides[0]};
  Exec::for_each_run(s, 1024, [&](int64_t cnt, char** p, const int64_t* st) {
    for (int64_t i = 0; i < cnt; ++i) {
      int64_t j = wrap_index(*reinterpret_cast<const int64_t*>(p[1] + i * st[1]), n);
      copy_block(sbase + j * s0, src_rest, p[0] + i * st[0], out_rest, rest, isz);
    }
  });
}

}  // namespace tessera::kernels
