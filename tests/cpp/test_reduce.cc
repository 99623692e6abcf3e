// Reductions through the C++ API (tessera::sum, mean, argmax, …) against hand-computed values,
// each test run under several mapper settings: eager, deferred with several points, and the
// OpenMP executor, so the full / row-wise / per-output kernel paths all run on every executor.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "tessera/array/creation.h"
#include "tessera/array/errors.h"
#include "tessera/array/reduction.h"
#include "tessera/array/views.h"
#include "tessera/runtime/runtime.h"

namespace tessera {
namespace {

namespace rt = ::tessera::runtime;

template <class T>
Array make(const std::vector<T>& v, const Dims& shape) {
  return from_host(v.data(), shape, rt::contiguous_strides(shape, sizeof(T)), DTypeOf<T>::value);
}

template <class T>
std::vector<T> host(const Array& a) {
  EXPECT_EQ(a.dtype(), DTypeOf<T>::value);
  std::vector<T> v(a.size());
  to_host(a, v.data());
  return v;
}

/// Bools travel as bytes (std::vector<bool> has no data()).
Array make_bools(const std::vector<uint8_t>& v, const Dims& shape) {
  return from_host(v.data(), shape, rt::contiguous_strides(shape, 1), DType::Bool);
}

std::vector<uint8_t> host_bools(const Array& a) {
  EXPECT_EQ(a.dtype(), DType::Bool);
  std::vector<uint8_t> v(a.size());
  to_host(a, v.data());
  return v;
}

template <class T>
std::vector<T> iota_vec(int64_t n, T start = T(0)) {
  std::vector<T> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = T(start + T(i));
  return v;
}

ReduceOptions over(std::vector<int64_t> axes, bool keepdims = false) {
  ReduceOptions o;
  o.axes = Axes::of(std::move(axes));
  o.keepdims = keepdims;
  return o;
}

enum class Setting { Eager, Deferred, OpenMP };

/// Runs each test under one mapper setting and restores the configuration afterwards.
class Reduce : public ::testing::TestWithParam<Setting> {
 protected:
  void SetUp() override {
    saved_ = rt::Runtime::get().mapper().config();
    rt::MapperConfig c = saved_;
    c.eager = GetParam() == Setting::Eager ? rt::EagerMode::Always : rt::EagerMode::Never;
    c.tiles = GetParam() == Setting::Eager ? 0 : 3;
    c.processor = GetParam() == Setting::OpenMP ? rt::Processor::OpenMP : rt::Processor::Cpu;
    rt::Runtime::get().configure(c);
  }
  void TearDown() override {
    rt::Runtime::get().sync();
    rt::Runtime::get().configure(saved_);
  }
  rt::MapperConfig saved_;
};

TEST_P(Reduce, SumFloat64OverEveryAxisCombination) {
  Array a = make(iota_vec<double>(24), Dims{2, 3, 4});  // a[i, j, k] = 12 i + 4 j + k
  Array all = sum(a, {});
  EXPECT_EQ(all.ndim(), 0);
  EXPECT_EQ(host<double>(all), std::vector<double>{276});
  std::vector<double> ax0, ax1, ax2, ax02;
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 4; ++k) ax0.push_back(2 * (4 * j + k) + 12);
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 4; ++k) ax1.push_back(3 * (12 * i + k) + 12);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) ax2.push_back(4 * (12 * i + 4 * j) + 6);
  for (int j = 0; j < 3; ++j) ax02.push_back(8 * 4 * j + 12 * 4 + 2 * 6);
  EXPECT_EQ(host<double>(sum(a, over({0}))), ax0);
  EXPECT_EQ(host<double>(sum(a, over({-2}))), ax1);
  EXPECT_EQ(host<double>(sum(a, over({2}))), ax2);
  EXPECT_EQ(host<double>(sum(a, over({2, 0}))), ax02);
  Array kept = sum(a, over({0, 2}, true));
  EXPECT_EQ(kept.shape(), (Dims{1, 3, 1}));
  EXPECT_EQ(host<double>(kept), ax02);
  EXPECT_EQ(host<double>(sum(a, over({}))), iota_vec<double>(24));
}

TEST_P(Reduce, SumOfViewsReadsTheirElements) {
  Array a = make(iota_vec<double>(20), Dims{4, 5});
  Array t = transpose(a);  // (5, 4)
  std::vector<double> rows_of_t;
  for (int c = 0; c < 5; ++c) rows_of_t.push_back(4 * c + 30);  // Σ_r (5 r + c)
  EXPECT_EQ(host<double>(sum(t, over({1}))), rows_of_t);
  EXPECT_EQ(host<double>(sum(t, {})), std::vector<double>{190});
  IndexItem rev{IndexItem::Kind::Slice, 0, IndexItem::kNone, IndexItem::kNone, -2};
  Array r = index(a, std::span<const IndexItem>(&rev, 1));  // rows 3, 1
  EXPECT_EQ(host<double>(sum(r, over({0}))), (std::vector<double>{20, 22, 24, 26, 28}));
}

