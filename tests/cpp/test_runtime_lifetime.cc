// Lifetimes and configuration: roots are freed when their last Store dies (DESIGN.md §5: memory
// is given back when an array dies), and configure() restarts workers as documented.
#include <thread>

#include "runtime/allocator.h"
#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeLifetime : public RuntimeTest {};

Params fill_params() {
  Params p;
  p.mode = Mode::Fill;
  return p;
}

TEST_F(RuntimeLifetime, RootFreedAfterEagerLaunch) {
  use([](rt::MapperConfig& c) { c.eager = rt::EagerMode::Always; });
  std::weak_ptr<rt::Root> weak;
  {
    Store x = i64({64});
    weak = x.root;
    Runtime::get().launch(affine_launch(fill_params(), nullptr, x));
    EXPECT_EQ(read_all(x)[1], 1000);
  }
  EXPECT_TRUE(weak.expired());
}

TEST_F(RuntimeLifetime, RootFreedAfterDeferredWrite) {
  deferred(4);
  std::weak_ptr<rt::Root> weak;
  {
    Store x = i64({64});
    weak = x.root;
    Runtime::get().launch(affine_launch(fill_params(), nullptr, x));
    Runtime::get().sync();
  }
  // Nothing outstanding, no Store left: the root (and its instances) must be gone.
  EXPECT_TRUE(weak.expired()) << "a finished deferred launch keeps its output root alive "
                                 "(root -> tile writers -> Task -> LaunchState -> Store -> root)";
}

TEST_F(RuntimeLifetime, RootFreedAfterDeferredRead) {
  deferred(4);
  Store y = i64({64});
  std::weak_ptr<rt::Root> weak;
  {
    Store x = i64({64});
    weak = x.root;
    write_all(x, std::vector<int64_t>(64, 2));
    Params copy;
    copy.mode = Mode::Affine;
    Runtime::get().launch(affine_launch(copy, &x, y));
    Runtime::get().sync();
  }
  EXPECT_TRUE(weak.expired()) << "a finished reader keeps its input root alive";
  EXPECT_EQ(read_all(y)[5], 2);
}

TEST_F(RuntimeLifetime, TemporariesDoNotAccumulate) {
  // c = a + b in a loop with a fresh temporary each time: host memory held by dead temporaries
  // must be given back (to the allocator's cache, which then reuses it).
  deferred(2);
  Store a = i64({1024});
  write_all(a, std::vector<int64_t>(1024, 1));
  std::vector<std::weak_ptr<rt::Root>> temps;
  Params copy;
  copy.mode = Mode::Affine;
  for (int i = 0; i < 20; ++i) {
    Store t = i64({1024});
    temps.push_back(t.root);
    Runtime::get().launch(affine_launch(copy, &a, t));
  }
  Runtime::get().sync();
  int alive = 0;
  for (auto& w : temps) alive += !w.expired();
  EXPECT_EQ(alive, 0) << alive << " of 20 dead temporaries are still allocated";
}

TEST_F(RuntimeLifetime, ConfigureWithZeroThreadsMeansOnePerCore) {
  // MapperConfig::threads documents 0 as "one per core" (as TESSERA_THREADS=0 does).
  rt::MapperConfig c = saved_;
  c.threads = 0;
  Runtime::get().configure(c);
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(Runtime::get().num_workers(), cores);
  // Work still completes.
  Store x = i64({64});
  Runtime::get().launch(affine_launch(fill_params(), nullptr, x));
  EXPECT_EQ(read_all(x)[63], 63000);
}

TEST_F(RuntimeLifetime, ConfigureChangesWorkerCount) {
  use([](rt::MapperConfig& c) {
    c.threads = 3;
    c.eager = rt::EagerMode::Never;
    c.tiles = 3;
  });
  EXPECT_EQ(Runtime::get().num_workers(), 3);
  Store x = i64({30});
  Runtime::get().launch(affine_launch(fill_params(), nullptr, x));
  use([](rt::MapperConfig& c) { c.threads = 1; });  // waits for the launch, restarts workers
  EXPECT_EQ(Runtime::get().num_workers(), 1);
  EXPECT_EQ(Runtime::get().tasks_in_flight(), 0);
  EXPECT_EQ(read_all(x)[29], 29000);
}

class RuntimeAllocator : public RuntimeTest {};

TEST_F(RuntimeAllocator, CachesFreedBlocks) {
  rt::trim_host_cache();
  EXPECT_EQ(rt::host_cache_bytes(), 0u);
  void* p = rt::allocate_host(1000, "test");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  rt::release_host(p, 1000);
  EXPECT_EQ(rt::host_cache_bytes(), 1024u);
  void* q = rt::allocate_host(1000, "test");
  EXPECT_EQ(q, p) << "same-size block is reused";
  EXPECT_EQ(rt::host_cache_bytes(), 0u);
  rt::release_host(q, 1000);
  rt::trim_host_cache();
  EXPECT_EQ(rt::host_cache_bytes(), 0u);
  EXPECT_THROW(rt::allocate_host(size_t(1) << 50, "a test block"), rt::OutOfMemory);
}

TEST_F(RuntimeAllocator, LargeBlocksStartOnHugePages) {
  rt::trim_host_cache();
  constexpr size_t kHuge = size_t(2) << 20;
  size_t bytes = (size_t(5) << 20) + 3;  // 5 MiB and a bit: rounds up to 6 MiB
  void* p = rt::allocate_host(bytes, "test");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kHuge, 0u);
  rt::release_host(p, bytes);
  EXPECT_EQ(rt::host_cache_bytes(), 3 * kHuge);
  rt::trim_host_cache();
}

}  // namespace
}  // namespace tessera::rttest
