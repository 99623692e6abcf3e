// Module functions: creation, manipulation, where/clip, result_type.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "python/convert.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/ufunc.h"
#include "tessera/array/views.h"

namespace tessera::python {

namespace {

Scalar scalar_arg(nb::handle h) {
  auto s = to_scalar(h);
  if (s) return *s;
  Array a = to_array(h);
  return item(a);
}

std::vector<int64_t> int_list(nb::handle h) {
  std::vector<int64_t> v;
  if (PySequence_Check(h.ptr())) {
    for (nb::handle x : h) v.push_back(nb::cast<int64_t>(x.attr("__index__")()));
  } else {
    v.push_back(nb::cast<int64_t>(h.attr("__index__")()));
  }
  return v;
}

}  // namespace

void bind_creation(nb::module_& m) {
  m.def("empty", [](nb::handle shape, nb::handle dtype) {
    return wrap(empty(to_shape(shape), to_dtype(dtype)));
  });
  m.def("full", [](nb::handle shape, nb::handle value, nb::handle dtype) {
    DType d = to_dtype(dtype);
    Scalar s = scalar_arg(value);
    if (!s.fits(d)) {
      throw OverflowError("Python integer " + nb::cast<std::string>(nb::str(value)) +
                          " out of bounds for " + std::string(dtype_name(d)));
    }
    return wrap(full(to_shape(shape), d, s));
  });
  m.def("zeros", [](nb::handle shape, nb::handle dtype) {
    return wrap(zeros(to_shape(shape), to_dtype(dtype)));
  });
  m.def("ones", [](nb::handle shape, nb::handle dtype) {
    return wrap(ones(to_shape(shape), to_dtype(dtype)));
  });
  m.def("arange", [](int64_t n, nb::handle start, nb::handle step, nb::handle dtype) {
    return wrap(arange(n, scalar_arg(start), scalar_arg(step), to_dtype(dtype)));
  });
  m.def("linspace", [](nb::handle start, nb::handle stop, int64_t num, bool endpoint,
                       nb::handle dtype) {
    return wrap(linspace(scalar_arg(start), scalar_arg(stop), num, endpoint, to_dtype(dtype)));
  });
  m.def("eye", [](int64_t n, int64_t mm, int64_t k, nb::handle dtype) {
    return wrap(eye(n, mm, k, to_dtype(dtype)));
  });
  m.def("asarray", [](nb::handle obj) -> nb::object {
    if (as_array(obj)) return nb::borrow(obj);
    return wrap(to_array(obj));
  });
  m.def("from_numpy", [](nb::handle obj) { return wrap(to_array(obj)); });
  m.def("copy", [](nb::handle a) { return wrap(copy(to_array(a))); });
  m.def("broadcast_to", [](nb::handle a, nb::handle shape) {
    return wrap(broadcast_to(to_array(a), to_shape(shape)));
  });
  m.def("broadcast_shapes", [](nb::args shapes) {
    std::vector<Dims> dims;
    for (nb::handle s : shapes) dims.push_back(to_shape(s));
    Dims r = broadcast_shapes(dims);
    nb::list l;
    for (int64_t v : r) l.append(v);
    return nb::tuple(l);
  });
  m.def("reshape", [](nb::handle a, nb::handle shape) {
    return wrap(reshape(to_array(a), to_shape(shape)));
  });
  m.def("reshape_is_view", [](nb::handle a, nb::handle shape) {
    return reshape_is_view(to_array(a), to_shape(shape));
  });
  m.def("transpose", [](nb::handle a, nb::handle axes) {
    std::vector<int64_t> ax;
    if (!axes.is_none()) ax = int_list(axes);
    return wrap(transpose(to_array(a), ax));
  }, nb::arg("a"), nb::arg("axes").none() = nb::none());
  m.def("expand_dims", [](nb::handle a, nb::handle axes) {
    return wrap(expand_dims(to_array(a), int_list(axes)));
  });
  m.def("squeeze", [](nb::handle a, nb::handle axes) {
    if (axes.is_none()) return wrap(squeeze(to_array(a)));
    return wrap(squeeze(to_array(a), int_list(axes)));
  }, nb::arg("a"), nb::arg("axes").none() = nb::none());
  m.def("swapaxes", [](nb::handle a, int64_t i, int64_t j) {
    return wrap(swapaxes(to_array(a), i, j));
  });
  m.def("moveaxis", [](nb::handle a, nb::handle src, nb::handle dst) {
    return wrap(moveaxis(to_array(a), int_list(src), int_list(dst)));
  });
  m.def("where", [](nb::handle c, nb::handle x, nb::handle y) {
    return wrap(where(to_operand(c), to_operand(x), to_operand(y)));
  });
  m.def("clip", [](nb::handle a, nb::handle lo, nb::handle hi) {
    std::optional<Operand> l, h;
    if (!lo.is_none()) l = to_operand(lo);
    if (!hi.is_none()) h = to_operand(hi);
    return wrap(clip(to_operand(a), l ? &*l : nullptr, h ? &*h : nullptr));
  }, nb::arg("a"), nb::arg("lo").none(), nb::arg("hi").none());
  m.def("result_type", [](nb::args ops) {
    std::vector<Operand> v;
    for (nb::handle h : ops) {
      if (const Array* a = as_array(h)) {
        v.push_back(*a);
      } else if (auto s = to_scalar(h)) {
        v.push_back(*s);
      } else {
        v.push_back(Array(runtime::Store{nullptr, to_dtype(h), Dims{}, Dims{}, 0}));
      }
    }
    return dtype_object(result_type(v));
  });
  m.def("may_share_memory", [](nb::handle a, nb::handle b) {
    const Array* x = as_array(a);
    const Array* y = as_array(b);
    return x && y && x->same_root(*y);
  });
}

}  // namespace tessera::python