TEST_P(Reduce, IntegerAccumulatorsFollowNumPy) {
  Array a = make(std::vector<int8_t>(100, 100), Dims{100});
  EXPECT_EQ(host<int64_t>(sum(a, {})), std::vector<int64_t>{10000});
  DType i8 = DType::Int8;
  ReduceOptions o;
  o.dtype = &i8;
  EXPECT_EQ(host<int8_t>(sum(a, o)), std::vector<int8_t>{int8_t(10000 % 256)});
  Array u = make(std::vector<uint8_t>{250, 250, 250}, Dims{3});
  EXPECT_EQ(host<uint64_t>(sum(u, {})), std::vector<uint64_t>{750});
  EXPECT_EQ(host<uint64_t>(prod(u, {})), std::vector<uint64_t>{250ull * 250 * 250});
  Array b = make_bools({1, 0, 1}, Dims{3});
  EXPECT_EQ(host<int64_t>(sum(b, {})), std::vector<int64_t>{2});
}

TEST_P(Reduce, MeanOfIntegersIsFloat64) {
  Array a = make(iota_vec<int32_t>(12), Dims{3, 4});
  EXPECT_EQ(host<double>(mean(a, {})), std::vector<double>{5.5});
  EXPECT_EQ(host<double>(mean(a, over({0}))), (std::vector<double>{4, 5, 6, 7}));
  EXPECT_EQ(host<double>(mean(a, over({1}))), (std::vector<double>{1.5, 5.5, 9.5}));
  Array f = make(std::vector<float16>{float16(1), float16(2)}, Dims{2});
  EXPECT_EQ(mean(f, {}).dtype(), DType::Float16);
  EXPECT_EQ(float(host<float16>(mean(f, {}))[0]), 1.5f);
}

TEST_P(Reduce, VarAndStdWithDdof) {
  Array a = make(std::vector<double>{1, 2, 3, 4}, Dims{4});
  EXPECT_EQ(host<double>(var(a, {}, 0)), std::vector<double>{1.25});
  EXPECT_EQ(host<double>(var(a, {}, 1)), std::vector<double>{5.0 / 3});
  EXPECT_DOUBLE_EQ(host<double>(tessera::std(a, {}, 0))[0], std::sqrt(1.25));
  Array c = make(std::vector<complex128>{{1, 1}, {2, 0}}, Dims{2});
  EXPECT_EQ(var(c, {}, 0).dtype(), DType::Float64);
  EXPECT_DOUBLE_EQ(host<double>(var(c, {}, 0))[0], 0.5);
}

TEST_P(Reduce, ArgmaxFirstOccurrenceAndNaN) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  Array a = make(std::vector<double>{3, 1, 3, 0, nan, 2, 5, nan}, Dims{2, 4});
  EXPECT_EQ(host<int64_t>(argmax(a, std::nullopt, false, nullptr)), std::vector<int64_t>{4});
  EXPECT_EQ(host<int64_t>(argmin(a, std::nullopt, false, nullptr)), std::vector<int64_t>{4});
  EXPECT_EQ(host<int64_t>(argmax(a, 0, false, nullptr)), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_EQ(host<int64_t>(argmax(a, 1, false, nullptr)), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(host<int64_t>(argmin(a, 1, true, nullptr)), (std::vector<int64_t>{3, 0}));
  Array t = make(std::vector<int16_t>{2, 2, 0, 0}, Dims{4});
  EXPECT_EQ(host<int64_t>(argmax(t, std::nullopt, false, nullptr)), std::vector<int64_t>{0});
  EXPECT_EQ(host<int64_t>(argmin(t, -1, false, nullptr)), std::vector<int64_t>{2});
  EXPECT_THROW(argmax(make(std::vector<double>{}, Dims{0}), std::nullopt, false, nullptr),
               ValueError);
}

TEST_P(Reduce, MaxMinPropagateNaNAndNeedAnIdentity) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  Array a = make(std::vector<float>{1, nan, 3, -2, 0, 4}, Dims{2, 3});
  EXPECT_TRUE(std::isnan(host<float>(amax(a, {}))[0]));
  std::vector<float> m0 = host<float>(amin(a, over({0})));
  EXPECT_EQ(m0[0], -2);
  EXPECT_TRUE(std::isnan(m0[1]));
  EXPECT_EQ(m0[2], 3);
  Array e = make(std::vector<float>{}, Dims{0, 3});
  EXPECT_THROW(amax(e, over({0})), ValueError);
  Scalar init = Scalar::of_double(-7.0);
  ReduceOptions o = over({0});
  o.initial = &init;
  EXPECT_EQ(host<float>(amax(e, o)), (std::vector<float>{-7, -7, -7}));
  EXPECT_EQ(host<double>(sum(make(std::vector<double>{}, Dims{0, 3}), over({0}))),
            (std::vector<double>{0, 0, 0}));
}

