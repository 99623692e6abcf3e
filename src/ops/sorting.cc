// Sorting, searching and unique: validate, lay the data out for the sort tasks, build launches.
#include "tessera/array/sorting.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "kernels/sort/sort.h"
#include "ops/launch.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/indexing.h"
#include "tessera/array/reduction.h"
#include "tessera/array/ufunc.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

using runtime::Privilege;
using runtime::Slicing;

/// a with `axis` moved last (from_last: moved back from last to `axis`).
Array move_axis(const Array& a, int64_t from, int64_t to) {
  return moveaxis(a, std::span<const int64_t>(&from, 1), std::span<const int64_t>(&to, 1));
}

/// A view of a flat buffer of rows of `padded` elements with the given shape: its last dim
/// runs along a row, the others over the rows in C order.
Array padded_view(const Array& buf, const Dims& shape, int64_t padded) {
  int nd = shape.size();
  Dims strides = shape;
  int64_t step = buf.itemsize();
  for (int d = nd - 1; d >= 0; --d) {
    strides[d] = step;
    step *= d == nd - 1 ? padded : shape[d];
  }
  return buf.view(shape, strides, buf.store().offset, buf.dtype());
}

/// How a sort of `rows` rows of `len` elements is cut into blocks: a row gets several blocks
/// only when there are fewer rows than the mapper would use points, and never blocks so short
/// that the merge rounds would cost more than they spread.
kernels::SortArgs plan_sort(int64_t rows, int64_t len, bool with_index) {
  constexpr int64_t kMinBlock = 4096;
  int64_t n = rows * len;
  int64_t tiles = runtime::Runtime::get().mapper().tile_count(n, n);
  int64_t bpr = rows >= tiles ? 1 : (tiles + rows - 1) / rows;
  bpr = std::max<int64_t>(1, std::min(bpr, len / kMinBlock));
  int64_t block = (len + bpr - 1) / bpr;
  bpr = (len + block - 1) / block;
  return kernels::SortArgs{block, len, bpr * block, block, with_index};
}

struct Sorted {
  Array keys, idx;  // of the source's shape (views of padded buffers)
};

/// Sorts a non-empty `src` along its last axis: each block sorted by a point, then merge
/// rounds that double the run length until a run covers a row.
Sorted sort_last(const Array& src, bool with_index) {
  const Dims& shape = src.shape();
  int64_t len = shape[shape.size() - 1], rows = src.size() / len;
  kernels::SortArgs args = plan_sort(rows, len, with_index);
  int64_t total = rows * args.padded, blocks = total / args.block;
  Array keys = empty(Dims{total}, src.dtype());
  ops::launch_copy(src, padded_view(keys, shape, args.padded));
  Array idx = with_index ? empty(Dims{total}, DType::Int64) : Array();
  auto& rt = runtime::Runtime::get();
  {
    runtime::Launch l;
    l.task = &kernels::sort_blocks_task;
    l.name = "sort";
    l.domain = Dims{blocks, args.block};
    l.args.push_back({reshape(keys, l.domain).store(), Privilege::ReadWrite, Slicing::Aligned});
    if (with_index) {
      l.args.push_back({reshape(idx, l.domain).store(), Privilege::Write, Slicing::Aligned});
    }
    l.scalars.set(args);
    rt.launch(std::move(l));
  }
  for (; args.width < len; args.width *= 2) {
    Array next = empty(Dims{total}, src.dtype());
    Array next_idx = with_index ? empty(Dims{total}, DType::Int64) : Array();
    runtime::Launch l;
    l.task = &kernels::merge_runs_task;
    l.name = "sort";
    l.domain = Dims{total};
    l.args.push_back({next.store(), Privilege::Write, Slicing::Aligned});
    l.args.push_back({keys.store(), Privilege::Read, Slicing::Whole});
    if (with_index) {
      l.args.push_back({next_idx.store(), Privilege::Write, Slicing::Aligned});
      l.args.push_back({idx.store(), Privilege::Read, Slicing::Whole});
    }
    l.scalars.set(args);
    rt.launch(std::move(l));
    keys = std::move(next);
    idx = std::move(next_idx);
  }
  Sorted out{padded_view(keys, shape, args.padded), Array()};
  if (with_index) out.idx = padded_view(idx, shape, args.padded);
  return out;
}

/// sort or argsort of `a` along `axis`.
Array sort_along(const Array& a, int64_t axis, bool indices) {
  int ax = normalize_axis(axis, a.ndim());
  if (a.size() == 0) return indices ? empty(a.shape(), DType::Int64) : copy(a);
  int64_t last = a.ndim() - 1;
  Sorted s = sort_last(move_axis(a, ax, last), indices);
  return move_axis(indices ? s.idx : s.keys, last, ax);
}

