// Errors raised inside deferred tasks: rethrown at the next wait as TaskError / OutOfMemory,
// successors skipped, and the runtime usable afterwards.
#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeErrors : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    deferred(4);
    g_affine_bodies = 0;
  }
};

/// Throws from point `scalars<int>()` (or from every point for -1) after a short sleep.
void throwing_body(TaskContext& ctx) {
  sleep_us(2000);
  int which = ctx.scalars<int>();
  if (which < 0 || which == ctx.point) throw std::runtime_error("boom from point " +
                                                              std::to_string(ctx.point));
  // Otherwise behave like a fill of arg 0.
  for (int64_t r = ctx.lo; r < ctx.hi; ++r) *arg_at(ctx, 0, r, 0) = r;
}
const rt::TaskVariants kThrowing{"test_throwing_task", &throwing_body, nullptr};

rt::Launch throwing_launch(const Store& out, int which, const Store* in = nullptr) {
  rt::Launch l;
  l.task = &kThrowing;
  l.domain = out.shape;
  l.args.push_back(LaunchArg{out, Privilege::Write, Slicing::Aligned});
  if (in) l.args.push_back(LaunchArg{*in, Privilege::Read, Slicing::Aligned});
  l.scalars.set(which);
  return l;
}

Params copy_params() {
  Params p;
  p.mode = Mode::Affine;
  return p;
}

TEST_F(RuntimeErrors, DeferredThrowSurfacesAtSyncAsTaskErrorNamingTheTask) {
  auto& rt = Runtime::get();
  Store x = i64({16});
  EXPECT_NO_THROW(rt.launch(throwing_launch(x, 1)));
  try {
    rt.sync();
    FAIL() << "sync did not rethrow the task's error";
  } catch (const rt::TaskError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("test_throwing_task"), std::string::npos) << msg;
    EXPECT_NE(msg.find("boom from point 1"), std::string::npos) << msg;
  }
  // The error is reported once.
  EXPECT_NO_THROW(rt.sync());
}

TEST_F(RuntimeErrors, DeferredThrowSurfacesAtHostRead) {
  auto& rt = Runtime::get();
  Store x = i64({16});
  rt.launch(throwing_launch(x, -1));
  EXPECT_THROW(rt.host_read(x), rt::TaskError);
  EXPECT_NO_THROW(rt.sync());
}

TEST_F(RuntimeErrors, SuccessorsOfFailingTaskDoNotRun) {
  auto& rt = Runtime::get();
  Store x = i64({16}), y = i64({16}), z = i64({16});
  rt.launch(throwing_launch(x, -1));                 // every point fails
  rt.launch(affine_launch(copy_params(), &x, y));    // reads x: RAW successor
  rt.launch(affine_launch(copy_params(), &y, z));    // transitively dependent
  EXPECT_THROW(rt.sync(), rt::TaskError);
  EXPECT_EQ(g_affine_bodies.load(), 0) << "a successor of a failed task ran its body";
}

TEST_F(RuntimeErrors, SuccessorOfSeveralFailedPointsIsSkippedOnce) {
  // Several failing predecessors finish concurrently and all mark the same successor.
  auto& rt = Runtime::get();
  for (int round = 0; round < 5; ++round) {
    Store x = i64({16}), y = i64({16});
    rt.launch(throwing_launch(x, -1));  // 4 failing points
    rt::Launch l = affine_launch(copy_params(), &x, y);
    l.max_points = 1;                   // one point that depends on all four
    rt.launch(std::move(l));
    rt.launch(affine_launch(copy_params(), &x, y));  // and four more
    EXPECT_THROW(rt.sync(), rt::TaskError);
    EXPECT_NO_THROW(rt.sync());
  }
  EXPECT_EQ(g_affine_bodies.load(), 0);
}

TEST_F(RuntimeErrors, OnlyDependentsOfTheFailedPointAreSkipped) {
  auto& rt = Runtime::get();
  Store x = i64({16}), y = i64({16}), other = i64({16});
  rt.launch(throwing_launch(x, 0));                 // only point 0 (rows 0..3) fails
  rt.launch(affine_launch(copy_params(), &x, y));   // its point 0 depends on the failed tile
  Params f;
  f.mode = Mode::Fill;
  rt.launch(affine_launch(f, nullptr, other));      // independent
  EXPECT_THROW(rt.sync(), rt::TaskError);
  // Independent work ran: 4 points of the fill and the 3 copy points on good tiles.
  EXPECT_EQ(g_affine_bodies.load(), 4 + 3);
  std::vector<int64_t> want;
  for (int i = 0; i < 16; ++i) want.push_back(1000 * i);
  EXPECT_EQ(read_all(other), want);
}

