// Scans and counting: cumsum, cumprod, bincount, histogram. Arguments arrive normalised by
// python/tessera/numpy/_math.py and _statistics.py (axis None or an int, dtype None or a
// dtype-like; histogram's edges and uniform-bin scalars computed as NumPy does).
#include <nanobind/nanobind.h>

#include <optional>

#include "python/convert.h"
#include "tessera/array/scan.h"

namespace nb = nanobind;

namespace tessera::python {

namespace {

using ScanFn = Array (*)(const Array&, std::optional<int64_t>, const DType*);

nb::object run_scan(ScanFn fn, nb::handle a, nb::handle axis, nb::handle dtype) {
  Array x = to_array(a);
  std::optional<int64_t> ax;
  if (!axis.is_none()) ax = nb::cast<int64_t>(axis);
  DType dt = DType::Float64;
  if (!dtype.is_none()) dt = to_dtype(dtype);
  Array r;
  {
    nb::gil_scoped_release release;
    r = fn(x, ax, dtype.is_none() ? nullptr : &dt);
  }
  return wrap(std::move(r));
}

}  // namespace

void bind_scan(nb::module_& m) {
  m.def(
      "cumsum",
      [](nb::handle a, nb::handle axis, nb::handle dtype) {
        return run_scan(&cumsum, a, axis, dtype);
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("dtype").none());
  m.def(
      "cumprod",
      [](nb::handle a, nb::handle axis, nb::handle dtype) {
        return run_scan(&cumprod, a, axis, dtype);
      },
      nb::arg("a"), nb::arg("axis").none(), nb::arg("dtype").none());
  m.def(
      "bincount",
      [](nb::handle x, nb::handle weights, int64_t minlength) {
        Array xs = to_array(x), w;
        if (!weights.is_none()) w = to_array(weights);
        Array r;
        {
          nb::gil_scoped_release release;
          r = bincount(xs, weights.is_none() ? nullptr : &w, minlength);
        }
        return wrap(std::move(r));
      },
      nb::arg("x"), nb::arg("weights").none(), nb::arg("minlength"));
  // uniform: None, or (sub_dtype, div_dtype, mul_dtype, first, last, first_sub, denom, scale).
  m.def(
      "histogram",
      [](nb::handle a, nb::handle edges, nb::handle weights, nb::handle uniform) {
        Array xs = to_array(a), e = to_array(edges), w;
        if (!weights.is_none()) w = to_array(weights);
        UniformBins u{};
        if (!uniform.is_none()) {
          nb::tuple t = nb::cast<nb::tuple>(uniform);
          u.sub_dtype = to_dtype(t[0]);
          u.div_dtype = to_dtype(t[1]);
          u.mul_dtype = to_dtype(t[2]);
          u.first = nb::cast<double>(t[3]);
          u.last = nb::cast<double>(t[4]);
          u.first_sub = nb::cast<double>(t[5]);
          u.denom = nb::cast<double>(t[6]);
          u.scale = nb::cast<double>(t[7]);
        }
        Array r;
        {
          nb::gil_scoped_release release;
          r = histogram(xs, e, weights.is_none() ? nullptr : &w, uniform.is_none() ? nullptr : &u);
        }
        return wrap(std::move(r));
      },
      nb::arg("a"), nb::arg("edges"), nb::arg("weights").none(), nb::arg("uniform").none());
}

}  // namespace tessera::python
