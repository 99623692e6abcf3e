#include "runtime/allocator.h"

#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <mutex>
#include <string>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "tessera/runtime/runtime.h"

namespace tessera::runtime {
namespace {

constexpr size_t kAlign = 64;
constexpr size_t kMaxCached = size_t(1) << 31;  // 2 GiB of idle blocks at most
constexpr size_t kMaxCachedBlock = size_t(1) << 30;

struct Cache {
  std::mutex mu;
  std::unordered_map<size_t, std::vector<void*>> blocks;  // free blocks by size
  size_t bytes = 0;
};

Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: blocks may be released during exit
  return *c;
}

// Large blocks start on a huge-page boundary and ask the kernel for transparent huge pages (as
// NumPy does for its own data): a matrix-vector product streaming 128 MiB with 4 KiB pages
// spends a third of its time in TLB misses. Their sizes round up to whole huge pages.
constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kHugeFrom = size_t(4) << 20;

size_t alignment(size_t size) { return size >= kHugeFrom ? kHugePage : kAlign; }

size_t rounded(size_t bytes) {
  size_t align = alignment(bytes);
  return (bytes + align - 1) / align * align;
}

void* allocate_aligned(size_t size) {
  void* p = std::aligned_alloc(alignment(size), size);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (p && size >= kHugeFrom) madvise(p, size, MADV_HUGEPAGE);  // advice only: errors ignored
#endif
  return p;
}

std::string describe(size_t bytes) {
  char text[64];
  std::snprintf(text, sizeof text, "%zu bytes (%.1f GiB)", bytes,
                static_cast<double>(bytes) / (1 << 30));
  return text;
}

}  // namespace

void* allocate_host(size_t bytes, const char* where) {
  size_t size = rounded(bytes == 0 ? 1 : bytes);
  {
    Cache& c = cache();
    std::lock_guard lock(c.mu);
    auto it = c.blocks.find(size);
    if (it != c.blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.bytes -= size;
      return p;
    }
  }
  void* p = allocate_aligned(size);
  if (!p) {
    trim_host_cache();
    p = allocate_aligned(size);
  }
  if (!p) {
    throw OutOfMemory(std::string("unable to allocate ") + describe(size) + " of host memory for " +
                      where);
  }
  return p;
}

void release_host(void* ptr, size_t bytes) {
  if (!ptr) return;
  size_t size = rounded(bytes == 0 ? 1 : bytes);
  Cache& c = cache();
  {
    std::lock_guard lock(c.mu);
    if (size <= kMaxCachedBlock && c.bytes + size <= kMaxCached) {
      c.blocks[size].push_back(ptr);
      c.bytes += size;
      return;
    }
  }
  std::free(ptr);
}

void trim_host_cache() {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  for (auto& [size, list] : c.blocks) {
    for (void* p : list) std::free(p);
  }
  c.blocks.clear();
  c.bytes = 0;
}

size_t host_cache_bytes() {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  return c.bytes;
}

}  // namespace tessera::runtime
