// Loop tables of exponentials, logarithms, powers and trigonometric functions, in NumPy 2.4's
// order (NumPy lists some float loops twice, a generic and a SIMD one; one is kept).
#include "kernels/elementwise/loop.h"

namespace tessera::kernels {
namespace {

using namespace ops;

template <class F>
constexpr auto real_and_complex() {
  return unary_same<F, TESSERA_FLOATS, TESSERA_COMPLEX>();
}

constexpr auto kExp = real_and_complex<Exp>();
constexpr auto kExp2 = real_and_complex<Exp2>();
constexpr auto kExpm1 = real_and_complex<Expm1>();
constexpr auto kLog = real_and_complex<Log>();
constexpr auto kLog2 = real_and_complex<Log2>();
constexpr auto kLog10 = real_and_complex<Log10>();
constexpr auto kLog1p = real_and_complex<Log1p>();
constexpr auto kLogaddexp = binary_same<Logaddexp, TESSERA_FLOATS>();
constexpr auto kLogaddexp2 = binary_same<Logaddexp2, TESSERA_FLOATS>();
constexpr auto kSqrt = real_and_complex<Sqrt>();
constexpr auto kCbrt = unary_same<Cbrt, TESSERA_FLOATS>();
constexpr auto kSin = real_and_complex<Sin>();
constexpr auto kCos = real_and_complex<Cos>();
constexpr auto kTan = real_and_complex<Tan>();
constexpr auto kArcsin = real_and_complex<Arcsin>();
constexpr auto kArccos = real_and_complex<Arccos>();
constexpr auto kArctan = real_and_complex<Arctan>();
constexpr auto kSinh = real_and_complex<Sinh>();
constexpr auto kCosh = real_and_complex<Cosh>();
constexpr auto kTanh = real_and_complex<Tanh>();
constexpr auto kArcsinh = real_and_complex<Arcsinh>();
constexpr auto kArccosh = real_and_complex<Arccosh>();
constexpr auto kArctanh = real_and_complex<Arctanh>();
// degrees/radians are aliases of rad2deg/deg2rad in NumPy; they share the loops.
constexpr auto kDeg2rad = unary_same<Deg2rad, TESSERA_FLOATS>();
constexpr auto kRad2deg = unary_same<Rad2deg, TESSERA_FLOATS>();

}  // namespace

std::span<const Loop> math_loops(Ufunc op) {
  switch (op) {
    case Ufunc::exp: return kExp;
    case Ufunc::exp2: return kExp2;
    case Ufunc::expm1: return kExpm1;
    case Ufunc::log: return kLog;
    case Ufunc::log2: return kLog2;
    case Ufunc::log10: return kLog10;
    case Ufunc::log1p: return kLog1p;
    case Ufunc::logaddexp: return kLogaddexp;
    case Ufunc::logaddexp2: return kLogaddexp2;
    case Ufunc::sqrt: return kSqrt;
    case Ufunc::cbrt: return kCbrt;
    case Ufunc::sin: return kSin;
    case Ufunc::cos: return kCos;
    case Ufunc::tan: return kTan;
    case Ufunc::arcsin: return kArcsin;
    case Ufunc::arccos: return kArccos;
    case Ufunc::arctan: return kArctan;
    case Ufunc::sinh: return kSinh;
    case Ufunc::cosh: return kCosh;
    case Ufunc::tanh: return kTanh;
    case Ufunc::arcsinh: return kArcsinh;
    case Ufunc::arccosh: return kArccosh;
    case Ufunc::arctanh: return kArctanh;
    case Ufunc::deg2rad:
    case Ufunc::radians: return kDeg2rad;
    case Ufunc::rad2deg:
    case Ufunc::degrees: return kRad2deg;
    default: return {};
  }
}

}  // namespace tessera::kernels
