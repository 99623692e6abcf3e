// The CUDA variants of the sorting tasks (sort.h). A GPU launch is one point covering the whole
// domain; bodies issue kernels and CUB calls on the point's stream and return.
//
//   * sort_blocks: with one point the task sees every row, so it sorts each whole row (the
//     blocks of a row together): the values mapped to unsigned radix keys exactly as the CPU's
//     radix_key (NaN last, -0.0 tied to 0.0), sorted stably with their positions by
//     cub::DeviceRadixSort (one call per row when rows are few or long) or
//     cub::DeviceSegmentedSort::StableSortPairs (many rows), then the original values gathered
//     through the positions (so -0.0 and NaN payloads survive).
//   * merge_runs: the merge-path merge, one thread per output position (a co-rank binary search,
//     then the pick). After a GPU sort_blocks the runs come from sorted rows, so the merge is a
//     copy; it stays a real merge so a CPU sort_blocks followed by a GPU merge is right too.
//   * searchsorted: one binary search per thread (NumPy's binsearch).
//   * unique_flags/counts/groups: a thread per element.
//   * partition: each row sorted (a sorted row is partitioned around every kth).
// Complex dtypes stay on the CPU (cuda_supports).
#include <cuda_fp16.h>

#include <cstdint>
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_segmented_sort.cuh>
#include <string>
#include <type_traits>

#include "kernels/sort/sort.h"
#include "runtime/gpu.h"
#include "tessera/array/dtype.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {

namespace {

using exec::Cuda;

struct Half {
  uint16_t bits;
};

__device__ inline float to_float(Half h) { return __half2float(__ushort_as_half(h.bits)); }

/// An unsigned key whose order is NumPy's order: as the CPU's radix_key (sort_template.inl).
template <class U>
__device__ inline U float_key(U u, U inf) {
  constexpr U sign = U(1) << (8 * sizeof(U) - 1);
  U mag = u & static_cast<U>(~sign);
  if (mag > inf) return static_cast<U>(~U(0));  // every NaN: the largest key
  if (mag == 0) u = 0;                          // -0.0 ties with 0.0
  return (u & sign) ? static_cast<U>(~u) : static_cast<U>(u | sign);
}

template <class T>
struct Traits {
  // Integers (bool is read as uint8_t).
  using Key = std::make_unsigned_t<T>;
  __device__ static Key key(T v) {
    Key u = static_cast<Key>(v);
    if constexpr (std::is_signed_v<T>) u ^= Key(1) << (8 * sizeof(T) - 1);
    return u;
  }
  __device__ static bool less(T a, T b) { return a < b; }
  __device__ static bool nan(T) { return false; }
  __device__ static bool equal(T a, T b) { return a == b; }
};
template <>
struct Traits<Half> {
  using Key = uint16_t;
  __device__ static Key key(Half v) { return float_key<uint16_t>(v.bits, 0x7c00); }
  __device__ static bool less(Half a, Half b) {
    float x = to_float(a), y = to_float(b);
    return x < y || (y != y && x == x);
  }
  __device__ static bool nan(Half a) { return (a.bits & 0x7fff) > 0x7c00; }
  __device__ static bool equal(Half a, Half b) { return to_float(a) == to_float(b); }
};
template <>
struct Traits<float> {
  using Key = uint32_t;
  __device__ static Key key(float v) {
    return float_key<uint32_t>(__float_as_uint(v), 0x7f800000u);
  }
  __device__ static bool less(float a, float b) { return a < b || (b != b && a == a); }
  __device__ static bool nan(float a) { return a != a; }
  __device__ static bool equal(float a, float b) { return a == b; }
};
template <>
struct Traits<double> {
  using Key = uint64_t;
  __device__ static Key key(double v) {
    return float_key<uint64_t>(static_cast<uint64_t>(__double_as_longlong(v)),
                               0x7ff0000000000000ull);
  }
  __device__ static bool less(double a, double b) { return a < b || (b != b && a == a); }
  __device__ static bool nan(double a) { return a != a; }
  __device__ static bool equal(double a, double b) { return a == b; }
};

/// One-byte keys are sorted as 16-bit ones (8 significant bits): fewer CUB instantiations.
template <class T>
using SortKey =
    std::conditional_t<sizeof(typename Traits<T>::Key) == 1, uint16_t, typename Traits<T>::Key>;

bool sortable(DType d) { return d != DType::Complex64 && d != DType::Complex128; }

/// Calls f(T{}) with T the device type of d (not complex).
template <class F>
void dispatch(DType d, F&& f) {
  switch (d) {
    case DType::Bool:
    case DType::UInt8:
      return f(uint8_t{});
    case DType::Int8:
      return f(int8_t{});
    case DType::Int16:
      return f(int16_t{});
    case DType::UInt16:
      return f(uint16_t{});
    case DType::Int32:
      return f(int32_t{});
    case DType::UInt32:
      return f(uint32_t{});
    case DType::Int64:
      return f(int64_t{});
    case DType::UInt64:
      return f(uint64_t{});
    case DType::Float16:
      return f(Half{});
    case DType::Float32:
      return f(float{});
    case DType::Float64:
      return f(double{});
    default:
      throw runtime::GpuError("sort: complex dtypes have no CUDA variant");
  }
}

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    throw runtime::GpuError(std::string(what) + ": " + cudaGetErrorName(e) + ": " +
                            cudaGetErrorString(e));
  }
}

