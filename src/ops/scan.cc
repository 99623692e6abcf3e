// Scans and counting with NumPy semantics: argument checks, result dtypes, the cast into the
// result, then launches of the scan and counting tasks (src/kernels/scan, src/kernels/count).
#include "tessera/array/scan.h"

#include <algorithm>
#include <string>

#include "kernels/count/count.h"
#include "kernels/scan/scan.h"
#include "ops/launch.h"
#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/reduction.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {

namespace {

using kernels::ScanArgs;
using kernels::ScanLayout;
using kernels::ScanOp;
using runtime::Privilege;
using runtime::Slicing;

/// Elements per block of a blocked scan: at least 16 Ki, and at most 256 blocks. It depends on
/// n only, so float results do not change with the number of points.
int64_t scan_block(int64_t n) { return std::max<int64_t>(int64_t{1} << 14, (n + 255) / 256); }

void launch_lines(const Array& lines, const ScanArgs& args, const char* name) {
  runtime::Launch l;
  l.task = &kernels::scan_lines_task;
  l.name = name;
  l.domain = lines.shape();
  l.args.push_back({lines.store(), Privilege::ReadWrite, Slicing::Aligned});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
}

/// The three-phase scan of one contiguous line of n elements.
void launch_blocked(const Array& line, ScanArgs args, const char* name) {
  int64_t n = line.size();
  args.block = scan_block(n);
  int64_t blocks = (n + args.block - 1) / args.block;
  Array totals = empty(Dims{blocks}, line.dtype());
  auto& rt = runtime::Runtime::get();
  for (const auto* task : {&kernels::scan_blocks_task, &kernels::scan_offsets_task}) {
    bool first = task == &kernels::scan_blocks_task;
    runtime::Launch l;
    l.task = task;
    l.name = name;
    l.domain = Dims{blocks};
    l.work = n;
    l.args.push_back({totals.store(), first ? Privilege::Write : Privilege::Read,
                      first ? Slicing::Aligned : Slicing::Whole});
    l.args.push_back({line.store(), Privilege::ReadWrite, Slicing::Whole});
    l.scalars.set(args);
    rt.launch(std::move(l));
  }
}

Array scan(const Array& a, ScanOp op, std::optional<int64_t> axis, const DType* dtype) {
  Array src = a;
  if (!axis || a.ndim() == 0) src = reshape(a, Dims{a.size()});
  int ax = axis ? normalize_axis(*axis, src.ndim()) : 0;
  DType dt = dtype ? *dtype : scan_dtype(a.dtype());
  Array out = empty(src.shape(), dt);
  if (out.size() == 0) return out;
  ops::launch_copy(src, out);
  const Dims& shape = out.shape();
  int64_t n = shape[ax], outer = 1, inner = 1, isz = out.itemsize();
  for (int d = 0; d < ax; ++d) outer *= shape[d];
  for (int d = ax + 1; d < out.ndim(); ++d) inner *= shape[d];
  if (n == 1) return out;
  const char* name = op == ScanOp::Add ? "cumsum" : "cumprod";
  ScanArgs args;
  args.fns = &kernels::scan_fns(op, dt);
  args.n = n;
  int64_t offset = out.store().offset;
  if (outer == 1 && inner == 1 && n > scan_block(n)) {
    launch_blocked(out.view(Dims{n}, Dims{isz}, offset, dt), args, name);
  } else if (outer == 1 && inner > 1) {
    // A scan along the first axis: points take columns, and step them down the axis together.
    args.layout = ScanLayout::Columns;
    launch_lines(out.view(Dims{inner, n, 1}, Dims{isz, inner * isz, isz}, offset, dt), args, name);
  } else {
    launch_lines(
        out.view(Dims{outer, n, inner}, Dims{n * inner * isz, inner * isz, isz}, offset, dt), args,
        name);
  }
  return out;
}

std::string cast_error(DType from, DType to) {
  return "Cannot cast array data from dtype('" + std::string(dtype_name(from)) + "') to dtype('" +
         std::string(dtype_name(to)) + "') according to the rule 'safe'";
}

/// A launch that counts the 1-d `values` into a fresh result of `length` elements (int64, or
/// float64 when weighted): per-point private arrays, folded in point order.
template <class Args>
Array launch_count(const runtime::TaskVariants& task, runtime::TaskBody fold, const Args& args,
                   int64_t length, const Array& values, const Array* extra, const Array* weights) {
  constexpr int64_t kMaxLength = int64_t{1} << 27;  // the partial of one point is an int's bytes
  if (length > kMaxLength) throw ValueError("tessera counts into at most 2**27 bins");
  Array out = empty(Dims{length}, weights ? DType::Float64 : DType::Int64);
  int64_t n = values.size();
  runtime::Launch l;
  l.task = &task;
  l.name = task.name;
  l.domain = Dims{n};
  // Private arrays cost points x length: no more points than fit 256 MiB, nor than the counting
  // can pay for (a point should count several times its array's length).
  l.max_points = std::max<int64_t>(1, std::min((int64_t{1} << 25) / length, 1 + n / (4 * length)));
  l.partial_bytes = static_cast<int>(length * 8);
  l.fold = fold;
#if defined(TESSERA_HAVE_CUDA)
  l.fold_cuda = &kernels::count_fold_cuda;
#endif
  l.fold_target = 0;
  l.args.push_back({out.store(), Privilege::Write, Slicing::Whole});
  l.args.push_back({values.store(), Privilege::Read, Slicing::Aligned});
  if (extra) l.args.push_back({extra->store(), Privilege::Read, Slicing::Whole});
  if (weights) l.args.push_back({weights->store(), Privilege::Read, Slicing::Aligned});
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
  return out;
}

/// The weights as float64 of x's length (NumPy casts them with the 'safe' rule).
Array float_weights(const Array& w, int64_t n, const char* mismatch) {
  if (w.ndim() != 1 || w.size() != n) throw ValueError(mismatch);
  if (!can_cast_safe(w.dtype(), DType::Float64)) {
    throw TypeError(cast_error(w.dtype(), DType::Float64));
  }
  return w.dtype() == DType::Float64 ? w : astype(w, DType::Float64, Casting::Unsafe, false);
}

}  // namespace

