// Views: broadcasting, axis permutations, reshapes and basic indexing. No data moves here,
// except where NumPy itself copies (a reshape the strides cannot express).
#include "tessera/array/views.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "tessera/array/creation.h"
#include "tessera/array/errors.h"

namespace tessera {

Dims broadcast_shapes(std::span<const Dims> shapes) {
  int nd = 0;
  for (const Dims& s : shapes) nd = std::max(nd, s.size());
  Dims out(nd, 1);
  for (const Dims& s : shapes) {
    for (int i = 0; i < s.size(); ++i) {
      int64_t& o = out[nd - s.size() + i];
      int64_t v = s[i];
      if (v == o || v == 1) continue;
      if (o != 1) {
        std::string msg = "operands could not be broadcast together with shapes ";
        for (const Dims& t : shapes) msg += shape_str(t) + " ";
        throw ValueError(msg);
      }
      o = v;
    }
  }
  return out;
}

Array broadcast_to(const Array& a, const Dims& shape) {
  int nd = shape.size(), extra = nd - a.ndim();
  auto fail = [&] {
    throw ValueError("operands could not be broadcast together with remapped shapes "
                     "[original->remapped]: " + shape_str(a.shape()) + " and requested shape " +
                     shape_str(shape));
  };
  if (extra < 0) fail();
  Dims strides(nd, 0);
  for (int i = 0; i < a.ndim(); ++i) {
    int64_t v = a.shape()[i];
    if (v == shape[extra + i]) {
      strides[extra + i] = a.strides()[i];
    } else if (v != 1) {
      fail();
    }
  }
  if (shape == a.shape()) return a;
  return a.view(shape, strides, a.store().offset, a.dtype()).readonly();
}

Array transpose(const Array& a, std::span<const int64_t> axes) {
  int nd = a.ndim();
  std::vector<int> perm(nd);
  if (axes.empty()) {
    for (int i = 0; i < nd; ++i) perm[i] = nd - 1 - i;
  } else {
    if (static_cast<int>(axes.size()) != nd) throw ValueError("axes don't match array");
    std::vector<bool> seen(nd, false);
    for (int i = 0; i < nd; ++i) {
      perm[i] = normalize_axis(axes[i], nd);
      if (seen[perm[i]]) throw ValueError("repeated axis in transpose");
      seen[perm[i]] = true;
    }
  }
  Dims shape(nd), strides(nd);
  for (int i = 0; i < nd; ++i) {
    shape[i] = a.shape()[perm[i]];
    strides[i] = a.strides()[perm[i]];
  }
  return a.view(shape, strides, a.store().offset, a.dtype());
}

namespace {

/// Replaces a -1 entry by the inferred extent; ValueError when sizes differ.
Dims resolve_shape(const Array& a, const Dims& shape) {
  Dims out = shape;
  int unknown = -1;
  int64_t known = 1;
  for (int i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      if (unknown >= 0) throw ValueError("can only specify one unknown dimension");
      unknown = i;
    } else if (out[i] < 0) {
      throw ValueError("negative dimensions not allowed");
    } else {
      known *= out[i];
    }
  }
  auto fail = [&] {
    throw ValueError("cannot reshape array of size " + std::to_string(a.size()) +
                     " into shape " + shape_str(shape));
  };
  if (unknown >= 0) {
    if (known == 0 || a.size() % known != 0) fail();
    out[unknown] = a.size() / known;
  } else if (known != a.size()) {
    fail();
  }
  return out;
}

/// NumPy's no-copy reshape: new strides when groups of old dims are contiguous among
/// themselves; false when a copy is needed.
bool nocopy_strides(const Array& a, const Dims& shape, Dims& strides) {
  Dims os, ost;
  for (int i = 0; i < a.ndim(); ++i) {
    if (a.shape()[i] != 1) {
      os.push_back(a.shape()[i]);
      ost.push_back(a.strides()[i]);
    }
  }
  strides = Dims(shape.size(), 0);
  int oi = 0, ni = 0, on = os.size(), nn = shape.size();
  while (ni < nn && oi < on) {
    int nj = ni + 1, oj = oi + 1;
    int64_t np_ = shape[ni], op = os[oi];
    while (np_ != op) {
      if (np_ < op) {
        np_ *= shape[nj++];
      } else {
        op *= os[oj++];
      }
    }
    for (int k = oi; k < oj - 1; ++k) {
      if (ost[k] != ost[k + 1] * os[k + 1]) return false;
    }
    strides[nj - 1] = ost[oj - 1];
    for (int k = nj - 1; k > ni; --k) strides[k - 1] = strides[k] * shape[k];
    ni = nj;
    oi = oj;
  }
  int64_t last = ni > 0 ? strides[ni - 1] : a.itemsize();
  for (int k = ni; k < nn; ++k) strides[k] = last;  // trailing unit dims
  return true;
}

}  // namespace

