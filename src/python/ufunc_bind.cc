// ufunc objects: tessera.numpy.add and friends, generated from the one op table.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include <string>

#include "python/convert.h"
#include "tessera/array/errors.h"
#include "tessera/array/reduction.h"
#include "tessera/array/ufunc.h"

namespace tessera::python {

namespace {

struct PyUfunc {
  Ufunc op;
};

nb::object call_ufunc(const PyUfunc& u, nb::args args, nb::kwargs kwargs) {
  const auto& info = kernels::ufunc_info(u.op);
  // The common case, np.exp(x) or np.add(x, y): no keywords, one output, no heap temporaries.
  if (info.nout == 1 && kwargs.size() == 0 && static_cast<int>(args.size()) == info.nin) {
    if (info.nin == 1) return wrap(unary(u.op, to_operand(args[0])));
    if (info.nin == 2) return wrap(binary(u.op, to_operand(args[0]), to_operand(args[1])));
  }
  std::vector<Operand> inputs;
  size_t nargs = args.size();
  nb::object out_arg = nb::none();
  if (static_cast<int>(nargs) > info.nin) {
    // NumPy accepts outputs positionally after the inputs.
    nb::list outs;
    for (size_t i = info.nin; i < nargs; ++i) outs.append(args[i]);
    out_arg = nb::tuple(outs);
    nargs = info.nin;
  }
  for (size_t i = 0; i < nargs; ++i) inputs.push_back(to_operand(args[i]));
  UfuncOptions o;
  std::vector<Array> outs;
  Array where_mask;
  DType dtype;
  for (auto [key, value] : kwargs) {
    std::string k = nb::cast<std::string>(key);
    if (k == "out") {
      out_arg = nb::borrow(value);
    } else if (k == "where") {
      if (!(PyBool_Check(value.ptr()) && value.ptr() == Py_True)) {
        where_mask = to_array(value);
        o.where = &where_mask;
      }
    } else if (k == "dtype" || k == "signature") {
      if (!value.is_none()) {
        dtype = to_dtype(value);
        o.dtype = &dtype;
      }
    } else if (k == "casting") {
      o.casting = to_casting(value);
    } else if (k == "order" || k == "subok") {
      continue;  // tessera arrays are always C-ordered tessera arrays
    } else {
      throw TypeError("'" + k + "' is an invalid keyword to ufunc '" + std::string(info.name) +
                      "'");
    }
  }
  nb::list out_objects;
  if (!out_arg.is_none()) {
    nb::object seq = PyTuple_Check(out_arg.ptr()) ? out_arg : nb::make_tuple(out_arg);
    if (static_cast<int>(nb::len(seq)) != info.nout) {
      throw ValueError("The 'out' tuple must have exactly " + std::to_string(info.nout) +
                       " entries: one per ufunc output");
    }
    for (nb::handle h : seq) {
      out_objects.append(h);
      if (h.is_none()) {
        outs.emplace_back();
      } else if (const Array* a = as_array(h)) {
        outs.push_back(*a);
      } else {
        throw TypeError("return arrays must be of ArrayType");
      }
    }
    o.out = outs;
  }
  if (static_cast<int>(inputs.size()) != info.nin) {
    throw TypeError(std::string(info.name) + "() takes from " + std::to_string(info.nin) +
                    " to " + std::to_string(info.nin + info.nout) + " positional arguments but " +
                    std::to_string(inputs.size()) + " were given");
  }
  std::vector<Array> results = apply_ufunc(u.op, inputs, o);
  auto result = [&](int j) -> nb::object {
    if (j < static_cast<int>(nb::len(out_objects)) && !out_objects[j].is_none()) {
      return nb::borrow(out_objects[j]);
    }
    return wrap(results[j]);
  };
  if (info.nout == 1) return result(0);
  nb::list l;
  for (int j = 0; j < info.nout; ++j) l.append(result(j));
  return nb::tuple(l);
}

nb::object identity_value(Ufunc op) {
  switch (kernels::ufunc_info(op).identity) {
    case kernels::Identity::Zero:
      return nb::int_(0);
    case kernels::Identity::One:
      return nb::int_(1);
    case kernels::Identity::MinusOne:
      return nb::int_(-1);
    case kernels::Identity::True:
      return nb::bool_(true);
    case kernels::Identity::False:
      return nb::bool_(false);
    default:
      return nb::none();
  }
}

nb::object reduce_ufunc(const PyUfunc& u, nb::handle a, nb::handle axis, nb::handle dtype,
                        nb::handle out, bool keepdims, nb::handle initial) {
  Array arr = to_array(a);
  ReduceOptions o;
  o.axes = to_axes(axis);
  o.keepdims = keepdims;
  DType d;
  if (!dtype.is_none()) {
    d = to_dtype(dtype);
    o.dtype = &d;
  }
  Array out_arr;
  if (!out.is_none()) {
    const Array* p = as_array(PyTuple_Check(out.ptr()) ? out[0] : out);
    if (!p) throw TypeError("output must be a tessera array");
    out_arr = *p;
    o.out = &out_arr;
  }
  std::optional<Scalar> init;
  if (!initial.is_none()) {
    init = to_scalar(initial);
    if (!init) throw TypeError("initial must be a scalar");
    o.initial = &*init;
  }
  Array r = reduce(u.op, arr, o);
  if (!out.is_none()) return nb::borrow(PyTuple_Check(out.ptr()) ? out[0] : out);
  return wrap(r);
}

}  // namespace

void bind_ufuncs(nb::module_& m) {
  nb::class_<PyUfunc> cls(m, "ufunc", nb::dynamic_attr());
  // Positional-only overloads first: np.exp(x) and np.add(x, y) skip building *args/**kwargs.
  cls.def("__call__", [](const PyUfunc& u, nb::handle a) -> nb::object {
    const auto& info = kernels::ufunc_info(u.op);
    if (info.nin == 1 && info.nout == 1) return wrap(unary(u.op, to_operand(a)));
    return call_ufunc(u, nb::borrow<nb::args>(nb::make_tuple(a)), nb::kwargs());
  });
  cls.def("__call__", [](const PyUfunc& u, nb::handle a, nb::handle b) -> nb::object {
    const auto& info = kernels::ufunc_info(u.op);
    if (info.nin == 2 && info.nout == 1) {
      return wrap(binary(u.op, to_operand(a), to_operand(b)));
    }
    return call_ufunc(u, nb::borrow<nb::args>(nb::make_tuple(a, b)), nb::kwargs());
  });
  cls.def("__call__", &call_ufunc);
  cls.def("reduce", &reduce_ufunc, nb::arg("array"), nb::arg("axis").none() = 0,
          nb::arg("dtype").none() = nb::none(), nb::arg("out").none() = nb::none(),
          nb::arg("keepdims") = false, nb::arg("initial").none() = nb::none());
  cls.def_prop_ro("nin", [](const PyUfunc& u) { return kernels::ufunc_info(u.op).nin; });
  cls.def_prop_ro("nout", [](const PyUfunc& u) { return kernels::ufunc_info(u.op).nout; });
  cls.def_prop_ro("nargs", [](const PyUfunc& u) {
    return kernels::ufunc_info(u.op).nin + kernels::ufunc_info(u.op).nout;
  });
  cls.def_prop_ro("identity", [](const PyUfunc& u) { return identity_value(u.op); });
  cls.def_prop_ro("types", [](const PyUfunc& u) {
    nb::list l;
    for (const auto& loop : kernels::ufunc_info(u.op).loops) {
      std::string s;
      for (int i = 0; i < loop.nin; ++i) s += dtype_char(loop.types[i]);
      s += "->";
      for (int i = 0; i < loop.nout; ++i) s += dtype_char(loop.types[loop.nin + i]);
      l.append(s);
    }
    return l;
  });
  cls.def("__repr__", [](const PyUfunc& u) {
    return "<ufunc '" + std::string(kernels::ufunc_info(u.op).name) + "'>";
  });
  nb::dict table;
  for (int i = 0; i < kernels::kNumUfuncs; ++i) {
    auto op = static_cast<Ufunc>(i);
    std::string name(kernels::ufunc_info(op).name);
    nb::object u = nb::cast(PyUfunc{op}, nb::rv_policy::move);
    u.attr("__name__") = name;  // per instance, as NumPy's ufuncs have it
    table[name.c_str()] = u;
  }
  m.attr("ufuncs") = table;
}

}  // namespace tessera::python
