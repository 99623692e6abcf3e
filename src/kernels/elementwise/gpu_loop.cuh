#pragma once
/// GPU loops of the ufunc tables: the CUDA counterpart of loop.h. Only .cu files include this.
///
/// A GpuLoop is a host function that launches a templated kernel for a functor F of ops.h and
/// the loop's types over an exec::CudaSpace on a stream: the vector kernel (contiguous, 16-byte
/// packs), the rows kernel (rows x an inner dim, no per-element division) or, past 5 coalesced
/// dims, the strided one (launch() below picks). The loops_<family>.cu files include the
/// same loops_<family>.inl rows as the host tables, with the makers below (unary, binary,
/// unary_same, ...) in place of loop.h's, so table entry i of a ufunc's GPU table is the GPU
/// loop of its host loop i (elementwise.cu pairs them by index).
///
/// Element handling is the host loops': float16 is widened to float for the functor and the
/// result narrowed back with a correctly rounded conversion (as GCC's _Float16 does); complex
/// values are std::complex (their constexpr constructors and real()/imag() run on the device,
/// the functors use no std::complex operator). Loops whose functor needs a host-only function
/// (std::exp of a complex, float16 seen unwidened) get a null `fn`: those launches stay on the
/// CPU (elementwise_cuda_supports).
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

#include "kernels/elementwise/cast.h"
#include "kernels/elementwise/ops.h"
#include "kernels/elementwise/ufunc.h"
#include "tessera/exec/cuda.cuh"

namespace tessera::kernels::gpu {

/// What a GPU loop launch gets: the space of its operands (inputs, outputs, then the where= mask
/// when `masked`), scalar inputs by value (operand k is a scalar when bit k of scalar_mask is
/// set; its base pointer is unused), and the word kernels report errors into.
struct GpuLaunch {
  exec::CudaSpace s;
  alignas(16) unsigned char scalar[3][16] = {};
  unsigned scalar_mask = 0;
  bool masked = false;  // operand nin + nout of s is a bool mask: store only where it is true
  int* error = nullptr;
};

using GpuLoopFn = void (*)(const GpuLaunch& g, cudaStream_t stream);

/// One typed GPU loop (null fn: the loop has no GPU version).
struct GpuLoop {
  uint8_t nin;
  uint8_t nout;
  DType types[4];
  GpuLoopFn fn;
};

/// The GPU tables of each family (loops_<family>.cu), same order as the host ones.
std::span<const GpuLoop> arith_loops(Ufunc op);
std::span<const GpuLoop> compare_loops(Ufunc op);
std::span<const GpuLoop> logical_loops(Ufunc op);
std::span<const GpuLoop> bitwise_loops(Ufunc op);
std::span<const GpuLoop> math_loops(Ufunc op);
std::span<const GpuLoop> float_loops(Ufunc op);
/// The GPU conversion loop from -> to (cast.cu), the counterpart of cast_loop(from, to).
const GpuLoop& cast_gpu_loop(DType from, DType to);

/// A float16 element as the kNativeHalf functors (maximum, minimum, fmax, fmin) see it on the
/// GPU: its bits, read through float(x). nvcc 13 cannot generate code for _Float16, and those
/// functors only compare float(a) with float(b) and return a or b, so the bits pass unchanged.
struct HalfBits {
  uint16_t bits;
  __device__ explicit operator float() const { return __half2float(__ushort_as_half(bits)); }
};

}  // namespace tessera::kernels::gpu

namespace tessera::kernels::detail {
template <>
inline constexpr bool kIsHalf<gpu::HalfBits> = true;  // takes the functors' float16 branch
}  // namespace tessera::kernels::detail

