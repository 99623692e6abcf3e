// The rows of the float loop tables, written once and included by loops_float.cc (host loops)
// and loops_float.cu (GPU loops): the includer opens a namespace in which `Entry` is its
// table entry type (Loop or GpuLoop) and unary/binary/unary_same/... make entries of it, so
// both tables list the same loops in the same order (the GPU loop of a host loop is the one
// at the same index).
// Loop tables of rounding, classification and the float-only ufuncs, in NumPy 2.4's order.
constexpr auto kFloor = unary_same<Floor, bool, TESSERA_INTS, TESSERA_FLOATS>();
constexpr auto kCeil = unary_same<Ceil, bool, TESSERA_INTS, TESSERA_FLOATS>();
constexpr auto kTrunc = unary_same<Trunc, bool, TESSERA_INTS, TESSERA_FLOATS>();
constexpr auto kRint = unary_same<Rint, TESSERA_FLOATS, TESSERA_COMPLEX>();

template <class F>
constexpr auto classification() {
  return unary_to<F, bool, bool, TESSERA_INTS, TESSERA_FLOATS, TESSERA_COMPLEX>();
}

constexpr auto kIsnan = classification<Isnan>();
constexpr auto kIsinf = classification<Isinf>();
constexpr auto kIsfinite = classification<Isfinite>();
constexpr auto kSignbit = unary_to<Signbit, bool, TESSERA_FLOATS>();
constexpr auto kCopysign = binary_same<Copysign, TESSERA_FLOATS>();
constexpr auto kHypot = binary_same<Hypot, TESSERA_FLOATS>();
constexpr auto kArctan2 = binary_same<Arctan2, TESSERA_FLOATS>();
constexpr auto kNextafter = binary_same<Nextafter, TESSERA_FLOATS>();
constexpr auto kSpacing = unary_same<Spacing, TESSERA_FLOATS>();
constexpr auto kHeaviside = binary_same<Heaviside, TESSERA_FLOATS>();

// ldexp: 'ei->e', 'fi->f', 'el->e', 'fl->f', 'di->d', 'dl->d' (the exponent is int32 or int64).
constexpr std::array kLdexp{
    binary<Ldexp, float16, int32_t, float16>(), binary<Ldexp, float, int32_t, float>(),
    binary<Ldexp, float16, int64_t, float16>(), binary<Ldexp, float, int64_t, float>(),
    binary<Ldexp, double, int32_t, double>(),   binary<Ldexp, double, int64_t, double>(),
};
constexpr std::array kFrexp{
    unary2<Frexp, float16, float16, int32_t>(),
    unary2<Frexp, float, float, int32_t>(),
    unary2<Frexp, double, double, int32_t>(),
};
constexpr std::array kModf{
    unary2<Modf, float16, float16, float16>(),
    unary2<Modf, float, float, float>(),
    unary2<Modf, double, double, double>(),
};

std::span<const Entry> float_table(Ufunc op) {
  switch (op) {
    case Ufunc::floor:
      return kFloor;
    case Ufunc::ceil:
      return kCeil;
    case Ufunc::trunc:
      return kTrunc;
    case Ufunc::rint:
      return kRint;
    case Ufunc::isnan:
      return kIsnan;
    case Ufunc::isinf:
      return kIsinf;
    case Ufunc::isfinite:
      return kIsfinite;
    case Ufunc::signbit:
      return kSignbit;
    case Ufunc::copysign:
      return kCopysign;
    case Ufunc::hypot:
      return kHypot;
    case Ufunc::arctan2:
      return kArctan2;
    case Ufunc::nextafter:
      return kNextafter;
    case Ufunc::spacing:
      return kSpacing;
    case Ufunc::ldexp:
      return kLdexp;
    case Ufunc::frexp:
      return kFrexp;
    case Ufunc::modf:
      return kModf;
    case Ufunc::heaviside:
      return kHeaviside;
    default:
      return {};
  }
}
