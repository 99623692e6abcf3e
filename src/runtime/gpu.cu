// GPU 0 as the runtime sees it (TESSERA_CUDA builds): a non-blocking stream, a stream-ordered
// memory pool that gives idle memory back, copies, and the error word kernels report into.
#include <cuda_runtime.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include "runtime/gpu.h"
#include "tessera/exec/cuda.cuh"
#include "tessera/runtime/runtime.h"

namespace tessera::runtime::gpu {
namespace {

// The share of the GPU's memory that idle pool blocks may keep at a synchronisation point; the
// rest goes back to the driver (cudaMemPoolAttrReleaseThreshold). With 1 GiB, every wait of a
// program whose temporaries are larger gave them back and mapped them again afterwards (x + y on
// 2^28 doubles lost a fifth of its speed); a quarter keeps an array program's working set, and an
// allocation that fails first trims the pool and tries again, as does tessera's gpu_trim().
constexpr uint64_t kKeepIdleDivisor = 4;

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) fail(what, static_cast<int>(e), cudaGetErrorString(e));
}

struct Gpu {
  cudaStream_t stream = nullptr;
  int* error = nullptr;                     // GPU record (exec::DeviceErrorInfo)
  exec::DeviceErrorInfo* error_host = nullptr;  // pinned copy read after a wait
  std::atomic<size_t> in_use{0};
  std::atomic<size_t> peak{0};

  Gpu() {
    check(cudaSetDevice(0), "selecting GPU 0");
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "creating a CUDA stream");
    cudaMemPool_t pool;
    check(cudaDeviceGetDefaultMemPool(&pool, 0), "getting GPU 0's memory pool");
    size_t free_bytes = 0, total_bytes = 0;
    check(cudaMemGetInfo(&free_bytes, &total_bytes), "reading GPU 0's memory size");
    uint64_t keep = total_bytes / kKeepIdleDivisor;
    check(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep),
          "setting the memory pool's release threshold");
    check(cudaMalloc(&error, sizeof(exec::DeviceErrorInfo)), "allocating the GPU error word");
    check(cudaMemset(error, 0, sizeof(exec::DeviceErrorInfo)), "clearing the GPU error word");
    check(cudaMallocHost(&error_host, sizeof(exec::DeviceErrorInfo)), "allocating pinned memory");
  }
};

Gpu& gpu() {
  static Gpu* g = new Gpu;  // never destroyed: arrays may die during interpreter exit
  return *g;
}

std::string gib(size_t bytes) {
  char text[64];
  std::snprintf(text, sizeof text, "%zu bytes (%.2f GiB)", bytes,
                static_cast<double>(bytes) / (1 << 30));
  return text;
}

/// Raises what a kernel reported since the last check (after a wait on the stream).
void raise_reported() {
  Gpu& g = gpu();
  check(cudaMemcpyAsync(g.error_host, g.error, sizeof(exec::DeviceErrorInfo),
                        cudaMemcpyDeviceToHost, g.stream),
        "reading the GPU error word");
  check(cudaStreamSynchronize(g.stream), "waiting for the GPU");
  exec::DeviceErrorInfo info = *g.error_host;
  int code = info.code;
  if (code == exec::kDeviceOk) return;
  check(cudaMemsetAsync(g.error, 0, sizeof(exec::DeviceErrorInfo), g.stream),
        "clearing the GPU error word");
  switch (code) {
    case exec::kNegativeIntegerPower:
      throw std::invalid_argument("Integers to negative integer powers are not allowed.");
    case exec::kNegativeCount:
      throw std::invalid_argument("'list' argument must have no negative elements");
    case exec::kIndexOutOfBounds:
      if (info.size > 0 || info.index != 0) {
        throw std::out_of_range("index " + std::to_string(info.index) +
                                " is out of bounds for axis " + std::to_string(info.axis) +
                                " with size " + std::to_string(info.size));
      }
      throw std::out_of_range("index out of bounds (found by a GPU kernel)");
    default:
      throw std::invalid_argument("a GPU kernel met an invalid value (code " +
                                  std::to_string(code) + ")");
  }
}

}  // namespace

