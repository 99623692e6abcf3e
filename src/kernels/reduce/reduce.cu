// The reduction task's CUDA variant and the CUDA fold of full reductions.
//
// One scheme covers every shape: the launch has m outputs (1 for a full reduction), each
// reducing rn elements. Each output's elements are cut into chunks of kChunk (a constant, so
// the grouping depends on the shape only and results are deterministic); an *item* is one
// chunk of one output. A block takes 256 / G items, G threads ("lanes") per item: lanes
// accumulate every G-th element of the chunk, then combine in a fixed shared-memory tree.
// One chunk per output: the item's value is the output. More: the items' values go to scratch
// and a second kernel combines each output's chunks (threads over chunks, then a tree).
//
// Layouts (chosen from the strides, like the CPU's rows/outputs paths):
//   rows   the reduced dim is innermost in memory (sum(axis=1) of a C matrix, k-means' argmin
//          over 16 columns): an item's G lanes are consecutive threads, G = the power of two
//          >= rn up to 32 (a warp or part of one per row), 256 for long rows.
//   cols   a kept dim is innermost (sum(axis=0)): consecutive threads take consecutive outputs
//          (coalesced), each walking its column; few outputs get several lanes each.
// Dtypes: bool, integers, float32/float64 (casts where NumPy's promotion makes them common:
// sums/products into int64/uint64/float, count_nonzero, any/all), and float16 in float16
// (sum, prod, max, min computed in float; argmax/argmin). No complex, no Generic kind.
// The operators are reduce_ops.h's and arg_ops.h's, shared with the CPU loops. argmax/argmin
// combine (value, index) pairs with an order-free rule (the better value, the lower index on
// ties, the lowest-index NaN first), so any tree gives NumPy's first-occurrence answer.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/reduce/arg_ops.h"
#include "kernels/reduce/reduce.h"
#include "kernels/reduce/reduce_ops.h"
#include "runtime/gpu.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels {
namespace {

constexpr int kThreads = 256;
constexpr int64_t kChunk = 8192;  // elements of one output per item
constexpr int kDims = 8;          // dims of a coalesced kept or reduced space

// ---- dtypes ------------------------------------------------------------------------------------

/// Calls f(T{}) for the dtypes the GPU variant reduces (no float16, no complex).
template <class F>
__host__ __device__ inline void with_type(DType d, F&& f) {
  switch (d) {
    case DType::Bool: f(bool{}); break;
    case DType::Int8: f(int8_t{}); break;
    case DType::UInt8: f(uint8_t{}); break;
    case DType::Int16: f(int16_t{}); break;
    case DType::UInt16: f(uint16_t{}); break;
    case DType::Int32: f(int32_t{}); break;
    case DType::UInt32: f(uint32_t{}); break;
    case DType::Int64: f(int64_t{}); break;
    case DType::UInt64: f(uint64_t{}); break;
    case DType::Float32: f(float{}); break;
    case DType::Float64: f(double{}); break;
    default: break;
  }
}

bool gpu_dtype(DType d) { return !is_complex(d) && d != DType::Float16; }

/// NumPy's cast of one value (to bool: nonzero; the callers exclude float to integer).
template <class To, class From>
__device__ inline To convert(From x) {
  if constexpr (std::is_same_v<To, bool>) {
    return x != From(0);
  } else {
    return static_cast<To>(x);
  }
}

enum LoadMode : int { kDirect = 0, kCast = 1, kTruth = 2 };

/// An input element as C: read directly, cast from the input dtype, or its truth (0/1).
template <class C, bool Cast>
__device__ inline C load_as(const char* p, DType in, int mode) {
  if constexpr (Cast) {
    C r{};
    if (mode == kTruth) {
      with_type(in, [&](auto t) {
        using T = decltype(t);
        r = C(*reinterpret_cast<const T*>(p) != T(0));
      });
    } else {
      with_type(in, [&](auto t) {
        using T = decltype(t);
        r = convert<C>(*reinterpret_cast<const T*>(p));
      });
    }
    return r;
  } else {
    return *reinterpret_cast<const C*>(p);
  }
}

template <class C>
__device__ inline void store_as(char* p, DType out, C v) {
  with_type(out, [&](auto t) {
    using T = decltype(t);
    *reinterpret_cast<T*>(p) = convert<T>(v);
  });
}

/// x from lane (lane + h) of a width-G group of the warp (every lane takes part).
template <class T>
__device__ inline T shfl_down(T x, int h, int G) {
  if constexpr (sizeof(T) < 4) {
    return static_cast<T>(__shfl_down_sync(0xffffffffu, static_cast<int>(x), h, G));
  } else {
    return __shfl_down_sync(0xffffffffu, x, h, G);
  }
}

// ---- policies: what a running value is and how two combine --------------------------------------

/// The accumulating kinds: the value is C, the ops are the CPU's.
template <class Op, class C>
struct Typed {
  using T = C;
  using V = C;
  __device__ static V start() { return Op::template neutral<C>(); }
  __device__ static V element(C x, int64_t) { return x; }
  /// a covers earlier elements than b.
  __device__ static V combine(V a, V b) { return Op::f(a, b); }
  __device__ static V with_init(const V& init, V v) { return Op::f(init, v); }
  __device__ static V shuffle_down(const V& v, int h, int G) { return shfl_down(v, h, G); }
  __device__ static void store(char* p, DType out, const V& v) { store_as(p, out, v); }
  __device__ static void to_value(ReduceValue* r, const V& v) {
    memcpy(r->bytes, &v, sizeof v);
    r->index = 0;
    r->has = true;
  }
  __device__ static V from_value(const ReduceValue* r) {
    V v;
    memcpy(&v, r->bytes, sizeof v);
    return v;
  }
  template <bool Cast>
  __device__ static C load(const char* p, DType in, int mode) {
    return load_as<C, Cast>(p, in, mode);
  }
  /// The initial value from its bytes (in the accumulation dtype).
  static V init_from(const unsigned char* b) {
    V v;
    std::memcpy(&v, b, sizeof v);
    return v;
  }
};

/// The accumulating kinds over float16, computed in float as NumPy's half loops and the CPU's
/// (reduce_typed.cc) do, rounded to float16 once at the end. Input, accumulation and output
/// are float16 (cuda_supports).
template <class Op>
struct HalfTyped : Typed<Op, float> {
  using V = float;
  __device__ static void store(char* p, DType, const V& v) {
    *reinterpret_cast<__half*>(p) = __float2half_rn(v);
  }
  template <bool Cast>
  __device__ static float load(const char* p, DType, int) {
    return __half2float(*reinterpret_cast<const __half*>(p));
  }
  static V init_from(const unsigned char* b) {
    __half_raw raw;
    std::memcpy(&raw.x, b, sizeof raw.x);
    return __half2float(__half(raw));
  }
};

/// argmax (Max) / argmin over T: the best element and its index; index < 0 is "none yet".
/// `Half`: the input is float16, compared as float (T_ = float), as NumPy and the CPU do.
template <bool Max, class T_, bool Half = false>
struct Arg {
  using T = T_;
  struct V {
    T v;
    int64_t i;
  };
  __device__ static V start() { return V{T{}, -1}; }
  __device__ static V element(T x, int64_t i) { return V{x, i}; }
  __device__ static V combine(const V& a, const V& b) {
    if (a.i < 0) return b;
    if (b.i < 0) return a;
    bool a_first = a.i < b.i;  // values, not references: selects stay in registers
    V first{a_first ? a.v : b.v, a_first ? a.i : b.i};
    V later{a_first ? b.v : a.v, a_first ? b.i : a.i};
    return red::beats<Max>(later.v, first.v) ? later : first;
  }
  __device__ static V with_init(const V&, V v) { return v; }  // arg kinds take no initial
  __device__ static V shuffle_down(const V& v, int h, int G) {
    return V{shfl_down(v.v, h, G), shfl_down(v.i, h, G)};
  }
  __device__ static void store(char* p, DType out, const V& v) { store_as(p, out, v.i); }
  /// The partial's layout is the CPU's: the best element in the input dtype, its index.
  __device__ static void to_value(ReduceValue* r, const V& v) {
    if constexpr (Half) {
      __half h = __float2half_rn(v.v);  // exact: v.v came from a float16
      memcpy(r->bytes, &h, sizeof h);
    } else {
      memcpy(r->bytes, &v.v, sizeof v.v);
    }
    r->index = v.i;
    r->has = v.i >= 0;
  }
  __device__ static V from_value(const ReduceValue* r) {
    V v;
    if constexpr (Half) {
      __half h;
      memcpy(&h, r->bytes, sizeof h);
      v.v = __half2float(h);
    } else {
      memcpy(&v.v, r->bytes, sizeof v.v);
    }
    v.i = r->has ? r->index : -1;
    return v;
  }
  template <bool Cast>
  __device__ static T load(const char* p, DType in, int mode) {
    if constexpr (Half) {
      return __half2float(*reinterpret_cast<const __half*>(p));
    } else {
      return load_as<T, Cast>(p, in, mode);
    }
  }
  static V init_from(const unsigned char*) { return V{T{}, -1}; }
};

// ---- geometry ----------------------------------------------------------------------------------

/// A coalesced strided space over up to two operands (input, output), C order.
struct Walk {
  int nd = 0;
  int64_t shape[kDims] = {};
  int64_t stride[2][kDims] = {};  // bytes

