// The rows of the logical loop tables, written once and included by loops_logical.cc (host loops)
// and loops_logical.cu (GPU loops): the includer opens a namespace in which `Entry` is its
// table entry type (Loop or GpuLoop) and unary/binary/unary_same/... make entries of it, so
// both tables list the same loops in the same order (the GPU loop of a host loop is the one
// at the same index).
// Loop tables of the logical ufuncs and maximum/minimum/fmax/fmin, in NumPy 2.4's order.
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

std::span<const Entry> logical_table(Ufunc op) {
  switch (op) {
    case Ufunc::logical_and:
      return kLogicalAnd;
    case Ufunc::logical_or:
      return kLogicalOr;
    case Ufunc::logical_xor:
      return kLogicalXor;
    case Ufunc::logical_not:
      return kLogicalNot;
    case Ufunc::maximum:
      return kMaximum;
    case Ufunc::minimum:
      return kMinimum;
    case Ufunc::fmax:
      return kFmax;
    case Ufunc::fmin:
      return kFmin;
    default:
      return {};
  }
}
