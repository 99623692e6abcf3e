// The rows of the compare loop tables, written once and included by loops_compare.cc (host loops)
// and loops_compare.cu (GPU loops): the includer opens a namespace in which `Entry` is its
// table entry type (Loop or GpuLoop) and unary/binary/unary_same/... make entries of it, so
// both tables list the same loops in the same order (the GPU loop of a host loop is the one
// at the same index).
// Loop tables of the comparison ufuncs, in NumPy 2.4's order.
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

std::span<const Entry> compare_table(Ufunc op) {
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
