// Applying ufuncs: NumPy's loop selection, casting checks, broadcasting, out=/where=, overlap.
#include "tessera/array/ufunc.h"

#include <algorithm>
#include <string>

#include "ops/launch.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/views.h"

namespace tessera {

using kernels::ufunc_info;

namespace {

const char* casting_name(Casting c) {
  static const char* names[] = {"no", "equiv", "safe", "same_kind", "unsafe"};
  return names[static_cast<int>(c)];
}

std::string dt(DType d) { return "dtype('" + std::string(dtype_name(d)) + "')"; }

void operand_types(std::span<const Operand> inputs, DType* in, WeakKind* weak) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (const Array* a = std::get_if<Array>(&inputs[i])) {
      in[i] = a->dtype();
      weak[i] = WeakKind::None;
    } else {
      const Scalar& s = std::get<Scalar>(inputs[i]);
      in[i] = s.dtype;
      weak[i] = s.weak;
    }
  }
}

/// NEP 50: a Python int must fit the integer dtype it is used as; integers cannot be raised to
/// negative integer powers.
void check_scalars(Ufunc op, std::span<const Operand> inputs, const kernels::Loop& loop) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Scalar* s = std::get_if<Scalar>(&inputs[i]);
    if (!s) continue;
    if (!s->fits(loop.types[i])) {
      std::string v = s->dtype == DType::UInt64
                          ? std::to_string(*reinterpret_cast<const uint64_t*>(s->bytes))
                      : s->dtype == DType::Float64 ? std::to_string(s->as_double())
                                                   : std::to_string(s->as_int());
      throw OverflowError("Python integer " + v + " out of bounds for " +
                          std::string(dtype_name(loop.types[i])));
    }
    if (op == Ufunc::power && i == 1 && is_integer(loop.types[1]) && is_integer(s->dtype) &&
        s->dtype != DType::UInt64 && s->as_int() < 0) {
      throw ValueError("Integers to negative integer powers are not allowed.");
    }
  }
}

Array prepare_output(Ufunc op, const Array* given, int j, DType loop_type, const Dims& shape,
                     Casting casting) {
  if (!given || !given->valid()) return empty(shape, loop_type);
  std::string name(ufunc_info(op).name);
  if (!given->writeable()) throw ValueError("output array is read-only");
  if (!(given->shape() == shape)) {
    throw ValueError("non-broadcastable output operand with shape " + shape_str(given->shape()) +
                     " doesn't match the broadcast shape " + shape_str(shape));
  }
  if (!can_cast(loop_type, given->dtype(), casting)) {
    throw UFuncTypeError("Cannot cast ufunc '" + name + "' output " +
                         (ufunc_info(op).nout > 1 ? std::to_string(j) + " " : std::string()) +
                         "from " + dt(loop_type) + " to " + dt(given->dtype()) +
                         " with casting rule '" + casting_name(casting) + "'");
  }
  return *given;
}

}  // namespace

DType result_type(std::span<const Operand> operands) {
  bool any_strong = false;
  DType strong = DType::Bool;
  WeakKind max_weak = WeakKind::None;
  for (const Operand& op : operands) {
    const Scalar* s = std::get_if<Scalar>(&op);
    if (s && s->weak != WeakKind::None) {
      if (static_cast<int>(s->weak) > static_cast<int>(max_weak)) max_weak = s->weak;
      continue;
    }
    DType d = s ? s->dtype : std::get<Array>(op).dtype();
    strong = any_strong ? promote_types(strong, d) : d;
    any_strong = true;
  }
  if (!any_strong) {
    return max_weak == WeakKind::Complex ? DType::Complex128
           : max_weak == WeakKind::Float ? DType::Float64
                                         : DType::Int64;
  }
  return promote_weak(strong, max_weak);
}