TEST_P(Reduce, AxisErrors) {
  Array a = make(iota_vec<double>(6), Dims{2, 3});
  EXPECT_THROW(sum(a, over({2})), AxisError);
  EXPECT_THROW(sum(a, over({0, -2})), ValueError);
  EXPECT_THROW(reduce(Ufunc::subtract, a, {}), ValueError);  // not reorderable, two axes
}

TEST_P(Reduce, GenericUfuncReduceRunsInOrder) {
  Array a = make(std::vector<int64_t>{10, 1, 2, 3, 20, 5, 5, 5}, Dims{2, 4});
  EXPECT_EQ(host<int64_t>(reduce(Ufunc::subtract, a, over({1}))),
            (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(host<int64_t>(reduce(Ufunc::subtract, a, over({0}))),
            (std::vector<int64_t>{-10, -4, -3, -2}));
  Array x = make(std::vector<int64_t>{5, 3, 6}, Dims{3});
  EXPECT_EQ(host<int64_t>(reduce(Ufunc::bitwise_xor, x, {})), std::vector<int64_t>{0});
  EXPECT_EQ(host<int64_t>(reduce(Ufunc::subtract, x, {})), std::vector<int64_t>{-4});
}

TEST_P(Reduce, LogicalReductionsAndCounts) {
  Array a = make(std::vector<double>{0, 0, 1, 0, 2, 3}, Dims{2, 3});
  EXPECT_EQ(host_bools(any(a, over({1}))), (std::vector<uint8_t>{1, 1}));
  EXPECT_EQ(host_bools(all(a, over({0}))), (std::vector<uint8_t>{0, 0, 1}));
  EXPECT_EQ(host_bools(all(a, {})), std::vector<uint8_t>{0});
  EXPECT_EQ(host<int64_t>(count_nonzero(a, Axes::none(), false)), std::vector<int64_t>{3});
  EXPECT_EQ(host<int64_t>(count_nonzero(a, Axes::of({0}), false)),
            (std::vector<int64_t>{0, 1, 2}));
}

TEST_P(Reduce, LargeReductionsTakeEveryPath) {
  // Row-wise (kept dim innermost), per-output (reduced innermost) and split-output paths.
  const int64_t rows = 300, cols = 2000;
  std::vector<double> v(rows * cols);
  for (int64_t i = 0; i < rows * cols; ++i) v[i] = double(i % 7) - 3;
  Array a = make(v, Dims{rows, cols});
  std::vector<double> col(cols, 0), row(rows, 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      col[c] += v[r * cols + c];
      row[r] += v[r * cols + c];
    }
  EXPECT_EQ(host<double>(sum(a, over({0}))), col);
  EXPECT_EQ(host<double>(sum(a, over({1}))), row);
  double total = std::accumulate(v.begin(), v.end(), 0.0);
  EXPECT_EQ(host<double>(sum(a, {}))[0], total);
  Array wide = make(v, Dims{2, rows * cols / 2});
  std::vector<double> halves = host<double>(sum(wide, over({1})));
  EXPECT_EQ(halves[0] + halves[1], total);
  std::vector<int64_t> idx = host<int64_t>(argmax(a, 0, false, nullptr));
  // The first r with (2000 r + c) % 7 == 6, i.e. r = 3 (6 - c) mod 7 (2000 = 5 mod 7).
  for (int64_t c = 0; c < cols; c += 97) EXPECT_EQ(idx[c], (18 - 3 * (c % 7) + 21) % 7) << c;
}

TEST_P(Reduce, Float32SumIsPairwiseAccurate) {
  const int64_t n = 1 << 22;
  Array a = make(std::vector<float>(n, 0.1f), Dims{n});
  double want = double(0.1f) * n;
  EXPECT_NEAR(host<float>(sum(a, {}))[0], want, want * 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Settings, Reduce,
                         ::testing::Values(Setting::Eager, Setting::Deferred, Setting::OpenMP),
                         [](const auto& info) {
                           switch (info.param) {
                             case Setting::Eager: return "Eager";
                             case Setting::Deferred: return "Deferred";
                             default: return "OpenMP";
                           }
                         });

}  // namespace
}  // namespace tessera
