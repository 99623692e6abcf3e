// The eager path: small launches run inline on the calling thread, and still respect outstanding
// deferred work on the stores they touch.
#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeEager : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    g_affine_bodies = 0;
  }
};

TEST_F(RuntimeEager, AlwaysRunsInline) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Always;
    c.tiles = 4;
  });
  auto& rt = Runtime::get();
  Store x = i64({4096});
  auto s0 = rt.stats();
  Params f;
  f.mode = Mode::Fill;
  f.b = 1;
  rt.launch(affine_launch(f, nullptr, x));
  // Done before launch returned: the body ran, nothing is in flight.
  EXPECT_EQ(g_affine_bodies.load(), 1) << "an eager launch runs as one point";
  EXPECT_EQ(rt.tasks_in_flight(), 0);
  auto s1 = rt.stats();
  EXPECT_EQ(s1.eager_launches - s0.eager_launches, 1);
  EXPECT_EQ(s1.deferred_launches, s0.deferred_launches);
  EXPECT_EQ(s1.points - s0.points, 1);
  // The bytes are in the host instance already.
  ASSERT_TRUE(x.root->has_instance(rt::Memory::Host));
  const int64_t* p = reinterpret_cast<const int64_t*>(rt.host_read(x));
  EXPECT_EQ(p[0], 1);
  EXPECT_EQ(p[4095], 4095 * 1000 + 1);
}

TEST_F(RuntimeEager, AutoUsesThreshold) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Auto;
    c.eager_threshold = 100;
    c.tiles = 4;
  });
  auto& rt = Runtime::get();
  Store small = i64({99}), big = i64({100});
  Params f;
  f.mode = Mode::Fill;
  auto s0 = rt.stats();
  rt.launch(affine_launch(f, nullptr, small));
  auto s1 = rt.stats();
  EXPECT_EQ(s1.eager_launches - s0.eager_launches, 1);
  rt.launch(affine_launch(f, nullptr, big));
  auto s2 = rt.stats();
  EXPECT_EQ(s2.deferred_launches - s1.deferred_launches, 1);
  EXPECT_EQ(read_all(big)[99], 99000);
  EXPECT_EQ(read_all(small)[98], 98000);
}

TEST_F(RuntimeEager, EagerLaunchSeesOutstandingDeferredWrite) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Auto;
    c.eager_threshold = 64;
    c.tiles = 4;
  });
  auto& rt = Runtime::get();
  Model m;
  Store x = m.add_root({64, 4}, 1), s = m.add_root({1, 4}, 2);
  Params slow;
  slow.mode = Mode::Fill;
  slow.b = 9;
  slow.sleep_us = 20000;
  auto s0 = rt.stats();
  m.launch(slow, nullptr, x);  // 256 elements: deferred, slow
  EXPECT_EQ(rt.stats().deferred_launches - s0.deferred_launches, 1);
  Params copy;
  copy.mode = Mode::Affine;
  copy.b = 1;
  Store row = slice(x, 0, 50, 1);  // x[50:51]: 4 elements, eager
  m.launch(copy, &row, s);
  EXPECT_EQ(rt.stats().eager_launches - s0.eager_launches, 1);
  // The eager launch finished before returning (after x's writer of row 50): its result is in
  // the host instance of s already, without any further wait.
  {
    std::lock_guard lock(s.root->mutex());
    ASSERT_TRUE(s.root->has_instance(rt::Memory::Host));
    const int64_t* p = reinterpret_cast<const int64_t*>(s.root->instance(rt::Memory::Host));
    for (int c = 0; c < 4; ++c) EXPECT_EQ(p[c], 50 * 1000 + c + 9 + 1) << "column " << c;
  }
  EXPECT_EQ(m.check("eager after deferred write"), 0);
}

TEST_F(RuntimeEager, EagerWriteWaitsForOutstandingDeferredReader) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Auto;
    c.eager_threshold = 64;
    c.tiles = 4;
  });
  Model m;
  Store x = m.add_root({64, 4}, 1), y = m.add_root({64, 4}, 2), z = m.add_root({2, 4}, 3);
  Params slow;
  slow.mode = Mode::Affine;
  slow.odd_sleep_us = 20000;
  Store xr = reversed(x);
  m.launch(slow, &xr, y);                  // deferred slow reader of x
  Params f;
  f.mode = Mode::Fill;
  f.b = -1;
  m.launch(f, nullptr, slice(x, 0, 3, 2, 30));  // eager writer of x rows 3 and 33
  Params copy;
  copy.mode = Mode::Affine;
  m.launch(copy, &z, slice(x, 0, 62, 2));       // eager writer of x rows 62, 63
  EXPECT_EQ(m.check("eager WAR"), 0);
}

TEST_F(RuntimeEager, EagerReductionFoldsInline) {
  use([](rt::MapperConfig& c) { c.eager = rt::EagerMode::Always; });
  auto& rt = Runtime::get();
  Store x = i64({50}), s = i64({}), y = i64({50});
  std::vector<int64_t> v(50);
  for (int i = 0; i < 50; ++i) v[i] = i;
  write_all(x, v);
  rt.launch(sum_launch(x, s, {3, 0}));
  EXPECT_EQ(rt.tasks_in_flight(), 0);
  EXPECT_EQ(read_all(s), std::vector<int64_t>{1225 + 3});
  rt.launch(add_scalar_launch(x, s, y));
  EXPECT_EQ(read_all(y)[10], 10 + 1228);
}

TEST_F(RuntimeEager, MixedEagerAndDeferredChainMatchesSequential) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Auto;
    c.eager_threshold = 40;
    c.tiles = 3;
  });
  Model m;
  Store a = m.add_root({12, 4}, 1), b = m.add_root({12, 4}, 2);
  for (int i = 0; i < 60; ++i) {
    Params p;
    p.mode = i % 3 == 0 ? Mode::Accum : Mode::Affine;
    p.b = i;
    p.odd_sleep_us = i % 7 == 0 ? 3000 : 0;
    bool small = i % 2 == 0;
    Store src = i % 4 < 2 ? a : b, dst = i % 4 < 2 ? b : a;
    if (small) {  // 2 rows: 8 elements, eager
      Store s = slice(src, 0, i % 10, 2), d = slice(dst, 0, 11 - i % 10 - 1, 2, -1);
      m.launch(p, &s, d);
    } else {  // 48 elements, deferred
      Store s = reversed(src);
      m.launch(p, &s, dst);
    }
  }
  EXPECT_EQ(m.check("mixed eager/deferred"), 0);
}

}  // namespace
}  // namespace tessera::rttest
