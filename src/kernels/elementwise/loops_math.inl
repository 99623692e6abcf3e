// The rows of the math loop tables, written once and included by loops_math.cc (host loops)
// and loops_math.cu (GPU loops): the includer opens a namespace in which `Entry` is its
// table entry type (Loop or GpuLoop) and unary/binary/unary_same/... make entries of it, so
// both tables list the same loops in the same order (the GPU loop of a host loop is the one
// at the same index).
// Loop tables of exponentials, logarithms, powers and trigonometric functions, in NumPy 2.4's
// order (NumPy lists some float loops twice, a generic and a SIMD one; one is kept).
template <class F>
constexpr auto real_and_complex() {
  return unary_same<F, TESSERA_FLOATS, TESSERA_COMPLEX>();
}

/// Real loops through libmvec's vector function V where glibc has it (vector_math.h), complex
/// loops through the functor F.
#if defined(TESSERA_HAVE_LIBMVEC) && TESSERA_HAVE_LIBMVEC  // vector_math.h; never under nvcc
#define TESSERA_TRANSCENDENTAL(F)                                               \
  join(std::array{vec_unary<vmath::F, float16>(), vec_unary<vmath::F, float>(), \
                  vec_unary<vmath::F, double>()},                               \
       unary_same<ops::F, TESSERA_COMPLEX>())
#else
#define TESSERA_TRANSCENDENTAL(F) real_and_complex<ops::F>()
#endif

constexpr auto kExp = TESSERA_TRANSCENDENTAL(Exp);
constexpr auto kExp2 = TESSERA_TRANSCENDENTAL(Exp2);
constexpr auto kExpm1 = TESSERA_TRANSCENDENTAL(Expm1);
constexpr auto kLog = TESSERA_TRANSCENDENTAL(Log);
constexpr auto kLog2 = TESSERA_TRANSCENDENTAL(Log2);
constexpr auto kLog10 = TESSERA_TRANSCENDENTAL(Log10);
constexpr auto kLog1p = TESSERA_TRANSCENDENTAL(Log1p);
constexpr auto kLogaddexp = binary_same<Logaddexp, TESSERA_FLOATS>();
constexpr auto kLogaddexp2 = binary_same<Logaddexp2, TESSERA_FLOATS>();
constexpr auto kSqrt = real_and_complex<Sqrt>();
constexpr auto kCbrt = unary_same<Cbrt, TESSERA_FLOATS>();
constexpr auto kSin = TESSERA_TRANSCENDENTAL(Sin);
constexpr auto kCos = TESSERA_TRANSCENDENTAL(Cos);
constexpr auto kTan = TESSERA_TRANSCENDENTAL(Tan);
constexpr auto kArcsin = TESSERA_TRANSCENDENTAL(Arcsin);
constexpr auto kArccos = TESSERA_TRANSCENDENTAL(Arccos);
constexpr auto kArctan = TESSERA_TRANSCENDENTAL(Arctan);
constexpr auto kSinh = TESSERA_TRANSCENDENTAL(Sinh);
constexpr auto kCosh = TESSERA_TRANSCENDENTAL(Cosh);
constexpr auto kTanh = TESSERA_TRANSCENDENTAL(Tanh);
constexpr auto kArcsinh = TESSERA_TRANSCENDENTAL(Arcsinh);
constexpr auto kArccosh = TESSERA_TRANSCENDENTAL(Arccosh);
constexpr auto kArctanh = TESSERA_TRANSCENDENTAL(Arctanh);
#undef TESSERA_TRANSCENDENTAL
// degrees/radians are aliases of rad2deg/deg2rad in NumPy; they share the loops.
constexpr auto kDeg2rad = unary_same<Deg2rad, TESSERA_FLOATS>();
constexpr auto kRad2deg = unary_same<Rad2deg, TESSERA_FLOATS>();

std::span<const Entry> math_table(Ufunc op) {
  switch (op) {
    case Ufunc::exp:
      return kExp;
    case Ufunc::exp2:
      return kExp2;
    case Ufunc::expm1:
      return kExpm1;
    case Ufunc::log:
      return kLog;
    case Ufunc::log2:
      return kLog2;
    case Ufunc::log10:
      return kLog10;
    case Ufunc::log1p:
      return kLog1p;
    case Ufunc::logaddexp:
      return kLogaddexp;
    case Ufunc::logaddexp2:
      return kLogaddexp2;
    case Ufunc::sqrt:
      return kSqrt;
    case Ufunc::cbrt:
      return kCbrt;
    case Ufunc::sin:
      return kSin;
    case Ufunc::cos:
      return kCos;
    case Ufunc::tan:
      return kTan;
    case Ufunc::arcsin:
      return kArcsin;
    case Ufunc::arccos:
      return kArccos;
    case Ufunc::arctan:
      return kArctan;
    case Ufunc::sinh:
      return kSinh;
    case Ufunc::cosh:
      return kCosh;
    case Ufunc::tanh:
      return kTanh;
    case Ufunc::arcsinh:
      return kArcsinh;
    case Ufunc::arccosh:
      return kArccosh;
    case Ufunc::arctanh:
      return kArctanh;
    case Ufunc::deg2rad:
    case Ufunc::radians:
      return kDeg2rad;
    case Ufunc::rad2deg:
    case Ufunc::degrees:
      return kRad2deg;
    default:
      return {};
  }
}
