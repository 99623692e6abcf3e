// Sorting, searching and set routines: sort, argsort, searchsorted, partition, unique.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

namespace tessera::python {

void bind_sorting(nb::module_& m) { (void)m; }

}  // namespace tessera::python
