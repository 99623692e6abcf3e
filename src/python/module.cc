// tessera._core: the compiled module. Each area binds itself from its own file.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "python/convert.h"
#include "tessera/array/errors.h"
#include "tessera/runtime/runtime.h"

namespace tessera::python {

void bind_array(nb::module_& m);
void bind_ufuncs(nb::module_& m);
void bind_creation(nb::module_& m);
void bind_reduction(nb::module_& m);
void bind_config(nb::module_& m);
void bind_linalg(nb::module_& m);
void bind_random(nb::module_& m);
void bind_indexing(nb::module_& m);
void bind_decompositions(nb::module_& m);
void bind_sorting(nb::module_& m);
void bind_scan(nb::module_& m);

namespace {

void register_exceptions() {
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    static nb::object axis_error =
        nb::module_::import_("numpy.exceptions").attr("AxisError");
    try {
      std::rethrow_exception(p);
    } catch (const AxisError& e) {
      PyErr_SetObject(axis_error.ptr(), nb::str(e.what()).ptr());
    } catch (const LinAlgError& e) {
      static nb::object linalg_error = nb::module_::import_("numpy.linalg").attr("LinAlgError");
      PyErr_SetObject(linalg_error.ptr(), nb::str(e.what()).ptr());
    } catch (const ValueError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const IndexError& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const TypeError& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const OverflowError& e) {
      PyErr_SetString(PyExc_OverflowError, e.what());
    } catch (const runtime::OutOfMemory& e) {
      PyErr_SetString(PyExc_MemoryError, e.what());
    } catch (const runtime::TaskError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (const std::out_of_range& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const std::length_error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

}  // namespace

}  // namespace tessera::python

NB_MODULE(_core, m) {
  using namespace tessera::python;
  m.doc() = "tessera's compiled core: arrays, ufuncs and the task runtime";
  register_exceptions();
  bind_array(m);
  bind_ufuncs(m);
  bind_creation(m);
  bind_reduction(m);
  bind_config(m);
  bind_linalg(m);
  bind_random(m);
  bind_indexing(m);
  bind_decompositions(m);
  bind_sorting(m);
  bind_scan(m);
}
