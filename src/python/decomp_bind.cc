// LAPACK decompositions and solvers behind tessera.numpy.linalg: _core.linalg_solve, ...
// NumPy's signatures and result namedtuples live in python/tessera/numpy/linalg.py.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include <optional>
#include <string>
#include <vector>

#include "python/convert.h"
#include "tessera/array/decompositions.h"

namespace nb = nanobind;

namespace tessera::python {

namespace {

nb::tuple wrap_all(const std::vector<Array>& arrays) {
  nb::list out;
  for (const Array& a : arrays) out.append(wrap(a));
  return nb::tuple(out);
}

}  // namespace

void bind_decompositions(nb::module_& m) {
  m.def("linalg_solve",
        [](nb::handle a, nb::handle b) { return wrap(solve(to_array(a), to_array(b))); });
  m.def("linalg_inv", [](nb::handle a) { return wrap(inv(to_array(a))); });
  m.def("linalg_slogdet", [](nb::handle a) {
    auto [sign, logdet] = slogdet(to_array(a));
    return wrap_all({sign, logdet});
  });
  m.def("linalg_det", [](nb::handle a) { return wrap(det(to_array(a))); });
  m.def("linalg_cholesky",
        [](nb::handle a, bool upper) { return wrap(cholesky(to_array(a), upper)); });
  m.def("linalg_qr",
        [](nb::handle a, const std::string& mode) { return wrap_all(qr(to_array(a), mode)); });
  m.def("linalg_eigh", [](nb::handle a, const std::string& uplo, bool vectors) {
    return wrap_all(eigh(to_array(a), uplo.size() == 1 ? uplo[0] : '?', vectors));
  });
  m.def("linalg_eig",
        [](nb::handle a, bool vectors) { return wrap_all(eig(to_array(a), vectors)); });
  m.def("linalg_svd", [](nb::handle a, bool full_matrices, bool compute_uv, bool hermitian) {
    return wrap_all(svd(to_array(a), full_matrices, compute_uv, hermitian));
  });
  m.def("linalg_lstsq", [](nb::handle a, nb::handle b, std::optional<double> rcond) {
    LstsqResult r = lstsq(to_array(a), to_array(b), rcond);
    return wrap_all({r.x, r.residuals, r.rank, r.s});
  });
}

}  // namespace tessera::python
