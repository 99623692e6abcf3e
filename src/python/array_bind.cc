// The ndarray class: properties, conversions, basic indexing and operators.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <cstring>

#include "python/convert.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/ufunc.h"
#include "tessera/array/views.h"

namespace tessera::python {

namespace {

nb::object tuple_of(const Dims& d) {
  nb::list l;
  for (int64_t v : d) l.append(v);
  return nb::tuple(l);
}

}  // namespace

/// Converts a Scalar into the Python scalar NumPy's item() gives.
nb::object scalar_to_python(const Scalar& s) {
  switch (dtype_kind(s.dtype)) {
    case 'b':
      return nb::bool_(s.bytes[0] != 0);
    case 'i':
      return nb::int_(s.as_int());
    case 'u': {
      uint64_t v;
      s.convert(DType::UInt64, &v);
      return nb::steal(PyLong_FromUnsignedLongLong(v));
    }
    case 'f':
      return nb::float_(s.as_double());
    default: {
      complex128 c;
      s.convert(DType::Complex128, &c);
      return nb::steal(PyComplex_FromDoubles(c.real(), c.imag()));
    }
  }
}

nb::object to_numpy(const Array& a) {
  static nb::object np_empty = nb::module_::import_("numpy").attr("empty");
  nb::object arr = np_empty(tuple_of(a.shape()), dtype_object(a.dtype()));
  nb::dict iface = nb::cast<nb::dict>(arr.attr("__array_interface__"));
  auto data = reinterpret_cast<void*>(nb::cast<uintptr_t>(nb::tuple(iface["data"])[0]));
  nb::gil_scoped_release release;
  to_host(a, data);
  return arr;
}

/// Parses a basic index (int, slice, None, Ellipsis or a tuple of these).
std::vector<IndexItem> parse_index(nb::handle key) {
  std::vector<IndexItem> items;
  auto one = [&](nb::handle k) {
    IndexItem it;
    if (k.is_none()) {
      it.kind = IndexItem::Kind::NewAxis;
    } else if (k.ptr() == Py_Ellipsis) {
      it.kind = IndexItem::Kind::Ellipsis;
    } else if (PySlice_Check(k.ptr())) {
      it.kind = IndexItem::Kind::Slice;
      auto bound = [](nb::handle v) {
        return v.is_none() ? IndexItem::kNone : nb::cast<int64_t>(v.attr("__index__")());
      };
      it.start = bound(k.attr("start"));
      it.stop = bound(k.attr("stop"));
      it.step = bound(k.attr("step"));
    } else if (!PyBool_Check(k.ptr()) && PyIndex_Check(k.ptr()) &&
               !(as_array(k) && as_array(k)->ndim() > 0)) {
      it.kind = IndexItem::Kind::Int;
      it.index = nb::cast<int64_t>(nb::steal(PyNumber_Index(k.ptr())));
    } else {
      throw IndexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) "
                       "and integer or boolean arrays are valid indices");
    }
    items.push_back(it);
  };
  if (PyTuple_Check(key.ptr())) {
    for (nb::handle k : key) one(k);
  } else {
    one(key);
  }
  return items;
}

