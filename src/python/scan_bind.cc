// Scans and counting: cumsum, cumprod, bincount, histogram.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

namespace tessera::python {

void bind_scan(nb::module_& m) { (void)m; }

}  // namespace tessera::python
