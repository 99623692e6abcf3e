// Futures: a reduction (point partials folded into a 0-d store) consumed by later launches as a
// scalar argument without waiting in between.
#include <numeric>

#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeFutures : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    deferred(4);
  }
};

std::vector<int64_t> iota(int64_t n, int64_t start = 0) {
  std::vector<int64_t> v(n);
  std::iota(v.begin(), v.end(), start);
  return v;
}

TEST_F(RuntimeFutures, ReductionFoldsPartialsInto0dStore) {
  Store x = i64({100});
  write_all(x, iota(100, 1));
  Store s = i64({});
  Runtime::get().launch(sum_launch(x, s, {7, 0}));
  EXPECT_EQ(read_all(s), std::vector<int64_t>{5050 + 7});
}

TEST_F(RuntimeFutures, FutureFeedsLaterLaunchWithoutWaiting) {
  Store x = i64({40, 3});
  write_all(x, iota(120));
  Store s = i64({}), y = i64({40, 3}), s2 = i64({}), z = i64({40, 3});
  auto& rt = Runtime::get();
  auto before = rt.stats();
  rt.launch(sum_launch(x, s, {0, 20000}));  // slow partials: the consumer must wait for the fold
  rt.launch(add_scalar_launch(x, s, y));    // y = x + sum(x)
  rt.launch(sum_launch(y, s2, {1, 5000}));  // s2 = sum(y) + 1
  rt.launch(add_scalar_launch(y, s2, z));   // z = y + s2
  // Nothing above waited: all four launches are outstanding or finished asynchronously.
  EXPECT_EQ(rt.stats().eager_launches, before.eager_launches);
  EXPECT_EQ(rt.stats().deferred_launches - before.deferred_launches, 4);

  int64_t sx = 119 * 120 / 2;
  int64_t sy = sx + 120 * sx;
  int64_t s2v = sy + 1;
  std::vector<int64_t> got = read_all(z);
  ASSERT_EQ(got.size(), 120u);
  for (int i = 0; i < 120; ++i) ASSERT_EQ(got[i], i + sx + s2v) << "element " << i;
  EXPECT_EQ(read_all(s), std::vector<int64_t>{sx});
  EXPECT_EQ(read_all(s2), std::vector<int64_t>{s2v});
}

TEST_F(RuntimeFutures, FutureOverwrittenWhileConsumersStillReadOldValue) {
  // WAR on the 0-d store: a second reduction into the same future must wait for the readers of
  // the first value.
  Store x = i64({16}), y = i64({16}), s = i64({});
  write_all(x, iota(16));
  auto& rt = Runtime::get();
  rt.launch(sum_launch(x, s));                     // s = 120
  rt.launch(add_scalar_launch(x, s, y, 20000));    // slow consumer: y = x + 120
  Store w = i64({16});
  write_all(w, iota(16, 1000));
  rt.launch(sum_launch(w, s));                     // s = sum(w): must wait for the consumer
  std::vector<int64_t> want = iota(16, 120);
  EXPECT_EQ(read_all(y), want);
  EXPECT_EQ(read_all(s), std::vector<int64_t>{16 * 1000 + 120});
}

TEST_F(RuntimeFutures, ChainOfReductionsThroughOneFuture) {
  // s = sum(x) + 1; t = x + s; x = t; repeated without waiting.
  Store x = i64({12}), s = i64({}), t = i64({12});
  write_all(x, std::vector<int64_t>(12, 1));
  write_all(s, {0});
  auto& rt = Runtime::get();
  std::vector<int64_t> hx(12, 1);
  int64_t hs = 0;
  for (int i = 0; i < 10; ++i) {  // values grow ~13x per round: stay below 2^63
    rt.launch(sum_launch(x, s, {1, 0}));
    hs = std::accumulate(hx.begin(), hx.end(), int64_t(0)) + 1;
    rt.launch(add_scalar_launch(x, s, t));
    for (auto& v : hx) v = v + hs;
    Params p;  // x = t (a copy)
    p.mode = Mode::Affine;
    rt.launch(affine_launch(p, &t, x));
  }
  EXPECT_EQ(read_all(x), hx);
  EXPECT_EQ(read_all(s), std::vector<int64_t>{hs});
}

}  // namespace
}  // namespace tessera::rttest