  /// Byte offset of flat index i in operand k.
  __device__ int64_t offset(int64_t i, int k) const {
    if (nd == 1) return i * stride[k][0];
    int64_t off = 0;
    for (int d = nd - 1; d >= 0; --d) {
      int64_t q = i / shape[d];
      off += (i - q * shape[d]) * stride[k][d];
      i = q;
    }
    return off;
  }
};

/// Everything a kernel needs, by value.
template <class V>
struct Params {
  Walk kept;      // operand 0: input, operand 1: output (axis reductions)
  Walk reduced;   // operand 0: input
  const char* in = nullptr;
  char* out = nullptr;            // axis: the output's base; full: the ReduceValue slot
  bool full = false;
  int64_t m = 0, rn = 0, nch = 1;  // outputs, elements per output, chunks per output
  int G = 1;                       // lanes per item
  bool cols = false;
  DType in_dtype = DType::Float64, out_dtype = DType::Float64;
  int mode = kDirect;
  bool has_init = false;
  V init{};
  V* scratch = nullptr;  // m * nch item values when nch > 1
  int64_t index0 = 0;    // flat index of the point's first element (full argmax/argmin)
  int* error = nullptr;
};

template <class P>
__device__ void finish(const Params<typename P::V>& p, int64_t o, typename P::V v) {
  if (p.has_init) v = P::with_init(p.init, v);
  if (p.full) {
    P::to_value(reinterpret_cast<ReduceValue*>(p.out), v);
  } else {
    P::store(p.out + p.kept.offset(o, 1), p.out_dtype, v);
  }
}

/// Shared-memory tree over the G lanes of each of the block's items; lane 0's slot ends with
/// the item's value. `slot(s, j)`: the thread index of lane j of item s.
template <class P>
__device__ typename P::V tree(typename P::V* sv, typename P::V v, int G, int s, int j, bool cols) {
  int S = kThreads / G;
  int t = threadIdx.x;
  sv[t] = v;
  __syncthreads();
  for (int h = G / 2; h >= 1; h /= 2) {
    if (j < h) {
      int u = cols ? s + (j + h) * S : s * G + j + h;
      sv[t] = P::combine(sv[t], sv[u]);
    }
    __syncthreads();
  }
  v = sv[t];
  __syncthreads();  // the next round may overwrite sv
  return v;
}

/// The same tree as `tree` for items whose G <= 32 lanes are consecutive threads (rows
/// layout): lane j combines with lane j + h, h = G/2, …, 1, through shuffles.
template <class P>
__device__ typename P::V warp_tree(typename P::V v, int G, int j) {
  for (int h = G / 2; h >= 1; h /= 2) {
    typename P::V other = P::shuffle_down(v, h, G);
    if (j < h) v = P::combine(v, other);
  }
  return v;
}

/// Folds the elements r0 + j, r0 + j + G, … < r1 of the output at x into v, in that order,
/// four loads in flight per thread.
template <class P, bool Cast>
__device__ typename P::V accumulate(const Params<typename P::V>& p, const char* x, int64_t r0,
                                    int64_t r1, int j, typename P::V v) {
  using T = typename P::T;
  int G = p.G;
  int64_t r = r0 + j;
  if (p.reduced.nd == 1) {
    int64_t rs = p.reduced.stride[0][0];
    for (; r + 3 * G < r1; r += 4 * G) {
      T a0 = P::template load<Cast>(x + r * rs, p.in_dtype, p.mode);
      T a1 = P::template load<Cast>(x + (r + G) * rs, p.in_dtype, p.mode);
      T a2 = P::template load<Cast>(x + (r + 2 * G) * rs, p.in_dtype, p.mode);
      T a3 = P::template load<Cast>(x + (r + 3 * G) * rs, p.in_dtype, p.mode);
      v = P::combine(v, P::element(a0, p.index0 + r));
      v = P::combine(v, P::element(a1, p.index0 + r + G));
      v = P::combine(v, P::element(a2, p.index0 + r + 2 * G));
      v = P::combine(v, P::element(a3, p.index0 + r + 3 * G));
    }
    for (; r < r1; r += G) {
      T a = P::template load<Cast>(x + r * rs, p.in_dtype, p.mode);
      v = P::combine(v, P::element(a, p.index0 + r));
    }
  } else {
    for (; r < r1; r += G) {
      T a = P::template load<Cast>(x + p.reduced.offset(r, 0), p.in_dtype, p.mode);
      v = P::combine(v, P::element(a, p.index0 + r));
    }
  }
  return v;
}

template <class P, bool Cast>
__global__ void __launch_bounds__(kThreads) items_kernel(Params<typename P::V> p) {
  using V = typename P::V;
  __shared__ V sv[kThreads];
  int G = p.G, S = kThreads / G, t = threadIdx.x;
  int s = p.cols ? t % S : t / G;
  int j = p.cols ? t / S : t % G;
  int64_t items = p.m * p.nch;
  for (int64_t base = int64_t(blockIdx.x) * S; base < items; base += int64_t(gridDim.x) * S) {
    int64_t item = base + s;
    V v = P::start();
    int64_t o = 0, c = 0;
    if (item < items) {
      // Rows: an output's chunks are consecutive items; cols: consecutive outputs are, so
      // that neighbouring threads read neighbouring columns.
      if (p.cols) {
        c = item / p.m;
        o = item - c * p.m;
      } else {
        o = item / p.nch;
        c = item - o * p.nch;
      }
      int64_t r0 = c * kChunk, r1 = r0 + kChunk < p.rn ? r0 + kChunk : p.rn;
      v = accumulate<P, Cast>(p, p.in + p.kept.offset(o, 0), r0, r1, j, v);
    }
    if (G > 1 && G <= 32 && !p.cols) {
      v = warp_tree<P>(v, G, j);
    } else if (G > 1) {
      v = tree<P>(sv, v, G, s, j, p.cols);
    }
    if (j == 0 && item < items) {
      if (p.nch == 1) {
        finish<P>(p, o, v);
      } else {
        p.scratch[o * p.nch + c] = v;
      }
    }
  }
}

/// Each output's nch chunk values, combined: a block per output.
template <class P>
__global__ void __launch_bounds__(kThreads) chunks_kernel(Params<typename P::V> p) {
  using V = typename P::V;
  __shared__ V sv[kThreads];
  for (int64_t o = blockIdx.x; o < p.m; o += gridDim.x) {
    V v = P::start();
    const V* parts = p.scratch + o * p.nch;
    for (int64_t c = threadIdx.x; c < p.nch; c += kThreads) v = P::combine(v, parts[c]);
    v = tree<P>(sv, v, kThreads, 0, threadIdx.x, false);
    if (threadIdx.x == 0) finish<P>(p, o, v);
  }
}

/// The fold of a full reduction: the points' partials in order, the initial value, the store.
template <class P>
__global__ void fold_kernel(const ReduceValue* parts, int n, char* target, DType out,
                            bool has_init, typename P::V init) {
  using V = typename P::V;
  if (threadIdx.x != 0 || blockIdx.x != 0) return;
  V v = P::start();
  for (int k = 0; k < n; ++k) v = P::combine(v, P::from_value(parts + k));
  if (has_init) v = P::with_init(init, v);
  P::store(target, out, v);
}

// ---- dispatch ----------------------------------------------------------------------------------

/// Calls f.template operator()<P, Cast>() for the launch's kind and accumulation dtype; false
/// when the GPU variant has no kernel for it.
template <class Op, bool Cast, class F>
bool numeric(DType acc, F& f) {
  switch (acc) {
    case DType::Int64: f.template operator()<Typed<Op, int64_t>, Cast>(); return true;
    case DType::UInt64: f.template operator()<Typed<Op, uint64_t>, Cast>(); return true;
    case DType::Float32: f.template operator()<Typed<Op, float>, Cast>(); return true;
    case DType::Float64: f.template operator()<Typed<Op, double>, Cast>(); return true;
    default: return false;
  }
}

template <class Op, class F>
bool every(DType acc, F& f) {
  if (!gpu_dtype(acc)) return false;
  with_type(acc, [&](auto t) { f.template operator()<Typed<Op, decltype(t)>, false>(); });
  return true;
}

template <class Op, class F>
bool integral(DType acc, F& f) {
  if (!gpu_dtype(acc) || is_float(acc)) return false;
  with_type(acc, [&](auto t) {
    using T = decltype(t);
    if constexpr (!std::is_floating_point_v<T>) f.template operator()<Typed<Op, T>, false>();
  });
  return true;
}

template <bool Max, class F>
bool arg(DType acc, F& f) {
  if (!gpu_dtype(acc)) return false;
  with_type(acc, [&](auto t) { f.template operator()<Arg<Max, decltype(t)>, false>(); });
  return true;
}

template <class F>
bool dispatch(const ReduceArgs& a, F&& f) {
  bool cast = a.via_bool || a.in != a.acc;
  if (a.acc == DType::Float16 || a.in == DType::Float16) {
    if (cast) return false;
    switch (a.kind) {
      case ReduceKind::Add: f.template operator()<HalfTyped<red::AddOp>, false>(); return true;
      case ReduceKind::Multiply:
        f.template operator()<HalfTyped<red::MultiplyOp>, false>();
        return true;
      case ReduceKind::Max: f.template operator()<HalfTyped<red::MaxOp>, false>(); return true;
      case ReduceKind::Min: f.template operator()<HalfTyped<red::MinOp>, false>(); return true;
      case ReduceKind::ArgMax: f.template operator()<Arg<true, float, true>, false>(); return true;
      case ReduceKind::ArgMin: f.template operator()<Arg<false, float, true>, false>(); return true;
      default: return false;
    }
  }
  if (cast) {
    // Casts are compiled where NumPy's promotion makes them common: sums and products of
    // narrower integers or floats, count_nonzero, any/all of non-bool input.
    switch (a.kind) {
      case ReduceKind::Add: return numeric<red::AddOp, true>(a.acc, f);
      case ReduceKind::Multiply: return numeric<red::MultiplyOp, true>(a.acc, f);
      case ReduceKind::LogicalAnd:
        if (a.acc != DType::Bool) return false;
        f.template operator()<Typed<red::AndOp, bool>, true>();
        return true;
      case ReduceKind::LogicalOr:
        if (a.acc != DType::Bool) return false;
        f.template operator()<Typed<red::OrOp, bool>, true>();
        return true;
      default: return false;
    }
  }
  switch (a.kind) {
    case ReduceKind::Add: return numeric<red::AddOp, false>(a.acc, f);
    case ReduceKind::Multiply: return numeric<red::MultiplyOp, false>(a.acc, f);
    case ReduceKind::Max: return every<red::MaxOp>(a.acc, f);
    case ReduceKind::Min: return every<red::MinOp>(a.acc, f);
    case ReduceKind::LogicalAnd:
    case ReduceKind::BitAnd: return integral<red::AndOp>(a.acc, f);
    case ReduceKind::LogicalOr:
    case ReduceKind::BitOr: return integral<red::OrOp>(a.acc, f);
    case ReduceKind::BitXor: return integral<red::XorOp>(a.acc, f);
    case ReduceKind::ArgMax: return arg<true>(a.acc, f);
    case ReduceKind::ArgMin: return arg<false>(a.acc, f);
    default: return false;
  }
}

struct Probe {
  template <class P, bool Cast>
  void operator()() const {}
};

/// The launch's kept and reduced spaces, coalesced (the GPU point is the whole domain).
struct Shape {
  exec::StridedSpace kept, reduced;
};

/// `rows`: the point's extent of dim 0 (its base pointers already point at row lo).
Shape shape_of(const runtime::Launch& l, const ReduceArgs& a, char* in, char* out, int64_t rows) {
  const runtime::Store& s = l.args[0].store;
  int nk = a.full ? 0 : a.nkept, nd = s.ndim();
  Shape g;
  g.kept.nops = a.full ? 1 : 2;
  g.kept.shape = Dims(s.shape.data(), nk);
  g.kept.base[0] = in;
  g.kept.strides[0] = Dims(s.strides.data(), nk);
  if (!a.full) {
    const runtime::Store& o = l.args[1].store;
    g.kept.base[1] = out;
    g.kept.strides[1] = Dims(o.strides.data(), nk);
  }
  g.reduced.nops = 1;
  g.reduced.shape = Dims(s.shape.data() + nk, nd - nk);
  g.reduced.base[0] = in;
  g.reduced.strides[0] = Dims(s.strides.data() + nk, nd - nk);
  if (nd > 0) (nk > 0 ? g.kept.shape : g.reduced.shape)[0] = rows;
  g.kept.coalesce();
  g.reduced.coalesce();
  return g;
}

Walk walk_of(const exec::StridedSpace& s) {
  Walk w;
  w.nd = static_cast<int>(s.shape.size());
  if (w.nd > kDims) throw std::invalid_argument("reduce: more than 8 dims that do not merge");
  for (int d = 0; d < w.nd; ++d) {
    w.shape[d] = s.shape[d];
    for (int k = 0; k < s.nops; ++k) w.stride[k][d] = s.strides[k][d];
  }
  return w;
}

int64_t abs64(int64_t v) { return v < 0 ? -v : v; }

unsigned grid_for(int64_t blocks) {
  constexpr int64_t kMaxGrid = int64_t{1} << 20;
  return static_cast<unsigned>(blocks < 1 ? 1 : (blocks > kMaxGrid ? kMaxGrid : blocks));
}

struct Run {
  runtime::TaskContext& ctx;
  const ReduceArgs& a;