bool reshape_is_view(const Array& a, const Dims& shape) {
  Dims resolved = resolve_shape(a, shape), strides;
  return a.size() == 0 || nocopy_strides(a, resolved, strides);
}

Array reshape(const Array& a, const Dims& shape) {
  Dims resolved = resolve_shape(a, shape), strides;
  if (a.size() == 0) {
    return a.view(resolved, runtime::contiguous_strides(resolved, a.itemsize()), a.store().offset,
                  a.dtype());
  }
  if (nocopy_strides(a, resolved, strides)) {
    return a.view(resolved, strides, a.store().offset, a.dtype());
  }
  Array c = copy(a);
  return c.view(resolved, runtime::contiguous_strides(resolved, a.itemsize()), 0, a.dtype());
}

Array ravel(const Array& a) { return reshape(a, Dims{a.size()}); }

Array squeeze(const Array& a, std::optional<std::vector<int64_t>> axes) {
  std::vector<bool> drop(a.ndim(), false);
  if (!axes) {
    for (int i = 0; i < a.ndim(); ++i) drop[i] = a.shape()[i] == 1;
  } else {
    for (int64_t ax : *axes) {
      int i = normalize_axis(ax, a.ndim());
      if (a.shape()[i] != 1) {
        throw ValueError("cannot select an axis to squeeze out which has size not equal to one");
      }
      drop[i] = true;
    }
  }
  Dims shape, strides;
  for (int i = 0; i < a.ndim(); ++i) {
    if (drop[i]) continue;
    shape.push_back(a.shape()[i]);
    strides.push_back(a.strides()[i]);
  }
  return a.view(shape, strides, a.store().offset, a.dtype());
}

Array expand_dims(const Array& a, std::span<const int64_t> axes) {
  int nd = a.ndim() + static_cast<int>(axes.size());
  std::vector<bool> is_new(nd, false);
  for (int64_t ax : axes) {
    int i = normalize_axis(ax, nd);
    if (is_new[i]) throw ValueError("repeated axis");
    is_new[i] = true;
  }
  Dims shape, strides;
  int src = 0;
  for (int i = 0; i < nd; ++i) {
    if (is_new[i]) {
      shape.push_back(1);
      strides.push_back(0);
    } else {
      shape.push_back(a.shape()[src]);
      strides.push_back(a.strides()[src++]);
    }
  }
  return a.view(shape, strides, a.store().offset, a.dtype());
}

Array swapaxes(const Array& a, int64_t axis1, int64_t axis2) {
  int i = normalize_axis(axis1, a.ndim()), j = normalize_axis(axis2, a.ndim());
  std::vector<int64_t> perm(a.ndim());
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[i], perm[j]);
  return transpose(a, perm);
}

Array moveaxis(const Array& a, std::span<const int64_t> source, std::span<const int64_t> dest) {
  if (source.size() != dest.size()) {
    throw ValueError("`source` and `destination` arguments must have the same number of elements");
  }
  int nd = a.ndim();
  std::vector<int64_t> src(source.size()), dst(dest.size());
  for (size_t k = 0; k < source.size(); ++k) {
    src[k] = normalize_axis(source[k], nd);
    dst[k] = normalize_axis(dest[k], nd);
  }
  std::vector<int64_t> order;
  for (int i = 0; i < nd; ++i) {
    if (std::find(src.begin(), src.end(), i) == src.end()) order.push_back(i);
  }
  std::vector<std::pair<int64_t, int64_t>> placed;
  for (size_t k = 0; k < src.size(); ++k) placed.emplace_back(dst[k], src[k]);
  std::sort(placed.begin(), placed.end());
  for (auto [d, s] : placed) order.insert(order.begin() + d, s);
  return transpose(a, order);
}

