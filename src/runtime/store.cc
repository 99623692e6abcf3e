#include "tessera/runtime/store.h"

#include <algorithm>

#include "runtime/allocator.h"
#include "runtime/gpu.h"
#include "runtime/root.h"
#include "tessera/runtime/runtime.h"

namespace tessera::runtime {

Root::Root(const Dims& shape, DType dtype, std::shared_ptr<const Partition> partition)
    : shape_(shape),
      itemsize_(dtype_size(dtype)),
      partition_(std::move(partition)),
      tiles_(partition_->num_tiles()) {
  int64_t row_elems = 1;
  for (int d = 1; d < shape.size(); ++d) row_elems *= shape[d];
  row_bytes_ = row_elems * dtype_size(dtype);
  nbytes_ = shape.product() * dtype_size(dtype);
}

Root::~Root() {
  for (int m = 0; m < kNumMemories; ++m) {
    if (static_cast<Memory>(m) == Memory::Gpu) {
      gpu::release(instances_[m], nbytes_);  // stream-ordered: after the kernels using it
    } else {
      release_host(instances_[m], nbytes_);
    }
  }
}

namespace {

constexpr uint8_t kHostBit = uint8_t(1) << static_cast<int>(Memory::Host);
constexpr uint8_t kGpuBit = uint8_t(1) << static_cast<int>(Memory::Gpu);

bool gpu_only(uint8_t valid) { return (valid & kGpuBit) && !(valid & kHostBit); }

}  // namespace

void Root::set_valid(int t, uint8_t valid) {
  uint8_t& v = tiles_[t].valid;
  int change = int(gpu_only(valid)) - int(gpu_only(v));
  if (change) gpu_only_tiles_.fetch_add(change, std::memory_order_relaxed);
  v = valid;
}

void Root::tiles_overlapping(int64_t lo, int64_t hi, int& first, int& last) const {
  const auto& rows = partition_->rows;
  int n = num_tiles();
  if (n == 1 || row_bytes_ == 0 || hi <= lo) {
    first = 0;
    last = n;
    return;
  }
  int64_t row_lo = lo / row_bytes_, row_hi = (hi - 1) / row_bytes_ + 1;
  first = static_cast<int>(std::upper_bound(rows.begin(), rows.end(), row_lo) - rows.begin()) - 1;
  last = static_cast<int>(std::lower_bound(rows.begin(), rows.end(), row_hi) - rows.begin());
  first = std::clamp(first, 0, n - 1);
  last = std::clamp(last, first + 1, n);
}

char* Root::instance(Memory m) {
  char*& p = instances_[static_cast<int>(m)];
  if (!p) {
    if (m == Memory::Gpu) {
      p = static_cast<char*>(gpu::allocate(nbytes_, "an array"));
    } else {
      p = static_cast<char*>(
          allocate_host(nbytes_, m == Memory::Host ? "an array" : "an array (fake device)"));
    }
  }
  return p;
}

Dims contiguous_strides(const Dims& shape, int itemsize) {
  Dims strides(shape.size());
  int64_t s = itemsize;
  for (int d = shape.size() - 1; d >= 0; --d) {
    strides[d] = s;
    s *= std::max<int64_t>(shape[d], 1);
  }
  return strides;
}

Store make_store(const Dims& shape, DType dtype) {
  Store s;
  auto partition = Runtime::get().mapper().key_partition(shape);
  s.root = std::make_shared<Root>(shape, dtype, std::move(partition));
  s.dtype = dtype;
  s.shape = shape;
  s.strides = contiguous_strides(shape, dtype_size(dtype));
  s.offset = 0;
  return s;
}

bool Store::is_c_contiguous() const {
  int64_t expected = itemsize();
  for (int d = ndim() - 1; d >= 0; --d) {
    if (shape[d] == 0) return true;
    if (shape[d] != 1 && strides[d] != expected) return false;
    expected *= shape[d];
  }
  return true;
}

bool Store::is_root_view() const {
  return offset == 0 && itemsize() == root->itemsize() && shape == root->shape() &&
         is_c_contiguous();
}

void Store::footprint(int64_t row_lo, int64_t row_hi, int64_t& lo, int64_t& hi) const {
  if (size() == 0 || (ndim() > 0 && row_hi <= row_lo)) {
    lo = hi = offset;
    return;
  }
  lo = offset;
  hi = offset;
  for (int d = 0; d < ndim(); ++d) {
    int64_t first = d == 0 ? row_lo : 0, last = d == 0 ? row_hi - 1 : shape[d] - 1;
    int64_t a = first * strides[d], b = last * strides[d];
    lo += std::min(a, b);
    hi += std::max(a, b);
  }
  hi += itemsize();
}

}  // namespace tessera::runtime
