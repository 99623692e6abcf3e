// Array creation and host data exchange.
#include "tessera/array/creation.h"

#include <string>

#include "kernels/elementwise/elementwise.h"
#include "kernels/elementwise/ufunc.h"
#include "kernels/fill/iota.h"
#include "ops/launch.h"
#include "tessera/array/errors.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

void check_shape(const Dims& shape) {
  for (int64_t d : shape) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
  }
}

}  // namespace

Array empty(const Dims& shape, DType dtype) {
  check_shape(shape);
  return Array(runtime::make_store(shape, dtype));
}

void fill(const Array& a, const Scalar& value) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  if (a.size() == 0) return;
  DType types[2] = {a.dtype(), a.dtype()};
  Operand in[1] = {value};
  ops::launch_elementwise(kernels::cast_loop(a.dtype(), a.dtype()), types, in,
                          std::span<const Array>(&a, 1), nullptr, "fill");
}

Array full(const Dims& shape, DType dtype, const Scalar& value) {
  Array a = empty(shape, dtype);
  fill(a, value);
  return a;
}

Array zeros(const Dims& shape, DType dtype) { return full(shape, dtype, Scalar::of_int(0)); }
Array ones(const Dims& shape, DType dtype) { return full(shape, dtype, Scalar::of_int(1)); }

namespace {

Array iota(int64_t n, const Scalar& start, const Scalar& step, DType work, DType dtype) {
  Array a = empty(Dims{n}, dtype);
  if (n == 0) return a;
  kernels::IotaArgs args{};
  args.work = work;
  args.out = dtype;
  start.convert(work, args.start);
  step.convert(work, args.step);
  runtime::Launch l;
  l.task = &kernels::iota_task;
  l.domain = a.shape();
  l.args.push_back({a.store(), runtime::Privilege::Write, runtime::Slicing::Aligned});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
  return a;
}

}  // namespace

Array arange(int64_t n, const Scalar& start, const Scalar& step, DType dtype) {
  if (n < 0) n = 0;
  DType work = is_complex(dtype) ? DType::Complex128
               : is_inexact(dtype) || is_inexact(start.dtype) || is_inexact(step.dtype)
                   ? DType::Float64
                   : DType::Int64;
  return iota(n, start, step, work, dtype);
}

Array linspace(const Scalar& start, const Scalar& stop, int64_t num, bool endpoint, DType dtype) {
  if (num < 0) throw ValueError("Number of samples, " + std::to_string(num) +
                                ", must be non-negative.");
  bool cplx = is_complex(start.dtype) || is_complex(stop.dtype) || is_complex(dtype);
  DType work = cplx ? DType::Complex128 : DType::Float64;
  int64_t div = endpoint ? num - 1 : num;
  Scalar step;
  if (cplx) {
    complex128 a, b;
    start.convert(work, &a);
    stop.convert(work, &b);
    step = Scalar::of_complex(div > 0 ? (b - a) / static_cast<double>(div) : complex128(0), false);
  } else {
    double a = start.as_double(), b = stop.as_double();
    step = Scalar::of_double(div > 0 ? (b - a) / static_cast<double>(div) : 0.0, false);
  }
  Array out = iota(num, start, step, work, dtype);
  if (endpoint && num > 1) {
    IndexItem last;
    last.index = num - 1;
    assign(index(out, std::span<const IndexItem>(&last, 1)), stop);
  }
  return out;
}

Array eye(int64_t n, int64_t m, int64_t k, DType dtype) {
  Array a = zeros(Dims{n, m}, dtype);
  int64_t row0 = k < 0 ? -k : 0, col0 = k > 0 ? k : 0;
  int64_t len = std::max<int64_t>(0, std::min(n - row0, m - col0));
  if (len == 0) return a;
  int64_t isz = dtype_size(dtype);
  Array diag = a.view(Dims{len}, Dims{(m + 1) * isz}, (row0 * m + col0) * isz, dtype);
  fill(diag, Scalar::of_int(1));
  return a;
}

Array copy(const Array& a) {
  Array out = empty(a.shape(), a.dtype());
  if (a.size()) ops::launch_copy(a, out);
  return out;
}

Array from_host(const void* data, const Dims& shape, const Dims& strides, DType dtype) {
  Array a = empty(shape, dtype);
  if (a.size() == 0) return a;
  char* dst = runtime::Runtime::get().host_write(a.store());
  kernels::copy_block(static_cast<const char*>(data), strides, dst, a.strides(), shape,
                      dtype_size(dtype));
  return a;
}

void to_host(const Array& a, void* dst) {
  if (a.size() == 0) return;
  const char* src = runtime::Runtime::get().host_read(a.store());
  kernels::copy_block(src, a.strides(), static_cast<char*>(dst),
                      runtime::contiguous_strides(a.shape(), a.itemsize()), a.shape(),
                      a.itemsize());
}

Scalar item(const Array& a) {
  if (a.size() != 1) {
    throw ValueError("can only convert an array of size 1 to a Python scalar");
  }
  alignas(16) unsigned char buf[16];
  to_host(a, buf);
  return Scalar::of_bytes(a.dtype(), buf);
}

void assign(const Array& dst, const Operand& src) {
  if (!dst.writeable()) throw ValueError("assignment destination is read-only");
  if (dst.size() == 0) return;
  if (const Array* s = std::get_if<Array>(&src)) {
    Array b = broadcast_to(*s, dst.shape());
    if (ops::may_overlap(b, dst) && !(b.store().offset == dst.store().offset &&
                                      b.strides() == dst.strides() && b.dtype() == dst.dtype())) {
      b = copy(b);  // NumPy semantics: the source is read as if copied first
    }
    ops::launch_copy(b, dst);
    return;
  }
  const Scalar& v = std::get<Scalar>(src);
  if (!v.fits(dst.dtype()) && v.weak == WeakKind::Int) {
    throw OverflowError("Python integer " + std::to_string(v.as_int()) +
                        " out of bounds for " + std::string(dtype_name(dst.dtype())));
  }
  fill(dst, v);
}

Array astype(const Array& a, DType dtype, Casting casting, bool copy_always) {
  if (!can_cast(a.dtype(), dtype, casting)) {
    static const char* names[] = {"no", "equiv", "safe", "same_kind", "unsafe"};
    throw TypeError("Cannot cast array data from dtype('" + std::string(dtype_name(a.dtype())) +
                    "') to dtype('" + std::string(dtype_name(dtype)) + "') according to the rule '" +
                    names[static_cast<int>(casting)] + "'");
  }
  if (dtype == a.dtype() && !copy_always) return a;
  Array out = empty(a.shape(), dtype);
  if (a.size()) ops::launch_copy(a, out);
  return out;
}

}  // namespace tessera