TEST_F(RuntimeErrors, RuntimeWorksAfterAnError) {
  auto& rt = Runtime::get();
  Store x = i64({16});
  rt.launch(throwing_launch(x, 2));
  EXPECT_THROW(rt.sync(), rt::TaskError);
  // Fresh stores: correct results.
  Model m;
  Store a = m.add_root({16, 2}, 1), b = m.add_root({16, 2}, 2);
  Params p = copy_params();
  p.a = 5;
  m.launch(p, &a, b);
  Store br = reversed(b);
  Store c = m.add_root({16, 2}, 3);
  m.launch(p, &br, c);
  EXPECT_EQ(m.check("after error"), 0);
  EXPECT_NO_THROW(rt.sync());
  EXPECT_EQ(rt.tasks_in_flight(), 0);
}

TEST_F(RuntimeErrors, StoreIsWritableAgainAfterItsWriterFailed) {
  // After the failure has been reported, a new launch that overwrites the failed store (Write:
  // it does not read the lost data) must run, and its result must be visible.
  auto& rt = Runtime::get();
  Store x = i64({16});
  rt.launch(throwing_launch(x, -1));
  EXPECT_THROW(rt.sync(), rt::TaskError);
  Params f;
  f.mode = Mode::Fill;
  f.b = 3;
  rt.launch(affine_launch(f, nullptr, x));
  std::vector<int64_t> want;
  for (int i = 0; i < 16; ++i) want.push_back(1000 * i + 3);
  std::vector<int64_t> got;
  EXPECT_NO_THROW(got = read_all(x));
  EXPECT_EQ(got, want) << "the new writer of x was silently skipped";
  EXPECT_EQ(g_affine_bodies.load(), 4);
}

TEST_F(RuntimeErrors, InputOfFailedTaskIsWritableAgain) {
  // The failing task only *read* `in`; a later writer of `in` has a write-after-read edge to it,
  // which must not carry the failure.
  auto& rt = Runtime::get();
  Store in = i64({16}), out = i64({16});
  write_all(in, std::vector<int64_t>(16, 1));
  rt.launch(throwing_launch(out, -1, &in));
  EXPECT_THROW(rt.sync(), rt::TaskError);
  Params f;
  f.mode = Mode::Fill;
  rt.launch(affine_launch(f, nullptr, in));
  std::vector<int64_t> want;
  for (int i = 0; i < 16; ++i) want.push_back(1000 * i);
  std::vector<int64_t> got;
  EXPECT_NO_THROW(got = read_all(in));
  EXPECT_EQ(got, want) << "the writer of the failed task's input was silently skipped";
}

TEST_F(RuntimeErrors, ReaderOfFailedStoreAfterReportIsNotSilentlySkipped) {
  // Reading a store whose writer failed, after the error was reported, must either run on the
  // store's current bytes (NumPy leaves a failed in-place result partially written) or raise;
  // it must not silently skip its body and let host_read return never-written bytes.
  auto& rt = Runtime::get();
  Store x = i64({16}), y = i64({16});
  rt.launch(throwing_launch(x, -1));
  EXPECT_THROW(rt.sync(), rt::TaskError);
  rt.launch(affine_launch(copy_params(), &x, y));
  bool raised = false;
  try {
    read_all(y);
  } catch (const rt::TaskError&) {
    raised = true;
  }
  EXPECT_TRUE(raised || g_affine_bodies.load() == 4)
      << "reader skipped without an error (" << g_affine_bodies.load() << " bodies ran)";
}

TEST_F(RuntimeErrors, AllocationFailureSurfacesAsOutOfMemory) {
  auto& rt = Runtime::get();
  // 2^47 int64 elements = 2^50 bytes (1 PiB): more than any address space will give.
  Store huge = rt::make_store(Dims{int64_t(1) << 47}, DType::Int64);
  Params f;
  f.mode = Mode::Fill;
  EXPECT_NO_THROW(rt.launch(affine_launch(f, nullptr, huge)));
  try {
    rt.sync();
    FAIL() << "no OutOfMemory";
  } catch (const rt::OutOfMemory& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("1125899906842624"), std::string::npos) << msg;
    EXPECT_NE(msg.find("test_affine"), std::string::npos) << msg;
  }
  EXPECT_EQ(g_affine_bodies.load(), 0);
  // Still usable.
  Store x = i64({8});
  rt.launch(affine_launch(f, nullptr, x));
  std::vector<int64_t> want;
  for (int i = 0; i < 8; ++i) want.push_back(1000 * i);
  EXPECT_EQ(read_all(x), want);
}

TEST_F(RuntimeErrors, EagerThrowRaisesFromLaunch) {
  use([](rt::MapperConfig& c) { c.eager = rt::EagerMode::Always; });
  auto& rt = Runtime::get();
  Store x = i64({16});
  EXPECT_THROW(rt.launch(throwing_launch(x, -1)), rt::TaskError);
  EXPECT_NO_THROW(rt.sync());
  Params f;
  f.mode = Mode::Fill;
  rt.launch(affine_launch(f, nullptr, x));
  EXPECT_EQ(read_all(x)[3], 3000);
}

}  // namespace
}  // namespace tessera::rttest
