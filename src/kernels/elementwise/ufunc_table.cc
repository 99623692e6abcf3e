// The ufunc table: names, arities and identities from TESSERA_UFUNCS, loops from loops_*.cc.
#include <array>

#include "kernels/elementwise/loop.h"
#include "kernels/elementwise/ufunc.h"

namespace tessera::kernels {
namespace {

/// NumPy 2.4's `ufunc.identity` (None for all ufuncs not listed).
Identity identity_of(Ufunc op) {
  switch (op) {
    case Ufunc::add:
    case Ufunc::bitwise_or:
    case Ufunc::bitwise_xor:
    case Ufunc::hypot:
    case Ufunc::gcd:
      return Identity::Zero;
    case Ufunc::multiply:
      return Identity::One;
    case Ufunc::bitwise_and:
      return Identity::MinusOne;
    case Ufunc::logical_and:
      return Identity::True;
    case Ufunc::logical_or:
    case Ufunc::logical_xor:
      return Identity::False;
    case Ufunc::logaddexp:
    case Ufunc::logaddexp2:
      return Identity::MinusInfinity;
    default:
      return Identity::None;
  }
}

std::span<const Loop> loops_of(Ufunc op) {
  for (auto family :
       {arith_loops, compare_loops, logical_loops, bitwise_loops, math_loops, float_loops}) {
    std::span<const Loop> loops = family(op);
    if (!loops.empty()) return loops;
  }
  return {};
}

std::array<UfuncInfo, kNumUfuncs> build_table() {
  std::array<UfuncInfo, kNumUfuncs> table{};
  int i = 0;
#define TESSERA_X(name_, nin_, nout_)                                                           \
  table[i] = UfuncInfo{#name_, nin_, nout_, identity_of(Ufunc::name_), loops_of(Ufunc::name_)}; \
  ++i;
  TESSERA_UFUNCS(TESSERA_X)
#undef TESSERA_X
  return table;
}

}  // namespace

const UfuncInfo& ufunc_info(Ufunc op) {
  static const std::array<UfuncInfo, kNumUfuncs> table = build_table();
  return table[static_cast<int>(op)];
}

}  // namespace tessera::kernels
