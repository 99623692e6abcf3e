// LAPACK decompositions and solvers behind tessera.numpy.linalg.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

namespace tessera::python {

void bind_decompositions(nb::module_& m) { (void)m; }

}  // namespace tessera::python