namespace tessera::kernels::gpu {

namespace loop_detail {

using ::tessera::kernels::detail::kIsBool;
using ::tessera::kernels::detail::kIsComplex;
using ::tessera::kernels::detail::kIsHalf;
using ::tessera::kernels::detail::kIsInt;

template <class F>
constexpr bool native_half() {
  if constexpr (requires { F::kNativeHalf; }) {
    return F::kNativeHalf;
  } else {
    return false;
  }
}

/// The type an element of T is held in device memory (float16 as its bits).
template <class T>
using Stored = std::conditional_t<kIsHalf<T>, uint16_t, T>;

/// What functor F is called with for an element of type T (loop.h's Arg): float16 widened to
/// float, unless F asks for the half itself (kNativeHalf: HalfBits).
template <class F, class T>
using Arg =
    std::conditional_t<kIsHalf<T>, std::conditional_t<native_half<F>(), HalfBits, float>, T>;

template <class F, class T>
__device__ inline Arg<F, T> widen(Stored<T> x) {
  if constexpr (kIsHalf<T> && native_half<F>()) {
    return HalfBits{x};
  } else if constexpr (kIsHalf<T>) {
    return __half2float(__ushort_as_half(x));
  } else {
    return x;
  }
}

/// static_cast<O>(v) as the host loops do it, with float16 narrowed by CUDA's round-to-nearest
/// conversions from v's own type (one rounding, like GCC's conversions to _Float16).
template <class O, class V>
__device__ inline Stored<O> narrow(V v) {
  if constexpr (kIsHalf<O>) {
    if constexpr (std::is_same_v<V, HalfBits>) {
      return v.bits;
    } else if constexpr (kIsComplex<V>) {
      return narrow<O>(v.real());
    } else if constexpr (std::is_same_v<V, double>) {
      return __half_as_ushort(__double2half(v));
    } else if constexpr (std::is_same_v<V, float>) {
      return __half_as_ushort(__float2half_rn(v));
    } else if constexpr (kIsBool<V>) {
      return __half_as_ushort(__float2half_rn(v ? 1.0f : 0.0f));
    } else if constexpr (std::is_same_v<V, int64_t>) {
      return __half_as_ushort(__ll2half_rn(static_cast<long long>(v)));
    } else if constexpr (std::is_same_v<V, uint64_t>) {
      return __half_as_ushort(__ull2half_rn(static_cast<unsigned long long>(v)));
    } else if constexpr (std::is_signed_v<V>) {
      return __half_as_ushort(__int2half_rn(static_cast<int>(v)));
    } else {
      return __half_as_ushort(__uint2half_rn(static_cast<unsigned>(v)));
    }
  } else {
    return static_cast<O>(v);
  }
}

/// Whether the GPU version of F on element type T compiles: complex transcendental functions
/// go through std::complex's host-only library (std::exp(z), std::pow(z, w), ...), and
/// nextafter/spacing on float16 would need _Float16 in device code.
template <class F, class T>
constexpr bool device_ok() {
  namespace o = ::tessera::kernels::ops;
  if constexpr (kIsHalf<T> && native_half<F>()) {
    // nvcc 13's code generator rejects _Float16 ("unsupported float variant"); HalfBits serves
    // the functors that only compare, not nextafter/spacing's bit arithmetic on float16.
    return std::is_same_v<F, o::Maximum> || std::is_same_v<F, o::Minimum> ||
           std::is_same_v<F, o::Fmax> || std::is_same_v<F, o::Fmin>;
  } else if constexpr (kIsComplex<T>) {
    return !(std::is_same_v<F, o::Exp> || std::is_same_v<F, o::Log> || std::is_same_v<F, o::Sqrt> ||
             std::is_same_v<F, o::Sin> || std::is_same_v<F, o::Cos> || std::is_same_v<F, o::Tan> ||
             std::is_same_v<F, o::Arcsin> || std::is_same_v<F, o::Arccos> ||
             std::is_same_v<F, o::Arctan> || std::is_same_v<F, o::Sinh> ||
             std::is_same_v<F, o::Cosh> || std::is_same_v<F, o::Tanh> ||
             std::is_same_v<F, o::Arcsinh> || std::is_same_v<F, o::Arccosh> ||
             std::is_same_v<F, o::Arctanh> || std::is_same_v<F, o::Exp2> ||
             std::is_same_v<F, o::Log2> || std::is_same_v<F, o::Log10> ||
             std::is_same_v<F, o::Power> || std::is_same_v<F, o::FloatPower>);
  } else {
    return true;
  }
}

/// K consecutive stored elements, loaded or stored as one access of K * sizeof(S) bytes.
template <class S, int K>
struct alignas(sizeof(S) * K) Pack {
  S v[K];
};

/// The loop signature: NIN inputs (A, B) and NOUT outputs (O1, O2); unused slots repeat a type.
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
struct Sig {
  using Fn = F;
  static constexpr int kOps = NIN + NOUT;
  static constexpr int kMaxSize =
      std::max({sizeof(Stored<A>), NIN > 1 ? sizeof(Stored<B>) : size_t{1}, sizeof(Stored<O1>),
                NOUT > 1 ? sizeof(Stored<O2>) : size_t{1}});
  /// Elements per thread step in the vector path: 16 bytes of the widest operand.
  static constexpr int kVec = kMaxSize >= 16 ? 1 : static_cast<int>(16 / kMaxSize);

