// Dependence analysis: RAW, WAR and WAW through overlapping views of one root, concurrent readers,
// long chains of small launches, and randomized launch sequences checked against sequential
// execution on the host.
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <random>

#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeDeps : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    deferred(4);
  }
};

constexpr int kSlow = 25000;  // microseconds a "slow" launch sleeps before touching memory

Params fill(int64_t b, int32_t sleep = 0) {
  Params p;
  p.mode = Mode::Fill;
  p.b = b;
  p.sleep_us = sleep;
  return p;
}
Params affine(int64_t a, int64_t b, int32_t sleep = 0) {
  Params p;
  p.mode = Mode::Affine;
  p.a = a;
  p.b = b;
  p.sleep_us = sleep;
  return p;
}
Params accum(int64_t a, int64_t b, int32_t sleep = 0) {
  Params p = affine(a, b, sleep);
  p.mode = Mode::Accum;
  return p;
}

// ---- read after write -------------------------------------------------------------------------

TEST_F(RuntimeDeps, ReadAfterWriteThroughRowOffsetView) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2);
  m.launch(fill(7, kSlow), nullptr, x);  // slow writer of all of x
  Store x1 = slice(x, 0, 1, 7), y0 = slice(y, 0, 0, 7);
  m.launch(affine(3, 1), &x1, y0);  // fast reader of x[1:]
  EXPECT_EQ(m.check("RAW x[1:]"), 0);
}

TEST_F(RuntimeDeps, ReadAfterWriteThroughReversedView) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2);
  Params slow = fill(5, kSlow / 5);
  slow.odd_sleep_us = kSlow;  // tiles finish out of order
  m.launch(slow, nullptr, x);
  Store xr = reversed(x);
  m.launch(affine(2, 0), &xr, y);  // point 0 of y reads the *last* tile of x
  EXPECT_EQ(m.check("RAW x[::-1]"), 0);
}

TEST_F(RuntimeDeps, ReadAfterWriteThroughTransposedView) {
  Model m;
  Store x = m.add_root({8, 8}, 1), y = m.add_root({8, 8}, 2);
  Params slow = fill(9, 0);
  slow.odd_sleep_us = kSlow;
  m.launch(slow, nullptr, x);
  Store xt = transposed(x);
  m.launch(affine(1, 0), &xt, y);  // every point of y reads a column: all tiles of x
  EXPECT_EQ(m.check("RAW x.T"), 0);
}

TEST_F(RuntimeDeps, ReadAfterPartialWriteThroughStridedView) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2), z = m.add_root({4, 4}, 3);
  Store xs = slice(x, 0, 1, 4, 2);  // x[1::2]
  m.launch(affine(1, 11, kSlow), &z, xs);  // slow partial writer of odd rows
  m.launch(affine(1, 0), &x, y);           // reads all of x
  EXPECT_EQ(m.check("RAW x[1::2]"), 0);
}

TEST_F(RuntimeDeps, ReadAfterWriteThroughBroadcastRow) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2);
  Store x6 = slice(x, 0, 6, 1);  // x[6:7], in tile 3
  Store z = m.add_root({1, 4}, 3);
  m.launch(affine(1, 100, kSlow), &z, x6);
  Store b = broadcast_row(x, 6, 8);  // x[6] broadcast over 8 rows: every point reads tile 3
  m.launch(affine(1, 0), &b, y);
  EXPECT_EQ(m.check("RAW broadcast"), 0);
}

// ---- write after read -------------------------------------------------------------------------

TEST_F(RuntimeDeps, WriteAfterReadThroughStridedView) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({4, 4}, 2);
  Store xe = slice(x, 0, 0, 4, 2);  // x[::2]
  m.launch(affine(1, 0, kSlow), &xe, y);  // slow reader
  m.launch(fill(42), nullptr, x);         // fast writer must wait for it
  EXPECT_EQ(m.check("WAR x[::2]"), 0);
}

TEST_F(RuntimeDeps, WriteAfterReadThroughReversedView) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2);
  Store xr = reversed(x);
  Params slow = affine(1, 0, 0);
  slow.odd_sleep_us = kSlow;
  m.launch(slow, &xr, y);
  Store x0 = slice(x, 0, 0, 7);  // x[:-1]: written tile-aligned differently
  Store z = m.add_root({7, 4}, 3);
  m.launch(affine(-1, 0), &z, x0);
  EXPECT_EQ(m.check("WAR x[::-1]"), 0);
}

