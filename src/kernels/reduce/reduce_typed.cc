// Typed accumulation for the reorderable reductions with a neutral element (sum, prod, max,
// min, any, all, bitwise): written so that GCC vectorises the contiguous loops.
//
// Float and complex sums use NumPy's pairwise summation (loops_utils.h.src, pairwise_sum: 8
// accumulators over blocks of up to 128 elements, halving above), so precision matches NumPy's
// and the 8 independent accumulators vectorise. The other ops keep one accumulator per SIMD lane
// and combine the lanes at the end; for max/min that is exact, for float products it only
// changes the rounding order, which NumPy's rules allow for reductions.
#include <algorithm>
#include <complex>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/reduce/reduce_ops.h"
#include "kernels/reduce/reduce_typed.h"

namespace tessera::kernels {
namespace {

template <class T>
struct ComputeOf {
  using type = T;
};
template <>
struct ComputeOf<float16> {
  using type = float;  // NumPy's half loops compute in float too
};
template <class T>
using Compute = typename ComputeOf<T>::type;

using red::kComplex;
using red::kBool;
using red::kInt;
using red::kReal;
using red::AddOp;
using red::MultiplyOp;
using red::MaxOp;
using red::MinOp;
using red::AndOp;
using red::OrOp;
using red::XorOp;

// ---- contiguous accumulation -------------------------------------------------------------------

constexpr int64_t kPairwiseBlock = 128;

/// NumPy's pairwise_sum for real T (float16 summed in float).
template <class T, class C = Compute<T>>
C pairwise_sum(const T* x, int64_t n) {
  if (n < 8) {
    C s = C(-0.0);
    for (int64_t i = 0; i < n; ++i) s += C(x[i]);
    return s;
  }
  if (n <= kPairwiseBlock) {
    C r[8];
    for (int j = 0; j < 8; ++j) r[j] = C(x[j]);
    int64_t i = 8;
    for (; i + 8 <= n; i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += C(x[i + j]);
    }
    C s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) s += C(x[i]);
    return s;
  }
  int64_t half = n / 2;
  half -= half % 8;
  return pairwise_sum<T, C>(x, half) + pairwise_sum<T, C>(x + half, n - half);
}

/// The complex version over 2n interleaved reals: even accumulators take real parts, odd ones
/// imaginary parts (NumPy's pairwise sum for complex).
template <class R>
std::complex<R> pairwise_sum_complex(const R* x, int64_t n) {
  if (n < 8) {
    R re = R(-0.0), im = R(-0.0);
    for (int64_t i = 0; i < n; i += 2) {
      re += x[i];
      im += x[i + 1];
    }
    return {re, im};
  }
  if (n <= kPairwiseBlock) {
    R r[8];
    for (int j = 0; j < 8; ++j) r[j] = x[j];
    int64_t i = 8;
    for (; i + 8 <= n; i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += x[i + j];
    }
    R re = (r[0] + r[2]) + (r[4] + r[6]);
    R im = (r[1] + r[3]) + (r[5] + r[7]);
    for (; i < n; i += 2) {
      re += x[i];
      im += x[i + 1];
    }
    return {re, im};
  }
  int64_t half = n / 2;
  half -= half % 8;
  return pairwise_sum_complex(x, half) + pairwise_sum_complex(x + half, n - half);
}

/// One accumulator per lane, 256 bytes of them, then the lanes in order. (With a handful of
/// lanes GCC unrolls the lane loop into scalars and branches; a 256-byte lane loop is
/// vectorised as a loop, compares and blends included.)
template <class Op, class T, class C = Compute<T>>
C lanes_reduce(const T* x, int64_t n) {
  constexpr int kLanes = static_cast<int>(256 / sizeof(C));
  alignas(64) C acc[kLanes];
  for (int j = 0; j < kLanes; ++j) acc[j] = Op::template neutral<C>();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const T* __restrict p = x + i;
    for (int j = 0; j < kLanes; ++j) acc[j] = Op::f(acc[j], C(p[j]));
  }
  C r = acc[0];
  for (int j = 1; j < kLanes; ++j) r = Op::f(r, acc[j]);
  for (; i < n; ++i) r = Op::f(r, C(x[i]));
  return r;
}

template <class Op, class T>
void accumulate(void* accp, const void* xp, int64_t n) {
  using C = Compute<T>;
  C& acc = *static_cast<C*>(accp);
  const T* x = static_cast<const T*>(xp);
  if constexpr (std::is_same_v<Op, AddOp> && kComplex<T>) {
    using R = typename T::value_type;
    acc = acc + pairwise_sum_complex(reinterpret_cast<const R*>(x), 2 * n);
  } else if constexpr (std::is_same_v<Op, AddOp> && kReal<C>) {
    acc = acc + pairwise_sum<T>(x, n);
  } else if constexpr (kBool<T> && (std::is_same_v<Op, AndOp> || std::is_same_v<Op, OrOp>)) {
    // any/all stop at the chunk that decides them, as NumPy's do.
    constexpr bool kDecided = std::is_same_v<Op, OrOp>;
    constexpr int64_t kChunk = 4096;
    for (int64_t i = 0; i < n && acc != kDecided; i += kChunk) {
      acc = Op::f(acc, lanes_reduce<Op, T>(x + i, std::min(kChunk, n - i)));
    }
  } else {
    acc = Op::f(acc, lanes_reduce<Op, T>(x, n));
  }
}