  /// Runs the functor on one element's inputs and stores its results at o1/o2 (if the mask
  /// allows). Integer power reports a negative exponent, as the CPU loop's loop_error().
  __device__ static void element(Arg<F, A> a, Arg<F, B> b, Stored<O1>* o1, Stored<O2>* o2,
                                 int* error) {
    if constexpr (std::is_same_v<F, ops::Power> && kIsInt<A> && std::is_signed_v<A>) {
      if (b < 0) exec::report_error(error, exec::kNegativeIntegerPower);
    }
    if constexpr (NOUT == 1) {
      if constexpr (NIN == 1) {
        *o1 = narrow<O1>(F{}(a));
      } else {
        *o1 = narrow<O1>(F{}(a, b));
      }
    } else {
      if constexpr (NIN == 1) {
        auto r = F{}(a);
        *o1 = narrow<O1>(r.first);
        *o2 = narrow<O2>(r.second);
      } else {
        auto r = F{}(a, b);
        *o1 = narrow<O1>(r.first);
        *o2 = narrow<O2>(r.second);
      }
    }
  }
};

template <class F, class T>
__device__ inline Arg<F, T> load_scalar(const unsigned char* bytes) {
  Stored<T> x;
  memcpy(&x, bytes, sizeof(x));
  return widen<F, T>(x);
}

/// A read through the non-coherent (read-only) data path, for inputs: every element of an input
/// is read once, before the same thread writes the same element of an output that aliases it.
template <class P>
__device__ __forceinline__ P load_nc(const P* p) {
  // Words of the element's own alignment (a std::complex<double> is 8-byte aligned: two).
  constexpr size_t G = alignof(P) < sizeof(P) ? alignof(P) : sizeof(P);
  using W = std::conditional_t<
      G == 16, int4,
      std::conditional_t<G == 8, long long,
                         std::conditional_t<G == 4, int, std::conditional_t<G == 2, short, char>>>>;
  static_assert(sizeof(P) % sizeof(W) == 0);
  constexpr int kWords = sizeof(P) / sizeof(W);
  W w[kWords];
#pragma unroll
  for (int i = 0; i < kWords; ++i) w[i] = __ldg(reinterpret_cast<const W*>(p) + i);
  P r;
  memcpy(&r, w, sizeof(P));
  return r;
}

/// Operands of a loop launch: inputs, outputs, then the where= mask.
template <int NIN, int NOUT>
inline constexpr int kOperands = NIN + NOUT + 1;

/// Scalar inputs and the error word, common to the kernels' parameter blocks.
struct LaunchCommon {
  alignas(16) unsigned char scalar[2][16];
  unsigned scalar_mask;
  bool masked;
  int* error;
};

/// Kernel parameters of the vector path (every operand contiguous or broadcast, 1-D).
template <int NOPS>
struct VecParams {
  char* base[NOPS];
  int64_t n;
  unsigned bcast;  // bit k: operand k is a broadcast element (stride 0, not a scalar)
  LaunchCommon c;
};

/// Kernel parameters of the rows path: rows (outer dims, unravelled once per row) x an inner dim.
inline constexpr int kOuterDims = 4;
template <int NOPS>
struct RowParams {
  char* base[NOPS];
  int64_t inner_stride[NOPS];
  int64_t outer_stride[NOPS][kOuterDims];
  int64_t outer_shape[kOuterDims];
  int64_t rows;
  int64_t inner;
  int outer_ndim;
  LaunchCommon c;
};

/// Threads per block of the loop kernels, and elements (rows path) each thread has in flight
/// per step.
inline constexpr int kThreads = 256;
inline constexpr int kUnroll = 4;
/// 16-byte packs per thread and step of the vector path: 8 elements' worth (4 packs of 2
/// float64, 2 of 4 float32, 1 of 8 or 16 narrow ones: more would spill the unrolled body).
template <int K>
inline constexpr int kPacks = K >= 8 ? 1 : 8 / K;

/// Vector path: K-element packs of 16 bytes of the widest operand, kPacks<K> packs per thread in
/// flight, full chunks without bounds checks, the scalar tail after them.
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
__global__ void __launch_bounds__(kThreads) vec_kernel(const VecParams<kOperands<NIN, NOUT>> p) {
  using S = Sig<F, NIN, NOUT, A, B, O1, O2>;
  constexpr int K = S::kVec;
  constexpr int U = kPacks<K>;
  using PA = Pack<Stored<A>, K>;
  using PB = Pack<Stored<B>, K>;
  using P1 = Pack<Stored<O1>, K>;
  using P2 = Pack<Stored<O2>, K>;
  Arg<F, A> sa{};
  Arg<F, B> sb{};
  const bool a_vec = !(p.c.scalar_mask & 1u) && !(p.bcast & 1u);
  bool b_vec = false;
  if (p.c.scalar_mask & 1u) {
    sa = load_scalar<F, A>(p.c.scalar[0]);
  } else if (!a_vec) {
    sa = widen<F, A>(*reinterpret_cast<const Stored<A>*>(p.base[0]));
  }
  if constexpr (NIN > 1) {
    b_vec = !(p.c.scalar_mask & 2u) && !(p.bcast & 2u);
    if (p.c.scalar_mask & 2u) {
      sb = load_scalar<F, B>(p.c.scalar[1]);
    } else if (!b_vec) {
      sb = widen<F, B>(*reinterpret_cast<const Stored<B>*>(p.base[1]));
    }
  }
  const PA* pa = reinterpret_cast<const PA*>(p.base[0]);
  const PB* pb = reinterpret_cast<const PB*>(p.base[NIN > 1 ? 1 : 0]);
  P1* p1 = reinterpret_cast<P1*>(p.base[NIN]);
  P2* p2 = reinterpret_cast<P2*>(p.base[NOUT > 1 ? NIN + 1 : NIN]);
  const int64_t nv = p.n / K;
  const int64_t chunk = int64_t(blockDim.x) * U;
  const int64_t grid_step = int64_t(gridDim.x) * chunk;
  auto step = [&](int64_t first, bool guard) {
    PA va[U];
    PB vb[U];
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const int64_t c = first + u * int64_t(blockDim.x);
      if (guard && c >= nv) continue;
      if (a_vec) va[u] = load_nc(pa + c);
      if constexpr (NIN > 1) {
        if (b_vec) vb[u] = load_nc(pb + c);
      }
    }
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const int64_t c = first + u * int64_t(blockDim.x);
      if (guard && c >= nv) continue;
      P1 r1;
      P2 r2;
#pragma unroll
      for (int j = 0; j < K; ++j) {
        Arg<F, A> a = a_vec ? widen<F, A>(va[u].v[j]) : sa;
        Arg<F, B> b = sb;
        if constexpr (NIN > 1) {
          if (b_vec) b = widen<F, B>(vb[u].v[j]);
        }
        S::element(a, b, &r1.v[j], &r2.v[j], p.c.error);
      }
      p1[c] = r1;
      if constexpr (NOUT > 1) p2[c] = r2;
    }
  };
  int64_t first = int64_t(blockIdx.x) * chunk + threadIdx.x;
  for (; first + (U - 1) * int64_t(blockDim.x) < nv; first += grid_step) step(first, false);
  if (first < nv) step(first, true);
  // The last n % K elements, one per thread of the first block.
  if (blockIdx.x == 0) {
    for (int64_t i = nv * K + threadIdx.x; i < p.n; i += blockDim.x) {
      Arg<F, A> a = a_vec ? widen<F, A>(reinterpret_cast<const Stored<A>*>(p.base[0])[i]) : sa;
      Arg<F, B> b = sb;
      if constexpr (NIN > 1) {
        if (b_vec) b = widen<F, B>(reinterpret_cast<const Stored<B>*>(p.base[1])[i]);
      }
      Stored<O2>* o2 = nullptr;
      if constexpr (NOUT > 1) o2 = reinterpret_cast<Stored<O2>*>(p.base[NIN + 1]) + i;
      S::element(a, b, reinterpret_cast<Stored<O1>*>(p.base[NIN]) + i, o2, p.c.error);
    }
  }
}