/// The kth values, checked against an axis of `len` and made non-negative, sorted, distinct.
std::vector<int64_t> normalize_kth(std::span<const int64_t> kth, int64_t len) {
  std::vector<int64_t> out;
  for (int64_t k : kth) {
    if (k < 0) k += len;  // NumPy's message names the kth after this shift
    if (k < 0 || k >= len) {
      throw ValueError("kth(=" + std::to_string(k) + ") out of bounds (" + std::to_string(len) +
                       ")");
    }
    out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// partition or argpartition of `a` along `axis`: each point partitions its rows.
Array partition_along(const Array& a, std::span<const int64_t> kth, int64_t axis, bool indices) {
  int ax = normalize_axis(axis, a.ndim());
  // NumPy checks kth only when there is something to partition.
  if (a.size() == 0) return indices ? empty(a.shape(), DType::Int64) : copy(a);
  int64_t len = a.shape()[ax];
  std::vector<int64_t> ks = normalize_kth(kth, len);
  // Many kth values: a full sort partitions around all of them.
  if (static_cast<int64_t>(ks.size()) > kernels::PartitionArgs::kMaxKth) {
    return sort_along(a, ax, indices);
  }
  int64_t last = a.ndim() - 1, rows = a.size() / len;
  Array src = move_axis(a, ax, last);
  Array keys = empty(Dims{rows, len}, a.dtype());
  ops::launch_copy(src, padded_view(keys, src.shape(), len));
  Array idx = indices ? empty(Dims{rows, len}, DType::Int64) : Array();
  kernels::PartitionArgs args{};
  args.row_len = len;
  args.nkth = static_cast<int64_t>(ks.size());
  args.with_index = indices;
  std::copy(ks.begin(), ks.end(), args.kth);
  runtime::Launch l;
  l.task = &kernels::partition_task;
  l.name = indices ? "argpartition" : "partition";
  l.domain = Dims{rows, len};
  l.args.push_back({keys.store(), Privilege::ReadWrite, Slicing::Aligned});
  if (indices) l.args.push_back({idx.store(), Privilege::Write, Slicing::Aligned});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
  return move_axis(padded_view(indices ? idx : keys, src.shape(), len), last, ax);
}

/// Launches a small unique task over `domain` rows: out (Write, Aligned), in (Read, Whole).
void launch_unique(const runtime::TaskVariants& task, const Array& out, const Array& in,
                   const kernels::UniqueArgs& args) {
  runtime::Launch l;
  l.task = &task;
  l.name = "unique";
  l.domain = out.shape();
  l.args.push_back({out.store(), Privilege::Write, Slicing::Aligned});
  l.args.push_back({in.store(), Privilege::Read, Slicing::Whole});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
}

/// `a` sorted through `sorter` (checked first: NumPy's ValueErrors).
Array apply_sorter(const Array& a, const Array& sorter) {
  if (sorter.ndim() != 1 || sorter.size() != a.size()) {
    throw ValueError("sorter.size must equal a.size");
  }
  if (!is_integer(sorter.dtype())) throw TypeError("sorter must only contain integers");
  Array s = astype(sorter, DType::Int64, Casting::Unsafe, false);
  std::vector<int64_t> host(s.size());
  to_host(s, host.data());
  for (int64_t j : host) {
    if (j < 0 || j >= a.size()) throw ValueError("Sorter index out of range.");
  }
  return take(a, s, 0);
}

/// Element i of a 1-d array as a 0-d view.
Array element(const Array& a, int64_t i) {
  return a.view(Dims{}, Dims{}, a.store().offset + i * a.strides()[0], a.dtype());
}

/// NumPy's unique without optional outputs runs a hash set, which keeps, of all the complex
/// values with a NaN (equal under equal_nan), the first in input order; the sort path keeps the
/// first in sorted order. Replaces the last value (the NaN group, if any) by NumPy's choice.
void keep_first_nan(const Array& values, const Array& flat, const Sorted& s, const Array& starts) {
  int64_t k = values.size(), n = flat.size();
  complex128 last;
  item(element(values, k - 1)).convert(DType::Complex128, &last);
  if (last == last) return;
  int64_t p0 = item(element(starts, k - 1)).as_int();
  Array group = s.idx.view(Dims{n - p0}, s.idx.strides(),
                           s.idx.store().offset + p0 * s.idx.strides()[0], DType::Int64);
  int64_t first = item(amin(group, ReduceOptions{})).as_int();
  assign(element(values, k - 1), item(element(flat, first)));
}

}  // namespace

Array sort(const Array& a, int64_t axis) { return sort_along(a, axis, false); }

Array argsort(const Array& a, int64_t axis) { return sort_along(a, axis, true); }

void sort_inplace(const Array& a, int64_t axis) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  Array sorted = sort_along(a, axis, false);
  if (a.size() > 0) ops::launch_copy(sorted, a);
}

