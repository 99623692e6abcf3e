#pragma once
/// Dims: a short vector of extents or strides, stored inline (no heap) for the usual ranks.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

namespace tessera {

/// The most dimensions an array may have (NumPy allows 64; 32 keeps Dims small enough to copy).
inline constexpr int kMaxDims = 32;

class Dims {
 public:
  Dims() = default;
  explicit Dims(int n, int64_t value = 0) : size_(n) {
    check(n);
    std::fill_n(data_, n, value);
  }
  Dims(std::initializer_list<int64_t> values) : size_(static_cast<int>(values.size())) {
    check(size_);
    std::copy(values.begin(), values.end(), data_);
  }
  Dims(const Dims& other) : size_(other.size_) { std::copy_n(other.data_, size_, data_); }
  Dims& operator=(const Dims& other) {
    size_ = other.size_;
    std::copy_n(other.data_, size_, data_);
    return *this;
  }
  Dims(const int64_t* first, int n) : size_(n) {
    check(n);
    std::copy_n(first, n, data_);
  }

  int size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t& operator[](int i) { return data_[i]; }
  int64_t operator[](int i) const { return data_[i]; }
  int64_t* data() { return data_; }
  const int64_t* data() const { return data_; }
  int64_t* begin() { return data_; }
  int64_t* end() { return data_ + size_; }
  const int64_t* begin() const { return data_; }
  const int64_t* end() const { return data_ + size_; }
  int64_t back() const { return data_[size_ - 1]; }

  void push_back(int64_t v) {
    check(size_ + 1);
    data_[size_++] = v;
  }
  void insert(int pos, int64_t v) {
    check(size_ + 1);
    std::copy_backward(data_ + pos, data_ + size_, data_ + size_ + 1);
    data_[pos] = v;
    ++size_;
  }
  void erase(int pos) {
    std::copy(data_ + pos + 1, data_ + size_, data_ + pos);
    --size_;
  }
  void resize(int n, int64_t value = 0) {
    check(n);
    if (n > size_) std::fill(data_ + size_, data_ + n, value);
    size_ = n;
  }

  /// Product of the entries (the element count of a shape).
  int64_t product() const {
    int64_t p = 1;
    for (int i = 0; i < size_; ++i) p *= data_[i];
    return p;
  }

  friend bool operator==(const Dims& a, const Dims& b) {
    return a.size_ == b.size_ && std::equal(a.data_, a.data_ + a.size_, b.data_);
  }

 private:
  static void check(int n) {
    if (n > kMaxDims) throw std::length_error("maximum supported dimension for an ndarray is 32");
  }
  int size_ = 0;
  int64_t data_[kMaxDims];  // only the first size_ entries are meaningful or copied
};

}  // namespace tessera