/// Rows path: a 2-D grid of (kThreads / ty) x ty blocks; threadIdx.y and blockIdx.y walk rows
/// (grid-stride), threadIdx.x and blockIdx.x the inner dim, kUnroll elements per thread in
/// flight. A row's operand pointers come from one unravel of its index over the outer dims (no
/// division at all for 2-D spaces), so the per-element cost is one multiply-add per operand.
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
__global__ void __launch_bounds__(kThreads) rows_kernel(const RowParams<kOperands<NIN, NOUT>> p) {
  using S = Sig<F, NIN, NOUT, A, B, O1, O2>;
  constexpr int NOPS = kOperands<NIN, NOUT>;
  constexpr int M = NIN + NOUT;  // the mask operand
  constexpr int U = kUnroll;
  Arg<F, A> sa{};
  Arg<F, B> sb{};
  if (p.c.scalar_mask & 1u) sa = load_scalar<F, A>(p.c.scalar[0]);
  if constexpr (NIN > 1) {
    if (p.c.scalar_mask & 2u) sb = load_scalar<F, B>(p.c.scalar[1]);
  }
  const bool a_load = !(p.c.scalar_mask & 1u);
  const bool b_load = !(p.c.scalar_mask & 2u);  // read only when NIN > 1
  const int64_t col_step = int64_t(gridDim.x) * blockDim.x * U;
  for (int64_t r = int64_t(blockIdx.y) * blockDim.y + threadIdx.y; r < p.rows;
       r += int64_t(gridDim.y) * blockDim.y) {
    char* rp[NOPS];
#pragma unroll
    for (int k = 0; k < NOPS; ++k) rp[k] = p.base[k];
    if (p.outer_ndim == 1) {
#pragma unroll
      for (int k = 0; k < NOPS; ++k) rp[k] += r * p.outer_stride[k][0];
    } else {
      int64_t rem = r;
      for (int d = p.outer_ndim - 1; d >= 0; --d) {
        const int64_t q = d ? rem / p.outer_shape[d] : 0;
        const int64_t idx = rem - q * p.outer_shape[d];
        rem = q;
#pragma unroll
        for (int k = 0; k < NOPS; ++k) rp[k] += idx * p.outer_stride[k][d];
      }
    }
    for (int64_t c0 = int64_t(blockIdx.x) * blockDim.x * U + threadIdx.x; c0 < p.inner;
         c0 += col_step) {
      Arg<F, A> va[U];
      Arg<F, B> vb[U];
      bool on[U];
#pragma unroll
      for (int u = 0; u < U; ++u) {
        const int64_t c = c0 + u * int64_t(blockDim.x);
        on[u] = c < p.inner;
        if (on[u] && p.c.masked)
          on[u] = *reinterpret_cast<const bool*>(rp[M] + c * p.inner_stride[M]);
        va[u] = sa;
        vb[u] = sb;
        if (!on[u]) continue;
        if (a_load) {
          va[u] = widen<F, A>(
              load_nc(reinterpret_cast<const Stored<A>*>(rp[0] + c * p.inner_stride[0])));
        }
        if constexpr (NIN > 1) {
          if (b_load) {
            vb[u] = widen<F, B>(
                load_nc(reinterpret_cast<const Stored<B>*>(rp[1] + c * p.inner_stride[1])));
          }
        }
      }
#pragma unroll
      for (int u = 0; u < U; ++u) {
        if (!on[u]) continue;
        const int64_t c = c0 + u * int64_t(blockDim.x);
        Stored<O2>* o2 = nullptr;
        if constexpr (NOUT > 1)
          o2 = reinterpret_cast<Stored<O2>*>(rp[NIN + 1] + c * p.inner_stride[NIN + 1]);
        S::element(va[u], vb[u], reinterpret_cast<Stored<O1>*>(rp[NIN] + c * p.inner_stride[NIN]),
                   o2, p.c.error);
      }
    }
  }
}