Array partition(const Array& a, std::span<const int64_t> kth, int64_t axis) {
  return partition_along(a, kth, axis, false);
}

Array argpartition(const Array& a, std::span<const int64_t> kth, int64_t axis) {
  return partition_along(a, kth, axis, true);
}

Array searchsorted(const Array& a, const Operand& v, bool right, const Array* sorter) {
  if (a.ndim() != 1) {
    throw ValueError(a.ndim() == 0 ? "object of too small depth for desired array"
                                   : "object too deep for desired array");
  }
  Operand ops[2] = {a, v};
  DType common = result_type(ops);
  if (const Scalar* s = std::get_if<Scalar>(&v); s && s->weak == WeakKind::Int) {
    // A Python int outside a's integer range: NumPy compares in a dtype that holds it.
    if (is_integer(common) && !s->fits(common)) {
      common = promote_types(a.dtype(), s->is_uint_above_int64() ? DType::UInt64 : DType::Int64);
    }
  }
  Array sorted = sorter ? apply_sorter(a, *sorter) : a;
  if (sorted.dtype() != common) sorted = astype(sorted, common, Casting::Unsafe, false);
  Array keys = std::holds_alternative<Array>(v) ? std::get<Array>(v)
                                                : full(Dims{}, common, std::get<Scalar>(v));
  if (keys.dtype() != common) keys = astype(keys, common, Casting::Unsafe, false);
  Array out = empty(keys.shape(), DType::Int64);
  if (keys.size() == 0) return out;
  runtime::Launch l;
  l.task = &kernels::searchsorted_task;
  l.name = "searchsorted";
  l.domain = Dims{keys.size()};
  l.work = keys.size() * 8;  // a binary search per element
  l.args.push_back({reshape(out, l.domain).store(), Privilege::Write, Slicing::Aligned});
  l.args.push_back({reshape(keys, l.domain).store(), Privilege::Read, Slicing::Aligned});
  l.args.push_back({sorted.store(), Privilege::Read, Slicing::Whole});
  l.scalars.set(kernels::SearchArgs{right});
  runtime::Runtime::get().launch(std::move(l));
  return out;
}

UniqueResult unique(const Array& a, bool return_index, bool return_inverse, bool return_counts,
                    bool equal_nan) {
  int64_t n = a.size();
  UniqueResult r;
  if (n == 0) {
    r.values = empty(Dims{0}, a.dtype());
    if (return_index) r.index = empty(Dims{0}, DType::Int64);
    if (return_inverse) r.inverse = empty(a.shape(), DType::Int64);
    if (return_counts) r.counts = empty(Dims{0}, DType::Int64);
    return r;
  }
  // Sort, flag the first element of each run of equal values, compact the flags.
  Array flat = reshape(a, Dims{n});
  bool hash_nan = dtype_kind(a.dtype()) == 'c' && equal_nan && !return_index && !return_inverse &&
                  !return_counts;
  Sorted s = sort_last(flat, return_index || return_inverse || hash_nan);
  kernels::UniqueArgs args{n, equal_nan};
  Array flags = empty(Dims{n}, DType::Bool);
  launch_unique(kernels::unique_flags_task, flags, s.keys, args);
  Array starts = flatnonzero(flags);
  r.values = take(s.keys, starts, 0);
  if (hash_nan) keep_first_nan(r.values, flat, s, starts);
  if (return_index) r.index = take(s.idx, starts, 0);
  if (return_counts) {
    r.counts = empty(starts.shape(), DType::Int64);
    launch_unique(kernels::unique_counts_task, r.counts, starts, args);
  }
  if (return_inverse) {
    // The value number of every sorted position, scattered back to where it came from.
    Array groups = empty(Dims{n}, DType::Int64);
    launch_unique(kernels::unique_groups_task, groups, starts, args);
    Array inverse = empty(Dims{n}, DType::Int64);
    put_along(inverse, s.idx, 0, groups);
    r.inverse = reshape(inverse, a.shape());
  }
  return r;
}

}  // namespace tessera