// ---- sort_blocks ------------------------------------------------------------------------------

/// Data positions e (e % padded < row_len): radix key, position in the row, a copy of the value.
template <class T, class K>
struct Prepare {
  const T* keys;
  K* ukeys;
  int64_t* pos;
  T* orig;
  int64_t padded, row_len;
  __device__ void operator()(int64_t e) const {
    int64_t j = e % padded;
    if (j >= row_len) return;
    T v = keys[e];
    ukeys[e] = static_cast<K>(Traits<T>::key(v));
    pos[e] = j;
    orig[e] = v;
  }
};

/// keys[e] = the value that sorted to e; idx[e] = its position in the row (when idx).
template <class T>
struct Finish {
  T* keys;
  const T* orig;
  const int64_t* pos;
  int64_t* idx;
  int64_t padded, row_len;
  __device__ void operator()(int64_t e) const {
    int64_t j = e % padded;
    if (j >= row_len) return;
    int64_t p = pos[e];
    keys[e] = orig[e - j + p];
    if (idx) idx[e] = p;
  }
};

struct RowOffsets {
  int64_t* begin;
  int64_t* end;
  int64_t padded, row_len;
  __device__ void operator()(int64_t r) const {
    begin[r] = r * padded;
    end[r] = r * padded + row_len;
  }
};

/// Sorts rows of `len` elements that start every `padded` elements of `keys` (total elements
/// in all), stably in NumPy's order; idx (when not null) gets each value's position in its row.
template <class T>
void sort_rows(cudaStream_t stream, char* keys_base, int64_t* idx, int64_t total, int64_t padded,
               int64_t len) {
  using K = SortKey<T>;
  int64_t rows = total / padded;
  int end_bit = 8 * sizeof(typename Traits<T>::Key);
  T* keys = reinterpret_cast<T*>(keys_base);
  runtime::gpu::Scratch scratch("sort");
  K* uk_in = scratch.get<K>(total);
  K* uk_out = scratch.get<K>(total);
  int64_t* pos_in = scratch.get<int64_t>(total);
  int64_t* pos_out = scratch.get<int64_t>(total);
  T* orig = scratch.get<T>(total);
  Cuda::for_each_index(total, Prepare<T, K>{keys, uk_in, pos_in, orig, padded, len}, stream,
                       "sort");
  if (rows == 1 || (len >= (int64_t{1} << 16) && rows <= 256)) {
    // Few long rows: a device-wide radix sort per row (the segmented sort gives a long segment
    // to one CUDA block).
    size_t bytes = 0;
    check(cub::DeviceRadixSort::SortPairs(nullptr, bytes, uk_in, uk_out, pos_in, pos_out, len, 0,
                                          end_bit, stream),
          "sort: cub::DeviceRadixSort::SortPairs");
    void* tmp = scratch.get<char>(bytes ? bytes : 16);  // a null pointer would only query the size
    for (int64_t r = 0; r < rows; ++r) {
      int64_t at = r * padded;
      size_t b = bytes;
      check(cub::DeviceRadixSort::SortPairs(tmp, b, uk_in + at, uk_out + at, pos_in + at,
                                            pos_out + at, len, 0, end_bit, stream),
            "sort: cub::DeviceRadixSort::SortPairs");
    }
  } else {
    int64_t* begin = scratch.get<int64_t>(2 * rows);
    int64_t* end = begin + rows;
    Cuda::for_each_index(rows, RowOffsets{begin, end, padded, len}, stream, "sort");
    size_t bytes = 0;
    check(cub::DeviceSegmentedSort::StableSortPairs(nullptr, bytes, uk_in, uk_out, pos_in, pos_out,
                                                    total, rows, begin, end, stream),
          "sort: cub::DeviceSegmentedSort::StableSortPairs");
    void* tmp = scratch.get<char>(bytes ? bytes : 16);
    check(cub::DeviceSegmentedSort::StableSortPairs(tmp, bytes, uk_in, uk_out, pos_in, pos_out,
                                                    total, rows, begin, end, stream),
          "sort: cub::DeviceSegmentedSort::StableSortPairs");
  }
  Cuda::for_each_index(total, Finish<T>{keys, orig, pos_out, idx, padded, len}, stream, "sort");
}

