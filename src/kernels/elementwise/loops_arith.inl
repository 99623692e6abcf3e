// The rows of the arith loop tables, written once and included by loops_arith.cc (host loops)
// and loops_arith.cu (GPU loops): the includer opens a namespace in which `Entry` is its
// table entry type (Loop or GpuLoop) and unary/binary/unary_same/... make entries of it, so
// both tables list the same loops in the same order (the GPU loop of a host loop is the one
// at the same index).
// Loop tables of the arithmetic ufuncs. Each row lists NumPy 2.4's `np.<ufunc>.types` in order,
// restricted to tessera's dtypes (no long double, object, datetime; 'l' and 'q' are one int64).
constexpr auto kAdd = binary_same<Add, bool, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kSubtract = binary_same<Subtract, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kMultiply =
    binary_same<Multiply, bool, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kDivide = binary_same<Divide, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kFloorDivide = binary_same<FloorDivide, TESSERA_INTS, TESSERA_FLOATS>();
constexpr auto kRemainder = binary_same<Remainder, TESSERA_INTS, TESSERA_FLOATS>();
constexpr auto kFmod = binary_same<Fmod, TESSERA_INTS, TESSERA_FLOATS>();
constexpr auto kPower = binary_same<Power, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kFloatPower = binary_same<FloatPower, double, complex128>();

template <class... T>
constexpr std::array<Entry, sizeof...(T)> divmod_loops() {
  return {binary2<Divmod, T>()...};
}
constexpr auto kDivmod = divmod_loops<TESSERA_INTS, TESSERA_FLOATS>();

constexpr auto kNegative = unary_same<Negative, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kPositive = unary_same<Positive, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
// absolute: complex gives its real magnitude ('F->f', 'D->d').
constexpr auto kAbsolute =
    join(unary_same<Absolute, bool, TESSERA_INTS, TESSERA_FLOATS>(),
         std::array{unary<Absolute, complex64, float>(), unary<Absolute, complex128, double>()});
constexpr auto kFabs = unary_same<Fabs, TESSERA_FLOATS>();
constexpr auto kSign = unary_same<Sign, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kReciprocal =
    unary_same<Reciprocal, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kConjugate = unary_same<Conjugate, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
constexpr auto kSquare = unary_same<Square, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();

std::span<const Entry> arith_table(Ufunc op) {
  switch (op) {
    case Ufunc::add:
      return kAdd;
    case Ufunc::subtract:
      return kSubtract;
    case Ufunc::multiply:
      return kMultiply;
    case Ufunc::divide:
      return kDivide;
    case Ufunc::floor_divide:
      return kFloorDivide;
    case Ufunc::remainder:
      return kRemainder;
    case Ufunc::fmod:
      return kFmod;
    case Ufunc::power:
      return kPower;
    case Ufunc::float_power:
      return kFloatPower;
    case Ufunc::divmod:
      return kDivmod;
    case Ufunc::negative:
      return kNegative;
    case Ufunc::positive:
      return kPositive;
    case Ufunc::absolute:
      return kAbsolute;
    case Ufunc::fabs:
      return kFabs;
    case Ufunc::sign:
      return kSign;
    case Ufunc::reciprocal:
      return kReciprocal;
    case Ufunc::conjugate:
      return kConjugate;
    case Ufunc::square:
      return kSquare;
    default:
      return {};
  }
}
