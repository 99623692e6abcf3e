// Matrix products and diagonals: _core.matmul, dot, vdot, inner, diagonal. NumPy's signatures
// (out=, keyword names) live in python/tessera/numpy/_linalg_products.py.
#include <nanobind/nanobind.h>

#include "python/convert.h"
#include "tessera/array/errors.h"
#include "tessera/array/linalg.h"

namespace tessera::python {

namespace {

/// out= argument: None or a tessera ndarray.
const Array* out_arg(nb::handle out) {
  if (out.is_none()) return nullptr;
  const Array* p = as_array(out);
  if (!p) throw TypeError("out must be a tessera ndarray");
  return p;
}

}  // namespace

void bind_linalg(nb::module_& m) {
  m.def("matmul", [](nb::handle a, nb::handle b, nb::handle out) -> nb::object {
    const Array* o = out_arg(out);
    Array r = matmul(to_array(a), to_array(b), o);
    return o ? nb::borrow(out) : wrap(r);
  }, nb::arg("a"), nb::arg("b"), nb::arg("out") = nb::none());
  m.def("dot", [](nb::handle a, nb::handle b, nb::handle out) -> nb::object {
    const Array* o = out_arg(out);
    Array r = dot(to_array(a), to_array(b), o);
    return o ? nb::borrow(out) : wrap(r);
  }, nb::arg("a"), nb::arg("b"), nb::arg("out") = nb::none());
  m.def("vdot", [](nb::handle a, nb::handle b) { return wrap(vdot(to_array(a), to_array(b))); });
  m.def("inner", [](nb::handle a, nb::handle b) { return wrap(inner(to_array(a), to_array(b))); });
  m.def("diagonal", [](nb::handle a, int64_t offset, int64_t axis1, int64_t axis2) {
    return wrap(diagonal(to_array(a), offset, axis1, axis2));
  });
}

}  // namespace tessera::python
