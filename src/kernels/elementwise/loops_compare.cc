// Loop tables of the comparison ufuncs, in NumPy 2.4's order.
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;

/// Comparisons: "TT->?" for every dtype, plus NumPy 2's exact mixed int64/uint64 loops
/// ('qQ->?', 'Qq->?') right after the uint64 one.
template <class F>
constexpr auto comparison() {
  constexpr std::array mixed{binary<F, int64_t, uint64_t, bool>(),
                             binary<F, uint64_t, int64_t, bool>()};
  return join(binary_to<F, bool, bool, TESSERA_INTS>(), mixed,
              binary_to<F, bool, TESSERA_FLOATS, TESSERA_COMPLEX>());
}

constexpr auto kEqual = comparison<Equal>();
constexpr auto kNotEqual = comparison<NotEqual>();
constexpr auto kLess = comparison<Less>();
constexpr auto kLessEqual = comparison<LessEqual>();
constexpr auto kGreater = comparison<Greater>();
constexpr auto kGreaterEqual = comparison<GreaterEqual>();

}  // namespace

std::span<const Loop> compare_loops(Ufunc op) {
  switch (op) {
    case Ufunc::equal:
      return kEqual;
    case Ufunc::not_equal:
      return kNotEqual;
    case Ufunc::less:
      return kLess;
    case Ufunc::less_equal:
      return kLessEqual;
    case Ufunc::greater:
      return kGreater;
    case Ufunc::greater_equal:
      return kGreaterEqual;
    default:
      return {};
  }
}

}  // namespace tessera::kernels
