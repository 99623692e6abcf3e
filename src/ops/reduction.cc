// Reductions with NumPy semantics: axes, the accumulation dtype, out= and initial=, empty
// reductions; then one launch of the reduction task (src/kernels/reduce). mean, var and std are
// sums and ufuncs composed step by step as numpy/_core/_methods.py does, so that their dtypes
// and rounding follow NumPy's.
#include "tessera/array/reduction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "kernels/reduce/reduce.h"
#include "kernels/reduce/reduce_typed.h"
#include "ops/launch.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {
namespace {

using kernels::ReduceArgs;
using kernels::ReduceKind;
using Mask = std::vector<bool>;  // per input dim: reduced?

std::string quoted(DType d) { return "dtype('" + std::string(dtype_name(d)) + "')"; }

/// The reduced dims; AxisError for an axis out of range, ValueError for a repeated one.
Mask axis_mask(const Axes& axes, int ndim) {
  Mask m(ndim, axes.all);
  if (axes.all) return m;
  for (int64_t ax : axes.list) {
    int d = normalize_axis(ax, ndim);
    if (m[d]) throw ValueError("duplicate value in 'axis'");
    m[d] = true;
  }
  return m;
}

int64_t reduced_count(const Array& a, const Mask& m) {
  int64_t n = 1;
  for (int d = 0; d < a.ndim(); ++d) n *= m[d] ? a.shape()[d] : 1;
  return n;
}

Dims result_shape(const Array& a, const Mask& m, bool keepdims) {
  Dims s;
  for (int d = 0; d < a.ndim(); ++d) {
    if (!m[d]) s.push_back(a.shape()[d]);
    else if (keepdims) s.push_back(1);
  }
  return s;
}

/// NumPy marks these reorderable without an identity; every ufunc with one is reorderable.
bool reorderable(Ufunc op) {
  return kernels::ufunc_info(op).identity != kernels::Identity::None || op == Ufunc::maximum ||
         op == Ufunc::minimum || op == Ufunc::fmax || op == Ufunc::fmin;
}

/// add and multiply reduce bools and small integers in int64/uint64 unless dtype= or out= say
/// otherwise (reducelike_promote_and_resolve in NumPy's ufunc_object.c).
DType upcast(Ufunc op, DType in) {
  if (op != Ufunc::add && op != Ufunc::multiply) return in;
  if (in == DType::Bool) return DType::Int64;
  if (is_integer(in) && dtype_size(in) < 8) {
    return dtype_kind(in) == 'u' ? DType::UInt64 : DType::Int64;
  }
  return in;
}

/// The loop a reduction runs: its first input is the accumulator, so that is `out`'s dtype when
/// `out` is given; logical ufuncs always reduce in bool. Its input and output types must agree.
const kernels::Loop& reduce_loop(Ufunc op, DType in, const DType* dtype, const Array* out) {
  DType types[2];
  WeakKind weak[2] = {WeakKind::None, WeakKind::None};
  bool logical = op == Ufunc::logical_and || op == Ufunc::logical_or || op == Ufunc::logical_xor;
  if (dtype) {
    types[0] = types[1] = *dtype;
  } else if (logical) {
    types[0] = types[1] = DType::Bool;
  } else if (out) {
    types[0] = out->dtype();
    types[1] = in;
  } else {
    types[0] = types[1] = upcast(op, in);
  }
  const kernels::Loop* loop = kernels::select_loop(op, types, weak, dtype);
  if (!loop || loop->types[0] != loop->types[2] || loop->types[1] != loop->types[2]) {
    throw UFuncTypeError("No loop matching the specified signature and casting was found for "
                         "ufunc " + std::string(kernels::ufunc_info(op).name));
  }
  return *loop;
}

/// The typed kernel for op over acc, or Generic (any ufunc loop, one element at a time).
ReduceKind kind_of(Ufunc op, DType acc) {
  ReduceKind k = ReduceKind::Generic;
  switch (op) {
    case Ufunc::add: k = ReduceKind::Add; break;
    case Ufunc::multiply: k = ReduceKind::Multiply; break;
    case Ufunc::maximum: k = ReduceKind::Max; break;
    case Ufunc::minimum: k = ReduceKind::Min; break;
    case Ufunc::logical_and: k = ReduceKind::LogicalAnd; break;
    case Ufunc::logical_or: k = ReduceKind::LogicalOr; break;
    case Ufunc::logical_xor:
    case Ufunc::bitwise_xor: k = ReduceKind::BitXor; break;
    case Ufunc::bitwise_and: k = ReduceKind::BitAnd; break;
    case Ufunc::bitwise_or: k = ReduceKind::BitOr; break;
    default: break;
  }
  return kernels::typed_reduce(k, acc) ? k : ReduceKind::Generic;
}

/// initial= in the accumulation dtype; a Python int must fit it (NEP 50).
void initial_bytes(const Scalar& init, DType acc, unsigned char* out) {
  if (!init.fits(acc)) {
    std::string v = init.dtype == DType::UInt64
                        ? std::to_string(*reinterpret_cast<const uint64_t*>(init.bytes))
                        : std::to_string(init.as_int());
    throw OverflowError("Python integer " + v + " out of bounds for " +
                        std::string(dtype_name(acc)));
  }
  init.convert(acc, out);
}

/// The ufunc's identity in the accumulation dtype; false when it has none.
bool identity_bytes(Ufunc op, DType acc, unsigned char* out) {
  Scalar s;
  switch (kernels::ufunc_info(op).identity) {
    case kernels::Identity::Zero: s = Scalar::of_int(0); break;
    case kernels::Identity::One: s = Scalar::of_int(1); break;
    case kernels::Identity::MinusOne: s = Scalar::of_int(-1); break;
    case kernels::Identity::True: s = Scalar::of_bool(true); break;
    case kernels::Identity::False: s = Scalar::of_bool(false); break;
    case kernels::Identity::MinusInfinity:
      s = Scalar::of_double(-std::numeric_limits<double>::infinity());
      break;
    default: return false;
  }
  s.convert(acc, out);
  return true;
}

/// `out` checked against the result shape, or a new array.
Array reduce_output(const std::string& name, const Dims& shape, bool keepdims, DType dtype,
                    const Array* out) {
  if (!out) return empty(shape, dtype);
  if (!out->writeable()) throw ValueError("output array is read-only");
  std::string what = "output parameter for reduction operation " + name;
  if (out->ndim() != shape.size()) {
    throw ValueError(what + " has the wrong number of dimensions: Found " +
                     std::to_string(out->ndim()) + " but expected " +
                     std::to_string(shape.size()) +
                     (keepdims ? " (must match the operand's when keepdims=True)" : ""));
  }
  if (!(out->shape() == shape)) {
    throw ValueError(what + " has shape " + shape_str(out->shape()) + ", but the result has " +
                     "shape " + shape_str(shape));
  }
  return *out;
}

/// A view of `a` with dims `dims` in that order; from `flip_from` on, negative strides are
/// flipped (a reorderable reduction may read its elements in memory order).
Array dims_view(const Array& a, const std::vector<int>& dims, size_t flip_from) {
  Dims shape, strides;
  int64_t offset = a.store().offset;
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t n = a.shape()[dims[i]], st = a.strides()[dims[i]];
    if (i >= flip_from && st < 0) {
      offset += (n - 1) * st;
      st = -st;
    }
    shape.push_back(n);
    strides.push_back(st);
  }
  return a.view(shape, strides, offset, a.dtype());
}

