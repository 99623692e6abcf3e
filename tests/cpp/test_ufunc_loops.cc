// Tests of the element-wise loop table: ufunc loops, loop selection and casts, checked against
// values worked out by hand from NumPy 2.4's rules. Every loop runs on contiguous, strided
// (every other element) and reversed (negative stride) buffers, and binary loops also with
// either operand broadcast (stride 0); all layouts must give the same elements.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "kernels/elementwise/ufunc.h"

namespace tessera::kernels {
namespace {

using c64 = std::complex<float>;
using c128 = std::complex<double>;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

/// Element storage: std::vector<bool> is bit-packed, so bool elements live in uint8_t.
template <class T>
using Elem = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;
template <class T>
using Vec = std::vector<Elem<T>>;

float16 h(double x) { return static_cast<float16>(x); }

/// The loop of `op` whose types (inputs, then outputs) are exactly T...
template <class... T>
const Loop& loop_of(Ufunc op) {
  const DType want[] = {DTypeOf<T>::value...};
  for (const Loop& loop : ufunc_info(op).loops) {
    if (std::equal(std::begin(want), std::end(want), loop.types)) return loop;
  }
  ADD_FAILURE() << "no such loop in " << ufunc_info(op).name;
  static const Loop none{};
  return none;
}

/// Equal values, NaN equal to NaN, -0.0 different from +0.0.
template <class T>
bool same(T a, T b) {
  if constexpr (std::is_same_v<T, c64> || std::is_same_v<T, c128>) {
    return same(a.real(), b.real()) && same(a.imag(), b.imag());
  } else if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, float16>) {
    double x = static_cast<double>(a), y = static_cast<double>(b);
    if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
    return x == y && std::signbit(x) == std::signbit(y);
  } else {
    return a == b;
  }
}

using Bytes = std::vector<char>;

/// Runs `loop` on n elements stored every `step` elements (1 contiguous, 2 strided, -1
/// reversed). `in` are contiguous inputs; returns contiguous outputs.
std::vector<Bytes> run_layout(const Loop& loop, int64_t n, const std::vector<Bytes>& in, int step) {
  const int nop = loop.nin + loop.nout;
  std::vector<Bytes> bufs(nop);
  char* ptrs[4];
  int64_t strides[4];
  for (int k = 0; k < nop; ++k) {
    const int64_t size = dtype_size(loop.types[k]);
    bufs[k].assign(static_cast<size_t>(size * n * (step < 0 ? 1 : step) + size), 0);
    strides[k] = size * step;
    ptrs[k] = bufs[k].data() + (step < 0 ? (n - 1) * size : 0);
    for (int64_t i = 0; k < loop.nin && i < n; ++i) {
      std::memcpy(ptrs[k] + i * strides[k], in[k].data() + i * size, size);
    }
  }
  loop.fn(n, ptrs, strides);
  std::vector<Bytes> out;
  for (int k = loop.nin; k < nop; ++k) {
    const int64_t size = dtype_size(loop.types[k]);
    out.emplace_back(n * size);
    for (int64_t i = 0; i < n; ++i) {
      std::memcpy(&out.back()[i * size], ptrs[k] + i * strides[k], size);
    }
  }
  return out;
}

/// Runs a one-output binary loop with operand `which` broadcast (stride 0) from `scalar`
/// against the contiguous `other`; returns the contiguous output.
Bytes run_broadcast(const Loop& loop, int which, const char* scalar, const Bytes& other,
                    int64_t n) {
  Bytes out(n * dtype_size(loop.types[2]));
  char* ptrs[3];
  int64_t strides[3];
  ptrs[which] = const_cast<char*>(scalar);
  strides[which] = 0;
  ptrs[1 - which] = const_cast<char*>(other.data());
  strides[1 - which] = dtype_size(loop.types[1 - which]);
  ptrs[2] = out.data();
  strides[2] = dtype_size(loop.types[2]);
  loop.fn(n, ptrs, strides);
  return out;
}

template <class T>
Bytes to_bytes(const Vec<T>& v) {
  Bytes b(v.size() * sizeof(Elem<T>));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

template <class T>
Vec<T> from_bytes(const Bytes& b) {
  Vec<T> v(b.size() / sizeof(Elem<T>));
  std::memcpy(v.data(), b.data(), b.size());
  return v;
}

template <class T>
void expect_same(const Vec<T>& got, const Vec<T>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(same(got[i], want[i])) << what << ": element " << i;
  }
}

/// Element i of a contiguous buffer of `size`-byte elements.
Bytes element(const Bytes& b, int64_t size, int64_t i) {
  return Bytes(b.begin() + i * size, b.begin() + (i + 1) * size);
}

/// A binary loop with one operand broadcast: element i against n copies of the other
/// operand's element i must give n copies of out[i].
void check_broadcasts(const Loop& loop, const std::vector<Bytes>& in, const Bytes& out, int64_t n) {
  const int64_t osize = dtype_size(loop.types[2]);
  for (int which = 0; which < 2; ++which) {
    const int64_t wsize = dtype_size(loop.types[which]);
    const int64_t size = dtype_size(loop.types[1 - which]);
    for (int64_t i = 0; i < n; ++i) {
      Bytes other;
      for (int64_t j = 0; j < n; ++j) {
        Bytes e = element(in[1 - which], size, i);
        other.insert(other.end(), e.begin(), e.end());
      }
      Bytes got = run_broadcast(loop, which, in[which].data() + i * wsize, other, n);
      for (int64_t j = 0; j < n; ++j) {
        EXPECT_EQ(element(got, osize, j), element(out, osize, i))
            << "operand " << which << " broadcast, element " << i;
      }
    }
  }
}

/// All layouts of `loop` on `in` must agree; returns the contiguous outputs.
std::vector<Bytes> run_all_layouts(const Loop& loop, const std::vector<Bytes>& in, int64_t n) {
  std::vector<Bytes> out = run_layout(loop, n, in, 1);
  for (int step : {2, -1}) {
    EXPECT_EQ(run_layout(loop, n, in, step), out) << "stride x" << step << " differs";
  }
  if (loop.nin == 2 && loop.nout == 1) check_broadcasts(loop, in, out[0], n);
  return out;
}

/// v repeated until it has at least 40 elements, so that vectorised loop bodies run too.
template <class T>
Vec<T> tiled(const Vec<T>& v) {
  Vec<T> out;
  while (out.size() < 40) out.insert(out.end(), v.begin(), v.end());
  return out;
}

/// Runs the unary loop of `op` typed A->O on `a` (tiled) and compares with `want`.
template <class A, class O>
void check1(Ufunc op, const Vec<A>& a, const Vec<O>& want) {
  const Loop& loop = loop_of<A, O>(op);
  Vec<A> ta = tiled<A>(a);
  auto out = run_all_layouts(loop, {to_bytes<A>(ta)}, static_cast<int64_t>(ta.size()));
  expect_same<O>(from_bytes<O>(out[0]), tiled<O>(want), ufunc_info(op).name.data());
}

/// Runs the binary loop of `op` typed AB->O on `a`, `b` (tiled) and compares with `want`.
template <class A, class B, class O>
void check2(Ufunc op, const Vec<A>& a, const Vec<B>& b, const Vec<O>& want) {
  const Loop& loop = loop_of<A, B, O>(op);
  Vec<A> ta = tiled<A>(a);
  Vec<B> tb = tiled<B>(b);
  auto out =
      run_all_layouts(loop, {to_bytes<A>(ta), to_bytes<B>(tb)}, static_cast<int64_t>(ta.size()));
  expect_same<O>(from_bytes<O>(out[0]), tiled<O>(want), ufunc_info(op).name.data());
}

// ---- the table ---------------------------------------------------------------------------

TEST(UfuncTable, EveryUfuncHasConsistentLoops) {
  int total = 0;
  for (int i = 0; i < kNumUfuncs; ++i) {
    const UfuncInfo& info = ufunc_info(static_cast<Ufunc>(i));
    EXPECT_FALSE(info.loops.empty()) << info.name;
    for (const Loop& loop : info.loops) {
      EXPECT_EQ(loop.nin, info.nin) << info.name;
      EXPECT_EQ(loop.nout, info.nout) << info.name;
      EXPECT_NE(loop.fn, nullptr) << info.name;
    }
    total += static_cast<int>(info.loops.size());
  }
  EXPECT_EQ(total, 713);  // NumPy 2.4's `types` restricted to our dtypes, duplicates dropped
  EXPECT_EQ(ufunc_info(Ufunc::add).name, "add");
  EXPECT_EQ(ufunc_info(Ufunc::divmod).nout, 2);
}

TEST(UfuncTable, IdentitiesAreNumpys) {
  EXPECT_EQ(ufunc_info(Ufunc::add).identity, Identity::Zero);
  EXPECT_EQ(ufunc_info(Ufunc::multiply).identity, Identity::One);
  EXPECT_EQ(ufunc_info(Ufunc::bitwise_and).identity, Identity::MinusOne);
  EXPECT_EQ(ufunc_info(Ufunc::logical_and).identity, Identity::True);
  EXPECT_EQ(ufunc_info(Ufunc::logical_xor).identity, Identity::False);
  EXPECT_EQ(ufunc_info(Ufunc::logaddexp).identity, Identity::MinusInfinity);
  EXPECT_EQ(ufunc_info(Ufunc::hypot).identity, Identity::Zero);
  EXPECT_EQ(ufunc_info(Ufunc::gcd).identity, Identity::Zero);
  EXPECT_EQ(ufunc_info(Ufunc::lcm).identity, Identity::None);
  EXPECT_EQ(ufunc_info(Ufunc::maximum).identity, Identity::None);
  EXPECT_EQ(ufunc_info(Ufunc::subtract).identity, Identity::None);
}

// ---- integers ------------------------------------------------------------------------------

TEST(IntegerLoops, FloorDivideAndRemainderFollowPython) {
  Vec<int8_t> a{7, -7, 7, -7, 6, 5, -128, -128, 0};
  Vec<int8_t> b{2, 2, -2, -2, 3, 0, -1, 1, -3};
  check2<int8_t, int8_t, int8_t>(Ufunc::floor_divide, a, b, {3, -4, -4, 3, 2, 0, -128, -128, 0});
  check2<int8_t, int8_t, int8_t>(Ufunc::remainder, a, b, {1, 1, -1, -1, 0, 0, 0, 0, 0});
  check2<int8_t, int8_t, int8_t>(Ufunc::fmod, a, b, {1, -1, 1, -1, 0, 0, 0, 0, 0});
  check2<uint32_t, uint32_t, uint32_t>(Ufunc::floor_divide, {7, 0, 4000000000u}, {2, 0, 3},
                                       {3, 0, 1333333333u});
}

TEST(IntegerLoops, DivmodGivesBothResults) {
  const Loop& loop = loop_of<int64_t, int64_t, int64_t, int64_t>(Ufunc::divmod);
  auto out =
      run_all_layouts(loop, {to_bytes<int64_t>({-7, 7, 5}), to_bytes<int64_t>({2, -2, 0})}, 3);
  expect_same<int64_t>(from_bytes<int64_t>(out[0]), {-4, -4, 0}, "divmod quotient");
  expect_same<int64_t>(from_bytes<int64_t>(out[1]), {1, -1, 0}, "divmod remainder");
}

TEST(IntegerLoops, ArithmeticWrapsAround) {
  check2<int8_t, int8_t, int8_t>(Ufunc::add, {127, -128, 100}, {1, -1, 3}, {-128, 127, 103});
  check2<int8_t, int8_t, int8_t>(Ufunc::multiply, {127, -128, 100}, {1, -1, 3}, {127, -128, 44});
  check1<int8_t, int8_t>(Ufunc::absolute, {-128, -5, 5}, {-128, 5, 5});
  check1<int8_t, int8_t>(Ufunc::negative, {-128, 1}, {-128, -1});
  // 65535 * 65535 overflows int if uint16 is promoted naively; NumPy wraps to 1.
  check2<uint16_t, uint16_t, uint16_t>(Ufunc::multiply, {65535}, {65535}, {1});
  check2<int64_t, int64_t, int64_t>(Ufunc::add, {std::numeric_limits<int64_t>::max()}, {1},
                                    {kI64Min});
}

TEST(IntegerLoops, PowerSignGcdLcmReciprocal) {
  check2<int32_t, int32_t, int32_t>(Ufunc::power, {2, -3, 0, 7, 2}, {10, 3, 0, 0, 40},
                                    {1024, -27, 1, 1, 0});
  // NumPy raises ValueError for a negative integer exponent; the loop yields 0 and flags the
  // thread's loop error, which the task body turns into the exception (and clears).
  check2<int32_t, int32_t, int32_t>(Ufunc::power, {2}, {-1}, {0});
  EXPECT_EQ(std::exchange(loop_error(), LoopError::None), LoopError::NegativeIntegerPower);
  check1<int16_t, int16_t>(Ufunc::sign, {-9, 0, 4}, {-1, 0, 1});
  check2<int16_t, int16_t, int16_t>(Ufunc::gcd, {12, -12, 0, 0}, {18, 18, 5, 0}, {6, 6, 5, 0});
  check2<int16_t, int16_t, int16_t>(Ufunc::lcm, {12, -12, 0, 0}, {18, 18, 5, 0}, {36, 36, 0, 0});
  check2<int8_t, int8_t, int8_t>(Ufunc::lcm, {-128}, {-128}, {-128});
  // reciprocal computes 1.0/x and casts back: 1/0 is int64's "indefinite" value INT64_MIN.
  check1<int64_t, int64_t>(Ufunc::reciprocal, {0, 1, -1, 2}, {kI64Min, 1, -1, 0});
}

TEST(IntegerLoops, ShiftsAtOrBeyondTheWidth) {
  Vec<int8_t> a{1, 1, 1, -128, -128, 64, -5, 1}, b{7, 8, 100, 8, 100, 9, -1, -1};
  check2<int8_t, int8_t, int8_t>(Ufunc::left_shift, a, b, {-128, 0, 0, 0, 0, 0, 0, 0});
  check2<int8_t, int8_t, int8_t>(Ufunc::right_shift, a, b, {0, 0, 0, -1, -1, 0, -1, 0});
  check2<uint8_t, uint8_t, uint8_t>(Ufunc::right_shift, {255, 255}, {7, 8}, {1, 0});
  check2<int64_t, int64_t, int64_t>(Ufunc::left_shift, {1, 1}, {63, 64}, {kI64Min, 0});
}

TEST(IntegerLoops, MixedInt64Uint64ComparisonsAreExact) {
  // 2**53 and 2**53 + 1 are equal in float64; NumPy 2's 'qQ' loops compare exactly.
  Vec<int64_t> a{int64_t{1} << 53, -1};
  Vec<uint64_t> b{(uint64_t{1} << 53) + 1, std::numeric_limits<uint64_t>::max()};
  check2<int64_t, uint64_t, bool>(Ufunc::equal, a, b, {0, 0});
  check2<int64_t, uint64_t, bool>(Ufunc::less, a, b, {1, 1});
  check2<uint64_t, int64_t, bool>(Ufunc::greater, b, a, {1, 1});
}

// ---- bool ---------------------------------------------------------------------------------

TEST(BoolLoops, ArithmeticIsLogic) {
  Vec<bool> a{0, 0, 1, 1}, b{0, 1, 0, 1};
  check2<bool, bool, bool>(Ufunc::add, a, b, {0, 1, 1, 1});  // '??->?' add is logical or
  check2<bool, bool, bool>(Ufunc::multiply, a, b, {0, 0, 0, 1});
  check2<bool, bool, bool>(Ufunc::maximum, a, b, {0, 1, 1, 1});
  check2<bool, bool, bool>(Ufunc::minimum, a, b, {0, 0, 0, 1});
  check2<bool, bool, bool>(Ufunc::bitwise_xor, a, b, {0, 1, 1, 0});
  check2<bool, bool, bool>(Ufunc::less, a, b, {0, 1, 0, 0});
  check1<bool, bool>(Ufunc::invert, {0, 1}, {1, 0});
  check1<bool, bool>(Ufunc::absolute, {0, 1}, {0, 1});
  check1<bool, bool>(Ufunc::isnan, {0, 1}, {0, 0});
}

// ---- floats -------------------------------------------------------------------------------

TEST(FloatLoops, FloorDivideAndRemainderSigns) {
  // NumPy's npy_divmod: the remainder takes the divisor's sign, zeros keep NumPy's signs.
  Vec<double> a{7, -7, 7, -7, -0.0, 0.0, 1, 5, kInf, 1};
  Vec<double> b{2, 2, -2, -2, 1, -1, 0, kInf, 2, -kInf};
  check2<double, double, double>(Ufunc::floor_divide, a, b,
                                 {3, -4, -4, 3, -0.0, -0.0, kInf, 0, kNan, -1});
  check2<double, double, double>(Ufunc::remainder, a, b,
                                 {1, 1, -1, -1, 0.0, -0.0, kNan, 5, kNan, -kInf});
  check2<double, double, double>(Ufunc::fmod, a, b, {1, -1, 1, -1, -0.0, 0.0, kNan, 5, kNan, 1});
  check2<float, float, float>(Ufunc::floor_divide, {7.5f, -7.5f}, {2, 2}, {3, -4});
}

TEST(FloatLoops, MaximumPropagatesNanFmaxIgnoresIt) {
  Vec<double> a{kNan, 1, kNan, 2, -0.0}, b{1, kNan, kNan, 3, 0.0};
  check2<double, double, double>(Ufunc::maximum, a, b, {kNan, kNan, kNan, 3, 0.0});
  check2<double, double, double>(Ufunc::minimum, a, b, {kNan, kNan, kNan, 2, 0.0});
  check2<double, double, double>(Ufunc::fmax, a, b, {1, 1, kNan, 3, 0.0});
  check2<double, double, double>(Ufunc::fmin, a, b, {1, 1, kNan, 2, 0.0});
  // On a tie of zeros NumPy's float16 loops keep the first operand (float/double the second).
  check2<float16, float16, float16>(Ufunc::maximum, {h(-0.0), h(kNan)}, {h(0.0), h(1)},
                                    {h(-0.0), h(kNan)});
}

TEST(FloatLoops, Float16ArithmeticRoundsLikeNumpy) {
  Vec<float16> a{h(1.5), h(2048), h(2048), h(65504), h(0.1)};
  Vec<float16> b{h(2.25), h(1), h(3), h(16), h(0.2)};
  // 2048 + 1 ties to even (2048); 65504 + 16 ties to even (inf); 0.1 + 0.2 as NumPy prints it.
  check2<float16, float16, float16>(Ufunc::add, a, b,
                                    {h(3.75), h(2048), h(2052), h(kInf), h(0.2998046875)});
  check2<float16, float16, float16>(Ufunc::divide, {h(1)}, {h(3)}, {h(0.333251953125)});
  check1<float16, float16>(Ufunc::sqrt, {h(2)}, {h(1.4140625)});
}

TEST(FloatLoops, Float16NextafterAndSpacingAreNumpys) {
  check2<float16, float16, float16>(
      Ufunc::nextafter, {h(1), h(1), h(0), h(65504)}, {h(2), h(0), h(-1), h(kInf)},
      {h(1.0009765625), h(0.99951171875), h(-5.960464477539063e-08), h(kInf)});
  // npy_half_spacing gives a positive result below |x| for negative powers of two.
  check1<float16, float16>(
      Ufunc::spacing, {h(1), h(-1), h(0), h(65504), h(kInf)},
      {h(0.0009765625), h(0.00048828125), h(5.960464477539063e-08), h(kInf), h(kNan)});
  check1<double, double>(Ufunc::spacing, {1, -1, -0.0},
                         {2.220446049250313e-16, -2.220446049250313e-16, 5e-324});
}

TEST(FloatLoops, SignRintAndClassification) {
  check1<double, double>(Ufunc::sign, {-2, -0.0, 0.0, 3, kNan}, {-1, 0.0, 0.0, 1, kNan});
  check1<double, double>(Ufunc::rint, {0.5, 1.5, 2.5, -0.5, -1.5}, {0, 2, 2, -0.0, -2});
  check1<float, bool>(Ufunc::isnan, {1, static_cast<float>(kNan)}, {0, 1});
  check1<int32_t, bool>(Ufunc::isfinite, {0, -5}, {1, 1});
  check1<double, bool>(Ufunc::signbit, {-0.0, 0.0, -kNan}, {1, 0, 1});
  check2<double, double, double>(Ufunc::heaviside, {-1, 0, 2, kNan}, {0.5, 0.5, 0.5, 0.5},
                                 {0, 0.5, 1, kNan});
  check2<double, int64_t, double>(Ufunc::ldexp, {1, 1, 3},
                                  {int64_t{1} << 40, -(int64_t{1} << 40), 2}, {kInf, 0, 12});
}

TEST(FloatLoops, FrexpAndModfHaveTwoOutputs) {
  const Loop& frexp = loop_of<double, double, int32_t>(Ufunc::frexp);
  auto f = run_all_layouts(frexp, {to_bytes<double>({8, -0.75, 0})}, 3);
  expect_same<double>(from_bytes<double>(f[0]), {0.5, -0.75, 0}, "frexp mantissa");
  expect_same<int32_t>(from_bytes<int32_t>(f[1]), {4, 0, 0}, "frexp exponent");
  const Loop& modf = loop_of<float16, float16, float16>(Ufunc::modf);
  auto m = run_all_layouts(modf, {to_bytes<float16>({h(2.5), h(-1.25)})}, 2);
  expect_same<float16>(from_bytes<float16>(m[0]), {h(0.5), h(-0.25)}, "modf fraction");
  expect_same<float16>(from_bytes<float16>(m[1]), {h(2), h(-1)}, "modf integral part");
}

// ---- complex ------------------------------------------------------------------------------

TEST(ComplexLoops, SignIsZOverAbsZ) {
  check1<c128, c128>(Ufunc::sign, {{3, 4}, {0, 0}, {-2, 0}, {kInf, 1}, {kNan, 0}},
                     {{0.6, 0.8}, {0, 0}, {-1, 0}, {1, 0}, {kNan, kNan}});
  check1<c64, c64>(Ufunc::sign, {{0, -5}}, {{0, -1}});
}

TEST(ComplexLoops, ArithmeticAndComparisons) {
  check2<c128, c128, c128>(Ufunc::multiply, {{1, 2}}, {{3, 4}}, {{-5, 10}});
  // Smith's division, unfused as NumPy does it: the exact zero keeps its sign.
  check2<c128, c128, c128>(Ufunc::divide, {{1, -3}, {1, 0}}, {{1, -3}, {0, 0}},
                           {{1, -0.0}, {kInf, kNan}});
  check1<c128, double>(Ufunc::absolute, {{3, 4}, {kNan, kInf}}, {5, kInf});
  // Lexicographic order; a nan imaginary part makes the real-part decision false.
  Vec<c128> a{{1, 5}, {1, 1}, {1, kNan}}, b{{2, 0}, {1, 2}, {2, 0}};
  check2<c128, c128, bool>(Ufunc::less, a, b, {1, 1, 0});
  check2<c128, c128, c128>(Ufunc::maximum, a, b, {{2, 0}, {1, 2}, {1, kNan}});
  check2<c128, c128, bool>(Ufunc::logical_and, {{0, 1}, {0, 0}}, {{2, 0}, {1, 0}}, {1, 0});
  check2<c128, c128, c128>(Ufunc::power, {{0, 1}, {2, 0}}, {{2, 0}, {0, 0}}, {{-1, 0}, {1, 0}});
}

// ---- casts --------------------------------------------------------------------------------

template <class From, class To>
Vec<To> cast(const Vec<From>& in) {
  Vec<To> out(in.size());
  char* p[2] = {reinterpret_cast<char*>(const_cast<Elem<From>*>(in.data())),
                reinterpret_cast<char*>(out.data())};
  int64_t s[2] = {sizeof(Elem<From>), sizeof(Elem<To>)};
  cast_loop(DTypeOf<From>::value, DTypeOf<To>::value)(static_cast<int64_t>(in.size()), p, s);
  return out;
}

TEST(Casts, FloatToIntegerIsDefinedEverywhere) {
  // NaN, inf and out-of-range values give what NumPy's x86-64 casts give (no C++ UB).
  Vec<double> v{kNan, kInf, -kInf, 1e20, -1.5, 2.9, 300.5};
  expect_same<int64_t>(cast<double, int64_t>(v), {kI64Min, kI64Min, kI64Min, kI64Min, -1, 2, 300},
                       "to int64");
  expect_same<int32_t>(cast<double, int32_t>(v),
                       {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, -1, 2, 300}, "to int32");
  expect_same<int8_t>(cast<double, int8_t>(v), {0, 0, 0, 0, -1, 2, 44}, "to int8");
  expect_same<uint64_t>(cast<double, uint64_t>(v),
                        {uint64_t{1} << 63, 0, uint64_t{1} << 63, 0, ~uint64_t{0}, 2, 300},
                        "to uint64");
  expect_same<int64_t>(cast<float16, int64_t>({h(kNan), h(-3.75)}), {kI64Min, -3}, "half");
}

TEST(Casts, BoolComplexAndFloat16) {
  expect_same<bool>(cast<double, bool>({0.0, -0.0, kNan, 0.5}), {0, 0, 1, 1}, "to bool");
  expect_same<bool>(cast<c64, bool>({{0, 0}, {0, 1}}), {0, 1}, "complex to bool");
  expect_same<int32_t>(cast<c128, int32_t>({{2.5, 3}, {-7.9, 1}}), {2, -7}, "real part");
  expect_same<c64>(cast<bool, c64>({1, 0}), {{1, 0}, {0, 0}}, "bool to complex");
  expect_same<float16>(cast<double, float16>({65519.99, 65520, 1e-8, 0.1}),
                       {h(65504), h(kInf), h(0), h(0.0999755859375)}, "to float16");
  expect_same<uint8_t>(cast<int32_t, uint8_t>({-1, 256, 300}), {255, 0, 44}, "wraps");
}

// ---- loop selection -----------------------------------------------------------------------

std::string types_of(const Loop* loop) {
  if (!loop) return "none";
  std::string s;
  for (int i = 0; i < loop->nin; ++i) s += dtype_char(loop->types[i]);
  s += "->";
  for (int i = 0; i < loop->nout; ++i) s += dtype_char(loop->types[loop->nin + i]);
  return s;
}

std::string pick(Ufunc op, std::vector<DType> in, std::vector<WeakKind> weak = {},
                 const DType* dtype = nullptr) {
  weak.resize(in.size(), WeakKind::None);
  return types_of(select_loop(op, in.data(), weak.data(), dtype));
}

TEST(SelectLoop, ArraysFollowNumpyPromotion) {
  using D = DType;
  EXPECT_EQ(pick(Ufunc::add, {D::Int8, D::UInt8}), "hh->h");
  EXPECT_EQ(pick(Ufunc::add, {D::Bool, D::Bool}), R"(??->?)");
  EXPECT_EQ(pick(Ufunc::divide, {D::Int8, D::Int8}), "dd->d");
  EXPECT_EQ(pick(Ufunc::arctan2, {D::UInt8, D::Int8}), "ee->e");  // linear search, not int16
  EXPECT_EQ(pick(Ufunc::sqrt, {D::Int16}), "f->f");
  EXPECT_EQ(pick(Ufunc::equal, {D::Int8, D::UInt64}), "qQ->?");
  EXPECT_EQ(pick(Ufunc::logical_and, {D::Int8, D::Float32}), R"(??->?)");
  EXPECT_EQ(pick(Ufunc::absolute, {D::Complex64}), "F->f");
  EXPECT_EQ(pick(Ufunc::ldexp, {D::Float32, D::Int64}), "fq->f");
  EXPECT_EQ(pick(Ufunc::bitwise_and, {D::Float64, D::Float64}), "none");
  EXPECT_EQ(pick(Ufunc::subtract, {D::Bool, D::Bool}), "none");
  EXPECT_EQ(pick(Ufunc::negative, {D::Bool}), "none");
  EXPECT_EQ(pick(Ufunc::signbit, {D::Complex128}), "none");
}

TEST(SelectLoop, WeakPythonScalars) {
  using D = DType;
  using W = WeakKind;
  EXPECT_EQ(pick(Ufunc::add, {D::Float32, D::Bool}, {W::None, W::Float}), "ff->f");
  EXPECT_EQ(pick(Ufunc::add, {D::Bool, D::Bool}, {W::None, W::Int}), "qq->q");
  EXPECT_EQ(pick(Ufunc::multiply, {D::UInt8, D::Bool}, {W::None, W::Int}), "BB->B");
  EXPECT_EQ(pick(Ufunc::add, {D::Int8, D::Bool}, {W::None, W::Complex}), "DD->D");
  EXPECT_EQ(pick(Ufunc::ldexp, {D::Float32, D::Bool}, {W::None, W::Int}), "fi->f");
  EXPECT_EQ(pick(Ufunc::floor_divide, {D::Bool, D::Bool}, {W::None, W::Int}), "qq->q");
  EXPECT_EQ(pick(Ufunc::add, {D::Bool, D::Bool}, {W::Int, W::Float}), "dd->d");  // 1 + 2.0
  EXPECT_EQ(pick(Ufunc::ldexp, {D::Bool, D::Bool}, {W::Float, W::Int}), "dq->d");
}

TEST(SelectLoop, DtypeArgument) {
  using D = DType;
  const D f32 = D::Float32, i32 = D::Int32, f64 = D::Float64, b = D::Bool, u8 = D::UInt8;
  EXPECT_EQ(pick(Ufunc::add, {D::Int8, D::Int8}, {}, &f32), "ff->f");
  EXPECT_EQ(pick(Ufunc::add, {f64, f64}, {}, &i32), "none");
  EXPECT_EQ(pick(Ufunc::sqrt, {f64}, {}, &f32), "f->f");
  EXPECT_EQ(pick(Ufunc::absolute, {D::Complex128}, {}, &f32), "none");
  EXPECT_EQ(pick(Ufunc::less, {D::Int8, D::Int8}, {}, &f64), "none");
  EXPECT_EQ(pick(Ufunc::less, {D::Int8, f64}, {}, &b), "dd->?");
  EXPECT_EQ(pick(Ufunc::add, {b, b}, {WeakKind::Int, WeakKind::Int}, &u8), "BB->B");
  EXPECT_EQ(pick(Ufunc::frexp, {f64}, {}, &f32), "none");
}

}  // namespace
}  // namespace tessera::kernels
