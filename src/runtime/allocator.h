#pragma once
// A caching host allocator: freed blocks are kept by size and handed out again, so repeated
// temporaries of the same size (the common case in array programs) skip malloc and the kernel's
// page-fault cost of fresh pages. The cache is bounded and given back under pressure.
#include <cstddef>

namespace tessera::runtime {

/// 64-byte aligned block of at least `bytes` bytes; throws OutOfMemory naming the size.
void* allocate_host(size_t bytes, const char* where);
/// Returns a block from allocate_host.
void release_host(void* ptr, size_t bytes);
/// Frees every cached block (called on allocation failure and by tests).
void trim_host_cache();
/// Bytes currently cached (not in use).
size_t host_cache_bytes();

}  // namespace tessera::runtime