  template <class P, bool Cast>
  void operator()() const {
    using V = typename P::V;
    cudaStream_t stream = exec::Cuda::stream(ctx);
    // The output is a Whole argument: the point's first row is ours to find (the GPU point
    // is the whole domain, lo = 0, but the layout does not depend on it).
    const runtime::Store& in = ctx.store(0);
    char* out_base = a.full || in.ndim() == 0 ? ctx.base[1]
                                              : ctx.base[1] + ctx.lo * ctx.store(1).strides[0];
    Shape g = shape_of(*ctx.launch, a, ctx.base[0], out_base, ctx.rows());
    Params<V> p;
    p.full = a.full;
    p.kept = walk_of(g.kept);
    p.reduced = walk_of(g.reduced);
    p.in = ctx.base[0];
    p.out = a.full ? reinterpret_cast<char*>(ctx.partials) : out_base;
    if (a.full && in.ndim() > 0 && in.shape[0] > 0) p.index0 = ctx.lo * (in.size() / in.shape[0]);
    p.m = a.full ? 1 : g.kept.shape.product();
    p.rn = g.reduced.shape.product();
    p.in_dtype = a.in;
    p.out_dtype = a.out;
    p.mode = a.via_bool ? kTruth : (a.in != a.acc ? kCast : kDirect);
    // A full reduction's init is applied by the fold, after the points' partials.
    p.has_init = a.has_init && !a.full;
    p.init = P::init_from(a.init);
    p.error = ctx.device_error;
    if (p.m == 0) return;
    if (p.rn == 0) {  // the ops layer fills empty reductions; kept for safety
      p.nch = 1;
    } else {
      p.nch = (p.rn + kChunk - 1) / kChunk;
    }
    int64_t rs = g.reduced.shape.size() ? g.reduced.strides[0].back() : 0;
    int64_t ks = g.kept.shape.size() ? g.kept.strides[0].back() : 0;
    p.cols = !a.full && g.kept.shape.size() && abs64(ks) < abs64(rs);
    int64_t per_chunk = p.rn < kChunk ? p.rn : kChunk;
    if (p.cols) {
      // Up to 32 neighbouring outputs across threads (coalesced), the rest of the block as
      // lanes down the rows, fewer when the chunk is short.
      int S = 1;
      while (S < 32 && S < p.m) S *= 2;
      p.G = kThreads / S;
      while (p.G > 1 && p.G / 2 >= per_chunk) p.G /= 2;
      p.G = p.G < 1 ? 1 : p.G;
    } else if (per_chunk <= 1024 && !a.full) {
      p.G = 1;
      while (p.G < 32 && p.G < per_chunk) p.G *= 2;
    } else {
      p.G = kThreads;
    }
    int S = kThreads / p.G;
    int64_t items = p.m * p.nch;
    if (p.nch > 1) {
      runtime::gpu::Scratch scratch("reduce");
      p.scratch = scratch.get<V>(items);
      items_kernel<P, Cast><<<grid_for((items + S - 1) / S), kThreads, 0, stream>>>(p);
      exec::Cuda::check_launch("reduce");
      chunks_kernel<P><<<grid_for(p.m), kThreads, 0, stream>>>(p);
      exec::Cuda::check_launch("reduce");
    } else {
      items_kernel<P, Cast><<<grid_for((items + S - 1) / S), kThreads, 0, stream>>>(p);
      exec::Cuda::check_launch("reduce");
    }
  }
};

struct Fold {
  runtime::TaskContext& ctx;
  const ReduceArgs& a;

