// Executors: Serial and OpenMP visit every element once; OpenMP really uses several threads, also
// when a launch is mapped to the OpenMP processor.
#if defined(TESSERA_HAVE_OPENMP)
#include <omp.h>
#endif

#include <algorithm>
#include <mutex>
#include <set>

#include "runtime_helpers.h"
#include "tessera/exec/executor.h"

namespace tessera::rttest {
namespace {

exec::StridedSpace space_1d(std::vector<int64_t>& v) {
  exec::StridedSpace s;
  s.shape = Dims{static_cast<int64_t>(v.size())};
  s.nops = 1;
  s.base[0] = reinterpret_cast<char*>(v.data());
  s.strides[0] = Dims{8};
  s.coalesce();
  return s;
}

TEST(RuntimeExecutors, SerialVisitsEveryElementOnce) {
  std::vector<int64_t> v(1000, 0);
  exec::StridedSpace s = space_1d(v);
  int runs = 0;
  exec::Serial::for_each_run(s, 64, [&](int64_t n, char** p, const int64_t* st) {
    ++runs;
    for (int64_t i = 0; i < n; ++i) ++*reinterpret_cast<int64_t*>(p[0] + i * st[0]);
  });
  EXPECT_EQ(runs, (1000 + 63) / 64);
  EXPECT_EQ(v, std::vector<int64_t>(1000, 1));
}

TEST(RuntimeExecutors, CoalesceMergesContiguousDims) {
  // A (4, 5, 6) C-contiguous operand and a reversed-rows one: only the last two dims merge.
  exec::StridedSpace s;
  s.shape = Dims{4, 5, 6};
  s.nops = 2;
  s.strides[0] = Dims{240, 48, 8};
  s.strides[1] = Dims{-240, 48, 8};
  s.coalesce();
  EXPECT_EQ(s.shape, (Dims{4, 30}));
  EXPECT_EQ(s.strides[1], (Dims{-240, 8}));
  exec::StridedSpace one;
  one.shape = Dims{1, 1};
  one.nops = 1;
  one.strides[0] = Dims{8, 8};
  one.coalesce();
  EXPECT_EQ(one.shape, (Dims{1}));
}

#if defined(TESSERA_HAVE_OPENMP)
TEST(RuntimeExecutors, OpenMPUsesMoreThanOneThread) {
  if (omp_get_num_procs() < 2 || exec::OpenMP::threads() < 2) {
    GTEST_SKIP() << "only one core for OpenMP";
  }
  std::vector<int64_t> v(1 << 20, 0);
  exec::StridedSpace s = space_1d(v);
  std::mutex mu;
  std::set<int> ids;
  exec::OpenMP::for_each_run(s, 1024, [&](int64_t n, char** p, const int64_t* st) {
    {
      std::lock_guard lock(mu);
      ids.insert(omp_get_thread_num());
    }
    for (int64_t i = 0; i < n; ++i) ++*reinterpret_cast<int64_t*>(p[0] + i * st[0]);
  });
  EXPECT_GT(ids.size(), 1u);
  EXPECT_EQ(std::count(v.begin(), v.end(), 1), static_cast<long>(v.size()));
}

std::mutex g_ids_mu;
std::set<int> g_ids;
std::atomic<int> g_openmp_bodies{0}, g_serial_bodies{0};

template <class Exec>
void inc_body(TaskContext& ctx) {
  (std::is_same_v<Exec, exec::Serial> ? g_serial_bodies : g_openmp_bodies).fetch_add(1);
  exec::StridedSpace s;
  s.shape = Dims{ctx.rows()};
  s.nops = 1;
  s.base[0] = ctx.base[0];
  s.strides[0] = Dims{ctx.store(0).strides[0]};
  s.coalesce();
  Exec::for_each_run(s, 256, [&](int64_t n, char** p, const int64_t* st) {
    if constexpr (!std::is_same_v<Exec, exec::Serial>) {
      std::lock_guard lock(g_ids_mu);
      g_ids.insert(omp_get_thread_num());
    }
    for (int64_t i = 0; i < n; ++i) ++*reinterpret_cast<int64_t*>(p[0] + i * st[0]);
  });
}
const rt::TaskVariants kInc{"test_inc", &inc_body<exec::Serial>, &inc_body<exec::OpenMP>};

class RuntimeOpenMP : public RuntimeTest {};

TEST_F(RuntimeOpenMP, OpenMPProcessorRunsOpenMPVariant) {
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Never;
    c.tiles = 2;
    c.processor = rt::Processor::OpenMP;
  });
  g_ids.clear();
  g_openmp_bodies = 0;
  g_serial_bodies = 0;
  auto& rt = Runtime::get();
  Store x = i64({1 << 18});
  write_all(x, std::vector<int64_t>(1 << 18, 5));
  for (int i = 0; i < 3; ++i) {
    rt::Launch l;
    l.task = &kInc;
    l.domain = x.shape;
    l.args.push_back(LaunchArg{x, Privilege::ReadWrite, Slicing::Aligned});
    rt.launch(std::move(l));
  }
  std::vector<int64_t> got = read_all(x);
  EXPECT_EQ(std::count(got.begin(), got.end(), 8), static_cast<long>(got.size()));
  EXPECT_EQ(g_openmp_bodies.load(), 6);
  EXPECT_EQ(g_serial_bodies.load(), 0);
  if (omp_get_num_procs() >= 2 && exec::OpenMP::threads() >= 2) {
    EXPECT_GT(g_ids.size(), 1u) << "OpenMP variant ran on one thread";
  }
}

TEST_F(RuntimeOpenMP, OmpThreadsKnobIsHonouredAtRunTime) {
  // MapperConfig::omp_threads is documented as the OpenMP group size, settable at run time.
  if (omp_get_num_procs() < 2) GTEST_SKIP() << "only one core";
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Never;
    c.tiles = 1;
    c.processor = rt::Processor::OpenMP;
    c.omp_threads = 1;
  });
  g_ids.clear();
  auto& rt = Runtime::get();
  Store x = i64({1 << 18});
  write_all(x, std::vector<int64_t>(1 << 18, 0));
  rt::Launch l;
  l.task = &kInc;
  l.domain = x.shape;
  l.args.push_back(LaunchArg{x, Privilege::ReadWrite, Slicing::Aligned});
  rt.launch(std::move(l));
  rt.sync();
  EXPECT_EQ(g_ids.size(), 1u) << "configure(omp_threads = 1) had no effect on the OpenMP group";
}

#endif  // TESSERA_HAVE_OPENMP

}  // namespace
}  // namespace tessera::rttest
