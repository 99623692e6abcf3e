// Reducer: the dtype-independent face of a reduction that the executor templates call. It
// buffers and casts input runs into the accumulation dtype, then hands them to the typed
// tables (reduce_typed.cc, arg_reduce.cc) or, for Generic, to the ufunc's own loop.
#include <algorithm>
#include <cstring>

#include "kernels/reduce/reduce.h"
#include "kernels/reduce/reduce_typed.h"

namespace tessera::kernels {

namespace {

bool is_arg(ReduceKind k) { return k == ReduceKind::ArgMax || k == ReduceKind::ArgMin; }

/// Largest element size (complex128) times the buffer length.
constexpr int64_t kBufferBytes = Reducer::kBuffer * 16;

}  // namespace

Reducer::Reducer(const ReduceArgs& args) : args_(args), acc_size_(dtype_size(args.acc)) {
  value_size_ = acc_size_;
  if (is_arg(args.kind)) {
    arg_ = typed_arg(args.kind, args.acc);
  } else if (args.kind != ReduceKind::Generic) {
    typed_ = typed_reduce(args.kind, args.acc);
    value_size_ = typed_->value_size;
  }
}

bool Reducer::direct(int64_t stride) const {
  return args_.in == args_.acc && !args_.via_bool && stride == acc_size_;
}

void Reducer::to_acc(char* dst, const char* x, int64_t n, int64_t stride) const {
  char* p[2] = {const_cast<char*>(x), dst};
  int64_t s[2] = {stride, acc_size_};
  cast_loop(args_.in, args_.acc)(n, p, s);
}

template <class F>
void Reducer::for_truth(const char* x, int64_t n, int64_t stride, F&& f) const {
  if (args_.in == DType::Bool && stride == 1) {
    f(x, int64_t{0}, n);
    return;
  }
  alignas(64) char truth[kBuffer];
  for (int64_t i = 0; i < n; i += kBuffer) {
    int64_t m = std::min(kBuffer, n - i);
    char* p[2] = {const_cast<char*>(x + i * stride), truth};
    int64_t s[2] = {stride, 1};
    cast_loop(args_.in, DType::Bool)(m, p, s);
    f(truth, i, m);
  }
}

ReduceValue Reducer::start() const {
  ReduceValue v;
  if (typed_) {
    typed_->neutral(v.bytes, 1);
    v.has = true;
  }
  return v;
}

ReduceValue Reducer::start_with_init() const {
  if (!args_.has_init) return start();
  ReduceValue v;
  v.has = true;
  if (typed_) {
    typed_->widen(v.bytes, args_.init, 1);
  } else {
    std::memcpy(v.bytes, args_.init, acc_size_);
  }
  return v;
}

void Reducer::add_run(ReduceValue& v, const char* x, int64_t n, int64_t stride,
                      int64_t index0) const {
  if (args_.via_bool) {  // count_nonzero: the value is an int64 count
    int64_t count;
    std::memcpy(&count, v.bytes, sizeof count);
    for_truth(x, n, stride, [&](const char* t, int64_t, int64_t m) { count += count_true(t, m); });
    std::memcpy(v.bytes, &count, sizeof count);
    return;
  }
  alignas(64) char buf[kBufferBytes];
  for (int64_t i = 0; i < n;) {
    // Contiguous input of the accumulation dtype is read in place, in one piece.
    int64_t m = direct(stride) ? n : std::min(kBuffer, n - i);
    const char* p = x + i * stride;
    if (!direct(stride)) {
      to_acc(buf, p, m, stride);
      p = buf;
    }
    if (typed_) {
      typed_->accumulate(v.bytes, p, m);
    } else if (arg_) {
      arg_->scan(v, p, m, index0 + i);
    } else {
      for (int64_t j = 0; j < m; ++j) {
        const char* e = p + j * acc_size_;
        if (!v.has) {
          std::memcpy(v.bytes, e, acc_size_);
          v.has = true;
          continue;
        }
        // One element per call: a stride-0 accumulator that is both input and output is a
        // pattern a ufunc loop need not support for n > 1.
        char* ptrs[3] = {reinterpret_cast<char*>(v.bytes), const_cast<char*>(e),
                         reinterpret_cast<char*>(v.bytes)};
        int64_t strides[3] = {0, 0, 0};
        args_.loop(1, ptrs, strides);
      }
    }
    i += m;
  }
}

bool Reducer::arg_short_rows(const char* x, int64_t rows, int64_t row_stride, int64_t n,
                             int64_t stride, char* out, int64_t out_stride) const {
  if (!arg_ || args_.has_init || !direct(stride) || n <= 0 || args_.out != DType::Int64) {
    return false;
  }
  arg_->short_rows(x, rows, row_stride, n, out, out_stride);
  return true;
}

void Reducer::combine(ReduceValue& a, const ReduceValue& b) const {
  if (!b.has) return;
  if (!a.has) {
    a = b;
    return;
  }
  if (typed_) {
    typed_->combine(a.bytes, b.bytes);
  } else if (arg_) {
    if (arg_->beats(b.bytes, a.bytes)) a = b;
  } else {
    char* ptrs[3] = {reinterpret_cast<char*>(a.bytes),
                     const_cast<char*>(reinterpret_cast<const char*>(b.bytes)),
                     reinterpret_cast<char*>(a.bytes)};
    int64_t strides[3] = {0, 0, 0};
    args_.loop(1, ptrs, strides);
  }
}

ReduceValue Reducer::combine_all(const ReduceValue* values, int64_t n) const {
  // Pairwise, so that many float partials add up with logarithmic error growth.
  if (n <= 0) return start();
  if (n == 1) return values[0];
  int64_t half = n / 2;
  ReduceValue a = combine_all(values, half);
  combine(a, combine_all(values + half, n - half));
  return a;
}

void Reducer::store(const ReduceValue& v, char* out) const {
  store_rows(reinterpret_cast<const char*>(v.bytes), &v.index, out, 1, 0);
}

void Reducer::init_rows(char* acc, int64_t* index, int64_t n) const {
  (void)index;
  if (!args_.has_init) {
    if (typed_) typed_->neutral(acc, n);
    return;  // Generic and arg kinds: the first row assigns (add_rows with r == 0)
  }
  for (int64_t j = 0; j < n; ++j) {
    char* at = acc + j * value_size_;
    if (typed_) {
      typed_->widen(at, args_.init, 1);
    } else {
      std::memcpy(at, args_.init, acc_size_);
    }
  }
}

void Reducer::add_rows(char* acc, int64_t* index, const char* x, int64_t n, int64_t stride,
                       int64_t r) const {
  if (args_.via_bool) {
    auto* counts = reinterpret_cast<int64_t*>(acc);
    for_truth(x, n, stride, [&](const char* t, int64_t i, int64_t m) {
      count_true_rows(counts + i, t, m);
    });
    return;
  }
  if (direct(stride)) {
    rows_op(acc, index, x, n, r);
    return;
  }
  alignas(64) char buf[kBufferBytes];
  for (int64_t i = 0; i < n; i += kBuffer) {
    int64_t m = std::min(kBuffer, n - i);
    to_acc(buf, x + i * stride, m, stride);
    rows_op(acc + i * value_size_, index + i, buf, m, r);
  }
}

void Reducer::rows_op(char* acc, int64_t* index, const char* p, int64_t n, int64_t r) const {
  if (r == 0 && !typed_ && !args_.has_init) {  // Generic and arg kinds: the first row starts
    std::memcpy(acc, p, n * acc_size_);
    if (arg_) std::fill_n(index, n, int64_t{0});
    return;
  }
  if (typed_) {
    typed_->accumulate_rows(acc, p, n);
  } else if (arg_) {
    arg_->rows(acc, index, p, n, r);
  } else {
    char* ptrs[3] = {acc, const_cast<char*>(p), acc};
    int64_t strides[3] = {acc_size_, acc_size_, acc_size_};
    args_.loop(n, ptrs, strides);  // element-wise in place, like `a += b`
  }
}

void Reducer::store_rows(const char* acc, const int64_t* index, char* out, int64_t n,
                         int64_t out_stride) const {
  if (arg_) {
    char* ptrs[2] = {const_cast<char*>(reinterpret_cast<const char*>(index)), out};
    int64_t strides[2] = {sizeof(int64_t), out_stride};
    cast_loop(DType::Int64, args_.out)(n, ptrs, strides);
    return;
  }
  bool widened = typed_ && value_size_ != acc_size_;  // float16 accumulated in float
  alignas(64) char buf[kBufferBytes];
  for (int64_t i = 0; i < n; i += kBuffer) {
    int64_t m = std::min(kBuffer, n - i);
    const char* src = acc + i * value_size_;
    if (widened) {
      typed_->narrow(buf, src, m);
      src = buf;
    }
    char* ptrs[2] = {const_cast<char*>(src), out + i * out_stride};
    int64_t strides[2] = {acc_size_, out_stride};
    cast_loop(args_.acc, args_.out)(m, ptrs, strides);
  }
}

}  // namespace tessera::kernels
