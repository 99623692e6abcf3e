#pragma once
// The GPU as the runtime sees it: device memory, one stream, copies, and the error word that
// kernels report into. Host code includes this header; only gpu.cu (TESSERA_CUDA builds) sees
// CUDA's headers, and gpu_none.cc answers for builds without CUDA (no GPUs, nothing to do).
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tessera::runtime::gpu {

/// Whether this build has the CUDA executor.
bool built();
/// GPUs present (0 when none, the driver is missing, or the build has no CUDA); never throws.
int device_count();

struct DeviceInfo {
  std::string name;
  int multiprocessors = 0;
  int major = 0, minor = 0;  // compute capability
  size_t total_memory = 0;
};
DeviceInfo device_info(int device);

/// The stream (a cudaStream_t) all of GPU 0's tasks are issued on. Work on one stream runs in
/// issue order, so a successor on the GPU needs no host wait.
void* stream();
/// The GPU word kernels report errors into (exec/cuda.cuh's DeviceError codes).
int* error_word();

/// Stream-ordered allocation of GPU memory (cudaMallocAsync from a pool that gives idle memory
/// back, nothing reserved up front). Throws OutOfMemory naming the size, the GPU and `where`.
void* allocate(size_t bytes, const char* where);
/// Stream-ordered release: the memory is reused only after work issued before it finished.
void release(void* ptr, size_t bytes);

/// Host -> GPU copy, ordered on the stream; returns once the source may be reused.
void copy_to_device(void* dst, const void* src, size_t bytes);
/// GPU -> host copy; returns when the bytes are there (waits for earlier work on the stream)
/// and raises any error a kernel reported.
void copy_to_host(void* dst, const void* src, size_t bytes);
/// Waits for all work issued on the stream, then raises the first error a kernel reported
/// (std::invalid_argument, std::out_of_range) or a CUDA error (GpuError).
void synchronize();

/// Bytes of live tessera allocations on the GPU, and bytes the pool holds (live + cached).
size_t bytes_in_use();
size_t bytes_reserved();
/// The most bytes_in_use() reached since the last reset_peak().
size_t bytes_peak();
void reset_peak();
/// Returns the pool's idle memory to the driver.
void trim();

/// Scratch GPU memory of one task body: each get() is a stream-ordered allocation, all released
/// (stream-ordered) when the Scratch goes out of scope — once the body has issued the kernels
/// that use them, or when it throws.
class Scratch {
 public:
  explicit Scratch(const char* where) : where_(where) {}
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    for (auto& [p, bytes] : buffers_) release(p, bytes);
  }
  /// Room for `count` elements of T (at least one byte).
  template <class T>
  T* get(int64_t count) {
    size_t bytes = static_cast<size_t>(count < 1 ? 1 : count) * sizeof(T);
    void* p = allocate(bytes, where_);
    buffers_.emplace_back(p, bytes);
    return static_cast<T*>(p);
  }

 private:
  const char* where_;
  std::vector<std::pair<void*, size_t>> buffers_;
};

/// Throws GpuError for a failed CUDA call: "<what>: <CUDA's error name and text>".
[[noreturn]] void fail(const char* what, int code, const char* cuda_text);

}  // namespace tessera::runtime::gpu