/// Any space (more outer dims than RowParams holds): one thread per element, unravelled.
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
__global__ void __launch_bounds__(kThreads) strided_kernel(const GpuLaunch g) {
  using S = Sig<F, NIN, NOUT, A, B, O1, O2>;
  constexpr int kMask = NIN + NOUT;
  Arg<F, A> sa{};
  Arg<F, B> sb{};
  if (g.scalar_mask & 1u) sa = load_scalar<F, A>(g.scalar[0]);
  if constexpr (NIN > 1) {
    if (g.scalar_mask & 2u) sb = load_scalar<F, B>(g.scalar[1]);
  }
  const int64_t step = int64_t(gridDim.x) * blockDim.x;
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < g.s.size; i += step) {
    char* p[kMask + 1];
    // CudaSpace::pointers with the operand loop unrolled, so p stays in registers.
#pragma unroll
    for (int k = 0; k <= kMask; ++k) p[k] = g.s.base[k];
    int64_t rem = i;
    for (int d = g.s.ndim - 1; d >= 0; --d) {
      const int64_t q = d ? rem / g.s.shape[d] : 0;
      const int64_t idx = rem - q * g.s.shape[d];
      rem = q;
#pragma unroll
      for (int k = 0; k <= kMask; ++k) p[k] += idx * g.s.strides[k][d];
    }
    if (g.masked && !*reinterpret_cast<const bool*>(p[kMask])) continue;
    Arg<F, A> a =
        (g.scalar_mask & 1u) ? sa : widen<F, A>(*reinterpret_cast<const Stored<A>*>(p[0]));
    Arg<F, B> b = sb;
    if constexpr (NIN > 1) {
      if (!(g.scalar_mask & 2u)) b = widen<F, B>(*reinterpret_cast<const Stored<B>*>(p[1]));
    }
    Stored<O2>* o2 = nullptr;
    if constexpr (NOUT > 1) o2 = reinterpret_cast<Stored<O2>*>(p[NIN + 1]);
    S::element(a, b, reinterpret_cast<Stored<O1>*>(p[NIN]), o2, g.error);
  }
}