  template <class P, bool Cast>
  void operator()() const {
    using V = typename P::V;
    V init{};
    init = P::init_from(a.init);
    fold_kernel<P><<<1, 32, 0, exec::Cuda::stream(ctx)>>>(
        reinterpret_cast<const ReduceValue*>(ctx.partials), ctx.num_points,
        ctx.base[ctx.launch->fold_target], a.out, a.has_init, init);
    exec::Cuda::check_launch("reduce fold");
  }
};

}  // namespace

bool reduce_cuda_supports(const runtime::Launch& l) {
  const ReduceArgs& a = l.scalars.get<ReduceArgs>();
  bool arg_kind = a.kind == ReduceKind::ArgMax || a.kind == ReduceKind::ArgMin;
  if (a.in == DType::Float16 || a.acc == DType::Float16) {
    // float16 reduces in float16 only (a cast into or out of it stays on the CPU).
    if (a.in != a.acc || a.via_bool || (!arg_kind && a.out != DType::Float16)) return false;
  } else if (!gpu_dtype(a.in) || !gpu_dtype(a.acc)) {
    return false;
  }
  if (!gpu_dtype(a.out) && !(a.out == DType::Float16 && a.acc == DType::Float16)) return false;
  DType value = arg_kind ? DType::Int64 : a.acc;
  // Float to integer casts differ between CPUs and GPUs out of range: left to the CPU.
  if (is_float(a.in) && !is_float(a.acc) && !a.via_bool && a.acc != DType::Bool) return false;
  if (is_float(value) && is_integer(a.out)) return false;
  if (!dispatch(a, Probe{})) return false;
  const runtime::Store& in = l.args[0].store;
  Shape g = shape_of(l, a, nullptr, nullptr, in.ndim() ? in.shape[0] : 1);
  return g.kept.shape.size() <= kDims && g.reduced.shape.size() <= kDims;
}

void reduce_cuda(runtime::TaskContext& ctx) {
  const ReduceArgs& a = ctx.scalars<ReduceArgs>();
  if (!dispatch(a, Run{ctx, a})) {
    throw std::invalid_argument("reduce: the GPU variant has no kernel for this reduction");
  }
}

void reduce_fold_cuda(runtime::TaskContext& ctx) {
  const ReduceArgs& a = ctx.scalars<ReduceArgs>();
  if (!dispatch(a, Fold{ctx, a})) {
    throw std::invalid_argument("reduce: the GPU variant has no kernel for this reduction");
  }
}

}  // namespace tessera::kernels
