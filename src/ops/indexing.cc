// Advanced indexing: gather, scatter and mask compaction (NumPy's take, put, flatnonzero).
#include "tessera/array/indexing.h"

#include <numeric>
#include <utility>
#include <vector>

#include "kernels/index/gather.h"
#include "ops/launch.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/views.h"
#include "runtime/root.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

/// The indices as a 1-d int64 array.
Array flat_indices(const Array& indices) {
  if (!is_integer(indices.dtype()) && indices.dtype() != DType::Bool) {
    throw IndexError("arrays used as indices must be of integer (or boolean) type");
  }
  Array idx = indices.dtype() == DType::Int64
                  ? indices
                  : astype(indices, DType::Int64, Casting::Unsafe, false);
  return reshape(idx, Dims{idx.size()});
}

/// a with `axis` moved to the front.
Array axis_first(const Array& a, int64_t axis) {
  int64_t src = axis, dst = 0;
  return moveaxis(a, std::span<const int64_t>(&src, 1), std::span<const int64_t>(&dst, 1));
}

/// Few indices are checked on the host before a CUDA build issues the gather or scatter: a GPU
/// kernel's IndexError only surfaces at the next wait, after the caller (the Python layer
/// renumbers the axis to the indexed array's, _indexing.py:_axis_error) has returned. A few
/// hundred int64 reads; a list key's indices are in host memory already (indices that live on
/// the GPU are left to the kernel).
void check_few_indices(const Array& idx, int64_t n, int64_t axis) {
#if defined(TESSERA_HAVE_CUDA)
  constexpr int64_t kHostChecked = 256;
  // Indices the GPU made stay there: reading them would wait for the GPU.
  if (idx.size() > kHostChecked || idx.store().root->on_gpu()) return;
  const char* p = runtime::Runtime::get().host_read(idx.store());
  kernels::check_indices(p, idx.strides()[0], idx.size(), n, axis);
#else
  (void)idx, (void)n, (void)axis;
#endif
}

void check_axis(const Array& a, int64_t axis) {
  if (axis < 0 || axis >= a.ndim()) {
    throw AxisError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                    std::to_string(a.ndim()));
  }
}

}  // namespace

Array take(const Array& a, const Array& indices, int64_t axis) {
  check_axis(a, axis);
  Array idx = flat_indices(indices);
  Array src = axis_first(a, axis);
  int64_t m = idx.size();
  int nd = src.ndim() - 1;
  Dims out_shape = src.shape();
  out_shape[0] = m;
  Array out = empty(out_shape, a.dtype());
  if (m > 0) {
    kernels::GatherArgs args{src.shape()[0], axis};
    if (out.size() == 0) {
      // Nothing to copy, but NumPy still checks the indices.
      const char* p = runtime::Runtime::get().host_read(idx.store());
      kernels::check_indices(p, idx.strides()[0], m, args.axis_size, axis);
    } else {
      check_few_indices(idx, args.axis_size, axis);
      Dims bstrides = out_shape;
      for (int d = 0; d <= nd; ++d) bstrides[d] = 0;
      bstrides[0] = idx.strides()[0];
      Array bidx = idx.view(out_shape, bstrides, idx.store().offset, DType::Int64);
      runtime::Launch l;
      l.task = &kernels::gather_task;
      l.name = "take";
      l.domain = out_shape;
      l.args.push_back({out.store(), runtime::Privilege::Write, runtime::Slicing::Aligned});
      l.args.push_back({bidx.store(), runtime::Privilege::Read, runtime::Slicing::Aligned});
      l.args.push_back({src.store(), runtime::Privilege::Read, runtime::Slicing::Whole});
      l.scalars.set(args);
      runtime::Runtime::get().launch(std::move(l));
    }
  }
  // (m, rest...) -> (indices.shape..., rest...) -> the index dims moved to `axis`.
  int k = indices.ndim();
  Dims full(k + nd);
  for (int d = 0; d < k; ++d) full[d] = indices.shape()[d];
  for (int d = 0; d < nd; ++d) full[k + d] = out_shape[d + 1];
  Array r = reshape(out, full);
  std::vector<int64_t> perm;
  for (int64_t p = 0; p < axis; ++p) perm.push_back(k + p);
  for (int64_t p = 0; p < k; ++p) perm.push_back(p);
  for (int64_t p = axis; p < nd; ++p) perm.push_back(k + p);
  return transpose(r, perm);
}

