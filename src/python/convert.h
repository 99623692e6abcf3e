#pragma once
// Conversions between Python objects and the C++ API, shared by every binding file.
#include <nanobind/nanobind.h>

#include <optional>

#include "tessera/array/array.h"
#include "tessera/array/reduction.h"

namespace tessera::python {

namespace nb = nanobind;

/// The Python class tessera.numpy.ndarray (a nanobind class wrapping tessera::Array).
nb::handle ndarray_type();
/// Wraps an Array as a Python tessera ndarray.
nb::object wrap(Array a);
/// A tessera ndarray's Array, or nullptr if `h` is not one.
const Array* as_array(nb::handle h);
/// Any array-like (tessera array, NumPy array, list, scalar) as an Array (copying NumPy data).
Array to_array(nb::handle h);
/// A Python scalar (bool, int, float, complex — weak), a NumPy scalar (strong) or a 0-d
/// NumPy array as a Scalar; nullopt if `h` is none of these.
std::optional<Scalar> to_scalar(nb::handle h);
/// An operand: a tessera array, a scalar, or an array-like converted to an Array.
Operand to_operand(nb::handle h);
/// A dtype-like (None excluded): numpy dtype, type, name string; TypeError if unsupported.
DType to_dtype(nb::handle h);
/// The numpy.dtype object of a DType.
nb::object dtype_object(DType d);
/// axis argument: None, an int or a tuple of ints.
Axes to_axes(nb::handle axis);
/// A shape argument: an int or a sequence of ints.
Dims to_shape(nb::handle h);
/// casting= keyword value.
Casting to_casting(nb::handle h);

}  // namespace tessera::python