TEST_F(RuntimeDeps, WriteAfterReadThroughTransposedView) {
  Model m;
  Store x = m.add_root({8, 8}, 1), y = m.add_root({8, 8}, 2);
  Store xt = transposed(x);
  Params slow = affine(1, 0, 0);
  slow.odd_sleep_us = kSlow;
  m.launch(slow, &xt, y);
  m.launch(accum(0, 5), &y, x);  // x += 5 (ReadWrite), must wait for every reader point
  EXPECT_EQ(m.check("WAR x.T"), 0);
}

// ---- write after write ------------------------------------------------------------------------

TEST_F(RuntimeDeps, WriteAfterWriteThroughOffsetViews) {
  Model m;
  Store x = m.add_root({8, 4}, 1), z = m.add_root({7, 4}, 2);
  m.launch(affine(1, 1000, kSlow), &z, slice(x, 0, 1, 7));  // slow: x[1:] = z + 1000
  m.launch(affine(1, 2000), &z, slice(x, 0, 0, 7));         // fast: x[:-1] = z + 2000
  EXPECT_EQ(m.check("WAW x[1:] / x[:-1]"), 0);
}

TEST_F(RuntimeDeps, WriteAfterWriteThroughReversedAndTransposedViews) {
  Model m;
  Store x = m.add_root({8, 8}, 1);
  Params slow = fill(1, 0);
  slow.odd_sleep_us = kSlow;
  m.launch(slow, nullptr, x);
  m.launch(fill(2), nullptr, reversed(x));
  m.launch(slow, nullptr, transposed(x));
  m.launch(fill(3), nullptr, reversed(transposed(x), 1));
  EXPECT_EQ(m.check("WAW rev/T"), 0);
}

TEST_F(RuntimeDeps, WriteAfterWriteWithReadersInBetween) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2), w = m.add_root({8, 4}, 3);
  m.launch(fill(1, kSlow), nullptr, x);  // W1
  Store xr = reversed(x);
  m.launch(affine(1, 0), &xr, y);        // R (after W1)
  m.launch(accum(1, 1), &y, w);          // unrelated root
  m.launch(fill(2), nullptr, x);         // W2: after R and W1
  m.launch(accum(2, 0), &x, y);          // after W2 and R's write of y
  EXPECT_EQ(m.check("WAW with readers"), 0);
}

// ---- host access ------------------------------------------------------------------------------

TEST_F(RuntimeDeps, HostWriteWaitsForOutstandingReaderOfView) {
  Model m;
  Store x = m.add_root({8, 4}, 1), y = m.add_root({8, 4}, 2);
  Store xt = reversed(x);
  Params slow = affine(1, 0, kSlow);
  m.launch(slow, &xt, y);  // slow reader of x
  // The host overwrites x[2] while the reader may still be sleeping.
  Store row = slice(x, 0, 2, 1);
  unsigned char* base = reinterpret_cast<unsigned char*>(Runtime::get().host_write(row)) - row.offset;
  for (int c = 0; c < 4; ++c) {
    *elem(base, row, 0, c) = -1;
    *elem(m.mirror(x).data(), row, 0, c) = -1;
  }
  EXPECT_EQ(m.check("host_write after reader"), 0);
}

TEST_F(RuntimeDeps, HostWriteWaitsForOutstandingWriter) {
  Model m;
  Store x = m.add_root({8, 4}, 1), z = m.add_root({4, 4}, 2);
  Store odd = slice(x, 0, 1, 4, 2);
  m.launch(affine(1, 50, kSlow), &z, odd);  // slow writer of x[1::2]
  Store row = slice(x, 0, 5, 1);            // x[5] is one of them
  unsigned char* base = reinterpret_cast<unsigned char*>(Runtime::get().host_write(row)) - row.offset;
  for (int c = 0; c < 4; ++c) {
    *elem(base, row, 0, c) += 7;  // read-modify-write sees the task's result
    *elem(m.mirror(x).data(), row, 0, c) += 7;
  }
  EXPECT_EQ(m.check("host_write after writer"), 0);
}

// ---- concurrent readers -----------------------------------------------------------------------

