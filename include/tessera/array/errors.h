#pragma once
/// The exceptions of the C++ API. Each maps to the Python exception NumPy raises for the same
/// mistake (the binding registers the translations).
#include <stdexcept>
#include <string>

namespace tessera {

/// Python ValueError (shape mismatch, bad argument value).
struct ValueError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
/// numpy.exceptions.AxisError (a ValueError and an IndexError in Python).
struct AxisError : ValueError {
  using ValueError::ValueError;
};
/// numpy.linalg.LinAlgError (a ValueError in Python): singular, not positive definite, ...
struct LinAlgError : ValueError {
  using ValueError::ValueError;
};
/// Python IndexError.
struct IndexError : std::out_of_range {
  using std::out_of_range::out_of_range;
};
/// Python TypeError (unsupported dtype, bad argument type).
struct TypeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// numpy's UFuncTypeError, a TypeError (no loop, impossible cast under casting=).
struct UFuncTypeError : TypeError {
  using TypeError::TypeError;
};
/// Python OverflowError (a Python int that does not fit the array's dtype, NEP 50).
struct OverflowError : std::overflow_error {
  using std::overflow_error::overflow_error;
};

/// "axis 3 is out of bounds for array of dimension 2" as an AxisError; returns the axis >= 0.
int normalize_axis(int64_t axis, int ndim);

/// "(2,3)" the way NumPy prints shapes in messages.
std::string shape_str(const class Dims& shape);

}  // namespace tessera