/// The device's SM count (device 0 of this process's current device, asked once).
inline int sm_count() {
  static const int n = [] {
    int dev = 0, sms = 0;
    cudaError_t e = cudaGetDevice(&dev);
    if (e == cudaSuccess) e = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev);
    if (e != cudaSuccess) {
      throw runtime::GpuError(std::string("cudaDeviceGetAttribute: ") + cudaGetErrorName(e));
    }
    return sms > 0 ? sms : 1;
  }();
  return n;
}

/// Resident blocks of `kernel` per SM (asked once per kernel).
template <class Kernel>
int blocks_per_sm(Kernel kernel) {
  int n = 0;
  cudaError_t e = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, kernel, kThreads, 0);
  if (e != cudaSuccess) {
    throw runtime::GpuError(std::string("cudaOccupancyMaxActiveBlocksPerMultiprocessor: ") +
                            cudaGetErrorName(e));
  }
  return n > 0 ? n : 1;
}

inline void fill_common(LaunchCommon& c, const GpuLaunch& g) {
  memcpy(c.scalar, g.scalar, sizeof(c.scalar));
  c.scalar_mask = g.scalar_mask;
  c.masked = g.masked;
  c.error = g.error;
}

/// The host side of a GPU loop: picks the path and launches its kernel on the stream.
///   vector: 1-D, every operand contiguous (or broadcast) and aligned to 16-byte packs, no mask;
///   rows:   at most 1 + kOuterDims dims (coalesced), any strides, rows of 16 elements or more
///           (a 1-D space is one row); rows shorter than kThreads get narrower blocks;
///   strided: the rest (an unravel per element).
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
void launch(const GpuLaunch& g, cudaStream_t stream) {
  using S = Sig<F, NIN, NOUT, A, B, O1, O2>;
  constexpr int K = S::kVec;
  constexpr int NOPS = kOperands<NIN, NOUT>;
  const exec::CudaSpace& s = g.s;
  if (s.size <= 0) return;
  int itemsize[exec::kMaxOperands] = {};
  itemsize[0] = int(sizeof(Stored<A>));
  if (NIN > 1) itemsize[1] = int(sizeof(Stored<B>));
  itemsize[NIN] = int(sizeof(Stored<O1>));
  if (NOUT > 1) itemsize[NIN + 1] = int(sizeof(Stored<O2>));
  if (g.masked) itemsize[NIN + NOUT] = 1;
  const int nops = NIN + NOUT + (g.masked ? 1 : 0);

  if constexpr (K > 1) {
    bool vec = !g.masked && s.ndim == 1 && s.flat(itemsize);
    VecParams<NOPS> p{};
    for (int k = 0; k < NIN + NOUT; ++k) {
      p.base[k] = s.base[k];
      const bool scalar = k < NIN && (g.scalar_mask >> k & 1u);
      if (scalar) continue;
      if (s.strides[k][0] == 0) {
        if (k >= NIN) vec = false;  // an output of one element, written n times
        p.bcast |= 1u << k;
        continue;
      }
      if (reinterpret_cast<uintptr_t>(s.base[k]) % (uintptr_t(itemsize[k]) * K) != 0) vec = false;
    }
    if (vec) {
      p.n = s.size;
      fill_common(p.c, g);
      auto kernel = vec_kernel<F, NIN, NOUT, A, B, O1, O2>;
      static const int occupancy = blocks_per_sm(kernel);
      constexpr int64_t kChunk = int64_t(kThreads) * kPacks<K>;
      const int64_t chunks = (s.size / K + kChunk - 1) / kChunk;
      const int64_t cap = int64_t(sm_count()) * occupancy;
      const unsigned blocks = unsigned(std::max<int64_t>(1, std::min(chunks, cap)));
      kernel<<<blocks, kThreads, 0, stream>>>(p);
      exec::Cuda::check_launch("elementwise kernel");
      return;
    }
  }

  // Rows of fewer than 16 elements would leave most lanes of a warp idle: those spaces take
  // the strided kernel (one element per lane, one division per dim).
  if (s.ndim <= 1 + kOuterDims && (s.ndim <= 1 || s.shape[s.ndim - 1] >= 16)) {
    RowParams<NOPS> p{};
    const int nd = std::max(s.ndim, 1);
    p.inner = s.ndim ? s.shape[s.ndim - 1] : 1;
    p.rows = s.size / p.inner;
    p.outer_ndim = nd - 1;
    for (int d = 0; d < nd - 1; ++d) p.outer_shape[d] = s.shape[d];
    for (int k = 0; k < nops; ++k) {
      p.base[k] = s.base[k];
      p.inner_stride[k] = s.ndim ? s.strides[k][s.ndim - 1] : 0;
      for (int d = 0; d < nd - 1; ++d) p.outer_stride[k][d] = s.strides[k][d];
    }
    fill_common(p.c, g);
    // Block shape: tx threads over the inner dim (a warp at least), the rest over rows.
    int tx = 32;
    while (tx < kThreads && tx < p.inner) tx *= 2;
    const int ty = kThreads / tx;
    auto kernel = rows_kernel<F, NIN, NOUT, A, B, O1, O2>;
    static const int occupancy = blocks_per_sm(kernel);
    const int64_t target = int64_t(sm_count()) * occupancy;
    const int64_t gx =
        std::min<int64_t>((p.inner + int64_t(tx) * kUnroll - 1) / (int64_t(tx) * kUnroll), target);
    const int64_t want_y = (p.rows + ty - 1) / ty;
    const int64_t gy =
        std::max<int64_t>(1, std::min<int64_t>({want_y, std::max<int64_t>(1, target / gx), 65535}));
    kernel<<<dim3(unsigned(gx), unsigned(gy)), dim3(tx, ty), 0, stream>>>(p);
    exec::Cuda::check_launch("elementwise kernel");
    return;
  }

  strided_kernel<F, NIN, NOUT, A, B, O1, O2>
      <<<exec::Cuda::blocks(s.size), kThreads, 0, stream>>>(g);
  exec::Cuda::check_launch("elementwise kernel");
}

