#pragma once
/// Dims: a short vector of extents or strides. Up to kInlineDims entries live inline (no heap),
/// which covers nearly every array; more spill to the heap, up to kMaxDims.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>

namespace tessera {

/// The most dimensions an array may have (NumPy allows 64).
inline constexpr int kMaxDims = 64;
inline constexpr int kInlineDims = 6;

class Dims {
 public:
  Dims() = default;
  explicit Dims(int n, int64_t value = 0) {
    reserve(n);
    size_ = n;
    std::fill_n(data(), n, value);
  }
  Dims(std::initializer_list<int64_t> values) : Dims(values.begin(), static_cast<int>(values.size())) {}
  Dims(const int64_t* first, int n) {
    reserve(n);
    size_ = n;
    std::copy_n(first, n, data());
  }
  Dims(const Dims& other) : Dims(other.data(), other.size_) {}
  Dims(Dims&& other) noexcept : size_(other.size_), heap_(std::move(other.heap_)) {
    if (!heap_) std::copy_n(other.inline_, size_, inline_);
    capacity_ = other.capacity_;
  }
  Dims& operator=(const Dims& other) {
    if (this != &other) {
      reserve(other.size_);
      size_ = other.size_;
      std::copy_n(other.data(), size_, data());
    }
    return *this;
  }
  Dims& operator=(Dims&& other) noexcept {
    if (other.heap_) {
      heap_ = std::move(other.heap_);
      capacity_ = other.capacity_;
    } else {
      std::copy_n(other.inline_, other.size_, data());
    }
    size_ = other.size_;
    return *this;
  }

  int size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* data() { return heap_ ? heap_.get() : inline_; }
  const int64_t* data() const { return heap_ ? heap_.get() : inline_; }
  int64_t& operator[](int i) { return data()[i]; }
  int64_t operator[](int i) const { return data()[i]; }
  int64_t* begin() { return data(); }
  int64_t* end() { return data() + size_; }
  const int64_t* begin() const { return data(); }
  const int64_t* end() const { return data() + size_; }
  int64_t back() const { return data()[size_ - 1]; }

  void push_back(int64_t v) {
    reserve(size_ + 1);
    data()[size_++] = v;
  }
  void insert(int pos, int64_t v) {
    reserve(size_ + 1);
    int64_t* d = data();
    std::copy_backward(d + pos, d + size_, d + size_ + 1);
    d[pos] = v;
    ++size_;
  }
  void erase(int pos) {
    int64_t* d = data();
    std::copy(d + pos + 1, d + size_, d + pos);
    --size_;
  }
  void resize(int n, int64_t value = 0) {
    reserve(n);
    if (n > size_) std::fill(data() + size_, data() + n, value);
    size_ = n;
  }

  /// Product of the entries (the element count of a shape).
  int64_t product() const {
    int64_t p = 1;
    for (int64_t v : *this) p *= v;
    return p;
  }

  friend bool operator==(const Dims& a, const Dims& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }

 private:
  void reserve(int n) {
    if (n <= capacity_) return;
    if (n > kMaxDims) throw std::length_error("maximum supported dimension for an ndarray is 64");
    auto bigger = std::make_unique<int64_t[]>(kMaxDims);
    std::copy_n(data(), size_, bigger.get());
    heap_ = std::move(bigger);
    capacity_ = kMaxDims;
  }

  int size_ = 0;
  int capacity_ = kInlineDims;
  std::unique_ptr<int64_t[]> heap_;
  int64_t inline_[kInlineDims];
};

}  // namespace tessera