/// Two reader launches meet at a rendezvous: each arrives and waits (with a timeout) for the
/// other. If the runtime ordered the second after the first, the first times out.
struct Rendezvous {
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  std::atomic<int> met{0};
};
Rendezvous* g_rendezvous = nullptr;

void rendezvous_body(TaskContext& ctx) {
  Rendezvous& r = *g_rendezvous;
  {
    std::unique_lock lock(r.mu);
    ++r.arrived;
    r.cv.notify_all();
    if (r.cv.wait_for(lock, std::chrono::seconds(3), [&] { return r.arrived >= 2; })) {
      r.met.fetch_add(1);
    }
  }
  // Copy the read store (arg 0, whole) to the output (arg 1) so the reads are real.
  const Store& in = ctx.store(0);
  std::memcpy(ctx.base[1], ctx.base[0], in.size() * 8);
}
const rt::TaskVariants kRendezvous{"test_rendezvous", &rendezvous_body, nullptr};

TEST_F(RuntimeDeps, TwoReadersDoNotWaitForEachOther) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Never;
    c.tiles = 1;
    c.threads = std::max(c.threads, 3);
  });
  Rendezvous r;
  g_rendezvous = &r;
  Model m;
  Store x = m.add_root({6}, 1);
  m.launch(fill(3), nullptr, x);  // both readers depend on this writer
  Store y1 = i64({6}), y2 = i64({6});
  for (const Store* y : {&y1, &y2}) {
    rt::Launch l;
    l.task = &kRendezvous;
    l.domain = Dims{6};
    l.args.push_back(LaunchArg{x, Privilege::Read, Slicing::Whole});
    l.args.push_back(LaunchArg{*y, Privilege::Write, Slicing::Whole});
    l.max_points = 1;
    Runtime::get().launch(std::move(l));
  }
  // A writer of x after both readers must wait for both (and not deadlock).
  m.launch(fill(4), nullptr, x);
  Runtime::get().sync();
  EXPECT_EQ(r.met.load(), 2) << "the two reader launches did not run concurrently";
  std::vector<int64_t> want;
  for (int i = 0; i < 6; ++i) want.push_back(1000 * i + 3);
  EXPECT_EQ(read_all(y1), want);
  EXPECT_EQ(read_all(y2), want);
  EXPECT_EQ(m.check("readers"), 0);
  g_rendezvous = nullptr;
}

// ---- many small launches ----------------------------------------------------------------------

TEST_F(RuntimeDeps, ThousandChainedIncrementsOverThreeTiles) {
  deferred(3);
  Store x = i64({30});
  Store one = i64({30});
  write_all(x, std::vector<int64_t>(30, 0));
  write_all(one, std::vector<int64_t>(30, 1));
  auto before = Runtime::get().stats();
  for (int i = 0; i < 1000; ++i) Runtime::get().launch(affine_launch(accum(1, 0), &one, x));
  std::vector<int64_t> got = read_all(x);
  EXPECT_EQ(got, std::vector<int64_t>(30, 1000));
  auto after = Runtime::get().stats();
  EXPECT_EQ(after.deferred_launches - before.deferred_launches, 1000);
  EXPECT_EQ(after.points - before.points, 3000);
  Runtime::get().sync();  // (host_read returns when the writers are done, maybe before bookkeeping)
  EXPECT_EQ(Runtime::get().tasks_in_flight(), 0);
}

TEST_F(RuntimeDeps, PingPongChainThroughReversedViews) {
  deferred(3);
  Model m;
  Store a = m.add_root({9, 2}, 1), b = m.add_root({9, 2}, 2);
  for (int i = 0; i < 200; ++i) {
    Store ar = reversed(a), br = reversed(b);
    if (i % 2) {
      m.launch(affine(1, i), &ar, b);
    } else {
      m.launch(accum(1, i), &br, a);
    }
  }
  EXPECT_EQ(m.check("ping-pong"), 0);
}

// ---- randomized sequences ---------------------------------------------------------------------

/// Views of an n x n root grouped by shape; `writable` is false for broadcasts.
struct ViewSet {
  std::vector<std::vector<std::pair<Store, bool>>> by_shape;
};

