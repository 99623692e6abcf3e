// Builds without CUDA: no GPUs. The runtime never maps work to the GPU here (the mapper sees
// no devices), so the calls that need one are unreachable and say so if reached.
#include <stdexcept>

#include "runtime/gpu.h"
#include "tessera/runtime/runtime.h"

namespace tessera::runtime::gpu {
namespace {

[[noreturn]] void no_cuda() {
  throw GpuError("this tessera was built without CUDA (configure with -DTESSERA_CUDA=ON)");
}

}  // namespace

bool built() { return false; }
int device_count() { return 0; }
DeviceInfo device_info(int) { no_cuda(); }
void* stream() { return nullptr; }
int* error_word() { return nullptr; }
void* allocate(size_t, const char*) { no_cuda(); }
void release(void*, size_t) {}
void copy_to_device(void*, const void*, size_t) { no_cuda(); }
void copy_to_host(void*, const void*, size_t) { no_cuda(); }
void synchronize() {}
size_t bytes_in_use() { return 0; }
size_t bytes_reserved() { return 0; }
size_t bytes_peak() { return 0; }
void reset_peak() {}
void trim() {}
void fail(const char* what, int, const char* text) {
  throw GpuError(std::string(what) + ": " + text);
}

}  // namespace tessera::runtime::gpu