void put_along(const Array& a, const Array& indices, int64_t axis, const Array& values) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  check_axis(a, axis);
  Array idx = flat_indices(indices);
  if (ops::may_overlap(idx, a)) idx = copy(idx);  // the indices are read as they were before
  Array dst = axis_first(a, axis);
  int64_t m = idx.size();
  int nd = dst.ndim() - 1;
  Dims vshape = dst.shape();
  vshape[0] = m;
  if (m == 0) return;
  // The values in the gathered layout (index dims first), in a's dtype, never aliasing a.
  int k = indices.ndim();
  Dims gshape(k + nd);
  for (int d = 0; d < k; ++d) gshape[d] = indices.shape()[d];
  for (int d = 0; d < nd; ++d) gshape[k + d] = vshape[d + 1];
  Dims numpy_shape(k + nd);  // the shape NumPy broadcasts the values to
  for (int64_t p = 0; p < axis; ++p) numpy_shape[p] = gshape[k + p];
  for (int64_t p = 0; p < k; ++p) numpy_shape[axis + p] = gshape[p];
  for (int64_t p = axis; p < nd; ++p) numpy_shape[k + p] = gshape[k + p];
  Array v = broadcast_to(values, numpy_shape);
  std::vector<int64_t> perm;  // numpy layout -> gathered layout
  for (int64_t p = 0; p < k; ++p) perm.push_back(axis + p);
  for (int64_t p = 0; p < axis; ++p) perm.push_back(p);
  for (int64_t p = axis; p < nd; ++p) perm.push_back(k + p);
  v = transpose(v, perm);
  Array vc = empty(gshape, a.dtype());
  if (vc.size() == 0) {
    const char* p = runtime::Runtime::get().host_read(idx.store());
    kernels::check_indices(p, idx.strides()[0], m, dst.shape()[0], axis);
    return;
  }
  check_few_indices(idx, dst.shape()[0], axis);
  ops::launch_copy(v, vc);
  vc = reshape(vc, vshape);
  kernels::GatherArgs args{dst.shape()[0], axis};
  runtime::Launch l;
  l.task = &kernels::scatter_task;
  l.name = "put";
  l.domain = Dims{m};
  l.max_points = 1;
  l.args.push_back({dst.store(), runtime::Privilege::ReadWrite, runtime::Slicing::Whole});
  l.args.push_back({idx.store(), runtime::Privilege::Read, runtime::Slicing::Whole});
  l.args.push_back({vc.store(), runtime::Privilege::Read, runtime::Slicing::Whole});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
}

Array flatnonzero(const Array& a) {
  Array mask = a.dtype() == DType::Bool ? a : astype(a, DType::Bool, Casting::Unsafe, false);
  mask = reshape(mask, Dims{mask.size()});
  int64_t n = mask.size();
  constexpr int64_t kBlock = 8192;
  int64_t blocks = (n + kBlock - 1) / kBlock;
  if (blocks == 0) return empty(Dims{0}, DType::Int64);
  kernels::CompactArgs args{n, kBlock};
  auto& rt = runtime::Runtime::get();
  // 1. the count of each block, in parallel.
  Array counts = empty(Dims{blocks}, DType::Int64);
  {
    runtime::Launch l;
    l.task = &kernels::count_task;
    l.name = "flatnonzero";
    l.domain = Dims{blocks};
    l.work = n;
    l.args.push_back({counts.store(), runtime::Privilege::Write, runtime::Slicing::Aligned});
    l.args.push_back({mask.store(), runtime::Privilege::Read, runtime::Slicing::Whole});
    l.scalars.set(args);
    rt.launch(std::move(l));
  }
  // 2. their exclusive prefix sum: the result's length depends on the data, so wait for it.
  std::vector<int64_t> offsets(blocks);
  to_host(counts, offsets.data());
  int64_t count = 0;
  for (int64_t& c : offsets) count += std::exchange(c, count);
  Array out = empty(Dims{count}, DType::Int64);
  if (count == 0) return out;
  // 3. each point writes its rows of the result, starting from the block its first row is in.
  Array starts = from_host(offsets.data(), Dims{blocks}, Dims{8}, DType::Int64);
  runtime::Launch l;
  l.task = &kernels::compact_task;
  l.name = "flatnonzero";
  l.domain = Dims{count};
  l.work = n;
  l.args.push_back({out.store(), runtime::Privilege::Write, runtime::Slicing::Aligned});
  l.args.push_back({starts.store(), runtime::Privilege::Read, runtime::Slicing::Whole});
  l.args.push_back({mask.store(), runtime::Privilege::Read, runtime::Slicing::Whole});
  l.scalars.set(args);
  rt.launch(std::move(l));
  return out;
}

}  // namespace tessera
