// The rows of the bitwise loop tables, written once and included by loops_bitwise.cc (host loops)
// and loops_bitwise.cu (GPU loops): the includer opens a namespace in which `Entry` is its
// table entry type (Loop or GpuLoop) and unary/binary/unary_same/... make entries of it, so
// both tables list the same loops in the same order (the GPU loop of a host loop is the one
// at the same index).
// Loop tables of the bitwise and integer-only ufuncs, in NumPy 2.4's order.
constexpr auto kBitwiseAnd = binary_same<BitwiseAnd, bool, TESSERA_INTS>();
constexpr auto kBitwiseOr = binary_same<BitwiseOr, bool, TESSERA_INTS>();
constexpr auto kBitwiseXor = binary_same<BitwiseXor, bool, TESSERA_INTS>();
constexpr auto kInvert = unary_same<Invert, bool, TESSERA_INTS>();
constexpr auto kLeftShift = binary_same<LeftShift, TESSERA_INTS>();
constexpr auto kRightShift = binary_same<RightShift, TESSERA_INTS>();
constexpr auto kGcd = binary_same<Gcd, TESSERA_INTS>();
constexpr auto kLcm = binary_same<Lcm, TESSERA_INTS>();

std::span<const Entry> bitwise_table(Ufunc op) {
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