/// One reduction launch. The input view puts the kept dims first and the reduced dims last,
/// each group ordered by decreasing stride (extent-1 dims dropped), so points split the
/// slowest kept dim and kernels read memory in order. Without kept dims the launch folds the
/// points' partials into `result`; otherwise it writes a view of `result` over the kept dims.
void launch_reduction(const Array& a, const Mask& mask, ReduceArgs args, const Array& result,
                      bool keepdims) {
  bool arg = args.kind == ReduceKind::ArgMax || args.kind == ReduceKind::ArgMin;
  bool reorder = args.reorderable && !arg;  // argmax indices need the C order
  std::vector<int> kept, reduced, out_dim(a.ndim());
  for (int d = 0, k = 0; d < a.ndim(); ++d) {
    out_dim[d] = keepdims ? d : k;
    if (!mask[d]) ++k;
    if (a.shape()[d] != 1) (mask[d] ? reduced : kept).push_back(d);
  }
  auto wider = [&](int x, int y) { return std::abs(a.strides()[x]) > std::abs(a.strides()[y]); };
  std::stable_sort(kept.begin(), kept.end(), wider);
  if (reorder) std::stable_sort(reduced.begin(), reduced.end(), wider);
  std::vector<int> dims = kept;
  dims.insert(dims.end(), reduced.begin(), reduced.end());
  Array in = dims_view(a, dims, reorder ? kept.size() : dims.size());

  runtime::Launch l;
  l.task = &kernels::reduce_task;
  l.domain = in.shape();
  l.args.push_back({in.store(), runtime::Privilege::Read, runtime::Slicing::Aligned});
  args.full = kept.empty();
  args.nkept = static_cast<int8_t>(kept.size());
  if (args.full) {
    l.args.push_back({result.store(), runtime::Privilege::Write, runtime::Slicing::Whole});
    l.partial_bytes = sizeof(kernels::ReduceValue);
    l.fold = &kernels::reduce_fold;
#if defined(TESSERA_HAVE_CUDA)
    l.fold_cuda = &kernels::reduce_fold_cuda;
#endif
    l.fold_target = 1;
    if (!args.reorderable) l.max_points = 1;
  } else {
    // Whole, not Aligned: the output's own key partition follows its (smaller) size, while
    // the points should follow the input's.
    Dims shape, strides;
    for (int d : kept) {
      shape.push_back(a.shape()[d]);
      strides.push_back(result.strides()[out_dim[d]]);
    }
    Array out = result.view(shape, strides, result.store().offset, result.dtype());
    l.args.push_back({out.store(), runtime::Privilege::Write, runtime::Slicing::Whole});
  }
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
}