namespace {

bool is_comparison(Ufunc op) {
  return op == Ufunc::equal || op == Ufunc::not_equal || op == Ufunc::less ||
         op == Ufunc::less_equal || op == Ufunc::greater || op == Ufunc::greater_equal;
}

/// NumPy 2 defines comparisons of an integer array with a Python int outside its range (the
/// answer is the same for every element); returns false when that case does not apply.
bool out_of_range_comparison(Ufunc op, std::span<const Operand> inputs, const UfuncOptions& o,
                             Array* outs) {
  if (!is_comparison(op) || inputs.size() != 2) return false;
  for (int side = 0; side < 2; ++side) {
    const Array* a = std::get_if<Array>(&inputs[1 - side]);
    const Scalar* s = std::get_if<Scalar>(&inputs[side]);
    if (!a || !s || s->weak != WeakKind::Int || !is_integer(a->dtype()) || s->fits(a->dtype())) {
      continue;
    }
    bool above = s->dtype == DType::UInt64 || s->as_double() > 0;  // the scalar is beyond the range
    // Relation of the array element to the scalar: element < scalar when the scalar is above.
    bool elem_less = side == 1 ? above : !above;
    bool value = false;
    switch (op) {
      case Ufunc::equal: value = false; break;
      case Ufunc::not_equal: value = true; break;
      case Ufunc::less: case Ufunc::less_equal: value = elem_less; break;
      default: value = !elem_less; break;
    }
    Dims shape = a->shape();
    if (!o.out.empty() && o.out[0].valid()) {
      outs[0] = o.out[0];
      fill(outs[0], Scalar::of_bool(value));
    } else {
      outs[0] = full(shape, DType::Bool, Scalar::of_bool(value));
    }
    return true;
  }
  return false;
}

/// apply_ufunc without heap-allocated temporaries: the outputs go to `outs` (info.nout of them).
void apply_into(Ufunc op, std::span<const Operand> inputs, const UfuncOptions& o, Array* outs) {
  const auto& info = ufunc_info(op);
  std::string name(info.name);
  if (static_cast<int>(inputs.size()) != info.nin) {
    throw TypeError(name + "() takes " + std::to_string(info.nin) + " positional arguments but " +
                    std::to_string(inputs.size()) + " were given");
  }
  DType in[3];
  WeakKind weak[3];
  operand_types(inputs, in, weak);
  if (out_of_range_comparison(op, inputs, o, outs)) return;
  const kernels::Loop* loop = kernels::select_loop(op, in, weak, o.dtype);
  if (!loop && o.dtype && o.casting == Casting::Unsafe) {
    // Unsafe casting lets dtype= pick the loop of that dtype whatever the inputs are.
    for (const kernels::Loop& l : info.loops) {
      bool all = true;
      for (int k = 0; k < l.nin + l.nout; ++k) all = all && l.types[k] == *o.dtype;
      if (all) {
        loop = &l;
        break;
      }
    }
  }
  if (!loop) {
    throw UFuncTypeError("ufunc '" + name + "' not supported for the input types, and the "
                         "inputs could not be safely coerced to any supported types according "
                         "to the casting rule ''" + casting_name(o.casting) + "''");
  }
  check_scalars(op, inputs, *loop);
  Dims shapes[4];
  int nshapes = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Array* a = std::get_if<Array>(&inputs[i]);
    if (!a) continue;
    // NumPy's logical ufuncs promote any mix of inputs to their bool loop, cast or not.
    bool logical = op == Ufunc::logical_and || op == Ufunc::logical_or ||
                   op == Ufunc::logical_xor || op == Ufunc::logical_not;
    if (!(logical && loop->types[i] == DType::Bool) &&
        !can_cast(a->dtype(), loop->types[i], o.casting)) {
      throw UFuncTypeError("Cannot cast ufunc '" + name + "' input " + std::to_string(i) +
                           " from " + dt(a->dtype()) + " to " + dt(loop->types[i]) +
                           " with casting rule '" + casting_name(o.casting) + "'");
    }
    shapes[nshapes++] = a->shape();
  }
  Dims shape = nshapes == 1 ? shapes[0]
                            : broadcast_shapes(std::span<const Dims>(shapes, nshapes));
  for (int j = 0; j < info.nout; ++j) {
    const Array* given = j < static_cast<int>(o.out.size()) ? &o.out[j] : nullptr;
    outs[j] = prepare_output(op, given, j, loop->types[info.nin + j],
                             given && given->valid() ? given->shape() : shape, o.casting);
  }
  if (!(outs[0].shape() == shape)) {
    shapes[nshapes++] = outs[0].shape();
    Dims full = broadcast_shapes(std::span<const Dims>(shapes, nshapes));
    if (!(full == outs[0].shape())) {
      throw ValueError("non-broadcastable output operand with shape " +
                       shape_str(outs[0].shape()) + " doesn't match the broadcast shape " +
                       shape_str(full));
    }
    shape = full;
  }
  if (shape.product() == 0) return;
  Operand args[3];
  std::copy(inputs.begin(), inputs.end(), args);
  for (int i = 0; i < info.nin; ++i) {
    Array* a = std::get_if<Array>(&args[i]);
    if (!a) continue;
    for (int j = 0; j < info.nout; ++j) {
      const Array& out = outs[j];
      bool same_view = a->store().offset == out.store().offset && a->strides() == out.strides() &&
                       a->shape() == out.shape();
      if (ops::may_overlap(*a, out) && !same_view) *a = copy(*a);
    }
    if (!(a->shape() == shape)) *a = broadcast_to(*a, shape);
  }
  Array mask;
  if (o.where) {
    mask = broadcast_to(o.where->dtype() == DType::Bool
                            ? *o.where
                            : astype(*o.where, DType::Bool, Casting::Unsafe, false),
                        shape);
  }
  ops::launch_elementwise(loop->fn, std::span<const DType>(loop->types, info.nin + info.nout),
                          std::span<const Operand>(args, info.nin),
                          std::span<const Array>(outs, info.nout), o.where ? &mask : nullptr,
                          info.name);
}

}  // namespace

