// Loop tables of comparisons, logical ops and maximum/minimum/fmax/fmin, in NumPy 2.4's order.
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;

/// Comparisons: "TT->?" for every dtype, plus NumPy 2's exact mixed int64/uint64 loops
/// ('qQ->?', 'Qq->?') right after the uint64 one.
template <class F>
constexpr auto comparison() {
  return join(binary_to<F, bool, bool, TESSERA_INTS>(),
              std::array{binary<F, int64_t, uint64_t, bool>(), binary<F, uint64_t, int64_t, bool>()},
              binary_to<F, bool, TESSERA_FLOATS, TESSERA_COMPLEX>());
}

constexpr auto kEqual = comparison<Equal>();
constexpr auto kNotEqual = comparison<NotEqual>();
constexpr auto kLess = comparison<Less>();
constexpr auto kLessEqual = comparison<LessEqual>();
constexpr auto kGreater = comparison<Greater>();
constexpr auto kGreaterEqual = comparison<GreaterEqual>();

template <class F>
constexpr auto logical() {
  return binary_to<F, bool, bool, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
}

constexpr auto kLogicalAnd = logical<LogicalAnd>();
constexpr auto kLogicalOr = logical<LogicalOr>();
constexpr auto kLogicalXor = logical<LogicalXor>();
constexpr auto kLogicalNot =
    unary_to<LogicalNot, bool, bool, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();

template <class F>
constexpr auto extremum() {
  return binary_same<F, bool, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
}

constexpr auto kMaximum = extremum<Maximum>();
constexpr auto kMinimum = extremum<Minimum>();
constexpr auto kFmax = extremum<Fmax>();
constexpr auto kFmin = extremum<Fmin>();

}  // namespace

std::span<const Loop> compare_loops(Ufunc op) {
  switch (op) {
    case Ufunc::equal: return kEqual;
    case Ufunc::not_equal: return kNotEqual;
    case Ufunc::less: return kLess;
    case Ufunc::less_equal: return kLessEqual;
    case Ufunc::greater: return kGreater;
    case Ufunc::greater_equal: return kGreaterEqual;
    case Ufunc::logical_and: return kLogicalAnd;
    case Ufunc::logical_or: return kLogicalOr;
    case Ufunc::logical_xor: return kLogicalXor;
    case Ufunc::logical_not: return kLogicalNot;
    case Ufunc::maximum: return kMaximum;
    case Ufunc::minimum: return kMinimum;
    case Ufunc::fmax: return kFmax;
    case Ufunc::fmin: return kFmin;
    default: return {};
  }
}

}  // namespace tessera::kernels
