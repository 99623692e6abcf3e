#include "kernels/linalg/matmul.h"
#include "tessera/exec/executor.h"

namespace tessera::kernels {

/// Iterates over this point's rows of C (every batch index, then the rows of each matrix) and
/// hands runs of rows to run_matmul. The OpenMP executor splits the runs over its group.
template <class Exec>
void matmul_body(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<MatmulArgs>();
  const runtime::Store& c = ctx.store(2);
  int nd = c.ndim();
  exec::StridedSpace s;
  s.nops = 3;
  s.shape = c.shape;
  s.shape[0] = ctx.rows();
  s.shape.resize(nd - 1);  // iterate over (batch…, n); each run is a block of rows of one matrix
  for (int i = 0; i < 3; ++i) {
    const runtime::Store& st = ctx.store(i);
    s.base[i] = ctx.base[i];
    s.strides[i] = Dims(st.strides);
    s.strides[i].resize(nd - 1);
  }
  s.strides[1][nd - 2] = 0;  // every row of C sees all of B's matrix
  int64_t sa[2] = {ctx.store(0).strides[nd - 2], ctx.store(0).strides[nd - 1]};
  int64_t sb[2] = {ctx.store(1).strides[nd - 2], ctx.store(1).strides[nd - 1]};
  int64_t scs[2] = {c.strides[nd - 2], c.strides[nd - 1]};
  int64_t rows = s.shape.back();
  int64_t chunk = Exec::threads() > 1 ? (rows + Exec::threads() - 1) / Exec::threads() : rows;
  Exec::for_each_run(s, chunk > 0 ? chunk : 1, [&](int64_t n, char** p, const int64_t*) {
    run_matmul(a, n, p[0], sa, p[1], sb, p[2], scs);
  });
}

}  // namespace tessera::kernels