/// Runs a resolved reduction into `result`: empty reductions fill in the initial value.
void run_reduction(Array a, const Mask& mask, const ReduceArgs& args, const Array& result,
                   bool keepdims) {
  if (result.size() == 0) return;
  if (reduced_count(a, mask) == 0) {
    fill(result, Scalar::of_bytes(args.acc, args.init));
    return;
  }
  if (ops::may_overlap(a, result)) a = copy(a);  // out= aliasing the input
  launch_reduction(a, mask, args, result, keepdims);
}

/// ret = true_divide(ret, n, out=ret, casting='unsafe'), as _methods.py divides its sums.
void divide_by(const Array& ret, const Scalar& n) {
  UfuncOptions uo;
  uo.out = std::span<const Array>(&ret, 1);
  uo.casting = Casting::Unsafe;
  Operand in[2] = {ret, n};
  apply_ufunc(Ufunc::divide, in, uo);
}

/// |x|² the way _methods._var squares deviations: x*x for real (or integer-based) input,
/// re² + im² for complex deviations of other input (its result is real).
Array squared_deviation(DType in, const Array& x) {
  if (!is_integer(in) && !is_float(in) && is_complex(x.dtype())) {
    Array re = real(x), im = imag(x);
    return binary(Ufunc::add, binary(Ufunc::multiply, re, re), binary(Ufunc::multiply, im, im));
  }
  return binary(Ufunc::multiply, x, x);
}

Array arg_reduce(ReduceKind kind, const std::string& name, const Array& a,
                 std::optional<int64_t> axis, bool keepdims, const Array* out) {
  Mask mask(a.ndim(), !axis);
  // NumPy views a 0-d array as 1-d here, so axis 0 or -1 is the whole array.
  if (axis && a.ndim() == 0) normalize_axis(*axis, 1);
  if (axis && a.ndim() > 0) mask[normalize_axis(*axis, a.ndim())] = true;
  Dims shape = result_shape(a, mask, keepdims);
  if (out) {
    if (!can_cast(out->dtype(), DType::Int64, Casting::Safe)) {
      throw TypeError("Cannot cast array data from " + quoted(out->dtype()) + " to " +
                      quoted(DType::Int64) + " according to the rule 'safe'");
    }
    if (!(out->shape() == shape)) {
      throw ValueError("output array does not match result of np." + name + ".");
    }
    if (!out->writeable()) throw ValueError("output array is read-only");
  }
  if (reduced_count(a, mask) == 0) {
    throw ValueError("attempt to get " + name + " of an empty sequence");
  }
  Array result = out ? *out : empty(shape, DType::Int64);
  ReduceArgs args;
  args.kind = kind;
  args.in = args.acc = a.dtype();
  args.out = result.dtype();
  run_reduction(a, mask, args, result, keepdims);
  return result;
}

}  // namespace

Array reduce(Ufunc op, const Array& a, const ReduceOptions& o) {
  const auto& info = kernels::ufunc_info(op);
  std::string name(info.name);
  if (info.nin != 2) throw ValueError("reduce only supported for binary functions");
  if (info.nout != 1) {
    throw ValueError("reduce only supported for functions returning a single value");
  }
  Mask mask = axis_mask(o.axes, a.ndim());
  const kernels::Loop& loop = reduce_loop(op, a.dtype(), o.dtype, o.out);
  if (std::count(mask.begin(), mask.end(), true) > 1 && !reorderable(op)) {
    throw ValueError("reduction operation '" + name +
                     "' is not reorderable, so at most one axis may be specified");
  }
  DType acc = loop.types[2];
  Array result = reduce_output(name, result_shape(a, mask, o.keepdims), o.keepdims, acc, o.out);
  ReduceArgs args;
  args.kind = kind_of(op, acc);
  args.in = a.dtype();
  args.acc = acc;
  args.out = result.dtype();
  args.reorderable = reorderable(op);
  args.loop = loop.fn;
  if (o.initial) {
    initial_bytes(*o.initial, acc, args.init);
    args.has_init = true;
  } else {
    // NumPy starts from the identity whenever there is one (hypot.reduce(-3) is 3), else from
    // the first element (get_initial_from_ufunc in reduction.c).
    args.has_init = identity_bytes(op, acc, args.init);
    if (!args.has_init && reduced_count(a, mask) == 0) {
      throw ValueError("zero-size array to reduction operation " + name +
                       " which has no identity");
    }
  }
  run_reduction(a, mask, args, result, o.keepdims);
  return result;
}