void fail(const char* what, int code, const char* cuda_text) {
  std::string name = cudaGetErrorName(static_cast<cudaError_t>(code));
  cudaGetLastError();  // clear a non-sticky error so the runtime stays usable
  throw GpuError(std::string(what) + ": " + name + ": " + cuda_text);
}

bool built() { return true; }

int device_count() {
  static int count = [] {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
      cudaGetLastError();
      return 0;
    }
    return n;
  }();
  return count;
}

DeviceInfo device_info(int device) {
  cudaDeviceProp p;
  check(cudaGetDeviceProperties(&p, device), "reading the GPU's properties");
  DeviceInfo info;
  info.name = p.name;
  info.multiprocessors = p.multiProcessorCount;
  info.major = p.major;
  info.minor = p.minor;
  info.total_memory = p.totalGlobalMem;
  return info;
}

void* stream() { return gpu().stream; }
int* error_word() { return gpu().error; }

void* allocate(size_t bytes, const char* where) {
  Gpu& g = gpu();
  void* p = nullptr;
  size_t size = bytes == 0 ? 1 : bytes;
  cudaError_t e = cudaMallocAsync(&p, size, g.stream);
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    // Idle pool memory may be what is missing: wait for frees in flight, trim, and try again.
    trim();
    e = cudaMallocAsync(&p, size, g.stream);
  }
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    size_t free_b = 0, total_b = 0;
    cudaMemGetInfo(&free_b, &total_b);
    throw OutOfMemory("unable to allocate " + gib(size) + " of GPU memory on GPU 0 for " + where +
                      " (" + gib(free_b) + " free of " + gib(total_b) + ")");
  }
  check(e, "allocating GPU memory");
  size_t now = g.in_use.fetch_add(size) + size;
  size_t top = g.peak.load();
  while (now > top && !g.peak.compare_exchange_weak(top, now)) {
  }
  return p;
}

void release(void* ptr, size_t bytes) {
  if (!ptr) return;
  Gpu& g = gpu();
  g.in_use.fetch_sub(bytes == 0 ? 1 : bytes);
  cudaError_t e = cudaFreeAsync(ptr, g.stream);
  if (e != cudaSuccess) cudaGetLastError();  // called from destructors: never throws
}

void copy_to_device(void* dst, const void* src, size_t bytes) {
  check(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, gpu().stream),
        "copying to the GPU");
}

void copy_to_host(void* dst, const void* src, size_t bytes) {
  check(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, gpu().stream),
        "copying from the GPU");
  raise_reported();
}

void synchronize() {
  if (device_count() == 0) return;
  raise_reported();
}

size_t bytes_in_use() { return device_count() ? gpu().in_use.load() : 0; }

size_t bytes_peak() { return device_count() ? gpu().peak.load() : 0; }

void reset_peak() {
  if (device_count()) gpu().peak.store(gpu().in_use.load());
}

size_t bytes_reserved() {
  if (device_count() == 0) return 0;
  cudaMemPool_t pool;
  check(cudaDeviceGetDefaultMemPool(&pool, 0), "getting GPU 0's memory pool");
  uint64_t reserved = 0;
  check(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &reserved),
        "reading the memory pool's size");
  return reserved;
}

void trim() {
  if (device_count() == 0) return;
  Gpu& g = gpu();
  check(cudaStreamSynchronize(g.stream), "waiting for the GPU");
  cudaMemPool_t pool;
  check(cudaDeviceGetDefaultMemPool(&pool, 0), "getting GPU 0's memory pool");
  check(cudaMemPoolTrimTo(pool, 0), "trimming the memory pool");
}

}  // namespace tessera::runtime::gpu
