#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "kernels/elementwise/elementwise_template.inl"

namespace tessera::kernels {

#if defined(TESSERA_HAVE_OPENMP)
void elementwise_body_omp(runtime::TaskContext& ctx);
#endif
#if defined(TESSERA_HAVE_CUDA)
void elementwise_cuda(runtime::TaskContext& ctx);  // elementwise.cu
bool elementwise_cuda_supports(const runtime::Launch& launch);
#endif

namespace {

void serial_body(runtime::TaskContext& ctx) { elementwise_body<exec::Serial>(ctx); }

// Elements per casting block: small enough for the stack, large enough to amortise calls.
constexpr int64_t kBlock = 512;

void masked_copy(int64_t m, const char* src, int itemsize, char* dst, int64_t dst_stride,
                 const char* mask, int64_t mask_stride) {
  for (int64_t j = 0; j < m; ++j) {
    if (mask[j * mask_stride]) std::memcpy(dst + j * dst_stride, src + j * itemsize, itemsize);
  }
}

}  // namespace

const runtime::TaskVariants elementwise_task = {
    "elementwise", serial_body,
#if defined(TESSERA_HAVE_OPENMP)
    elementwise_body_omp,
#else
    nullptr,
#endif
#if defined(TESSERA_HAVE_CUDA)
    elementwise_cuda, elementwise_cuda_supports,
#else
    nullptr, nullptr,
#endif
};

LoopError& loop_error() {
  thread_local LoopError error = LoopError::None;
  return error;
}

namespace {

void raise_loop_error() {
  LoopError e = std::exchange(loop_error(), LoopError::None);
  if (e == LoopError::NegativeIntegerPower) {
    throw std::invalid_argument("Integers to negative integer powers are not allowed.");
  }
}

void run_elementwise_unchecked(const ElementwiseArgs& a, int64_t n, char* const* ptrs,
                               const int64_t* strides);

}  // namespace

void run_elementwise(const ElementwiseArgs& a, int64_t n, char* const* ptrs,
                     const int64_t* strides) {
  run_elementwise_unchecked(a, n, ptrs, strides);
  if (loop_error() != LoopError::None) raise_loop_error();
}

namespace {

void run_elementwise_unchecked(const ElementwiseArgs& a, int64_t n, char* const* ptrs,
                               const int64_t* strides) {
  int nops = a.nin + a.nout;
  bool direct = !a.has_where;
  for (int k = 0; direct && k < nops; ++k) direct = a.operand_dtype[k] == a.loop_dtype[k];
  if (direct) {
    a.loop(n, ptrs, strides);
    return;
  }
  alignas(64) unsigned char buf[4][kBlock * 16];
  alignas(64) unsigned char cast_buf[kBlock * 16];
  for (int64_t i = 0; i < n; i += kBlock) {
    int64_t m = std::min(kBlock, n - i);
    char* p[4];
    int64_t st[4];
    for (int k = 0; k < nops; ++k) {
      char* at = ptrs[k] + i * strides[k];
      int loop_size = dtype_size(a.loop_dtype[k]);
      bool is_out = k >= a.nin;
      bool convert = a.operand_dtype[k] != a.loop_dtype[k];
      if (!convert && !(is_out && a.has_where)) {
        p[k] = at;
        st[k] = strides[k];
        continue;
      }
      p[k] = reinterpret_cast<char*>(buf[k]);
      st[k] = loop_size;
      if (!is_out) {
        char* cp[2] = {at, p[k]};
        int64_t cs[2] = {strides[k], loop_size};
        cast_loop(a.operand_dtype[k], a.loop_dtype[k])(m, cp, cs);
      }
    }
    a.loop(m, p, st);
    for (int k = a.nin; k < nops; ++k) {
      if (p[k] != reinterpret_cast<char*>(buf[k])) continue;
      char* at = ptrs[k] + i * strides[k];
      DType from = a.loop_dtype[k], to = a.operand_dtype[k];
      char* src = p[k];
      if (a.has_where) {
        if (from != to) {
          char* cp[2] = {src, reinterpret_cast<char*>(cast_buf)};
          int64_t cs[2] = {dtype_size(from), dtype_size(to)};
          cast_loop(from, to)(m, cp, cs);
          src = reinterpret_cast<char*>(cast_buf);
        }
        const char* mask = ptrs[nops] + i * strides[nops];
        masked_copy(m, src, dtype_size(to), at, strides[k], mask, strides[nops]);
      } else {
        char* cp[2] = {src, at};
        int64_t cs[2] = {dtype_size(from), strides[k]};
        cast_loop(from, to)(m, cp, cs);
      }
    }
  }
}

}  // namespace

void copy_block(const char* src, const Dims& src_strides, char* dst, const Dims& dst_strides,
                const Dims& shape, int itemsize) {
  if (shape.size() == 0) {
    std::memcpy(dst, src, itemsize);
    return;
  }
  if (shape.product() == 0) return;
  exec::StridedSpace s;
  s.shape = shape;
  s.nops = 2;
  s.base[0] = const_cast<char*>(src);
  s.base[1] = dst;
  s.strides[0] = src_strides;
  s.strides[1] = dst_strides;
  s.coalesce();
  if (s.shape.size() == 1 && s.strides[0][0] == itemsize && s.strides[1][0] == itemsize) {
    std::memcpy(dst, src, s.shape[0] * itemsize);
    return;
  }
  // Any dtype of this size copies the bytes unchanged.
  DType d = itemsize == 1   ? DType::UInt8
            : itemsize == 2 ? DType::UInt16
            : itemsize == 4 ? DType::UInt32
            : itemsize == 8 ? DType::UInt64
                            : DType::Complex128;
  LoopFn copy = cast_loop(d, d);
  exec::Serial::for_each_run(s, INT64_MAX, [&](int64_t n, char** p, const int64_t* st) {
    copy(n, p, st);
  });
}

}  // namespace tessera::kernels