namespace {

Scalar scalar_of(const Array& a) {
  nb::gil_scoped_release release;
  return item(a);
}

void bind_operator(nb::class_<Array>& cls, const char* name, const char* rname, const char* iname,
                   Ufunc op) {
  cls.def(name, [op](const Array& a, nb::handle b) -> nb::object {
    return wrap(binary(op, a, to_operand(b)));
  });
  if (rname) {
    cls.def(rname, [op](const Array& a, nb::handle b) -> nb::object {
      return wrap(binary(op, to_operand(b), a));
    });
  }
  if (iname) {
    cls.def(iname, [op](nb::handle self, nb::handle b) -> nb::object {
      inplace(op, *as_array(self), to_operand(b));
      return nb::borrow(self);
    });
  }
}

void bind_operators(nb::class_<Array>& cls) {
  bind_operator(cls, "__add__", "__radd__", "__iadd__", Ufunc::add);
  bind_operator(cls, "__sub__", "__rsub__", "__isub__", Ufunc::subtract);
  bind_operator(cls, "__mul__", "__rmul__", "__imul__", Ufunc::multiply);
  bind_operator(cls, "__truediv__", "__rtruediv__", "__itruediv__", Ufunc::divide);
  bind_operator(cls, "__floordiv__", "__rfloordiv__", "__ifloordiv__", Ufunc::floor_divide);
  bind_operator(cls, "__mod__", "__rmod__", "__imod__", Ufunc::remainder);
  bind_operator(cls, "__pow__", "__rpow__", "__ipow__", Ufunc::power);
  bind_operator(cls, "__and__", "__rand__", "__iand__", Ufunc::bitwise_and);
  bind_operator(cls, "__or__", "__ror__", "__ior__", Ufunc::bitwise_or);
  bind_operator(cls, "__xor__", "__rxor__", "__ixor__", Ufunc::bitwise_xor);
  bind_operator(cls, "__lshift__", "__rlshift__", "__ilshift__", Ufunc::left_shift);
  bind_operator(cls, "__rshift__", "__rrshift__", "__irshift__", Ufunc::right_shift);
  bind_operator(cls, "__lt__", nullptr, nullptr, Ufunc::less);
  bind_operator(cls, "__le__", nullptr, nullptr, Ufunc::less_equal);
  bind_operator(cls, "__gt__", nullptr, nullptr, Ufunc::greater);
  bind_operator(cls, "__ge__", nullptr, nullptr, Ufunc::greater_equal);
  bind_operator(cls, "__eq__", nullptr, nullptr, Ufunc::equal);
  bind_operator(cls, "__ne__", nullptr, nullptr, Ufunc::not_equal);
  cls.def("__divmod__", [](const Array& a, nb::handle b) {
    Operand in[2] = {a, to_operand(b)};
    auto r = apply_ufunc(Ufunc::divmod, in);
    return nb::make_tuple(wrap(r[0]), wrap(r[1]));
  });
  cls.def("__rdivmod__", [](const Array& a, nb::handle b) {
    Operand in[2] = {to_operand(b), a};
    auto r = apply_ufunc(Ufunc::divmod, in);
    return nb::make_tuple(wrap(r[0]), wrap(r[1]));
  });
  cls.def("__neg__", [](const Array& a) { return wrap(unary(Ufunc::negative, a)); });
  cls.def("__pos__", [](const Array& a) { return wrap(unary(Ufunc::positive, a)); });
  cls.def("__abs__", [](const Array& a) { return wrap(unary(Ufunc::absolute, a)); });
  cls.def("__invert__", [](const Array& a) { return wrap(unary(Ufunc::invert, a)); });
}

void bind_conversions(nb::class_<Array>& cls) {
  cls.def("to_numpy", &to_numpy);
  cls.def(
      "__array__",
      [](const Array& a, nb::handle dtype, nb::handle) {
        nb::object arr = to_numpy(a);
        if (!dtype.is_none()) arr = arr.attr("astype")(dtype);
        return arr;
      },
      nb::arg("dtype").none() = nb::none(), nb::arg("copy").none() = nb::none());
  cls.def("item", [](const Array& a) { return scalar_to_python(scalar_of(a)); });
  cls.def("__bool__", [](const Array& a) {
    if (a.size() != 1) {
      throw ValueError(a.size() == 0 ? "The truth value of an empty array is ambiguous. Use "
                                       "`array.size > 0` to check that an array is not empty."
                                     : "The truth value of an array with more than one element "
                                       "is ambiguous. Use a.any() or a.all()");
    }
    Scalar s = scalar_of(a);
    bool v;
    s.convert(DType::Bool, &v);
    return v;
  });
  auto require_one = [](const Array& a) {
    if (a.ndim() != 0) {
      throw TypeError("only 0-dimensional arrays can be converted to Python scalars");
    }
  };
  cls.def("__float__", [require_one](const Array& a) {
    require_one(a);
    if (is_complex(a.dtype())) {
      throw TypeError("float() argument must be a string or a real number, not 'complex'");
    }
    return scalar_of(a).as_double();
  });
  cls.def("__int__", [require_one](const Array& a) {
    require_one(a);
    if (is_complex(a.dtype())) {
      throw TypeError("int() argument must be a string, a bytes-like object or a real number, "
                      "not 'complex'");
    }
    return scalar_to_python(scalar_of(a)).attr("__int__")();
  });
  cls.def("__complex__", [require_one](const Array& a) {
    require_one(a);
    complex128 c;
    scalar_of(a).convert(DType::Complex128, &c);
    return nb::steal(PyComplex_FromDoubles(c.real(), c.imag()));
  });
  cls.def("__index__", [](const Array& a) {
    if (a.ndim() != 0 || !is_integer(a.dtype())) {
      throw TypeError("only integer scalar arrays can be converted to a scalar index");
    }
    return scalar_to_python(scalar_of(a));
  });
}

void bind_views(nb::class_<Array>& cls) {
  cls.def("__getitem__", [](const Array& a, nb::handle key) {
    auto items = parse_index(key);
    Array r = index(a, items);
    // Integers alone select an element: NumPy returns a scalar (a copy), not a 0-d view.
    bool element = r.ndim() == 0 && std::all_of(items.begin(), items.end(), [](auto& it) {
      return it.kind == IndexItem::Kind::Int;
    });
    return wrap(element ? copy(r) : r);
  }, nb::arg("key").none());
  cls.def(
      "__setitem__",
      [](const Array& a, nb::handle key, nb::handle value) {
        auto items = parse_index(key);
        assign(index(a, items), to_operand(value));
      },
      nb::arg("key").none(), nb::arg("value").none());
  cls.def("__len__", [](const Array& a) {
    if (a.ndim() == 0) throw TypeError("len() of unsized object");
    return a.shape()[0];
  });
  cls.def("copy", [](const Array& a) { return wrap(copy(a)); });
  cls.def(
      "astype",
      [](const Array& a, nb::handle dtype, nb::handle casting, bool copy_always) {
        return wrap(astype(a, to_dtype(dtype), to_casting(casting), copy_always));
      },
      nb::arg("dtype"), nb::arg("casting") = "unsafe", nb::arg("copy") = true);
  cls.def("reshape", [](const Array& a, nb::handle shape) { return wrap(reshape(a, to_shape(shape))); });
  cls.def("transpose", [](const Array& a, std::vector<int64_t> axes) {
    return wrap(transpose(a, axes));
  });
  cls.def("ravel", [](const Array& a) { return wrap(ravel(a)); });
  cls.def("flatten", [](const Array& a) { return wrap(copy(ravel(a))); });
  cls.def(
      "squeeze",
      [](const Array& a, nb::handle axis) {
        if (axis.is_none()) return wrap(squeeze(a));
        return wrap(squeeze(a, to_axes(axis).list));
      },
      nb::arg("axis").none() = nb::none());
  cls.def("swapaxes", [](const Array& a, int64_t i, int64_t j) { return wrap(swapaxes(a, i, j)); });
  cls.def("fill", [](const Array& a, nb::handle v) {
    auto s = to_scalar(v);
    if (!s) {
      Array arr = to_array(v);
      s = item(arr);
    }
    if (!s->fits(a.dtype())) {
      throw OverflowError("Python integer " + nb::cast<std::string>(nb::str(v)) +
                          " out of bounds for " + std::string(dtype_name(a.dtype())));
    }
    fill(a, *s);
  });
  cls.def("view", [](const Array& a, nb::handle dtype) { return wrap(view_as(a, to_dtype(dtype))); });
}

}  // namespace

