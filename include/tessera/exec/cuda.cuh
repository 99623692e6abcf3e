#pragma once
/// The CUDA executor (DESIGN.md §3): the only place that launches kernels. Included by .cu files
/// alone. A kernel family's `<op>.cu` instantiates its template with `exec::Cuda`, exactly as
/// `<op>.cc` does with `exec::Serial`; bodies issue work on the point's stream and return.
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "tessera/exec/executor.h"
#include "tessera/exec/hd.h"
#include "tessera/runtime/runtime.h"
#include "tessera/runtime/task.h"

namespace tessera::exec {

/// Codes kernels write into TaskContext::device_error (the first one stays); the runtime turns
/// them into NumPy's exceptions when the host next waits for the GPU.
enum DeviceError : int {
  kDeviceOk = 0,
  kNegativeIntegerPower = 1,  // ValueError: Integers to negative integer powers are not allowed.
  kIndexOutOfBounds = 2,      // IndexError
  kInvalidValue = 3,          // ValueError (a kernel met a value it refuses)
  kNegativeCount = 4,         // ValueError: 'list' argument must have no negative elements
};

/// The GPU error record TaskContext::device_error points at: the first error's code and, for
/// an index out of bounds, the parts of NumPy's message.
struct DeviceErrorInfo {
  int code;
  int axis;
  long long index;
  long long size;
};

#if defined(__CUDACC__)
__device__ inline void report_error(int* word, int code) {
  if (word) atomicCAS(word, 0, code);
}
/// "index <index> is out of bounds for axis <axis> with size <size>" (NumPy's IndexError).
__device__ inline void report_index_error(int* word, long long index, int axis, long long size) {
  if (word && atomicCAS(word, 0, kIndexOutOfBounds) == 0) {
    auto* info = reinterpret_cast<DeviceErrorInfo*>(word);
    info->axis = axis;
    info->index = index;
    info->size = size;
  }
}
#endif

/// A coalesced strided space in a form kernels take by value.
struct CudaSpace {
  static constexpr int kDims = 16;
  int ndim = 0;
  int nops = 0;
  int64_t size = 0;  // elements
  int64_t shape[kDims] = {};
  int64_t strides[kMaxOperands][kDims] = {};  // bytes
  char* base[kMaxOperands] = {};

  /// From a host StridedSpace (coalesce it first). Throws std::invalid_argument past kDims.
  static CudaSpace from(const StridedSpace& s) {
    CudaSpace c;
    if (s.shape.size() > kDims) {
      throw std::invalid_argument("the GPU executor takes at most 16 dims that do not merge");
    }
    c.ndim = s.shape.size();
    c.nops = s.nops;
    c.size = s.shape.product();
    for (int d = 0; d < c.ndim; ++d) c.shape[d] = s.shape[d];
    for (int k = 0; k < s.nops; ++k) {
      c.base[k] = s.base[k];
      for (int d = 0; d < c.ndim; ++d) c.strides[k][d] = s.strides[k][d];
    }
    return c;
  }
  /// True when every operand is contiguous in the (coalesced) space with its item size, or a
  /// broadcast scalar (stride 0): the case with one flat index.
  bool flat(const int* itemsize) const {
    if (ndim != 1) return ndim == 0;
    for (int k = 0; k < nops; ++k) {
      if (strides[k][0] != itemsize[k] && strides[k][0] != 0) return false;
    }
    return true;
  }

#if defined(__CUDACC__)
  /// Element pointers of flat index i (C order over shape).
  __device__ void pointers(int64_t i, char** out) const {
    for (int k = 0; k < nops; ++k) out[k] = base[k];
    for (int d = ndim - 1; d >= 0; --d) {
      int64_t idx = i % shape[d];
      i /= shape[d];
      for (int k = 0; k < nops; ++k) out[k] += idx * strides[k][d];
    }
  }
#endif
};

#if defined(__CUDACC__)
namespace cuda_detail {

template <class F>
__global__ void for_each_index_kernel(int64_t n, F f) {
  int64_t step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) f(i);
}

template <class F>
__global__ void for_each_element_kernel(CudaSpace s, F f) {
  int64_t step = int64_t(gridDim.x) * blockDim.x;
  char* p[kMaxOperands];
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < s.size; i += step) {
    s.pointers(i, p);
    f(p);
  }
}

}  // namespace cuda_detail

/// The CUDA executor.
struct Cuda {
  static constexpr const char* name = "cuda";
  static constexpr int kThreads = 256;

  static cudaStream_t stream(const runtime::TaskContext& ctx) {
    return static_cast<cudaStream_t>(ctx.stream);
  }
  /// Blocks for n items of `per_thread` each: enough to cover them, at most 64 per SM-ish (the
  /// kernels loop over the rest), so huge arrays do not launch millions of blocks.
  static unsigned blocks(int64_t n, int per_thread = 1) {
    int64_t want = (n + int64_t(kThreads) * per_thread - 1) / (int64_t(kThreads) * per_thread);
    constexpr int64_t kMaxBlocks = 132 * 64;
    return static_cast<unsigned>(want < 1 ? 1 : (want > kMaxBlocks ? kMaxBlocks : want));
  }
  /// Throws GpuError if the last launch failed (bad configuration, no kernel image).
  static void check_launch(const char* what) {
    cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess) {
      throw runtime::GpuError(std::string(what) + ": " + cudaGetErrorName(e) + ": " +
                              cudaGetErrorString(e));
    }
  }
  /// f(i) for i in [0, n), on the stream. F is a __device__ functor or extended lambda.
  template <class F>
  static void for_each_index(int64_t n, F f, cudaStream_t stream, const char* what = "kernel") {
    if (n <= 0) return;
    cuda_detail::for_each_index_kernel<<<blocks(n), kThreads, 0, stream>>>(n, f);
    check_launch(what);
  }
  /// f(ptrs) for every element of the space (ptrs: each operand's element), on the stream.
  template <class F>
  static void for_each_element(const StridedSpace& s, F f, cudaStream_t stream,
                               const char* what = "kernel") {
    CudaSpace c = CudaSpace::from(s);
    if (c.size <= 0) return;
    cuda_detail::for_each_element_kernel<<<blocks(c.size), kThreads, 0, stream>>>(c, f);
    check_launch(what);
  }
};
#endif

}  // namespace tessera::exec
