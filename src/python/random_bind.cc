// Random sampling: tessera._core.random_{uniform,normal,integers}. The Python side
// (tessera.numpy.random) keeps the generator state (seed, stream, call number).
#include <nanobind/nanobind.h>

#include "python/convert.h"
#include "tessera/array/random.h"

namespace tessera::python {

void bind_random(nb::module_& m) {
  m.def("random_uniform", [](nb::handle shape, nb::handle dtype, uint64_t seed, uint64_t stream,
                             uint64_t call, double low, double high) {
    return wrap(random_uniform(to_shape(shape), to_dtype(dtype), {seed, stream, call}, low, high));
  });
  m.def("random_normal", [](nb::handle shape, nb::handle dtype, uint64_t seed, uint64_t stream,
                            uint64_t call, double loc, double scale) {
    return wrap(random_normal(to_shape(shape), to_dtype(dtype), {seed, stream, call}, loc, scale));
  });
  m.def("random_integers", [](nb::handle shape, nb::handle dtype, uint64_t seed, uint64_t stream,
                              uint64_t call, int64_t low, uint64_t range) {
    return wrap(
        random_integers(to_shape(shape), to_dtype(dtype), {seed, stream, call}, low, range));
  });
}

}  // namespace tessera::python