ViewSet views_of(const Store& x) {
  int64_t n = x.shape[0];
  ViewSet v;
  v.by_shape.resize(4);
  auto& full = v.by_shape[0];  // (n, n)
  full = {{x, true},
          {reversed(x), true},
          {reversed(x, 1), true},
          {transposed(x), true},
          {reversed(transposed(x)), true},
          {broadcast_row(x, 2, n), false},
          {broadcast_row(x, n - 1, n), false}};
  auto& minus1 = v.by_shape[1];  // (n - 1, n)
  minus1 = {{slice(x, 0, 1, n - 1), true},
            {slice(x, 0, 0, n - 1), true},
            {reversed(slice(x, 0, 1, n - 1)), true},
            {slice(transposed(x), 0, 1, n - 1), true}};
  auto& half = v.by_shape[2];  // (n / 2, n)
  half = {{slice(x, 0, 0, n / 2, 2), true},
          {slice(x, 0, 1, n / 2, 2), true},
          {slice(x, 0, n / 2, n / 2), true},
          {slice(x, 0, n - 1, n / 2, -2), true},
          {slice(transposed(x), 0, 0, n / 2, 2), true}};
  auto& cols = v.by_shape[3];  // (n, n / 2)
  cols = {{slice(x, 1, 0, n / 2, 2), true},
          {slice(x, 1, 1, n / 2, 2), true},
          {slice(reversed(x), 1, n / 2, n / 2), true},
          {slice(transposed(x), 1, n - 1, n / 2, -2), true}};
  return v;
}

TEST_F(RuntimeDeps, RandomLaunchSequencesMatchSequentialExecution) {
  // TESSERA_TEST_SEEDS=N runs N seeds (a longer stress run); the default keeps the test fast.
  const char* env = std::getenv("TESSERA_TEST_SEEDS");
  const int kSeeds = env && std::atoi(env) > 0 ? std::atoi(env) : 24;
  constexpr int kLaunches = 12, n = 8;
  int failures = 0;
  for (int seed = 0; seed < kSeeds && failures == 0; ++seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int k) { return static_cast<int>(rng() % k); };
    // Vary the tile count, run half the seeds in the fake device memory, and let a third use the
    // eager path for the small (n/2 x n) launches.
    use([&](rt::MapperConfig& c) {
      c.tiles = 2 + seed % 4;
      c.fake_device = seed % 2 == 1;
      c.eager = seed % 3 == 2 ? rt::EagerMode::Auto : rt::EagerMode::Never;
      c.eager_threshold = 40;
    });
    Model m;
    std::vector<Store> roots;
    std::vector<ViewSet> views;
    for (int i = 0; i < 3; ++i) {
      roots.push_back(m.add_root({n, n}, i + 1));
      views.push_back(views_of(roots.back()));
    }
    for (int step = 0; step < kLaunches; ++step) {
      int shape = pick(4);
      int out_root = pick(3), in_root = (out_root + 1 + pick(2)) % 3;
      const auto& outs = views[out_root].by_shape[shape];
      const auto& ins = views[in_root].by_shape[shape];
      std::pair<Store, bool> out;
      do out = outs[pick(outs.size())];
      while (!out.second);
      const Store& in = ins[pick(ins.size())].first;
      Params p;
      p.mode = static_cast<Mode>(pick(3));
      p.a = 1 + pick(3);
      p.b = pick(1000);
      p.sleep_us = pick(3) == 0 ? pick(1500) : 0;
      p.odd_sleep_us = pick(3) == 0 ? pick(1500) : 0;
      m.launch(p, &in, out.first);
      if (pick(8) == 0) {  // an intermediate host read of one root
        int r = pick(3);
        if (!m.check_root(roots[r], "intermediate host_read")) ++failures;
      }
      if (pick(8) == 0) {  // an intermediate host write of one element through a view
        const auto& vs = views[pick(3)].by_shape[pick(4)];
        const auto& v = vs[pick(vs.size())];
        if (v.second) {
          int64_t r = pick(v.first.shape[0]), c = pick(v.first.shape[1]), val = pick(100000);
          unsigned char* base =
              reinterpret_cast<unsigned char*>(Runtime::get().host_write(v.first)) - v.first.offset;
          *elem(base, v.first, r, c) = val;
          *elem(m.mirror(v.first).data(), v.first, r, c) = val;
        }
      }
    }
    int bad = m.check("random sequence");
    if (bad) ADD_FAILURE() << "seed " << seed << ": " << bad << " roots differ";
    failures += bad;
  }
}

}  // namespace
}  // namespace tessera::rttest