DType scan_dtype(DType in) {
  if (in == DType::Bool) return DType::Int64;
  if (is_integer(in) && dtype_size(in) < 8) {
    return dtype_kind(in) == 'u' ? DType::UInt64 : DType::Int64;
  }
  return in;
}

Array cumsum(const Array& a, std::optional<int64_t> axis, const DType* dtype) {
  return scan(a, ScanOp::Add, axis, dtype);
}

Array cumprod(const Array& a, std::optional<int64_t> axis, const DType* dtype) {
  return scan(a, ScanOp::Multiply, axis, dtype);
}

Array bincount(const Array& x, const Array* weights, int64_t minlength) {
  if (minlength < 0) throw ValueError("'minlength' must not be negative");
  if (x.ndim() > 1) throw ValueError("object too deep for desired array");
  if (x.ndim() == 0) throw ValueError("object of too small depth for desired array");
  // NumPy casts with the 'safe' rule, but lets uint64 through.
  if (!can_cast_safe(x.dtype(), DType::Int64) && x.dtype() != DType::UInt64) {
    throw TypeError(cast_error(x.dtype(), DType::Int64));
  }
  int64_t n = x.size();
  if (n == 0) return zeros(Dims{minlength}, DType::Int64);
  Array xi = x.dtype() == DType::Int64 ? x : astype(x, DType::Int64, Casting::Unsafe, false);
  Array w;
  if (weights) w = float_weights(*weights, n, "The weights and list don't have the same length.");
  // The length depends on the data: wait for the largest value. A negative one raises from the
  // counting task (or here, when every value is negative).
  int64_t hi = item(amax(xi, ReduceOptions{})).as_int();
  if (hi < 0) throw ValueError("'list' argument must have no negative elements");
  kernels::BincountArgs args{std::max(hi + 1, minlength), weights != nullptr};
  return launch_count(kernels::bincount_task, kernels::bincount_fold, args, args.length, xi,
                      nullptr, weights ? &w : nullptr);
}

Array histogram(const Array& a, const Array& edges, const Array* weights,
                const UniformBins* uniform) {
  if (a.ndim() != 1) throw ValueError("histogram: the values must be 1-d");
  if (edges.ndim() != 1 || edges.size() < 2) throw ValueError("`bins` must be 1d, when an array");
  kernels::HistogramArgs args;
  args.bins = edges.size() - 1;
  args.weighted = weights != nullptr;
  args.uniform = uniform != nullptr;
  Array values, e;
  if (uniform) {
    if (!is_float(edges.dtype())) throw TypeError("histogram: uniform edges must be floating");
    args.dtype = edges.dtype();
    args.sub_dtype = uniform->sub_dtype;
    args.div_dtype = uniform->div_dtype;
    args.mul_dtype = uniform->mul_dtype;
    args.first = uniform->first;
    args.last = uniform->last;
    args.first_sub = uniform->first_sub;
    args.denom = uniform->denom;
    args.scale = uniform->scale;
    e = edges;
  } else {
    args.dtype = DType::Float64;
    e = astype(edges, DType::Float64, Casting::Unsafe, true);  // contiguous, for the search
  }
  int64_t n = a.size();
  values = a.dtype() == args.dtype ? a : astype(a, args.dtype, Casting::Unsafe, false);
  Array w;
  if (weights) w = float_weights(*weights, n, "weights should have the same shape as a.");
  if (n == 0) return zeros(Dims{args.bins}, weights ? DType::Float64 : DType::Int64);
  return launch_count(kernels::histogram_task, kernels::histogram_fold, args, args.bins, values, &e,
                      weights ? &w : nullptr);
}

}  // namespace tessera