// ---- merge_runs ---------------------------------------------------------------------------------

template <class T>
struct MergeOne {
  const T* in;
  const int64_t* in_idx;
  T* out;
  int64_t* out_idx;
  int64_t padded, row_len, w;
  __device__ void operator()(int64_t pos) const {
    int64_t row = pos / padded, q = pos % padded;
    int64_t s = q / (2 * w) * (2 * w);
    int64_t mid = min(s + w, row_len), last = min(s + 2 * w, row_len);
    int64_t na = max(mid - s, int64_t{0}), nb = max(last - mid, int64_t{0});
    int64_t k = q - s;
    if (k >= na + nb) return;  // padding
    int64_t at = row * padded + s;
    const T* A = in + at;
    const T* B = A + na;
    // Co-rank: how many of the first k outputs come from A (ties: A first).
    int64_t lo = max(int64_t{0}, k - nb), hi = min(k, na);
    while (lo < hi) {
      int64_t i = (lo + hi) / 2, j = k - i;
      if (!Traits<T>::less(B[j - 1], A[i])) {
        lo = i + 1;
      } else {
        hi = i;
      }
    }
    int64_t i = lo, j = k - lo;
    bool from_a = j >= nb || (i < na && !Traits<T>::less(B[j], A[i]));
    out[pos] = from_a ? A[i] : B[j];
    if (out_idx) out_idx[pos] = from_a ? in_idx[at + i] : in_idx[at + na + j];
  }
};

// ---- searchsorted, unique ---------------------------------------------------------------------

template <class T>
struct SearchOne {
  char* out;
  const char* v;
  const char* a;
  int64_t os, vs, as, n;
  bool right;
  __device__ void operator()(int64_t i) const {
    T x = *reinterpret_cast<const T*>(v + i * vs);
    int64_t lo = 0, hi = n;
    while (lo < hi) {
      int64_t mid = lo + (hi - lo) / 2;
      T y = *reinterpret_cast<const T*>(a + mid * as);
      bool go_right = right ? !Traits<T>::less(x, y) : Traits<T>::less(y, x);
      if (go_right) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    *reinterpret_cast<int64_t*>(out + i * os) = lo;
  }
};

template <class T>
struct FlagOne {
  char* flags;
  const char* keys;
  int64_t fs, ks;
  bool equal_nan;
  __device__ void operator()(int64_t i) const {
    bool first = true;
    if (i > 0) {
      T x = *reinterpret_cast<const T*>(keys + (i - 1) * ks);
      T y = *reinterpret_cast<const T*>(keys + i * ks);
      bool same = (equal_nan && Traits<T>::nan(x) && Traits<T>::nan(y)) || Traits<T>::equal(x, y);
      first = !same;
    }
    *reinterpret_cast<bool*>(flags + i * fs) = first;
  }
};

struct CountOne {
  char* counts;
  const char* starts;
  int64_t cs, ss, k, n;
  __device__ int64_t start(int64_t g) const {
    return *reinterpret_cast<const int64_t*>(starts + g * ss);
  }
  __device__ void operator()(int64_t g) const {
    int64_t end = g + 1 < k ? start(g + 1) : n;
    *reinterpret_cast<int64_t*>(counts + g * cs) = end - start(g);
  }
};

struct GroupOne {
  char* groups;
  const char* starts;
  int64_t gs, ss, k;
  __device__ void operator()(int64_t i) const {
    // The last value starting at or before i.
    int64_t lo = 0, hi = k;
    while (hi - lo > 1) {
      int64_t mid = (lo + hi) / 2;
      if (*reinterpret_cast<const int64_t*>(starts + mid * ss) <= i) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    *reinterpret_cast<int64_t*>(groups + i * gs) = lo;
  }
};

bool contiguous_2d(const runtime::Store& s, int itemsize) {
  return s.ndim() == 2 && s.strides[1] == itemsize && s.strides[0] == s.shape[1] * itemsize;
}

}  // namespace

bool sort_blocks_cuda_supports(const runtime::Launch& l) {
  const runtime::Store& k = l.args[0].store;
  if (!sortable(k.dtype) || !contiguous_2d(k, k.itemsize())) return false;
  const auto& a = l.scalars.get<SortArgs>();
  return !a.with_index || contiguous_2d(l.args[1].store, 8);
}

void sort_blocks_cuda(runtime::TaskContext& ctx) {
  const runtime::Store& k = ctx.store(0);
  int64_t total = ctx.rows() * k.shape[1];
  if (total <= 0) return;
  const auto& a = ctx.scalars<SortArgs>();
  int64_t* idx = a.with_index ? reinterpret_cast<int64_t*>(ctx.base[1]) : nullptr;
  dispatch(k.dtype, [&](auto tag) {
    sort_rows<decltype(tag)>(Cuda::stream(ctx), ctx.base[0], idx, total, a.padded, a.row_len);
  });
}

/// A sorted row is partitioned around every kth: partition (argpartition) sorts (argsorts) each
/// row, which is one of the answers NumPy's contract allows.
bool partition_cuda_supports(const runtime::Launch& l) {
  const runtime::Store& k = l.args[0].store;
  if (!sortable(k.dtype) || !contiguous_2d(k, k.itemsize())) return false;
  const auto& a = l.scalars.get<PartitionArgs>();
  return !a.with_index || contiguous_2d(l.args[1].store, 8);
}

void partition_cuda(runtime::TaskContext& ctx) {
  const runtime::Store& k = ctx.store(0);
  const auto& a = ctx.scalars<PartitionArgs>();
  int64_t total = ctx.rows() * a.row_len;
  if (total <= 0) return;
  int64_t* idx = a.with_index ? reinterpret_cast<int64_t*>(ctx.base[1]) : nullptr;
  dispatch(k.dtype, [&](auto tag) {
    sort_rows<decltype(tag)>(Cuda::stream(ctx), ctx.base[0], idx, total, a.row_len, a.row_len);
  });
}

bool merge_runs_cuda_supports(const runtime::Launch& l) {
  const runtime::Store& out = l.args[0].store;
  if (!sortable(out.dtype)) return false;
  for (const auto& arg : l.args) {
    if (arg.store.ndim() != 1 || arg.store.strides[0] != arg.store.itemsize()) return false;
  }
  return true;
}

void merge_runs_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<SortArgs>();
  int64_t total = ctx.rows();
  dispatch(ctx.store(0).dtype, [&](auto tag) {
    using T = decltype(tag);
    MergeOne<T> m{reinterpret_cast<const T*>(ctx.base[1]),
                  nullptr,
                  reinterpret_cast<T*>(ctx.base[0]),
                  nullptr,
                  a.padded,
                  a.row_len,
                  a.width};
    if (a.with_index) {
      m.out_idx = reinterpret_cast<int64_t*>(ctx.base[2]);
      m.in_idx = reinterpret_cast<const int64_t*>(ctx.base[3]);
    }
    Cuda::for_each_index(total, m, Cuda::stream(ctx), "sort");
  });
}

