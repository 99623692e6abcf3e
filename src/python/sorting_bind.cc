// Sorting, searching and set routines: sort, argsort, searchsorted, partition, unique.
#include <nanobind/nanobind.h>
#include <nanobind/stl/vector.h>

#include <vector>

#include "python/convert.h"
#include "tessera/array/sorting.h"

namespace nb = nanobind;

namespace tessera::python {

namespace {

/// Binds f(Array, int64 axis) -> Array as `name`, releasing the GIL around the call.
template <Array (*F)(const Array&, int64_t)>
void def_axis_op(nb::module_& m, const char* name) {
  m.def(name, [](nb::handle a, int64_t axis) {
    Array x = to_array(a), r;
    {
      nb::gil_scoped_release release;
      r = F(x, axis);
    }
    return wrap(std::move(r));
  });
}

template <Array (*F)(const Array&, std::span<const int64_t>, int64_t)>
void def_kth_op(nb::module_& m, const char* name) {
  m.def(name, [](nb::handle a, const std::vector<int64_t>& kth, int64_t axis) {
    Array x = to_array(a), r;
    {
      nb::gil_scoped_release release;
      r = F(x, kth, axis);
    }
    return wrap(std::move(r));
  });
}

nb::object maybe(const Array& a) { return a.valid() ? wrap(a) : nb::none(); }

}  // namespace

void bind_sorting(nb::module_& m) {
  def_axis_op<sort>(m, "sort");
  def_axis_op<argsort>(m, "argsort");
  def_kth_op<partition>(m, "partition");
  def_kth_op<argpartition>(m, "argpartition");
  m.def("sort_inplace", [](nb::handle a, int64_t axis) {
    const Array* x = as_array(a);
    if (!x) throw nb::type_error("sort_inplace: expected a tessera array");
    nb::gil_scoped_release release;
    sort_inplace(*x, axis);
  });
  m.def(
      "searchsorted",
      [](nb::handle a, nb::handle v, bool right, nb::handle sorter) {
        Array x = to_array(a);
        Operand keys = to_operand(v);
        Array s = sorter.is_none() ? Array() : to_array(sorter), r;
        {
          nb::gil_scoped_release release;
          r = searchsorted(x, keys, right, s.valid() ? &s : nullptr);
        }
        return wrap(std::move(r));
      },
      nb::arg("a"), nb::arg("v"), nb::arg("right"), nb::arg("sorter").none());
  m.def("unique", [](nb::handle a, bool index, bool inverse, bool counts, bool equal_nan) {
    Array x = to_array(a);
    UniqueResult r;
    {
      nb::gil_scoped_release release;
      r = unique(x, index, inverse, counts, equal_nan);
    }
    return nb::make_tuple(wrap(r.values), maybe(r.index), maybe(r.inverse), maybe(r.counts));
  });
}

}  // namespace tessera::python
