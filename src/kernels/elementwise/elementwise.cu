// The element-wise task's CUDA variant: the selected host loop's GPU twin over the whole domain,
// with operands of another dtype cast into scratch GPU memory before the loop and results cast
// back (under the where= mask) after it, as the CPU body does block by block.
//
// Finding the GPU loop: ElementwiseArgs carries the host LoopFn the ufunc code selected. The GPU
// tables list the same rows in the same order (loops_<family>.inl), so pairing each ufunc's
// host table with its GPU table by index, and cast_loop(from, to) with cast_gpu_loop(from, to),
// gives a map from host loop to GPU loop, built once. The entry is also checked by its dtypes,
// so two host loops the linker folded into one function still find the right GPU loop.
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kernels/elementwise/elementwise.h"
#include "kernels/elementwise/gpu_loop.cuh"
#include "runtime/gpu.h"

namespace tessera::kernels {

bool elementwise_cuda_supports(const runtime::Launch& launch);
void elementwise_cuda(runtime::TaskContext& ctx);

namespace {

using gpu::GpuLaunch;
using gpu::GpuLoop;

std::span<const GpuLoop> gpu_loops_of(Ufunc op) {
  // The order of ufunc_table.cc's loops_of: a ufunc's loops are those of the first family
  // that has any.
  for (auto family : {gpu::arith_loops, gpu::compare_loops, gpu::logical_loops, gpu::bitwise_loops,
                      gpu::math_loops, gpu::float_loops}) {
    std::span<const GpuLoop> loops = family(op);
    if (!loops.empty()) return loops;
  }
  return {};
}

bool same_types(const DType* a, const DType* b, int n) {
  for (int k = 0; k < n; ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

using LoopMap = std::unordered_map<LoopFn, std::vector<GpuLoop>>;

LoopMap build_loop_map() {
  LoopMap map;
  for (int u = 0; u < kNumUfuncs; ++u) {
    const UfuncInfo& info = ufunc_info(static_cast<Ufunc>(u));
    std::span<const GpuLoop> dev = gpu_loops_of(static_cast<Ufunc>(u));
    if (dev.size() != info.loops.size()) {
      throw std::logic_error("elementwise: the GPU loop table of " + std::string(info.name) +
                             " is out of step with the host table");
    }
    for (size_t i = 0; i < dev.size(); ++i) {
      const Loop& h = info.loops[i];
      if (h.nin != dev[i].nin || h.nout != dev[i].nout ||
          !same_types(h.types, dev[i].types, h.nin + h.nout)) {
        throw std::logic_error("elementwise: the GPU loop table of " + std::string(info.name) +
                               " is out of step with the host table");
      }
      map[h.fn].push_back(dev[i]);
    }
  }
  for (int f = 0; f < kNumDTypes; ++f) {
    for (int t = 0; t < kNumDTypes; ++t) {
      DType from = static_cast<DType>(f), to = static_cast<DType>(t);
      map[cast_loop(from, to)].push_back(gpu::cast_gpu_loop(from, to));
    }
  }
  return map;
}

/// The GPU loop of the launch's host loop and dtypes; nullptr when it has none.
const GpuLoop* find_gpu_loop(const ElementwiseArgs& a) {
  static const LoopMap map = build_loop_map();
  auto it = map.find(a.loop);
  if (it == map.end()) return nullptr;
  for (const GpuLoop& g : it->second) {
    if (g.nin == a.nin && g.nout == a.nout && same_types(g.types, a.loop_dtype, a.nin + a.nout)) {
      return g.fn ? &g : nullptr;
    }
  }
  return nullptr;
}

/// Operand k of `from` replaced by a C-contiguous buffer of the same shape and item size `size`.
void make_contiguous(exec::CudaSpace& s, int k, char* buffer, int size) {
  int64_t stride = size;
  for (int d = s.ndim - 1; d >= 0; --d) {
    s.strides[k][d] = s.shape[d] == 1 ? 0 : stride;
    stride *= s.shape[d];
  }
  s.base[k] = buffer;
}

/// A two- or three-operand space (src, dst[, mask]) over the same shape as s.
exec::CudaSpace sub_space(const exec::CudaSpace& s, int src, int dst, int mask) {
  exec::CudaSpace c;
  c.ndim = s.ndim;
  c.size = s.size;
  c.nops = mask >= 0 ? 3 : 2;
  for (int d = 0; d < s.ndim; ++d) c.shape[d] = s.shape[d];
  int ops[3] = {src, dst, mask};
  for (int j = 0; j < c.nops; ++j) {
    c.base[j] = s.base[ops[j]];
    for (int d = 0; d < s.ndim; ++d) c.strides[j][d] = s.strides[ops[j]][d];
  }
  return c;
}

void run_cast(const exec::CudaSpace& s, DType from, DType to, bool masked, int* error,
              cudaStream_t stream) {
  GpuLaunch g;
  g.s = s;
  g.masked = masked;
  g.error = error;
  gpu::cast_gpu_loop(from, to).fn(g, stream);
}

}  // namespace

bool elementwise_cuda_supports(const runtime::Launch& launch) {
  const auto& a = launch.scalars.get<ElementwiseArgs>();
  if (launch.domain.size() > exec::CudaSpace::kDims) return false;
  return find_gpu_loop(a) != nullptr;  // every dtype pair has a GPU cast loop
}

void elementwise_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<ElementwiseArgs>();
  const GpuLoop* loop = find_gpu_loop(a);
  if (!loop) throw std::logic_error("elementwise: no GPU loop for this launch");
  const int nio = a.nin + a.nout;
  exec::StridedSpace s;
  s.shape = ctx.launch->domain;
  if (s.shape.size()) s.shape[0] = ctx.rows();
  s.nops = nio + (a.has_where ? 1 : 0);
  for (int k = 0; k < s.nops; ++k) {
    int arg = a.arg_of[k];
    if (arg >= 0) {
      s.base[k] = ctx.base[arg];
      s.strides[k] = ctx.store(arg).strides;
    } else {
      s.base[k] = nullptr;  // a scalar input: passed by value in GpuLaunch::scalar
      s.strides[k] = Dims(s.shape.size(), 0);
    }
  }
  if (s.shape.product() == 0) return;
  s.coalesce();
  const exec::CudaSpace space = exec::CudaSpace::from(s);
  cudaStream_t stream = exec::Cuda::stream(ctx);
  const int mask = a.has_where ? nio : -1;

  GpuLaunch g;
  g.s = space;
  g.masked = a.has_where;
  g.error = ctx.device_error;
  for (int k = 0; k < a.nin && k < 3; ++k) {
    if (a.arg_of[k] < 0) {
      g.scalar_mask |= 1u << k;
      std::memcpy(g.scalar[k], a.scalar[k], sizeof(g.scalar[k]));
    }
  }
  runtime::gpu::Scratch scratch("elementwise casting buffer");
  bool cast_out[4] = {};
  for (int k = 0; k < nio; ++k) {
    if (a.arg_of[k] < 0 || a.operand_dtype[k] == a.loop_dtype[k]) continue;
    int size = dtype_size(a.loop_dtype[k]);
    char* buf = scratch.get<char>(space.size * size);
    make_contiguous(g.s, k, buf, size);
    if (k < a.nin) {
      // Input k converted into the buffer (the mask does not apply to inputs).
      exec::CudaSpace c = sub_space(space, k, k, -1);
      make_contiguous(c, 1, buf, size);
      run_cast(c, a.operand_dtype[k], a.loop_dtype[k], false, ctx.device_error, stream);
    } else {
      cast_out[k] = true;
    }
  }
  loop->fn(g, stream);
  for (int k = a.nin; k < nio; ++k) {
    if (!cast_out[k]) continue;
    // The loop's result (in loop dtype, written where the mask allows) converted into output k.
    exec::CudaSpace c = sub_space(space, k, k, mask);
    c.base[0] = g.s.base[k];
    for (int d = 0; d < c.ndim; ++d) c.strides[0][d] = g.s.strides[k][d];
    run_cast(c, a.loop_dtype[k], a.operand_dtype[k], a.has_where, ctx.device_error, stream);
  }
}

}  // namespace tessera::kernels
