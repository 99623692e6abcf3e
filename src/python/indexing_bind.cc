// Advanced indexing: take, put along an axis, flatnonzero.
#include <nanobind/nanobind.h>

#include "python/convert.h"
#include "tessera/array/indexing.h"

namespace tessera::python {

void bind_indexing(nb::module_& m) {
  m.def("take", [](nb::handle a, nb::handle indices, int64_t axis) {
    Array x = to_array(a), i = to_array(indices);
    Array r;
    {
      nb::gil_scoped_release release;
      r = take(x, i, axis);
    }
    return wrap(std::move(r));
  });
  m.def("put_along", [](nb::handle a, nb::handle indices, int64_t axis, nb::handle values) {
    const Array* x = as_array(a);
    if (!x) throw nb::type_error("put_along: the destination must be a tessera array");
    Array i = to_array(indices), v = to_array(values);
    nb::gil_scoped_release release;
    put_along(*x, i, axis, v);
  });
  m.def("flatnonzero", [](nb::handle a) {
    Array x = to_array(a);
    Array r;
    {
      nb::gil_scoped_release release;
      r = flatnonzero(x);
    }
    return wrap(std::move(r));
  });
}

}  // namespace tessera::python
