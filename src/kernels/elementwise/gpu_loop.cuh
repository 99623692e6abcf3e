#pragma once
/// GPU loops of the ufunc tables: the CUDA counterpart of loop.h. Only .cu files include this.
///
/// A GpuLoop is a host function that launches one templated kernel for a functor F of ops.h and
/// the loop's types over an exec::CudaSpace on a stream. The loops_<family>.cu files include the
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

/// Element i of the space, one thread per element: the flat path (every operand contiguous or
/// stride 0) indexes directly, the strided one unravels i.
template <class S, class A, class B, class O1, class O2, int NIN, int NOUT,
          class F = typename S::Fn>
__device__ __forceinline__ void one(const GpuLaunch& g, int64_t i, bool flat, Arg<F, A> sa,
                                    Arg<F, B> sb) {
  constexpr int kMask = NIN + NOUT;
  char* p[exec::kMaxOperands];
  if (flat) {
    const int64_t j = g.s.ndim ? i : 0;
#pragma unroll
    for (int k = 0; k <= kMask; ++k) p[k] = g.s.base[k] + j * g.s.strides[k][0];
  } else {
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
  }
  if (g.masked && !*reinterpret_cast<const bool*>(p[kMask])) return;
  Arg<F, A> a = (g.scalar_mask & 1u) ? sa : widen<F, A>(*reinterpret_cast<const Stored<A>*>(p[0]));
  Arg<F, B> b{};
  if constexpr (NIN > 1) {
    b = (g.scalar_mask & 2u) ? sb : widen<F, B>(*reinterpret_cast<const Stored<B>*>(p[1]));
  }
  Stored<O2>* o2 = nullptr;
  if constexpr (NOUT > 1) o2 = reinterpret_cast<Stored<O2>*>(p[NIN + 1]);
  S::element(a, b, reinterpret_cast<Stored<O1>*>(p[NIN]), o2, g.error);
}

/// The kernel of one loop. mode 2: flat and every non-broadcast operand aligned for K-element
/// vector accesses (K = Sig::kVec); 1: flat; 0: strided.
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
__global__ void loop_kernel(const GpuLaunch g, int mode) {
  using S = Sig<F, NIN, NOUT, A, B, O1, O2>;
  constexpr int K = S::kVec;
  const int64_t n = g.s.size;
  const int64_t step = int64_t(gridDim.x) * blockDim.x;
  const int64_t tid = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  Arg<F, A> sa{};
  Arg<F, B> sb{};
  if (g.scalar_mask & 1u) sa = load_scalar<F, A>(g.scalar[0]);
  if constexpr (NIN > 1) {
    if (g.scalar_mask & 2u) sb = load_scalar<F, B>(g.scalar[1]);
  }
  int64_t done = 0;
  if (mode == 2) {
    // Operand k of the flat space is contiguous (stride = item size) or broadcast (stride 0).
    const bool a_vec = !(g.scalar_mask & 1u) && g.s.strides[0][0] != 0;
    const bool b_vec = NIN > 1 && !(g.scalar_mask & 2u) && g.s.strides[1][0] != 0;
    if (!(g.scalar_mask & 1u) && !a_vec)
      sa = widen<F, A>(*reinterpret_cast<const Stored<A>*>(g.s.base[0]));
    if constexpr (NIN > 1) {
      if (!(g.scalar_mask & 2u) && !b_vec) {
        sb = widen<F, B>(*reinterpret_cast<const Stored<B>*>(g.s.base[1]));
      }
    }
    const int64_t nv = n / K;
    for (int64_t c = tid; c < nv; c += step) {
      Pack<Stored<A>, K> pa;
      Pack<Stored<B>, K> pb;
      if (a_vec) pa = reinterpret_cast<const Pack<Stored<A>, K>*>(g.s.base[0])[c];
      if constexpr (NIN > 1) {
        if (b_vec) pb = reinterpret_cast<const Pack<Stored<B>, K>*>(g.s.base[1])[c];
      }
      Pack<Stored<O1>, K> r1;
      Pack<Stored<O2>, K> r2;
#pragma unroll
      for (int j = 0; j < K; ++j) {
        Arg<F, A> a = a_vec ? widen<F, A>(pa.v[j]) : sa;
        Arg<F, B> b = sb;
        if constexpr (NIN > 1) {
          if (b_vec) b = widen<F, B>(pb.v[j]);
        }
        S::element(a, b, &r1.v[j], &r2.v[j], g.error);
      }
      reinterpret_cast<Pack<Stored<O1>, K>*>(g.s.base[NIN])[c] = r1;
      if constexpr (NOUT > 1) reinterpret_cast<Pack<Stored<O2>, K>*>(g.s.base[NIN + 1])[c] = r2;
    }
    done = nv * K;
  }
  for (int64_t i = done + tid; i < n; i += step) {
    one<S, A, B, O1, O2, NIN, NOUT>(g, i, mode != 0, sa, sb);
  }
}

/// The host side of a GPU loop: picks the path and launches the kernel on the stream.
template <class F, int NIN, int NOUT, class A, class B, class O1, class O2>
void launch(const GpuLaunch& g, cudaStream_t stream) {
  using S = Sig<F, NIN, NOUT, A, B, O1, O2>;
  constexpr int K = S::kVec;
  if (g.s.size <= 0) return;
  int itemsize[exec::kMaxOperands] = {};
  itemsize[0] = int(sizeof(Stored<A>));
  if (NIN > 1) itemsize[1] = int(sizeof(Stored<B>));
  itemsize[NIN] = int(sizeof(Stored<O1>));
  if (NOUT > 1) itemsize[NIN + 1] = int(sizeof(Stored<O2>));
  if (g.masked) itemsize[NIN + NOUT] = 1;
  bool flat = g.s.flat(itemsize);
  int mode = flat ? 1 : 0;
  if (flat && !g.masked && g.s.ndim == 1 && K > 1) {
    bool aligned = true;
    for (int k = 0; k < NIN + NOUT; ++k) {
      bool scalar = k < NIN && (g.scalar_mask >> k & 1u);
      if (scalar || g.s.strides[k][0] == 0) continue;
      uintptr_t addr = reinterpret_cast<uintptr_t>(g.s.base[k]);
      if (addr % (uintptr_t(itemsize[k]) * K) != 0) aligned = false;
    }
    for (int k = NIN; k < NIN + NOUT; ++k) aligned = aligned && g.s.strides[k][0] != 0;  // 1 elt
    if (aligned) mode = 2;
  }
  int64_t work = mode == 2 ? (g.s.size + K - 1) / K : g.s.size;
  loop_kernel<F, NIN, NOUT, A, B, O1, O2>
      <<<exec::Cuda::blocks(work), exec::Cuda::kThreads, 0, stream>>>(g, mode);
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