Array real(const Array& a) {
  if (!is_complex(a.dtype())) return a;
  DType part = a.dtype() == DType::Complex64 ? DType::Float32 : DType::Float64;
  return a.view(a.shape(), a.strides(), a.store().offset, part);
}

Array imag(const Array& a) {
  if (!is_complex(a.dtype())) return zeros(a.shape(), a.dtype()).readonly();
  DType part = a.dtype() == DType::Complex64 ? DType::Float32 : DType::Float64;
  return a.view(a.shape(), a.strides(), a.store().offset + dtype_size(part), part);
}

Array view_as(const Array& a, DType dtype) {
  if (dtype_size(dtype) != a.itemsize()) {
    throw ValueError("tessera supports view() only between dtypes of the same itemsize (" +
                     std::string(dtype_name(a.dtype())) + " -> " + std::string(dtype_name(dtype)) +
                     ")");
  }
  return a.view(a.shape(), a.strides(), a.store().offset, dtype);
}

namespace {

/// Python's slice.indices(): start and step in range, and the number of elements.
int64_t adjust_slice(const IndexItem& it, int64_t len, int64_t& start, int64_t& step) {
  constexpr int64_t kNone = IndexItem::kNone;
  step = it.step == kNone ? 1 : it.step;
  if (step == 0) throw ValueError("slice step cannot be zero");
  auto clamp_bound = [&](int64_t v, int64_t dflt) {
    if (v == kNone) return dflt;
    if (v < 0) {
      v += len;
      if (v < 0) v = step < 0 ? -1 : 0;
    } else if (v >= len) {
      v = step < 0 ? len - 1 : len;
    }
    return v;
  };
  start = clamp_bound(it.start, step < 0 ? len - 1 : 0);
  int64_t stop = clamp_bound(it.stop, step < 0 ? -1 : len);
  if (step < 0) return stop < start ? (start - stop - 1) / (-step) + 1 : 0;
  return start < stop ? (stop - start - 1) / step + 1 : 0;
}

}  // namespace

Array index(const Array& a, std::span<const IndexItem> items) {
  using Kind = IndexItem::Kind;
  int consumed = 0, ellipses = 0;
  for (const auto& it : items) {
    if (it.kind == Kind::Int || it.kind == Kind::Slice) ++consumed;
    if (it.kind == Kind::Ellipsis) ++ellipses;
  }
  if (ellipses > 1) throw IndexError("an index can only have a single ellipsis ('...')");
  if (consumed > a.ndim()) {
    throw IndexError("too many indices for array: array is " + std::to_string(a.ndim()) +
                     "-dimensional, but " + std::to_string(consumed) + " were indexed");
  }
  Dims shape, strides;
  int64_t offset = a.store().offset;
  int dim = 0;
  auto take_rest = [&](int count) {
    for (int k = 0; k < count; ++k, ++dim) {
      shape.push_back(a.shape()[dim]);
      strides.push_back(a.strides()[dim]);
    }
  };
  for (const auto& it : items) {
    switch (it.kind) {
      case Kind::Ellipsis:
        take_rest(a.ndim() - consumed);
        break;
      case Kind::NewAxis:
        shape.push_back(1);
        strides.push_back(0);
        break;
      case Kind::Int: {
        int64_t len = a.shape()[dim], i = it.index;
        if (i < -len || i >= len) {
          throw IndexError("index " + std::to_string(i) + " is out of bounds for axis " +
                           std::to_string(dim) + " with size " + std::to_string(len));
        }
        offset += (i < 0 ? i + len : i) * a.strides()[dim];
        ++dim;
        break;
      }
      case Kind::Slice: {
        int64_t start, step, n = adjust_slice(it, a.shape()[dim], start, step);
        if (n > 0) offset += start * a.strides()[dim];
        shape.push_back(n);
        strides.push_back(step * a.strides()[dim]);
        ++dim;
        break;
      }
    }
  }
  take_rest(a.ndim() - dim);
  return a.view(shape, strides, offset, a.dtype());
}

}  // namespace tessera
