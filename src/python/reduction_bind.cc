// Reductions: _core.sum, prod, amax, amin, any, all, mean, var, std, count_nonzero, argmax,
// argmin and the generic _core.reduce. Arguments arrive normalised by
// python/tessera/numpy/_reductions.py: axis None/int/tuple, dtype None or dtype-like, out None
// or a tessera array, initial None or a scalar. With out= the result is `out` itself.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include <optional>
#include <string>

#include "python/convert.h"
#include "tessera/array/errors.h"
#include "tessera/array/reduction.h"

namespace tessera::python {

namespace {

/// ReduceOptions with the storage its pointers refer to (so neither copyable nor movable).
struct Options {
  Options(nb::handle axis, nb::handle dtype, nb::handle out, bool keepdims, nb::handle initial) {
    o.axes = to_axes(axis);
    o.keepdims = keepdims;
    if (!dtype.is_none()) {
      dtype_ = to_dtype(dtype);
      o.dtype = &dtype_;
    }
    if (!out.is_none()) {
      const Array* p = as_array(out);
      if (!p) throw TypeError("out must be a tessera ndarray");
      out_ = *p;
      o.out = &out_;
    }
    if (!initial.is_none()) {
      initial_ = to_scalar(initial);
      if (!initial_) throw TypeError("initial must be a scalar");
      o.initial = &*initial_;
    }
  }
  Options(const Options&) = delete;
  Options& operator=(const Options&) = delete;

  ReduceOptions o;

 private:
  DType dtype_ = DType::Float64;
  Array out_;
  std::optional<Scalar> initial_;
};

/// The result, or the `out` object itself when one was given (NumPy returns `out`).
nb::object result(Array r, nb::handle out) {
  if (!out.is_none()) return nb::borrow(out);
  return wrap(std::move(r));
}

Ufunc ufunc_named(const std::string& name) {
  for (int i = 0; i < kernels::kNumUfuncs; ++i) {
    auto op = static_cast<Ufunc>(i);
    if (kernels::ufunc_info(op).name == name) return op;
  }
  throw ValueError("no ufunc named '" + name + "'");
}

using Reduction = Array (*)(const Array&, const ReduceOptions&);

/// Binds f(a, axis, dtype, out, keepdims, initial) for sum, prod, amax and amin.
void def_with_initial(nb::module_& m, const char* name, Reduction f) {
  m.def(
      name,
      [f](nb::handle a, nb::handle axis, nb::handle dtype, nb::handle out, bool keepdims,
          nb::handle initial) {
        Options opt(axis, dtype, out, keepdims, initial);
        return result(f(to_array(a), opt.o), out);
      },
      nb::arg("a"), nb::arg("axis").none() = nb::none(), nb::arg("dtype").none() = nb::none(),
      nb::arg("out").none() = nb::none(), nb::arg("keepdims") = false, nb::arg("initial").none() = nb::none());
}

/// Binds f(a, axis, out, keepdims) for any and all.
void def_logical(nb::module_& m, const char* name, Reduction f) {
  m.def(
      name,
      [f](nb::handle a, nb::handle axis, nb::handle out, bool keepdims) {
        Options opt(axis, nb::none(), out, keepdims, nb::none());
        return result(f(to_array(a), opt.o), out);
      },
      nb::arg("a"), nb::arg("axis").none() = nb::none(), nb::arg("out").none() = nb::none(),
      nb::arg("keepdims") = false);
}

using Moment = Array (*)(const Array&, const ReduceOptions&, double);

/// Binds f(a, axis, dtype, out, ddof, keepdims) for var and std.
void def_moment(nb::module_& m, const char* name, Moment f) {
  m.def(
      name,
      [f](nb::handle a, nb::handle axis, nb::handle dtype, nb::handle out, double ddof,
          bool keepdims) {
        Options opt(axis, dtype, out, keepdims, nb::none());
        return result(f(to_array(a), opt.o, ddof), out);
      },
      nb::arg("a"), nb::arg("axis").none() = nb::none(), nb::arg("dtype").none() = nb::none(),
      nb::arg("out").none() = nb::none(), nb::arg("ddof") = 0.0, nb::arg("keepdims") = false);
}

using ArgReduction = Array (*)(const Array&, std::optional<int64_t>, bool, const Array*);

void def_arg(nb::module_& m, const char* name, ArgReduction f) {
  m.def(
      name,
      [f](nb::handle a, std::optional<int64_t> axis, nb::handle out, bool keepdims) {
        const Array* o = nullptr;
        if (!out.is_none()) {
          o = as_array(out);
          if (!o) throw TypeError("out must be a tessera ndarray");
        }
        return result(f(to_array(a), axis, keepdims, o), out);
      },
      nb::arg("a"), nb::arg("axis").none() = nb::none(), nb::arg("out").none() = nb::none(),
      nb::arg("keepdims") = false);
}

Array std_dev(const Array& a, const ReduceOptions& o, double ddof) {
  return tessera::std(a, o, ddof);
}

}  // namespace

void bind_reduction(nb::module_& m) {
  m.def(
      "reduce",
      [](const std::string& op_name, nb::handle a, nb::handle axis, bool keepdims,
         nb::handle dtype, nb::handle out, nb::handle initial) {
        Options opt(axis, dtype, out, keepdims, initial);
        return result(reduce(ufunc_named(op_name), to_array(a), opt.o), out);
      },
      nb::arg("op_name"), nb::arg("a"), nb::arg("axis").none() = nb::none(),
      nb::arg("keepdims") = false, nb::arg("dtype").none() = nb::none(), nb::arg("out").none() = nb::none(),
      nb::arg("initial").none() = nb::none(),
      "ufunc.reduce for the binary ufunc named op_name (axis None reduces every axis).");
  def_with_initial(m, "sum", &sum);
  def_with_initial(m, "prod", &prod);
  def_with_initial(m, "amax", &amax);
  def_with_initial(m, "amin", &amin);
  def_logical(m, "any", &any);
  def_logical(m, "all", &all);
  m.def(
      "mean",
      [](nb::handle a, nb::handle axis, nb::handle dtype, nb::handle out, bool keepdims) {
        Options opt(axis, dtype, out, keepdims, nb::none());
        return result(mean(to_array(a), opt.o), out);
      },
      nb::arg("a"), nb::arg("axis").none() = nb::none(), nb::arg("dtype").none() = nb::none(),
      nb::arg("out").none() = nb::none(), nb::arg("keepdims") = false);
  def_moment(m, "var", &var);
  def_moment(m, "std", &std_dev);
  m.def(
      "count_nonzero",
      [](nb::handle a, nb::handle axis, bool keepdims) {
        return wrap(count_nonzero(to_array(a), to_axes(axis), keepdims));
      },
      nb::arg("a"), nb::arg("axis").none() = nb::none(), nb::arg("keepdims") = false);
  def_arg(m, "argmax", &argmax);
  def_arg(m, "argmin", &argmin);
}

}  // namespace tessera::python