void bind_array(nb::module_& m) {
  nb::class_<Array> cls(m, "ndarray", nb::is_weak_referenceable());
  cls.def_prop_ro("shape", [](const Array& a) { return tuple_of(a.shape()); });
  cls.def_prop_ro("strides", [](const Array& a) { return tuple_of(a.strides()); });
  cls.def_prop_ro("ndim", &Array::ndim);
  cls.def_prop_ro("size", &Array::size);
  cls.def_prop_ro("itemsize", &Array::itemsize);
  cls.def_prop_ro("nbytes", &Array::nbytes);
  cls.def_prop_ro("dtype", [](const Array& a) { return dtype_object(a.dtype()); });
  cls.def_prop_ro("T", [](const Array& a) { return wrap(transpose(a)); });
  cls.def_prop_rw(
      "real", [](const Array& a) { return wrap(real(a)); },
      [](const Array& a, nb::handle v) { assign(real(a), to_operand(v)); });
  cls.def_prop_rw(
      "imag", [](const Array& a) { return wrap(imag(a)); },
      [](const Array& a, nb::handle v) {
        if (!is_complex(a.dtype())) throw TypeError("array does not have imaginary part to set");
        assign(imag(a), to_operand(v));
      });
  cls.def_prop_ro("_writeable", &Array::writeable);
  bind_operators(cls);
  bind_conversions(cls);
  bind_views(cls);
}

}  // namespace tessera::python