template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
constexpr GpuLoopFn fn_of() {
  if constexpr (device_ok<F, A>() && device_ok<F, B>()) {
    return &launch<F, NIN, NOUT, A, B, O1, O2>;
  } else {
    return nullptr;
  }
}

}  // namespace loop_detail

/// The conversion to To as a unary functor for the GPU loops (cast.cu, iota.cu): detail::convert,
/// except that a float16 result is left in the source's type (a complex's real part) for
/// narrow<float16> to round once.
template <class To>
struct DevCast {
  template <class V>
  TESSERA_HD auto operator()(V x) const {
    if constexpr (!loop_detail::kIsHalf<To>) {
      return detail::convert<To>(x);
    } else if constexpr (loop_detail::kIsComplex<V>) {
      return x.real();
    } else {
      return x;
    }
  }
};

// ---- table entries: the same names and shapes as loop.h's, making GpuLoops -----------------

template <class T>
inline constexpr DType dt = DTypeOf<T>::value;

/// "A->O"
template <class F, class A, class O = A>
constexpr GpuLoop unary() {
  return {1, 1, {dt<A>, dt<O>}, loop_detail::fn_of<F, 1, 1, A, A, O, O>()};
}
/// "AB->O"
template <class F, class A, class B = A, class O = A>
constexpr GpuLoop binary() {
  return {2, 1, {dt<A>, dt<B>, dt<O>}, loop_detail::fn_of<F, 2, 1, A, B, O, O>()};
}
/// "A->O1O2"
template <class F, class A, class O1, class O2>
constexpr GpuLoop unary2() {
  return {1, 2, {dt<A>, dt<O1>, dt<O2>}, loop_detail::fn_of<F, 1, 2, A, A, O1, O2>()};
}
/// "AA->AA"
template <class F, class A>
constexpr GpuLoop binary2() {
  return {2, 2, {dt<A>, dt<A>, dt<A>, dt<A>}, loop_detail::fn_of<F, 2, 2, A, A, A, A>()};
}

template <class F, class... T>
constexpr std::array<GpuLoop, sizeof...(T)> unary_same() {
  return {unary<F, T, T>()...};
}
template <class F, class O, class... T>
constexpr std::array<GpuLoop, sizeof...(T)> unary_to() {
  return {unary<F, T, O>()...};
}
template <class F, class... T>
constexpr std::array<GpuLoop, sizeof...(T)> binary_same() {
  return {binary<F, T, T, T>()...};
}
template <class F, class O, class... T>
constexpr std::array<GpuLoop, sizeof...(T)> binary_to() {
  return {binary<F, T, T, O>()...};
}

template <size_t... N>
constexpr auto join(const std::array<GpuLoop, N>&... parts) {
  std::array<GpuLoop, (N + ...)> out{};
  size_t k = 0;
  ((std::copy(parts.begin(), parts.end(), out.begin() + k), k += N), ...);
  return out;
}

}  // namespace tessera::kernels::gpu