Array sum(const Array& a, const ReduceOptions& o) { return reduce(Ufunc::add, a, o); }
Array prod(const Array& a, const ReduceOptions& o) { return reduce(Ufunc::multiply, a, o); }
Array amax(const Array& a, const ReduceOptions& o) { return reduce(Ufunc::maximum, a, o); }
Array amin(const Array& a, const ReduceOptions& o) { return reduce(Ufunc::minimum, a, o); }

Array any(const Array& a, const ReduceOptions& o) {
  ReduceOptions b = o;
  b.dtype = nullptr;
  return reduce(Ufunc::logical_or, a, b);
}

Array all(const Array& a, const ReduceOptions& o) {
  ReduceOptions b = o;
  b.dtype = nullptr;
  return reduce(Ufunc::logical_and, a, b);
}

Array count_nonzero(const Array& a, const Axes& axes, bool keepdims) {
  Mask mask = axis_mask(axes, a.ndim());
  Array result = empty(result_shape(a, mask, keepdims), DType::Int64);
  ReduceArgs args;  // a.astype(bool).sum(dtype=intp), without the bool copy
  args.kind = ReduceKind::Add;
  args.in = a.dtype();
  args.acc = args.out = DType::Int64;
  args.via_bool = true;
  args.has_init = true;  // init bytes are zero, the identity of add
  run_reduction(a, mask, args, result, keepdims);
  return result;
}

Array mean(const Array& a, const ReduceOptions& o) {
  Mask mask = axis_mask(o.axes, a.ndim());
  ReduceOptions so = o;
  so.initial = nullptr;
  DType acc = DType::Float64;
  bool half_result = false;
  if (!o.dtype && (is_integer(a.dtype()) || a.dtype() == DType::Bool)) {
    so.dtype = &acc;
  } else if (!o.dtype && a.dtype() == DType::Float16) {
    acc = DType::Float32;  // NumPy sums float16 in float32 and returns float16
    so.dtype = &acc;
    half_result = !o.out;
  }
  Array s = sum(a, so);
  divide_by(s, Scalar::of_int(reduced_count(a, mask), false));  // a NumPy intp
  return half_result ? astype(s, DType::Float16, Casting::Unsafe, false) : s;
}

Array var(const Array& a, const ReduceOptions& o, double ddof) {
  Mask mask = axis_mask(o.axes, a.ndim());
  int64_t n = reduced_count(a, mask);
  DType f8 = DType::Float64;
  const DType* dtype = o.dtype;
  if (!dtype && (is_integer(a.dtype()) || a.dtype() == DType::Bool)) dtype = &f8;
  ReduceOptions mo;
  mo.axes = o.axes;
  mo.keepdims = true;
  mo.dtype = dtype;
  Array mean_kept = sum(a, mo);
  divide_by(mean_kept, Scalar::of_int(n, false));
  Array x = squared_deviation(a.dtype(), binary(Ufunc::subtract, a, mean_kept));
  ReduceOptions so = o;
  so.dtype = dtype;
  so.initial = nullptr;
  Array ret = sum(x, so);
  // max(rcount - ddof, 0): an intp for an integral ddof, else a float64.
  double dof = std::max(static_cast<double>(n) - ddof, 0.0);
  bool integral = ddof == std::floor(ddof);
  divide_by(ret, integral ? Scalar::of_int(static_cast<int64_t>(dof), false)
                          : Scalar::of_double(dof, false));
  return ret;
}

Array std(const Array& a, const ReduceOptions& o, double ddof) {
  Array v = var(a, o, ddof);
  if (v.ndim() == 0 && !o.out) {
    // NumPy: ret.dtype.type(sqrt(ret)) for a scalar result: any loop, cast back.
    Array r = unary(Ufunc::sqrt, v);
    return r.dtype() == v.dtype() ? r : astype(r, v.dtype(), Casting::Unsafe, false);
  }
  UfuncOptions uo;
  uo.out = std::span<const Array>(&v, 1);
  Operand in[1] = {v};
  apply_ufunc(Ufunc::sqrt, in, uo);  // sqrt(ret, out=ret): same_kind casting, as NumPy
  return v;
}

Array argmax(const Array& a, std::optional<int64_t> axis, bool keepdims, const Array* out) {
  return arg_reduce(ReduceKind::ArgMax, "argmax", a, axis, keepdims, out);
}

Array argmin(const Array& a, std::optional<int64_t> axis, bool keepdims, const Array* out) {
  return arg_reduce(ReduceKind::ArgMin, "argmin", a, axis, keepdims, out);
}

}  // namespace tessera
