// Loop tables of the bitwise and integer-only ufuncs, in NumPy 2.4's order.
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;

constexpr auto kBitwiseAnd = binary_same<BitwiseAnd, bool, TESSERA_INTS>();
constexpr auto kBitwiseOr = binary_same<BitwiseOr, bool, TESSERA_INTS>();
constexpr auto kBitwiseXor = binary_same<BitwiseXor, bool, TESSERA_INTS>();
constexpr auto kInvert = unary_same<Invert, bool, TESSERA_INTS>();
constexpr auto kLeftShift = binary_same<LeftShift, TESSERA_INTS>();
constexpr auto kRightShift = binary_same<RightShift, TESSERA_INTS>();
constexpr auto kGcd = binary_same<Gcd, TESSERA_INTS>();
constexpr auto kLcm = binary_same<Lcm, TESSERA_INTS>();

}  // namespace

std::span<const Loop> bitwise_loops(Ufunc op) {
  switch (op) {
    case Ufunc::bitwise_and:
      return kBitwiseAnd;
    case Ufunc::bitwise_or:
      return kBitwiseOr;
    case Ufunc::bitwise_xor:
      return kBitwiseXor;
    case Ufunc::invert:
      return kInvert;
    case Ufunc::left_shift:
      return kLeftShift;
    case Ufunc::right_shift:
      return kRightShift;
    case Ufunc::gcd:
      return kGcd;
    case Ufunc::lcm:
      return kLcm;
    default:
      return {};
  }
}

}  // namespace tessera::kernels