bool sortable_arg1_cuda_supports(const runtime::Launch& l) {
  return sortable(l.args[1].store.dtype);
}

void searchsorted_cuda(runtime::TaskContext& ctx) {
  bool right = ctx.scalars<SearchArgs>().right;
  const runtime::Store& v = ctx.store(1);
  const runtime::Store& a = ctx.store(2);
  dispatch(v.dtype, [&](auto tag) {
    using T = decltype(tag);
    SearchOne<T> f{ctx.base[0],  ctx.base[1],  ctx.base[2], ctx.store(0).strides[0],
                   v.strides[0], a.strides[0], a.shape[0],  right};
    Cuda::for_each_index(ctx.rows(), f, Cuda::stream(ctx), "searchsorted");
  });
}

void unique_flags_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<UniqueArgs>();
  const runtime::Store& keys = ctx.store(1);
  dispatch(keys.dtype, [&](auto tag) {
    using T = decltype(tag);
    FlagOne<T> f{ctx.base[0], ctx.base[1], ctx.store(0).strides[0], keys.strides[0], a.equal_nan};
    Cuda::for_each_index(ctx.rows(), f, Cuda::stream(ctx), "unique");
  });
}

void unique_counts_cuda(runtime::TaskContext& ctx) {
  const auto& a = ctx.scalars<UniqueArgs>();
  CountOne f{ctx.base[0],           ctx.base[1], ctx.store(0).strides[0], ctx.store(1).strides[0],
             ctx.store(1).shape[0], a.n};
  Cuda::for_each_index(ctx.rows(), f, Cuda::stream(ctx), "unique");
}

void unique_groups_cuda(runtime::TaskContext& ctx) {
  GroupOne f{ctx.base[0], ctx.base[1], ctx.store(0).strides[0], ctx.store(1).strides[0],
             ctx.store(1).shape[0]};
  Cuda::for_each_index(ctx.rows(), f, Cuda::stream(ctx), "unique");
}

}  // namespace tessera::kernels
