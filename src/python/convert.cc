// Python <-> C++ conversions: arrays, scalars, dtypes, shapes, axes.
#include "python/convert.h"

#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>

#include <climits>
#include <string>

#include "tessera/array/creation.h"
#include "tessera/array/errors.h"

namespace tessera::python {

namespace {

nb::module_& numpy() {
  static nb::module_* np = new nb::module_(nb::module_::import_("numpy"));
  return *np;
}

DType from_dlpack(nb::dlpack::dtype t) {
  using Code = nb::dlpack::dtype_code;
  auto code = static_cast<Code>(t.code);
  switch (code) {
    case Code::Bool:
      return DType::Bool;
    case Code::Int:
      return t.bits == 8 ? DType::Int8 : t.bits == 16 ? DType::Int16 : t.bits == 32 ? DType::Int32
                                                                                   : DType::Int64;
    case Code::UInt:
      return t.bits == 8 ? DType::UInt8 : t.bits == 16 ? DType::UInt16
                                        : t.bits == 32 ? DType::UInt32
                                                       : DType::UInt64;
    case Code::Float:
      if (t.bits == 16) return DType::Float16;
      if (t.bits == 32) return DType::Float32;
      if (t.bits == 64) return DType::Float64;
      break;
    case Code::Complex:
      if (t.bits == 64) return DType::Complex64;
      if (t.bits == 128) return DType::Complex128;
      break;
    default:
      break;
  }
  throw TypeError("tessera does not support this dtype (" + std::to_string(t.bits) +
                  "-bit, code " + std::to_string(t.code) + ")");
}

using HostArray = nb::ndarray<nb::ro, nb::device::cpu>;

/// Imports a NumPy array (any dtype tessera supports, any strides) by copying it.
Array from_numpy_array(nb::handle h) {
  nb::object arr = nb::borrow(h);
  nb::object kind = arr.attr("dtype").attr("kind");
  std::string k = nb::cast<std::string>(kind);
  if (k != "b" && k != "i" && k != "u" && k != "f" && k != "c") {
    throw TypeError("tessera does not support dtype " +
                    nb::cast<std::string>(nb::str(arr.attr("dtype"))));
  }
  if (nb::cast<int>(arr.attr("dtype").attr("itemsize")) > 16) {
    throw TypeError("tessera does not support dtype " +
                    nb::cast<std::string>(nb::str(arr.attr("dtype"))));
  }
  HostArray a = nb::cast<HostArray>(arr);
  DType d = from_dlpack(a.dtype());
  Dims shape, strides;
  for (size_t i = 0; i < a.ndim(); ++i) {
    shape.push_back(static_cast<int64_t>(a.shape(i)));
    strides.push_back(a.stride(i) * dtype_size(d));
  }
  return from_host(a.data(), shape, strides, d);
}

}  // namespace

nb::handle ndarray_type() { return nb::type<Array>(); }

nb::object wrap(Array a) { return nb::cast(std::move(a), nb::rv_policy::move); }

const Array* as_array(nb::handle h) {
  if (!nb::isinstance<Array>(h)) return nullptr;
  return nb::inst_ptr<Array>(h);
}

std::optional<Scalar> to_scalar(nb::handle h) {
  if (PyBool_Check(h.ptr())) return Scalar::of_bool(h.ptr() == Py_True);
  if (PyLong_CheckExact(h.ptr()) || (PyLong_Check(h.ptr()) && !nb::isinstance<Array>(h))) {
    if (PyObject_HasAttrString(h.ptr(), "dtype")) {
      // a NumPy integer scalar is a PyLong subclass only on some platforms; fall through
    } else {
      int overflow = 0;
      long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
      if (!overflow) return Scalar::of_int(v);
      if (overflow > 0) {
        unsigned long long u = PyLong_AsUnsignedLongLong(h.ptr());
        if (!PyErr_Occurred()) return Scalar::of_uint(u);
        PyErr_Clear();
      }
      throw OverflowError("Python integer " + nb::cast<std::string>(nb::str(h)) +
                          " out of bounds for int64 and uint64");
    }
  }
  if (PyFloat_CheckExact(h.ptr())) return Scalar::of_double(PyFloat_AsDouble(h.ptr()));
  if (PyComplex_CheckExact(h.ptr())) {
    Py_complex c = PyComplex_AsCComplex(h.ptr());
    return Scalar::of_complex(complex128(c.real, c.imag));
  }
  static nb::object generic = numpy().attr("generic");
  if (nb::isinstance(h, generic)) {
    nb::object arr = numpy().attr("asarray")(h);
    Array a = from_numpy_array(arr);
    return item(a);
  }
  if (PyFloat_Check(h.ptr())) return Scalar::of_double(PyFloat_AsDouble(h.ptr()));
  return std::nullopt;
}

Array to_array(nb::handle h) {
  if (const Array* a = as_array(h)) return *a;
  static nb::object ndarray = numpy().attr("ndarray");
  if (nb::isinstance(h, ndarray)) return from_numpy_array(h);
  nb::object arr = numpy().attr("asarray")(h);
  return from_numpy_array(arr);
}

Operand to_operand(nb::handle h) {
  if (const Array* a = as_array(h)) return *a;
  if (auto s = to_scalar(h)) return *s;
  return to_array(h);
}

DType to_dtype(nb::handle h) {
  nb::object d = numpy().attr("dtype")(h);
  std::string name = nb::cast<std::string>(d.attr("name"));
  DType out;
  if (dtype_from_name(name, out)) return out;
  throw TypeError("tessera does not support dtype " + nb::cast<std::string>(nb::repr(d)));
}

nb::object dtype_object(DType d) {
  static nb::object cache[kNumDTypes];
  nb::object& o = cache[static_cast<int>(d)];
  if (!o.is_valid()) o = numpy().attr("dtype")(std::string(dtype_name(d)));
  return o;
}

Axes to_axes(nb::handle axis) {
  if (axis.is_none()) return Axes::none();
  std::vector<int64_t> list;
  if (PySequence_Check(axis.ptr())) {
    for (nb::handle item : axis) list.push_back(nb::cast<int64_t>(item));
  } else {
    list.push_back(nb::cast<int64_t>(axis.attr("__index__")()));
  }
  return Axes::of(std::move(list));
}

Dims to_shape(nb::handle h) {
  Dims shape;
  if (PySequence_Check(h.ptr())) {
    for (nb::handle item : h) shape.push_back(nb::cast<int64_t>(item.attr("__index__")()));
  } else {
    shape.push_back(nb::cast<int64_t>(h.attr("__index__")()));
  }
  return shape;
}

Casting to_casting(nb::handle h) {
  std::string s = nb::cast<std::string>(h);
  if (s == "no") return Casting::No;
  if (s == "equiv") return Casting::Equiv;
  if (s == "safe") return Casting::Safe;
  if (s == "same_kind") return Casting::SameKind;
  if (s == "unsafe") return Casting::Unsafe;
  throw ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'");
}

}  // namespace tessera::python