std::vector<Array> apply_ufunc(Ufunc op, std::span<const Operand> inputs,
                               const UfuncOptions& o) {
  Array outs[2];
  apply_into(op, inputs, o, outs);
  return std::vector<Array>(outs, outs + ufunc_info(op).nout);
}

Array unary(Ufunc op, const Operand& a) {
  Operand in[1] = {a};
  Array outs[2];
  apply_into(op, in, {}, outs);
  return outs[0];
}

Array binary(Ufunc op, const Operand& a, const Operand& b) {
  Operand in[2] = {a, b};
  Array outs[2];
  apply_into(op, in, {}, outs);
  return outs[0];
}

void inplace(Ufunc op, const Array& a, const Operand& b) {
  Operand in[2] = {a, b};
  UfuncOptions o;
  o.out = std::span<const Array>(&a, 1);
  apply_ufunc(op, in, o);
}

Array where(const Operand& cond, const Operand& x, const Operand& y) {
  Operand xy[2] = {x, y};
  DType dtype = result_type(xy);
  for (const Operand& v : xy) {
    const Scalar* s = std::get_if<Scalar>(&v);
    // A Python int beyond 64 bits (held as a weak-int double) cannot become an integer.
    if (s && s->weak == WeakKind::Int && s->dtype == DType::Float64 && is_integer(dtype)) {
      throw OverflowError("Python int too large to convert to C long");
    }
  }
  std::vector<Dims> shapes;
  for (const Operand* op : {&cond, &x, &y}) {
    if (const Array* a = std::get_if<Array>(op)) shapes.push_back(a->shape());
  }
  Dims shape = broadcast_shapes(shapes);
  Array out = empty(shape, dtype);
  if (out.size() == 0) return out;
  if (const Scalar* sy = std::get_if<Scalar>(&y)) {
    fill(out, *sy);  // NumPy's where casts Python scalars unsafely (wrapping), no overflow check
  } else {
    assign(out, y);
  }
  Array mask = std::holds_alternative<Array>(cond)
                   ? astype(std::get<Array>(cond), DType::Bool, Casting::Unsafe, false)
                   : full(shape, DType::Bool, std::get<Scalar>(cond));
  mask = broadcast_to(mask, shape);
  Operand src = x;
  if (Array* a = std::get_if<Array>(&src)) *a = broadcast_to(*a, shape);
  DType types[2] = {dtype, dtype};
  Operand in[1] = {src};
  ops::launch_elementwise(kernels::cast_loop(dtype, dtype), types, in,
                          std::span<const Array>(&out, 1), &mask);
  return out;
}

Array clip(const Operand& a, const Operand* lo, const Operand* hi) {
  if (!lo && !hi) throw ValueError("One of max or min must be given");
  Operand cur = a;
  if (lo) cur = binary(Ufunc::maximum, cur, *lo);
  if (hi) cur = binary(Ufunc::minimum, cur, *hi);
  return std::get<Array>(cur);
}

}  // namespace tessera