template <class Op, class T>
void accumulate_rows(void* accp, const void* xp, int64_t n) {
  using C = Compute<T>;
  C* __restrict acc = static_cast<C*>(accp);
  const T* __restrict x = static_cast<const T*>(xp);
  for (int64_t j = 0; j < n; ++j) acc[j] = Op::f(acc[j], C(x[j]));
}

template <class Op, class T>
void neutral(void* accp, int64_t n) {
  using C = Compute<T>;
  C* acc = static_cast<C*>(accp);
  for (int64_t j = 0; j < n; ++j) acc[j] = Op::template neutral<C>();
}

template <class Op, class T>
void combine(void* a, const void* b) {
  using C = Compute<T>;
  C& x = *static_cast<C*>(a);
  x = Op::f(x, *static_cast<const C*>(b));
}

template <class T>
void widen(void* accp, const void* xp, int64_t n) {
  auto* acc = static_cast<Compute<T>*>(accp);
  const T* x = static_cast<const T*>(xp);
  for (int64_t j = 0; j < n; ++j) acc[j] = Compute<T>(x[j]);
}

template <class T>
void narrow(void* xp, const void* accp, int64_t n) {
  const auto* acc = static_cast<const Compute<T>*>(accp);
  T* x = static_cast<T*>(xp);
  for (int64_t j = 0; j < n; ++j) x[j] = T(acc[j]);
}

// ---- counting nonzero bytes (count_nonzero) ---------------------------------------------------

}  // namespace

int64_t count_true(const void* xp, int64_t n) {
  const uint8_t* x = static_cast<const uint8_t*>(xp);
  constexpr int kLanes = 64;
  int64_t total = 0, i = 0;
  // Byte counters, flushed into the total before they can wrap (at most 255 rounds).
  while (i + kLanes <= n) {
    alignas(64) uint8_t acc[kLanes] = {};
    int64_t rounds = std::min<int64_t>(255, (n - i) / kLanes);
    for (int64_t r = 0; r < rounds; ++r, i += kLanes) {
      const uint8_t* __restrict p = x + i;
      for (int j = 0; j < kLanes; ++j) acc[j] += p[j] != 0;
    }
    for (int j = 0; j < kLanes; ++j) total += acc[j];
  }
  for (; i < n; ++i) total += x[i] != 0;
  return total;
}

void count_true_rows(int64_t* acc, const void* xp, int64_t n) {
  const uint8_t* __restrict x = static_cast<const uint8_t*>(xp);
  for (int64_t j = 0; j < n; ++j) acc[j] += x[j] != 0;
}

namespace {

// ---- the table ---------------------------------------------------------------------------------

template <class Op, class T>
inline constexpr TypedReduce kTyped = {static_cast<int>(sizeof(Compute<T>)),
                                       &neutral<Op, T>,
                                       &accumulate<Op, T>,
                                       &accumulate_rows<Op, T>,
                                       &combine<Op, T>,
                                       &widen<T>,
                                       &narrow<T>};

/// Which dtypes each kind has typed loops for (the others go through the Generic path).
template <class Op, class T>
constexpr bool supports() {
  if constexpr (std::is_same_v<Op, AddOp> || std::is_same_v<Op, MultiplyOp>) return true;
  else if constexpr (std::is_same_v<Op, MaxOp> || std::is_same_v<Op, MinOp>) return !kComplex<T>;
  else return kBool<T> || kInt<T>;  // logical and bitwise kinds
}

template <class Op>
const TypedReduce* entry(DType d) {
  return dispatch_dtype(d, [](auto tag) -> const TypedReduce* {
    using T = decltype(tag);
    if constexpr (supports<Op, T>()) {
      return &kTyped<Op, T>;
    } else {
      return nullptr;
    }
  });
}

}  // namespace

const TypedReduce* typed_reduce(ReduceKind kind, DType acc) {
  switch (kind) {
    case ReduceKind::Add:
      return entry<AddOp>(acc);
    case ReduceKind::Multiply:
      return entry<MultiplyOp>(acc);
    case ReduceKind::Max:
      return entry<MaxOp>(acc);
    case ReduceKind::Min:
      return entry<MinOp>(acc);
    case ReduceKind::LogicalAnd:
      return acc == DType::Bool ? entry<AndOp>(acc) : nullptr;
    case ReduceKind::LogicalOr:
      return acc == DType::Bool ? entry<OrOp>(acc) : nullptr;
    case ReduceKind::BitAnd:
      return entry<AndOp>(acc);
    case ReduceKind::BitOr:
      return entry<OrOp>(acc);
    case ReduceKind::BitXor:
      return entry<XorOp>(acc);
    default:
      return nullptr;
  }
}

}  // namespace tessera::kernels
