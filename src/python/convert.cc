// Python <-> C++ conversions: arrays, scalars, dtypes, shapes, axes.
#include "python/convert.h"

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

/// Imports a NumPy array (any dtype tessera supports, any strides) by copying it. The array
/// interface gives the raw pointer and byte strides without any intermediate conversion.
Array from_numpy_array(nb::handle arr) {
  nb::object dtype = arr.attr("dtype");
  DType d;
  std::string name = nb::cast<std::string>(dtype.attr("name"));
  bool native = nb::cast<bool>(dtype.attr("isnative"));
  if (!dtype_from_name(name, d) || !native) {
    throw TypeError("tessera does not support dtype " + nb::cast<std::string>(nb::repr(dtype)));
  }
  nb::dict iface = nb::cast<nb::dict>(arr.attr("__array_interface__"));
  auto data = reinterpret_cast<const void*>(nb::cast<uintptr_t>(nb::tuple(iface["data"])[0]));
  Dims shape;
  for (nb::handle v : iface["shape"]) shape.push_back(nb::cast<int64_t>(v));
  Dims strides;
  nb::object st = iface["strides"];
  if (st.is_none()) {
    strides = runtime::contiguous_strides(shape, dtype_size(d));
  } else {
    for (nb::handle v : st) strides.push_back(nb::cast<int64_t>(v));
  }
  return from_host(data, shape, strides, d);
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
      // Beyond 64 bits: NEP 50 lets it meet float arrays (as a double) and makes integer
      // arrays raise OverflowError; a weak Int held as Float64 says exactly that.
      Scalar big = Scalar::of_double(PyLong_AsDouble(h.ptr()));
      big.weak = WeakKind::Int;
      return big;
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
